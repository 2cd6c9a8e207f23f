// CLI tests: exit codes, standard input, the --format json shape, output
// streams, --explain, --list-rules and colour. Inputs are in testdata/cli/;
// only the json and grammar families are selected, so that rules added later
// do not change these results.
#include <rapidjson/document.h>
#include <stdlib.h>

#include <algorithm>
#include <catch2/catch.hpp>

#include "cli_util.hpp"

namespace fs = std::filesystem;
using namespace testutil;

namespace {

std::string cli_file(const char* name) { return (source_dir() / "testdata/cli" / name).string(); }

// Arguments that make the results independent of other rule families.
std::vector<std::string> with_base(std::vector<std::string> args) {
  std::vector<std::string> out = {"--select", "json", "--select", "grammar"};
  out.insert(out.end(), args.begin(), args.end());
  return out;
}

// Sets an environment variable for the lifetime of the object.
struct ScopedEnv {
  std::string name;
  ScopedEnv(std::string n, const char* value) : name(std::move(n)) { ::setenv(name.c_str(), value, 1); }
  ~ScopedEnv() { ::unsetenv(name.c_str()); }
};

bool has_escape(const std::string& s) { return s.find('\x1b') != std::string::npos; }

}  // namespace

TEST_CASE("cli: exit codes", "[cli]") {
  SECTION("0 when clean") {
    RunResult r = run_cli(with_base({cli_file("clean.json")}));
    CHECK(r.status == 0);
  }
  SECTION("0 for JSON that is not a policy") {
    RunResult r = run_cli(with_base({"-f", "compact", cli_file("not-a-policy.json")}));
    CHECK(r.status == 0);
    CHECK(r.out.empty());
  }
  SECTION("1 for findings at or above --fail-on") {
    CHECK(run_cli(with_base({cli_file("errors.json")})).status == 1);
    CHECK(run_cli(with_base({cli_file("warning-only.json")})).status == 1);  // default: warning
    CHECK(run_cli(with_base({"--fail-on", "error", cli_file("warning-only.json")})).status == 0);
    CHECK(run_cli(with_base({"--fail-on", "warning", cli_file("note-only.json")})).status == 0);
    CHECK(run_cli(with_base({"--fail-on", "note", cli_file("note-only.json")})).status == 1);
    CHECK(run_cli(with_base({"--fail-on", "never", cli_file("errors.json")})).status == 0);
  }
  SECTION("--severity changes what fails") {
    CHECK(
        run_cli(with_base({"--severity", "grammar/statement-not-array=note", cli_file("warning-only.json")})).status ==
        0);
  }
  SECTION("2 for a missing path; the other paths are still linted and reported") {
    RunResult r = run_cli(with_base({"-f", "compact", cli_file("does-not-exist.json"), cli_file("errors.json")}));
    CHECK(r.status == 2);
    CHECK(r.out.find("grammar/effect-invalid") != std::string::npos);
    CHECK(r.out.find("grammar/unknown-key") != std::string::npos);
    // Also when the other files are clean.
    CHECK(run_cli(with_base({cli_file("clean.json"), cli_file("does-not-exist.json")})).status == 2);
  }
  SECTION("2 for usage errors") {
    CHECK(run_cli({"--no-such-option", cli_file("clean.json")}).status == 2);
    CHECK(run_cli({"--select", "grammar/no-such-rule", cli_file("clean.json")}).status == 2);
    CHECK(run_cli({"--disable", "nosuchfamily", cli_file("clean.json")}).status == 2);
    CHECK(run_cli({"--explain", "grammar/no-such-rule"}).status == 2);
    CHECK(run_cli({"--kind", "role", cli_file("clean.json")}).status == 2);
    CHECK(run_cli({"--format", "xml", cli_file("clean.json")}).status == 2);
    CHECK(run_cli({"--fail-on", "fatal", cli_file("clean.json")}).status == 2);
    CHECK(run_cli({}).status == 2);
  }
  SECTION("a usage error prints one line to standard error and nothing to standard output") {
    RunResult out_only = run_cli({"--select", "grammar/no-such-rule", cli_file("clean.json")});
    CHECK(out_only.out.empty());
    RunResult both = run_cli({"--select", "grammar/no-such-rule", cli_file("clean.json")}, true);
    CHECK(both.out.find("grammar/no-such-rule") != std::string::npos);
    CHECK(std::count(both.out.begin(), both.out.end(), '\n') == 1);
  }
}

TEST_CASE("cli: - reads standard input", "[cli]") {
  SECTION("findings of stdin") {
    RunResult r = run_cli(with_base({"-f", "compact", "-"}), false, cli_file("errors.json"));
    CHECK(r.status == 1);
    CHECK(r.out ==
          "5:17-5:24 error grammar/effect-invalid \"Effect\" is \"allow\"; it must be exactly \"Allow\" or \"Deny\" "
          "(values are case-sensitive)\n"
          "7:7-7:18 error grammar/unknown-key \"Resources\" is not a statement element; did you mean \"Resource\"?\n");
  }
  SECTION("the path is <stdin> and --kind applies") {
    RunResult r = run_cli(with_base({"-f", "json", "--kind", "trust", "-"}), false, cli_file("clean.json"));
    rapidjson::Document d;
    d.Parse(r.out.c_str());
    REQUIRE_FALSE(d.HasParseError());
    const auto& files = d["files"];
    REQUIRE(files.Size() == 1);
    CHECK(std::string(files[0]["path"].GetString()) == "<stdin>");
    CHECK(std::string(files[0]["kind"].GetString()) == "trust");
    CHECK_FALSE(files[0]["kindInferred"].GetBool());
    // A trust policy with Resource and without Principal.
    CHECK(r.out.find("grammar/resource-in-trust") != std::string::npos);
    CHECK(r.out.find("grammar/principal-missing") != std::string::npos);
  }
  SECTION("clean stdin") {
    RunResult r = run_cli(with_base({"-"}), false, cli_file("clean.json"));
    CHECK(r.status == 0);
  }
}

TEST_CASE("cli: --format json shape", "[cli]") {
  RunResult r = run_cli(with_base({"-f", "json", cli_file("errors.json"), cli_file("note-only.json")}));
  CHECK(r.status == 1);
  rapidjson::Document d;
  d.Parse(r.out.c_str());
  REQUIRE_FALSE(d.HasParseError());
  REQUIRE(d.IsObject());

  REQUIRE(d.HasMember("version"));
  CHECK(d["version"].IsInt());
  REQUIRE(d.HasMember("tool"));
  CHECK(std::string(d["tool"]["name"].GetString()) == "policylint");
  CHECK(d["tool"]["version"].IsString());

  REQUIRE(d.HasMember("findings"));
  const auto& findings = d["findings"];
  REQUIRE(findings.IsArray());
  REQUIRE(findings.Size() == 3);
  for (const auto& f : findings.GetArray()) {
    for (const char* key : {"rule", "severity", "message", "path", "kind"}) {
      INFO(key);
      REQUIRE(f.HasMember(key));
      CHECK(f[key].IsString());
    }
    for (const char* key : {"line", "column", "endLine", "endColumn"}) {
      INFO(key);
      REQUIRE(f.HasMember(key));
      CHECK(f[key].IsUint());
      CHECK(f[key].GetUint() >= 1);
    }
  }
  const auto& first = findings[0];
  CHECK(std::string(first["rule"].GetString()) == "grammar/effect-invalid");
  CHECK(std::string(first["severity"].GetString()) == "error");
  CHECK(std::string(first["message"].GetString()).find("\"allow\"") != std::string::npos);
  CHECK(std::string(first["path"].GetString()) == cli_file("errors.json"));
  CHECK(first["line"].GetUint() == 5);
  CHECK(first["column"].GetUint() == 17);
  CHECK(first["endLine"].GetUint() == 5);
  CHECK(first["endColumn"].GetUint() == 24);
  CHECK(std::string(first["kind"].GetString()) == "permission");
  REQUIRE(first.HasMember("fix"));
  CHECK(first["fix"]["safe"].GetBool());
  const auto& note = findings[2];
  CHECK(std::string(note["severity"].GetString()) == "note");
  CHECK(std::string(note["path"].GetString()) == cli_file("note-only.json"));

  REQUIRE(d.HasMember("summary"));
  const auto& s = d["summary"];
  CHECK(s["files"].GetUint() == 2);
  CHECK(s["errors"].GetUint() == 2);
  CHECK(s["warnings"].GetUint() == 0);
  CHECK(s["notes"].GetUint() == 1);

  SECTION("an empty findings array when clean") {
    RunResult c = run_cli(with_base({"-f", "json", cli_file("clean.json")}));
    rapidjson::Document e;
    e.Parse(c.out.c_str());
    REQUIRE_FALSE(e.HasParseError());
    CHECK(e["findings"].Size() == 0);
    CHECK(e["summary"]["errors"].GetUint() == 0);
  }
}

TEST_CASE("cli: results only on standard output", "[cli]") {
  SECTION("JSON stays parseable with a missing path and verbose logging") {
    RunResult r = run_cli(with_base({"-v", "-f", "json", cli_file("does-not-exist.json"), cli_file("errors.json")}));
    CHECK(r.status == 2);
    rapidjson::Document d;
    d.Parse(r.out.c_str());
    REQUIRE_FALSE(d.HasParseError());
    CHECK(d["findings"].Size() == 2);
    // The complaint about the missing path went to standard error.
    CHECK(r.out.find("does-not-exist") == std::string::npos);
    RunResult merged =
        run_cli(with_base({"-v", "-f", "json", cli_file("does-not-exist.json"), cli_file("errors.json")}), true);
    CHECK(merged.out.find("does-not-exist.json: cannot read") != std::string::npos);
  }
  SECTION("--output writes the report to a file and nothing to standard output") {
    fs::path tmp = fs::temp_directory_path() / ("policylint-cli-" + std::to_string(::getpid()) + ".json");
    RunResult r = run_cli(with_base({"-f", "json", "-o", tmp.string(), cli_file("errors.json")}));
    CHECK(r.status == 1);
    CHECK(r.out.empty());
    rapidjson::Document d;
    d.Parse(slurp(tmp).c_str());
    CHECK_FALSE(d.HasParseError());
    fs::remove(tmp);
  }
}

TEST_CASE("cli: --explain and --list-rules", "[cli]") {
  SECTION("--explain prints the rule page") {
    RunResult r = run_cli({"--explain", "grammar/unknown-key"});
    CHECK(r.status == 0);
    CHECK(r.out.rfind("id: grammar/unknown-key\n", 0) == 0);
    CHECK(r.out.find("## What it checks") != std::string::npos);
    CHECK(r.out.find("## Fix") != std::string::npos);
  }
  SECTION("--list-rules lists every json and grammar rule with its severity") {
    RunResult r = run_cli({"--list-rules"});
    CHECK(r.status == 0);
    CHECK(r.out.find("json/syntax-error  error  ") != std::string::npos);
    CHECK(r.out.find("json/byte-order-mark  warning  ") != std::string::npos);
    CHECK(r.out.find("grammar/statement-not-array  warning  ") != std::string::npos);
    CHECK(r.out.find("grammar/duplicate-entry  note  ") != std::string::npos);
    CHECK(r.out.find("grammar/principal-unexpected  error  ") != std::string::npos);
    // A rule whose severity depends on certainty says so (its page header).
    CHECK(r.out.find("bucket/swapped-accounts  error (note when uncertain)  ") != std::string::npos);
    std::size_t lines = static_cast<std::size_t>(std::count(r.out.begin(), r.out.end(), '\n'));
    CHECK(lines >= 28);  // 6 json + 22 grammar at least
  }
}

TEST_CASE("cli: colour", "[cli]") {
  SECTION("never when standard output is not a terminal") {
    RunResult r = run_cli(with_base({cli_file("errors.json")}));
    CHECK(r.out.find("grammar/effect-invalid") != std::string::npos);
    CHECK_FALSE(has_escape(r.out));
  }
  SECTION("on a terminal unless NO_COLOR or --no-color") {
    // script(1) gives the CLI a pseudo-terminal; skip where it is missing.
    if (std::system("script -qec true /dev/null >/dev/null 2>&1") != 0) {
      WARN("script(1) not available: terminal colour not tested");
      return;
    }
    auto on_tty = [](const std::string& extra) {
      std::string cmd =
          shell_quote(POLICYLINT_CLI) + " --select grammar " + extra + " " + shell_quote(cli_file("errors.json"));
      RunResult r;
      FILE* p = ::popen(("script -qec " + shell_quote(cmd) + " /dev/null").c_str(), "r");
      REQUIRE(p != nullptr);
      char buf[4096];
      std::size_t n;
      while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
      ::pclose(p);
      return r.out;
    };
    {
      ::unsetenv("NO_COLOR");
      std::string plain_env = on_tty("");
      CHECK(plain_env.find("grammar/effect-invalid") != std::string::npos);
      CHECK(has_escape(plain_env));
    }
    {
      ScopedEnv env("NO_COLOR", "1");
      std::string out = on_tty("");
      CHECK(out.find("grammar/effect-invalid") != std::string::npos);
      CHECK_FALSE(has_escape(out));
    }
    CHECK_FALSE(has_escape(on_tty("--no-color")));
  }
}
