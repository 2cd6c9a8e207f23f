// The JSON reader on a borrowed text (json::parse_borrowed): it reads the
// text where it is, never past the NUL after it, and builds the tree that a
// parse of a copy builds. And RapidJSON's copy, made when the fast reader
// leaves a text to it, gives the errors a parse of the whole text gives.
#include <rapidjson/document.h>

#include <catch2/catch.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "../../lib/src/json/messages.hpp"
#include "../../lib/src/model/placeholder_filter.hpp"
#include "compact_text.hpp"
#include "policylint/json.hpp"

using namespace policylint;

namespace {

// The tree, its errors and duplicate keys as text: types, spans, texts and
// flags of every node.
void dump(const json::Node* n, std::ostream& out) {
  out << static_cast<int>(n->type) << '[' << n->span.begin << ',' << n->span.end << ']' << n->wildcard
      << n->no_placeholder << '<' << n->text << '>';
  for (const json::Node* i : n->items) dump(i, out << ' ');
  for (const json::Member& m : n->members) {
    out << " {" << m.key << '@' << m.key_span.begin << ',' << m.key_span.end << ':';
    dump(m.value, out);
    out << '}';
  }
}

std::string dump(const json::Document& doc, const std::vector<std::uint32_t>& lines) {
  std::ostringstream out;
  if (doc.root() != nullptr) dump(doc.root(), out);
  for (const auto& e : doc.errors())
    out << "\nerror " << static_cast<int>(e.code) << '@' << e.offset << ' ' << e.detail;
  for (const auto& d : doc.duplicates()) out << "\nduplicate " << d.first << ',' << d.second;
  out << "\nlongest " << doc.longest_string() << "\nlines";
  for (auto l : lines) out << ' ' << l;
  return out.str();
}

// A text of exactly its size on the heap (capacity = size, as a file read
// or a copy has): a load past the NUL after it leaves the allocation.
std::string exact(const std::string& s) {
  std::string t;
  t.reserve(s.size());
  t.append(s);
  return t;
}

}  // namespace

TEST_CASE("json: a borrowed text gives the tree, errors and line index of a copied one", "[json]") {
  // Strings, escapes and numbers at every distance from the end of the text,
  // so that the reader's 16-byte loads meet the end at each offset.
  std::vector<std::string> texts = {
      R"({"Version": "1", "Statement": [{"Effect": "Allow", "Action": "oss:*", "Resource": "*"}]})",
      "{\n  \"a\\\"b\": \"x\\\\y\\n\\tz\",\n  \"c\": [1, -2.5, 0, true, false, null, \"*?\"]\n}",
      "{\"k\": \"\\u0041\", \"l\": \"\\/\"}",
      "{\"k\": 1e5}",
      "[\"a\", \"a\", {\"a\": 1, \"a\": 2}]",
      "{\"k\": \"${var.x}\", \"acs:ram::${uid}:role/x\": \"\\b\\f\\r\"}",
      "{\"k\": \"unterminated",
      "{\"k\": tru",
      "{\"k\": [1, 2,",
      "\xEF\xBB\xBF{\"bom\": \"after a byte order mark\"}",
      "{\"k\": \"\xE6\x97\xA5\xE6\x9C\xAC\"}",
      "{\"k\": \"\xff\"}",
  };
  std::vector<std::string> all;
  for (const std::string& t : texts) {
    for (std::size_t pad = 0; pad < 40; ++pad) {
      all.push_back(t + std::string(pad, ' '));
      // A string ending the text at each distance from the end.
      all.push_back("[" + std::string(pad, ' ') + t + ", \"" + std::string(pad, 'x') + "\\n\"]");
    }
  }
  for (std::size_t n = 0; n < 40; ++n) {
    all.push_back("\"" + std::string(n, 'a') + "\"");
    all.push_back("\"" + std::string(n, 'a') + "\\\"\"");
    all.push_back(std::string(n, ' ') + "true");
    all.push_back(std::string(n, '1'));
    all.push_back("\"" + std::string(n, 'a'));  // the end inside a string
  }
  int compared = 0;
  for (const std::string& s : all) {
    INFO(s);
    std::string text = exact(s);
    std::vector<json::Detail> m1, m2;
    std::vector<std::uint32_t> l1, l2;
    json::Document copied = json::parse(std::string_view(text), json::Limits{}, m1, &l1, &model::filter::samples());
    json::Document borrowed = json::parse_borrowed(text, json::Limits{}, m2, &l2, &model::filter::samples());
    REQUIRE(dump(borrowed, l2) == dump(copied, l1));
    ++compared;
  }
  CHECK(compared == static_cast<int>(all.size()));
}

TEST_CASE("json: a borrowed text's strings are views into it, but the escaped ones", "[json]") {
  const std::string text = exact(R"({"Action": ["oss:GetObject", "a\"b"], "Resource": "acs:oss:*:*:bucket/*"})");
  std::vector<json::Detail> messages;
  json::Document doc = json::parse_borrowed(text, json::Limits{}, messages);
  REQUIRE(doc.ok());
  auto inside = [&](std::string_view v) {
    return v.data() >= text.data() && v.data() + v.size() <= text.data() + text.size();
  };
  const json::Node* actions = doc.root()->members[0].value;
  CHECK(inside(doc.root()->members[0].key));
  CHECK(inside(actions->items[0]->text));
  CHECK(actions->items[0]->text == "oss:GetObject");
  CHECK_FALSE(inside(actions->items[1]->text));  // decoded in the arena
  CHECK(actions->items[1]->text == "a\"b");
  CHECK(inside(doc.root()->members[1].value->text));
  // A copied parse owns its strings.
  json::Document copied = json::parse(text);
  CHECK_FALSE(inside(copied.root()->members[0].key));
}

TEST_CASE("json: a text RapidJSON reads from a part of it has the errors of the whole text", "[json]") {
  // When no JSON value starts with the first byte that is not whitespace,
  // RapidJSON is given the text up to that byte only. Its error (code and
  // offset) must be the one RapidJSON reports on the whole text, for every
  // byte, whitespace before it and text after it, in both of its readers.
  // Short texts are copied whole (under 16 bytes); the longer tails make
  // texts the reader reads in place, whose copy for RapidJSON is the part.
  const std::string tails[] = {"",
                               "{\"a\": 1}",
                               "rue",
                               "ull",
                               "alse",
                               "1",
                               " ]",
                               "\xff\xfe garbage",
                               "rue, \"and a longer text after it\"",
                               "{\"Version\": \"1\", \"Statement\": []}",
                               std::string(40, 'a')};
  const std::string spaces[] = {"", " ", "\n\t\r  "};
  int checked = 0;
  for (int b = 0; b < 256; ++b) {
    for (const std::string& ws : spaces) {
      for (const std::string& tail : tails) {
        std::string text = ws + std::string(1, static_cast<char>(b)) + tail;
        INFO("byte " << b << " after " << ws.size() << " spaces, then " << tail);
        for (std::uint32_t depth : {64u, 100000u}) {  // the recursive reader, the iterative one
          rapidjson::Document reference;
          if (depth == 64)
            reference.Parse<rapidjson::kParseNumbersAsStringsFlag>(text.c_str());
          else
            reference.Parse<rapidjson::kParseNumbersAsStringsFlag | rapidjson::kParseIterativeFlag>(text.c_str());
          json::Limits limits;
          limits.max_depth = depth;
          std::vector<json::Detail> messages;
          json::Document doc = json::parse_borrowed(text, limits, messages);
          const json::Error* syntax = nullptr;
          for (const auto& e : doc.errors())
            if (e.code == json::ErrorCode::Syntax || e.code == json::ErrorCode::Empty) syntax = &e;
          if (!reference.HasParseError()) {
            CHECK(syntax == nullptr);
            continue;
          }
          REQUIRE(syntax != nullptr);
          // A document without a value is reported at its start.
          const bool empty = reference.GetParseError() == rapidjson::kParseErrorDocumentEmpty;
          CHECK(syntax->offset == (empty ? 0 : reference.GetErrorOffset()));
          CHECK((syntax->code == json::ErrorCode::Empty) == empty);
          // Where no value starts at the byte, the same reason as for the
          // same start with another tail.
          if (b == 0 ||
              std::string_view(" \t\n\r{[\"tfn-0123456789").find(static_cast<char>(b)) != std::string_view::npos) {
            ++checked;
            continue;
          }
          json::Document other = json::parse(ws + std::string(1, static_cast<char>(b)) + "\x01\x02", limits);
          REQUIRE_FALSE(other.errors().empty());
          if (other.errors().back().offset == syntax->offset) CHECK(other.errors().back().detail == syntax->detail);
          ++checked;
        }
      }
    }
  }
  CHECK(checked > 256 * 3 * 11);  // most bytes start no value
}

TEST_CASE("json: the reader counts the whitespace of the root value", "[json]") {
  const std::string texts[] = {
      "{\"Version\": \"1\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"a b\"}]}",
      "  \n{\n  \"k\" :\t[ 1 , 2 ,\r\n   \"x  y\\\"  z\" ]\n}\n\n  ",
      "\r\n[\r\n  true,\r\n  false,  null\r\n]\r\n",
      "{}",
      "   \"just a string with  spaces\"   ",
      "\xEF\xBB\xBF {\"bom\" : 1 }",
      "{\"k\": [" + std::string(40, ' ') + "\"" + std::string(100, ' ') + "\"" + std::string(40, ' ') + "]}",
  };
  for (const std::string& text : texts) {
    INFO(text);
    json::Document doc = json::parse(text);
    REQUIRE(doc.ok());
    REQUIRE(doc.root_blank().has_value());
    const Span s = doc.root()->span;
    const std::string_view value = std::string_view(text).substr(s.begin, s.end - s.begin);
    CHECK(value.size() - *doc.root_blank() == testutil::compact_text(value).size());
  }
  // A tree RapidJSON read (a \u escape): not counted.
  json::Document slow = json::parse("{\"k\": \"\\u0041\"}");
  REQUIRE(slow.ok());
  CHECK_FALSE(slow.root_blank().has_value());
}

TEST_CASE("json: the reader says when a text is all ASCII", "[json]") {
  CHECK(json::parse("{\"k\": [\"abc\", 1]}").ascii());
  CHECK_FALSE(json::parse("{\"k\": \"\xE6\x97\xA5\"}").ascii());
  CHECK_FALSE(json::parse("{\"k\": \"" + std::string(40, 'a') + "\xC3\xA9\"}").ascii());
  CHECK_FALSE(json::parse("{\"\xC3\xA9\": 1}").ascii());
  CHECK_FALSE(json::parse("\xEF\xBB\xBF{}").ascii());        // the byte order mark
  CHECK_FALSE(json::parse("{\"k\": \"\\u00e9\"}").ascii());  // read by RapidJSON: not known
}
