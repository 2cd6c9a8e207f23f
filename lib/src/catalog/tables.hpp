#pragma once
// The catalog as constant tables, generated from rules/catalog/ at build time
// by lib/gen/policylint_gen.cpp (no parsing, allocation or destructor at run
// time). The generator reproduces what reading the TSV files gives: lower-case
// keys, sorted, first spelling of a duplicate kept.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "policylint/catalog.hpp"

namespace policylint::catalog::detail {

// A hash table over distinct lower-case keys: the position of the key equal
// to a lookup string folded to ASCII lower case, found without building the
// folded copy. The slots (a power-of-two count; 0 empty, else position + 1,
// linear probing from folded_hash) are laid out by the generator.
class LowerIndex {
public:
  constexpr LowerIndex(std::span<const std::string_view> keys, std::span<const std::uint32_t> slots)
      : keys_(keys), slots_(slots) {}
  // Position of the key in keys, or npos.
  std::size_t find(std::string_view key) const;
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

private:
  std::span<const std::string_view> keys_;
  std::span<const std::uint32_t> slots_;
};

// A condition key entry "prefix/*": the part before '*' and its type.
struct KeyPrefix {
  std::string_view prefix;
  KeyType type;
};

// A pair of rules/catalog/arn-services.tsv (lower case; arn_service may be "*").
struct ArnServicePair {
  std::string_view action_service;
  std::string_view arn_service;
};

// A service's actions: [first, last) in Tables::actions.
struct ServiceRange {
  std::uint32_t first;
  std::uint32_t last;
};

struct Tables {
  std::span<const Action> actions;                      // sorted by lower-case full name
  std::span<const std::string_view> action_keys;        // lower-case full names, parallel to actions
  std::span<const std::string_view> services;           // lower case, sorted
  std::span<const ServiceRange> service_ranges;         // parallel to services
  std::span<const std::string_view> complete_services;  // lower case, sorted
  std::span<const std::string_view> keys;               // lower-case key or prefix ending in '*', sorted
  std::span<const KeyType> key_types;                   // parallel to keys
  std::span<const KeyPrefix> key_prefixes;              // the entries of keys ending in '*', in order
  std::span<const std::string_view> principals;         // lower-case host, sorted
  std::span<const bool> principal_account_scoped;       // parallel to principals
  std::span<const ArnServicePair> arn_services;         // sorted by (action code, ARN code)
  // Hash lookups of the sorted lists above (same positions).
  LowerIndex services_index, complete_index, actions_index, keys_index, principals_index;
};

// Defined in the generated source.
extern const Tables kTables;

}  // namespace policylint::catalog::detail
