// Unit tests of the condition rules through the library: one test case per
// rule, a section per variant. Fixture-level expectations are in
// testdata/condition/.
#include <catch2/catch.hpp>

#include "policylint/engine.hpp"

using namespace policylint;

namespace {

std::vector<Finding> run(const std::string& rule, const std::string& condition, Kind kind = Kind::Permission) {
  LintOptions o;
  o.kind = kind;
  o.select = {rule};
  std::string text = kind == Kind::Bucket
                         ? R"({"Version":"1","Statement":[{"Effect":"Allow","Action":["oss:GetObject"],)"
                           R"("Principal":["1234567890123456"],"Resource":["acs:oss:*:1234567890123456:b/*"],)"
                           R"("Condition":)" +
                               condition + "}]}"
                         : R"({"Version":"1","Statement":[{"Effect":"Allow","Action":"ecs:Describe*","Resource":"*",)"
                           R"("Condition":)" +
                               condition + "}]}";
  return Linter(o).lint("t.json", text).findings;
}

}  // namespace

TEST_CASE("condition/operator-unknown", "[rules][condition]") {
  const std::string id = "condition/operator-unknown";
  SECTION("set prefixes before documented operators, and IpAddressIncludeBorder") {
    CHECK(run(id, R"({"ForAllValues:StringEquals":{"ram:TrustedPrincipalTypes":"Service"},)"
                  R"("ForAnyValue:StringLike":{"acs:AccessId":"STS.*"},)"
                  R"("IpAddressIncludeBorder":{"acs:SourceIp":"10.0.0.0/8"}})")
              .empty());
  }
  SECTION("an empty Condition") { CHECK(run(id, "{}").empty()); }
  SECTION("IfExists on any operator is a warning, never an error") {
    auto f =
        run(id, R"({"StringEqualsIfExists":{"acs:SourceVpc":"vpc-1"},"IpAddressIfExists":{"acs:SourceIp":"1.2.3.4"}})");
    REQUIRE(f.size() == 2);
    for (const auto& x : f) CHECK(x.severity == Severity::Warning);
  }
  SECTION("wrong case gets a safe fix; a misspelling none") {
    auto f = run(id, R"({"BOOL":{"acs:MFAPresent":"true"},"NumericLessThanEqual":{"k":"1"}})");
    REQUIRE(f.size() == 2);
    CHECK(f[0].severity == Severity::Error);
    REQUIRE(f[0].fix);
    CHECK(f[0].fix->safe);
    CHECK(f[1].severity == Severity::Error);
    CHECK_FALSE(f[1].fix);
    CHECK(f[1].message.find("NumericLessThanEquals") != std::string::npos);
  }
}

TEST_CASE("condition/key-unknown", "[rules][condition]") {
  const std::string id = "condition/key-unknown";
  SECTION("catalogued keys, tag prefixes, non-ASCII tag keys") {
    CHECK(run(id, R"({"StringEquals":{"acs:ResourceTag/team":"a","ecs:tag/部门":"b","oss:BucketTag/x":"c",)"
                  R"("sts:ExternalId":"abc","oidc:sub":"s"}})")
              .empty());
  }
  SECTION("an unknown key is a note") {
    auto f = run(id, R"({"StringEquals":{"acs:Nope":"a"}})");
    REQUIRE(f.size() == 1);
    CHECK(f[0].severity == Severity::Note);
  }
}

TEST_CASE("condition/value-invalid", "[rules][condition]") {
  const std::string id = "condition/value-invalid";
  SECTION("single CIDR string, OSS octet wildcards, IPv6") {
    CHECK(run(id, R"({"IpAddress":{"acs:SourceIp":"116.62.0.0/24"},"NotIpAddress":{"acs:SourceIp":)"
                  R"(["101.*.*.100","2001:db8::/32","::ffff:10.0.0.1","fe80::1"]}})")
              .empty());
  }
  SECTION("JSON booleans for Bool are a note") {
    auto f = run(id, R"({"Bool":{"acs:SecureTransport":true}})");
    REQUIRE(f.size() == 1);
    CHECK(f[0].severity == Severity::Note);
  }
  SECTION("wildcards: literal in StringEquals (warning), patterns in StringLike") {
    auto f = run(id, R"({"StringEquals":{"acs:SourceVpc":"vpc-*"},"StringLike":{"oss:Prefix":"a/*"}})");
    REQUIRE(f.size() == 1);
    CHECK(f[0].severity == Severity::Warning);
  }
  SECTION("dates") {
    CHECK(run(id, R"({"DateLessThan":{"acs:CurrentTime":["2019-08-12T17:00:00+08:00","2012-11-11T23:59:59Z"]}})")
              .empty());
    CHECK(run(id, R"({"DateLessThan":{"acs:CurrentTime":"2019-08-12 17:00"}})").size() == 1);
  }
  SECTION("numbers, quoted or not") {
    CHECK(run(id, R"({"NumericLessThan":{"k":["10","2.5",-1]}})").empty());
    CHECK(run(id, R"({"NumericLessThan":{"k":"1e"}})").size() == 1);
  }
  SECTION("masked doc values are left to the placeholder rules") {
    CHECK(run(id, R"({"IpAddress":{"acs:SourceIp":"116.62.XX.XX/24"}})").empty());
  }
}

TEST_CASE("condition/type-mismatch", "[rules][condition]") {
  const std::string id = "condition/type-mismatch";
  SECTION("matching types, unknown keys") {
    CHECK(run(id, R"({"Bool":{"acs:MFAPresent":"true"},"IpAddress":{"acs:SourceIp":"1.2.3.4"},)"
                  R"("StringEquals":{"acs:SecureTransport":"true"},"NumericEquals":{"x:unknown":"1"}})")
              .empty());
  }
  SECTION("Bool on acs:SourceIp is a warning") {
    auto f = run(id, R"({"Bool":{"acs:SourceIp":"true"}})");
    REQUIRE(f.size() == 1);
    CHECK(f[0].severity == Severity::Warning);
  }
  SECTION("the value check defers to the type mismatch") {
    CHECK(run("condition/value-invalid", R"({"Bool":{"acs:SourceIp":"10.0.0.1"}})").empty());
  }
}

TEST_CASE("condition/oss-sourceip-without-sourcevpc", "[rules][condition]") {
  const std::string id = "condition/oss-sourceip-without-sourcevpc";
  SECTION("with acs:SourceVpc in the same statement") {
    CHECK(run(id, R"({"IpAddress":{"acs:SourceIp":"1.2.3.4"},"StringEquals":{"acs:SourceVpc":"vpc-1"}})", Kind::Bucket)
              .empty());
  }
  SECTION("SourceIp alone is a warning in a bucket policy only") {
    auto f = run(id, R"({"IpAddress":{"acs:SourceIp":"1.2.3.4"}})", Kind::Bucket);
    REQUIRE(f.size() == 1);
    CHECK(f[0].severity == Severity::Warning);
    CHECK(run(id, R"({"IpAddress":{"acs:SourceIp":"1.2.3.4"}})").empty());
  }
}
