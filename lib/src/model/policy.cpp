#include "policylint/policy.hpp"

#include <new>
#include <type_traits>

#include "model/build.hpp"
#include "util/spare_memory.hpp"
#include "util/text.hpp"

namespace policylint {

using util::iequals;

std::string_view to_string(Severity s) {
  switch (s) {
    case Severity::Error:
      return "error";
    case Severity::Warning:
      return "warning";
    case Severity::Note:
      return "note";
  }
  return "note";
}

std::string_view to_string(Kind k) {
  switch (k) {
    case Kind::Permission:
      return "permission";
    case Kind::Trust:
      return "trust";
    case Kind::Bucket:
      return "bucket";
    case Kind::Key:
      return "key";
  }
  return "permission";
}

std::vector<Str> Principal::all() const {
  std::vector<Str> out;
  for (const auto& e : entries) out.insert(out.end(), e.values.items.begin(), e.values.items.end());
  return out;
}

std::vector<Str> Principal::of(std::string_view key) const {
  std::vector<Str> out;
  for (const auto& e : entries)
    if (e.key == key) out.insert(out.end(), e.values.items.begin(), e.values.items.end());
  return out;
}

namespace {

// A string's wildcard test was made by the parser (value is its text).
Str make_str(std::string_view value, const json::Node* node) {
  bool wildcard = node->is_string() ? node->wildcard : util::has_wildcard(value);
  return Str{value, node, static_cast<std::int8_t>(wildcard ? 1 : 0)};
}

// Room for n items in the policy's memory, constructed by the caller. The
// items are never destroyed one by one: T must be trivially destructible.
template <typename T>
T* new_items(json::detail::Arena& memory, std::size_t n) {
  static_assert(std::is_trivially_destructible_v<T>);
  return n == 0 ? nullptr : static_cast<T*>(memory.allocate(n * sizeof(T), alignof(T)));
}

StrList str_list(const json::Member* m, json::detail::Arena& memory) {
  StrList l;
  if (m == nullptr) return l;
  l.member = m;
  l.node = m->value;
  if (m->value->is_string()) {
    Str* out = new_items<Str>(memory, 1);
    out[0] = make_str(m->value->text, m->value);
    l.items = {out, 1};
  } else if (m->value->is_array()) {
    Str* out = new_items<Str>(memory, m->value->items.size());
    std::size_t n = 0;
    for (const json::Node* item : m->value->items)
      if (item->is_string()) out[n++] = make_str(item->text, item);
    l.items = {out, n};
  }
  return l;
}

bool scalar(const json::Node* n) {
  return n->type == json::Type::String || n->type == json::Type::Number || n->type == json::Type::True ||
         n->type == json::Type::False;
}

// The scalars of a condition value, arrays of arrays flattened: counted, then written.
std::size_t count_condition_values(const json::Node* v) {
  if (scalar(v)) return 1;
  std::size_t n = 0;
  if (v->is_array())
    for (const json::Node* item : v->items)
      if (scalar(item)) ++n;
  return n;
}

void add_condition_values(Str* out, std::size_t& n, const json::Node* v) {
  if (scalar(v)) {
    out[n++] = make_str(v->type == json::Type::True    ? std::string_view("true")
                        : v->type == json::Type::False ? std::string_view("false")
                                                       : std::string_view(v->text),
                        v);
  } else if (v->is_array()) {
    for (const json::Node* item : v->items)
      if (scalar(item)) add_condition_values(out, n, item);
  }
}

// Fills s, a statement made with its defaults (in place in the policy's list:
// no copy of it).
void build_statement(Statement& s, const json::Node* node, std::size_t index, json::detail::Arena& memory) {
  s.node = node;
  s.index = index;
  if (!node->is_object()) return;
  // One pass over the members in place of a find() per field: the first
  // member of each name counts, as find() would return it.
  const json::Member *action = nullptr, *not_action = nullptr, *resource = nullptr, *not_resource = nullptr,
                     *principal = nullptr;
  for (const json::Member& m : node->members) {
    const json::Member** slot = nullptr;
    switch (m.key.size()) {
      case 3:
        if (m.key == "Sid") slot = &s.sid;
        break;
      case 6:
        if (m.key == "Effect") slot = &s.effect_member;
        if (m.key == "Action") slot = &action;
        break;
      case 8:
        if (m.key == "Resource") slot = &resource;
        break;
      case 9:
        if (m.key == "NotAction") slot = &not_action;
        if (m.key == "Principal") slot = &principal;
        if (m.key == "Condition") slot = &s.condition;
        break;
      case 11:
        if (m.key == "NotResource") slot = &not_resource;
        break;
      default:
        break;
    }
    if (slot != nullptr && *slot == nullptr) *slot = &m;
  }
  if (s.effect_member != nullptr) {
    const json::Node* v = s.effect_member->value;
    if (v->is_string() && v->text == "Allow") {
      s.effect = Effect::Allow;
    } else if (v->is_string() && v->text == "Deny") {
      s.effect = Effect::Deny;
    } else {
      s.effect = Effect::Invalid;
    }
  }
  // (An absent list stays empty: no call for the NotAction and NotResource
  // most statements lack.)
  if (action != nullptr) s.action = str_list(action, memory);
  if (not_action != nullptr) s.not_action = str_list(not_action, memory);
  if (resource != nullptr) s.resource = str_list(resource, memory);
  if (not_resource != nullptr) s.not_resource = str_list(not_resource, memory);
  if (const json::Member* p = principal) {
    s.principal.member = p;
    if (p->value->is_object()) {
      s.principal.object_form = true;
      const auto& members = p->value->members;
      auto* out = new_items<Principal::Entry>(memory, members.size());
      for (std::size_t i = 0; i < members.size(); ++i)
        new (out + i) Principal::Entry{members[i].key, &members[i], str_list(&members[i], memory)};
      s.principal.entries = {out, members.size()};
    } else {
      auto* out = new_items<Principal::Entry>(memory, 1);
      new (out) Principal::Entry{{}, nullptr, str_list(p, memory)};
      s.principal.entries = {out, 1};
    }
  }
  if (s.condition != nullptr && s.condition->value->is_object()) {
    // One entry per key of each operator, or one for an operator whose value
    // is not an object: counted, then written.
    std::size_t count = 0;
    for (const auto& op : s.condition->value->members) count += op.value->is_object() ? op.value->members.size() : 1;
    auto* out = new_items<ConditionEntry>(memory, count);
    std::size_t n = 0;
    for (const auto& op : s.condition->value->members) {
      if (!op.value->is_object()) {
        ConditionEntry* e = new (out + n++) ConditionEntry{};
        e->op = &op;
        e->op_name = op.key;
        continue;
      }
      for (const auto& key : op.value->members) {
        ConditionEntry* e = new (out + n++) ConditionEntry{};
        e->op = &op;
        e->key = &key;
        e->op_name = op.key;
        e->key_name = key.key;
        Str* values = new_items<Str>(memory, count_condition_values(key.value));
        std::size_t k = 0;
        add_condition_values(values, k, key.value);
        e->values = {values, k};
      }
    }
    s.conditions = {out, n};
  }
}

}  // namespace

Policy build_policy(const json::Node* root) { return model::build_policy_in(root, {}); }

Policy model::build_policy_in(const json::Node* root, std::vector<Statement> storage) {
  Policy p;
  storage.clear();
  p.statements = std::move(storage);
  if (root == nullptr || !root->is_object()) return p;
  p.root = root;
  p.version = root->find("Version");
  p.statement_member = root->find("Statement");
  if (p.statement_member != nullptr) {
    const json::Node* v = p.statement_member->value;
    // The first block holds a typical policy's strings; larger ones grow it.
    // The arena with its count in the block the thread's last document left.
    using Arena = json::detail::Arena;
    p.memory = std::allocate_shared<Arena>(util::StatelessAlloc<Arena, util::SpareBlockMemory<Arena>>{}, 2048);
    if (v->is_array()) {
      p.statements.reserve(v->items.size());
      for (std::size_t i = 0; i < v->items.size(); ++i)
        build_statement(p.statements.emplace_back(), v->items[i], i, *p.memory);
    } else if (v->is_object()) {
      p.statement_is_object = true;
      build_statement(p.statements.emplace_back(), v, 0, *p.memory);
    }
  }
  p.kind = infer_kind(p);
  return p;
}

namespace {

// The value of a statement's Principal, or of a miscased or plural spelling of
// it ("principal", "Principals"): a misspelt Principal still shows that the
// document is resource-based (grammar/unknown-key reports the spelling).
const json::Node* principal_value(const Statement& s) {
  if (s.principal.present()) return s.principal.member->value;
  if (!s.node->is_object()) return nullptr;
  for (const auto& m : s.node->members)
    if (iequals(m.key, "Principal") || iequals(m.key, "Principals")) return m.value;
  return nullptr;
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

// The content of a KMS key policy: kms: actions and nothing else (the "*"
// action is not counted either way), or, when no statement names an action,
// acs:kms: resources beside "*" only.
bool is_key_policy(const Policy& policy) {
  bool kms_action = false, other_action = false, kms_resource = false, other_resource = false;
  for (const auto& s : policy.statements) {
    for (const auto& a : s.actions().items) {
      if (starts_with_ci(a.value, "kms:"))
        kms_action = true;
      else if (a.value != "*")
        other_action = true;
    }
    for (const auto& r : s.resources().items) {
      if (starts_with_ci(r.value, "acs:kms:"))
        kms_resource = true;
      else if (r.value != "*")
        other_resource = true;
    }
  }
  if (other_action) return false;
  if (kms_action) return true;
  return kms_resource && !other_resource;
}

}  // namespace

Kind infer_kind(const Policy& policy) {
  bool any_principal = false, object_principal = false, assume_role = false;
  for (const auto& s : policy.statements) {
    const json::Node* principal = principal_value(s);
    if (principal == nullptr) continue;
    any_principal = true;
    object_principal = object_principal || principal->is_object();
    for (const auto& a : s.action.items)
      if (iequals(a.value, "sts:AssumeRole") || iequals(a.value, "sts:AssumeRoleWithSAML") ||
          iequals(a.value, "sts:AssumeRoleWithOIDC"))
        assume_role = true;
  }
  if (!any_principal) return Kind::Permission;
  if (assume_role) return Kind::Trust;
  // OSS actions or resources make it a bucket policy even when its Principal
  // was written in the trust form by mistake (a rule reports that form).
  for (const auto& s : policy.statements) {
    for (const auto& a : s.actions().items)
      if (a.value.size() > 4 && iequals(a.value.substr(0, 4), "oss:")) return Kind::Bucket;
    for (const auto& r : s.resources().items)
      if (r.value.size() > 8 && iequals(r.value.substr(0, 8), "acs:oss:")) return Kind::Bucket;
  }
  // KMS actions (or, without any action, KMS resources) make it a key policy:
  // SetKeyPolicy documents a Principal {"RAM": [...]}, actions that start with
  // "kms:" and the Resource "*" (this key). Every action must be a kms: one,
  // so a document that mixes services keeps the older inference.
  // https://www.alibabacloud.com/help/en/kms/key-management-service/developer-reference/api-kms-2016-01-20-setkeypolicy
  if (is_key_policy(policy)) return Kind::Key;
  // The object form {"RAM": ...} belongs to trust policies; the list/string
  // form to bucket policies.
  return object_principal ? Kind::Trust : Kind::Bucket;
}

}  // namespace policylint
