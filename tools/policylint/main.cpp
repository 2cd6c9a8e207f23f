// policylint command line: options, file discovery, reporting, exit codes.
// Exit status: 0 = nothing at or above --fail-on, 1 = findings at or above it,
// 2 = usage error or an input that could not be read.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <boost/program_options.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "policylint/engine.hpp"
#include "policylint/report.hpp"
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

bool skipped_dir(const fs::path& p) {
  static const char* kSkip[] = {".git", "node_modules", ".terraform", "build", ".venv", "__pycache__"};
  auto name = p.filename().string();
  for (const char* s : kSkip)
    if (name == s) return true;
  return false;
}

// Expands directories into the *.json files below them, sorted.
void discover(const std::string& arg, std::vector<std::string>& files, std::vector<std::string>& problems) {
  std::error_code ec;
  fs::path root(arg);
  if (arg == "-" || !fs::is_directory(root, ec)) {
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
    if (it->is_directory(ec) && skipped_dir(it->path())) {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file(ec) && it->path().extension() == ".json") found.push_back(it->path().string());
  }
  std::sort(found.begin(), found.end());
  files.insert(files.end(), found.begin(), found.end());
}

std::string read_stdin() {
  std::ostringstream buf;
  buf << std::cin.rdbuf();
  return std::move(buf).str();
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
)";

int run(int argc, char** argv) {
  po::options_description opts("Options");
  std::string kind = "auto", format = "text", fail_on = "warning", output;
  std::vector<std::string> enable, disable, select, severities, paths;
  std::string explain, account, scenario, previous_file, compare_ref;
  unsigned max_depth = json::Limits{}.max_depth;
  std::uint64_t max_bytes = json::Limits{}.max_bytes;
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
    ("explain", po::value(&explain), "print the documentation of a rule and exit")
    ("max-depth", po::value(&max_depth)->default_value(max_depth), "maximum JSON nesting depth")
    ("max-file-size", po::value(&max_bytes)->default_value(max_bytes), "maximum file size in bytes")
    ("no-color", "never colour the output (also when NO_COLOR is set or output is not a terminal)")
    ("quiet,q", "print findings only: no source excerpts and no summary line")
    ("verbose,v", "log what policylint does (to standard error)");
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
  if (vm.count("explain")) {
    const RuleMeta* m = find_rule(explain);
    if (m == nullptr) throw UsageError("unknown rule '" + explain + "' (see --list-rules)");
    std::cout << m->doc;
    return kExitClean;
  }

  LintOptions lo;
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
  lo.enable.insert(enable.begin(), enable.end());
  lo.disable.insert(disable.begin(), disable.end());
  lo.select.insert(select.begin(), select.end());
  for (const auto& s : severities) {
    auto eq = s.find('=');
    auto sev = eq == std::string::npos ? std::nullopt : parse_severity(s.substr(eq + 1));
    if (!sev || find_rule(s.substr(0, eq)) == nullptr)
      throw UsageError("--severity expects RULE=error|warning|note, not '" + s + "'");
    lo.severity[find_rule(s.substr(0, eq))->id] = *sev;
  }
  lo.settings.account = account;
  lo.settings.scenario = scenario;
  lo.limits.max_depth = max_depth;
  lo.limits.max_bytes = max_bytes;
  if (paths.empty()) throw UsageError("no input: give files, directories, or - for standard input");

  int status = kExitClean;
  std::vector<std::string> files;
  std::vector<std::string> problems;
  for (const auto& p : paths) discover(p, files, problems);
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

  Linter linter(lo);
  std::vector<FileReport> reports;
  bool stdin_used = false;
  for (const auto& file : files) {
    std::string text, error;
    std::string display = file;
    if (file == "-") {
      if (stdin_used) continue;
      stdin_used = true;
      text = read_stdin();
      display = "<stdin>";
    } else if (!read_file(file, text, error, lo.limits.max_bytes)) {
      std::cerr << "policylint: " << file << ": cannot read: " << error << "\n";
      status = kExitUsage;
      continue;
    }
    logger->debug("linting {} ({} bytes)", display, text.size());
    if (!compare_ref.empty() && file != "-") {
      std::string error;
      previous = cli::load_previous_at_ref(file, compare_ref, error);
      if (!previous) throw UsageError(error);
      if (!previous->warning.empty()) logger->info("{}", previous->warning);
    }
    std::optional<Linter> with_previous;  // this file's own settings
    if (previous) {
      LintOptions o = lo;
      previous->apply(o.settings);
      with_previous.emplace(std::move(o));
    }
    const Linter& file_linter = with_previous ? *with_previous : linter;
    FileReport r = file_linter.lint(display, std::move(text));
    if (r.kind)
      logger->debug("{}: {} policy ({})", display, to_string(*r.kind), r.kind_inferred ? "inferred" : "given");
    if (!r.is_policy) logger->debug("{}: not a policy document, skipped", display);
    if (vm.count("fix") && file != "-") {
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
    reports.push_back(std::move(r));
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
