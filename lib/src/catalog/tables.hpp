#pragma once
// The catalog as constant tables, generated from rules/catalog/ at build time
// by lib/gen/policylint_gen.cpp (no parsing, allocation or destructor at run
// time). The generator reproduces what reading the TSV files gives: lower-case
// keys, sorted, first spelling of a duplicate kept.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "folded_hash.hpp"
#include "policylint/catalog.hpp"

namespace policylint::catalog::detail {

// A lookup string folded to ASCII lower case, eight bytes at a time, with
// its hash (folded_hash.hpp): made once, probed in any number of tables.
class LoweredKey {
public:
  explicit LoweredKey(std::string_view s);
  // Longer than any key of a table: found in none (and not folded).
  bool too_long() const { return size_ > kMaxKeyLength; }
  // The folded text; only when !too_long().
  std::string_view view() const { return {reinterpret_cast<const char*>(words_), size_}; }
  std::uint64_t hash() const { return hash_; }

private:
  std::uint64_t words_[kMaxKeyLength / 8];  // the first (size + 7) / 8 are set
  std::size_t size_;
  std::uint64_t hash_ = 0;
};

// A hash table over distinct lower-case keys: the position of the key equal
// to a lookup string folded to ASCII lower case. The slots (a power-of-two
// count, at least twice the keys; see slot_tag for their content; linear
// probing from the hash) are laid out by the generator.
class LowerIndex {
public:
  constexpr LowerIndex(std::span<const std::string_view> keys, std::span<const std::uint64_t> slots)
      : keys_(keys), slots_(slots) {}
  // Position of the key in keys, or npos. A key of up to eight bytes (most
  // service codes) is folded, hashed and compared as one word in registers.
  std::size_t find(std::string_view key) const;
  std::size_t find(const LoweredKey& key) const;
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

private:
  // The probe of a key of `size` bytes with this hash: same(keys_[i]) tells
  // whether key i (of that size) is the one looked for.
  template <typename Same>
  std::size_t probe(std::uint64_t hash, std::size_t size, Same same) const;

  std::span<const std::string_view> keys_;
  std::span<const std::uint64_t> slots_;
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
