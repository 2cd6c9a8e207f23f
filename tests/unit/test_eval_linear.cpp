// The linear-time matching of eval.cpp against the plain algorithms it
// replaced (kept here as references), on random short patterns and on the
// long inputs that made those quadratic.
#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "policylint/eval.hpp"

using policylint::eval::pattern_covers;
using policylint::eval::patterns_overlap;
using policylint::eval::wildcard_match;

namespace {

char fold(char c, bool ci) { return ci && c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Reference: table of "pattern[0, i) matches value[0, j)".
bool ref_match(const std::string& p, const std::string& v, bool ci) {
  std::vector<std::vector<char>> t(p.size() + 1, std::vector<char>(v.size() + 1, 0));
  t[0][0] = 1;
  for (std::size_t i = 1; i <= p.size(); ++i)
    for (std::size_t j = 0; j <= v.size(); ++j) {
      if (p[i - 1] == '*')
        t[i][j] = t[i - 1][j] || (j > 0 && t[i][j - 1]);
      else if (j > 0)
        t[i][j] = t[i - 1][j - 1] && (p[i - 1] == '?' || fold(p[i - 1], ci) == fold(v[j - 1], ci));
    }
  return t[p.size()][v.size()] != 0;
}

// Reference: the dynamic programme pattern_covers used before.
bool ref_covers(const std::string& g, const std::string& s, bool ci) {
  auto one = [&](char a, char b) { return a == '?' ? b != '*' : (b != '*' && b != '?' && fold(a, ci) == fold(b, ci)); };
  std::vector<char> prev(s.size() + 1, 0), cur(s.size() + 1, 0);
  prev[0] = 1;
  for (char c : g) {
    std::fill(cur.begin(), cur.end(), 0);
    for (std::size_t j = 0; j <= s.size(); ++j) {
      if (c == '*')
        cur[j] = prev[j] || (j > 0 && cur[j - 1]);
      else if (j > 0)
        cur[j] = one(c, s[j - 1]) && prev[j - 1];
    }
    std::swap(prev, cur);
  }
  return prev[s.size()] != 0;
}

// Reference: the reachability search patterns_overlap used before.
bool ref_overlap(const std::string& a, const std::string& b, bool ci) {
  const std::size_t na = a.size(), nb = b.size();
  std::vector<char> seen((na + 1) * (nb + 1), 0);
  std::vector<std::pair<std::size_t, std::size_t>> todo{{0, 0}};
  seen[0] = 1;
  auto push = [&](std::size_t i, std::size_t j) {
    char& s = seen[i * (nb + 1) + j];
    if (!s) s = 1, todo.emplace_back(i, j);
  };
  while (!todo.empty()) {
    auto [i, j] = todo.back();
    todo.pop_back();
    if (i == na && j == nb) return true;
    if (i < na && a[i] == '*') push(i + 1, j);
    if (j < nb && b[j] == '*') push(i, j + 1);
    if (i < na && j < nb) {
      bool lit_a = a[i] != '*' && a[i] != '?', lit_b = b[j] != '*' && b[j] != '?';
      if (lit_a && lit_b && fold(a[i], ci) != fold(b[j], ci)) continue;
      push(a[i] == '*' ? i : i + 1, b[j] == '*' ? j : j + 1);
    }
  }
  return false;
}

std::string random_pattern(std::mt19937& rng, std::size_t max_len, const std::string& alphabet) {
  std::size_t n = std::uniform_int_distribution<std::size_t>(0, max_len)(rng);
  std::string s;
  for (std::size_t i = 0; i < n; ++i)
    s += alphabet[std::uniform_int_distribution<std::size_t>(0, alphabet.size() - 1)(rng)];
  return s;
}

}  // namespace

TEST_CASE("wildcard matching: the linear algorithms answer as the plain ones", "[eval]") {
  std::mt19937 rng(2026);
  SECTION("wildcard_match") {
    for (int i = 0; i < 20000; ++i) {
      bool ci = i % 2 == 0;
      std::string p = random_pattern(rng, 12, "aAb**?");
      std::string v = random_pattern(rng, 14, "aAb");
      INFO(p << " / " << v);
      CHECK(wildcard_match(p, v, ci) == ref_match(p, v, ci));
    }
  }
  SECTION("wildcard_match past the greedy step budget") {
    // Long enough that the greedy match gives up and places the pieces.
    for (int i = 0; i < 300; ++i) {
      bool ci = i % 2 == 0;
      std::string p = "*" + random_pattern(rng, 40, "aaAb?*") + "*" + random_pattern(rng, 6, "ab*");
      std::string v = random_pattern(rng, 300, "aaaAb");
      INFO(p << " / " << v);
      CHECK(wildcard_match(p, v, ci) == ref_match(p, v, ci));
    }
  }
  SECTION("pattern_covers") {
    for (int i = 0; i < 20000; ++i) {
      bool ci = i % 2 == 0;
      std::string g = random_pattern(rng, 10, "aAb**?");
      // Past 63 characters of specific the general path is taken.
      std::string s = random_pattern(rng, i % 3 == 0 ? 90 : 12, "aAb*?");
      INFO(g << " / " << s);
      CHECK(pattern_covers(g, s, ci) == ref_covers(g, s, ci));
    }
  }
  SECTION("patterns_overlap") {
    for (int i = 0; i < 20000; ++i) {
      bool ci = i % 2 == 0;
      std::string a = random_pattern(rng, 10, "aAb*?");
      std::string b = random_pattern(rng, 10, "aAb*?");
      INFO(a << " / " << b);
      CHECK(patterns_overlap(a, b, ci) == ref_overlap(a, b, ci));
    }
  }
}

TEST_CASE("wildcard matching: hostile long inputs", "[eval]") {
  // Each would take |a| * |b| steps (and patterns_overlap as many bytes) in
  // the plain algorithms; the answers are known.
  const std::string run(30000, 'a');
  const std::string half(15000, 'a');
  SECTION("a long piece between stars, against a longer run") {
    CHECK(wildcard_match("*" + half + "b*", run + "b", false));
    CHECK_FALSE(wildcard_match("*" + half + "b*", run, false));
    CHECK(pattern_covers("*" + half + "b*", run + "b", false));
    CHECK_FALSE(pattern_covers("*" + half + "b*", run, false));
  }
  SECTION("many short pieces") {
    std::string pieces;
    for (int i = 0; i < 10000; ++i) pieces += "*a";
    CHECK(wildcard_match(pieces + "*b", run + "b", false));
    CHECK(pattern_covers(pieces + "*b", run + "b", false));
    CHECK_FALSE(pattern_covers(pieces + "*b", run + "*", false));
  }
  SECTION("two long patterns share a string") {
    CHECK(patterns_overlap("*" + run + "*", half + "*" + half, false));
    CHECK_FALSE(patterns_overlap("b*" + run, half + "*", false));
    CHECK(patterns_overlap("*" + half + "?*", run + "?b", false));
  }
}
