// The shared text helpers (lib/src/util/text.hpp) and the TSV reader
// (lib/src/util/tsv.hpp), which every rule family and the catalog use.
#include <algorithm>
#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

#include "../../lib/src/util/text.hpp"
#include "../../lib/src/util/tsv.hpp"
#include "policylint/embedded.hpp"

using namespace policylint;
using util::Case;

TEST_CASE("util: case-insensitive comparisons", "[util]") {
  CHECK(util::iequals("oss:GetObject", "OSS:getobject"));
  CHECK_FALSE(util::iequals("oss:GetObject", "oss:GetObjects"));
  CHECK(util::istarts_with("ARN:sts::1:assumed-role/r/s", "arn:sts:"));
  CHECK_FALSE(util::istarts_with("ar", "arn:"));
  CHECK(util::iends_with("OSS.AliyunCS.com", ".aliyuncs.com"));
  CHECK(util::to_lower("AbC-Ä") == "abc-Ä");  // bytes outside ASCII unchanged
  CHECK(util::has_upper("roleName"));
  CHECK_FALSE(util::has_upper("rolename-1"));
}

TEST_CASE("util: wildcard test, digits, trim", "[util]") {
  CHECK(util::has_wildcard("oss:Get*"));
  CHECK(util::has_wildcard("a?c"));
  CHECK_FALSE(util::has_wildcard("acs:oss:::b"));
  CHECK(util::all_digits("1234567890123456"));
  CHECK_FALSE(util::all_digits(""));
  CHECK_FALSE(util::all_digits("12a4"));
  CHECK(util::trim(" \t x y \r\n") == "x y");
  CHECK(util::trim(" \t\r\n").empty());
}

TEST_CASE("util: the word-at-a-time wildcard, digit and ASCII tests agree with a byte loop", "[util]") {
  // Every length up to three words (and past one 16-byte block), every
  // position of the odd byte, and the bytes next to the tested ones ('*' and
  // '?' are 0x2A and 0x3F; the digits 0x30 to 0x39, with '/' and ':' beside
  // them and their high-bit twins).
  const std::string odd = std::string("*?)+>@/:09\xB0\xB9\x00\xFF", 14);
  for (std::size_t n = 0; n <= 24; ++n) {
    for (std::size_t at = 0; at <= n; ++at) {
      for (char c : odd) {
        std::string s(n, '7');
        if (at < n) s[at] = c;
        bool wildcard = false, digits = !s.empty();
        std::size_t ascii = 0;
        for (char x : s) {
          wildcard = wildcard || x == '*' || x == '?';
          digits = digits && x >= '0' && x <= '9';
        }
        while (ascii < s.size() && static_cast<unsigned char>(s[ascii]) < 0x80) ++ascii;
        INFO("length " << n << ", byte " << static_cast<int>(static_cast<unsigned char>(c)) << " at " << at);
        CHECK(util::has_wildcard(s) == wildcard);
        CHECK(util::all_digits(s) == digits);
        CHECK(util::ascii_run(s) == ascii);
      }
    }
  }
  static_assert(util::has_wildcard("a*") && !util::has_wildcard("ab"));  // still usable at compile time
}

TEST_CASE("util: edit distance", "[util]") {
  CHECK(util::edit_distance("kitten", "sitting") == 3);
  CHECK(util::edit_distance("", "abc") == 3);
  CHECK(util::edit_distance("Statement", "Statement") == 0);
  SECTION("case flag") {
    CHECK(util::edit_distance("GetObject", "getobject") == 2);
    CHECK(util::edit_distance("GetObject", "getobject", Case::Insensitive) == 0);
    CHECK(util::edit_distance("GetObjekt", "getobject", Case::Insensitive) == 1);
  }
  SECTION("a real bound: the exact value within it, bound + 1 beyond it") {
    CHECK(util::edit_distance("kitten", "sitting", Case::Sensitive, 3) == 3);
    CHECK(util::edit_distance("kitten", "sitting", Case::Sensitive, 2) == 3);
    CHECK(util::edit_distance("kitten", "sitting", Case::Sensitive, 0) == 1);
    // Lengths alone exceed the bound: no table at all.
    CHECK(util::edit_distance("a", std::string(10000, 'b'), Case::Sensitive, 2) == 3);
    // Two long unrelated strings: the first rows already exceed the bound.
    std::string a(20000, 'x'), b(20000, 'y');
    CHECK(util::edit_distance(a, b, Case::Sensitive, 3) == 4);
    // The largest bound does not wrap around.
    CHECK(util::edit_distance("ab", "cd", Case::Sensitive, static_cast<std::size_t>(-1)) == 2);
  }
  SECTION("as the full table gives it, random strings up to 64 bytes and past, any bound") {
    // Reference: the whole table, then the bound.
    auto table = [](const std::string& a, const std::string& b, bool fold) {
      std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
      for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
      for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
      for (std::size_t i = 1; i <= a.size(); ++i)
        for (std::size_t j = 1; j <= b.size(); ++j) {
          bool same = fold ? util::lower(a[i - 1]) == util::lower(b[j - 1]) : a[i - 1] == b[j - 1];
          d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (same ? 0 : 1)});
        }
      return d[a.size()][b.size()];
    };
    std::mt19937 rng(5);
    auto random = [&](std::size_t max_len) {
      std::string s(std::uniform_int_distribution<std::size_t>(0, max_len)(rng), 'a');
      for (char& ch : s) ch = "aAbB:\xe4"[std::uniform_int_distribution<int>(0, 5)(rng)];
      return s;
    };
    for (int i = 0; i < 4000; ++i) {
      std::string a = random(i % 3 == 0 ? 90 : 20), b = random(i % 4 == 0 ? 70 : 20);
      const bool fold = i % 2 == 0;
      const std::size_t bound = std::uniform_int_distribution<std::size_t>(0, 30)(rng);
      const std::size_t exact = table(a, b, fold);
      INFO(a << " / " << b << " / bound " << bound);
      CHECK(util::edit_distance(a, b, fold ? Case::Insensitive : Case::Sensitive, bound) == std::min(exact, bound + 1));
      CHECK(util::edit_distance(a, b, fold ? Case::Insensitive : Case::Sensitive) == exact);
    }
  }
}

TEST_CASE("util: TSV reader", "[util][tsv]") {
  std::string text =
      "# comment\r\n"
      "\r\n"
      "a\tb \t c\r\n"
      "  # indented comment\n"
      "only-one\n"
      "x\ty\tz\tw";
  auto t = util::read_tsv(text, 2, 3);
  REQUIRE(t.rows.size() == 1);
  CHECK(t.rows[0].line == 3);
  REQUIRE(t.rows[0].fields.size() == 3);
  CHECK(t.rows[0].fields[1] == "b");
  CHECK(t.rows[0].fields[2] == "c");  // CR stripped, spaces trimmed
  REQUIRE(t.errors.size() == 2);
  CHECK(t.errors[0].line == 5);
  CHECK(t.errors[0].message == "line 5: 1 field; expected 2 to 3");
  CHECK(t.errors[1].line == 6);
  CHECK(t.errors[1].message == "line 6: 4 fields; expected 2 to 3");
  CHECK(util::read_tsv("a\n", 2).errors.front().message == "line 1: 1 field; expected at least 2");
}

TEST_CASE("util: every embedded data file reads without a bad row", "[util][tsv]") {
  struct Shape {
    std::string_view prefix;
    std::size_t min, max;
  };
  // The column counts the readers of each file ask for.
  const Shape shapes[] = {
      {"catalog/", 1, 0},
      {"requirements/scenarios.tsv", 3, 0},
      {"requirements/actions.tsv", 4, 0},
      {"requirements/requirements.tsv", 1, 0},
      {"requirements/placeholders.tsv", 2, 0},
      {"security/escalation-actions.tsv", 4, 4},
      {"limit/limits.tsv", 6, 6},
  };
  std::size_t files = 0;
  for (const auto& f : embedded::files()) {
    if (!f.path.ends_with(".tsv")) continue;
    for (const auto& s : shapes) {
      if (!f.path.starts_with(s.prefix)) continue;
      ++files;
      auto t = util::read_tsv(f.text, s.min, s.max);
      INFO(f.path);
      CHECK_FALSE(t.rows.empty());
      for (const auto& e : t.errors) FAIL_CHECK(std::string(f.path) + ": " + e.message);
    }
  }
  CHECK(files >= 10);
}

TEST_CASE("util: the longest stretch of a pattern without wildcards", "[util]") {
  CHECK(util::longest_literal("") == "");
  CHECK(util::longest_literal("*") == "");
  CHECK(util::longest_literal("abc") == "abc");
  CHECK(util::longest_literal("acs:oss:*:*:bucket-1/*") == ":bucket-1/");
  CHECK(util::longest_literal("ab*cd") == "ab");  // the first of equal length
  CHECK(util::longest_literal("ab?cde*f") == "cde");
  CHECK(util::longest_literal("??x?") == "x");
}

TEST_CASE("util: iequals, eight bytes at a time, agrees with a byte-by-byte fold", "[util]") {
  auto reference = [](std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (util::lower(a[i]) != util::lower(b[i])) return false;
    return true;
  };
  // Every pair of bytes, at each place of words of every length up to 24:
  // letters of both cases, their neighbours ('@', '[', '`', '{'), bytes of
  // 0x80 and above (0xC1 and 0xE1 differ by the case bit too).
  for (std::size_t n = 1; n <= 24; ++n)
    for (std::size_t at = 0; at < n; at += (n > 9 ? 3 : 1))
      for (int x = 0; x < 256; ++x)
        for (int y :
             std::initializer_list<int>{x, x ^ 0x20, x ^ 0x01, x ^ 0x80, 'a', 'A', 'z', 'Z', '@', '`', '[', '{'}) {
          std::string a(n, 'k'), b(n, 'K');
          a[at] = static_cast<char>(x);
          b[at] = static_cast<char>(y);
          INFO("length " << n << ", place " << at << ", bytes " << x << " and " << y);
          REQUIRE(util::iequals(a, b) == reference(a, b));
          REQUIRE(util::iequals(b, a) == reference(b, a));
        }
  // Random strings of the bytes that matter, equal but for case or not.
  std::mt19937 rng(11);
  const std::string alphabet = "aAzZmM@[`{:/*?-0\x80\xc1\xe1\xff";
  for (int round = 0; round < 20000; ++round) {
    std::string a(rng() % 40, ' ');
    for (char& c : a) c = alphabet[rng() % alphabet.size()];
    std::string b = a;
    for (char& c : b)
      if (rng() % 3 == 0) c = static_cast<char>(c ^ (rng() % 2 == 0 ? 0x20 : 0x01));
    REQUIRE(util::iequals(a, b) == reference(a, b));
  }
  CHECK(util::iequals("sts:AssumeRoleWithSAML", "STS:assumerolewithsaml"));
  CHECK_FALSE(util::iequals("sts:AssumeRoleWithSAML", "sts:AssumeRoleWithSAMM"));
  CHECK_FALSE(util::iequals("acs:oss:@", "acs:oss:`"));
}
