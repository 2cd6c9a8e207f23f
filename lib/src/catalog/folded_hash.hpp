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
#include <cstring>
#include <string_view>

#include "../util/text.hpp"

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
// (as util::lower does to each).
using util::lower_word;

// The hash in three steps, so that a lookup can fold and hash a key in one
// pass over its words: start from the size, mix in each word, finish.
constexpr std::uint64_t hash_start(std::size_t size) { return 0x9E3779B97F4A7C15ULL ^ size; }
constexpr std::uint64_t hash_mix(std::uint64_t h, std::uint64_t word) {
  h = (h ^ word) * 0xBF58476D1CE4E5B9ULL;
  return h ^ (h >> 31);
}
constexpr std::uint64_t hash_finish(std::uint64_t h) { return (h * 0x94D049BB133111EBULL) ^ (h >> 29); }

// The hash of a key of `size` bytes whose lower-case words word(0), word(1),
// ... are given (key_word of the lower-case text, or lower_word of the text's).
template <typename Word>
constexpr std::uint64_t hash_key(std::size_t size, Word word) {
  std::uint64_t h = hash_start(size);
  for (std::size_t i = 0; i < (size + 7) / 8; ++i) h = hash_mix(h, word(i));
  return hash_finish(h);
}

// The hash of a key already in lower case (what the generator lays out).
constexpr std::uint64_t lower_key_hash(std::string_view lower) {
  return hash_key(lower.size(), [&](std::size_t i) { return key_word(lower, i); });
}

// ---- reading a lookup string a word at a time (run time)

// Unaligned loads (one instruction each), in native byte order.
inline std::uint64_t load8(const char* p) {
  std::uint64_t w;
  std::memcpy(&w, p, sizeof w);
  return w;
}

inline std::uint32_t load4(const char* p) {
  std::uint32_t w;
  std::memcpy(&w, p, sizeof w);
  return w;
}

// The last r (1..7) bytes of a string of n bytes ending at end, as a
// little-endian word padded with zero bytes; read in whole words that stay
// inside the string (so no call to memcpy for a short tail).
inline std::uint64_t tail_word(const char* end, std::size_t r, std::size_t n) {
  if (n >= 8) return load8(end - 8) >> (8 * (8 - r));  // the bytes before the tail shifted out
  const char* p = end - r;                             // r == n: the whole string
  if (r >= 4) return load4(p) | std::uint64_t{load4(end - 4)} << (8 * (r - 4));  // overlapping halves
  auto byte = [&](std::size_t k) { return std::uint64_t{static_cast<unsigned char>(p[k])} << (8 * k); };
  return byte(0) | byte(r / 2) | byte(r - 1);  // positions 0, 1, 2 as far as there are bytes
}

// The n (1..8) bytes at p as one word, zero bytes past them (little-endian:
// the bytes in order from the lowest).
inline std::uint64_t short_word(const char* p, std::size_t n) { return n == 8 ? load8(p) : tail_word(p + n, n, n); }

// Are the n bytes at a and b equal? Whole words, the last one overlapping.
inline bool same_bytes(const char* a, const char* b, std::size_t n) {
  if (n >= 8) {
    for (std::size_t i = 0; i + 8 < n; i += 8)
      if (load8(a + i) != load8(b + i)) return false;
    return load8(a + n - 8) == load8(b + n - 8);
  }
  if (n >= 4) return load4(a) == load4(b) && load4(a + n - 4) == load4(b + n - 4);
  for (std::size_t i = 0; i < n; ++i)
    if (a[i] != b[i]) return false;
  return true;
}

// A slot of a table: 0 when empty, else the key's position + 1 (low 24 bits),
// its length (next 8) and the high half of its hash (top 32), so that a probe
// compares the text only of a key that agrees on all three.
inline constexpr std::uint64_t kSlotPositionBits = 24;
constexpr std::uint64_t slot_tag(std::uint64_t hash, std::size_t size) {
  return (hash >> 32 << 8 | size) << kSlotPositionBits;
}

}  // namespace policylint::catalog::detail
