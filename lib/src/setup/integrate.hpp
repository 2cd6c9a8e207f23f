#pragma once
// The setup phase of a run: after every file is linted, the setups of the
// inputs are found (their Terraform modules, plans, ROS templates, and the
// configuration's "setups" that name an input) and proved.
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "policylint/config.hpp"
#include "policylint/finding.hpp"
#include "policylint/i18n.hpp"
#include "policylint/json.hpp"
#include "policylint/setup.hpp"

namespace policylint::input {
class TerraformModule;
}

namespace policylint::setup {

struct PhaseResult {
  std::vector<SetupResult> setups;
  // Findings of broken links, each with path, span, positions (and related
  // positions) filled in; `texts` holds the text of each file they are in.
  std::vector<Finding> findings;
  std::vector<std::pair<std::string, std::string>> texts;
};

// One file the run linted: its path as the run names it, and whether it held
// policies inside a template (a plan, a ROS template): only those, the
// Terraform files and the configuration's setups are read again.
struct Input {
  std::string path;
  bool embedded = false;
};
// The Terraform module the lint read for a directory (as Input paths name
// it), or null: the setup phase reuses it when its files hold the same texts.
using ReadModules = std::function<const input::TerraformModule*(const std::string& dir)>;

// The directory of a Terraform input whose files make its module.
std::string module_dir(const std::string& path);

// The names of a directory's Terraform files (.tf and .tf.json, as
// format_of tells them), sorted: the files of its module.
std::vector<std::string> module_file_names(const std::string& dir);

// The text of a file of a module's directory, by name, that the caller
// already holds, or none.
using HeldText = std::function<std::optional<std::string_view>(const std::string& name)>;

// The setups of the Terraform module in dir: its .tf and .tf.json files by
// name (names: module_file_names as the caller took it; listed here when
// null), each read again (a fix may have changed them) unless held gives its
// text; module: the lint's read of it, reused where the files hold the same
// texts, or null.
std::vector<Setup> module_setups(const std::string& dir, const json::Limits& limits,
                                 const input::TerraformModule* module, const std::vector<std::string>* names = nullptr,
                                 const HeldText& held = {});

// Findings and the steps of each proof are written in lang. found: the
// setups of modules found already, by module_dir (a run finds a module's as
// soon as its last file is linted, and frees the module); taken from it.
PhaseResult run_phase(const std::vector<Input>& inputs, const Config& config, const json::Limits& limits,
                      Lang lang = Lang::En, const ReadModules& modules = {},
                      std::map<std::string, std::vector<Setup>>* found = nullptr);

}  // namespace policylint::setup
