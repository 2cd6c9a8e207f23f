// Rules of the "migration" family: the role and bucket policies of Data Online
// Migration (REQUIREMENTS.md MIG-02..MIG-04; seed 000).
#include <algorithm>

#include "families.hpp"
#include "policylint/eval.hpp"
#include "scenario.hpp"
#include "util.hpp"

namespace policylint::rules {

namespace {

constexpr std::string_view kPutAll = "oss:Put*";

bool has_item(const StrList& list, std::string_view value) {
  return std::any_of(list.items.begin(), list.items.end(), [&](const Str& s) { return iequals(s.value, value); });
}

// Does the statement let its principal write (any action oss:Put* stands for)?
bool writes(const Statement& s) {
  auto puts = expand_oss(kPutAll);
  return std::any_of(puts.begin(), puts.end(), [&](const OssAction& a) { return eval::covers_action(s, a.name); });
}

// A level fits a form: bucket-level actions on the bucket ARN, object-level
// ones on <bucket>/* (oss-actions.md "How to read the Level column").
bool fits(const OssAction& a, Form f) {
  return a.level == (f == Form::Bucket ? catalog::Level::Bucket : catalog::Level::Object);
}

struct Use {
  std::string bucket;
  std::string principal;
  const Statement* anchor = nullptr;
  std::string head;  // "acs:oss:*:<account>:" as the anchor writes it
  std::string arn(Form f) const { return head + bucket + (f == Form::Object ? "/*" : ""); }
};

enum class Cover : std::uint8_t { NotApplicable, None, Partial, Full };

struct Coverage {
  Cover cover = Cover::NotApplicable;
  std::vector<std::string> lacking;  // for Partial
};

Coverage coverage(const Policy& p, std::string_view pattern, const Use& u, Form f) {
  Coverage c;
  std::size_t relevant = 0, granted = 0;
  for (const auto& a : expand_oss(pattern)) {
    if (!fits(a, f)) continue;
    ++relevant;
    if (allowed(p, a.name, u.bucket, f, u.principal)) {
      ++granted;
    } else {
      c.lacking.push_back(a.name);
    }
  }
  if (relevant == 0) return c;
  c.cover = granted == 0 ? Cover::None : granted == relevant ? Cover::Full : Cover::Partial;
  return c;
}

std::string for_principal(const Use& u) { return u.principal.empty() ? "" : " for " + quote(u.principal); }

// migration/missing-action, migration/missing-resource-form
void missing(const Context& ctx) {
  Intent intent = intent_of(ctx);
  if (!intent.is("migration-role-policy") && !intent.is("migration-dest-bucket-policy")) return;
  const Policy& p = ctx.policy;
  const std::string& scenario = intent.scenario->name;
  auto req = needs(scenario, "destination", Need::Required);
  std::vector<std::string> req_names;
  for (const auto* n : req) req_names.push_back(n->action);

  // The destination: buckets the role may write to. Inferred, only through
  // the documented oss:Put* (a policy that reads or writes objects for some
  // other purpose is not a migration policy); declared, any write counts.
  std::vector<Use> uses;
  for (const auto& s : p.statements) {
    if (!s.allows() || !(intent.declared ? writes(s) : has_item(s.action, kPutAll))) continue;
    std::vector<std::string> principals = {""};
    if (p.kind == Kind::Bucket) {
      principals.clear();
      for (const auto& v : s.principal.all()) principals.emplace_back(v.value);
    }
    for (const auto& r : s.resource.items) {
      auto arn = parse_oss_arn(r.value);
      if (!arn || !concrete(arn->bucket)) continue;
      for (const auto& pr : principals)
        if (std::none_of(uses.begin(), uses.end(),
                         [&](const Use& u) { return u.bucket == arn->bucket && u.principal == pr; }))
          uses.push_back(Use{std::string(arn->bucket), pr, &s, std::string(arn->head)});
    }
  }
  if (uses.empty()) {
    if (!intent.declared) return;
    // No write on a named bucket: is everything allowed anyway (on "*")?
    Use any{"any-bucket", "", nullptr, {}};
    std::vector<std::string> lacking;
    for (const auto& r : req_names)
      for (Form f : {Form::Bucket, Form::Object})
        if (auto c = coverage(p, r, any, f); c.cover == Cover::None || c.cover == Cover::Partial) {
          if (std::find(lacking.begin(), lacking.end(), r) == lacking.end()) lacking.push_back(r);
        }
    if (lacking.empty()) return;
    Span at = p.statement_member ? p.statement_member->value->span
                                 : (p.root ? Span{p.root->span.begin, p.root->span.begin + 1} : Span{});
    ctx.out.report("migration/missing-action", at,
                   "the policy lets the migration role write to no bucket; a " + intent.scenario->description +
                       " grants " + quoted_list(req_names) + " on the destination bucket ARN and its /* object ARN");
    return;
  }

  struct Done {
    const Statement* anchor;
    std::string bucket;
    std::vector<std::string> none, gap_bucket, gap_object;
  };
  std::vector<Done> done;
  for (const Use& u : uses) {
    Done d{u.anchor, u.bucket, {}, {}, {}};
    std::vector<std::pair<std::string, Coverage>> partial;
    for (const auto& r : req_names) {
      Coverage b = coverage(p, r, u, Form::Bucket), o = coverage(p, r, u, Form::Object);
      bool b_none = b.cover == Cover::None, o_none = o.cover == Cover::None;
      bool b_na = b.cover == Cover::NotApplicable, o_na = o.cover == Cover::NotApplicable;
      if ((b_none || b_na) && (o_none || o_na)) {
        d.none.push_back(r);
        continue;
      }
      // A form gap only when the other form has the whole pattern; a grant of
      // single actions (oss:PutObject on /* only) is a partial grant.
      if (b_none && o.cover == Cover::Full) {
        d.gap_bucket.push_back(r);
      } else if (o_none && b.cover == Cover::Full) {
        d.gap_object.push_back(r);
      } else if (b.cover == Cover::Partial || o.cover == Cover::Partial) {
        Coverage both = b;
        both.lacking.insert(both.lacking.end(), o.lacking.begin(), o.lacking.end());
        partial.emplace_back(r, both);
      }
    }
    bool repeated = std::any_of(done.begin(), done.end(), [&](const Done& x) {
      return x.anchor == d.anchor && x.bucket == d.bucket && x.none == d.none && x.gap_bucket == d.gap_bucket &&
             x.gap_object == d.gap_object;
    });
    done.push_back(d);
    if (repeated) continue;

    const Statement& s = *u.anchor;
    std::string role = "migration destination " + quote(u.bucket);
    const json::Node* actions = s.actions().node != nullptr ? s.actions().node : s.node;
    if (!d.none.empty()) {
      Finding& f = ctx.out.report("migration/missing-action", actions->span,
                                  role + " is not granted " + quoted_list(d.none) + for_principal(u) +
                                      "; Data Online Migration needs " + quoted_list(req_names) + " on " +
                                      quote(u.arn(Form::Bucket)) + " and " + quote(u.arn(Form::Object)));
      intent.qualify(f);
    }
    for (const auto& [pattern, c] : partial) {
      // The docs grant the wildcard; whether fewer actions suffice is not
      // documented: a warning, never an error.
      std::string shown;
      for (std::size_t i = 0; i < c.lacking.size() && i < 3; ++i) shown += (i > 0 ? ", " : "") + quote(c.lacking[i]);
      if (c.lacking.size() > 3) shown += " and " + std::to_string(c.lacking.size() - 3) + " more";
      Finding& f = ctx.out.report("migration/missing-action", actions->span,
                                  role + for_principal(u) + " gets only part of " + quote(pattern) + ": " + shown +
                                      (c.lacking.size() == 1 ? " is" : " are") +
                                      " not allowed; the documented migration "
                                      "policy grants " +
                                      quote(pattern));
      intent.qualify(f);
      f.severity = Severity::Warning;
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
      std::string verb = gap.size() == 1 ? " is" : " are";
      std::string msg = quoted_list(gap) + verb + " allowed on " + role + for_principal(u) + " only on the " +
                        std::string(form_name(present_form)) + ", not on " + quote(missing_arn);
      if (narrow != nullptr) {
        at = narrow->node->span;
        msg = quoted_list(gap) + verb + " allowed on objects of " + role + for_principal(u) + " only through " +
              quote(narrow->value) + ", not on " + quote(missing_arn);
      }
      Finding& f = ctx.out.report("migration/missing-resource-form", at, msg);
      intent.qualify(f);
      if (narrow != nullptr) {
        f.severity = Severity::Warning;  // a prefix-limited grant is not documented either way
        continue;
      }
      // Mechanical when every action of the statement is one the migration
      // policy grants anyway: the new ARN adds nothing beyond the message.
      bool only_required =
          s.allows() && !s.action.items.empty() &&
          std::all_of(s.action.items.begin(), s.action.items.end(), [&](const Str& x) {
            return std::any_of(req_names.begin(), req_names.end(), [&](const std::string& r) {
              return iequals(x.value, r) || (concrete(x.value) && eval::wildcard_match(r, x.value, true));
            });
          });
      if (present != nullptr && only_required)
        if (auto e = insert_form_edit(ctx, s, *present, missing_form))
          f.fix = Fix{"add " + quote(missing_arn) + " to this statement's Resource", true, {*e}};
    }
  }
}

// migration/trust-not-service
void trust_not_service(const Context& ctx) {
  Intent intent = intent_of(ctx);
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
    std::string who = accounts.empty() ? std::string("no cloud service") : quote(accounts.front()->value);
    ctx.out.report("migration/trust-not-service", at,
                   "the migration role is trusted by " + who +
                       ", not by a cloud service; Data Online Migration assumes it as the Data Transport service "
                       "(a \"Service\" principal)");
    return;
  }
  for (const Str* v : accounts) {
    Finding& f = ctx.out.report("migration/trust-not-service", v->node->span,
                                quote(v->value) +
                                    " may also assume the migration role; the docs trust only the "
                                    "Data Transport service (a \"Service\" principal)");
    f.severity = Severity::Warning;
  }
}

constexpr RuleImpl kRules[] = {
    {"migration/missing-action", missing},
    {"migration/missing-resource-form", missing},
    {"migration/trust-not-service", trust_not_service},
};

}  // namespace

std::span<const RuleImpl> migration_rules() { return kRules; }

}  // namespace policylint::rules
