// Rules of the "principal" family: the Principal element of trust policies
// (object keyed RAM/Service/Federated, policy-language.md 5.1) and of OSS
// bucket policies (list of UIDs and arn:sts:: role sessions, 5.2-5.3).
#include <cctype>
#include <optional>
#include <vector>

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
      std::string msg = quote(e.key) +
                        " is not a trust principal type; the types are \"RAM\", \"Service\" and "
                        "\"Federated\"";
      if (e.key == "AWS") {
        msg += " (\"AWS\" is AWS syntax: Alibaba Cloud accounts, users and roles go under \"RAM\")";
        c = "RAM";
      } else if (c) {
        msg += " (did you mean \"" + std::string(*c) + "\"?)";
      }
      Finding& f = ctx.out.report("principal/trust-key-unknown", e.member->key_span, std::move(msg));
      // Renaming is only offered when the intended key is not there already
      // (a duplicate key would be the result); a case-only slip is unambiguous.
      if (c && obj->find(*c) == nullptr)
        f.fix = Fix{"rename to \"" + std::string(*c) + "\"",
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
  std::string n = std::to_string(uid.size());
  std::string msg = uid == item.value
                        ? "principal " + quote(uid) + " is a number of " + n +
                              " digits; account IDs have 16 digits and the RAM user IDs of the docs' examples 18, so "
                              "it matches no account and likely no user"
                        : "principal " + quote(item.value) + " has the account ID " + quote(uid) + " of " + n +
                              " digits; Alibaba Cloud account IDs have 16, so it matches no account";
  Finding& f = ctx.out.report(rule, item.node->span, std::move(msg));
  f.severity = Severity::Warning;
  return true;
}

// Checks an acs:ram:: principal ARN under RAM or Federated.
void check_ram_arn(const Context& ctx, const Str& item, ArnUse use) {
  std::string_view v = item.value;
  const char* id = "principal/trust-value-malformed";
  const std::string key = use == ArnUse::Ram ? "RAM" : "Federated";
  const std::string forms = use == ArnUse::Ram
                                ? "acs:ram::<uid>:root, acs:ram::<uid>:user/<name> or acs:ram::<uid>:role/<name>"
                                : "acs:ram::<uid>:saml-provider/<name> or acs:ram::<uid>:oidc-provider/<name>";
  auto fail = [&](std::string why) {
    ctx.out.report(id, item.node->span, "\"" + key + "\" principal " + quote(v) + " " + why + "; the form is " + forms);
  };
  if (util::iends_with(v, ".aliyuncs.com")) {
    fail("is a service name (service principals go under \"Service\")");
    return;
  }
  model::Arn arn = model::split_arn(v);
  if (!arn.complete()) {
    fail("is not an ARN");
    return;
  }
  if (arn.scheme.text == "arn" || iequals(arn.service.text, "sts")) {
    fail("is a role-session ARN (the bucket-policy form)");
    return;
  }
  if (arn.scheme.text != "acs" || arn.service.text != "ram") {
    fail("does not start with \"acs:ram:\"");
    return;
  }
  std::string_view account = arn.account.text;
  if (placeholder_uid(account)) return;
  if (!all_digits(account) && account != "*") {
    fail("has " + quote(account) + " where the account ID (digits) belongs");
    return;
  }
  if (uid_length(ctx, id, item, account)) return;
  std::string_view res = arn.resource.text;
  auto entity = model::ram_principal(arn);
  bool idp_form =
      entity && (entity->entity == model::RamEntity::SamlProvider || entity->entity == model::RamEntity::OidcProvider);
  bool ram_form = entity && !idp_form;
  if (use == ArnUse::Ram && idp_form) {
    fail("names an identity provider (providers go under \"Federated\")");
    return;
  }
  if (use == ArnUse::Federated && ram_form) {
    fail("names an account, user or role (those go under \"RAM\")");
    return;
  }
  if (!(use == ArnUse::Ram ? ram_form : idp_form)) {
    if (use == ArnUse::Ram && res.substr(0, 5) == "role/" && res.find('/', 5) != std::string_view::npos)
      fail("names a role session (a trust policy names the role)");
    else
      fail("has " + quote(res) + " where the principal belongs");
    return;
  }
  std::string_view region = arn.region.text;
  if (region.empty()) return;
  if (region == "*") {
    // acs:ram:*: is the resource-ARN form; principal ARNs have an empty
    // region in every documented example (policy-language.md 5.1).
    Finding& f = ctx.out.report(id, item.node->span,
                                "\"" + key + "\" principal " + quote(v) +
                                    " uses the resource-ARN form \"acs:ram:*:\"; principal ARNs have an empty region");
    mark_uncertain(f);
    if (auto off = raw_offset(ctx, item.node, arn.region.offset))
      f.fix = Fix{"write \"acs:ram::\"", true, {Edit{Span{*off, *off + 1}, ""}}};
    return;
  }
  fail("has the region " + quote(region) + " (principal ARNs have an empty region)");
}

// Dot-separated labels of letters, digits and '-'.
bool labels_ok(std::string_view host) {
  bool ok = !host.empty() && host.front() != '.';
  for (std::size_t i = 0; i < host.size(); ++i) {
    char c = host[i];
    ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '-' ||
                (c == '.' && i + 1 < host.size() && host[i + 1] != '.'));
  }
  return ok;
}

// <labels>.aliyuncs.com
bool service_host_ok(std::string_view host) {
  return labels_ok(host) && util::iends_with(host, ".aliyuncs.com") && host.size() > 13;
}

void check_service_value(const Context& ctx, const Str& item) {
  std::string_view v = item.value;
  auto fail = [&](std::string why) {
    ctx.out.report("principal/trust-value-malformed", item.node->span,
                   "\"Service\" principal " + quote(v) + " " + why +
                       "; the form is <service>.aliyuncs.com or <uid>@<service>.aliyuncs.com");
  };
  if (util::istarts_with(v, "acs:") || util::istarts_with(v, "arn:")) {
    fail("is an ARN (accounts, users and roles go under \"RAM\")");
    return;
  }
  model::ServicePrincipal sp = model::service_principal(v);
  std::string_view host = sp.host.text;
  if (sp.scoped) {
    std::string_view uid = sp.uid.text;
    if (placeholder_uid(uid)) return;
    if (!all_digits(uid)) {
      fail("has " + quote(uid) + " before \"@\" where an account ID (digits) belongs");
      return;
    }
    if (uid_length(ctx, "principal/trust-value-malformed", item, uid)) return;
  }
  if (!service_host_ok(host)) {
    std::string why = "is not a service host";
    if (labels_ok(host) && host.find('.') == std::string_view::npos &&
        catalog::get().known_service_principal(std::string(host) + ".aliyuncs.com"))
      why += " (did you mean \"" + std::string(host) + ".aliyuncs.com\"?)";
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
      Finding& f = ctx.out.report("principal/trust-value-malformed", v->span,
                                  "a trust policy \"Principal\" is an object keyed \"RAM\", \"Service\" or "
                                  "\"Federated\", not " +
                                      a_type(v->type));
      mark_uncertain(f);
      continue;
    }
    for (const auto& e : s.principal.entries) {
      for (const Str& item : e.values.items) {
        if (item.value.empty() || placeholder_like(item.value)) continue;
        if (e.key == "RAM") {
          if (item.value == "*") continue;  // who-may-assume questions belong to the security rules
          if (all_digits(item.value)) {
            if (uid_length(ctx, "principal/trust-value-malformed", item, item.value)) continue;
            // A bare UID is not in the trust-policy docs, and no source says
            // RAM rejects it ("still open" in reference/README.md).
            Finding& f = ctx.out.report(
                "principal/trust-value-malformed", item.node->span,
                "\"RAM\" principal " + quote(item.value) +
                    " is a bare account ID; the documented form is \"acs:ram::" + std::string(item.value) + ":root\"");
            mark_uncertain(f);
            f.fix = Fix{"write \"acs:ram::" + std::string(item.value) + ":root\"",
                        false,
                        {Edit{item.node->span, "\"acs:ram::" + std::string(item.value) + ":root\""}}};
            continue;
          }
          check_ram_arn(ctx, item, ArnUse::Ram);
        } else if (e.key == "Federated") {
          check_ram_arn(ctx, item, ArnUse::Federated);
        } else if (e.key == "Service") {
          check_service_value(ctx, item);
        }
      }
    }
  }
}

// principal/service-unknown
void service_unknown(const Context& ctx) {
  const auto& cat = catalog::get();
  for (const auto& s : ctx.policy.statements) {
    for (const Str& item : s.principal.of("Service")) {
      std::string_view v = item.value;
      if (placeholder_like(v)) continue;
      model::ServicePrincipal sp = model::service_principal(v);
      std::string_view host = sp.host.text;
      bool scoped = sp.scoped;
      if (scoped && !all_digits(sp.uid.text)) continue;  // trust-value-malformed
      if (!service_host_ok(host)) continue;              // trust-value-malformed
      if (!cat.known_service_principal(host)) {
        ctx.out.report("principal/service-unknown", item.node->span,
                       "service principal " + quote(host) + " is not in policylint's catalog of documented services");
      } else if (scoped && !cat.account_scoped(host)) {
        ctx.out.report("principal/service-unknown", item.node->span,
                       "the account-scoped form <uid>@" + std::string(host) +
                           " is not documented for this service; it is documented for dts, log, actiontrail and odps");
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
      Finding& f = ctx.out.report("principal/trust-action", s.not_action.member->key_span,
                                  "a trust policy statement uses \"NotAction\"; trust policies are documented with "
                                  "\"Action\": \"sts:AssumeRole\"");
      mark_uncertain(f);
      continue;
    }
    for (const Str& a : s.action.items) {
      std::string_view v = a.value;
      if (iequals(v, "sts:AssumeRole")) continue;
      if (iequals(v, "sts:AssumeRoleWithSAML") || iequals(v, "sts:AssumeRoleWithOIDC")) {
        // Whether RAM accepts these in a trust policy is open; the docs use
        // sts:AssumeRole for SAML and OIDC roles too.
        Finding& f = ctx.out.report("principal/trust-action", a.node->span,
                                    "trust policy action " + quote(v) +
                                        " is not in the documented trust policies, which use \"sts:AssumeRole\" for "
                                        "SAML and OIDC roles too");
        mark_uncertain(f);
        continue;
      }
      if (has_wildcard(v) && eval::wildcard_match(v, "sts:AssumeRole", true)) {
        Finding& f = ctx.out.report("principal/trust-action", a.node->span,
                                    "trust policy action " + quote(v) +
                                        " is a wildcard; the documented trust policy action is \"sts:AssumeRole\"");
        mark_uncertain(f);
        continue;
      }
      std::string msg = "trust policy action " + quote(v) +
                        " is not \"sts:AssumeRole\", the only action a trust "
                        "policy grants";
      Finding& f = ctx.out.report("principal/trust-action", a.node->span, std::move(msg));
      if (edit_distance(v, "sts:AssumeRole") <= 3) {
        f.message += " (did you mean \"sts:AssumeRole\"?)";
        f.fix = Fix{"write \"sts:AssumeRole\"", false, {Edit{a.node->span, "\"sts:AssumeRole\""}}};
      }
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
        ctx.out.report(id, saml->node->span,
                       "SAML provider " + quote(saml->value) +
                           " is trusted without a \"StringEquals\" condition on \"saml:recipient\"");
      } else if (base_operator(entry->op_name) != "StringEquals") {
        ctx.out.report(id, entry->op->key_span,
                       "\"saml:recipient\" is tested with " + quote(entry->op_name) +
                           "; the documented operator is \"StringEquals\"");
      } else {
        bool documented = false;
        for (const Str& val : entry->values)
          for (auto r : kSamlRecipients) documented = documented || val.value == r;
        if (!documented)
          ctx.out.report(id, entry->key->value->span,
                         "\"saml:recipient\" is not one of the documented values "
                         "\"https://signin.alibabacloud.com/saml-role/sso\" and "
                         "\"https://signin.aliyun.com/saml-role/sso\"");
      }
    }
    if (oidc != nullptr) {
      const ConditionEntry* entry = nullptr;
      for (const auto& c : s.conditions)
        if (iequals(c.key_name, "oidc:iss") && (entry == nullptr || base_operator(c.op_name) == "StringEquals"))
          entry = &c;
      if (entry == nullptr) {
        ctx.out.report(
            id, oidc->node->span,
            "OIDC provider " + quote(oidc->value) + " is trusted without a \"StringEquals\" condition on \"oidc:iss\"");
      } else if (base_operator(entry->op_name) != "StringEquals") {
        ctx.out.report(
            id, entry->op->key_span,
            "\"oidc:iss\" is tested with " + quote(entry->op_name) + "; it must be tested with \"StringEquals\"");
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
      ctx.out.report(id, s.principal.member->value->span,
                     "a bucket policy \"Principal\" is a list of account IDs, RAM user IDs and arn:sts:: role "
                     "sessions; the object form {\"RAM\": ...} belongs to trust policies");
      continue;
    }
    for (const Str& item : s.principal.entries.front().values.items) {
      std::string_view v = item.value;
      // A bare number is an account ID (16 digits) or a RAM user ID (16 to
      // 18 digits in the docs' examples): shorter matches nobody.
      if (!v.empty() && all_digits(v) && v.size() < 16 && !placeholder_uid(v)) {
        uid_length(ctx, id, item, v);
        continue;
      }
      if (v.empty() || v == "*" || all_digits(v) || model::sts_like(v) || placeholder_like(v) || placeholder_uid(v))
        continue;
      std::string msg = "bucket policy principal " + quote(v);
      if (util::istarts_with(v, "acs:ram:")) {
        msg +=
            " is a RAM ARN, which bucket policies do not match; name an account or RAM user by its numeric ID, "
            "or a role's sessions as arn:sts::<uid>:assumed-role/<role>/*";
      } else {
        msg += " is neither \"*\", a numeric account or RAM user ID, nor arn:sts::<uid>:assumed-role/<role>/<session>";
      }
      ctx.out.report(id, item.node->span, std::move(msg));
    }
  }
}

bool chars_in(std::string_view s, std::string_view extra, char* bad) {
  for (char c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && extra.find(c) == std::string_view::npos) {
      *bad = c;
      return false;
    }
  return true;
}

// Calls fn(item, arn) for every role-session principal of a bucket policy's
// list Principal ("arn:sts:..." / "acs:sts:...") that is not a placeholder.
// With known_resource, a template ("${var.uid}") outside the resource part
// does not make the value a placeholder: the role name is still known.
template <typename Fn>
void for_each_session(const Context& ctx, Fn&& fn, bool known_resource = false) {
  for (const auto& s : ctx.policy.statements) {
    if (!s.principal.present() || s.principal.object_form) continue;
    for (const Str& item : s.principal.entries.front().values.items) {
      if (!model::sts_like(item.value)) continue;
      model::Arn arn = model::split_arn(item.value);
      bool skip = known_resource ? model::has_placeholder(item.value) || model::has_template(arn.resource.text)
                                 : placeholder_like(item.value);
      if (!skip) fn(item, arn);
    }
  }
}

// principal/assumed-role-malformed
void assumed_role_malformed(const Context& ctx) {
  const char* id = "principal/assumed-role-malformed";
  for_each_session(ctx, [&](const Str& item, const model::Arn& arn) {
    std::string_view v = item.value;
    auto fail = [&](std::string why) -> Finding& {
      return ctx.out.report(id, item.node->span, "role-session principal " + quote(v) + " " + why);
    };
    if (v.substr(0, 8) != "arn:sts:") {
      // AssumeRole responses show acs:sts::/acs:ram:: session ARNs, but
      // bucket policies match only the arn:sts:: form (5.2).
      Finding& f = fail("starts with " + quote(v.substr(0, 8)) + "; bucket policies write it \"arn:sts:\"");
      if (auto off = raw_offset(ctx, item.node, 0))
        f.fix = Fix{"write \"arn:sts:\"", true, {Edit{Span{*off, *off + 7}, "arn:sts"}}};
    }
    if (!arn.complete()) {
      fail("is not arn:sts::<uid>:assumed-role/<role>/<session>");
      return;
    }
    std::string_view region = arn.region.text, account = arn.account.text;
    if (!region.empty()) {
      Finding& f = fail("has the region " + quote(region) + "; the region of an arn:sts:: principal is empty");
      if (auto off = raw_offset(ctx, item.node, arn.region.offset))
        f.fix =
            Fix{"remove the region", true, {Edit{Span{*off, *off + static_cast<std::uint32_t>(region.size())}, ""}}};
    }
    if (placeholder_uid(account)) return;
    if (!all_digits(account) && account != "*") {
      fail("has " + quote(account) + " where the account ID (digits or \"*\") belongs");
      return;
    }
    if (uid_length(ctx, id, item, account)) return;
    // arn:sts::*:*/*/* is the documented "every role session" principal.
    if (arn.resource.text == "*/*/*") return;
    model::RoleSession sts = model::role_session(arn);
    if (sts.type.text != "assumed-role") {
      fail("has " + quote(sts.type.text) + " where \"assumed-role\" belongs");
      return;
    }
    if (sts.role.text.empty()) {
      fail("has no role name");
      return;
    }
    char bad = 0;
    // Role names: letters, digits, '.', '-' (and '@' in the older API); the
    // wildcards are matched by OSS.
    if (!chars_in(sts.role.text, ".-@*?", &bad)) {
      fail("has " + quote(std::string(1, bad)) + " in the role name " + quote(sts.role.text) +
           "; role names use letters, digits, '.' and '-'");
      return;
    }
    if (sts.parts == 2) {
      Finding& f = fail("has no session part, so it matches no session; add \"/*\" for every session");
      if (auto off = raw_offset(ctx, item.node, v.size()))
        f.fix = Fix{"append \"/*\" (every session of the role)", false, {Edit{Span{*off, *off}, "/*"}}};
      return;
    }
    if (sts.parts > 3) {
      fail("has more than three '/'-separated parts; the form is assumed-role/<role>/<session>");
      return;
    }
    if (sts.session.text.empty() || !chars_in(sts.session.text, ".@-_*?", &bad))
      fail("has the session name " + quote(sts.session.text) +
           "; session names are letters, digits, '.', '@', '-', '_' or \"*\"");
  });
}

// principal/role-name-lowercase (PRN-01)
void role_name_lowercase(const Context& ctx) {
  // The role name is judged whenever it is written out, also beside a
  // template account ("arn:sts::${var.uid}:assumed-role/MyRole/*").
  for_each_session(
      ctx,
      [&](const Str& item, const model::Arn& arn) {
        if (!arn.complete()) return;
        model::RoleSession sts = model::role_session(arn);
        std::string_view role = sts.role.text;
        if (!iequals(sts.type.text, "assumed-role") || !util::has_upper(role)) return;
        std::string lower = util::to_lower(role);
        Finding& f = ctx.out.report("principal/role-name-lowercase", item.node->span,
                                    "role name " + quote(role) +
                                        " has capital letters; OSS matches role sessions by the lower-case name, so "
                                        "this principal never matches");
        if (auto off = raw_offset(ctx, item.node, sts.role.offset))
          f.fix = Fix{"write the role name as " + quote(lower),
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
    Finding& f = ctx.out.report(
        "principal/bare-string", v->span,
        "\"Principal\" is the bare string " + quote(v->text) + "; the documented bucket policy form is a list");
    f.fix = Fix{"wrap it in a list",
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
