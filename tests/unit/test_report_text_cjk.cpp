// The text reporter's caret line under a source line with East Asian wide
// characters: two terminal cells each, while the reported columns (text,
// JSON, SARIF) keep counting code points.
#include <catch2/catch.hpp>
#include <sstream>

#include "policylint/engine.hpp"
#include "policylint/report.hpp"

using namespace policylint;

namespace {

// The caret line printed under the source line of the first finding.
std::string caret_of(const std::string& text, const std::string& rule, Finding* first = nullptr) {
  LintOptions o;
  o.select = {rule};
  FileReport r = Linter(o).lint("p.json", text);
  REQUIRE_FALSE(r.findings.empty());
  if (first != nullptr) *first = r.findings.front();
  r.findings.resize(1);
  std::ostringstream out;
  ReportOptions ro;
  ro.summary = false;
  write_text(out, {r}, ro);
  std::istringstream in(out.str());
  std::string line, caret;
  while (std::getline(in, line))
    if (line.find('^') != std::string::npos) caret = line;
  return caret;
}

}  // namespace

TEST_CASE("text: the caret stays under a value after Chinese characters", "[report][i18n]") {
  // "中文说明" is four wide characters before the value: four more cells than code points.
  std::string text =
      R"({"Version": "1", "Statement": [{"Sid": "中文说明", "Effect": "allow", "Action": "oss:GetObject", "Resource": "*"}]})";
  Finding f;
  std::string caret = caret_of(text, "grammar/effect-invalid", &f);
  std::size_t value_cp = std::string(R"({"Version": "1", "Statement": [{"Sid": "中文说明", "Effect": )").size() - 4 * 2;
  CHECK(f.start.column == value_cp + 1);  // columns count code points (each 3-byte character is one)
  CHECK(f.end.column == f.start.column + 7);
  // Two spaces of indentation, then one cell per ASCII character and two per Chinese one.
  CHECK(caret == std::string(2 + value_cp + 4, ' ') + "^~~~~~~");
}

TEST_CASE("text: the underline of a Chinese value is as wide as the value", "[report][i18n]") {
  std::string text =
      R"({"Version": "1", "Statement": [{"Effect": "允许", "Action": "oss:GetObject", "Resource": "*"}]})";
  Finding f;
  std::string caret = caret_of(text, "grammar/effect-invalid", &f);
  std::size_t before = std::string(R"({"Version": "1", "Statement": [{"Effect": )").size();
  CHECK(f.start.column == before + 1);
  CHECK(f.end.column == f.start.column + 4);                // "允许" with its quotes: four code points
  CHECK(caret == std::string(2 + before, ' ') + "^~~~~~");  // ... and six cells
}

TEST_CASE("text: the summary and fix lines in Chinese, English unchanged", "[report][i18n]") {
  LintOptions o;
  o.select = {"grammar/effect-invalid"};
  FileReport r = Linter(o).lint(
      "p.json", R"({"Version": "1", "Statement": [{"Effect": "allow", "Action": "*", "Resource": "*"}]})");
  REQUIRE(r.findings.size() == 1);
  REQUIRE(r.findings[0].fix.has_value());
  std::ostringstream en, zh;
  ReportOptions ro;
  write_text(en, {r}, ro);
  ro.lang = Lang::Zh;
  write_text(zh, {r}, ro);
  CHECK(en.str().find("  fix: ") != std::string::npos);
  CHECK(en.str().ends_with("1 file checked: 1 error, 0 warnings, 0 notes\n"));
  CHECK(zh.str().find("  修复：") != std::string::npos);
  CHECK(zh.str().ends_with("已检查 1 个文件：1 个错误，0 个警告，0 个提示\n"));
}
