// The run as a library call and its order: suppressions and the baseline come
// before fixes, unused entries are findings of their own rules.
#include <rapidjson/document.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>

#include "cli_util.hpp"
#include "policylint/config.hpp"
#include "policylint/run.hpp"

namespace fs = std::filesystem;
using namespace testutil;

namespace {

// "Effect": "allow" is fixable (grammar/effect-invalid, safe fix "Allow").
const char* kFixable = R"({
  "Version": "1",
  "Statement": [
    {"Effect": "allow", "Action": ["oss:GetObject"], "Resource": ["acs:oss:*:*:example-logs/*"]}
  ]
}
)";

struct Scratch {
  fs::path root, old;
  Scratch() {
    root = fs::temp_directory_path() / ("policylint-run-" + std::to_string(::getpid()));
    fs::remove_all(root);
    fs::create_directories(root);
    old = fs::current_path();
    fs::current_path(root);
  }
  ~Scratch() {
    fs::current_path(old);
    fs::remove_all(root);
  }
  void write(const std::string& rel, const std::string& text) {
    fs::create_directories((root / rel).parent_path());
    std::ofstream(root / rel, std::ios::binary) << text;
  }
};

const char* kSuppressEffect = R"({
  "suppressions": [
    {"rule": "grammar/effect-invalid", "path": "p.json", "reason": "kept on purpose"}
  ]
}
)";

}  // namespace

TEST_CASE("run: a configured suppression stops --fix from touching the file", "[run][cli]") {
  Scratch s;
  s.write("p.json", kFixable);
  s.write(".policylint.json", kSuppressEffect);
  RunResult r = run_cli({"--fix", "p.json"}, true);
  CHECK(slurp(s.root / "p.json") == kFixable);
  CHECK(r.out.find("fixed") == std::string::npos);
  CHECK(r.status == 0);

  // Without the suppression the same call rewrites the file and says so.
  fs::remove(s.root / ".policylint.json");
  r = run_cli({"--fix", "p.json"}, true);
  CHECK(slurp(s.root / "p.json").find("\"Allow\"") != std::string::npos);
  CHECK(r.out.find("fixed 1 of 1 fixable finding in p.json") != std::string::npos);
  CHECK(r.status == 0);
}

TEST_CASE("run: under --fix a Terraform file is read as it is on disk, not as its module was read",
          "[run][cli][terraform]") {
  // The run reads a module's .tf files once and lints each from that read;
  // under --fix a file may change after it: named twice, or through a link.
  Scratch s;
  const std::string tf = R"(resource "alicloud_ram_policy" "p" {
  policy_name     = "p"
  policy_document = <<EOF
{"Version": "1", "Statement": [{"Effect": "allow", "Action": "oss:GetObject", "Resource": "acs:oss:*:*:b/*"}]}
EOF
}
)";
  auto count = [](const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
  };
  s.write("d/main.tf", tf);
  RunResult r = run_cli({"--no-config", "--fix", "--jobs", "1", "d", "d/main.tf"}, true);
  CHECK(count(r.out, "fixed 1 of 1 fixable finding") == 1);
  CHECK(count(slurp(s.root / "d/main.tf"), "\"Allow\"") == 1);
  // A link to the file is linted after the file is fixed: nothing left to
  // fix, and the link stays a link.
  s.write("e/main.tf", tf);
  fs::create_symlink("main.tf", s.root / "e/z.tf");
  r = run_cli({"--no-config", "--fix", "--jobs", "1", "e"}, true);
  CHECK(count(r.out, "fixed 1 of 1 fixable finding") == 1);
  CHECK(fs::is_symlink(s.root / "e/z.tf"));
  CHECK(slurp(s.root / "e/z.tf").find("\"Allow\"") != std::string::npos);
}

TEST_CASE("run: a baselined finding is not fixed", "[run][cli]") {
  Scratch s;
  s.write("p.json", kFixable);
  RunResult r = run_cli({"--no-config", "--write-baseline", "b.json", "p.json"});
  REQUIRE(r.status == 0);
  r = run_cli({"--no-config", "--baseline", "b.json", "--fix", "p.json"});
  CHECK(slurp(s.root / "p.json") == kFixable);
  CHECK(r.status == 0);
}

TEST_CASE("run: an unused suppression is a finding in every format", "[run][cli]") {
  Scratch s;
  std::string ok = kFixable;
  ok.replace(ok.find("\"allow\""), 7, "\"Allow\"");
  s.write("p.json", ok);
  s.write(".policylint.json", kSuppressEffect);

  RunResult r = run_cli({"--format", "json", "p.json"});
  CHECK(r.status == 0);  // a note
  rapidjson::Document j;
  REQUIRE_FALSE(j.Parse(r.out.c_str()).HasParseError());
  bool found = false;
  for (const auto& f : j["findings"].GetArray())
    if (std::string(f["rule"].GetString()) == "config/unused-suppression") {
      found = true;
      CHECK(std::string(f["severity"].GetString()) == "note");
      CHECK(f["line"].GetInt() == 3);
      CHECK(std::string(f["path"].GetString()).ends_with(".policylint.json"));
    }
  CHECK(found);

  r = run_cli({"--format", "sarif", "p.json"});
  rapidjson::Document sarif;
  REQUIRE_FALSE(sarif.Parse(r.out.c_str()).HasParseError());
  const auto& results = sarif["runs"][0]["results"];
  REQUIRE(results.Size() == 1);
  CHECK(std::string(results[0]["ruleId"].GetString()) == "config/unused-suppression");

  // --fail-on note makes it count; disabling the rule silences it.
  CHECK(run_cli({"--fail-on", "note", "p.json"}).status == 1);
  CHECK(run_cli({"--disable", "config/unused-suppression", "--format", "compact", "p.json"}).out.empty());
}

TEST_CASE("run: an unused baseline entry is a finding at the entry", "[run][cli]") {
  Scratch s;
  s.write("p.json", kFixable);
  REQUIRE(run_cli({"--no-config", "--write-baseline", "b.json", "p.json"}).status == 0);
  std::string ok = kFixable;
  ok.replace(ok.find("\"allow\""), 7, "\"Allow\"");
  s.write("p.json", ok);
  RunResult r = run_cli({"--no-config", "--baseline", "b.json", "--format", "json", "p.json"});
  CHECK(r.status == 0);
  CHECK(r.out.find("\"rule\":\"baseline/unused-entry\"") != std::string::npos);
  CHECK(r.out.find("\"path\":\"b.json\"") != std::string::npos);
}

TEST_CASE("run: --explain knows the run's own rules and families", "[run][cli]") {
  RunResult r = run_cli({"--explain", "config/unused-suppression"});
  CHECK(r.status == 0);
  CHECK(r.out.starts_with("id: config/unused-suppression"));
  r = run_cli({"--explain", "baseline/unused-entry"});
  CHECK(r.status == 0);
  r = run_cli({"--explain", "replication"});
  CHECK(r.status == 0);
  CHECK(r.out.find("replication/") != std::string::npos);
  CHECK(run_cli({"--explain", "no-such-family"}).status == 2);
}

TEST_CASE("run: an account that is not a UID or a configured name is a usage error", "[run][cli]") {
  Scratch s;
  s.write("p.json", kFixable);
  CHECK(run_cli({"--no-config", "--account", "abc", "p.json"}).status == 2);
  CHECK(run_cli({"--no-config", "--account", "12345678", "p.json"}).status == 2);
  CHECK(run_cli({"--no-config", "--account", "1234567890123456", "--select", "grammar", "p.json"}).status == 1);
}

TEST_CASE("run: a run that finds no policy says so", "[run][cli]") {
  Scratch s;
  s.write("package.json", R"({"name": "x", "version": "1.0.0"})");
  RunResult r = run_cli({"--no-config", "."}, true);
  CHECK(r.status == 0);
  CHECK(r.out.find("no policy document found in 1 file") != std::string::npos);
}

TEST_CASE("run: the library entry point", "[run]") {
  Scratch s;
  s.write("a/p.json", kFixable);
  s.write("a/q.json", R"({"Version": "1", "Statement": []})");
  s.write("a/skip.txt", "not linted");
  policylint::RunOptions options;
  options.paths = {"a"};
  options.jobs = 2;
  std::vector<std::string> logged;
  policylint::RunResult result = policylint::run(
      options, policylint::Config{}, [&](policylint::LogLevel, const std::string& m) { logged.push_back(m); });
  CHECK(result.errors.empty());
  CHECK(result.files == 2);
  CHECK(result.documents == 2);
  REQUIRE(result.reports.size() == 2);
  CHECK(result.reports[0].path == "a/p.json");
  CHECK(result.reports[1].path == "a/q.json");
  CHECK_FALSE(result.reports[0].findings.empty());
  REQUIRE(result.reports[0].documents.size() == 1);
  CHECK(result.reports[0].documents[0].start.line == 1);
  CHECK_FALSE(logged.empty());

  options.paths = {"missing.json", "a/q.json"};
  result = policylint::run(options, policylint::Config{});
  REQUIRE(result.errors.size() == 1);
  CHECK(result.errors[0].starts_with("missing.json: cannot read"));
  CHECK(result.reports.size() == 1);

  options.paths = {"a/p.json"};
  options.baseline_path = "no-such-baseline.json";
  CHECK_THROWS_AS(policylint::run(options, policylint::Config{}), policylint::RunError);
}

TEST_CASE("run: a report held until the end keeps no room for findings it will not get", "[run]") {
  // Reports wait for the end when no on_report takes them as they come (and
  // in runs with Terraform modules, until the setup proof): a vector of
  // findings grown by doubling is up to half empty, and a run of many files
  // holds one per file.
  Scratch s;
  std::string statements;
  for (int i = 0; i < 5; ++i)
    statements += std::string(i ? "," : "") +
                  R"({"Effect": "allow", "Action": "oss:GetObject", "Resource": "acs:oss:*:*:b)" + std::to_string(i) +
                  R"(/*"})";
  s.write("p.json", R"({"Version": "1", "Statement": [)" + statements + "]}\n");
  policylint::RunOptions options;
  options.paths = {"p.json"};
  policylint::RunResult result = policylint::run(options, policylint::Config{});
  REQUIRE(result.reports.size() == 1);
  const auto& findings = result.reports[0].findings;
  REQUIRE(findings.size() >= 5);    // grammar/effect-invalid in each statement
  CHECK(findings.size() % 8 != 0);  // not a size the lint's own reserve would fill exactly
  CHECK(findings.capacity() == findings.size());
}

TEST_CASE("run: the log is given no message below the level the run asks for", "[run]") {
  Scratch s;
  s.write("a/p.json", kFixable);
  s.write("a/none.json", R"({"name": "not a policy"})");
  s.write("a/node_modules/x.json", kFixable);
  using policylint::LogLevel;
  auto levels = [&](LogLevel least) {
    policylint::RunOptions options;
    options.paths = {"a"};
    options.exclude = {"a/node_modules"};
    options.log_level = least;
    std::vector<LogLevel> logged;
    policylint::run(options, policylint::Config{},
                    [&](LogLevel level, const std::string&) { logged.push_back(level); });
    return logged;
  };
  auto count = [](const std::vector<LogLevel>& v, LogLevel l) { return std::count(v.begin(), v.end(), l); };
  // By default every line: the files linted and their documents (debug), the
  // file that holds no policy (info).
  const auto all = levels(LogLevel::Debug);
  CHECK(count(all, LogLevel::Debug) >= 3);
  CHECK(count(all, LogLevel::Info) == 1);
  const auto info = levels(LogLevel::Info);
  CHECK(count(info, LogLevel::Debug) == 0);
  CHECK(count(info, LogLevel::Info) == 1);
  CHECK(levels(LogLevel::Warning).empty());
}

TEST_CASE("run: the README shows the library example as it is built and tested", "[run]") {
  std::string readme = slurp(source_dir() / "README.md");
  std::string example = slurp(source_dir() / "tests/library/example.cpp");
  REQUIRE_FALSE(example.empty());
  CHECK(readme.find("```cpp\n" + example + "```") != std::string::npos);
}
