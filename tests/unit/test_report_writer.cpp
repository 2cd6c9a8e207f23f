// Reports written file by file (ReportWriter, RunOptions::on_report) are the
// bytes of the same format written from every report at once, and a streamed
// run delivers the same reports in the same order as a run that keeps them.
#include <catch2/catch.hpp>
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
