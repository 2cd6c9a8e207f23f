#include "policylint/source.hpp"

#include <algorithm>

#include "policylint/embedded.hpp"

namespace policylint {

Source::Source(std::string path, std::string text) : path_(std::move(path)), text_(std::move(text)) {
  line_starts_.push_back(0);
  for (std::uint32_t i = 0; i < text_.size(); ++i) {
    // "\r\n" and "\n" end a line; a lone "\r" too (old Mac files), so that
    // editors and this index agree on line numbers.
    if (text_[i] == '\n') {
      line_starts_.push_back(i + 1);
    } else if (text_[i] == '\r' && (i + 1 >= text_.size() || text_[i + 1] != '\n')) {
      line_starts_.push_back(i + 1);
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
    unsigned char c = b[i];
    std::size_t len = c < 0x80                   ? 1
                      : (c >= 0xC2 && c <= 0xDF) ? 2
                      : (c >= 0xE0 && c <= 0xEF) ? 3
                      : (c >= 0xF0 && c <= 0xF4) ? 4
                                                 : 0;
    bool ok = len != 0 && i + len <= s.size();
    for (std::size_t k = 1; ok && k < len; ++k) ok = (b[i + k] & 0xC0) == 0x80;
    i += ok ? len : 1;
    ++n;
  }
  return n;
}

Position Source::position(std::uint32_t offset) const {
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text_.size()));
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  auto line = static_cast<std::uint32_t>(it - line_starts_.begin());  // 1-based
  std::uint32_t start = line_starts_[line - 1];
  std::string_view before(text_.data() + start, offset - start);
  return Position{line, count_code_points(before) + 1};
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
