// The action family's fast paths against plain reference versions: the
// catalog's pattern search (Catalog::expand and matches_any against
// eval::wildcard_match over every action), find_service, Action::written_as,
// applies_to_arn_service against folded comparisons over the pair table, the
// one-word lookup of short keys against a scan, and the per-thread memo of
// what an action text is (findings of a value alone against the same value
// among many others that take each other's memo slots).
#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "../../lib/src/catalog/tables.hpp"
#include "../../lib/src/util/text.hpp"
#include "policylint/catalog.hpp"
#include "policylint/engine.hpp"
#include "policylint/eval.hpp"

using namespace policylint;
namespace cd = catalog::detail;

namespace {

// Case flipped at random positions.
std::string flip_case(std::string s, std::mt19937& rng) {
  for (char& c : s)
    if (rng() % 2 != 0) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  return s;
}

// Patterns made from catalog actions: prefixes with a final '*', '?' in
// place of a letter, inner stars, wildcards in the service, no match at all.
std::vector<std::string> patterns(std::mt19937& rng) {
  std::vector<std::string> out = {
      "*",        "*:*",      "oss:*",       "oss:Get*",      "OSS:get*",    "oss:*Object",
      "o?s:Get*", "oss:Zzz*", "oss:*Zzz",    "kms:*",         "nosuch:*",    "oss:",
      "oss:?",    "oss:**",   "oss:Get*Acl", "oss:Get?bject", "*:GetObject", "oss:GetObject"};
  const auto actions = catalog::get().actions();
  for (std::size_t k = 0; k < 300; ++k) {
    std::string full = actions[rng() % actions.size()].full();
    std::size_t cut = rng() % (full.size() + 1);
    out.push_back(flip_case(full.substr(0, cut), rng) + "*");
    std::string q = full;
    q[rng() % q.size()] = '?';
    out.push_back(q);
    out.push_back(full.substr(0, cut) + "*" + full.substr(std::min(full.size(), cut + rng() % 4)));
    out.push_back(full.substr(0, cut) + "*x*");
  }
  return out;
}

}  // namespace

TEST_CASE("perf action: expand and matches_any agree with wildcard_match over every action", "[catalog][perf]") {
  const auto& cat = catalog::get();
  std::mt19937 rng(5);
  for (const std::string& p : patterns(rng)) {
    std::vector<const catalog::Action*> want;
    for (const catalog::Action& a : cat.actions())
      if (eval::wildcard_match(p, a.full(), true)) want.push_back(&a);
    INFO(p);
    CHECK(cat.expand(p) == want);
    CHECK(cat.matches_any(p) == !want.empty());
  }
}

TEST_CASE("perf action: find_service is known_service and service_actions in one lookup", "[catalog][perf]") {
  const auto& cat = catalog::get();
  std::mt19937 rng(3);
  std::vector<std::string> codes = {"", "x", "nosuch", "oss:", "OSS", "Oss", std::string(200, 'o')};
  for (std::string_view s : cat.services()) {
    codes.emplace_back(s);
    codes.push_back(flip_case(std::string(s), rng));
    codes.push_back(std::string(s) + "x");
  }
  for (const std::string& c : codes) {
    INFO(c);
    auto found = cat.find_service(c);
    REQUIRE(found.has_value() == cat.known_service(c));
    if (found) {
      CHECK(found->data() == cat.service_actions(c).data());
      CHECK(found->size() == cat.service_actions(c).size());
    }
  }
  // A catalog action's service is known and lists it (what the action rules
  // rely on to skip the action lookup of a service that lists none).
  for (const catalog::Action& a : cat.actions()) {
    auto found = cat.find_service(a.service);
    REQUIRE(found.has_value());
    CHECK(std::find_if(found->begin(), found->end(), [&](const catalog::Action& b) { return &b == &a; }) !=
          found->end());
    CHECK((!cat.complete(a.service) || cat.known_service(a.service)));
  }
}

TEST_CASE("perf action: written_as is a comparison with the documented spelling", "[catalog][perf]") {
  std::mt19937 rng(9);
  for (const catalog::Action& a : catalog::get().actions()) {
    const std::string full = a.full();
    std::vector<std::string> texts = {full, flip_case(full, rng), full + "x", full.substr(1), full.substr(0, 3)};
    std::string other = full;
    other[rng() % other.size()] = static_cast<char>(rng() % 256);
    texts.push_back(other);
    for (const std::string& t : texts) {
      INFO(t);
      CHECK(a.written_as(t) == (t == full));
    }
  }
}

TEST_CASE("perf action: applies_to_arn_service against the pair table folded", "[catalog][perf]") {
  const auto& cat = catalog::get();
  std::mt19937 rng(13);
  std::vector<std::string> codes = {"",
                                    "*",
                                    "nosuch",
                                    "ossvector-long-code",
                                    std::string("oss\0", 4),
                                    std::string("\0", 1),
                                    "\xc3\x80oss",
                                    "OSS\xff",
                                    "ossvecto",
                                    "ossvectorx"};
  for (const cd::ArnServicePair& p : cd::kTables.arn_services) {
    codes.emplace_back(p.action_service);
    codes.emplace_back(p.arn_service);
  }
  for (std::string_view s : cat.services()) codes.emplace_back(s);
  const std::size_t n = codes.size();
  for (std::size_t i = 0; i < n; ++i) codes.push_back(flip_case(codes[i], rng));
  for (const std::string& a : codes) {
    for (const std::string& r : codes) {
      std::string la = util::to_lower(a), lr = util::to_lower(r);
      bool want = la == lr;
      for (const cd::ArnServicePair& p : cd::kTables.arn_services)
        want = want || (p.action_service == la && (p.arn_service == "*" || p.arn_service == lr));
      INFO(a << " on " << r);
      CHECK(cat.applies_to_arn_service(a, r) == want);
    }
  }
}

TEST_CASE("perf action: keys of one to eight bytes are found as a scan finds them", "[catalog][perf]") {
  const cd::Tables& t = cd::kTables;
  std::mt19937 rng(17);
  auto scan = [](std::span<const std::string_view> keys, std::string_view s) {
    std::string folded = util::to_lower(s);
    for (std::size_t i = 0; i < keys.size(); ++i)
      if (keys[i] == folded) return i;
    return cd::LowerIndex::npos;
  };
  const std::string alphabet = "osSOkmKMrRaAvpc-\xc3\x80";
  for (int k = 0; k < 20000; ++k) {
    std::string s(1 + rng() % 8, ' ');
    for (char& c : s) c = alphabet[rng() % alphabet.size()];
    INFO(s);
    CHECK(t.services_index.find(s) == scan(t.services, s));
  }
  for (std::string_view s : t.services) {
    if (s.size() > 8) continue;
    std::string f = flip_case(std::string(s), rng);
    CHECK(t.services_index.find(f) == scan(t.services, f));
  }
}

namespace {

std::string policy_of(const std::vector<std::string>& actions) {
  std::string list;
  for (const std::string& a : actions) list += (list.empty() ? "\"" : ", \"") + a + "\"";
  return R"({"Version": "1", "Statement": [{"Effect": "Allow", "Action": [)" + list +
         R"(], "Resource": "acs:oss:*:*:b/*"}]})";
}

// The action family's findings of a report, by the text they point at.
std::multimap<std::string, std::string> action_findings(const FileReport& rep, const std::string& text) {
  std::multimap<std::string, std::string> out;
  for (const Finding& f : rep.findings) {
    if (!f.rule.starts_with("action/")) continue;
    std::string at = text.substr(f.span.begin, f.span.end - f.span.begin);
    std::string fix = f.fix ? f.fix->edits.front().replacement : "";
    out.emplace(at, f.rule + " | " + f.message + " | " + fix);
  }
  return out;
}

}  // namespace

TEST_CASE("perf action: a text's findings do not depend on the texts linted before it", "[rules][perf]") {
  // Texts of every kind, more than the memo's slots so that they take each
  // other's; longer than the memo keeps; differing in case or one byte only.
  std::vector<std::string> texts = {"oss:GetObject",
                                    "oss:getobject",
                                    "OSS:GetObject",
                                    "oss:GetObjectx",
                                    "oss:Get*",
                                    "oss:Zzz*",
                                    "oss:*Zzz",
                                    "oss:Get*Zzz",
                                    "ecs:DescribeInstances",
                                    "Ecs:Describe*",
                                    "nosuch:Do",
                                    "oss:",
                                    ":x",
                                    "a:b:c",
                                    "oss: GetObject",
                                    "oss:<action>",
                                    "*",
                                    "o*s:GetObject",
                                    "oss:GetObjectAcl",
                                    "oss:PutObjectAcl"};
  std::mt19937 rng(21);
  const auto actions = catalog::get().actions();
  for (int k = 0; k < 400; ++k) {
    std::string full = actions[rng() % actions.size()].full();
    switch (k % 4) {
      case 0:
        texts.push_back(flip_case(full, rng));
        break;
      case 1:
        texts.push_back(full + std::string(40 + rng() % 20, 'x'));  // over the memo's length
        break;
      case 2:
        texts.push_back(full.substr(0, rng() % full.size() + 1) + "*");
        break;
      default:
        full[rng() % full.size()] = static_cast<char>('a' + rng() % 26);
        texts.push_back(full);
    }
  }
  std::sort(texts.begin(), texts.end());
  texts.erase(std::unique(texts.begin(), texts.end()), texts.end());
  Linter linter{LintOptions{}};
  std::map<std::string, std::multimap<std::string, std::string>> alone;
  for (const std::string& t : texts) {
    std::string doc = policy_of({t});
    alone[t] = action_findings(linter.lint("p.json", doc), doc);
  }
  // Known answers for a few.
  CHECK(alone["oss:GetObject"].empty());
  CHECK(alone["oss:Get*"].empty());
  CHECK(alone["oss:getobject"].count("\"oss:getobject\"") == 1);
  CHECK(alone["oss:Zzz*"].begin()->second.starts_with("action/wildcard-matches-nothing"));
  for (int round = 0; round < 4; ++round) {
    std::vector<std::string> mixed = texts;
    mixed.insert(mixed.end(), texts.begin(), texts.end());
    std::shuffle(mixed.begin(), mixed.end(), rng);
    std::string doc = policy_of(mixed);
    auto got = action_findings(linter.lint("p.json", doc), doc);
    for (const std::string& t : texts) {
      const std::string at = "\"" + t + "\"";
      auto [b, e] = got.equal_range(at);
      std::multiset<std::string> seen, want;
      for (auto it = b; it != e; ++it) seen.insert(it->second);
      // Each text is in the list twice.
      for (const auto& [k, v] : alone[t]) {
        want.insert(v);
        want.insert(v);
      }
      INFO(t);
      CHECK(seen == want);
    }
  }
}
