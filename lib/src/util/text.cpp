#include "util/text.hpp"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace policylint::util {

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = lower(c);
  return out;
}

bool has_upper(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

bool istarts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

bool iends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && iequals(s.substr(s.size() - suffix.size()), suffix);
}

std::string_view longest_literal(std::string_view p) {
  // Most patterns hold no '?': their stretches lie between the stars, found
  // by memchr rather than a test per character.
  std::string_view best;
  const bool question = p.find('?') != std::string_view::npos;
  for (std::size_t start = 0;;) {
    std::size_t end = question ? p.find_first_of("*?", start) : p.find('*', start);
    if (end == std::string_view::npos) end = p.size();
    if (end - start > best.size()) best = p.substr(start, end - start);
    if (end == p.size()) return best;
    start = end + 1;
  }
}

bool all_digits(std::string_view s) {
  // Eight bytes at a time: a byte is a digit when its high nibble is 3 and
  // its low nibble at most 9 (adding 6 carries out of the nibble from ':' on).
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    if ((w & (kOnes * 0xF0)) != kOnes * 0x30 || (((w & (kOnes * 0x0F)) + kOnes * 6) & (kOnes * 0xF0)) != 0)
      return false;
  }
  for (; i < s.size(); ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  return !s.empty();
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::size_t find_linear(std::string_view text, std::string_view needle, std::size_t from, Case c) {
  const bool fold = c == Case::Insensitive;
  auto same = [fold](char a, char b) { return a == b || (fold && lower(a) == lower(b)); };
  const std::size_t m = needle.size();
  if (from > text.size() || text.size() - from < m) return std::string_view::npos;
  if (m == 0) return from;
  if (m <= 64) {
    if (!fold) return text.find(needle, from);
    for (std::size_t i = from; i + m <= text.size(); ++i) {
      std::size_t k = 0;
      while (k < m && same(text[i + k], needle[k])) ++k;
      if (k == m) return i;
    }
    return std::string_view::npos;
  }
  // border[k]: the length of the longest proper border of needle[0, k].
  std::vector<std::size_t> border(m, 0);
  for (std::size_t k = 1, b = 0; k < m; ++k) {
    while (b > 0 && !same(needle[k], needle[b])) b = border[b - 1];
    if (same(needle[k], needle[b])) ++b;
    border[k] = b;
  }
  for (std::size_t i = from, b = 0; i < text.size(); ++i) {
    while (b > 0 && !same(text[i], needle[b])) b = border[b - 1];
    if (same(text[i], needle[b])) ++b;
    if (b == m) return i + 1 - m;
  }
  return std::string_view::npos;
}

std::size_t edit_distance(std::string_view a, std::string_view b, Case c, std::size_t bound) {
  bound = std::min(bound, std::numeric_limits<std::size_t>::max() - 1);  // bound + 1 must not wrap
  // The distance is at least the difference in length.
  std::size_t gap = a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
  if (gap > bound) return bound + 1;
  const bool fold = c == Case::Insensitive;
  // The shorter string as the pattern: of at most 64 bytes (every name
  // compared with a catalog), one machine word per column of the table.
  std::string_view p = a.size() <= b.size() ? a : b, t = a.size() <= b.size() ? b : a;
  if (p.size() <= 64) return EditDistance(p, c)(t, bound);
  auto same = [fold](char x, char y) { return fold ? lower(x) == lower(y) : x == y; };
  // One row of the table; on the stack for the short names of the catalog.
  constexpr std::size_t kStack = 64;
  std::size_t stack_row[kStack];
  std::vector<std::size_t> heap_row;
  std::size_t* row = stack_row;
  if (b.size() + 1 > kStack) {
    heap_row.resize(b.size() + 1);
    row = heap_row.data();
  }
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t prev = row[0];
    row[0] = i;
    std::size_t best = row[0];
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t cur = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, prev + (same(a[i - 1], b[j - 1]) ? 0 : 1)});
      best = std::min(best, row[j]);
      prev = cur;
    }
    // Every later row is at least this row's minimum: past the bound, stop.
    if (best > bound) return bound + 1;
  }
  return std::min(row[b.size()], bound + 1);
}

namespace {
unsigned char key(char x, bool fold) { return static_cast<unsigned char>(fold ? lower(x) : x); }
}  // namespace

EditDistance::EditDistance(std::string_view pattern, Case c) : pattern_(pattern), case_(c) {
  if (pattern.size() > 64) return;
  for (std::size_t i = 0; i < pattern.size(); ++i)
    peq_[key(pattern[i], c == Case::Insensitive)] |= std::uint64_t{1} << i;
}

std::size_t EditDistance::operator()(std::string_view t, std::size_t bound) const {
  const std::size_t m = pattern_.size();
  if (m > 64) return edit_distance(pattern_, t, case_, bound);
  bound = std::min(bound, std::numeric_limits<std::size_t>::max() - 1);  // bound + 1 must not wrap
  // The distance is at least the difference in length.
  if ((m > t.size() ? m - t.size() : t.size() - m) > bound) return bound + 1;
  if (m == 0) return std::min(t.size(), bound + 1);
  // Myers' bit-vector algorithm, in Hyyro's form for whole strings: the
  // table's columns (one per byte of t) as vertical deltas, a bit per row.
  const bool fold = case_ == Case::Insensitive;
  const std::uint64_t last = std::uint64_t{1} << (m - 1);
  std::uint64_t pv = ~std::uint64_t{0}, mv = 0;
  std::size_t score = m;  // the table's last row, column j
  for (std::size_t j = 0; j < t.size(); ++j) {
    const std::uint64_t eq = peq_[key(t[j], fold)];
    const std::uint64_t xv = eq | mv;
    const std::uint64_t xh = (((eq & pv) + pv) ^ pv) | eq;
    std::uint64_t ph = mv | ~(xh | pv), mh = pv & xh;
    if (ph & last) ++score;
    if (mh & last) --score;
    // Row 0 is j: each column adds one there.
    ph = (ph << 1) | 1;
    mh <<= 1;
    pv = mh | ~(xv | ph);
    mv = ph & xv;
    // Each remaining column lowers the last row by one at most.
    if (score > bound && score - bound > t.size() - j - 1) return bound + 1;
  }
  return std::min(score, bound + 1);
}

}  // namespace policylint::util
