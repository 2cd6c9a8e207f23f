#include "policylint/source.hpp"

#include <algorithm>
#include <bit>
#include <cassert>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "policylint/embedded.hpp"
#include "util/text.hpp"

namespace policylint {

namespace {

// The length of the code point (or invalid byte) that starts at b[i].
std::size_t unit_length(const unsigned char* b, std::size_t i, std::size_t size) {
  unsigned char c = b[i];
  std::size_t len = c < 0x80                   ? 1
                    : (c >= 0xC2 && c <= 0xDF) ? 2
                    : (c >= 0xE0 && c <= 0xEF) ? 3
                    : (c >= 0xF0 && c <= 0xF4) ? 4
                                               : 0;
  bool ok = len != 0 && i + len <= size;
  for (std::size_t k = 1; ok && k < len; ++k) ok = (b[i + k] & 0xC0) == 0x80;
  return ok ? len : 1;
}

constexpr std::uint32_t kCheckpointBytes = 1024;

}  // namespace

Source::Source(std::string path, std::string text) : path_(std::move(path)), text_(std::move(text)) { index_lines(); }

Source::Source(std::string path, std::string text, IndexLater) : path_(std::move(path)), text_(std::move(text)) {}

void Source::index_lines(std::vector<std::uint32_t> line_starts, bool ascii) {
  if (!line_starts_.empty()) return;
  line_starts_ = std::move(line_starts);  // given, or room the reader reserved and left empty
  if (line_starts_.empty()) {
    line_starts_.push_back(0);
    scan_lines_with_cr();
  }
  // A column of an ASCII text is its distance from the line start: no
  // checkpoints to find it on a long line.
  ascii_ = ascii;
  if (ascii_) return;
  // Only a line longer than the checkpoint distance needs checkpoints.
  // (Each difference on its own, with no value carried from one step to the
  // next: the compiler does several at a time.)
  const std::uint32_t* starts = line_starts_.data();
  const std::size_t lines = line_starts_.size();
  std::uint32_t longest = static_cast<std::uint32_t>(text_.size()) - starts[lines - 1];
  for (std::size_t l = 1; l < lines; ++l) longest = std::max(longest, starts[l] - starts[l - 1]);
  if (longest > kCheckpointBytes) index_long_lines();
}

void Source::scan_lines_with_cr() {
  // "\r\n" and "\n" end a line; a lone "\r" too (old Mac files), so that
  // editors and this index agree on line numbers.
  const char* b = text_.data();
  const std::size_t n = text_.size();
  auto line_break_at = [&](std::size_t i) {
    if (b[i] == '\n' || (b[i] == '\r' && (i + 1 >= n || b[i + 1] != '\n')))
      line_starts_.push_back(static_cast<std::uint32_t>(i + 1));
  };
  // Room for lines of 32 bytes, about a pretty-printed policy's.
  line_starts_.reserve(n / 32 + 2);
  std::size_t i = 0;
#if defined(__SSE2__)
  // 64 bytes at a time, then each CR or LF among them (a line is a few dozen
  // bytes: a call of memchr per line costs more than the search).
  const __m128i lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r');
  for (; i + 64 <= n; i += 64) {
    __m128i v[4];
    std::memcpy(v, b + i, 64);
    std::uint64_t mask = 0;
    for (int k = 0; k < 4; ++k) {
      __m128i hit = _mm_or_si128(_mm_cmpeq_epi8(v[k], lf), _mm_cmpeq_epi8(v[k], cr));
      mask |= static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(hit))) << (16 * k);
    }
    for (; mask != 0; mask &= mask - 1) line_break_at(i + static_cast<std::size_t>(std::countr_zero(mask)));
  }
#endif
  for (; i < n; ++i) line_break_at(i);
}

void Source::index_long_lines() {
  // Long lines (minified JSON) get a checkpoint of the column every KiB, so
  // that a position costs at most a KiB of counting, not the whole line.
  const auto* b = reinterpret_cast<const unsigned char*>(text_.data());
  for (std::size_t l = 0; l < line_starts_.size(); ++l) {
    std::uint32_t start = line_starts_[l];
    std::uint32_t end = l + 1 < line_starts_.size() ? line_starts_[l + 1] : static_cast<std::uint32_t>(text_.size());
    if (end - start <= kCheckpointBytes) continue;
    std::uint32_t column = 0, next = start + kCheckpointBytes;
    for (std::size_t i = start; i < end;) {
      if (i >= next) {
        checkpoints_.push_back({static_cast<std::uint32_t>(i), column});
        next = static_cast<std::uint32_t>(i) + kCheckpointBytes;
      }
      i += unit_length(b, i, end);
      ++column;
    }
  }
}

std::uint32_t count_code_points(std::string_view s) {
  // A well-formed UTF-8 sequence is one code point; every byte that is not
  // part of one (a stray continuation byte, a truncated sequence) counts as
  // one column, as editors show a replacement character for it.
  std::uint32_t n = 0;
  std::size_t i = 0;
  const auto* b = reinterpret_cast<const unsigned char*>(s.data());
  while (i < s.size()) {
    // A run of ASCII bytes: one code point each.
    if (std::size_t run = util::ascii_run(s.substr(i)); run > 0) {
      i += run;
      n += static_cast<std::uint32_t>(run);
      continue;
    }
    i += unit_length(b, i, s.size());
    ++n;
  }
  return n;
}

Position Source::position(std::uint32_t offset) const {
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text_.size()));
  // A Source made with IndexLater is indexed before any position is asked
  // (and a default one has no text): counted from the start, never a crash.
  assert(!line_starts_.empty() || text_.empty());
  if (line_starts_.empty()) return Position{1, count_code_points(std::string_view(text_).substr(0, offset)) + 1};
  // The last line start at or before the offset (line_starts_[0] is 0), by
  // a binary search whose steps are conditional moves, not branches: the
  // offsets of a file's findings follow no order a predictor could learn.
  const std::uint32_t* first = line_starts_.data();
  for (std::size_t n = line_starts_.size(); n > 1;) {
    const std::size_t half = n / 2;
    first = first[half] <= offset ? first + half : first;
    n -= half;
  }
  auto line = static_cast<std::uint32_t>(first - line_starts_.data()) + 1;  // 1-based
  std::uint32_t start = *first;
  if (ascii_) return Position{line, offset - start + 1};
  std::uint32_t column = 0;
  // The last checkpoint of this line at or before the offset, if any.
  auto cp = std::upper_bound(checkpoints_.begin(), checkpoints_.end(), offset,
                             [](std::uint32_t o, const Checkpoint& c) { return o < c.offset; });
  if (cp != checkpoints_.begin() && std::prev(cp)->offset >= start) {
    column = std::prev(cp)->column;
    start = std::prev(cp)->offset;
  }
  // The line ends at the next line start; counting stops at the offset, and a
  // sequence is never cut by the line's end (a line break is one byte).
  std::string_view before(text_.data() + start, offset - start);
  return Position{line, column + count_code_points(before) + 1};
}

Position Source::position_after(Position at, std::uint32_t from, std::uint32_t offset) const {
  const auto size = static_cast<std::uint32_t>(text_.size());
  from = std::min(from, size);
  offset = std::min(offset, size);
  // Counting on from `from` gives what counting from the line start does
  // when no UTF-8 sequence runs across it: its byte is not a continuation
  // byte (one that starts no code point). And the offset is on the same line:
  // before the next line's start.
  if (line_starts_.empty() || offset < from || at.line == 0 || at.line > line_starts_.size()) return position(offset);
  if (offset == from) return at;
  if ((static_cast<unsigned char>(text_[from]) & 0xC0) == 0x80) return position(offset);  // from < offset <= size
  const std::uint32_t next = at.line < line_starts_.size() ? line_starts_[at.line] : size + 1;
  if (offset >= next) return position(offset);
  if (ascii_) return Position{at.line, at.column + (offset - from)};
  return Position{at.line, at.column + count_code_points(std::string_view(text_.data() + from, offset - from))};
}

std::string_view Source::line_text(std::uint32_t line) const {
  if (line == 0 || line > line_starts_.size()) return {};
  std::uint32_t start = line_starts_[line - 1];
  std::uint32_t end = line < line_starts_.size() ? line_starts_[line] : static_cast<std::uint32_t>(text_.size());
  std::string_view s(text_.data() + start, end - start);
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

namespace embedded {
std::string_view find(std::string_view path) {
  auto all = files();
  auto it =
      std::lower_bound(all.begin(), all.end(), path, [](const File& f, std::string_view p) { return f.path < p; });
  if (it != all.end() && it->path == path) return it->text;
  return {};
}
}  // namespace embedded

}  // namespace policylint
