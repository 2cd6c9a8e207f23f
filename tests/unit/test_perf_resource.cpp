// The fast paths of the resource family and of model::split_arn against
// plain reference versions: the ARN split as first written, the bracket
// test, the bucket naming conventions, the "tag" test of service-mismatch and
// the OSS action levels of oss-level-mismatch, on generated inputs and on
// every OSS action of the catalog. The rules are run through the library.
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

std::vector<Finding> run(const std::string& rule, const std::string& text) {
  LintOptions o;
  o.kind = Kind::Permission;
  o.select = {rule};
  return Linter(o).lint("t.json", text).findings;
}

// A JSON string literal of an ASCII value without quotes or backslashes.
std::string statement(const std::string& actions, const std::string& resources) {
  return R"({"Version":"1","Statement":[{"Effect":"Allow","Action":)" + actions + R"(,"Resource":)" + resources + "}]}";
}

}  // namespace

TEST_CASE("perf: split_arn against the find() split", "[perf][arn]") {
  std::mt19937 rng(20261202);
  for (int n = 0; n < 20000; ++n) {
    std::string v = random_text(rng, "::ab/*", 14);
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
