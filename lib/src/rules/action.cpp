// Rules of the "action" family: the shape of Action/NotAction values and what
// they name in the catalog (policy-language.md section 2.3).
#include <algorithm>
#include <string>
#include <vector>

#include "facts.hpp"
#include "families.hpp"
#include "model/placeholders.hpp"
#include "policylint/catalog.hpp"
#include "util.hpp"

namespace policylint::rules {

namespace {

// Values with template brackets belong to the placeholder family.
bool is_placeholder(std::string_view s) { return model::has_brackets(s); }

// Every Action and NotAction string of the document.
template <typename Fn>
void for_each_action(const Context& ctx, Fn&& fn) {
  for (const Statement& s : ctx.policy.statements) {
    for (const Str& a : s.action.items) fn(s, a);
    for (const Str& a : s.not_action.items) fn(s, a);
  }
}

// Why a value is not "<service>:<name>" ("" when it is well formed).
std::string malformed_reason(std::string_view v) {
  if (v == "*") return "";
  if (v.empty()) return "is empty";
  for (char c : v)
    if (util::is_space(c)) return "contains whitespace";
  std::size_t colon = v.find(':');
  if (colon == std::string_view::npos) return "has no service prefix (\"<service>:<action>\")";
  if (v.find(':', colon + 1) != std::string_view::npos) return "has more than one ':'";
  if (colon == 0) return "has an empty service code before ':'";
  if (colon + 1 == v.size()) return "has an empty action name after ':'";
  return "";
}

bool well_formed(std::string_view v) { return v != "*" && malformed_reason(v).empty(); }

std::string suggestion_text(const std::vector<const catalog::Action*>& sugg) {
  std::string out;
  for (std::size_t i = 0; i < sugg.size(); ++i) {
    if (i > 0) out += i + 1 == sugg.size() ? " or " : ", ";
    out += quote(sugg[i]->full());
  }
  return out;
}

// action/malformed
void malformed(const Context& ctx) {
  for_each_action(ctx, [&](const Statement&, const Str& a) {
    std::string why = malformed_reason(a.value);
    if (why.empty()) return;
    Finding& f = ctx.out.report("action/malformed", a.node->span, "action " + quote(a.value) + " " + why);
    // A trimmed value that is then well formed is a safe fix: RAM matches the trimmed text only.
    std::string_view t = util::trim(a.value);
    if (t.size() != a.value.size() && (t == "*" || malformed_reason(t).empty()) && plain_literal(ctx, a))
      f.fix = Fix{"remove the whitespace around the action", true, {Edit{a.node->span, "\"" + std::string(t) + "\""}}};
  });
}

// action/unknown-service
void unknown_service(const Context& ctx) {
  const auto& cat = catalog::get();
  for_each_action(ctx, [&](const Statement&, const Str& a) {
    if (!well_formed(a.value) || is_placeholder(a.value)) return;
    std::string_view svc = a.value.substr(0, a.value.find(':'));
    if (has_wildcard(svc) || cat.known_service(svc)) return;
    std::string msg = "service code " + quote(svc) + " of " + quote(a.value) + " is not in the catalog";
    std::optional<std::string_view> best;
    std::size_t best_d = 3;
    std::string lower_svc = util::to_lower(svc);
    for (const auto& code : cat.services()) {
      std::size_t d = edit_distance(lower_svc, code, util::Case::Sensitive, best_d - 1);
      if (d < best_d) best_d = d, best = code;
    }
    if (best) msg += "; did you mean " + quote(*best) + "?";
    ctx.out.report("action/unknown-service", a.node->span, msg);
  });
}

// Is the closest suggestion only a typo away: at most max(2, n/6) edits on
// the name after the ':' (case-insensitive)?
bool near_miss(std::string_view action, const std::vector<const catalog::Action*>& sugg) {
  if (sugg.empty()) return false;
  std::string name = util::to_lower(action.substr(action.find(':') + 1));
  std::size_t limit = std::max<std::size_t>(2, name.size() / 6);
  for (const catalog::Action* c : sugg)
    if (edit_distance(name, c->name, util::Case::Insensitive, limit) <= limit) return true;
  return false;
}

// action/unknown-action, action/case-mismatch
void unknown_action(const Context& ctx) {
  const auto& cat = catalog::get();
  for_each_action(ctx, [&](const Statement&, const Str& a) {
    if (!well_formed(a.value) || is_placeholder(a.value)) return;
    std::string_view svc = a.value.substr(0, a.value.find(':'));
    if (has_wildcard(svc) || !cat.known_service(svc)) return;  // action/unknown-service
    const catalog::Action* known = has_wildcard(a.value) ? nullptr : cat.find(a.value);
    // RAM matches actions case-insensitively "in most cases" and an official
    // system policy writes "Ecs:DescribeSecurityGroups": never more than a note.
    std::string documented =
        known != nullptr ? known->full() : util::to_lower(svc) + std::string(a.value.substr(svc.size()));
    if (documented != a.value && (known != nullptr || svc != util::to_lower(svc))) {
      std::string what = known != nullptr ? "action " + quote(a.value) : "service code " + quote(svc);
      std::string as = known != nullptr ? quote(documented) : quote(util::to_lower(svc));
      Finding& f = ctx.out.report("action/case-mismatch", a.node->span, what + " is documented as " + as);
      if (plain_literal(ctx, a))
        f.fix = Fix{"write " + quote(documented), true, {Edit{a.node->span, "\"" + documented + "\""}}};
    }
    if (known != nullptr || has_wildcard(a.value) || !cat.has_actions(svc)) return;
    auto sugg = cat.suggest(a.value);
    bool complete = cat.complete(svc);
    // An incomplete list only speaks up when the name is a near miss of a listed one.
    if (!complete && sugg.empty()) return;
    // Even the complete OSS list lags real use: official system policies grant
    // oss:HeadBucket, oss:DescribeRegions, oss:ListBucketSpaces, ... Only a
    // near miss of a listed name (a likely typo) is worth a warning; a far
    // "did you mean" on a complete list would mislead.
    bool typo = near_miss(a.value, sugg);
    std::string msg =
        "action " + quote(a.value) + " is not in the catalog's list of " + quote(util::to_lower(svc)) + " actions";
    if (!sugg.empty() && (typo || !complete)) msg += "; did you mean " + suggestion_text(sugg) + "?";
    Finding& f = ctx.out.report("action/unknown-action", a.node->span, msg);
    if (!complete || !typo) mark_uncertain(f);
  });
}

// action/wildcard-matches-nothing
void wildcard_matches_nothing(const Context& ctx) {
  const auto& cat = catalog::get();
  for_each_action(ctx, [&](const Statement&, const Str& a) {
    if (!well_formed(a.value) || is_placeholder(a.value) || !has_wildcard(a.value)) return;
    std::string_view svc = a.value.substr(0, a.value.find(':'));
    // Only a literal service with a complete action list can prove "nothing".
    if (has_wildcard(svc) || !cat.complete(svc)) return;
    if (!ctx.facts().expand(a.value).empty()) return;
    ctx.out.report("action/wildcard-matches-nothing", a.node->span,
                   "pattern " + quote(a.value) + " matches no " + quote(svc) + " action");
  });
}

}  // namespace

constexpr RuleImpl kRules[] = {
    {"action/case-mismatch", unknown_action},
    {"action/malformed", malformed},
    {"action/unknown-action", unknown_action},
    {"action/unknown-service", unknown_service},
    {"action/wildcard-matches-nothing", wildcard_matches_nothing},
};

std::span<const RuleImpl> action_rules() { return kRules; }

}  // namespace policylint::rules
