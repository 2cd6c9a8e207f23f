// Real policies as Alibaba Cloud publishes them (testdata/corpus/published/):
// every one must lint without an error or a warning under all rules.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli_util.hpp"

namespace fs = std::filesystem;
using testutil::run_cli;
using testutil::RunResult;
using testutil::slurp;
using testutil::source_dir;

namespace {

// Published policies that are correct as the docs mean them and still get a
// warning, each for a reason stated here: the warning is the point (a bucket
// the docs open on purpose), the docs' own sample account ID names nobody,
// or the policy really has an escalation path. Each file must get every
// listed warning and no other warning or error; a rule is never weakened to
// keep a published policy clean.
struct Expected {
  std::vector<std::string> rules;
  const char* reason;
};
const std::map<std::string, Expected> kExpectedWarnings = {
    {"published/oss-bucket-policy-anonymous-list.json",
     {{"security/bucket-public"}, "the docs show how to open a bucket to everyone"}},
    {"published/tfmod-power-user-access.json",
     {{"security/full-admin", "security/privilege-escalation"},
      "PowerUserAccess: NotAction [ram:*, ...] on * controls every other service, and ram:PassRole on * beside "
      "ecs:RunInstances (allowed by that NotAction) lets the holder start an instance as any role"}},
    {"published/tf-oss-bucket-policy-deny-put-get.json",
     {{"principal/bucket-value-malformed"}, "the page's sample account ID 1234567890 has 10 digits"}},
    {"published/oss-putbucketpolicy-api-example.json",
     {{"principal/bucket-value-malformed"}, "the page's sample account ID 1234567890 has 10 digits"}},
    {"published/oss-vector-bucket-policy-read-write.json",
     {{"principal/bucket-value-malformed"}, "the page's sample principal 20816353761158 has 14 digits"}},
};

// Broken real policies and the finding (error or warning) each must get.
const std::map<std::string, std::string> kBrokenExpected = {
    {"broken/github-oidc-trust-assumerolewithoidc.json", "principal/trust-action"},
    {"broken/oss-0030-00000002-version-2.json", "grammar/version-invalid"},
    {"broken/oss-0030-00000005-version-number.json", "grammar/version-invalid"},
    {"broken/oss-0030-00000007-consecutive-stars.json", "placeholder/unreplaced"},
    {"broken/oss-0030-00000008-sourceip-without-vpc.json", "condition/oss-sourceip-without-sourcevpc"},
    {"broken/oss-bucket-policy-example3-trailing-commas.json", "json/syntax-error"},
    {"broken/oss-bucket-policy-require-sts-credentials-list-on-objects.json", "resource/oss-level-mismatch"},
    {"broken/python-sdk-30-getobject-on-bucket.json", "resource/oss-level-mismatch"},
    {"broken/ros-cdk-58-no-version.json", "grammar/version-missing"},
    {"broken/sys-service-role-policy-for-ecs-sg-snapshot-no-op-list.json", "resource/oss-level-mismatch"},
    {"broken/tfmod-maxcompute-access-oss-bucket-level-mismatch.json", "resource/oss-level-mismatch"},
};

fs::path corpus_dir() { return source_dir() / "testdata" / "corpus"; }

// file (relative to testdata/corpus) -> kind, from SOURCES.tsv.
std::map<std::string, std::string> source_kinds() {
  std::map<std::string, std::string> kinds;
  std::istringstream in(slurp(corpus_dir() / "SOURCES.tsv"));
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream cols(line);
    std::string file, kind;
    std::getline(cols, file, '\t');
    std::getline(cols, kind, '\t');
    kinds[file] = kind;
  }
  return kinds;
}

}  // namespace

TEST_CASE("corpus: every file has a SOURCES.tsv row", "[corpus]") {
  auto kinds = source_kinds();
  for (const char* sub : {"published", "as-published", "broken"}) {
    if (!fs::exists(corpus_dir() / sub)) continue;
    for (const auto& f : fs::directory_iterator(corpus_dir() / sub)) {
      std::string rel = std::string(sub) + "/" + f.path().filename().string();
      INFO(rel);
      CHECK(kinds.count(rel) == 1);
    }
  }
  for (const auto& [file, kind] : kinds) {
    INFO(file);
    CHECK(fs::exists(corpus_dir() / file));
    CHECK((kind == "permission" || kind == "trust" || kind == "bucket" || kind == "auto"));
  }
}

TEST_CASE("corpus: published policies lint clean", "[corpus]") {
  auto kinds = source_kinds();
  std::vector<fs::path> files;
  for (const auto& f : fs::directory_iterator(corpus_dir() / "published")) files.push_back(f.path());
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() >= 40);
  for (const auto& f : files) {
    std::string rel = "published/" + f.filename().string();
    DYNAMIC_SECTION(rel) {
      REQUIRE(kinds.count(rel) == 1);
      // "auto": a Terraform plan or ROS template, whose embedded documents
      // carry their own kind.
      std::vector<std::string> args = {"--format", "compact", "--fail-on", "warning", f.string()};
      if (kinds[rel] != "auto") args.insert(args.begin(), {"--kind", kinds[rel]});
      RunResult r = run_cli(args);
      INFO(r.out);
      auto expected = kExpectedWarnings.find(rel);
      bool any_expected = expected != kExpectedWarnings.end();
      INFO("expected warnings because: " << (any_expected ? expected->second.reason : "none expected"));
      CHECK(r.status == (any_expected ? 1 : 0));
      std::set<std::string> seen;
      std::istringstream lines(r.out);
      for (std::string line; std::getline(lines, line);) {
        CHECK(line.find(" error ") == std::string::npos);
        if (line.find(" warning ") == std::string::npos) continue;
        bool listed = false;
        if (any_expected)
          for (const auto& rule : expected->second.rules)
            if (line.find(" warning " + rule + " ") != std::string::npos) {
              listed = true;
              seen.insert(rule);
            }
        CHECK(listed);
      }
      if (any_expected)
        for (const auto& rule : expected->second.rules) {
          INFO(rule);
          CHECK(seen.count(rule) == 1);
        }
    }
  }
}

TEST_CASE("corpus: every expected warning names a published file", "[corpus]") {
  for (const auto& [file, expected] : kExpectedWarnings) {
    INFO(file);
    CHECK(fs::exists(corpus_dir() / file));
    CHECK(!expected.rules.empty());
  }
}

// The same documents with the page's own masked IDs: each must be stopped
// (a masked ID, a placeholder or the page's trailing comma is an error).
TEST_CASE("corpus: as-published documents are flagged", "[corpus]") {
  auto kinds = source_kinds();
  for (const auto& f : fs::directory_iterator(corpus_dir() / "as-published")) {
    std::string rel = "as-published/" + f.path().filename().string();
    DYNAMIC_SECTION(rel) {
      REQUIRE(kinds.count(rel) == 1);
      std::vector<std::string> args = {"--format", "compact", f.path().string()};
      if (kinds[rel] != "auto") args.insert(args.begin(), {"--kind", kinds[rel]});
      RunResult r = run_cli(args);
      INFO(r.out);
      CHECK(r.status == 1);
      CHECK(r.out.find(" error ") != std::string::npos);
    }
  }
}

TEST_CASE("corpus: broken policies get their finding", "[corpus]") {
  auto kinds = source_kinds();
  std::size_t seen = 0;
  for (const auto& f : fs::directory_iterator(corpus_dir() / "broken")) {
    std::string rel = "broken/" + f.path().filename().string();
    DYNAMIC_SECTION(rel) {
      REQUIRE(kinds.count(rel) == 1);
      auto expected = kBrokenExpected.find(rel);
      REQUIRE(expected != kBrokenExpected.end());
      std::vector<std::string> args = {"--format", "compact", f.path().string()};
      if (kinds[rel] != "auto") args.insert(args.begin(), {"--kind", kinds[rel]});
      RunResult r = run_cli(args);
      INFO(r.out);
      CHECK(r.status == 1);
      CHECK((r.out.find(" error " + expected->second + " ") != std::string::npos ||
             r.out.find(" warning " + expected->second + " ") != std::string::npos));
    }
    ++seen;
  }
  CHECK(seen == kBrokenExpected.size());
}
