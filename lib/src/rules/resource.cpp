// Rules of the "resource" family: the shape of Resource/NotResource ARNs and
// whether they fit the statement's actions (policy-language.md section 3).
#include <algorithm>
#include <string>
#include <vector>

#include "facts.hpp"
#include "families.hpp"
#include "model/arn.hpp"
#include "model/placeholders.hpp"
#include "policylint/catalog.hpp"
#include "policylint/eval.hpp"
#include "requirements.hpp"
#include "util.hpp"

namespace policylint::rules {

namespace {

// Template brackets (<uid>, {bucket}, ${var}) leave an ARN's structure unknown,
// so the structural rules skip the value. Not has_placeholder(): a masked
// account or a sample bucket name leaves the structure intact.
bool is_placeholder(std::string_view s) { return model::has_brackets(s); }

// A value that starts with "acs:" (any case), split into its fields; nullopt otherwise.
std::optional<model::Arn> split_arn(std::string_view v) {
  if (!util::istarts_with(v, "acs:")) return std::nullopt;
  return model::split_arn(v);
}

// An ARN of OSS proper (not ossvector/osstable), with all five fields.
std::optional<model::Arn> oss_arn(std::string_view v) {
  auto a = split_arn(v);
  if (!a || !a->complete() || !iequals(a->service.text, "oss")) return std::nullopt;
  return a;
}

// Every Resource and NotResource string of the document.
template <typename Fn>
void for_each_resource(const Context& ctx, Fn&& fn) {
  for (const Statement& s : ctx.policy.statements) {
    for (const Str& r : s.resource.items) fn(s, r);
    for (const Str& r : s.not_resource.items) fn(s, r);
  }
}

// The byte span of a part of a plain-literal string value.
Span sub_span(const Str& s, std::string_view part) {
  auto off = static_cast<std::uint32_t>(part.data() - s.value.data());
  std::uint32_t begin = s.node->span.begin + 1 + off;
  return Span{begin, begin + static_cast<std::uint32_t>(part.size())};
}

// Quoted items separated by ", " ("、" in Chinese).
std::string quoted_items(const Context& ctx, const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i)
    out += (i > 0 ? (ctx.settings.lang == Lang::Zh ? "、" : ", ") : "") + quote(items[i]);
  return out;
}

// resource/arn-malformed
void arn_malformed(const Context& ctx) {
  for_each_resource(ctx, [&](const Statement&, const Str& r) {
    std::string_view v = r.value;
    if (v == "*" || is_placeholder(v)) return;
    auto report = [&](const Message& why, bool certain = true) -> Finding& {
      Finding& f = ctx.report("resource/arn-malformed", r.node->span,
                              msg("resource/arn-malformed", {{"value", quote(v)}, {"why", ctx.tr(why)}}));
      if (!certain) mark_uncertain(f);
      return f;
    };
    if (v.empty()) {
      report(msg("resource/arn-malformed.why-empty"));
      return;
    }
    if (util::is_space(v.front()) || util::is_space(v.back())) {
      std::string_view t = util::trim(v);
      // Trailing blanks could in theory end an object key: warn there.
      Finding& f = report(msg("resource/arn-malformed.why-whitespace"), util::is_space(v.front()));
      if (plain_literal(ctx, r) && !t.empty())
        f.fix =
            Fix{ctx.tr(msg("resource/arn-malformed.fix")), false, {Edit{r.node->span, "\"" + std::string(t) + "\""}}};
      return;
    }
    if (util::istarts_with(v, "arn:")) {
      // arn:sts::<uid>:assumed-role/... is a bucket-policy Principal, not a resource.
      report(msg(v.starts_with("arn:sts:") ? "resource/arn-malformed.why-principal-arn"
                                           : "resource/arn-malformed.why-not-alibaba"));
      return;
    }
    auto arn = split_arn(v);
    if (!arn) {
      // A leading wildcard may still match ARNs; anything else matches nothing.
      if (v.front() == '*' || v.front() == '?')
        report(msg("resource/arn-malformed.why-no-acs"), false);
      else
        report(msg("resource/arn-malformed.why-not-arn"));
      return;
    }
    if (!v.starts_with("acs:")) {
      report(msg("resource/arn-malformed.why-case", {{"prefix", quote(v.substr(0, 4))}}), false);
      return;
    }
    if (arn->service.text.empty()) {
      report(msg("resource/arn-malformed.why-empty-service"));
      return;
    }
    std::size_t n = arn->fields;
    if (n < 4) {
      report(msg("resource/arn-malformed.why-few-fields", {{"n", n}}));
      return;
    }
    if (n == 4) {
      // Published MaxCompute policies omit the account (acs:odps:*:projects/<p>/tables/*);
      // OSS ARNs always have it, and a 4-field ARN without a path is a field short.
      std::string svc = util::to_lower(arn->service.text);
      bool oss_like = svc == "oss" || svc == "ossvector" || svc == "osstable";
      if (oss_like || arn->account.text.find('/') == std::string_view::npos)
        report(msg("resource/arn-malformed.why-four-fields"), false);
      return;
    }
    if (arn->resource.text.empty()) report(msg("resource/arn-malformed.why-empty-resource"));
  });
}

// A masked or template account ("164682176356****", "<uid>", "dest-uid") is
// the placeholder family's business.
bool placeholder_account(std::string_view acct) {
  return has_wildcard(acct) || model::has_template(acct) || model::has_placeholder_account(acct);
}

// resource/account-invalid
void account_invalid(const Context& ctx) {
  for_each_resource(ctx, [&](const Statement&, const Str& r) {
    auto arn = split_arn(r.value);
    if (!arn || !arn->complete() || is_placeholder(r.value)) return;
    std::string_view acct = arn->account.text;
    if (acct.empty() || placeholder_account(acct)) return;
    // System policies are named acs:ram:*:system:policy/<Name>.
    if (acct == "system" && util::to_lower(arn->service.text) == "ram") return;
    if (all_digits(acct)) return;
    ctx.report("resource/account-invalid", r.node->span,
               msg("resource/account-invalid", {{"account", quote(acct)}, {"value", quote(r.value)}}));
  });
}

// resource/service-mismatch
void service_mismatch(const Context& ctx) {
  const auto& cat = catalog::get();
  for (const Statement& s : ctx.policy.statements) {
    if (!s.action.present() || !s.resource.present() || s.not_action.present() || s.not_resource.present()) continue;
    if (s.action.items.empty() || s.resource.items.empty()) continue;
    // Any doubt (wildcards, unknown codes, odd values) keeps the rule silent.
    std::vector<std::string> action_services;
    bool unsure = false;
    for (const Str& a : s.action.items) {
      std::size_t colon = a.value.find(':');
      std::string_view svc = colon == std::string_view::npos ? std::string_view{} : a.value.substr(0, colon);
      // Tag operations act on other services' resources: the system policy
      // AliyunKMSCryptoAdminAccess grants ecs:TagResources on acs:kms ARNs.
      bool tagging =
          colon != std::string_view::npos && util::to_lower(a.value.substr(colon + 1)).find("tag") != std::string::npos;
      if (svc.empty() || has_wildcard(svc) || is_placeholder(a.value) || !cat.known_service(svc) || tagging) {
        unsure = true;
        break;
      }
      action_services.push_back(util::to_lower(svc));
    }
    if (unsure) continue;
    std::vector<std::string> arn_services;
    for (const Str& r : s.resource.items) {
      auto arn = split_arn(r.value);
      if (!arn || arn->fields < 4 || is_placeholder(r.value) || has_wildcard(arn->service.text) ||
          !cat.known_service(arn->service.text)) {
        unsure = true;
        break;
      }
      arn_services.push_back(util::to_lower(arn->service.text));
    }
    if (unsure) continue;
    bool any = false;
    for (const auto& a : action_services)
      for (const auto& r : arn_services) any = any || cat.applies_to_arn_service(a, r);
    if (any) continue;
    std::sort(action_services.begin(), action_services.end());
    action_services.erase(std::unique(action_services.begin(), action_services.end()), action_services.end());
    std::sort(arn_services.begin(), arn_services.end());
    arn_services.erase(std::unique(arn_services.begin(), arn_services.end()), arn_services.end());
    // Services authorize actions on other services' resources (DMS logs on
    // to RDS instances, SLB adds ECS instances as backend servers), and the
    // catalog lists only the pairs a published policy shows: a note that says
    // what it cannot know.
    Finding& f = ctx.report(
        "resource/service-mismatch", s.resource.node->span,
        msg(s.denies() ? "resource/service-mismatch.denies" : "resource/service-mismatch.grants",
            {{"resources", quoted_items(ctx, arn_services)}, {"actions", quoted_items(ctx, action_services)}}));
    f.related.push_back(Related{s.action.node->span, ctx.tr(msg("resource/service-mismatch.related")), {}});
  }
}

// OSS actions this rule leaves alone: the replication family owns Replicate*,
// and the levels of access-point, resource-pool, vector and anti-DDoS actions
// are not clear from the docs (see rules/catalog/actions/oss.tsv).
bool level_unclear(const catalog::Action& a) {
  if (a.level != catalog::Level::Bucket && a.level != catalog::Level::Object) return true;
  std::string_view n = a.name;
  for (std::string_view part : {"AccessPoint", "QoS", "ResourcePool", "Vector", "AntiDDos"})
    if (n.find(part) != std::string_view::npos) return true;
  return n.starts_with("Replicate");
}

// The single level of the actions an OSS action value matches, or None.
// Replicate* (granted on both forms, replication family) makes a pattern
// "both"; other actions of unclear level are ignored inside a pattern.
catalog::Level single_level(const Context& ctx, std::string_view value) {
  std::size_t colon = value.find(':');
  if (colon == std::string_view::npos || util::to_lower(value.substr(0, colon)) != "oss") return catalog::Level::None;
  catalog::Level level = catalog::Level::None;
  for (const auto* a : ctx.facts().expand(value)) {
    if (a->name.starts_with("Replicate")) return catalog::Level::None;
    if (level_unclear(*a)) continue;
    if (level != catalog::Level::None && a->level != level) return catalog::Level::None;
    level = a->level;
  }
  return level;
}

// resource/oss-level-mismatch
void oss_level_mismatch(const Context& ctx) {
  for (const Statement& s : ctx.policy.statements) {
    if (!s.action.present() || !s.resource.present() || s.not_action.present() || s.not_resource.present()) continue;
    // Which forms do the statement's OSS resources cover? Any doubt: skip.
    bool bucket_form = false, object_form = false, unsure = false;
    std::vector<const Str*> oss;
    for (const Str& r : s.resource.items) {
      if (r.value == "*" || is_placeholder(r.value)) {
        unsure = true;
        break;
      }
      auto arn = split_arn(r.value);
      if (!arn) {
        unsure = true;
        break;
      }
      if (has_wildcard(arn->service.text) || (util::to_lower(arn->service.text) == "oss" && !arn->complete())) {
        unsure = true;
        break;
      }
      if (util::to_lower(arn->service.text) != "oss") continue;
      std::string_view rel = arn->resource.text;
      if (rel.starts_with("accesspoint/") || rel.starts_with("resourcepool/")) {
        unsure = true;
        break;
      }
      bool slash = rel.find('/') != std::string_view::npos;
      // "bucket" is the bucket; "bucket/..." objects; a wildcard without '/'
      // (acs:oss:*:*:*, logs-*) is taken to reach objects as well.
      if (!slash) bucket_form = true;
      if (slash || has_wildcard(rel)) object_form = true;
      oss.push_back(&r);
    }
    if (unsure || oss.empty() || (bucket_form && object_form)) continue;
    const Str* needs_bucket = nullptr;
    const Str* needs_object = nullptr;
    for (const Str& a : s.action.items) {
      catalog::Level l = single_level(ctx, a.value);
      if (l == catalog::Level::Bucket && !bucket_form && needs_bucket == nullptr) needs_bucket = &a;
      if (l == catalog::Level::Object && !object_form && needs_object == nullptr) needs_object = &a;
    }
    // The ARNs to add: the bucket of each object ARN, or each bucket's "/*".
    auto missing = [&](bool want_bucket) {
      std::vector<std::string> out;
      for (const Str* r : oss) {
        std::string m;
        if (want_bucket) {
          std::string_view rel = split_arn(r->value)->resource.text;
          m = std::string(r->value.substr(0, r->value.size() - rel.size())) + std::string(rel.substr(0, rel.find('/')));
        } else {
          m = std::string(r->value) + "/*";
        }
        if (std::find(out.begin(), out.end(), m) == out.end()) out.push_back(m);
      }
      return out;
    };
    auto emit = [&](const Str* a, bool want_bucket) {
      auto add = missing(want_bucket);
      // The same missing ARN in a replication or migration grant is the
      // requirement check's finding (one gap, one finding).
      if (std::all_of(add.begin(), add.end(), [&](const std::string& m) { return gap_reported(ctx, s, a->value, m); }))
        return;
      std::string names = quoted_items(ctx, add);
      // Another statement of the same effect that already covers the action on
      // the missing ARNs (as in the OSS bucket-policy examples, which list
      // oss:ListObjects with the objects and again with the bucket) makes this
      // entry a harmless no-op: a note, not a warning.
      const Statement* elsewhere = nullptr;
      for (const Statement& t : ctx.policy.statements) {
        if (&t == &s || t.denies() != s.denies() || !eval::covers_action(t, a->value) || !eval::principals_subset(s, t))
          continue;
        bool all = true;
        for (const auto& m : add) all = all && eval::covers_resource(t, m);
        if (all) {
          elsewhere = &t;
          break;
        }
      }
      std::string_view id = elsewhere != nullptr ? (want_bucket ? "resource/oss-level-mismatch.bucket-covered"
                                                                : "resource/oss-level-mismatch.object-covered")
                                                 : (want_bucket ? "resource/oss-level-mismatch.bucket"
                                                                : "resource/oss-level-mismatch.object");
      Finding& f = ctx.report("resource/oss-level-mismatch", a->node->span,
                              msg(id, {{"action", quote(a->value)}, {"arns", names}}));
      if (elsewhere != nullptr) mark_uncertain(f);
      f.related.push_back(
          Related{s.resource.node->span, ctx.tr(msg("resource/oss-level-mismatch.related-resources")), {}});
      if (elsewhere != nullptr)
        f.related.push_back(
            Related{elsewhere->node->span, ctx.tr(msg("resource/oss-level-mismatch.related-covering")), {}});
      // Adding the ARN widens access: an unsafe fix.
      std::string extra;
      for (const auto& m : add) extra += ", \"" + m + "\"";
      const json::Node* rn = s.resource.node;
      if (rn->is_array() && !rn->items.empty()) {
        std::uint32_t at = rn->items.back()->span.end;
        f.fix =
            Fix{ctx.tr(msg("resource/oss-level-mismatch.fix", {{"arns", names}})), false, {Edit{Span{at, at}, extra}}};
      } else if (rn->is_string()) {
        f.fix = Fix{ctx.tr(msg("resource/oss-level-mismatch.fix", {{"arns", names}})),
                    false,
                    {Edit{rn->span, "[" + std::string(ctx.text(rn->span)) + extra + "]"}}};
      }
    };
    if (needs_bucket != nullptr) emit(needs_bucket, true);
    if (needs_object != nullptr) emit(needs_object, false);
  }
}

// resource/bucket-name-invalid
void bucket_name_invalid(const Context& ctx) {
  for_each_resource(ctx, [&](const Statement&, const Str& r) {
    auto arn = oss_arn(r.value);
    if (!arn || is_placeholder(r.value)) return;
    std::string_view rel = arn->resource.text;
    std::string_view bucket = rel.substr(0, rel.find('/'));
    if (rel.empty() || has_wildcard(bucket)) return;  // empty: resource/arn-malformed
    // https://www.alibabacloud.com/help/en/oss/user-guide/bucket-naming-conventions:
    // 3-63 characters, lowercase letters, digits and hyphens, no hyphen at either end.
    std::optional<Message> why;
    if (bucket.size() < 3 || bucket.size() > 63)
      why = msg("resource/bucket-name-invalid.why-length", {{"n", bucket.size()}});
    else if (std::any_of(bucket.begin(), bucket.end(), [](char c) { return c >= 'A' && c <= 'Z'; }))
      why = msg("resource/bucket-name-invalid.why-upper");
    else if (bucket.find('_') != std::string_view::npos)
      why = msg("resource/bucket-name-invalid.why-underscore");
    else if (std::any_of(bucket.begin(), bucket.end(),
                         [](char c) { return !((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'); }))
      why = msg("resource/bucket-name-invalid.why-chars");
    else if (bucket.front() == '-' || bucket.back() == '-')
      why = msg("resource/bucket-name-invalid.why-hyphen");
    if (!why) return;
    Span at = plain_literal(ctx, r) && !bucket.empty() ? sub_span(r, bucket) : r.node->span;
    ctx.report("resource/bucket-name-invalid", at,
               msg("resource/bucket-name-invalid", {{"bucket", quote(bucket)}, {"why", ctx.tr(*why)}}));
  });
}

// resource/oss-region-not-wildcard
void oss_region_not_wildcard(const Context& ctx) {
  for_each_resource(ctx, [&](const Statement&, const Str& r) {
    auto arn = oss_arn(r.value);
    if (!arn || arn->region.text == "*" || is_placeholder(arn->region.text)) return;
    bool plain = plain_literal(ctx, r);
    Span at = plain && !arn->region.text.empty() ? sub_span(r, arn->region.text) : r.node->span;
    Finding& f = ctx.report(
        "resource/oss-region-not-wildcard", at,
        msg("resource/oss-region-not-wildcard", {{"value", quote(r.value)}, {"region", quote(arn->region.text)}}));
    if (plain) {
      // Replacing the region can widen what the statement matches: unsafe.
      Span region = sub_span(r, arn->region.text);
      f.fix = Fix{ctx.tr(msg("resource/oss-region-not-wildcard.fix")), false, {Edit{region, "*"}}};
    }
  });
}

}  // namespace

constexpr RuleImpl kRules[] = {
    {"resource/account-invalid", account_invalid},
    {"resource/arn-malformed", arn_malformed},
    {"resource/bucket-name-invalid", bucket_name_invalid},
    {"resource/oss-level-mismatch", oss_level_mismatch},
    {"resource/oss-region-not-wildcard", oss_region_not_wildcard},
    {"resource/service-mismatch", service_mismatch},
};

std::span<const RuleImpl> resource_rules() { return kRules; }

}  // namespace policylint::rules
