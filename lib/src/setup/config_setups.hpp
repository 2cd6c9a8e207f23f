#pragma once
// The "setups" section of .policylint.json in a language: read_config_setups
// (policylint/config.hpp) with its problems written in lang
// (rules/messages/configuration.tsv, configuration.setups.*).
#include <vector>

#include "policylint/config.hpp"
#include "policylint/i18n.hpp"
#include "policylint/json.hpp"

namespace policylint::setup {

std::vector<Setup> read_config_setups(const json::Node& section, const Config& config,
                                      std::vector<ConfigProblem>& problems, Lang lang);

}  // namespace policylint::setup
