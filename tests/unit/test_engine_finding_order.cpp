// Linter::lint returns a file's findings by position (begin, end), then rule
// id, in report order among equals; they are sorted through their indices
// and each moved once.
#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <thread>
#include <vector>

#include "policylint/engine.hpp"

using namespace policylint;

TEST_CASE("lint: findings in position order and each once", "[engine]") {
  // Many findings of several rules on one long line, some on the same span.
  std::string text = R"({"Version":"1","Statement":[{"Effect":"Allow","Resource":"*","Action":[)";
  for (int i = 0; i < 3000; ++i)
    text += std::string(i ? "," : "") +
            (i % 3 == 0   ? "\"ECS:Describe"
             : i % 3 == 1 ? "\"ecs:Describe*"
                          : "\"foo") +
            std::to_string(i / 3) + "\"";
  text += "]";
  for (int i = 0; i < 500; ++i) text += ",\"K" + std::to_string(i) + "\":1";
  text += "}]}";
  FileReport r = Linter{LintOptions{}}.lint("t.json", text);
  REQUIRE(r.findings.size() > 2000);
  auto before = [](const Finding& a, const Finding& b) {
    if (a.span.begin != b.span.begin) return a.span.begin < b.span.begin;
    if (a.span.end != b.span.end) return a.span.end < b.span.end;
    return a.rule < b.rule;
  };
  CHECK(std::is_sorted(r.findings.begin(), r.findings.end(), before));
  // Every finding is a whole one (moved once, none left empty).
  for (const Finding& f : r.findings) {
    CHECK_FALSE(f.rule.empty());
    CHECK_FALSE(f.message.empty());
    CHECK(f.path == "t.json");
  }
  // The same text again gives the same findings in the same order.
  FileReport again = Linter{LintOptions{}}.lint("t.json", text);
  REQUIRE(again.findings.size() == r.findings.size());
  for (std::size_t i = 0; i < r.findings.size(); ++i) {
    CHECK(again.findings[i].rule == r.findings[i].rule);
    CHECK(again.findings[i].message == r.findings[i].message);
  }
}

TEST_CASE("lint: the findings of a file share one string of its path", "[engine]") {
  const std::string path = "infrastructure/policies/replication-source-role.json";
  FileReport r = Linter{LintOptions{}}.lint(
      path,
      R"({"Version":"1","Statement":[{"Effect":"Allow","Action":["ECS:DescribeInstances","foo","bar"],"Resource":"*","K":1}]})");
  REQUIRE(r.findings.size() >= 2);
  for (const Finding& f : r.findings) {
    CHECK(f.path == path);
    CHECK(&f.path.str() == &r.findings.front().path.str());  // one string, not a copy each
    CHECK(&f.path.str() == &r.source.path());                // the file's Source's own
  }
  // A Source's copy shares its path too.
  const policylint::Source copy = r.source;
  CHECK(&copy.path() == &r.source.path());
  CHECK(&copy.shared_path().str() == &r.source.path());
  // A path assigned to one finding is its own: the others keep theirs.
  Finding moved = r.findings.back();
  moved.path = "elsewhere.json";
  CHECK(moved.path == "elsewhere.json");
  CHECK(r.findings.back().path == path);
  // No path: the empty string.
  CHECK(Finding{}.path.empty());
  CHECK(Finding{}.path == "");
}

TEST_CASE("lint: one thread's files in a row each report what they report alone", "[engine]") {
  // The engine gathers findings in lists the thread keeps from one document
  // to the next: nothing of one file may reach another. Files of 0 to 40
  // findings, each linted alone on a thread of its own, then all in a row,
  // twice, on this one.
  std::vector<std::string> texts;
  for (int k : {3, 0, 12, 1, 40, 2, 7}) {
    std::string statements;
    for (int i = 0; i < k; ++i)
      statements += (i > 0 ? "," : "") + std::string(R"({"Effect":"Allow","Action":"ECS:DescribeInstances)") +
                    std::to_string(i) + R"(","Resource":"*"})";
    texts.push_back(R"({"Version":"1","Statement":[)" + statements + "]}");
  }
  Linter linter{LintOptions{}};
  auto summary = [](const FileReport& r) {
    std::string s;
    for (const Finding& f : r.findings)
      s += std::string(f.rule) + " " + std::to_string(f.span.begin) + " " + f.message + " " +
           std::to_string(f.related.size()) + "\n";
    return s;
  };
  std::vector<std::string> alone;
  for (const std::string& t : texts) {
    std::string s;
    std::thread([&] { s = summary(linter.lint("p.json", t)); }).join();
    alone.push_back(s);
  }
  CHECK(std::count_if(alone.begin(), alone.end(), [](const std::string& s) { return s.size() > 200; }) >= 4);
  for (int round = 0; round < 2; ++round)
    for (std::size_t i = 0; i < texts.size(); ++i) {
      INFO(round << " " << i);
      CHECK(summary(linter.lint("p.json", texts[i])) == alone[i]);
    }
}

TEST_CASE("lint: the findings of a document share one string of its context", "[engine]") {
  const std::string tf = R"(resource "alicloud_ram_policy" "replication_source" {
  policy_name     = "replication-source"
  policy_document = <<EOF
{"Version":"1","Statement":[{"Effect":"Allow","Action":["ECS:DescribeInstances","foo","bar"],"Resource":"*","K":1}]}
EOF
}
)";
  FileReport r = Linter{LintOptions{}}.lint("main.tf", tf);
  std::string said;
  for (const Finding& f : r.findings) said += std::string(f.rule) + ": " + f.message + "\n";
  INFO(said);
  REQUIRE(r.findings.size() >= 2);
  for (const Finding& f : r.findings) {
    CHECK(f.context == "alicloud_ram_policy.replication_source");
    CHECK(&f.context.str() == &r.findings.front().context.str());
  }
}

TEST_CASE("finding: a fix is copied with the finding, and each copy is its own", "[engine]") {
  Finding a;
  CHECK_FALSE(a.fix);
  a.fix = Fix{"add the bucket", false, {Edit{Span{1, 2}, "x"}}};
  REQUIRE(a.fix.has_value());
  Finding b = a;
  REQUIRE(b.fix);
  CHECK(b.fix->title == "add the bucket");
  b.fix->edits.front().replacement = "y";
  CHECK(a.fix->edits.front().replacement == "x");  // a deep copy
  Finding c = std::move(b);
  CHECK(c.fix->edits.front().replacement == "y");
  c.fix = Fix{"another", true, {}};  // assigned in place
  CHECK(c.fix->title == "another");
  c.fix.reset();
  CHECK_FALSE(c.fix);
  CHECK_THROWS_AS(c.fix.value(), std::bad_optional_access);
  a = c;
  CHECK_FALSE(a.fix);
}
