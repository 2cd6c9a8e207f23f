// Rules of the "bucket" family: OSS bucket policies as a whole — which bucket
// and which accounts they name (PRN-03, BKT-02) and what writing one replaces
// (BKT-01).
#include <algorithm>
#include <cstdint>
#include <string>
#include <unordered_set>
#include <vector>

#include "facts.hpp"
#include "families.hpp"
#include "model/arn.hpp"
#include "policylint/catalog.hpp"
#include "policylint/eval.hpp"
#include "util.hpp"

namespace policylint::rules {

namespace {

bool zh(const Context& ctx) { return ctx.settings.lang == Lang::Zh; }

// A value English writes as it is: quoted in Chinese (a sentence in Chinese
// never holds a bare English word).
std::string code(const Context& ctx, std::string_view v) { return zh(ctx) ? quote(v) : std::string(v); }

// "a, b, c" / "a、b、c".
std::string list_sep(const Context& ctx) { return zh(ctx) ? "、" : ", "; }

// Numeric account IDs a statement's Principal names. Only the role-session
// form "arn:sts::<uid>:..." names an account for certain: a bare number may
// be a RAM user ID (policy-language.md 5.2), counted only when bare is set.
std::vector<Str> principal_accounts(const Context& ctx, const Statement& s, bool bare) {
  std::vector<Str> out;
  for (const PrincipalValue& p : ctx.facts().principals()) {
    if (p.statement != &s) continue;
    if (p.item->value.substr(0, 9) == "arn:sts::") {
      if (p.account && all_digits(p.account->text)) out.push_back({p.account->text, p.item->node});
    } else if (bare && all_digits(p.item->value)) {
      out.push_back(*p.item);
    }
  }
  return out;
}

// The OSS ARNs of a statement's Resource (parsed once per document).
std::vector<const OssResource*> oss_resources(const Context& ctx, const Statement& s) {
  std::vector<const OssResource*> out;
  for (const OssResource& r : ctx.facts().oss_resources())
    if (r.statement == &s) out.push_back(&r);
  return out;
}

bool only_replicate_actions(const Statement& s) {
  if (!s.action.present() || s.action.items.empty()) return false;
  for (const Str& a : s.action.items)
    if (!is_replicate_item(a.value)) return false;
  return true;
}

// bucket/swapped-accounts
void swapped_accounts(const Context& ctx) {
  const std::string& own = ctx.settings.account;
  // A declared cross-account replication destination: the principal's
  // account (the source) and the bucket owner differ by declaration.
  const Intent& intent = ctx.facts().intent();
  const bool declared_cross = intent.declared && intent.is("replication-dest-bucket-policy");
  for (const Statement& s : ctx.policy.statements) {
    auto principals = principal_accounts(ctx, s, true);
    if (principals.empty()) continue;
    auto resources = oss_resources(ctx, s);
    // The Resource names the principal's account as the bucket owner.
    const OssResource* hit = nullptr;
    const Str* by = nullptr;
    for (const OssResource* r : resources)
      for (const Str& p : principals)
        if (hit == nullptr && r->arn.account() == p.value && (own.empty() || p.value != own)) hit = r, by = &p;
    if (hit != nullptr && (!own.empty() || only_replicate_actions(s))) {
      Finding& f = ctx.report("bucket/swapped-accounts", hit->item->node->span,
                              msg(own.empty() ? "bucket/swapped-accounts" : "bucket/swapped-accounts.own",
                                  {{"resource", quote(hit->item->value)}, {"account", by->value}, {"own", own}}));
      f.related.push_back(
          {by->node->span, ctx.tr(msg("bucket/swapped-accounts.related-principal", {{"account", by->value}})), {}});
      // Without --account this may be a same-account policy (the cross-account
      // replication shape only hints at the swap), unless the scenario was
      // declared cross-account: then the accounts differ, but whether OSS
      // compares the Resource's account segment is not documented.
      if (own.empty()) {
        if (declared_cross)
          f.severity = Severity::Warning;
        else
          mark_uncertain(f);
      }
      continue;
    }
    if (own.empty()) continue;
    // The Principal is the owner's own account and the Resource names another.
    bool all_own = std::all_of(principals.begin(), principals.end(), [&](const Str& p) { return p.value == own; });
    if (!all_own) continue;
    for (const OssResource* r : resources) {
      std::string_view owner = r->arn.account();
      if (!all_digits(owner) || owner == own) continue;
      Finding& f = ctx.report("bucket/swapped-accounts", principals.front().node->span,
                              msg("bucket/swapped-accounts.principal", {{"own", own}, {"account", owner}}));
      f.related.push_back(
          {r->item->node->span, ctx.tr(msg("bucket/swapped-accounts.related-resource", {{"account", owner}})), {}});
      break;
    }
  }
}

// bucket/owner-wildcard
void owner_wildcard(const Context& ctx) {
  const std::string& own = ctx.settings.account;
  for (const Statement& s : ctx.policy.statements) {
    if (!s.allows()) continue;
    auto principals = principal_accounts(ctx, s, false);
    bool cross = std::any_of(principals.begin(), principals.end(), [&](const Str& p) { return p.value != own; });
    if (!cross) continue;
    std::vector<const OssResource*> wild;
    auto resources = oss_resources(ctx, s);
    for (const OssResource* r : resources)
      if (r->arn.account() == "*") wild.push_back(r);
    if (wild.empty()) continue;
    Finding& f = ctx.report("bucket/owner-wildcard", wild.front()->item->node->span,
                            msg("bucket/owner-wildcard", {{"resource", quote(wild.front()->item->value)},
                                                          {"account", principals.front().value}}));
    if (!own.empty()) {
      // Safe: a bucket policy only ever governs its own bucket, which belongs
      // to the owner, so naming the owner instead of "*" grants the same.
      Fix fix{ctx.tr(msg("bucket/owner-wildcard.fix", {{"own", own}})), true, {}};
      for (const OssResource* r : wild) {
        // Offsets in the decoded value are offsets in the file only when the
        // string has no escapes; otherwise offer no fix.
        const json::Node* n = r->item->node;
        if (ctx.text(n->span) != "\"" + std::string(n->text) + "\"") {
          fix.edits.clear();
          break;
        }
        auto at = n->span.begin + 1 + static_cast<std::uint32_t>(r->arn.arn.account.offset);
        fix.edits.push_back(Edit{Span{at, at + 1}, own});
      }
      if (!fix.edits.empty()) f.fix = std::move(fix);
    }
  }
}

// The first resource naming a second distinct bucket (or owner), with the
// first resource naming the first one. The rule's messages: id, id.first
// and id.another.
template <typename Key>
void report_several(const Context& ctx, std::string_view id, Key key) {
  // Distinct values with their first occurrence.
  std::vector<std::pair<std::string_view, const Str*>> seen;
  for (const OssResource& r : ctx.facts().oss_resources()) {
    auto v = key(r.arn);
    if (v.empty()) continue;
    bool known = std::any_of(seen.begin(), seen.end(), [&](const auto& e) { return e.first == v; });
    if (!known) seen.push_back({v, r.item});
  }
  if (seen.size() < 2) return;
  std::string others;
  for (std::size_t i = 1; i < seen.size(); ++i) others += (i > 1 ? list_sep(ctx) : "") + quote(seen[i].first);
  Finding& f =
      ctx.report(id, seen[1].second->node->span, msg(id, {{"first", quote(seen[0].first)}, {"others", others}}));
  const std::string first = std::string(id) + ".first", another = std::string(id) + ".another";
  f.related.push_back({seen[0].second->node->span, ctx.tr(msg(first)), {}});
  for (std::size_t i = 2; i < seen.size(); ++i)
    f.related.push_back({seen[i].second->node->span, ctx.tr(msg(another)), {}});
}

// bucket/multiple-buckets
void multiple_buckets(const Context& ctx) {
  // Wildcard names ("*", "logs-*") may stand for the bucket itself.
  report_several(ctx, "bucket/multiple-buckets", [](const model::OssArn& a) {
    return has_wildcard(a.bucket.text) ? std::string_view() : a.bucket.text;
  });
}

// bucket/multiple-owners
void multiple_owners(const Context& ctx) {
  report_several(ctx, "bucket/multiple-owners",
                 [](const model::OssArn& a) { return all_digits(a.account()) ? a.account() : std::string_view(); });
}

// ---- Overwrite (BKT-01) ----------------------------------------------------

// One element (Action/NotAction, Resource/NotResource, Principal) as a set.
struct Elem {
  bool present = false;
  bool negated = false;  // NotAction / NotResource: everything except items
  std::vector<std::string_view> items;
};

Elem action_elem(const Statement& s) {
  const StrList& l = s.actions();
  Elem e{l.present(), !s.action.present() && s.not_action.present(), {}};
  for (const Str& x : l.items) e.items.push_back(x.value);
  return e;
}

Elem resource_elem(const Statement& s) {
  const StrList& l = s.resources();
  Elem e{l.present(), !s.resource.present() && s.not_resource.present(), {}};
  for (const Str& x : l.items) e.items.push_back(x.value);
  return e;
}

Elem principal_elem(const Statement& s) {
  Elem e{s.principal.present(), false, {}};
  for (const Str& x : s.principal.all()) e.items.push_back(x.value);
  if (e.present && e.items.empty()) e.items.push_back("*");  // [] means everyone
  return e;
}

// The old statement is probed value by value (and "all but" for a Not*
// element or a missing one), and each probe may be covered by a different new
// statement: a finer question than eval's whole-statement actions_subset and
// friends, answered with eval's pattern relations. Principals are compared as
// plain strings whatever their key (bucket policies have one kind).

// Does t cover every string the value (or pattern) v matches?
bool covers_value(const Elem& t, std::string_view v, bool ci) {
  if (!t.present) return true;
  if (!t.negated)
    return std::any_of(t.items.begin(), t.items.end(), [&](auto x) { return eval::pattern_covers(x, v, ci); });
  return std::none_of(t.items.begin(), t.items.end(), [&](auto x) { return eval::patterns_overlap(x, v, ci); });
}

// Does t cover "everything except excluded"?
bool covers_all_but(const Elem& t, const std::vector<std::string_view>& excluded, bool ci) {
  if (!t.present) return true;
  if (!t.negated) return std::find(t.items.begin(), t.items.end(), "*") != t.items.end();
  return std::all_of(t.items.begin(), t.items.end(), [&](auto x) {
    return std::any_of(excluded.begin(), excluded.end(), [&](auto e) { return eval::pattern_covers(e, x, ci); });
  });
}

// The probes of an element: each listed value, or one "all but" probe.
struct Probe {
  bool all_but = false;
  std::string_view value;
};

std::vector<Probe> probes(const Elem& e) {
  if (!e.present || e.negated) return {Probe{true, {}}};
  std::vector<Probe> out;
  for (auto v : e.items) out.push_back({false, v});
  return out;
}

bool covers(const Elem& t, const Elem& s, const Probe& p, bool ci) {
  if (!p.all_but) return covers_value(t, p.value, ci);
  return covers_all_but(t, s.present ? s.items : std::vector<std::string_view>{}, ci);
}

// Canonical text of each condition entry: operator, key, sorted values.
std::vector<std::string> condition_set(const Statement& s) {
  std::vector<std::string> out;
  for (const auto& c : s.conditions) {
    std::vector<std::string_view> values;
    for (const Str& v : c.values) values.push_back(v.value);
    std::sort(values.begin(), values.end());
    std::string e = std::string(c.op_name) + "\n" + std::string(c.key_name);
    for (auto v : values) e += "\n" + std::string(v);
    out.push_back(std::move(e));
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The level of a documented OSS action (Level::None when unknown or a pattern).
catalog::Level oss_level(std::string_view action) {
  const catalog::Action* a = catalog::get().find(action);
  return a != nullptr && a->service == "oss" ? a->level : catalog::Level::None;
}

// An object-level OSS action on a bucket ARN, or a bucket-level one on an
// object ARN, never matches a request (oss-actions.md): such a pair of the old
// statement is no access to lose. The classes of the two probes tell: an
// action as the level of its OSS action (0: neither, 1: object, 2: bucket), a
// resource as its OSS ARN (0: neither, 1: an object ARN, 2: a bucket ARN).
int action_class(const Probe& a) {
  if (a.all_but) return 0;
  catalog::Level level = oss_level(a.value);
  return level == catalog::Level::Object ? 1 : level == catalog::Level::Bucket ? 2 : 0;
}

int resource_class(const Probe& r) {
  if (r.all_but) return 0;
  auto arn = model::parse_oss_arn(r.value);
  return !arn ? 0 : arn->has_key ? 1 : 2;
}

// One element of a new statement with its literal items in a hash set (case
// folded for actions): a literal probe is found at once, only the wildcard
// items are matched one by one (a literal item covers only itself).
struct Indexed {
  Elem elem;
  std::unordered_set<std::string> literals;
  std::vector<std::string_view> wild;
};

Indexed indexed(Elem e, bool ci) {
  Indexed out;
  for (std::string_view x : e.items) {
    if (has_wildcard(x))
      out.wild.push_back(x);
    else
      out.literals.insert(ci ? util::to_lower(x) : std::string(x));
  }
  out.elem = std::move(e);
  return out;
}

// covers(t.elem, s, p, ci), with t's literals looked up.
bool covers(const Indexed& t, const Elem& s, const Probe& p, bool ci) {
  if (p.all_but || !t.elem.present || t.elem.negated) return covers(t.elem, s, p, ci);
  if (!has_wildcard(p.value) && t.literals.count(ci ? util::to_lower(p.value) : std::string(p.value)) != 0) return true;
  return std::any_of(t.wild.begin(), t.wild.end(), [&](auto x) { return eval::pattern_covers(x, p.value, ci); });
}

// Is every probe of old (each action x resource x principal, but the
// meaningless pairs) granted by some one statement of now: of the same
// effect, applying at least wherever old did (no condition of its own that
// old lacked), covering the three probes? A statement grants
// the product of the probes it covers in each element, so each probe is
// described by the set of statements that cover it (a bit per statement), and
// probes with the same set and class are tested once: a triple is granted
// when its three sets share a statement. Testing every triple against every
// statement took a·r·p·n steps (an old statement of 40 actions, resources and
// principals: 0.6 s).
bool has_equivalent(const Statement& old, const Policy& now) {
  using Bits = std::vector<std::uint64_t>;
  const auto sc = condition_set(old);
  // The statements that may grant anything of old: same effect, no condition
  // of their own that old lacked.
  std::vector<const Statement*> able;
  for (const Statement& t : now.statements) {
    if (t.effect != old.effect) continue;
    auto tc = condition_set(t);
    if (std::includes(sc.begin(), sc.end(), tc.begin(), tc.end())) able.push_back(&t);
  }
  const std::size_t words = (able.size() + 63) / 64;
  // The distinct (class, statements covering it) of the probes of one element.
  auto groups = [&](const Elem& own, auto elem_of, bool ci, auto class_of) {
    std::vector<Indexed> theirs;
    for (const Statement* t : able) theirs.push_back(indexed(elem_of(*t), ci));
    std::vector<std::pair<int, Bits>> out;
    for (const Probe& p : probes(own)) {
      Bits bits(words, 0);
      for (std::size_t t = 0; t < able.size(); ++t)
        if (covers(theirs[t], own, p, ci)) bits[t / 64] |= std::uint64_t{1} << (t % 64);
      out.emplace_back(class_of(p), std::move(bits));
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  };
  const Elem oa = action_elem(old), orr = resource_elem(old), op = principal_elem(old);
  auto none = [](const Probe&) { return 0; };
  auto ga = groups(oa, action_elem, true, action_class);
  auto gr = groups(orr, resource_elem, false, resource_class);
  auto gp = groups(op, principal_elem, false, none);
  Bits both(words);
  for (const auto& [ca, ba] : ga)
    for (const auto& [cr, br] : gr) {
      // A meaningless pair (see action_class).
      if ((ca == 1 && cr == 2) || (ca == 2 && cr == 1)) continue;
      for (std::size_t w = 0; w < words; ++w) both[w] = ba[w] & br[w];
      for (const auto& principal : gp) {
        bool shared = false;
        for (std::size_t w = 0; w < words && !shared; ++w) shared = (both[w] & principal.second[w]) != 0;
        if (!shared) return false;
      }
    }
  return true;
}

std::string list_of(const Context& ctx, const std::vector<Str>& items, std::size_t max) {
  std::string out;
  for (std::size_t i = 0; i < items.size() && i < max; ++i)
    out += (i > 0 ? list_sep(ctx) : "") + code(ctx, items[i].value);
  if (items.size() > max)
    out = ctx.tr(msg("bucket/statement-dropped.more", {{"list", out}, {"n", items.size() - max}}));
  return out;
}

// How a message names a statement: its Sid, effect, actions and principals.
std::string describe(const Context& ctx, const Statement& s) {
  std::string name = s.sid != nullptr && s.sid->value->is_string()
                         ? ctx.tr(msg("bucket/statement-dropped.sid", {{"sid", quote(s.sid->value->text)}}))
                         : ctx.tr(msg("bucket/statement-dropped.nth", {{"n", s.index + 1}}));
  std::string grant = ctx.tr(msg(s.denies()   ? "bucket/statement-dropped.effect-deny"
                                 : s.allows() ? "bucket/statement-dropped.effect-allow"
                                              : "bucket/statement-dropped.effect-none"));
  const StrList& actions = s.actions();
  if (!actions.items.empty())
    grant = ctx.tr(msg(s.action.present() ? "bucket/statement-dropped.actions" : "bucket/statement-dropped.all-but",
                       {{"effect", grant}, {"actions", list_of(ctx, actions.items, 3)}}));
  auto principals = s.principal.all();
  if (!principals.empty())
    grant = ctx.tr(msg("bucket/statement-dropped.to", {{"grant", grant}, {"principals", list_of(ctx, principals, 2)}}));
  return ctx.tr(msg("bucket/statement-dropped.statement", {{"statement", name}, {"grant", grant}}));
}

// The compared version as a message names it: the ref or file, quoted in
// Chinese; "the previous version" when it has no name.
std::string previous_name(const Context& ctx) {
  if (ctx.settings.previous_label.empty()) return ctx.tr(msg("bucket.previous-version"));
  return code(ctx, ctx.settings.previous_label);
}

Span statement_anchor(const Policy& p) {
  const json::Node* arr = p.statement_member != nullptr ? p.statement_member->value : p.root;
  return Span{arr->span.begin, arr->span.begin + 1};
}

// bucket/statement-dropped
void statement_dropped(const Context& ctx) {
  const Policy* prev = ctx.settings.previous;
  if (prev == nullptr || ctx.policy.root == nullptr) return;
  std::string label =
      ctx.settings.previous_label.empty() ? ctx.tr(msg("bucket.previous-version")) : ctx.settings.previous_label;
  for (const Statement& old : prev->statements) {
    if (old.node == nullptr || !old.node->is_object() || (!old.allows() && !old.denies())) continue;
    if (has_equivalent(old, ctx.policy)) continue;
    Finding& f = ctx.report("bucket/statement-dropped", statement_anchor(ctx.policy),
                            msg(old.denies() ? "bucket/statement-dropped.deny" : "bucket/statement-dropped",
                                {{"statement", describe(ctx, old)}}));
    std::string where = ctx.tr(msg("bucket/statement-dropped.related"));
    if (ctx.settings.previous_source != nullptr) {
      Position pos = ctx.settings.previous_source->position(old.node->span.begin);
      where = ctx.tr(msg("bucket/statement-dropped.related-at", {{"line", pos.line}, {"column", pos.column}}));
    }
    f.related.push_back({old.node->span, where, label});
  }
}

// bucket/policy-replaces-existing
void policy_replaces_existing(const Context& ctx) {
  if (!ctx.settings.previous_absent || ctx.policy.root == nullptr) return;
  ctx.report("bucket/policy-replaces-existing", statement_anchor(ctx.policy),
             msg("bucket/policy-replaces-existing", {{"version", previous_name(ctx)}}));
}

constexpr RuleImpl kRules[] = {
    {"bucket/multiple-buckets", multiple_buckets},   {"bucket/multiple-owners", multiple_owners},
    {"bucket/owner-wildcard", owner_wildcard},       {"bucket/policy-replaces-existing", policy_replaces_existing},
    {"bucket/statement-dropped", statement_dropped}, {"bucket/swapped-accounts", swapped_accounts},
};

}  // namespace

std::span<const RuleImpl> bucket_rules() { return kRules; }

}  // namespace policylint::rules
