#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <tuple>
#include <vector>

#include "policylint/json.hpp"

using namespace policylint;

TEST_CASE("json::parse spans", "[json]") {
  Source src("t.json", "{\n  \"Version\": \"1\",\n  \"A\": [\"x\", 12, true, null, {\"k\": \"\\\"q\\\\\"}]\n}");
  json::Document doc = json::parse(src.text());
  REQUIRE(doc.ok());
  const json::Node* root = doc.root();
  REQUIRE(root->is_object());
  REQUIRE(root->members.size() == 2);

  SECTION("key and string value") {
    const auto& v = root->members[0];
    CHECK(v.key == "Version");
    CHECK(src.position(v.key_span.begin).line == 2);
    CHECK(src.position(v.key_span.begin).column == 3);
    CHECK(src.position(v.value->span.begin).column == 14);
    CHECK(v.value->span.end - v.value->span.begin == 3);
  }
  SECTION("array elements") {
    const json::Node* a = root->members[1].value;
    REQUIRE(a->items.size() == 5);
    CHECK(src.position(a->items[0]->span.begin).column == 9);
    CHECK(a->items[1]->type == json::Type::Number);
    CHECK(a->items[1]->text == "12");
    CHECK(src.position(a->items[1]->span.begin).column == 14);
    CHECK(src.position(a->items[2]->span.begin).column == 18);
    CHECK(src.position(a->items[3]->span.begin).column == 24);
    const json::Node* obj = a->items[4];
    CHECK(obj->is_object());
    CHECK(obj->members[0].value->text == "\"q\\");
    // The escaped string's span covers the raw token, quotes included.
    CHECK(src.text().substr(obj->members[0].value->span.begin, 7) == "\"\\\"q\\\\\"");
    CHECK(src.text()[obj->span.end - 1] == '}');
  }
}

TEST_CASE("json::parse marks the strings that hold a wildcard, and only those", "[json]") {
  // The fast reader looks at 16 bytes at a time: a wildcard in the same
  // block after the closing quote is the next value's, and one after an
  // escape or past the first block is still the string's. A \u escape sends
  // the document to RapidJSON, which marks the decoded text. Keys are never
  // marked.
  for (std::size_t pad = 0; pad < 20; ++pad) {
    std::string a(pad, 'a');
    auto marks = [](const std::string& text) {
      json::Document doc = json::parse(text);
      std::vector<bool> out;
      REQUIRE(doc.ok());
      REQUIRE(doc.root()->members.size() == 1);
      CHECK(doc.root()->members[0].key == "k*");
      for (const json::Node* n : doc.root()->members[0].value->items) out.push_back(n->wildcard);
      return out;
    };
    const std::string fast = "{\"k*\": [\"" + a + "\", \"*\", \"" + a + "?\", \"" + a + "\\\"x*\", \"" + a +
                             "\\n\", 1, true, \"" + a + "\"]}";
    const std::string slow =
        "{\"k*\": [\"" + a + "\\u0041\", \"" + a + "\\u002A\", \"" + a + "\\u0041*\", \"" + a + "\"]}";
    INFO(fast << "\n" << slow);
    CHECK(marks(fast) == std::vector<bool>{false, true, true, true, false, false, false, false});
    CHECK(marks(slow) == std::vector<bool>{false, true, true, false});
  }
}

TEST_CASE("json::parse columns count code points", "[json]") {
  Source src("t.json", "{\"k\": \"日本語\", \"x\": 1}");
  json::Document doc = json::parse(src.text());
  REQUIRE(doc.ok());
  const auto& x = doc.root()->members[1];
  CHECK(src.position(x.key_span.begin).column == 14);
}

TEST_CASE("json::parse errors", "[json]") {
  SECTION("missing comma") {
    Source src("t.json", "{\n  \"a\": 1\n  \"b\": 2\n}");
    auto doc = json::parse(src.text());
    REQUIRE(doc.errors().size() == 1);
    CHECK(doc.errors()[0].code == json::ErrorCode::Syntax);
    auto p = src.position(doc.errors()[0].offset);
    CHECK(p.line == 3);
    CHECK(p.column == 3);
  }
  SECTION("duplicate key") {
    Source src("t.json", "{\"a\": 1,\n \"a\": 2}");
    auto doc = json::parse(src.text());
    CHECK(doc.ok());
    REQUIRE(doc.duplicates().size() == 1);
    const auto& d = doc.duplicates()[0];
    CHECK(src.position(d.object->members[d.second].key_span.begin).line == 2);
  }
  SECTION("depth limit") {
    std::string deep(100000, '[');
    auto doc = json::parse(deep, json::Limits{64, 1u << 20});
    REQUIRE_FALSE(doc.errors().empty());
    CHECK(doc.errors()[0].code == json::ErrorCode::TooDeep);
  }
  SECTION("size limit") {
    auto doc = json::parse("{\"a\": \"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\"}", json::Limits{64, 16});
    REQUIRE(doc.errors().size() == 1);
    CHECK(doc.errors()[0].code == json::ErrorCode::TooLarge);
  }
  SECTION("invalid utf-8 and BOM") {
    auto doc = json::parse("\xEF\xBB\xBF{\"a\": \"\xC3\x28\"}");
    REQUIRE(doc.errors().size() == 2);
    CHECK(doc.errors()[0].code == json::ErrorCode::ByteOrderMark);
    CHECK(doc.errors()[1].code == json::ErrorCode::InvalidUtf8);
    CHECK(doc.errors()[1].offset == 10);
    CHECK(doc.ok());
  }
  SECTION("empty and NUL") {
    CHECK(json::parse("  ").errors()[0].code == json::ErrorCode::Empty);
    auto doc = json::parse(std::string_view("{\"a\":\0}", 7));
    REQUIRE_FALSE(doc.errors().empty());
    CHECK(doc.errors().back().offset == 5);
  }
}

TEST_CASE("json::parse positions with CRLF, tabs and multi-byte text", "[json]") {
  SECTION("CRLF line endings") {
    Source src("t.json", "{\r\n  \"Version\": \"1\",\r\n  \"Statement\": []\r\n}\r\n");
    auto doc = json::parse(src.text());
    REQUIRE(doc.ok());
    const auto& st = doc.root()->members[1];
    CHECK(src.position(st.key_span.begin).line == 3);
    CHECK(src.position(st.key_span.begin).column == 3);
    CHECK(src.position(st.value->span.begin).column == 16);
    CHECK(src.line_text(3) == "  \"Statement\": []");
    CHECK(src.position(doc.root()->span.end - 1).line == 4);
  }
  SECTION("an error after CRLF lines") {
    Source src("t.json", "{\r\n  \"a\": 1\r\n  \"b\": 2\r\n}");
    auto doc = json::parse(src.text());
    REQUIRE(doc.errors().size() == 1);
    auto p = src.position(doc.errors()[0].offset);
    CHECK(p.line == 3);
    CHECK(p.column == 3);
  }
  SECTION("a tab counts as one column") {
    Source src("t.json", "{\n\t\"Version\":\t\"1\"\n}");
    auto doc = json::parse(src.text());
    REQUIRE(doc.ok());
    const auto& v = doc.root()->members[0];
    CHECK(src.position(v.key_span.begin).column == 2);
    CHECK(src.position(v.value->span.begin).column == 13);
  }
  SECTION("columns after 2-, 3- and 4-byte characters") {
    // "é" is 2 bytes, "部" 3, "🧾" 4: each is one column.
    Source src("t.json", "{\"é\": \"部🧾\", \"k\": \"v\"}");
    auto doc = json::parse(src.text());
    REQUIRE(doc.ok());
    const auto& first = doc.root()->members[0];
    CHECK(first.key == "é");
    CHECK(first.value->text == "部🧾");
    CHECK(src.position(first.value->span.begin).column == 7);
    CHECK(src.position(first.value->span.end).column == 11);
    const auto& k = doc.root()->members[1];
    CHECK(src.position(k.key_span.begin).column == 13);
    CHECK(src.position(k.value->span.begin).column == 18);
  }
  SECTION("an error after multi-byte characters") {
    Source src("t.json", "{\"部门\": \"财务\" \"x\": 1}");
    auto doc = json::parse(src.text());
    REQUIRE(doc.errors().size() == 1);
    CHECK(src.position(doc.errors()[0].offset).column == 13);
  }
  SECTION("escaped unicode in keys and values keeps the raw span") {
    Source src("t.json", "{\"\\u0041ction\": \"oss:\\u0047etObject\"}");
    auto doc = json::parse(src.text());
    REQUIRE(doc.ok());
    const auto& m = doc.root()->members[0];
    CHECK(m.key == "Action");
    CHECK(m.value->text == "oss:GetObject");
    CHECK(m.key_span.end - m.key_span.begin == 13);  // "\u0041ction" as written
    CHECK(m.value->span.end == src.text().size() - 1);
  }
}

TEST_CASE("json::parse names common non-JSON habits", "[json]") {
  auto why = [](std::string_view text) {
    auto doc = json::parse(text);
    REQUIRE(doc.errors().size() == 1);
    CHECK(doc.errors()[0].code == json::ErrorCode::Syntax);
    return doc.errors()[0].detail;
  };
  CHECK(why("{\"a\": 1, // note\n \"b\": 2}").find("comments") != std::string::npos);
  CHECK(why("{\"a\": [1, 2,]}").find("trailing comma") != std::string::npos);
  CHECK(why("{\"a\": 1,}").find("trailing comma") != std::string::npos);
  CHECK(why("{'a': 1}").find("double quotes") != std::string::npos);
  CHECK(why("{\"a\": 1 \"b\": 2}").find("comma missing") != std::string::npos);
  CHECK(why("{\"a\": \"x").find("closing quote") != std::string::npos);
  auto bom_only_error = json::parse("\xEF\xBB\xBF{\"a\": 1}");
  REQUIRE(bom_only_error.errors().size() == 1);
  CHECK(bom_only_error.errors()[0].code == json::ErrorCode::ByteOrderMark);
  CHECK(bom_only_error.ok());
  CHECK(bom_only_error.root()->members[0].key_span.begin == 4);
}

namespace {

// The duplicate keys of a tree the plain way: every member whose key an
// earlier member of its object has, with the first such member, in source order.
void naive_duplicates(const json::Node* n, std::vector<std::tuple<std::uint32_t, std::size_t, std::size_t>>& out) {
  for (std::size_t i = 0; i < n->members.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (n->members[j].key == n->members[i].key) {
        out.emplace_back(n->members[i].key_span.begin, j, i);
        break;
      }
  for (const json::Node* c : n->items) naive_duplicates(c, out);
  for (const auto& m : n->members) naive_duplicates(m.value, out);
}

std::vector<std::tuple<std::uint32_t, std::size_t, std::size_t>> duplicates_of(const json::Document& doc) {
  std::vector<std::tuple<std::uint32_t, std::size_t, std::size_t>> out;
  for (const auto& d : doc.duplicates())
    out.emplace_back(d.object->members[d.second].key_span.begin, d.first, d.second);
  return out;
}

}  // namespace

TEST_CASE("json::parse reports duplicate keys in source order, in small and large objects", "[json]") {
  // Keys repeat within each object (a key three times pairs both repeats with
  // the first), objects nest between an outer key and its repeat, and one
  // object is large enough for the hashed check.
  std::string big = "{";
  for (int i = 0; i < 200; ++i) big += (i ? ",\"k" : "\"k") + std::to_string(i % 37) + "\":" + std::to_string(i);
  big += "}";
  std::string text = "{\"a\":1,\"in\":{\"x\":1,\"x\":2,\"y\":[{\"z\":1,\"z\":2}]},\"a\":2,\"big\":" + big +
                     ",\"a\":3,\"b\":[" + big + "," + big + "]}";
  json::Document doc = json::parse(text);
  REQUIRE(doc.ok());
  std::vector<std::tuple<std::uint32_t, std::size_t, std::size_t>> expected;
  naive_duplicates(doc.root(), expected);
  std::sort(expected.begin(), expected.end());
  CHECK(expected.size() == 2 + 1 + 1 + 3 * (200 - 37));  // a, x, z, each big object
  CHECK(duplicates_of(doc) == expected);
}

TEST_CASE("json::parse keeps what it read before an error, and nodes survive a move", "[json]") {
  json::Document doc = json::parse("{\"a\": [1, {\"b\": \"x\", \"b\": \"y\", \"c\": [true,");
  REQUIRE_FALSE(doc.ok());
  REQUIRE(doc.root() != nullptr);
  json::Document moved = std::move(doc);
  const json::Node* root = moved.root();
  REQUIRE(root->members.size() == 1);
  const json::Node* a = root->members[0].value;
  REQUIRE(a->items.size() == 2);
  CHECK(a->items[0]->text == "1");
  const json::Node* inner = a->items[1];
  REQUIRE(inner->members.size() == 3);
  CHECK(inner->members[1].value->text == "y");
  REQUIRE(inner->members[2].value->items.size() == 1);
  CHECK(inner->members[2].value->items[0]->type == json::Type::True);
  // An unclosed container's span ends after its opening bracket.
  CHECK(inner->span.end == inner->span.begin + 1);
  REQUIRE(moved.duplicates().size() == 1);
  CHECK(moved.duplicates()[0].object == inner);
}

TEST_CASE("json::parse: a document moved onto another keeps its nodes and gives the other's back", "[json]") {
  json::Document kept = json::parse("{\"a\": [\"x\", {\"b\": 2}]}");
  json::Document target = json::parse("[1, 2, 3]");
  const json::Node* root = kept.root();
  target = std::move(kept);
  REQUIRE(target.root() == root);
  CHECK(target.root()->members[0].value->items[0]->text == "x");
  CHECK(target.root()->members[0].value->items[1]->members[0].value->text == "2");
  // Documents of growing size moved one over the other, each tree read
  // after the move (a block lost or given back twice shows in a sanitizer
  // build when the thread's cache frees its blocks).
  json::Document last;
  for (int i = 0; i < 40; ++i) {
    std::string text = "{\"k" + std::to_string(i) + "\": [";
    for (int j = 0; j <= i * 50; ++j) text += (j > 0 ? ",\"v" : "\"v") + std::to_string(j) + "\"";
    last = json::parse(text + "]}");
    REQUIRE(last.ok());
    const auto& items = last.root()->members[0].value->items;
    REQUIRE(items.size() == static_cast<std::size_t>(i * 50 + 1));
    CHECK(items.back()->text == "v" + std::to_string(i * 50));
  }
  CHECK(last.root()->members[0].key == "k39");
}

TEST_CASE("json arena: moved, its allocations stay put and the arena moved from takes a new block", "[json]") {
  json::detail::Arena a(64);
  auto* first = static_cast<char*>(a.allocate(40, 8));
  std::fill(first, first + 40, 'a');
  auto* second = static_cast<char*>(a.allocate(96, 8));  // past the first block (unless a kept block is larger)
  std::fill(second, second + 96, 'b');
  json::detail::Arena b(std::move(a));
  CHECK(std::all_of(first, first + 40, [](char c) { return c == 'a'; }));
  CHECK(std::all_of(second, second + 96, [](char c) { return c == 'b'; }));
  // b goes on in its last block; a has none and takes one.
  auto* third = static_cast<char*>(b.allocate(8, 8));
  CHECK(third == second + 96);
  auto* again = static_cast<char*>(a.allocate(16, 8));
  std::fill(again, again + 16, 'c');
  // Moved onto an arena with a block of its own: that one is given back.
  json::detail::Arena c(32);
  auto* own = static_cast<char*>(c.allocate(16, 8));
  std::fill(own, own + 16, 'd');
  c = std::move(b);
  CHECK(std::all_of(first, first + 40, [](char x) { return x == 'a'; }));
  CHECK(static_cast<char*>(c.allocate(8, 8)) == third + 8);
  CHECK(again[15] == 'c');
}

namespace {

// A tree written out with every span, text and key, for comparing two parses.
void dump(const json::Node* n, std::string& out) {
  if (n == nullptr) {
    out += "~";
    return;
  }
  out += std::to_string(static_cast<int>(n->type)) + "@" + std::to_string(n->span.begin) + "-" +
         std::to_string(n->span.end) + "'" + std::string(n->text) + "'";
  for (const json::Node* i : n->items) {
    out += "[";
    dump(i, out);
  }
  for (const auto& m : n->members) {
    out += "{" + std::string(m.key) + "@" + std::to_string(m.key_span.begin) + "-" + std::to_string(m.key_span.end);
    dump(m.value, out);
  }
  out += ";";
}

std::string dump(const json::Document& d) {
  std::string out;
  dump(d.root(), out);
  for (const auto& e : d.errors())
    out += "|E" + std::to_string(static_cast<int>(e.code)) + "@" + std::to_string(e.offset) + ":" + e.detail;
  for (const auto& k : d.duplicates())
    out += "|D" + std::to_string(k.object->span.begin) + "," + std::to_string(k.first) + "," + std::to_string(k.second);
  return out + (d.ok() ? "|ok" : "|bad");
}

// The opening quote of a string token that ends at end, found the slow way:
// the nearest earlier '"' preceded by an even number of backslashes.
std::uint32_t quote_before(std::string_view text, std::uint32_t end) {
  std::uint32_t i = end - 1;
  while (i > 0) {
    --i;
    if (text[i] != '"') continue;
    std::uint32_t bs = 0;
    while (i - bs > 0 && text[i - bs - 1] == '\\') ++bs;
    if (bs % 2 == 0) return i;
  }
  return 0;
}

// Every string and key span of the tree starts where the slow way says.
bool string_spans_agree(std::string_view text, const json::Node* n) {
  if (n == nullptr) return true;
  if (n->is_string() && quote_before(text, n->span.end) != n->span.begin) return false;
  for (const json::Node* i : n->items)
    if (!string_spans_agree(text, i)) return false;
  for (const auto& m : n->members)
    if (quote_before(text, m.key_span.end) != m.key_span.begin || !string_spans_agree(text, m.value)) return false;
  return true;
}

bool too_deep(const json::Document& d) {
  return std::any_of(d.errors().begin(), d.errors().end(),
                     [](const json::Error& e) { return e.code == json::ErrorCode::TooDeep; });
}

}  // namespace

TEST_CASE("json::parse gives the same tree and errors with RapidJSON's recursive and iterative readers", "[json]") {
  // Depth limits up to Builder's threshold take the recursive reader, larger
  // ones the iterative reader: every JSON input of the fuzz corpus and the
  // test data, parsed both ways, must agree (inputs that reach either limit
  // excepted).
  namespace fs = std::filesystem;
  const json::Limits recursive{512, std::uint64_t{1} << 30};
  const json::Limits iterative{513, std::uint64_t{1} << 30};
  std::size_t compared = 0;
  for (const char* dir : {"fuzz/corpus/json", "fuzz/corpus/lint", "testdata"}) {
    for (const auto& e : fs::recursive_directory_iterator(fs::path(POLICYLINT_SOURCE_DIR) / dir)) {
      if (!e.is_regular_file() || (std::string_view(dir) == "testdata" && e.path().extension() != ".json")) continue;
      std::ifstream in(e.path(), std::ios::binary);
      std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      json::Document a = json::parse(text, recursive), b = json::parse(text, iterative);
      if (too_deep(a) || too_deep(b)) continue;
      INFO(e.path().string());
      CHECK(dump(a) == dump(b));
      CHECK(string_spans_agree(text, a.root()));
      ++compared;
    }
  }
  CHECK(compared > 1000);
  // The depth limit is said at the opening bracket past it, with either reader.
  std::string deep(100, '[');
  auto at = [&](std::uint32_t depth) { return json::parse(deep, json::Limits{depth, 1u << 20}).errors().at(0); };
  CHECK(at(64).code == json::ErrorCode::TooDeep);
  CHECK(at(64).offset == 64);
  CHECK(at(600).offset == 100);  // the iterative reader: the input ends before the limit
}
