// Rules of the "dts" family: the trust policy of a cross-account DTS role
// (DTS-01, DTS-02, DTS-03; seeds 002 and 004, policy-language.md 5.1).
#include <algorithm>
#include <span>
#include <string>
#include <vector>

#include "facts.hpp"
#include "families.hpp"
#include "message_template.hpp"
#include "model/arn.hpp"
#include "policylint/eval.hpp"
#include "scenario.hpp"
#include "util.hpp"

namespace policylint::rules {

namespace {

constexpr std::string_view kDtsHost = "dts.aliyuncs.com";

// A principal value with the account it names.
struct Named {
  Str str;
  std::string_view uid;
};

// The DTS-related principals of a trust policy's Allow statements. Pairs are
// looked for across the whole document: a RAM root in one statement and the
// DTS service principal in another grant the same as the documented single
// statement.
struct DtsPrincipals {
  DocVector<Named> roots;   // RAM "acs:ram::<uid>:root"
  DocVector<Named> scoped;  // Service "<uid>@dts.aliyuncs.com"
  DocVector<Str> plain;     // Service "dts.aliyuncs.com"
};

// The DTS principals of the document's Allow statements (of one statement
// when only is set). The RAM roots matter only beside a DTS service
// principal or in a declared dts-trust document (with_roots): most documents
// have neither, and their roots are not parsed (nor is with_roots() asked).
template <typename WithRoots>
DtsPrincipals collect(const Policy& policy, WithRoots&& with_roots, const Statement* only = nullptr) {
  DtsPrincipals out;
  auto allowed = [&](const Statement& s) { return s.allows() && (only == nullptr || &s == only); };
  for (const Statement& s : policy.statements) {
    if (!allowed(s)) continue;
    for (const auto& e : s.principal.entries) {
      if (e.key != "Service") continue;
      for (const Str& v : e.values.items) {
        if (iequals(v.value, kDtsHost)) {
          out.plain.push_back(v);
          continue;
        }
        auto sp = model::service_principal(v.value);
        if (sp.scoped && !sp.uid.text.empty() && iequals(sp.host.text, kDtsHost))
          out.scoped.push_back({v, sp.uid.text});
      }
    }
  }
  if (out.plain.empty() && out.scoped.empty() && !with_roots()) return out;
  for (const Statement& s : policy.statements) {
    if (!allowed(s)) continue;
    for (const auto& e : s.principal.entries) {
      if (e.key != "RAM") continue;
      for (const Str& v : e.values.items) {
        // model::is_ram_root(), with the account of the one parse; a root
        // ARN ends in ":root", which spares the parse of any other value.
        if (!v.value.starts_with("acs:ram::") || !v.value.ends_with(":root")) continue;
        if (auto arn = model::parse_arn(v.value); arn && arn->resource.text == "root")
          out.roots.push_back({v, arn->account.text});
      }
    }
  }
  return out;
}

bool declared_dts_trust(const Context& ctx) {
  const Intent& intent = ctx.facts().intent();
  return intent.declared && intent.is("dts-trust");
}

// The DTS principals of the whole document, collected once for the rules
// that read them.
const DtsPrincipals& dts_principals(const Context& ctx) {
  return ctx.facts().shared<DtsPrincipals>(
      [&] { return collect(ctx.policy, [&] { return declared_dts_trust(ctx); }); });
}

bool has_root(const DtsPrincipals& d, std::string_view uid) {
  for (const auto& r : d.roots)
    if (r.uid == uid) return true;
  return false;
}

// RAM roots whose UID is a real number (placeholders are placeholder/unreplaced's).
// (In the document's memory, as the principals are.)
DocVector<const Named*> numeric_roots(const DtsPrincipals& d) {
  DocVector<const Named*> out;
  for (const auto& r : d.roots)
    if (all_digits(r.uid)) out.push_back(&r);
  return out;
}

// The Principal of the first Allow statement that lets a principal assume
// the role, else of the first statement with one; the document's start.
Span principal_span(const Policy& p) {
  const Statement* any = nullptr;
  for (const auto& s : p.statements) {
    if (!s.principal.present()) continue;
    if (s.allows() && eval::covers_action(s, "sts:AssumeRole")) return s.principal.member->value->span;
    if (any == nullptr) any = &s;
  }
  if (any != nullptr) return any->principal.member->value->span;
  return p.root != nullptr ? Span{p.root->span.begin, p.root->span.begin + 1} : Span{};
}

// Declared dts-trust: the document must name the account that creates the
// task in both forms. Reports the half that is missing, naming the value to
// add; returns whether it reported.
bool declared_incomplete(const Context& ctx, const DtsPrincipals& d) {
  const std::string& own = ctx.settings.account;
  auto foreign = [&](std::string_view uid) { return own.empty() || uid != own; };
  if (!d.scoped.empty()) return false;  // the scoped half is there: the pair checks below
  // RAM roots without a scoped service principal. Plain "dts.aliyuncs.com"
  // beside a root of another account is dts/plain-service-principal's finding.
  std::vector<const Named*> roots;
  for (const auto& r : d.roots)
    if (foreign(r.uid)) roots.push_back(&r);
  if (!roots.empty()) {
    if (!d.plain.empty() && std::any_of(roots.begin(), roots.end(), [](const Named* r) { return all_digits(r->uid); }))
      return true;
    for (const Named* r : roots)
      ctx.report("dts/principal-pair", r->str.node->span,
                 msg("dts/principal-pair.root", {{"root", quote(r->str.value)}, {"uid", r->uid}}));
    return true;
  }
  if (!d.roots.empty()) return true;  // only the owner's own root: dts/trusted-own-account
  ctx.report("dts/principal-pair", principal_span(ctx.policy),
             msg(d.plain.empty() ? "dts/principal-pair.none" : "dts/principal-pair.plain-only"));
  return true;
}

// dts/principal-pair
void principal_pair(const Context& ctx) {
  const DtsPrincipals& d = dts_principals(ctx);
  bool declared = declared_dts_trust(ctx);
  if (declared && declared_incomplete(ctx, d)) return;
  auto roots = numeric_roots(d);
  for (const Named& sc : d.scoped) {
    // Placeholders and masked IDs are reported by placeholder/unreplaced; the
    // role owner's own UID by dts/trusted-own-account (its root cause).
    if (!all_digits(sc.uid) || has_root(d, sc.uid) || sc.uid == ctx.settings.account) continue;
    if (!roots.empty()) {
      std::string others;
      for (const Named* r : roots)
        others += (others.empty() ? "" : ctx.settings.lang == Lang::Zh ? "、" : ", ") + quote(r->uid);
      Finding& f = ctx.report("dts/principal-pair", sc.str.node->span,
                              msg("dts/principal-pair.uid-mismatch", {{"uid", quote(sc.uid)}, {"others", others}}));
      for (const Named* r : roots)
        f.related.push_back({r->str.node->span, ctx.tr(msg("dts/principal-pair.related")), {}});
      continue;
    }
    // Only the service half is there: the documented policy lists both. Whether
    // DTS works without the RAM half is not documented, hence a warning.
    Finding& f = ctx.report("dts/principal-pair", sc.str.node->span,
                            msg(declared ? "dts/principal-pair.declared" : "dts/principal-pair",
                                {{"service", quote(sc.str.value)}, {"uid", sc.uid}}));
    // Declared, the document must be complete; otherwise what DTS does
    // without the RAM half is not documented.
    if (!declared) mark_uncertain(f);
  }
}

// dts/plain-service-principal
// "RAM principal of account {uid}" for each of a document's roots (a trust
// policy may name dozens), from a template made once per language.
const MessageTemplate& uid_label(Lang lang) {
  static constexpr std::string_view kParams[] = {"uid"};
  static const MessageTemplate labels[] = {MessageTemplate("dts/plain-service-principal.related", kParams, Lang::En),
                                           MessageTemplate("dts/plain-service-principal.related", kParams, Lang::Zh)};
  return labels[lang == Lang::Zh ? 1 : 0];
}

void plain_service_principal(const Context& ctx) {
  const DtsPrincipals& d = dts_principals(ctx);
  // "dts.aliyuncs.com" alone is a normal same-account DTS role; beside the
  // account-scoped form it is an extra, deliberate grant.
  if (d.plain.empty() || !d.scoped.empty()) return;
  DocVector<const Named*> foreign;
  for (const Named* r : numeric_roots(d))
    if (r->uid != ctx.settings.account) foreign.push_back(r);  // own UID: dts/trusted-own-account
  if (foreign.empty()) return;
  std::string uid(foreign.front()->uid);
  bool one_uid = true;
  for (const Named* r : foreign) one_uid = one_uid && r->uid == uid;
  for (const Str& plain : d.plain) {
    Finding& f =
        ctx.report("dts/plain-service-principal", plain.node->span,
                   msg("dts/plain-service-principal", {{"root", quote(foreign.front()->str.value)}, {"uid", uid}}));
    const MessageTemplate& label = uid_label(ctx.settings.lang);
    f.related.reserve(foreign.size());
    for (const Named* r : foreign) f.related.push_back({r->str.node->span, label.fill(r->uid), {}});
    // Declared cross-account DTS trust: the plain form is certainly not it.
    if (declared_dts_trust(ctx)) f.severity = Severity::Error;
    // Unsafe: it takes the role away from DTS tasks of the owner's account and
    // gives it to tasks of the other account; right only if that account is
    // the one that creates the task (DTS-04).
    if (one_uid)
      f.fix = Fix{ctx.tr(msg("dts/plain-service-principal.fix", {{"uid", uid}})),
                  false,
                  {Edit{plain.node->span, "\"" + uid + "@dts.aliyuncs.com\""}}};
  }
}

// dts/trusted-own-account
void trusted_own_account(const Context& ctx) {
  const std::string& own = ctx.settings.account;
  if (own.empty()) return;
  for (const Statement& s : ctx.policy.statements) {
    if (!s.allows()) continue;
    DtsPrincipals d = collect(
        ctx.policy, [] { return false; }, &s);          // one finding per statement
    if (d.scoped.empty() && d.plain.empty()) continue;  // not a DTS trust statement
    const Str* scoped = nullptr;
    const Str* root = nullptr;
    for (const auto& n : d.scoped)
      if (n.uid == own && scoped == nullptr) scoped = &n.str;
    for (const auto& n : d.roots)
      if (n.uid == own && root == nullptr) root = &n.str;
    if (scoped == nullptr && root == nullptr) continue;
    const Str& at = scoped != nullptr ? *scoped : *root;
    Finding& f = ctx.report("dts/trusted-own-account", at.node->span,
                            msg("dts/trusted-own-account", {{"value", quote(at.value)}, {"own", own}}));
    if (scoped != nullptr && root != nullptr)
      f.related.push_back({root->node->span, ctx.tr(msg("dts/trusted-own-account.related")), {}});
  }
}

constexpr RuleImpl kRules[] = {
    {"dts/plain-service-principal", plain_service_principal},
    {"dts/principal-pair", principal_pair},
    {"dts/trusted-own-account", trusted_own_account},
};

}  // namespace

std::span<const RuleImpl> dts_rules() { return kRules; }

}  // namespace policylint::rules
