// The security rules skip pattern_covers(item, P) for an Action or Resource
// item with no wildcard when P holds a '*' (every P they ask about): such an
// item matches one string, never all those P matches. Held here over the
// patterns the rules use and many generated items, so that the skip stays
// exactly what the evaluator would have answered.
#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

#include "policylint/eval.hpp"

using namespace policylint;

TEST_CASE("security: an item with no wildcard never covers a pattern holding '*'", "[rules][security][perf]") {
  const std::vector<std::string> patterns = {"*:*",         "ram:*",         "ecs:*",        "oss:*",
                                             "acs:*:*:*:*", "acs:ram:*:*:*", "acs:oss:*:*:*"};
  // Items close to the patterns: their literal parts, with and without the
  // characters a '*' stands for.
  const std::string alphabet = "acdeilmorsuAR:*x0123456789/-";
  std::mt19937 rng(606);
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  std::vector<std::string> items = {"",     ":",       "*",          "ram:",          "ram:x",         "RAM:CreateUser",
                                    "acs:", "acs::::", "acs:ram:::", "acs:ram:a:b:c", "acs:oss:*:*:b", "ecs:*"};
  for (int i = 0; i < 20000; ++i) {
    std::string v;
    for (std::size_t n = pick(16); n > 0; --n) v += alphabet[pick(alphabet.size())];
    items.push_back(v);
  }
  std::size_t with_wildcard_covering = 0;
  std::vector<std::string> wrong;  // plain items said to cover a pattern
  for (const auto& item : items) {
    bool wildcard = item.find_first_of("*?") != std::string::npos;
    for (const auto& p : patterns)
      for (bool ci : {true, false}) {
        bool covers = eval::pattern_covers(item, p, ci);
        if (!wildcard && covers) wrong.push_back(item + " covers " + p);
        with_wildcard_covering += covers ? 1 : 0;
      }
  }
  CHECK(wrong.empty());
  // The items with a '*' do cover some patterns: the test reaches both answers.
  CHECK(with_wildcard_covering > 0);
}

TEST_CASE("security: a pattern matches only actions that begin with its first character, unless a wildcard",
          "[rules][security][perf]") {
  // privilege-escalation passes over the escalation actions whose first
  // character (letters folded) no Action item starts with.
  const std::string alphabet = "raRAmMsS:*?xX";
  std::mt19937 rng(1309);
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  auto text = [&](std::size_t most) {
    std::string v;
    for (std::size_t n = pick(most + 1); n > 0; --n) v += alphabet[pick(alphabet.size())];
    return v;
  };
  auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
  std::vector<std::string> wrong;  // a match the first characters rule out
  std::size_t matches = 0;
  for (int i = 0; i < 40000; ++i) {
    std::string p = text(8), v = text(8);
    if (!eval::wildcard_match(p, v, true)) continue;
    ++matches;
    if (p.empty() || p[0] == '*' || p[0] == '?') continue;
    if (v.empty() || lower(p[0]) != lower(v[0])) wrong.push_back(p + " matches " + v);
  }
  CHECK(wrong.empty());
  CHECK(matches > 100);
}
