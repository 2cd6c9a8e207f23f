#pragma once
// Text helpers shared by the whole library: ASCII case folding and
// comparison, the wildcard test, digits, trimming and a bounded edit
// distance. One definition of each; everything else calls these.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace policylint::util {

// ASCII lower case; other bytes unchanged (UTF-8 stays intact).
constexpr char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
std::string to_lower(std::string_view s);
bool has_upper(std::string_view s);

// Eight bytes at a time ("SWAR"): kOnes * c is a word of eight c bytes, and
// zero_byte(w) is non-zero exactly when some byte of w is zero ((x - 1) & ~x
// sets the high bit of a zero byte, perhaps of bytes above it too: exact as
// a yes/no answer for the word, and its lowest set bit is the first zero).
// zero_byte(w ^ (kOnes * c)): does w hold the byte c?
inline constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
constexpr std::uint64_t zero_byte(std::uint64_t w) { return (w - kOnes) & ~w & kHigh; }

// lower() of each of the eight bytes of a word. A byte below 0x80 plus 0x3F
// reaches 0x80 exactly when it is at least 'A', plus 0x25 when it is past
// 'Z'; no sum carries into the next byte (at most 0x7F + 0x3F). A byte of
// 0x80 or above is left as it is. (The catalog's hash folds its keys with it.)
constexpr std::uint64_t lower_word(std::uint64_t w) {
  const std::uint64_t low = w & ~kHigh;
  const std::uint64_t upper = (low + kOnes * (0x80 - 'A')) & ~(low + kOnes * (0x80 - 'Z' - 1)) & ~w & kHigh;
  return w | (upper >> 2);  // 0x80 >> 2 is 0x20, the case bit
}

// ASCII case-insensitive comparisons (eight bytes at a time: rules compare
// action names and service codes with them everywhere).
inline bool iequals(std::string_view a, std::string_view b) {
  const std::size_t n = a.size();
  if (n != b.size()) return false;
  if (n < 8) {
    for (std::size_t i = 0; i < n; ++i)
      if (lower(a[i]) != lower(b[i])) return false;
    return true;
  }
  auto word = [](const char* p) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    return lower_word(w);
  };
  for (std::size_t i = 0; i + 8 <= n; i += 8)
    if (word(a.data() + i) != word(b.data() + i)) return false;
  // The last bytes: the word that ends with them (it overlaps the last one read).
  return n % 8 == 0 || word(a.data() + n - 8) == word(b.data() + n - 8);
}
bool istarts_with(std::string_view s, std::string_view prefix);
bool iends_with(std::string_view s, std::string_view suffix);

// Does s hold a wildcard ('*' or '?')? Eight bytes at a time (every value
// of every document is asked, when the policy is built), then the last few
// one by one. (find_first_of calls memchr on the set for every byte.)
constexpr bool has_wildcard(std::string_view s) {
  if (std::is_constant_evaluated()) {
    for (char c : s)
      if (c == '*' || c == '?') return true;
    return false;
  }
  auto hit = [](std::uint64_t w) { return (zero_byte(w ^ (kOnes * '*')) | zero_byte(w ^ (kOnes * '?'))) != 0; };
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    if (hit(w)) return true;
  }
  for (; i < s.size(); ++i)
    if (s[i] == '*' || s[i] == '?') return true;
  return false;
}

// The longest stretch of a pattern without '*' or '?' (the first of equal
// length): what every string the pattern matches holds.
std::string_view longest_literal(std::string_view pattern);

// Is s a non-empty run of ASCII digits (a plausible account UID)?
bool all_digits(std::string_view s);

// Length of the run of ASCII bytes (below 0x80) at the start of s, many
// bytes at a time: the UTF-8 checks and repairs, and the column count of a
// position, skip plain text with it.
inline std::size_t ascii_run(std::string_view s) {
  std::size_t i = 0;
#if defined(__SSE2__)
  // Sixteen bytes at a time first (a byte's high bit is its movemask bit).
  for (; i + 16 <= s.size(); i += 16) {
    auto high =
        static_cast<unsigned>(_mm_movemask_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i))));
    if (high != 0) return i + static_cast<std::size_t>(__builtin_ctz(high));
  }
#endif
  for (std::uint64_t w = 0; i + 8 <= s.size(); i += 8) {
    std::memcpy(&w, s.data() + i, 8);
    if ((w & 0x8080808080808080ULL) != 0) break;
  }
  while (i < s.size() && static_cast<unsigned char>(s[i]) < 0x80) ++i;
  return i;
}

// Space, tab, CR or LF.
constexpr bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
// An ASCII digit; an ASCII letter or digit (no locale).
constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }
constexpr bool is_alnum(char c) { return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
// s without leading and trailing is_space characters.
std::string_view trim(std::string_view s);

enum class Case : std::uint8_t { Sensitive, Insensitive };

// The first i >= from at which needle occurs in text (ASCII letters folded
// when Case::Insensitive), or npos. Linear: at most 64 comparisons per byte
// of text for a needle of up to 64 bytes, Knuth-Morris-Pratt (one allocation)
// for a longer one, where std::string_view::find would compare up to
// needle.size() bytes at each position ("aa...ab" in a run of a's).
std::size_t find_linear(std::string_view text, std::string_view needle, std::size_t from, Case c);

// Levenshtein distance between a and b (bytes; ASCII letters folded when
// Case::Insensitive). The work stops as soon as the distance is known to
// exceed bound: the result is then bound + 1, whatever the real distance.
std::size_t edit_distance(std::string_view a, std::string_view b, Case c = Case::Sensitive,
                          std::size_t bound = std::numeric_limits<std::size_t>::max() - 1);

// edit_distance(pattern, text, c, bound) for one pattern and many texts (the
// suggestions for a misspelt name among a catalog's): the pattern's table of
// byte positions is built once, and each text costs a few operations per
// byte (Myers' bit-vector algorithm). A pattern of more than 64 bytes is
// compared by edit_distance itself.
class EditDistance {
public:
  EditDistance(std::string_view pattern, Case c);
  std::size_t operator()(std::string_view text, std::size_t bound) const;

private:
  std::string_view pattern_;
  Case case_;
  std::uint64_t peq_[256] = {};  // bit i: byte i of the pattern is this one (folded)
};

}  // namespace policylint::util
