#pragma once
// A file's bytes with a line index, and the conversion from byte offsets to
// 1-based line and column (columns count Unicode code points).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "policylint/shared_string.hpp"

namespace policylint {

// A half-open byte range [begin, end) into a Source's text.
struct Span {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  friend bool operator==(const Span&, const Span&) = default;
};

struct Position {
  std::uint32_t line = 1;    // 1-based
  std::uint32_t column = 1;  // 1-based, in code points
};

class Source {
public:
  Source() = default;
  Source(std::string path, std::string text);
  // A Source whose lines are indexed later, by index_lines, before any
  // position is asked of it: the JSON reader finds the line starts as it
  // passes over the text, which spares a pass of its own.
  struct IndexLater {};
  Source(std::string path, std::string text, IndexLater);

  // Indexes the lines of a Source made with IndexLater: from line_starts
  // when given (the offset of each line's first byte, 0 first, every
  // "\r\n", "\n" and lone "\r" ending a line), or by a scan of the text.
  // Does nothing on a Source already indexed. ascii: the caller saw that
  // every byte of the text is ASCII (as the JSON reader does): a column is
  // then the bytes from the line's start, with nothing to count.
  void index_lines(std::vector<std::uint32_t> line_starts = {}, bool ascii = false);

  const std::string& path() const { return path_.str(); }
  // The same string, for the findings that name it (a copy shares it).
  const SharedString& shared_path() const { return path_; }
  const std::string& text() const { return text_; }

  // Line and column of a byte offset; offsets past the end clamp to the end.
  Position position(std::uint32_t offset) const;
  // position(offset), given at = position(from) of an offset from <= offset:
  // counted on from it when both are on one line (the end of a span, given
  // its start), else looked up as position() does. Always equal to
  // position(offset).
  Position position_after(Position at, std::uint32_t from, std::uint32_t offset) const;
  // The text of a 1-based line without its line terminator; empty if out of range.
  std::string_view line_text(std::uint32_t line) const;
  std::uint32_t line_count() const { return static_cast<std::uint32_t>(line_starts_.size()); }

private:
  void scan_lines_with_cr();
  void index_long_lines();

  SharedString path_;
  std::string text_;
  std::vector<std::uint32_t> line_starts_;
  bool ascii_ = false;  // every byte is ASCII (index_lines was told so)
  // On lines longer than a KiB: (byte offset, code points since the line start).
  struct Checkpoint {
    std::uint32_t offset;
    std::uint32_t column;
  };
  std::vector<Checkpoint> checkpoints_;
};

// Number of code points in s (a byte that is not a UTF-8 continuation byte
// starts a code point; invalid bytes count one each as a lead byte would).
std::uint32_t count_code_points(std::string_view s);

}  // namespace policylint
