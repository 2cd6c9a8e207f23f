// Rules of the "resource" family: the shape of Resource/NotResource ARNs and
// whether they fit the statement's actions (policy-language.md section 3).
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <unordered_set>
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
//
// model::has_brackets, eight bytes at a time: it runs on every Resource value
// and every action of the statements service-mismatch looks at, and the byte
// loop compared each byte with four characters.
bool is_placeholder(std::string_view s) {
  if (s.size() < 8) return model::has_brackets(s);
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
  // Does a byte of the word equal '<', '>', '{' or '}'? (x - 1) & ~x sets
  // the high bit of a byte that is zero (and perhaps of bytes above a zero
  // one): exact as a yes/no answer for the word. '<' (0x3C) and '>' (0x3E)
  // are the bytes b with b | 2 == 0x3E.
  auto bracket = [](std::uint64_t w) {
    std::uint64_t a = (w | (2 * kOnes)) ^ (0x3E * kOnes), b = w ^ (0x7B * kOnes), c = w ^ (0x7D * kOnes);
    return (((a - kOnes) & ~a) | ((b - kOnes) & ~b) | ((c - kOnes) & ~c)) & kHigh;
  };
  auto word = [&](std::size_t i) {
    std::uint64_t w = 0;
    std::memcpy(&w, s.data() + i, 8);
    return w;
  };
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8)
    if (bracket(word(i)) != 0) return true;
  // The last bytes: the last eight, which may overlap the words above.
  return i < s.size() && bracket(word(s.size() - 8)) != 0;
}

// One Resource or NotResource value, looked at once per document for all
// the rules of the family (each of them used to split it and scan it for
// brackets again).
struct Item {
  const Statement* statement = nullptr;
  const Str* str = nullptr;
  bool placeholder = false;  // is_placeholder(value)
  bool acs = false;          // starts with "acs:" (any case); arn holds its fields
  bool oss = false;          // acs, and the service is "oss" (any case; not ossvector/osstable)
  bool slash = false;        // the value holds a '/'
  model::Arn arn;

  std::string_view value() const { return str->value; }
  // An ARN of OSS proper with all five fields.
  bool oss_arn() const { return oss && arn.complete(); }
};

Item look_at(const Statement& s, const Str& r) {
  Item it;
  it.statement = &s;
  it.str = &r;
  it.placeholder = is_placeholder(r.value);
  it.slash = r.value.find('/') != std::string_view::npos;
  it.acs = r.value.size() >= 4 && iequals(r.value.substr(0, 4), "acs:");  // util::istarts_with, inline
  if (it.acs) {
    it.arn = model::split_arn(r.value);
    it.oss = iequals(it.arn.service.text, "oss");
  }
  return it;
}

// The items of a document: each statement's Resource values, then its
// NotResource values, statement after statement.
struct Items {
  std::vector<Item> all;
  std::vector<std::size_t> first;  // per statement, the index of its first item
  // Per statement: it has a Resource and each of its values holds a '/' (so
  // it matches no ARN without one).
  std::vector<char> slashed;

  // The Resource items of statement i.
  std::span<const Item> resource(std::size_t i, const Statement& s) const {
    return std::span<const Item>(all).subspan(first[i], s.resource.items.size());
  }
};

const Items& items_of(const Context& ctx) {
  return ctx.facts().shared<Items>([&] {
    Items out;
    std::size_t n = 0;
    for (const Statement& s : ctx.policy.statements) n += s.resource.items.size() + s.not_resource.items.size();
    out.all.reserve(n);
    out.first.reserve(ctx.policy.statements.size());
    out.slashed.reserve(ctx.policy.statements.size());
    for (const Statement& s : ctx.policy.statements) {
      out.first.push_back(out.all.size());
      bool slashed = s.resource.present();
      for (const Str& r : s.resource.items) {
        out.all.push_back(look_at(s, r));
        slashed = slashed && out.all.back().slash;
      }
      out.slashed.push_back(slashed);
      for (const Str& r : s.not_resource.items) out.all.push_back(look_at(s, r));
    }
    return out;
  });
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
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ctx.settings.lang == Lang::Zh ? "、" : ", ";
    out += quote(items[i]);
  }
  return out;
}

// resource/arn-malformed
void arn_malformed(const Context& ctx) {
  for (const Item& it : items_of(ctx).all) {
    const Str& r = *it.str;
    std::string_view v = r.value;
    if (v == "*" || it.placeholder) continue;
    auto report = [&](const Message& why, bool certain = true) -> Finding& {
      Finding& f = ctx.report("resource/arn-malformed", r.node->span,
                              msg("resource/arn-malformed", {{"value", quote(v)}, {"why", ctx.tr(why)}}));
      if (!certain) mark_uncertain(f);
      return f;
    };
    if (v.empty()) {
      report(msg("resource/arn-malformed.why-empty"));
      continue;
    }
    if (util::is_space(v.front()) || util::is_space(v.back())) {
      std::string_view t = util::trim(v);
      // Trailing blanks could in theory end an object key: warn there.
      Finding& f = report(msg("resource/arn-malformed.why-whitespace"), util::is_space(v.front()));
      if (plain_literal(ctx, r) && !t.empty())
        f.fix =
            Fix{ctx.tr(msg("resource/arn-malformed.fix")), false, {Edit{r.node->span, "\"" + std::string(t) + "\""}}};
      continue;
    }
    if (!it.acs) {
      if (util::istarts_with(v, "arn:")) {
        // arn:sts::<uid>:assumed-role/... is a bucket-policy Principal, not a resource.
        report(msg(v.starts_with("arn:sts:") ? "resource/arn-malformed.why-principal-arn"
                                             : "resource/arn-malformed.why-not-alibaba"));
      } else if (v.front() == '*' || v.front() == '?') {
        // A leading wildcard may still match ARNs; anything else matches nothing.
        report(msg("resource/arn-malformed.why-no-acs"), false);
      } else {
        report(msg("resource/arn-malformed.why-not-arn"));
      }
      continue;
    }
    const model::Arn& arn = it.arn;
    if (!v.starts_with("acs:")) {
      report(msg("resource/arn-malformed.why-case", {{"prefix", quote(v.substr(0, 4))}}), false);
      continue;
    }
    if (arn.service.text.empty()) {
      report(msg("resource/arn-malformed.why-empty-service"));
      continue;
    }
    std::size_t n = arn.fields;
    if (n < 4) {
      report(msg("resource/arn-malformed.why-few-fields", {{"n", n}}));
      continue;
    }
    if (n == 4) {
      // Published MaxCompute policies omit the account (acs:odps:*:projects/<p>/tables/*);
      // OSS ARNs always have it, and a 4-field ARN without a path is a field short.
      std::string_view svc = arn.service.text;
      bool oss_like = iequals(svc, "oss") || iequals(svc, "ossvector") || iequals(svc, "osstable");
      if (oss_like || arn.account.text.find('/') == std::string_view::npos)
        report(msg("resource/arn-malformed.why-four-fields"), false);
      continue;
    }
    if (arn.resource.text.empty()) report(msg("resource/arn-malformed.why-empty-resource"));
  }
}

// A masked or template account ("164682176356****", "<uid>", "dest-uid") is
// the placeholder family's business.
bool placeholder_account(std::string_view acct) {
  return has_wildcard(acct) || model::has_template(acct) || model::has_placeholder_account(acct);
}

// resource/account-invalid
void account_invalid(const Context& ctx) {
  for (const Item& it : items_of(ctx).all) {
    if (!it.acs || !it.arn.complete() || it.placeholder) continue;
    std::string_view acct = it.arn.account.text;
    // A UID, the usual account, first: every test here only lets the value pass.
    if (acct.empty() || all_digits(acct) || placeholder_account(acct)) continue;
    // System policies are named acs:ram:*:system:policy/<Name>.
    if (acct == "system" && iequals(it.arn.service.text, "ram")) continue;
    ctx.report("resource/account-invalid", it.str->node->span,
               msg("resource/account-invalid", {{"account", quote(acct)}, {"value", quote(it.value())}}));
  }
}

// Catalog::known_service, remembering the last code asked about: a
// statement's actions and ARNs mostly name one service, and the answer does
// not depend on case.
class KnownService {
public:
  bool operator()(std::string_view code) {
    if (!asked_ || !iequals(code, code_)) {
      asked_ = true;
      code_ = code;
      known_ = catalog::get().known_service(code);
    }
    return known_;
  }

private:
  bool asked_ = false, known_ = false;
  std::string_view code_;
};

// Does the action name hold "tag" in any case (TagResources, ListTagKeys)?
bool names_tag(std::string_view name) {
  // For a letter x, (c | 0x20) == x exactly when c is x in either case.
  for (std::size_t i = 0; i + 3 <= name.size(); ++i)
    if ((name[i] | 0x20) == 't' && (name[i + 1] | 0x20) == 'a' && (name[i + 2] | 0x20) == 'g') return true;
  return false;
}

// Sorted lower-case codes, each once.
std::vector<std::string> lower_set(const std::vector<std::string_view>& codes) {
  std::vector<std::string> out;
  out.reserve(codes.size());
  for (std::string_view c : codes) out.push_back(util::to_lower(c));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// Adds a service code unless the list holds it in any case. The codes are
// known to the catalog, so the list stays as short as the catalog's services
// and the pairs below stay few however long the Action and Resource lists are.
void add_distinct(std::vector<std::string_view>& list, std::string_view code) {
  if (!list.empty() && iequals(list.back(), code)) return;
  for (std::string_view c : list)
    if (iequals(c, code)) return;
  list.push_back(code);
}

// resource/service-mismatch
void service_mismatch(const Context& ctx) {
  const auto& cat = catalog::get();
  const Items& items = items_of(ctx);
  KnownService known;
  // The services as written (any case): Catalog::applies_to_arn_service
  // folds case itself; the message lower-cases them.
  std::vector<std::string_view> action_services, arn_services;
  for (std::size_t i = 0; i < ctx.policy.statements.size(); ++i) {
    const Statement& s = ctx.policy.statements[i];
    if (!s.action.present() || !s.resource.present() || s.not_action.present() || s.not_resource.present()) continue;
    if (s.action.items.empty() || s.resource.items.empty()) continue;
    // Any doubt (wildcards, unknown codes, odd values) keeps the rule silent.
    // A finding needs every test below to pass and no pair of services to
    // fit: the tests are pure, so the pairs are looked at first, and the
    // scans of the action values only for a statement that would be reported.
    action_services.clear();
    bool unsure = false;
    for (const Str& a : s.action.items) {
      std::size_t colon = a.value.find(':');
      std::string_view svc = colon == std::string_view::npos ? std::string_view{} : a.value.substr(0, colon);
      if (svc.empty() || (a.wildcard != 0 && has_wildcard(svc)) || !known(svc)) {
        unsure = true;
        break;
      }
      add_distinct(action_services, svc);
    }
    if (unsure) continue;
    arn_services.clear();
    for (const Item& it : items.resource(i, s)) {
      if (!it.acs || it.arn.fields < 4 || it.placeholder || has_wildcard(it.arn.service.text) ||
          !known(it.arn.service.text)) {
        unsure = true;
        break;
      }
      add_distinct(arn_services, it.arn.service.text);
    }
    if (unsure) continue;
    bool any = false;
    for (std::size_t x = 0; x < action_services.size() && !any; ++x)
      for (std::size_t y = 0; y < arn_services.size() && !any; ++y)
        any = iequals(action_services[x], arn_services[y]) ||
              cat.applies_to_arn_service(action_services[x], arn_services[y]);
    if (any) continue;
    // Tag operations act on other services' resources: the system policy
    // AliyunKMSCryptoAdminAccess grants ecs:TagResources on acs:kms ARNs.
    if (std::any_of(s.action.items.begin(), s.action.items.end(), [](const Str& a) {
          return names_tag(a.value.substr(a.value.find(':') + 1)) || is_placeholder(a.value);
        }))
      continue;
    // Services authorize actions on other services' resources (DMS logs on
    // to RDS instances, SLB adds ECS instances as backend servers), and the
    // catalog lists only the pairs a published policy shows: a note that says
    // what it cannot know.
    Finding& f = ctx.report("resource/service-mismatch", s.resource.node->span,
                            msg(s.denies() ? "resource/service-mismatch.denies" : "resource/service-mismatch.grants",
                                {{"resources", quoted_items(ctx, lower_set(arn_services))},
                                 {"actions", quoted_items(ctx, lower_set(action_services))}}));
    f.related.push_back(Related{s.action.node->span, ctx.tr(msg("resource/service-mismatch.related")), {}});
  }
}

// OSS actions this rule leaves alone: the replication family owns Replicate*,
// and the levels of access-point, resource-pool, vector and anti-DDoS actions
// are not clear from the docs (see rules/catalog/actions/oss.tsv).
bool level_unclear(const catalog::Action& a) {
  if (a.level != catalog::Level::Bucket && a.level != catalog::Level::Object) return true;
  std::string_view n = a.name;
  if (n.starts_with("Replicate")) return true;
  // Does the name hold one of the parts? One pass: each part starts with a
  // capital letter, looked for only where one stands.
  static constexpr std::string_view kParts[] = {"AccessPoint", "QoS", "ResourcePool", "Vector", "AntiDDos"};
  for (std::size_t i = 0; i < n.size(); ++i) {
    char c = n[i];
    if (c != 'A' && c != 'Q' && c != 'R' && c != 'V') continue;
    std::string_view rest = n.substr(i);
    for (std::string_view part : kParts)
      if (rest.starts_with(part)) return true;
  }
  return false;
}

// Is `level` the single level of the actions an OSS action value matches?
// Replicate* (granted on both forms, replication family) makes a pattern
// "both"; other actions of unclear level are ignored inside a pattern.
bool single_level_is(const Context& ctx, const Str& action, catalog::Level level) {
  std::string_view value = action.value;
  std::size_t colon = value.find(':');
  if (colon == std::string_view::npos || !iequals(value.substr(0, colon), "oss")) return false;
  // A literal value names at most one action (what Catalog::expand returns
  // for it): found directly, with no copy of the value as a cache key, and
  // its name looked at only when its level is the one asked about.
  // (Str::wildcard: build_policy has looked for '*' and '?' already.)
  if (action.wildcard >= 0 ? action.wildcard == 0 : !has_wildcard(value)) {
    const catalog::Action* a = catalog::get().find(value);
    return a != nullptr && a->level == level && !level_unclear(*a);
  }
  catalog::Level single = catalog::Level::None;
  for (const auto* a : ctx.facts().expand(value)) {
    if (a->name.starts_with("Replicate")) return false;
    if (level_unclear(*a)) continue;
    if (single != catalog::Level::None && a->level != single) return false;
    single = a->level;
  }
  return single == level;
}

// Could one of a statement's Resource patterns match the ARN (what
// eval::covers_resource asks, case-sensitive)? False only when none can: a
// pattern's literal '/' needs a '/' of the ARN to match, and a pattern that
// does not end with '*' or '?' ends with the ARN's last character.
bool may_cover(std::span<const Item> patterns, std::string_view arn, bool arn_slash) {
  for (const Item& p : patterns) {
    std::string_view v = p.value();
    if (p.slash && !arn_slash) continue;
    if (!v.empty() && v.back() != '*' && v.back() != '?' && (arn.empty() || arn.back() != v.back())) continue;
    return true;
  }
  return false;
}

// The ARNs an OSS level mismatch asks to add: the bucket of each object ARN,
// or each bucket's "/*", each once, in the order of the statement's ARNs.
std::vector<std::string> missing_arns(std::span<const Item> resources, bool want_bucket) {
  std::vector<std::string> out;
  std::unordered_set<std::string> seen;
  for (const Item& it : resources) {
    if (!it.oss) continue;
    std::string_view v = it.value();
    std::string m;
    if (want_bucket) {
      // The ARN up to the end of its bucket name.
      std::size_t slash = it.arn.resource.text.find('/');
      m = std::string(v.substr(0, slash == std::string_view::npos ? v.size() : it.arn.resource.offset + slash));
    } else {
      m.reserve(v.size() + 2);
      m.append(v).append("/*");
    }
    // Distinct, in order: pairwise for a short list, through a hash set for a
    // long one (a statement may list 100 000 object ARNs).
    if (out.size() < 16) {
      if (std::find(out.begin(), out.end(), m) == out.end()) out.push_back(std::move(m));
    } else {
      if (seen.empty()) seen.insert(out.begin(), out.end());
      if (seen.insert(m).second) out.push_back(std::move(m));
    }
  }
  return out;
}

// The label of a statement's resources, a constant text: rendered once per
// thread and language rather than for each of the rule's many findings.
const std::string& resources_label(Lang lang) {
  thread_local std::optional<std::string> rendered[2];
  auto& r = rendered[lang == Lang::Zh ? 1 : 0];
  if (!r) r = render(msg("resource/oss-level-mismatch.related-resources"), lang);
  return *r;
}

// Reports action a of statement s (the i-th), whose level is the form its
// OSS resources lack.
void report_level_mismatch(const Context& ctx, const Items& items, const Statement& s, std::size_t i, const Str* a,
                           bool want_bucket) {
  const std::span<const Item> resources = items.resource(i, s);
  auto add = missing_arns(resources, want_bucket);
  // The same missing ARN in a replication or migration grant is the
  // requirement check's finding (one gap, one finding).
  if (std::all_of(add.begin(), add.end(), [&](const std::string& m) { return gap_reported(ctx, s, a->value, m); }))
    return;
  std::string names = quoted_items(ctx, add);
  // Another statement of the same effect that already covers the action on
  // the missing ARNs (as in the OSS bucket-policy examples, which list
  // oss:ListObjects with the objects and again with the bucket) makes this
  // entry a harmless no-op: a note, not a warning. The tests are pure, so
  // their order is free: may_cover rules out most statements for a few
  // byte comparisons, then the cheaper of the exact tests.
  std::vector<char> slash(add.size());
  bool all_slash = true;
  for (std::size_t k = 0; k < add.size(); ++k) {
    slash[k] = add[k].find('/') != std::string::npos;
    all_slash = all_slash && slash[k] != 0;
  }
  const Statement* elsewhere = nullptr;
  for (std::size_t j = 0; j < ctx.policy.statements.size(); ++j) {
    const Statement& t = ctx.policy.statements[j];
    if (&t == &s || t.denies() != s.denies() || (!all_slash && items.slashed[j] != 0)) continue;
    bool may = true;
    for (std::size_t k = 0; may && k < add.size() && t.resource.present(); ++k)
      may = may_cover(items.resource(j, t), add[k], slash[k] != 0);
    if (!may) continue;
    if (!eval::covers_action(t, a->value) || !eval::principals_subset(s, t)) continue;
    bool all = true;
    for (const auto& m : add) all = all && eval::covers_resource(t, m);
    if (all) {
      elsewhere = &t;
      break;
    }
  }
  std::string_view id =
      elsewhere != nullptr
          ? (want_bucket ? "resource/oss-level-mismatch.bucket-covered" : "resource/oss-level-mismatch.object-covered")
          : (want_bucket ? "resource/oss-level-mismatch.bucket" : "resource/oss-level-mismatch.object");
  Message m{id, {}};
  m.args.reserve(2);
  m.args.emplace_back("action", quote(a->value));
  m.args.emplace_back("arns", names);
  Finding& f = ctx.report("resource/oss-level-mismatch", a->node->span, m);
  if (elsewhere != nullptr) mark_uncertain(f);
  f.related.push_back(Related{s.resource.node->span, resources_label(ctx.settings.lang), {}});
  if (elsewhere != nullptr)
    f.related.push_back(
        Related{elsewhere->node->span, ctx.tr(msg("resource/oss-level-mismatch.related-covering")), {}});
  // Adding the ARN widens access: an unsafe fix.
  std::string extra;
  for (const auto& arn : add) extra.append(", \"").append(arn).append("\"");
  const json::Node* rn = s.resource.node;
  Edit edit;
  if (rn->is_array() && !rn->items.empty()) {
    std::uint32_t at = rn->items.back()->span.end;
    edit = Edit{Span{at, at}, std::move(extra)};
  } else if (rn->is_string()) {
    std::string_view text = ctx.text(rn->span);
    std::string list;
    list.reserve(text.size() + extra.size() + 2);
    list.append("[").append(text).append(extra).append("]");
    edit = Edit{rn->span, std::move(list)};
  } else {
    return;
  }
  Message title{"resource/oss-level-mismatch.fix", {}};
  title.args.emplace_back("arns", std::move(names));
  f.fix = Fix{ctx.tr(title), false, {}};
  f.fix->edits.push_back(std::move(edit));
}

// resource/oss-level-mismatch
void oss_level_mismatch(const Context& ctx) {
  const Items& items = items_of(ctx);
  for (std::size_t i = 0; i < ctx.policy.statements.size(); ++i) {
    const Statement& s = ctx.policy.statements[i];
    if (!s.action.present() || !s.resource.present() || s.not_action.present() || s.not_resource.present()) continue;
    // Which forms do the statement's OSS resources cover? Any doubt: skip.
    bool bucket_form = false, object_form = false, unsure = false, any_oss = false;
    const std::span<const Item> resources = items.resource(i, s);
    for (const Item& it : resources) {
      if (it.value() == "*" || it.placeholder || !it.acs || has_wildcard(it.arn.service.text) ||
          (it.oss && !it.arn.complete())) {
        unsure = true;
        break;
      }
      if (!it.oss) continue;
      std::string_view rel = it.arn.resource.text;
      if (rel.starts_with("accesspoint/") || rel.starts_with("resourcepool/")) {
        unsure = true;
        break;
      }
      bool slash = rel.find('/') != std::string_view::npos;
      // "bucket" is the bucket; "bucket/..." objects; a wildcard without '/'
      // (acs:oss:*:*:*, logs-*) is taken to reach objects as well.
      if (!slash) bucket_form = true;
      if (slash || has_wildcard(rel)) object_form = true;
      any_oss = true;
    }
    if (unsure || !any_oss || (bucket_form && object_form)) continue;
    // The statement names one form (both: skipped above): the first action
    // of the other form's level is the finding.
    const bool want_bucket = !bucket_form;
    const catalog::Level wanted = want_bucket ? catalog::Level::Bucket : catalog::Level::Object;
    const Str* needs = nullptr;
    for (const Str& a : s.action.items) {
      if (single_level_is(ctx, a, wanted)) {
        needs = &a;
        break;
      }
    }
    if (needs == nullptr) continue;
    report_level_mismatch(ctx, items, s, i, needs, want_bucket);
  }
}

// A bucket name that breaks none of the conventions below, in one pass: the
// usual case, which then needs none of the tests that say why.
bool well_named(std::string_view bucket) {
  if (bucket.size() < 3 || bucket.size() > 63 || bucket.front() == '-' || bucket.back() == '-') return false;
  for (char c : bucket)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return true;
}

// resource/bucket-name-invalid
void bucket_name_invalid(const Context& ctx) {
  for (const Item& it : items_of(ctx).all) {
    if (!it.oss_arn() || it.placeholder) continue;
    std::string_view rel = it.arn.resource.text;
    std::string_view bucket = rel.substr(0, rel.find('/'));
    if (rel.empty() || well_named(bucket) || has_wildcard(bucket)) continue;  // empty: resource/arn-malformed
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
    if (!why) continue;
    const Str& r = *it.str;
    Span at = plain_literal(ctx, r) && !bucket.empty() ? sub_span(r, bucket) : r.node->span;
    ctx.report("resource/bucket-name-invalid", at,
               msg("resource/bucket-name-invalid", {{"bucket", quote(bucket)}, {"why", ctx.tr(*why)}}));
  }
}

// resource/oss-region-not-wildcard
void oss_region_not_wildcard(const Context& ctx) {
  for (const Item& it : items_of(ctx).all) {
    std::string_view region = it.arn.region.text;
    // Brackets in the region are brackets in the value.
    if (!it.oss_arn() || region == "*" || (it.placeholder && is_placeholder(region))) continue;
    const Str& r = *it.str;
    bool plain = plain_literal(ctx, r);
    Span at = plain && !region.empty() ? sub_span(r, region) : r.node->span;
    Finding& f =
        ctx.report("resource/oss-region-not-wildcard", at,
                   msg("resource/oss-region-not-wildcard", {{"value", quote(r.value)}, {"region", quote(region)}}));
    if (plain) {
      // Replacing the region can widen what the statement matches: unsafe.
      f.fix = Fix{ctx.tr(msg("resource/oss-region-not-wildcard.fix")), false, {Edit{sub_span(r, region), "*"}}};
    }
  }
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
