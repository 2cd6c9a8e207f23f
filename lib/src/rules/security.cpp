// Rules of the "security" family: what a whole document grants, judged with
// the evaluator (Effect, Not*, Condition, Deny precedence), not by spotting
// a '*'. One finding per root cause: a statement reported as full-admin is
// not reported again as NotAction or privilege escalation.
#include <algorithm>
#include <bitset>
#include <cctype>
#include <optional>
#include <string>
#include <vector>

#include "facts.hpp"
#include "families.hpp"
#include "policylint/eval.hpp"
#include "util.hpp"
#include "util/tsv.hpp"

namespace policylint::rules {

namespace {

using eval::pattern_covers;

// pattern_covers() of a list item and a pattern holding '*' (every
// call here): an item with no wildcard matches one string, never all those
// of such a pattern, so pattern_covers (sound) would say no; it is not asked.
bool item_covers(const Str& item, std::string_view specific, bool case_insensitive) {
  return item.wildcard != 0 && pattern_covers(item.value, specific, case_insensitive);
}

bool conditional(const Statement& s) {
  return s.has_condition() || (s.condition != nullptr && !s.condition->value->is_object());
}

Span head(const Statement& s) { return Span{s.node->span.begin, s.node->span.begin + 1}; }

// An action or key a message names: as written in English, quoted in Chinese
// (a sentence in Chinese never holds a bare English word).
std::string code(const Context& ctx, std::string_view v) {
  return ctx.settings.lang == Lang::Zh ? quote(v) : std::string(v);
}

// The message of a row of a data table (rules/security/*.tsv): the id
// prefix + the action, lowercase, with ':' as '-' ("...path-ram-passrole");
// the row's English text when the table has no such message.
std::string row_text(const Context& ctx, std::string_view prefix, std::string_view action, std::string_view english) {
  std::string id(prefix);
  for (char c : action) id += c == ':' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (i18n::find(id) == nullptr) return std::string(english);
  return ctx.tr(msg(id));
}

// Does some Resource pattern name every resource ("*", "acs:*", "acs:*:*:*:*")?
bool every_resource(const Statement& s) {
  for (const Str& r : s.resource.items)
    if (item_covers(r, "acs:*:*:*:*", false)) return true;
  return false;
}

// Does some Resource pattern name every resource of service svc?
bool every_resource_of(const Statement& s, std::string_view svc) {
  std::string all = "acs:" + std::string(svc) + ":*:*:*";
  for (const Str& r : s.resource.items)
    if (item_covers(r, all, false)) return true;
  return false;
}

// Any Deny of the document that may take back part of what s grants.
const Statement* overlapping_deny(const Policy& p, const Statement& s) {
  for (const Statement& d : p.statements)
    if (d.denies() && eval::actions_overlap(s, d) && eval::resources_overlap(s, d)) return &d;
  return nullptr;
}

enum class Breadth : std::uint8_t { None, Service, Ram, All };

struct AdminGrant {
  Breadth breadth = Breadth::None;
  const json::Node* node = nullptr;  // the Action item or the NotAction value
  std::string service;               // for Breadth::Service
};

// The admin-like grant of an Allow statement of a permission policy, if any:
// every action ("*", "*:*"), every action of one service ("ecs:*"), or
// NotAction, on every resource (of that service), without Condition, with
// no Deny of the document taking any part of it back.
AdminGrant admin_grant(const Policy& p, const Statement& s) {
  AdminGrant g;
  if (!s.allows() || conditional(s) || !s.resource.present()) return g;
  if (s.action.present()) {
    for (const Str& a : s.action.items) {
      // Both tests below need a pattern (item_covers): a literal action
      // grants neither, and makes no strings.
      if (a.wildcard == 0) continue;
      if (item_covers(a, "*:*", true) && every_resource(s)) {
        g = {Breadth::All, a.node, {}};
        break;
      }
      auto colon = a.value.find(':');
      if (colon == std::string_view::npos || colon == 0) continue;
      std::string_view svc = a.value.substr(0, colon);
      if (svc.find_first_of("*?") != std::string_view::npos) continue;
      std::string svc_all = std::string(svc) + ":*";
      if (!item_covers(a, svc_all, true) || !every_resource_of(s, svc)) continue;
      Breadth b = iequals(svc, "ram") ? Breadth::Ram : Breadth::Service;
      if (b > g.breadth) g = {b, a.node, std::string(svc)};
    }
  } else if (s.not_action.present() && every_resource(s)) {
    g = {Breadth::All, s.not_action.node, {}};
  }
  if (g.breadth != Breadth::None && overlapping_deny(p, s) != nullptr) g = {};
  return g;
}

// Each statement's admin grant, made once per document: full-admin,
// allow-not-action and privilege-escalation each ask it of every statement.
struct AdminGrants {
  DocVector<AdminGrant> of;  // by statement index
};

// admin_grant() of s, a statement of ctx.policy.
const AdminGrant& admin_grant_of(const Context& ctx, const Statement& s) {
  const auto& grants = ctx.facts().shared<AdminGrants>([&] {
    AdminGrants out;
    out.of.reserve(ctx.policy.statements.size());
    for (const Statement& t : ctx.policy.statements) out.of.push_back(admin_grant(ctx.policy, t));
    return out;
  });
  return grants.of[static_cast<std::size_t>(&s - ctx.policy.statements.data())];
}

// Does the statement's Action list every action ("*", "*:*")?
bool grants_everything(const Statement& s) {
  if (!s.action.present()) return false;
  for (const Str& a : s.action.items)
    if (item_covers(a, "*:*", true)) return true;
  return false;
}

// Does a NotAction list keep RAM out of the grant ("ram:*" or "*")? Without
// RAM the holder cannot give itself more: Alibaba's PowerUserAccess shape.
bool excludes_ram(const Statement& s) {
  for (const Str& a : s.not_action.items)
    if (item_covers(a, "ram:*", true)) return true;
  return false;
}

// security/full-admin
void full_admin(const Context& ctx) {
  for (const Statement& s : ctx.policy.statements) {
    const AdminGrant& g = admin_grant_of(ctx, s);
    if (g.breadth == Breadth::None) continue;
    std::string shown = g.node->is_string() ? quote(g.node->text) : std::string("\"NotAction\"");
    if (g.breadth == Breadth::All) {
      bool not_action = s.not_action.present() && !s.action.present();
      if (not_action && excludes_ram(s)) {
        // Power-user access: it leaves RAM out, so it is not administrator
        // access, but it controls every other service (and every service
        // added later); ram:PassRole beside it is privilege-escalation's.
        ctx.report("security/full-admin", g.node->span, msg("security/full-admin.power-user"));
        continue;
      }
      ctx.report(
          "security/full-admin", g.node->span,
          not_action ? msg("security/full-admin.not-action") : msg("security/full-admin.all", {{"action", shown}}));
    } else if (g.breadth == Breadth::Ram) {
      ctx.report("security/full-admin", g.node->span, msg("security/full-admin.ram", {{"action", shown}}));
    } else {
      // Whole-service access is often intended (a service administrator);
      // say so, without the weight of a warning.
      Finding& f = ctx.report("security/full-admin", g.node->span,
                              msg("security/full-admin.service", {{"action", shown}, {"service", quote(g.service)}}));
      mark_uncertain(f);
    }
  }
}

// security/allow-not-action
void allow_not_action(const Context& ctx) {
  for (const Statement& s : ctx.policy.statements) {
    if (!s.allows() || !s.not_action.present() || s.action.present()) continue;
    if (ctx.policy.kind == Kind::Permission && admin_grant_of(ctx, s).breadth != Breadth::None) continue;
    ctx.report("security/allow-not-action", s.not_action.node->span, msg("security/allow-not-action"));
  }
}

// security/allow-not-resource
void allow_not_resource(const Context& ctx) {
  for (const Statement& s : ctx.policy.statements) {
    if (!s.allows() || !s.not_resource.present() || s.resource.present()) continue;
    ctx.report("security/allow-not-resource", s.not_resource.node->span, msg("security/allow-not-resource"));
  }
}

// ---- bucket-public ----------------------------------------------------

// An account field that stands for every account: "*" (or "**"). A masked
// UID such as 164682176356**** is a placeholder (placeholder rules report
// it), not a grant to everyone.
bool every_account(std::string_view acct) {
  return !acct.empty() && acct.find_first_not_of('*') == std::string_view::npos;
}

// Is the bucket-policy principal "anyone" or "any account"? A '*' only in
// the role or session part of arn:sts::<uid>:assumed-role/<role>/<session>
// keeps the account fixed, so it is not public in the sense of this rule.
bool principal_public(std::string_view v) {
  constexpr std::string_view sts = "arn:sts::";
  if (v.starts_with(sts)) {
    std::string_view rest = v.substr(sts.size());
    return every_account(rest.substr(0, rest.find(':')));
  }
  return every_account(v);
}

bool positive_string_op(std::string_view op) {
  for (std::string_view prefix : {"ForAnyValue:", "ForAllValues:"})
    if (op.starts_with(prefix)) op.remove_prefix(prefix.size());
  return op == "StringEquals" || op == "StringEqualsIgnoreCase" || op == "StringLike";
}

// An IPv4 or IPv6 value with a mask of at least /8 (/32): a fixed network.
bool narrow_ip(std::string_view v) {
  if (v.empty() || has_wildcard(v)) return false;
  bool v6 = v.find(':') != std::string_view::npos;
  auto slash = v.find('/');
  if (slash == std::string_view::npos) return true;
  int mask = 0;
  std::string_view m = v.substr(slash + 1);
  if (m.empty() || m.size() > 3) return false;
  for (char c : m) {
    if (c < '0' || c > '9') return false;
    mask = mask * 10 + (c - '0');
  }
  return mask >= (v6 ? 32 : 8);
}

// OSS Block Public Access: a Condition on the source VPC or AccessKey with
// fixed values, or on the source IP with a mask of /8 or more, makes a
// statement non-public (policy-language.md 5.5).
const ConditionEntry* non_public_condition(const Statement& s) {
  for (const ConditionEntry& c : s.conditions) {
    if (c.values.empty()) continue;
    bool fixed_key = iequals(c.key_name, "acs:SourceVpc") || iequals(c.key_name, "acs:SourceVpcId") ||
                     iequals(c.key_name, "acs:AccessId");
    bool ip_key = iequals(c.key_name, "acs:SourceIp") || iequals(c.key_name, "acs:SourceVpcIp");
    bool all = true;
    if (fixed_key && positive_string_op(c.op_name)) {
      for (const Str& v : c.values) all = all && !v.value.empty() && !has_wildcard(v.value);
      if (all) return &c;
    } else if (ip_key && (c.op_name == "IpAddress" || c.op_name == "IpAddressIncludeBorder")) {
      for (const Str& v : c.values) all = all && narrow_ip(v.value);
      if (all) return &c;
    }
  }
  return nullptr;
}

// A conditional Deny that applies to everyone the Allow names, for all it
// grants: the Allow is then limited to requests that pass that Condition
// (e.g. "Deny unless from my VPC"). Judging that Condition is beyond a
// linter, so the finding drops to a note.
const Statement* restricting_deny(const Policy& p, const Statement& allow) {
  for (const Statement& d : p.statements)
    if (d.denies() && conditional(d) && eval::actions_subset(allow, d) && eval::resources_subset(allow, d) &&
        eval::principals_subset(allow, d))
      return &d;
  return nullptr;
}

// The message id of what the statement lets the public do.
std::string_view bucket_access(const Statement& s) {
  bool read = eval::covers_action(s, "oss:GetObject") || eval::covers_action(s, "oss:ListObjects");
  bool write = eval::covers_action(s, "oss:PutObject") || eval::covers_action(s, "oss:DeleteObject");
  bool admin = eval::covers_action(s, "oss:PutBucketPolicy") || eval::covers_action(s, "oss:PutBucketAcl");
  if (admin) return read || write ? "security/bucket-public.access-all" : "security/bucket-public.access-admin";
  bool get = eval::covers_action(s, "oss:GetObject");
  if (read && write)
    return get ? "security/bucket-public.access-read-write" : "security/bucket-public.access-list-write";
  if (write) return "security/bucket-public.access-write";
  if (read) return get ? "security/bucket-public.access-read" : "security/bucket-public.access-list";
  return "security/bucket-public.access-other";
}

// security/bucket-public
void bucket_public(const Context& ctx) {
  for (const Statement& s : ctx.policy.statements) {
    if (!s.allows() || !s.principal.present() || s.principal.object_form) continue;
    const json::Node* at = nullptr;
    std::string who;
    for (const auto& e : s.principal.entries) {
      if (e.values.node != nullptr && e.values.node->is_array() && e.values.node->items.empty()) {
        at = e.values.node;
        who = ctx.tr(msg("security/bucket-public.who-empty"));
        break;
      }
      for (const Str& v : e.values.items)
        if (principal_public(v.value)) {
          at = v.node;
          who = v.value == "*" ? ctx.tr(msg("security/bucket-public.who-everyone"))
                               : ctx.tr(msg("security/bucket-public.who-accounts", {{"principal", quote(v.value)}}));
          break;
        }
      if (at != nullptr) break;
    }
    if (at == nullptr || non_public_condition(s) != nullptr || eval::overriding_deny(ctx.policy, s) != nullptr)
      continue;
    Message m = msg(s.has_condition() ? "security/bucket-public.condition" : "security/bucket-public",
                    {{"who", who}, {"access", ctx.tr(msg(bucket_access(s)))}});
    const Statement* d = restricting_deny(ctx.policy, s);
    if (d != nullptr) m = msg("security/bucket-public.unless", {{"message", ctx.tr(m)}, {"n", d->index + 1}});
    Finding& f = ctx.report("security/bucket-public", at->span, m);
    // Public read can be intended (static websites, public downloads); public
    // write or control of the policy/ACL with no condition at all is not.
    bool writes = eval::covers_action(s, "oss:PutObject") || eval::covers_action(s, "oss:DeleteObject") ||
                  eval::covers_action(s, "oss:PutBucketPolicy") || eval::covers_action(s, "oss:PutBucketAcl");
    if (writes && !s.has_condition() && d == nullptr) f.severity = Severity::Error;
    if (d != nullptr) {
      f.severity = Severity::Note;
      f.related.push_back(Related{head(*d), ctx.tr(msg("security.conditional-deny")), {}});
    }
  }
}

// ---- trust-any-account ------------------------------------------------

// "*", or acs:ram::<account>:... whose account is "*".
bool any_account(std::string_view v) {
  constexpr std::string_view ram = "acs:ram::";
  if (!v.starts_with(ram)) return every_account(v);
  std::string_view rest = v.substr(ram.size());
  return every_account(rest.substr(0, rest.find(':')));
}

// security/trust-any-account
void trust_any_account(const Context& ctx) {
  for (const Statement& s : ctx.policy.statements) {
    if (!s.allows() || !s.principal.present()) continue;
    const Str* hit = nullptr;
    for (const auto& e : s.principal.entries) {
      if (s.principal.object_form && e.key != "RAM") continue;
      for (const Str& v : e.values.items)
        if (hit == nullptr && any_account(v.value)) hit = &v;
    }
    if (hit == nullptr || eval::overriding_deny(ctx.policy, s) != nullptr) continue;
    Message m = msg("security/trust-any-account", {{"principal", quote(hit->value)}});
    const Statement* d = restricting_deny(ctx.policy, s);
    bool reduced = conditional(s) || d != nullptr;
    if (conditional(s)) {
      std::vector<std::string_view> seen;
      std::string keys;
      for (const ConditionEntry& c : s.conditions) {
        if (std::find(seen.begin(), seen.end(), c.key_name) != seen.end()) continue;
        seen.push_back(c.key_name);
        keys += (keys.empty() ? "" : ctx.settings.lang == Lang::Zh ? "、" : ", ") + code(ctx, c.key_name);
      }
      m = keys.empty() ? msg("security/trust-any-account.condition", {{"message", ctx.tr(m)}})
                       : msg("security/trust-any-account.condition-keys", {{"message", ctx.tr(m)}, {"keys", keys}});
    } else if (d != nullptr) {
      m = msg("security/trust-any-account.unless", {{"message", ctx.tr(m)}, {"n", d->index + 1}});
    }
    Finding& f = ctx.report("security/trust-any-account", hit->node->span, m);
    if (reduced) mark_uncertain(f);
    if (d != nullptr) f.related.push_back(Related{head(*d), ctx.tr(msg("security.conditional-deny")), {}});
  }
}

// ---- privilege-escalation ---------------------------------------------

struct EscalationAction {
  std::string action;  // "ram:AttachPolicyToUser"
  std::string entity;  // user | role | group | policy
  std::string level;   // warning | note | assume
  std::string path;    // how it escalates, for the message
};

// rules/security/escalation-actions.tsv: action, entity, level, path.
const std::vector<EscalationAction>& escalation_actions() {
  static const std::vector<EscalationAction> table = [] {
    std::vector<EscalationAction> out;
    for (const auto& row : util::read_embedded_tsv("security/escalation-actions.tsv", 4, 4).rows) {
      const auto& c = row.fields;
      out.push_back({std::string(c[0]), std::string(c[1]), std::string(c[2]), std::string(c[3])});
    }
    return out;
  }();
  return table;
}

// Does the statement's Resource reach every RAM entity of this type
// ("*", "acs:ram:*:<uid>:*", "acs:ram:*:*:user/*", ...)?
bool every_entity(const Statement& s, std::string_view entity) {
  if (s.not_resource.present() && !s.resource.present()) return true;  // all but a few
  std::string rel = std::string(entity) + "/*";
  for (const Str& r : s.resource.items) {
    if (item_covers(r, "acs:*:*:*:*", false)) return true;
    // Split acs:<svc>:<region>:<account>:<relative-id>.
    std::string_view v = r.value;
    std::vector<std::string_view> seg;
    for (int i = 0; i < 4 && v.find(':') != std::string_view::npos; ++i) {
      seg.push_back(v.substr(0, v.find(':')));
      v.remove_prefix(v.find(':') + 1);
    }
    if (seg.size() == 4 && seg[0] == "acs" && pattern_covers(seg[1], "ram", true) && pattern_covers(v, rel, false))
      return true;
  }
  return false;
}

// An action that hands a role to a service (rules/security/pass-role-actions.tsv).
struct RoleTaker {
  std::string action;  // "ecs:RunInstances"
  std::string what;    // "an ECS instance it launches"
};

const std::vector<RoleTaker>& role_takers() {
  static const std::vector<RoleTaker> table = [] {
    std::vector<RoleTaker> out;
    for (const auto& row : util::read_embedded_tsv("security/pass-role-actions.tsv", 2, 2).rows)
      out.push_back({std::string(row.fields[0]), std::string(row.fields[1])});
    return out;
  }();
  return table;
}

// The first role-taking action the document allows without a Condition and
// with no Deny (conditional or not) that may take part of it back; nullptr
// when there is none. With it, ram:PassRole on every role becomes running
// code as any role.
const RoleTaker* allowed_role_taker(const Policy& p) {
  for (const RoleTaker& t : role_takers())
    for (const Statement& s : p.statements) {
      if (!s.allows() || conditional(s) || !s.resources().present() || !eval::covers_action(s, t.action)) continue;
      bool denied = false;
      for (const Statement& d : p.statements)
        denied = denied || (d.denies() && eval::covers_action(d, t.action) && eval::resources_overlap(s, d));
      if (!denied) return &t;
    }
  return nullptr;
}

// Does the document grant administrator access (every action on every
// resource, or NotAction that keeps RAM in) in a statement full-admin
// reports? Then every escalation path has that one root cause.
bool administrator_document(const Context& ctx) {
  for (const Statement& s : ctx.policy.statements) {
    if (admin_grant_of(ctx, s).breadth != Breadth::All) continue;
    bool not_action = s.not_action.present() && !s.action.present();
    if (!(not_action && excludes_ram(s))) return true;
  }
  return false;
}

// The first characters an Action list's items can match, so that a statement
// is not matched against escalation actions none of its items can match: a
// pattern matches only values that begin with its first character (letters
// folded, as actions compare) unless that is '*' or '?'. Everything when the
// statement has NotAction instead (it covers what it does not list).
class FirstChars {
public:
  explicit FirstChars(const Statement& s) {
    if (!s.action.present()) {
      any_ = true;
      return;
    }
    for (const Str& a : s.action.items) {
      if (a.value.empty()) continue;  // matches only the empty action
      char c = a.value.front();
      if (c == '*' || c == '?') any_ = true;
      seen_.set(static_cast<unsigned char>(util::lower(c)));
    }
  }
  // May covers_action(s, action) be true?
  bool may_cover(std::string_view action) const {
    return any_ || (!action.empty() && seen_.test(static_cast<unsigned char>(util::lower(action.front()))));
  }

private:
  bool any_ = false;
  std::bitset<256> seen_;
};

// security/privilege-escalation
void privilege_escalation(const Context& ctx) {
  const Policy& p = ctx.policy;
  if (administrator_document(ctx)) return;
  // Both facts below matter only to some escalation actions: each is found
  // on first use, once per document.
  std::optional<const RoleTaker*> taker_found;
  auto taker = [&] {
    if (!taker_found) taker_found = allowed_role_taker(p);
    return *taker_found;
  };
  // sts:AssumeRole on any role, anywhere in the document: with it, the power
  // to change roles becomes the power to act as them.
  std::optional<bool> can_assume_found;
  auto can_assume = [&] {
    if (!can_assume_found) {
      bool found = false;
      for (const Statement& s : p.statements)
        found = found || (s.allows() && eval::covers_action(s, "sts:AssumeRole") && every_entity(s, "role"));
      can_assume_found = found;
    }
    return *can_assume_found;
  };

  for (const Statement& s : p.statements) {
    if (!s.allows() || admin_grant_of(ctx, s).breadth != Breadth::None) continue;
    // A statement that grants every action is an administrator grant: its
    // root cause is security/full-admin's (which stays silent when a Deny
    // carves out part of it, as in "everything but billing").
    if (grants_everything(s)) continue;
    std::vector<const EscalationAction*> hits;
    const EscalationAction* worst = nullptr;  // the first that warrants a warning on its own
    bool warn = false, maybe_denied = false;
    const FirstChars first(s);
    for (const EscalationAction& e : escalation_actions()) {
      if (!first.may_cover(e.action) || !eval::covers_action(s, e.action) || !every_entity(s, e.entity)) continue;
      // A Deny of the same document that takes the action back on every
      // such entity removes it; a conditional one may, so it cannot make
      // the finding a warning.
      bool denied = false, cond_denied = false;
      for (const Statement& d : p.statements) {
        if (!d.denies() || !eval::covers_action(d, e.action) || !every_entity(d, e.entity)) continue;
        (conditional(d) ? cond_denied : denied) = true;
      }
      if (denied) continue;
      hits.push_back(&e);
      maybe_denied = maybe_denied || cond_denied;
      bool serious = !cond_denied && (e.level == "warning" || (e.level == "assume" && can_assume()) ||
                                      (e.level == "pass" && taker() != nullptr));
      if (serious && worst == nullptr) worst = &e;
      warn = warn || serious;
    }
    if (hits.empty()) continue;
    if (worst == nullptr) worst = hits.front();
    // Point at the Action item that grants the first escalation action.
    const json::Node* at = s.actions().node;
    if (s.action.present())
      for (const Str& a : s.action.items)
        if (eval::wildcard_match(a.value, worst->action, true)) {
          at = a.node;
          break;
        }
    std::string names;
    for (std::size_t i = 0; i < hits.size() && i < 4; ++i)
      names += (i ? ctx.settings.lang == Lang::Zh ? "、" : ", " : "") + code(ctx, hits[i]->action);
    if (hits.size() > 4)
      names = ctx.tr(msg("security/privilege-escalation.more", {{"list", names}, {"n", hits.size() - 4}}));
    std::string entity = ctx.tr(msg("security/privilege-escalation.entity-" + worst->entity));
    std::string path = row_text(ctx, "security/privilege-escalation.path-", worst->action, worst->path);
    Message m = hits.size() == 1
                    ? msg("security/privilege-escalation.one", {{"names", names}, {"entity", entity}, {"path", path}})
                    : msg("security/privilege-escalation.many",
                          {{"names", names}, {"action", code(ctx, worst->action)}, {"entity", entity}, {"path", path}});
    if (worst->level == "pass" && taker() != nullptr)
      m = msg("security/privilege-escalation.taker",
              {{"message", ctx.tr(m)},
               {"action", code(ctx, taker()->action)},
               {"what", row_text(ctx, "security/privilege-escalation.taker-", taker()->action, taker()->what)}});
    if (maybe_denied) m = msg("security/privilege-escalation.maybe-denied", {{"message", ctx.tr(m)}});
    // A Condition on the grant (e.g. ram:TrustedPrincipalTypes limiting it to
    // service roles in Alibaba's PowerUserAccess) narrows whom it reaches;
    // the linter cannot judge it, so it notes rather than warns.
    if (conditional(s)) m = msg("security/privilege-escalation.conditional", {{"message", ctx.tr(m)}});
    Finding& f = ctx.report("security/privilege-escalation", at->span, m);
    if (!warn || conditional(s)) mark_uncertain(f);
  }
}

constexpr RuleImpl kRules[] = {
    {"security/allow-not-action", allow_not_action},
    {"security/allow-not-resource", allow_not_resource},
    {"security/bucket-public", bucket_public},
    {"security/full-admin", full_admin},
    {"security/privilege-escalation", privilege_escalation},
    {"security/trust-any-account", trust_any_account},
};

}  // namespace

std::span<const RuleImpl> security_rules() { return kRules; }

}  // namespace policylint::rules
