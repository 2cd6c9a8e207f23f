// rules/README.md holds the index of every rule, generated from the rule pages'
// headers. This test fails when the index is stale; POLICYLINT_UPDATE_GOLDEN=1
// rewrites it.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <memory>
#include <string>

#include "cli_util.hpp"
#include "policylint/rule.hpp"

namespace {

std::string kinds_text(policylint::KindMask m) {
  std::string out;
  for (auto k :
       {policylint::Kind::Permission, policylint::Kind::Trust, policylint::Kind::Bucket, policylint::Kind::Key})
    if (m & policylint::kind_bit(k)) out += (out.empty() ? "" : ", ") + std::string(policylint::to_string(k));
  return out;
}

std::string generate_index() {
  std::string out =
      "# Rules\n\n"
      "Generated from the header of each rule page by `tests/unit/test_rules_index.cpp`\n"
      "(`POLICYLINT_UPDATE_GOLDEN=1` rewrites it). `policylint --explain ID` prints a page.\n\n"
      "| id | severity | kinds | fix | requirements | summary |\n"
      "|---|---|---|---|---|---|\n";
  for (const auto& m : policylint::rule_metadata()) {
    std::string summary(m.summary);
    for (std::size_t p = 0; (p = summary.find('|', p)) != std::string::npos; p += 2) summary.replace(p, 1, "\\|");
    std::string severity(policylint::to_string(m.severity));
    if (m.severity_when_uncertain)
      severity += " (" + std::string(policylint::to_string(*m.severity_when_uncertain)) + " when uncertain)";
    out += "| [`" + std::string(m.id) + "`](" + std::string(m.id) + ".md) | " + severity + " | " + kinds_text(m.kinds) +
           " | " + (m.fix.empty() ? "none" : std::string(m.fix)) + " | " +
           (m.requirements.empty() ? "-" : std::string(m.requirements)) + " | " + summary + " |\n";
  }
  return out;
}

}  // namespace

TEST_CASE("rules/README.md index is up to date", "[rules]") {
  auto path = testutil::source_dir() / "rules/README.md";
  std::string want = generate_index();
  if (std::getenv("POLICYLINT_UPDATE_GOLDEN") != nullptr) std::ofstream(path, std::ios::binary) << want;
  CHECK(testutil::slurp(path) == want);
}

TEST_CASE("rule pages have the documented header and sections", "[rules]") {
  for (const auto& m : policylint::rule_metadata()) {
    INFO(m.id);
    CHECK_FALSE(m.summary.empty());
    CHECK(m.kinds != 0);
    CHECK((m.fix == "none" || m.fix == "sometimes" || m.fix == "always"));
    // A "severity-when-uncertain:" line names a severity.
    auto at = m.doc.find("\nseverity-when-uncertain:");
    CHECK((at == std::string_view::npos || m.severity_when_uncertain.has_value()));
    for (const char* section : {"## What it checks", "## Why it matters", "## Bad", "## Good"})
      CHECK(m.doc.find(section) != std::string_view::npos);
  }
}

TEST_CASE("a rule whose severity depends on certainty declares it in its header", "[rules]") {
  using namespace policylint;
  const RuleMeta* m = find_rule("placeholder/unreplaced");
  REQUIRE(m != nullptr);
  CHECK(m->severity == Severity::Error);
  REQUIRE(m->severity_when_uncertain);
  CHECK(*m->severity_when_uncertain == Severity::Warning);
  Finding f;
  f.rule = "placeholder/unreplaced";
  f.severity = m->severity;
  mark_uncertain(f);
  CHECK(f.severity == Severity::Warning);
  // A rule without the header line keeps its severity.
  const RuleMeta* plain = find_rule("grammar/effect-invalid");
  REQUIRE(plain != nullptr);
  CHECK_FALSE(plain->severity_when_uncertain);
  Finding g;
  g.rule = "grammar/effect-invalid";
  g.severity = Severity::Error;
  mark_uncertain(g);
  CHECK(g.severity == Severity::Error);
}

TEST_CASE("find_rule answers every id and alias as a scan of the table would", "[rules]") {
  using namespace policylint;
  std::span<const RuleMeta> all = rule_metadata();
  // The reference: the id itself, else the first rule (in table order) with the alias.
  auto scan = [&](std::string_view key) -> const RuleMeta* {
    for (const auto& m : all)
      if (m.id == key) return &m;
    for (const auto& m : all)
      for (const auto& a : m.aliases)
        if (a == key) return &m;
    return nullptr;
  };
  std::vector<std::string> keys;
  for (const auto& m : all) {
    keys.emplace_back(m.id);
    for (const auto& a : m.aliases) keys.emplace_back(a);
  }
  REQUIRE(keys.size() > 80);
  for (const auto& k : keys) {
    CHECK(find_rule(k) == scan(k));
    // Near misses are not found: a prefix, an extension, another case.
    for (const std::string& near : {k.substr(0, k.size() - 1), k + "x", std::string("X") + k.substr(1)}) {
      INFO(near);
      CHECK(find_rule(near) == scan(near));
    }
  }
  CHECK(find_rule("") == nullptr);
  CHECK(find_rule("no-such-family/no-such-rule") == nullptr);
}

TEST_CASE("RuleId::of keeps no view of the text it is given", "[rules]") {
  using namespace policylint;
  // Each id and alias of the table: the table's own text, from a copy that
  // is then destroyed.
  for (const auto& m : rule_metadata()) {
    auto id = std::make_unique<std::string>(m.id);
    RuleId r = RuleId::of(*id);
    id.reset();
    CHECK(r.view().data() == m.id.data());
    CHECK(r == m.id);
    for (const auto& a : m.aliases) {
      auto alias = std::make_unique<std::string>(a);
      RuleId ra = RuleId::of(*alias);
      alias.reset();
      CHECK(ra == a);
      CHECK(find_rule(ra) == find_rule(a));
    }
  }
  // An id the table lacks: one copy for the process, whatever text it came from.
  auto text = std::make_unique<std::string>("no-such-family/no-such-rule-of-some-length");
  RuleId first = RuleId::of(*text);
  text->assign(text->size(), 'x');
  text.reset();
  CHECK(first == "no-such-family/no-such-rule-of-some-length");
  RuleId again = RuleId::of(std::string("no-such-family/no-such-rule-of-some-length"));
  CHECK(again.view().data() == first.view().data());
  CHECK(RuleId::of("").empty());
  // A literal is its own text.
  static constexpr char kLiteral[] = "json/syntax-error";
  CHECK(RuleId(kLiteral).view().data() == kLiteral);
}
