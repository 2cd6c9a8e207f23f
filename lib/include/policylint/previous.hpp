#pragma once
// The previous version of a bucket policy, for bucket/statement-dropped and
// bucket/policy-replaces-existing (BKT-01): read from a file, or from git
// ("git show REF:path"). The run loads it beside the document it belongs to,
// on the worker that lints that document.
#include <memory>
#include <optional>
#include <string>

#include "policylint/i18n.hpp"
#include "policylint/json.hpp"
#include "policylint/policy.hpp"
#include "policylint/rule.hpp"
#include "policylint/source.hpp"

namespace policylint {

// A parsed previous version. Never moved after creation (the policy points
// into the document, the document into the source text): keep it behind the
// unique_ptr for as long as the new document is linted.
struct PreviousVersion {
  Source source;
  json::Document document;
  Policy policy;
  std::string label;  // how messages name it: the file, or "REF:path"
};

// What is known about the previous version of one file.
struct Previous {
  std::unique_ptr<PreviousVersion> version;  // null when absent or unusable
  bool absent = false;                       // the file does not exist at the compared revision
  std::string label;                         // for messages when absent
  std::string warning;                       // why no comparison is made (for the log); empty if none

  // Points settings at this previous version; settings must not outlive *this.
  void apply(Settings& settings) const;
};

// Reads and parses FILE as the previous version. An unreadable file or one
// that is not a policy gives an error message (in lang) instead.
std::optional<Previous> load_previous_file(const std::string& path, std::string& error, Lang lang = Lang::En);

// The version of file at the git revision ref, via "git show". A file outside
// a git work tree gives a Previous with only a warning; a file missing at ref
// gives absent = true. A ref that names no commit or tree is an error. The
// error and the warning are in lang.
std::optional<Previous> load_previous_at_ref(const std::string& file, const std::string& ref, std::string& error,
                                             Lang lang = Lang::En);

}  // namespace policylint
