// Rules of the "replication" family: the trust policy, role permission
// policies and destination bucket policy of OSS data replication
// (REQUIREMENTS.md REP-01..REP-07, REP-11; seeds 001 and 003).
#include <algorithm>

#include "facts.hpp"
#include "families.hpp"
#include "policylint/eval.hpp"
#include "requirements.hpp"
#include "scenario.hpp"
#include "util.hpp"

namespace policylint::rules {

namespace {

constexpr std::string_view kPut = "oss:ReplicatePut", kDelete = "oss:ReplicateDelete";

// replication/put-on-source
void put_on_source(const Context& ctx) {
  const Facts& facts = ctx.facts();
  if (!facts.replication_applies() || ctx.policy.kind != Kind::Permission) return;
  const Intent& intent = facts.intent();
  const auto& scope = facts.replication().scope;
  for (const Statement* s : scope) {
    std::vector<const Str*> items;
    for (const auto& item : s->action.items)
      if (is_write_item(item)) items.push_back(&item);
    auto names = buckets_of(*s);
    if (items.empty() || names.empty()) continue;
    std::vector<std::string> shown;
    for (const Str* i : items) shown.push_back(quote(i->value));
    const std::string actions = i18n::join_and(shown, ctx.settings.lang);
    // One finding per statement: its write actions reach the source bucket.
    if (facts.replication_source_only()) {
      Finding& f =
          ctx.report("replication/put-on-source", items.front()->node->span,
                     msg("replication/put-on-source",
                         {{"actions", actions}, {"count", items.size()}, {"bucket", quote(names.front().first)}}));
      for (std::size_t i = 1; i < items.size(); ++i)
        f.related.push_back(Related{items[i]->node->span, ctx.tr(msg("replication/put-on-source.also-here")), {}});
      intent.qualify(ctx, f);
      continue;
    }
    for (const auto& [bucket, res] : names) {
      const Statement* reader = misplaced_in(scope, *s, bucket);
      if (reader == nullptr) continue;
      Finding& f = ctx.report("replication/put-on-source", items.front()->node->span,
                              msg("replication/put-on-source.misplaced",
                                  {{"actions", actions}, {"count", items.size()}, {"bucket", quote(bucket)}}));
      f.related.push_back(Related{
          res->node->span, ctx.tr(msg("replication/put-on-source.named-here", {{"bucket", quote(bucket)}})), {}});
      f.related.push_back(Related{reader->action.node->span,
                                  ctx.tr(msg("replication/put-on-source.read-here", {{"bucket", quote(bucket)}})),
                                  {}});
      intent.qualify(ctx, f);
      break;
    }
  }
}

// replication/cross-account-resource
void cross_account_resource(const Context& ctx) {
  const Facts& facts = ctx.facts();
  if (!facts.replication_applies() || ctx.policy.kind != Kind::Permission) return;
  const ReplicationGrant& a = facts.replication();
  struct Named {
    const Str* item;
    std::string account;
    std::string bucket;
    bool destination;
  };
  std::vector<Named> named;
  for (const Statement* s : a.scope)
    for (const auto& r : s->resource.items) {
      auto arn = parse_oss_arn(r.value);
      if (!arn || !concrete(arn->account()) || arn->account().empty()) continue;
      bool dest = std::any_of(a.uses.begin(), a.uses.end(),
                              [&](const Use& u) { return u.bucket == arn->bucket.text && u.destination; });
      named.push_back(Named{&r, std::string(arn->account()), std::string(arn->bucket.text), dest});
    }
  if (named.empty()) return;
  std::string own = ctx.settings.account;
  std::string why;
  if (!own.empty()) {
    why = ctx.tr(msg("replication/cross-account-resource.why-owner", {{"account", own}}));
  } else {
    // The role lives in the source account: an account named only by
    // destination resources is the other one.
    std::vector<std::string> accounts;
    for (const auto& n : named)
      if (std::find(accounts.begin(), accounts.end(), n.account) == accounts.end()) accounts.push_back(n.account);
    if (accounts.size() < 2) return;
    own = named.front().account;
    for (const auto& n : named)
      if (!n.destination) {
        own = n.account;
        break;
      }
    why = ctx.tr(msg("replication/cross-account-resource.why-others", {{"account", own}}));
  }
  std::vector<std::string> reported;
  for (const auto& n : named) {
    if (n.account == own || std::find(reported.begin(), reported.end(), n.account) != reported.end()) continue;
    reported.push_back(n.account);
    Finding& f = ctx.report(
        "replication/cross-account-resource", n.item->node->span,
        msg("replication/cross-account-resource",
            {{"resource", quote(n.item->value)}, {"account", n.account}, {"why", why}, {"bucket", quote(n.bucket)}}));
    for (const auto& m : named)
      if (m.account == n.account && m.item != n.item)
        f.related.push_back(Related{m.item->node->span,
                                    ctx.tr(msg("replication/cross-account-resource.related", {{"account", n.account}})),
                                    {}});
  }
}

// replication/delete-granted
void delete_granted(const Context& ctx) {
  const Facts& facts = ctx.facts();
  // On a source it is put-on-source's finding.
  if (!facts.replication_applies() || facts.replication_source_only()) return;
  const Intent& intent = facts.intent();
  const ReplicationGrant& a = facts.replication();
  const Policy& p = ctx.policy;
  for (const Statement* s : a.scope) {
    for (const auto& item : s->action.items) {
      if (!iequals(item.value, kDelete)) continue;
      std::string inconsistent;
      std::vector<std::string> principals = {""};
      if (p.kind == Kind::Bucket) {
        principals.clear();
        for (const auto& v : s->principal.all()) principals.emplace_back(v.value);
      }
      for (const auto& [bucket, res] : buckets_of(*s))
        for (const auto& pr : principals)
          if (inconsistent.empty() && !allowed(p, kPut, bucket, Form::Bucket, pr) &&
              !allowed(p, kPut, bucket, Form::Object, pr))
            inconsistent = std::string(bucket);
      if (!inconsistent.empty()) {
        Finding& f = ctx.report("replication/delete-granted", item.node->span,
                                msg("replication/delete-granted.inconsistent",
                                    {{"action", quote(item.value)}, {"bucket", quote(inconsistent)}}));
        f.severity = Severity::Error;  // a declared destination without ReplicatePut is incomplete
        intent.qualify(ctx, f);
        continue;
      }
      ctx.report("replication/delete-granted", item.node->span,
                 msg("replication/delete-granted", {{"action", quote(item.value)}}));
    }
  }
}

// replication/too-broad
void too_broad(const Context& ctx) {
  const Facts& facts = ctx.facts();
  if (!facts.replication_applies() || ctx.policy.kind != Kind::Permission) return;
  const Intent& intent = facts.intent();
  for (const auto& s : ctx.policy.statements) {
    if (!s.allows() || s.has_condition()) continue;
    const Str* all_buckets = nullptr;
    for (const auto& r : s.resource.items) {
      auto arn = parse_oss_arn(r.value);
      if (r.value == "*" || (arn && arn->bucket.text == "*" && !arn->has_key)) all_buckets = &r;
    }
    if (all_buckets == nullptr) continue;
    for (const auto& item : s.action.items) {
      if (!iequals(item.value, "oss:*")) continue;
      Finding& f = ctx.report(
          "replication/too-broad", item.node->span,
          msg("replication/too-broad", {{"action", quote(item.value)}, {"resource", quote(all_buckets->value)}}));
      f.related.push_back(Related{all_buckets->node->span, ctx.tr(msg("replication/too-broad.related")), {}});
      intent.qualify(ctx, f);
    }
  }
}

// replication/trust-missing-oss-service
void trust_missing_oss_service(const Context& ctx) {
  const Intent& intent = ctx.facts().intent();
  if (!intent.is("replication-trust")) return;
  const Policy& p = ctx.policy;
  constexpr std::string_view kOss = "oss.aliyuncs.com", kAssume = "sts:AssumeRole";
  auto names_oss = [&](const Statement& s) {
    for (const auto& e : s.principal.entries)
      if (e.key == "Service")
        for (const auto& v : e.values.items)
          if (iequals(v.value, kOss)) return true;
    return false;
  };
  bool allow = false;
  const Statement* denier = nullptr;
  for (const auto& s : p.statements) {
    if (!names_oss(s) && !(s.denies() && covers_principal(s, "*"))) continue;
    if (!eval::covers_action(s, kAssume)) continue;
    if (s.allows()) allow = true;
    if (s.denies() && !s.has_condition() && denier == nullptr) denier = &s;
  }
  if (allow && denier == nullptr) return;
  auto report = [&](Span at, const Message& m) {
    Finding& f = ctx.report("replication/trust-missing-oss-service", at, m);
    intent.qualify(ctx, f);
  };
  if (denier != nullptr) {
    report(denier->effect_member ? denier->effect_member->value->span : denier->node->span,
           msg("replication/trust-missing-oss-service.deny"));
    return;
  }
  // Say why the OSS principal that is there does not count.
  for (const auto& s : p.statements)
    for (const auto& e : s.principal.entries)
      for (const auto& v : e.values.items) {
        if (!iequals(v.value, kOss)) continue;
        if (e.key != "Service") {
          report(v.node->span, e.key.empty()
                                   ? msg("replication/trust-missing-oss-service.plain", {{"value", quote(v.value)}})
                                   : msg("replication/trust-missing-oss-service.under",
                                         {{"value", quote(v.value)}, {"key", quote(e.key)}}));
          return;
        }
        if (s.allows() && !eval::covers_action(s, kAssume)) {
          const json::Node* at = s.actions().node != nullptr ? s.actions().node : s.node;
          report(at->span, msg("replication/trust-missing-oss-service.no-assume"));
          return;
        }
      }
  if (!intent.declared) return;
  // A near miss of the OSS service principal.
  for (const auto& s : p.statements)
    for (const auto& v : s.principal.of("Service"))
      if (edit_distance(v.value, kOss) <= 3) {
        Finding& f = ctx.report("replication/trust-missing-oss-service", v.node->span,
                                msg("replication/trust-missing-oss-service.near-miss", {{"value", quote(v.value)}}));
        f.fix = Fix{ctx.tr(msg("replication/trust-missing-oss-service.fix")),
                    false,
                    {Edit{v.node->span, "\"oss.aliyuncs.com\""}}};
        return;
      }
  Span at = p.root ? Span{p.root->span.begin, p.root->span.begin + 1} : Span{};
  for (const auto& s : p.statements)
    if (s.allows() && s.principal.present()) {
      at = s.principal.member->value->span;
      break;
    }
  report(at, msg("replication/trust-missing-oss-service"));
}

constexpr RuleImpl kRules[] = {
    {"replication/cross-account-resource", cross_account_resource},
    {"replication/delete-granted", delete_granted},
    {"replication/missing-action", check_requirements},
    {"replication/missing-resource-form", check_requirements},
    {"replication/put-on-source", put_on_source},
    {"replication/too-broad", too_broad},
    {"replication/trust-missing-oss-service", trust_missing_oss_service},
};

}  // namespace

std::span<const RuleImpl> replication_rules() { return kRules; }

}  // namespace policylint::rules
