// The fast paths of the hot functions (wildcard matching, pattern inclusion,
// catalog lookups, placeholder finders) against plain reference versions, on
// many random inputs: the optimizations must not change a single answer.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "../../lib/src/model/arn.hpp"
#include "../../lib/src/model/placeholders.hpp"
#include "../../lib/src/util/text.hpp"
#include "../../lib/src/util/tsv.hpp"
#include "policylint/catalog.hpp"
#include "policylint/engine.hpp"
#include "policylint/eval.hpp"
#include "policylint/source.hpp"

using namespace policylint;

namespace {

bool same_char(char a, char b, bool ci) { return ci ? util::lower(a) == util::lower(b) : a == b; }

// Glob matching by dynamic programming over (pattern, value) prefixes.
bool ref_match(std::string_view p, std::string_view v, bool ci) {
  std::vector<std::vector<char>> m(p.size() + 1, std::vector<char>(v.size() + 1, 0));
  m[0][0] = 1;
  for (std::size_t i = 1; i <= p.size(); ++i) {
    for (std::size_t j = 0; j <= v.size(); ++j) {
      if (p[i - 1] == '*')
        m[i][j] = m[i - 1][j] || (j > 0 && m[i][j - 1]);
      else if (j > 0)
        m[i][j] = m[i - 1][j - 1] && (p[i - 1] == '?' || same_char(p[i - 1], v[j - 1], ci));
    }
  }
  return m[p.size()][v.size()] != 0;
}

// pattern_covers as first written: the whole table, row by row.
bool ref_covers(std::string_view general, std::string_view specific, bool ci) {
  if (!util::has_wildcard(specific)) return ref_match(general, specific, ci);
  if (!util::has_wildcard(general)) return false;
  const std::size_t n = specific.size();
  std::vector<char> prev(n + 1, 0), cur(n + 1, 0);
  prev[0] = 1;
  for (char g : general) {
    std::fill(cur.begin(), cur.end(), 0);
    for (std::size_t j = 0; j <= n; ++j) {
      if (g == '*') {
        cur[j] = prev[j] || (j > 0 && cur[j - 1]);
      } else if (j > 0) {
        char s = specific[j - 1];
        bool ok = g == '?' ? s != '*' : (s != '*' && s != '?' && same_char(g, s, ci));
        cur[j] = ok && prev[j - 1];
      }
    }
    std::swap(prev, cur);
  }
  return prev[n] != 0;
}

std::string random_pattern(std::mt19937& rng, std::string_view alphabet, std::size_t max_len) {
  std::uniform_int_distribution<std::size_t> len(0, max_len), pick(0, alphabet.size() - 1);
  std::string s(len(rng), ' ');
  for (char& c : s) c = alphabet[pick(rng)];
  return s;
}

// find_placeholders as first written: every finder on every value.
struct RefSample {
  std::string name, what;
};

const std::vector<RefSample>& ref_samples() {
  static const std::vector<RefSample> list = [] {
    std::vector<RefSample> out;
    for (const auto& row : util::read_embedded_tsv("requirements/placeholders.tsv", 2).rows)
      if (!row.fields[0].empty()) out.push_back({std::string(row.fields[0]), std::string(row.fields[1])});
    return out;
  }();
  return list;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alnum(char c) { return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

std::vector<model::PlaceholderHit> ref_find(std::string_view s, bool whole_is_uid, bool key) {
  std::vector<model::PlaceholderHit> hits;
  for (std::size_t i = 0; i < s.size(); ++i) {  // brackets
    char open = s[i];
    if (open != '<' && open != '{') continue;
    if (open == '{' && i > 0 && s[i - 1] == '$') continue;
    char close = open == '<' ? '>' : '}';
    auto end = s.find(close, i + 1);
    if (end == std::string_view::npos || end == i + 1) continue;
    if (s.substr(i + 1, end - i - 1).find(open) != std::string_view::npos) continue;
    hits.push_back({std::string(s.substr(i, end - i + 1)), "the placeholder", true, false});
    i = end;
  }
  if (key) return hits;
  for (std::size_t i = 0; i < s.size();) {  // masked IDs
    if (!is_digit(s[i]) || (i > 0 && is_alnum(s[i - 1]))) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < s.size() && is_digit(s[j])) ++j;
    std::size_t k = j;
    char mask = k < s.size() ? s[k] : '\0';
    if (mask == '*' || mask == 'x' || mask == 'X')
      while (k < s.size() && s[k] == mask) ++k;
    bool bounded = k == s.size() || !is_alnum(s[k]);
    if (j - i >= 8 && k - j >= 3 && bounded && (k == s.size() || s[k] != '*'))
      hits.push_back({std::string(s.substr(i, k - i)), "the masked ID", true, mask == '*'});
    i = k > i ? k : i + 1;
  }
  {  // masked account fields
    std::string_view f;
    bool have = true;
    if (auto account = model::arn_account(s))
      f = account->text;
    else if (auto at = s.find('@'); at != std::string_view::npos && at > 0)
      f = s.substr(0, at);
    else if (whole_is_uid)
      f = s;
    else
      have = false;
    bool found = false;
    for (const auto& h : hits) found = found || f.find(h.text) != std::string_view::npos;
    if (have && model::masked_account_field(f) && !found)
      hits.push_back({std::string(f), "the masked ID", true, f.find("**") != std::string_view::npos});
  }
  {  // samples
    auto account = model::arn_account(s);
    std::size_t begin = 0;
    for (std::size_t i = 0; i <= s.size(); ++i) {
      if (i < s.size() && s[i] != ':' && s[i] != '/' && s[i] != '@') continue;
      std::string_view field = s.substr(begin, i - begin);
      bool uid_field = (whole_is_uid && begin == 0 && i == s.size()) ||
                       (account && account->offset == begin && account->text.size() == field.size()) ||
                       (begin == 0 && i < s.size() && s[i] == '@');
      for (const RefSample& smp : ref_samples()) {
        if (!util::iequals(field, smp.name)) continue;
        bool certain = uid_field || smp.what == "uid" || smp.name.find(' ') != std::string::npos;
        std::string what = smp.what == "uid" ? "account ID" : smp.what == "bucket" ? "bucket name" : "role name";
        hits.push_back({std::string(field), "the sample " + what, certain, false});
        break;
      }
      begin = i + 1;
    }
  }
  if (s.substr(0, 4) == "acs:" || s.substr(0, 4) == "arn:") {  // phrases
    bool oss = s.substr(0, 8) == "acs:oss:";
    std::size_t begin = 0;
    for (std::size_t i = 0; i <= s.size(); ++i) {
      if (i < s.size() && s[i] != ':' && s[i] != '/' && s[i] != '@') continue;
      std::string_view field = s.substr(begin, i - begin);
      begin = i + 1;
      auto space = field.rfind(' ');
      if (space == std::string_view::npos || space == 0) continue;
      bool words = std::all_of(field.begin(), field.end(),
                               [](char c) { return c == ' ' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); });
      std::string_view last = field.substr(space + 1);
      if (!words || field.front() == ' ' ||
          !(util::iequals(last, "name") || util::iequals(last, "id") || util::iequals(last, "uid")))
        continue;
      if (std::any_of(hits.begin(), hits.end(), [&](const auto& h) { return h.text == field; })) continue;
      hits.push_back({std::string(field), "the placeholder", !oss, false});
    }
  }
  return hits;
}

std::string mixed_case(std::string s, std::mt19937& rng) {
  for (char& c : s)
    if (rng() % 2 != 0 && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return s;
}

}  // namespace

TEST_CASE("perf: wildcard_match and pattern_covers agree with the reference tables", "[eval]") {
  std::mt19937 rng(11);
  const std::string_view alphabets[] = {"ab*?", "aAbB*?:/", "ab*"};
  for (int round = 0; round < 40000; ++round) {
    std::string_view alphabet = alphabets[round % 3];
    std::size_t max_len = round % 50 == 0 ? 90 : 10;  // some past the 64-bit fast path
    std::string g = random_pattern(rng, alphabet, max_len), s = random_pattern(rng, alphabet, max_len);
    for (bool ci : {false, true}) {
      INFO("general " << g << ", specific " << s << ", ci " << ci);
      CHECK(eval::pattern_covers(g, s, ci) == ref_covers(g, s, ci));
      CHECK(eval::wildcard_match(g, s, ci) == ref_match(g, s, ci));
    }
  }
}

TEST_CASE("perf: catalog hash lookups agree with a search of the sorted lists", "[catalog]") {
  const catalog::Catalog& c = catalog::get();
  std::mt19937 rng(11);
  for (const catalog::Action& a : c.actions()) {
    std::string full = mixed_case(util::to_lower(a.full()), rng);
    const catalog::Action* found = c.find(full);
    REQUIRE(found != nullptr);
    CHECK(util::iequals(found->full(), full));
    for (const std::string& other : {full + "x", full.substr(0, full.size() - 1)}) {
      auto it = std::find_if(c.actions().begin(), c.actions().end(),
                             [&](const catalog::Action& b) { return util::iequals(b.full(), other); });
      CHECK(c.find(other) == (it == c.actions().end() ? nullptr : &*it));
    }
  }
  for (std::string_view code : c.services()) {
    std::string mixed = mixed_case(std::string(code), rng);
    CHECK(c.known_service(mixed));
    CHECK_FALSE(c.known_service(mixed + "q"));
    auto span = c.service_actions(mixed);
    std::size_t expected = 0;
    for (const catalog::Action& a : c.actions()) expected += a.service == code ? 1 : 0;
    CHECK(span.size() == expected);
    for (const catalog::Action& a : span) CHECK(a.service == code);
    CHECK(c.has_actions(mixed) == (expected != 0));
  }
  CHECK_FALSE(c.known_service(""));
  CHECK(c.service_actions("").empty());
  CHECK(c.service_actions("no-such-service").empty());
}

TEST_CASE("perf: find_placeholders agrees with running every finder", "[model]") {
  std::mt19937 rng(11);
  std::vector<std::string> tokens = {
      "acs:",        "arn:",         "oss",  "ram", "sts", ":", ":", "/", "/", "@", "*",        "**",         "***",
      "x",           "xxxx",         "X",    "<",   ">",   "{", "}", "$", " ", "1", "12345678", "1646821763", "root",
      "Bucket Name", "Project name", "role", "abc", "A"};
  for (const auto& smp : ref_samples()) {
    tokens.push_back(smp.name);
    tokens.push_back(util::to_lower(smp.name));
  }
  std::uniform_int_distribution<std::size_t> pick(0, tokens.size() - 1), count(0, 9);
  for (int round = 0; round < 40000; ++round) {
    std::string v;
    for (std::size_t n = count(rng); n > 0; --n) v += tokens[pick(rng)];
    for (bool whole_is_uid : {false, true}) {
      for (bool key : {false, true}) {
        auto got = model::find_placeholders(v, whole_is_uid, key);
        auto want = ref_find(v, whole_is_uid, key);
        INFO("value '" << v << "', whole_is_uid " << whole_is_uid << ", key " << key);
        REQUIRE(got.size() == want.size());
        for (std::size_t i = 0; i < got.size(); ++i) {
          CHECK(got[i].text == want[i].text);
          CHECK(got[i].description == want[i].description);
          CHECK(got[i].certain == want[i].certain);
          CHECK(got[i].masked == want[i].masked);
        }
      }
    }
  }
}

namespace {

// The length of the code point (or invalid byte) at b[i], as Source counts.
std::size_t ref_unit(const unsigned char* b, std::size_t i, std::size_t size) {
  unsigned char c = b[i];
  std::size_t len = c < 0x80                   ? 1
                    : (c >= 0xC2 && c <= 0xDF) ? 2
                    : (c >= 0xE0 && c <= 0xEF) ? 3
                    : (c >= 0xF0 && c <= 0xF4) ? 4
                                               : 0;
  bool ok = len != 0 && i + len <= size;
  for (std::size_t k = 1; ok && k < len; ++k) ok = (b[i + k] & 0xC0) == 0x80;
  return ok ? len : 1;
}

}  // namespace

TEST_CASE("perf: Source positions agree with counting byte by byte", "[source]") {
  std::mt19937 rng(11);
  const std::vector<std::string> pieces = {"a",
                                           "b",
                                           " ",
                                           "\"",
                                           "\n",
                                           "\r\n",
                                           "\r",
                                           "\xC3\xA9",
                                           "\xE4\xB8\xAD",
                                           "\xF0\x9F\x98\x80",
                                           "\x80",
                                           "\xC3",
                                           "0123456789abcdef"};
  std::uniform_int_distribution<std::size_t> pick(0, pieces.size() - 1), count(0, 120);
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    for (std::size_t n = count(rng); n > 0; --n) text += pieces[pick(rng)];
    // Reference line starts: "\r\n", "\n" and a lone "\r" end a line.
    std::vector<std::uint32_t> starts = {0};
    for (std::uint32_t i = 0; i < text.size(); ++i)
      if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n')))
        starts.push_back(i + 1);
    Source src("t.json", text);
    REQUIRE(src.line_count() == starts.size());
    const auto* b = reinterpret_cast<const unsigned char*>(text.data());
    for (std::uint32_t off = 0; off <= text.size(); ++off) {
      auto line = static_cast<std::uint32_t>(std::upper_bound(starts.begin(), starts.end(), off) - starts.begin());
      std::uint32_t column = 1;
      for (std::size_t i = starts[line - 1]; i < off;) {
        i += ref_unit(b, i, off);
        ++column;
      }
      Position p = src.position(off);
      INFO("text '" << text << "', offset " << off);
      CHECK(p.line == line);
      CHECK(p.column == column);
    }
    CHECK(count_code_points(text) == [&] {
      std::uint32_t n = 0;
      for (std::size_t i = 0; i < text.size(); ++n) i += ref_unit(b, i, text.size());
      return n;
    }());
  }
}

TEST_CASE("perf: grammar/duplicate-entry pairs each repeat with its first entry in short and long lists", "[grammar]") {
  // Lists of up to 16 entries are compared pairwise, longer ones through a
  // hash table: both must pair every repeat with the first equal entry
  // (actions case-insensitively, resources exactly).
  std::mt19937 rng(7);
  const std::vector<std::string> actions = {"oss:GetObject", "OSS:getobject",         "oss:PutObject",
                                            "oss:putObject", "ecs:DescribeInstances", "ram:PassRole"};
  const std::vector<std::string> resources = {"acs:oss:*:*:a/*", "acs:oss:*:*:A/*", "acs:oss:*:*:b", "*"};
  Linter linter{LintOptions{}};
  for (std::size_t n : {2, 5, 16, 17, 40}) {
    for (int round = 0; round < 20; ++round) {
      std::vector<std::string> a, r;
      for (std::size_t i = 0; i < n; ++i) {
        a.push_back(actions[rng() % actions.size()]);
        r.push_back(resources[rng() % resources.size()]);
      }
      auto list = [](const std::vector<std::string>& v) {
        std::string out = "[";
        for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", \"" : "\"") + v[i] + "\"";
        return out + "]";
      };
      std::string text = "{\"Version\": \"1\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": " + list(a) +
                         ", \"Resource\": " + list(r) + "}]}";
      // Expected (repeat, first) pairs as offsets of the entries' quotes.
      std::vector<std::pair<std::uint32_t, std::uint32_t>> want, got;
      auto expect = [&](const std::vector<std::string>& v, std::size_t from, bool ci) {
        std::vector<std::uint32_t> at;
        for (std::size_t i = 0; i < v.size(); ++i) {
          from = text.find("\"" + v[i] + "\"", from);
          at.push_back(static_cast<std::uint32_t>(from));
          from += v[i].size() + 2;
        }
        for (std::size_t i = 0; i < v.size(); ++i)
          for (std::size_t j = 0; j < i; ++j)
            if (ci ? util::iequals(v[i], v[j]) : v[i] == v[j]) {
              want.emplace_back(at[i], at[j]);
              break;
            }
      };
      expect(a, text.find("\"Action\""), true);
      expect(r, text.find("\"Resource\""), false);
      FileReport rep = linter.lint("p.json", text);
      for (const Finding& f : rep.findings)
        if (f.rule == "grammar/duplicate-entry") got.emplace_back(f.span.begin, f.related.at(0).span.begin);
      std::sort(want.begin(), want.end());
      std::sort(got.begin(), got.end());
      INFO(text);
      CHECK(got == want);
    }
  }
}
