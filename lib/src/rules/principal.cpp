// Rules of the "principal" family: the Principal element of trust policies
// (object keyed RAM/Service/Federated, policy-language.md 5.1) and of OSS
// bucket policies (list of UIDs and arn:sts:: role sessions, 5.2-5.3).
#include <algorithm>
#include <cctype>
#include <optional>
#include <vector>

#include "facts.hpp"
#include "families.hpp"
#include "model/arn.hpp"
#include "model/placeholders.hpp"
#include "policylint/catalog.hpp"
#include "policylint/eval.hpp"
#include "util.hpp"

namespace policylint::rules {

namespace {

constexpr std::string_view kSamlRecipients[] = {
    "https://signin.alibabacloud.com/saml-role/sso",  // international site
    "https://signin.aliyun.com/saml-role/sso",        // China site
};

// Text placeholder/unreplaced reports (<uid>, {Role Name}, masked 1646****,
// the sample "src-uid") or a template fills in: shape rules stay quiet.
bool placeholder_like(std::string_view s) { return model::has_placeholder(s) || model::has_template(s); }

// An account-ID field placeholder/unreplaced reports ("src-uid", "18***").
bool placeholder_uid(std::string_view s) { return model::has_placeholder_account(s); }

// Calls check(), which judges a value, and withdraws what it reported when
// the value is placeholder text (placeholder_like): the placeholder search is
// the costly test and matters only for a value check reports (most are well
// formed), so it is made then, as if check had not been called on such text.
template <typename Check>
void unless_placeholder(const Context& ctx, std::string_view value, Check&& check) {
  std::vector<Finding>& found = ctx.out.findings();
  const std::size_t before = found.size();
  check();
  if (found.size() != before && placeholder_like(value))
    found.erase(found.begin() + static_cast<std::ptrdiff_t>(before), found.end());
}

// std::isalnum in the "C" locale, in place (no call per byte).

// Byte offset in the source of character i of a string node's decoded text,
// or nullopt when the string has escapes (decoded and raw text then differ,
// and a fix replaces nothing rather than the wrong bytes).
std::optional<std::uint32_t> raw_offset(const Context& ctx, const json::Node* n, std::size_t i) {
  std::string_view raw = ctx.text(n->span);
  if (raw.size() != n->text.size() + 2 || raw.substr(1, n->text.size()) != n->text) return std::nullopt;
  return n->span.begin + 1 + static_cast<std::uint32_t>(i);
}

// --- trust policies ---------------------------------------------------------

const std::initializer_list<std::string_view> kTrustKeys = {"RAM", "Service", "Federated"};

// principal/trust-key-unknown
void trust_key_unknown(const Context& ctx) {
  for (const auto& s : ctx.policy.statements) {
    if (!s.principal.object_form) continue;
    const json::Node* obj = s.principal.member->value;
    for (const auto& e : s.principal.entries) {
      bool known = false;
      for (auto k : kTrustKeys) known = known || e.key == k;
      if (known) continue;
      auto c = closest(e.key, kTrustKeys, 2);
      Message text = msg("principal/trust-key-unknown", {{"key", quote(e.key)}});
      if (e.key == "AWS") {
        text = msg("principal/trust-key-unknown.aws", {{"message", ctx.tr(text)}});
        c = "RAM";
      } else if (c) {
        text =
            msg("principal.did-you-mean", {{"message", ctx.tr(text)}, {"suggestion", "\"" + std::string(*c) + "\""}});
      }
      Finding& f = ctx.report("principal/trust-key-unknown", e.member->key_span, text);
      // Renaming is only offered when the intended key is not there already
      // (a duplicate key would be the result); a case-only slip is unambiguous.
      if (c && obj->find(*c) == nullptr)
        f.fix = Fix{ctx.tr(msg("principal/trust-key-unknown.fix", {{"key", "\"" + std::string(*c) + "\""}})),
                    iequals(*c, e.key),
                    {Edit{e.member->key_span, "\"" + std::string(*c) + "\""}}};
    }
  }
}

enum class ArnUse { Ram, Federated };

// Alibaba Cloud account IDs (UIDs) have 16 digits. The docs' own examples
// use 9-, 10-, 13- and 14-digit IDs (reference/README.md, linter guidance),
// so a policy copied from them names an account that does not exist: a
// warning, whatever the rule's own severity. Masked or sample IDs are the
// placeholder family's. Returns whether it reported.
bool uid_length(const Context& ctx, const char* rule, const Str& item, std::string_view uid) {
  if (uid.empty() || !all_digits(uid) || uid.size() == 16) return false;
  Message m = uid == item.value ? msg("principal.uid-number", {{"value", quote(uid)}, {"n", uid.size()}})
                                : msg("principal.uid-in-value",
                                      {{"value", quote(item.value)}, {"uid", quote(uid)}, {"n", uid.size()}});
  Finding& f = ctx.report(rule, item.node->span, m);
  f.severity = Severity::Warning;
  return true;
}

// Checks an acs:ram:: principal ARN under RAM or Federated.
void check_ram_arn(const Context& ctx, const Str& item, ArnUse use) {
  std::string_view v = item.value;
  const char* id = "principal/trust-value-malformed";
  const std::string key = use == ArnUse::Ram ? "\"RAM\"" : "\"Federated\"";
  auto fail = [&](const Message& why) {
    ctx.report(
        id, item.node->span,
        msg(use == ArnUse::Ram ? "principal/trust-value-malformed.ram" : "principal/trust-value-malformed.federated",
            {{"value", quote(v)}, {"why", ctx.tr(why)}}));
  };
  if (util::iends_with(v, ".aliyuncs.com")) {
    fail(msg("principal/trust-value-malformed.why-service-name"));
    return;
  }
  model::Arn arn = model::split_arn(v);
  if (!arn.complete()) {
    fail(msg("principal/trust-value-malformed.why-not-arn"));
    return;
  }
  if (arn.scheme.text == "arn" || iequals(arn.service.text, "sts")) {
    fail(msg("principal/trust-value-malformed.why-session-arn"));
    return;
  }
  if (arn.scheme.text != "acs" || arn.service.text != "ram") {
    fail(msg("principal/trust-value-malformed.why-not-acs-ram"));
    return;
  }
  std::string_view account = arn.account.text;
  // Digits or "*" are never a placeholder account: the search is made only
  // for an account that is neither.
  if (!all_digits(account) && account != "*") {
    if (placeholder_uid(account)) return;
    fail(msg("principal/trust-value-malformed.why-account", {{"account", quote(account)}}));
    return;
  }
  if (uid_length(ctx, id, item, account)) return;
  std::string_view res = arn.resource.text;
  auto entity = model::ram_principal(arn);
  bool idp_form =
      entity && (entity->entity == model::RamEntity::SamlProvider || entity->entity == model::RamEntity::OidcProvider);
  bool ram_form = entity && !idp_form;
  if (use == ArnUse::Ram && idp_form) {
    fail(msg("principal/trust-value-malformed.why-idp"));
    return;
  }
  if (use == ArnUse::Federated && ram_form) {
    fail(msg("principal/trust-value-malformed.why-ram-entity"));
    return;
  }
  if (!(use == ArnUse::Ram ? ram_form : idp_form)) {
    if (use == ArnUse::Ram && res.substr(0, 5) == "role/" && res.find('/', 5) != std::string_view::npos)
      fail(msg("principal/trust-value-malformed.why-session"));
    else
      fail(msg("principal/trust-value-malformed.why-resource", {{"resource", quote(res)}}));
    return;
  }
  std::string_view region = arn.region.text;
  if (region.empty()) return;
  if (region == "*") {
    // acs:ram:*: is the resource-ARN form; principal ARNs have an empty
    // region in every documented example (policy-language.md 5.1).
    Finding& f =
        ctx.report(id, item.node->span,
                   msg("principal/trust-value-malformed.resource-arn-form", {{"key", key}, {"value", quote(v)}}));
    mark_uncertain(f);
    if (auto off = raw_offset(ctx, item.node, arn.region.offset))
      f.fix = Fix{ctx.tr(msg("common.write", {{"value", "\"acs:ram::\""}})), true, {Edit{Span{*off, *off + 1}, ""}}};
    return;
  }
  fail(msg("principal/trust-value-malformed.why-region", {{"region", quote(region)}}));
}

// Dot-separated labels of letters, digits and '-'.
bool labels_ok(std::string_view host) {
  bool ok = !host.empty() && host.front() != '.';
  for (std::size_t i = 0; i < host.size(); ++i) {
    char c = host[i];
    ok = ok && (util::is_alnum(c) || c == '-' || (c == '.' && i + 1 < host.size() && host[i + 1] != '.'));
  }
  return ok;
}

// <labels>.aliyuncs.com
bool service_host_ok(std::string_view host) {
  return labels_ok(host) && util::iends_with(host, ".aliyuncs.com") && host.size() > 13;
}

void check_service_value(const Context& ctx, const Str& item) {
  std::string_view v = item.value;
  auto fail = [&](const Message& why) {
    ctx.report("principal/trust-value-malformed", item.node->span,
               msg("principal/trust-value-malformed.service", {{"value", quote(v)}, {"why", ctx.tr(why)}}));
  };
  if (util::istarts_with(v, "acs:") || util::istarts_with(v, "arn:")) {
    fail(msg("principal/trust-value-malformed.why-service-arn"));
    return;
  }
  model::ServicePrincipal sp = model::service_principal(v);
  std::string_view host = sp.host.text;
  if (sp.scoped) {
    std::string_view uid = sp.uid.text;
    if (placeholder_uid(uid)) return;
    if (!all_digits(uid)) {
      fail(msg("principal/trust-value-malformed.why-service-uid", {{"uid", quote(uid)}}));
      return;
    }
    if (uid_length(ctx, "principal/trust-value-malformed", item, uid)) return;
  }
  if (!service_host_ok(host)) {
    Message why = msg("principal/trust-value-malformed.why-not-host");
    if (labels_ok(host) && host.find('.') == std::string_view::npos &&
        catalog::get().known_service_principal(std::string(host) + ".aliyuncs.com"))
      why = msg("principal.did-you-mean",
                {{"message", ctx.tr(why)}, {"suggestion", "\"" + std::string(host) + ".aliyuncs.com\""}});
    fail(why);
  }
}

// principal/trust-value-malformed
void trust_value_malformed(const Context& ctx) {
  for (const auto& s : ctx.policy.statements) {
    if (!s.principal.present()) continue;
    if (!s.principal.object_form) {
      const json::Node* v = s.principal.member->value;
      if (!v->is_string() && !v->is_array()) continue;  // grammar/value-type
      // The RAM docs define the trust Principal only as an object; nothing
      // public says RAM rejects a list, hence a warning.
      Finding& f = ctx.report("principal/trust-value-malformed", v->span,
                              msg(v->is_string() ? "principal/trust-value-malformed.list-string"
                                                 : "principal/trust-value-malformed.list-array"));
      mark_uncertain(f);
      continue;
    }
    for (const auto& e : s.principal.entries) {
      for (const Str& item : e.values.items) {
        if (item.value.empty()) continue;
        unless_placeholder(ctx, item.value, [&] {
          if (e.key == "RAM") {
            if (item.value == "*") return;  // who-may-assume questions belong to the security rules
            if (all_digits(item.value)) {
              if (uid_length(ctx, "principal/trust-value-malformed", item, item.value)) return;
              // A bare UID is not in the trust-policy docs, and no source says
              // RAM rejects it ("still open" in reference/README.md).
              std::string form = "\"acs:ram::" + std::string(item.value) + ":root\"";
              Finding& f = ctx.report(
                  "principal/trust-value-malformed", item.node->span,
                  msg("principal/trust-value-malformed.bare-uid", {{"value", quote(item.value)}, {"form", form}}));
              mark_uncertain(f);
              f.fix = Fix{ctx.tr(msg("common.write", {{"value", form}})), false, {Edit{item.node->span, form}}};
              return;
            }
            check_ram_arn(ctx, item, ArnUse::Ram);
          } else if (e.key == "Federated") {
            check_ram_arn(ctx, item, ArnUse::Federated);
          } else if (e.key == "Service") {
            check_service_value(ctx, item);
          }
        });
      }
    }
  }
}

// principal/service-unknown
void service_unknown(const Context& ctx) {
  const auto& cat = catalog::get();
  for (const auto& s : ctx.policy.statements) {
    for (const auto& e : s.principal.entries) {
      if (e.key != "Service") continue;  // Principal::of("Service"), without the copy
      for (const Str& item : e.values.items) {
        std::string_view v = item.value;
        unless_placeholder(ctx, v, [&] {
          model::ServicePrincipal sp = model::service_principal(v);
          std::string_view host = sp.host.text;
          bool scoped = sp.scoped;
          if (scoped && !all_digits(sp.uid.text)) return;  // trust-value-malformed
          if (!service_host_ok(host)) return;              // trust-value-malformed
          if (!cat.known_service_principal(host)) {
            ctx.report("principal/service-unknown", item.node->span,
                       msg("principal/service-unknown", {{"host", quote(host)}}));
          } else if (scoped && !cat.account_scoped(host)) {
            ctx.report("principal/service-unknown", item.node->span,
                       msg("principal/service-unknown.scoped", {{"host", host}}));
          }
        });
      }
    }
  }
}

// A KMS key policy has the trust form {"RAM": [...]} but kms: actions and a
// Resource (policy-language.md 1.1); kind inference may call it a trust
// policy. No sts: action and a Resource anywhere: not a role's trust policy.
bool looks_like_key_policy(const Policy& p) {
  bool resource = false;
  for (const auto& s : p.statements) {
    resource = resource || s.resource.present();
    for (const Str& a : s.actions().items)
      if (util::istarts_with(a.value, "sts:")) return false;
  }
  return resource;
}

// principal/trust-action
void trust_action(const Context& ctx) {
  if (looks_like_key_policy(ctx.policy)) return;
  for (const auto& s : ctx.policy.statements) {
    if (s.not_action.present() && !s.action.present()) {
      Finding& f =
          ctx.report("principal/trust-action", s.not_action.member->key_span, msg("principal/trust-action.not-action"));
      mark_uncertain(f);
      continue;
    }
    for (const Str& a : s.action.items) {
      std::string_view v = a.value;
      if (iequals(v, "sts:AssumeRole")) continue;
      if (iequals(v, "sts:AssumeRoleWithSAML") || iequals(v, "sts:AssumeRoleWithOIDC")) {
        // Whether RAM accepts these in a trust policy is open; the docs use
        // sts:AssumeRole for SAML and OIDC roles too.
        Finding& f = ctx.report("principal/trust-action", a.node->span,
                                msg("principal/trust-action.federated", {{"action", quote(v)}}));
        mark_uncertain(f);
        continue;
      }
      if (has_wildcard(v) && eval::wildcard_match(v, "sts:AssumeRole", true)) {
        Finding& f = ctx.report("principal/trust-action", a.node->span,
                                msg("principal/trust-action.wildcard", {{"action", quote(v)}}));
        mark_uncertain(f);
        continue;
      }
      Message text = msg("principal/trust-action", {{"action", quote(v)}});
      bool typo = edit_distance(v, "sts:AssumeRole") <= 3;
      if (typo) text = msg("principal.did-you-mean", {{"message", ctx.tr(text)}, {"suggestion", "\"sts:AssumeRole\""}});
      Finding& f = ctx.report("principal/trust-action", a.node->span, text);
      if (typo)
        f.fix = Fix{ctx.tr(msg("common.write", {{"value", "\"sts:AssumeRole\""}})),
                    false,
                    {Edit{a.node->span, "\"sts:AssumeRole\""}}};
    }
  }
}

// The operator of a condition entry without a set prefix.
std::string_view base_operator(std::string_view op) {
  auto colon = op.find(':');
  return colon == std::string_view::npos ? op : op.substr(colon + 1);
}

// principal/federated-condition-missing
void federated_condition_missing(const Context& ctx) {
  for (const auto& s : ctx.policy.statements) {
    if (!s.allows()) continue;  // a Deny needs no narrowing
    const Str* saml = nullptr;
    const Str* oidc = nullptr;
    std::vector<Str> fed = s.principal.of("Federated");
    for (const Str& item : fed) {
      if (item.value.find(":saml-provider/") != std::string_view::npos && saml == nullptr) saml = &item;
      if (item.value.find(":oidc-provider/") != std::string_view::npos && oidc == nullptr) oidc = &item;
    }
    const char* id = "principal/federated-condition-missing";
    if (saml != nullptr) {
      const ConditionEntry* entry = nullptr;
      for (const auto& c : s.conditions)
        if (iequals(c.key_name, "saml:recipient")) entry = &c;
      if (entry == nullptr) {
        ctx.report(id, saml->node->span,
                   msg("principal/federated-condition-missing.saml", {{"value", quote(saml->value)}}));
      } else if (base_operator(entry->op_name) != "StringEquals") {
        ctx.report(id, entry->op->key_span,
                   msg("principal/federated-condition-missing.saml-operator", {{"operator", quote(entry->op_name)}}));
      } else {
        bool documented = false;
        for (const Str& val : entry->values)
          for (auto r : kSamlRecipients) documented = documented || val.value == r;
        if (!documented)
          ctx.report(id, entry->key->value->span, msg("principal/federated-condition-missing.saml-value"));
      }
    }
    if (oidc != nullptr) {
      const ConditionEntry* entry = nullptr;
      for (const auto& c : s.conditions)
        if (iequals(c.key_name, "oidc:iss") && (entry == nullptr || base_operator(c.op_name) == "StringEquals"))
          entry = &c;
      if (entry == nullptr) {
        ctx.report(id, oidc->node->span,
                   msg("principal/federated-condition-missing.oidc", {{"value", quote(oidc->value)}}));
      } else if (base_operator(entry->op_name) != "StringEquals") {
        ctx.report(id, entry->op->key_span,
                   msg("principal/federated-condition-missing.oidc-operator", {{"operator", quote(entry->op_name)}}));
      }
    }
  }
}

// --- bucket policies --------------------------------------------------------

// principal/bucket-value-malformed
void bucket_value_malformed(const Context& ctx) {
  const char* id = "principal/bucket-value-malformed";
  for (const auto& s : ctx.policy.statements) {
    if (!s.principal.present()) continue;
    if (s.principal.object_form) {
      ctx.report(id, s.principal.member->value->span, msg("principal/bucket-value-malformed.object"));
      continue;
    }
    for (const Str& item : s.principal.entries.front().values.items) {
      std::string_view v = item.value;
      // all_digits(v), in place: every principal of every document is asked.
      const bool digits = !v.empty() && std::all_of(v.begin(), v.end(), util::is_digit);
      // A bare number is an account ID (16 digits) or a RAM user ID (16 to
      // 18 digits in the docs' examples): shorter matches nobody.
      if (digits && v.size() < 16 && !placeholder_uid(v)) {
        uid_length(ctx, id, item, v);
        continue;
      }
      if (v.empty() || v == "*" || digits || model::sts_like(v) || placeholder_like(v) || placeholder_uid(v)) continue;
      ctx.report(id, item.node->span,
                 msg(util::istarts_with(v, "acs:ram:") ? "principal/bucket-value-malformed.ram-arn"
                                                       : "principal/bucket-value-malformed.other",
                     {{"value", quote(v)}}));
    }
  }
}

bool chars_in(std::string_view s, std::string_view extra, char* bad) {
  for (char c : s)
    if (!util::is_alnum(c) && extra.find(c) == std::string_view::npos) {
      *bad = c;
      return false;
    }
  return true;
}

// A role-session principal of a bucket policy's list Principal
// ("arn:sts:..." / "acs:sts:..."), split.
struct Session {
  const Str* item = nullptr;
  model::Arn arn;
  model::RoleSession sts;          // of a complete ARN
  bool template_value = false;     // a template ("${var.uid}") anywhere in it
  bool template_resource = false;  // a template in its resource part
};

// The role sessions of a document, found and split once for the rules that
// read them (Facts::shared); most principals are not sessions.
struct Sessions {
  DocVector<Session> list;
};

Sessions sessions_of(const Policy& p) {
  Sessions out;
  for (const auto& s : p.statements) {
    if (!s.principal.present() || s.principal.object_form) continue;
    for (const Str& item : s.principal.entries.front().values.items) {
      std::string_view v = item.value;
      // The first byte spares the call for account IDs and service names.
      if (v.empty() || util::lower(v.front()) != 'a' || !model::sts_like(v)) continue;
      Session& x = out.list.emplace_back();  // filled in place: a session is a few hundred bytes
      x.item = &item;
      x.arn = model::split_arn(v);
      if (x.arn.complete()) x.sts = model::role_session(x.arn);
      x.template_value = model::has_template(v);
      x.template_resource = model::has_template(x.arn.resource.text);
    }
  }
  return out;
}

// Calls fn(session) for every role-session principal of a bucket policy's
// list Principal that is not a placeholder (placeholder_like). With
// known_resource, a template ("${var.uid}") outside the resource part does
// not make the value a placeholder: the role name is still known.
template <typename Fn>
void for_each_session(const Context& ctx, Fn&& fn, bool known_resource = false) {
  std::vector<Finding>& found = ctx.out.findings();
  for (const Session& x : ctx.facts().shared<Sessions>([&] { return sessions_of(ctx.policy); }).list) {
    if (known_resource ? x.template_resource : x.template_value) continue;
    // The placeholder search is the costly test and matters only for a
    // value fn reports (most are well formed): it is made then, and a
    // placeholder's findings are withdrawn, as if fn had not been called.
    const std::size_t before = found.size();
    fn(x);
    if (found.size() != before && model::has_placeholder(x.item->value))
      found.erase(found.begin() + static_cast<std::ptrdiff_t>(before), found.end());
  }
}

// principal/assumed-role-malformed
void assumed_role_malformed(const Context& ctx) {
  const char* id = "principal/assumed-role-malformed";
  for_each_session(ctx, [&](const Session& x) {
    const Str& item = *x.item;
    const model::Arn& arn = x.arn;
    std::string_view v = item.value;
    auto fail = [&](const Message& why) -> Finding& {
      return ctx.report(id, item.node->span,
                        msg("principal/assumed-role-malformed", {{"value", quote(v)}, {"why", ctx.tr(why)}}));
    };
    if (v.substr(0, 8) != "arn:sts:") {
      // AssumeRole responses show acs:sts::/acs:ram:: session ARNs, but
      // bucket policies match only the arn:sts:: form (5.2).
      Finding& f = fail(msg("principal/assumed-role-malformed.why-prefix", {{"prefix", quote(v.substr(0, 8))}}));
      if (auto off = raw_offset(ctx, item.node, 0))
        f.fix = Fix{
            ctx.tr(msg("common.write", {{"value", "\"arn:sts:\""}})), true, {Edit{Span{*off, *off + 7}, "arn:sts"}}};
    }
    if (!arn.complete()) {
      fail(msg("principal/assumed-role-malformed.why-form"));
      return;
    }
    std::string_view region = arn.region.text, account = arn.account.text;
    if (!region.empty()) {
      Finding& f = fail(msg("principal/assumed-role-malformed.why-region", {{"region", quote(region)}}));
      if (auto off = raw_offset(ctx, item.node, arn.region.offset))
        f.fix = Fix{ctx.tr(msg("principal/assumed-role-malformed.fix-region")),
                    true,
                    {Edit{Span{*off, *off + static_cast<std::uint32_t>(region.size())}, ""}}};
    }
    if (placeholder_uid(account)) return;
    if (!all_digits(account) && account != "*") {
      fail(msg("principal/assumed-role-malformed.why-account", {{"account", quote(account)}}));
      return;
    }
    // A 16-digit account is the documented length: uid_length() would pass it.
    if (account.size() != 16 && uid_length(ctx, id, item, account)) return;
    // arn:sts::*:*/*/* is the documented "every role session" principal.
    if (arn.resource.text == "*/*/*") return;
    const model::RoleSession& sts = x.sts;
    if (sts.type.text != "assumed-role") {
      fail(msg("principal/assumed-role-malformed.why-type", {{"type", quote(sts.type.text)}}));
      return;
    }
    if (sts.role.text.empty()) {
      fail(msg("principal/assumed-role-malformed.why-no-role"));
      return;
    }
    char bad = 0;
    // Role names: letters, digits, '.', '-' (and '@' in the older API); the
    // wildcards are matched by OSS.
    if (!chars_in(sts.role.text, ".-@*?", &bad)) {
      fail(msg("principal/assumed-role-malformed.why-role-char",
               {{"char", quote(std::string(1, bad))}, {"role", quote(sts.role.text)}}));
      return;
    }
    if (sts.parts == 2) {
      Finding& f = fail(msg("principal/assumed-role-malformed.why-no-session"));
      if (auto off = raw_offset(ctx, item.node, v.size()))
        f.fix = Fix{ctx.tr(msg("principal/assumed-role-malformed.fix-session")), false, {Edit{Span{*off, *off}, "/*"}}};
      return;
    }
    if (sts.parts > 3) {
      fail(msg("principal/assumed-role-malformed.why-parts"));
      return;
    }
    if (sts.session.text.empty() || !chars_in(sts.session.text, ".@-_*?", &bad))
      fail(msg("principal/assumed-role-malformed.why-session", {{"session", quote(sts.session.text)}}));
  });
}

// principal/role-name-lowercase (PRN-01)
void role_name_lowercase(const Context& ctx) {
  // The role name is judged whenever it is written out, also beside a
  // template account ("arn:sts::${var.uid}:assumed-role/MyRole/*").
  for_each_session(
      ctx,
      [&](const Session& x) {
        if (!x.arn.complete()) return;
        const Str& item = *x.item;
        const model::RoleSession& sts = x.sts;
        std::string_view role = sts.role.text;
        if (!iequals(sts.type.text, "assumed-role") || !util::has_upper(role)) return;
        std::string lower = util::to_lower(role);
        Finding& f = ctx.report("principal/role-name-lowercase", item.node->span,
                                msg("principal/role-name-lowercase", {{"role", quote(role)}}));
        if (auto off = raw_offset(ctx, item.node, sts.role.offset))
          f.fix = Fix{ctx.tr(msg("principal/role-name-lowercase.fix", {{"role", quote(lower)}})),
                      true,
                      {Edit{Span{*off, *off + static_cast<std::uint32_t>(role.size())}, lower}}};
      },
      true);
}

// principal/bare-string
void bare_string(const Context& ctx) {
  for (const auto& s : ctx.policy.statements) {
    if (!s.principal.present() || s.principal.object_form) continue;
    const json::Node* v = s.principal.member->value;
    if (!v->is_string()) continue;
    Finding& f =
        ctx.report("principal/bare-string", v->span, msg("principal/bare-string", {{"value", quote(v->text)}}));
    f.fix = Fix{ctx.tr(msg("principal/bare-string.fix")),
                true,
                {Edit{Span{v->span.begin, v->span.begin}, "["}, Edit{Span{v->span.end, v->span.end}, "]"}}};
  }
}

constexpr RuleImpl kRules[] = {
    {"principal/assumed-role-malformed", assumed_role_malformed},
    {"principal/bare-string", bare_string},
    {"principal/bucket-value-malformed", bucket_value_malformed},
    {"principal/federated-condition-missing", federated_condition_missing},
    {"principal/role-name-lowercase", role_name_lowercase},
    {"principal/service-unknown", service_unknown},
    {"principal/trust-action", trust_action},
    {"principal/trust-key-unknown", trust_key_unknown},
    {"principal/trust-value-malformed", trust_value_malformed},
};

}  // namespace

std::span<const RuleImpl> principal_rules() { return kRules; }

}  // namespace policylint::rules
