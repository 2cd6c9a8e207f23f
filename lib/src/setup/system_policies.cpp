#include "setup/system_policies.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "policylint/embedded.hpp"
#include "util/tsv.hpp"

namespace policylint::setup {

namespace {

constexpr std::string_view kDir = "system-policies/";

// index.tsv: name, published (yes|no), source URL, assumption ("-" when none).
std::vector<SystemPolicy> load() {
  std::vector<SystemPolicy> all;
  auto tsv = util::read_embedded_tsv("system-policies/index.tsv", 4, 4);
  for (const auto& row : tsv.rows) {
    SystemPolicy p;
    p.name = row.fields[0];
    if (p.name.empty()) continue;
    p.source = row.fields[2];
    if (row.fields[3] != "-") p.assumption = row.fields[3];
    if (row.fields[1] == "yes") {
      std::string path = std::string(kDir) + std::string(p.name) + ".json";
      p.text = embedded::find(path);
      // A row that claims a document the build does not hold is treated as
      // not published, so that nothing is ever evaluated against an empty text.
      p.published = !p.text.empty();
    }
    all.push_back(p);
  }
  std::sort(all.begin(), all.end(), [](const SystemPolicy& a, const SystemPolicy& b) { return a.name < b.name; });
  all.erase(std::unique(all.begin(), all.end(),
                        [](const SystemPolicy& a, const SystemPolicy& b) { return a.name == b.name; }),
            all.end());
  return all;
}

const std::vector<SystemPolicy>& table() {
  static const std::vector<SystemPolicy> all = load();
  return all;
}

}  // namespace

std::span<const SystemPolicy> system_policies() { return table(); }

const SystemPolicy* find_system_policy(std::string_view name) {
  const auto& all = table();
  auto it = std::lower_bound(all.begin(), all.end(), name,
                             [](const SystemPolicy& p, std::string_view n) { return p.name < n; });
  return it != all.end() && it->name == name ? &*it : nullptr;
}

}  // namespace policylint::setup
