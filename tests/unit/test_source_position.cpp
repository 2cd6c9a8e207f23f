// Source::position on long lines (checkpoints every KiB) gives the same line
// and column as counting code points from the start of the line; the line
// index the JSON reader finds is the one the scan makes.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "../../lib/src/json/messages.hpp"
#include "cli_util.hpp"
#include "policylint/engine.hpp"
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

TEST_CASE("source: the line index the JSON reader finds is the one a scan makes", "[source]") {
  // Every way a line ends ("\n", "\r\n", a lone "\r", one last "\r"), a
  // byte order mark, blank lines, a line longer than a checkpoint's KiB, and
  // escaped line breaks inside strings (which end no line).
  std::string long_value(3000, 'a');
  const std::string texts[] = {
      "{\"a\": 1}",
      "{\n  \"a\": [\n    \"x\\ny\",\n    2\n  ]\n}\n",
      "{\r\n  \"a\": \"b\\r\\n\"\r\n}\r\n",
      "\r{\r\"a\":\r\rtrue}\r",
      "\xEF\xBB\xBF{\n\r\n\"k\": null\r}\n\r",
      "[\n\"" + long_value + "\",\n\"" + long_value + "\"\r\n]\r",
      "\n\n\n[]\n\n",
  };
  for (const std::string& text : texts) {
    INFO(text.substr(0, 40));
    std::vector<policylint::json::Detail> messages;
    std::vector<std::uint32_t> starts;
    auto doc = policylint::json::parse(text, {}, messages, &starts);
    REQUIRE(doc.root() != nullptr);
    REQUIRE(!starts.empty());  // read in one pass, so indexed on the way
    Source scanned("p.json", text);
    Source found("p.json", text, Source::IndexLater{});
    found.index_lines(starts);
    REQUIRE(found.line_count() == scanned.line_count());
    for (std::uint32_t off = 0; off <= text.size(); ++off) {
      auto a = scanned.position(off), b = found.position(off);
      INFO(off);
      CHECK(a.line == b.line);
      CHECK(a.column == b.column);
    }
    for (std::uint32_t l = 1; l <= scanned.line_count(); ++l) CHECK(found.line_text(l) == scanned.line_text(l));
  }
}

TEST_CASE("source: a text indexed as ASCII has the positions of one whose columns are counted", "[source]") {
  // Lines of every length around a checkpoint's KiB, each way a line ends,
  // and a text without line breaks: the column from the byte distance must
  // be the one counted (and position_after the same as position).
  std::string text;
  for (std::size_t n : {0, 1, 2, 1023, 1024, 1025, 3000, 17}) {
    text += std::string(n, static_cast<char>('a' + n % 26));
    text += n % 3 == 0 ? "\n" : n % 3 == 1 ? "\r\n" : "\r";
  }
  for (const std::string& t : {text, std::string(2500, 'x'), std::string()}) {
    Source counted("p.json", t);
    Source ascii("p.json", t, Source::IndexLater{});
    ascii.index_lines({}, true);
    REQUIRE(ascii.line_count() == counted.line_count());
    for (std::uint32_t off = 0; off <= t.size() + 2; ++off) {
      INFO(off);
      const auto a = counted.position(off), b = ascii.position(off);
      CHECK(a.line == b.line);
      CHECK(a.column == b.column);
      // From an offset a few bytes back, on the same line or not.
      for (std::uint32_t back : {0u, 1u, 7u, 1500u}) {
        if (back > off) continue;
        const auto from = ascii.position(off - back);
        const auto after = ascii.position_after(from, off - back, off);
        CHECK(after.line == a.line);
        CHECK(after.column == a.column);
      }
    }
  }
}

TEST_CASE("source: a text the JSON reader leaves to RapidJSON is indexed by the scan", "[source]") {
  // A syntax error after a line break, and a \u escape (read by RapidJSON
  // from the start): no partial index comes back.
  for (const std::string text : {"{\n\"a\": 1,\n}", "{\n\"a\": \"\\u00e9\"\n}\n"}) {
    std::vector<policylint::json::Detail> messages;
    std::vector<std::uint32_t> starts{7, 8};
    (void)policylint::json::parse(text, {}, messages, &starts);
    CHECK(starts.empty());
    Source src("p.json", text, Source::IndexLater{});
    src.index_lines(starts);
    CHECK(src.line_count() == Source("p.json", text).line_count());
    CHECK(src.position(static_cast<std::uint32_t>(text.find('a'))).line == 2);
  }
}

TEST_CASE("source: findings of a linted file sit where a scan of the file puts them, whatever ends its lines",
          "[source][engine]") {
  // The lint indexes a JSON file from its reader, the other formats by a
  // scan; either way each finding's line and column are the file's.
  const char* fixtures[] = {
      "testdata/grammar/value-type/bad-permission.json",
      "testdata/cli/regressions/yaml-implicit-flow-mapping.yaml",
      "testdata/terraform/published/ram_policy_module_poweruser.tf",
  };
  policylint::Linter linter{policylint::LintOptions{}};
  for (const char* name : fixtures) {
    std::ifstream in(testutil::source_dir() / name, std::ios::binary);
    std::string lf((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    REQUIRE(!lf.empty());
    std::string crlf, cr = lf;
    for (char c : lf) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
    std::replace(cr.begin(), cr.end(), '\n', '\r');
    for (const std::string* text : {&lf, &crlf, &cr}) {
      INFO(name << (text == &lf ? " LF" : text == &crlf ? " CRLF" : " CR"));
      policylint::FileReport r = linter.lint(std::filesystem::path(name).filename().string(), *text);
      REQUIRE(!r.findings.empty());
      Source scanned("f", *text);
      for (const auto& f : r.findings) {
        INFO(f.rule << " at " << f.span.begin);
        CHECK(f.start.line == scanned.position(f.span.begin).line);
        CHECK(f.start.column == scanned.position(f.span.begin).column);
        CHECK(f.end.line == scanned.position(f.span.end).line);
        CHECK(f.end.column == scanned.position(f.span.end).column);
      }
    }
  }
}

TEST_CASE("source: a position counted on from an earlier one is the one looked up", "[source]") {
  // Short lines of every line ending, a long line with checkpoints, UTF-8
  // sequences of every length and bytes that are not UTF-8 (a stray
  // continuation byte, a cut sequence), so that some starts fall inside a
  // sequence.
  std::string line;
  const char* units[] = {"a", "\xC3\xA9", "\xE4\xB8\xAD", "\xF0\x9F\x98\x80", "\xFF", "\x80", "b", "\xE4\xB8"};
  for (int i = 0; i < 1500; ++i) line += units[(i * 5 + i / 3) % 8];
  const std::string texts[] = {
      "{\n  \"a\": \"\xE4\xB8\xAD\xE6\x96\x87\",\r\n  \"b\": 1\r}\n",
      line + "\n" + line.substr(0, 700) + "\r\n\r\n" + line,
      "",
      "x",
  };
  std::size_t checked = 0;
  for (const std::string& text : texts) {
    Source src("p.json", text);
    const auto size = static_cast<std::uint32_t>(text.size());
    const std::uint32_t step = size > 200 ? 13 : 1;
    for (std::uint32_t from = 0; from <= size + 1; from += step)
      for (std::uint32_t to = from; to <= size + 2 && to <= from + 2100; to += (to - from < 40 ? 1 : step)) {
        const auto want = src.position(to);
        const auto got = src.position_after(src.position(from), from, to);
        if (got.line != want.line || got.column != want.column) {
          INFO("from " << from << " to " << to << " of " << size);
          CHECK(got.line == want.line);
          CHECK(got.column == want.column);
        }
        ++checked;
      }
  }
  CHECK(checked > 50000);
}
