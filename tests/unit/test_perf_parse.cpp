// The reader's fast paths against plain reference versions: json::parse (in
// situ, in a copy the document owns, with RapidJSON's SSE2 scans) against a
// RapidJSON DOM read from a MemoryStream, on many generated and mangled
// documents; the document's lifetime apart from its text; and the compact
// length of limit/document-too-long, read off the tree, against a scan of the
// text.
#include <rapidjson/document.h>
#include <rapidjson/memorystream.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "compact_text.hpp"
#include "policylint/engine.hpp"
#include "policylint/json.hpp"

using namespace policylint;

namespace {

constexpr unsigned kRefFlags = rapidjson::kParseNumbersAsStringsFlag;

// A random JSON value: escapes of every kind, multi-byte text, numbers in
// every form, whitespace of every kind between tokens.
struct Gen {
  std::mt19937 rng;
  // Only what the fast reader reads itself (no \u escape, no exponent, no
  // long integer), else everything.
  bool plain;
  explicit Gen(unsigned seed, bool plain_only = false) : rng(seed), plain(plain_only) {}
  std::size_t pick(std::size_t n) { return rng() % n; }
  std::string ws() {
    static const char* const kWs[] = {"", "", " ", "\n  ", "\t", "\r\n", "    "};
    return kWs[pick(7)];
  }
  std::string str() {
    static const char* const kParts[] = {"a",
                                         "oss:GetObject",
                                         "acs:ram::*:role/x",
                                         " ",
                                         "\\\"",
                                         "\\\\",
                                         "\\/",
                                         "\\b\\f\\n\\r\\t",
                                         "é",
                                         "中文",
                                         "😀",
                                         "${var}",
                                         "0123456789abcdefghijklmnopqrstuvwxyz",
                                         "\xed\xa0\x80",  // not UTF-8 (a surrogate)
                                         "\\u00e9",
                                         "\\u4e2d",
                                         "\\u0000",
                                         "\\ud83d\\ude00"};
    std::size_t parts = std::size(kParts) - (plain ? 4 : 0);
    std::string s = "\"";
    for (std::size_t i = 0, n = pick(8); i < n; ++i) s += kParts[pick(parts)];
    return s + "\"";
  }
  std::string number() {
    static const char* const kNumbers[] = {
        "0", "-1", "12", "3.25", "-0.0001", "123456789012345678", "1E+2", "-0.5e10", "6e-7", "123456789012345678901"};
    return kNumbers[pick(std::size(kNumbers) - (plain ? 4 : 0))];
  }
  std::string value(int depth) {
    switch (depth > 5 ? pick(4) : pick(7)) {
      case 0:
        return str();
      case 1:
        return number();
      case 2: {
        static const char* const kLit[] = {"true", "false", "null"};
        return kLit[pick(3)];
      }
      case 3:
        return str();
      case 4:
      case 5: {
        std::string s = "{" + ws();
        for (std::size_t i = 0, n = pick(5); i < n; ++i) {
          if (i) s += "," + ws();
          // Repeated keys now and then: duplicates are found.
          s += (pick(4) == 0 ? std::string("\"k\"") : str()) + ws() + ":" + ws() + value(depth + 1) + ws();
        }
        return s + "}";
      }
      default: {
        std::string s = "[" + ws();
        for (std::size_t i = 0, n = pick(5); i < n; ++i) s += (i ? "," + ws() : "") + value(depth + 1) + ws();
        return s + "]";
      }
    }
  }
};

// Our tree against the DOM's: same types, same decoded strings and keys in
// the same order, numbers as written; spans cover the tokens.
void same_tree(const json::Node* n, const rapidjson::Value& v, std::string_view text) {
  std::string_view raw = text.substr(n->span.begin, n->span.end - n->span.begin);
  if (n->type == json::Type::Number) {
    // kParseNumbersAsStringsFlag: the DOM holds a number as its text.
    REQUIRE(v.IsString());
    CHECK(n->text == std::string_view(v.GetString(), v.GetStringLength()));
    CHECK(n->text == raw);
  } else if (v.IsString()) {
    REQUIRE(n->type == json::Type::String);
    CHECK(n->text == std::string_view(v.GetString(), v.GetStringLength()));
    CHECK(raw.size() >= 2);
    CHECK(raw.front() == '"');
    CHECK(raw.back() == '"');
  } else if (v.IsNull()) {
    CHECK(n->type == json::Type::Null);
    CHECK(raw == "null");
  } else if (v.IsBool()) {
    CHECK(n->type == (v.GetBool() ? json::Type::True : json::Type::False));
    CHECK(raw == (v.GetBool() ? "true" : "false"));
  } else if (v.IsArray()) {
    REQUIRE(n->type == json::Type::Array);
    REQUIRE(n->items.size() == v.Size());
    CHECK(raw.front() == '[');
    CHECK(raw.back() == ']');
    for (rapidjson::SizeType i = 0; i < v.Size(); ++i) same_tree(n->items[i], v[i], text);
  } else {
    REQUIRE(n->type == json::Type::Object);
    REQUIRE(n->members.size() == v.MemberCount());
    CHECK(raw.front() == '{');
    CHECK(raw.back() == '}');
    std::size_t i = 0;
    for (auto m = v.MemberBegin(); m != v.MemberEnd(); ++m, ++i) {
      const json::Member& ours = n->members[i];
      CHECK(ours.key == std::string_view(m->name.GetString(), m->name.GetStringLength()));
      std::string_view key_raw = text.substr(ours.key_span.begin, ours.key_span.end - ours.key_span.begin);
      CHECK(key_raw.front() == '"');
      CHECK(key_raw.back() == '"');
      same_tree(ours.value, m->value, text);
    }
  }
}

// Where the reader reports a syntax error (or none), by the reference: the
// DOM read from a MemoryStream, which stops at a NUL byte as at the end, by
// RapidJSON's recursive or iterative reader (they differ on some errors).
template <unsigned kFlags>
std::optional<std::uint32_t> ref_error(std::string_view body, std::uint32_t base, rapidjson::Document& dom) {
  rapidjson::MemoryStream ms(body.data(), body.size());
  dom.ParseStream<kFlags>(ms);
  // An empty document is reported at its start, not after the whitespace.
  if (dom.HasParseError() && dom.GetParseError() == rapidjson::kParseErrorDocumentEmpty) return base;
  if (dom.HasParseError()) return base + static_cast<std::uint32_t>(dom.GetErrorOffset());
  if (ms.Tell() < body.size()) return base + static_cast<std::uint32_t>(ms.Tell());
  return std::nullopt;
}

std::optional<std::uint32_t> our_error(const json::Document& doc) {
  for (const json::Error& e : doc.errors())
    if (e.code == json::ErrorCode::Syntax || e.code == json::ErrorCode::Empty) return e.offset;
  return std::nullopt;
}

void check_against_reference(const std::string& text) {
  INFO(text);
  std::uint32_t base = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  std::string_view body = std::string_view(text).substr(base);
  // The recursive reader (the default depth) and the iterative one.
  for (std::uint32_t depth : {64u, 100000u}) {
    rapidjson::Document dom;
    std::optional<std::uint32_t> want = depth == 64
                                            ? ref_error<kRefFlags>(body, base, dom)
                                            : ref_error<kRefFlags | rapidjson::kParseIterativeFlag>(body, base, dom);
    json::Limits limits;
    limits.max_depth = depth;
    json::Document doc = json::parse(text, limits);
    CHECK(our_error(doc) == want);
    // The BOM first, then the first byte that is not UTF-8, in any document.
    std::size_t at = base != 0 ? 1 : 0;
    if (base != 0) CHECK(doc.errors().front().code == json::ErrorCode::ByteOrderMark);
    if (std::optional<std::uint32_t> bad = json::find_invalid_utf8(text)) {
      REQUIRE(doc.errors().size() > at);
      CHECK(doc.errors()[at].code == json::ErrorCode::InvalidUtf8);
      CHECK(doc.errors()[at].offset == *bad);
    } else {
      for (const json::Error& e : doc.errors()) CHECK(e.code != json::ErrorCode::InvalidUtf8);
    }
    CHECK(doc.ok() == !want.has_value());
    if (!want && doc.ok()) {
      same_tree(doc.root(), dom, text);
    }
  }
}

// Duplicate keys by a plain pairwise search, in source order.
void ref_duplicates(const json::Node* n, std::vector<std::uint32_t>& out) {
  for (std::size_t i = 0; i < n->members.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (n->members[j].key == n->members[i].key) {
        out.push_back(n->members[i].key_span.begin);
        break;
      }
  for (const json::Node* item : n->items) ref_duplicates(item, out);
  for (const json::Member& m : n->members) ref_duplicates(m.value, out);
}

}  // namespace

TEST_CASE("perf: json::parse in situ gives the DOM's values and errors", "[json]") {
  Gen all(11), plain(14, true);
  for (int round = 0; round < 800; ++round) {
    Gen& gen = round % 2 ? all : plain;
    std::string text = gen.ws() + gen.value(0) + gen.ws();
    check_against_reference(text);
    check_against_reference("\xEF\xBB\xBF" + text);
    // Every kind of damage, at random places: cut short, a byte changed, a
    // NUL byte put in.
    std::size_t at = gen.pick(text.size() + 1);
    check_against_reference(text.substr(0, at));
    if (!text.empty()) {
      static const char kBytes[] = {'"', '\\', '{', '}', '[', ']', ',',    ':',
                                    'u', '1',  '-', '.', 'e', ' ', '\x01', '\xff'};
      std::string changed = text;
      changed[gen.pick(text.size())] = kBytes[gen.pick(sizeof kBytes)];
      check_against_reference(changed);
      std::string with_nul = text;
      with_nul.insert(at, 1, '\0');
      check_against_reference(with_nul);
    }
  }
}

TEST_CASE("perf: json::parse finds duplicate keys as a pairwise search does", "[json]") {
  Gen gen(12);
  for (int round = 0; round < 200; ++round) {
    std::string text = gen.value(0);
    // A large object now and then (the hash table's path).
    if (round % 10 == 0) {
      text = "{";
      for (int i = 0; i < 40; ++i) text += (i ? ",\"" : "\"") + std::to_string(gen.pick(25)) + "\": " + gen.value(3);
      text += "}";
    }
    json::Document doc = json::parse(text);
    REQUIRE(doc.ok());
    std::vector<std::uint32_t> want, got;
    ref_duplicates(doc.root(), want);
    std::sort(want.begin(), want.end());
    for (const json::DuplicateKey& d : doc.duplicates()) got.push_back(d.object->members[d.second].key_span.begin);
    CHECK(got == want);
  }
}

TEST_CASE("perf: a parsed document owns its strings, apart from the text", "[json]") {
  std::optional<json::Document> doc;
  {
    std::string text = R"({"Action": ["oss:Get\u004fbject", "ram:*"], "N": -1.5e3, "K\"ey": "v\\al"})";
    doc = json::parse(text);
    std::fill(text.begin(), text.end(), 'x');
  }
  REQUIRE(doc->ok());
  const json::Node* root = doc->root();
  REQUIRE(root->members.size() == 3);
  CHECK(root->members[0].key == "Action");
  CHECK(root->members[0].value->items[0]->text == "oss:GetObject");
  CHECK(root->members[0].value->items[1]->text == "ram:*");
  CHECK(root->members[1].value->text == "-1.5e3");
  CHECK(root->members[2].key == "K\"ey");
  CHECK(root->members[2].value->text == "v\\al");
  // Moved, the document keeps its nodes and strings where they were.
  json::Document moved = std::move(*doc);
  doc.reset();
  CHECK(moved.root() == root);
  CHECK(root->members[0].value->items[0]->text == "oss:GetObject");
}

TEST_CASE("perf: json::parse of long strings, strings at the end and empty text", "[json]") {
  // Strings longer than the 16-byte blocks the scans read, ending at every
  // alignment; an unterminated one at the very end of the text.
  for (std::size_t n = 0; n < 70; ++n) {
    std::string s(n, 'a');
    if (n > 3) s[n / 2] = '\\', s[n / 2 + 1] = 'n';
    check_against_reference("[\"" + s + "\"]");
    check_against_reference("[\"" + s);
    check_against_reference("\"" + s + "\"");
    check_against_reference(std::string(n, ' ') + "1" + std::string(n % 17, ' '));
  }
  // Nesting up to the limit, and one past it (the error at its bracket).
  constexpr std::uint32_t kMax = json::Limits{}.max_depth;
  for (std::uint32_t depth : {kMax, kMax + 1}) {
    std::string text = std::string(depth - 1, '[') + "{\"k\": 1}" + std::string(depth - 1, ']');
    json::Document doc = json::parse(text);
    CHECK(doc.ok() == (depth <= kMax));
    REQUIRE(doc.errors().size() == (depth <= kMax ? 0u : 1u));
    if (depth > kMax) {
      CHECK(doc.errors()[0].code == json::ErrorCode::TooDeep);
      CHECK(doc.errors()[0].offset == kMax);
    }
  }
  check_against_reference("");
  check_against_reference("   ");
  check_against_reference(std::string(1, '\0'));
}

namespace {

// The compact length of limit/document-too-long as first written: the text
// scanned byte by byte, the whitespace outside strings left out.
std::size_t ref_compact_chars(std::string_view text) { return count_code_points(testutil::compact_text(text)); }

}  // namespace

TEST_CASE("perf: limit/document-too-long measures the compact text off the tree", "[limit]") {
  constexpr std::size_t kLimit = 6144;  // rules/limit/limits.tsv, permission document (characters)
  LintOptions options;
  options.kind = Kind::Permission;
  options.select = {"limit/document-too-long"};
  Linter linter{options};
  Gen gen(13);
  int compact_over = 0, raw_over = 0;
  for (int round = 0; round < 60; ++round) {
    // Statements with whitespace of every kind and strings with spaces,
    // escaped quotes and multi-byte text, until the text is near the limit.
    std::string text = "{" + gen.ws() + "\"Version\"" + gen.ws() + ":" + gen.ws() + "\"1\"," + gen.ws() +
                       "\"Statement\":" + gen.ws() + "[";
    std::size_t target = kLimit - 1500 + gen.pick(3000);
    for (int i = 0; text.size() < target; ++i) {
      text += (i ? "," : "") + gen.ws() + "{\"Effect\":" + gen.ws() + "\"Allow\"," + gen.ws() +
              "\"Action\":" + gen.ws() + "[" + gen.str() + "," + gen.ws() + "\"a b \\\" c\"]," + gen.ws() +
              "\"Resource\":" + gen.ws() + gen.str() + "," + gen.ws() + "\"Sid\":" + gen.value(4) + "}" + gen.ws();
    }
    text += "]" + gen.ws() + "}";
    json::Document doc = json::parse(text);
    REQUIRE(doc.ok());
    std::size_t raw = count_code_points(text), compact = ref_compact_chars(text);
    FileReport rep = linter.lint("p.json", text);
    std::vector<std::string> got;
    for (const Finding& f : rep.findings)
      if (f.rule == "limit/document-too-long") got.push_back(f.message);
    std::vector<std::string> want;
    if (compact > kLimit)
      want.push_back("the permission policy is " + std::to_string(compact) +
                     " characters even without whitespace; the limit is 6144 characters");
    else if (raw > kLimit)
      want.push_back("the policy is " + std::to_string(raw) + " characters with whitespace (" +
                     std::to_string(compact) + " without), over the limit of 6144 characters if whitespace counts");
    CHECK(got == want);
    compact_over += compact > kLimit;
    raw_over += compact <= kLimit && raw > kLimit;
  }
  // Both messages were tested.
  CHECK(compact_over > 0);
  CHECK(raw_over > 0);
}

namespace {

// Line and column of an offset, by a plain scan from the start: "\r\n",
// "\n" and a lone "\r" end a line; columns count code points.
Position ref_position(std::string_view text, std::uint32_t offset) {
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text.size()));
  std::uint32_t line = 1, start = 0;
  for (std::uint32_t i = 0; i < offset; ++i) {
    bool ends = text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n'));
    if (ends) ++line, start = i + 1;
  }
  return Position{line, count_code_points(text.substr(start, offset - start)) + 1};
}

}  // namespace

TEST_CASE("perf: Source's line index agrees with a plain scan", "[source]") {
  std::mt19937 rng(15);
  static const char* const kPieces[] = {"a", "bc", " ", "\n", "\r\n", "\r", "é", "中", "😀", "\xff", "{\"k\": 1}"};
  for (int round = 0; round < 300; ++round) {
    // Short texts of every kind, texts without CR (the fast scan), long
    // lines (the checkpoints), and texts of thousands of line breaks (more
    // than the scan gathers before it appends them to the index).
    bool no_cr = round % 3 == 0, long_lines = round % 5 == 0, many_breaks = round % 7 == 1;
    std::string text;
    std::size_t pieces = long_lines ? 2000 : many_breaks ? 3000 : rng() % 80;
    for (std::size_t i = 0; i < pieces; ++i) {
      std::size_t k = rng() % std::size(kPieces);
      if (many_breaks && k > 5) k = 3 + rng() % 3;
      if ((no_cr || long_lines) && (k == 4 || k == 5)) k = 0;
      if (long_lines && k == 3 && rng() % 50 != 0) k = 1;
      text += kPieces[k];
    }
    Source src("t.json", text);
    std::uint32_t lines = 1;
    for (std::uint32_t i = 0; i < text.size(); ++i)
      lines += text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n'));
    CHECK(src.line_count() == lines);
    for (std::uint32_t off = 0; off <= text.size() + 1; off += long_lines ? 7 : 1) {
      Position got = src.position(off), want = ref_position(text, off);
      INFO(off);
      CHECK(got.line == want.line);
      CHECK(got.column == want.column);
    }
    // Each line's text, rebuilt, is the text without its line breaks.
    std::string joined, plain;
    for (std::uint32_t l = 1; l <= src.line_count(); ++l) joined += src.line_text(l);
    for (char c : text)
      if (c != '\n' && c != '\r') plain += c;
    CHECK(joined == plain);
  }
}
