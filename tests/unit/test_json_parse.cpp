#include <catch2/catch.hpp>

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
