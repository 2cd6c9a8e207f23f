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

// The message id saying why a value is not "<service>:<name>" ("" when it is well formed).
std::string_view malformed_reason(std::string_view v) {
  if (v == "*") return "";
  if (v.empty()) return "action/malformed.empty";
  for (char c : v)
    if (util::is_space(c)) return "action/malformed.whitespace";
  std::size_t colon = v.find(':');
  if (colon == std::string_view::npos) return "action/malformed.no-service";
  if (v.find(':', colon + 1) != std::string_view::npos) return "action/malformed.colons";
  if (colon == 0) return "action/malformed.empty-service";
  if (colon + 1 == v.size()) return "action/malformed.empty-name";
  return "";
}

bool well_formed(std::string_view v) { return v != "*" && malformed_reason(v).empty(); }

std::string suggestion_text(const std::vector<const catalog::Action*>& sugg, Lang lang) {
  std::vector<std::string> items;
  for (const catalog::Action* a : sugg) items.push_back(quote(a->full()));
  return i18n::join_or(items, lang);
}

// action/malformed
void malformed(const Context& ctx) {
  for_each_action(ctx, [&](const Statement&, const Str& a) {
    std::string_view why = malformed_reason(a.value);
    if (why.empty()) return;
    Finding& f = ctx.report("action/malformed", a.node->span, msg(why, {{"action", quote(a.value)}}));
    // A trimmed value that is then well formed is a safe fix: RAM matches the trimmed text only.
    std::string_view t = util::trim(a.value);
    if (t.size() != a.value.size() && (t == "*" || malformed_reason(t).empty()) && plain_literal(ctx, a))
      f.fix = Fix{ctx.tr(msg("action/malformed.fix")), true, {Edit{a.node->span, "\"" + std::string(t) + "\""}}};
  });
}

// action/unknown-service
void unknown_service(const Context& ctx) {
  const auto& cat = catalog::get();
  for_each_action(ctx, [&](const Statement&, const Str& a) {
    if (!well_formed(a.value) || is_placeholder(a.value)) return;
    std::string_view svc = a.value.substr(0, a.value.find(':'));
    if (has_wildcard(svc) || cat.known_service(svc)) return;
    Message m = msg("action/unknown-service", {{"service", quote(svc)}, {"action", quote(a.value)}});
    std::optional<std::string_view> best;
    std::size_t best_d = 3;
    std::string lower_svc = util::to_lower(svc);
    for (const auto& code : cat.services()) {
      std::size_t d = edit_distance(lower_svc, code, util::Case::Sensitive, best_d - 1);
      if (d < best_d) best_d = d, best = code;
    }
    if (best) m = msg("common.did-you-mean", {{"message", ctx.tr(m)}, {"suggestion", quote(*best)}});
    ctx.report("action/unknown-service", a.node->span, m);
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
    // The documented spelling differs from the written one (checked without
    // building it: most entries are written as documented).
    bool differs = known != nullptr ? !(a.value.size() == known->service.size() + 1 + known->name.size() &&
                                        a.value.starts_with(known->service) && a.value[known->service.size()] == ':' &&
                                        a.value.ends_with(known->name))
                                    : util::has_upper(svc);
    if (differs) {
      std::string documented =
          known != nullptr ? known->full() : util::to_lower(svc) + std::string(a.value.substr(svc.size()));
      Message m = known != nullptr ? msg("action/case-mismatch.action",
                                         {{"action", quote(a.value)}, {"documented", quote(documented)}})
                                   : msg("action/case-mismatch.service",
                                         {{"service", quote(svc)}, {"documented", quote(util::to_lower(svc))}});
      Finding& f = ctx.report("action/case-mismatch", a.node->span, m);
      if (plain_literal(ctx, a))
        f.fix = Fix{ctx.tr(msg("common.write", {{"value", quote(documented)}})),
                    true,
                    {Edit{a.node->span, "\"" + documented + "\""}}};
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
    Message m = msg("action/unknown-action", {{"action", quote(a.value)}, {"service", quote(util::to_lower(svc))}});
    if (!sugg.empty() && (typo || !complete))
      m = msg("common.did-you-mean",
              {{"message", ctx.tr(m)}, {"suggestion", suggestion_text(sugg, ctx.settings.lang)}});
    Finding& f = ctx.report("action/unknown-action", a.node->span, m);
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
    ctx.report("action/wildcard-matches-nothing", a.node->span,
               msg("action/wildcard-matches-nothing", {{"pattern", quote(a.value)}, {"service", quote(svc)}}));
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
