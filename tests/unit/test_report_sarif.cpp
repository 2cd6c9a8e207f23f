// SARIF output: our own structural check always; the official SARIF 2.1.0
// schema and the SARIF Multitool's SARIF + GitHub rules when
// tests/sarif/setup.sh has installed them into the build directory.
#include <catch2/catch.hpp>
#include <cstdlib>

#include "cli_util.hpp"
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

std::string text_of(const Node* n) { return n != nullptr && n->is_string() ? n->text : std::string{}; }
long num(const Node* n) { return n != nullptr && n->type == policylint::json::Type::Number ? std::stol(n->text) : -1; }

fs::path sarif_tools() {
  if (const char* env = std::getenv("POLICYLINT_SARIF_TOOLS")) return env;
  // POLICYLINT_CLI is BUILD_DIR/tools/policylint/policylint.
  return fs::path(POLICYLINT_CLI).parent_path().parent_path().parent_path() / "sarif-tools";
}

fs::path fixture(const char* rel) { return source_dir() / "testdata/cli/workflow" / rel; }

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
    const Node* loc = get(r, "locations")->items.at(0);
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
    fs::path tools = sarif_tools();
    if (!fs::exists(tools / "node_modules")) {
      WARN("SARIF validators not installed (run tests/sarif/setup.sh BUILD_DIR): structural check only");
    } else {
      std::string cmd = "bash " + shell_quote((source_dir() / "tests/sarif/validate.sh").string()) + " " +
                        shell_quote(tools.string()) + " " + shell_quote(out.string()) + " 2>&1";
      FILE* p = ::popen(cmd.c_str(), "r");
      REQUIRE(p != nullptr);
      std::string log;
      char buf[4096];
      std::size_t n;
      while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) log.append(buf, n);
      int st = ::pclose(p);
      INFO(log);
      CHECK(log.find("valid against sarif-2.1.0") != std::string::npos);
      CHECK((WIFEXITED(st) && WEXITSTATUS(st) == 0));
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
