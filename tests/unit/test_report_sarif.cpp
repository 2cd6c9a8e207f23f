// SARIF output: our own structural check always; the official SARIF 2.1.0
// schema and the SARIF Multitool's SARIF + GitHub rules when
// tests/sarif/setup.sh has installed them into the build directory.
#include <rapidjson/document.h>
#include <rapidjson/ostreamwrapper.h>
#include <rapidjson/writer.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <map>
#include <set>

#include "cli_util.hpp"
#include "json_at.hpp"
#include "policylint/json.hpp"

namespace fs = std::filesystem;
using namespace testutil;
using policylint::json::Node;

namespace {

const Node* get(const Node* n, std::string_view key) {
  if (n == nullptr || !n->is_object()) return nullptr;
  const auto* m = n->find(key);
  return m != nullptr ? m->value : nullptr;
}

std::string text_of(const Node* n) { return n != nullptr && n->is_string() ? std::string(n->text) : std::string{}; }
long num(const Node* n) {
  return n != nullptr && n->type == policylint::json::Type::Number ? std::stol(std::string(n->text)) : -1;
}

fs::path sarif_tools() {
  if (const char* env = std::getenv("POLICYLINT_SARIF_TOOLS")) return env;
  // POLICYLINT_CLI is BUILD_DIR/tools/policylint/policylint.
  return fs::path(POLICYLINT_CLI).parent_path().parent_path().parent_path() / "sarif-tools";
}

fs::path fixture(const char* rel) { return source_dir() / "testdata/cli/workflow" / rel; }

struct Validation {
  bool available = false;
  int status = -1;
  std::string log;
};

// tests/sarif/validate.sh: the official schema and the Multitool (SARIF and
// GitHub rules); not available until tests/sarif/setup.sh has run.
Validation validate(const fs::path& file) {
  Validation v;
  fs::path tools = sarif_tools();
  if (!fs::exists(tools / "node_modules")) return v;
  v.available = true;
  std::string cmd = "bash " + shell_quote((source_dir() / "tests/sarif/validate.sh").string()) + " " +
                    shell_quote(tools.string()) + " " + shell_quote(file.string()) + " 2>&1";
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return v;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) v.log.append(buf, n);
  int st = ::pclose(p);
  v.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return v;
}

// The rule fixtures as the golden test finds them: testdata/<family>/<rule>/bad-*.json.
std::vector<fs::path> rule_dirs() {
  std::vector<fs::path> dirs;
  for (const auto& fam : fs::directory_iterator(source_dir() / "testdata")) {
    auto name = fam.path().filename();
    if (!fam.is_directory() || name == "examples" || name == "cli" || name == "corpus") continue;
    for (const auto& rule : fs::directory_iterator(fam.path()))
      if (rule.is_directory()) dirs.push_back(rule.path());
  }
  std::sort(dirs.begin(), dirs.end());
  return dirs;
}

std::vector<fs::path> bad_fixtures(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& f : fs::directory_iterator(dir)) {
    auto name = f.path().filename().string();
    if (name.starts_with("bad-") && f.path().extension() == ".json" && name.find(".fixed.") == std::string::npos)
      out.push_back(f.path());
    // A whole-setup fixture (setup/*): a directory linted as one tree.
    if (name.starts_with("bad-") && f.is_directory()) out.push_back(f.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The fixture's extra arguments, read as the golden test reads them:
// <fixture>.args, else <dir>/args; one per line; "{dir}" is the fixture's directory.
std::vector<std::string> extra_args(const fs::path& fixture) {
  fs::path own = fixture;
  own.replace_extension(".args");
  std::vector<std::string> out;
  for (const auto& p : {own, fixture.parent_path() / "args"}) {
    if (!fs::exists(p)) continue;
    std::istringstream in(slurp(p));
    for (std::string line; std::getline(in, line);) {
      if (line.empty() || line[0] == '#') continue;
      if (auto at = line.find("{dir}"); at != std::string::npos) line.replace(at, 5, fixture.parent_path().string());
      out.push_back(line);
    }
    break;
  }
  return out;
}

std::string rule_id(const fs::path& dir) {
  return dir.parent_path().filename().string() + "/" + dir.filename().string();
}

// The properties the SARIF 2.1.0 schema requires, and what GitHub reads.
void check_structure(const std::string& text) {
  auto doc = policylint::json::parse(text);
  REQUIRE(doc.ok());
  const Node* root = doc.root();
  CHECK(text_of(get(root, "version")) == "2.1.0");
  const Node* runs = get(root, "runs");
  REQUIRE(runs != nullptr);
  REQUIRE(runs->items.size() == 1);
  const Node* run = runs->items[0];
  const Node* driver = get(get(run, "tool"), "driver");
  CHECK(text_of(get(driver, "name")) == "policylint");
  const Node* rules = get(driver, "rules");
  REQUIRE(rules != nullptr);
  std::vector<std::string> ids;
  for (const Node* r : rules->items) {
    ids.push_back(text_of(get(r, "id")));
    CHECK_FALSE(text_of(get(get(r, "shortDescription"), "text")).empty());
    CHECK_FALSE(text_of(get(get(r, "fullDescription"), "text")).empty());
    CHECK_FALSE(text_of(get(get(r, "help"), "text")).empty());
  }
  const Node* results = get(run, "results");
  REQUIRE(results != nullptr);
  CHECK_FALSE(results->items.empty());
  for (const Node* r : results->items) {
    std::string id = text_of(get(r, "ruleId"));
    long index = num(get(r, "ruleIndex"));
    REQUIRE(index >= 0);
    REQUIRE(static_cast<std::size_t>(index) < ids.size());
    CHECK(ids[static_cast<std::size_t>(index)] == id);
    std::string level = text_of(get(r, "level"));
    CHECK((level == "error" || level == "warning" || level == "note"));
    CHECK_FALSE(text_of(get(get(r, "message"), "text")).empty());
    const Node* loc = testutil::at(get(r, "locations")->items, 0);
    const Node* phys = get(loc, "physicalLocation");
    CHECK_FALSE(text_of(get(get(phys, "artifactLocation"), "uri")).empty());
    const Node* region = get(phys, "region");
    CHECK(num(get(region, "startLine")) >= 1);
    CHECK(num(get(region, "startColumn")) >= 1);
    CHECK(num(get(region, "endLine")) >= num(get(region, "startLine")));
    CHECK(num(get(region, "endColumn")) >= 1);
  }
}

}  // namespace

TEST_CASE("report: sarif", "[report][sarif]") {
  fs::path out = fs::temp_directory_path() / ("policylint-test-" + std::to_string(::getpid()) + ".sarif");
  RunResult r =
      run_cli({"--format", "sarif", "--output", out.string(), fixture("terraform/plan-broken-trust.json").string(),
               fixture("ros/template-broken.json").string(), fixture("sarif/fixable.json").string()});
  CHECK(r.status == 1);
  CHECK(r.out.empty());  // --output: nothing on stdout
  std::string text = slurp(out);

  SECTION("structure") { check_structure(text); }

  SECTION("regions, logical locations and fixes") {
    // The Terraform finding is placed in the outer plan file.
    CHECK(text.find(R"("region":{"startLine":15,"startColumn":209,"endLine":15,"endColumn":225})") !=
          std::string::npos);
    CHECK(
        text.find(R"("logicalLocations":[{"fullyQualifiedName":"alicloud_ram_role.replication","kind":"resource"}])") !=
        std::string::npos);
    CHECK(text.find(R"("fixes":[{"description":{"text":"write \"Allow\""})") != std::string::npos);
    CHECK(text.find(R"("insertedContent":{"text":"\"Allow\""})") != std::string::npos);
    CHECK(text.find(R"("columnKind":"unicodeCodePoints")") != std::string::npos);
  }

  SECTION("official schema and GitHub ingestion rules") {
    Validation v = validate(out);
    if (!v.available) {
      WARN("SARIF validators not installed (run tests/sarif/setup.sh BUILD_DIR): structural check only");
    } else {
      INFO(v.log);
      CHECK(v.log.find("valid against sarif-2.1.0") != std::string::npos);
      CHECK(v.status == 0);
    }
  }
  fs::remove(out);
}

TEST_CASE("report: sarif with no findings", "[report][sarif]") {
  RunResult r = run_cli({"--format", "sarif", "--select", "grammar/effect-invalid",
                         (source_dir() / "testdata/cli/workflow/sarif/clean.json").string()});
  CHECK(r.status == 0);
  CHECK(r.out.find(R"("results":[])") != std::string::npos);
  CHECK(r.out.find(R"("rules":[])") != std::string::npos);
}

// Every rule's bad fixtures, each linted as the golden test lints it, merged
// into one log: rule descriptors and results exactly as the writer made them,
// results re-indexed into the merged rules array. A rule whose descriptor or
// result breaks the schema or a Multitool rule fails here.
TEST_CASE("report: one sarif log with a finding of every rule", "[report][sarif]") {
  rapidjson::Document merged;
  auto& alloc = merged.GetAllocator();
  rapidjson::Value rules(rapidjson::kArrayType), results(rapidjson::kArrayType);
  std::map<std::string, unsigned> index;
  std::set<std::string> fired, tested;
  for (const auto& dir : rule_dirs()) {
    std::string id = rule_id(dir);
    for (const auto& f : bad_fixtures(dir)) {
      tested.insert(id);
      auto args = fs::is_directory(f) ? std::vector<std::string>{} : extra_args(f);
      if (fs::exists(f / ".policylint.json")) args.insert(args.end(), {"--config", (f / ".policylint.json").string()});
      args.insert(args.end(), {"--select", id, "--format", "sarif", "--fail-on", "never", f.string()});
      RunResult r = run_cli(args);
      INFO(id << " " << f.filename().string());
      CHECK(r.status == 0);
      rapidjson::Document log;
      // Valid JSON and valid UTF-8.
      log.Parse<rapidjson::kParseValidateEncodingFlag>(r.out.data(), r.out.size());
      bool parsed = !log.HasParseError() && log.IsObject();
      CHECK(parsed);
      if (!parsed) continue;  // report every broken fixture, not only the first
      check_structure(r.out);
      auto& run = log["runs"][0];
      if (merged.IsNull()) merged.CopyFrom(log, alloc);
      for (auto& rule : run["tool"]["driver"]["rules"].GetArray()) {
        std::string rid = rule["id"].GetString();
        if (index.emplace(rid, rules.Size()).second) rules.PushBack(rapidjson::Value(rule, alloc), alloc);
      }
      for (auto& res : run["results"].GetArray()) {
        rapidjson::Value copy(res, alloc);
        std::string rid = copy["ruleId"].GetString();
        fired.insert(rid);
        copy["ruleIndex"].SetUint(index.at(rid));
        results.PushBack(copy, alloc);
      }
    }
  }
  REQUIRE(merged.IsObject());
  auto& run = merged["runs"][0];
  run["tool"]["driver"]["rules"] = rules;
  run["results"] = results;

  // Every rule with a bad fixture has a result in the log.
  CHECK(tested.size() > 50);
  for (const auto& id : tested) {
    INFO(id);
    CHECK(fired.count(id) == 1);
  }

  const auto& driver = run["tool"]["driver"];
  REQUIRE(driver.HasMember("informationUri"));
  CHECK(std::string(driver["informationUri"].GetString()).starts_with("https://"));
  for (const auto& rule : driver["rules"].GetArray()) {
    std::string id = rule["id"].GetString();
    INFO(id);
    std::set<std::string> tags;
    for (const auto& t : rule["properties"]["tags"].GetArray()) CHECK(tags.insert(t.GetString()).second);
    CHECK(tags.count(id.substr(0, id.find('/'))) == 1);
  }

  fs::path out = fs::temp_directory_path() / ("policylint-test-all-" + std::to_string(::getpid()) + ".sarif");
  {
    std::ofstream file(out, std::ios::binary);
    rapidjson::OStreamWrapper os(file);
    rapidjson::Writer<rapidjson::OStreamWrapper> w(os);
    merged.Accept(w);
  }
  std::string text = slurp(out);
  check_structure(text);
  Validation v = validate(out);
  if (!v.available) {
    WARN("SARIF validators not installed (run tests/sarif/setup.sh BUILD_DIR): structural check only");
  } else {
    INFO(v.log);
    CHECK(v.log.find("valid against sarif-2.1.0") != std::string::npos);
    CHECK(v.status == 0);
  }
  fs::remove(out);
}
