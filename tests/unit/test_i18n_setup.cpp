// The setup proof, the "setups" configuration section and --help in Chinese:
// each bad setup fixture (a directory with its own .policylint.json) gives
// the same findings at the same places in both languages, with no English
// left in the Chinese messages and related-location labels; the --verbose
// summary, the configuration's problems and --help come from the tables with
// English unchanged.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cctype>
#include <cstdlib>
#include <regex>
#include <set>

#include "../../lib/src/setup/config_setups.hpp"
#include "../../lib/src/setup/integrate.hpp"
#include "../../lib/src/setup/proof.hpp"
#include "../../lib/src/setup/system_policies.hpp"
#include "cli_util.hpp"
#include "i18n_check.hpp"
#include "policylint/config.hpp"
#include "policylint/i18n.hpp"
#include "policylint/run.hpp"

namespace fs = std::filesystem;
namespace pl = policylint;
using testutil::run_cli;
using testutil::slurp;
using testutil::source_dir;

using testutil::english_in;

namespace {

std::vector<std::string> lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

// The bad (or good) setup fixtures: testdata/setup/<rule>/<prefix>*/, and the seeds.
std::vector<fs::path> setup_fixtures(const std::string& prefix) {
  std::vector<fs::path> out;
  for (const auto& rule : fs::directory_iterator(source_dir() / "testdata/setup"))
    if (rule.is_directory())
      for (const auto& f : fs::directory_iterator(rule.path()))
        if (f.is_directory() && f.path().filename().string().starts_with(prefix)) out.push_back(f.path());
  std::sort(out.begin(), out.end());
  return out;
}

std::string rule_of(const fs::path& fixture) { return "setup/" + fixture.parent_path().filename().string(); }

// The setup phase of a fixture as the run does it (the files it linted, its
// configuration), in a language.
struct Phase {
  pl::setup::PhaseResult result;
};

Phase setup_phase(const fs::path& dir, pl::Lang lang) {
  std::vector<pl::ConfigProblem> problems;
  fs::path config_path = dir / ".policylint.json";
  pl::Config config;
  if (fs::exists(config_path)) config = pl::parse_config(config_path.string(), slurp(config_path), problems);
  REQUIRE(problems.empty());
  pl::RunOptions options;
  pl::apply_config(config, options.lint);
  options.paths = {dir.string()};
  options.jobs = 1;
  pl::RunResult run = pl::run(options, config);
  std::vector<pl::setup::Input> inputs;
  for (const auto& r : run.reports)
    inputs.push_back({r.path, std::any_of(r.documents.begin(), r.documents.end(),
                                          [](const pl::DocumentInfo& d) { return !d.context.empty(); })});
  return Phase{pl::setup::run_phase(inputs, config, options.lint.limits, lang)};
}

// Run the CLI with the locale variables unset, then those of env set.
testutil::RunResult run_env(const std::vector<std::string>& env, const std::vector<std::string>& args) {
  for (const char* v : {"LC_ALL", "LC_MESSAGES", "LANG"}) ::unsetenv(v);
  for (const auto& e : env) {
    auto eq = e.find('=');
    ::setenv(e.substr(0, eq).c_str(), e.substr(eq + 1).c_str(), 1);
  }
  testutil::RunResult r = run_cli(args, true);
  for (const char* v : {"LC_ALL", "LC_MESSAGES", "LANG"}) ::unsetenv(v);
  return r;
}

// The number of terminal cells of a line.
unsigned cells(const std::string& line) {
  auto points =
      std::count_if(line.begin(), line.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
  return pl::i18n::terminal_width(line, static_cast<std::uint32_t>(points));
}

}  // namespace

TEST_CASE("setup findings in Chinese: the same findings at the same places and no English", "[i18n][setup]") {
  std::size_t checked = 0;
  for (const auto& dir : setup_fixtures("bad-")) {
    std::string rule = rule_of(dir);
    INFO(dir.string());
    Phase en = setup_phase(dir, pl::Lang::En), zh = setup_phase(dir, pl::Lang::Zh);
    REQUIRE(en.result.findings.size() == zh.result.findings.size());
    // The English messages are those of the golden file.
    std::string expected = slurp(dir.string() + ".expected");
    bool any = false;
    for (std::size_t i = 0; i < en.result.findings.size(); ++i) {
      const pl::Finding& e = en.result.findings[i];
      const pl::Finding& z = zh.result.findings[i];
      CHECK(e.rule == z.rule);
      CHECK(e.path == z.path);
      CHECK(e.span.begin == z.span.begin);
      CHECK(e.span.end == z.span.end);
      CHECK(e.severity == z.severity);
      REQUIRE(e.related.size() == z.related.size());
      if (e.rule != rule) continue;
      any = true;
      CHECK(expected.find(" " + rule + " " + e.message + "\n") != std::string::npos);
      INFO(z.message);
      CHECK(z.message != e.message);
      CHECK(english_in(z.message).empty());
      for (std::size_t k = 0; k < z.related.size(); ++k) {
        INFO(z.related[k].label);
        CHECK(english_in(z.related[k].label).empty());
        CHECK(z.related[k].span.begin == e.related[k].span.begin);
      }
      ++checked;
    }
    CHECK(any);
  }
  CHECK(checked >= 9);
}

// As the golden runner runs a setup fixture, in Chinese.
TEST_CASE("setup fixtures under --lang zh --format compact through the CLI", "[i18n][setup][cli]") {
  for (const auto& dir : setup_fixtures("bad-")) {
    std::string rule = rule_of(dir);
    INFO(dir.string());
    std::vector<std::string> args = {"--lang", "zh", "--select", rule, "--format", "compact"};
    // A fixture of Terraform or ROS files needs no configuration (as in the golden runner).
    if (fs::exists(dir / ".policylint.json"))
      args.insert(args.end(), {"--config", (dir / ".policylint.json").string()});
    args.push_back(dir.string());
    testutil::RunResult r = run_cli(args, false, "", true);
    std::string out = r.out;
    std::string prefix = dir.string() + "/";
    for (std::size_t at; (at = out.find(prefix)) != std::string::npos;) out.erase(at, prefix.size());
    testutil::check_chinese_against_golden(out, slurp(dir.string() + ".expected"), "");
  }
}

TEST_CASE("the setup summary in Chinese: a line per setup and per step with no English", "[i18n][setup]") {
  auto dirs = setup_fixtures("bad-");
  for (const auto& seed : fs::directory_iterator(source_dir() / "testdata/setup/seeds")) dirs.push_back(seed.path());
  std::size_t steps = 0;
  for (const auto& dir : dirs) {
    INFO(dir.string());
    Phase en = setup_phase(dir, pl::Lang::En), zh = setup_phase(dir, pl::Lang::Zh);
    REQUIRE(en.result.setups.size() == zh.result.setups.size());
    std::string en_text = pl::setup::setup_summary(en.result.setups);
    CHECK(pl::setup::setup_summary(en.result.setups, pl::Lang::En) == en_text);
    std::string zh_text = pl::setup::setup_summary(zh.result.setups, pl::Lang::Zh);
    auto en_lines = lines(en_text), zh_lines = lines(zh_text);
    REQUIRE(en_lines.size() == zh_lines.size());
    for (std::size_t i = 0; i < zh_lines.size(); ++i) {
      INFO(en_lines[i]);
      INFO(zh_lines[i]);
      CHECK(english_in(zh_lines[i]).empty());
      CHECK(zh_lines[i].starts_with("  ") == en_lines[i].starts_with("  "));
      if (en_lines[i].starts_with("  ")) ++steps;
    }
    // The steps' verdicts and checks are the same in both languages.
    for (std::size_t s = 0; s < en.result.setups.size(); ++s) {
      REQUIRE(en.result.setups[s].steps.size() == zh.result.setups[s].steps.size());
      for (std::size_t k = 0; k < en.result.setups[s].steps.size(); ++k) {
        CHECK(en.result.setups[s].steps[k].check == zh.result.setups[s].steps[k].check);
        CHECK(en.result.setups[s].steps[k].verdict == zh.result.setups[s].steps[k].verdict);
      }
    }
  }
  CHECK(steps > 40);
  // English as the CLI writes it with --verbose.
  fs::path dir = source_dir() / "testdata/setup/seeds/replication-cross-account";
  std::string en = pl::setup::setup_summary(setup_phase(dir, pl::Lang::En).result.setups);
  CHECK(en.find("setup crr (replication) in ") != std::string::npos);
  CHECK(en.find("\n  granted: oss.aliyuncs.com may assume the role \"aliyunossdrsrole\"\n") != std::string::npos);
  std::string zh = pl::setup::setup_summary(setup_phase(dir, pl::Lang::Zh).result.setups, pl::Lang::Zh);
  CHECK(zh.find("任务配置 `crr`（数据复制），位于 `") != std::string::npos);
  CHECK(zh.find("\n  已授予：`oss.aliyuncs.com` 可以扮演角色 \"aliyunossdrsrole\"\n") != std::string::npos);
}

TEST_CASE("the setups section of a configuration: problems in English as before and in Chinese", "[i18n][config]") {
  const std::string text = R"({
  "accounts": {"src": "1234567890123456"},
  "setups": {
    "a": 1,
    "b": {"role": {"name": "r"}},
    "c": {"task": "copy"},
    "d": {"task": "replication"},
    "e": {"task": "replication", "role": [], "source": 3, "extra": 1},
    "f": {"task": "migration", "role": {"account": "nobody", "trust": "", "policies": 5, "x": 1},
          "destination": {"bucket": 7, "kms": "yes", "y": 2}},
    "g": {"task": "dts-vpc", "role": {"name": "r", "policies": [1]}, "source": {}}
  }
})";
  const std::vector<std::string> want = {
      "the setup \"a\" must be an object",
      "the setup \"b\" needs a \"task\": \"replication\", \"migration\", \"dts\" or \"dts-vpc\"",
      "unknown task \"copy\" (known: \"replication\", \"migration\", \"dts\", \"dts-vpc\")",
      "the setup \"d\" needs a \"role\"",
      "\"role\" must be an object (name, account, trust, policies)",
      "\"source\" must be an object (bucket, account, policy, kms, keyPolicy)",
      "unknown key \"extra\" in a replication setup (known keys: task, role, source, destination)",
      "\"account\" must name an entry of \"accounts\" or be a 16-digit UID, not \"nobody\"",
      "\"trust\" must name a file",
      "\"policies\" must be an array of policy files and system policy names",
      "unknown key \"x\" in a setup's role (known keys: name, account, trust, policies)",
      "a setup's role needs a \"name\" (the RAM role name)",
      "\"bucket\" must be a string; found number",
      "\"kms\" must be true or false",
      "unknown key \"y\" in a setup's bucket (known keys: bucket, account, policy, kms, keyPolicy)",
      "a setup's \"destination\" needs a \"bucket\" (the bucket name)",
      "\"policies[]\" must be a string; found number",
      "unknown key \"source\" in a dts-vpc setup (known keys: task, role, trustedAccount, endpointOwner)",
  };
  std::vector<pl::ConfigProblem> problems;
  pl::Config config = pl::parse_config("policylint.json", text, problems);
  std::vector<std::string> got;
  for (const auto& p : problems) got.push_back(p.message);
  CHECK(got == want);

  // In Chinese: the same problems at the same places.
  pl::json::Document doc = pl::json::parse(text);
  REQUIRE(doc.ok());
  std::vector<pl::ConfigProblem> zh;
  pl::setup::read_config_setups(*doc.root()->find("setups")->value, config, zh, pl::Lang::Zh);
  REQUIRE(zh.size() == problems.size());
  for (std::size_t i = 0; i < zh.size(); ++i) {
    INFO(zh[i].message);
    CHECK(zh[i].span.begin == problems[i].span.begin);
    CHECK(zh[i].message != problems[i].message);
    // The list of known keys is written as the configuration writes them.
    std::string message = zh[i].message;
    if (auto at = message.find("（可用的键："); at != std::string::npos) message.erase(at);
    CHECK(english_in(message).empty());
  }

  // parse_config in Chinese writes the setups problems in Chinese too.
  std::vector<pl::ConfigProblem> zh_config;
  pl::parse_config("policylint.json", text, zh_config, pl::Lang::Zh);
  REQUIRE(zh_config.size() == zh.size());
  for (std::size_t i = 0; i < zh.size(); ++i) CHECK(zh_config[i].message == zh[i].message);
}

TEST_CASE("cli: --verbose prints the setup summary in the run's language", "[i18n][setup][cli]") {
  const std::string dir = (source_dir() / "testdata" / "setups" / "terraform").string();
  auto en = run_cli({"--no-config", "--lang", "en", "--verbose", dir}, false);
  auto zh = run_cli({"--no-config", "--lang", "zh", "--verbose", dir}, false);
  auto summary = [](const std::vector<pl::setup::SetupResult>& s, pl::Lang l) {
    return pl::setup::setup_summary(s, l);
  };
  pl::RunOptions options;
  options.paths = {dir};
  pl::RunResult r = pl::run(options, pl::Config{});
  REQUIRE_FALSE(r.setups.empty());
  CHECK(en.out.starts_with(summary(r.setups, pl::Lang::En)));
  options.lint.settings.lang = pl::Lang::Zh;
  pl::RunResult rz = pl::run(options, pl::Config{});
  CHECK(zh.out.starts_with(summary(rz.setups, pl::Lang::Zh)));
  CHECK(zh.out != en.out);
}

TEST_CASE("setup and --help messages: every id the code names is in a table", "[i18n]") {
  static const std::regex literal(R"re("((?:setup|cli|configuration)[./][A-Za-z0-9./-]*[A-Za-z0-9])")re");
  static const std::regex option(R"re(\bd\("([a-z-]+)"\))re");
  std::size_t named = 0;
  std::vector<fs::path> files;
  for (const auto& f : fs::directory_iterator(source_dir() / "lib/src/setup"))
    if (f.path().extension() == ".cpp") files.push_back(f.path());
  files.push_back(source_dir() / "tools/policylint/options.cpp");
  for (const auto& f : files) {
    std::string text = slurp(f);
    for (std::sregex_iterator it(text.begin(), text.end(), literal), end; it != end; ++it) {
      std::string id = (*it)[1];
      if (id.ends_with(".tsv") || id.ends_with(".json") || id.ends_with(".md") || id.ends_with(".cpp")) continue;
      INFO(f.filename().string() + ": " + id);
      CHECK(pl::i18n::find(id) != nullptr);
      ++named;
    }
    for (std::sregex_iterator it(text.begin(), text.end(), option), end; it != end; ++it) {
      std::string id = "cli.option." + std::string((*it)[1]);
      INFO(id);
      CHECK(pl::i18n::find(id) != nullptr);
      ++named;
    }
  }
  CHECK(named > 100);
  // Each system policy whose document is not published says what its
  // documentation grants in both languages, English as rules/system-policies/index.tsv.
  for (const auto& sp : pl::setup::system_policies()) {
    if (sp.assumption.empty()) continue;
    INFO(std::string(sp.name));
    const pl::i18n::Entry* e = pl::i18n::find("setup.assumption." + std::string(sp.name));
    REQUIRE(e != nullptr);
    CHECK(e->en == sp.assumption);
  }
}

TEST_CASE("cli: --help in Chinese under --lang zh or a zh locale while English stays unchanged", "[i18n][cli]") {
  auto en = run_env({}, {"--lang", "en", "--help"});
  CHECK(en.status == 0);
  auto en_lines = lines(en.out);
  // Today's English text, line for line where it does not depend on the machine.
  for (const char* l : {
           "Usage: policylint [options] PATH...",
           "Lint Alibaba Cloud RAM permission policies, RAM role trust policies and OSS bucket policies.",
           "PATH may be a file, a directory (every policy file below it: *.json, *.tf, *.tf.json, *.yaml, *.yml) or - "
           "for standard input.",
           "Options:",
           "  -h [ --help ]                   show this help and exit",
           "  --lang arg                      language of messages, summaries and rule ",
           "                                  pages: en or zh (default: from LC_ALL, ",
           "  --kind arg (=auto)              document kind: permission, trust, bucket, key",
           "  --write-baseline arg            record every current finding in this baseline",
           "Exit status: 0 clean, 1 findings at or above --fail-on, 2 usage error or unreadable input.",
           "Examples:",
           "  policylint policy.json                      lint one file",
           "  policylint --explain principal/role-name-lowercase",
           "  terraform show -json plan.out > plan.json && policylint plan.json",
           "                                              policies in a Terraform plan or a ROS template",
           "  policylint --baseline .policylint-baseline.json .   report only findings not in the baseline",
           "  policylint --fix --unsafe-fixes policy.json apply fixes in place",
           "  policylint --force-exclude -q changed.json  as a pre-commit hook: exclude globs apply to named files",
           "Configuration: .policylint.json in the current directory or a parent (see README).",
           "In messages, \"the declared scenario\" is --scenario (or a configuration override's",
           "\"scenario\") and \"the owning account\" is --account (or the configuration's \"account\").",
       }) {
    INFO(l);
    CHECK(std::find(en_lines.begin(), en_lines.end(), l) != en_lines.end());
  }
  CHECK(en.out.starts_with("Usage: policylint [options] PATH...\nLint Alibaba Cloud"));
  CHECK(en.out.ends_with("(or the configuration's \"account\").\n"));
  CHECK(run_env({}, {"--help"}).out == en.out);
  CHECK(run_env({"LANG=zh_CN.UTF-8"}, {"--lang", "en", "--help"}).out == en.out);

  auto zh = run_env({}, {"--lang", "zh", "--help"});
  CHECK(zh.status == 0);
  CHECK(zh.out.starts_with("用法：policylint [选项] PATH...\n"));
  CHECK(zh.out.find("\n选项：\n") != std::string::npos);
  CHECK(zh.out.find("显示此帮助并退出") != std::string::npos);
  CHECK(zh.out.find("退出状态：") != std::string::npos);
  CHECK(zh.out.find("\n示例：\n") != std::string::npos);
  CHECK(zh.out.find("show this help") == std::string::npos);
  // Every option of the English table, by name.
  static const std::regex name(R"((?:^|[ \[])(--[a-z][a-z-]*|-[a-z]) )");
  std::size_t options = 0;
  for (const auto& l : en_lines) {
    if (!l.starts_with("  -")) continue;
    for (std::sregex_iterator it(l.begin(), l.end(), name), end; it != end; ++it) {
      std::string opt = (*it)[1];
      INFO(opt);
      CHECK(zh.out.find(opt + " ") != std::string::npos);
      ++options;
    }
  }
  CHECK(options > 30);
  // The table's lines fit 80 terminal cells; the examples keep their commands.
  bool table = false;
  for (const auto& l : lines(zh.out)) {
    if (l == "选项：") table = true;
    if (l.empty()) table = false;
    if (table) {
      INFO(l);
      CHECK(cells(l) <= 80);
    }
  }
  CHECK(zh.out.find("  policylint --baseline .policylint-baseline.json .   只报告基线中没有的检查结果\n") !=
        std::string::npos);
  // --lang=zh and the locale choose the language of --help too.
  CHECK(run_env({}, {"--lang=zh", "--help"}).out == zh.out);
  CHECK(run_env({"LANG=zh_CN.UTF-8"}, {"--help"}).out == zh.out);
  CHECK(run_env({"LC_ALL=zh_CN.UTF-8"}, {"-h"}).out == zh.out);
}

TEST_CASE("a bad --kind is a usage error in the run's language", "[i18n][cli]") {
  auto en = run_env({}, {"--kind", "x", "a.json"});
  CHECK(en.status == 2);
  CHECK(en.out.find("--kind must be permission, trust, bucket, key or auto, not 'x'") != std::string::npos);
  auto zh = run_env({}, {"--lang", "zh", "--kind", "x", "a.json"});
  CHECK(zh.status == 2);
  CHECK(zh.out.find("--kind 必须是 permission、trust、bucket、key 或 auto，而不是 'x'") != std::string::npos);
}

TEST_CASE("a command line the option parser refuses is a usage error in the run's language", "[i18n][cli]") {
  struct Case {
    std::vector<std::string> args;
    const char* en;
    const char* zh;
  };
  const Case cases[] = {
      {{"--foo"}, "unrecognised option '--foo'", "未识别的选项 '--foo'"},
      {{"--lang"}, "the required argument for option '--lang' is missing", "选项 '--lang' 缺少必需的参数"},
      {{"--jobs", "abc", "x"}, "the argument ('abc') for option '--jobs' is invalid", "选项 '--jobs' 的参数无效"},
      {{"--li"},
       "option '--li' is ambiguous and matches '--list-rules', and '--list-scenarios'",
       "选项 '--li' 有歧义，可匹配 '--list-rules' 或 '--list-scenarios'"},
      {{"--help=3"}, "option '--help' does not take any arguments", "选项 '--help' 不接受参数"},
      {{"--format", "json", "--format", "text", "x"},
       "option '--format' cannot be specified more than once",
       "选项 '--format' 不能多次指定"},
  };
  for (const auto& c : cases) {
    INFO(c.en);
    auto en = run_env({}, c.args);
    CHECK(en.status == 2);
    CHECK(en.out == std::string("policylint: ") + c.en + "\n");
    auto zh = run_env({"LANG=zh_CN.UTF-8"}, c.args);
    CHECK(zh.status == 2);
    CHECK(zh.out == std::string("policylint: ") + c.zh + "\n");
    std::vector<std::string> args = {"--lang", "zh"};
    args.insert(args.end(), c.args.begin(), c.args.end());
    if (c.args.front() != "--lang") CHECK(run_env({}, args).out == zh.out);
  }
}
