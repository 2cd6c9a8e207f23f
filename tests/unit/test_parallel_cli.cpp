// --jobs: the CLI's output is the same bytes whatever the number of threads.
#include <catch2/catch.hpp>

#include "cli_util.hpp"

using testutil::run_cli;

TEST_CASE("parallel cli: --jobs 1 and --jobs 4 give identical output over testdata/", "[parallel][cli]") {
  std::string tree = (testutil::source_dir() / "testdata").string();
  for (const char* format : {"text", "json", "compact", "sarif"}) {
    auto one = run_cli({"--format", format, "--no-color", "--jobs", "1", tree}, true);
    auto four = run_cli({"--format", format, "--no-color", "--jobs", "4", tree}, true);
    INFO(format);
    CHECK(one.status == four.status);
    CHECK(one.out.size() > 1000);
    CHECK(one.out == four.out);
  }
  auto dflt = run_cli({"--format", "compact", tree});
  auto one = run_cli({"--format", "compact", "--jobs", "1", tree});
  CHECK(dflt.out == one.out);
}

TEST_CASE("parallel cli: an unreadable input among many, with several threads", "[parallel][cli]") {
  std::string tree = (testutil::source_dir() / "testdata" / "examples").string();
  auto r = run_cli({"--format", "compact", "--jobs", "3", tree, "does-not-exist.json", tree}, true);
  CHECK(r.status == 2);
  CHECK(r.out.find("does-not-exist.json: cannot read: No such file or directory") != std::string::npos);
}
