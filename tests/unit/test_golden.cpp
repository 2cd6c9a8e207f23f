// Golden tests: every fixture under testdata/<family>/<rule>/ is linted with
// only its rule selected and compared with its .expected file; good-* files
// must stay silent; bad-*.fixed.json is what --fix must produce.
// Set POLICYLINT_UPDATE_GOLDEN=1 to rewrite the .expected files.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <set>

#include "cli_util.hpp"
#include "policylint/rule.hpp"

namespace fs = std::filesystem;
using namespace testutil;

namespace {

bool update_mode() { return std::getenv("POLICYLINT_UPDATE_GOLDEN") != nullptr; }

// Extra arguments for a fixture: <fixture>.args, else <dir>/args; one per line.
std::vector<std::string> extra_args(const fs::path& fixture) {
  fs::path own = fixture;
  own.replace_extension(".args");
  fs::path dir = fixture.parent_path() / "args";
  std::vector<std::string> out;
  for (const auto& p : {own, dir}) {
    if (!fs::exists(p)) continue;
    std::istringstream in(slurp(p));
    for (std::string line; std::getline(in, line);) {
      if (line.empty() || line[0] == '#') continue;
      // "{dir}" stands for the fixture's directory (e.g. --previous {dir}/old.json).
      if (auto at = line.find("{dir}"); at != std::string::npos) line.replace(at, 5, fixture.parent_path().string());
      out.push_back(line);
    }
    break;
  }
  return out;
}

std::vector<fs::path> rule_dirs() {
  std::vector<fs::path> dirs;
  for (const auto& fam : fs::directory_iterator(source_dir() / "testdata")) {
    if (!fam.is_directory() || fam.path().filename() == "examples" || fam.path().filename() == "cli" ||
        fam.path().filename() == "corpus" || fam.path().filename() == "ros-yaml" || fam.path().filename() == "setups")
      continue;
    // Published documents and whole-directory scenarios are not rule fixtures.
    for (const auto& rule : fs::directory_iterator(fam.path()))
      if (rule.is_directory() && rule.path().filename() != "published" && rule.path().filename() != "gate" &&
          rule.path().filename() != "seeds")
        dirs.push_back(rule.path());
  }
  std::sort(dirs.begin(), dirs.end());
  return dirs;
}

std::string rule_id(const fs::path& dir) {
  return dir.parent_path().filename().string() + "/" + dir.filename().string();
}

// A whole-setup fixture: a directory good-*/bad-* linted as one tree (with
// its own .policylint.json when it has one), for rules that judge several
// documents together (setup/*).
bool is_setup_fixture(const fs::path& p, const char* prefix) {
  return fs::is_directory(p) && p.filename().string().rfind(prefix, 0) == 0;
}

// Lints a setup fixture; paths in the output are relative to the directory.
RunResult run_setup_fixture(const fs::path& dir, std::vector<std::string> args) {
  fs::path config = dir / ".policylint.json";
  if (fs::exists(config)) args.insert(args.end(), {"--config", config.string()});
  args.push_back(dir.string());
  RunResult r = run_cli(args, false, "", true);
  std::string prefix = dir.string() + "/";
  for (std::size_t at; (at = r.out.find(prefix)) != std::string::npos;) r.out.erase(at, prefix.size());
  return r;
}

bool is_fixture(const fs::path& p, const char* prefix) {
  if (is_setup_fixture(p, prefix)) return true;
  auto name = p.filename().string();
  auto ext = p.extension();
  bool readable = ext == ".json" || ext == ".tf" || ext == ".yaml" || ext == ".yml";
  return name.rfind(prefix, 0) == 0 && readable && name.find(".fixed.") == std::string::npos;
}

}  // namespace

TEST_CASE("golden: rule fixtures", "[golden]") {
  for (const auto& dir : rule_dirs()) {
    std::string id = rule_id(dir);
    std::vector<fs::path> files;
    for (const auto& f : fs::directory_iterator(dir)) files.push_back(f.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      if (is_setup_fixture(f, "bad-")) {
        DYNAMIC_SECTION(id << " " << f.filename().string()) {
          RunResult r = run_setup_fixture(f, {"--lang", "en", "--select", id, "--format", "compact"});
          fs::path expected = f.string() + ".expected";
          if (update_mode()) std::ofstream(expected, std::ios::binary) << r.out;
          REQUIRE(fs::exists(expected));
          CHECK(r.out == slurp(expected));
          CHECK_FALSE(r.out.empty());
          std::istringstream lines(r.out);
          for (std::string line; std::getline(lines, line);) CHECK(line.find(" " + id + " ") != std::string::npos);
        }
      } else if (is_setup_fixture(f, "good-")) {
        DYNAMIC_SECTION(id << " " << f.filename().string()) {
          RunResult r = run_setup_fixture(f, {"--lang", "en", "--select", id, "--format", "compact"});
          CHECK(r.out == "");
          CHECK(r.status == 0);
        }
      } else if (is_fixture(f, "bad-")) {
        DYNAMIC_SECTION(id << " " << f.filename().string()) {
          auto args = extra_args(f);
          args.insert(args.end(), {"--lang", "en", "--select", id, "--format", "compact", f.string()});
          RunResult r = run_cli(args);
          fs::path expected = f;
          expected.replace_extension(".expected");
          if (update_mode()) std::ofstream(expected, std::ios::binary) << r.out;
          REQUIRE(fs::exists(expected));
          CHECK(r.out == slurp(expected));
          CHECK_FALSE(r.out.empty());
          // Every finding of a bad fixture belongs to the rule under test.
          std::istringstream lines(r.out);
          for (std::string line; std::getline(lines, line);) CHECK(line.find(" " + id + " ") != std::string::npos);
        }
      } else if (is_fixture(f, "good-")) {
        DYNAMIC_SECTION(id << " " << f.filename().string()) {
          auto args = extra_args(f);
          args.insert(args.end(), {"--lang", "en", "--select", id, "--format", "compact", f.string()});
          RunResult r = run_cli(args);
          CHECK(r.out == "");
          CHECK(r.status == 0);
        }
      }
    }
  }
}

TEST_CASE("golden: fixes", "[golden][fix]") {
  for (const auto& dir : rule_dirs()) {
    std::string id = rule_id(dir);
    for (const auto& f : fs::directory_iterator(dir)) {
      auto name = f.path().filename().string();
      if (name.size() < 11 || name.substr(name.size() - 11) != ".fixed.json") continue;
      DYNAMIC_SECTION(id << " " << name) {
        fs::path bad = dir / (name.substr(0, name.size() - 11) + ".json");
        REQUIRE(fs::exists(bad));
        fs::path tmp = fs::temp_directory_path() / ("policylint-fix-" + std::to_string(::getpid()) + ".json");
        fs::copy_file(bad, tmp, fs::copy_options::overwrite_existing);
        auto args = extra_args(bad);
        args.insert(args.end(), {"--select", id, "--fix", "--format", "compact", tmp.string()});
        run_cli(args);
        CHECK(slurp(tmp) == slurp(f.path()));
        // A second --fix changes nothing.
        run_cli(args);
        CHECK(slurp(tmp) == slurp(f.path()));
        fs::remove(tmp);
      }
    }
  }
}

TEST_CASE("golden: every rule has documentation and fixtures", "[golden][registry]") {
  std::set<std::string> registered, documented, tested;
  for (const auto& r : policylint::registered_rules()) registered.insert(std::string(r.id));
  for (const auto& m : policylint::rule_metadata()) documented.insert(std::string(m.id));
  for (const auto& dir : rule_dirs()) {
    bool bad = false, good = false;
    for (const auto& f : fs::directory_iterator(dir)) {
      bad = bad || is_fixture(f.path(), "bad-");
      good = good || is_fixture(f.path(), "good-");
    }
    if (bad && good) tested.insert(rule_id(dir));
  }
  for (const auto& id : registered) {
    INFO(id);
    CHECK(documented.count(id) == 1);
    CHECK(tested.count(id) == 1);
  }
  for (const auto& id : documented) {
    INFO(id);
    CHECK(registered.count(id) == 1);
  }
}

TEST_CASE("golden: the declared fix matches what the rule does", "[golden][fix]") {
  for (const auto& dir : rule_dirs()) {
    std::string id = rule_id(dir);
    const policylint::RuleMeta* meta = policylint::find_rule(id);
    if (meta == nullptr) continue;  // reported by the registry test
    bool has_fixed_file = false;
    for (const auto& f : fs::directory_iterator(dir)) {
      auto name = f.path().filename().string();
      if (name.find(".fixed.json") != std::string::npos) has_fixed_file = true;
      if (!is_fixture(f.path(), "bad-") || fs::is_directory(f.path())) continue;
      DYNAMIC_SECTION(id << " " << name) {
        auto args = extra_args(f.path());
        args.insert(args.end(), {"--select", id, "--format", "json", f.path().string()});
        RunResult r = run_cli(args);
        std::size_t findings = 0, fixes = 0;
        for (std::size_t p = 0; (p = r.out.find("{\"rule\":", p)) != std::string::npos; ++p) ++findings;
        for (std::size_t p = 0; (p = r.out.find("\"fix\":{", p)) != std::string::npos; ++p) ++fixes;
        if (meta->fix == "none") CHECK(fixes == 0);
        if (meta->fix == "always") CHECK(fixes == findings);
      }
    }
    INFO(id);
    if (has_fixed_file) CHECK(meta->fix != "none");
  }
}
