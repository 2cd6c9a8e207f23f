#pragma once
// The command line of policylint: the option table, help text and the checks
// that turn words into RunOptions. No linting happens here.
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "policylint/config.hpp"
#include "policylint/run.hpp"

namespace policylint::cli {

// A call that cannot be carried out as written; exit status 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct CliOptions {
  // What to do instead of linting.
  bool help = false, version = false, list_rules = false, list_scenarios = false;
  std::string explain;
  std::string help_text;  // the option table, for --help
  // The language of --help: --lang when it names one, else the locale (known
  // before the option descriptions are built).
  Lang help_language = Lang::En;

  // Linting.
  std::string kind = "auto", format = "text", fail_on = "warning", output;
  bool fail_on_given = false;
  std::vector<std::string> enable, disable, select, severities, paths, includes, excludes;
  std::string account, scenario, previous_file, compare_ref;
  std::string config_path, baseline_path, write_baseline_path;
  bool no_config = false, fix = false, unsafe_fixes = false, force_exclude = false;
  bool no_color = false, quiet = false, verbose = false;
  unsigned max_depth = 0, jobs = 0;
  std::uint64_t max_bytes = 0;
  // --lang as written, and the language of the run: --lang, else the locale
  // (LC_ALL, LC_MESSAGES, LANG), else English.
  std::string lang;
  Lang language = Lang::En;
};

// Parses argv; throws UsageError for unknown options or bad values.
CliOptions parse_command_line(int argc, char** argv);

// The examples printed after the option table by --help, with the lines on
// the configuration after them.
std::string examples(Lang lang);
// The whole --help text: usage, the option table, exit statuses, examples, in
// c.help_language (rules/messages/cli.tsv).
std::string help(const CliOptions& c);

// The configuration file: --config, else .policylint.json in the current
// directory or the nearest parent. Empty when there is none (or --no-config).
std::string find_config(const CliOptions& cli);

// RunOptions from the command line and the configuration (its settings come
// first, the command line overrides them). Throws UsageError.
RunOptions make_run_options(const CliOptions& cli, const Config& config, std::optional<Severity>& fail_threshold);

}  // namespace policylint::cli
