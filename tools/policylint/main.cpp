// policylint command line: options, logging, printing and the exit status;
// the run itself is the library's (policylint/run.hpp).
// Exit status: 0 = nothing at or above --fail-on, 1 = findings at or above it,
// 2 = usage error or an input that could not be read.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>

#include "options.hpp"
#include "policylint/atomic_file.hpp"
#include "policylint/config.hpp"
#include "policylint/parallel.hpp"
#include "policylint/report.hpp"
#include "policylint/run.hpp"
#include "policylint/scenario.hpp"
#include "policylint/version.hpp"

using namespace policylint;
using cli::UsageError;

namespace {

constexpr int kExitClean = 0, kExitFindings = 1, kExitUsage = 2;

// The language of the run's own messages before the options are known:
// the locale's (set again from --lang once it is parsed).
Lang g_lang = lang_from_environment();

std::string say(const Message& m) { return render(m, g_lang); }

// --explain: a rule's page, or the rules of a family (in the run's language
// when the page is translated, else in English).
int explain(const std::string& id) {
  if (const RuleMeta* m = find_rule(id)) {
    std::cout << rule_page(*m, g_lang);
    return kExitClean;
  }
  bool any = false;
  for (const auto& m : rule_metadata())
    if (m.id.rfind(id + "/", 0) == 0) {
      if (!any) std::cout << say(msg("cli.family-rules", {{"family", id}})) << "\n";
      std::cout << "  " << m.id << "  " << to_string(m.severity) << "  " << rule_summary(m, g_lang) << "\n";
      any = true;
    }
  if (!any) throw UsageError(say(msg("cli.unknown-rule-or-family", {{"id", id}})));
  return kExitClean;
}

// Reads and parses the configuration; its problems are printed with positions.
std::optional<Config> load_config(const std::string& path, spdlog::logger& log) {
  Config config;
  if (path.empty()) return config;
  ReadResult read = read_input(path, std::uint64_t{1} << 20, g_lang);
  if (!read.ok || read.too_large)
    throw UsageError(say(msg("cli.config-unreadable",
                             {{"path", path}, {"reason", read.ok ? say(msg("cli.larger-than-1mib")) : read.error}})));
  std::vector<ConfigProblem> problems;
  config = parse_config(path, std::move(read.text), problems, g_lang);
  for (const auto& p : problems) {
    Position pos = config.source.position(p.span.begin);
    std::cerr << valid_utf8(path) << ':' << pos.line << ':' << pos.column << ": error: " << valid_utf8(p.message)
              << " [config]\n";
  }
  if (!problems.empty()) return std::nullopt;
  log.debug("configuration {}", path);
  return config;
}

ReportOptions report_options(const cli::CliOptions& c) {
  ReportOptions ro;
  ro.tool_version = POLICYLINT_VERSION;
  ro.color = c.output.empty() && !c.no_color && std::getenv("NO_COLOR") == nullptr && ::isatty(1);
  ro.show_source = !c.quiet;
  ro.summary = !c.quiet;
  ro.lang = c.language;
  return ro;
}

int run(int argc, char** argv) {
  cli::CliOptions c = cli::parse_command_line(argc, argv);
  g_lang = c.language;
  if (c.help) {
    std::cout << cli::help(c);
    return kExitClean;
  }
  if (c.version) {
    std::cout << "policylint " << POLICYLINT_VERSION << "\n";
    return kExitClean;
  }
  auto logger = spdlog::stderr_color_mt("policylint");
  logger->set_pattern("policylint: %l: %v");
  logger->set_level(c.verbose ? spdlog::level::debug : spdlog::level::warn);
  if (c.list_rules) {
    for (const auto& m : rule_metadata()) {
      std::cout << m.id << "  " << to_string(m.severity);
      if (m.severity_when_uncertain)
        std::cout << " " << say(msg("cli.when-uncertain", {{"severity", to_string(*m.severity_when_uncertain)}}));
      std::cout << "  " << rule_summary(m, g_lang) << "\n";
    }
    return kExitClean;
  }
  if (c.list_scenarios) {
    for (const auto& s : scenarios()) {
      // The description in the run's language (scenario.<name>), else the data file's.
      std::string description = say(msg("scenario." + s.name));
      if (description == "scenario." + s.name) description = s.description;
      std::cout << s.name << "  " << to_string(s.kind) << "  " << description << "\n";
    }
    return kExitClean;
  }
  if (!c.explain.empty()) return explain(c.explain);
  std::optional<Format> format = parse_format(c.format);
  if (!format) throw UsageError(say(msg("cli.format", {{"value", c.format}})));

  const std::string config_path = cli::find_config(c);
  std::optional<Config> config = load_config(config_path, *logger);
  if (!config) return kExitUsage;
  std::optional<Severity> threshold;
  RunOptions options = cli::make_run_options(c, *config, threshold);
  if (!c.write_baseline_path.empty()) options.baseline_path.clear();
  for (const std::string& own : {c.output, c.write_baseline_path, config_path})
    if (!own.empty()) options.own_files.push_back(own);

  // The report is written file by file as the run delivers them (memory
  // bounded by the largest file), except when something must come first or
  // the run must not be cut short by a reader that stops early: --verbose
  // (its log, then the setup summary), --fix (every file is fixed whatever
  // becomes of the output) and --write-baseline.
  bool stream = c.write_baseline_path.empty() && !c.verbose && !c.fix;
  std::optional<AtomicFile> file_out;
  if (!c.output.empty()) {
    file_out.emplace(c.output);
    // A file that cannot be written is said before the run.
    if (!file_out->writable()) throw UsageError(say(msg("cli.output-unwritable", {{"path", c.output}})));
  }
  std::unique_ptr<ReportWriter> writer;
  bool over_threshold = false;
  auto open_output = [&]() -> std::ostream& {
    if (!file_out) return std::cout;
    std::ostream* s = file_out->stream();
    if (s == nullptr) throw UsageError(say(msg("cli.output-unwritable", {{"path", c.output}})));
    return *s;
  };
  auto deliver = [&](FileReport&& r) {
    if (!writer) writer = make_report_writer(*format, open_output(), report_options(c));
    if (threshold)
      for (const auto& f : r.findings)
        if (f.severity >= *threshold) over_threshold = true;
    writer->add(std::move(r));
  };
  if (stream) options.on_report = deliver;

  RunResult result;
  try {
    result = policylint::run(options, *config, [&](LogLevel level, const std::string& message) {
      logger->log(level == LogLevel::Debug  ? spdlog::level::debug
                  : level == LogLevel::Info ? spdlog::level::info
                                            : spdlog::level::warn,
                  valid_utf8(message));
    });
  } catch (const RunError& e) {
    // Say which option the library's words are about.
    std::string what = e.what();
    if (!c.previous_file.empty() && what.find('\n') == std::string::npos) what = "--previous: " + what;
    if (!c.compare_ref.empty() && what.find('\n') == std::string::npos) what = "--compare-ref: " + what;
    throw UsageError(what);
  }
  int status = kExitClean;
  for (const auto& e : result.errors) {
    std::cerr << "policylint: " << valid_utf8(e) << "\n";
    status = kExitUsage;
  }
  if (!c.quiet)
    for (const auto& f : result.fixes) {
      std::string line = say(msg("cli.fixed", {{"applied", f.applied}, {"fixable", f.fixable}, {"path", f.path}}));
      if (!f.reason.empty()) line = say(msg("cli.with-reason", {{"message", line}, {"reason", f.reason}}));
      std::cerr << "policylint: " << valid_utf8(line) << "\n";
    }
  if (result.files > 0 && result.documents == 0 && result.errors.empty() && !c.quiet)
    std::cerr << "policylint: " << say(msg("cli.no-document", {{"files", result.files}})) << "\n";

  if (!c.write_baseline_path.empty()) {
    std::vector<FileReport> inputs;
    for (auto& r : result.reports)
      if (r.input) inputs.push_back(std::move(r));
    std::string error;
    if (!write_file_atomic(c.write_baseline_path, make_baseline(inputs, config->root), error, c.language))
      throw UsageError(say(msg("cli.baseline-unwritable", {{"path", c.write_baseline_path}, {"error", error}})));
    std::size_t n = 0;
    for (const auto& r : inputs) n += r.findings.size();
    if (!c.quiet)
      std::cerr << "policylint: "
                << valid_utf8(say(msg("cli.baseline-recorded", {{"n", n}, {"path", c.write_baseline_path}}))) << "\n";
    return status;
  }

  std::ostream& out = open_output();
  // --verbose: each setup and the answer of each step of its proof first.
  if (!writer && c.verbose && *format == Format::Text && !result.setups.empty())
    out << setup::setup_summary(result.setups, c.language);
  for (auto& r : result.reports) deliver(std::move(r));
  if (!writer) writer = make_report_writer(*format, out, report_options(c));
  writer->finish(result.setups.empty() ? nullptr : &result.setups);
  out.flush();
  if (file_out && !file_out->commit()) throw UsageError(say(msg("cli.output-unwritable", {{"path", c.output}})));
  if (over_threshold && status == kExitClean) status = kExitFindings;
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const UsageError& e) {
    std::cerr << "policylint: " << valid_utf8(e.what()) << "\n";
    return kExitUsage;
  } catch (const std::exception& e) {
    std::cerr << "policylint: " << valid_utf8(say(msg("cli.internal-error", {{"what", e.what()}}))) << "\n";
    return kExitUsage;
  }
}
