// Reports written file by file (ReportWriter, RunOptions::on_report) are the
// bytes of the same format written from every report at once, and a streamed
// run delivers the same reports in the same order as a run that keeps them.
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "cli_util.hpp"
#include "policylint/config.hpp"
#include "policylint/report.hpp"
#include "policylint/run.hpp"

namespace fs = std::filesystem;
using namespace policylint;
using testutil::source_dir;

namespace {

// The bundled examples and a Terraform setup: findings of many rules, related
// locations, fixes, documents in context and setups.
RunResult lint_examples(const std::function<void(FileReport&&)>& on_report = {}) {
  RunOptions options;
  options.paths = {(source_dir() / "testdata" / "examples").string(),
                   (source_dir() / "testdata" / "setups" / "terraform").string()};
  options.jobs = 2;
  options.on_report = on_report;
  return run(options, Config{});
}

std::string all_at_once(Format format, const std::vector<FileReport>& reports, const ReportOptions& opt) {
  std::ostringstream out;
  switch (format) {
    case Format::Text:
      write_text(out, reports, opt);
      break;
    case Format::Compact:
      write_compact(out, reports, opt);
      break;
    case Format::Json:
      write_json(out, reports, opt);
      break;
    case Format::Sarif:
      write_sarif(out, reports, opt);
      break;
    case Format::Github:
      write_github(out, reports, opt);
      break;
  }
  return out.str();
}

}  // namespace

TEST_CASE("report writer: file by file, the same bytes as all at once", "[report][stream]") {
  RunResult result = lint_examples();
  REQUIRE(result.reports.size() > 10);
  std::size_t findings = 0;
  for (const auto& r : result.reports) findings += r.findings.size();
  REQUIRE(findings > 20);
  for (const char* name : {"text", "compact", "json", "sarif", "github"}) {
    INFO(name);
    auto format = parse_format(name);
    REQUIRE(format);
    ReportOptions opt;
    opt.tool_version = "1.2.3";
    opt.setups = result.setups.empty() ? nullptr : &result.setups;
    std::string expected = all_at_once(*format, result.reports, opt);
    std::ostringstream out;
    ReportOptions streamed = opt;
    streamed.setups = nullptr;  // known only at the end of a streamed run
    auto writer = make_report_writer(*format, out, streamed);
    std::vector<FileReport> copies = result.reports;
    for (auto& r : copies) writer->add(std::move(r));
    writer->finish(opt.setups);
    CHECK(out.str() == expected);
    CHECK(writer->totals().files == result.reports.size());
  }
  CHECK_FALSE(parse_format("yaml"));
}

TEST_CASE("run: reports handed on as they are final are those a run keeps, in the same order", "[run][stream]") {
  auto compact = [](const std::vector<FileReport>& reports) {
    std::ostringstream out;
    ReportOptions opt;
    write_compact(out, reports, opt);
    return out.str();
  };
  for (bool with_terraform : {false, true}) {
    INFO(with_terraform);
    RunOptions options;
    options.paths = {(source_dir() / "testdata" / "examples").string()};
    if (with_terraform) options.paths.push_back((source_dir() / "testdata" / "setups" / "terraform").string());
    options.jobs = 2;
    RunResult kept = run(options, Config{});
    std::vector<FileReport> handed;
    options.on_report = [&](FileReport&& r) { handed.push_back(std::move(r)); };
    RunResult streamed = run(options, Config{});
    CHECK(streamed.reports.empty());
    REQUIRE(handed.size() == kept.reports.size());
    for (std::size_t i = 0; i < handed.size(); ++i) CHECK(handed[i].path == kept.reports[i].path);
    CHECK(compact(handed) == compact(kept.reports));
    CHECK(streamed.setups.size() == kept.setups.size());
    CHECK(streamed.files == kept.files);
    if (with_terraform) CHECK_FALSE(kept.setups.empty());
  }
}

using testutil::TempDir;

TEST_CASE("cli: --output inside the linted tree: the run never reads its own report", "[cli][stream]") {
  TempDir dir("output-in-tree");
  fs::copy(source_dir() / "testdata/cli/clean.json", dir.root / "clean.json");
  for (const char* format : {"json", "sarif", "compact"}) {
    INFO(format);
    // (a compact report is no JSON: named .txt, it is not an input at all)
    const std::string report = (dir.root / (std::string(format) == "compact" ? "report.txt" : "report.json")).string();
    for (int round = 0; round < 2; ++round) {  // the second round finds the first round's report
      auto r = testutil::run_cli({"--no-config", "--format", format, "--output", report, dir.root.string()}, true);
      CHECK(r.status == 0);
      CHECK(r.out.find("json/syntax-error") == std::string::npos);
      CHECK(testutil::slurp(report).find("json/syntax-error") == std::string::npos);
    }
    fs::remove(report);
  }
  // No temporary file is left beside the report.
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& f : fs::directory_iterator(dir.root)) ++files;
  CHECK(files == 1);
}

TEST_CASE("cli: --output, a run that fails leaves the previous report as it was", "[cli][stream]") {
  TempDir dir("output-kept");
  const std::string report = (dir.root / "report.txt").string();
  std::ofstream(report) << "previous report\n";
  auto r = testutil::run_cli({"--no-config", "--baseline", (dir.root / "missing.json").string(), "--output", report,
                              (source_dir() / "testdata/cli/errors.json").string()},
                             true);
  CHECK(r.status == 2);
  CHECK(testutil::slurp(report) == "previous report\n");
  // An output in a directory that does not exist is said before the run.
  r = testutil::run_cli({"--no-config", "--output", (dir.root / "no/such/dir/r.json").string(),
                         (source_dir() / "testdata/cli/errors.json").string()},
                        true);
  CHECK(r.status == 2);
  CHECK(r.out.find("--output") != std::string::npos);
}

TEST_CASE("SARIF: results that cannot be kept in the temporary file are an error, never a log without them",
          "[cli][sarif][stream]") {
  if (std::system("command -v bash >/dev/null 2>&1") != 0) return;
  // File size limit 0: the temporary file cannot grow (stdout is a pipe, not limited).
  std::string cmd = "bash -c \"trap '' XFSZ; ulimit -f 0; exec " + std::string(POLICYLINT_CLI) +
                    " --no-config --format sarif " + (source_dir() / "testdata/cli/errors.json").string() + "\" 2>&1";
  FILE* p = ::popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  std::string out;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  int st = ::pclose(p);
  REQUIRE(WIFEXITED(st));
  CHECK(WEXITSTATUS(st) == 2);
  CHECK(out.find("temporary file") != std::string::npos);
}
