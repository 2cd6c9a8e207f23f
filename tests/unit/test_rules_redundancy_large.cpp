// The redundancy rules on documents with many statements: every statement is
// compared (through an index, not a cap on the statement count), with the
// findings the pairwise comparison gives.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "policylint/engine.hpp"

using namespace policylint;

namespace {

std::string statement(std::string_view effect, std::string_view action, std::string_view resource) {
  return "{\"Effect\": \"" + std::string(effect) + "\", \"Action\": \"" + std::string(action) + "\", \"Resource\": \"" +
         std::string(resource) + "\"}";
}

// 300 statements on distinct buckets (none covers another), with the given
// statements at the start and the end.
std::string document(const std::string& first, const std::string& last) {
  std::string s = "{\"Version\": \"1\", \"Statement\": [\n" + first;
  for (int i = 0; i < 300; ++i)
    s += ",\n" + statement("Allow", "oss:GetObject", "acs:oss:*:1234567890123456:bucket-" + std::to_string(i) + "/*");
  return s + ",\n" + last + "]}";
}

std::vector<std::string> redundancy_findings(const FileReport& r) {
  std::vector<std::string> out;
  for (const auto& f : r.findings)
    if (f.rule.starts_with("redundancy/")) out.push_back(f.rule + " " + std::to_string(f.span.begin));
  return out;
}

std::size_t count(const FileReport& r, std::string_view rule) {
  std::size_t n = 0;
  for (const auto& f : r.findings) n += f.rule == rule ? 1 : 0;
  return n;
}

}  // namespace

TEST_CASE("redundancy: a covered statement is found among 302 statements", "[rules][redundancy]") {
  Linter linter{LintOptions{}};
  // The last statement's action is inside the first one's wildcard.
  auto r = linter.lint("p.json", document(statement("Allow", "oss:Get*", "acs:oss:*:1234567890123456:*"),
                                          statement("Allow", "OSS:GetObjectAcl", "acs:oss:*:1234567890123456:x/*")));
  // Every statement on a bucket is covered by the first; the first covers
  // them all and is covered by none.
  CHECK(count(r, "redundancy/statement-covered") == 301);
}

TEST_CASE("redundancy: an overriding Deny is found among 302 statements", "[rules][redundancy]") {
  Linter linter{LintOptions{}};
  auto r = linter.lint(
      "p.json", document(statement("Allow", "ecs:DescribeInstances", "*"), statement("Deny", "ecs:Describe*", "*")));
  CHECK(count(r, "redundancy/allow-overridden") == 1);
  CHECK(count(r, "redundancy/statement-covered") == 0);
}

TEST_CASE("redundancy: NotAction and missing Resource are compared too", "[rules][redundancy]") {
  Linter linter{LintOptions{}};
  // A Deny of everything but ram:* takes back the Allow of oss:GetObject on
  // bucket-7; the Allow of "*" with no Resource covers every Allow.
  auto r = linter.lint("p.json", document("{\"Effect\": \"Deny\", \"NotAction\": \"ram:*\", \"Resource\": "
                                          "\"acs:oss:*:1234567890123456:bucket-7/*\"}",
                                          "{\"Effect\": \"Allow\", \"Action\": \"*\"}"));
  CHECK(count(r, "redundancy/allow-overridden") == 1);
  CHECK(count(r, "redundancy/statement-covered") == 299);
  CHECK_FALSE(redundancy_findings(r).empty());
}
