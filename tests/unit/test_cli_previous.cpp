// The previous version of a bucket policy on the command line (BKT-01):
// --previous FILE and --compare-ref REF in a temporary git repository.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>

#include "cli_util.hpp"

namespace fs = std::filesystem;
using namespace testutil;

namespace {

const char* kV1 = R"({
  "Version": "1",
  "Statement": [
    {
      "Sid": "Reader",
      "Effect": "Allow",
      "Action": ["oss:GetObject"],
      "Principal": ["arn:sts::1234567890123456:assumed-role/reader/*"],
      "Resource": ["acs:oss:*:6543210987654321:acme-data/*"]
    },
    {
      "Sid": "Replication",
      "Effect": "Allow",
      "Action": ["oss:ReplicateList", "oss:ReplicateGet"],
      "Principal": ["arn:sts::1234567890123456:assumed-role/oss-replication-role/*"],
      "Resource": ["acs:oss:*:6543210987654321:acme-data", "acs:oss:*:6543210987654321:acme-data/*"]
    }
  ]
}
)";

// v1 without the Reader statement.
const char* kV2 = R"({
  "Version": "1",
  "Statement": [
    {
      "Sid": "Replication",
      "Effect": "Allow",
      "Action": ["oss:ReplicateList", "oss:ReplicateGet"],
      "Principal": ["arn:sts::1234567890123456:assumed-role/oss-replication-role/*"],
      "Resource": ["acs:oss:*:6543210987654321:acme-data", "acs:oss:*:6543210987654321:acme-data/*"]
    }
  ]
}
)";

struct TempRepo {
  fs::path dir;
  TempRepo() {
    dir = fs::temp_directory_path() / ("policylint-previous-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir / "policies");
  }
  ~TempRepo() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  void write(const std::string& rel, const char* text) const { std::ofstream(dir / rel, std::ios::binary) << text; }
  int git(const std::string& args) const {
    std::string cmd = "git -C " + shell_quote(dir.string()) +
                      " -c user.name=test -c user.email=test@example.com -c commit.gpgsign=false " + args +
                      " >/dev/null 2>&1";
    return std::system(cmd.c_str());
  }
};

std::vector<std::string> lines(const std::string& out) {
  std::vector<std::string> v;
  std::istringstream in(out);
  for (std::string l; std::getline(in, l);) v.push_back(l);
  return v;
}

}  // namespace

TEST_CASE("cli: --compare-ref", "[cli][previous]") {
  TempRepo repo;
  REQUIRE(repo.git("init -q") == 0);
  repo.write("policies/bucket.json", kV1);
  REQUIRE(repo.git("add policies/bucket.json") == 0);
  REQUIRE(repo.git("commit -q -m v1") == 0);
  std::string file = (repo.dir / "policies/bucket.json").string();
  std::vector<std::string> base = {
      "--select", "bucket/statement-dropped", "--select", "bucket/policy-replaces-existing", "--format", "compact"};

  SECTION("unchanged file: nothing dropped") {
    auto args = base;
    args.insert(args.end(), {"--compare-ref", "HEAD", file});
    RunResult r = run_cli(args);
    CHECK(r.out == "");
    CHECK(r.status == 0);
  }
  SECTION("a statement removed since REF is reported at the new Statement array") {
    repo.write("policies/bucket.json", kV2);
    auto args = base;
    args.insert(args.end(), {"--compare-ref", "HEAD", file});
    RunResult r = run_cli(args);
    auto l = lines(r.out);
    REQUIRE(l.size() == 1);
    CHECK(l[0].rfind("3:16-3:17 warning bucket/statement-dropped", 0) == 0);
    CHECK(l[0].find("\"Reader\"") != std::string::npos);
    CHECK(r.status == 1);
  }
  SECTION("a file new since REF gets a note") {
    repo.write("policies/new.json", kV2);
    auto args = base;
    args.insert(args.end(), {"--compare-ref", "HEAD", (repo.dir / "policies/new.json").string()});
    RunResult r = run_cli(args);
    auto l = lines(r.out);
    REQUIRE(l.size() == 1);
    CHECK(l[0].find("note bucket/policy-replaces-existing") != std::string::npos);
    CHECK(r.status == 0);  // a note does not fail the run
  }
  SECTION("a directory: every bucket policy is compared with its own version") {
    repo.write("policies/bucket.json", kV2);
    repo.write("policies/new.json", kV1);
    auto args = base;
    args.insert(args.end(), {"--compare-ref", "HEAD", (repo.dir / "policies").string()});
    RunResult r = run_cli(args);
    CHECK(r.out.find("warning bucket/statement-dropped") != std::string::npos);
    CHECK(r.out.find("note bucket/policy-replaces-existing") != std::string::npos);
  }
  SECTION("an unknown ref is a usage error") {
    auto args = base;
    args.insert(args.end(), {"--compare-ref", "no-such-ref", file});
    CHECK(run_cli(args).status == 2);
  }
}

TEST_CASE("cli: --previous", "[cli][previous]") {
  TempRepo dir;  // used as a plain directory
  dir.write("old.json", kV1);
  dir.write("new.json", kV2);
  std::string old_file = (dir.dir / "old.json").string(), new_file = (dir.dir / "new.json").string();

  SECTION("compares one file with the given previous version") {
    RunResult r =
        run_cli({"--select", "bucket/statement-dropped", "--format", "compact", "--previous", old_file, new_file});
    CHECK(lines(r.out).size() == 1);
    CHECK(r.status == 1);
    r = run_cli({"--select", "bucket/statement-dropped", "--format", "compact", "--previous", new_file, old_file});
    CHECK(r.out == "");
  }
  SECTION("usage errors") {
    CHECK(run_cli({"--previous", old_file, new_file, old_file}).status == 2);
    CHECK(run_cli({"--previous", (dir.dir / "missing.json").string(), new_file}).status == 2);
    CHECK(run_cli({"--previous", old_file, "--compare-ref", "HEAD", new_file}).status == 2);
  }
}
