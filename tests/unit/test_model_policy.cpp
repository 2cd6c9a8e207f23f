#include <catch2/catch.hpp>

#include "policylint/json.hpp"
#include "policylint/policy.hpp"

using namespace policylint;

namespace {

// Keeps the parsed document alive next to the model built from it.
struct Built {
  json::Document doc;
  Policy policy;
};

Built build(std::string_view text) {
  Built b{json::parse(text), {}};
  REQUIRE(b.doc.ok());
  b.policy = build_policy(b.doc.root());
  return b;
}

std::vector<std::string> values(std::span<const Str> items) {
  std::vector<std::string> out;
  for (const auto& s : items) out.emplace_back(s.value);
  return out;
}

}  // namespace

TEST_CASE("build_policy normalises strings and lists", "[model]") {
  SECTION("a string is a one-item list") {
    auto b = build(R"({"Version": "1", "Statement": [{"Effect": "Allow", "Action": "oss:GetObject",
                       "Resource": "acs:oss:*:*:logs/*"}]})");
    REQUIRE(b.policy.statements.size() == 1);
    const Statement& s = b.policy.statements[0];
    CHECK(s.effect == Effect::Allow);
    CHECK(values(s.action.items) == std::vector<std::string>{"oss:GetObject"});
    CHECK(s.action.node->is_string());
    CHECK(s.action.member->key == "Action");
    CHECK(values(s.resource.items) == std::vector<std::string>{"acs:oss:*:*:logs/*"});
    CHECK_FALSE(s.not_action.present());
    CHECK(&s.actions() == &s.action);
  }
  SECTION("a list keeps its strings in order and skips other types") {
    auto b = build(R"({"Version": "1", "Statement": [{"Effect": "Deny",
                       "NotAction": ["oss:GetObject", 3, null, "oss:ListObjects"],
                       "NotResource": ["acs:oss:*:*:a", ["nested"]]}]})");
    const Statement& s = b.policy.statements[0];
    CHECK(s.denies());
    CHECK(values(s.not_action.items) == std::vector<std::string>{"oss:GetObject", "oss:ListObjects"});
    CHECK(s.not_action.node->items.size() == 4);  // the rules see the others through node
    CHECK(&s.actions() == &s.not_action);
    CHECK(&s.resources() == &s.not_resource);
    CHECK(values(s.not_resource.items) == std::vector<std::string>{"acs:oss:*:*:a"});
  }
  SECTION("every value keeps its node") {
    auto b =
        build(R"({"Version": "1", "Statement": [{"Effect": "Allow", "Action": ["a:B", "c:D"], "Resource": "*"}]})");
    const Statement& s = b.policy.statements[0];
    REQUIRE(s.action.items.size() == 2);
    CHECK(s.action.items[1].node == s.action.node->items[1]);
  }
}

TEST_CASE("build_policy keeps a partial model of broken statements", "[model]") {
  SECTION("missing and mistyped elements") {
    auto b = build(R"({"Version": 1, "Statement": [
        {"Action": 42, "Resource": {"x": 1}},
        "not a statement",
        {"Effect": "allow", "Action": "oss:GetObject"},
        {"Effect": true, "Action": [], "Resource": "*", "Condition": "x"}]})");
    const Policy& p = b.policy;
    REQUIRE(p.version != nullptr);
    CHECK(p.version->value->type == json::Type::Number);
    REQUIRE(p.statements.size() == 4);
    CHECK(p.statements[0].effect == Effect::Missing);
    CHECK(p.statements[0].action.present());
    CHECK(p.statements[0].action.items.empty());
    CHECK(p.statements[0].resource.present());
    CHECK(p.statements[1].index == 1);
    CHECK_FALSE(p.statements[1].node->is_object());
    CHECK_FALSE(p.statements[1].action.present());
    CHECK(p.statements[2].effect == Effect::Invalid);
    CHECK_FALSE(p.statements[2].resource.present());
    CHECK(p.statements[3].effect == Effect::Invalid);
    CHECK(p.statements[3].condition != nullptr);
    CHECK(p.statements[3].conditions.empty());
  }
  SECTION("no Statement, Statement of the wrong type, a single object") {
    CHECK(build(R"({"Version": "1"})").policy.statements.empty());
    CHECK(build(R"({"Version": "1", "Statement": "x"})").policy.statements.empty());
    auto b = build(R"({"Version": "1", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}})");
    CHECK(b.policy.statement_is_object);
    REQUIRE(b.policy.statements.size() == 1);
    CHECK(b.policy.statements[0].allows());
  }
  SECTION("a root that is not an object") {
    auto doc = json::parse("[1, 2]");
    Policy p = build_policy(doc.root());
    CHECK(p.root == nullptr);
    CHECK(p.statements.empty());
    CHECK(build_policy(nullptr).root == nullptr);
  }
}

TEST_CASE("build_policy reads both Principal forms", "[model]") {
  SECTION("object form (trust)") {
    auto b = build(R"({"Version": "1", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
        "Principal": {"RAM": ["acs:ram::6543210987654321:root"], "Service": "6543210987654321@dts.aliyuncs.com"}}]})");
    const Principal& pr = b.policy.statements[0].principal;
    REQUIRE(pr.present());
    CHECK(pr.object_form);
    REQUIRE(pr.entries.size() == 2);
    CHECK(pr.entries[0].key == "RAM");
    CHECK(pr.entries[0].member->key == "RAM");
    CHECK(values(pr.of("Service")) == std::vector<std::string>{"6543210987654321@dts.aliyuncs.com"});
    CHECK(values(pr.all()) ==
          std::vector<std::string>{"acs:ram::6543210987654321:root", "6543210987654321@dts.aliyuncs.com"});
    CHECK(pr.of("Federated").empty());
  }
  SECTION("list form (bucket)") {
    auto b = build(R"({"Version": "1", "Statement": [{"Effect": "Allow", "Action": "oss:GetObject",
        "Resource": "acs:oss:*:*:b/*", "Principal": ["6543210987654321", "arn:sts::1234567890123456:assumed-role/r/*"]}]})");
    const Principal& pr = b.policy.statements[0].principal;
    CHECK_FALSE(pr.object_form);
    REQUIRE(pr.entries.size() == 1);
    CHECK(pr.entries[0].key.empty());
    CHECK(pr.entries[0].member == nullptr);
    CHECK(pr.all().size() == 2);
  }
  SECTION("string form and empty list") {
    auto b = build(R"({"Version": "1", "Statement": [{"Effect": "Allow", "Action": "oss:GetObject",
        "Resource": "*", "Principal": "*"}, {"Effect": "Allow", "Action": "oss:GetObject", "Resource": "*", "Principal": []}]})");
    CHECK(values(b.policy.statements[0].principal.all()) == std::vector<std::string>{"*"});
    CHECK(b.policy.statements[1].principal.present());
    CHECK(b.policy.statements[1].principal.all().empty());
  }
}

TEST_CASE("build_policy flattens Condition entries", "[model]") {
  auto b = build(R"({"Version": "1", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*",
      "Condition": {
        "IpAddress": {"acs:SourceIp": ["192.168.0.0/16", "10.0.0.1"]},
        "Bool": {"acs:SecureTransport": true, "acs:MFAPresent": "true"},
        "NumericLessThan": {"oss:MaxKeys": 100},
        "StringEquals": "oops",
        "StringLike": {"oss:Prefix": [null, "logs/*", {"x": 1}]}}}]})");
  const auto& c = b.policy.statements[0].conditions;
  REQUIRE(c.size() == 6);
  CHECK(c[0].op_name == "IpAddress");
  CHECK(c[0].key_name == "acs:SourceIp");
  CHECK(values(c[0].values) == std::vector<std::string>{"192.168.0.0/16", "10.0.0.1"});
  CHECK(c[1].key_name == "acs:SecureTransport");
  CHECK(values(c[1].values) == std::vector<std::string>{"true"});  // a JSON boolean, kept as text
  CHECK(values(c[2].values) == std::vector<std::string>{"true"});
  CHECK(values(c[3].values) == std::vector<std::string>{"100"});
  // An operator whose value is not an object is kept without a key.
  CHECK(c[4].op_name == "StringEquals");
  CHECK(c[4].key == nullptr);
  CHECK(c[4].values.empty());
  CHECK(values(c[5].values) == std::vector<std::string>{"logs/*"});
  CHECK(b.policy.statements[0].has_condition());

  SECTION("an empty Condition has no entries") {
    auto e = build(
        R"({"Version": "1", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {}}]})");
    CHECK(e.policy.statements[0].condition != nullptr);
    CHECK_FALSE(e.policy.statements[0].has_condition());
  }
}

TEST_CASE("infer_kind", "[model]") {
  SECTION("trust: sts:AssumeRole with a Principal") {
    CHECK(build(R"({"Version": "1", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                    "Principal": {"Service": "ecs.aliyuncs.com"}}]})")
              .policy.kind == Kind::Trust);
    // A list-form Principal with sts:AssumeRole is still a trust policy (a
    // principal rule reports the form).
    CHECK(build(R"({"Version": "1", "Statement": [{"Effect": "Allow", "Action": ["STS:AssumeRole"],
                    "Principal": ["acs:ram::6543210987654321:root"]}]})")
              .policy.kind == Kind::Trust);
  }
  SECTION("trust: object-form Principal without actions") {
    CHECK(
        build(
            R"({"Version": "1", "Statement": [{"Effect": "Allow", "Principal": {"RAM": "acs:ram::6543210987654321:root"}}]})")
            .policy.kind == Kind::Trust);
  }
  SECTION("bucket: a Principal with oss actions or resources") {
    CHECK(build(R"({"Version": "1", "Statement": [{"Effect": "Allow", "Action": "oss:GetObject",
                    "Principal": ["6543210987654321"], "Resource": "acs:oss:*:*:b/*"}]})")
              .policy.kind == Kind::Bucket);
    // Trust-style Principal written by mistake in a bucket policy.
    CHECK(build(R"({"Version": "1", "Statement": [{"Effect": "Allow", "Action": "oss:GetObject",
                    "Principal": {"RAM": ["6543210987654321"]}, "Resource": "acs:oss:*:*:b/*"}]})")
              .policy.kind == Kind::Bucket);
    CHECK(build(R"({"Version": "1", "Statement": [{"Effect": "Allow", "Action": "*",
                    "Principal": ["*"], "Resource": "acs:oss:*:*:b"}]})")
              .policy.kind == Kind::Bucket);
  }
  SECTION("bucket: a miscased Principal still marks a resource policy") {
    CHECK(build(R"({"Version": "1", "Statement": [{"Effect": "Allow", "Action": "oss:GetObject",
                    "principal": ["6543210987654321"], "Resource": "acs:oss:*:*:b/*"}]})")
              .policy.kind == Kind::Bucket);
  }
  SECTION("key: a Principal with kms: actions (the SetKeyPolicy default policy)") {
    auto b = build(R"({"Version": "1", "Statement": [{"Sid": "kms default key policy", "Effect": "Allow",
                       "Principal": {"RAM": ["acs:ram::1192853035118460:*"]}, "Action": ["kms:*"],
                       "Resource": ["*"]}]})");
    CHECK(b.policy.kind == Kind::Key);
    CHECK(b.policy.kind_inferred);
    // Cross-account key user: a role of another account, crypto actions only.
    CHECK(build(R"({"Version": "1", "Statement": [{"Effect": "Allow", "Action": ["KMS:Decrypt", "kms:GenerateDataKey"],
                    "Principal": {"RAM": "acs:ram::6543210987654321:role/replication"}, "Resource": "*"}]})")
              .policy.kind == Kind::Key);
    // The list form written by mistake is still a key policy (no oss: content).
    CHECK(build(R"({"Version": "1", "Statement": [{"Effect": "Allow", "Action": "kms:Decrypt",
                    "Principal": ["acs:ram::6543210987654321:root"], "Resource": "*"}]})")
              .policy.kind == Kind::Key);
    // No action but a KMS key ARN as the resource.
    CHECK(
        build(R"({"Version": "1", "Statement": [{"Effect": "Allow", "Principal": {"RAM": "acs:ram::6543210987654321:*"},
                    "Resource": ["acs:kms:cn-hangzhou:6543210987654321:key/key-hzz63049446", "*"]}]})")
            .policy.kind == Kind::Key);
    // kms: actions in every statement, "*" in one of them.
    CHECK(build(R"({"Version": "1", "Statement": [
                    {"Effect": "Allow", "Action": "kms:*", "Principal": {"RAM": "acs:ram::6543210987654321:*"}, "Resource": "*"},
                    {"Effect": "Deny", "Action": "*", "Principal": {"RAM": "acs:ram::6543210987654321:user/a"}, "Resource": "*"}]})")
              .policy.kind == Kind::Key);
  }
  SECTION("not key: kms: beside other services, or no kms: content") {
    // sts:AssumeRole decides first.
    CHECK(build(R"({"Version": "1", "Statement": [{"Effect": "Allow", "Action": ["sts:AssumeRole", "kms:Decrypt"],
                    "Principal": {"RAM": "acs:ram::6543210987654321:root"}}]})")
              .policy.kind == Kind::Trust);
    // oss: content decides for a bucket policy (SSE-KMS grants beside OSS ones).
    CHECK(
        build(R"({"Version": "1", "Statement": [{"Effect": "Allow", "Action": ["oss:PutObject", "kms:GenerateDataKey"],
                    "Principal": ["6543210987654321"], "Resource": "acs:oss:*:*:b/*"}]})")
            .policy.kind == Kind::Bucket);
    // Another service beside kms: keeps the older inference (object form: trust).
    CHECK(
        build(R"({"Version": "1", "Statement": [{"Effect": "Allow", "Action": ["kms:Decrypt", "ecs:DescribeInstances"],
                    "Principal": {"RAM": "acs:ram::6543210987654321:root"}, "Resource": "*"}]})")
            .policy.kind == Kind::Trust);
    // A KMS resource beside another service's resource, no action: not decided by KMS.
    CHECK(build(R"({"Version": "1", "Statement": [{"Effect": "Allow", "Principal": ["6543210987654321"],
                    "Resource": ["acs:kms:*:6543210987654321:key/k", "acs:ecs:*:*:instance/i"]}]})")
              .policy.kind == Kind::Bucket);
    // "*" alone says nothing about KMS.
    CHECK(build(R"({"Version": "1", "Statement": [{"Effect": "Allow", "Action": "*",
                    "Principal": {"RAM": "acs:ram::6543210987654321:root"}, "Resource": "*"}]})")
              .policy.kind == Kind::Trust);
    // kms: actions without any Principal: a RAM permission policy.
    CHECK(build(R"({"Version": "1", "Statement": [{"Effect": "Allow", "Action": "kms:Decrypt",
                    "Resource": "acs:kms:*:6543210987654321:key/k"}]})")
              .policy.kind == Kind::Permission);
  }
  SECTION("permission: no Principal anywhere") {
    auto b = build(R"({"Version": "1", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                       "Resource": "acs:ram::1234567890123456:role/deploy"}]})");
    CHECK(b.policy.kind == Kind::Permission);
    CHECK(b.policy.kind_inferred);
    CHECK(build(R"({"Version": "1", "Statement": []})").policy.kind == Kind::Permission);
  }
}
