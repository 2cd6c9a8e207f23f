#pragma once
// The placeholder prefilter of model/placeholders.cpp, inline: the rule that
// visits every string and key of a document (rules/placeholder.cpp) asks it
// of each, and a call per string cost about as much as the test itself.
#if defined(__SSE2__) && defined(__x86_64__)  // _mm_cvtsi64_si128 is x86-64 only
#include <emmintrin.h>
#endif

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace policylint::model::filter {

struct Sample {
  std::string name;
  std::string description;  // "the sample account ID" | "the sample bucket name" | "the sample role name"
  bool certain;             // a sample UID or a name with a space: never a real value
};

struct Samples {
  std::vector<Sample> list;
  // The prefilter's view of the names without a space (a space sends a value
  // to the finders anyway): by first byte and by last byte (both cases of a
  // letter), bit n set when some such name of n bytes begins (ends) with it.
  // Lengths count modulo 64, so a name of 64 bytes or more sets every bit.
  std::array<std::uint64_t, 256> first{}, last{};
  // Could this non-empty field be a sample name, by its length and its first
  // and last bytes? Almost no field can, and this test spares them the rest.
  bool may_match(const char* field, std::size_t size) const {
    std::uint64_t lengths =
        first[static_cast<unsigned char>(field[0])] & last[static_cast<unsigned char>(field[size - 1])];
    return ((lengths >> (size & 63)) & 1) != 0;
  }
};

// The sample names, built once from the embedded list, then only read:
// shared by every thread.
const Samples& samples();

// The prefilter. Almost no value holds a placeholder, and these tests say so
// in one pass over the bytes, with no allocation: a hit of find_brackets
// needs '<' or '{'; one of find_masked or find_masked_account a run of three
// mask characters (*, x, X); one of find_samples a field (text between ':',
// '/' and '@') that may_match a sample name; one of find_phrases a space. A
// value with none of these has no hit; any other goes through every finder.
// An object key: only brackets count.
#if defined(__SSE2__) && defined(__x86_64__)  // _mm_cvtsi64_si128 is x86-64 only

// The n bytes at p, 0 < n <= 16, in the low bytes of a register, the others
// zero (no class holds a NUL byte): overlapping loads, never a byte past the
// value. SSE2 means x86, so little-endian: byte i of a word is bits 8i to
// 8i+7.
inline __m128i load_block(const char* p, std::size_t n) {
  if (n == 16) return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  std::uint64_t lo = 0, hi = 0;
  if (n >= 8) {
    std::memcpy(&lo, p, 8);
    if (n > 8) {
      std::memcpy(&hi, p + n - 8, 8);  // bytes n-8 .. n-1; keep those from 8 on
      hi >>= 8 * (16 - n);
    }
  } else if (n >= 4) {
    std::uint32_t a = 0, b = 0;
    std::memcpy(&a, p, 4);
    std::memcpy(&b, p + n - 4, 4);  // bytes n-4 .. n-1; keep those from 4 on
    lo = a | ((std::uint64_t{b} >> (8 * (8 - n))) << 32);
  } else {
    auto at = [&](std::size_t i) { return std::uint64_t{static_cast<unsigned char>(p[i])} << (8 * i); };
    lo = at(0) | at(n / 2) | at(n - 1);
  }
  return _mm_unpacklo_epi64(_mm_cvtsi64_si128(static_cast<long long>(lo)),
                            _mm_cvtsi64_si128(static_cast<long long>(hi)));
}

inline __m128i splat(char c) { return _mm_set1_epi8(c); }
inline unsigned bits(__m128i m) { return static_cast<unsigned>(_mm_movemask_epi8(m)); }

// One bit per byte of a block: '<', '{' or a space; a mask character; a
// separator.
struct Classes {
  unsigned special, masks, seps;
};

inline Classes classify(__m128i v) {
  __m128i special = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, splat('<')), _mm_cmpeq_epi8(v, splat('{'))),
                                 _mm_cmpeq_epi8(v, splat(' ')));
  // 'x' | 0x20 and 'X' | 0x20 are 'x', and no other byte is.
  __m128i masks = _mm_or_si128(_mm_cmpeq_epi8(v, splat('*')), _mm_cmpeq_epi8(_mm_or_si128(v, splat(0x20)), splat('x')));
  __m128i seps = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, splat(':')), _mm_cmpeq_epi8(v, splat('/'))),
                              _mm_cmpeq_epi8(v, splat('@')));
  return {bits(special), bits(masks), bits(seps)};
}

// May a field that ends at a set bit of seps (bit i: byte base + i) be a
// sample name? field_begin: where the first such field begins; on return
// false, where the next one does.
inline bool fields_may_match(const Samples& all, const char* p, std::size_t base, unsigned seps,
                             std::size_t& field_begin) {
  for (; seps != 0; seps &= seps - 1) {
    std::size_t pos = base + static_cast<std::size_t>(__builtin_ctz(seps));
    if (pos != field_begin && all.may_match(p + field_begin, pos - field_begin)) return true;
    field_begin = pos + 1;
  }
  return false;
}

// Values longer than one block (model/placeholders.cpp; out of line, as
// the one-block case is the one to keep small).
bool long_value_may_hold(const Samples& all, const char* p, std::size_t n);

// The prefilter of a value of n bytes at p, n <= 16, whose bytes are the
// low n bytes of v (the others, whatever they are, are not looked at): the
// JSON reader asks it of the block it has loaded.
inline bool block_may_hold(const Samples& all, const char* p, __m128i v, unsigned n) {
  const unsigned below = (1U << n) - 1;
  const Classes c = classify(v);
  const unsigned masks = c.masks & below;
  std::size_t field_begin = 0;
  return ((c.special & below) | (masks & (masks >> 1) & (masks >> 2))) != 0 ||
         fields_may_match(all, p, 0, (c.seps & below) | (1U << n), field_begin);
}

inline bool value_may_hold(const Samples& all, std::string_view value) {
  const char* p = value.data();
  const std::size_t n = value.size();
  if (n > 16) return long_value_may_hold(all, p, n);
  if (n == 0) return false;
  // Most values: one block, and few registers (no loop state to keep).
  return block_may_hold(all, p, load_block(p, n), static_cast<unsigned>(n));
}

// The n bytes at p, 0 < n <= 16, each at least once in a register, some
// twice, the rest zero: enough for a test of whether any byte is of a kind.
inline __m128i load_any(const char* p, std::size_t n) {
  std::uint64_t lo = 0, hi = 0;
  if (n >= 8) {
    std::memcpy(&lo, p, 8);
    std::memcpy(&hi, p + n - 8, 8);
  } else if (n >= 4) {
    std::uint32_t a = 0, b = 0;
    std::memcpy(&a, p, 4);
    std::memcpy(&b, p + n - 4, 4);
    lo = a | (std::uint64_t{b} << 32);
  } else {
    lo = static_cast<unsigned char>(p[0]) | (static_cast<unsigned>(static_cast<unsigned char>(p[n / 2])) << 8) |
         (static_cast<unsigned>(static_cast<unsigned char>(p[n - 1])) << 16);
  }
  return _mm_unpacklo_epi64(_mm_cvtsi64_si128(static_cast<long long>(lo)),
                            _mm_cvtsi64_si128(static_cast<long long>(hi)));
}

// One bit per byte of a block that is '<' or '{' (what a key's prefilter looks for).
inline unsigned brackets(__m128i v) {
  return bits(_mm_or_si128(_mm_cmpeq_epi8(v, splat('<')), _mm_cmpeq_epi8(v, splat('{'))));
}

inline bool key_may_hold(std::string_view key) {
  const char* p = key.data();
  const std::size_t n = key.size();
  std::size_t i = 0;
  for (; n - i > 16; i += 16)
    if (brackets(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i))) != 0) return true;
  return n != 0 && brackets(load_any(p + i, n - i)) != 0;
}

#else

bool value_may_hold(const Samples& all, std::string_view value);
bool key_may_hold(std::string_view key);

#endif

}  // namespace policylint::model::filter
