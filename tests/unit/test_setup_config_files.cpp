// The files a "setups" entry of .policylint.json names (a role's trust and
// policies, a bucket's policy, a key policy): one that does not exist or
// cannot be read is a problem of the configuration, located at the string
// that names it (exit 2), not a silent "unknown" step of the proof. A system
// policy name is not a file.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "cli_util.hpp"
#include "policylint/config.hpp"

namespace fs = std::filesystem;
using namespace testutil;

namespace {

const char* kTrust = R"({"Version": "1", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
  "Principal": {"Service": ["oss.aliyuncs.com"]}}]})";
const char* kRolePolicy = R"({"Version": "1", "Statement": [{"Effect": "Allow",
  "Action": ["oss:ReplicateGet", "oss:ReplicateList"], "Resource": ["acs:oss:*:*:acme-src", "acs:oss:*:*:acme-src/*"]}]})";
const char* kBucketPolicy = R"({"Version": "1", "Statement": [{"Effect": "Allow",
  "Principal": ["1234567890123456"], "Action": ["oss:ReplicateGet"], "Resource": ["acs:oss:*:*:acme-dest/*"]}]})";

// A scratch project: the policy files of a replication setup and a
// configuration whose "setups" section the test writes.
struct Project {
  fs::path root;
  Project() {
    root = fs::temp_directory_path() / ("policylint-setup-files-" + std::to_string(::getpid()));
    fs::remove_all(root);
    write("ram/trust.json", kTrust);
    write("ram/role-policy.json", kRolePolicy);
    write("oss/dest-policy.json", kBucketPolicy);
  }
  ~Project() {
    std::error_code ec;
    fs::remove_all(root, ec);
  }
  Project(const Project&) = delete;
  Project& operator=(const Project&) = delete;
  void write(const std::string& rel, const std::string& text) const {
    fs::create_directories((root / rel).parent_path());
    std::ofstream(root / rel, std::ios::binary) << text;
  }
  std::string config() const { return (root / ".policylint.json").string(); }
};

// A replication setup's configuration with these entries (as written).
std::string replication(const std::string& trust, const std::string& policies, const std::string& dest_policy) {
  return "{\n"
         "  \"accounts\": {\"src\": \"1234567890123456\", \"dst\": \"6543210987654321\"},\n"
         "  \"setups\": {\n"
         "    \"crr\": {\n"
         "      \"task\": \"replication\",\n"
         "      \"role\": {\"name\": \"aliyunossdrsrole\", \"account\": \"src\",\n"
         "               \"trust\": \"" +
         trust +
         "\",\n"
         "               \"policies\": [" +
         policies +
         "]},\n"
         "      \"source\": {\"bucket\": \"acme-src\", \"account\": \"src\"},\n"
         "      \"destination\": {\"bucket\": \"acme-dest\", \"account\": \"dst\", \"policy\": \"" +
         dest_policy +
         "\"}\n"
         "    }\n"
         "  }\n"
         "}\n";
}

// "line:column" (1-based) of the first occurrence of needle in text.
std::string position(const std::string& text, const std::string& needle) {
  std::size_t at = text.find(needle);
  REQUIRE(at != std::string::npos);
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < at; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return std::to_string(line) + ":" + std::to_string(column);
}

// Lints the project's policy files with its configuration (errors merged in).
RunResult lint(const Project& p, std::initializer_list<std::string> extra = {}) {
  std::vector<std::string> args{"--config", p.config(), "--no-color", "--format", "compact"};
  args.insert(args.end(), extra);
  args.push_back((p.root / "ram").string());
  args.push_back((p.root / "oss").string());
  return run_cli(args, true);
}

const std::string kPolicies = "\"ram/role-policy.json\", \"AliyunOSSFullAccess\"";

// With this configuration the CLI exits 2 and says message (English unless
// extra asks otherwise) at the string `named`, once: no other configuration
// problem.
void check_problem(const Project& p, const std::string& text, const std::string& named, const std::string& message,
                   std::initializer_list<std::string> extra = {}) {
  p.write(".policylint.json", text);
  RunResult r = lint(p, extra);
  INFO(r.out);
  CHECK(r.status == 2);
  CHECK(r.out.find(p.config() + ":" + position(text, named) + ": error: " + message + " [config]") !=
        std::string::npos);
  CHECK(r.out.find("[config]") == r.out.rfind("[config]"));
}

}  // namespace

TEST_CASE("setup files: a missing trust file is a configuration problem at its name", "[setup][config][cli]") {
  Project p;
  check_problem(p, replication("ram/missing.json", kPolicies, "oss/dest-policy.json"), "\"ram/missing.json\"",
                "\"trust\" names the file \"ram/missing.json\", which does not exist");
}

TEST_CASE("setup files: a missing policy file of a role is a configuration problem at its name",
          "[setup][config][cli]") {
  Project p;
  // The system policy before it is not a file (check_problem: the only problem).
  check_problem(p, replication("ram/trust.json", "\"AliyunOSSFullAccess\", \"ram/nope.json\"", "oss/dest-policy.json"),
                "\"ram/nope.json\"", "\"policies[]\" names the file \"ram/nope.json\", which does not exist");
}

TEST_CASE("setup files: a missing bucket policy file is a configuration problem at its name", "[setup][config][cli]") {
  Project p;
  const std::string text = replication("ram/trust.json", kPolicies, "nope.json");
  check_problem(p, text, "\"nope.json\"", "\"policy\" names the file \"nope.json\", which does not exist");
  // In Chinese: the same place.
  check_problem(p, text, "\"nope.json\"", "\"policy\" 指定的文件 \"nope.json\" 不存在", {"--lang", "zh"});
}

TEST_CASE("setup files: a system policy name and files that exist are not reported", "[setup][config][cli]") {
  Project p;
  p.write(".policylint.json",
          replication("ram/trust.json", kPolicies + ", \"AliyunKMSCryptoUserAccess\"", "oss/dest-policy.json"));
  RunResult r = lint(p);
  INFO(r.out);
  CHECK(r.status != 2);
  CHECK(r.out.find("[config]") == std::string::npos);
  CHECK(r.out.find("does not exist") == std::string::npos);
}

TEST_CASE("setup files: parse_config locates a missing or unreadable file, keyPolicy and a document of a file too",
          "[setup][config]") {
  Project p;
  fs::create_directories(p.root / "kms" / "dir.json");
  const std::string text = R"({
  "setups": {
    "a": {"task": "replication",
          "role": {"name": "r", "trust": "ram/trust.json#x", "policies": ["gone/p.json#alicloud_ram_policy.p", "Custom"]},
          "source": {"bucket": "s"},
          "destination": {"bucket": "d", "keyPolicy": "kms/key.json"}},
    "b": {"task": "migration",
          "role": {"name": "r", "trust": "kms/dir.json"},
          "destination": {"bucket": "d", "policy": "oss/dest-policy.json"}}
  }
})";
  std::vector<policylint::ConfigProblem> problems;
  policylint::parse_config(p.config(), text, problems);
  std::vector<std::pair<std::uint32_t, std::string>> got;
  for (const auto& q : problems) got.emplace_back(q.span.begin, q.message);
  auto at = [&](const std::string& s) { return static_cast<std::uint32_t>(text.find(s)); };
  const std::vector<std::pair<std::uint32_t, std::string>> want = {
      // "#context" picks a document: the file part is what must exist.
      {at("\"gone/p.json#"), "\"policies[]\" names the file \"gone/p.json\", which does not exist"},
      {at("\"kms/key.json\""), "\"keyPolicy\" names the file \"kms/key.json\", which does not exist"},
      {at("\"kms/dir.json\""), "\"trust\" names the file \"kms/dir.json\", which cannot be read"},
  };
  CHECK(got == want);
}
