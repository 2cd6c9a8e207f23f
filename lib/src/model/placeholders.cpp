#include "model/placeholders.hpp"

#if defined(__SSE2__) && defined(__x86_64__)  // _mm_cvtsi64_si128 is x86-64 only
#include <emmintrin.h>
#endif

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <optional>

#include "model/arn.hpp"
#include "policylint/policy.hpp"
#include "util/text.hpp"
#include "util/tsv.hpp"

namespace policylint::model {

namespace {

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

char upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

// Built once from the embedded list, then only read: shared by every thread.
const Samples& samples() {
  static const Samples all = [] {
    Samples out;
    for (const auto& row : util::read_embedded_tsv("requirements/placeholders.tsv", 2).rows) {
      if (row.fields[0].empty()) continue;
      std::string_view name = row.fields[0], what = row.fields[1];
      std::string kind = what == "uid" ? "account ID" : what == "bucket" ? "bucket name" : "role name";
      out.list.push_back(
          {std::string(name), "the sample " + kind, what == "uid" || name.find(' ') != std::string_view::npos});
      if (name.find(' ') != std::string_view::npos) continue;
      std::uint64_t length = name.size() < 64 ? std::uint64_t{1} << name.size() : ~std::uint64_t{0};
      for (char c : {util::lower(name.front()), upper(name.front())})
        out.first[static_cast<unsigned char>(c)] |= length;
      for (char c : {util::lower(name.back()), upper(name.back())}) out.last[static_cast<unsigned char>(c)] |= length;
    }
    return out;
  }();
  return all;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alnum(char c) { return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// <...> and {...}. "${...}" is template interpolation (Terraform, ROS), not a
// documentation placeholder: another tool fills it in.
void find_brackets(std::string_view s, std::vector<PlaceholderHit>& hits) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    char open = s[i];
    if (open != '<' && open != '{') continue;
    if (open == '{' && i > 0 && s[i - 1] == '$') continue;
    char close = open == '<' ? '>' : '}';
    auto end = s.find(close, i + 1);
    if (end == std::string_view::npos || end == i + 1) continue;
    std::string_view inner = s.substr(i + 1, end - i - 1);
    if (inner.find(open) != std::string_view::npos) continue;
    hits.push_back({std::string(s.substr(i, end - i + 1)), "the placeholder", true, false});
    i = end;
  }
}

// Masked IDs of the docs: 164682176356****, 27737962156157xxxx. At least 8
// digits and 3 mask characters, standing alone between separators, so that
// wildcards such as "logs/2023*" are not taken for one.
void find_masked(std::string_view s, std::vector<PlaceholderHit>& hits) {
  for (std::size_t i = 0; i < s.size();) {
    if (!is_digit(s[i]) || (i > 0 && is_alnum(s[i - 1]))) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < s.size() && is_digit(s[j])) ++j;
    std::size_t k = j;
    char mask = k < s.size() ? s[k] : '\0';
    if (mask == '*' || mask == 'x' || mask == 'X')
      while (k < s.size() && s[k] == mask) ++k;
    bool bounded = k == s.size() || !is_alnum(s[k]);
    if (j - i >= 8 && k - j >= 3 && bounded && (k == s.size() || s[k] != '*'))
      hits.push_back({std::string(s.substr(i, k - i)), "the masked ID", true, mask == '*'});
    i = k > i ? k : i + 1;
  }
}

// A masked account field, shorter or split than find_masked's shape: the
// account of an ARN ("acs:ram::18***:root",
// "acs:ram::100*******0719:saml-provider/x"), the account before "@" of a
// service principal ("177*******6878@actiontrail.aliyuncs.com") or a whole
// bucket-policy Principal ID. A run of three or more mask characters means
// nothing as a wildcard ("***" is "*"), so beside digits it can only be a mask.
void find_masked_account(std::string_view s, bool whole_is_uid, std::vector<PlaceholderHit>& hits) {
  std::string_view f;
  if (auto account = arn_account(s))
    f = account->text;
  else if (auto at = s.find('@'); at != std::string_view::npos && at > 0)
    f = s.substr(0, at);
  else if (whole_is_uid)
    f = s;
  else
    return;
  if (!masked_account_field(f)) return;
  for (const PlaceholderHit& h : hits)
    if (f.find(h.text) != std::string_view::npos) return;  // already found whole
  hits.push_back({std::string(f), "the masked ID", true, f.find("**") != std::string_view::npos});
}

// Whole fields equal to a sample name. A field in the account position of an
// ARN (or before "@" in "<uid>@service") cannot hold a name: error there.
void find_samples(std::string_view s, bool whole_is_uid, std::vector<PlaceholderHit>& hits) {
  const Samples& all = samples();
  std::optional<std::optional<ArnField>> account;  // parsed on the first match only
  std::size_t begin = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i < s.size() && s[i] != ':' && s[i] != '/' && s[i] != '@') continue;
    std::string_view field = s.substr(begin, i - begin);
    std::size_t field_begin = begin;
    begin = i + 1;
    for (const Sample& smp : all.list) {
      if (!iequals(field, smp.name)) continue;
      if (!account) account = arn_account(s);
      const std::optional<ArnField>& acc = *account;
      bool uid_field = (whole_is_uid && field_begin == 0 && i == s.size()) ||
                       (acc && acc->offset == field_begin && acc->text.size() == field.size()) ||
                       (field_begin == 0 && i < s.size() && s[i] == '@');
      hits.push_back({std::string(field), smp.description, uid_field || smp.certain, false});
      break;
    }
  }
}

// A descriptive phrase standing for a name: a field of two or more words of
// letters that ends in "name", "ID" or "UID" ("Project name", "Logstore
// name", "Bucket Name"). No account, role, project or bucket name holds a
// space; an OSS object key can, so inside an OSS ARN it may be deliberate.
// Only in ARNs: a Sid or a condition value is free text.
void find_phrases(std::string_view s, std::vector<PlaceholderHit>& hits) {
  if (s.substr(0, 4) != "acs:" && s.substr(0, 4) != "arn:") return;
  bool oss = s.substr(0, 8) == "acs:oss:";
  std::size_t begin = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i < s.size() && s[i] != ':' && s[i] != '/' && s[i] != '@') continue;
    std::string_view field = s.substr(begin, i - begin);
    begin = i + 1;
    auto space = field.rfind(' ');
    if (space == std::string_view::npos || space == 0) continue;
    bool words = std::all_of(field.begin(), field.end(),
                             [](char c) { return c == ' ' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); });
    std::string_view last = field.substr(space + 1);
    if (!words || field.front() == ' ' || !(iequals(last, "name") || iequals(last, "id") || iequals(last, "uid")))
      continue;
    if (std::any_of(hits.begin(), hits.end(), [&](const PlaceholderHit& h) { return h.text == field; })) continue;
    hits.push_back({std::string(field), "the placeholder", !oss, false});
  }
}

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

__m128i splat(char c) { return _mm_set1_epi8(c); }
unsigned bits(__m128i m) { return static_cast<unsigned>(_mm_movemask_epi8(m)); }

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

// Values longer than one block. The last block is the value's last 16 bytes,
// its bits for the bytes of the block before dropped.
[[gnu::noinline]] bool long_value_may_hold(const Samples& all, const char* p, std::size_t n) {
  std::size_t field_begin = 0;
  unsigned carry = 0;  // mask bits of the two bytes before the block, at bits 0 and 1
  for (std::size_t i = 0;; i += 16) {
    std::size_t left = n - i;
    bool last = left <= 16;
    Classes c = classify(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + (last ? n - 16 : i))));
    if (last) {
      unsigned seen = static_cast<unsigned>(16 - left);
      c.special >>= seen, c.masks >>= seen, c.seps >>= seen;
    }
    unsigned m = (c.masks << 2) | carry;
    carry = c.masks >> 14;
    // The end of the value closes its last field: a separator bit just past it.
    if ((c.special | (m & (m >> 1) & (m >> 2))) != 0 ||
        fields_may_match(all, p, i, c.seps | (last ? 1U << left : 0), field_begin))
      return true;
    if (last) return false;
  }
}

[[gnu::always_inline]] inline bool value_may_hold(std::string_view value) {
  const char* p = value.data();
  const std::size_t n = value.size();
  const Samples& all = samples();
  if (n > 16) return long_value_may_hold(all, p, n);
  if (n == 0) return false;
  // Most values: one block, and few registers (no loop state to keep).
  Classes c = classify(load_block(p, n));
  std::size_t field_begin = 0;
  return (c.special | (c.masks & (c.masks >> 1) & (c.masks >> 2))) != 0 ||
         fields_may_match(all, p, 0, c.seps | (1U << n), field_begin);
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

bool key_may_hold(std::string_view key) {
  const char* p = key.data();
  const std::size_t n = key.size();
  auto brackets = [](__m128i v) {
    return bits(_mm_or_si128(_mm_cmpeq_epi8(v, splat('<')), _mm_cmpeq_epi8(v, splat('{')))) != 0;
  };
  std::size_t i = 0;
  for (; n - i > 16; i += 16)
    if (brackets(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i)))) return true;
  return n != 0 && brackets(load_any(p + i, n - i));
}

#else

bool value_may_hold(std::string_view value) {
  const Samples& all = samples();
  std::size_t run = 0, field_begin = 0;
  for (std::size_t i = 0; i <= value.size(); ++i) {
    char c = i < value.size() ? value[i] : ':';  // the end closes the last field
    if (c == '<' || c == '{' || c == ' ') return true;
    run = (c == '*' || c == 'x' || c == 'X') ? run + 1 : 0;
    if (run >= 3) return true;
    if (c == ':' || c == '/' || c == '@') {
      if (i != field_begin && all.may_match(value.data() + field_begin, i - field_begin)) return true;
      field_begin = i + 1;
    }
  }
  return false;
}

bool key_may_hold(std::string_view key) {
  return std::any_of(key.begin(), key.end(), [](char c) { return c == '<' || c == '{'; });
}

#endif

}  // namespace

bool masked_account_field(std::string_view f) {
  bool digit = false, only = true;
  std::size_t run = 0, longest = 0;
  for (char c : f) {
    bool mask = c == '*' || c == 'x' || c == 'X';
    digit = digit || is_digit(c);
    only = only && (mask || is_digit(c));
    run = mask ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return digit && only && longest >= 3;
}

bool value_may_hold_placeholder(std::string_view value) { return value_may_hold(value); }

bool key_may_hold_placeholder(std::string_view key) { return key_may_hold(key); }

std::vector<PlaceholderHit> find_placeholders_slow(std::string_view value, bool whole_is_uid, bool key) {
  std::vector<PlaceholderHit> hits;
  find_brackets(value, hits);
  if (key) return hits;  // an object key: brackets only
  find_masked(value, hits);
  find_masked_account(value, whole_is_uid, hits);
  find_samples(value, whole_is_uid, hits);
  find_phrases(value, hits);
  return hits;
}

std::vector<PlaceholderHit> find_placeholders(std::string_view value, bool whole_is_uid, bool key) {
  if (!may_hold_placeholder(value, key)) return {};
  return find_placeholders_slow(value, whole_is_uid, key);
}

bool has_placeholder(std::string_view value) {
  return value_may_hold_placeholder(value) && !find_placeholders_slow(value, false, false).empty();
}

bool has_placeholder_account(std::string_view field) {
  return value_may_hold_placeholder(field) && !find_placeholders_slow(field, true, false).empty();
}

}  // namespace policylint::model
