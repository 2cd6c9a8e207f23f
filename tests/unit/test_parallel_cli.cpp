// --jobs: the CLI's output is the same bytes whatever the number of threads.
#include <catch2/catch.hpp>
#include <fstream>
#include <string>

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

TEST_CASE("parallel cli: the files of one Terraform module, read on several threads", "[parallel][cli]") {
  // Each file's policy is written in the next file's local: the workers that
  // read the module's files at once share its names and uses, read once.
  testutil::TempDir dir("parallel-module");
  constexpr int kFiles = 30;
  for (int f = 0; f < kFiles; ++f) {
    std::ofstream(dir.root / ("f" + std::to_string(100 + f) + ".tf"))
        << "locals {\n  p = 1\n  doc" << f << " = { Version = \"1\", Statement = [{ Effect = \"Allow\", Action = "
        << "\"oss:getobject\", Resource = \"acs:oss:*:*:bucket-" << f << "/*\" }] }\n}\n"
        << "resource \"alicloud_ram_policy\" \"p" << f << "\" {\n  policy_document = jsonencode(local.doc"
        << (f + 1) % kFiles << ")\n}\n";
  }
  auto one = run_cli({"--format", "compact", "--no-config", "--jobs", "1", dir.root.string()}, true, {}, true);
  auto four = run_cli({"--format", "compact", "--no-config", "--jobs", "4", dir.root.string()}, true, {}, true);
  CHECK(one.status == four.status);
  CHECK(one.out == four.out);
  // Each file reports the case of the action in its local (the document of
  // the resource in the file before it).
  for (int f = 0; f < kFiles; ++f) {
    const std::string file = "f" + std::to_string(100 + f) + ".tf:3:";
    INFO(file);
    CHECK(one.out.find(file) != std::string::npos);
  }
}
