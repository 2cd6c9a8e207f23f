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

// The required patterns of the scenario's destination.
std::vector<std::string> required_patterns(const Intent& intent) {
  std::vector<std::string> out;
  for (const auto* n : needs(intent.scenario->name, "destination", Need::Required)) out.push_back(n->action);
  return out;
}

// Each value quoted, joined with "and" in the run's language.
std::string quoted_and(const Context& ctx, const std::vector<std::string>& items) {
  std::vector<std::string> quoted;
  for (const auto& i : items) quoted.push_back(quote(i));
  return i18n::join_and(quoted, ctx.settings.lang);
}

std::vector<std::string> rows_actions(const std::vector<const ActionNeed*>& rows) {
  std::vector<std::string> out;
  for (const auto* n : rows) out.push_back(n->action);
  return out;
}

// The message id of a family's finding: "<family>/<rule>" and the variant
// ".for" when the grant is for a principal (bucket policies).
std::string message_id(std::string_view family, std::string_view rule, std::string_view variant, const Use* u) {
  std::string id = std::string(family) + "/" + std::string(rule);
  std::string v(variant);
  if (u != nullptr && !u->principal.empty()) v += v.empty() ? "for" : "-for";
  return v.empty() ? id : id + "." + v;
}

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
  const std::string scenario = scenario_description(ctx, *intent.scenario);
  if (!missing.empty()) {
    Span at = p.statement_member ? p.statement_member->value->span
                                 : (p.root ? Span{p.root->span.begin, p.root->span.begin + 1} : Span{});
    const std::string id = family + "/missing-action.account";
    ctx.report(family + "/missing-action", at,
               msg(id, {{"missing", quoted_and(ctx, missing)},
                        {"scenario", scenario},
                        {"actions", quoted_and(ctx, rows_actions(rows))}}));
  }
  for (const auto& [action, s] : narrow) {
    const json::Node* at = s->resources().node != nullptr ? s->resources().node : s->node;
    const std::string id = family + "/missing-resource-form.account";
    Finding& f = ctx.report(family + "/missing-resource-form", at->span,
                            msg(id, {{"action", quote(action)}, {"scenario", scenario}}));
    mark_uncertain(f);
  }
}

}  // namespace

void check_requirements(const Context& ctx) {
  const Facts& facts = ctx.facts();
  const Intent& intent = facts.intent();
  if (intent.declared && intent.scenario != nullptr) check_account_rows(ctx, intent);
  // The family that reports: its messages (<family>/missing-action.*,
  // <family>/missing-resource-form.*) word the findings.
  std::string_view family = facts.replication_applies() ? "replication" : facts.migration_applies() ? "migration" : "";
  if (family.empty()) return;
  const Policy& p = ctx.policy;
  const std::string missing_action = std::string(family) + "/missing-action";
  const std::string missing_form = std::string(family) + "/missing-resource-form";
  const std::string required = quoted_and(ctx, required_patterns(intent));

  for (const Gap& g : facts.gaps()) {
    if (g.type == Gap::Type::NoBucket) {
      Span at = p.statement_member ? p.statement_member->value->span
                                   : (p.root ? Span{p.root->span.begin, p.root->span.begin + 1} : Span{});
      const std::string id = missing_action + ".no-bucket";
      ctx.report(missing_action, at,
                 msg(id, {{"actions", quoted_and(ctx, g.actions)},
                          {"required", required},
                          {"scenario", scenario_description(ctx, *intent.scenario)}}));
      continue;
    }
    const Use& u = *g.use;
    const Statement& s = *u.anchor;
    const std::string role_id = missing_action + (u.destination ? ".role-destination" : ".role-source");
    const std::string role = ctx.tr(msg(role_id, {{"bucket", quote(u.bucket)}}));
    const std::string principal = u.principal.empty() ? std::string() : quote(u.principal);
    if (g.type == Gap::Type::Missing) {
      const json::Node* at = s.actions().node != nullptr ? s.actions().node : s.node;
      const std::string id = message_id(family, "missing-action", "", &u);
      Finding& f = ctx.report(missing_action, at->span,
                              msg(id, {{"role", role},
                                       {"actions", quoted_and(ctx, g.actions)},
                                       {"count", g.actions.size()},
                                       {"principal", principal},
                                       {"required", required},
                                       {"bucket_arn", quote(u.arn(Form::Bucket))},
                                       {"object_arn", quote(u.arn(Form::Object))}}));
      intent.qualify(ctx, f);
      continue;
    }
    if (g.type == Gap::Type::Partial) {
      // The docs grant the wildcard; whether fewer actions suffice is not
      // documented: a warning, never an error.
      const auto& lacking = g.lacking;
      std::string shown;
      for (std::size_t i = 0; i < lacking.size() && i < 3; ++i)
        shown += (i > 0 ? ctx.settings.lang == Lang::Zh ? "、" : ", " : "") + quote(lacking[i]);
      if (lacking.size() > 3) {
        const std::string more = missing_action + ".more";
        shown = ctx.tr(msg(more, {{"list", shown}, {"n", lacking.size() - 3}}));
      }
      const json::Node* at = s.actions().node != nullptr ? s.actions().node : s.node;
      const std::string id = message_id(family, "missing-action", "partial", &u);
      Finding& f = ctx.report(missing_action, at->span,
                              msg(id, {{"role", role},
                                       {"principal", principal},
                                       {"pattern", quote(g.actions.front())},
                                       {"lacking", shown},
                                       {"count", lacking.size()}}));
      intent.qualify(ctx, f);
      mark_uncertain(f);
      continue;
    }
    // A form gap: reported at the resource that is there.
    Form present_form = g.missing == Form::Bucket ? Form::Object : Form::Bucket;
    Span at = g.present != nullptr ? g.present->node->span
                                   : (s.resources().node != nullptr ? s.resources().node->span : s.node->span);
    if (g.narrow != nullptr) at = g.narrow->node->span;
    const std::string id = message_id(family, "missing-resource-form", g.narrow != nullptr ? "narrow" : "", &u);
    Finding& f = ctx.report(missing_form, at,
                            msg(id, {{"actions", quoted_and(ctx, g.actions)},
                                     {"count", g.actions.size()},
                                     {"role", role},
                                     {"principal", principal},
                                     {"present", form_name(ctx, present_form)},
                                     {"narrow", g.narrow != nullptr ? quote(g.narrow->value) : std::string()},
                                     {"arn", quote(g.missing_arn)}}));
    intent.qualify(ctx, f);
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
        f.fix = Fix{ctx.tr(msg(missing_form + ".fix", {{"arn", quote(g.missing_arn)}})), true, {*e}};
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
