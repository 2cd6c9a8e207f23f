// Translated rule pages (rules/<family>/<name>.zh.md) sit beside the English
// pages; the English page alone is the source of a rule's metadata.
#include <catch2/catch.hpp>
#include <set>

#include "policylint/embedded.hpp"
#include "policylint/rule.hpp"

TEST_CASE("rule metadata comes from the English pages only", "[i18n][rules]") {
  std::set<std::string> ids;
  for (const auto& m : policylint::rule_metadata()) {
    INFO(m.id);
    CHECK(ids.insert(m.id).second);  // a translation with the same id never adds a second entry
    // The page parsed is rules/<id>.md itself, never <id>.zh.md.
    CHECK(m.doc.data() == policylint::embedded::find(m.id + ".md").data());
  }
  CHECK(ids.size() > 50);
}
