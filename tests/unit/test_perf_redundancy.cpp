// The redundancy rules rule out most pairs of statements by a per-statement
// signature (effect, condition entries, Action services) and literal
// stretches of their Resource before the exact cover test, and look for an
// Allow's overriding Deny among the unconditional Denies only. These tests
// hold their findings, on many generated documents (short ones compared
// pairwise, long ones through the index), to the plain definition: every
// pair compared with the evaluator's set relations.
#include <algorithm>
#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "policylint/engine.hpp"
#include "policylint/eval.hpp"
#include "policylint/json.hpp"

using namespace policylint;

namespace {

template <typename T>
const T& pick(const std::vector<T>& v, std::mt19937& rng) {
  return v[rng() % v.size()];
}

std::string quoted_list(const std::vector<std::string>& pool, std::mt19937& rng) {
  std::size_t n = 1 + rng() % 3;
  if (n == 1 && rng() % 2 == 0) return "\"" + pick(pool, rng) + "\"";
  std::string s = "[";
  for (std::size_t i = 0; i < n; ++i) s += (i ? ", \"" : "\"") + pick(pool, rng) + "\"";
  return s + "]";
}

const std::vector<std::string> kActions = {"oss:GetObject", "oss:Get*",
                                           "OSS:getobject", "oss:PutObject",
                                           "oss:*",         "*",
                                           "ecs:Describe*", "Ecs:DescribeInstances",
                                           "o?s:GetObject", "oss*",
                                           "ram:*",         "oss:List?arts",
                                           "oss:ListParts", "oss:GetObjectAcl",
                                           "*:GetObject",   "oss:Get?bject",
                                           "ecs:*"};
const std::vector<std::string> kResources = {"*",
                                             "acs:oss:*:123:b1/*",
                                             "acs:oss:*:123:b1/logs/*",
                                             "acs:oss:*:123:b2/*",
                                             "acs:oss:*:123:b1",
                                             "acs:oss:*:*:*",
                                             "acs:oss:*:123:b?/*",
                                             "acs:oss:*:123:b1/logs/a.txt",
                                             "acs:ecs:*:123:instance/*",
                                             "acs:*:*:123:b1/*",
                                             "acs:o?s:*:123:b1/*",
                                             "ACS:oss:*:123:b1/*",
                                             "acs:oss*",
                                             "b1"};
// Condition entries: operator, key, value (a JSON value).
struct Entry {
  std::string op, key, value;
};
const std::vector<Entry> kEntries = {
    {"StringEquals", "acs:SourceVpc", "\"vpc-1\""},
    {"StringEquals", "acs:SourceVpc", "\"vpc-2\""},
    {"StringEquals", "oss:Prefix", "[\"a\", \"b\"]"},
    {"StringEquals", "oss:Prefix", "[\"b\", \"a\"]"},
    {"Bool", "acs:SecureTransport", "\"true\""},
    {"Bool", "acs:SecureTransport", "true"},
    {"IpAddress", "acs:SourceIp", "[\"10.0.0.0/8\", \"192.168.0.0/16\"]"},
    {"IpAddress", "acs:SourceIp", "\"10.0.0.0/8\""},
    {"StringLike", "oss:Prefix", "\"data/*\""},
};
const std::vector<std::string> kPrincipals = {"[\"123\"]", "[\"*\"]", "\"123\"", "{\"RAM\": [\"acs:ram::123:root\"]}",
                                              "[]"};
// Principals as trust policies write them, several per statement and under
// several keys, alike but for a few characters (the signature hashes a few
// words of each string): for the documents where the Principal decides.
const std::vector<std::string> kTrustPrincipals = {
    "{\"RAM\": [\"acs:ram::1234567890123456:root\"]}",
    "{\"RAM\": [\"acs:ram::1234567890123457:root\"]}",
    "{\"RAM\": [\"acs:ram::1234567890123456:root\", \"acs:ram::1234567890123457:root\"]}",
    "{\"RAM\": [\"acs:ram::1234567890123456:role/etl-operator\"]}",
    "{\"RAM\": [\"acs:ram::1234567890123456:role/*\"]}",
    "{\"RAM\": \"acs:ram::1234567890123456:*\"}",
    "{\"Service\": [\"oss.aliyuncs.com\"]}",
    "{\"Service\": [\"dts.aliyuncs.com\"]}",
    "{\"Service\": [\"oss.aliyuncs.com\", \"dts.aliyuncs.com\"]}",
    "{\"Service\": \"*.aliyuncs.com\"}",
    "{\"RAM\": [\"oss.aliyuncs.com\"]}",
    "{\"Service\": [\"oss.aliyuncs.com\"], \"RAM\": [\"acs:ram::1234567890123456:root\"]}",
    "{\"Federated\": [\"acs:ram::1234567890123456:saml-provider/idp\"]}",
    "{\"RAM\": []}",
    "{}",
    "[\"1234567890123456\", \"1234567890123457\"]",
    "[\"1234567890123456\"]",
    "[\"1234567890123457\"]",
    "[\"12345678?0123456\"]",
    "[\"abc\"]",
    "[\"abd\"]",
    "[\"abc\", 7]",
    "[]",
};

std::string condition(std::mt19937& rng) {
  std::size_t r = rng() % 10;
  if (r < 4) return "";
  if (r == 4) return ", \"Condition\": \"x\"";  // malformed
  // Entries grouped by operator, each key once per operator.
  std::vector<Entry> chosen;
  for (std::size_t n = 1 + rng() % 3; n > 0; --n) {
    const Entry& e = pick(kEntries, rng);
    if (std::none_of(chosen.begin(), chosen.end(), [&](const Entry& c) { return c.op == e.op && c.key == e.key; }))
      chosen.push_back(e);
  }
  std::stable_sort(chosen.begin(), chosen.end(), [](const Entry& a, const Entry& b) { return a.op < b.op; });
  std::string s = ", \"Condition\": {";
  for (std::size_t i = 0; i < chosen.size(); ++i) {
    bool new_op = i == 0 || chosen[i].op != chosen[i - 1].op;
    if (new_op)
      s += (i ? "}, \"" : "\"") + chosen[i].op + "\": {";
    else
      s += ", ";
    s += "\"" + chosen[i].key + "\": " + chosen[i].value;
  }
  return s + "}}";
}

const std::vector<std::string> kTrustActions = {"sts:AssumeRole", "STS:assumerole", "sts:*", "sts:Assume?ole", "*"};

// What a document's statements are made of. principals: in how many
// statements of four a Principal appears.
struct Pools {
  const std::vector<std::string>* actions = &kActions;
  const std::vector<std::string>* resources_pool = &kResources;
  std::vector<std::string> principals_pool = kPrincipals;
  unsigned principals = 1;
  std::size_t resources = 10;  // in how many statements of 10 Resource or NotResource appears
};

std::string statement(std::mt19937& rng, const Pools& pools) {
  if (rng() % 40 == 0) return "\"not an object\"";
  std::string s = "{\"Effect\": \"";
  std::size_t e = rng() % 10;
  s += e < 6 ? "Allow" : e < 9 ? "Deny" : "Maybe";
  s += "\"";
  std::size_t a = rng() % 10;
  if (a < 7)
    s += ", \"Action\": " + quoted_list(*pools.actions, rng);
  else if (a < 9)
    s += ", \"NotAction\": " + quoted_list(*pools.actions, rng);
  std::size_t r = rng() % 10;
  if (r >= pools.resources)
    ;
  else if (r < 7)
    s += ", \"Resource\": " + quoted_list(*pools.resources_pool, rng);
  else if (r < 9)
    s += ", \"NotResource\": " + quoted_list(*pools.resources_pool, rng);
  if (rng() % 4 < pools.principals) s += ", \"Principal\": " + pick(pools.principals_pool, rng);
  return s + condition(rng) + "}";
}

// OSS resources on many buckets, wildcards before and after the bucket name:
// their prefixes ("acs:oss:") tell none apart, their literal runs most (the
// index's candidates by run, not by prefix).
std::vector<std::string> bucket_resources() {
  std::vector<std::string> out = {
      "*", "acs:oss:*:*:*", "acs:oss*", "acs:oss:*:123:*", "acs:oss:*:123:*/logs/*", "acs:*:*:123:bk1/*"};
  for (int b = 0; b < 12; ++b) {
    std::string bk = "bk" + std::to_string(b);
    for (const std::string& r :
         {"acs:oss:*:123:" + bk + "/*", "acs:oss:*:123:" + bk, "acs:oss:*:*:" + bk + "/*",
          "acs:oss:*:123:" + bk + "/logs/*", "acs:oss:*:123:" + bk + "/logs/a.txt", "acs:oss:*:123:" + bk + "?/*",
          "acs:oss:*:123:" + bk + "*", "acs:oss:*:124:" + bk + "/*"})
      out.push_back(r);
  }
  return out;
}

std::string document(std::size_t statements, std::mt19937& rng, unsigned principals, bool trust, bool buckets = false) {
  static const std::vector<std::string> kBucketResources = bucket_resources();
  Pools pools;
  if (buckets) pools.resources_pool = &kBucketResources;
  if (trust) {
    // Trust policies: sts actions, mostly no Resource, a Principal in most
    // statements, a few of kTrustPrincipals for the document, so that its
    // statements share some.
    pools.actions = &kTrustActions;
    pools.resources = 3;
    pools.principals_pool.clear();
    for (int i = 0; i < 4; ++i) pools.principals_pool.push_back(pick(kTrustPrincipals, rng));
  }
  pools.principals = principals;
  std::string s = "{\"Version\": \"1\", \"Statement\": [";
  for (std::size_t i = 0; i < statements; ++i) s += (i ? ",\n" : "\n") + statement(rng, pools);
  return s + "]}";
}

// ---- the plain definition

bool usable(const Statement& s) { return s.node->is_object() && (s.allows() || s.denies()); }

bool malformed_condition(const Statement& s) { return s.condition != nullptr && !s.condition->value->is_object(); }

// Each condition entry of outer is an entry of inner (operator, key, values).
bool conditions_within(const Statement& outer, const Statement& inner) {
  if (malformed_condition(outer) || malformed_condition(inner)) return false;
  for (const ConditionEntry& o : outer.conditions) {
    if (o.key == nullptr) return false;
    bool found = false;
    for (const ConditionEntry& i : inner.conditions) {
      if (i.op_name != o.op_name || i.key_name != o.key_name || i.values.size() != o.values.size()) continue;
      bool same = true;
      for (std::size_t k = 0; k < i.values.size(); ++k) same = same && i.values[k].value == o.values[k].value;
      found = found || same;
    }
    if (!found) return false;
  }
  return true;
}

bool covers(const Statement& outer, const Statement& inner) {
  return conditions_within(outer, inner) && eval::actions_subset(inner, outer) &&
         eval::resources_subset(inner, outer) && eval::principals_subset(inner, outer);
}

using Found = std::tuple<std::string, std::size_t, std::size_t>;  // rule, statement begin, related begin

std::vector<Found> expected(const Policy& p) {
  std::vector<Found> out;
  const auto& st = p.statements;
  std::vector<const Statement*> deny(st.size(), nullptr);
  for (std::size_t i = 0; i < st.size(); ++i) {
    if (!st[i].allows()) continue;
    deny[i] = eval::overriding_deny(p, st[i]);
    if (deny[i] != nullptr)
      out.emplace_back("redundancy/allow-overridden", st[i].node->span.begin, deny[i]->node->span.begin);
  }
  for (std::size_t i = 0; i < st.size(); ++i) {
    const Statement& a = st[i];
    if (!usable(a) || deny[i] != nullptr) continue;
    for (std::size_t j = 0; j < st.size(); ++j) {
      const Statement& b = st[j];
      if (i == j || !usable(b) || a.effect != b.effect || !covers(b, a)) continue;
      if (j > i && covers(a, b)) continue;  // equivalent: the later one is reported
      out.emplace_back("redundancy/statement-covered", a.node->span.begin, b.node->span.begin);
      break;
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<Found> found(const FileReport& r) {
  std::vector<Found> out;
  for (const Finding& f : r.findings) {
    if (!f.rule.starts_with("redundancy/")) continue;
    REQUIRE(f.related.size() == 1);
    out.emplace_back(f.rule, f.span.begin, f.related[0].span.begin);
  }
  std::sort(out.begin(), out.end());
  return out;
}

void compare(std::size_t documents, std::size_t min_statements, std::size_t spread, unsigned seed,
             unsigned principals = 1, bool trust = false, bool buckets = false) {
  LintOptions options;
  options.select = {"redundancy/allow-overridden", "redundancy/statement-covered"};
  Linter linter{options};
  std::mt19937 rng(seed);
  std::size_t findings = 0;
  for (std::size_t d = 0; d < documents; ++d) {
    std::string text = document(min_statements + rng() % spread, rng, principals, trust, buckets);
    json::Document doc = json::parse(text);
    Policy policy = build_policy(doc.root());
    std::vector<Found> want = expected(policy);
    findings += want.size();
    INFO(text);
    REQUIRE(found(linter.lint("p.json", text)) == want);
  }
  CHECK(findings > documents / 4);  // the documents do exercise the rules
}

}  // namespace

TEST_CASE("perf redundancy: short documents get the pairwise findings", "[rules][redundancy][perf]") {
  compare(1500, 1, 12, 1);
}

TEST_CASE("perf redundancy: documents of 13 to 128 statements get the pairwise findings", "[rules][redundancy][perf]") {
  // Both sides of the 16 statements up to which each candidate is tested in
  // turn, and the table of signature bits from 17 to 128.
  compare(400, 13, 116, 5);
}

TEST_CASE("perf redundancy: long documents (through the index) get the pairwise findings",
          "[rules][redundancy][perf]") {
  compare(12, 129, 60, 2);
}

TEST_CASE("perf redundancy: documents where the Principal decides get the pairwise findings",
          "[rules][redundancy][perf]") {
  compare(1500, 1, 12, 3, 3, true);
  compare(8, 129, 60, 4, 3, true);
}

TEST_CASE("perf redundancy: long documents on many buckets get the pairwise findings", "[rules][redundancy][perf]") {
  compare(20, 129, 300, 5, 1, false, true);
}
