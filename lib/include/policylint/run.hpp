#pragma once
// One run of policylint as a library call: inputs are discovered, read and
// linted (on a pool of threads, results in input order), then each file's
// findings pass, in this order, through severity overrides, suppressions,
// the baseline and fixes (only for findings still reported); last, the
// suppressions and baseline entries that matched nothing become findings
// of their own (config/unused-suppression, baseline/unused-entry).
// Nothing here prints: what a front end shows is in the result, and progress
// goes to an optional log callback.
#include <cstddef>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "policylint/config.hpp"
#include "policylint/engine.hpp"
#include "policylint/setup.hpp"

namespace policylint {

// A request that cannot be carried out (an unreadable baseline, a previous
// version that does not parse, --previous with several files). The message is
// in plain words; a front end adds how to correct the call.
struct RunError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

enum class LogLevel { Debug, Info, Warning };
using LogFn = std::function<void(LogLevel, const std::string&)>;

struct RunOptions {
  LintOptions lint;  // the rules, severities, limits and settings of the run
  // Kind and scenario given for the whole run beat the configuration's
  // per-path overrides (lint.kind / lint.settings.scenario hold them).
  bool kind_given = false;
  bool scenario_given = false;

  std::vector<std::string> paths;    // files, directories, "-" for standard input
  std::vector<std::string> include;  // globs of files picked up below a directory; empty = the defaults
  std::vector<std::string> exclude;  // globs skipped, added to the default exclusions
  bool force_exclude = false;        // exclude globs apply to files named in paths too
  unsigned jobs = 0;                 // worker threads; 0 = the number of hardware threads

  bool fix = false;           // write safe fixes of the findings still reported, atomically
  bool unsafe_fixes = false;  // with fix: also fixes marked unsafe

  std::string previous_file;  // the previous version of the one bucket policy linted
  std::string compare_ref;    // git revision holding the previous version of every file

  std::string baseline_path;  // findings this baseline records are not reported
  // policylint's own outputs (the report file, a baseline being written): a
  // directory walk passes over them, as over the baseline and any
  // .policylint.json; named on the command line, they are linted.
  std::vector<std::string> own_files;

  // When set, each report is handed here, in the order RunResult::reports
  // would hold it, as soon as nothing later in the run can change it, and is
  // not kept: the run's memory is bounded by its largest file, not by the
  // tree. A report that may still gain setup findings (a file with embedded
  // documents: Terraform, ROS templates, plans; every file when the run has
  // Terraform modules or the configuration declares setups) waits for the
  // setup proof, and so does every report after it.
  std::function<void(FileReport&&)> on_report;

  // The least level the log callback takes: a message below it is not made
  // (a run says a debug line for each file and each document).
  LogLevel log_level = LogLevel::Debug;
};

// What fixing did to one file.
struct FixOutcome {
  std::string path;
  std::size_t applied = 0;  // fixes written to the file
  std::size_t fixable = 0;  // findings that carried a fix (before fixing)
  std::string reason;       // why the others were not applied; empty when all were
};

struct RunResult {
  // One report per input file in input order, then the configuration and
  // baseline files when an unused entry was found in them (input = false).
  // Empty when RunOptions::on_report took them.
  std::vector<FileReport> reports;
  // Inputs and directories that could not be read ("path: why"); any makes
  // the run fail with a usage/input status.
  std::vector<std::string> errors;
  std::vector<FixOutcome> fixes;
  std::size_t files = 0;      // input files linted
  std::size_t documents = 0;  // policy documents found in them
  // Every setup found (Terraform modules, ROS templates, the configuration's
  // "setups") and the answer of each step of its proof; broken links are
  // also findings (setup/*) in the reports.
  std::vector<setup::SetupResult> setups;
};

// The default include globs (every format policylint reads) and exclusions.
const std::vector<std::string>& default_includes();
const std::vector<std::string>& default_excludes();

// Runs policylint. config is the parsed configuration (empty when there is
// none); its rule settings must already be applied to options.lint (see
// apply_config). Throws RunError for a request that cannot be carried out.
RunResult run(const RunOptions& options, const Config& config, const LogFn& log = {});

// Writes text to path atomically: a temporary file beside it, then rename.
// Keeps the file's permissions. Returns false with a message on failure.
// The error is written in lang.
bool write_file_atomic(const std::string& path, const std::string& text, std::string& error, Lang lang = Lang::En);

}  // namespace policylint
