// The language of a run end to end: converted rules say nothing in English
// under --lang zh, the locale chooses the language unless --lang does, and
// --list-rules / --explain use the Chinese pages where they exist.
#include <rapidjson/document.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cctype>
#include <cstdlib>
#include <regex>
#include <set>

#include "cli_util.hpp"
#include "i18n_check.hpp"
#include "policylint/embedded.hpp"
#include "policylint/i18n.hpp"
#include "policylint/rule.hpp"

namespace fs = std::filesystem;
using namespace testutil;

using testutil::english_in;

namespace {

// The rule families whose messages come from rules/messages/: every family
// with a table of its own (rules/messages/<family>.tsv) and fixtures.
std::vector<std::string> converted_families() {
  std::vector<std::string> out;
  for (const auto& t : fs::directory_iterator(source_dir() / "rules" / "messages")) {
    if (t.path().extension() != ".tsv") continue;
    std::string family = t.path().stem().string();
    if (fs::is_directory(source_dir() / "testdata" / family)) out.push_back(family);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Runs the CLI (standard error merged) with the locale variables unset, then
// those of env ("NAME=value" each) set; ctest runs each test case in a
// process of its own.
RunResult run_env(const std::vector<std::string>& env, const std::vector<std::string>& args, bool merge_stderr = true) {
  for (const char* v : {"LC_ALL", "LC_MESSAGES", "LANG"}) ::unsetenv(v);
  for (const auto& e : env) {
    auto eq = e.find('=');
    ::setenv(e.substr(0, eq).c_str(), e.substr(eq + 1).c_str(), 1);
  }
  RunResult r = run_cli(args, merge_stderr);
  for (const char* v : {"LC_ALL", "LC_MESSAGES", "LANG"}) ::unsetenv(v);
  return r;
}

std::vector<std::string> lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

}  // namespace

TEST_CASE("a converted rule reports no English under --lang zh", "[i18n][golden]") {
  std::size_t checked = 0;
  const auto families = converted_families();
  CHECK(families.size() >= 4);
  for (const std::string& family : families)
    for (const auto& rule : fs::directory_iterator(source_dir() / "testdata" / family)) {
      if (!rule.is_directory()) continue;
      std::string id = family + "/" + rule.path().filename().string();
      for (const auto& f : fs::directory_iterator(rule.path())) {
        std::string name = f.path().filename().string();
        auto ext = f.path().extension();
        if (!name.starts_with("bad-") || name.find(".fixed.") != std::string::npos ||
            (ext != ".json" && ext != ".tf" && ext != ".yaml"))
          continue;
        fs::path expected = f.path();
        expected.replace_extension(".expected");
        if (!fs::exists(expected)) continue;
        std::vector<std::string> args = {"--lang", "zh", "--format", "compact", "--select", id};
        // The fixture's own arguments (<fixture>.args, else <dir>/args).
        fs::path own = f.path();
        own.replace_extension(".args");
        for (const auto& a : {own, rule.path() / "args"}) {
          if (!fs::exists(a)) continue;
          for (const auto& l : lines(slurp(a))) {
            std::string arg = l;
            if (arg.empty() || arg[0] == '#') continue;
            if (auto at = arg.find("{dir}"); at != std::string::npos) arg.replace(at, 5, rule.path().string());
            args.push_back(arg);
          }
          break;
        }
        // Without a configuration, unless the fixture names its own (as the golden runner does).
        if (std::find(args.begin(), args.end(), "--config") == args.end()) args.push_back("--no-config");
        args.push_back(f.path().string());
        INFO(f.path().string());
        RunResult zh = run_cli(args);
        // The same findings at the same places, in Chinese.
        checked += testutil::check_chinese_against_golden(zh.out, slurp(expected), family + "/");
      }
    }
  CHECK(checked > 30);
}

TEST_CASE("the locale chooses the language unless --lang does", "[i18n][cli]") {
  std::string file = (source_dir() / "testdata/condition/operator-unknown/bad-case.json").string();
  auto zh = run_env({"LANG=zh_CN.UTF-8"}, {"--no-config", "--no-color", file});
  CHECK(zh.status == 1);
  CHECK(zh.out.find("条件运算符") != std::string::npos);
  CHECK(zh.out.find("已检查 1 个文件") != std::string::npos);
  CHECK(zh.out.find("[condition/operator-unknown]") != std::string::npos);  // rule ids stay
  CHECK(zh.out.find(": error: ") != std::string::npos);                     // severities stay

  auto en = run_env({"LANG=zh_CN.UTF-8"}, {"--lang", "en", "--no-config", "--no-color", file});
  CHECK(en.out.find("condition operator") != std::string::npos);
  CHECK(en.out.find("1 file checked") != std::string::npos);
  CHECK(en.out.find("条件") == std::string::npos);

  // LC_ALL comes before LANG; LC_MESSAGES before LANG.
  CHECK(run_env({"LC_ALL=C", "LANG=zh_CN.UTF-8"}, {"--no-config", file}).out.find("1 file checked") !=
        std::string::npos);
  CHECK(run_env({"LC_MESSAGES=zh_CN.UTF-8", "LANG=en_US.UTF-8"}, {"--no-config", file}).out.find("已检查") !=
        std::string::npos);
  CHECK(run_env({}, {"--no-config", file}).out.find("1 file checked") != std::string::npos);

  // JSON carries the message in the chosen language, field names unchanged.
  auto json = run_env({}, {"--lang", "zh", "--format", "json", "--no-config", file}, false);
  CHECK(json.out.find("\"message\":\"条件运算符") != std::string::npos);
  CHECK(json.out.find("\"severity\":\"error\"") != std::string::npos);

  // A bad --lang is a usage error.
  auto bad = run_env({}, {"--lang", "fr", file});
  CHECK(bad.status == 2);
  CHECK(bad.out.find("--lang must be en or zh, not 'fr'") != std::string::npos);
  CHECK(run_env({"LANG=zh_CN.UTF-8"}, {"--lang", "fr", file}).out.find("--lang 必须是 en 或 zh") != std::string::npos);
  // The CLI's own messages: a usage error in Chinese.
  CHECK(run_env({}, {"--lang", "zh", "--fail-on", "sometimes", file}).out.find("--fail-on 必须是") !=
        std::string::npos);
}

TEST_CASE("rule list and rule pages in Chinese (--list-rules, --explain), English where no page is translated",
          "[i18n][cli]") {
  const policylint::RuleMeta* translated = nullptr;
  const policylint::RuleMeta* untranslated = nullptr;
  for (const auto& m : policylint::rule_metadata()) {
    bool has = !policylint::embedded::find(std::string(m.id) + ".zh.md").empty();
    if (has && translated == nullptr) translated = &m;
    if (!has && untranslated == nullptr) untranslated = &m;
  }
  auto list = run_env({}, {"--lang", "zh", "--list-rules"});
  CHECK(list.status == 0);
  auto list_en = run_env({}, {"--lang", "en", "--list-rules"});
  CHECK(lines(list.out).size() == lines(list_en.out).size());
  if (translated != nullptr) {
    std::string summary = policylint::rule_summary(*translated, policylint::Lang::Zh);
    CHECK(summary != translated->summary);
    CHECK(list.out.find(std::string(translated->id) + "  ") != std::string::npos);
    CHECK(list.out.find(summary) != std::string::npos);
    auto page = run_env({}, {"--lang", "zh", "--explain", std::string(translated->id)});
    CHECK(page.status == 0);
    CHECK(page.out.find("## 检查内容") != std::string::npos);
    CHECK(page.out.find("\nseverity: ") != std::string::npos);  // header fields stay English
    CHECK(page.out.find("summary: " + summary) != std::string::npos);
  }
  if (untranslated != nullptr) {
    auto page = run_env({}, {"--lang", "zh", "--explain", std::string(untranslated->id)});
    CHECK(page.status == 0);
    CHECK(page.out == std::string(untranslated->doc));
    CHECK(list.out.find(std::string(untranslated->id) + "  ") != std::string::npos);
  }
  auto family = run_env({}, {"--lang", "zh", "--explain", "condition"});
  CHECK(family.out.find("condition 族的规则") != std::string::npos);
  auto unknown = run_env({}, {"--lang", "zh", "--explain", "nope/nothing"});
  CHECK(unknown.status == 2);
  CHECK(unknown.out.find("未知的规则或规则族 'nope/nothing'") != std::string::npos);
}

TEST_CASE("SARIF in Chinese: messages and rule help from the Chinese page, valid JSON", "[i18n][cli][sarif]") {
  std::string file = (source_dir() / "testdata/condition/operator-unknown/bad-case.json").string();
  auto zh = run_env({}, {"--lang", "zh", "--format", "sarif", "--no-config", "--kind", "permission", file}, false);
  auto en = run_env({}, {"--format", "sarif", "--no-config", "--kind", "permission", file}, false);
  rapidjson::Document doc;
  doc.Parse(zh.out.c_str());
  REQUIRE_FALSE(doc.HasParseError());
  const auto& run = doc["runs"][0];
  const auto& rule = run["tool"]["driver"]["rules"][0];
  CHECK(std::string(rule["id"].GetString()) == "condition/operator-unknown");
  const policylint::RuleMeta* m = policylint::find_rule("condition/operator-unknown");
  REQUIRE(m != nullptr);
  std::string_view page = policylint::embedded::find("condition/operator-unknown.zh.md");
  if (!page.empty()) {
    CHECK(std::string(rule["shortDescription"]["text"].GetString()) ==
          policylint::rule_summary(*m, policylint::Lang::Zh));
    CHECK(std::string(rule["help"]["markdown"].GetString()).find("## 检查内容") != std::string::npos);
  }
  CHECK(std::string(run["results"][0]["message"]["text"].GetString()).find("条件运算符") != std::string::npos);
  // English SARIF keeps the English page.
  CHECK(en.out.find("## What it checks") != std::string::npos);
  CHECK(en.out.find("条件") == std::string::npos);
}
