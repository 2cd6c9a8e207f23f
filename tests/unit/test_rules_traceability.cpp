// rules/requirements/traceability.md maps every requirement id of
// requirements.tsv to the rules that enforce it (or, for a whole-setup
// requirement, to the reason it is not checked per file). This test keeps the
// table, the id list and the rule pages' "requirements:" headers in step.
#include <catch2/catch.hpp>
#include <map>
#include <regex>
#include <set>

#include "cli_util.hpp"
#include "policylint/rule.hpp"

namespace {

struct Row {
  std::set<std::string> rules;
  std::string notes;
};

std::map<std::string, Row> table() {
  std::map<std::string, Row> rows;
  std::istringstream in(testutil::slurp(testutil::source_dir() / "rules/requirements/traceability.md"));
  const std::regex row_re(R"(^\|\s*([A-Z]{3}-\d\d)\s*\|([^|]*)\|(.*)\|\s*$)");
  const std::regex rule_re("`([a-z]+/[a-z0-9-]+)`");
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (!std::regex_match(line, m, row_re)) continue;
    Row& r = rows[m[1]];
    std::string rules = m[2];
    for (std::sregex_iterator it(rules.begin(), rules.end(), rule_re), end; it != end; ++it) r.rules.insert((*it)[1]);
    r.notes += m[3];
  }
  return rows;
}

std::map<std::string, std::string> requirements() {
  std::map<std::string, std::string> ids;  // id -> kinds
  std::istringstream in(testutil::slurp(testutil::source_dir() / "rules/requirements/requirements.tsv"));
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    auto tab = line.find('\t');
    auto tab2 = line.find('\t', tab + 1);
    ids[line.substr(0, tab)] = line.substr(tab + 1, tab2 - tab - 1);
  }
  return ids;
}

}  // namespace

TEST_CASE("traceability: every requirement is traced", "[rules][traceability]") {
  auto rows = table();
  for (const auto& [id, kinds] : requirements()) {
    INFO(id);
    REQUIRE(rows.count(id) == 1);
    const Row& r = rows[id];
    if (kinds == "setup") {
      // Needs the whole setup: the row must say what a whole-setup check needs.
      CHECK(r.notes.find_first_not_of(" ") != std::string::npos);
    } else {
      CHECK_FALSE(r.rules.empty());
    }
    for (const auto& rule : r.rules) {
      INFO(rule);
      CHECK(policylint::find_rule(rule) != nullptr);
    }
  }
}

TEST_CASE("traceability: rule pages and the table agree", "[rules][traceability]") {
  auto rows = table();
  auto ids = requirements();
  const std::regex id_re(R"([A-Z]{3}-\d\d)");
  for (const auto& m : policylint::rule_metadata()) {
    for (std::cregex_iterator it(m.requirements.data(), m.requirements.data() + m.requirements.size(), id_re), end;
         it != end; ++it) {
      std::string id = it->str();
      INFO(m.id << " names " << id);
      CHECK(ids.count(id) == 1);
      CHECK(rows[id].rules.count(std::string(m.id)) == 1);
    }
  }
}
