// The fast paths of the resource family and of model::split_arn against
// plain reference versions: the ARN split as first written, the bracket
// test, the bucket naming conventions, the "tag" test of service-mismatch and
// the OSS action levels of oss-level-mismatch, on generated inputs and on
// every OSS action of the catalog; the messages, related labels and fixes of
// service-mismatch and oss-level-mismatch (built from per-thread templates)
// against render() with quote(); Facts::expand (kept per thread) against
// Catalog::expand. The rules are run through the library.
#include <algorithm>
#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

#include "../../lib/src/model/arn.hpp"
#include "../../lib/src/model/placeholders.hpp"
#include "../../lib/src/util/text.hpp"
#include "policylint/catalog.hpp"
#include "policylint/engine.hpp"
#include "policylint/eval.hpp"
#include "policylint/i18n.hpp"

// lib/src/rules/util.hpp (its own includes need the library's source
// directory on the include path, which the tests do not have).
namespace policylint::rules {
std::string quote(std::string_view value);
}

using namespace policylint;

namespace {

// split_arn as first written: find() for each of the first four ':'.
model::Arn ref_split(std::string_view value) {
  model::Arn a;
  a.value = value;
  model::ArnField* slot[] = {&a.scheme, &a.service, &a.region, &a.account, &a.resource};
  std::size_t begin = 0;
  for (std::size_t i = 0; i < 5; ++i) {
    std::size_t colon = i < 4 ? value.find(':', begin) : std::string_view::npos;
    std::size_t end = colon == std::string_view::npos ? value.size() : colon;
    *slot[i] = model::ArnField{value.substr(begin, end - begin), begin};
    a.fields = i + 1;
    if (colon == std::string_view::npos) break;
    begin = colon + 1;
  }
  for (std::size_t i = a.fields; i < 5; ++i) *slot[i] = model::ArnField{{}, value.size()};
  return a;
}

bool same_field(const model::ArnField& x, const model::ArnField& y) {
  return x.text.data() == y.text.data() && x.text.size() == y.text.size() && x.offset == y.offset;
}

std::string random_text(std::mt19937& rng, std::string_view alphabet, std::size_t max_len) {
  std::string s(std::uniform_int_distribution<std::size_t>(0, max_len)(rng), ' ');
  for (auto& c : s) c = alphabet[std::uniform_int_distribution<std::size_t>(0, alphabet.size() - 1)(rng)];
  return s;
}

std::vector<Finding> run(const std::string& rule, const std::string& text, Lang lang = Lang::En) {
  LintOptions o;
  o.kind = Kind::Permission;
  o.select = {rule};
  o.settings.lang = lang;
  return Linter(o).lint("t.json", text).findings;
}

// The items quoted and separated as the resource messages list them.
std::string quoted_list(const std::vector<std::string>& items, Lang lang) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += lang == Lang::Zh ? "、" : ", ";
    out += rules::quote(items[i]);
  }
  return out;
}

// A JSON array of strings (tabs, quotes and backslashes escaped).
std::string json_list(const std::vector<std::string>& values) {
  std::string out = "[";
  for (const auto& v : values) {
    if (out.size() > 1) out += ",";
    out += "\"";
    for (char c : v)
      out += c == '\t' ? std::string("\\t") : c == '"' || c == '\\' ? std::string("\\") + c : std::string(1, c);
    out += "\"";
  }
  return out + "]";
}

// A JSON string literal of an ASCII value without quotes or backslashes.
std::string statement(const std::string& actions, const std::string& resources) {
  return R"({"Version":"1","Statement":[{"Effect":"Allow","Action":)" + actions + R"(,"Resource":)" + resources + "}]}";
}

}  // namespace

TEST_CASE("perf: split_arn against the find() split", "[perf][arn]") {
  // Short values of colons, and values up to 80 bytes with colons anywhere:
  // past the first 16-byte chunks, at their edges, and more than four of them.
  std::mt19937 rng(20261202);
  for (auto [alphabet, max_len] : {std::pair<std::string_view, std::size_t>{"::ab/*", 14}, {":abcdefgh/", 80}}) {
    for (int n = 0; n < 20000; ++n) {
      std::string v = random_text(rng, alphabet, max_len);
      model::Arn got = model::split_arn(v), want = ref_split(v);
      INFO(v);
      REQUIRE(got.fields == want.fields);
      REQUIRE(got.value.data() == want.value.data());
      REQUIRE(same_field(got.scheme, want.scheme));
      REQUIRE(same_field(got.service, want.service));
      REQUIRE(same_field(got.region, want.region));
      REQUIRE(same_field(got.account, want.account));
      REQUIRE(same_field(got.resource, want.resource));
    }
  }
}

TEST_CASE("perf: scan_arn against split_arn, has_brackets and find('/')", "[perf][arn]") {
  // Values of every length up to 60 bytes around the 16-byte chunks, with
  // the characters looked for anywhere.
  std::mt19937 rng(29);
  for (int n = 0; n < 30000; ++n) {
    std::string v = random_text(rng, "::ab/<>{}xyzw", 60);
    if (rng() % 4 == 0) v = random_text(rng, "abcdefgh:", 60);  // without '/' and brackets
    model::ScannedArn got = model::scan_arn(v);
    model::Arn want = ref_split(v);
    INFO(v);
    REQUIRE(got.slash == (v.find('/') != std::string::npos));
    REQUIRE(got.brackets == model::has_brackets(v));
    REQUIRE(got.arn.fields == want.fields);
    REQUIRE(got.arn.value.data() == want.value.data());
    REQUIRE(same_field(got.arn.scheme, want.scheme));
    REQUIRE(same_field(got.arn.service, want.service));
    REQUIRE(same_field(got.arn.region, want.region));
    REQUIRE(same_field(got.arn.account, want.account));
    REQUIRE(same_field(got.arn.resource, want.resource));
  }
}

TEST_CASE("perf: arn_account against parse_arn's account", "[perf][arn]") {
  std::mt19937 rng(31);
  const std::string_view heads[] = {"acs:", "arn:", "Acs:", "ac", ""};
  for (int n = 0; n < 20000; ++n) {
    std::string v = std::string(heads[rng() % 5]) + random_text(rng, "::ab1/", 40);
    auto got = model::arn_account(v);
    auto want = model::parse_arn(v);
    INFO(v);
    REQUIRE(got.has_value() == want.has_value());
    if (want) REQUIRE(same_field(*got, want->account));
  }
}

TEST_CASE("perf: resource rules skip values with brackets, wherever they stand", "[perf][resource]") {
  // account-invalid reports a non-numeric account unless the value is a
  // template: a bracket (or a byte next to one in value) at every position of
  // values that span several eight-byte words.
  const std::string base = "acs:ram:*:acct:role/abcdefghijklmnopqrstuvwxyz0123456789";
  const char probes[] = {'<', '>', '{', '}', ';', '=', '?', 'z', '|', '~', ':', '\x7f'};
  for (std::size_t at = 0; at <= base.size(); ++at) {
    for (char c : probes) {
      std::string v = base;
      // Keep the ARN's fields: replace a character of the resource part, or add one at the end.
      if (at < 15) continue;
      if (at == base.size())
        v.push_back(c);
      else
        v[at] = c;
      bool brackets = model::has_brackets(v);
      auto f = run("resource/account-invalid", statement(R"(["ram:GetRole"])", "[\"" + v + "\"]"));
      INFO(v);
      CHECK(f.size() == (brackets ? 0u : 1u));
    }
  }
}

TEST_CASE("perf: bucket-name-invalid against the naming conventions", "[perf][resource]") {
  auto valid = [](std::string_view b) {
    if (b.size() < 3 || b.size() > 63 || b.front() == '-' || b.back() == '-') return false;
    for (char c : b)
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    return true;
  };
  std::mt19937 rng(7);
  std::vector<std::string> buckets = {
      "ab", "abc", "a-b", "-ab", "ab-", "aBc", "a_b", "a.b", std::string(63, 'a'), std::string(64, 'a')};
  for (int n = 0; n < 400; ++n) buckets.push_back(random_text(rng, "abz09--_.A", 8));
  for (const auto& b : buckets) {
    if (b.empty()) continue;
    auto f = run("resource/bucket-name-invalid",
                 statement(R"(["oss:GetObject"])", "[\"acs:oss:*:1234567890123456:" + b + "/*\"]"));
    INFO(b);
    CHECK(f.size() == (valid(b) ? 0u : 1u));
  }
}

TEST_CASE("perf: service-mismatch leaves tag operations alone, in any case", "[perf][resource]") {
  std::mt19937 rng(11);
  for (int n = 0; n < 300; ++n) {
    std::string name = random_text(rng, "tTaAgGx", 6);
    if (name.empty()) continue;
    bool tagging = util::to_lower(name).find("tag") != std::string::npos;
    auto f = run("resource/service-mismatch",
                 statement("[\"ecs:" + name + "\"]", R"(["acs:kms:cn-hangzhou:1234567890123456:key/k"])"));
    INFO(name);
    CHECK(f.size() == (tagging ? 0u : 1u));
  }
}

TEST_CASE("perf: oss-level-mismatch levels of every OSS action of the catalog", "[perf][resource]") {
  // The level as first computed: Replicate* and the parts below have no clear level.
  auto ref_level = [](const catalog::Action& a) {
    if (a.level != catalog::Level::Bucket && a.level != catalog::Level::Object) return catalog::Level::None;
    for (std::string_view part : {"AccessPoint", "QoS", "ResourcePool", "Vector", "AntiDDos"})
      if (a.name.find(part) != std::string_view::npos) return catalog::Level::None;
    return a.name.starts_with("Replicate") ? catalog::Level::None : a.level;
  };
  const std::string objects = R"(["acs:oss:*:1234567890123456:b/*"])";
  const std::string bucket = R"(["acs:oss:*:1234567890123456:b"])";
  auto actions = catalog::get().service_actions("oss");
  REQUIRE(actions.size() > 50);
  for (const auto& a : actions) {
    catalog::Level want = ref_level(a);
    // Written in another case: the literal path finds the action case-insensitively.
    std::string value = "[\"OSS:" + util::to_lower(a.name) + "\"]";
    INFO(a.name);
    CHECK(run("resource/oss-level-mismatch", statement(value, objects)).size() ==
          (want == catalog::Level::Bucket ? 1u : 0u));
    CHECK(run("resource/oss-level-mismatch", statement(value, bucket)).size() ==
          (want == catalog::Level::Object ? 1u : 0u));
  }
}

TEST_CASE("perf: oss-level-mismatch finds the covering statement behind its byte filter", "[perf][resource]") {
  // The second statement covers oss:ListObjects (oss:* has no single level,
  // so it reports nothing itself); the first one's finding is "covered" when
  // the pattern matches the missing bucket ARN.
  const std::string bucket_arn = "acs:oss:*:123:b";
  std::mt19937 rng(5);
  std::vector<std::string> patterns = {
      bucket_arn, bucket_arn + "*", bucket_arn + "/*", "*", "acs:oss:*:*:*", "*b", "*/b", "acs:oss:*:123:?", "?"};
  for (int n = 0; n < 300; ++n) patterns.push_back("acs:oss:*:123:" + random_text(rng, "b/*?x", 4));
  for (int n = 0; n < 200; ++n) patterns.push_back(random_text(rng, "acs:ob/*?", 8));
  for (const auto& p : patterns) {
    std::string doc = R"({"Version":"1","Statement":[)"
                      R"({"Effect":"Allow","Action":"oss:ListObjects","Resource":")" +
                      bucket_arn +
                      R"(/*"},)"
                      R"({"Effect":"Allow","Action":"oss:*","Resource":")" +
                      p + R"("}]})";
    auto f = run("resource/oss-level-mismatch", doc);
    INFO(p);
    REQUIRE(f.size() == 1);
    bool covered = eval::wildcard_match(p, bucket_arn, false);
    CHECK(f[0].related.size() == (covered ? 2u : 1u));
  }
}

TEST_CASE("perf: Facts::expand kept per thread against Catalog::expand", "[perf][resource]") {
  // action/wildcard-matches-nothing reports a pattern of a service with a
  // complete action list that Facts::expand finds no action for: the same
  // patterns in several documents and twice in one, and patterns longer than
  // the per-thread cache keeps.
  const auto& cat = catalog::get();
  REQUIRE(cat.complete("oss"));
  std::vector<std::string> patterns = {"oss:*", "OSS:get*", "oss:Nothing*", "oss:?etObject", "oss:Get*Acl"};
  patterns.push_back("oss:Get" + std::string(200, '*'));
  patterns.push_back("oss:Xyz" + std::string(200, '*'));
  std::mt19937 rng(3);
  for (int n = 0; n < 200; ++n) patterns.push_back("oss:" + random_text(rng, "*?GetPuObjc", 8) + "*");
  std::size_t nothing_count = 0;
  for (int round = 0; round < 2; ++round) {
    for (const auto& p : patterns) {
      bool nothing = cat.expand(p).empty();
      nothing_count += nothing ? 1 : 0;
      auto f = run("action/wildcard-matches-nothing", statement(json_list({p, p}), R"("*")"));
      INFO(p);
      CHECK(f.size() == (nothing ? 2u : 0u));
    }
  }
  CHECK(nothing_count > 20);
  CHECK(nothing_count < 2 * patterns.size() - 20);
}

TEST_CASE("perf: service-mismatch messages against render()", "[perf][resource]") {
  // Statements of catalog services in any case, each named several times:
  // the message lists the distinct codes lower-cased and sorted, quoted.
  const auto& cat = catalog::get();
  std::vector<std::string> codes;
  for (std::string_view c : cat.services()) codes.emplace_back(c);
  REQUIRE(std::is_sorted(codes.begin(), codes.end()));
  std::mt19937 rng(17);
  auto pick = [&] { return codes[std::uniform_int_distribution<std::size_t>(0, codes.size() - 1)(rng)]; };
  auto mixed_case = [&](std::string s) {
    for (auto& c : s)
      if (rng() % 2 == 0) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
  };
  int reported = 0;
  for (int n = 0; n < 400; ++n) {
    std::vector<std::string> actions, arns, action_codes, arn_codes;
    for (int k = 1 + static_cast<int>(rng() % 4); k > 0; --k) {
      std::string c = pick();
      action_codes.push_back(c);
      actions.push_back(mixed_case(c) + ":DescribeX");
    }
    for (int k = 1 + static_cast<int>(rng() % 3); k > 0; --k) {
      std::string c = pick();
      arn_codes.push_back(c);
      arns.push_back("acs:" + mixed_case(c) + ":*:1234567890123456:thing/x" + std::to_string(k));
    }
    bool fits = false;
    for (const auto& x : action_codes)
      for (const auto& y : arn_codes) fits = fits || cat.applies_to_arn_service(x, y);
    auto distinct = [](std::vector<std::string> v) {
      std::sort(v.begin(), v.end());
      v.erase(std::unique(v.begin(), v.end()), v.end());
      return v;
    };
    bool deny = rng() % 2 == 0;
    std::string doc = R"({"Version":"1","Statement":[{"Effect":")" + std::string(deny ? "Deny" : "Allow") +
                      R"(","Action":)" + json_list(actions) + R"(,"Resource":)" + json_list(arns) + "}]}";
    for (Lang lang : {Lang::En, Lang::Zh}) {
      auto f = run("resource/service-mismatch", doc, lang);
      INFO(doc);
      REQUIRE(f.size() == (fits ? 0u : 1u));
      if (fits) continue;
      ++reported;
      Message m{deny ? "resource/service-mismatch.denies" : "resource/service-mismatch.grants", {}};
      m.args.emplace_back("resources", quoted_list(distinct(arn_codes), lang));
      m.args.emplace_back("actions", quoted_list(distinct(action_codes), lang));
      CHECK(f[0].message == render(m, lang));
      REQUIRE(f[0].related.size() == 1);
      CHECK(f[0].related[0].label == render(msg("resource/service-mismatch.related"), lang));
    }
  }
  CHECK(reported > 100);
}

TEST_CASE("perf: oss-level-mismatch messages and fixes against render()", "[perf][resource]") {
  // Object ARNs (bucket actions lack their buckets) and bucket ARNs (object
  // actions lack "/*"), repeated, long (quote() shortens them) or with a tab,
  // a quote or a backslash (each escaped again in the fix), in an array or
  // as a single string; a second statement covers some.
  std::mt19937 rng(23);
  const std::vector<std::string> buckets = {"b1",   "b2",   std::string(90, 'c'),
                                            "d\te", "q\"r", "s\\t-longer-than-a-word"};
  for (int n = 0; n < 300; ++n) {
    bool objects = rng() % 2 == 0;  // the statement names objects: the bucket action is the finding
    std::vector<std::string> arns, missing;
    for (int k = 1 + static_cast<int>(rng() % 4); k > 0; --k) {
      std::string bucket = "acs:oss:*:1234567890123456:" + buckets[rng() % buckets.size()];
      arns.push_back(objects ? bucket + "/k" + std::to_string(rng() % 2) + "/*" : bucket);
      std::string m = objects ? bucket : bucket + "/*";
      if (std::find(missing.begin(), missing.end(), m) == missing.end()) missing.push_back(m);
    }
    std::string action = objects ? "oss:ListObjects" : "oss:GetObject";
    bool single = arns.size() == 1 && rng() % 2 == 0;
    std::string resource = single ? json_list(arns).substr(1, json_list(arns).size() - 2) : json_list(arns);
    bool covered = rng() % 3 == 0;
    std::string doc =
        R"({"Version":"1","Statement":[{"Effect":"Allow","Action":")" + action + R"(","Resource":)" + resource + "}";
    if (covered) doc += R"(,{"Effect":"Allow","Action":"oss:*","Resource":"*"})";
    doc += "]}";
    for (Lang lang : {Lang::En, Lang::Zh}) {
      auto f = run("resource/oss-level-mismatch", doc, lang);
      INFO(doc);
      REQUIRE(f.size() == 1);
      std::string id =
          std::string("resource/oss-level-mismatch.") + (objects ? "bucket" : "object") + (covered ? "-covered" : "");
      Message m{id, {}};
      m.args.emplace_back("action", rules::quote(action));
      m.args.emplace_back("arns", quoted_list(missing, lang));
      CHECK(f[0].message == render(m, lang));
      REQUIRE(f[0].related.size() == (covered ? 2u : 1u));
      CHECK(f[0].related[0].label == render(msg("resource/oss-level-mismatch.related-resources"), lang));
      if (covered) CHECK(f[0].related[1].label == render(msg("resource/oss-level-mismatch.related-covering"), lang));
      REQUIRE(f[0].fix.has_value());
      CHECK(f[0].fix->title ==
            render(msg("resource/oss-level-mismatch.fix", {{"arns", quoted_list(missing, lang)}}), lang));
      // The new entries as JSON strings: the tab of "d\te", the quote and the
      // backslash escaped again.
      std::string extra;
      for (const auto& a : missing) {
        std::string escaped;
        for (char c : a)
          escaped += c == '\t'               ? std::string("\\u0009")
                     : c == '"' || c == '\\' ? std::string("\\") + c
                                             : std::string(1, c);
        extra += ", \"" + escaped + "\"";
      }
      REQUIRE(f[0].fix->edits.size() == 1);
      const std::string& r = f[0].fix->edits[0].replacement;
      if (single) {
        // The string made into an array: its source text (a tab escaped) and the new entries.
        CHECK(r.front() == '[');
        CHECK(r.ends_with(extra + "]"));
      } else {
        CHECK(r == extra);
      }
      // The fixed document is valid JSON.
      auto fixed = apply_fixes(doc, f, true);
      CHECK(fixed.second == 1);
      CHECK(json::parse(fixed.first).ok());
    }
  }
}
