#pragma once
// The project configuration (.policylint.json), path globs, suppressions and
// baselines. The configuration is parsed with policylint's own JSON reader, so
// every problem in it has a position. Nothing here prints or reads the
// console; the CLI decides what to do with the problems.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "policylint/engine.hpp"
#include "policylint/finding.hpp"
#include "policylint/setup.hpp"
#include "policylint/source.hpp"

namespace policylint {

// A problem in a configuration or baseline file, at a byte span of it.
struct ConfigProblem {
  Span span;
  std::string message;
};

// kind and scenario for the files matching one of `files`.
struct PathOverride {
  std::vector<std::string> files;  // globs, relative to the configuration's directory
  std::optional<Kind> kind;
  std::string scenario;
};

// A finding to hide: rule (or family) in files matching path, optionally only
// inside the JSON node at pointer (RFC 6901, in the file as written).
struct Suppression {
  std::string rule;
  std::string path;     // glob; "**" spans directories
  std::string pointer;  // empty: the whole file
  std::string reason;   // required
  Span span;            // where the entry is in the configuration
  std::size_t matched = 0;
};

struct Config {
  Source source;     // the configuration file (positions of problems, unused entries)
  std::string root;  // directory the globs are relative to ("" = current directory)
  // Rule id or family -> "off", "on", "error", "warning" or "note" (on, with that severity).
  std::vector<std::pair<std::string, std::string>> rules;
  std::optional<std::string> fail_on;  // error | warning | note | never
  std::vector<std::string> include;    // empty: the default, *.json
  std::vector<std::string> exclude;    // added to the default exclusions
  std::vector<PathOverride> overrides;
  std::map<std::string, std::string> accounts;  // name -> UID
  std::string account;                          // UID of "our" account (resolved from a name)
  std::vector<Suppression> suppressions;
  // Setups declared in "setups" (paths as written, relative to root).
  std::vector<setup::Setup> setups;
};

namespace setup {
// Reads the "setups" section (lib/src/setup/config_setups.cpp): each entry
// a Setup whose places are in the configuration file and whose document
// paths are resolved against config.root. Accounts may name entries of
// config.accounts.
std::vector<Setup> read_config_setups(const json::Node& section, const Config& config,
                                      std::vector<ConfigProblem>& problems);
}  // namespace setup

// Parses a configuration. Unknown keys, wrong types and bad values are
// problems with their span; the returned Config holds what was valid.
// Problems are written in lang (rules/messages/configuration.tsv).
Config parse_config(std::string path, std::string text, std::vector<ConfigProblem>& problems, Lang lang = Lang::En);

// Applies the configuration's rule settings and account to lint options.
void apply_config(const Config& config, LintOptions& options);

// Glob match: '*' and '?' stay within one path segment, "**" matches any
// number of segments, "[abc]" a character class. A pattern without '/'
// matches the last segment (file or directory name) anywhere; one with '/' is
// anchored at the root. path uses '/' separators and has no leading "./".
bool glob_match(std::string_view pattern, std::string_view path);

// path relative to root (both as given or absolute), lexically normalised,
// with '/' separators; a path outside root starts with "../".
std::string relative_path(std::string_view path, std::string_view root);

// Removes suppressed findings from reports (counting matches on the
// suppressions); paths are matched relative to config.root.
void apply_suppressions(Config& config, std::vector<FileReport>& reports);
// The same for one report; count = false leaves the match counts alone (a
// file linted again after fixing).
void apply_suppressions(Config& config, FileReport& report, bool count = true);

// A baseline: findings accepted as they were, matched on rule, path and the
// offending text (finding_value), never on line numbers.
struct BaselineEntry {
  std::string rule, path, value;
  std::size_t count = 1;
  std::size_t matched = 0;
  std::string message;  // for readers of the file
  Span span;            // the entry in the baseline file
};

// The baseline JSON text of the findings in reports (paths relative to root).
std::string make_baseline(const std::vector<FileReport>& reports, std::string_view root);
// Parses a baseline file; problems have spans into text.
std::vector<BaselineEntry> parse_baseline(std::string_view text, std::vector<ConfigProblem>& problems);
// The same with its problems written in lang.
std::vector<BaselineEntry> parse_baseline(std::string_view text, std::vector<ConfigProblem>& problems, Lang lang);
// Removes findings the baseline accepts (up to each entry's count).
void apply_baseline(std::vector<BaselineEntry>& baseline, std::vector<FileReport>& reports, std::string_view root);
void apply_baseline(std::vector<BaselineEntry>& baseline, FileReport& report, std::string_view root);

}  // namespace policylint
