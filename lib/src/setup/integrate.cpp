#include "integrate.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "discover.hpp"
#include "documents.hpp"
#include "policylint/engine.hpp"
#include "proof.hpp"
#include "util/path.hpp"

namespace policylint::setup {

namespace {

namespace fs = std::filesystem;

std::string normal(const std::string& p) { return util::path_key(p); }

// The paths a setup's documents and places are in.
std::set<std::string> paths_of(const Setup& s) {
  std::set<std::string> out;
  auto ref = [&](const std::optional<PolicyRef>& r) {
    if (r && r->in_file()) out.insert(normal(r->path));
  };
  for (const auto& i : s.identities) {
    ref(i.trust);
    for (const auto& p : i.policies)
      if (p.in_file()) out.insert(normal(p.path));
  }
  for (const auto& b : s.buckets) ref(b.policy);
  for (const auto& k : s.keys) ref(k.policy);
  return out;
}

}  // namespace

std::string module_dir(const std::string& path) { return fs::path(path).parent_path().generic_string(); }

std::vector<std::string> module_file_names(const std::string& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (fs::directory_iterator it(dir.empty() ? fs::path(".") : fs::path(dir), ec), end; !ec && it != end;
       it.increment(ec)) {
    std::string name = it->path().filename().string();
    InputFormat f = format_of(name);
    if (f == InputFormat::Terraform || f == InputFormat::TerraformJson) names.push_back(std::move(name));
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::vector<Setup> module_setups(const std::string& dir, const json::Limits& limits,
                                 const input::TerraformModule* module, const std::vector<std::string>* names,
                                 const HeldText& held) {
  std::vector<std::string> listed;
  if (names == nullptr) {
    listed = module_file_names(dir);
    names = &listed;
  }
  // The texts read here, in place before the views of them are taken.
  std::vector<std::string> texts;
  texts.reserve(names->size());
  std::vector<std::pair<std::string, std::string_view>> files;
  for (const auto& n : *names) {
    std::string p = dir.empty() ? n : (fs::path(dir) / n).generic_string();
    if (held)
      if (std::optional<std::string_view> t = held(n)) {
        files.emplace_back(std::move(p), *t);
        continue;
      }
    std::string t;
    if (!read_file(p, limits.max_bytes, t)) continue;
    texts.push_back(std::move(t));
    files.emplace_back(std::move(p), texts.back());
  }
  return terraform_setups(files, limits, module);
}

PhaseResult run_phase(const std::vector<Input>& inputs, const Config& config, const json::Limits& limits, Lang lang,
                      const ReadModules& modules, std::map<std::string, std::vector<Setup>>* found) {
  PhaseResult out;
  std::vector<Setup> setups;
  // The inputs' absolute paths, for the configuration's setups only (a path
  // key is file-system arithmetic: none per file without such setups).
  std::set<std::string> input_set;
  if (!config.setups.empty())
    for (const auto& in : inputs) input_set.insert(normal(in.path));

  // Terraform modules: every directory with a .tf input, read whole.
  std::set<std::string> dirs;
  for (const auto& in : inputs) {
    const std::string& p = in.path;
    InputFormat f = format_of(p);
    if (p == "-" || p == "<stdin>") continue;
    if (f == InputFormat::Terraform || f == InputFormat::TerraformJson) {
      dirs.insert(module_dir(p));
      continue;
    }
    if ((f != InputFormat::Json && f != InputFormat::Yaml) || !in.embedded) continue;
    std::string text;
    if (!read_file(p, limits.max_bytes, text)) continue;
    if (text.find("ROSTemplateFormatVersion") != std::string::npos) {
      auto v = ros_setups(p, text, limits);
      setups.insert(setups.end(), std::make_move_iterator(v.begin()), std::make_move_iterator(v.end()));
    } else if (f == InputFormat::Json && (text.find("\"terraform_version\"") != std::string::npos ||
                                          text.find("\"format_version\"") != std::string::npos)) {
      auto v = terraform_plan_setups(p, text, limits);
      setups.insert(setups.end(), std::make_move_iterator(v.begin()), std::make_move_iterator(v.end()));
    }
  }
  for (const auto& dir : dirs) {
    std::vector<Setup> v;
    bool have = false;
    if (found != nullptr)
      if (auto it = found->find(dir); it != found->end()) v = std::move(it->second), have = true;
    if (!have) v = module_setups(dir, limits, modules ? modules(dir) : nullptr);
    setups.insert(setups.end(), std::make_move_iterator(v.begin()), std::make_move_iterator(v.end()));
  }
  // The configuration's setups that name a file of this run.
  for (const auto& s : config.setups) {
    auto paths = paths_of(s);
    if (std::any_of(paths.begin(), paths.end(), [&](const std::string& p) { return input_set.count(p) > 0; }))
      setups.push_back(s);
  }
  if (setups.empty()) return out;

  DocumentStore store(limits, nullptr);
  out.setups = prove(setups, store, out.findings, lang);
  std::map<std::string, const Source*> sources;
  auto source_of = [&](const std::string& path) -> const Source* {
    auto it = sources.find(path);
    if (it != sources.end()) return it->second;
    const LoadedFile& f = store.load(path);
    const Source* s = f.readable ? &f.source : nullptr;
    sources[path] = s;
    if (s != nullptr) out.texts.emplace_back(path, s->text());
    return s;
  };
  for (auto& f : out.findings) {
    if (const Source* s = source_of(f.path)) {
      f.start = s->position(f.span.begin);
      f.end = s->position(f.span.end);
    }
    for (auto& r : f.related) {
      if (r.path.empty()) continue;
      if (r.path == f.path) {
        r.path.clear();
        continue;
      }
      if (const Source* s = source_of(r.path)) {
        r.start = s->position(r.span.begin);
        r.end = s->position(r.span.end);
      }
    }
  }
  return out;
}

}  // namespace policylint::setup
