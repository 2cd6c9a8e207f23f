#include "model/placeholders.hpp"

#if defined(__SSE2__)
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
  // By lower-case first byte: bit n set when some name of n bytes (n < 64)
  // begins with it.
  std::array<std::uint64_t, 256> lengths{};
  std::size_t longest = 0;
  // Could this field be a sample name, by its length and first letter? Most
  // fields cannot, and this one test spares them the comparisons.
  bool may_match(std::string_view field) const {
    if (field.empty()) return false;
    if (field.size() >= 64) return field.size() <= longest;
    return ((lengths[static_cast<unsigned char>(util::lower(field[0]))] >> field.size()) & 1) != 0;
  }
};

const Samples& samples() {
  static const Samples all = [] {
    Samples out;
    for (const auto& row : util::read_embedded_tsv("requirements/placeholders.tsv", 2).rows) {
      if (row.fields[0].empty()) continue;
      std::string_view name = row.fields[0], what = row.fields[1];
      std::string kind = what == "uid" ? "account ID" : what == "bucket" ? "bucket name" : "role name";
      out.list.push_back(
          {std::string(name), "the sample " + kind, what == "uid" || name.find(' ') != std::string_view::npos});
      if (!name.empty() && name.size() < 64)
        out.lengths[static_cast<unsigned char>(util::lower(name[0]))] |= std::uint64_t{1} << name.size();
      out.longest = std::max(out.longest, name.size());
    }
    return out;
  }();
  return all;
}

// Byte classes of find_placeholders' first pass.
constexpr unsigned kBracket = 1, kDigit = 2, kSpace = 4, kSeparator = 8, kMask = 16;
constexpr auto kByteClass = [] {
  std::array<std::uint8_t, 256> t{};
  t['<'] = t['{'] = kBracket;
  for (char c = '0'; c <= '9'; ++c) t[static_cast<unsigned char>(c)] = kDigit;
  t[' '] = kSpace;
  t[':'] = t['/'] = t['@'] = kSeparator;
  t['*'] = t['x'] = t['X'] = kMask;
  return t;
}();

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
    if (!all.may_match(field)) continue;
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

struct ScanSummary {
  unsigned seen = 0;      // the byte classes present
  std::size_t masks = 0;  // bytes of class kMask
  bool sample = false;    // some field may be a sample name
};

#if defined(__SSE2__)

// Sixteen bytes at a time: one bit mask per class, the separators walked bit
// by bit; the last partial block is copied into a zeroed buffer (a NUL byte is
// in no class).
ScanSummary scan(std::string_view value, const Samples& all) {
  ScanSummary sum;
  std::size_t field_begin = 0;
  auto splat = [](char c) { return _mm_set1_epi8(c); };
  const __m128i lt = splat('<'), lb = splat('{'), sp = splat(' '), colon = splat(':'), slash = splat('/'),
                at = splat('@'), star = splat('*'), x = splat('x'), X = splat('X'), zero = splat('0'),
                ten = splat(static_cast<char>(10 ^ 0x80)), bias = splat(static_cast<char>(0x80));
  auto bits = [](__m128i m) { return static_cast<unsigned>(_mm_movemask_epi8(m)); };
  auto block = [&](__m128i v, std::size_t base) {
    unsigned bracket = bits(_mm_or_si128(_mm_cmpeq_epi8(v, lt), _mm_cmpeq_epi8(v, lb)));
    // (v - '0') < 10 as unsigned bytes: compare with the sign bit flipped.
    unsigned digit = bits(_mm_cmplt_epi8(_mm_xor_si128(_mm_sub_epi8(v, zero), bias), ten));
    unsigned space = bits(_mm_cmpeq_epi8(v, sp));
    unsigned sep =
        bits(_mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, colon), _mm_cmpeq_epi8(v, slash)), _mm_cmpeq_epi8(v, at)));
    unsigned mask =
        bits(_mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, star), _mm_cmpeq_epi8(v, x)), _mm_cmpeq_epi8(v, X)));
    sum.seen |= (bracket != 0 ? kBracket : 0U) | (digit != 0 ? kDigit : 0U) | (space != 0 ? kSpace : 0U);
    for (; mask != 0 && sum.masks < 3; mask &= mask - 1) ++sum.masks;  // only "three or more" matters
    for (; sep != 0; sep &= sep - 1) {
      std::size_t pos = base + static_cast<std::size_t>(__builtin_ctz(sep));
      sum.sample = sum.sample || all.may_match(value.substr(field_begin, pos - field_begin));
      field_begin = pos + 1;
    }
  };
  std::size_t i = 0;
  for (; i + 16 <= value.size(); i += 16) block(_mm_loadu_si128(reinterpret_cast<const __m128i*>(value.data() + i)), i);
  if (i < value.size()) {
    alignas(16) char buf[16] = {};
    std::memcpy(buf, value.data() + i, value.size() - i);
    block(_mm_load_si128(reinterpret_cast<const __m128i*>(buf)), i);
  }
  sum.sample = sum.sample || all.may_match(value.substr(field_begin));
  return sum;
}

#else

ScanSummary scan(std::string_view value, const Samples& all) {
  ScanSummary sum;
  std::size_t field_begin = 0;
  const auto* bytes = reinterpret_cast<const unsigned char*>(value.data());
  for (std::size_t i = 0; i < value.size(); ++i) {
    unsigned cls = kByteClass[bytes[i]];
    sum.seen |= cls;
    sum.masks += (cls & kMask) != 0 ? 1 : 0;
    if ((cls & kSeparator) != 0) {
      sum.sample = sum.sample || all.may_match(value.substr(field_begin, i - field_begin));
      field_begin = i + 1;
    }
  }
  sum.sample = sum.sample || all.may_match(value.substr(field_begin));
  return sum;
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

bool has_placeholder_account(std::string_view field) { return !find_placeholders(field, true).empty(); }

std::vector<PlaceholderHit> find_placeholders(std::string_view value, bool whole_is_uid, bool key) {
  std::vector<PlaceholderHit> hits;
  if (key) {  // an object key: brackets only
    if (std::any_of(value.begin(), value.end(), [](char c) { return c == '<' || c == '{'; }))
      find_brackets(value, hits);
    return hits;
  }
  // One pass over the bytes says which finders can find anything: brackets
  // need '<' or '{', phrases a space; masked IDs and masked account fields
  // need a digit and a run of three mask characters (*, x, X), so three of
  // those at least; samples need a field (text between ':', '/' and '@')
  // that may be a sample name. The others are skipped (they would add
  // nothing), so the hits and their order are those of running every finder.
  const Samples& all = samples();
  ScanSummary sum = scan(value, all);
  if ((sum.seen & kBracket) != 0) find_brackets(value, hits);
  if ((sum.seen & kDigit) != 0 && sum.masks >= 3) {
    find_masked(value, hits);
    find_masked_account(value, whole_is_uid, hits);
  }
  if (sum.sample) find_samples(value, whole_is_uid, hits);
  if ((sum.seen & kSpace) != 0) find_phrases(value, hits);
  return hits;
}

bool has_placeholder(std::string_view value) { return !find_placeholders(value).empty(); }

}  // namespace policylint::model
