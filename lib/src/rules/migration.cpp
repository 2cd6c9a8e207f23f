// Rules of the "migration" family: the role and bucket policies of Data Online
// Migration (REQUIREMENTS.md MIG-02..MIG-04; seed 000).
#include "facts.hpp"
#include "families.hpp"
#include "policylint/eval.hpp"
#include "requirements.hpp"
#include "scenario.hpp"
#include "util.hpp"

namespace policylint::rules {

namespace {

// migration/trust-not-service
void trust_not_service(const Context& ctx) {
  const Intent& intent = ctx.facts().intent();
  // The Data Transport service principal's name is not documented
  // (reference "Still open"), so a migration trust policy cannot be recognised
  // from content: this rule needs --scenario migration-trust.
  if (!intent.is("migration-trust") || !intent.declared) return;
  const Policy& p = ctx.policy;
  bool service = false;
  std::vector<const Str*> accounts;
  const Statement* first = nullptr;
  for (const auto& s : p.statements) {
    if (!s.allows() || !eval::covers_action(s, "sts:AssumeRole")) continue;
    if (first == nullptr) first = &s;
    for (const auto& e : s.principal.entries) {
      if (e.key == "Service" && !e.values.items.empty()) service = true;
      if (e.key == "RAM" || e.key.empty())
        for (const auto& v : e.values.items) accounts.push_back(&v);
    }
  }
  if (!service) {
    Span at = first != nullptr && first->principal.present()
                  ? first->principal.member->value->span
                  : (p.root ? Span{p.root->span.begin, p.root->span.begin + 1} : Span{});
    ctx.report("migration/trust-not-service", at,
               accounts.empty() ? msg("migration/trust-not-service.none")
                                : msg("migration/trust-not-service", {{"who", quote(accounts.front()->value)}}));
    return;
  }
  for (const Str* v : accounts) {
    Finding& f = ctx.report("migration/trust-not-service", v->node->span,
                            msg("migration/trust-not-service.also", {{"value", quote(v->value)}}));
    mark_uncertain(f);
  }
}

constexpr RuleImpl kRules[] = {
    {"migration/missing-action", check_requirements},
    {"migration/missing-resource-form", check_requirements},
    {"migration/trust-not-service", trust_not_service},
};

}  // namespace

std::span<const RuleImpl> migration_rules() { return kRules; }

}  // namespace policylint::rules
