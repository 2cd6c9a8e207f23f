// Scenarios (rules/requirements/) and intent inference, and the seed
// examples under every declared and inferred intent.
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <set>
#include <sstream>

#include "cli_util.hpp"
#include "policylint/engine.hpp"
#include "policylint/scenario.hpp"

using namespace policylint;
namespace fs = std::filesystem;

namespace {

std::vector<Finding> lint(const std::string& text, const std::string& scenario = {}) {
  LintOptions o;
  o.select = {"replication", "migration"};
  o.settings.scenario = scenario;
  return Linter(o).lint("t.json", text).findings;
}

std::string ids(const std::vector<Finding>& fs) {
  std::string out;
  for (const auto& f : fs) out += f.rule + " " + std::string(to_string(f.severity)) + ": " + f.message + "\n";
  return out;
}

}  // namespace

TEST_CASE("scenarios: data", "[scenario]") {
  SECTION("every scenario has a kind and a description") {
    REQUIRE(scenarios().size() >= 8);
    for (const auto& s : scenarios()) {
      INFO(s.name);
      CHECK_FALSE(s.description.empty());
    }
  }
  SECTION("lookup") {
    REQUIRE(find_scenario("replication-trust") != nullptr);
    CHECK(find_scenario("replication-trust")->kind == Kind::Trust);
    CHECK(find_scenario("migration-dest-bucket-policy")->kind == Kind::Bucket);
    CHECK(find_scenario("no-such-scenario") == nullptr);
  }
  SECTION("the CLI rejects an unknown scenario") {
    auto r = testutil::run_cli({"--scenario", "no-such-scenario",
                                (testutil::source_dir() / "testdata/examples/001-replication-trust.json").string()},
                               true);
    CHECK(r.status == 2);
    CHECK(r.out.find("--list-scenarios") != std::string::npos);
  }
  SECTION("--list-scenarios") {
    auto r = testutil::run_cli({"--list-scenarios"});
    CHECK(r.status == 0);
    CHECK(r.out.find("replication-source-role-policy  permission  ") != std::string::npos);
  }
}

TEST_CASE("scenarios: seed examples lint clean, declared and inferred", "[scenario][examples]") {
  fs::path dir = testutil::source_dir() / "testdata/examples";
  std::ifstream manifest(dir / "manifest.tsv");
  REQUIRE(manifest);
  int checked = 0;
  for (std::string line; std::getline(manifest, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string file, kind, scenario;
    std::getline(fields, file, '\t');
    std::getline(fields, kind, '\t');
    std::getline(fields, scenario, '\t');
    bool as_documented = file.rfind("as-documented/", 0) == 0;
    std::string text = testutil::slurp(dir / file);
    std::vector<std::string> runs = {""};
    if (scenario != "-" && find_scenario(scenario) != nullptr) runs.push_back(scenario);
    for (const auto& s : runs) {
      DYNAMIC_SECTION(file << " --scenario " << (s.empty() ? "(inferred)" : s)) {
        auto found = lint(text, s);
        INFO(ids(found));
        for (const auto& f : found) {
          // Placeholders are other rules' findings; ours stay at note level on
          // every seed example and say nothing on realistic policies.
          CHECK(f.severity == Severity::Note);
          if (file.rfind("realistic/", 0) == 0) CHECK(false);
        }
        (void)as_documented;
        ++checked;
      }
    }
  }
  CHECK(checked > 0);
}

TEST_CASE("scenarios: inference is conservative", "[scenario][infer]") {
  SECTION("a policy that reads a bucket is no migration role policy") {
    auto f = lint(R"({"Version":"1","Statement":[{"Effect":"Allow","Action":["oss:List*","oss:Get*"],
      "Resource":["acs:oss:*:*:data/*"]}]})");
    CHECK(f.empty());
  }
  SECTION("an upload policy with oss:Put* alone is no migration role policy") {
    auto f = lint(R"({"Version":"1","Statement":[{"Effect":"Allow","Action":["oss:Put*"],
      "Resource":["acs:oss:*:*:uploads/*"]}]})");
    CHECK(f.empty());
  }
  SECTION("a replication-rule creator (ReplicateGet only) is no replication role") {
    auto f = lint(R"({"Version":"1","Statement":[{"Effect":"Allow",
      "Action":["oss:PutBucketReplication","oss:ReplicateGet"],"Resource":["acs:oss:*:*:src"]}]})");
    CHECK(f.empty());
  }
  SECTION("a missing /* on an inferred source policy is a warning naming the scenario to declare") {
    auto f = lint(R"({"Version":"1","Statement":[{"Effect":"Allow",
      "Action":["oss:ReplicateList","oss:ReplicateGet"],"Resource":["acs:oss:*:*:src"]}]})");
    REQUIRE(f.size() == 1);
    CHECK(f[0].rule == "replication/missing-resource-form");
    CHECK(f[0].severity == Severity::Warning);
    // A short tail; how it was inferred is scenario/inferred's note.
    CHECK(f[0].message.ends_with(" (inferred scenario replication-source-role-policy)"));
    CHECK(f[0].message.find("make \"") == std::string::npos);
  }
  SECTION("the same policy declared is an error") {
    auto f = lint(R"({"Version":"1","Statement":[{"Effect":"Allow",
      "Action":["oss:ReplicateList","oss:ReplicateGet"],"Resource":["acs:oss:*:*:src"]}]})",
                  "replication-source-role-policy");
    REQUIRE(f.size() == 1);
    CHECK(f[0].severity == Severity::Error);
    CHECK(f[0].message.find("inferred") == std::string::npos);
  }
  SECTION("a declared scenario of another kind leaves the document to inference") {
    auto f = lint(R"({"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",
      "Principal":{"Service":["ecs.aliyuncs.com"]}}]})",
                  "replication-source-role-policy");
    CHECK(f.empty());
  }
  SECTION("a conditional Deny does not take a grant away; an unconditional one does") {
    std::string allow = R"({"Effect":"Allow","Action":["oss:ReplicateList","oss:ReplicateGet"],
      "Resource":["acs:oss:*:*:src","acs:oss:*:*:src/*"]})";
    auto cond = lint(R"({"Version":"1","Statement":[)" + allow + R"(,{"Effect":"Deny","Action":"oss:*",
      "Resource":"*","Condition":{"Bool":{"acs:SecureTransport":"false"}}}]})");
    CHECK(cond.empty());
    auto hard = lint(R"({"Version":"1","Statement":[)" + allow + R"(,{"Effect":"Deny","Action":"oss:ReplicateGet",
      "Resource":"acs:oss:*:*:src/*"}]})");
    REQUIRE(hard.size() == 1);
    CHECK(hard[0].rule == "replication/missing-resource-form");
  }
}

namespace {

std::vector<Finding> lint_with_note(const std::string& text, std::set<std::string> select,
                                    const std::string& scenario = {}) {
  LintOptions o;
  o.select = std::move(select);
  o.settings.scenario = scenario;
  return Linter(o).lint("t.json", text).findings;
}

std::size_t count(const std::vector<Finding>& fs, std::string_view rule) {
  return static_cast<std::size_t>(
      std::count_if(fs.begin(), fs.end(), [&](const Finding& f) { return f.rule == rule; }));
}

// Two gaps of an inferred source role policy: the bucket of one statement
// lacks "/*", the other's lacks the bucket ARN.
const std::string kTwoGaps = R"({"Version":"1","Statement":[
  {"Effect":"Allow","Action":["oss:ReplicateList","oss:ReplicateGet"],"Resource":["acs:oss:*:*:src-a"]},
  {"Effect":"Allow","Action":["oss:ReplicateList","oss:ReplicateGet"],"Resource":["acs:oss:*:*:src-b/*"]}]})";

}  // namespace

TEST_CASE("scenarios: how a scenario was inferred is said once per document", "[scenario][infer]") {
  SECTION("one note for several findings, at the value that decided the inference") {
    auto f = lint_with_note(kTwoGaps, {"replication", "scenario"});
    INFO(ids(f));
    REQUIRE(count(f, "replication/missing-resource-form") == 2);
    REQUIRE(count(f, "scenario/inferred") == 1);
    for (const auto& x : f) {
      if (x.rule == "scenario/inferred") {
        CHECK(x.severity == Severity::Note);
        CHECK(
            x.message.starts_with("inferred scenario \"replication-source-role-policy\" because it grants "
                                  "\"oss:ReplicateList\" but no oss:ReplicatePut: this document was taken for a "));
        CHECK(x.message.find("make \"replication-source-role-policy\" the declared scenario") != std::string::npos);
        // The library names no command-line flag; the command line says how to declare it.
        CHECK(x.message.find("--") == std::string::npos);
        // At the first "oss:ReplicateList" of the document (line 2).
        CHECK(x.span.begin == kTwoGaps.find("\"oss:ReplicateList\""));
      } else {
        CHECK(x.message.ends_with(" (inferred scenario replication-source-role-policy)"));
      }
    }
  }
  SECTION("selected alone, the note still appears (the scenario rules run for it)") {
    auto f = lint_with_note(kTwoGaps, {"scenario/inferred"});
    INFO(ids(f));
    REQUIRE(f.size() == 1);
    CHECK(f[0].rule == "scenario/inferred");
  }
  SECTION("no note when nothing rests on the inference") {
    // Complete: nothing reported.
    CHECK(lint_with_note(R"({"Version":"1","Statement":[{"Effect":"Allow",
      "Action":["oss:ReplicateList","oss:ReplicateGet"],"Resource":["acs:oss:*:*:src","acs:oss:*:*:src/*"]}]})",
                         {"replication", "scenario"})
              .empty());
    // Only a note that does not depend on the guess (ReplicateDelete granted).
    auto del = lint_with_note(R"({"Version":"1","Statement":[{"Effect":"Allow",
      "Action":["oss:ReplicateList","oss:ReplicateGet","oss:ReplicatePut","oss:ReplicateDelete"],
      "Resource":["acs:oss:*:*:dst","acs:oss:*:*:dst/*"]}]})",
                              {"replication", "scenario"});
    INFO(ids(del));
    CHECK(count(del, "replication/delete-granted") == 1);
    CHECK(count(del, "scenario/inferred") == 0);
    // No scenario at all.
    CHECK(lint_with_note(R"({"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:GetObject",
      "Resource":"acs:oss:*:*:b/*"}]})",
                         {"scenario/inferred"})
              .empty());
  }
  SECTION("no note when the scenario is declared: the findings keep their severity and have no tail") {
    auto f = lint_with_note(kTwoGaps, {"replication", "scenario"}, "replication-source-role-policy");
    INFO(ids(f));
    CHECK(count(f, "scenario/inferred") == 0);
    REQUIRE(count(f, "replication/missing-resource-form") == 2);
    for (const auto& x : f) {
      CHECK(x.severity == Severity::Error);
      CHECK(x.message.find("inferred") == std::string::npos);
    }
  }
  SECTION("every format carries the note") {
    fs::path file = fs::temp_directory_path() / ("policylint-inferred-" + std::to_string(::getpid()) + ".json");
    std::ofstream(file) << kTwoGaps;
    for (std::string format : {"text", "compact", "json", "sarif"}) {
      INFO(format);
      auto r = testutil::run_cli({"--format", format, file.string()});
      CHECK(r.out.find("scenario/inferred") != std::string::npos);
      CHECK(r.out.find("inferred scenario replication-source-role-policy") != std::string::npos);
    }
    fs::remove(file);
  }
}
