#include "options.hpp"

#include <algorithm>
#include <boost/program_options.hpp>
#include <filesystem>
#include <sstream>

#include "policylint/parallel.hpp"
#include "policylint/scenario.hpp"

namespace policylint::cli {

namespace fs = std::filesystem;
namespace po = boost::program_options;

const char* const kExamples = R"(Examples:
  policylint policy.json                      lint one file
  policylint infra/policies/                  lint every *.json below a directory
  cat trust.json | policylint --kind trust -  lint standard input as a trust policy
  policylint --format json --fail-on error .  machine-readable output, fail only on errors
  policylint --explain principal/role-name-lowercase
  policylint --explain replication            the rules of one family
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
In messages, "the declared scenario" is --scenario (or a configuration override's
"scenario") and "the owning account" is --account (or the configuration's "account").
)";

CliOptions parse_command_line(int argc, char** argv) {
  CliOptions c;
  c.max_depth = json::Limits{}.max_depth;
  c.max_bytes = json::Limits{}.max_bytes;
  c.jobs = default_jobs();
  po::options_description opts("Options");
  // clang-format off
  opts.add_options()
    ("help,h", "show this help and exit")
    ("version", "print the version and exit")
    ("lang", po::value(&c.lang),
     "language of messages, summaries and rule pages: en or zh (default: from LC_ALL, LC_MESSAGES or LANG)")
    ("kind", po::value(&c.kind)->default_value(c.kind),
     "document kind: permission, trust, bucket, key (a KMS key policy) or auto (infer from content)")
    ("format,f", po::value(&c.format)->default_value(c.format), "output format: text, json, sarif, github or compact")
    ("output,o", po::value(&c.output), "write the report to this file instead of standard output")
    ("fail-on", po::value(&c.fail_on)->default_value(c.fail_on),
     "lowest severity that makes the exit status 1: error, warning, note or never")
    ("enable", po::value(&c.enable)->composing(), "turn a rule (or a family, e.g. grammar) on; repeatable")
    ("disable", po::value(&c.disable)->composing(), "turn a rule (or a family) off; repeatable")
    ("select", po::value(&c.select)->composing(), "run only these rules (or families); repeatable")
    ("severity", po::value(&c.severities)->composing(), "override a rule's severity: RULE=error|warning|note")
    ("account", po::value(&c.account),
     "UID (16 digits) or configured name of the account that owns the documents")
    ("scenario", po::value(&c.scenario), "what the documents are for (see --list-scenarios)")
    ("previous", po::value(&c.previous_file),
     "compare the one bucket policy given with this previous version of it (statements it would drop)")
    ("compare-ref", po::value(&c.compare_ref),
     "compare every bucket policy in a git work tree with its version at this git revision")
    ("fix", "apply safe fixes to the files in place (atomically)")
    ("unsafe-fixes", "with --fix, also apply fixes marked unsafe")
    ("list-rules", "list every rule with its default severity and exit")
    ("list-scenarios", "list the scenarios --scenario accepts and exit")
    ("explain", po::value(&c.explain), "print the documentation of a rule (or list a family's rules) and exit")
    ("max-depth", po::value(&c.max_depth)->default_value(c.max_depth), "maximum JSON nesting depth")
    ("max-file-size", po::value(&c.max_bytes)->default_value(c.max_bytes), "maximum file size in bytes")
    ("jobs,j", po::value(&c.jobs)->default_value(c.jobs),
     "lint on this many threads (default: the number of hardware threads); the output is the same")
    ("no-color", "never colour the output (also when NO_COLOR is set or output is not a terminal)")
    ("quiet,q", "print findings only: no source excerpts and no summary line")
    ("verbose,v", "log what policylint does (to standard error), including files skipped as not policies")
    ("config", po::value(&c.config_path),
     "read this configuration file instead of the .policylint.json found in the current directory or above")
    ("no-config", "do not read any configuration file")
    ("include", po::value(&c.includes)->composing(),
     "glob of the files to lint below a directory (default *.json); repeatable, replaces the configuration's")
    ("exclude", po::value(&c.excludes)->composing(),
     "glob of files or directories to skip (added to .git, node_modules, .terraform, build, ...); repeatable")
    ("force-exclude", "apply the exclude globs to files named on the command line too (for pre-commit)")
    ("baseline", po::value(&c.baseline_path), "report only findings that this baseline file does not record")
    ("write-baseline", po::value(&c.write_baseline_path),
     "record every current finding in this baseline file, then exit 0");
  po::options_description hidden;
  hidden.add_options()("paths", po::value(&c.paths)->composing());
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
  c.language = lang_from_environment();
  if (!c.lang.empty()) {
    auto l = parse_lang(c.lang);
    if (!l || (c.lang != "en" && c.lang != "zh"))
      throw UsageError(render(msg("cli.lang", {{"value", c.lang}}), c.language));
    c.language = *l;
  }
  std::ostringstream table;
  table << opts;
  c.help_text = table.str();
  auto flag = [&](const char* name) { return vm.count(name) != 0; };
  c.help = flag("help"), c.version = flag("version"), c.list_rules = flag("list-rules");
  c.list_scenarios = flag("list-scenarios"), c.no_config = flag("no-config"), c.fix = flag("fix");
  c.unsafe_fixes = flag("unsafe-fixes"), c.force_exclude = flag("force-exclude"), c.no_color = flag("no-color");
  c.quiet = flag("quiet"), c.verbose = flag("verbose");
  c.fail_on_given = !vm["fail-on"].defaulted();
  return c;
}

std::string find_config(const CliOptions& cli) {
  if (cli.no_config) return {};
  if (!cli.config_path.empty()) return cli.config_path;
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

namespace {

void check_ids(const std::vector<std::string>& ids, const char* opt, Lang lang) {
  for (const auto& id : ids) {
    bool family = std::any_of(rule_metadata().begin(), rule_metadata().end(),
                              [&](const RuleMeta& m) { return m.id.rfind(id + "/", 0) == 0; });
    if (find_rule(id) == nullptr && !family)
      throw UsageError(render(msg("cli.unknown-rule", {{"option", opt}, {"id", id}}), lang));
  }
}

bool is_uid(const std::string& s) {
  return s.size() == 16 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

RunOptions make_run_options(const CliOptions& cli, const Config& config, std::optional<Severity>& threshold) {
  RunOptions ro;
  LintOptions& lo = ro.lint;
  apply_config(config, lo);
  if (cli.kind != "auto") {
    lo.kind = parse_kind(cli.kind);
    if (!lo.kind) throw UsageError("--kind must be permission, trust, bucket, key or auto, not '" + cli.kind + "'");
    ro.kind_given = true;
  }
  std::string fail_on = !cli.fail_on_given && config.fail_on ? *config.fail_on : cli.fail_on;
  threshold.reset();
  if (fail_on != "never") {
    threshold = parse_severity(fail_on);
    if (!threshold) throw UsageError(render(msg("cli.fail-on", {{"value", fail_on}}), cli.language));
  }
  check_ids(cli.enable, "--enable", cli.language);
  check_ids(cli.disable, "--disable", cli.language);
  check_ids(cli.select, "--select", cli.language);
  for (const auto& id : cli.enable) lo.enable.insert(id), lo.disable.erase(id);
  for (const auto& id : cli.disable) lo.disable.insert(id), lo.enable.erase(id);
  lo.select.insert(cli.select.begin(), cli.select.end());
  for (const auto& s : cli.severities) {
    auto eq = s.find('=');
    auto sev = eq == std::string::npos ? std::nullopt : parse_severity(s.substr(eq + 1));
    if (!sev || find_rule(s.substr(0, eq)) == nullptr)
      throw UsageError(render(msg("cli.severity", {{"value", s}}), cli.language));
    lo.severity[find_rule(s.substr(0, eq))->id] = *sev;
  }
  // The owning account: a UID, or a name from the configuration's "accounts".
  std::string account = cli.account.empty() ? config.account : cli.account;
  if (auto it = config.accounts.find(account); it != config.accounts.end()) account = it->second;
  if (!account.empty() && !is_uid(account))
    throw UsageError(render(msg("cli.account", {{"value", account}}), cli.language));
  lo.settings.account = account;
  lo.settings.lang = cli.language;
  if (!cli.scenario.empty() && find_scenario(cli.scenario) == nullptr)
    throw UsageError(render(msg("cli.scenario", {{"value", cli.scenario}}), cli.language));
  lo.settings.scenario = cli.scenario;
  ro.scenario_given = !cli.scenario.empty();
  lo.limits.max_depth = cli.max_depth;
  lo.limits.max_bytes = cli.max_bytes;
  if (cli.paths.empty()) throw UsageError(render(msg("cli.no-input"), cli.language));
  ro.paths = cli.paths;
  ro.include = cli.includes;
  ro.exclude = cli.excludes;
  ro.force_exclude = cli.force_exclude;
  ro.jobs = cli.jobs;
  ro.fix = cli.fix;
  ro.unsafe_fixes = cli.unsafe_fixes;
  ro.previous_file = cli.previous_file;
  ro.compare_ref = cli.compare_ref;
  ro.baseline_path = cli.baseline_path;
  return ro;
}

}  // namespace policylint::cli
