// A configuration's setups name their files relative to the configuration's
// directory, which the command line finds as an absolute path; inputs are
// named as the user typed them. The proof must take "role-policy.json",
// "./role-policy.json" and "/abs/dir/role-policy.json" for one file, and
// report on the input's own report (one per file, the input's spelling).
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "../../lib/src/setup/integrate.hpp"
#include "cli_util.hpp"

namespace fs = std::filesystem;
using namespace testutil;

namespace {

struct InDir {
  fs::path old;
  explicit InDir(const fs::path& dir) : old(fs::current_path()) { fs::current_path(dir); }
  ~InDir() { fs::current_path(old); }
};

}  // namespace

TEST_CASE("setups: an input named relative to the working directory is a file of the configuration's setup",
          "[setup][cli]") {
  const fs::path fixture = source_dir() / "testdata/setup/role-not-granted/bad-replication-other-bucket";
  const fs::path work = fs::temp_directory_path() / ("policylint-setup-paths-" + std::to_string(::getpid()));
  fs::remove_all(work);
  fs::create_directories(work);
  for (const auto& f : fs::directory_iterator(fixture)) fs::copy(f.path(), work / f.path().filename());
  {
    InDir in(work);
    for (const std::vector<std::string>& paths :
         {std::vector<std::string>{"trust.json", "role-policy.json", "dest-bucket-policy.json"},
          std::vector<std::string>{"."}, std::vector<std::string>{(work / "role-policy.json").string()}}) {
      INFO(paths[0]);
      std::vector<std::string> args = {"--format", "compact"};
      args.insert(args.end(), paths.begin(), paths.end());
      auto r = run_cli(args, false, {}, true);
      CHECK(r.status == 1);
      // The setup's finding, once, on the input's report.
      std::size_t at = r.out.find("error setup/role-not-granted");
      REQUIRE(at != std::string::npos);
      CHECK(r.out.find("error setup/role-not-granted", at + 1) == std::string::npos);
      std::string line = r.out.substr(r.out.rfind('\n', at) + 1, at - r.out.rfind('\n', at) - 1);
      CHECK(line.find("role-policy.json:11:9-11:38") != std::string::npos);
    }
    // JSON: each file once.
    auto j = run_cli({"--format", "json", "."}, false);
    std::size_t n = 0;
    for (std::size_t p = j.out.find("\"path\":\"./role-policy.json\",\"policy\""); p != std::string::npos;
         p = j.out.find("\"path\":\"./role-policy.json\",\"policy\"", p + 1))
      ++n;
    CHECK(n == 1);
  }
  fs::remove_all(work);
}

TEST_CASE("terraform: a file() document also named as an input is linted once, however each is spelled",
          "[terraform][cli]") {
  testutil::TempDir dir("reference-paths");
  dir.write("main.tf", R"(resource "alicloud_ram_policy" "p" {
  policy_name     = "p"
  policy_document = file("policy.json")
}
)");
  dir.write("policy.json", R"({"Version": "1", "Statement": [{"Effect": "allow", "Action": "oss:GetObject",
  "Resource": "acs:oss:*:*:b/*"}]}
)");
  InDir in(dir.root);
  for (const std::vector<std::string>& paths : {std::vector<std::string>{dir.path("main.tf"), "policy.json"},
                                                std::vector<std::string>{"main.tf", dir.path("policy.json")},
                                                std::vector<std::string>{"./main.tf", "policy.json"}}) {
    INFO(paths[0] << " " << paths[1]);
    std::vector<std::string> args = {"--no-config", "--format", "compact"};
    args.insert(args.end(), paths.begin(), paths.end());
    auto r = run_cli(args, false, {}, true);
    std::size_t n = 0;
    for (std::size_t at = r.out.find("grammar/effect-invalid"); at != std::string::npos;
         at = r.out.find("grammar/effect-invalid", at + 1))
      ++n;
    CHECK(n == 1);
    CHECK(r.out.find("1:43-1:50 error grammar/effect-invalid") != std::string::npos);
  }
}

TEST_CASE("terraform: a module's setups are found once its own files are linted, whatever lies beside them",
          "[setup][cli]") {
  // A module directory with JSON policies between its .tf files and a module
  // below it: each module's setups are found once its own .tf files are
  // linted (the JSON files beside them do not count), and the findings are
  // the same on any number of jobs, the setups' among them. (Whether a
  // module is let go too early depends on timing: this run may show it to
  // AddressSanitizer, not reliably; the runner holds the module for each
  // worker that lints with it.)
  TempDir dir("setup-module-neighbours");
  const std::string setup = slurp(source_dir() / "testdata/setup/history-overwrite/bad-default-history/main.tf");
  const std::string policy =
      R"({"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:GetObject","Resource":"acs:oss:*:*:b/*"}]})";
  auto resources = [&](const std::string& prefix, int n) {
    std::string out;
    for (int i = 0; i < n; ++i)
      out += "resource \"alicloud_ram_policy\" \"" + prefix + std::to_string(i) +
             "\" {\n  policy_name = \"x\"\n  policy_document = <<EOF\n" + policy + "\nEOF\n}\n";
    return out;
  };
  // In path order: the setup, three JSON files, then the slowest file of
  // the module, which a worker has begun when the JSON files are handed on.
  dir.write("m/a.tf", setup);
  for (int i = 1; i <= 3; ++i) dir.write("m/b" + std::to_string(i) + ".json", policy);
  dir.write("m/c.tf", resources("c", 400));
  dir.write("m/sub/h.tf", setup);
  auto one = run_cli({"--format", "compact", "--jobs", "1", dir.path("m")}, false, {}, true);
  CHECK(one.out.find("m/a.tf:") != std::string::npos);
  CHECK(one.out.find("setup/history-overwrite") != std::string::npos);
  CHECK(one.out.find("m/sub/h.tf:") != std::string::npos);
  for (int round = 0; round < 3; ++round)
    for (const char* jobs : {"2", "4", "8"}) {
      auto many = run_cli({"--format", "compact", "--jobs", jobs, dir.path("m")}, false, {}, true);
      CHECK(many.status == one.status);
      CHECK(many.out == one.out);
    }
}

TEST_CASE("terraform: a module's setups take the texts the run holds, and read only the files it does not",
          "[setup][terraform]") {
  // The run lists a module's files and reads them once for the lint; the
  // setups take those names and texts (a fix may change a file: then the
  // run gives none, and each file is read again).
  namespace setup = policylint::setup;
  TempDir dir("setup-held-texts");
  const std::string with_setup = slurp(source_dir() / "testdata/setup/history-overwrite/bad-default-history/main.tf");
  dir.write("m/main.tf", with_setup);
  dir.write("m/other.tf", "locals {\n  x = 1\n}\n");
  const std::string m = dir.path("m");
  const policylint::json::Limits limits;
  const std::vector<std::string> names = {"main.tf", "other.tf"};
  auto held_as = [](std::optional<std::string_view> text) {
    return [text](const std::string& name) { return name == "main.tf" ? text : std::nullopt; };
  };
  // Listed and read here.
  const std::size_t on_disk = setup::module_setups(m, limits, nullptr).size();
  REQUIRE(on_disk > 0);
  // The caller's names, each text read here when the caller holds none.
  CHECK(setup::module_setups(m, limits, nullptr, &names, held_as(std::nullopt)).size() == on_disk);
  // The text held, not the file's: a main.tf without the setup.
  CHECK(setup::module_setups(m, limits, nullptr, &names, held_as(std::string_view("locals {}\n"))).empty());
  // The text held, though the file on disk has changed since it was read.
  dir.write("m/main.tf", "locals {}\n");
  CHECK(setup::module_setups(m, limits, nullptr, &names, held_as(std::string_view(with_setup))).size() == on_disk);
  CHECK(setup::module_setups(m, limits, nullptr).empty());
  // Only the names given: a file the caller did not list is not read.
  dir.write("m/main.tf", with_setup);
  const std::vector<std::string> other_only = {"other.tf"};
  CHECK(setup::module_setups(m, limits, nullptr, &other_only, held_as(std::nullopt)).empty());
}
