#pragma once
// Scenarios: what a policy document is for ("replication-trust",
// "migration-role-policy", ...), read from rules/requirements/scenarios.tsv.
// `--scenario NAME` declares one; rules infer one from content otherwise.
#include <string>
#include <string_view>
#include <vector>

#include "policylint/finding.hpp"

namespace policylint {

struct Scenario {
  std::string name;
  Kind kind = Kind::Permission;
  std::string description;
};

// Every scenario of the embedded data, sorted by name. Malformed lines are skipped.
const std::vector<Scenario>& scenarios();
// The scenario of that name (exact), or nullptr.
const Scenario* find_scenario(std::string_view name);

}  // namespace policylint
