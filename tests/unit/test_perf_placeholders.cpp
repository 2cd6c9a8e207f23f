// find_placeholders' prefilter (one pass over the bytes that rejects values
// with no placeholder before any finder runs) against the finders themselves
// and against a plain byte-by-byte statement of its conditions, on every
// string of the test data and on generated strings built around the sample
// names, masked IDs and brackets, slid across the 16-byte blocks of the
// vectorised pass. A prefilter that drops a value some finder reports, or
// lets through values it should not, fails here.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "../../lib/src/json/messages.hpp"
#include "../../lib/src/model/placeholder_filter.hpp"
#include "../../lib/src/model/placeholders.hpp"
#include "../../lib/src/util/text.hpp"
#include "../../lib/src/util/tsv.hpp"
#include "policylint/json.hpp"

using namespace policylint;

namespace {

std::vector<std::string> sample_names() {
  std::vector<std::string> out;
  for (const auto& row : util::read_embedded_tsv("requirements/placeholders.tsv", 2).rows)
    if (!row.fields[0].empty()) out.emplace_back(row.fields[0]);
  return out;
}

// The prefilter's conditions, byte by byte: '<', '{' or a space; three mask
// characters in a row; a field (between ':', '/' and '@') of n bytes whose
// first letter (either case) is that of a sample name without a space of n
// bytes, and whose last letter is that of such a name of n bytes (lengths
// modulo 64: a name of 64 bytes or more has every length). For a key: '<' or
// '{'.
bool ref_may_hold(std::string_view v, bool key, const std::vector<std::string>& names) {
  if (key) return v.find_first_of("<{") != std::string_view::npos;
  if (v.find_first_of("<{ ") != std::string_view::npos) return true;
  std::size_t run = 0;
  for (char c : v) {
    run = (c == '*' || c == 'x' || c == 'X') ? run + 1 : 0;
    if (run >= 3) return true;
  }
  auto length_fits = [](const std::string& name, std::size_t n) { return name.size() >= 64 || name.size() == n % 64; };
  std::size_t begin = 0;
  for (std::size_t i = 0; i <= v.size(); ++i) {
    if (i < v.size() && v[i] != ':' && v[i] != '/' && v[i] != '@') continue;
    std::string_view field = v.substr(begin, i - begin);
    begin = i + 1;
    if (field.empty()) continue;
    bool first = false, last = false;
    for (const std::string& name : names) {
      if (name.find(' ') != std::string::npos || !length_fits(name, field.size())) continue;
      first = first || util::lower(field.front()) == util::lower(name.front());
      last = last || util::lower(field.back()) == util::lower(name.back());
    }
    if (first && last) return true;
  }
  return false;
}

bool same(const std::vector<model::PlaceholderHit>& a, const std::vector<model::PlaceholderHit>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].text != b[i].text || a[i].description != b[i].description || a[i].certain != b[i].certain ||
        a[i].masked != b[i].masked)
      return false;
  return true;
}

struct Tally {
  std::size_t values = 0, passed = 0, hits = 0;
  std::size_t marked = 0;  // strings of the value checked that the reader found free of placeholders
};

// v as a JSON string: quotes, backslashes and control bytes escaped, and a
// '/' escaped when slash is set (the reader decodes "\/" in place).
std::string quoted(std::string_view v, bool slash) {
  std::string out = "\"";
  for (char c : v) {
    if (c == '"' || c == '\\' || (slash && c == '/')) {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
      out += buf;
    } else {
      out += c;
    }
  }
  return out + '"';
}

// Does a JSON text hold a \u escape (which the fast reader leaves to
// RapidJSON)? An escaped backslash before a 'u' is not one.
bool unicode_escape(std::string_view text) {
  for (std::size_t i = 0; i + 1 < text.size(); ++i)
    if (text[i] == '\\') {
      if (text[i + 1] == 'u') return true;
      ++i;  // the escaped byte
    }
  return false;
}

// Checks the reader's Node::no_placeholder on a tree read with the sample
// names: sound (never set on a value with a string or key the prefilter
// passes); when fast (every node read by the fast reader), set on every
// other; else (RapidJSON's tree) set on none. Counts the marked strings
// whose text is v. Returns whether some string or key of n may hold a
// placeholder.
bool check_marks(const json::Node* n, bool fast, std::string_view v, Tally& tally) {
  bool may = false;
  if (n->type == json::Type::String) may = model::may_hold_placeholder(n->text);
  for (const json::Node* item : n->items) may = check_marks(item, fast, v, tally) || may;
  for (const json::Member& m : n->members) {
    may = model::may_hold_placeholder(m.key, true) || may;
    may = check_marks(m.value, fast, v, tally) || may;
  }
  if (n->type == json::Type::String || n->type == json::Type::Array || n->type == json::Type::Object) {
    if (may) REQUIRE_FALSE(n->no_placeholder);
    if (fast)
      REQUIRE(n->no_placeholder == !may);
    else
      REQUIRE_FALSE(n->no_placeholder);
    tally.marked += n->type == json::Type::String && n->text == v && n->no_placeholder ? 1 : 0;
  }
  return may;
}

// v read as a document's value and key, in a few layouts, with and without
// escaped slashes: the reader's marks against the prefilter.
void check_reader(const std::string& v, Tally& tally) {
  for (bool slash : {false, true}) {
    std::string q = quoted(v, slash);
    for (const std::string& text :
         {q, "[" + q + "]", "{" + q + ": 1}", "{\"a\": {\"b\": [1, " + q + "]}, \"c\": \"d\"}",
          "[[\"plain\"], {" + q + ": " + q + "}, \"x\"]"}) {
      INFO("document " << text);
      std::vector<json::Detail> messages;
      json::Document d = json::parse(text, json::Limits{}, messages, nullptr, &model::filter::samples());
      REQUIRE(d.root() != nullptr);
      check_marks(d.root(), !unicode_escape(text), v, tally);
    }
  }
}

// Every entry point against the slow path, and the prefilter against its
// reference, for one string taken as a value and as a key.
void check(const std::string& v, const std::vector<std::string>& names, Tally& tally) {
  INFO("value '" << v << "' (" << v.size() << " bytes)");
  for (bool key : {false, true}) {
    bool may = model::may_hold_placeholder(v, key);
    REQUIRE(may == ref_may_hold(v, key, names));
    for (bool whole_is_uid : {false, true}) {
      if (key && whole_is_uid) continue;
      auto slow = model::find_placeholders_slow(v, whole_is_uid, key);
      if (!slow.empty()) REQUIRE(may);
      REQUIRE(same(model::find_placeholders(v, whole_is_uid, key), slow));
    }
  }
  bool any = !model::find_placeholders_slow(v).empty();
  REQUIRE(model::has_placeholder(v) == any);
  REQUIRE(model::has_placeholder_account(v) == !model::find_placeholders_slow(v, true).empty());
  check_reader(v, tally);
  ++tally.values;
  tally.passed += model::may_hold_placeholder(v) ? 1 : 0;
  tally.hits += any ? 1 : 0;
}

void strings_of(const json::Node* n, std::vector<std::string>& out) {
  if (n == nullptr) return;
  if (n->type == json::Type::String) out.emplace_back(n->text);
  for (const json::Node* item : n->items) strings_of(item, out);
  for (const json::Member& m : n->members) {
    out.emplace_back(m.key);
    strings_of(m.value, out);
  }
}

}  // namespace

TEST_CASE("perf: the placeholder prefilter passes every value a finder reports, on the test data", "[model]") {
  namespace fs = std::filesystem;
  const std::vector<std::string> names = sample_names();
  REQUIRE(!names.empty());
  std::vector<std::string> strings, pieces;  // of the JSON trees; of the text of every file
  for (const auto& e : fs::recursive_directory_iterator(fs::path(POLICYLINT_SOURCE_DIR) / "testdata")) {
    if (!e.is_regular_file()) continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (e.path().extension() == ".json") {
      json::Document d = json::parse(text);
      strings_of(d.root(), strings);
    }
    // Every file, JSON or not (YAML, Terraform, expected output): its lines
    // and the pieces between quotes.
    for (char quote : {'\n', '"'}) {
      std::size_t begin = 0;
      for (std::size_t i = 0; i <= text.size(); ++i)
        if (i == text.size() || text[i] == quote) {
          pieces.push_back(text.substr(begin, i - begin));
          begin = i + 1;
        }
    }
  }
  for (auto* list : {&strings, &pieces}) {
    std::sort(list->begin(), list->end());
    list->erase(std::unique(list->begin(), list->end()), list->end());
  }
  Tally tally, ignored;
  for (const std::string& v : strings) check(v, names, tally);
  for (const std::string& v : pieces) check(v, names, ignored);
  // The test data is full of placeholders, yet most of its strings are plain.
  CHECK(tally.values > 3000);
  CHECK(tally.hits > 50);
  CHECK(tally.passed < tally.values / 4);
  CHECK(tally.marked > tally.values);  // most strings of the test data are plain
}

TEST_CASE("perf: the placeholder prefilter passes every value a finder reports, on generated strings", "[model]") {
  const std::vector<std::string> names = sample_names();
  std::mt19937 rng(7);
  // What the finders look for, and near misses of each.
  std::vector<std::string> cores = {"<uid>",
                                    "<>",
                                    "<a<b>",
                                    "{bucket}",
                                    "${var}",
                                    "{}",
                                    "<unclosed",
                                    "{x",
                                    "164682176356****",
                                    "27737962156157xxxx",
                                    "27737962156157XXXX",
                                    "1234567**",
                                    "12345678**",
                                    "12345678***",
                                    "12345678*x*",
                                    "18***",
                                    "100*******0719",
                                    "***",
                                    "xx",
                                    "xxx",
                                    "xXx",
                                    "*x",
                                    "Bucket Name",
                                    "Project name",
                                    "a b",
                                    "logs/2023*",
                                    "oss:GetObject",
                                    "acs:oss:*:*:bucket/*",
                                    "2027-12-31T23:59:59Z"};
  for (const std::string& name : names) {
    std::string up = name, low = util::to_lower(name), mixed = name;
    for (char& c : up) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    for (char& c : mixed)
      if (rng() % 2 != 0) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : util::lower(c);
    for (const std::string& n : {name, up, low, mixed}) {
      cores.push_back(n);
      cores.push_back(n.substr(0, n.size() - 1));  // one byte short
      cores.push_back(n + "s");                    // one byte long
      cores.push_back("my" + n);                   // inside a longer name
      std::string other = n;
      other[0] = other[0] == 'q' ? 'r' : 'q';  // another first letter
      cores.push_back(other);
    }
  }
  // Where they sit: alone, as a field of an ARN, before "@", in a path.
  const std::vector<std::pair<std::string, std::string>> frames = {{"", ""},
                                                                   {"acs:ram::", ":role/x"},
                                                                   {"acs:ram::123456789012:role/", ""},
                                                                   {"acs:oss:*:*:", "/key"},
                                                                   {"acs:oss:*:", ":b/*"},
                                                                   {"", "@actiontrail.aliyuncs.com"},
                                                                   {"arn:sts::", ":assumed-role/a/b"},
                                                                   {"x/", "/y"},
                                                                   {"a", "b"}};
  const char pads[] = {'a', '/', '1', 'x', ':', '@', '*'};
  Tally tally;
  for (const std::string& core : cores)
    for (const auto& [before, after] : frames)
      for (std::size_t shift = 0; shift <= 34; ++shift) {  // across two 16-byte boundaries
        std::string lead(shift, pads[shift % std::size(pads)]);
        check(lead + before + core + after, names, tally);
        check(before + core + after + lead, names, tally);
      }
  // Random strings of the bytes that matter, every length up to 80.
  const std::string alphabet = "ab1234567890*xX:/@<>{}$ sSdDrRmMoOaAiI-";
  std::uniform_int_distribution<std::size_t> len(0, 80), pick(0, alphabet.size() - 1);
  for (int round = 0; round < 20000; ++round) {
    std::string v(len(rng), ' ');
    for (char& c : v) c = alphabet[pick(rng)];
    check(v, names, tally);
  }
  // The same without the bytes that pass the prefilter on their own (a space,
  // '<', '{'), and with bytes of 0x80 and above: the mask-run and field tests
  // decide these.
  const std::string quiet = "ab1234567890*xX:/@$-sSdD\x80\xc3\xa9\xff";
  std::uniform_int_distribution<std::size_t> pick_quiet(0, quiet.size() - 1);
  for (int round = 0; round < 20000; ++round) {
    std::string v(len(rng), 'a');
    for (char& c : v) c = quiet[pick_quiet(rng)];
    check(v, names, tally);
  }
  // Mutated values: a byte of a framed sample changed, dropped or doubled.
  std::uniform_int_distribution<std::size_t> which(0, cores.size() - 1), frame(0, frames.size() - 1);
  for (int round = 0; round < 20000; ++round) {
    const auto& [before, after] = frames[frame(rng)];
    std::string v = before + cores[which(rng)] + after;
    if (v.empty()) continue;
    std::size_t at = rng() % v.size();
    switch (rng() % 3) {
      case 0:
        v[at] = alphabet[pick(rng)];
        break;
      case 1:
        v.erase(at, 1);
        break;
      default:
        v.insert(at, 1, v[at]);
        break;
    }
    check(v, names, tally);
  }
  CHECK(tally.hits > 1000);
  CHECK(tally.marked > 1000);
}
