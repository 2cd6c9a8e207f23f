// Rules of the "redundancy" family: statements that add nothing to what the
// rest of the document already decides (judged with the evaluator's set
// relations, which say "covered" only when sure).
#include <algorithm>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "families.hpp"
#include "policylint/eval.hpp"
#include "util/text.hpp"

namespace policylint::rules {

namespace {

Span head(const Statement& s) { return Span{s.node->span.begin, s.node->span.begin + 1}; }

std::string nth(const Statement& s) { return "statement " + std::to_string(s.index + 1); }

bool malformed_condition(const Statement& s) { return s.condition != nullptr && !s.condition->value->is_object(); }

// As eval's: a Condition that is present but malformed "may not apply".
bool conditional(const Statement& s) { return s.has_condition() || malformed_condition(s); }

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

// An Action or Resource element as a set, as eval reads it: the listed
// patterns, or (negated) everything but them; unknown when malformed. A
// missing Resource is "every resource" (negated, empty).
struct SetView {
  const std::vector<Str>* items = nullptr;
  bool negated = false;
  bool known = false;
};

SetView action_view(const Statement& s) {
  if (s.action.present()) return {&s.action.items, false, !s.action.items.empty()};
  if (s.not_action.present()) return {&s.not_action.items, true, !s.not_action.items.empty()};
  return {};
}

SetView resource_view(const Statement& s) {
  if (s.resource.present()) return {&s.resource.items, false, !s.resource.items.empty()};
  if (s.not_resource.present()) return {&s.not_resource.items, true, !s.not_resource.items.empty()};
  return {&s.resource.items, true, true};
}

using Ids = std::vector<std::uint32_t>;

// Which statements' sets may include a given set, without comparing it with
// every statement. A pattern covers only strings that begin with its literal
// prefix (the text before its first '*' or '?'), and a literal covers only
// itself, so a positive set can be inside a positive outer set only if the
// outer set holds the inner set's first pattern itself or a wildcard pattern
// whose literal prefix begins the first pattern's literal prefix. Literals
// sit in a hash map, wildcard prefixes in a trie walked along that prefix:
// one lookup costs the length of the pattern, not the size of the document.
// Negated outer sets are always candidates (the exact test decides). The
// index may name statements that fail the exact test, never leave one out.
class SetIndex {
public:
  explicit SetIndex(bool case_insensitive) : ci_(case_insensitive) { trie_.emplace_back(); }

  void add(std::uint32_t id, const SetView& set) {
    if (!set.known) return;
    if (set.negated) {
      negated_.push_back(id);
      return;
    }
    for (const Str& item : *set.items) {
      std::string key = fold(item.value);
      std::size_t w = key.find_first_of("*?");
      if (w == std::string::npos) {
        exact_[std::move(key)].push_back(id);
        continue;
      }
      std::uint32_t at = 0;
      for (std::size_t i = 0; i < w; ++i) at = child(at, key[i]);
      trie_[at].ids.push_back(id);
    }
  }

  // Appends to out every statement whose set may include `set`.
  void candidates(const SetView& set, Ids& out) const {
    if (!set.known) return;
    out.insert(out.end(), negated_.begin(), negated_.end());
    // A negated inner set is inside a positive outer one only when the outer
    // set covers "*": a wildcard pattern with an empty literal prefix.
    std::string first = set.negated ? std::string("*") : fold((*set.items)[0].value);
    std::size_t w = first.find_first_of("*?");
    if (w == std::string::npos) {
      auto hit = exact_.find(first);
      if (hit != exact_.end()) out.insert(out.end(), hit->second.begin(), hit->second.end());
      w = first.size();
    }
    std::uint32_t at = 0;
    for (std::size_t i = 0;; ++i) {
      const Node& n = trie_[at];
      out.insert(out.end(), n.ids.begin(), n.ids.end());
      if (i == w) break;
      auto next = std::find_if(n.kids.begin(), n.kids.end(), [&](const auto& k) { return k.first == first[i]; });
      if (next == n.kids.end()) break;
      at = next->second;
    }
  }

private:
  struct Node {
    std::vector<std::pair<char, std::uint32_t>> kids;
    Ids ids;
  };

  std::string fold(std::string_view s) const { return ci_ ? util::to_lower(s) : std::string(s); }

  std::uint32_t child(std::uint32_t at, char c) {
    for (const auto& [k, next] : trie_[at].kids)
      if (k == c) return next;
    auto next = static_cast<std::uint32_t>(trie_.size());
    trie_.emplace_back();
    trie_[at].kids.emplace_back(c, next);
    return next;
  }

  bool ci_;
  std::vector<Node> trie_;
  std::unordered_map<std::string, Ids> exact_;
  Ids negated_;
};

// The statements of one document that may include a given statement in
// their Action and Resource sets (a superset of those that do), in document
// order. Replaces a comparison of every pair of statements.
class CoverIndex {
public:
  explicit CoverIndex(const std::vector<Statement>& st) : actions_(true), resources_(false) {
    for (std::size_t i = 0; i < st.size(); ++i) {
      actions_.add(static_cast<std::uint32_t>(i), action_view(st[i]));
      resources_.add(static_cast<std::uint32_t>(i), resource_view(st[i]));
    }
  }

  // Candidates for covering s, ascending.
  const Ids& outer(const Statement& s) const {
    by_action_.clear();
    by_resource_.clear();
    result_.clear();
    actions_.candidates(action_view(s), by_action_);
    resources_.candidates(resource_view(s), by_resource_);
    for (Ids* ids : {&by_action_, &by_resource_}) {
      std::sort(ids->begin(), ids->end());
      ids->erase(std::unique(ids->begin(), ids->end()), ids->end());
    }
    std::set_intersection(by_action_.begin(), by_action_.end(), by_resource_.begin(), by_resource_.end(),
                          std::back_inserter(result_));
    return result_;
  }

private:
  SetIndex actions_, resources_;
  mutable Ids by_action_, by_resource_, result_;
};

// The first unconditional Deny that takes back everything `allow` grants (as
// eval::overriding_deny, through the index).
const Statement* overriding_deny(const std::vector<Statement>& st, const CoverIndex& index, const Statement& allow) {
  for (std::uint32_t id : index.outer(allow)) {
    const Statement& d = st[id];
    if (&d == &allow || !d.denies() || conditional(d)) continue;
    if (eval::actions_subset(allow, d) && eval::resources_subset(allow, d) && eval::principals_subset(allow, d))
      return &d;
  }
  return nullptr;
}

// redundancy/statement-covered
void statement_covered(const Context& ctx) {
  const auto& st = ctx.policy.statements;
  const CoverIndex index(st);
  Ids outer;
  for (const Statement& a : st) {
    if (!usable(a)) continue;
    // An Allow that a Deny cancels is allow-overridden's finding.
    if (a.allows() && overriding_deny(st, index, a) != nullptr) continue;
    outer = index.outer(a);
    for (std::uint32_t id : outer) {
      const Statement& b = st[id];
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
  const auto& st = ctx.policy.statements;
  const CoverIndex index(st);
  for (const Statement& a : st) {
    if (!a.allows()) continue;
    const Statement* d = overriding_deny(st, index, a);
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
