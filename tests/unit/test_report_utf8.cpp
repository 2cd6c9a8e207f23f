// Every output format is valid UTF-8 (and JSON/SARIF valid JSON) whatever
// bytes the input files and their names hold: bytes that are not UTF-8 are
// written as U+FFFD, one per column.
#include <rapidjson/document.h>

#include <catch2/catch.hpp>
#include <functional>
#include <sstream>

#include "cli_util.hpp"
#include "policylint/engine.hpp"
#include "policylint/json.hpp"
#include "policylint/report.hpp"

namespace fs = std::filesystem;
using namespace policylint;
using namespace testutil;

namespace {

const std::string kFFFD = "\xEF\xBF\xBD";

bool valid_utf8_text(const std::string& s) { return !json::find_invalid_utf8(s).has_value(); }

bool valid_json(const std::string& s) {
  rapidjson::Document d;
  d.Parse<rapidjson::kParseValidateEncodingFlag>(s.data(), s.size());
  return !d.HasParseError() && d.IsObject();
}

using Writer = std::function<void(std::ostream&, const std::vector<FileReport>&)>;

struct Format {
  const char* name;
  Writer write;
  bool json;
};

std::vector<Format> formats() {
  ReportOptions opt;
  opt.tool_version = "0.0.0";
  ReportOptions color = opt;
  color.color = true;
  return {
      {"text", [opt](std::ostream& o, const std::vector<FileReport>& r) { write_text(o, r, opt); }, false},
      {"text (colour)", [color](std::ostream& o, const std::vector<FileReport>& r) { write_text(o, r, color); }, false},
      {"compact", [opt](std::ostream& o, const std::vector<FileReport>& r) { write_compact(o, r, opt); }, false},
      {"compact (golden)", [](std::ostream& o, const std::vector<FileReport>& r) { write_compact(o, r); }, false},
      {"json", [opt](std::ostream& o, const std::vector<FileReport>& r) { write_json(o, r, opt); }, true},
      {"sarif", [opt](std::ostream& o, const std::vector<FileReport>& r) { write_sarif(o, r, opt); }, true},
      {"github", [](std::ostream& o, const std::vector<FileReport>& r) { write_github(o, r); }, false},
  };
}

std::string render(const Format& f, const std::vector<FileReport>& reports) {
  std::ostringstream out;
  f.write(out, reports);
  return out.str();
}

// A report whose every string field holds bytes that are not UTF-8.
FileReport broken_report() {
  std::string text = "{\"Statement\": [{\"Resource\": \"acs:oss:*:*:bucket-\xff/*\"}]}\n";
  FileReport r;
  r.path = "dir-\xfe/p\xc3.json";  // a stray byte, then a truncated sequence
  r.source = Source(r.path, text);
  Finding f;
  f.rule = "resource/bucket-name-invalid";
  f.severity = Severity::Error;
  f.message = "bucket name \"bucket-\xff\" is not valid";
  auto at = static_cast<std::uint32_t>(text.find("bucket-"));
  f.span = {at, at + 8};
  f.path = r.path;
  f.start = r.source.position(f.span.begin);
  f.end = r.source.position(f.span.end);
  f.kind = Kind::Permission;
  f.context = "module.\xed\xa0\x80";  // an encoded surrogate
  f.related.push_back(Related{{1, 2}, "label \x80 here", ""});
  f.related.push_back(Related{{0, 0}, "in another file", "other-\xf8.json"});
  f.fix = Fix{"write \"bucket-\xc0\xaf\"", true, {Edit{f.span, "\"bucket-\xff\""}}};
  r.findings.push_back(f);
  r.documents.push_back(DocumentInfo{"res.\xff", Kind::Permission, true, DocumentForm::String, {1, 1}});
  return r;
}

}  // namespace

TEST_CASE("report utf8: valid_utf8 replaces each invalid column with U+FFFD", "[report][utf8]") {
  struct Case {
    std::string in, out;
  };
  std::vector<Case> cases = {
      {"plain ascii", "plain ascii"},
      {"\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x98\x80", "\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x98\x80"},  // é 中 😀 stay
      {"bucket-\xff", "bucket-" + kFFFD},
      {"a\x80z", "a" + kFFFD + "z"},                               // stray continuation byte
      {"\xe2\x82(", kFFFD + kFFFD + "("},                          // truncated: lead byte, then a stray
      {"end\xf0\x9f\x98", "end" + kFFFD + kFFFD + kFFFD},          // truncated at the end
      {"\xe0\x80\x80", kFFFD},                                     // overlong
      {"\xed\xa0\x80", kFFFD},                                     // surrogate
      {"\xf4\x90\x80\x80", kFFFD},                                 // past U+10FFFF
      {"\xc0\xaf", kFFFD + kFFFD},                                 // C0 never starts a sequence
      {std::string("nul\0byte", 8), std::string("nul\0byte", 8)},  // NUL is UTF-8 (JSON escapes it)
  };
  for (const auto& c : cases) {
    INFO(c.in);
    std::string out = valid_utf8(c.in);
    CHECK(out == c.out);
    CHECK(valid_utf8_text(out));
    // The caret under a source excerpt stays aligned: as many columns as before.
    CHECK(count_code_points(out) == count_code_points(c.in));
  }
}

TEST_CASE("report utf8: every format is valid UTF-8 for invalid bytes in every field", "[report][utf8]") {
  std::vector<FileReport> reports{broken_report()};
  for (const auto& f : formats()) {
    INFO(f.name);
    std::string out = render(f, reports);
    CHECK_FALSE(out.empty());
    CHECK(valid_utf8_text(out));
    if (f.json) CHECK(valid_json(out));
    // The replaced message is still there, with U+FFFD where the byte was.
    CHECK(out.find("bucket-" + kFFFD) != std::string::npos);
  }
  std::ostringstream compact;
  write_compact(compact, reports, ReportOptions{});
  CHECK(compact.str() == "dir-" + kFFFD + "/p" + kFFFD +
                             ".json:1:42-1:50 error resource/bucket-name-invalid bucket name \"bucket-" + kFFFD +
                             "\" is not valid\n");
  std::ostringstream text;
  ReportOptions opt;
  opt.summary = false;
  write_text(text, reports, opt);
  // The source excerpt: the byte replaced, the caret under the value.
  CHECK(text.str().find("  {\"Statement\": [{\"Resource\": \"acs:oss:*:*:bucket-" + kFFFD + "/*\"}]}\n" +
                        std::string(2 + 41, ' ') + "^~~~~~~~\n") != std::string::npos);
  CHECK(text.str().find("  fix: write \"bucket-" + kFFFD + kFFFD + "\"\n") != std::string::npos);
  CHECK(text.str().find("other-" + kFFFD + ".json: note: in another file\n") != std::string::npos);
}

TEST_CASE("report utf8: valid input is written byte for byte, across the sink's blocks", "[report][utf8]") {
  // A message longer than the 64 KiB block, a 4-byte sequence at every offset
  // around the block boundary.
  for (std::size_t pad = 65500; pad < 65540; ++pad) {
    FileReport r;
    r.path = "p.json";
    Finding f;
    f.rule = "grammar/effect-invalid";
    f.severity = Severity::Warning;
    f.message = std::string(pad, 'x') + "\xf0\x9f\x98\x80 \xe4\xb8\xad\xc3\xa9";
    f.path = r.path;
    r.findings.push_back(f);
    std::ostringstream out;
    write_compact(out, {r}, ReportOptions{});
    REQUIRE(out.str() == "p.json:1:1-1:1 warning grammar/effect-invalid " + f.message + "\n");
  }
}

TEST_CASE("report utf8: the CLI's output is valid UTF-8 for invalid file contents and names", "[report][utf8][cli]") {
  fs::path dir = fs::temp_directory_path() / ("policylint-utf8-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  fs::path file = dir / std::string("p-\xfe\xc3.json");
  {
    std::ofstream out(file, std::ios::binary);
    out << "{\"Version\": \"1\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"oss:GetObject\",\n"
           "  \"Resource\": \"acs:oss:*:*:Bucket-\xff/*\"}]}\n";
  }
  for (const char* fmt : {"text", "compact", "json", "sarif", "github"}) {
    INFO(fmt);
    RunResult r = run_cli({"--format", fmt, "--no-config", file.string()}, false, {}, true);  // compact: keep paths
    CHECK(r.status == 1);
    CHECK(valid_utf8_text(r.out));
    // The offending value and the file name are both quoted with U+FFFD.
    CHECK(r.out.find("Bucket-" + kFFFD) != std::string::npos);
    if (std::string(fmt) == "json" || std::string(fmt) == "sarif") CHECK(valid_json(r.out));
    // (SARIF percent-encodes the bytes of a URI.)
    if (std::string(fmt) != "sarif") CHECK(r.out.find("p-" + kFFFD + kFFFD + ".json") != std::string::npos);
  }
  fs::remove_all(dir);
}

TEST_CASE("report utf8: the output fuzz corpus and the regressions", "[report][utf8]") {
  Linter linter{LintOptions{}};
  std::size_t files = 0;
  for (const char* rel : {"fuzz/corpus/output", "testdata/cli/regressions"}) {
    for (const auto& e : fs::directory_iterator(source_dir() / rel)) {
      if (!e.is_regular_file()) continue;
      ++files;
      std::vector<FileReport> reports{linter.lint(e.path().filename().string(), slurp(e.path()))};
      for (const auto& f : formats()) {
        INFO(e.path().filename().string() << " " << f.name);
        std::string out = render(f, reports);
        CHECK(valid_utf8_text(out));
        if (f.json) CHECK(valid_json(out));
      }
    }
  }
  CHECK(files >= 5);
}
