#pragma once
// The hash of the catalog's lookup tables. The generator (lib/gen/) lays out
// the slot arrays with it at build time and the library probes them with it at
// run time, so both include this one definition.
#include <cstdint>
#include <string_view>

namespace policylint::catalog::detail {

// FNV-1a over the bytes with bit 5 set: letters of either case hash alike
// (other bytes may collide in pairs, which the comparison sorts out).
constexpr std::uint64_t folded_hash(std::string_view s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c) | 0x20U;
    h *= 1099511628211ULL;
  }
  return h ^ (h >> 32);
}

}  // namespace policylint::catalog::detail
