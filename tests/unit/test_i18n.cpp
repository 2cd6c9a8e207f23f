// Messages as data (rules/messages/*.tsv): both languages with the same
// parameters, every id the code names defined, rendering, the language of a
// run, terminal cells of wide characters.
#include <catch2/catch.hpp>
#include <cctype>
#include <regex>
#include <set>

#include "cli_util.hpp"
#include "policylint/i18n.hpp"

namespace fs = std::filesystem;
using namespace policylint;

namespace {

// Parameters used only as {name|one|other}: English plurals Chinese does not need.
std::set<std::string> plural_only(std::string_view t) {
  std::set<std::string> plain, plural;
  static const std::regex param(R"(\{([A-Za-z0-9_-]+)([|}]))");
  std::string s(t);
  for (std::sregex_iterator it(s.begin(), s.end(), param), end; it != end; ++it)
    ((*it)[2] == "|" ? plural : plain).insert((*it)[1]);
  std::set<std::string> out;
  for (const auto& p : plural)
    if (plain.count(p) == 0) out.insert(p);
  return out;
}

}  // namespace

TEST_CASE("message tables: both languages, the same parameters", "[i18n]") {
  for (const auto& p : i18n::table_problems()) FAIL_CHECK(p);
  REQUIRE(i18n::entries().size() > 100);
  for (const auto& e : i18n::entries()) {
    INFO(std::string(e.file) + ":" + std::to_string(e.line) + " " + std::string(e.id));
    CHECK_FALSE(e.en.empty());
    CHECK_FALSE(e.zh.empty());
    auto en = i18n::parameters(e.en), zh = i18n::parameters(e.zh);
    std::set<std::string> en_set(en.begin(), en.end()), zh_set(zh.begin(), zh.end());
    // Chinese names every parameter English names, except English-only plural selectors.
    for (const auto& p : zh_set) CHECK(en_set.count(p) == 1);
    auto plural = plural_only(e.en);
    for (const auto& p : en_set)
      if (zh_set.count(p) == 0) CHECK(plural.count(p) == 1);
    // A Chinese template is Chinese: words outside its parameters and quoted
    // values come with CJK characters (JSON type names are literals).
    // Names the Chinese documentation writes in Latin letters too (Bucket Policy, OSS, ...) do not count.
    std::string rest = std::regex_replace(std::string(e.zh), std::regex(R"(\{[^}]*\}|"[^"]*"|'[^']*')"), "");
    rest = std::regex_replace(rest, std::regex(R"(\b(Bucket|Policy|OSS|RAM|JSON|ID|UID|IP|CIDR|ISO|KMS|MiB)\b)"), "");
    bool cjk = false, letters = false;
    for (unsigned char c : rest) cjk = cjk || c >= 0xE3, letters = letters || std::isalpha(c) != 0;
    if (letters && !e.id.starts_with("common.json.")) CHECK(cjk);
  }
}

TEST_CASE("every message id the code names is in a table", "[i18n]") {
  // msg("id", ...), the message ids rules choose between ("action/malformed.empty"),
  // and those of message templates (MessageTemplate("id", ...) and a table's
  // {"id", {parameters}} rows, rules/message_template.hpp).
  static const std::regex call(R"re(msg\("([^"]+)"\s*[,)])re");
  static const std::regex variant(R"re("((?:action|condition|limit|placeholder)/[a-z-]+\.[a-z0-9-]+)")re");
  static const std::regex made(R"re(MessageTemplate\(\s*"([^"]+)")re");
  static const std::regex row(R"re(\{"([a-z]+/[a-z-]+\.[a-z0-9-]+)",\s*\{)re");
  std::size_t named = 0;
  for (const char* dir : {"lib/src", "tools/policylint"})
    for (const auto& f : fs::recursive_directory_iterator(testutil::source_dir() / dir)) {
      if (f.path().extension() != ".cpp") continue;
      std::string text = testutil::slurp(f.path());
      for (const auto* re : {&call, &variant, &made, &row})
        for (std::sregex_iterator it(text.begin(), text.end(), *re), end; it != end; ++it) {
          std::string id = (*it)[1];
          if (id.ends_with("-") || id.ends_with(".tsv") || id.ends_with(".md")) continue;  // a prefix, a data file
          INFO(f.path().filename().string() + ": " + id);
          CHECK(i18n::find(id) != nullptr);
          ++named;
        }
    }
  CHECK(named > 60);
}

TEST_CASE("render: parameters, plurals, unknown ids", "[i18n]") {
  CHECK(render(msg("report.summary", {{"files", 1}, {"errors", 0}, {"warnings", 2}, {"notes", 1}}), Lang::En) ==
        "1 file checked: 0 errors, 2 warnings, 1 note");
  CHECK(render(msg("report.summary", {{"files", 3}, {"errors", 1}, {"warnings", 0}, {"notes", 0}}), Lang::Zh) ==
        "已检查 3 个文件：1 个错误，0 个警告，0 个提示");
  // Quoted values stay as written, braces in them too.
  CHECK(render(msg("condition/key-unknown", {{"key", "\"acs:{x}\""}}), Lang::Zh).find("\"acs:{x}\"") !=
        std::string::npos);
  // A parameter without an argument is left as written; an unknown id keeps its arguments.
  CHECK(render(msg("common.write"), Lang::En) == "write {value}");
  CHECK(render(msg("no/such.message", {{"a", "1"}}), Lang::Zh) == "no/such.message a=1");
  CHECK(i18n::join_or({"\"a\"", "\"b\"", "\"c\""}, Lang::En) == "\"a\", \"b\" or \"c\"");
  CHECK(i18n::join_or({"\"a\"", "\"b\"", "\"c\""}, Lang::Zh) == "\"a\"、\"b\" 或 \"c\"");
  CHECK(i18n::join_and({"x"}, Lang::Zh) == "x");
}

TEST_CASE("the language: --lang values and the locale variables", "[i18n]") {
  CHECK(parse_lang("zh") == Lang::Zh);
  CHECK(parse_lang("zh_CN.UTF-8") == Lang::Zh);
  CHECK(parse_lang("zh-TW") == Lang::Zh);
  CHECK(parse_lang("en_US") == Lang::En);
  CHECK_FALSE(parse_lang("fr"));
  CHECK_FALSE(parse_lang(""));
  // The first of LC_ALL, LC_MESSAGES, LANG that is set and not empty decides.
  CHECK(lang_from_locale(nullptr, nullptr, "zh_CN.UTF-8") == Lang::Zh);
  CHECK(lang_from_locale("C", nullptr, "zh_CN.UTF-8") == Lang::En);
  CHECK(lang_from_locale("", "zh_SG.UTF-8", "en_US.UTF-8") == Lang::Zh);
  CHECK(lang_from_locale(nullptr, "en_GB", "zh_CN") == Lang::En);
  CHECK(lang_from_locale(nullptr, nullptr, nullptr) == Lang::En);
  CHECK(lang_from_locale(nullptr, nullptr, "POSIX") == Lang::En);
}

TEST_CASE("terminal cells: East Asian wide characters take two", "[i18n]") {
  CHECK(i18n::cell_width(U'a') == 1);
  CHECK(i18n::cell_width(U'中') == 2);
  CHECK(i18n::cell_width(U'，') == 2);  // fullwidth comma
  CHECK(i18n::cell_width(U'ｱ') == 1);   // halfwidth katakana
  CHECK(i18n::cell_width(U'한') == 2);
  CHECK(i18n::cell_width(0x0301) == 0);  // combining acute accent
  CHECK(i18n::cell_width(U'é') == 1);
  CHECK(i18n::terminal_width("\"中文\": 1", 4) == 6);
  CHECK(i18n::terminal_width("abc", 5) == 5);  // past the end: one cell per column
  CHECK(i18n::terminal_width("\xff\xfe"
                             "a",
                             3) == 3);              // bytes that are not UTF-8: one U+FFFD each
  CHECK(i18n::terminal_width("\xe4\xb8", 2) == 2);  // a truncated sequence: two bytes, two columns
}
