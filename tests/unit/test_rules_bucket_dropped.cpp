// bucket/statement-dropped: every action x resource x principal of an old
// statement must be granted by one new statement. The probes are grouped by
// the statements that cover them instead of tested triple by triple against
// every statement (an old statement of 300 of each is 27 million triples).
#include <catch2/catch.hpp>
#include <fstream>
#include <string>

#include "cli_util.hpp"
#include "policylint/engine.hpp"
#include "policylint/previous.hpp"

using namespace policylint;

namespace {

std::size_t dropped(const std::string& old_text, const std::string& new_text) {
  testutil::TempDir dir("bucket-dropped");
  std::string old_file = (dir.root / "old.json").string();
  std::ofstream(old_file) << old_text;
  std::string error;
  std::optional<Previous> previous = load_previous_file(old_file, error);
  REQUIRE(previous);
  LintOptions o;
  o.select = {"bucket/statement-dropped"};
  Neighbours nb;
  nb.previous = &*previous;
  return Linter(o).lint("new.json", new_text, nb).findings.size();
}

std::string policy(const std::string& statements) { return R"({"Version":"1","Statement":[)" + statements + "]}"; }

std::string statement(const std::string& actions, const std::string& resources, const std::string& principals,
                      const std::string& extra = "") {
  return R"({"Effect":"Allow","Action":)" + actions + R"(,"Resource":)" + resources + R"(,"Principal":)" + principals +
         extra + "}";
}

std::string list(const std::string& prefix, int n) {
  std::string s = "[";
  for (int i = 0; i < n; ++i) s += (i ? ",\"" : "\"") + prefix + std::to_string(i) + "\"";
  return s + "]";
}

const std::string kGetPut = R"(["oss:GetObject","oss:PutObject"])";
const std::string kObjects = R"(["acs:oss:*:1234567890123456:b/*","acs:oss:*:1234567890123456:c/*"])";

}  // namespace

TEST_CASE("bucket/statement-dropped: probes granted across statements", "[rules][bucket]") {
  const std::string old_policy = policy(statement(kGetPut, kObjects, R"(["1234567890123456","2234567890123456"])"));
  SECTION("split by principal: every triple still granted") {
    CHECK(dropped(old_policy, policy(statement(kGetPut, kObjects, R"(["1234567890123456"])") + "," +
                                     statement(kGetPut, kObjects, R"(["2234567890123456"])"))) == 0);
  }
  SECTION("one action lost for one principal") {
    CHECK(dropped(old_policy, policy(statement(kGetPut, kObjects, R"(["1234567890123456"])") + "," +
                                     statement(R"(["oss:GetObject"])", kObjects, R"(["2234567890123456"])"))) == 1);
  }
  SECTION("a new condition narrows the statement") {
    CHECK(dropped(old_policy, policy(statement(kGetPut, kObjects, R"(["1234567890123456"])") + "," +
                                     statement(kGetPut, kObjects, R"(["2234567890123456"])",
                                               R"(,"Condition":{"Bool":{"acs:SecureTransport":"true"}})"))) == 1);
  }
  SECTION("an object action on a bucket ARN is no access to lose") {
    const std::string both = R"(["oss:GetObject","oss:GetBucketInfo"])";
    const std::string arns = R"(["acs:oss:*:1234567890123456:b","acs:oss:*:1234567890123456:b/*"])";
    CHECK(dropped(policy(statement(both, arns, R"(["1234567890123456"])")),
                  policy(statement(R"(["oss:GetObject"])", R"(["acs:oss:*:1234567890123456:b/*"])",
                                   R"(["1234567890123456"])") +
                         "," +
                         statement(R"(["oss:GetBucketInfo"])", R"(["acs:oss:*:1234567890123456:b"])",
                                   R"(["1234567890123456"])"))) == 0);
  }
  SECTION("300 actions, resources and principals, split in two") {
    const std::string actions = list("oss:Action", 300), resources = list("acs:oss:*:1234567890123456:b/k", 300);
    std::string first = "[", second = "[";
    for (int i = 0; i < 300; ++i)
      (i % 2 ? second : first) += (i > 1 ? ",\"" : "\"") + std::to_string(1000000000000000 + i) + "\"";
    first += "]", second += "]";
    std::string principals = "[";
    for (int i = 0; i < 300; ++i) principals += (i ? ",\"" : "\"") + std::to_string(1000000000000000 + i) + "\"";
    principals += "]";
    CHECK(dropped(policy(statement(actions, resources, principals)),
                  policy(statement(actions, resources, first) + "," + statement(actions, resources, second))) == 0);
    CHECK(dropped(policy(statement(actions, resources, principals)), policy(statement(actions, resources, first))) ==
          1);
  }
}

// The new policy is indexed once and an old statement compared only with the
// new statements a lookup of its literal principals, resources and actions
// returns, with every statement whose element is a wildcard, absent or
// negated: each kind of candidate must still be found.
TEST_CASE("bucket/statement-dropped: the candidates of an old statement", "[rules][bucket]") {
  const std::string uid = R"(["1234567890123456"])";
  const std::string old_policy = policy(statement(R"(["oss:GetObject"])", kObjects, uid));
  SECTION("a wildcard principal covers the literal one") {
    CHECK(dropped(old_policy, policy(statement(R"(["oss:GetObject"])", kObjects, R"(["*"])"))) == 0);
    CHECK(dropped(old_policy, policy(statement(R"(["oss:GetObject"])", kObjects, R"(["12345678901*"])"))) == 0);
  }
  SECTION("actions are found case-folded, principals are not") {
    CHECK(dropped(old_policy, policy(statement(R"(["OSS:getobject"])", kObjects, uid))) == 0);
    const std::string role = R"(["acs:ram::1234567890123456:role/r"])";
    const std::string old_role = policy(statement(R"(["oss:GetObject"])", kObjects, role));
    CHECK(dropped(old_role, policy(statement(R"(["oss:GetObject"])", kObjects, role))) == 0);
    CHECK(dropped(old_role,
                  policy(statement(R"(["oss:GetObject"])", kObjects, R"(["acs:ram::1234567890123456:role/R"])"))) == 1);
  }
  SECTION("a literal resource (no wildcard) is found by its value") {
    const std::string key = R"(["acs:oss:cn-hangzhou:1234567890123456:b/k"])";
    const std::string other = R"(["acs:oss:cn-hangzhou:1234567890123456:b/j"])";
    const std::string old_key = policy(statement(R"(["oss:GetObject"])", key, uid));
    CHECK(dropped(old_key, policy(statement(R"(["oss:GetObject"])", other, uid) + "," +
                                  statement(R"(["oss:GetObject"])", key, uid))) == 0);
    CHECK(dropped(old_key, policy(statement(R"(["oss:GetObject"])", other, uid))) == 1);
    CHECK(dropped(old_key, policy(statement(R"(["oss:GetObject"])", R"(["acs:oss:cn-hangzhou:*:b/*"])", uid))) == 0);
  }
  SECTION("a candidate found by one element is still tested on the others") {
    // The principal's lookup returns one statement (the shortest answer); its
    // action does not cover old's, and the statements granting old's action
    // name another account.
    const std::string other = R"(["2234567890123456"])";
    std::string wrong = statement(R"(["oss:PutObject"])", kObjects, uid);
    for (int i = 0; i < 3; ++i) wrong += "," + statement(R"(["oss:GetObject"])", kObjects, other);
    CHECK(dropped(old_policy, policy(wrong)) == 1);
    CHECK(dropped(old_policy, policy(wrong + "," + statement(R"(["oss:GetObject"])", kObjects, uid))) == 0);
  }
  SECTION("a candidate of the other effect or with a condition of its own does not count") {
    const std::string deny =
        R"({"Effect":"Deny","Action":["oss:GetObject"],"Resource":)" + kObjects + R"(,"Principal":)" + uid + "}";
    const std::string narrower =
        statement(R"(["oss:GetObject"])", kObjects, uid, R"(,"Condition":{"Bool":{"acs:SecureTransport":"true"}})");
    CHECK(dropped(old_policy, policy(deny + "," + narrower)) == 1);
    CHECK(dropped(old_policy, policy(deny + "," + narrower + "," + statement(R"(["oss:GetObject"])", kObjects, uid))) ==
          0);
  }
  SECTION("principals: an empty list is everyone, an object's values count; a statement that is no object is skipped") {
    CHECK(dropped(old_policy, policy(statement(R"(["oss:GetObject"])", kObjects, "[]"))) == 0);
    CHECK(dropped(old_policy, policy(statement(R"(["oss:GetObject"])", kObjects, R"({"RAM":["1234567890123456"]})"))) ==
          0);
    const std::string put = statement(R"(["oss:PutObject"])", kObjects, uid);
    CHECK(dropped(old_policy, policy(R"("not a statement",)" + put)) == 1);
    CHECK(dropped(old_policy,
                  policy(R"("not a statement",)" + put + "," + statement(R"(["oss:GetObject"])", kObjects, uid))) == 0);
  }
  SECTION("an old statement with no literal element looks at every new statement") {
    // NotAction, NotResource and no Principal: no lookup narrows the new
    // statements (the new policy names a principal, so it is a bucket policy).
    const std::string old_open =
        policy(R"({"Effect":"Allow","NotAction":["oss:DeleteObject"],"NotResource":["acs:oss:*:*:cbucket/*"]})");
    auto open_new = [](const std::string& bucket) {
      return policy(R"({"Effect":"Allow","NotAction":["oss:DeleteObject"],"NotResource":["acs:oss:*:*:)" + bucket +
                    R"(/*"],"Principal":["*"]})");
    };
    CHECK(dropped(old_open, open_new("cbucket")) == 0);
    CHECK(dropped(old_open, open_new("dbucket")) == 1);
  }
  SECTION("a NotAction or a missing Resource covers what it does not exclude") {
    CHECK(dropped(old_policy, policy(R"({"Effect":"Allow","NotAction":["oss:DeleteObject"],"Resource":)" + kObjects +
                                     R"(,"Principal":)" + uid + "}")) == 0);
    CHECK(dropped(old_policy, policy(R"({"Effect":"Allow","NotAction":["oss:GetObject"],"Resource":)" + kObjects +
                                     R"(,"Principal":)" + uid + "}")) == 1);
    CHECK(dropped(old_policy, policy(R"({"Effect":"Allow","Action":["oss:GetObject"],"Principal":)" + uid + "}")) == 0);
  }
  SECTION("an old wildcard value is covered only by a new wildcard") {
    const std::string old_wild = policy(statement(R"(["oss:Get*"])", kObjects, uid));
    CHECK(dropped(old_wild, policy(statement(R"(["oss:GetObject","oss:GetObjectAcl"])", kObjects, uid))) == 1);
    CHECK(dropped(old_wild, policy(statement(R"(["oss:*"])", kObjects, uid))) == 0);
  }
  SECTION("each old statement among many finds its own new one") {
    // 1 000 old statements, one account each; the new policy moves every
    // grant to the next account: only the first old statement is lost.
    std::string old_st, new_st;
    for (int i = 0; i < 1000; ++i) {
      auto one = [&](int k) {
        return statement("\"oss:Get" + std::to_string(k) + "\"",
                         "\"acs:oss:*:1234567890123456:bucket-a/" + std::to_string(k) + "/*\"",
                         "[\"" + std::to_string(1000000000000000 + k) + "\"]");
      };
      old_st += (i ? "," : "") + one(i);
      new_st += (i ? "," : "") + one(i + 1);
    }
    CHECK(dropped(policy(old_st), policy(new_st)) == 1);
  }
  SECTION("statements with wildcard items are found by their literal runs") {
    // 40 new statements, each granting a principal pattern on a resource
    // pattern of its own (enough to index them by their runs): each old
    // statement is covered by the one new statement for its number, or by a
    // wider one among them, and by no other.
    auto grant = [&](const std::string& resource, const std::string& principal) {
      return statement("\"oss:GetObject\"", "\"" + resource + "\"", "[\"" + principal + "\"]");
    };
    auto wild_grant = [&](int k) {
      return grant("acs:oss:*:1234567890123456:bucket-a/" + std::to_string(k) + "/*",
                   std::to_string(1000000000000000 + k) + "*");
    };
    std::string many;
    for (int k = 0; k < 40; ++k) many += (k ? "," : "") + wild_grant(k);
    auto old_one = [&](int k, const std::string& key) {
      return policy(grant("acs:oss:*:1234567890123456:bucket-a/" + std::to_string(k) + "/" + key,
                          std::to_string(1000000000000000 + k) + "7"));
    };
    CHECK(dropped(old_one(17, "x.txt"), policy(many)) == 0);
    CHECK(dropped(old_one(17, "*"), policy(many)) == 0);
    CHECK(dropped(old_one(40, "x.txt"), policy(many)) == 1);
    // A wider item whose runs lie inside the old value's: found too.
    CHECK(dropped(old_one(40, "x.txt"), policy(many + "," + grant("*-a/4?/x.txt", "1*0040*"))) == 0);
    CHECK(dropped(old_one(40, "x.txt"), policy(many + "," + grant("*-a/4?/y.txt", "1*0040*"))) == 1);
    // An item without literal characters covers every value.
    CHECK(dropped(old_one(40, "x.txt"), policy(many + "," + grant("*", "1*"))) == 0);
    // Shifted by one: only the first old statement is lost.
    std::string old_many, shifted;
    for (int k = 0; k < 40; ++k) {
      old_many += (k ? "," : "") + wild_grant(k);
      shifted += (k ? "," : "") + wild_grant(k + 1);
    }
    CHECK(dropped(policy(old_many), policy(shifted)) == 1);
  }
}

TEST_CASE("bucket/statement-dropped: elements of many wildcard items", "[rules][bucket]") {
  // Past a few wildcard items, a new element's items are found by their
  // longest run of literal characters: each case below must be decided as
  // testing every item decides it.
  auto wild = [](const std::string& head, int n, const std::string& tail) {
    std::string s;
    for (int i = 0; i < n; ++i) s += (i ? ",\"" : "\"") + head + std::to_string(i) + tail + "\"";
    return s;
  };
  const std::string principal = R"(["1234567890123456"])";
  const std::string old_resources = "[" + wild("acs:oss:*:*:bucket-", 40, "/*") + "]";
  const std::string old_policy = policy(statement(kGetPut, old_resources, principal));
  SECTION("the same items, in another order") {
    std::string reversed = "[";
    for (int i = 39; i >= 0; --i)
      reversed += (i < 39 ? ",\"" : "\"") + std::string("acs:oss:*:*:bucket-") + std::to_string(i) + "/*\"";
    reversed += "]";
    CHECK(dropped(old_policy, policy(statement(kGetPut, reversed, principal))) == 0);
  }
  SECTION("wider items: a '?' or a '*' in place of literal characters") {
    CHECK(dropped(old_policy,
                  policy(statement(kGetPut, "[" + wild("acs:oss:*:*:bucket-", 40, "?*") + "]", principal))) == 0);
    CHECK(dropped(old_policy, policy(statement(kGetPut, "[" + wild("acs:oss:*:*:*-", 40, "/*") + "]", principal))) ==
          0);
    // Each item's literal run lies inside a longer run of the old item.
    CHECK(dropped(old_policy, policy(statement(kGetPut, "[" + wild("*cket-", 40, "/*") + "]", principal))) == 0);
    CHECK(dropped(
              old_policy,
              policy(statement(kGetPut, "[" + wild("acs:oss:*:*:bucket-", 39, "/*") + R"(,"acs:oss:*:*:bucket-3?/*"])",
                               principal))) == 0);
  }
  SECTION("long runs of literal characters (an account ID in each ARN)") {
    const std::string uid_items = "[" + wild("acs:oss:*:1234567890123456:bucket-", 40, "/*") + "]";
    const std::string uid_policy = policy(statement(kGetPut, uid_items, principal));
    CHECK(dropped(uid_policy, policy(statement(kGetPut, uid_items, principal))) == 0);
    CHECK(dropped(uid_policy, policy(statement(kGetPut, "[" + wild("acs:oss:*:1234567890123456:*-", 40, "/*") + "]",
                                               principal))) == 0);
    CHECK(
        dropped(uid_policy, policy(statement(kGetPut, "[" + wild("acs:oss:*:2234567890123456:bucket-", 40, "/*") + "]",
                                             principal))) == 1);
  }
  SECTION("one item covering all, among many that cover none") {
    CHECK(dropped(old_policy,
                  policy(statement(kGetPut, "[" + wild("acs:oss:*:*:other-", 40, "/*") + R"(,"acs:oss:*:*:*"])",
                                   principal))) == 0);
    CHECK(dropped(old_policy,
                  policy(statement(kGetPut, "[" + wild("acs:oss:*:*:other-", 40, "/*") + R"(,"*"])", principal))) == 0);
  }
  SECTION("narrower items: each old one is lost") {
    CHECK(dropped(old_policy,
                  policy(statement(kGetPut, "[" + wild("acs:oss:*:*:bucket-", 40, "/a*") + "]", principal))) == 1);
    // bucket-1 is lost when its item is gone, whatever else matches "bucket-1".
    std::string without_one = "[" + wild("acs:oss:*:*:bucket-1", 10, "/*") + "," +
                              wild("acs:oss:*:*:bucket-", 1, "/*") + "," + wild("acs:oss:*:*:bucket-2", 10, "/*") + "]";
    CHECK(dropped(old_policy, policy(statement(kGetPut, without_one, principal))) == 1);
  }
  SECTION("NotResource of many items: a new statement excludes no more") {
    auto not_resource = [&](const std::string& items) {
      return policy(R"({"Effect":"Allow","Action":["oss:GetObject"],"NotResource":)" + items + R"(,"Principal":)" +
                    principal + "}");
    };
    const std::string old_not = not_resource(old_resources);
    CHECK(dropped(old_not, not_resource(old_resources)) == 0);
    // One item fewer excludes less: nothing lost.
    CHECK(dropped(old_not, not_resource("[" + wild("acs:oss:*:*:bucket-", 39, "/*") + "]")) == 0);
    // One item more, or one item wider, excludes what the old one granted.
    CHECK(dropped(old_not, not_resource("[" + wild("acs:oss:*:*:bucket-", 41, "/*") + "]")) == 1);
    CHECK(dropped(old_not,
                  not_resource("[" + wild("acs:oss:*:*:bucket-", 39, "/*") + R"(,"acs:oss:*:*:bucket-3*"])")) == 1);
    // Narrower items exclude less.
    CHECK(dropped(old_not, not_resource("[" + wild("acs:oss:*:*:bucket-", 40, "/a*") + "]")) == 0);
  }
  SECTION("a new NotResource of many items against old ARNs without wildcards") {
    auto literals = [&](const std::string& head, int n) { return "[" + wild(head, n, "/x") + "]"; };
    const std::string old_literal =
        policy(statement(kGetPut, literals("acs:oss:cn-hangzhou:123:bucket-", 40), principal));
    auto not_resource = [&](const std::string& items) {
      return policy(R"({"Effect":"Allow","Action":["oss:GetObject","oss:PutObject"],"NotResource":)" + items +
                    R"(,"Principal":)" + principal + "}");
    };
    // Excluding other buckets keeps every old ARN granted.
    CHECK(dropped(old_literal, not_resource("[" + wild("acs:oss:cn-hangzhou:123:other-", 40, "/*") + "]")) == 0);
    // Excluding one of them, by its name or by a pattern, loses it.
    CHECK(dropped(old_literal, not_resource("[" + wild("acs:oss:cn-hangzhou:123:other-", 40, "/*") +
                                            R"(,"acs:oss:cn-hangzhou:123:bucket-7/x"])")) == 1);
    CHECK(dropped(old_literal, not_resource("[" + wild("acs:oss:cn-hangzhou:123:other-", 40, "/*") +
                                            R"(,"acs:oss:cn-hangzhou:123:bucket-1?/*"])")) == 1);
  }
  SECTION("actions, case folded") {
    const std::string old_actions = "[" + wild("oss:Get", 20, "*") + "]";
    const std::string old_action_policy = policy(statement(old_actions, kObjects, principal));
    CHECK(dropped(old_action_policy, policy(statement("[" + wild("OSS:GET", 20, "*") + "]", kObjects, principal))) ==
          0);
    CHECK(dropped(old_action_policy, policy(statement("[" + wild("oss:G?t", 20, "*") + "]", kObjects, principal))) ==
          0);
    // "oss:Get0?*" needs a character after "oss:Get0", which "oss:Get0*" does not.
    CHECK(dropped(old_action_policy, policy(statement("[" + wild("oss:Get", 20, "?*") + "]", kObjects, principal))) ==
          1);
    CHECK(dropped(old_action_policy, policy(statement("[" + wild("oss:Put", 20, "*") + "]", kObjects, principal))) ==
          1);
  }
}
