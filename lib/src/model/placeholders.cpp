#include "model/placeholders.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <optional>

#include "model/arn.hpp"
#include "model/placeholder_filter.hpp"
#include "policylint/policy.hpp"
#include "util/text.hpp"
#include "util/tsv.hpp"

namespace policylint::model {

namespace {

char upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

}  // namespace

namespace filter {

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

#if defined(__SSE2__) && defined(__x86_64__)
// The last block is the value's last 16 bytes, its bits for the bytes of the
// block before dropped.
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

#else

bool value_may_hold(const Samples& all, std::string_view value) {
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

}  // namespace filter

namespace {

using filter::Sample;
using filter::Samples;
using filter::samples;

using util::iequals;
using util::is_alnum;
using util::is_digit;

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

bool value_may_hold_placeholder(std::string_view value) { return filter::value_may_hold(filter::samples(), value); }

bool key_may_hold_placeholder(std::string_view key) { return filter::key_may_hold(key); }

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
