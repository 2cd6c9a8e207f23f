// Policies where users keep them, through the CLI: Terraform .tf files
// (heredocs, jsonencode, data sources, file()), ROS templates in YAML, and
// what is said about files that hold no policy or are in no readable format.
#include <rapidjson/document.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "cli_util.hpp"

namespace fs = std::filesystem;
using namespace testutil;

namespace {

struct Dir : TempDir {
  Dir() : TempDir("inputs") {}
};

rapidjson::Document parse(const std::string& text) {
  rapidjson::Document d;
  d.Parse(text.c_str());
  REQUIRE_FALSE(d.HasParseError());
  return d;
}

std::string gate(const char* name) { return (source_dir() / "testdata/terraform/gate" / name).string(); }

}  // namespace

TEST_CASE("inputs: a directory of .tf files is read, not passed silently", "[inputs][terraform][cli]") {
  RunResult r = run_cli({"--no-config", "--format", "json", gate("correct")});
  CHECK(r.status == 0);
  auto j = parse(r.out);
  REQUIRE(j["files"].Size() == 1);
  const auto& docs = j["files"][0]["documents"];
  REQUIRE(docs.Size() == 1);
  CHECK(std::string(docs[0]["form"].GetString()) == "heredoc");
  CHECK(std::string(docs[0]["kind"].GetString()) == "bucket");
  CHECK(std::string(docs[0]["context"].GetString()) == "alicloud_oss_bucket_policy.destination");
}

TEST_CASE("inputs: a capital letter beside an unknown account is still an error", "[inputs][terraform][cli]") {
  RunResult r = run_cli({"--no-config", "--format", "compact", gate("broken")});
  CHECK(r.status == 1);
  CHECK(r.out.find("principal/role-name-lowercase") != std::string::npos);
  // Nothing is said about the unknown parts (${var...}).
  CHECK(r.out.find("placeholder/") == std::string::npos);
  CHECK(r.out.find("principal/arn-malformed") == std::string::npos);
}

TEST_CASE("inputs: documents defined in a sibling .tf file", "[inputs][terraform][cli]") {
  RunResult r = run_cli({"--no-config", "--format", "json", gate("module")});
  auto j = parse(r.out);
  std::vector<std::string> contexts;
  for (const auto& f : j["files"].GetArray())
    for (const auto& d : f["documents"].GetArray())
      if (d.HasMember("context")) contexts.push_back(d["context"].GetString());
  CHECK(std::find(contexts.begin(), contexts.end(), "alicloud_ram_role.replication") != contexts.end());
  CHECK(std::find(contexts.begin(), contexts.end(), "alicloud_ram_policy.replication_source") != contexts.end());
}

TEST_CASE("inputs: file() is linted with the resource as context, findings in that file", "[inputs][terraform][cli]") {
  Dir d;
  std::string tf = d.write("infra/main.tf", R"(resource "alicloud_ram_policy" "read" {
  policy_name     = "read-logs"
  policy_document = file("${path.module}/policies/read.json")
}
)");
  d.write("infra/policies/read.json", R"({
  "Version": "1",
  "Statement": [
    {"Effect": "allow", "Action": "oss:GetObject", "Resource": "acs:oss:*:*:example-logs/*"}
  ]
}
)");
  RunResult r = run_cli({"--no-config", "--format", "json", "--select", "grammar/effect-invalid", tf});
  CHECK(r.status == 1);
  auto j = parse(r.out);
  REQUIRE(j["findings"].Size() == 1);
  const auto& f = j["findings"][0];
  CHECK(std::string(f["path"].GetString()).ends_with("infra/policies/read.json"));
  CHECK(f["line"].GetInt() == 4);
  CHECK(std::string(f["context"].GetString()) == "alicloud_ram_policy.read");

  // A missing referenced file is an error of the run.
  fs::remove(d.root / "infra/policies/read.json");
  r = run_cli({"--no-config", tf}, true);
  CHECK(r.status == 2);
  CHECK(r.out.find("read.json") != std::string::npos);
}

TEST_CASE("inputs: jsonencode findings point at the HCL literal", "[inputs][terraform][cli]") {
  Dir d;
  std::string tf = d.write("main.tf", R"(resource "alicloud_ram_policy" "p" {
  policy_name = "p"
  policy_document = jsonencode({
    Version = "1"
    Statement = [{
      Effect   = "allow"
      Action   = ["oss:GetObject"]
      Resource = ["acs:oss:*:*:example-logs/*"]
    }]
  })
}
)");
  RunResult r = run_cli({"--no-config", "--format", "compact", "--select", "grammar/effect-invalid", tf});
  CHECK(r.status == 1);
  CHECK(r.out.starts_with("6:18-6:25 error grammar/effect-invalid"));
  // Users see where each finding is.
  r = run_cli({"--no-config", "--format", "compact", "--select", "grammar/effect-invalid", tf}, false, {}, true);
  CHECK(r.out.starts_with(tf + ":6:18-6:25 error grammar/effect-invalid"));
}

TEST_CASE("inputs: ROS templates in YAML", "[inputs][yaml][cli]") {
  Dir d;
  std::string yml = d.write("stack.yaml", R"(ROSTemplateFormatVersion: '2015-09-01'
Resources:
  Role:
    Type: ALIYUN::RAM::Role
    Properties:
      RoleName: replication
      AssumeRolePolicyDocument:
        Version: '1'
        Statement:
          - Action: sts:AssumeRole
            Effect: allow
            Principal:
              Service:
                - oss.aliyuncs.com
)");
  RunResult r = run_cli({"--no-config", "--format", "json", "--select", "grammar/effect-invalid", yml});
  CHECK(r.status == 1);
  auto j = parse(r.out);
  REQUIRE(j["findings"].Size() == 1);
  CHECK(j["findings"][0]["line"].GetInt() == 11);
  CHECK(j["findings"][0]["column"].GetInt() == 21);
  CHECK(std::string(j["files"][0]["documents"][0]["form"].GetString()) == "yaml");

  // YAML that is neither a template nor a policy is skipped quietly.
  std::string other = d.write("ci.yml", "steps:\n  - run: make\n");
  r = run_cli({"--no-config", "--format", "json", other});
  CHECK(r.status == 0);
  CHECK(parse(r.out)["findings"].Size() == 0);
}

TEST_CASE("inputs: a named file in no readable format is an error, not a syntax error", "[inputs][cli]") {
  Dir d;
  std::string py = d.write("deploy.py", "import os\nprint('hello')\n");
  RunResult r = run_cli({"--no-config", py}, true);
  CHECK(r.status == 2);
  CHECK(r.out.find("not a format policylint reads") != std::string::npos);
  CHECK(r.out.find("json/syntax-error") == std::string::npos);
}

TEST_CASE("inputs: the run's own messages are valid UTF-8 whatever the file names", "[inputs][cli]") {
  Dir d;
  std::string name = d.write("deploy\xff.py", "print('hello')\n");
  std::string missing = (d.root / "gone\xfe.json").string();
  RunResult r = run_cli({"--no-config", name, missing}, true);
  CHECK(r.status == 2);
  CHECK(r.out.find("not a format policylint reads") != std::string::npos);
  CHECK(r.out.find("\xff") == std::string::npos);
  CHECK(r.out.find("\xfe") == std::string::npos);
  CHECK(r.out.find("deploy\xEF\xBF\xBD.py") != std::string::npos);
}

TEST_CASE("inputs: a directory walk passes over policylint's own files", "[inputs][cli]") {
  // The workflow the help shows: write a baseline into the tree, then lint the
  // tree with it and a report file beside it. The configuration, the baseline
  // and the report hold no policy; only the policy is a file of the run.
  Dir d;
  std::string policy = slurp(source_dir() / "testdata/examples/001-replication-trust.json");
  d.write("repo/.policylint.json", "{}");
  d.write("repo/policies/trust.json", policy);
  std::string baseline = d.path("repo/.policylint-baseline.json");
  std::string report = d.path("repo/report.json");
  RunResult w = run_cli({"--write-baseline", baseline, d.path("repo")});
  REQUIRE(w.status == 0);
  REQUIRE(fs::exists(baseline));
  for (int pass = 0; pass < 2; ++pass) {  // the second run finds the first one's report in the tree
    RunResult r = run_cli({"--baseline", baseline, "--format", "json", "--output", report, d.path("repo")});
    CHECK(r.status == 0);
    auto j = parse(slurp(report));
    REQUIRE(j["files"].Size() == 1);
    CHECK(std::string(j["files"][0]["path"].GetString()).ends_with("trust.json"));
  }
  // A configuration under another name, given with --config, is passed over too.
  d.write("other/trust.json", policy);
  std::string custom = d.write("other/policylint-settings.json", "{}");
  RunResult c = run_cli({"--config", custom, "--format", "json", d.path("other")});
  auto jc = parse(c.out);
  REQUIRE(jc["files"].Size() == 1);
  CHECK(std::string(jc["files"][0]["path"].GetString()).ends_with("trust.json"));
  // Named on the command line, such a file is linted like any other.
  RunResult named = run_cli({"--no-config", "--format", "json", baseline});
  auto j = parse(named.out);
  REQUIRE(j["files"].Size() == 1);
}

TEST_CASE("inputs: anchored globs select the same files however the directory is spelled", "[inputs][cli]") {
  // A walk works out each file's path relative to the configuration's
  // directory from the directory it was given: trailing slashes, "." and ".."
  // in that argument must not change which anchored globs match.
  Dir d;
  std::string policy = slurp(source_dir() / "testdata/examples/001-replication-trust.json");
  d.write("repo/.policylint.json", R"({"exclude": ["keep/drop", "other/*.skip.json"]})");
  d.write("repo/keep/a.json", policy);
  d.write("repo/keep/drop/c.json", policy);
  d.write("repo/other/b.json", policy);
  d.write("repo/other/b.skip.json", policy);
  d.write("repo/other/deeper/keep/drop/e.json", policy);  // "keep/drop" is anchored: not this one
  std::string root = d.path("repo");
  for (const std::string& arg : {root, root + "/", root + "/.", root + "/./", root + "/keep/..", root + "//other/.."}) {
    INFO(arg);
    RunResult r = run_cli({"--config", root + "/.policylint.json", "--format", "json", arg});
    auto j = parse(r.out);
    std::vector<std::string> names;
    for (const auto& f : j["files"].GetArray()) {
      fs::path p = fs::path(f["path"].GetString()).lexically_normal();  // paths keep the argument's spelling
      names.push_back(p.lexically_relative(fs::path(root)).generic_string());
    }
    std::sort(names.begin(), names.end());
    CHECK(names == std::vector<std::string>{"keep/a.json", "other/b.json", "other/deeper/keep/drop/e.json"});
  }
}
