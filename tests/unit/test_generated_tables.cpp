// The catalog and rule metadata tables are laid out at build time by
// lib/gen/policylint_gen.cpp. These tests read the embedded rules/ files again
// here, with the library's own parsers, and check that the tables say the same.
#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "../../lib/src/catalog/tables.hpp"
#include "../../lib/src/util/text.hpp"
#include "../../lib/src/util/tsv.hpp"
#include "policylint/catalog.hpp"
#include "policylint/embedded.hpp"
#include "policylint/rule.hpp"

using namespace policylint;

namespace {

// The value of "key:" in a rule page header (the lines up to the first blank
// one); nullopt when absent. The last line of a key counts.
std::optional<std::string_view> header_value(std::string_view page, std::string_view key) {
  std::optional<std::string_view> out;
  while (!page.empty()) {
    std::size_t nl = page.find('\n');
    std::string_view line = util::trim(page.substr(0, nl));
    page.remove_prefix(nl == std::string_view::npos ? page.size() : nl + 1);
    if (line.empty()) break;
    std::size_t colon = line.find(':');
    if (colon != std::string_view::npos && util::trim(line.substr(0, colon)) == key)
      out = util::trim(line.substr(colon + 1));
  }
  return out;
}

std::vector<std::string_view> list_of(std::string_view s) {
  std::vector<std::string_view> out;
  while (!s.empty()) {
    std::size_t comma = s.find(',');
    std::string_view part = util::trim(s.substr(0, comma));
    if (!part.empty()) out.push_back(part);
    if (comma == std::string_view::npos) break;
    s.remove_prefix(comma + 1);
  }
  return out;
}

// rules/<family>/<name>.md, not a translation (<name>.<lang>.md) nor a data folder's document.
bool is_rule_page(std::string_view path) {
  if (!path.ends_with(".md") || path.ends_with("README.md")) return false;
  std::size_t slash = path.rfind('/');
  if (slash == std::string_view::npos) return false;
  for (std::string_view data : {"catalog/", "requirements/", "messages/"})
    if (path.starts_with(data)) return false;
  return path.substr(slash + 1, path.size() - slash - 4).find('.') == std::string_view::npos;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

}  // namespace

TEST_CASE("generated tables: the rule metadata is every rule page's header", "[rules][generated]") {
  std::size_t pages = 0;
  for (const auto& f : embedded::files()) {
    if (!is_rule_page(f.path)) continue;
    auto id = header_value(f.text, "id");
    if (!id || id->empty()) continue;
    ++pages;
    INFO(f.path);
    const RuleMeta* m = find_rule(*id);
    REQUIRE(m != nullptr);
    CHECK(m->id == *id);
    CHECK(m->doc.data() == f.text.data());
    CHECK(m->doc.size() == f.text.size());
    auto severity = header_value(f.text, "severity");
    CHECK(m->severity == parse_severity(severity.value_or("")).value_or(Severity::Warning));
    auto uncertain = header_value(f.text, "severity-when-uncertain");
    CHECK(m->severity_when_uncertain == (uncertain ? parse_severity(*uncertain) : std::nullopt));
    KindMask kinds = kAllKinds;
    if (auto k = header_value(f.text, "kinds")) {
      kinds = 0;
      for (std::string_view word : list_of(*k))
        if (auto kind = parse_kind(word)) kinds |= kind_bit(*kind);
    }
    CHECK(m->kinds == kinds);
    CHECK(m->summary == header_value(f.text, "summary").value_or(""));
    CHECK(m->requirements == header_value(f.text, "requirements").value_or(""));
    CHECK(m->fix == header_value(f.text, "fix").value_or(""));
    auto aliases = list_of(header_value(f.text, "aliases").value_or(""));
    CHECK(std::equal(m->aliases.begin(), m->aliases.end(), aliases.begin(), aliases.end()));
    for (std::string_view alias : aliases) CHECK(find_rule(alias) != nullptr);
  }
  CHECK(pages > 50);
  CHECK(rule_metadata().size() == pages);
  for (std::size_t i = 1; i < rule_metadata().size(); ++i) CHECK(rule_metadata()[i - 1].id < rule_metadata()[i].id);
}

TEST_CASE("generated tables: the embedded files are the rules/ files, sorted by path", "[generated]") {
  auto files = embedded::files();
  REQUIRE_FALSE(files.empty());
  for (std::size_t i = 1; i < files.size(); ++i) CHECK(files[i - 1].path < files[i].path);
  for (const auto& f : files) {
    INFO(f.path);
    CHECK((f.path.ends_with(".md") || f.path.ends_with(".tsv") || f.path.ends_with(".json")));
    CHECK(embedded::find(f.path).data() == f.text.data());
  }
  // A page's text is the file's, up to the last byte (no literal piece dropped).
  std::string_view page = embedded::find("action/case-mismatch.md");
  CHECK(page.starts_with("id: action/case-mismatch\n"));
  CHECK(page.ends_with("\n"));
}

TEST_CASE("generated tables: the catalog holds every row of rules/catalog/", "[catalog][generated]") {
  const catalog::Catalog& c = catalog::get();
  constexpr std::string_view kActions = "catalog/actions/";
  std::set<std::string> services, seen_actions;
  for (const auto& row : util::read_embedded_tsv("catalog/services.tsv").rows)
    if (!row.fields[0].empty() && row.fields[0].find_first_of(" :*") == std::string_view::npos)
      services.insert(util::to_lower(row.fields[0]));
  for (const auto& f : embedded::files()) {
    if (!f.path.starts_with(kActions) || !f.path.ends_with(".tsv")) continue;
    std::string code = util::to_lower(f.path.substr(kActions.size(), f.path.size() - kActions.size() - 4));
    services.insert(code);
    INFO(f.path);
    CHECK(c.complete(code) == f.text.starts_with("# complete: yes"));
    std::uint32_t order = 0;
    for (const auto& row : util::read_tsv(f.text).rows) {
      std::string_view name = row.fields[0];
      if (name.empty() || name.find_first_of(" :*?") != std::string_view::npos) continue;
      std::string full = code + ":" + std::string(name);
      INFO(full);
      const catalog::Action* a = c.find(full);
      REQUIRE(a != nullptr);
      CHECK(util::iequals(a->full(), full));
      // The first spelling of an action listed twice is the one kept.
      if (seen_actions.insert(util::to_lower(full)).second) {
        CHECK(a->name == name);
        CHECK(a->order == order);
        std::string_view level = row.fields.size() > 1 ? row.fields[1] : "";
        CHECK(a->level == (level == "service"  ? catalog::Level::Service
                           : level == "bucket" ? catalog::Level::Bucket
                           : level == "object" ? catalog::Level::Object
                                               : catalog::Level::None));
      }
      ++order;
    }
  }
  CHECK(c.actions().size() == seen_actions.size());
  auto listed = c.services();
  CHECK(std::vector<std::string>(listed.begin(), listed.end()) ==
        std::vector<std::string>(services.begin(), services.end()));
  for (const std::string& code : services) CHECK(c.known_service(code));

  std::map<std::string, catalog::KeyType> keys;
  std::map<std::string_view, catalog::KeyType> types = {{"string", catalog::KeyType::String},
                                                        {"bool", catalog::KeyType::Bool},
                                                        {"date", catalog::KeyType::Date},
                                                        {"numeric", catalog::KeyType::Numeric},
                                                        {"ip", catalog::KeyType::Ip}};
  for (const auto& row : util::read_embedded_tsv("catalog/condition-keys.tsv", 2).rows)
    if (auto t = types.find(row.fields[1]); !row.fields[0].empty() && t != types.end())
      keys.emplace(util::to_lower(row.fields[0]), t->second);
  REQUIRE_FALSE(keys.empty());
  for (const auto& [key, type] : keys) {
    INFO(key);
    CHECK(c.key_type(key) == type);
  }
  std::map<std::string, bool> principals;
  for (const auto& row : util::read_embedded_tsv("catalog/service-principals.tsv").rows)
    if (!row.fields[0].empty())
      principals.emplace(util::to_lower(row.fields[0]), row.fields.size() > 1 && row.fields[1] == "yes");
  REQUIRE_FALSE(principals.empty());
  for (const auto& [host, scoped] : principals) {
    INFO(host);
    CHECK(c.known_service_principal(host));
    CHECK(c.account_scoped(host) == scoped);
  }
  for (const auto& row : util::read_embedded_tsv("catalog/arn-services.tsv", 2).rows) {
    std::string arn = row.fields[1] == "*" ? "any-service" : std::string(row.fields[1]);
    CHECK(c.applies_to_arn_service(row.fields[0], arn));
  }
}

TEST_CASE("generated tables: every hash slot array finds each of its keys", "[catalog][generated]") {
  const catalog::detail::Tables& t = catalog::detail::kTables;
  auto all_found = [](const catalog::detail::LowerIndex& index, std::span<const std::string_view> keys) {
    for (std::size_t i = 0; i < keys.size(); ++i) {
      INFO(keys[i]);
      CHECK(index.find(keys[i]) == i);
      CHECK(index.find(upper(keys[i])) == i);
    }
    CHECK(index.find("no such key") == catalog::detail::LowerIndex::npos);
  };
  all_found(t.services_index, t.services);
  all_found(t.complete_index, t.complete_services);
  all_found(t.actions_index, t.action_keys);
  all_found(t.keys_index, t.keys);
  all_found(t.principals_index, t.principals);
  REQUIRE(t.service_ranges.size() == t.services.size());
  for (std::size_t i = 0; i < t.services.size(); ++i)
    for (std::uint32_t a = t.service_ranges[i].first; a < t.service_ranges[i].last; ++a)
      CHECK(t.actions[a].service == t.services[i]);
}
