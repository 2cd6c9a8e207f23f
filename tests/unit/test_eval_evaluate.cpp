#include <catch2/catch.hpp>
#include <string>

#include "policylint/eval.hpp"
#include "policylint/json.hpp"

using namespace policylint;
using eval::Decision;

namespace {

// A parsed document and its model; the model points into the document.
struct Parsed {
  explicit Parsed(std::string t) : text(std::move(t)), doc(json::parse(text)), policy(build_policy(doc.root())) {}
  std::string text;
  json::Document doc;
  Policy policy;
};

Decision decide(const Parsed& p, std::string_view action, std::string_view resource = "",
                std::string_view principal = "") {
  return eval::evaluate(p.policy, eval::Request{action, resource, principal}).decision;
}

}  // namespace

TEST_CASE("covers_action with Action and NotAction", "[eval]") {
  Parsed p(R"({"Version":"1","Statement":[
    {"Effect":"Allow","Action":["oss:Get*","ecs:DescribeInstances"],"Resource":"*"},
    {"Effect":"Allow","NotAction":"ram:*","Resource":"*"},
    {"Effect":"Allow","Resource":"*"}]})");
  const auto& s = p.policy.statements;
  REQUIRE(s.size() == 3);
  SECTION("Action") {
    CHECK(eval::covers_action(s[0], "oss:GetObject"));
    CHECK(eval::covers_action(s[0], "OSS:getobject"));
    CHECK(eval::covers_action(s[0], "ecs:DescribeInstances"));
    CHECK_FALSE(eval::covers_action(s[0], "oss:PutObject"));
  }
  SECTION("NotAction covers everything else") {
    CHECK(eval::covers_action(s[1], "oss:PutObject"));
    CHECK_FALSE(eval::covers_action(s[1], "ram:CreateUser"));
    CHECK_FALSE(eval::covers_action(s[1], "RAM:CreateUser"));
  }
  SECTION("neither covers nothing") { CHECK_FALSE(eval::covers_action(s[2], "oss:GetObject")); }
}

TEST_CASE("covers_resource with Resource, NotResource and none", "[eval]") {
  Parsed p(R"({"Version":"1","Statement":[
    {"Effect":"Allow","Action":"oss:*","Resource":["acs:oss:*:*:b","acs:oss:*:*:b/*"]},
    {"Effect":"Allow","Action":"oss:*","NotResource":"acs:oss:*:*:secret/*"},
    {"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":"ecs.aliyuncs.com"}}]})");
  const auto& s = p.policy.statements;
  SECTION("Resource") {
    CHECK(eval::covers_resource(s[0], "acs:oss:*:*:b"));
    CHECK(eval::covers_resource(s[0], "acs:oss:*:*:b/x/y"));
    CHECK_FALSE(eval::covers_resource(s[0], "acs:oss:*:*:c/x"));
    CHECK_FALSE(eval::covers_resource(s[0], "acs:oss:*:*:B/x"));
  }
  SECTION("NotResource") {
    CHECK(eval::covers_resource(s[1], "acs:oss:*:*:public/x"));
    CHECK_FALSE(eval::covers_resource(s[1], "acs:oss:*:*:secret/x"));
  }
  SECTION("trust statement without Resource") { CHECK(eval::covers_resource(s[2], "anything")); }
}

TEST_CASE("covers_principal", "[eval]") {
  Parsed p(R"({"Version":"1","Statement":[
    {"Effect":"Allow","Action":"oss:GetObject","Principal":["1234567890123456"],"Resource":"*"},
    {"Effect":"Allow","Action":"oss:GetObject","Principal":[],"Resource":"*"},
    {"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":"acs:ram::1234567890123456:root"}},
    {"Effect":"Allow","Action":"oss:GetObject","Resource":"*"}]})");
  const auto& s = p.policy.statements;
  CHECK(eval::covers_principal(s[0], "1234567890123456"));
  CHECK_FALSE(eval::covers_principal(s[0], "6543210987654321"));
  CHECK(eval::covers_principal(s[1], "6543210987654321"));
  CHECK(eval::covers_principal(s[2], "acs:ram::1234567890123456:root"));
  CHECK(eval::covers_principal(s[2], "acs:ram::1234567890123456:user/alice"));
  CHECK_FALSE(eval::covers_principal(s[2], "acs:ram::6543210987654321:user/alice"));
  CHECK(eval::covers_principal(s[3], "whoever"));
}

TEST_CASE("evaluate", "[eval]") {
  SECTION("implicit deny") {
    Parsed p(
        R"({"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:GetObject","Resource":"acs:oss:*:*:b/*"}]})");
    CHECK(decide(p, "oss:PutObject", "acs:oss:*:*:b/k") == Decision::ImplicitDeny);
    CHECK(decide(p, "oss:GetObject", "acs:oss:*:*:c/k") == Decision::ImplicitDeny);
    CHECK(decide(p, "oss:GetObject", "acs:oss:*:*:b/k") == Decision::Allow);
  }
  SECTION("explicit Deny wins over Allow") {
    Parsed p(R"({"Version":"1","Statement":[
      {"Effect":"Allow","Action":"*","Resource":"*"},
      {"Effect":"Deny","Action":"ram:*","Resource":"*"}]})");
    auto a = eval::evaluate(p.policy, {"ram:CreateUser", "acs:ram:*:1:user/*", ""});
    CHECK(a.decision == Decision::Deny);
    CHECK(a.allowing.size() == 1);
    CHECK(a.denying.size() == 1);
    CHECK_FALSE(a.allowed());
    CHECK(decide(p, "ecs:StartInstance", "acs:ecs:*:1:instance/i-1") == Decision::Allow);
  }
  SECTION("Deny order does not matter") {
    Parsed p(R"({"Version":"1","Statement":[
      {"Effect":"Deny","Action":"oss:DeleteObject","Resource":"*"},
      {"Effect":"Allow","Action":"oss:*","Resource":"*"}]})");
    CHECK(decide(p, "oss:DeleteObject", "acs:oss:*:*:b/k") == Decision::Deny);
  }
  SECTION("conditional Allow") {
    Parsed p(R"({"Version":"1","Statement":[{"Effect":"Allow","Action":"ecs:Describe*","Resource":"*",
      "Condition":{"IpAddress":{"acs:SourceIp":"10.0.0.0/8"}}}]})");
    auto a = eval::evaluate(p.policy, {"ecs:DescribeInstances", "", ""});
    CHECK(a.decision == Decision::ConditionalAllow);
    CHECK(a.allowed());
  }
  SECTION("conditional Deny gives MaybeDeny, not Deny") {
    Parsed p(R"({"Version":"1","Statement":[
      {"Effect":"Allow","Action":"oss:*","Resource":"*"},
      {"Effect":"Deny","Action":"oss:*","Resource":"*","Condition":{"Bool":{"acs:SecureTransport":"false"}}}]})");
    CHECK(decide(p, "oss:GetObject", "acs:oss:*:*:b/k") == Decision::MaybeDeny);
  }
  SECTION("conditional Deny without Allow is still implicit deny") {
    Parsed p(R"({"Version":"1","Statement":[
      {"Effect":"Deny","NotAction":"ram:GetUser","Resource":"*","Condition":{"Bool":{"acs:MFAPresent":"false"}}}]})");
    auto a = eval::evaluate(p.policy, {"ecs:StartInstance", "x", ""});
    CHECK(a.decision == Decision::ImplicitDeny);
    CHECK(a.denying.size() == 1);
  }
  SECTION("unconditional beats conditional Allow") {
    Parsed p(R"({"Version":"1","Statement":[
      {"Effect":"Allow","Action":"oss:GetObject","Resource":"*","Condition":{"Bool":{"acs:SecureTransport":"true"}}},
      {"Effect":"Allow","Action":"oss:Get*","Resource":"*"}]})");
    CHECK(decide(p, "oss:GetObject", "acs:oss:*:*:b/k") == Decision::Allow);
  }
  SECTION("trust policy: no Resource, principal checked") {
    Parsed p(R"({"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",
      "Principal":{"RAM":["acs:ram::6543210987654321:root"],"Service":["6543210987654321@dts.aliyuncs.com"]}}]})");
    CHECK(decide(p, "sts:AssumeRole", "", "acs:ram::6543210987654321:root") == Decision::Allow);
    CHECK(decide(p, "sts:AssumeRole", "acs:ram:*:1:role/r", "6543210987654321@dts.aliyuncs.com") == Decision::Allow);
    CHECK(decide(p, "sts:AssumeRole", "", "acs:ram::1111111111111111:root") == Decision::ImplicitDeny);
  }
  SECTION("invalid Effect applies to nothing") {
    Parsed p(R"({"Version":"1","Statement":[{"Effect":"allow","Action":"*","Resource":"*"}]})");
    CHECK(decide(p, "oss:GetObject", "x") == Decision::ImplicitDeny);
  }
}

TEST_CASE("evaluate several documents", "[eval]") {
  Parsed identity(R"({"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:GetObject","Resource":"*"}]})");
  Parsed bucket(R"({"Version":"1","Statement":[
    {"Effect":"Allow","Action":"oss:PutObject","Principal":["1234567890123456"],"Resource":"acs:oss:*:*:b/*"},
    {"Effect":"Deny","Action":"oss:GetObject","Principal":["*"],"Resource":"acs:oss:*:*:b/secret/*"}]})");
  const Policy* both[] = {&identity.policy, &bucket.policy};
  auto ask = [&](std::string_view action, std::string_view resource) {
    return eval::evaluate(std::span<const Policy* const>(both), {action, resource, "1234567890123456"}).decision;
  };
  // Either document's Allow suffices; a Deny in either wins.
  CHECK(ask("oss:GetObject", "acs:oss:*:*:b/public/k") == Decision::Allow);
  CHECK(ask("oss:PutObject", "acs:oss:*:*:b/k") == Decision::Allow);
  CHECK(ask("oss:GetObject", "acs:oss:*:*:b/secret/k") == Decision::Deny);
  CHECK(ask("oss:DeleteObject", "acs:oss:*:*:b/k") == Decision::ImplicitDeny);
}

TEST_CASE("statement set relations", "[eval]") {
  Parsed p(R"({"Version":"1","Statement":[
    {"Effect":"Allow","Action":"oss:*","Resource":"acs:oss:*:*:b/*"},
    {"Effect":"Allow","Action":["oss:GetObject","oss:Get*"],"Resource":"acs:oss:*:*:b/logs/*"},
    {"Effect":"Deny","NotAction":"oss:Get*","Resource":"*"},
    {"Effect":"Allow","Action":"oss:PutObject","Resource":"acs:oss:*:*:c/*"},
    {"Effect":"Allow","NotAction":["oss:Get*","oss:Put*"],"Resource":"*"},
    {"Effect":"Allow","Action":"ecs:*","Resource":"acs:ecs:*:*:instance/*"}]})");
  const auto& s = p.policy.statements;
  CHECK(eval::actions_subset(s[1], s[0]));
  CHECK_FALSE(eval::actions_subset(s[0], s[1]));
  CHECK(eval::resources_subset(s[1], s[0]));
  CHECK_FALSE(eval::resources_subset(s[0], s[1]));
  CHECK(eval::actions_subset(s[3], s[2]));        // PutObject is not a Get*
  CHECK_FALSE(eval::actions_subset(s[1], s[2]));  // Get* is excluded
  CHECK(eval::actions_subset(s[4], s[2]));        // everything but Get*/Put* ⊆ everything but Get*
  CHECK_FALSE(eval::actions_subset(s[2], s[4]));
  CHECK(eval::actions_overlap(s[0], s[2]));
  CHECK_FALSE(eval::actions_overlap(s[1], s[2]));
  CHECK(eval::resources_overlap(s[3], s[2]));
  // '*' may span ':' and '/', so two bucket patterns with wildcards can
  // overlap; only a literal difference before the first '*' separates them.
  CHECK(eval::resources_overlap(s[3], s[0]));
  CHECK_FALSE(eval::resources_overlap(s[3], s[5]));
  CHECK(eval::principals_subset(s[0], s[1]));
}
