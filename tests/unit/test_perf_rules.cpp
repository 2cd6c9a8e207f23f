// The rules' fast paths against plain reference versions on many generated
// documents: the bucket family's one scan of OSS ARNs and principal accounts
// (against model::parse_oss_arn and model::principal_account), the pruned
// walk of limit/field-too-long (against a walk of every node), the indexed
// statement keys of grammar/unknown-key and the in-place Replicate test.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "../../lib/src/model/arn.hpp"
#include "../../lib/src/util/text.hpp"
#include "policylint/engine.hpp"
#include "policylint/json.hpp"
#include "policylint/policy.hpp"

// lib/src/rules/scenario.hpp (its own includes need the library's source
// directory on the include path, which the tests do not have).
namespace policylint::rules {
bool is_replicate_item(std::string_view v);
}

using namespace policylint;

namespace {

template <typename T>
const T& pick(std::mt19937& rng, const std::vector<T>& from) {
  return from[rng() % from.size()];
}

std::string random_text(std::mt19937& rng, std::string_view alphabet, std::size_t max_len) {
  std::string s(rng() % (max_len + 1), ' ');
  for (char& c : s) c = alphabet[rng() % alphabet.size()];
  return s;
}

std::string json_list(const std::vector<std::string>& v) {
  std::string out = "[";
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", \"" : "\"") + v[i] + "\"";
  return out + "]";
}

// A finding reduced to what the rules decide: where, pointing where, editing what.
using Shape =
    std::tuple<std::string, std::uint32_t, std::uint32_t, std::vector<std::uint32_t>, std::vector<std::uint32_t>>;

Shape shape(const std::string& rule, Span at, std::vector<std::uint32_t> related = {},
            std::vector<std::uint32_t> edits = {}) {
  return {rule, at.begin, at.end, std::move(related), std::move(edits)};
}

std::vector<Shape> shapes(const FileReport& rep, std::string_view prefix) {
  std::vector<Shape> out;
  for (const Finding& f : rep.findings) {
    if (!std::string_view(f.rule).starts_with(prefix)) continue;
    std::vector<std::uint32_t> related, edits;
    for (const Related& r : f.related) related.push_back(r.span.begin);
    if (f.fix)
      for (const Edit& e : f.fix->edits) edits.push_back(e.span.begin);
    out.push_back(shape(f.rule.str(), f.span, related, edits));
  }
  std::sort(out.begin(), out.end());
  return out;
}

// ---- bucket rules, as first written over the model's parsers

struct RefOss {
  const Statement* statement;
  const Str* item;
  model::OssArn arn;
};

// Numeric accounts of a statement's principals (bucket.cpp principal_accounts as first written).
std::vector<Str> ref_accounts(const Statement& s, bool bare) {
  std::vector<Str> out;
  for (const auto& e : s.principal.entries)
    for (const Str& v : e.values.items) {
      auto account = model::principal_account(v.value);
      if (v.value.substr(0, 9) == "arn:sts::") {
        if (account && util::all_digits(account->text)) out.push_back({account->text, v.node});
      } else if (bare && util::all_digits(v.value)) {
        out.push_back(v);
      }
    }
  return out;
}

std::vector<Shape> ref_bucket(const Policy& p, const std::string& own) {
  std::vector<RefOss> oss;
  for (const Statement& s : p.statements)
    for (const Str& r : s.resource.items)
      if (auto arn = model::parse_oss_arn(r.value)) oss.push_back({&s, &r, *arn});
  std::vector<Shape> out;
  auto several = [&](const std::string& rule, auto key) {
    std::vector<std::pair<std::string_view, const Str*>> seen;
    for (const RefOss& r : oss) {
      std::string_view v = key(r.arn);
      if (v.empty()) continue;
      if (std::none_of(seen.begin(), seen.end(), [&](const auto& e) { return e.first == v; }))
        seen.push_back({v, r.item});
    }
    if (seen.size() < 2) return;
    std::vector<std::uint32_t> related{seen[0].second->node->span.begin};
    for (std::size_t i = 2; i < seen.size(); ++i) related.push_back(seen[i].second->node->span.begin);
    out.push_back(shape(rule, seen[1].second->node->span, related));
  };
  several("bucket/multiple-buckets", [](const model::OssArn& a) {
    return util::has_wildcard(a.bucket.text) ? std::string_view() : a.bucket.text;
  });
  several("bucket/multiple-owners",
          [](const model::OssArn& a) { return util::all_digits(a.account()) ? a.account() : std::string_view(); });
  for (const Statement& s : p.statements) {
    std::vector<const RefOss*> mine;
    for (const RefOss& r : oss)
      if (r.statement == &s) mine.push_back(&r);
    // bucket/owner-wildcard
    auto sessions = ref_accounts(s, false);
    if (s.allows() && std::any_of(sessions.begin(), sessions.end(), [&](const Str& a) { return a.value != own; })) {
      std::vector<const RefOss*> wild;
      for (const RefOss* r : mine)
        if (r->arn.account() == "*") wild.push_back(r);
      if (!wild.empty()) {
        std::vector<std::uint32_t> edits;
        for (const RefOss* r : wild)
          edits.push_back(r->item->node->span.begin + 1 + static_cast<std::uint32_t>(r->arn.arn.account.offset));
        out.push_back(shape("bucket/owner-wildcard", wild.front()->item->node->span, {}, edits));
      }
    }
    // bucket/swapped-accounts (an account is given)
    auto principals = ref_accounts(s, true);
    if (principals.empty()) continue;
    const RefOss* hit = nullptr;
    const Str* by = nullptr;
    for (const RefOss* r : mine)
      for (const Str& a : principals)
        if (hit == nullptr && r->arn.account() == a.value && a.value != own) hit = r, by = &a;
    if (hit != nullptr) {
      out.push_back(shape("bucket/swapped-accounts", hit->item->node->span, {by->node->span.begin}));
      continue;
    }
    if (std::any_of(principals.begin(), principals.end(), [&](const Str& a) { return a.value != own; })) continue;
    for (const RefOss* r : mine) {
      if (!util::all_digits(r->arn.account()) || r->arn.account() == own) continue;
      out.push_back(shape("bucket/swapped-accounts", principals.front().node->span, {r->item->node->span.begin}));
      break;
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string random_arn(std::mt19937& rng, const std::string& own) {
  static const std::vector<std::string> schemes = {"acs", "acs", "acs", "ACS", "arn", "ac", ""};
  static const std::vector<std::string> services = {"oss", "oss", "OSS", "Oss", "ram", "os", "osss", ""};
  static const std::vector<std::string> regions = {"*", "*",    "oss-cn-hangzhou",
                                                   "",  "cn:x", "a-very-long-region-name-1"};
  const std::vector<std::string> accounts = {
      own,       own,        "2222222222222222",         "3333333333333333",  "*",          "",        "12a4",
      "1234567", "12345678", "123456789012345678901234", "2222222222222222:", "22222222:2", "1234567/"};
  static const std::vector<std::string> buckets = {"b",  "bb",          "logs-*",   "a?b",
                                                   "",   "my-bucket-1", "abcdefgh", "abcdefg",
                                                   "a*", ":b",          "b:c",      "bucket-name-long-enough-x"};
  static const std::vector<std::string> keys = {"", "", "/", "/*", "/a/b", "/logs/*", "/x?y"};
  if (rng() % 8 == 0) return random_text(rng, "acsoOSr:/*?12-", 40);
  std::string s = pick(rng, schemes) + ":" + pick(rng, services) + ":" + pick(rng, regions) + ":" +
                  pick(rng, accounts) + ":" + pick(rng, buckets) + pick(rng, keys);
  if (rng() % 10 == 0) s = s.substr(0, rng() % (s.size() + 1));
  return s;
}

std::string random_principal(std::mt19937& rng, const std::string& own) {
  const std::vector<std::string> values = {own,
                                           "2222222222222222",
                                           "3333333333333333",
                                           "arn:sts::" + own + ":assumed-role/r/s",
                                           "arn:sts::2222222222222222:assumed-role/r/s",
                                           "arn:sts::3333333333333333:assumed-role/R/*",
                                           "arn:sts::22a2:assumed-role/r/s",
                                           "arn:sts::2222222222222222",
                                           "arn:sts::",
                                           "arn:sts:::x",
                                           "arn:sts::12345678:x",
                                           "acs:sts::2222222222222222:assumed-role/r/s",
                                           "acs:ram::2222222222222222:root",
                                           "2222222222222222@oss.aliyuncs.com",
                                           "*",
                                           "12345",
                                           "1234567a"};
  if (rng() % 10 == 0) return random_text(rng, "arn:sts12*", 24);
  return pick(rng, values);
}

std::vector<std::string> several(std::mt19937& rng, std::size_t max, auto make) {
  std::vector<std::string> out(rng() % (max + 1));
  for (auto& v : out) v = make();
  return out;
}

}  // namespace

TEST_CASE("perf: the bucket rules read OSS ARNs and principal accounts as the model's parsers do", "[bucket]") {
  const std::string own = "1111111111111111";
  LintOptions options;
  options.kind = Kind::Bucket;
  options.settings.account = own;
  Linter linter{options};
  std::mt19937 rng(11);
  for (int round = 0; round < 3000; ++round) {
    std::string text = "{\"Version\": \"1\", \"Statement\": [";
    std::size_t statements = 1 + rng() % 4;
    for (std::size_t i = 0; i < statements; ++i) {
      auto resources = several(rng, 5, [&] { return random_arn(rng, own); });
      auto principals = several(rng, 4, [&] { return random_principal(rng, own); });
      std::string principal = json_list(principals);
      if (rng() % 6 == 0) principal = "{\"RAM\": " + principal + "}";
      text += std::string(i ? ", " : "") + "{\"Effect\": \"" + (rng() % 5 ? "Allow" : "Deny") +
              "\", \"Action\": [\"oss:GetObject\"], \"Principal\": " + principal +
              ", \"Resource\": " + json_list(resources) + "}";
    }
    text += "]}";
    json::Document doc = json::parse(text);
    REQUIRE(doc.ok());
    Policy policy = build_policy(doc.root());
    INFO(text);
    CHECK(shapes(linter.lint("p.json", text), "bucket/") == ref_bucket(policy, own));
  }
}

namespace {

// Every string and key of the tree longer than limit bytes, as the rule
// reported them before it skipped short subtrees.
void ref_long(const json::Node* n, std::size_t limit, std::vector<Shape>& out) {
  if (n->is_string() && n->text.size() > limit) out.push_back(shape("limit/field-too-long", n->span));
  for (const json::Node* item : n->items) ref_long(item, limit, out);
  for (const json::Member& m : n->members) {
    if (m.key.size() > limit) out.push_back(shape("limit/field-too-long", m.key_span));
    ref_long(m.value, limit, out);
  }
}

// A JSON string body of about n decoded bytes, with escapes that decode to
// fewer bytes than they are written with.
std::string long_string(std::mt19937& rng, std::size_t n) {
  static const std::vector<std::string> pieces = {"a", "b", "\\n", "\\u00e9", "\\u4e2d", "\\ud83d\\ude00", "\\\"", "/"};
  std::string out;
  for (std::size_t decoded = 0; decoded < n;) {
    const std::string& p = pick(rng, pieces);
    out += p;
    decoded += p == "\\u00e9" ? 2 : p == "\\u4e2d" ? 3 : p == "\\ud83d\\ude00" ? 4 : 1;
  }
  return out;
}

}  // namespace

TEST_CASE("perf: limit/field-too-long finds the same long values when it skips short subtrees", "[limit]") {
  constexpr std::size_t kLimit = 4095;  // rules/limit/limits.tsv, bucket field
  LintOptions options;
  options.kind = Kind::Bucket;
  options.select = {"limit/field-too-long"};
  Linter linter{options};
  std::mt19937 rng(5);
  for (int round = 0; round < 200; ++round) {
    auto value = [&] {
      std::size_t n = rng() % 3 == 0 ? kLimit - 8 + rng() % 16 : rng() % 40;
      return long_string(rng, n);
    };
    std::string resources = "[";
    for (std::size_t i = 0, k = rng() % 4; i < k; ++i) resources += (i ? ", \"" : "\"") + value() + "\"";
    resources += "]";
    std::string condition = "{\"StringLike\": {\"" + value() + "\": [\"" + value() + "\", [\"" + value() + "\"]]}}";
    std::string text =
        "{\"Version\": \"1\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": [\"oss:GetObject\"], "
        "\"Principal\": [\"*\"], \"Resource\": " +
        resources + ", \"Condition\": " + condition + ", \"Sid\": \"" + value() + "\"}]}";
    json::Document doc = json::parse(text);
    REQUIRE(doc.ok());
    std::vector<Shape> want;
    ref_long(doc.root(), kLimit, want);
    std::sort(want.begin(), want.end());
    CHECK(shapes(linter.lint("p.json", text), "limit/field-too-long") == want);
  }
}

TEST_CASE("perf: grammar/unknown-key knows the statement keys and nothing else", "[grammar]") {
  const std::vector<std::string> known = {"Sid",      "Effect",      "Action",    "NotAction",
                                          "Resource", "NotResource", "Principal", "Condition"};
  std::vector<std::string> names = known;
  for (const std::string& k : known) {
    names.push_back(util::to_lower(k));
    names.push_back(k.substr(1));
    names.push_back(k + "s");
    std::string swapped = k;
    swapped.front() = 'X';
    names.push_back(swapped);
    swapped = k;
    swapped.back() = 'X';
    names.push_back(swapped);
  }
  for (std::string extra : {"", "A", "NotPrincipal", "Resources12345678", "ConditionConditionCondition"})
    names.push_back(extra);
  LintOptions options;
  options.kind = Kind::Bucket;
  options.select = {"grammar/unknown-key"};
  Linter linter{options};
  std::mt19937 rng(3);
  for (int round = 0; round < 300; ++round) {
    std::string text = "{\"Version\": \"1\", \"Statement\": [{";
    std::vector<std::string> keys;
    for (std::size_t i = 0, n = 1 + rng() % 6; i < n; ++i) {
      std::string k = pick(rng, names);
      if (std::find(keys.begin(), keys.end(), k) != keys.end()) continue;  // no duplicate keys
      keys.push_back(k);
      text += std::string(i && text.back() != '{' ? ", " : "") + "\"" + k + "\": \"x\"";
    }
    text += "}]}";
    std::size_t unknown = 0;
    for (const std::string& k : keys) unknown += std::find(known.begin(), known.end(), k) == known.end() ? 1 : 0;
    INFO(text);
    CHECK(shapes(linter.lint("p.json", text), "grammar/unknown-key").size() == unknown);
  }
}

TEST_CASE("perf: is_replicate_item agrees with a case-insensitive prefix test", "[scenario]") {
  std::mt19937 rng(9);
  const std::vector<std::string> samples = {
      "oss:ReplicatePut", "OSS:replicateget", "oss:Replicat", "oss:Replicate", "oss:Replicate*", "oss:GetObject", "",
      "oss:replicatE"};
  for (const std::string& s : samples) CHECK(rules::is_replicate_item(s) == util::istarts_with(s, "oss:Replicate"));
  for (int i = 0; i < 20000; ++i) {
    std::string s = random_text(rng, "osOS:rReEpPlLiIcCaAtT*", 16);
    if (rng() % 2) s = "oss:" + s;
    CHECK(rules::is_replicate_item(s) == util::istarts_with(s, "oss:Replicate"));
  }
}
