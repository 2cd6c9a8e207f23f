#include <algorithm>
#include <catch2/catch.hpp>
#include <random>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "../../lib/src/util/text.hpp"
#include "policylint/catalog.hpp"
#include "policylint/eval.hpp"

using namespace policylint;
using catalog::Level;

namespace {

bool contains(const std::vector<const catalog::Action*>& v, std::string_view full) {
  return std::any_of(v.begin(), v.end(), [&](const catalog::Action* a) { return a->full() == full; });
}

}  // namespace

TEST_CASE("catalog: loads every embedded file", "[catalog]") {
  const auto& c = catalog::get();
  CHECK(c.services().size() >= 78);
  CHECK(c.actions().size() >= 370);
  CHECK(c.service_actions("oss").size() >= 180);
  CHECK(c.service_actions("OSS").size() == c.service_actions("oss").size());
  CHECK(c.service_actions("ecs").empty());
  CHECK(c.has_actions("ram"));
  CHECK_FALSE(c.has_actions("ecs"));
  // Sorted by lower-case full name.
  const auto& all = c.actions();
  for (std::size_t i = 1; i < all.size(); ++i) {
    std::string a = all[i - 1].full(), b = all[i].full();
    std::transform(a.begin(), a.end(), a.begin(), ::tolower);
    std::transform(b.begin(), b.end(), b.begin(), ::tolower);
    CHECK(a < b);
  }
}

TEST_CASE("catalog: services and completeness", "[catalog]") {
  const auto& c = catalog::get();
  CHECK(c.known_service("oss"));
  CHECK(c.known_service("OSS"));
  CHECK(c.known_service("ecs"));
  CHECK(c.known_service("kvstore"));
  CHECK_FALSE(c.known_service("r-kvstore"));
  CHECK_FALSE(c.known_service("nosuchservice"));
  CHECK_FALSE(c.known_service(""));
  CHECK(c.complete("oss"));
  CHECK(c.complete("Oss"));
  CHECK_FALSE(c.complete("ram"));
  CHECK_FALSE(c.complete("ecs"));
}

TEST_CASE("catalog: find is case-insensitive and keeps documented spelling", "[catalog]") {
  const auto& c = catalog::get();
  const auto* a = c.find("oss:getobject");
  REQUIRE(a != nullptr);
  CHECK(a->full() == "oss:GetObject");
  CHECK(a->level == Level::Object);
  REQUIRE(c.find("OSS:ListObjects") != nullptr);
  CHECK(c.find("oss:ListObjects")->level == Level::Bucket);
  REQUIRE(c.find("oss:ListBuckets") != nullptr);
  CHECK(c.find("oss:ListBuckets")->level == Level::Service);
  REQUIRE(c.find("ram:PassRole") != nullptr);
  CHECK(c.find("ram:PassRole")->level == Level::None);
  CHECK(c.find("oss:GetObjekt") == nullptr);
  CHECK(c.find("oss:") == nullptr);
  CHECK(c.find("GetObject") == nullptr);
  CHECK(c.find("") == nullptr);
}

TEST_CASE("catalog: wildcard expansion", "[catalog]") {
  const auto& c = catalog::get();
  auto gets = c.expand("oss:Get*");
  CHECK(contains(gets, "oss:GetObject"));
  CHECK(contains(gets, "oss:GetBucketInfo"));
  CHECK_FALSE(contains(gets, "oss:PutObject"));
  for (const auto* a : gets) CHECK(a->service == "oss");

  auto rep = c.expand("oss:*Replicat*");
  CHECK(contains(rep, "oss:PutBucketReplication"));
  CHECK(contains(rep, "oss:GetBucketReplication"));
  for (const auto* a : rep) CHECK(a->name.find("Replicat") != std::string::npos);

  CHECK(c.expand("*").size() == c.actions().size());
  CHECK(c.expand("oss:*").size() == c.service_actions("oss").size());
  CHECK(c.expand("OSS:get*").size() == gets.size());

  auto describe = c.expand("*:Describe*");
  CHECK(contains(describe, "kms:DescribeKey"));
  for (const auto* a : describe) CHECK(a->name.starts_with("Describe"));

  CHECK(c.expand("oss:GetObject").size() == 1);
  CHECK(c.expand("oss:NoSuch*").empty());
  CHECK(c.expand("ecs:Describe*").empty());
  CHECK(c.expand("oss:GetObjec?").size() == 1);
}

TEST_CASE("catalog: the one wildcard matcher (eval's) on action and ARN patterns", "[catalog]") {
  auto wildcard_match_ci = [](std::string_view p, std::string_view v) { return eval::wildcard_match(p, v, true); };
  auto wildcard_match_exact = [](std::string_view p, std::string_view v) { return eval::wildcard_match(p, v, false); };
  CHECK(wildcard_match_ci("*", ""));
  CHECK(wildcard_match_ci("*", "anything"));
  CHECK(wildcard_match_ci("oss:Get*", "OSS:GETOBJECT"));
  CHECK_FALSE(wildcard_match_exact("oss:Get*", "OSS:GETOBJECT"));
  CHECK(wildcard_match_exact("acs:oss:*:*:bucket/*", "acs:oss:*:*:bucket/a/b"));
  CHECK_FALSE(wildcard_match_exact("acs:oss:*:*:bucket/*", "acs:oss:*:*:bucket"));
  CHECK(wildcard_match_ci("a*b*c", "abc"));
  CHECK(wildcard_match_ci("a*b*c", "axxbyyc"));
  CHECK_FALSE(wildcard_match_ci("a*b*c", "axxbyy"));
  CHECK(wildcard_match_ci("*ab*ab", "abab"));
  CHECK_FALSE(wildcard_match_ci("*ab*ab", "aba"));
  CHECK(wildcard_match_ci("a?c", "abc"));
  CHECK_FALSE(wildcard_match_ci("a?c", "ac"));
  CHECK(wildcard_match_ci("**", ""));
  CHECK_FALSE(wildcard_match_ci("", "a"));
  CHECK(wildcard_match_ci("", ""));
  // A pathological pattern stays fast (no exponential backtracking).
  std::string value(5000, 'a');
  std::string pattern;
  for (int i = 0; i < 200; ++i) pattern += "*a";
  pattern += "*b";
  CHECK_FALSE(wildcard_match_ci(pattern, value));
}

TEST_CASE("catalog: suggestions", "[catalog]") {
  const auto& c = catalog::get();
  auto s = c.suggest("oss:GetObjekt");
  REQUIRE_FALSE(s.empty());
  CHECK(s.front()->full() == "oss:GetObject");
  CHECK(s.size() <= 3);
  auto p = c.suggest("oss:PutObjcet");
  REQUIRE_FALSE(p.empty());
  CHECK(p.front()->full() == "oss:PutObject");
  auto r = c.suggest("ram:PasRole");
  REQUIRE_FALSE(r.empty());
  CHECK(r.front()->full() == "ram:PassRole");
  // A misspelt service code: whole-name comparison.
  auto o = c.suggest("os:GetObject");
  REQUIRE_FALSE(o.empty());
  CHECK(o.front()->full() == "oss:GetObject");
  CHECK(c.suggest("oss:CompletelyDifferentThing").empty());
  CHECK(c.suggest("oss:").empty());
}

TEST_CASE("catalog: suggestions are the closest by edit distance, whatever spares the work", "[catalog]") {
  // The reference: every action of the pool (the service's, or all of them
  // for an unknown service) by its bounded edit distance, the closest three
  // in catalog order; suggest() skips most of them by a cheaper bound.
  const auto& c = catalog::get();
  auto reference = [&](const std::string& action) {
    std::size_t colon = action.find(':');
    std::string name = action.substr(colon + 1);
    std::span<const catalog::Action> pool = c.service_actions(action.substr(0, colon));
    std::vector<std::pair<std::size_t, const catalog::Action*>> scored;
    if (!pool.empty()) {
      std::size_t limit = std::max<std::size_t>(2, name.size() / 4);
      for (const auto& a : pool)
        if (std::size_t d = util::edit_distance(name, a.name, util::Case::Insensitive, limit); d <= limit)
          scored.emplace_back(d, &a);
    } else {
      std::size_t limit = std::max<std::size_t>(2, action.size() / 6);
      for (const auto& a : c.actions())
        if (std::size_t d = util::edit_distance(action, a.full(), util::Case::Insensitive, limit); d <= limit)
          scored.emplace_back(d, &a);
    }
    std::stable_sort(scored.begin(), scored.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    std::vector<const catalog::Action*> out;
    for (std::size_t i = 0; i < scored.size() && i < 3; ++i) out.push_back(scored[i].second);
    return out;
  };
  std::mt19937 rng(3);
  auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
  std::span<const catalog::Action> all = c.actions();
  for (int i = 0; i < 3000; ++i) {
    // An action with a few random edits (case changes, digits, deletions),
    // sometimes in a misspelt service.
    std::string s = all[pick(all.size())].full();
    for (std::size_t k = pick(6); k > 0; --k) {
      std::size_t at = pick(s.size());
      switch (pick(4)) {
        case 0:
          s.erase(at, 1);
          break;
        case 1:
          s.insert(at, 1, "aZ7_x"[pick(5)]);
          break;
        case 2:
          s[at] = static_cast<char>(s[at] ^ 0x20);
          break;
        default:
          s[at] = "bQ9"[pick(3)];
      }
    }
    if (s.find(':') == std::string::npos || s.find(':') + 1 == s.size()) continue;
    INFO(s);
    CHECK(c.suggest(s) == reference(s));
  }
}

TEST_CASE("catalog: condition keys", "[catalog]") {
  const auto& c = catalog::get();
  using catalog::KeyType;
  CHECK(c.key_type("acs:SourceIp") == KeyType::Ip);
  CHECK(c.key_type("acs:sourceip") == KeyType::Ip);
  CHECK(c.key_type("acs:SecureTransport") == KeyType::Bool);
  CHECK(c.key_type("acs:CurrentTime") == KeyType::Date);
  CHECK(c.key_type("oss:Prefix") == KeyType::String);
  CHECK(c.key_type("acs:ResourceTag/env") == KeyType::String);
  CHECK(c.key_type("acs:RequestTag/team") == KeyType::String);
  CHECK(c.key_type("oss:ExistingObjectTag/x") == KeyType::String);
  CHECK_FALSE(c.key_type("acs:ResourceTag/").has_value());
  CHECK_FALSE(c.key_type("acs:NoSuchKey").has_value());
  CHECK(c.known_key("sts:ExternalId"));
  CHECK_FALSE(c.known_key("acs:PrincipalARN"));
}

TEST_CASE("catalog: service principals", "[catalog]") {
  const auto& c = catalog::get();
  CHECK(c.known_service_principal("oss.aliyuncs.com"));
  CHECK(c.known_service_principal("OSS.aliyuncs.com"));
  CHECK(c.known_service_principal("ecs.aliyuncs.com"));
  CHECK(c.known_service_principal("dts.aliyuncs.com"));
  CHECK_FALSE(c.known_service_principal("nosuch.aliyuncs.com"));
  CHECK_FALSE(c.known_service_principal("oss"));
  CHECK(c.account_scoped("dts.aliyuncs.com"));
  CHECK(c.account_scoped("log.aliyuncs.com"));
  CHECK_FALSE(c.account_scoped("oss.aliyuncs.com"));
  CHECK_FALSE(c.account_scoped("nosuch.aliyuncs.com"));
}

TEST_CASE("catalog: ARN services of actions", "[catalog]") {
  const auto& c = catalog::get();
  CHECK(c.applies_to_arn_service("oss", "oss"));
  CHECK(c.applies_to_arn_service("OSS", "oss"));
  CHECK(c.applies_to_arn_service("sts", "ram"));
  CHECK(c.applies_to_arn_service("oss", "ossvector"));
  CHECK(c.applies_to_arn_service("tag", "ecs"));
  CHECK_FALSE(c.applies_to_arn_service("oss", "ram"));
  CHECK_FALSE(c.applies_to_arn_service("ram", "oss"));
}
