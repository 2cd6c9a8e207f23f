// Settings of a task's own resources read by the setup discovery: a
// replication rule's literal prefixes, historical-data setting, regions and
// the buckets' versioning status [REP-10] (Terraform module, plan, ROS), and
// a DTS synchronization job's two-way setting and endpoints [DTS-07]; what is
// not known offline stays unknown.
#include <catch2/catch.hpp>

#include "../../lib/src/setup/discover.hpp"

using namespace policylint;
using namespace policylint::setup;

namespace {

const json::Limits kLimits{};

std::vector<std::string> texts(const std::vector<Value>& values) {
  std::vector<std::string> out;
  for (const auto& v : values) out.push_back(v.text);
  return out;
}

// The one setup of an input, which must be a replication (kept in `keep`).
const Setup& only_replication(std::vector<Setup> setups, std::vector<Setup>& keep) {
  keep = std::move(setups);
  REQUIRE(keep.size() == 1);
  REQUIRE(keep[0].task == Task::Replication);
  return keep[0];
}

}  // namespace

TEST_CASE("setup discovery: a Terraform replication rule's settings", "[setup][discovery]") {
  SECTION("literal prefixes through a local, a variable entry left out, regions, versioning") {
    const std::string tf = R"(provider "alicloud" {
  region = "cn-hangzhou"
}

locals {
  prefixes = ["a/", var.b, "c/"]
}

resource "alicloud_oss_bucket" "src" {
  bucket = "src-bucket-x"
  versioning {
    status = "Enabled"
  }
}

resource "alicloud_oss_bucket" "dest" {
  bucket = "dest-bucket-x"
}

resource "alicloud_oss_bucket_versioning" "dest" {
  bucket = alicloud_oss_bucket.dest.bucket
  status = "Suspended"
}

resource "alicloud_oss_bucket_replication" "rule" {
  bucket = alicloud_oss_bucket.src.bucket
  prefix_set {
    prefixes = local.prefixes
  }
  destination {
    bucket   = alicloud_oss_bucket.dest.bucket
    location = "oss-cn-beijing"
  }
  historical_object_replication = "enabled"
}
)";
    std::vector<Setup> keep;
    const Setup& s = only_replication(terraform_setups({{"m/main.tf", tf}}, kLimits), keep);
    CHECK(texts(s.prefixes) == std::vector<std::string>{"a/", "c/"});
    CHECK(s.prefixes_unknown == 1);  // var.b
    CHECK(s.prefix_list.known());
    CHECK(s.historical.known);
    CHECK(s.historical.text == "enabled");
    CHECK(s.source_region.text == "cn-hangzhou");
    CHECK(s.dest_region.text == "oss-cn-beijing");
    const Bucket* src = s.bucket(s.source_bucket);
    const Bucket* dest = s.bucket(s.dest_bucket);
    REQUIRE(src != nullptr);
    REQUIRE(dest != nullptr);
    CHECK(src->versioning.text == "Enabled");
    CHECK(dest->versioning.text == "Suspended");
  }
  SECTION("nothing written: no list, history and versioning unknown") {
    const std::string tf = R"(resource "alicloud_oss_bucket" "src" {
  bucket = "src-bucket-x"
}

resource "alicloud_oss_bucket_replication" "rule" {
  bucket = alicloud_oss_bucket.src.bucket
  destination {
    bucket   = "dest-bucket-x"
    location = var.location
  }
}
)";
    std::vector<Setup> keep;
    const Setup& s = only_replication(terraform_setups({{"m/main.tf", tf}}, kLimits), keep);
    CHECK(s.prefixes.empty());
    CHECK(s.prefixes_unknown == 0);
    CHECK_FALSE(s.prefix_list.known());
    CHECK_FALSE(s.historical.known);
    CHECK_FALSE(s.historical.place.known());
    CHECK_FALSE(s.source_region.known);
    CHECK_FALSE(s.dest_region.known);
    const Bucket* src = s.bucket(s.source_bucket);
    REQUIRE(src != nullptr);
    CHECK_FALSE(src->versioning.known);
  }
  SECTION("a list that is a variable is written but has no literal entry") {
    const std::string tf = R"(resource "alicloud_oss_bucket_replication" "rule" {
  bucket = "src-bucket-x"
  prefix_set {
    prefixes = var.prefixes
  }
  destination {
    bucket   = "dest-bucket-x"
    location = "oss-cn-beijing"
  }
  historical_object_replication = var.history
}
)";
    std::vector<Setup> keep;
    const Setup& s = only_replication(terraform_setups({{"m/main.tf", tf}}, kLimits), keep);
    CHECK(s.prefixes.empty());
    CHECK(s.prefixes_unknown == 1);  // the whole list: the proof cannot call it within the limit
    CHECK(s.prefix_list.known());
    CHECK_FALSE(s.historical.known);
    CHECK(s.historical.place.known());
  }
}

TEST_CASE("setup discovery: a plan's replication rule settings", "[setup][discovery]") {
  const std::string plan = R"({
  "format_version": "1.2",
  "planned_values": {"root_module": {"resources": [
    {"address": "alicloud_oss_bucket_replication.rule", "mode": "managed",
     "type": "alicloud_oss_bucket_replication", "name": "rule",
     "values": {"bucket": "src-bucket-x",
                "destination": [{"bucket": "dest-bucket-x", "location": "oss-cn-shanghai"}],
                "prefix_set": [{"prefixes": ["a/", null, "b/"]}],
                "historical_object_replication": "disabled"}}]}},
  "configuration": {"provider_config": {"alicloud": {"name": "alicloud",
     "expressions": {"region": {"constant_value": "cn-hangzhou"}}}}}
})";
  std::vector<Setup> keep;
  const Setup& s = only_replication(terraform_plan_setups("plan.json", plan, kLimits), keep);
  CHECK(texts(s.prefixes) == std::vector<std::string>{"a/", "b/"});
  CHECK(s.historical.text == "disabled");
  CHECK(s.source_region.text == "cn-hangzhou");
  CHECK(s.dest_region.text == "oss-cn-shanghai");
}

TEST_CASE("setup discovery: a ROS replication rule's settings", "[setup][discovery]") {
  SECTION("PrefixSet as a list of prefixes") {
    const std::string ros = R"({
  "ROSTemplateFormatVersion": "2015-09-01",
  "Resources": {
    "Src": {"Type": "ALIYUN::OSS::Bucket",
            "Properties": {"BucketName": "src-bucket-x", "VersioningConfiguration": {"Status": "Suspended"}}},
    "Rule": {"Type": "ALIYUN::OSS::BucketReplication", "Properties": {
      "BucketName": {"Ref": "Src"},
      "ReplicationConfiguration": {"Rule": {
        "Destination": {"Bucket": "dest-bucket-x", "Location": "oss-cn-beijing"},
        "PrefixSet": ["a/", {"Ref": "P"}, "b/"],
        "HistoricalObjectReplication": "enabled"}}}}
  }
})";
    std::vector<Setup> keep;
    const Setup& s = only_replication(ros_setups("t.json", ros, kLimits), keep);
    CHECK(texts(s.prefixes) == std::vector<std::string>{"a/", "b/"});
    CHECK(s.historical.text == "enabled");
    CHECK_FALSE(s.source_region.known);
    CHECK(s.dest_region.text == "oss-cn-beijing");
    const Bucket* src = s.bucket(s.source_bucket);
    REQUIRE(src != nullptr);
    CHECK(src->versioning.text == "Suspended");
  }
  SECTION("PrefixSet as the API's {Prefix: [...]}") {
    const std::string ros = R"({
  "ROSTemplateFormatVersion": "2015-09-01",
  "Resources": {
    "Rule": {"Type": "ALIYUN::OSS::BucketReplication", "Properties": {
      "BucketName": "src-bucket-x",
      "ReplicationConfiguration": {"Rule": {
        "Destination": {"Bucket": "dest-bucket-x", "Location": "oss-cn-beijing"},
        "PrefixSet": {"Prefix": ["a/", "b/", "c/"]}}}}}
  }
})";
    std::vector<Setup> keep;
    const Setup& s = only_replication(ros_setups("t.json", ros, kLimits), keep);
    CHECK(texts(s.prefixes) == std::vector<std::string>{"a/", "b/", "c/"});
    CHECK_FALSE(s.historical.known);
  }
}

// DTS-07: a synchronization job's two-way setting and endpoints, on the
// setup of its first endpoint only.
TEST_CASE("setup discovery: a DTS synchronization job's direction and endpoints", "[setup][discovery]") {
  const std::string head = R"(resource "alicloud_dts_synchronization_instance" "sync" {
  sync_architecture = "bidirectional"
}

resource "alicloud_dts_synchronization_job" "sync" {
  source_endpoint_engine_name        = "MYSQL"
  source_endpoint_instance_type      = "RDS"
  source_endpoint_owner_id           = "1111111111111111"
  source_endpoint_role               = "dts-a"
  destination_endpoint_engine_name   = var.engine
  destination_endpoint_owner_id      = "2222222222222222"
  destination_endpoint_role          = "dts-b"
)";
  SECTION("through the instance") {
    std::vector<Setup> setups = terraform_setups(
        {{"m/main.tf", head + "  dts_instance_id = alicloud_dts_synchronization_instance.sync.id\n}\n"}}, kLimits);
    REQUIRE(setups.size() == 2);
    CHECK(setups[0].two_way.text == "bidirectional");
    REQUIRE(setups[0].endpoints.size() == 2);
    CHECK(setups[0].endpoints[0].side == "source");
    CHECK(setups[0].endpoints[0].engine.text == "MYSQL");
    CHECK(setups[0].endpoints[0].instance_type.text == "RDS");
    CHECK_FALSE(setups[0].endpoints[1].engine.known);
    CHECK_FALSE(setups[0].endpoints[1].instance_type.known);
    // The job is judged once.
    CHECK_FALSE(setups[1].two_way.known);
    CHECK(setups[1].endpoints.empty());
  }
  SECTION("through synchronization_direction") {
    std::vector<Setup> setups = terraform_setups(
        {{"m/main.tf", head + "  dts_instance_id = var.id\n  synchronization_direction = \"Reverse\"\n}\n"}}, kLimits);
    REQUIRE(setups.size() == 2);
    CHECK(setups[0].two_way.text == "Reverse");
  }
  SECTION("neither: one-way") {
    std::vector<Setup> setups = terraform_setups({{"m/main.tf", head + "  dts_instance_id = var.id\n}\n"}}, kLimits);
    REQUIRE(setups.size() == 2);
    CHECK_FALSE(setups[0].two_way.known);
  }
}
