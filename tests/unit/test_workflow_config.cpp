// .policylint.json parsing, globs, suppressions and baselines (library level).
#include <catch2/catch.hpp>

#include "policylint/config.hpp"
#include "policylint/engine.hpp"

using namespace policylint;

namespace {

const char* kBad = R"({
  "Version": "1",
  "Statement": [
    {"Effect": "allow", "Action": "oss:GetObject", "Resource": "acs:oss:*:*:logs/*"},
    {"Effect": "Allow", "Action": "oss:GetObject", "Resource": "acs:oss:*:*:logs/*"}
  ]
}
)";

std::vector<FileReport> lint(const std::string& path, const std::string& text) {
  LintOptions o;
  o.select = {"grammar/effect-invalid"};
  return {Linter(o).lint(path, text)};
}

}  // namespace

TEST_CASE("config: parse_config", "[workflow][config]") {
  std::vector<ConfigProblem> problems;

  SECTION("a complete configuration") {
    Config c = parse_config(".policylint.json", R"({
      "$schema": "x",
      "rules": {"grammar/unknown-key": "off", "grammar": "note", "grammar/effect-invalid": "on"},
      "failOn": "error",
      "include": ["*.json", "*.policy"],
      "exclude": ["fixtures/**"],
      "overrides": [{"files": ["trust/*.json"], "kind": "trust", "scenario": "replication-source-role"}],
      "accounts": {"prod": "1234567890123456", "logs": "6543210987654321"},
      "account": "prod",
      "suppressions": [{"rule": "grammar", "path": "legacy/**", "pointer": "/Statement/0", "reason": "old"}]
    })",
                            problems);
    CHECK(problems.empty());
    CHECK(c.fail_on == "error");
    CHECK(c.include.size() == 2);
    CHECK(c.account == "1234567890123456");
    REQUIRE(c.overrides.size() == 1);
    CHECK(*c.overrides[0].kind == Kind::Trust);
    REQUIRE(c.suppressions.size() == 1);
    CHECK(c.suppressions[0].pointer == "/Statement/0");
    LintOptions o;
    apply_config(c, o);
    CHECK(o.disable.count("grammar/unknown-key") == 1);
    CHECK(o.severity.at("grammar/effect-invalid") == Severity::Note);
    CHECK(o.settings.account == "1234567890123456");
  }

  SECTION("unknown keys and wrong types have their location") {
    std::string text =
        "{\n  \"rules\": {\"grammar/effect-invalid\": \"loud\"},\n  \"failon\": \"error\",\n"
        "  \"include\": \"*.json\",\n  \"suppressions\": [{\"rule\": \"grammar\", \"path\": \"x\"}],\n"
        "  \"account\": \"staging\"\n}\n";
    Config c = parse_config("cfg.json", text, problems);
    std::vector<std::string> got;
    for (const auto& p : problems) {
      Position pos = c.source.position(p.span.begin);
      got.push_back(std::to_string(pos.line) + ":" + std::to_string(pos.column) + " " + p.message);
    }
    REQUIRE(got.size() == 5);
    CHECK(got[0].starts_with("2:39 \"grammar/effect-invalid\" must be"));
    CHECK(got[1].starts_with("3:3 unknown key \"failon\""));
    CHECK(got[2] == "4:14 \"include\" must be an array of strings; found string");
    CHECK(got[3] == "5:20 a suppression needs a non-empty \"reason\"");
    CHECK(got[4].starts_with("6:14 \"account\" must name an entry of \"accounts\" or be a UID"));
  }

  SECTION("invalid JSON") {
    parse_config("cfg.json", "{\"rules\": ", problems);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].message.starts_with("invalid JSON"));
  }

  SECTION("unknown rule") {
    parse_config("cfg.json", R"({"rules": {"grammar/no-such-rule": "off"}})", problems);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].span.begin == 11);
  }
}

TEST_CASE("config: glob_match", "[workflow][config]") {
  CHECK(glob_match("*.json", "a/b/c.json"));
  CHECK_FALSE(glob_match("*.json", "a/b/c.yaml"));
  CHECK(glob_match("node_modules", "x/node_modules"));
  CHECK(glob_match("policies/*.json", "policies/a.json"));
  CHECK_FALSE(glob_match("policies/*.json", "policies/sub/a.json"));
  CHECK_FALSE(glob_match("policies/*.json", "other/policies/a.json"));
  CHECK(glob_match("policies/**/*.json", "policies/a.json"));
  CHECK(glob_match("policies/**/*.json", "policies/x/y/a.json"));
  CHECK(glob_match("**/trust-*.json", "a/b/trust-1.json"));
  CHECK(glob_match("./policies/**", "policies/a/b.json"));
  CHECK(glob_match("cmake-build-*", "cmake-build-debug"));
  CHECK(glob_match("file[0-9].json", "file7.json"));
  CHECK_FALSE(glob_match("file[!0-9].json", "file7.json"));
  CHECK(glob_match("a?c", "abc"));
  CHECK_FALSE(glob_match("a?c", "a/c"));
  // A pattern without '/' matches the last segment; empty segments and
  // trailing slashes do not count as segments.
  CHECK(glob_match("build", "x/build/"));
  CHECK(glob_match("build", "x//build"));
  CHECK(glob_match("build", "./build"));
  CHECK_FALSE(glob_match("build", "build/x"));
  CHECK_FALSE(glob_match("*", "/"));
  CHECK_FALSE(glob_match("*", "./"));
  CHECK(glob_match("*", "a"));
}

TEST_CASE("config: apply_suppressions", "[workflow][config]") {
  std::vector<ConfigProblem> problems;
  auto config = [&](const std::string& entry) {
    return parse_config(".policylint.json", R"({"suppressions": [)" + entry + "]}", problems);
  };

  SECTION("by rule and path") {
    Config c = config(R"({"rule": "grammar/effect-invalid", "path": "policies/*.json", "reason": "r"})");
    auto reports = lint("policies/a.json", kBad);
    REQUIRE(reports[0].findings.size() == 1);
    apply_suppressions(c, reports);
    CHECK(reports[0].findings.empty());
    CHECK(c.suppressions[0].matched == 1);
  }
  SECTION("a pointer limits the suppression to one node") {
    Config c = config(R"({"rule": "grammar", "path": "*.json", "pointer": "/Statement/1", "reason": "r"})");
    auto reports = lint("a.json", kBad);
    apply_suppressions(c, reports);
    CHECK(reports[0].findings.size() == 1);  // the finding is in statement 0
    CHECK(c.suppressions[0].matched == 0);
    Config c0 = config(R"({"rule": "grammar", "path": "*.json", "pointer": "/Statement/0/Effect", "reason": "r"})");
    apply_suppressions(c0, reports);
    CHECK(reports[0].findings.empty());
  }
  SECTION("another path or rule does not match") {
    Config c = config(R"({"rule": "grammar/effect-missing", "path": "*.json", "reason": "r"},
                         {"rule": "grammar/effect-invalid", "path": "other/*.json", "reason": "r"})");
    auto reports = lint("policies/a.json", kBad);
    apply_suppressions(c, reports);
    CHECK(reports[0].findings.size() == 1);
  }
}

TEST_CASE("config: baseline", "[workflow][config]") {
  auto reports = lint("policies/a.json", kBad);
  std::string text = make_baseline(reports, "");
  std::vector<ConfigProblem> problems;

  SECTION("survives line shifts") {
    auto baseline = parse_baseline(text, problems);
    REQUIRE(problems.empty());
    REQUIRE(baseline.size() == 1);
    CHECK(baseline[0].value == "\"allow\"");
    auto shifted = lint("policies/a.json", std::string("\n\n\n") + kBad);
    apply_baseline(baseline, shifted, "");
    CHECK(shifted[0].findings.empty());
    CHECK(baseline[0].matched == 1);
  }
  SECTION("a new offending value is reported") {
    auto baseline = parse_baseline(text, problems);
    std::string changed = kBad;
    changed.replace(changed.find("\"allow\""), 7, "\"ALLOW\"");
    auto now = lint("policies/a.json", changed);
    apply_baseline(baseline, now, "");
    CHECK(now[0].findings.size() == 1);
    CHECK(baseline[0].matched == 0);
  }
  SECTION("counts: a second identical finding is new") {
    auto baseline = parse_baseline(text, problems);
    std::string twice = kBad;
    twice.replace(twice.rfind("\"Allow\""), 7, "\"allow\"");
    auto now = lint("policies/a.json", twice);
    REQUIRE(now[0].findings.size() == 2);
    apply_baseline(baseline, now, "");
    CHECK(now[0].findings.size() == 1);
  }
  SECTION("a moved file no longer matches") {
    auto baseline = parse_baseline(text, problems);
    auto moved = lint("policies/b.json", kBad);
    apply_baseline(baseline, moved, "");
    CHECK(moved[0].findings.size() == 1);
  }
  SECTION("a broken baseline is a problem") {
    parse_baseline(R"({"findings": [{"path": "x"}]})", problems);
    CHECK(problems.size() == 1);
  }
}
