// Rules of the "replication" family: the trust policy, role permission
// policies and destination bucket policy of OSS data replication
// (REQUIREMENTS.md REP-01..REP-07, REP-11; seeds 001 and 003).
#include <algorithm>

#include "families.hpp"
#include "policylint/eval.hpp"
#include "scenario.hpp"
#include "util.hpp"

namespace policylint::rules {

namespace {

constexpr std::string_view kList = "oss:ReplicateList", kGet = "oss:ReplicateGet", kPut = "oss:ReplicatePut",
                           kDelete = "oss:ReplicateDelete";
constexpr std::string_view kReplicate[] = {kList, kGet, kPut, kDelete};

bool is_replicate_item(std::string_view v) { return v.size() >= 13 && iequals(v.substr(0, 13), "oss:Replicate"); }

bool literal_replicate(const Statement& s) {
  return s.allows() && std::any_of(s.action.items.begin(), s.action.items.end(),
                                   [](const Str& a) { return is_replicate_item(a.value); });
}

bool covers_any_replicate(const Statement& s) {
  return std::any_of(std::begin(kReplicate), std::end(kReplicate), [&](auto a) { return eval::covers_action(s, a); });
}

bool writes(const Statement& s) { return eval::covers_action(s, kPut) || eval::covers_action(s, kDelete); }

// A bucket a replication grant names, for one principal (bucket policies).
struct Use {
  std::string bucket;
  std::string principal;
  const Statement* anchor = nullptr;  // the first statement naming the bucket
  std::string head;                   // "acs:oss:*:<account>:" as the anchor writes it
  bool destination = false;
  std::string arn(Form f) const { return head + bucket + (f == Form::Object ? "/*" : ""); }
};

struct Analysis {
  Intent intent;
  std::vector<const Statement*> scope;  // the statements that make up the replication grant
  std::vector<Use> uses;
  bool applies() const { return intent.starts_with("replication-") && !intent.is("replication-trust"); }
  bool source_only() const { return intent.is("replication-source-role-policy"); }
};

// Concrete bucket names in a statement's Resource.
std::vector<std::pair<std::string_view, const Str*>> buckets_of(const Statement& s) {  // NOLINT
  std::vector<std::pair<std::string_view, const Str*>> out;
  for (const auto& r : s.resource.items)
    if (auto arn = parse_oss_arn(r.value); arn && concrete(arn->bucket)) out.emplace_back(arn->bucket, &r);
  return out;
}

bool names_bucket(const Statement& s, std::string_view bucket) {
  auto names = buckets_of(s);
  return std::any_of(names.begin(), names.end(), [&](const auto& n) { return n.first == bucket; });
}

bool is_write_item(const Str& x) {
  return is_replicate_item(x.value) &&
         (eval::wildcard_match(x.value, kPut, true) || eval::wildcard_match(x.value, kDelete, true));
}

// A statement other than except that grants the bucket only literal
// ReplicateList/ReplicateGet: in a same-account policy, the bucket is the source.
const Statement* read_only_elsewhere(const std::vector<const Statement*>& scope, std::string_view bucket,
                                     const Statement* except) {
  for (const Statement* t : scope) {
    if (t == except || !names_bucket(*t, bucket) || t->action.items.empty()) continue;
    if (std::all_of(t->action.items.begin(), t->action.items.end(),
                    [](const Str& x) { return is_replicate_item(x.value) && concrete(x.value) && !is_write_item(x); }))
      return t;
  }
  return nullptr;
}

// In a same-account policy: is the bucket the source, wrongly named by the
// write statement w? It is when another statement grants it only
// ReplicateList/ReplicateGet while w also names a bucket that no such
// statement names (the real destination). Returns that reading statement.
// A policy that splits one destination's actions over two statements
// (List/Get, then Put/Delete) is not a match: its write statement names no
// other bucket.
const Statement* misplaced_in(const std::vector<const Statement*>& scope, const Statement& w, std::string_view bucket) {
  if (!names_bucket(w, bucket)) return nullptr;
  const Statement* reader = read_only_elsewhere(scope, bucket, &w);
  if (reader == nullptr) return nullptr;
  for (const auto& [other, item] : buckets_of(w))
    if (other != bucket && read_only_elsewhere(scope, other, &w) == nullptr) return reader;
  return nullptr;
}

Analysis analyze(const Context& ctx) {
  Analysis a;
  a.intent = intent_of(ctx);
  if (!a.applies()) return a;
  const Policy& p = ctx.policy;
  bool bucket_policy = p.kind == Kind::Bucket;
  for (const auto& s : p.statements) {
    // Inferred: only statements that name Replicate actions; declared: any
    // grant that covers one (oss:*, or a policy that forgot them entirely).
    if (literal_replicate(s) || (a.intent.declared && s.allows() && covers_any_replicate(s))) a.scope.push_back(&s);
  }
  for (const Statement* s : a.scope) {
    std::vector<std::string> principals = {""};
    if (bucket_policy) {
      principals.clear();
      for (const auto& v : s->principal.all()) principals.emplace_back(v.value);
    }
    for (const auto& entry : buckets_of(*s)) {
      // A named reference, not the structured binding: clang 14 cannot
      // capture a structured binding in the lambda below.
      const auto& bucket = entry.first;
      const auto& item = entry.second;
      for (const auto& pr : principals) {
        bool seen = std::any_of(a.uses.begin(), a.uses.end(),
                                [&](const Use& u) { return u.bucket == bucket && u.principal == pr; });
        if (!seen)
          a.uses.push_back(Use{std::string(bucket), pr, s, std::string(parse_oss_arn(item->value)->head), false});
      }
    }
  }
  for (auto& u : a.uses) {
    if (a.source_only()) continue;
    if (!bucket_policy && std::any_of(a.scope.begin(), a.scope.end(), [&](const Statement* w) {
          return writes(*w) && misplaced_in(a.scope, *w, u.bucket) != nullptr;
        }))
      continue;
    if (bucket_policy && a.intent.declared) {
      u.destination = true;
      continue;
    }
    for (const Statement* s : a.scope) {
      auto names = buckets_of(*s);
      bool here = std::any_of(names.begin(), names.end(), [&](const auto& n) { return n.first == u.bucket; });
      if (here && covers_principal(*s, u.principal) && writes(*s)) u.destination = true;
    }
  }
  // An inferred destination bucket policy says nothing about buckets it only lets read.
  if (bucket_policy && !a.intent.declared) std::erase_if(a.uses, [](const Use& u) { return !u.destination; });
  return a;
}

std::string for_principal(const Use& u) { return u.principal.empty() ? "" : " for " + quote(u.principal); }

// replication/missing-action, replication/missing-resource-form
void missing(const Context& ctx) {
  Analysis a = analyze(ctx);
  if (!a.applies()) return;
  const Policy& p = ctx.policy;
  const std::string& scenario = a.intent.scenario->name;

  if (a.uses.empty() && a.intent.declared) {
    // Nothing named a bucket: is everything required allowed anyway (e.g. on "*")?
    auto req = needs(scenario, a.source_only() ? "source" : "destination", Need::Required);
    std::vector<std::string> lacking;
    for (const auto* n : req)
      if (!allowed(p, n->action, "any-bucket", Form::Bucket) || !allowed(p, n->action, "any-bucket", Form::Object))
        lacking.push_back(n->action);
    if (lacking.empty()) return;
    Span at = p.statement_member ? p.statement_member->value->span
                                 : (p.root ? Span{p.root->span.begin, p.root->span.begin + 1} : Span{});
    ctx.out.report("replication/missing-action", at,
                   "the policy grants " + quoted_list(lacking) + " on no bucket; a " + a.intent.scenario->description +
                       " needs them on the bucket ARN and the /* object ARN");
    return;
  }

  struct Done {
    const Statement* anchor;
    std::string bucket;
    std::vector<std::string> none, gap_bucket, gap_object;
  };
  std::vector<Done> done;
  for (const Use& u : a.uses) {
    std::string side = u.destination ? "destination" : "source";
    auto req = needs(scenario, side, Need::Required);
    // ReplicateDelete without ReplicatePut is replication/delete-granted's finding.
    bool delete_only = u.destination && !a.source_only() &&
                       (allowed(p, kDelete, u.bucket, Form::Bucket, u.principal) ||
                        allowed(p, kDelete, u.bucket, Form::Object, u.principal)) &&
                       !allowed(p, kPut, u.bucket, Form::Bucket, u.principal) &&
                       !allowed(p, kPut, u.bucket, Form::Object, u.principal);
    Done d{u.anchor, u.bucket, {}, {}, {}};
    for (const auto* n : req) {
      if (delete_only && iequals(n->action, kPut)) continue;
      bool b = allowed(p, n->action, u.bucket, Form::Bucket, u.principal);
      bool o = allowed(p, n->action, u.bucket, Form::Object, u.principal);
      if (!b && !o)
        d.none.push_back(n->action);
      else if (!b)
        d.gap_bucket.push_back(n->action);
      else if (!o)
        d.gap_object.push_back(n->action);
    }
    // Several principals of one statement with the same gaps: one root cause.
    bool repeated = std::any_of(done.begin(), done.end(), [&](const Done& x) {
      return x.anchor == d.anchor && x.bucket == d.bucket && x.none == d.none && x.gap_bucket == d.gap_bucket &&
             x.gap_object == d.gap_object;
    });
    done.push_back(d);
    if (repeated) continue;

    const Statement& s = *u.anchor;
    std::string role = "replication " + side + " " + quote(u.bucket);
    if (!d.none.empty()) {
      const json::Node* at = s.actions().node != nullptr ? s.actions().node : s.node;
      Finding& f = ctx.out.report("replication/missing-action", at->span,
                                  role + " is not granted " + quoted_list(d.none) + for_principal(u) +
                                      "; replication needs " + (d.none.size() == 1 ? "it" : "them") + " on " +
                                      quote(u.arn(Form::Bucket)) + " and " + quote(u.arn(Form::Object)));
      a.intent.qualify(f);
    }
    for (Form missing_form : {Form::Bucket, Form::Object}) {
      const auto& gap = missing_form == Form::Bucket ? d.gap_bucket : d.gap_object;
      if (gap.empty()) continue;
      Form present_form = missing_form == Form::Bucket ? Form::Object : Form::Bucket;
      const Str* present = form_item(s, u.bucket, present_form);
      const Str* narrow = missing_form == Form::Object ? narrower_object(p, gap.front(), u.bucket) : nullptr;
      Span at = present != nullptr ? present->node->span
                                   : (s.resources().node != nullptr ? s.resources().node->span : s.node->span);
      std::string missing_arn =
          present != nullptr ? form_arn(*parse_oss_arn(present->value), missing_form) : u.arn(missing_form);
      std::string msg = quoted_list(gap) + (gap.size() == 1 ? " is" : " are") + " allowed on " + role +
                        for_principal(u) + " only on the " + std::string(form_name(present_form)) + ", not on " +
                        quote(missing_arn);
      if (narrow != nullptr) {
        at = narrow->node->span;
        msg = quoted_list(gap) + (gap.size() == 1 ? " is" : " are") + " allowed on objects of " + role +
              for_principal(u) + " only through " + quote(narrow->value) + ", not on " + quote(missing_arn);
      }
      Finding& f = ctx.out.report("replication/missing-resource-form", at, msg);
      a.intent.qualify(f);
      if (narrow != nullptr) {
        // The docs always grant <bucket>/*; whether a prefix-limited rule
        // works with a narrower grant is not documented.
        f.severity = Severity::Warning;
        continue;
      }
      // Mechanical when the statement grants only Replicate actions: adding
      // the other form gives exactly the actions the message names.
      bool only_replicate = s.allows() && !s.action.items.empty() &&
                            std::all_of(s.action.items.begin(), s.action.items.end(),
                                        [](const Str& x) { return is_replicate_item(x.value) && concrete(x.value); });
      if (present != nullptr && only_replicate)
        if (auto e = insert_form_edit(ctx, s, *present, missing_form))
          f.fix = Fix{"add " + quote(missing_arn) + " to this statement's Resource", true, {*e}};
    }
  }
}

// replication/put-on-source
void put_on_source(const Context& ctx) {
  Analysis a = analyze(ctx);
  if (!a.applies() || ctx.policy.kind != Kind::Permission) return;
  for (const Statement* s : a.scope) {
    std::vector<const Str*> items;
    for (const auto& item : s->action.items)
      if (is_write_item(item)) items.push_back(&item);
    auto names = buckets_of(*s);
    if (items.empty() || names.empty()) continue;
    std::vector<std::string> shown;
    for (const Str* i : items) shown.emplace_back(i->value);
    std::string granted = quoted_list(shown) + (items.size() == 1 ? " is" : " are") + " granted on ";
    // One finding per statement: its write actions reach the source bucket.
    if (a.source_only()) {
      Finding& f = ctx.out.report("replication/put-on-source", items.front()->node->span,
                                  granted + quote(names.front().first) +
                                      ", but a replication source role only reads the source bucket; "
                                      "oss:ReplicatePut and oss:ReplicateDelete belong to the destination");
      for (std::size_t i = 1; i < items.size(); ++i)
        f.related.push_back(Related{items[i]->node->span, "also here", {}});
      a.intent.qualify(f);
      continue;
    }
    for (const auto& [bucket, res] : names) {
      const Statement* reader = misplaced_in(a.scope, *s, bucket);
      if (reader == nullptr) continue;
      Finding& f = ctx.out.report("replication/put-on-source", items.front()->node->span,
                                  granted + quote(bucket) +
                                      ", the replication source (another statement grants it only "
                                      "oss:ReplicateList and oss:ReplicateGet); oss:ReplicatePut and "
                                      "oss:ReplicateDelete belong to the destination");
      f.related.push_back(Related{res->node->span, quote(bucket) + " named here", {}});
      f.related.push_back(Related{reader->action.node->span, quote(bucket) + " is read as the source here", {}});
      a.intent.qualify(f);
      break;
    }
  }
}

// replication/cross-account-resource
void cross_account_resource(const Context& ctx) {
  Analysis a = analyze(ctx);
  if (!a.applies() || ctx.policy.kind != Kind::Permission) return;
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
      if (!arn || !concrete(arn->account) || arn->account.empty()) continue;
      bool dest = std::any_of(a.uses.begin(), a.uses.end(),
                              [&](const Use& u) { return u.bucket == arn->bucket && u.destination; });
      named.push_back(Named{&r, std::string(arn->account), std::string(arn->bucket), dest});
    }
  if (named.empty()) return;
  std::string own = ctx.settings.account;
  std::string why;
  if (!own.empty()) {
    why = "the policy belongs to account " + own + " (--account)";
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
    why = "its other resources name account " + own;
  }
  std::vector<std::string> reported;
  for (const auto& n : named) {
    if (n.account == own || std::find(reported.begin(), reported.end(), n.account) != reported.end()) continue;
    reported.push_back(n.account);
    Finding& f = ctx.out.report(
        "replication/cross-account-resource", n.item->node->span,
        quote(n.item->value) + " belongs to account " + n.account + ", but " + why +
            "; a RAM policy grants only resources of its own account, so this grant has no effect (account " +
            n.account + " must grant the role in the bucket policy of " + quote(n.bucket) + ")");
    for (const auto& m : named)
      if (m.account == n.account && m.item != n.item)
        f.related.push_back(Related{m.item->node->span, "also in account " + n.account, {}});
  }
}

// replication/delete-granted
void delete_granted(const Context& ctx) {
  Analysis a = analyze(ctx);
  if (!a.applies() || a.source_only()) return;  // on a source it is put-on-source's finding
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
        Finding& f = ctx.out.report("replication/delete-granted", item.node->span,
                                    quote(item.value) + " is granted on " + quote(inconsistent) +
                                        " without \"oss:ReplicatePut\": replication could delete objects there "
                                        "but never write them");
        f.severity = Severity::Error;  // a declared destination without ReplicatePut is incomplete
        a.intent.qualify(f);
        continue;
      }
      ctx.out.report("replication/delete-granted", item.node->span,
                     quote(item.value) +
                         " replicates deletions to the destination; it is needed only when the replication rule "
                         "syncs deletes (Add/Delete/Change), which the docs advise against for disaster-recovery "
                         "copies");
    }
  }
}

// replication/too-broad
void too_broad(const Context& ctx) {
  Analysis a = analyze(ctx);
  if (!a.applies() || ctx.policy.kind != Kind::Permission) return;
  for (const auto& s : ctx.policy.statements) {
    if (!s.allows() || s.has_condition()) continue;
    const Str* all_buckets = nullptr;
    for (const auto& r : s.resource.items) {
      auto arn = parse_oss_arn(r.value);
      if (r.value == "*" || (arn && arn->bucket == "*" && !arn->has_key)) all_buckets = &r;
    }
    if (all_buckets == nullptr) continue;
    for (const auto& item : s.action.items) {
      if (!iequals(item.value, "oss:*")) continue;
      Finding& f = ctx.out.report("replication/too-broad", item.node->span,
                                  quote(item.value) + " on " + quote(all_buckets->value) +
                                      " gives the replication role every OSS permission on every bucket of the "
                                      "account, like AliyunOSSFullAccess; it needs only the oss:Replicate* "
                                      "actions on its source and destination buckets");
      f.related.push_back(Related{all_buckets->node->span, "every bucket", {}});
      a.intent.qualify(f);
    }
  }
}

// replication/trust-missing-oss-service
void trust_missing_oss_service(const Context& ctx) {
  Intent intent = intent_of(ctx);
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
  auto report = [&](Span at, std::string msg) {
    Finding& f = ctx.out.report("replication/trust-missing-oss-service", at, std::move(msg));
    intent.qualify(f);
  };
  if (denier != nullptr) {
    report(denier->effect_member ? denier->effect_member->value->span : denier->node->span,
           "this Deny statement stops the OSS service (\"oss.aliyuncs.com\") from assuming the replication role");
    return;
  }
  // Say why the OSS principal that is there does not count.
  for (const auto& s : p.statements)
    for (const auto& e : s.principal.entries)
      for (const auto& v : e.values.items) {
        if (!iequals(v.value, kOss)) continue;
        if (e.key != "Service") {
          report(v.node->span, quote(v.value) + " is listed " +
                                   (e.key.empty() ? std::string("as a plain principal") : "under " + quote(e.key)) +
                                   "; OSS can assume the role only as a \"Service\" principal");
          return;
        }
        if (s.allows() && !eval::covers_action(s, kAssume)) {
          const json::Node* at = s.actions().node != nullptr ? s.actions().node : s.node;
          report(at->span, "the statement that trusts \"oss.aliyuncs.com\" does not allow \"sts:AssumeRole\"");
          return;
        }
      }
  if (!intent.declared) return;
  // A near miss of the OSS service principal.
  for (const auto& s : p.statements)
    for (const auto& v : s.principal.of("Service"))
      if (edit_distance(v.value, kOss) <= 3) {
        Finding& f = ctx.out.report("replication/trust-missing-oss-service", v.node->span,
                                    quote(v.value) + " is not the OSS service principal \"oss.aliyuncs.com\"");
        f.fix = Fix{"trust \"oss.aliyuncs.com\" instead", false, {Edit{v.node->span, "\"oss.aliyuncs.com\""}}};
        return;
      }
  Span at = p.root ? Span{p.root->span.begin, p.root->span.begin + 1} : Span{};
  for (const auto& s : p.statements)
    if (s.allows() && s.principal.present()) {
      at = s.principal.member->value->span;
      break;
    }
  report(at,
         "no statement lets the OSS service (\"Service\": \"oss.aliyuncs.com\") assume this role; OSS "
         "replication assumes it with sts:AssumeRole");
}

constexpr RuleImpl kRules[] = {
    {"replication/cross-account-resource", cross_account_resource},
    {"replication/delete-granted", delete_granted},
    {"replication/missing-action", missing},
    {"replication/missing-resource-form", missing},
    {"replication/put-on-source", put_on_source},
    {"replication/too-broad", too_broad},
    {"replication/trust-missing-oss-service", trust_missing_oss_service},
};

}  // namespace

std::span<const RuleImpl> replication_rules() { return kRules; }

}  // namespace policylint::rules
