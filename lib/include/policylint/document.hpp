#pragma once
// The extraction contract: every input format (a plain policy file, a policy
// inside a Terraform plan or state, a ROS template, Terraform HCL, YAML)
// becomes a list of policy documents. The engine lints each document the same
// way, whatever it came from, and maps every finding back to the file.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "policylint/finding.hpp"
#include "policylint/json.hpp"
#include "policylint/source.hpp"

namespace policylint {

// How a document is written in its file (reported in files[].documents[]).
enum class DocumentForm : std::uint8_t {
  Json,          // a policy file, or a policy object inside a JSON template
  String,        // JSON text inside a JSON string (Terraform plan/state, ROS)
  Heredoc,       // Terraform <<EOF / <<-EOF
  Jsonencode,    // Terraform jsonencode({...})
  File,          // Terraform file("...")
  Templatefile,  // Terraform templatefile("...", {...})
  DataSource,    // Terraform data "alicloud_ram_policy_document"
  Yaml,          // a policy object inside a YAML template
};

std::string_view to_string(DocumentForm f);

// One policy document found in an input file.
struct ExtractedDocument {
  std::optional<Kind> kind;  // from the container (resource type), when it tells
  std::string context;       // resource address / template path; empty for a plain policy file
  DocumentForm form = DocumentForm::Json;
  Span origin;  // where the document is written in the file (its first bytes)

  // Either the document is a node of the file's own JSON tree (spans are the
  // file's own) ...
  const json::Node* node = nullptr;
  // ... or it has JSON text of its own (decoded from a string, rebuilt from
  // HCL), with offsets[i] = the offset in the file of byte i of text, and
  // offsets.size() == text.size() + 1.
  std::string text;
  std::vector<std::uint32_t> offsets;

  // Parts whose value cannot be known offline (`${var.x}`, `Ref`, `Fn::Sub`),
  // in the document's own offsets: no finding is reported on them.
  std::vector<Span> opaque;
  // An edit inside the document maps one-to-one onto the file (false for
  // escaped strings and rebuilt documents: findings keep their fix as a hint).
  bool fixable = true;
};

// A problem the reader of an input format found (for example a syntax error
// in a .tf file), at a span of the file.
struct ReadProblem {
  std::string rule;  // e.g. "terraform/syntax-error"
  Span span;
  std::string message;
};

// Another file a document refers to (Terraform file("...")): linted as a
// policy file of its own, with the kind hint and the resource as context.
struct ReferencedFile {
  std::string path;  // as written, resolved against the referring file's directory
  std::optional<Kind> kind;
  std::string context;
  Span origin;  // the reference in the referring file
};

// What a reader makes of one input file.
struct Extraction {
  std::vector<ExtractedDocument> documents;
  std::vector<ReferencedFile> files;
  std::vector<ReadProblem> problems;
};

}  // namespace policylint
