#pragma once
// The hash of the catalog's lookup tables. The generator (lib/gen/) lays out
// the slot arrays with it at build time and the library probes them with it at
// run time, so both include this one definition.
//
// A key is hashed as ASCII lower case, eight bytes at a time: its bytes read
// as little-endian 64-bit words, the last one padded with zero bytes. The
// library lowers a lookup string a word at a time (lower_word) into the same
// words, so a probe costs a few instructions per eight bytes, not per byte.
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace policylint::catalog::detail {

// The longest key a table may hold (the generator refuses longer ones), so a
// lookup string longer than this is known absent without hashing it.
inline constexpr std::size_t kMaxKeyLength = 128;

// Word i of s (bytes 8i .. 8i+7, little-endian, zero past the end).
constexpr std::uint64_t key_word(std::string_view s, std::size_t i) {
  std::uint64_t w = 0;
  for (std::size_t k = 0; k < 8 && 8 * i + k < s.size(); ++k)
    w |= std::uint64_t{static_cast<unsigned char>(s[8 * i + k])} << (8 * k);
  return w;
}

// ASCII upper-case letters of the eight bytes lowered, other bytes unchanged
// (as util::lower does to each): a byte's high bit marks 'A'..'Z' when its low
// seven bits reach 'A' but not past 'Z' and the byte itself is ASCII; the
// sums cannot carry into the next byte.
constexpr std::uint64_t lower_word(std::uint64_t x) {
  constexpr std::uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
  const std::uint64_t low7 = x & ~high;
  const std::uint64_t from_a = low7 + (0x80 - 'A') * ones;      // high bit: >= 'A'
  const std::uint64_t past_z = low7 + (0x80 - 'Z' - 1) * ones;  // high bit: > 'Z'
  const std::uint64_t upper = from_a & ~past_z & ~x & high;
  return x | (upper >> 2);  // 0x80 >> 2 == 0x20, the case bit
}

// The hash of a key of `size` bytes whose lower-case words word(0), word(1),
// ... are given (key_word of the lower-case text, or lower_word of the text's).
template <typename Word>
constexpr std::uint64_t hash_key(std::size_t size, Word word) {
  std::uint64_t h = 0x9E3779B97F4A7C15ULL ^ size;
  for (std::size_t i = 0; i < (size + 7) / 8; ++i) {
    h = (h ^ word(i)) * 0xBF58476D1CE4E5B9ULL;
    h ^= h >> 31;
  }
  return (h * 0x94D049BB133111EBULL) ^ (h >> 29);
}

// The hash of a key already in lower case (what the generator lays out).
constexpr std::uint64_t lower_key_hash(std::string_view lower) {
  return hash_key(lower.size(), [&](std::size_t i) { return key_word(lower, i); });
}

// A slot of a table: 0 when empty, else the key's position + 1 (low 24 bits),
// its length (next 8) and the high half of its hash (top 32), so that a probe
// compares the text only of a key that agrees on all three.
inline constexpr std::uint64_t kSlotPositionBits = 24;
constexpr std::uint64_t slot_tag(std::uint64_t hash, std::size_t size) {
  return (hash >> 32 << 8 | size) << kSlotPositionBits;
}

}  // namespace policylint::catalog::detail
