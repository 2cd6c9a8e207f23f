#include <catch2/catch.hpp>
#include <string>

#include "policylint/eval.hpp"

using policylint::eval::pattern_covers;
using policylint::eval::patterns_overlap;
using policylint::eval::wildcard_match;

TEST_CASE("wildcard_match", "[eval]") {
  SECTION("star alone matches everything, also empty") {
    CHECK(wildcard_match("*", "", false));
    CHECK(wildcard_match("*", "oss:GetObject", true));
    CHECK(wildcard_match("**", "x", false));
  }
  SECTION("question mark is exactly one character") {
    CHECK(wildcard_match("oss:GetObjec?", "oss:GetObject", true));
    CHECK_FALSE(wildcard_match("oss:GetObjec?", "oss:GetObjec", true));
    CHECK_FALSE(wildcard_match("?", "", false));
    CHECK(wildcard_match("a?c", "abc", false));
  }
  SECTION("service prefix") {
    CHECK(wildcard_match("oss:Get*", "oss:GetObject", true));
    CHECK(wildcard_match("oss:Get*", "oss:Get", true));
    CHECK_FALSE(wildcard_match("oss:Get*", "oss:PutObject", true));
    CHECK_FALSE(wildcard_match("oss:Get*", "ecs:GetObject", true));
  }
  SECTION("wildcard service") {
    CHECK(wildcard_match("*:Describe*", "ecs:DescribeInstances", true));
    CHECK(wildcard_match("*:Describe*", "rds:DescribeDBInstances", true));
    CHECK_FALSE(wildcard_match("*:Describe*", "ecs:StartInstance", true));
    CHECK(wildcard_match("yundun-*:*", "yundun-waf:DescribeDomain", true));
  }
  SECTION("mid-name") {
    CHECK(wildcard_match("ecs:*SecurityGroup*", "ecs:AuthorizeSecurityGroupEgress", true));
    CHECK(wildcard_match("ecs:*SecurityGroup*", "ecs:DescribeSecurityGroups", true));
    CHECK_FALSE(wildcard_match("ecs:*SecurityGroup*", "ecs:DescribeInstances", true));
    CHECK(wildcard_match("a*b*c", "aXbYbZc", false));
    CHECK_FALSE(wildcard_match("a*b*c", "aXbYbZ", false));
  }
  SECTION("case: actions fold, ARNs do not") {
    CHECK(wildcard_match("oss:getobject", "oss:GetObject", true));
    CHECK(wildcard_match("Ecs:Describe*", "ecs:DescribeInstances", true));
    CHECK_FALSE(wildcard_match("acs:oss:*:*:Bucket/*", "acs:oss:*:*:bucket/a", false));
  }
  SECTION("ARNs: a star spans separators") {
    CHECK(wildcard_match("acs:oss:*:*:bucket/*", "acs:oss:*:*:bucket/a/b/c.txt", false));
    CHECK_FALSE(wildcard_match("acs:oss:*:*:bucket/*", "acs:oss:*:*:bucket", false));
    CHECK(wildcard_match("acs:oss:*:*:bucket", "acs:oss:*:*:bucket", false));
  }
  SECTION("long inputs stay fast") {
    std::string value(200000, 'a');
    std::string pattern = "*a*a*a*a*b";
    CHECK_FALSE(wildcard_match(pattern, value, false));
    CHECK(wildcard_match("*a", value, false));
  }
}

TEST_CASE("pattern_covers", "[eval]") {
  CHECK(pattern_covers("*", "oss:Get*", true));
  CHECK(pattern_covers("oss:*", "oss:Get*", true));
  CHECK(pattern_covers("oss:Get*", "oss:GetObject", true));
  CHECK(pattern_covers("oss:get*", "OSS:GetObject?", true));
  CHECK_FALSE(pattern_covers("oss:Get*", "oss:*", true));
  CHECK_FALSE(pattern_covers("oss:GetObject", "oss:GetObject*", true));
  CHECK(pattern_covers("a?c", "a?c", false));
  CHECK_FALSE(pattern_covers("a?c", "a*c", false));
  CHECK(pattern_covers("acs:oss:*:*:b/*", "acs:oss:*:*:b/logs/*", false));
  CHECK_FALSE(pattern_covers("acs:oss:*:*:b/*", "acs:oss:*:*:b", false));
  CHECK(pattern_covers("*:*", "*:*", true));
  CHECK(pattern_covers("*", "*:*", true));
  CHECK_FALSE(pattern_covers("*:*", "*", true));
}

TEST_CASE("patterns_overlap", "[eval]") {
  CHECK(patterns_overlap("oss:Get*", "*Object", true));
  CHECK(patterns_overlap("oss:Get*", "oss:GetObject", true));
  CHECK_FALSE(patterns_overlap("oss:Get*", "oss:Put*", true));
  CHECK(patterns_overlap("*", "", false));
  CHECK_FALSE(patterns_overlap("a", "b", false));
  CHECK(patterns_overlap("a?", "?b", false));
  CHECK_FALSE(patterns_overlap("a?", "abc", false));
  CHECK(patterns_overlap("ram:*", "*:AttachPolicyToUser", true));
}
