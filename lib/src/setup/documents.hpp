#pragma once
// The policy documents a setup refers to, loaded for evaluation: each file is
// read once (whatever its format: a policy file, a Terraform module, a plan,
// a ROS template in JSON or YAML), each document parsed into the policy
// model, with a map from the document's own offsets back to the file's bytes
// so that a finding of the proof lands where the user edits.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "policylint/json.hpp"
#include "policylint/policy.hpp"
#include "policylint/source.hpp"

namespace policylint::input {
class TerraformModule;
}

namespace policylint::setup {

struct LoadedFile;

// Reads a whole file of at most max_bytes (a larger one is not read: false).
bool read_file(const std::string& path, std::uint64_t max_bytes, std::string& out);

struct LoadedDocument {
  const LoadedFile* file = nullptr;  // null: a system policy
  std::string context;
  bool unknown_parts = false;  // parts not known offline (`${var.x}`, `Ref`): a missing grant may be there
  Policy policy;               // nodes live in `tree` (own text) or in the file's tree
  // Offsets of the text the policy's nodes are spans of, as file offsets.
  Span to_file(Span s) const;

  std::string text;                                   // the document's own text (empty: a node of the file's tree)
  std::unique_ptr<json::Document> tree;               // that text, parsed
  std::vector<std::uint32_t> offsets;                 // own text byte -> offset in the tree text below
  const std::vector<std::uint32_t>* layer = nullptr;  // tree text byte -> file offset (YAML); null: identity
};

struct LoadedFile {
  std::string path;
  Source source;
  bool readable = false;
  std::vector<std::unique_ptr<LoadedDocument>> documents;
  // The document with this context; an empty context picks the file's only
  // document (or its first). nullptr when none matches.
  const LoadedDocument* find(std::string_view context) const;

  std::unique_ptr<json::Document> tree;  // JSON and YAML files: the whole file's tree
  std::string yaml_json;                 // YAML: the JSON the tree was parsed from
  std::vector<std::uint32_t> yaml_offsets;
};

// Files loaded on demand, each once. Texts the run already holds can be
// handed over (no second read from disk).
class DocumentStore {
public:
  // lookup: the text of a file the run has already read, or null (then the
  // file is read from disk).
  using Lookup = std::function<const std::string*(const std::string& path)>;
  DocumentStore(json::Limits limits, Lookup lookup);
  ~DocumentStore();
  DocumentStore(const DocumentStore&) = delete;
  DocumentStore& operator=(const DocumentStore&) = delete;
  const LoadedFile& load(const std::string& path);

private:
  json::Limits limits_;
  Lookup lookup_;
  std::map<std::string, std::unique_ptr<LoadedFile>> files_;
  // The Terraform module of each directory a .tf file was loaded from, read
  // at the first such file: each file of a module loaded read and parsed
  // the whole directory again (200 setups, a file each: 2.3 s).
  std::map<std::string, std::unique_ptr<input::TerraformModule>> modules_;
};

}  // namespace policylint::setup
