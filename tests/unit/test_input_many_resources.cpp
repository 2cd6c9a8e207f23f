// Terraform modules and plans with many resources: the readers find each
// document once through sets and maps (they compared every resource with
// every other one before), with the same documents, contexts and order as
// the rule "first one wins" gives.
#include <catch2/catch.hpp>
#include <string>

#include "../../lib/src/input/terraform.hpp"
#include "policylint/engine.hpp"

using namespace policylint;

namespace {

std::string num(int i) { return std::to_string(i); }

}  // namespace

TEST_CASE("terraform: many resources share a local, many data sources", "[terraform]") {
  const int n = 300;
  std::string tf = "locals {\n  p = { Version = \"1\", Statement = [{ Effect = \"Allow\", Action = \"ecs:*\" }] }\n}\n";
  for (int i = 0; i < n; ++i) {
    // Every resource takes the one local: one document, at the local.
    tf += "resource \"alicloud_ram_policy\" \"p" + num(i) + "\" {\n  policy_document = jsonencode(local.p)\n}\n";
    // Data sources: the even ones used by a resource (twice for a multiple
    // of four), the odd ones by none; a second block of a name is ignored.
    tf += "data \"alicloud_ram_policy_document\" \"d" + num(i) + "\" {\n  statement {\n    action = [\"ecs:Get" +
          num(i) + "\"]\n  }\n}\n";
    tf += "data \"alicloud_ram_policy_document\" \"d" + num(i) +
          "\" {\n  statement {\n    action = [\"ecs:Other\"]\n  }\n}\n";
    if (i % 2 == 0)
      tf += "resource \"alicloud_ram_policy\" \"u" + num(i) +
            "\" {\n  policy_document = data.alicloud_ram_policy_document.d" + num(i) + ".document\n}\n";
    if (i % 4 == 0)
      tf += "resource \"alicloud_ram_role\" \"v" + num(i) +
            "\" {\n  assume_role_policy_document = data.alicloud_ram_policy_document.d" + num(i) + ".document\n}\n" +
            "resource \"alicloud_ram_policy\" \"w" + num(i) +
            "\" {\n  policy_document = data.alicloud_ram_policy_document.d" + num(i) + ".document\n}\n";
  }
  Extraction ex = input::read_terraform(tf, json::Limits{});
  REQUIRE(ex.problems.empty());
  // The local, then per data source: used ones once per kind, unused ones once.
  REQUIRE(ex.documents.size() == 1 + n + n / 4);
  CHECK(ex.documents[0].context == "alicloud_ram_policy.p0");
  CHECK(ex.documents[0].form == DocumentForm::Jsonencode);
  std::size_t k = 1;
  for (int i = 0; i < n; ++i) {
    INFO("data source " << i);
    const ExtractedDocument& d = ex.documents[k++];
    CHECK(d.form == DocumentForm::DataSource);
    CHECK(d.text.find("ecs:Get" + num(i) + "\"") != std::string::npos);
    if (i % 2 == 1) {
      CHECK(d.context == "data.alicloud_ram_policy_document.d" + num(i));
      CHECK_FALSE(d.kind);
      continue;
    }
    CHECK(d.context == "alicloud_ram_policy.u" + num(i));
    CHECK(d.kind == Kind::Permission);
    if (i % 4 != 0) continue;
    const ExtractedDocument& trust = ex.documents[k++];
    CHECK(trust.context == "alicloud_ram_role.v" + num(i));
    CHECK(trust.kind == Kind::Trust);
  }
}

TEST_CASE("terraform plan: many resources, each document once", "[terraform]") {
  const int n = 300;
  std::string res, changes;
  for (int i = 0; i < n; ++i) {
    std::string doc =
        "{\\\"Version\\\": \\\"1\\\", \\\"Statement\\\": [{\\\"Effect\\\": \\\"Allow\\\", "
        "\\\"Action\\\": \\\"ecs:Describe" +
        num(i) + "\\\", \\\"Resource\\\": \\\"*\\\"}]}";
    std::string addr = "alicloud_ram_policy.p" + num(i);
    res += std::string(i ? "," : "") + "{\"address\": \"" + addr +
           "\", \"type\": \"alicloud_ram_policy\", \"values\": {\"policy_document\": \"" + doc + "\"}}";
    // The changes list each resource again (found already) and, for every
    // third one, a second address only they hold.
    changes += std::string(i ? "," : "") + "{\"address\": \"" + addr +
               "\", \"type\": \"alicloud_ram_policy\", \"change\": {\"after\": {\"policy_document\": \"" + doc +
               "\"}}}";
    if (i % 3 == 0)
      changes += ",{\"address\": \"" + addr +
                 "x\", \"type\": \"alicloud_ram_policy\", \"change\": {\"after\": " + "{\"document\": \"" + doc +
                 "\"}}}";
  }
  std::string plan = "{\"format_version\": \"1.2\", \"planned_values\": {\"root_module\": {\"resources\": [" + res +
                     "]}}, \"resource_changes\": [" + changes + "]}";
  Linter linter{LintOptions{}};
  FileReport r = linter.lint("plan.json", plan);
  REQUIRE(r.documents.size() == static_cast<std::size_t>(n + (n + 2) / 3));
  // In file order: the planned values, then the changes that added one.
  for (int i = 0; i < n; ++i)
    CHECK(r.documents[static_cast<std::size_t>(i)].context == "alicloud_ram_policy.p" + num(i));
  for (int i = 0; i < n; i += 3)
    CHECK(r.documents[static_cast<std::size_t>(n + i / 3)].context == "alicloud_ram_policy.p" + num(i) + "x");
}
