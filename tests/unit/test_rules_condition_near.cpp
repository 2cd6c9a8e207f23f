// condition/operator-unknown's nearest documented operator and set prefix:
// the edit distance is bounded by the best found so far (a name of thousands
// of characters is rejected at once), with the suggestions the unbounded
// search gave.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "policylint/engine.hpp"

using namespace policylint;

namespace {

std::vector<std::string> messages(const std::string& condition) {
  LintOptions o;
  o.kind = Kind::Permission;
  o.select = {"condition/operator-unknown"};
  std::string text = R"({"Version":"1","Statement":[{"Effect":"Allow","Action":"ecs:Describe*","Resource":"*",)"
                     R"("Condition":)" +
                     condition + "}]}";
  std::vector<std::string> out;
  for (const Finding& f : Linter(o).lint("t.json", text).findings) out.push_back(f.message);
  return out;
}

}  // namespace

TEST_CASE("condition/operator-unknown: the nearest operator and prefix", "[rules][condition]") {
  SECTION("one or two edits away: suggested") {
    CHECK(
        messages(R"({"StringEqual":{"acs:SourceVpc":"v"},"StrngEqals":{"acs:SourceVpc":"v"}})") ==
        std::vector<std::string>{R"(condition operator "StringEqual" is not documented; did you mean "StringEquals"?)",
                                 R"(condition operator "StrngEqals" is not documented; did you mean "StringEquals"?)"});
  }
  SECTION("three edits away: none") {
    CHECK(messages(R"({"StrXngEqXalX":{"acs:SourceVpc":"v"}})") ==
          std::vector<std::string>{
              R"(condition operator "StrXngEqXalX": it is not an operator documented for Alibaba Cloud)"});
  }
  SECTION("prefixes") {
    CHECK(
        messages(R"({"ForAnyValu:StringEquals":{"acs:SourceVpc":"v"},"FrAnyVaXu:StringLike":{"acs:SourceVpc":"v"},)"
                 R"("ForAllValues:NumericLesThan":{"acs:SourceVpc":"1"}})") ==
        std::vector<std::string>{
            R"(condition operator "ForAnyValu:StringEquals" is not documented; did you mean "ForAnyValue:StringEquals"?)",
            R"(condition operator "FrAnyVaXu:StringLike": the set prefix "FrAnyVaXu" is not "ForAllValues" or "ForAnyValue")",
            R"(condition operator "ForAllValues:NumericLesThan" is not documented; did you mean "ForAllValues:NumericLessThan"?)"});
  }
  SECTION("a long name: none") {
    std::string name = "StringEquals" + std::string(20000, 'x');
    auto got = messages("{\"" + name + "\":{\"acs:SourceVpc\":\"v\"}}");
    REQUIRE(got.size() == 1);
    CHECK(got[0].find("did you mean") == std::string::npos);
  }
}
