// Policies embedded in Terraform plans and ROS templates: found, linted with
// the kind their resource gives, and located in the outer file.
#include <catch2/catch.hpp>

#include "cli_util.hpp"
#include "policylint/engine.hpp"

using namespace policylint;
using namespace testutil;

namespace {

FileReport lint_file(const std::string& rel, LintOptions opts = {}) {
  auto path = source_dir() / rel;
  return Linter(std::move(opts)).lint(path.string(), slurp(path));
}

}  // namespace

TEST_CASE("extract: terraform plan", "[workflow][extract]") {
  FileReport r = lint_file("testdata/cli/workflow/terraform/plan-broken-trust.json");
  REQUIRE(r.is_policy);

  SECTION("the bad principal is located inside the escaped plan string") {
    // Line 15 holds planned_values' assume_role_policy_document; the number
    // 1234567890123456 in "RAM": [...] starts at column 209 after the \" and
    // \n escapes of the heredoc policy (checked by hand in the fixture).
    std::vector<const Finding*> principal;
    for (const auto& f : r.findings)
      if (f.rule == "grammar/value-type") principal.push_back(&f);
    REQUIRE(principal.size() == 1);  // planned_values wins over resource_changes: one root cause
    const Finding& f = *principal[0];
    CHECK(f.start.line == 15);
    CHECK(f.start.column == 209);
    CHECK(f.end.line == 15);
    CHECK(f.end.column == 225);
    CHECK(f.context == "alicloud_ram_role.replication");
    REQUIRE(f.kind);
    CHECK(*f.kind == Kind::Trust);
    CHECK(r.source.text().substr(f.span.begin, f.span.end - f.span.begin) == "1234567890123456");
  }

  SECTION("policies in child modules are linted with their resource's kind and stay clean") {
    for (const auto& f : r.findings) {
      if (f.context.starts_with("module.logs.alicloud_ram_policy")) CHECK(*f.kind == Kind::Permission);
      if (f.context.starts_with("module.logs.alicloud_oss_bucket_policy")) CHECK(*f.kind == Kind::Bucket);
      if (f.context.starts_with("module.logs")) CHECK(f.rule != "grammar/value-type");
      CHECK_FALSE(f.fix);  // edits inside an escaped string are never applied
    }
  }

  SECTION("the CLI prints the outer position") {
    RunResult out = run_cli({"--select", "grammar", "--format", "compact",
                             (source_dir() / "testdata/cli/workflow/terraform/plan-broken-trust.json").string()});
    CHECK(out.status == 1);
    CHECK(("\n" + out.out).find("\n15:209-15:225 error grammar/value-type ") != std::string::npos);
  }
}

TEST_CASE("extract: ROS template", "[workflow][extract]") {
  FileReport r = lint_file("testdata/cli/workflow/ros/template-broken.json");
  REQUIRE(r.is_policy);
  std::vector<std::string> seen;
  for (const auto& f : r.findings)
    seen.push_back(std::to_string(f.start.line) + ":" + std::to_string(f.start.column) + " " + f.rule + " " +
                   f.context);

  SECTION("findings name the logical id and point into the template") {
    CHECK(std::find(seen.begin(), seen.end(), "17:25 grammar/effect-invalid ReplicationRole") != seen.end());
    CHECK(std::find(seen.begin(), seen.end(), "36:31 grammar/value-type ReplicationRole.Policies[0]") != seen.end());
    CHECK(std::find(seen.begin(), seen.end(), "63:163 grammar/value-type LogBucket") != seen.end());
  }

  SECTION("values computed by ROS functions are not judged") {
    for (const auto& f : r.findings) {
      CHECK_FALSE((f.context == "ReadPolicy" && f.rule == "grammar/value-type"));
      CHECK_FALSE((f.start.line == 31 && f.rule == "grammar/value-type"));
    }
  }

  SECTION("object-embedded findings keep their fixes") {
    bool fixed = false;
    for (const auto& f : r.findings)
      if (f.rule == "grammar/effect-invalid" && f.fix) fixed = true;
    CHECK(fixed);
  }
}

TEST_CASE("extract: other JSON is not a policy", "[workflow][extract]") {
  SECTION("package.json") {
    FileReport r = Linter({}).lint("package.json", R"({"name": "x", "version": "1.0.0", "dependencies": {}})");
    CHECK_FALSE(r.is_policy);
    CHECK(r.findings.empty());
  }
  SECTION("a plan without policy resources") {
    FileReport r = Linter({}).lint(
        "plan.json",
        R"({"format_version": "1.2", "planned_values": {"root_module": {"resources": [{"address": "alicloud_vpc.main", "type": "alicloud_vpc", "values": {"cidr_block": "10.0.0.0/8"}}]}}})");
    CHECK_FALSE(r.is_policy);
    CHECK(r.findings.empty());
  }
  SECTION("unknown values in a plan are skipped") {
    FileReport r = Linter({}).lint(
        "plan.json",
        R"({"format_version": "1.2", "resource_changes": [{"address": "alicloud_ram_policy.p", "type": "alicloud_ram_policy", "change": {"after": {"policy_document": null}}}]})");
    CHECK_FALSE(r.is_policy);
  }
  SECTION("terraform state") {
    FileReport r = Linter({}).lint(
        "state.json",
        R"({"format_version": "1.0", "values": {"root_module": {"resources": [{"address": "alicloud_oss_bucket.b", "mode": "managed", "type": "alicloud_oss_bucket", "values": {"policy": "{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"allow\",\"Action\":[\"oss:GetObject\"],\"Principal\":[\"*\"],\"Resource\":[\"acs:oss:*:*:b/*\"]}]}"}}]}}})");
    REQUIRE(r.is_policy);
    bool found = false;
    for (const auto& f : r.findings)
      if (f.rule == "grammar/effect-invalid") {
        found = true;
        CHECK(f.context == "alicloud_oss_bucket.b");
        CHECK(*f.kind == Kind::Bucket);
        CHECK(r.source.text().substr(f.span.begin, f.span.end - f.span.begin) == "\\\"allow\\\"");
      }
    CHECK(found);
  }
}
