#pragma once
// Runs every enabled rule over a buffer and returns findings with positions.
#include <array>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "policylint/document.hpp"
#include "policylint/finding.hpp"
#include "policylint/json.hpp"
#include "policylint/rule.hpp"
#include "policylint/source.hpp"

namespace policylint {

struct LintOptions {
  std::optional<Kind> kind;                               // forced kind; nullopt = infer
  std::set<std::string> select;                           // when non-empty, only these rules run
  std::set<std::string> enable;                           // rules turned on (all are on by default)
  std::set<std::string> disable;                          // rules turned off
  std::map<std::string, Severity, std::less<>> severity;  // per-rule severity overrides
  json::Limits limits;
  Settings settings;
};

// One policy document linted in a file (files[].documents[] in JSON output).
struct DocumentInfo {
  std::string context;  // resource address; empty for a plain policy file
  std::optional<Kind> kind;
  bool kind_inferred = true;
  DocumentForm form = DocumentForm::Json;
  Position start;  // where the document is written in the file
};

// The result of linting one file (or one standard-input buffer).
struct FileReport {
  std::string path;
  Source source;
  std::optional<Kind> kind;  // of the (first) policy document; nullopt if none
  bool kind_inferred = true;
  bool is_policy = true;                // false: JSON that holds no policy (skipped quietly)
  std::vector<Finding> findings;        // sorted by position, then rule
  std::vector<DocumentInfo> documents;  // in file order
  bool input = true;                    // false: the configuration or baseline file, reported for an unused entry
  // Files the documents refer to (Terraform file(), templatefile()), resolved
  // against this file's directory; the run lints them with the hint.
  std::vector<ReferencedFile> references;
};

struct Previous;
namespace input {
class TerraformModule;
}

// How an input file is read, from its name.
enum class InputFormat : std::uint8_t { Json, Terraform, TerraformJson, Yaml, Template };
// *.tf, *.tf.json, *.yaml / *.yml, else JSON (standard input too).
InputFormat format_of(std::string_view path);

// What the run knows beside the text of the file being linted.
struct Neighbours {
  const Previous* previous = nullptr;              // previous version of a bucket policy
  const input::TerraformModule* module = nullptr;  // the .tf files of the file's directory
  // A file another file refers to (Terraform file() / templatefile()).
  std::optional<Kind> kind;
  std::string context;
  std::optional<DocumentForm> form;  // File or Templatefile
};

class Linter {
public:
  explicit Linter(LintOptions options);

  // Lints one buffer: every policy document in it (a policy file, policies
  // embedded in a Terraform plan or a ROS template), whatever its form.
  // previous: the previous version of a bucket policy, when one is compared.
  // Never throws for bad input.
  FileReport lint(std::string path, std::string text, const Neighbours& neighbours = {}) const;

  bool rule_enabled(std::string_view id) const;
  const LintOptions& options() const { return options_; }

  // The check functions to run on a document of kind k (each once, in id
  // order), and whether a rule id (or alias) reports on that kind: computed
  // once per linter, not per document.
  const std::vector<CheckFn>& checks(Kind k) const { return checks_[static_cast<std::size_t>(k)]; }
  bool reports(std::string_view id, Kind k) const;

private:
  // Do the options turn the rule on (meta: its page, or null for an id without one)?
  bool compute_enabled(const RuleMeta* meta, std::string_view id) const;
  // Kinds a rule id (or alias) is enabled for (0: disabled; every kind for an id without a page).
  KindMask enabled_kinds(std::string_view id) const;

  LintOptions options_;
  std::array<std::vector<CheckFn>, kKindCount> checks_;
  // Per rule page (positions in rule_metadata()): the kinds it is enabled for (0: disabled).
  std::vector<KindMask> enabled_;
  // Is rule_enabled true of every id (no rule selected or disabled, and
  // every page names a kind)?
  bool all_enabled_ = false;
};

// Applies the fixes of findings to text: edits are applied from the end, an
// edit overlapping an earlier-chosen one is skipped. Unsafe fixes only when
// include_unsafe. Returns the new text and the number of fixes applied.
std::pair<std::string, std::size_t> apply_fixes(const std::string& text, const std::vector<Finding>& findings,
                                                bool include_unsafe);

}  // namespace policylint
