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
