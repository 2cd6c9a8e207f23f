// Unit tests of the principal rules through the library: one test case per
// rule, a section per variant. Fixture-level expectations are in
// testdata/principal/.
#include <catch2/catch.hpp>

#include "policylint/engine.hpp"

using namespace policylint;

namespace {

std::vector<Finding> run(const std::string& rule, Kind kind, const std::string& text) {
  LintOptions o;
  o.kind = kind;
  o.select = {rule};
  return Linter(o).lint("t.json", text).findings;
}

std::string trust(const std::string& principal, const std::string& extra = "") {
  return R"({"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":)" + principal + extra +
         "}]}";
}

std::string bucket(const std::string& principal) {
  return R"({"Version":"1","Statement":[{"Effect":"Allow","Action":["oss:GetObject"],"Principal":)" + principal +
         R"(,"Resource":["acs:oss:*:6543210987654321:b/*"]}]})";
}

}  // namespace

TEST_CASE("principal/trust-key-unknown", "[rules][principal]") {
  const std::string id = "principal/trust-key-unknown";
  SECTION("documented keys, together") {
    CHECK(run(id, Kind::Trust,
              trust(R"({"RAM":"acs:ram::1234567890123456:root","Service":"1234567890123456@dts.aliyuncs.com"})"))
              .empty());
  }
  SECTION("case-only slip: safe fix") {
    auto f = run(id, Kind::Trust, trust(R"({"ram":"acs:ram::1234567890123456:root"})"));
    REQUIRE(f.size() == 1);
    REQUIRE(f[0].fix);
    CHECK(f[0].fix->safe);
    CHECK(f[0].fix->edits[0].replacement == "\"RAM\"");
  }
  SECTION("far from any key: no suggestion") {
    auto f = run(id, Kind::Trust, trust(R"({"CanonicalUser":"x"})"));
    REQUIRE(f.size() == 1);
    CHECK_FALSE(f[0].fix);
  }
}

TEST_CASE("principal/trust-value-malformed", "[rules][principal]") {
  const std::string id = "principal/trust-value-malformed";
  SECTION("documented and KMS forms are accepted") {
    CHECK(run(id, Kind::Trust,
              trust(R"({"RAM":["acs:ram::1234567890123456:root","acs:ram::1234567890123456:user/a.b",)"
                    R"("acs:ram::1234567890123456:role/ram-for-dts","acs:ram::1234567890123456:*"],)"
                    R"("Service":["crossbackup.hbr.aliyuncs.com","sendevent-mns.eventbridge.aliyuncs.com",)"
                    R"("1234567890123456@log.aliyuncs.com"],)"
                    R"("Federated":"acs:ram::1234567890123456:saml-provider/okta"})"))
              .empty());
  }
  SECTION("account IDs that are not 16 digits (the docs' 10- and 13-digit examples) are warnings") {
    auto f = run(id, Kind::Trust,
                 trust(R"({"RAM":["acs:ram::1234567890:root","acs:ram::1234567890123:root","123456789"],)"
                       R"("Service":"123456789012345@log.aliyuncs.com"})"));
    REQUIRE(f.size() == 4);
    for (const auto& x : f) {
      CHECK(x.severity == Severity::Warning);
      CHECK(x.message.find("16") != std::string::npos);
    }
    CHECK(f[0].message.find("\"1234567890\" of 10 digits") != std::string::npos);
    CHECK(f[1].message.find("of 13 digits") != std::string::npos);
    CHECK_FALSE(f[2].fix);  // the length, not the bare form, is reported
    CHECK(f[3].message.find("of 15 digits") != std::string::npos);
  }
  SECTION("16-digit accounts are not judged by length") {
    CHECK(run(id, Kind::Trust,
              trust(R"({"RAM":"acs:ram::1234567890123456:root","Service":"1234567890123456@dts.aliyuncs.com"})"))
              .empty());
  }
  SECTION("bare UID is a warning, with an unsafe fix") {
    auto f = run(id, Kind::Trust, trust(R"({"RAM":"1234567890123456"})"));
    REQUIRE(f.size() == 1);
    CHECK(f[0].severity == Severity::Warning);
    REQUIRE(f[0].fix);
    CHECK_FALSE(f[0].fix->safe);
  }
  SECTION("acs:ram:*: is a warning with a safe fix removing the star") {
    std::string text = trust(R"({"RAM":"acs:ram:*:1234567890123456:root"})");
    auto f = run(id, Kind::Trust, text);
    REQUIRE(f.size() == 1);
    CHECK(f[0].severity == Severity::Warning);
    auto [fixed, n] = apply_fixes(text, f, false);
    CHECK(n == 1);
    CHECK(fixed.find("\"acs:ram::1234567890123456:root\"") != std::string::npos);
  }
  SECTION("placeholders are left to the placeholder rules") {
    CHECK(run(id, Kind::Trust,
              trust(R"({"RAM":["acs:ram::<Alibaba Cloud account ID>:root","acs:ram::164682176356****:root"],)"
                    R"("Service":"<Alibaba Cloud account ID>@dts.aliyuncs.com"})"))
              .empty());
  }
  SECTION("a service name under RAM is an error") {
    auto f = run(id, Kind::Trust, trust(R"({"RAM":"ecs.aliyuncs.com"})"));
    REQUIRE(f.size() == 1);
    CHECK(f[0].severity == Severity::Error);
  }
}

TEST_CASE("principal/service-unknown", "[rules][principal]") {
  const std::string id = "principal/service-unknown";
  SECTION("catalogued hosts, any case") {
    CHECK(run(id, Kind::Trust, trust(R"({"Service":["OSS.aliyuncs.com","dts.aliyuncs.com"]})")).empty());
  }
  SECTION("unknown host is a note") {
    auto f = run(id, Kind::Trust, trust(R"({"Service":"nosuchservice.aliyuncs.com"})"));
    REQUIRE(f.size() == 1);
    CHECK(f[0].severity == Severity::Note);
  }
  SECTION("malformed values are another rule's") {
    CHECK(run(id, Kind::Trust, trust(R"({"Service":["oss","alice@dts.aliyuncs.com"]})")).empty());
  }
}

TEST_CASE("principal/trust-action", "[rules][principal]") {
  const std::string id = "principal/trust-action";
  auto with_action = [](const std::string& action) {
    return R"({"Version":"1","Statement":[{"Effect":"Allow","Action":)" + action +
           R"(,"Principal":{"Service":"oss.aliyuncs.com"}}]})";
  };
  SECTION("sts:AssumeRole in any case") {
    CHECK(run(id, Kind::Trust, with_action(R"(["sts:AssumeRole","STS:ASSUMEROLE"])")).empty());
  }
  SECTION("WithOIDC and WithSAML are warnings") {
    auto f = run(id, Kind::Trust, with_action(R"(["sts:AssumeRoleWithOIDC","sts:assumerolewithsaml"])"));
    REQUIRE(f.size() == 2);
    CHECK(f[0].severity == Severity::Warning);
    CHECK(f[1].severity == Severity::Warning);
  }
  SECTION("a wildcard that covers AssumeRole is a warning, one that does not an error") {
    auto f = run(id, Kind::Trust, with_action(R"(["sts:Assume*","ecs:*"])"));
    REQUIRE(f.size() == 2);
    CHECK(f[0].severity == Severity::Warning);
    CHECK(f[1].severity == Severity::Error);
  }
}

TEST_CASE("principal/federated-condition-missing", "[rules][principal]") {
  const std::string id = "principal/federated-condition-missing";
  const std::string saml = R"({"Federated":"acs:ram::1234567890123456:saml-provider/idp"})";
  const std::string oidc = R"({"Federated":"acs:ram::1234567890123456:oidc-provider/idp"})";
  SECTION("both recipient values are accepted") {
    CHECK(run(id, Kind::Trust,
              trust(saml,
                    R"(,"Condition":{"StringEquals":{"saml:recipient":"https://signin.aliyun.com/saml-role/sso"}})"))
              .empty());
    CHECK(
        run(id, Kind::Trust,
            trust(
                saml,
                R"(,"Condition":{"StringEquals":{"saml:recipient":"https://signin.alibabacloud.com/saml-role/sso"}})"))
            .empty());
  }
  SECTION("OIDC with oidc:iss and StringLike on oidc:sub is accepted") {
    CHECK(run(id, Kind::Trust,
              trust(oidc, R"(,"Condition":{"StringEquals":{"oidc:iss":"https://i","oidc:aud":"sts.aliyuncs.com"},)"
                          R"("StringLike":{"oidc:sub":"repo:a/b:*"}})"))
              .empty());
  }
  SECTION("missing conditions") {
    CHECK(run(id, Kind::Trust, trust(saml)).size() == 1);
    CHECK(run(id, Kind::Trust, trust(oidc, R"(,"Condition":{})")).size() == 1);
  }
}

TEST_CASE("principal/bucket-value-malformed", "[rules][principal]") {
  const std::string id = "principal/bucket-value-malformed";
  SECTION("documented entries, bare string and empty list") {
    CHECK(run(id, Kind::Bucket, bucket(R"(["*","1234567890123456","arn:sts::*:*/*/*"])")).empty());
    CHECK(run(id, Kind::Bucket, bucket(R"("1234567890123456")")).empty());
    CHECK(run(id, Kind::Bucket, bucket("[]")).empty());
  }
  SECTION("acs:ram:: in a bucket policy is an error") {
    auto f = run(id, Kind::Bucket, bucket(R"(["acs:ram::1234567890123456:root"])"));
    REQUIRE(f.size() == 1);
    CHECK(f[0].severity == Severity::Error);
  }
  SECTION("a number shorter than 16 digits is a warning; RAM user IDs (18 digits) are not") {
    auto f = run(id, Kind::Bucket, bucket(R"(["1234567890","203867613345678901","1234567890123456"])"));
    REQUIRE(f.size() == 1);
    CHECK(f[0].severity == Severity::Warning);
    CHECK(f[0].message.find("10 digits") != std::string::npos);
  }
}

TEST_CASE("principal/assumed-role-malformed", "[rules][principal]") {
  const std::string id = "principal/assumed-role-malformed";
  SECTION("documented forms") {
    CHECK(run(id, Kind::Bucket,
              bucket(R"(["arn:sts::1234567890123456:assumed-role/aliyunossdrsrole/*","arn:sts::*:*/*/*",)"
                     R"("arn:sts::1234567890123456:assumed-role/role.v2/alice@example.com"])"))
              .empty());
  }
  SECTION("an account that is not 16 digits is a warning") {
    auto f = run(id, Kind::Bucket, bucket(R"(["arn:sts::123456789:assumed-role/reader/*"])"));
    REQUIRE(f.size() == 1);
    CHECK(f[0].severity == Severity::Warning);
    CHECK(f[0].message.find("\"123456789\" of 9 digits") != std::string::npos);
  }
  SECTION("missing session: unsafe fix appends /*") {
    std::string text = bucket(R"(["arn:sts::1234567890123456:assumed-role/r"])");
    auto f = run(id, Kind::Bucket, text);
    REQUIRE(f.size() == 1);
    REQUIRE(f[0].fix);
    CHECK_FALSE(f[0].fix->safe);
    auto [fixed, n] = apply_fixes(text, f, true);
    CHECK(fixed.find("assumed-role/r/*\"") != std::string::npos);
  }
  SECTION("acs:sts:: says arn:sts::") {
    auto f = run(id, Kind::Bucket, bucket(R"(["acs:sts::1234567890123456:assumed-role/r/*"])"));
    REQUIRE(f.size() == 1);
    CHECK(f[0].message.find("\"arn:sts:\"") != std::string::npos);
  }
}

TEST_CASE("principal/role-name-lowercase", "[rules][principal]") {
  const std::string id = "principal/role-name-lowercase";
  SECTION("capitals in the session name are fine") {
    CHECK(run(id, Kind::Bucket, bucket(R"(["arn:sts::1234567890123456:assumed-role/r/Alice"])")).empty());
  }
  SECTION("the fix lowercases only the role name") {
    std::string text = bucket(R"(["arn:sts::1234567890123456:assumed-role/AliyunOssDrsRole/Session"])");
    auto f = run(id, Kind::Bucket, text);
    REQUIRE(f.size() == 1);
    CHECK(f[0].severity == Severity::Error);
    auto [fixed, n] = apply_fixes(text, f, false);
    CHECK(fixed.find("assumed-role/aliyunossdrsrole/Session\"") != std::string::npos);
  }
  SECTION("escaped strings get no fix") {
    auto f = run(id, Kind::Bucket, bucket(R"(["arn:sts::1234567890123456:assumed-role\/Admin\/*"])"));
    REQUIRE(f.size() == 1);
    CHECK_FALSE(f[0].fix);
  }
}

TEST_CASE("principal/bare-string", "[rules][principal]") {
  const std::string id = "principal/bare-string";
  std::string text = bucket(R"("*")");
  auto f = run(id, Kind::Bucket, text);
  REQUIRE(f.size() == 1);
  CHECK(f[0].severity == Severity::Note);
  CHECK(apply_fixes(text, f, false).first.find(R"("Principal":["*"])") != std::string::npos);
  CHECK(run(id, Kind::Bucket, bucket(R"(["*"])")).empty());
}

TEST_CASE("principal/trust-action: KMS key policies", "[rules][principal]") {
  // KMS key policies share the {"RAM": [...]} form but grant kms: actions.
  CHECK(run("principal/trust-action", Kind::Trust,
            R"({"Version":"1","Statement":[{"Sid":"Enable","Effect":"Allow","Action":["kms:*"],"Resource":["*"],)"
            R"("Principal":{"RAM":["acs:ram::1234567890123456:*"]}}]})")
            .empty());
}

TEST_CASE("principal/role-name-lowercase beside a template account", "[rules][principal]") {
  const std::string id = "principal/role-name-lowercase";
  SECTION("the account is a template, the role name is written out: judged") {
    auto f = run(id, Kind::Bucket, bucket(R"(["arn:sts::${var.source_account}:assumed-role/OssCrrReplicator/*"])"));
    REQUIRE(f.size() == 1);
    CHECK(f[0].message.find("\"OssCrrReplicator\"") != std::string::npos);
  }
  SECTION("the role name is a template: unknown, not judged") {
    CHECK(run(id, Kind::Bucket, bucket(R"(["arn:sts::1234567890123456:assumed-role/${var.Role}/*"])")).empty());
  }
  SECTION("a documentation placeholder anywhere: placeholder/unreplaced's finding") {
    CHECK(run(id, Kind::Bucket, bucket(R"(["arn:sts::<uid>:assumed-role/MyRole/*"])")).empty());
  }
  SECTION("the shape rule still leaves template values alone") {
    CHECK(run("principal/assumed-role-malformed", Kind::Bucket,
              bucket(R"(["arn:sts::${var.source_account}:assumed-role/OssCrrReplicator/*"])"))
              .empty());
  }
}
