// policylint command line: options, file discovery, reporting, exit codes.
// Exit status: 0 = nothing at or above --fail-on, 1 = findings at or above it,
// 2 = usage error or an input that could not be read.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "policylint/config.hpp"
#include "policylint/engine.hpp"
#include "policylint/parallel.hpp"
#include "policylint/report.hpp"
#include "policylint/scenario.hpp"
#include "previous.hpp"

namespace fs = std::filesystem;
namespace po = boost::program_options;
using namespace policylint;

namespace {

constexpr int kExitClean = 0, kExitFindings = 1, kExitUsage = 2;

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Reads a whole file; returns an error message instead on failure.
bool read_file(const fs::path& p, std::string& out, std::string& error, std::uint64_t limit) {
  std::error_code ec;
  auto status = fs::status(p, ec);
  if (ec) {
    error = ec.message();
    return false;
  }
  if (!fs::is_regular_file(status) && p != "/dev/stdin") {
    error = fs::is_directory(status) ? "is a directory" : "not a regular file";
    return false;
  }
  std::ifstream in(p, std::ios::binary);
  if (!in) {
    error = std::strerror(errno);
    return false;
  }
  // Read at most one byte past the limit: the parser reports the size.
  std::ostringstream buf;
  std::vector<char> chunk(1 << 16);
  std::uint64_t total = 0;
  while (in && total <= limit) {
    in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    buf.write(chunk.data(), in.gcount());
    total += static_cast<std::uint64_t>(in.gcount());
  }
  if (in.bad()) {
    error = "read error";
    return false;
  }
  out = std::move(buf).str();
  return true;
}

// Which files a directory walk picks up: include globs (default *.json) minus
// exclude globs; the default exclusions are VCS, dependency and build folders.
struct Selection {
  std::vector<std::string> include{"*.json"};
  std::vector<std::string> exclude{".git",  ".hg",         ".svn",          "node_modules", ".terraform", "build",
                                   ".venv", "__pycache__", "cmake-build-*", ".tox",         ".cache"};
  std::string root;  // anchored globs are relative to it ("" = current directory)

  bool excluded(const fs::path& p) const {
    std::string rel = relative_path(p.string(), root);
    return std::any_of(exclude.begin(), exclude.end(), [&](const std::string& g) { return glob_match(g, rel); });
  }
  bool included(const fs::path& p) const {
    std::string rel = relative_path(p.string(), root);
    return std::any_of(include.begin(), include.end(), [&](const std::string& g) { return glob_match(g, rel); }) &&
           !excluded(p);
  }
};

// Expands directories into the selected files below them, sorted. Directory
// symlinks are not followed (no loops); a file given by name is always
// linted unless force_exclude and an exclude glob matches it.
void discover(const std::string& arg, const Selection& sel, bool force_exclude, std::vector<std::string>& files,
              std::vector<std::string>& problems, spdlog::logger& log) {
  std::error_code ec;
  fs::path root(arg);
  if (arg == "-" || !fs::is_directory(root, ec)) {
    if (force_exclude && arg != "-" && sel.excluded(root)) {
      log.debug("{}: excluded", arg);
      return;
    }
    files.push_back(arg);
    return;
  }
  std::vector<std::string> found;
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
  if (ec) {
    problems.push_back(arg + ": " + ec.message());
    return;
  }
  for (; it != end; it.increment(ec)) {
    if (ec) {
      problems.push_back(arg + ": " + ec.message());
      break;
    }
    if (it->is_directory(ec)) {
      if (sel.excluded(it->path())) {
        log.debug("{}: directory excluded", it->path().string());
        it.disable_recursion_pending();
      }
      continue;
    }
    if (it->is_regular_file(ec) && sel.included(it->path())) found.push_back(it->path().string());
  }
  std::sort(found.begin(), found.end());
  files.insert(files.end(), found.begin(), found.end());
}

// The configuration file: --config, else .policylint.json in the current
// directory or the nearest parent. Empty when there is none.
std::string find_config() {
  std::error_code ec;
  fs::path dir = fs::current_path(ec);
  if (ec) return {};
  for (;;) {
    fs::path candidate = dir / ".policylint.json";
    if (fs::is_regular_file(candidate, ec)) return candidate.string();
    if (!dir.has_parent_path() || dir.parent_path() == dir) return {};
    dir = dir.parent_path();
  }
}

void print_problems(const Source& src, const std::vector<ConfigProblem>& problems) {
  for (const auto& p : problems) {
    Position pos = src.position(p.span.begin);
    std::cerr << src.path() << ':' << pos.line << ':' << pos.column << ": error: " << p.message << " [config]\n";
  }
}

// Writes text to path atomically: a temporary file beside it, then rename.
bool write_atomic(const std::string& path, const std::string& text, std::string& error) {
  fs::path target(path);
  fs::path tmp = target;
  tmp += ".policylint-tmp-" + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out || !out.write(text.data(), static_cast<std::streamsize>(text.size())) || !out.flush()) {
      error = "cannot write " + tmp.string();
      std::error_code ec;
      fs::remove(tmp, ec);
      return false;
    }
  }
  std::error_code ec;
  auto perms = fs::status(target, ec).permissions();
  if (!ec) fs::permissions(tmp, perms, ec);
  fs::rename(tmp, target, ec);
  if (ec) {
    error = ec.message();
    fs::remove(tmp, ec);
    return false;
  }
  return true;
}

void list_rules(std::ostream& out) {
  for (const auto& m : rule_metadata()) out << m.id << "  " << to_string(m.severity) << "  " << m.summary << "\n";
}

const char* kExamples = R"(Examples:
  policylint policy.json                      lint one file
  policylint infra/policies/                  lint every *.json below a directory
  cat trust.json | policylint --kind trust -  lint standard input as a trust policy
  policylint --format json --fail-on error .  machine-readable output, fail only on errors
  policylint --explain principal/role-name-lowercase
  policylint --list-rules                     every rule with its default severity
  policylint --select grammar --disable grammar/unknown-key policies/
  policylint --severity grammar/unknown-key=error policies/
  policylint --account 1234567890123456 --scenario replication-source-role role.json
  terraform show -json plan.out > plan.json && policylint plan.json
                                              policies in a Terraform plan or a ROS template
  policylint --format sarif --output policylint.sarif .
                                              SARIF 2.1.0 for GitHub code scanning
  policylint --format github .                annotations in a GitHub Actions log
  policylint --include '*.json' --include '*.policy' --exclude 'testdata/**' .
  policylint --config ci/policylint.json .    use this configuration file
  policylint --no-config policy.json          ignore any .policylint.json
  policylint --write-baseline .policylint-baseline.json .
  policylint --baseline .policylint-baseline.json .   report only findings not in the baseline
  policylint --fix --unsafe-fixes policy.json apply fixes in place
  policylint --force-exclude -q changed.json  as a pre-commit hook: exclude globs apply to named files
  policylint -v --max-depth 32 --max-file-size 1048576 big/

Configuration: .policylint.json in the current directory or a parent (see README).
)";

int run(int argc, char** argv) {
  po::options_description opts("Options");
  std::string kind = "auto", format = "text", fail_on = "warning", output;
  std::vector<std::string> enable, disable, select, severities, paths;
  std::string explain, account, scenario, previous_file, compare_ref;
  std::string config_path, baseline_path, write_baseline_path;
  std::vector<std::string> includes, excludes;
  unsigned max_depth = json::Limits{}.max_depth;
  std::uint64_t max_bytes = json::Limits{}.max_bytes;
  unsigned jobs = default_jobs();
  // clang-format off
  opts.add_options()
    ("help,h", "show this help and exit")
    ("version", "print the version and exit")
    ("kind", po::value(&kind)->default_value(kind),
     "document kind: permission, trust, bucket or auto (infer from content)")
    ("format,f", po::value(&format)->default_value(format), "output format: text, json, sarif, github or compact")
    ("output,o", po::value(&output), "write the report to this file instead of standard output")
    ("fail-on", po::value(&fail_on)->default_value(fail_on),
     "lowest severity that makes the exit status 1: error, warning, note or never")
    ("enable", po::value(&enable)->composing(), "turn a rule (or a family, e.g. grammar) on; repeatable")
    ("disable", po::value(&disable)->composing(), "turn a rule (or a family) off; repeatable")
    ("select", po::value(&select)->composing(), "run only these rules (or families); repeatable")
    ("severity", po::value(&severities)->composing(), "override a rule's severity: RULE=error|warning|note")
    ("account", po::value(&account), "UID of the account that owns the documents")
    ("scenario", po::value(&scenario), "what the documents are for (see --list-scenarios)")
    ("previous", po::value(&previous_file),
     "compare the one bucket policy given with this previous version of it (statements it would drop)")
    ("compare-ref", po::value(&compare_ref),
     "compare every bucket policy in a git work tree with its version at this git revision")
    ("fix", "apply safe fixes to the files in place (atomically)")
    ("unsafe-fixes", "with --fix, also apply fixes marked unsafe")
    ("list-rules", "list every rule with its default severity and exit")
    ("list-scenarios", "list the scenarios --scenario accepts and exit")
    ("explain", po::value(&explain), "print the documentation of a rule and exit")
    ("max-depth", po::value(&max_depth)->default_value(max_depth), "maximum JSON nesting depth")
    ("max-file-size", po::value(&max_bytes)->default_value(max_bytes), "maximum file size in bytes")
    ("jobs,j", po::value(&jobs)->default_value(jobs),
     "lint on this many threads (default: the number of hardware threads); the output is the same")
    ("no-color", "never colour the output (also when NO_COLOR is set or output is not a terminal)")
    ("quiet,q", "print findings only: no source excerpts and no summary line")
    ("verbose,v", "log what policylint does (to standard error), including files skipped as not policies")
    ("config", po::value(&config_path),
     "read this configuration file instead of the .policylint.json found in the current directory or above")
    ("no-config", "do not read any configuration file")
    ("include", po::value(&includes)->composing(),
     "glob of the files to lint below a directory (default *.json); repeatable, replaces the configuration's")
    ("exclude", po::value(&excludes)->composing(),
     "glob of files or directories to skip (added to .git, node_modules, .terraform, build, ...); repeatable")
    ("force-exclude", "apply the exclude globs to files named on the command line too (for pre-commit)")
    ("baseline", po::value(&baseline_path), "report only findings that this baseline file does not record")
    ("write-baseline", po::value(&write_baseline_path),
     "record every current finding in this baseline file, then exit 0");
  po::options_description hidden;
  hidden.add_options()("paths", po::value(&paths)->composing());
  // clang-format on
  po::options_description all;
  all.add(opts).add(hidden);
  po::positional_options_description pos;
  pos.add("paths", -1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(all).positional(pos).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError(e.what());
  }

  if (vm.count("help")) {
    std::cout << "Usage: policylint [options] PATH...\n"
              << "Lint Alibaba Cloud RAM permission policies, RAM role trust policies and OSS bucket policies.\n"
              << "PATH may be a file, a directory (every *.json below it) or - for standard input.\n\n"
              << opts
              << "\nExit status: 0 clean, 1 findings at or above --fail-on, 2 usage error or unreadable "
                 "input.\n\n"
              << kExamples;
    return kExitClean;
  }
  if (vm.count("version")) {
    std::cout << "policylint " << POLICYLINT_VERSION << "\n";
    return kExitClean;
  }
  auto logger = spdlog::stderr_color_mt("policylint");
  logger->set_pattern("policylint: %l: %v");
  logger->set_level(vm.count("verbose") ? spdlog::level::debug : spdlog::level::warn);

  if (vm.count("list-rules")) {
    list_rules(std::cout);
    return kExitClean;
  }
  if (vm.count("list-scenarios")) {
    for (const auto& s : scenarios()) std::cout << s.name << "  " << to_string(s.kind) << "  " << s.description << "\n";
    return kExitClean;
  }
  if (vm.count("explain")) {
    const RuleMeta* m = find_rule(explain);
    if (m == nullptr) throw UsageError("unknown rule '" + explain + "' (see --list-rules)");
    std::cout << m->doc;
    return kExitClean;
  }

  // Configuration: its settings come first, the command line overrides them.
  Config config;
  std::string config_file = vm.count("no-config") ? std::string() : config_path.empty() ? find_config() : config_path;
  if (!config_file.empty()) {
    std::string text, error;
    if (!read_file(config_file, text, error, std::uint64_t{1} << 20))
      throw UsageError("cannot read configuration " + config_file + ": " + error);
    std::vector<ConfigProblem> problems;
    config = parse_config(config_file, std::move(text), problems);
    if (!problems.empty()) {
      print_problems(config.source, problems);
      return kExitUsage;
    }
    logger->debug("configuration {}", config_file);
  }
  if (!config.account.empty() && account.empty()) account = config.account;
  if (auto it = config.accounts.find(account); it != config.accounts.end()) account = it->second;
  if (vm["fail-on"].defaulted() && config.fail_on) fail_on = *config.fail_on;

  LintOptions lo;
  apply_config(config, lo);
  if (kind != "auto") {
    lo.kind = parse_kind(kind);
    if (!lo.kind) throw UsageError("--kind must be permission, trust, bucket or auto, not '" + kind + "'");
  }
  if (format != "text" && format != "json" && format != "compact" && format != "sarif" && format != "github")
    throw UsageError("--format must be text, json, sarif, github or compact, not '" + format + "'");
  std::optional<Severity> threshold;
  if (fail_on != "never") {
    threshold = parse_severity(fail_on);
    if (!threshold) throw UsageError("--fail-on must be error, warning, note or never, not '" + fail_on + "'");
  }
  auto check_ids = [](const std::vector<std::string>& ids, const char* opt) {
    for (const auto& id : ids) {
      bool family = false;
      for (const auto& m : rule_metadata()) family = family || m.id.rfind(id + "/", 0) == 0;
      if (find_rule(id) == nullptr && !family)
        throw UsageError(std::string(opt) + ": unknown rule '" + id + "' (see --list-rules)");
    }
  };
  check_ids(enable, "--enable");
  check_ids(disable, "--disable");
  check_ids(select, "--select");
  for (const auto& id : enable) lo.enable.insert(id), lo.disable.erase(id);
  for (const auto& id : disable) lo.disable.insert(id), lo.enable.erase(id);
  lo.select.insert(select.begin(), select.end());
  for (const auto& s : severities) {
    auto eq = s.find('=');
    auto sev = eq == std::string::npos ? std::nullopt : parse_severity(s.substr(eq + 1));
    if (!sev || find_rule(s.substr(0, eq)) == nullptr)
      throw UsageError("--severity expects RULE=error|warning|note, not '" + s + "'");
    lo.severity[find_rule(s.substr(0, eq))->id] = *sev;
  }
  lo.settings.account = account;
  if (!scenario.empty() && find_scenario(scenario) == nullptr)
    throw UsageError("--scenario: unknown scenario '" + scenario + "' (see --list-scenarios)");
  lo.settings.scenario = scenario;
  lo.limits.max_depth = max_depth;
  lo.limits.max_bytes = max_bytes;
  if (paths.empty()) throw UsageError("no input: give files, directories, or - for standard input");

  int status = kExitClean;
  std::vector<std::string> files;
  std::vector<std::string> problems;
  Selection sel;
  sel.root = config.root;
  if (!config.include.empty()) sel.include = config.include;
  if (!includes.empty()) sel.include = includes;
  sel.exclude.insert(sel.exclude.end(), config.exclude.begin(), config.exclude.end());
  sel.exclude.insert(sel.exclude.end(), excludes.begin(), excludes.end());
  for (const auto& p : paths) discover(p, sel, vm.count("force-exclude") != 0, files, problems, *logger);
  for (const auto& p : problems) {
    std::cerr << "policylint: " << p << "\n";
    status = kExitUsage;
  }

  // The previous version of a bucket policy (BKT-01): one file, or git.
  std::optional<cli::Previous> previous;
  if (!previous_file.empty()) {
    if (!compare_ref.empty()) throw UsageError("--previous and --compare-ref cannot be combined");
    if (files.size() != 1) throw UsageError("--previous compares exactly one policy file");
    std::string error;
    previous = cli::load_previous_file(previous_file, error);
    if (!previous) throw UsageError(error);
  }

  // Kind and scenario by path (configuration "overrides"; the last match
  // wins; --kind and --scenario beat them). One linter per distinct setting.
  std::map<std::string, Linter> linters;
  auto linter_for = [&](const std::string& file) -> const Linter& {
    LintOptions o = lo;
    if (file != "-" && !config.overrides.empty()) {
      std::string rel = relative_path(file, config.root);
      for (const auto& ov : config.overrides) {
        if (!std::any_of(ov.files.begin(), ov.files.end(), [&](const std::string& g) { return glob_match(g, rel); }))
          continue;
        if (ov.kind && kind == "auto") o.kind = ov.kind;
        if (!ov.scenario.empty() && scenario.empty()) o.settings.scenario = ov.scenario;
      }
    }
    std::string key = (o.kind ? std::string(to_string(*o.kind)) : std::string("auto")) + "\x1f" + o.settings.scenario;
    auto it = linters.find(key);
    if (it == linters.end()) it = linters.emplace(key, Linter(std::move(o))).first;
    return it->second;
  };
  std::vector<FileReport> reports;
  std::vector<LintInput> inputs;
  bool stdin_used = false;
  for (const auto& file : files) {
    if (file == "-") {
      if (stdin_used) continue;
      stdin_used = true;
    }
    inputs.push_back({file, file == "-" ? "<stdin>" : file});
  }
  // What is done with each result, in file order on this thread.
  auto take = [&](LintResult&& res, const Linter& file_linter) {
    const std::string& file = res.path;
    if (!res.report) {
      std::cerr << "policylint: " << file << ": cannot read: " << res.error << "\n";
      status = kExitUsage;
      return;
    }
    FileReport r = std::move(*res.report);
    const std::string display = r.path;
    logger->debug("linted {} ({} bytes)", display, r.source.text().size());
    if (r.kind)
      logger->debug("{}: {} policy ({})", display, to_string(*r.kind), r.kind_inferred ? "inferred" : "given");
    if (!r.is_policy) logger->info("{}: not a policy document, skipped", display);
    if (vm.count("fix") && file != "-") {
      std::string error;
      auto [fixed, n] = apply_fixes(r.source.text(), r.findings, vm.count("unsafe-fixes") != 0);
      if (n > 0 && fixed != r.source.text()) {
        if (!write_atomic(file, fixed, error)) {
          std::cerr << "policylint: " << file << ": cannot apply fixes: " << error << "\n";
          status = kExitUsage;
        } else {
          logger->info("{}: applied {} fixes", file, n);
          r = file_linter.lint(display, std::move(fixed));  // report what is left
        }
      }
    }
    // Reporters read the text only around findings: a clean file's bytes
    // need not stay in memory until the report is written.
    if (r.findings.empty()) r.source = Source(r.source.path(), std::string());
    reports.push_back(std::move(r));
  };
  if (previous || !compare_ref.empty()) {
    // A previous version per file (git): one file after the other.
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      const std::string& file = inputs[i].path;
      ReadResult read = read_input(file, lo.limits.max_bytes);
      if (!read.ok) {
        take(LintResult{i, file, std::nullopt, read.error}, linter_for(file));
        continue;
      }
      if (!compare_ref.empty() && file != "-") {
        std::string error;
        previous = cli::load_previous_at_ref(file, compare_ref, error);
        if (!previous) throw UsageError(error);
        if (!previous->warning.empty()) logger->info("{}", previous->warning);
      }
      std::optional<Linter> with_previous;  // this file's own settings
      if (previous) {
        LintOptions o = linter_for(file).options();
        previous->apply(o.settings);
        with_previous.emplace(std::move(o));
      }
      const Linter& file_linter = with_previous ? *with_previous : linter_for(file);
      LintResult res{i, file, std::nullopt, {}};
      res.report = read.too_large ? too_large_report(file_linter, inputs[i].display, read.size)
                                  : file_linter.lint(inputs[i].display, std::move(read.text));
      take(std::move(res), file_linter);
    }
  } else {
    // On --jobs threads; results arrive in file order, so the report is the
    // same bytes whatever the number of threads.
    std::vector<const Linter*> chosen;
    for (const auto& in : inputs) chosen.push_back(&linter_for(in.path));
    lint_inputs(chosen, inputs, ParallelOptions{jobs, 0},
                [&](LintResult&& res) { take(std::move(res), *chosen[res.index]); });
  }

  // Suppressions and baseline: after the rules, before reporting. Entries
  // that match nothing in the files linted now are noted on stderr.
  std::set<std::string> linted;
  for (const auto& r : reports) linted.insert(relative_path(r.path, config.root));
  auto note = [&](const Source& src, Span span, const std::string& message) {
    Position pos = src.position(span.begin);
    std::cerr << src.path() << ':' << pos.line << ':' << pos.column << ": note: " << message << "\n";
  };
  apply_suppressions(config, reports);
  for (const auto& sup : config.suppressions) {
    bool looked =
        std::any_of(linted.begin(), linted.end(), [&](const std::string& p) { return glob_match(sup.path, p); });
    if (looked && sup.matched == 0)
      note(config.source, sup.span,
           "suppression of " + sup.rule + " in " + sup.path +
               " matches no finding; remove it [config/unused-suppression]");
  }
  if (!baseline_path.empty()) {
    std::string text, error;
    if (!read_file(baseline_path, text, error, std::uint64_t{256} << 20))
      throw UsageError("cannot read baseline " + baseline_path + ": " + error);
    std::vector<ConfigProblem> bproblems;
    Source bsrc(baseline_path, text);
    auto baseline = parse_baseline(text, bproblems);
    if (!bproblems.empty()) {
      print_problems(bsrc, bproblems);
      return kExitUsage;
    }
    std::size_t total = 0;
    for (const auto& e : baseline) total += e.count;
    apply_baseline(baseline, reports, config.root);
    std::size_t used = 0;
    for (const auto& e : baseline) {
      used += e.matched;
      std::error_code ec;
      bool gone = !fs::exists(fs::path(config.root.empty() ? "." : config.root) / e.path, ec);
      if (e.matched < e.count && (linted.count(e.path) != 0 || gone))
        std::cerr << baseline_path << ": note: " << (e.count - e.matched) << " baselined " << e.rule << " finding"
                  << (e.count - e.matched == 1 ? "" : "s") << " in " << e.path << (gone ? " (file not found)" : "")
                  << " no longer occur" << (e.count - e.matched == 1 ? "s" : "")
                  << "; rewrite the baseline with --write-baseline [baseline/unused-entry]\n";
    }
    logger->info("baseline {}: {} of {} recorded findings still present", baseline_path, used, total);
  }
  if (!write_baseline_path.empty()) {
    std::string error;
    if (!write_atomic(write_baseline_path, make_baseline(reports, config.root), error))
      throw UsageError("cannot write baseline " + write_baseline_path + ": " + error);
    std::size_t n = 0;
    for (const auto& r : reports) n += r.findings.size();
    if (!vm.count("quiet")) std::cerr << "policylint: recorded " << n << " findings in " << write_baseline_path << "\n";
    return status == kExitUsage ? kExitUsage : kExitClean;
  }

  std::ofstream file_out;
  std::ostream* out = &std::cout;
  if (!output.empty()) {
    file_out.open(output, std::ios::binary | std::ios::trunc);
    if (!file_out) throw UsageError("cannot write --output file '" + output + "'");
    out = &file_out;
  }
  ReportOptions ro;
  ro.tool_version = POLICYLINT_VERSION;
  ro.color = output.empty() && !vm.count("no-color") && std::getenv("NO_COLOR") == nullptr && ::isatty(1);
  ro.show_source = !vm.count("quiet");
  ro.summary = !vm.count("quiet");
  if (format == "json") {
    write_json(*out, reports, ro);
  } else if (format == "sarif") {
    write_sarif(*out, reports, ro);
  } else if (format == "github") {
    write_github(*out, reports);
  } else if (format == "compact") {
    write_compact(*out, reports);
  } else {
    write_text(*out, reports, ro);
  }
  out->flush();

  if (threshold && status == kExitClean)
    for (const auto& r : reports)
      for (const auto& f : r.findings)
        if (f.severity >= *threshold) status = kExitFindings;
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const UsageError& e) {
    std::cerr << "policylint: " << e.what() << "\n";
    return kExitUsage;
  } catch (const std::exception& e) {
    std::cerr << "policylint: internal error: " << e.what() << "\n";
    return kExitUsage;
  }
}
