// Translated rule pages (rules/<family>/<name>.zh.md) sit beside the English
// pages; the English page alone is the source of a rule's metadata.
#include <catch2/catch.hpp>
#include <set>
#include <string>

#include "policylint/embedded.hpp"
#include "policylint/i18n.hpp"
#include "policylint/rule.hpp"

TEST_CASE("rule metadata comes from the English pages only", "[i18n][rules]") {
  std::set<std::string> ids;
  for (const auto& m : policylint::rule_metadata()) {
    INFO(m.id);
    CHECK(ids.insert(std::string(m.id)).second);  // a translation with the same id never adds a second entry
    // The page parsed is rules/<id>.md itself, never <id>.zh.md.
    CHECK(m.doc.data() == policylint::embedded::find(std::string(m.id) + ".md").data());
  }
  CHECK(ids.size() > 50);
}

TEST_CASE("every Chinese rule page that exists is complete", "[i18n][rules]") {
  using namespace policylint;
  std::size_t translated = 0;
  for (const auto& p : translated_pages(Lang::Zh)) {
    INFO(std::string(p.path));
    // rules/<family>/<name>.zh.md carries the id of rules/<family>/<name>.md.
    std::string_view stem = p.path.substr(0, p.path.size() - std::string_view(".zh.md").size());
    CHECK(p.id == stem);
    const RuleMeta* m = find_rule(p.id);
    REQUIRE(m != nullptr);
    CHECK(m->id == p.id);  // the rule's own id, not an alias
    CHECK_FALSE(p.summary.empty());
    bool cjk = false;
    for (unsigned char c : p.summary) cjk = cjk || c >= 0xE3;
    CHECK(cjk);
    for (const char* section : {"What it checks", "Why it matters", "Bad", "Good"})
      CHECK(p.body.find("## " + std::string(section_title(section, Lang::Zh))) != std::string_view::npos);
    // The summary and page the tool shows are the translation's.
    CHECK(rule_summary(*m, Lang::Zh) == p.summary);
    CHECK(rule_page(*m, Lang::Zh).find(p.body) != std::string::npos);
    ++translated;
  }
  // Every rule page has its Chinese page: a new rule without one fails here.
  for (const auto& m : rule_metadata()) {
    INFO(m.id << " has no rules/" << m.id << ".zh.md");
    CHECK_FALSE(embedded::find(std::string(m.id) + ".zh.md").empty());
  }
  CHECK(translated == rule_metadata().size());
}

TEST_CASE("a rule page without a translation is the English page in every language", "[i18n][rules]") {
  using namespace policylint;
  for (const auto& m : rule_metadata()) {
    if (!embedded::find(std::string(m.id) + ".zh.md").empty()) continue;
    INFO(m.id);
    CHECK(rule_summary(m, Lang::Zh) == m.summary);
    CHECK(rule_page(m, Lang::Zh) == std::string(m.doc));
  }
  for (const auto& m : rule_metadata()) {
    CHECK(rule_summary(m, Lang::En) == m.summary);
    CHECK(rule_page(m, Lang::En) == std::string(m.doc));
  }
}
