// eval::PatternIndex against the tests it spares: for random sets of
// patterns (big enough to be indexed, and not) and random probes, covers()
// is some item's pattern_covers and overlaps() some item's patterns_overlap.
// The sets share heads and tails, as ARNs do, so that the edge lookups find
// groups, ranges and both.
#include <algorithm>
#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "../../lib/src/eval/pattern_index.hpp"
#include "policylint/eval.hpp"
#include "policylint/json.hpp"

using policylint::eval::pattern_covers;
using policylint::eval::PatternIndex;
using policylint::eval::patterns_overlap;

namespace {

struct Gen {
  std::mt19937 rng;
  std::size_t upto(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n)(rng); }
  // A pattern of a few pieces: a shared head or tail often, letters in both
  // cases, ':' and '/', and '*' or '?' between.
  std::string pattern(bool wild) {
    static const char* const heads[] = {"", "acs:oss:", "acs:oss:a", "acs:", "Acs:oss:", "a"};
    static const char* const tails[] = {"", "/*", "/a", "b", "/ab", "*"};
    std::string s = heads[upto(5)];
    for (std::size_t k = upto(4); k > 0; --k) {
      s += "aAb:/"[upto(4)];
      if (wild && upto(3) == 0) s += "*?"[upto(1)];
    }
    s += tails[upto(wild ? 5 : 4)];
    if (wild && upto(4) == 0) s.insert(upto(s.size()), 1, "*?"[upto(1)]);
    return s;
  }
};

}  // namespace

TEST_CASE("PatternIndex answers as a test of every item", "[eval]") {
  Gen g{std::mt19937(11)};
  for (int round = 0; round < 3000; ++round) {
    const bool ci = round % 2 == 0;
    // Sets below PatternIndex::kIndexFrom items are tested item by item;
    // most rounds are above.
    std::vector<std::string> texts(round % 5 == 0 ? g.upto(15) : 16 + g.upto(60));
    const bool all_literal = round % 7 == 0;
    for (std::string& t : texts) t = g.pattern(!all_literal && g.upto(4) != 0);
    std::vector<std::string_view> items(texts.begin(), texts.end());
    PatternIndex index(items, ci);
    for (int q = 0; q < 40; ++q) {
      std::string p =
          q % 4 == 0 ? texts.empty() ? g.pattern(true) : texts[g.upto(texts.size() - 1)] : g.pattern(g.upto(2) != 0);
      bool covers = false, overlaps = false;
      for (std::string_view x : items) {
        covers = covers || pattern_covers(x, p, ci);
        overlaps = overlaps || patterns_overlap(x, p, ci);
      }
      INFO("round " << round << ", probe " << p << ", " << items.size() << " items, ci " << ci);
      REQUIRE(index.covers(p) == covers);
      REQUIRE(index.overlaps(p) == overlaps);
    }
  }
}

TEST_CASE("PatternIndex: literals, folded for actions", "[eval]") {
  std::vector<std::string> texts;
  for (int i = 0; i < 40; ++i) texts.push_back("oss:Get" + std::to_string(i) + "Object");
  texts.push_back("ram:*");
  std::vector<std::string_view> items(texts.begin(), texts.end());
  PatternIndex actions(items, true), arns(items, false);
  CHECK(actions.has_literal("OSS:get7object"));
  CHECK_FALSE(arns.has_literal("OSS:get7object"));
  CHECK(arns.has_literal("oss:Get7Object"));
  CHECK(actions.covers("RAM:ListUsers"));
  CHECK_FALSE(arns.covers("RAM:ListUsers"));
  CHECK(actions.overlaps("oss:get3*"));
  CHECK_FALSE(actions.overlaps("oss:Put*"));
  CHECK(actions.has_wildcard_item());
  std::size_t distinct = 0;
  actions.each_literal([&](std::string_view) { ++distinct; });
  CHECK(distinct == 40);
}

namespace {

// A parsed document and its model; the model points into the document.
struct Parsed {
  explicit Parsed(std::string t)
      : text(std::move(t)), doc(policylint::json::parse(text)), policy(policylint::build_policy(doc.root())) {}
  std::string text;
  policylint::json::Document doc;
  policylint::Policy policy;
};

std::string json_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ",\"" : "\"") + items[i] + "\"";
  return out + "]";
}

}  // namespace

TEST_CASE("set relations of big elements, indexed, as their definitions", "[eval]") {
  // Two statements of 20-80 items (past the 1 024 pairs from which the
  // looked-up element is indexed), listed or negated; subset and overlap
  // against any_of / all_of over the pairs of items.
  Gen g{std::mt19937(21)};
  auto items = [&](std::size_t n, const char* head) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < n; ++i) out.push_back(head + g.pattern(g.upto(3) != 0));
    return out;
  };
  for (int round = 0; round < 300; ++round) {
    const bool not_a = round % 3 == 1, not_b = round % 4 == 1;
    std::vector<std::string> a = items(20 + g.upto(60), "acs:oss:*:1:"), b = items(20 + g.upto(60), "acs:oss:*:1:");
    // Often b holds a's items, so that subsets occur.
    if (round % 2 == 0) b.insert(b.end(), a.begin(), a.end());
    const char* ka = not_a ? "NotResource" : "Resource";
    const char* kb = not_b ? "NotResource" : "Resource";
    Parsed p(R"({"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:GetObject",")" + std::string(ka) + "\":" +
             json_list(a) + R"(},{"Effect":"Deny","Action":"oss:GetObject",")" + kb + "\":" + json_list(b) + "}]}");
    REQUIRE(p.policy.statements.size() == 2);
    const auto& s = p.policy.statements;
    auto covered = [&](const std::string& v, const std::vector<std::string>& set) {
      return std::any_of(set.begin(), set.end(), [&](const std::string& o) { return pattern_covers(o, v, false); });
    };
    auto overlap = [&](const std::vector<std::string>& x, const std::vector<std::string>& y) {
      for (const auto& i : x)
        for (const auto& o : y)
          if (patterns_overlap(i, o, false)) return true;
      return false;
    };
    auto all_covered = [&](const std::vector<std::string>& x, const std::vector<std::string>& y) {
      return std::all_of(x.begin(), x.end(), [&](const std::string& v) { return covered(v, y); });
    };
    // a ⊆ b, by the kind of each element.
    bool subset = !not_a && !not_b  ? all_covered(a, b)
                  : not_a && not_b  ? all_covered(b, a)
                  : !not_a && not_b ? !overlap(a, b)
                                    : covered("*", b);
    // a and b share a resource.
    bool shared = !not_a && !not_b ? overlap(a, b)
                  : not_a && not_b ? true
                  : !not_a         ? !all_covered(a, b)
                                   : !all_covered(b, a);
    INFO("round " << round << ", " << a.size() << " and " << b.size() << " items, " << ka << " / " << kb);
    CHECK(policylint::eval::resources_subset(s[0], s[1]) == subset);
    CHECK(policylint::eval::resources_overlap(s[0], s[1]) == shared);
  }
}
