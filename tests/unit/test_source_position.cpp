// Source::position on long lines (checkpoints every KiB) gives the same line
// and column as counting code points from the start of the line.
#include <catch2/catch.hpp>

#include "policylint/source.hpp"

using policylint::count_code_points;
using policylint::Source;

TEST_CASE("source: positions on long lines match a count from the line start", "[source]") {
  // One long line of mixed ASCII, two-, three- and four-byte sequences and
  // invalid bytes, then a short line and another long one.
  std::string line;
  const char* units[] = {"a", "\xC3\xA9", "\xE4\xB8\xAD", "\xF0\x9F\x98\x80", "\xFF", "\x80", "b"};
  for (int i = 0; i < 3000; ++i) line += units[(i * 7 + i / 5) % 7];
  std::string text = line + "\n{}\r\n" + line + line;
  Source src("p.json", text);
  std::size_t second = line.size() + 5;  // start of the third line
  for (std::uint32_t off = 0; off <= text.size(); off += 37) {
    std::size_t start = off <= line.size() ? 0 : off < second ? line.size() + 1 : second;
    std::uint32_t expected_line = off <= line.size() ? 1 : off < second ? 2 : 3;
    auto p = src.position(off);
    INFO(off);
    CHECK(p.line == expected_line);
    CHECK(p.column == count_code_points(std::string_view(text).substr(start, off - start)) + 1);
  }
}
