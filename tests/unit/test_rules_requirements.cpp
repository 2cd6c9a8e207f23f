// The one requirement check of the replication and migration families
// (rules/requirements/actions.tsv): each gap is reported once, by all rules
// together, naming what is missing where.
#include <algorithm>
#include <catch2/catch.hpp>
#include <string>

#include "policylint/engine.hpp"
#include "policylint/rule.hpp"

using namespace policylint;

namespace {

std::vector<Finding> lint_all(const std::string& text, const std::string& scenario = {}) {
  LintOptions o;  // every rule
  o.settings.scenario = scenario;
  return Linter(o).lint("t.json", text).findings;
}

std::string listing(const std::vector<Finding>& fs) {
  std::string out;
  for (const auto& f : fs) out += f.rule + " " + std::string(to_string(f.severity)) + ": " + f.message + "\n";
  return out;
}

const std::string kMigrationBucketOnly = R"({
  "Version": "1",
  "Statement": [{
    "Effect": "Allow",
    "Action": ["oss:List*", "oss:Get*", "oss:Put*", "oss:AbortMultipartUpload"],
    "Resource": ["acs:oss:*:*:migration-dest"]
  }]
})";

}  // namespace

TEST_CASE("requirements: a migration role policy missing only the /* ARN gives one finding", "[requirements]") {
  for (std::string scenario : {"", "migration-role-policy"}) {
    INFO("scenario: " << (scenario.empty() ? "inferred" : scenario));
    auto fs = lint_all(kMigrationBucketOnly, scenario);
    INFO(listing(fs));
    // Inferred, scenario/inferred says once how (a note after the finding).
    if (scenario.empty()) {
      auto note = std::find_if(fs.begin(), fs.end(), [](const Finding& f) { return f.rule == "scenario/inferred"; });
      REQUIRE(note != fs.end());
      fs.erase(note);
    }
    REQUIRE(fs.size() == 1);
    const Finding& f = fs.front();
    CHECK(f.rule == "migration/missing-resource-form");
    CHECK(f.severity == (scenario.empty() ? Severity::Warning : Severity::Error));
    // It names the missing form, and AbortMultipartUpload among the actions
    // granted only on the bucket ARN (not as "not granted").
    CHECK(f.message.find("not on \"acs:oss:*:*:migration-dest/*\"") != std::string::npos);
    CHECK(f.message.find("\"oss:AbortMultipartUpload\" are allowed") != std::string::npos);
    CHECK(f.message.find("is not granted") == std::string::npos);
    REQUIRE(f.fix);
    CHECK(f.fix->safe);
  }
}

TEST_CASE("requirements: an action granted nowhere is still 'not granted'", "[requirements]") {
  auto fs = lint_all(R"({"Version": "1", "Statement": [{"Effect": "Allow",
      "Action": ["oss:List*", "oss:Get*", "oss:Put*"],
      "Resource": ["acs:oss:*:*:migration-dest", "acs:oss:*:*:migration-dest/*"]}]})",
                     "migration-role-policy");
  INFO(listing(fs));
  REQUIRE(fs.size() == 1);
  CHECK(fs.front().rule == "migration/missing-action");
  CHECK(fs.front().message.find("is not granted \"oss:AbortMultipartUpload\"") != std::string::npos);
}

TEST_CASE("requirements: a replication destination missing the /* ARN gives one finding", "[requirements]") {
  auto fs = lint_all(R"({"Version": "1", "Statement": [{"Effect": "Allow",
      "Action": ["oss:ReplicateList", "oss:ReplicateGet", "oss:ReplicatePut"],
      "Resource": ["acs:oss:*:*:dest-bucket-1"]}]})",
                     "replication-dest-role-policy");
  INFO(listing(fs));
  REQUIRE(fs.size() == 1);
  CHECK(fs.front().rule == "replication/missing-resource-form");
  CHECK(fs.front().message ==
        "\"oss:ReplicateList\", \"oss:ReplicateGet\" and \"oss:ReplicatePut\" are allowed on replication destination "
        "\"dest-bucket-1\" only on the bucket ARN, not on \"acs:oss:*:*:dest-bucket-1/*\"");
}

TEST_CASE("requirements: resource/oss-level-mismatch keeps gaps outside a scenario", "[requirements]") {
  // No migration or replication intent: the level mismatch is its own finding.
  auto fs = lint_all(R"({"Version": "1", "Statement": [{"Effect": "Allow",
      "Action": ["oss:AbortMultipartUpload"], "Resource": ["acs:oss:*:*:logs"]}]})");
  INFO(listing(fs));
  REQUIRE(fs.size() == 1);
  CHECK(fs.front().rule == "resource/oss-level-mismatch");
}

TEST_CASE("requirements: a document's facts are made once and kept with its Context", "[requirements][facts]") {
  Source src("t.json", kMigrationBucketOnly);
  json::Document doc = json::parse(src.text());
  REQUIRE(doc.ok());
  Policy policy = build_policy(doc.root());
  Settings settings;
  Reporter out;
  // Built as the engine builds it: the cache member keeps its default.
  Context ctx{src, doc, policy, settings, out};
  CHECK(ctx.facts_cache == nullptr);
  const rules::Facts* first = &ctx.facts();
  CHECK(ctx.facts_cache != nullptr);
  CHECK(&ctx.facts() == first);
  // Every rule of the run reads the same facts. A check function listed
  // under several ids (the requirement check has four) runs once, as the
  // engine runs it.
  std::vector<CheckFn> ran;
  for (const RuleImpl& r : registered_rules()) {
    if (r.check == nullptr || std::find(ran.begin(), ran.end(), r.check) != ran.end()) continue;
    ran.push_back(r.check);
    r.check(ctx);
  }
  CHECK(&ctx.facts() == first);
  std::size_t form_findings = 0;
  for (const auto& f : out.findings()) form_findings += f.rule == "migration/missing-resource-form" ? 1 : 0;
  CHECK(form_findings == 1);
}
