// Rules of the "grammar" family: the shape of a policy document as the RAM and
// OSS grammars define it (policy-language.md sections 1-2).
#include <map>
#include <set>
#include <unordered_map>

#include "families.hpp"
#include "util.hpp"

namespace policylint::rules {

namespace {

const std::initializer_list<std::string_view> kTopKeys = {"Version", "Statement"};
const std::initializer_list<std::string_view> kStatementKeys = {"Sid",      "Effect",      "Action",    "NotAction",
                                                                "Resource", "NotResource", "Principal", "Condition"};

// A type for a message: "a number", "an object", "null" (grammar.type.*).
std::string kind_of(const Context& ctx, json::Type t) {
  switch (t) {
    case json::Type::Null:
      return ctx.tr(msg("grammar.type.null"));
    case json::Type::False:
    case json::Type::True:
      return ctx.tr(msg("grammar.type.boolean"));
    case json::Type::Number:
      return ctx.tr(msg("grammar.type.number"));
    case json::Type::String:
      return ctx.tr(msg("grammar.type.string"));
    case json::Type::Array:
      return ctx.tr(msg("grammar.type.array"));
    case json::Type::Object:
      break;
  }
  return ctx.tr(msg("grammar.type.object"));
}

// A kind of policy for a message: "permission policy", "bucket policy", ...
std::string policy_of(const Context& ctx) {
  return ctx.tr(msg("common.policy." + std::string(to_string(ctx.policy.kind))));
}

// A key name as the messages show it: in quotes, never shortened.
std::string key_of(std::string_view key) { return "\"" + std::string(key) + "\""; }

// A key of obj that is a near miss of name ("Resources", "resource") while
// name itself is absent: the user meant name.
const json::Member* near_miss(const json::Node* obj, std::string_view name,
                              std::initializer_list<std::string_view> valid) {
  if (obj == nullptr || !obj->is_object() || obj->find(name) != nullptr) return nullptr;
  for (const auto& m : obj->members) {
    bool is_valid = false;
    for (auto v : valid) is_valid = is_valid || m.key == v;
    if (is_valid) continue;
    if (auto c = closest(m.key, valid, 2); c && *c == name) return &m;
  }
  return nullptr;
}

// grammar/version-missing
void version_missing(const Context& ctx) {
  const Policy& p = ctx.policy;
  if (p.root == nullptr || p.version != nullptr || near_miss(p.root, "Version", kTopKeys) != nullptr) return;
  ctx.report("grammar/version-missing", Span{p.root->span.begin, p.root->span.begin + 1},
             msg("grammar/version-missing"));
}

// grammar/version-invalid
void version_invalid(const Context& ctx) {
  const json::Member* v = ctx.policy.version;
  if (v == nullptr || (v->value->is_string() && v->value->text == "1")) return;
  const json::Node* n = v->value;
  if (n->type == json::Type::Number && n->text == "1") {
    // OSS rejects the number 1 (error 0030-00000005); RAM's behaviour is not
    // documented, and ROS YAML templates produce it: warn there.
    Finding& f = ctx.report("grammar/version-invalid", n->span, msg("grammar/version-invalid.number"));
    if (ctx.policy.kind != Kind::Bucket) mark_uncertain(f);
    f.fix = Fix{ctx.tr(msg("grammar/version-invalid.fix")), true, {Edit{n->span, "\"1\""}}};
    return;
  }
  ctx.report("grammar/version-invalid", n->span,
             n->is_string() ? msg("grammar/version-invalid.string", {{"value", quote(n->text)}})
                            : msg("grammar/version-invalid.type", {{"type", kind_of(ctx, n->type)}}));
}

// grammar/statement-missing
void statement_missing(const Context& ctx) {
  const Policy& p = ctx.policy;
  if (p.root == nullptr || p.statement_member != nullptr || near_miss(p.root, "Statement", kTopKeys) != nullptr) return;
  ctx.report("grammar/statement-missing", Span{p.root->span.begin, p.root->span.begin + 1},
             msg("grammar/statement-missing"));
}

// grammar/statement-empty
void statement_empty(const Context& ctx) {
  const json::Member* s = ctx.policy.statement_member;
  if (s == nullptr || !s->value->is_array() || !s->value->items.empty()) return;
  ctx.report("grammar/statement-empty", s->value->span, msg("grammar/statement-empty"));
}

// grammar/statement-not-array
void statement_not_array(const Context& ctx) {
  const json::Member* s = ctx.policy.statement_member;
  if (s == nullptr || !s->value->is_object()) return;
  ctx.report("grammar/statement-not-array", s->value->span, msg("grammar/statement-not-array"));
}

// grammar/statement-type
void statement_type(const Context& ctx) {
  const json::Member* s = ctx.policy.statement_member;
  if (s == nullptr) return;
  const json::Node* v = s->value;
  if (!v->is_array() && !v->is_object()) {
    ctx.report("grammar/statement-type", v->span, msg("grammar/statement-type", {{"type", kind_of(ctx, v->type)}}));
    return;
  }
  if (v->is_array())
    for (const json::Node* item : v->items)
      if (!item->is_object())
        ctx.report("grammar/statement-type", item->span,
                   msg("grammar/statement-type.item", {{"type", kind_of(ctx, item->type)}}));
}

bool is_known(std::string_view key, std::initializer_list<std::string_view> keys) {
  for (auto k : keys)
    if (k == key) return true;
  return false;
}

// Is key one of kStatementKeys? Every member of every statement is asked:
// the length picks the one to three candidates, each compared with a
// constant (no library call), where a walk of the list compared up to eight.
bool statement_key(std::string_view key) {
  switch (key.size()) {
    case 3:
      return key == "Sid";
    case 6:
      return key == "Effect" || key == "Action";
    case 8:
      return key == "Resource";
    case 9:
      return key == "NotAction" || key == "Principal" || key == "Condition";
    case 11:
      return key == "NotResource";
    default:
      return false;
  }
}

// Required statement elements whose absence another rule reports; a near
// miss of one of them is that rule's root cause.
bool required_here(std::string_view name, const Statement& s, Kind kind) {
  if (name == "Effect") return true;
  if (name == "Action" || name == "NotAction") return !s.action.present() && !s.not_action.present();
  if (name == "Resource" || name == "NotResource")
    return kind != Kind::Trust && !s.resource.present() && !s.not_resource.present();
  if (name == "Principal") return kind != Kind::Permission;
  // A misspelt Condition leaves the statement unconditional: if the service
  // ignores the unknown key, the grant is wider than the author wrote.
  if (name == "Condition") return s.condition == nullptr;
  return false;
}

// grammar/unknown-key
void unknown_key(const Context& ctx) {
  const Policy& p = ctx.policy;
  if (p.root == nullptr) return;
  for (const auto& m : p.root->members) {
    if (is_known(m.key, kTopKeys)) continue;
    auto c = closest(m.key, kTopKeys, 2);
    Message text = msg("grammar/unknown-key.policy", {{"key", quote(m.key)}});
    if (c) text = msg("common.did-you-mean", {{"message", ctx.tr(text)}, {"suggestion", key_of(*c)}});
    Finding& f = ctx.report("grammar/unknown-key", m.key_span, text);
    // Only when the intended element is missing: renaming "version" next to
    // a "Version" would create a duplicate key.
    if (c && p.root->find(*c) == nullptr) {
      f.severity = Severity::Error;  // the policy then lacks that element
      f.fix = Fix{ctx.tr(msg("grammar/unknown-key.fix", {{"key", key_of(*c)}})), true, {Edit{m.key_span, key_of(*c)}}};
    }
  }
  for (const auto& s : p.statements) {
    if (!s.node->is_object()) continue;
    for (const auto& m : s.node->members) {
      if (statement_key(m.key)) continue;
      if (m.key == "NotPrincipal") {
        ctx.report("grammar/unknown-key", m.key_span, msg("grammar/unknown-key.not-principal"));
        continue;
      }
      auto c = closest(m.key, kStatementKeys, 2);
      Message text = msg("grammar/unknown-key.statement", {{"key", quote(m.key)}});
      if (c && iequals(*c, m.key)) text = msg("grammar/unknown-key.case", {{"message", ctx.tr(text)}});
      if (c) text = msg("common.did-you-mean", {{"message", ctx.tr(text)}, {"suggestion", key_of(*c)}});
      Finding& f = ctx.report("grammar/unknown-key", m.key_span, text);
      if (c && s.node->find(*c) == nullptr) {
        // The intended element is then missing; that is an error, reported
        // once, here, instead of by the *-missing rule.
        if (required_here(*c, s, p.kind)) f.severity = Severity::Error;
        // In a permission policy "Principal" is itself wrong
        // (grammar/principal-unexpected): no rename to it.
        if (*c == "Principal" && p.kind == Kind::Permission) continue;
        f.fix =
            Fix{ctx.tr(msg("grammar/unknown-key.fix", {{"key", key_of(*c)}})), true, {Edit{m.key_span, key_of(*c)}}};
      }
    }
  }
}

Span statement_head(const Statement& s) { return Span{s.node->span.begin, s.node->span.begin + 1}; }

// grammar/effect-missing
void effect_missing(const Context& ctx) {
  for (const auto& s : ctx.policy.statements) {
    if (!s.node->is_object() || s.effect_member != nullptr || near_miss(s.node, "Effect", kStatementKeys)) continue;
    ctx.report("grammar/effect-missing", statement_head(s), msg("grammar/effect-missing", {{"n", s.index + 1}}));
  }
}

// grammar/effect-invalid
void effect_invalid(const Context& ctx) {
  for (const auto& s : ctx.policy.statements) {
    if (s.effect != Effect::Invalid) continue;
    const json::Node* v = s.effect_member->value;
    if (!v->is_string()) continue;  // grammar/value-type reports it
    Message text = msg("grammar/effect-invalid", {{"value", quote(v->text)}});
    bool case_only = iequals(v->text, "allow") || iequals(v->text, "deny");
    if (case_only) text = msg("grammar/effect-invalid.case", {{"message", ctx.tr(text)}});
    Finding& f = ctx.report("grammar/effect-invalid", v->span, text);
    if (case_only) {
      std::string right = iequals(v->text, "allow") ? "\"Allow\"" : "\"Deny\"";
      f.fix = Fix{ctx.tr(msg("common.write", {{"value", right}})), true, {Edit{v->span, right}}};
    }
  }
}

// grammar/action-missing
void action_missing(const Context& ctx) {
  for (const auto& s : ctx.policy.statements) {
    if (!s.node->is_object() || s.action.present() || s.not_action.present()) continue;
    if (near_miss(s.node, "Action", kStatementKeys) || near_miss(s.node, "NotAction", kStatementKeys)) continue;
    ctx.report("grammar/action-missing", statement_head(s), msg("grammar/action-missing", {{"n", s.index + 1}}));
  }
}

// grammar/action-conflict
void action_conflict(const Context& ctx) {
  for (const auto& s : ctx.policy.statements) {
    if (!s.action.present() || !s.not_action.present()) continue;
    Finding& f = ctx.report("grammar/action-conflict", s.not_action.member->key_span, msg("grammar/action-conflict"));
    f.related.push_back(Related{s.action.member->key_span, ctx.tr(msg("grammar/action-conflict.related")), {}});
  }
}

// grammar/resource-missing
void resource_missing(const Context& ctx) {
  for (const auto& s : ctx.policy.statements) {
    if (!s.node->is_object() || s.resource.present() || s.not_resource.present()) continue;
    if (near_miss(s.node, "Resource", kStatementKeys) || near_miss(s.node, "NotResource", kStatementKeys)) continue;
    ctx.report("grammar/resource-missing", statement_head(s),
               msg("grammar/resource-missing", {{"n", s.index + 1}, {"policy", policy_of(ctx)}}));
  }
}

// grammar/resource-conflict
void resource_conflict(const Context& ctx) {
  for (const auto& s : ctx.policy.statements) {
    if (!s.resource.present() || !s.not_resource.present()) continue;
    Finding& f =
        ctx.report("grammar/resource-conflict", s.not_resource.member->key_span, msg("grammar/resource-conflict"));
    f.related.push_back(Related{s.resource.member->key_span, ctx.tr(msg("grammar/resource-conflict.related")), {}});
  }
}

// grammar/resource-in-trust
void resource_in_trust(const Context& ctx) {
  for (const auto& s : ctx.policy.statements) {
    const StrList& r = s.resource.present() ? s.resource : s.not_resource;
    if (!r.present()) continue;
    ctx.report("grammar/resource-in-trust", r.member->key_span,
               msg("grammar/resource-in-trust", {{"key", quote(r.member->key)}}));
  }
}

// grammar/not-resource
void not_resource(const Context& ctx) {
  for (const auto& s : ctx.policy.statements) {
    if (!s.not_resource.present() || s.resource.present()) continue;
    ctx.report("grammar/not-resource", s.not_resource.member->key_span, msg("grammar/not-resource"));
  }
}

// grammar/principal-unexpected
void principal_unexpected(const Context& ctx) {
  for (const auto& s : ctx.policy.statements)
    if (s.principal.present())
      ctx.report("grammar/principal-unexpected", s.principal.member->key_span, msg("grammar/principal-unexpected"));
}

// grammar/principal-missing
void principal_missing(const Context& ctx) {
  for (const auto& s : ctx.policy.statements) {
    if (!s.node->is_object() || s.principal.present() || near_miss(s.node, "Principal", kStatementKeys)) continue;
    ctx.report("grammar/principal-missing", statement_head(s),
               msg("grammar/principal-missing", {{"n", s.index + 1}, {"policy", policy_of(ctx)}}));
  }
}

// Reports a value of the list-or-string element l of the wrong type (when
// typed) or empty. Out of check_str_list: its messages need a large frame
// that every list would otherwise set up, and a finding is rare.
[[gnu::cold]] void report_str_list(const Context& ctx, const StrList& l, const json::Node* n, const char* rule,
                                   const char* message, bool typed) {
  Message m = msg(message, {{"key", key_of(l.member->key)}});
  if (typed) m.args.emplace_back("type", kind_of(ctx, n->type));
  ctx.report(rule, n->span, m);
}

// Checks one string-or-list element for values of the wrong type or empty.
void check_str_list(const Context& ctx, const StrList& l, bool allow_empty_array) {
  if (!l.present()) return;
  const json::Node* v = l.node;
  if (v->is_string()) {
    if (v->text.empty()) report_str_list(ctx, l, v, "grammar/empty-value", "grammar/empty-value.string", false);
    return;
  }
  if (!v->is_array()) {
    report_str_list(ctx, l, v, "grammar/value-type", "grammar/value-type", true);
    return;
  }
  if (v->items.empty() && !allow_empty_array)
    report_str_list(ctx, l, v, "grammar/empty-value", "grammar/empty-value.array", false);
  for (const json::Node* item : v->items) {
    if (!item->is_string())
      report_str_list(ctx, l, item, "grammar/value-type", "grammar/value-type.element", true);
    else if (item->text.empty())
      report_str_list(ctx, l, item, "grammar/empty-value", "grammar/empty-value.element", false);
  }
}

// grammar/value-type and grammar/empty-value
void value_types(const Context& ctx) {
  auto scalar_string = [&](const json::Member* m, std::string_view id) {
    if (m == nullptr) return;
    if (!m->value->is_string())
      ctx.report("grammar/value-type", m->value->span,
                 msg(id, {{"key", key_of(m->key)}, {"type", kind_of(ctx, m->value->type)}}));
  };
  for (const auto& s : ctx.policy.statements) {
    scalar_string(s.effect_member, "grammar/value-type.effect");
    scalar_string(s.sid, "grammar/value-type.sid");
    // Absent elements are passed over here: most statements lack two of the four.
    if (s.action.present()) check_str_list(ctx, s.action, false);
    if (s.not_action.present()) check_str_list(ctx, s.not_action, false);
    if (s.resource.present()) check_str_list(ctx, s.resource, false);
    if (s.not_resource.present()) check_str_list(ctx, s.not_resource, false);
    if (!s.principal.present()) continue;
    if (s.principal.object_form) {
      if (s.principal.entries.empty())
        ctx.report("grammar/empty-value", s.principal.member->value->span,
                   msg("grammar/empty-value.object", {{"key", "\"Principal\""}}));
      for (const auto& e : s.principal.entries) check_str_list(ctx, e.values, false);
    } else {
      // An empty Principal list is documented for bucket policies: it means
      // everyone (the security rules judge it).
      const json::Node* v = s.principal.member->value;
      if (!v->is_string() && !v->is_array())
        ctx.report("grammar/value-type", v->span,
                   msg(ctx.policy.kind == Kind::Trust ? "grammar/value-type.principal-trust"
                       : ctx.policy.kind == Kind::Key ? "grammar/value-type.principal-key"
                                                      : "grammar/value-type",
                       {{"key", "\"Principal\""}, {"type", kind_of(ctx, v->type)}}));
      else
        check_str_list(ctx, s.principal.entries.front().values, true);
    }
  }
}

// Reports a value n of the condition key member key (grammar/condition-shape),
// with its type when typed. Out of the rule's loop, as report_str_list.
[[gnu::cold]] void bad_condition_value(const Context& ctx, const json::Member& key, const json::Node* n,
                                       const char* message, bool typed) {
  Message m = msg(message, {{"key", quote(key.key)}});
  if (typed) m.args.emplace_back("type", kind_of(ctx, n->type));
  ctx.report("grammar/condition-shape", n->span, m);
}

// grammar/condition-shape
void condition_shape(const Context& ctx) {
  for (const auto& s : ctx.policy.statements) {
    if (s.condition == nullptr) continue;
    const json::Node* c = s.condition->value;
    if (!c->is_object()) {
      ctx.report("grammar/condition-shape", c->span, msg("grammar/condition-shape", {{"type", kind_of(ctx, c->type)}}));
      continue;
    }
    for (const auto& op : c->members) {
      if (!op.value->is_object()) {
        ctx.report("grammar/condition-shape", op.value->span,
                   msg("grammar/condition-shape.operator-value",
                       {{"operator", quote(op.key)}, {"type", kind_of(ctx, op.value->type)}}));
        continue;
      }
      if (op.value->members.empty()) {
        // Harmless (an empty AND is true) and not documented as rejected.
        mark_uncertain(ctx.report("grammar/condition-shape", op.value->span,
                                  msg("grammar/condition-shape.operator-empty", {{"operator", quote(op.key)}})));
      }
      for (const auto& key : op.value->members) {
        const json::Node* v = key.value;
        if (v->type == json::Type::Null || v->is_object()) {
          bad_condition_value(
              ctx, key, v, v->is_object() ? "grammar/condition-shape.key-object" : "grammar/condition-shape.key-null",
              false);
        } else if (v->is_array()) {
          if (v->items.empty()) bad_condition_value(ctx, key, v, "grammar/condition-shape.key-empty", false);
          for (const json::Node* item : v->items)
            if (item->is_array() || item->is_object() || item->type == json::Type::Null)
              bad_condition_value(ctx, key, item, "grammar/condition-shape.key-item", true);
        }
      }
    }
  }
}

// grammar/duplicate-sid
void duplicate_sid(const Context& ctx) {
  std::map<std::string, const json::Node*> seen;
  for (const auto& s : ctx.policy.statements) {
    if (s.sid == nullptr || !s.sid->value->is_string()) continue;
    auto [it, inserted] = seen.emplace(s.sid->value->text, s.sid->value);
    if (inserted) continue;
    Finding& f = ctx.report("grammar/duplicate-sid", s.sid->value->span,
                            msg("grammar/duplicate-sid", {{"sid", quote(s.sid->value->text)}}));
    f.related.push_back(Related{it->second->span, ctx.tr(msg("grammar/duplicate-sid.related")), {}});
  }
}

// Reports item, a repeat of first in the list l (grammar/duplicate-entry).
// Out of the searches' loops: a finding is rare, and its messages need a
// large frame that every list would otherwise set up.
[[gnu::cold]] void report_duplicate(const Context& ctx, const StrList& l, const Str& item, const Str& first) {
  Finding& f =
      ctx.report("grammar/duplicate-entry", item.node->span,
                 msg("grammar/duplicate-entry", {{"value", quote(item.value)}, {"key", key_of(l.member->key)}}));
  f.related.push_back(Related{first.node->span, ctx.tr(msg("grammar/duplicate-entry.related")), {}});
  // Remove the element, the comma before it and the blanks around that
  // comma: everything from the end of the previous element.
  Span cut = item.node->span;
  std::string_view text = ctx.source.text();
  auto blank = [&](std::uint32_t i) { return text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r'; };
  std::uint32_t b = cut.begin;
  while (b > 0 && blank(b - 1)) --b;
  if (b > 0 && text[b - 1] == ',') {
    --b;
    while (b > 0 && blank(b - 1)) --b;
    f.fix = Fix{ctx.tr(msg("grammar/duplicate-entry.fix")), true, {Edit{Span{b, cut.end}, ""}}};
  }
}

// Each repeat in a long list with the first entry of its value (folded to
// lower case for actions), through a hash table: a list of 100 000 entries
// stays linear.
void duplicates_hashed(const Context& ctx, const StrList& l, bool case_insensitive) {
  std::unordered_map<std::string, const Str*> seen;
  for (const Str& item : l.items) {
    auto [it, inserted] =
        seen.try_emplace(case_insensitive ? util::to_lower(item.value) : std::string(item.value), &item);
    if (!inserted) report_duplicate(ctx, l, item, *it->second);
  }
}

// The same, by comparison in a short list (most have two to four entries);
// a long one through duplicates_hashed.
[[gnu::noinline]] void duplicates_listed(const Context& ctx, const StrList& l, bool case_insensitive) {
  std::span<const Str> items = l.items;
  if (items.size() > 16) return duplicates_hashed(ctx, l, case_insensitive);
  for (std::size_t i = 1; i < items.size(); ++i) {
    std::string_view v = items[i].value;
    for (std::size_t j = 0; j < i; ++j) {
      if (case_insensitive ? util::iequals(items[j].value, v) : items[j].value == v) {
        report_duplicate(ctx, l, items[i], items[j]);
        break;
      }
    }
  }
}

// A list of one entry or none (nearly every list) has no duplicate: the
// test is made in place, and only longer lists are searched.
inline void duplicates(const Context& ctx, const StrList& l, bool case_insensitive) {
  if (l.items.size() >= 2) duplicates_listed(ctx, l, case_insensitive);
}

// grammar/duplicate-entry
void duplicate_entry(const Context& ctx) {
  for (const auto& s : ctx.policy.statements) {
    duplicates(ctx, s.action, true);
    duplicates(ctx, s.not_action, true);
    duplicates(ctx, s.resource, false);
    duplicates(ctx, s.not_resource, false);
    for (const auto& e : s.principal.entries) duplicates(ctx, e.values, false);
  }
}

constexpr RuleImpl kRules[] = {
    {"grammar/action-conflict", action_conflict},
    {"grammar/action-missing", action_missing},
    {"grammar/condition-shape", condition_shape},
    {"grammar/duplicate-entry", duplicate_entry},
    {"grammar/duplicate-sid", duplicate_sid},
    {"grammar/effect-invalid", effect_invalid},
    {"grammar/effect-missing", effect_missing},
    {"grammar/empty-value", value_types},  // one check reports both ids
    {"grammar/not-resource", not_resource},
    {"grammar/principal-missing", principal_missing},
    {"grammar/principal-unexpected", principal_unexpected},
    {"grammar/resource-conflict", resource_conflict},
    {"grammar/resource-in-trust", resource_in_trust},
    {"grammar/resource-missing", resource_missing},
    {"grammar/statement-empty", statement_empty},
    {"grammar/statement-missing", statement_missing},
    {"grammar/statement-not-array", statement_not_array},
    {"grammar/statement-type", statement_type},
    {"grammar/unknown-key", unknown_key},
    {"grammar/value-type", value_types},
    {"grammar/version-invalid", version_invalid},
    {"grammar/version-missing", version_missing},
};

}  // namespace

std::span<const RuleImpl> grammar_rules() { return kRules; }

}  // namespace policylint::rules
