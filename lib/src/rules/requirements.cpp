// The requirement check of the replication and migration families: each
// required row of rules/requirements/actions.tsv against the buckets the
// document's grant names (Facts::gaps()), each gap reported once, by the
// family of the document's scenario.
#include "requirements.hpp"

#include <algorithm>

#include "facts.hpp"
#include "model/arn.hpp"
#include "policylint/eval.hpp"
#include "util.hpp"

namespace policylint::rules {

namespace {

// How each family words its findings (the per-family table).
struct Wording {
  std::string_view family;  // rule id prefix and the role in messages: "replication destination ..."
  // The policy names no bucket (declared intent only).
  std::string (*no_bucket)(const Intent& intent, const std::vector<std::string>& lacking);
  // Required patterns granted on neither form.
  std::string (*missing)(const Intent& intent, const Gap& g);
};

std::string replication_no_bucket(const Intent& intent, const std::vector<std::string>& lacking) {
  return "the policy grants " + quoted_list(lacking) + " on no bucket; a " + intent.scenario->description +
         " needs them on the bucket ARN and the /* object ARN";
}

std::string replication_missing(const Intent&, const Gap& g) {
  return "; replication needs " + std::string(g.actions.size() == 1 ? "it" : "them") + " on " +
         quote(g.use->arn(Form::Bucket)) + " and " + quote(g.use->arn(Form::Object));
}

std::vector<std::string> required_patterns(const Intent& intent) {
  std::vector<std::string> out;
  for (const auto* n : needs(intent.scenario->name, "destination", Need::Required)) out.push_back(n->action);
  return out;
}

std::string migration_no_bucket(const Intent& intent, const std::vector<std::string>&) {
  return "the policy lets the migration role write to no bucket; a " + intent.scenario->description + " grants " +
         quoted_list(required_patterns(intent)) + " on the destination bucket ARN and its /* object ARN";
}

std::string migration_missing(const Intent& intent, const Gap& g) {
  return "; Data Online Migration needs " + quoted_list(required_patterns(intent)) + " on " +
         quote(g.use->arn(Form::Bucket)) + " and " + quote(g.use->arn(Form::Object));
}

std::vector<std::string> rows_actions(const std::vector<const ActionNeed*>& rows) {
  std::vector<std::string> out;
  for (const auto* n : rows) out.push_back(n->action);
  return out;
}

constexpr Wording kReplication{"replication", replication_no_bucket, replication_missing};
constexpr Wording kMigration{"migration", migration_no_bucket, migration_missing};

std::string for_principal(const Use& u) { return u.principal.empty() ? "" : " for " + quote(u.principal); }

// Does the scenario's table name the action (a row's pattern, or an action a
// row's pattern matches)? Then adding the other ARN form to a statement of
// such actions grants exactly what the message names: a safe fix.
bool in_table(const Intent& intent, std::string_view action) {
  for (Need need : {Need::Required, Need::Optional, Need::Forbidden})
    for (std::string_view side : {"source", "destination"})
      for (const auto* n : needs(intent.scenario->name, side, need))
        if (iequals(action, n->action) || (concrete(action) && eval::wildcard_match(n->action, action, true)))
          return true;
  return false;
}

// Does a Resource value cover every resource of the action's service? "*",
// or a whole-service pattern such as "acs:ram:*:*:*" or "acs:ram:*:<uid>:*".
bool all_resources(std::string_view r, std::string_view action) {
  if (r == "*") return true;
  model::Arn arn = model::split_arn(r);
  std::string_view service = action.substr(0, action.find(':'));
  return arn.complete() && eval::wildcard_match(arn.scheme.text, "acs", false) && arn.resource.text == "*" &&
         eval::wildcard_match(arn.service.text, service, true);
}

bool covers_all(const Statement& s, std::string_view action) {
  return std::any_of(s.resource.items.begin(), s.resource.items.end(),
                     [&](const Str& r) { return all_resources(r.value, action); });
}

// The "account" rows of a declared scenario (MIG-01): each action must be
// allowed on "*". Not allowed at all: missing-action (one finding naming
// them all); allowed only on narrower resources: missing-resource-form, a
// warning (the docs grant "*", but a narrower grant may be enough).
void check_account_rows(const Context& ctx, const Intent& intent) {
  auto rows = needs(intent.scenario->name, "account", Need::Required);
  if (rows.empty()) return;
  const Policy& p = ctx.policy;
  const std::string family = intent.scenario->name.substr(0, intent.scenario->name.find('-'));
  std::vector<std::string> missing;
  std::vector<std::pair<std::string, const Statement*>> narrow;
  for (const ActionNeed* n : rows) {
    bool denied = false, everywhere = false;
    const Statement* somewhere = nullptr;
    for (const auto& s : p.statements) {
      if (!eval::covers_action(s, n->action)) continue;
      if (s.denies() && !s.has_condition() &&
          (covers_all(s, n->action) || (!s.resource.present() && s.not_resource.present())))
        denied = true;
      if (!s.allows()) continue;
      if (covers_all(s, n->action)) everywhere = true;
      if (somewhere == nullptr && (!s.resource.items.empty() || s.not_resource.present())) somewhere = &s;
    }
    if (everywhere && !denied) continue;
    if (somewhere != nullptr && !denied)
      narrow.emplace_back(n->action, somewhere);
    else
      missing.push_back(n->action);
  }
  if (!missing.empty()) {
    Span at = p.statement_member ? p.statement_member->value->span
                                 : (p.root ? Span{p.root->span.begin, p.root->span.begin + 1} : Span{});
    ctx.out.report(family + "/missing-action", at,
                   "the policy does not allow " + quoted_list(missing) + "; a " + intent.scenario->description +
                       " needs " + quoted_list(rows_actions(rows)) + " on \"*\"");
  }
  for (const auto& [action, s] : narrow) {
    const json::Node* at = s->resources().node != nullptr ? s->resources().node : s->node;
    Finding& f = ctx.out.report(family + "/missing-resource-form", at->span,
                                quote(action) + " is allowed only on narrower resources than \"*\"; the documented " +
                                    intent.scenario->description + " grants it on \"*\"");
    mark_uncertain(f);
  }
}

}  // namespace

void check_requirements(const Context& ctx) {
  const Facts& facts = ctx.facts();
  const Intent& intent = facts.intent();
  if (intent.declared && intent.scenario != nullptr) check_account_rows(ctx, intent);
  const Wording* w = facts.replication_applies() ? &kReplication : facts.migration_applies() ? &kMigration : nullptr;
  if (w == nullptr) return;
  const Policy& p = ctx.policy;
  const std::string missing_action = std::string(w->family) + "/missing-action";
  const std::string missing_form = std::string(w->family) + "/missing-resource-form";

  for (const Gap& g : facts.gaps()) {
    if (g.type == Gap::Type::NoBucket) {
      Span at = p.statement_member ? p.statement_member->value->span
                                   : (p.root ? Span{p.root->span.begin, p.root->span.begin + 1} : Span{});
      ctx.out.report(missing_action, at, w->no_bucket(intent, g.actions));
      continue;
    }
    const Use& u = *g.use;
    const Statement& s = *u.anchor;
    std::string role = std::string(w->family) + (u.destination ? " destination " : " source ") + quote(u.bucket);
    if (g.type == Gap::Type::Missing) {
      const json::Node* at = s.actions().node != nullptr ? s.actions().node : s.node;
      Finding& f =
          ctx.out.report(missing_action, at->span,
                         role + " is not granted " + quoted_list(g.actions) + for_principal(u) + w->missing(intent, g));
      intent.qualify(f);
      continue;
    }
    if (g.type == Gap::Type::Partial) {
      // The docs grant the wildcard; whether fewer actions suffice is not
      // documented: a warning, never an error.
      const auto& lacking = g.lacking;
      std::string shown;
      for (std::size_t i = 0; i < lacking.size() && i < 3; ++i) shown += (i > 0 ? ", " : "") + quote(lacking[i]);
      if (lacking.size() > 3) shown += " and " + std::to_string(lacking.size() - 3) + " more";
      const json::Node* at = s.actions().node != nullptr ? s.actions().node : s.node;
      Finding& f =
          ctx.out.report(missing_action, at->span,
                         role + for_principal(u) + " gets only part of " + quote(g.actions.front()) + ": " + shown +
                             (lacking.size() == 1 ? " is" : " are") +
                             " not allowed; the documented migration policy grants " + quote(g.actions.front()));
      intent.qualify(f);
      mark_uncertain(f);
      continue;
    }
    // A form gap: reported at the resource that is there.
    Form present_form = g.missing == Form::Bucket ? Form::Object : Form::Bucket;
    std::string verb = g.actions.size() == 1 ? " is" : " are";
    Span at = g.present != nullptr ? g.present->node->span
                                   : (s.resources().node != nullptr ? s.resources().node->span : s.node->span);
    std::string msg = quoted_list(g.actions) + verb + " allowed on " + role + for_principal(u) + " only on the " +
                      std::string(form_name(present_form)) + ", not on " + quote(g.missing_arn);
    if (g.narrow != nullptr) {
      at = g.narrow->node->span;
      msg = quoted_list(g.actions) + verb + " allowed on objects of " + role + for_principal(u) + " only through " +
            quote(g.narrow->value) + ", not on " + quote(g.missing_arn);
    }
    Finding& f = ctx.out.report(missing_form, at, msg);
    intent.qualify(f);
    if (g.narrow != nullptr) {
      // The docs always grant <bucket>/*; whether a prefix-limited grant
      // works is not documented.
      mark_uncertain(f);
      continue;
    }
    bool only_table = s.allows() && !s.action.items.empty() &&
                      std::all_of(s.action.items.begin(), s.action.items.end(),
                                  [&](const Str& x) { return in_table(intent, x.value); });
    if (g.present != nullptr && only_table)
      if (auto e = insert_form_edit(ctx, s, *g.present, g.missing))
        f.fix = Fix{"add " + quote(g.missing_arn) + " to this statement's Resource", true, {*e}};
  }
}

bool gap_reported(const Context& ctx, const Statement& s, std::string_view action, const std::string& arn) {
  for (const Gap& g : ctx.facts().gaps()) {
    if (g.type != Gap::Type::Form || g.narrow != nullptr || g.missing_arn != arn || g.use->anchor != &s) continue;
    for (const auto& pattern : g.actions)
      if (eval::wildcard_match(pattern, action, true)) return true;
  }
  return false;
}

}  // namespace policylint::rules
