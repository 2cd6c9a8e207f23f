// Limits and hostile inputs through the library: generated at and past each
// documented limit (json::Limits), plus bytes that are not JSON at all.
#include <catch2/catch.hpp>
#include <random>
#include <string>

#include "policylint/engine.hpp"

using namespace policylint;

namespace {

std::vector<std::string> rules_of(const FileReport& r) {
  std::vector<std::string> out;
  for (const auto& f : r.findings) out.push_back(f.rule.str());
  return out;
}

bool has(const FileReport& r, std::string_view rule) {
  for (const auto& f : r.findings)
    if (f.rule == rule) return true;
  return false;
}

std::string statement(std::size_t i) {
  return "{\"Effect\": \"Allow\", \"Action\": \"oss:GetObject\", \"Resource\": \"acs:oss:*:*:b" + std::to_string(i) +
         "/*\"}";
}

std::string policy_with(std::size_t statements) {
  std::string s = "{\"Version\": \"1\", \"Statement\": [";
  for (std::size_t i = 0; i < statements; ++i) s += (i ? ",\n" : "\n") + statement(i);
  return s + "]}";
}

std::string nested(std::size_t depth, std::string_view open, std::string_view close, std::string_view inner) {
  std::string s;
  s.reserve(depth * (open.size() + close.size()) + inner.size());
  for (std::size_t i = 0; i < depth; ++i) s += open;
  s += inner;
  for (std::size_t i = 0; i < depth; ++i) s += close;
  return s;
}

}  // namespace

TEST_CASE("limits: file size, at and past the limit", "[limits]") {
  LintOptions lo;
  lo.limits.max_bytes = 4096;
  Linter linter{lo};
  std::string text = policy_with(1);
  text += std::string(4096 - text.size(), ' ');
  REQUIRE(text.size() == 4096);
  CHECK_FALSE(has(linter.lint("at.json", text), "json/file-too-large"));
  auto r = linter.lint("past.json", text + " ");
  REQUIRE(rules_of(r) == std::vector<std::string>{"json/file-too-large"});
  CHECK(r.findings[0].message == "file is 4097 bytes, more than the limit of 4096 bytes");
  CHECK(r.findings[0].start.line == 1);
  CHECK(r.findings[0].start.column == 1);
}

TEST_CASE("limits: a 32 MiB file (the default limit) is linted", "[limits]") {
  // A real policy padded with whitespace to exactly the default limit.
  Linter linter{LintOptions{}};
  std::string text = policy_with(3);
  const std::size_t limit = json::Limits{}.max_bytes;
  text.resize(limit, '\n');
  auto r = linter.lint("big.json", text);
  CHECK_FALSE(has(r, "json/file-too-large"));
  CHECK_FALSE(has(r, "json/syntax-error"));
  text += ' ';
  r = linter.lint("big.json", std::move(text));
  CHECK(rules_of(r) == std::vector<std::string>{"json/file-too-large"});
}

TEST_CASE("limits: a --max-file-size past 4 GiB is capped (spans are 32-bit)", "[limits]") {
  json::Limits l;
  l.max_bytes = std::uint64_t{1} << 40;
  // Only the cap's arithmetic is checked here: a 4 GiB buffer is not allocated.
  auto doc = json::parse("{}", l);
  CHECK(doc.ok());
}

TEST_CASE("limits: nesting depth, at and past the limit, and 100 000 deep", "[limits]") {
  Linter linter{LintOptions{}};
  const std::size_t limit = json::Limits{}.max_depth;
  // The root object is level 1: Statement array 2, statement 3, Condition 4,
  // operator 5, key value array 6; the rest is padding arrays.
  auto deep_policy = [&](std::size_t depth) {
    std::string value = nested(depth - 6, "[", "]", "\"x\"");
    return "{\"Version\": \"1\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"oss:GetObject\", "
           "\"Resource\": \"*\", \"Condition\": {\"StringEquals\": {\"acs:SourceVpc\": [" +
           value + "]}}}]}";
  };
  CHECK_FALSE(has(linter.lint("at.json", deep_policy(limit)), "json/nesting-too-deep"));
  auto past = linter.lint("past.json", deep_policy(limit + 1));
  REQUIRE(rules_of(past) == std::vector<std::string>{"json/nesting-too-deep"});
  CHECK(past.findings[0].message == "nesting deeper than 64 levels");

  SECTION("100 000 open brackets") {
    auto r = linter.lint("deep.json", std::string(100000, '['));
    REQUIRE(rules_of(r) == std::vector<std::string>{"json/nesting-too-deep"});
    CHECK(r.findings[0].start.column == 65);
  }
  SECTION("100 000 deep with the limit raised: the tree is built and walked without recursion") {
    LintOptions lo;
    lo.limits.max_depth = 200000;
    Linter raised{lo};
    auto r = raised.lint("deep.json", deep_policy(100000));
    CHECK_FALSE(has(r, "json/nesting-too-deep"));
    CHECK_FALSE(has(r, "json/syntax-error"));
    r = raised.lint("deep.json", "{\"Version\": \"1\", \"Statement\": " + nested(100000, "{\"a\": ", "}", "1") + "}");
    CHECK_FALSE(has(r, "json/nesting-too-deep"));
    r = raised.lint("deep.json", nested(100000, "[", "]", ""));
    CHECK(r.findings.empty());
    CHECK_FALSE(r.is_policy);
  }
}

TEST_CASE("limits: number of statements, at and past the limit", "[limits]") {
  Linter linter{LintOptions{}};
  const std::size_t limit = json::Limits{}.max_statements;
  CHECK_FALSE(has(linter.lint("at.json", policy_with(limit)), "json/too-many-statements"));
  auto r = linter.lint("past.json", policy_with(limit + 1));
  REQUIRE(rules_of(r) == std::vector<std::string>{"json/too-many-statements"});
  CHECK(r.findings[0].message ==
        "the Statement array has 1001 entries, more than the limit of 1000 that policylint analyses; rules were not "
        "run");
  CHECK(r.findings[0].start.line == 1);
  CHECK(r.findings[0].start.column == 18);  // the "Statement" key
}

TEST_CASE("limits: string length, at and past the limit", "[limits]") {
  Linter linter{LintOptions{}};
  const std::size_t limit = json::Limits{}.max_string;
  auto with_sid = [](std::size_t n) {
    return "{\"Version\": \"1\", \"Statement\": [{\"Sid\": \"" + std::string(n, 'S') +
           "\", \"Effect\": \"Allow\", \"Action\": \"oss:GetObject\", \"Resource\": \"*\"}]}";
  };
  CHECK_FALSE(has(linter.lint("at.json", with_sid(limit)), "json/string-too-long"));
  auto r = linter.lint("past.json", with_sid(limit + 1));
  REQUIRE(rules_of(r) == std::vector<std::string>{"json/string-too-long"});
  CHECK(r.findings[0].message ==
        "string of 32769 bytes, more than the limit of 32768 that policylint analyses; rules were not run");
  CHECK(r.findings[0].start.column == 40);

  SECTION("a long key") {
    std::string text = "{\"Version\": \"1\", \"Statement\": [{\"" + std::string(limit + 1, 'k') + "\": 1}]}";
    auto k = linter.lint("key.json", text);
    REQUIRE(rules_of(k) == std::vector<std::string>{"json/string-too-long"});
    CHECK(k.findings[0].start.column == 33);
  }
  SECTION("a long string escaped with \\u is measured decoded") {
    std::string escaped;
    for (std::size_t i = 0; i < limit; ++i) escaped += "\\u0041";
    std::string text = "{\"Version\": \"1\", \"Statement\": [{\"Sid\": \"" + escaped +
                       "\", \"Effect\": \"Allow\", \"Action\": \"oss:GetObject\", \"Resource\": \"*\"}]}";
    CHECK_FALSE(has(linter.lint("esc.json", text), "json/string-too-long"));
  }
  SECTION("strings of a JSON file that is not a policy are not limited") {
    std::string text = "{\"name\": \"x\", \"blob\": \"" + std::string(limit * 4, 'b') + "\"}";
    auto k = linter.lint("package.json", text);
    CHECK(k.findings.empty());
  }
}

TEST_CASE("limits: random bytes", "[limits]") {
  Linter linter{LintOptions{}};
  std::mt19937 rng(20240601);
  for (std::size_t size : {1u, 2u, 7u, 100u, 4096u, 1u << 20}) {
    std::string bytes(size, '\0');
    for (auto& c : bytes) c = static_cast<char>(rng() & 0xFF);
    auto r = linter.lint("random.bin", bytes);
    REQUIRE_FALSE(r.findings.empty());
    for (const auto& f : r.findings) {
      CHECK(f.rule.view().starts_with("json/"));
      CHECK(f.span.end <= bytes.size());
    }
  }
  SECTION("random bytes that start like a policy") {
    for (int i = 0; i < 200; ++i) {
      std::string bytes = "{\"Version\": \"1\", \"Statement\": [{\"Effect\": \"";
      for (int k = 0; k < 64; ++k) bytes += static_cast<char>(rng() & 0xFF);
      auto r = linter.lint("random.json", bytes);
      CHECK_FALSE(r.findings.empty());
    }
  }
}

TEST_CASE("limits: a file that ends mid-string", "[limits]") {
  Linter linter{LintOptions{}};
  std::string text = "{\n  \"Version\": \"1\",\n  \"Statement\": [{\"Effect\": \"Allo";
  auto r = linter.lint("cut.json", text);
  REQUIRE(rules_of(r) == std::vector<std::string>{"json/syntax-error"});
  CHECK(r.findings[0].message == "string not closed: the closing quote is missing");
  CHECK(r.findings[0].start.line == 3);
  // Every prefix of a policy is a finding, never a crash.
  std::string full = policy_with(2);
  for (std::size_t n = 0; n < full.size(); ++n) {
    auto p = linter.lint("prefix.json", full.substr(0, n));
    CHECK_FALSE(p.findings.empty());
  }
}

TEST_CASE("limits: NUL bytes", "[limits]") {
  Linter linter{LintOptions{}};
  SECTION("between tokens") {
    auto r = linter.lint("nul.json", std::string("{\"Version\": \"1\",\0 \"Statement\": []}", 33));
    REQUIRE(rules_of(r) == std::vector<std::string>{"json/syntax-error"});
    CHECK(r.findings[0].message.rfind("NUL byte in the file", 0) == 0);
    CHECK(r.findings[0].start.column == 17);
  }
  SECTION("inside a string") {
    auto r = linter.lint("nul.json", std::string("{\"Version\": \"1\0\"}", 17));
    REQUIRE(rules_of(r) == std::vector<std::string>{"json/syntax-error"});
    CHECK(r.findings[0].message.rfind("NUL byte in the file", 0) == 0);
  }
  SECTION("only NUL bytes") {
    auto r = linter.lint("nul.json", std::string(1000, '\0'));
    REQUIRE_FALSE(r.findings.empty());
    CHECK(r.findings[0].rule == "json/syntax-error");
  }
  SECTION("after the value: RapidJSON alone would stop reading there") {
    std::string text = policy_with(1);
    auto r = linter.lint("nul.json", text + std::string("\0garbage", 8));
    REQUIRE(rules_of(r) == std::vector<std::string>{"json/syntax-error"});
    CHECK(r.findings[0].message == "NUL byte in the file (unexpected text after the end of the JSON value)");
    CHECK(r.findings[0].span.begin == text.size());
    r = linter.lint("nul.json", std::string("{}\0", 3));
    REQUIRE(rules_of(r) == std::vector<std::string>{"json/syntax-error"});
  }
}
