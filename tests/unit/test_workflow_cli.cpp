// The CLI in real workflows: directory walks, configuration discovery and
// errors, baselines, GitHub and SARIF output to a file.
#include <unistd.h>

#include <catch2/catch.hpp>

#include "cli_util.hpp"

namespace fs = std::filesystem;
using namespace testutil;

namespace {

const char* kBad = R"({
  "Version": "1",
  "Statement": [
    {"Effect": "allow", "Action": ["oss:GetObject"], "Resource": ["acs:oss:*:*:example-logs/*"]}
  ]
}
)";

// A scratch project directory; the working directory is moved into it for
// the lifetime of the object (configuration discovery starts there).
struct Project {
  fs::path root, old;
  Project() {
    root = fs::temp_directory_path() / ("policylint-wf-" + std::to_string(::getpid()));
    fs::remove_all(root);
    fs::create_directories(root);
    old = fs::current_path();
    fs::current_path(root);
  }
  ~Project() {
    fs::current_path(old);
    fs::remove_all(root);
  }
  void write(const std::string& rel, const std::string& text) {
    fs::create_directories((root / rel).parent_path());
    std::ofstream(root / rel, std::ios::binary) << text;
  }
};

std::vector<std::string> args(std::initializer_list<std::string> a) {
  std::vector<std::string> v{"--select", "grammar/effect-invalid", "--no-color"};
  if (std::find(a.begin(), a.end(), "--format") == a.end()) v.insert(v.end(), {"--format", "compact"});
  v.insert(v.end(), a);
  return v;
}

}  // namespace

TEST_CASE("cli: directory walk", "[workflow][cli]") {
  Project p;
  p.write("policies/a.json", kBad);
  p.write("policies/skip/b.json", kBad);
  p.write("node_modules/x/c.json", kBad);
  p.write(".git/d.json", kBad);
  p.write("build/e.json", kBad);
  p.write("policies/notes.txt", kBad);
  p.write("package.json", R"({"name": "x", "version": "1.0.0"})");
  fs::create_directory_symlink("..", p.root / "policies" / "loop");  // must not hang

  SECTION("defaults: *.json, VCS/dependency/build folders skipped, non-policies quiet") {
    RunResult r = run_cli(args({"--format", "text", "-q", "."}), true);
    CHECK(r.status == 1);
    CHECK(r.out.find("policies/a.json:4:16") != std::string::npos);
    CHECK(r.out.find("policies/skip/b.json") != std::string::npos);
    CHECK(r.out.find("node_modules") == std::string::npos);
    CHECK(r.out.find(".git") == std::string::npos);
    CHECK(r.out.find("build/") == std::string::npos);
    CHECK(r.out.find("package.json") == std::string::npos);
    CHECK(r.out.find("notes.txt") == std::string::npos);
  }
  SECTION("--verbose names the skipped non-policy file") {
    RunResult r = run_cli(args({"-v", "."}), true);
    CHECK(r.out.find("package.json: not a policy document, skipped") != std::string::npos);
  }
  SECTION("--exclude and --include") {
    RunResult r = run_cli(args({"--exclude", "policies/skip", "--format", "text", "-q", "."}));
    CHECK(r.out.find("skip/b.json") == std::string::npos);
    CHECK(r.out.find("a.json") != std::string::npos);
    r = run_cli(args({"--include", "*.txt", "--format", "text", "-q", "."}));
    CHECK(r.out.find("notes.txt") != std::string::npos);
    CHECK(r.out.find("a.json") == std::string::npos);
  }
  SECTION("configuration exclude, and --force-exclude for named files") {
    p.write(".policylint.json", R"({"exclude": ["policies/skip/**"]})");
    RunResult r = run_cli(args({"--format", "text", "-q", "."}));
    CHECK(r.out.find("skip/b.json") == std::string::npos);
    r = run_cli(args({"policies/skip/b.json"}));
    CHECK(r.status == 1);  // named files are linted ...
    r = run_cli(args({"--force-exclude", "policies/skip/b.json"}));
    CHECK(r.status == 0);  // ... unless --force-exclude (pre-commit)
    CHECK(r.out.empty());
  }
}

TEST_CASE("cli: configuration", "[workflow][cli]") {
  Project p;
  p.write("trust/t.json", R"({"Version": "1", "Statement": [{"Effect": "allow", "Action": "sts:AssumeRole",
    "Principal": {"Service": ["ecs.aliyuncs.com"]}}]})");

  SECTION("found in a parent directory; severities and failOn apply") {
    p.write(".policylint.json", R"({"rules": {"grammar/effect-invalid": "note"}, "failOn": "note",
      "overrides": [{"files": ["trust/*.json"], "kind": "trust"}]})");
    fs::create_directories(p.root / "sub");
    fs::current_path(p.root / "sub");
    RunResult r = run_cli(args({"../trust/t.json"}));
    CHECK(r.status == 1);
    CHECK(r.out.find(" note grammar/effect-invalid ") != std::string::npos);
    r = run_cli(args({"--fail-on", "warning", "../trust/t.json"}));
    CHECK(r.status == 0);  // the command line beats the configuration
    r = run_cli(args({"--no-config", "../trust/t.json"}));
    CHECK(r.out.find(" error grammar/effect-invalid ") != std::string::npos);
  }
  SECTION("a broken configuration: located errors on stderr, exit 2, no report") {
    p.write(".policylint.json", "{\n  \"rules\": {},\n  \"exclude\": \"x\",\n  \"colour\": true\n}\n");
    RunResult r = run_cli(args({"trust/t.json"}), true);
    CHECK(r.status == 2);
    CHECK(r.out.find(".policylint.json:3:14: error: \"exclude\" must be an array of strings; found string [config]") !=
          std::string::npos);
    CHECK(r.out.find(".policylint.json:4:3: error: unknown key \"colour\"") != std::string::npos);
    CHECK(r.out.find("grammar/effect-invalid") == std::string::npos);
  }
  SECTION("--config names the file; an unused suppression is noted") {
    p.write("cfg/lint.json", R"({"suppressions": [
      {"rule": "grammar/effect-invalid", "path": "trust/*.json", "reason": "tracked in TICKET-1"},
      {"rule": "grammar/effect-missing", "path": "trust/*.json", "reason": "old"}]})");
    // Globs are relative to the configuration's directory.
    RunResult r = run_cli(args({"--config", "cfg/lint.json", "trust/t.json"}), true);
    CHECK(r.out.find("effect-invalid") != std::string::npos);  // cfg/trust/*.json does not match
    p.write(".policylint.json", slurp(p.root / "cfg/lint.json"));
    r = run_cli(args({"--select", "grammar/effect-missing", "--select", "config/unused-suppression", "trust/t.json"}),
                true);
    CHECK(r.status == 0);
    CHECK(r.out.find("3:7-3:82 note config/unused-suppression suppression of grammar/effect-missing in "
                     "trust/*.json matches no finding") != std::string::npos);
    // Not when the suppressed rule did not run.
    r = run_cli(args({"--select", "config/unused-suppression", "trust/t.json"}), true);
    CHECK(r.out.find("grammar/effect-missing") == std::string::npos);
  }
}

TEST_CASE("cli: baseline", "[workflow][cli]") {
  Project p;
  p.write("a.json", kBad);
  RunResult r = run_cli(args({"--write-baseline", "baseline.json", "a.json"}), true);
  CHECK(r.status == 0);
  REQUIRE(fs::exists(p.root / "baseline.json"));

  SECTION("old findings are hidden after a line shift; new ones are reported") {
    p.write("a.json", std::string("\n\n") + kBad);
    r = run_cli(args({"--baseline", "baseline.json", "a.json"}));
    CHECK(r.status == 0);
    CHECK(r.out.empty());
    std::string two = kBad;
    two.insert(two.rfind(']'), R"(, {"Effect": "deny", "Action": "oss:*", "Resource": "*"})");
    p.write("a.json", two);
    r = run_cli(args({"--baseline", "baseline.json", "a.json"}));
    CHECK(r.status == 1);
    CHECK(r.out.find("\"deny\"") != std::string::npos);
    CHECK(r.out.find("\"allow\"") == std::string::npos);
  }
  SECTION("a fixed finding leaves an unused entry, which is noted") {
    std::string fixed = kBad;
    fixed.replace(fixed.find("\"allow\""), 7, "\"Allow\"");
    p.write("a.json", fixed);
    r = run_cli(args({"--select", "baseline/unused-entry", "--baseline", "baseline.json", "a.json"}), true);
    CHECK(r.status == 0);
    CHECK(r.out.find("baseline/unused-entry 1 baselined grammar/effect-invalid finding in a.json no longer occurs") !=
          std::string::npos);
  }
}

TEST_CASE("cli: formats and --output", "[workflow][cli]") {
  Project p;
  p.write("a.json", kBad);
  RunResult r = run_cli({"--select", "grammar/effect-invalid", "--format", "github", "a.json"});
  CHECK(r.status == 1);
  CHECK(r.out.starts_with("::error file=a.json,line=4,col=16,endColumn=23,endLine=4,title=grammar/effect-invalid::"));
  r = run_cli({"--format", "sarif", "--output", "out.sarif", "a.json"});
  CHECK(r.out.empty());
  CHECK(slurp(p.root / "out.sarif").find("\"version\":\"2.1.0\"") != std::string::npos);
  r = run_cli({"--version"});
  CHECK(r.out.starts_with("policylint "));
  r = run_cli({"--help"});
  for (const char* opt : {"--config", "--baseline", "--write-baseline", "--include", "--exclude", "--force-exclude",
                          "--format", "--output", "--quiet", "--verbose", "--version"})
    CHECK(r.out.find(opt) != std::string::npos);
}
