// The YAML reader (lib/src/input/yaml.*): YAML to JSON text with a byte map
// back to the YAML file.
#include <catch2/catch.hpp>
#include <filesystem>
#include <random>

#include "../../lib/src/engine/extract.hpp"
#include "../../lib/src/input/yaml.hpp"
#include "cli_util.hpp"
#include "json_at.hpp"
#include "policylint/json.hpp"
#include "policylint/source.hpp"

using namespace policylint;
using input::yaml_to_json;
using input::YamlJson;

namespace {

json::Limits big_limits() {
  json::Limits l;
  l.max_depth = 1u << 20;
  l.max_bytes = 1u << 30;
  return l;
}

// Invariants every result holds, whatever the input.
void check_invariants(std::string_view yaml, const YamlJson& y) {
  for (const auto& p : y.problems) {
    CHECK(p.span.begin <= p.span.end);
    CHECK(p.span.end <= yaml.size());
    CHECK_FALSE(p.rule.empty());
    CHECK_FALSE(p.message.empty());
  }
  if (!y.ok) {
    CHECK(y.json.empty());
    return;
  }
  REQUIRE(y.offsets.size() == y.json.size() + 1);
  for (std::size_t i = 0; i < y.offsets.size(); ++i) {
    CHECK(y.offsets[i] <= yaml.size());
    if (i > 0) CHECK(y.offsets[i - 1] <= y.offsets[i]);
  }
  for (std::size_t i = 1; i < y.inexact.size(); ++i) CHECK(y.inexact[i - 1].end < y.inexact[i].begin);
  json::Document doc = json::parse(y.json, big_limits());
  CHECK(doc.ok());
  CHECK(doc.errors().empty());
}

struct Converted {
  std::string yaml;
  YamlJson y;
  json::Document doc;
};

Converted convert(std::string yaml, const json::Limits& limits = {}) {
  YamlJson y = yaml_to_json(yaml, limits);
  check_invariants(yaml, y);
  json::Document doc = json::parse(y.json, big_limits());
  return Converted{std::move(yaml), std::move(y), std::move(doc)};
}

const json::Node* member(const json::Node* n, std::string_view key) {
  if (n == nullptr || !n->is_object()) return nullptr;
  const json::Member* m = n->find(key);
  return m != nullptr ? m->value : nullptr;
}

// The YAML text a JSON span maps to.
std::string_view yaml_of(const Converted& c, Span json_span) {
  std::uint32_t b = c.y.offsets[json_span.begin], e = c.y.offsets[json_span.end];
  return std::string_view(c.yaml).substr(b, e - b);
}

Position yaml_pos(const Converted& c, std::uint32_t json_offset) {
  Source src("t.yaml", c.yaml);
  return src.position(c.y.offsets[json_offset]);
}

}  // namespace

TEST_CASE("yaml: scalars are typed as ROS types them", "[yaml]") {
  auto c = convert(
      "Version: 1\n"
      "Quoted: '1'\n"
      "Double: \"1\"\n"
      "T: true\n"
      "F: False\n"
      "Yes11: yes\n"
      "Off11: off\n"
      "Tilde: ~\n"
      "Null: null\n"
      "Empty:\n"
      "Hex: 0x1A\n"
      "Oct12: 0o17\n"
      "Oct11: 0755\n"
      "Under: 1_000\n"
      "Float: 1.5\n"
      "Dot: .5\n"
      "Plus: +7\n"
      "Exp: 1e3\n"
      "Inf: .inf\n"
      "Date: 2015-09-01\n"
      "Word: 123abc\n"
      "QuotedTrue: 'true'\n"
      "Block: |\n  text\n"
      "Str: !!str 12\n"
      "Int: !!int \"7\"\n"
      "NonSpecific: ! 12\n"
      "Big: 12345678901234567890123\n");
  REQUIRE(c.y.ok);
  const json::Node* r = c.doc.root();
  REQUIRE(r != nullptr);
  auto type_of = [&](std::string_view k) { return member(r, k)->type; };
  auto text_of = [&](std::string_view k) { return member(r, k)->text; };
  CHECK(type_of("Version") == json::Type::Number);
  CHECK(text_of("Version") == "1");
  CHECK(type_of("Quoted") == json::Type::String);
  CHECK(type_of("Double") == json::Type::String);
  CHECK(type_of("T") == json::Type::True);
  CHECK(type_of("F") == json::Type::False);
  CHECK(type_of("Yes11") == json::Type::True);
  CHECK(type_of("Off11") == json::Type::False);
  CHECK(type_of("Tilde") == json::Type::Null);
  CHECK(type_of("Null") == json::Type::Null);
  CHECK(type_of("Empty") == json::Type::Null);
  CHECK(text_of("Hex") == "26");
  CHECK(text_of("Oct12") == "15");
  CHECK(text_of("Oct11") == "493");
  CHECK(text_of("Under") == "1000");
  CHECK(text_of("Float") == "1.5");
  CHECK(text_of("Dot") == "0.5");
  CHECK(text_of("Plus") == "7");
  CHECK(type_of("Exp") == json::Type::Number);
  CHECK(type_of("Inf") == json::Type::String);  // JSON has no infinity
  CHECK(type_of("Date") == json::Type::String);
  CHECK(text_of("Date") == "2015-09-01");
  CHECK(type_of("Word") == json::Type::String);
  CHECK(type_of("QuotedTrue") == json::Type::String);
  CHECK(text_of("Block") == "text\n");
  CHECK(type_of("Str") == json::Type::String);
  CHECK(text_of("Str") == "12");
  CHECK(type_of("Int") == json::Type::Number);
  CHECK(type_of("NonSpecific") == json::Type::String);
  CHECK(type_of("Big") == json::Type::Number);
  CHECK(text_of("Big") == "12345678901234567890123");
}

TEST_CASE("yaml: plain and one-line quoted scalars map byte for byte", "[yaml]") {
  auto c = convert(
      "# a comment\n"
      "Statement:\n"
      "  - Effect: allow\n"
      "    Action: 'oss:GetObject'\n"
      "    Resource: \"acs:oss:*:*:é-bucket/*\"\n"
      "    Note: \"tab\\there\"\n"
      "    Folded: >\n"
      "      one\n"
      "      two\n"
      "Version: 1\n");
  REQUIRE(c.y.ok);
  const json::Node* st = testutil::at(member(c.doc.root(), "Statement")->items, 0);

  const json::Node* effect = member(st, "Effect");
  CHECK(yaml_of(c, effect->span) == "allow");
  // Every content byte maps onto its own YAML byte.
  std::uint32_t at = c.y.offsets[effect->span.begin + 1];
  for (std::uint32_t i = 0; i < 5; ++i) CHECK(c.y.offsets[effect->span.begin + 1 + i] == at + i);
  CHECK(yaml_pos(c, effect->span.begin).line == 3);
  CHECK(yaml_pos(c, effect->span.begin).column == 13);
  CHECK(c.y.exact(effect->span));

  const json::Node* action = member(st, "Action");
  CHECK(yaml_of(c, action->span) == "'oss:GetObject'");
  CHECK(c.yaml.substr(c.y.offsets[action->span.begin + 1], 3) == "oss");
  CHECK(c.y.exact(action->span));

  // UTF-8 before and inside the value: offsets stay byte offsets.
  const json::Node* resource = member(st, "Resource");
  CHECK(yaml_of(c, resource->span) == "\"acs:oss:*:*:é-bucket/*\"");
  std::size_t e_acute = resource->text.find("é");
  CHECK(c.yaml.substr(c.y.offsets[resource->span.begin + 1 + e_acute], 2) == "é");
  CHECK(c.yaml.substr(c.y.offsets[resource->span.begin + 1 + e_acute + 2], 8) == "-bucket/");
  CHECK(yaml_pos(c, resource->span.begin + 1 + static_cast<std::uint32_t>(e_acute) + 2).column == 29);

  // An escape: the content maps onto the scalar's start, and is inexact.
  const json::Node* note = member(st, "Note");
  CHECK(note->text == "tab\there");
  CHECK(yaml_of(c, note->span) == "\"tab\\there\"");
  CHECK(c.y.offsets[note->span.begin + 3] == c.y.offsets[note->span.begin]);
  CHECK_FALSE(c.y.exact(note->span));

  const json::Node* folded = member(st, "Folded");
  CHECK(folded->text == "one two\n");
  CHECK_FALSE(c.y.exact(folded->span));
  CHECK(yaml_pos(c, folded->span.begin).line == 7);

  // Keys map too.
  const auto& key = c.doc.root()->members[1];
  CHECK(key.key == "Version");
  CHECK(yaml_of(c, key.key_span) == "Version");
  CHECK(yaml_of(c, key.value->span) == "1");
  CHECK(c.y.exact(key.value->span));

  // Objects and arrays span their YAML collections.
  CHECK(yaml_of(c, st->span).starts_with("Effect: allow"));
  CHECK(yaml_of(c, st->span).ends_with("two\n"));
}

TEST_CASE("yaml: escapes never pass for exact text", "[yaml]") {
  auto c = convert(R"(a: "\\\\"
b: ''''
c: 'it''s'
d: !Ref 'x'
e: &n "y"
)");
  REQUIRE(c.y.ok);
  const json::Node* r = c.doc.root();
  CHECK(member(r, "a")->text == "\\\\");
  CHECK_FALSE(c.y.exact(member(r, "a")->span));
  CHECK(member(r, "b")->text == "'");
  CHECK_FALSE(c.y.exact(member(r, "b")->span));
  CHECK(member(r, "c")->text == "it's");
  CHECK_FALSE(c.y.exact(member(r, "c")->span));
  const json::Node* d = member(member(r, "d"), "Ref");
  CHECK(c.y.exact(d->span));
  CHECK(yaml_of(c, d->span) == "'x'");
  CHECK(c.y.exact(member(r, "e")->span));
  CHECK(yaml_of(c, member(r, "e")->span) == "\"y\"");
}

TEST_CASE("yaml: number forms", "[yaml]") {
  auto c = convert("a: 1.\nb: e5\nc: 0b101\nd: -0x10\ne: 00.50\nf: 1e-3\ng: 1_\nh: _1\ni: .\nj: -x\nk: 0x\nl: 1e\n");
  REQUIRE(c.y.ok);
  const json::Node* r = c.doc.root();
  CHECK(member(r, "a")->text == "1.0");
  CHECK(member(r, "b")->is_string());
  CHECK(member(r, "c")->text == "5");
  CHECK(member(r, "d")->text == "-16");
  CHECK(member(r, "e")->text == "0.50");
  CHECK(member(r, "f")->text == "1e-3");
  CHECK(member(r, "g")->text == "1");
  for (std::string_view k : {"h", "i", "j", "k", "l"}) {
    INFO(k);
    CHECK(member(r, k)->is_string());
  }
}

TEST_CASE("yaml: CRLF line ends and a byte-order mark", "[yaml]") {
  auto c = convert("\xEF\xBB\xBFVersion: '1'\r\nStatement:\r\n- Effect: Allow\r\n");
  REQUIRE(c.y.ok);
  const json::Node* effect = member(testutil::at(member(c.doc.root(), "Statement")->items, 0), "Effect");
  CHECK(yaml_of(c, effect->span) == "Allow");
  CHECK(yaml_pos(c, effect->span.begin).line == 3);
  CHECK(yaml_pos(c, effect->span.begin).column == 11);
}

TEST_CASE("yaml: ROS short-form functions become Ref and Fn:: objects", "[yaml]") {
  auto c = convert(
      "A: !Ref BucketName\n"
      "B: !GetAtt Role.Arn\n"
      "C: !Sub 'acs:oss:*:*:${BucketName}/*'\n"
      "D: !Join ['', ['acs:ram::', !Ref ALIYUN::TenantId, ':root']]\n"
      "E: !Select [0, !GetAZs cn-hangzhou]\n"
      "F: !If [IsProd, a, b]\n"
      "G: !Base64Encode text\n"
      "H: !Sub\n"
      "  - acs:oss:*:*:${B}\n"
      "  - B: !Ref BucketName\n");
  REQUIRE(c.y.ok);
  const json::Node* r = c.doc.root();
  CHECK(member(member(r, "A"), "Ref")->text == "BucketName");
  CHECK(member(member(r, "B"), "Fn::GetAtt")->text == "Role.Arn");
  CHECK(member(member(r, "C"), "Fn::Sub")->text == "acs:oss:*:*:${BucketName}/*");
  const json::Node* join = member(member(r, "D"), "Fn::Join");
  REQUIRE(join != nullptr);
  REQUIRE(join->is_array());
  CHECK(member(testutil::at(testutil::at(join->items, 1)->items, 1), "Ref")->text == "ALIYUN::TenantId");
  const json::Node* select = member(member(r, "E"), "Fn::Select");
  REQUIRE(select != nullptr);
  CHECK(testutil::at(select->items, 0)->type == json::Type::Number);
  CHECK(member(testutil::at(select->items, 1), "Fn::GetAZs")->text == "cn-hangzhou");
  CHECK(member(member(r, "F"), "Fn::If") != nullptr);
  CHECK(member(member(r, "G"), "Fn::Base64Encode")->text == "text");
  const json::Node* h = member(member(r, "H"), "Fn::Sub");
  REQUIRE(h != nullptr);
  CHECK(h->is_array());
  // The function object spans the tagged YAML node; its value maps exactly.
  CHECK(yaml_of(c, member(r, "A")->span) == "!Ref BucketName");
  CHECK(yaml_of(c, member(member(r, "A"), "Ref")->span) == "BucketName");
  CHECK(yaml_of(c, member(r, "C")->span) == "!Sub 'acs:oss:*:*:${BucketName}/*'");
  CHECK_FALSE(c.y.exact(member(r, "A")->span));
  CHECK(c.y.exact(member(member(r, "A"), "Ref")->span));
}

TEST_CASE("yaml: short-form functions are opaque to the ROS extraction", "[yaml]") {
  auto c = convert(
      "ROSTemplateFormatVersion: '2015-09-01'\n"
      "Resources:\n"
      "  Role:\n"
      "    Type: ALIYUN::RAM::Role\n"
      "    Properties:\n"
      "      AssumeRolePolicyDocument:\n"
      "        Version: '1'\n"
      "        Statement:\n"
      "          - Action: sts:AssumeRole\n"
      "            Effect: Allow\n"
      "            Principal:\n"
      "              RAM: !Sub 'acs:ram::${ALIYUN::TenantId}:root'\n");
  REQUIRE(c.y.ok);
  auto found = detail::find_embedded(c.doc.root());
  REQUIRE(found.size() == 1);
  CHECK(found[0].context == "Role");
  REQUIRE(found[0].kind.has_value());
  CHECK(*found[0].kind == Kind::Trust);
  REQUIRE(found[0].opaque.size() == 1);
  CHECK(yaml_of(c, found[0].opaque[0]) == "!Sub 'acs:ram::${ALIYUN::TenantId}:root'");
  CHECK(yaml_pos(c, found[0].node->span.begin).line == 7);
}

TEST_CASE("yaml: aliases are expanded and map onto the alias", "[yaml]") {
  auto c = convert(
      "Base: &stmt\n"
      "  Effect: Allow\n"
      "  Action: oss:GetObject\n"
      "Statement:\n"
      "  - *stmt\n"
      "  - *stmt\n");
  REQUIRE(c.y.ok);
  const json::Node* st = member(c.doc.root(), "Statement");
  REQUIRE(st->items.size() == 2);
  CHECK(member(st->items[1], "Effect")->text == "Allow");
  CHECK(member(st->items[1], "Action")->text == "oss:GetObject");
  // Every byte of a copy maps onto its alias.
  CHECK(yaml_of(c, st->items[1]->span) == "*stmt");
  CHECK(yaml_pos(c, member(st->items[1], "Effect")->span.begin).line == 6);
  CHECK_FALSE(c.y.exact(member(st->items[0], "Effect")->span));
  // The anchored original maps exactly.
  CHECK(yaml_of(c, member(member(c.doc.root(), "Base"), "Effect")->span) == "Allow");
  CHECK(c.y.exact(member(member(c.doc.root(), "Base"), "Effect")->span));

  SECTION("an alias as a key") {
    auto k = convert("k: &name Effect\nS: {*name : Allow}\n");
    REQUIRE(k.y.ok);
    CHECK(member(member(k.doc.root(), "S"), "Effect")->text == "Allow");
  }
}

TEST_CASE("yaml: alias bombs and recursive aliases are refused", "[yaml]") {
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  char prev = 'a';
  for (char n = 'b'; n <= 'k'; ++n) {
    bomb += std::string(1, n) + ": &" + n + " [";
    for (int i = 0; i < 10; ++i) bomb += std::string(i ? ", *" : "*") + prev;
    bomb += "]\n";
    prev = n;
  }
  auto c = convert(bomb);
  CHECK_FALSE(c.y.ok);
  REQUIRE(c.y.problems.size() == 1);
  CHECK(c.y.problems[0].rule == "yaml/alias-too-large");
  CHECK(c.y.problems[0].message.find("billion laughs") != std::string::npos);

  auto r = convert("a: &a [1, *a]\n");
  CHECK_FALSE(r.y.ok);
  REQUIRE(r.y.problems.size() == 1);
  CHECK(r.y.problems[0].rule == "yaml/alias-too-large");
  CHECK(r.yaml.substr(r.y.problems[0].span.begin, 2) == "*a");

  auto u = convert("a: *nowhere\n");
  CHECK_FALSE(u.y.ok);
  REQUIRE(u.y.problems.size() == 1);
  CHECK(u.y.problems[0].rule == "yaml/syntax-error");
  CHECK(u.y.problems[0].span.begin == 3);
}

TEST_CASE("yaml: only the first document is read", "[yaml]") {
  auto c = convert("Version: '1'\n---\nVersion: '2'\n---\nx: 1\n");
  REQUIRE(c.y.ok);
  CHECK(member(c.doc.root(), "Version")->text == "1");
  REQUIRE(c.y.problems.size() == 1);
  CHECK(c.y.problems[0].rule == "yaml/multiple-documents");
  CHECK(c.yaml.substr(c.y.problems[0].span.begin, 3) == "---");
  CHECK(c.y.documents == 2);

  // A leading "---" and a closing "..." are one document.
  auto one = convert("---\nVersion: '1'\n...\n");
  REQUIRE(one.y.ok);
  CHECK(one.y.problems.empty());

  // Nothing at all: not ok, and no problem (nothing to lint).
  auto none = convert("# only a comment\n");
  CHECK_FALSE(none.y.ok);
  CHECK(none.y.problems.empty());
}

TEST_CASE("yaml: duplicate keys are kept for the JSON parser", "[yaml]") {
  auto c = convert("Effect: Allow\nEffect: Deny\n");
  REQUIRE(c.y.ok);
  REQUIRE(c.doc.duplicates().size() == 1);
  CHECK(yaml_pos(c, c.doc.root()->members[1].key_span.begin).line == 2);
}

TEST_CASE("yaml: a collection as a key is read as its text", "[yaml]") {
  auto c = convert("? [a, b]\n: 1\nk: v\n");
  REQUIRE(c.y.ok);
  REQUIRE(c.y.problems.size() == 1);
  CHECK(c.y.problems[0].rule == "yaml/complex-key");
  CHECK(c.doc.root()->members[0].key == "[a, b]");
  CHECK(member(c.doc.root(), "k")->text == "v");
}

TEST_CASE("yaml: syntax errors name the place", "[yaml]") {
  struct Case {
    const char* yaml;
    std::uint32_t line, column;
    const char* words;
  };
  const Case cases[] = {
      {"a: b: c\n", 1, 5, "':' is not allowed here"},
      {"a:\n  b: 1\n c: 2\n", 3, 2, "expected another key"},
      {"a: \"open\n", 2, 1, "closing quote is missing"},
      {"a: [1,\n", 2, 1, "expected a value"},
      {"a:\n\t- b\n", 2, 1, "tabs cannot indent"},
      {"a: \xff\n", 1, 4, "not UTF-8"},
      {"\xEF\xBB\xBF"
       "a: \xff\n",
       1, 5, "not UTF-8"},  // after a byte-order mark
      {"a: @b\n", 1, 4, "cannot start"},
  };
  for (const auto& k : cases) {
    INFO(k.yaml);
    auto c = convert(k.yaml);
    CHECK_FALSE(c.y.ok);
    REQUIRE(c.y.problems.size() == 1);
    const auto& p = c.y.problems[0];
    CHECK(p.rule == "yaml/syntax-error");
    Source src("t.yaml", c.yaml);
    CHECK(src.position(p.span.begin).line == k.line);
    CHECK(src.position(p.span.begin).column == k.column);
    CHECK(p.message.find(k.words) != std::string::npos);
  }
  // The context libyaml gives is kept, with its own position.
  auto c = convert("a:\n  b: 1\n c: 2\n");
  CHECK(c.y.problems.at(0).message.find("block mapping that starts at line 1, column 1") != std::string::npos);
}

TEST_CASE("yaml: nesting limits", "[yaml]") {
  SECTION("100000 levels of flow nesting are refused without a crash") {
    std::string deep = "a: " + std::string(100000, '[') + std::string(100000, ']') + "\n";
    auto c = convert(deep);
    CHECK_FALSE(c.y.ok);
    REQUIRE(c.y.problems.size() == 1);
    CHECK(c.y.problems[0].rule == "yaml/nesting-too-deep");
    CHECK(c.y.problems[0].span.begin == 3 + 63);  // the 65th level: the root mapping is level 1
  }
  SECTION("and read when the limit allows them (iterative writer)") {
    // 10 000 levels: deep enough for any recursion to show, and quick (libyaml
    // itself is slow on very deep flow collections; the default limit stops
    // such input at level 65, above).
    std::string deep = std::string(10000, '[') + std::string(10000, ']');
    auto c = convert(deep, big_limits());
    REQUIRE(c.y.ok);
    CHECK(c.y.json == deep);
  }
  SECTION("block nesting and the limit exactly") {
    std::string yaml;
    for (int i = 0; i < 63; ++i) yaml += std::string(static_cast<std::size_t>(i), ' ') + "k:\n";
    yaml += std::string(63, ' ') + "k: v\n";
    auto ok = convert(yaml);  // 64 mappings
    CHECK(ok.y.ok);
    CHECK(ok.y.problems.empty());
    json::Limits tight;
    tight.max_depth = 63;
    auto deep = convert(yaml, tight);
    CHECK_FALSE(deep.y.ok);
    CHECK(deep.y.problems.at(0).rule == "yaml/nesting-too-deep");
  }
  SECTION("function wrappers and aliases count") {
    json::Limits tight;
    tight.max_depth = 2;
    CHECK(convert("a: [1]\n", tight).y.ok);
    CHECK_FALSE(convert("a: !Ref [1]\n", tight).y.ok);
    CHECK_FALSE(convert("a: &x [1]\nb: [*x]\n", tight).y.ok);
  }
  SECTION("the size limit") {
    json::Limits tiny;
    tiny.max_bytes = 4;
    auto c = convert("a: 12345\n", tiny);
    CHECK_FALSE(c.y.ok);
    CHECK(c.y.problems.at(0).rule == "json/file-too-large");
  }
}

TEST_CASE("yaml: random bytes and mutated templates never break the invariants", "[yaml]") {
  std::mt19937 rng(12345);
  const std::string alphabet = "ab:- \n\t[]{},&*!|>'\"#?%@`~\\01.e\xc3\xa9";
  for (int round = 0; round < 3000; ++round) {
    std::string s;
    std::size_t n = rng() % 64;
    for (std::size_t i = 0; i < n; ++i)
      s += round % 3 == 0 ? static_cast<char>(rng() & 0xff) : alphabet[rng() % alphabet.size()];
    INFO(round);
    YamlJson y = yaml_to_json(s);
    check_invariants(s, y);
  }
  std::string base = testutil::slurp(std::filesystem::path(POLICYLINT_SOURCE_DIR) /
                                     "testdata/ros-yaml/published/ecs-ramrole-oss-excerpt.yml");
  REQUIRE_FALSE(base.empty());
  for (int round = 0; round < 300; ++round) {
    std::string s = base;
    for (int k = 0; k < 3; ++k) s[rng() % s.size()] = alphabet[rng() % alphabet.size()];
    INFO(round);
    YamlJson y = yaml_to_json(s);
    check_invariants(s, y);
  }
}

TEST_CASE("yaml: what a file holds", "[yaml]") {
  using input::classify_yaml;
  using input::YamlKind;
  CHECK(classify_yaml("ROSTemplateFormatVersion: '2015-09-01'\nResources: {}\n") == YamlKind::RosTemplate);
  CHECK(classify_yaml("Description: x\nROSTemplateFormatVersion: '2015-09-01'\n") == YamlKind::RosTemplate);
  CHECK(classify_yaml("{\"ROSTemplateFormatVersion\": \"2015-09-01\"}") == YamlKind::RosTemplate);
  CHECK(classify_yaml("Version: '1'\nStatement: []\n") == YamlKind::Policy);
  CHECK(classify_yaml("statement:\n- Effect: Allow\n") == YamlKind::Policy);
  CHECK(classify_yaml("apiVersion: v1\nkind: Pod\n") == YamlKind::Other);
  CHECK(classify_yaml("items:\n  ROSTemplateFormatVersion: x\n") == YamlKind::Other);  // not top-level
  CHECK(classify_yaml("- a\n- b\n") == YamlKind::Other);
  CHECK(classify_yaml("") == YamlKind::Other);
  // A broken template is still a template, so its syntax error is reported.
  CHECK(classify_yaml("Resources: [\nROSTemplateFormatVersion: '2015-09-01'\n") == YamlKind::RosTemplate);
  CHECK(input::is_ros_template_yaml("ROSTemplateFormatVersion: 2015-09-01\n"));
  CHECK_FALSE(input::is_ros_template_yaml("Version: '1'\n"));
  CHECK(input::is_policy_yaml("Version: '1'\n"));
}

TEST_CASE("yaml: published ROS templates", "[yaml]") {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(POLICYLINT_SOURCE_DIR) / "testdata/ros-yaml/published";
  std::size_t files = 0;
  for (const auto& f : fs::directory_iterator(dir)) {
    auto ext = f.path().extension();
    if (ext != ".yaml" && ext != ".yml") continue;
    ++files;
    INFO(f.path().filename().string());
    std::string text = testutil::slurp(f.path());
    CHECK(input::is_ros_template_yaml(text));
    auto c = convert(text);
    REQUIRE(c.y.ok);
    CHECK(c.y.problems.empty());
    REQUIRE(c.doc.ok());
    auto found = detail::find_embedded(c.doc.root());
    REQUIRE(found.size() >= 2);
    for (const auto& e : found) {
      INFO(e.context);
      // Each policy is a YAML block mapping: it starts at its first key, and
      // its Version maps onto the YAML '1'.
      std::string_view yaml = yaml_of(c, e.node->span);
      CHECK((yaml.starts_with("Statement:") || yaml.starts_with("Version:")));
      const json::Node* version = member(e.node, "Version");
      REQUIRE(version != nullptr);
      CHECK(version->is_string());
      CHECK(yaml_of(c, version->span) == "'1'");
    }
  }
  CHECK(files == 2);
}

TEST_CASE("yaml: the byte map never goes back, even where an implicit flow mapping ends", "[inputs][yaml]") {
  // Found by fuzz_yaml: `"…:ro":ram::…:root"` inside a flow sequence is a
  // one-pair mapping whose end libyaml placed before the last mapped byte.
  std::string text =
      testutil::slurp(testutil::source_dir() / "testdata/cli/regressions/yaml-implicit-flow-mapping.yaml");
  auto y = policylint::input::yaml_to_json(text, {});
  REQUIRE(y.ok);
  REQUIRE(y.offsets.size() == y.json.size() + 1);
  bool monotonic = true;
  for (std::size_t i = 1; i < y.offsets.size(); ++i) monotonic = monotonic && y.offsets[i - 1] <= y.offsets[i];
  CHECK(monotonic);
  CHECK(y.offsets.back() <= text.size());
}

TEST_CASE("yaml: a number past the range of a double stays a string", "[inputs][yaml]") {
  // Found by fuzz_yaml: `1e900` written as a JSON number is rejected by every JSON reader.
  auto y = policylint::input::yaml_to_json("1e900\n", {});
  REQUIRE(y.ok);
  CHECK(y.json == "\"1e900\"");
  CHECK(policylint::json::parse(y.json).ok());
  auto small = policylint::input::yaml_to_json("1e300\n", {});
  REQUIRE(small.ok);
  CHECK(small.json == "1e300");
  // Found by fuzz_yaml: the reader refuses an exponent past its limit even on a zero.
  auto zero = policylint::input::yaml_to_json("0e8200\n", {});
  REQUIRE(zero.ok);
  CHECK(zero.json == "\"0e8200\"");
  CHECK(policylint::json::parse(zero.json).ok());
  auto tiny = policylint::input::yaml_to_json("1e-8200\n", {});
  REQUIRE(tiny.ok);
  CHECK(policylint::json::parse(tiny.json).ok());
}
