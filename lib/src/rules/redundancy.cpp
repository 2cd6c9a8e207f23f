// Rules of the "redundancy" family: statements that add nothing to what the
// rest of the document already decides (judged with the evaluator's set
// relations, which say "covered" only when sure).
#include <algorithm>
#include <string>

#include "families.hpp"
#include "policylint/eval.hpp"

namespace policylint::rules {

namespace {

// Both rules compare every pair of statements. Beyond this many statements
// the document is far over every size limit (limit/document-too-long
// reports it) and the comparison would only cost time: skip it.
// 128 statements is already far beyond what a 6,144-character RAM policy or a
// 16 KB bucket policy can hold in practice.
constexpr std::size_t kMaxCompared = 128;

Span head(const Statement& s) { return Span{s.node->span.begin, s.node->span.begin + 1}; }

std::string nth(const Statement& s) { return "statement " + std::to_string(s.index + 1); }

bool malformed_condition(const Statement& s) { return s.condition != nullptr && !s.condition->value->is_object(); }

// Every condition of outer is also a condition of inner, with the same
// operator, key and values: inner applies to no more requests than outer.
bool conditions_no_narrower(const Statement& outer, const Statement& inner) {
  if (malformed_condition(outer) || malformed_condition(inner)) return false;
  for (const ConditionEntry& o : outer.conditions) {
    if (o.key == nullptr) return false;
    bool found = std::any_of(inner.conditions.begin(), inner.conditions.end(), [&](const ConditionEntry& i) {
      if (i.op_name != o.op_name || i.key_name != o.key_name || i.values.size() != o.values.size()) return false;
      for (std::size_t k = 0; k < i.values.size(); ++k)
        if (i.values[k].value != o.values[k].value) return false;
      return true;
    });
    if (!found) return false;
  }
  return true;
}

bool covers(const Statement& outer, const Statement& inner) {
  // The condition test is cheap and usually decides: run it first.
  return conditions_no_narrower(outer, inner) && eval::actions_subset(inner, outer) &&
         eval::resources_subset(inner, outer) && eval::principals_subset(inner, outer);
}

bool usable(const Statement& s) { return s.node->is_object() && (s.allows() || s.denies()); }

// redundancy/statement-covered
void statement_covered(const Context& ctx) {
  const auto& st = ctx.policy.statements;
  if (st.size() > kMaxCompared) return;
  for (const Statement& a : st) {
    if (!usable(a)) continue;
    // An Allow that a Deny cancels is allow-overridden's finding.
    if (a.allows() && eval::overriding_deny(ctx.policy, a) != nullptr) continue;
    for (const Statement& b : st) {
      if (&a == &b || !usable(b) || a.effect != b.effect || !covers(b, a)) continue;
      // Two equivalent statements: report only the later one.
      if (b.index > a.index && covers(a, b)) continue;
      Finding& f =
          ctx.out.report("redundancy/statement-covered", head(a),
                         nth(a) + " adds nothing: " + nth(b) + " already " + (a.allows() ? "allows" : "denies") +
                             " all of it" + (b.has_condition() ? " under the same Condition" : ""));
      f.related.push_back(Related{head(b), "covering statement", {}});
      break;
    }
  }
}

// redundancy/allow-overridden
void allow_overridden(const Context& ctx) {
  if (ctx.policy.statements.size() > kMaxCompared) return;
  for (const Statement& a : ctx.policy.statements) {
    if (!a.allows()) continue;
    const Statement* d = eval::overriding_deny(ctx.policy, a);
    if (d == nullptr) continue;
    Finding& f = ctx.out.report("redundancy/allow-overridden", head(a),
                                nth(a) + " grants nothing: " + nth(*d) + " denies all of it without a Condition");
    f.related.push_back(Related{head(*d), "overriding Deny", {}});
  }
}

constexpr RuleImpl kRules[] = {
    {"redundancy/allow-overridden", allow_overridden},
    {"redundancy/statement-covered", statement_covered},
};

}  // namespace

std::span<const RuleImpl> redundancy_rules() { return kRules; }

}  // namespace policylint::rules
