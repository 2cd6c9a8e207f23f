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

// A type for a message: "a number", "an object", "null".
std::string kind_of(json::Type t) { return t == json::Type::Null ? std::string("null") : a_type(t); }

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
  ctx.out.report("grammar/version-missing", Span{p.root->span.begin, p.root->span.begin + 1},
                 "the policy has no \"Version\"; write \"Version\": \"1\"");
}

// grammar/version-invalid
void version_invalid(const Context& ctx) {
  const json::Member* v = ctx.policy.version;
  if (v == nullptr || (v->value->is_string() && v->value->text == "1")) return;
  const json::Node* n = v->value;
  if (n->type == json::Type::Number && n->text == "1") {
    // OSS rejects the number 1 (error 0030-00000005); RAM's behaviour is not
    // documented, and ROS YAML templates produce it: warn there.
    Finding& f =
        ctx.out.report("grammar/version-invalid", n->span, "\"Version\" is the number 1; it must be the string \"1\"");
    if (ctx.policy.kind != Kind::Bucket) mark_uncertain(f);
    f.fix = Fix{"write \"Version\" as the string \"1\"", true, {Edit{n->span, "\"1\""}}};
    return;
  }
  std::string shown = n->is_string() ? quote(n->text) : kind_of(n->type);
  ctx.out.report("grammar/version-invalid", n->span,
                 "\"Version\" is " + shown + "; the only policy language version is \"1\"");
}

// grammar/statement-missing
void statement_missing(const Context& ctx) {
  const Policy& p = ctx.policy;
  if (p.root == nullptr || p.statement_member != nullptr || near_miss(p.root, "Statement", kTopKeys) != nullptr) return;
  ctx.out.report("grammar/statement-missing", Span{p.root->span.begin, p.root->span.begin + 1},
                 "the policy has no \"Statement\", so it grants and denies nothing");
}

// grammar/statement-empty
void statement_empty(const Context& ctx) {
  const json::Member* s = ctx.policy.statement_member;
  if (s == nullptr || !s->value->is_array() || !s->value->items.empty()) return;
  ctx.out.report("grammar/statement-empty", s->value->span, "\"Statement\" is an empty array: the policy does nothing");
}

// grammar/statement-not-array
void statement_not_array(const Context& ctx) {
  const json::Member* s = ctx.policy.statement_member;
  if (s == nullptr || !s->value->is_object()) return;
  ctx.out.report("grammar/statement-not-array", s->value->span,
                 "\"Statement\" is a single object; the documented form is an array of statements");
}

// grammar/statement-type
void statement_type(const Context& ctx) {
  const json::Member* s = ctx.policy.statement_member;
  if (s == nullptr) return;
  const json::Node* v = s->value;
  if (!v->is_array() && !v->is_object()) {
    ctx.out.report("grammar/statement-type", v->span,
                   "\"Statement\" is " + kind_of(v->type) + "; it must be an array of statement objects");
    return;
  }
  if (v->is_array())
    for (const json::Node* item : v->items)
      if (!item->is_object())
        ctx.out.report("grammar/statement-type", item->span,
                       "a statement is " + kind_of(item->type) + "; each statement must be an object");
}

bool is_known(std::string_view key, std::initializer_list<std::string_view> keys) {
  for (auto k : keys)
    if (k == key) return true;
  return false;
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
    Finding& f = ctx.out.report("grammar/unknown-key", m.key_span,
                                quote(m.key) + " is not a policy element" +
                                    (c ? "; did you mean \"" + std::string(*c) + "\"?" : std::string()));
    // Only when the intended element is missing: renaming "version" next to
    // a "Version" would create a duplicate key.
    if (c && p.root->find(*c) == nullptr) {
      f.severity = Severity::Error;  // the policy then lacks that element
      f.fix = Fix{"rename to \"" + std::string(*c) + "\"", true, {Edit{m.key_span, "\"" + std::string(*c) + "\""}}};
    }
  }
  for (const auto& s : p.statements) {
    if (!s.node->is_object()) continue;
    for (const auto& m : s.node->members) {
      if (is_known(m.key, kStatementKeys)) continue;
      if (m.key == "NotPrincipal") {
        ctx.out.report("grammar/unknown-key", m.key_span,
                       "\"NotPrincipal\" is an AWS element; no Alibaba Cloud policy grammar has it");
        continue;
      }
      auto c = closest(m.key, kStatementKeys, 2);
      std::string msg = quote(m.key) + " is not a statement element";
      if (c && iequals(*c, m.key)) msg += " (element names are case-sensitive)";
      if (c) msg += "; did you mean \"" + std::string(*c) + "\"?";
      Finding& f = ctx.out.report("grammar/unknown-key", m.key_span, std::move(msg));
      if (c && s.node->find(*c) == nullptr) {
        // The intended element is then missing; that is an error, reported
        // once, here, instead of by the *-missing rule.
        if (required_here(*c, s, p.kind)) f.severity = Severity::Error;
        // In a permission policy "Principal" is itself wrong
        // (grammar/principal-unexpected): no rename to it.
        if (*c == "Principal" && p.kind == Kind::Permission) continue;
        f.fix = Fix{"rename to \"" + std::string(*c) + "\"", true, {Edit{m.key_span, "\"" + std::string(*c) + "\""}}};
      }
    }
  }
}

Span statement_head(const Statement& s) { return Span{s.node->span.begin, s.node->span.begin + 1}; }

// grammar/effect-missing
void effect_missing(const Context& ctx) {
  for (const auto& s : ctx.policy.statements) {
    if (!s.node->is_object() || s.effect_member != nullptr || near_miss(s.node, "Effect", kStatementKeys)) continue;
    ctx.out.report("grammar/effect-missing", statement_head(s),
                   "statement " + std::to_string(s.index + 1) + " has no \"Effect\"; write \"Allow\" or \"Deny\"");
  }
}

// grammar/effect-invalid
void effect_invalid(const Context& ctx) {
  for (const auto& s : ctx.policy.statements) {
    if (s.effect != Effect::Invalid) continue;
    const json::Node* v = s.effect_member->value;
    if (!v->is_string()) continue;  // grammar/value-type reports it
    Finding& f = ctx.out.report("grammar/effect-invalid", v->span,
                                "\"Effect\" is " + quote(v->text) + "; it must be exactly \"Allow\" or \"Deny\"");
    if (iequals(v->text, "allow") || iequals(v->text, "deny")) {
      std::string right = iequals(v->text, "allow") ? "Allow" : "Deny";
      f.message += " (values are case-sensitive)";
      f.fix = Fix{"write \"" + right + "\"", true, {Edit{v->span, "\"" + right + "\""}}};
    }
  }
}

// grammar/action-missing
void action_missing(const Context& ctx) {
  for (const auto& s : ctx.policy.statements) {
    if (!s.node->is_object() || s.action.present() || s.not_action.present()) continue;
    if (near_miss(s.node, "Action", kStatementKeys) || near_miss(s.node, "NotAction", kStatementKeys)) continue;
    ctx.out.report("grammar/action-missing", statement_head(s),
                   "statement " + std::to_string(s.index + 1) + " has neither \"Action\" nor \"NotAction\"");
  }
}

// grammar/action-conflict
void action_conflict(const Context& ctx) {
  for (const auto& s : ctx.policy.statements) {
    if (!s.action.present() || !s.not_action.present()) continue;
    Finding& f = ctx.out.report("grammar/action-conflict", s.not_action.member->key_span,
                                "a statement has both \"Action\" and \"NotAction\"; use exactly one");
    f.related.push_back(Related{s.action.member->key_span, "\"Action\" here", {}});
  }
}

// grammar/resource-missing
void resource_missing(const Context& ctx) {
  for (const auto& s : ctx.policy.statements) {
    if (!s.node->is_object() || s.resource.present() || s.not_resource.present()) continue;
    if (near_miss(s.node, "Resource", kStatementKeys) || near_miss(s.node, "NotResource", kStatementKeys)) continue;
    ctx.out.report("grammar/resource-missing", statement_head(s),
                   "statement " + std::to_string(s.index + 1) + " has no \"Resource\"; a " +
                       std::string(to_string(ctx.policy.kind)) + " policy statement needs one");
  }
}

// grammar/resource-conflict
void resource_conflict(const Context& ctx) {
  for (const auto& s : ctx.policy.statements) {
    if (!s.resource.present() || !s.not_resource.present()) continue;
    Finding& f = ctx.out.report("grammar/resource-conflict", s.not_resource.member->key_span,
                                "a statement has both \"Resource\" and \"NotResource\"; use exactly one");
    f.related.push_back(Related{s.resource.member->key_span, "\"Resource\" here", {}});
  }
}

// grammar/resource-in-trust
void resource_in_trust(const Context& ctx) {
  for (const auto& s : ctx.policy.statements) {
    const StrList& r = s.resource.present() ? s.resource : s.not_resource;
    if (!r.present()) continue;
    ctx.out.report("grammar/resource-in-trust", r.member->key_span,
                   "a trust policy statement has " + quote(r.member->key) +
                       "; trust policies name who may assume the role, not resources");
  }
}

// grammar/not-resource
void not_resource(const Context& ctx) {
  for (const auto& s : ctx.policy.statements) {
    if (!s.not_resource.present() || s.resource.present()) continue;
    ctx.out.report("grammar/not-resource", s.not_resource.member->key_span,
                   "\"NotResource\" is not in the current English RAM reference; check that the service accepts it");
  }
}

// grammar/principal-unexpected
void principal_unexpected(const Context& ctx) {
  for (const auto& s : ctx.policy.statements)
    if (s.principal.present())
      ctx.out.report("grammar/principal-unexpected", s.principal.member->key_span,
                     "\"Principal\" in a permission policy: identity policies apply to whoever they are attached "
                     "to and cannot name a principal");
}

// grammar/principal-missing
void principal_missing(const Context& ctx) {
  for (const auto& s : ctx.policy.statements) {
    if (!s.node->is_object() || s.principal.present() || near_miss(s.node, "Principal", kStatementKeys)) continue;
    ctx.out.report("grammar/principal-missing", statement_head(s),
                   "statement " + std::to_string(s.index + 1) + " of a " + std::string(to_string(ctx.policy.kind)) +
                       " policy has no \"Principal\"");
  }
}

// Checks one string-or-list element for values of the wrong type or empty.
void check_str_list(const Context& ctx, const StrList& l, bool allow_empty_array) {
  if (!l.present()) return;
  const std::string& name = l.member->key;
  const json::Node* v = l.node;
  if (v->is_string()) {
    if (v->text.empty()) ctx.out.report("grammar/empty-value", v->span, "\"" + name + "\" is an empty string");
    return;
  }
  if (!v->is_array()) {
    ctx.out.report("grammar/value-type", v->span,
                   "\"" + name + "\" is " + kind_of(v->type) + "; it must be a string or an array of strings");
    return;
  }
  if (v->items.empty() && !allow_empty_array)
    ctx.out.report("grammar/empty-value", v->span, "\"" + name + "\" is an empty array");
  for (const json::Node* item : v->items) {
    if (!item->is_string()) {
      ctx.out.report("grammar/value-type", item->span,
                     "an element of \"" + name + "\" is " + kind_of(item->type) + "; elements must be strings");
    } else if (item->text.empty()) {
      ctx.out.report("grammar/empty-value", item->span, "an element of \"" + name + "\" is an empty string");
    }
  }
}

// grammar/value-type and grammar/empty-value
void value_types(const Context& ctx) {
  auto scalar_string = [&](const json::Member* m, std::string_view what) {
    if (m == nullptr) return;
    if (!m->value->is_string())
      ctx.out.report("grammar/value-type", m->value->span,
                     "\"" + m->key + "\" is " + kind_of(m->value->type) + "; it must be " + std::string(what));
  };
  for (const auto& s : ctx.policy.statements) {
    scalar_string(s.effect_member, "the string \"Allow\" or \"Deny\"");
    scalar_string(s.sid, "a string");
    check_str_list(ctx, s.action, false);
    check_str_list(ctx, s.not_action, false);
    check_str_list(ctx, s.resource, false);
    check_str_list(ctx, s.not_resource, false);
    if (!s.principal.present()) continue;
    if (s.principal.object_form) {
      if (s.principal.entries.empty())
        ctx.out.report("grammar/empty-value", s.principal.member->value->span, "\"Principal\" is an empty object");
      for (const auto& e : s.principal.entries) check_str_list(ctx, e.values, false);
    } else {
      // An empty Principal list is documented for bucket policies: it means
      // everyone (the security rules judge it).
      const json::Node* v = s.principal.member->value;
      if (!v->is_string() && !v->is_array())
        ctx.out.report("grammar/value-type", v->span,
                       "\"Principal\" is " + kind_of(v->type) +
                           (ctx.policy.kind == Kind::Trust ? "; it must be a string, an array of strings or an object"
                            : ctx.policy.kind == Kind::Key ? "; it must be an object such as {\"RAM\": [...]}"
                                                           : "; it must be a string or an array of strings"));
      else
        check_str_list(ctx, s.principal.entries.front().values, true);
    }
  }
}

// grammar/condition-shape
void condition_shape(const Context& ctx) {
  for (const auto& s : ctx.policy.statements) {
    if (s.condition == nullptr) continue;
    const json::Node* c = s.condition->value;
    if (!c->is_object()) {
      ctx.out.report("grammar/condition-shape", c->span,
                     "\"Condition\" is " + kind_of(c->type) + "; it must be an object of operators");
      continue;
    }
    for (const auto& op : c->members) {
      if (!op.value->is_object()) {
        ctx.out.report("grammar/condition-shape", op.value->span,
                       "the value of operator " + quote(op.key) + " is " + kind_of(op.value->type) +
                           "; it must be an object of condition keys");
        continue;
      }
      if (op.value->members.empty()) {
        // Harmless (an empty AND is true) and not documented as rejected.
        mark_uncertain(ctx.out.report("grammar/condition-shape", op.value->span,
                                      "operator " + quote(op.key) + " has no condition keys, so it has no effect"));
      }
      for (const auto& key : op.value->members) {
        const json::Node* v = key.value;
        auto bad = [&](const json::Node* n, std::string what) {
          ctx.out.report("grammar/condition-shape", n->span, "condition key " + quote(key.key) + " " + what);
        };
        if (v->type == json::Type::Null || v->is_object()) {
          bad(v, "has " + a_type(v->type) + " value; use a string or an array of strings");
        } else if (v->is_array()) {
          if (v->items.empty()) bad(v, "has an empty array of values, which matches no request");
          for (const json::Node* item : v->items)
            if (item->is_array() || item->is_object() || item->type == json::Type::Null)
              bad(item, "has " + kind_of(item->type) + " among its values; values must be strings");
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
    Finding& f = ctx.out.report("grammar/duplicate-sid", s.sid->value->span,
                                "statement id " + quote(s.sid->value->text) + " is used by an earlier statement");
    f.related.push_back(Related{it->second->span, "first used here", {}});
  }
}

// grammar/duplicate-entry
void duplicate_entry(const Context& ctx) {
  auto check = [&](const StrList& l, bool case_insensitive) {
    // The first entry of each value (folded to lower case for actions): a
    // hash lookup per entry, so a list of 100 000 entries stays linear.
    std::unordered_map<std::string, const Str*> seen;
    for (const auto& item : l.items) {
      auto [it, inserted] =
          seen.try_emplace(case_insensitive ? util::to_lower(item.value) : std::string(item.value), &item);
      if (inserted) continue;
      const Str* first = it->second;
      Finding& f = ctx.out.report("grammar/duplicate-entry", item.node->span,
                                  quote(item.value) + " appears twice in \"" + l.member->key + "\"");
      f.related.push_back(Related{first->node->span, "first listed here", {}});
      // Remove the element, the comma before it and the blanks around that
      // comma: everything from the end of the previous element.
      Span cut = item.node->span;
      std::string_view text = ctx.source.text();
      auto blank = [&](std::uint32_t i) {
        return text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r';
      };
      std::uint32_t b = cut.begin;
      while (b > 0 && blank(b - 1)) --b;
      if (b > 0 && text[b - 1] == ',') {
        --b;
        while (b > 0 && blank(b - 1)) --b;
        f.fix = Fix{"remove the repeated entry", true, {Edit{Span{b, cut.end}, ""}}};
      }
    }
  };
  for (const auto& s : ctx.policy.statements) {
    check(s.action, true);
    check(s.not_action, true);
    check(s.resource, false);
    check(s.not_resource, false);
    for (const auto& e : s.principal.entries) check(e.values, false);
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
