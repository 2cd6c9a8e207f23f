// Scenarios and required action sets (data under rules/requirements/), the
// inference of a document's intent, and the matching helpers shared by the
// replication and migration rules.
#include "scenario.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "facts.hpp"
#include "policylint/embedded.hpp"
#include "policylint/eval.hpp"
#include "util.hpp"
#include "util/text.hpp"
#include "util/tsv.hpp"

namespace policylint {

const std::vector<Scenario>& scenarios() {
  static const std::vector<Scenario> all = [] {
    std::vector<Scenario> v;
    for (const auto& r : util::read_embedded_tsv("requirements/scenarios.tsv", 3).rows) {
      const auto& row = r.fields;
      if (row[0].empty()) continue;
      auto kind = parse_kind(row[1]);
      if (!kind) continue;
      v.push_back(Scenario{std::string(row[0]), *kind, std::string(row[2])});
    }
    std::sort(v.begin(), v.end(), [](const Scenario& a, const Scenario& b) { return a.name < b.name; });
    return v;
  }();
  return all;
}

const Scenario* find_scenario(std::string_view name) {
  for (const auto& s : scenarios())
    if (s.name == name) return &s;
  return nullptr;
}

namespace rules {

// ---------------------------------------------------------------- matching

bool concrete(std::string_view s) { return !has_wildcard(s); }

bool is_replicate_item(std::string_view v) {
  // Compared in place, stopping at the first difference: every action of
  // every document is asked (most differ at "oss:G", "oss:P", ...).
  constexpr std::string_view kPrefix = "oss:replicate";
  if (v.size() < kPrefix.size() || util::lower(v[4]) != 'r') return false;  // most: "oss:GetObject", ...
  for (std::size_t i = 0; i < kPrefix.size(); ++i)
    if (util::lower(v[i]) != kPrefix[i]) return false;
  return true;
}

std::string form_arn(const OssArn& arn, Form form) {
  std::string s = std::string(arn.head()) + std::string(arn.bucket.text);
  if (form == Form::Object) s += "/*";
  return s;
}

std::string form_name(const Context& ctx, Form form) {
  return ctx.tr(msg(form == Form::Bucket ? "scenario.form-bucket" : "scenario.form-object"));
}

std::string scenario_description(const Context& ctx, const Scenario& s) {
  std::string id = "scenario." + s.name;
  if (i18n::find(id) == nullptr) return s.description;
  return ctx.tr(msg(id));
}

namespace {

bool resource_covers(std::string_view pattern, std::string_view bucket, Form form) {
  if (pattern == "*") return true;
  // Compare the service and the relative id; the region is always "*" in OSS
  // ARNs and the account segment is another rule's business (REP-04, PRN-03).
  model::Arn arn = model::split_arn(pattern);
  if (!arn.complete() || !eval::wildcard_match(arn.scheme.text, "acs", false) ||
      !eval::wildcard_match(arn.service.text, "oss", true))
    return false;
  std::string target(bucket);
  // "<bucket>/*" as a literal value: a pattern covers all objects only when
  // its own wildcards swallow the literal "*" (b/*, b*, *), not b/logs/*.
  if (form == Form::Object) target += "/*";
  return eval::wildcard_match(arn.resource.text, target, false);
}

}  // namespace

bool covers_bucket(const Statement& s, std::string_view bucket, Form form) {
  if (s.resource.present()) {
    for (const auto& r : s.resource.items)
      if (resource_covers(r.value, bucket, form)) return true;
    return false;
  }
  if (s.not_resource.present()) {
    for (const auto& r : s.not_resource.items)
      if (resource_covers(r.value, bucket, form)) return false;
    return true;
  }
  return false;  // no Resource: RAM and OSS reject the statement (grammar rules say so)
}

bool covers_principal(const Statement& s, std::string_view principal) {
  return principal.empty() || eval::covers_principal(s, principal);
}

bool allowed(const Policy& p, std::string_view action, std::string_view bucket, Form form, std::string_view principal) {
  bool allow = false;
  for (const auto& s : p.statements) {
    if (!eval::covers_action(s, action) || !covers_bucket(s, bucket, form) || !covers_principal(s, principal)) continue;
    if (s.denies() && !s.has_condition()) return false;
    allow = allow || s.allows();
  }
  return allow;
}

const std::vector<OssAction>& oss_actions() {
  static const std::vector<OssAction> all = [] {
    std::span<const catalog::Action> oss = catalog::get().service_actions("oss");
    std::vector<const catalog::Action*> ordered;
    for (const auto& a : oss) ordered.push_back(&a);
    std::sort(ordered.begin(), ordered.end(),
              [](const catalog::Action* x, const catalog::Action* y) { return x->order < y->order; });
    std::vector<OssAction> v;
    for (const catalog::Action* a : ordered) v.push_back(OssAction{a->full(), a->level});
    return v;
  }();
  return all;
}

std::vector<OssAction> expand_oss(std::string_view pattern) {
  std::vector<OssAction> out;
  for (const auto& a : oss_actions())
    if (eval::wildcard_match(pattern, a.name, true)) out.push_back(a);
  if (out.empty()) out.push_back(OssAction{std::string(pattern), catalog::Level::Object});
  return out;
}

// ---------------------------------------------------------------- findings

std::string json_string(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);  // the usual value: nothing to escape
  append_json_string(out, s);
  return out;
}

void append_json_string(std::string& out, std::string_view s) {
  using util::kHigh, util::kOnes, util::zero_byte;
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  // The bytes that need no escape are copied in runs; the end of a run (a
  // control byte, '"' or '\\') is looked for eight bytes at a time, then
  // byte by byte in the word that holds it.
  std::size_t run = 0, i = 0;
  for (;;) {
    for (; i + 8 <= s.size(); i += 8) {
      std::uint64_t w;
      std::memcpy(&w, s.data() + i, 8);
      if ((zero_byte(w ^ (kOnes * '"')) | zero_byte(w ^ (kOnes * '\\')) | ((w - kOnes * 0x20) & ~w & kHigh)) != 0)
        break;
    }
    auto special = [](unsigned char u) { return u < 0x20 || u == '"' || u == '\\'; };
    while (i < s.size() && !special(static_cast<unsigned char>(s[i]))) ++i;
    if (i == s.size()) break;
    out.append(s.substr(run, i - run));
    const auto u = static_cast<unsigned char>(s[i]);
    if (u < 0x20) {
      // A decoded control character (from "\u0001" in the source): JSON
      // allows it in a string only escaped.
      out += "\\u00";
      out += kHex[u >> 4];
      out += kHex[u & 15];
    } else {
      out += '\\';
      out += s[i];
    }
    run = ++i;
  }
  out.append(s.substr(run));
  out += '"';
}

const Str* form_item(const Statement& s, std::string_view bucket, Form form) {
  for (const auto& r : s.resource.items) {
    auto arn = parse_oss_arn(r.value);
    if (!arn || arn->bucket.text != bucket) continue;
    if (form == Form::Bucket && !arn->has_key) return &r;
    if (form == Form::Object && arn->has_key && arn->key.text == "*") return &r;
  }
  return nullptr;
}

const Str* narrower_object(const Policy& p, std::string_view action, std::string_view bucket) {
  for (const auto& s : p.statements) {
    if (!s.allows() || !eval::covers_action(s, action)) continue;
    for (const auto& r : s.resource.items) {
      auto arn = parse_oss_arn(r.value);
      if (arn && arn->bucket.text == bucket && arn->has_key && arn->key.text != "*") return &r;
    }
  }
  return nullptr;
}

std::optional<Edit> insert_form_edit(const Context& ctx, const Statement& s, const Str& present, Form missing) {
  auto arn = parse_oss_arn(present.value);
  const json::Node* list = s.resource.node;
  if (!arn || list == nullptr) return std::nullopt;
  std::string added = json_string(form_arn(*arn, missing));
  if (list->is_string()) {
    std::string orig(ctx.text(list->span));
    return Edit{list->span,
                missing == Form::Bucket ? "[" + added + ", " + orig + "]" : "[" + orig + ", " + added + "]"};
  }
  // Keep the list's layout: an item on its own line gets a new line with the
  // same indentation, an inline item a ", " separator.
  std::string_view all = ctx.source.text();
  std::uint32_t begin = present.node->span.begin, end = present.node->span.end;
  std::uint32_t line_start = begin;
  while (line_start > 0 && all[line_start - 1] != '\n') --line_start;
  std::string_view indent = all.substr(line_start, begin - line_start);
  bool own_line = indent.find_first_not_of(" \t") == std::string_view::npos;
  std::string sep = own_line ? ",\n" + std::string(indent) : std::string(", ");
  if (missing == Form::Bucket) return Edit{Span{begin, begin}, added + sep};
  return Edit{Span{end, end}, sep + added};
}

// ---------------------------------------------------------------- data

std::vector<const ActionNeed*> needs(std::string_view scenario, std::string_view side, Need need) {
  static const std::vector<ActionNeed> all = [] {
    std::vector<ActionNeed> v;
    for (const auto& r : util::read_embedded_tsv("requirements/actions.tsv", 5, 5).rows) {
      const auto& row = r.fields;
      ActionNeed n{std::string(row[0]), std::string(row[1]), Need::Required, std::string(row[3]),
                   row[4] == "level" ? Forms::Level
                   : row[4] == "*"   ? Forms::Star
                                     : Forms::Both};
      if (row[2] == "optional") {
        n.need = Need::Optional;
      } else if (row[2] == "forbidden") {
        n.need = Need::Forbidden;
      } else if (row[2] != "required") {
        continue;
      }
      v.push_back(std::move(n));
    }
    return v;
  }();
  std::vector<const ActionNeed*> out;
  for (const auto& n : all)
    if (n.scenario == scenario && n.side == side && n.need == need) out.push_back(&n);
  return out;
}

// ---------------------------------------------------------------- intent

void Intent::qualify(const Context& ctx, Finding& f) const {
  if (declared || scenario == nullptr) return;
  mark_uncertain(f);
  f.message = ctx.tr(msg("scenario.qualified", {{"message", f.message}, {"name", scenario->name}}));
  ++qualified;
}

namespace {

// Does a rule of the replication or migration family mark a finding of this
// document as resting on the inferred scenario (Intent::qualify)? When none
// has yet, they are run again into a scratch reporter, whether or not they
// are selected: the note must not depend on the order the engine runs checks
// in, and a run that selects only scenario/inferred still shows it. The
// document's facts (and so its gaps) are shared, not computed again.
bool scenario_findings(const Context& ctx, const Intent& intent) {
  if (intent.qualified > 0) return true;
  Reporter scratch;
  Context c{ctx.source, ctx.document, ctx.policy, ctx.settings, scratch, ctx.facts_cache};
  std::vector<CheckFn> ran;
  for (const RuleImpl& r : registered_rules()) {
    if (r.check == nullptr || (!r.id.starts_with("replication/") && !r.id.starts_with("migration/")) ||
        std::find(ran.begin(), ran.end(), r.check) != ran.end())
      continue;
    ran.push_back(r.check);
    r.check(c);
    if (intent.qualified > 0) return true;
  }
  return false;
}

}  // namespace

void check_inferred(const Context& ctx) {
  const Intent& intent = ctx.facts().intent();
  if (intent.declared || intent.scenario == nullptr || !scenario_findings(ctx, intent)) return;
  const Policy& p = ctx.policy;
  Span at = intent.evidence != nullptr ? intent.evidence->span
            : !p.statements.empty()
                ? Span{p.statements.front().node->span.begin, p.statements.front().node->span.begin + 1}
            : p.root != nullptr ? Span{p.root->span.begin, p.root->span.begin + 1}
                                : Span{};
  ctx.report("scenario/inferred", at,
             msg("scenario/inferred", {{"name", intent.scenario->name},
                                       {"reason", ctx.tr(intent.reason)},
                                       {"description", scenario_description(ctx, *intent.scenario)}}));
}

namespace {

bool has_item(const StrList& list, std::string_view value) {
  return std::any_of(list.items.begin(), list.items.end(), [&](const Str& s) { return iequals(s.value, value); });
}

// The first literal Replicate action or pattern of an Allow statement's
// Action matching one of which.
const Str* replicate_item(const Statement& s, std::initializer_list<std::string_view> which) {
  if (!s.allows()) return nullptr;
  for (const auto& a : s.action.items) {
    if (!is_replicate_item(a.value)) continue;
    for (auto w : which)
      if (eval::wildcard_match(a.value, w, true)) return &a;
  }
  return nullptr;
}

// Does an Allow statement's Action list a Replicate action or pattern? (Most
// statements do not: then neither replicate_item() search need run.)
bool any_replicate_item(const Statement& s) {
  return s.allows() && std::any_of(s.action.items.begin(), s.action.items.end(),
                                   [](const Str& a) { return is_replicate_item(a.value); });
}

// The first principal value of s (Principal::all() order) for which pred
// holds, or nullptr; read in place, with no list made.
template <typename Pred>
const Str* any_principal(const Statement& s, Pred&& pred) {
  for (const auto& e : s.principal.entries)
    for (const Str& v : e.values.items)
      if (pred(v)) return &v;
  return nullptr;
}

Intent inferred(std::string_view name, Message reason, const json::Node* evidence) {
  Intent i;
  i.scenario = find_scenario(name);
  if (i.scenario != nullptr) i.reason = std::move(reason), i.evidence = evidence;
  return i;
}

// The Data Online Migration signature: one Allow statement listing at least
// three of oss:List*, oss:Get*, oss:Put*, oss:AbortMultipartUpload literally,
// oss:Put* among them (a policy that only reads is not a migration policy).
const Statement* migration_statement(const Policy& p, bool need_assumed_role) {
  for (const auto& s : p.statements) {
    if (!s.allows() || !has_item(s.action, "oss:Put*")) continue;
    int n = 0;
    for (auto a : {"oss:List*", "oss:Get*", "oss:Put*", "oss:AbortMultipartUpload"}) n += has_item(s.action, a) ? 1 : 0;
    if (n < 3) continue;
    if (need_assumed_role &&
        !any_principal(s, [](const Str& v) { return v.value.find(":assumed-role/") != std::string_view::npos; }))
      continue;
    return &s;
  }
  return nullptr;
}

Intent infer(const Policy& p) {
  static constexpr std::string_view kWrites[] = {"oss:ReplicatePut", "oss:ReplicateDelete"};
  switch (p.kind) {
    case Kind::Trust:
      for (const auto& s : p.statements) {
        if (s.denies()) continue;
        if (const Str* v = any_principal(s, [](const Str& x) { return iequals(x.value, "oss.aliyuncs.com"); }))
          return inferred("replication-trust", msg("scenario.reason-trusts-oss"), v->node);
      }
      return {};
    case Kind::Permission:
    case Kind::Bucket: {
      // ReplicateGet alone is also what a user who creates cross-account
      // replication rules needs, so it does not mark a replication role.
      const Str* list_or_write = nullptr;
      const Str* write = nullptr;
      for (const auto& s : p.statements) {
        if (!any_replicate_item(s)) continue;
        if (!list_or_write)
          list_or_write = replicate_item(s, {"oss:ReplicateList", "oss:ReplicatePut", "oss:ReplicateDelete"});
        if (!write) write = replicate_item(s, {kWrites[0], kWrites[1]});
      }
      bool bucket = p.kind == Kind::Bucket;
      if (write != nullptr)
        return inferred(bucket ? "replication-dest-bucket-policy" : "replication-dest-role-policy",
                        msg("scenario.reason-grants", {{"action", quote(write->value)}}), write->node);
      if (list_or_write != nullptr && !bucket)
        return inferred("replication-source-role-policy",
                        msg("scenario.reason-grants-no-put", {{"action", quote(list_or_write->value)}}),
                        list_or_write->node);
      if (const Statement* m = migration_statement(p, bucket)) {
        const json::Node* put = nullptr;
        for (const auto& a : m->action.items)
          if (put == nullptr && iequals(a.value, "oss:Put*")) put = a.node;
        return inferred(bucket ? "migration-dest-bucket-policy" : "migration-role-policy",
                        msg(bucket ? "scenario.reason-migration-bucket" : "scenario.reason-migration"), put);
      }
      return {};
    }
    case Kind::Key:
      return {};  // no scenario is about a key policy alone
  }
  return {};
}

}  // namespace

Intent intent_of(const Policy& policy, const Settings& settings) {
  if (!settings.scenario.empty()) {
    const Scenario* s = find_scenario(settings.scenario);
    // A declared scenario applies to the documents of its kind; the others
    // of the same run are still inferred.
    if (s != nullptr && s->kind == policy.kind) {
      Intent i;
      i.scenario = s;
      i.declared = true;
      return i;
    }
  }
  return infer(policy);
}

}  // namespace rules
}  // namespace policylint
