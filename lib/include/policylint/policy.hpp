#pragma once
// A typed, tolerant view over a parsed policy document. Every value keeps the
// JSON node it came from, for locations. Broken input yields a partial model.
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "policylint/finding.hpp"
#include "policylint/json.hpp"

namespace policylint {

// One string element of a list-or-string element (Action, Resource, ...).
struct Str {
  std::string_view value;  // decoded text
  const json::Node* node;  // the string node
  // Does value hold '*' or '?'? Set by build_policy (1 or 0), so that the
  // evaluator does not look again for every comparison; -1: not known.
  std::int8_t wildcard = -1;
};

// An element that may be a string or an array of strings. Non-string entries
// are not in items (grammar rules report them through node).
struct StrList {
  const json::Node* node = nullptr;      // the element's value; null when absent
  const json::Member* member = nullptr;  // the "Key": value member; null when absent
  std::span<const Str> items;            // in the policy's memory (Policy::memory)
  bool present() const { return node != nullptr; }
};

enum class Effect : std::uint8_t { Missing, Allow, Deny, Invalid };

struct ConditionEntry {
  const json::Member* op = nullptr;   // "StringEquals": {...}
  const json::Member* key = nullptr;  // "acs:SourceIp": ...
  std::string_view op_name;
  std::string_view key_name;
  // Values; JSON booleans and numbers are kept (as their source text) since
  // several published policies use them. In the policy's memory.
  std::span<const Str> values;
};

struct Principal {
  const json::Member* member = nullptr;  // "Principal": ...
  // Trust/KMS form: {"RAM": [...], "Service": [...], "Federated": [...]}.
  bool object_form = false;
  struct Entry {
    std::string_view key;        // "RAM", "Service", "Federated", ... (empty in list form)
    const json::Member* member;  // null in list form
    StrList values;
  };
  std::span<const Entry> entries;  // list form: exactly one entry with empty key; in the policy's memory
  bool present() const { return member != nullptr; }
  // All principal strings, whatever the form.
  std::vector<Str> all() const;
  // Strings under one key of the object form ("RAM", "Service", ...).
  std::vector<Str> of(std::string_view key) const;
};

struct Statement {
  const json::Node* node = nullptr;  // the statement object
  std::size_t index = 0;
  const json::Member* sid = nullptr;
  Effect effect = Effect::Missing;
  const json::Member* effect_member = nullptr;
  StrList action, not_action, resource, not_resource;
  Principal principal;
  const json::Member* condition = nullptr;
  std::span<const ConditionEntry> conditions;  // in the policy's memory

  bool allows() const { return effect == Effect::Allow; }
  bool denies() const { return effect == Effect::Deny; }
  bool has_condition() const { return !conditions.empty(); }
  // Action or NotAction, whichever is present (Action when both).
  const StrList& actions() const { return action.present() ? action : not_action; }
  const StrList& resources() const { return resource.present() ? resource : not_resource; }
};

struct Policy {
  // The lists of a document (StrList::items, ConditionEntry::values,
  // Principal::entries, Statement::conditions), one block for the whole
  // document instead of a vector per list; shared by copies.
  std::shared_ptr<json::detail::Arena> memory;
  const json::Node* root = nullptr;  // null when the document did not parse to an object
  const json::Member* version = nullptr;
  const json::Member* statement_member = nullptr;
  bool statement_is_object = false;  // a single object where an array is documented
  std::vector<Statement> statements;
  Kind kind = Kind::Permission;
  bool kind_inferred = true;
};

// Builds the model. Never fails: missing or mistyped parts are left empty.
Policy build_policy(const json::Node* root);

// Infers the document kind from content: a Principal with sts:AssumeRole ->
// trust; with oss: actions or resources -> bucket; with kms: actions only (or
// acs:kms: resources) -> key; another object-form Principal -> trust, another
// Principal -> bucket; none -> permission.
Kind infer_kind(const Policy& policy);

}  // namespace policylint
