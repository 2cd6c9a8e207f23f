// Fast paths of the DTS, placeholder, condition and scenario rules held to
// plain versions: the DTS principals collected once per document (roots
// parsed only beside a DTS service principal) against a direct reading of
// the document, and the JSON text of a scenario fix against known outputs.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstddef>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "../../lib/src/model/arn.hpp"
#include "../../lib/src/util/text.hpp"
#include "policylint/engine.hpp"

using namespace policylint;

// lib/src/rules/scenario.hpp, whose own includes are not on the tests' path.
namespace policylint::rules {
std::string json_string(std::string_view s);
void append_json_string(std::string& out, std::string_view s);
}  // namespace policylint::rules

namespace {

std::vector<Finding> lint(const std::string& text, const std::set<std::string>& rules, Kind kind) {
  LintOptions o;
  o.kind = kind;
  o.select = rules;
  return Linter(o).lint("t.json", text).findings;
}

}  // namespace

TEST_CASE("scenario json_string escapes quotes, backslashes and control characters", "[rules][scenario][perf]") {
  using rules::json_string;
  CHECK(json_string("acs:oss:*:*:b/*") == "\"acs:oss:*:*:b/*\"");
  CHECK(json_string("a\"b\\c") == "\"a\\\"b\\\\c\"");
  CHECK(json_string(std::string_view("a\x01"
                                     "b",
                                     3)) == "\"a\\u0001b\"");
  CHECK(json_string(std::string_view("\0", 1)) == "\"\\u0000\"");
  CHECK(json_string("\x1f\n\t") == "\"\\u001f\\u000a\\u0009\"");
  CHECK(json_string("\x7f") == "\"\x7f\"");            // not a control character to JSON
  CHECK(json_string("b\xc3\xa9") == "\"b\xc3\xa9\"");  // UTF-8 kept as is
  // Every byte below 0x20 comes out as six characters, none of them below 0x20.
  for (int c = 0; c < 0x20; ++c) {
    std::string out = json_string(std::string(1, static_cast<char>(c)));
    CHECK(out.size() == 8);
    CHECK(std::none_of(out.begin(), out.end(), [](char x) { return static_cast<unsigned char>(x) < 0x20; }));
  }
}

TEST_CASE("scenario json_string: a special byte at every place of the eight-byte words", "[rules][scenario][perf]") {
  // The escapes as a byte-by-byte reading writes them.
  auto reference = [](std::string_view s) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out = "\"";
    for (char c : s) {
      const auto u = static_cast<unsigned char>(c);
      if (u < 0x20) {
        out += "\\u00";
        out += kHex[u >> 4];
        out += kHex[u & 15];
      } else if (c == '"' || c == '\\') {
        out += '\\';
        out += c;
      } else {
        out += c;
      }
    }
    return out + '"';
  };
  // Bytes next to the special ones in value (0x1F/0x20, '!'/'#', '[' and
  // ']'), high bytes, and the specials: one or two of them at each place of
  // texts of every length up to three words.
  const char kinds[] = {'\0', '\x1f', ' ', '"', '\\', '!', '#', '[', ']', '\x7f', '\x80', '\xa0', '\xff', '\n'};
  std::size_t checked = 0;
  for (std::size_t n = 0; n <= 24; ++n) {
    for (std::size_t at = 0; at < std::max<std::size_t>(n, 1); ++at) {
      for (char k : kinds) {
        for (std::size_t second : {n, at + 1, at + 8, n - 1}) {
          std::string text(n, 'a');
          for (std::size_t i = 0; i < n; ++i) text[i] = static_cast<char>('a' + i % 26);
          if (at < n) text[at] = k;
          if (second < n && second != at) text[second] = '\\';
          INFO(n << " " << at << " " << static_cast<int>(static_cast<unsigned char>(k)) << " " << second);
          CHECK(rules::json_string(text) == reference(text));
          std::string out = "[x, ";
          rules::append_json_string(out, text);
          CHECK(out == "[x, " + reference(text));
          ++checked;
        }
      }
    }
  }
  CHECK(checked > 10000);
}

TEST_CASE("dts/plain-service-principal against a direct reading of the principals", "[rules][dts][perf]") {
  std::mt19937 rng(20261202);
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  const std::vector<std::string> services = {"dts.aliyuncs.com",    "DTS.Aliyuncs.com",
                                             "ecs.aliyuncs.com",    "1234567890123456@dts.aliyuncs.com",
                                             "@dts.aliyuncs.com",   "1234567890123456@ecs.aliyuncs.com",
                                             "dts.aliyuncs.com.cn", "<uid>@dts.aliyuncs.com"};
  const std::vector<std::string> uids = {"1111111111111111", "2222222222222222", "12345", "abc", "", "*"};
  const std::vector<std::string> shapes = {"acs:ram::U:root",  "acs:ram::U:root/x", "acs:ram::U:user/root",
                                           "acs:ram:*:U:root", "acs:ram::U:Root",   "arn:ram::U:root",
                                           "acs:ram::U:root:", "ACS:ram::U:root",   "acs:ram::U"};
  std::size_t reported = 0;
  for (int doc = 0; doc < 400; ++doc) {
    struct Value {
      std::string text;
      bool allow;
      bool ram;
    };
    std::vector<Value> values;
    std::string statements;
    for (std::size_t st = pick(5) + 1; st > 0; --st) {
      bool allow = pick(5) != 0;
      std::string ram, service;
      for (std::size_t n = pick(4); n > 0; --n) {
        std::string v = shapes[pick(shapes.size())];
        v.replace(v.find('U'), 1, uids[pick(uids.size())]);
        ram += (ram.empty() ? "\"" : ",\"") + v + "\"";
        values.push_back({v, allow, true});
      }
      for (std::size_t n = pick(3); n > 0; --n) {
        const std::string& v = services[pick(services.size())];
        service += (service.empty() ? "\"" : ",\"") + v + "\"";
        values.push_back({v, allow, false});
      }
      std::string principal = "{\"RAM\":[" + ram + "],\"Service\":[" + service + "]}";
      statements += std::string(statements.empty() ? "" : ",") + "{\"Effect\":\"" + (allow ? "Allow" : "Deny") +
                    "\",\"Action\":\"sts:AssumeRole\",\"Principal\":" + principal + "}";
    }
    std::string text = "{\"Version\":\"1\",\"Statement\":[" + statements + "]}";
    // The reference: every Allow value read directly, roots by model::is_ram_root.
    std::size_t plain = 0, scoped = 0;
    std::vector<std::string> foreign;
    for (const Value& v : values) {
      if (!v.allow) continue;
      if (v.ram) {
        if (!model::is_ram_root(v.text)) continue;
        std::string uid(model::principal_account(v.text)->text);
        if (util::all_digits(uid)) foreign.push_back(uid);
        continue;
      }
      if (util::iequals(v.text, "dts.aliyuncs.com")) {
        ++plain;
        continue;
      }
      auto sp = model::service_principal(v.text);
      if (sp.scoped && !sp.uid.text.empty() && util::iequals(sp.host.text, "dts.aliyuncs.com")) ++scoped;
    }
    std::size_t expected = scoped == 0 && !foreign.empty() ? plain : 0;
    auto found = lint(text, {"dts/plain-service-principal"}, Kind::Trust);
    INFO(text);
    REQUIRE(found.size() == expected);
    for (const Finding& f : found) {
      REQUIRE(f.related.size() == foreign.size());
      for (std::size_t i = 0; i < foreign.size(); ++i)
        CHECK(text.substr(f.related[i].span.begin, f.related[i].span.end - f.related[i].span.begin).find(foreign[i]) !=
              std::string::npos);
    }
    reported += found.size();
  }
  CHECK(reported > 20);  // the finding is made often enough to mean something
}

TEST_CASE("principal rules judge a trust value first and withdraw findings on placeholder text",
          "[rules][principal][perf]") {
  // Malformed values, each alone in a trust policy: placeholder or template
  // text gets no finding of these rules (placeholder/unreplaced's), the rest
  // keep theirs.
  struct Case {
    std::string key, value;
    bool placeholder;
  };
  const std::vector<Case> cases = {
      {"RAM", "acs:ram::<uid>:root", true},
      {"RAM", "acs:ram::src-uid:role/x/y", true},
      {"RAM", "acs:ram::1646821763****:root", true},
      {"RAM", "acs:ram::${var.uid}:root", true},
      {"RAM", "acs:ram:cn-hangzhou:1234567890123456:root", false},
      {"RAM", "acs:ram::12345:root", false},
      {"RAM", "ecs.aliyuncs.com", false},
      {"RAM", "123", false},
      {"Federated", "acs:ram::1234567890123456:role/x", false},
      {"Federated", "acs:ram::{Account ID}:saml-provider/x", true},
      {"Service", "<service>.aliyuncs.com", true},
      {"Service", "dest-uid@dts.aliyuncs.com", true},
      {"Service", "${uid}@dts.aliyuncs.com", true},
      {"Service", "abc@dts.aliyuncs.com", false},
      {"Service", "nosuchservice.aliyuncs.com", false},
      {"Service", "ecs", false},
      {"Service", "acs:ram::1234567890123456:root", false},
  };
  const std::set<std::string> rules = {"principal/trust-value-malformed", "principal/service-unknown"};
  for (const Case& c : cases) {
    std::string text = R"({"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{")" +
                       c.key + R"(":[")" + c.value + R"("]}}]})";
    INFO(text);
    auto found = lint(text, rules, Kind::Trust);
    if (c.placeholder)
      CHECK(found.empty());
    else
      CHECK(!found.empty());
  }
}

TEST_CASE("security/privilege-escalation: the first-character filter against no filter", "[rules][security][perf]") {
  // An Action item "?" matches no escalation action but, beginning with a
  // wildcard, turns the statement's filter off: the findings of a document
  // must be those of the same document with "?" added to every Allow's
  // Action list. (No item of the pool matches a one-character action, so "?"
  // overlaps no Deny.)
  std::mt19937 rng(20261203);
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  const std::vector<std::string> actions = {"ram:AttachPolicyToUser",
                                            "RAM:attachpolicytorole",
                                            "ram:Attach*",
                                            "ram:*PolicyVersion",
                                            "r?m:PassRole",
                                            "ra*",
                                            "ram:PassRole",
                                            "ram:Get*",
                                            "ram:List*",
                                            "ecs:*",
                                            "rds:*",
                                            "ram",
                                            "Ram:Create*",
                                            "ram:AddUserToGroup",
                                            "sts:AssumeRole",
                                            "oss:GetObject",
                                            "r",
                                            "ram:UpdateRol?",
                                            "",
                                            "ecs:RunInstances",
                                            "ram:CreateAccessKey",
                                            "log:*",
                                            "kms:Decrypt",
                                            "vpc:*",
                                            "ram:Update*"};
  const std::vector<std::string> resources = {"*", "acs:ram:*:*:role/*", "acs:ram:*:*:user/*", "acs:ecs:*:*:*",
                                              "acs:ram:*:123:policy/*"};
  std::size_t reported = 0;
  for (int doc = 0; doc < 300; ++doc) {
    std::vector<std::string> lists;
    std::vector<std::string> rest;
    std::vector<bool> allows;
    for (std::size_t st = pick(4) + 1; st > 0; --st) {
      std::string list;
      for (std::size_t n = pick(12) + 1; n > 0; --n)
        list += (list.empty() ? "\"" : ",\"") + actions[pick(actions.size())] + "\"";
      lists.push_back(list);
      allows.push_back(pick(6) != 0);
      rest.push_back(std::string(R"(,"Effect":")") + (allows.back() ? "Allow" : "Deny") + R"(","Resource":")" +
                     resources[pick(resources.size())] + "\"}");
    }
    auto build = [&](bool unfiltered) {
      std::string statements;
      for (std::size_t i = 0; i < lists.size(); ++i)
        statements += std::string(i ? "," : "") + R"({"Action":[)" + lists[i] +
                      (unfiltered && allows[i] ? R"(,"?"])" : "]") + rest[i];
      return R"({"Version":"1","Statement":[)" + statements + "]}";
    };
    auto fast = lint(build(false), {"security/privilege-escalation"}, Kind::Permission);
    auto plain = lint(build(true), {"security/privilege-escalation"}, Kind::Permission);
    INFO(build(false));
    REQUIRE(fast.size() == plain.size());
    for (std::size_t i = 0; i < fast.size(); ++i) {
      CHECK(fast[i].message == plain[i].message);
      CHECK(fast[i].severity == plain[i].severity);
      CHECK(fast[i].span.begin <= plain[i].span.begin);  // same item; "?" comes after the list's items
    }
    reported += fast.size();
  }
  CHECK(reported > 50);
}

TEST_CASE("security/full-admin skips literal actions and still finds every pattern grant", "[rules][security][perf]") {
  auto doc = [](const std::string& actions) {
    return R"({"Version":"1","Statement":[{"Effect":"Allow","Action":[)" + actions + R"(],"Resource":"*"}]})";
  };
  struct Case {
    std::string actions;
    std::size_t findings;
    std::string at;  // the item the finding points at
  };
  const std::vector<Case> cases = {
      {R"("ecs:RunInstances","oss:GetObject")", 0, ""},        {R"("ecs:RunInstances","ecs:*")", 1, R"("ecs:*")"},
      {R"("oss:GetObject","ram:*","ecs:*")", 1, R"("ram:*")"}, {R"("ram:CreateUser","*")", 1, R"("*")"},
      {R"("ecs:Describe*","oss:*")", 1, R"("oss:*")"},         {R"("e?s:*")", 0, ""},
  };
  for (const Case& c : cases) {
    std::string text = doc(c.actions);
    INFO(text);
    auto found = lint(text, {"security/full-admin"}, Kind::Permission);
    REQUIRE(found.size() == c.findings);
    if (!found.empty()) CHECK(text.substr(found[0].span.begin, found[0].span.end - found[0].span.begin) == c.at);
  }
}

TEST_CASE("scenario inference finds the OSS service principal in any entry of a trust policy",
          "[rules][scenario][perf]") {
  const std::string text =
      R"({"Version":"1","Statement":[{"Effect":"Deny","Action":"sts:AssumeRole","Principal":{"Service":["oss.aliyuncs.com"]}},)"
      R"({"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::1234567890123456:root"],)"
      R"("Service":["ecs.aliyuncs.com","OSS.aliyuncs.com"]}}]})";
  LintOptions o;
  o.kind = Kind::Trust;
  o.select = {"scenario/inferred"};
  auto found = Linter(o).lint("t.json", text).findings;
  REQUIRE(found.size() == 1);
  CHECK(text.substr(found[0].span.begin, found[0].span.end - found[0].span.begin) == R"("OSS.aliyuncs.com")");
}

TEST_CASE("grammar/duplicate-entry: lists of every length, searched only from two entries on",
          "[rules][grammar][perf]") {
  for (std::size_t n : {0, 1, 2, 3, 16, 17, 40}) {
    // n entries, the last repeating the first when n >= 2 (in another case
    // for actions, which compare folded).
    std::string actions, resources;
    for (std::size_t i = 0; i < n; ++i) {
      std::string a = i + 1 == n && n >= 2 ? "OSS:GETOBJECT0" : "oss:GetObject" + std::to_string(i);
      std::string r = i + 1 == n && n >= 2 ? "acs:oss:*:*:b0" : "acs:oss:*:*:b" + std::to_string(i);
      actions += (i ? ",\"" : "\"") + a + "\"";
      resources += (i ? ",\"" : "\"") + r + "\"";
    }
    std::string text = R"({"Version":"1","Statement":[{"Effect":"Allow","Action":[)" + actions + R"(],"Resource":[)" +
                       resources + "]}]}";
    INFO(text);
    auto found = lint(text, {"grammar/duplicate-entry"}, Kind::Permission);
    CHECK(found.size() == (n >= 2 ? 2u : 0u));
  }
}
