// Setup discovery (lib/src/setup/discover.hpp) on the fixtures of
// testdata/setups (one correct setup of each seed, as Terraform and ROS) and
// on small inline inputs: which setups, which roles, buckets and keys, which
// documents (path + context as the run reports them) and system policies,
// where each value is written, and what stays unknown.
#include <catch2/catch.hpp>
#include <filesystem>
#include <map>
#include <random>

#include "../../lib/src/engine/extract.hpp"
#include "../../lib/src/input/terraform.hpp"
#include "../../lib/src/setup/discover.hpp"
#include "cli_util.hpp"
#include "policylint/source.hpp"

using namespace policylint;
using namespace policylint::setup;
using testutil::slurp;
using testutil::source_dir;

namespace {

const json::Limits kLimits{};

// The files of a fixture, named as the run names them (relative paths).
struct Files {
  std::vector<std::string> paths;
  std::vector<std::string> texts;
  std::vector<std::pair<std::string, std::string_view>> view() const {
    std::vector<std::pair<std::string, std::string_view>> v;
    for (std::size_t i = 0; i < paths.size(); ++i) v.emplace_back(paths[i], texts[i]);
    return v;
  }
  std::string text_of(const std::string& path) const {
    for (std::size_t i = 0; i < paths.size(); ++i)
      if (paths[i] == path) return texts[i];
    return {};
  }
};

Files module(const std::string& dir) {
  Files f;
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(source_dir() / dir))
    if (e.path().extension() == ".tf") names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  for (const auto& n : names) {
    f.paths.push_back(dir + "/" + n);
    f.texts.push_back(slurp(source_dir() / dir / n));
  }
  return f;
}

// "file:line:col" of a place (file without its directory), "-" when not written.
std::string at(const Place& p, const Files& files) {
  if (!p.known()) return "-";
  Source src(p.path, files.text_of(p.path));
  Position pos = src.position(p.span.begin);
  return std::filesystem::path(p.path).filename().string() + ":" + std::to_string(pos.line) + ":" +
         std::to_string(pos.column);
}

std::string doc(const PolicyRef& r) {
  if (r.is_system()) return "system:" + r.system;
  if (r.in_file()) return std::filesystem::path(r.path).filename().string() + "#" + r.context;
  return "unknown";
}

std::vector<std::string> docs(const std::vector<PolicyRef>& refs) {
  std::vector<std::string> out;
  for (const auto& r : refs) out.push_back(doc(r));
  return out;
}

// Every document a setup names in a .tf file is one the Terraform reader
// reports for that file, with that context.
void check_documents_exist(const Setup& s, const Files& files) {
  std::vector<std::string> texts = files.texts;
  input::TerraformModule m(texts, kLimits);
  std::vector<PolicyRef> refs;
  for (const auto& i : s.identities) {
    if (i.trust) refs.push_back(*i.trust);
    refs.insert(refs.end(), i.policies.begin(), i.policies.end());
  }
  for (const auto& b : s.buckets)
    if (b.policy) refs.push_back(*b.policy);
  for (const auto& k : s.keys)
    if (k.policy) refs.push_back(*k.policy);
  for (const auto& r : refs) {
    if (!r.in_file()) continue;
    INFO(r.path << " " << r.context);
    Extraction ex = input::read_terraform(files.text_of(r.path), kLimits, &m);
    bool found = std::any_of(ex.documents.begin(), ex.documents.end(),
                             [&](const ExtractedDocument& d) { return d.context == r.context; });
    CHECK(found);
  }
}

const Identity& identity(const Setup& s, std::string_view id) {
  const Identity* i = s.identity(id);
  REQUIRE(i != nullptr);
  return *i;
}
const Bucket& bucket(const Setup& s, std::string_view id) {
  const Bucket* b = s.bucket(id);
  REQUIRE(b != nullptr);
  return *b;
}

std::vector<Setup> tf(const std::string& text, const std::string& path = "m/main.tf") {
  return terraform_setups({{path, text}}, kLimits);
}

}  // namespace

TEST_CASE("setup discovery: cross-account CRR with KMS (seed 003) in Terraform", "[setup][discovery]") {
  Files f = module("testdata/setups/terraform/crr-cross-account-kms");
  std::vector<Setup> setups = terraform_setups(f.view(), kLimits);
  REQUIRE(setups.size() == 1);
  const Setup& s = setups[0];
  CHECK(s.task == Task::Replication);
  CHECK(s.declared);
  CHECK(s.name == "alicloud_oss_bucket_replication.crr");
  CHECK(at(s.place, f) == "source.tf:51:1");
  CHECK(s.role == "alicloud_ram_role.replication");
  CHECK(s.source_bucket == "alicloud_oss_bucket.src");
  CHECK(s.dest_bucket == "alicloud_oss_bucket.dest");
  CHECK(s.kms);
  CHECK(s.key == "alicloud_kms_key.dest");

  const Identity& role = identity(s, "alicloud_ram_role.replication");
  CHECK(role.kind == "role");
  CHECK(role.name.known);
  CHECK(role.name.text == "oss-replication-role");
  CHECK(at(role.name.place, f) == "source.tf:6:33");
  CHECK(role.account.known);
  CHECK(role.account.text == "1111111111111111");
  CHECK(at(role.account.place, f) == "providers.tf:9:16");
  CHECK(role.provider == "alicloud");
  REQUIRE(role.trust);
  CHECK(doc(*role.trust) == "source.tf#alicloud_ram_role.replication");
  CHECK(role.trust->path == "testdata/setups/terraform/crr-cross-account-kms/source.tf");
  CHECK(at(role.trust->place, f) == "source.tf:7:33");
  CHECK(docs(role.policies) ==
        std::vector<std::string>{"source.tf#alicloud_ram_policy.replicate_source", "system:AliyunKMSCryptoUserAccess"});
  // Where the attachment names the policy.
  CHECK(at(role.policies[0].place, f) == "source.tf:41:17");
  CHECK(at(role.policies[1].place, f) == "source.tf:47:17");

  const Bucket& src = bucket(s, "alicloud_oss_bucket.src");
  CHECK(src.name.text == "examplecorp-logs-hz");
  CHECK(src.account.text == "1111111111111111");
  CHECK(src.provider == "alicloud");
  CHECK_FALSE(src.policy);
  CHECK_FALSE(src.kms);

  const Bucket& dest = bucket(s, "alicloud_oss_bucket.dest");
  CHECK(dest.name.text == "examplecorp-logs-bj-backup");
  CHECK(dest.account.text == "2222222222222222");
  CHECK(at(dest.account.place, f) == "providers.tf:17:16");
  CHECK(dest.provider == "alicloud.dest");
  REQUIRE(dest.policy);
  CHECK(doc(*dest.policy) == "destination.tf#alicloud_oss_bucket_policy.dest");
  CHECK(at(dest.policy->place, f) == "destination.tf:37:14");
  CHECK(dest.kms);
  CHECK(dest.key == "alicloud_kms_key.dest");

  REQUIRE(s.keys.size() == 1);
  const Key& key = s.keys[0];
  CHECK(key.id == "alicloud_kms_key.dest");
  CHECK(key.account.text == "2222222222222222");
  CHECK(key.provider == "alicloud.dest");
  REQUIRE(key.policy);
  CHECK(doc(*key.policy) == "destination.tf#alicloud_kms_key.dest");
  CHECK(at(key.place, f) == "destination.tf:1:1");

  check_documents_exist(s, f);
}

TEST_CASE("setup discovery: same-account replication (seed 001) in Terraform", "[setup][discovery]") {
  Files f = module("testdata/setups/terraform/replication-same-account");
  std::vector<Setup> setups = terraform_setups(f.view(), kLimits);
  REQUIRE(setups.size() == 1);
  const Setup& s = setups[0];
  CHECK(s.task == Task::Replication);
  CHECK(s.role == "alicloud_ram_role.replication");
  CHECK(s.source_bucket == "alicloud_oss_bucket.src");
  CHECK(s.dest_bucket == "alicloud_oss_bucket.dest");
  CHECK_FALSE(s.kms);
  CHECK(s.keys.empty());
  const Identity& role = identity(s, "alicloud_ram_role.replication");
  CHECK(role.name.text == "oss-replication");
  // No assume_role: the account is not known, but every resource comes from
  // the same provider configuration.
  CHECK_FALSE(role.account.known);
  CHECK(role.provider == "alicloud");
  CHECK(bucket(s, s.source_bucket).provider == "alicloud");
  CHECK(bucket(s, s.dest_bucket).provider == "alicloud");
  CHECK_FALSE(bucket(s, s.dest_bucket).account.known);
  // Attached by literal names; the policy is the data source's rendering.
  CHECK(docs(role.policies) == std::vector<std::string>{"main.tf#alicloud_ram_policy.replicate"});
  CHECK(at(role.policies[0].place, f) == "main.tf:59:17");
  REQUIRE(role.trust);
  CHECK(doc(*role.trust) == "main.tf#alicloud_ram_role.replication");
  check_documents_exist(s, f);
}

TEST_CASE("setup discovery: migration into another account's bucket (seed 000) in Terraform", "[setup][discovery]") {
  Files f = module("testdata/setups/terraform/migration-cross-account");
  std::vector<Setup> setups = terraform_setups(f.view(), kLimits);
  REQUIRE(setups.size() == 1);
  const Setup& s = setups[0];
  CHECK(s.task == Task::Migration);
  CHECK_FALSE(s.declared);
  CHECK(s.name == "alicloud_ram_role.migration");
  CHECK(at(s.place, f) == "main.tf:60:1");
  CHECK(s.role == "alicloud_ram_role.migration");
  CHECK(s.dest_bucket == "alicloud_oss_bucket.dest");
  const Identity& role = identity(s, s.role);
  CHECK(role.name.text == "mgw-migration-role");
  CHECK(role.account.text == "1111111111111111");
  CHECK(role.policies.empty());
  const Bucket& dest = bucket(s, s.dest_bucket);
  CHECK(dest.account.text == "2222222222222222");
  REQUIRE(dest.policy);
  CHECK(doc(*dest.policy) == "main.tf#alicloud_oss_bucket_policy.dest");
  // The RAM user that runs the migration.
  const Identity& user = identity(s, "alicloud_ram_user.operator");
  CHECK(user.kind == "user");
  CHECK(user.name.text == "migration-operator");
  CHECK(docs(user.policies) ==
        std::vector<std::string>{"system:AliyunOSSImportFullAccess", "main.tf#alicloud_ram_policy.create_roles"});
  check_documents_exist(s, f);
}

TEST_CASE("setup discovery: cross-account DTS (seed 002) in Terraform", "[setup][discovery]") {
  Files f = module("testdata/setups/terraform/dts-cross-account");
  std::vector<Setup> setups = terraform_setups(f.view(), kLimits);
  REQUIRE(setups.size() == 1);
  const Setup& s = setups[0];
  CHECK(s.task == Task::Dts);
  CHECK(s.declared);
  CHECK(s.name == "alicloud_dts_synchronization_job.sync");
  CHECK(at(s.place, f) == "main.tf:78:40");  // the source_endpoint_role value
  CHECK(s.trusted_account.known);
  CHECK(s.trusted_account.text == "2222222222222222");
  CHECK(at(s.trusted_account.place, f) == "main.tf:9:16");
  CHECK(s.endpoint_owner.text == "1111111111111111");
  CHECK(at(s.endpoint_owner.place, f) == "main.tf:77:40");
  const Identity& role = identity(s, "alicloud_ram_role.dts");
  CHECK(role.account.text == "1111111111111111");
  CHECK(role.provider == "alicloud.source");
  CHECK(docs(role.policies) == std::vector<std::string>{"system:AliyunDTSRolePolicy"});
  REQUIRE(role.trust);
  CHECK(doc(*role.trust) == "main.tf#alicloud_ram_role.dts");
  check_documents_exist(s, f);
}

TEST_CASE("setup discovery: DTS through another account's VPC (seed 004) in Terraform", "[setup][discovery]") {
  Files f = module("testdata/setups/terraform/dts-vpc");
  std::vector<Setup> setups = terraform_setups(f.view(), kLimits);
  REQUIRE(setups.size() == 1);
  const Setup& s = setups[0];
  CHECK(s.task == Task::DtsVpc);
  CHECK(s.name == "alicloud_dts_migration_job.from_idc");
  CHECK(s.trusted_account.text == "2222222222222222");
  // var.vpc_owner_uid: unknown, never its default; its place is kept.
  CHECK_FALSE(s.endpoint_owner.known);
  CHECK(at(s.endpoint_owner.place, f) == "main.tf:90:40");
  // The job names the role by a literal: the role of that name.
  CHECK(s.role == "alicloud_ram_role.dts_vpc");
  const Identity& role = identity(s, s.role);
  CHECK(role.account.text == "1111111111111111");
  CHECK(docs(role.policies) ==
        std::vector<std::string>{"system:AliyunDTSRolePolicy", "system:AliyunVPCReadOnlyAccess"});
  CHECK(at(role.policies[1].place, f) == "main.tf:65:17");
}

TEST_CASE("setup discovery: ROS templates of the seeds", "[setup][discovery]") {
  auto read = [](const std::string& rel, Files& f) {
    f.paths = {rel};
    f.texts = {slurp(source_dir() / rel)};
    return ros_setups(rel, f.texts[0], kLimits);
  };

  SECTION("cross-account CRR with KMS, YAML, short and long functions") {
    Files f;
    std::vector<Setup> setups = read("testdata/setups/ros/replication-cross-account-kms.yaml", f);
    REQUIRE(setups.size() == 1);
    const Setup& s = setups[0];
    CHECK(s.task == Task::Replication);
    CHECK(s.name == "Replication");
    CHECK(at(s.place, f) == "replication-cross-account-kms.yaml:53:3");
    CHECK(s.role == "ReplicationRole");
    CHECK(s.source_bucket == "SourceBucket");
    // The destination is in another account: named only.
    CHECK(s.dest_bucket == "bucket:examplecorp-logs-bj-backup");
    CHECK(bucket(s, s.dest_bucket).provider.empty());
    CHECK_FALSE(bucket(s, s.dest_bucket).account.known);
    CHECK(bucket(s, s.source_bucket).provider == "stack");
    CHECK(s.kms);
    // The key is a parameter: unknown, with its place.
    REQUIRE(s.keys.size() == 1);
    CHECK(s.keys[0].id == s.key);
    CHECK_FALSE(s.keys[0].account.known);
    CHECK(at(s.keys[0].place, f) == "replication-cross-account-kms.yaml:70:15");
    const Identity& role = identity(s, "ReplicationRole");
    CHECK(role.name.text == "oss-replication-role");
    REQUIRE(role.trust);
    CHECK(doc(*role.trust) == "replication-cross-account-kms.yaml#ReplicationRole");
    CHECK(docs(role.policies) == std::vector<std::string>{"system:AliyunKMSCryptoUserAccess",
                                                          "replication-cross-account-kms.yaml#ReplicateSourcePolicy"});
    CHECK(at(role.policies[1].place, f) == "replication-cross-account-kms.yaml:43:11");
  }

  SECTION("same-account replication, JSON, attached by literal names") {
    Files f;
    std::vector<Setup> setups = read("testdata/setups/ros/replication-same-account.json", f);
    REQUIRE(setups.size() == 1);
    const Setup& s = setups[0];
    CHECK(s.dest_bucket == "DestinationBucket");
    CHECK(bucket(s, s.dest_bucket).provider == bucket(s, s.source_bucket).provider);
    const Identity& role = identity(s, s.role);
    CHECK(docs(role.policies) == std::vector<std::string>{"replication-same-account.json#ReplicatePolicy"});
    CHECK(at(identity(s, s.role).trust->place, f) == "replication-same-account.json:17:37");
  }

  SECTION("migration, YAML") {
    Files f;
    std::vector<Setup> setups = read("testdata/setups/ros/migration.yaml", f);
    REQUIRE(setups.size() == 1);
    const Setup& s = setups[0];
    CHECK(s.task == Task::Migration);
    CHECK_FALSE(s.declared);
    CHECK(s.dest_bucket == "DestinationBucket");
    CHECK(docs(identity(s, "MigrationRole").policies) ==
          std::vector<std::string>{"migration.yaml#MigrationWritePolicy"});
    CHECK(docs(identity(s, "MigrationOperator").policies) ==
          std::vector<std::string>{"system:AliyunOSSImportFullAccess", "migration.yaml#CreateRolesPolicy"});
  }

  SECTION("DTS roles without a task in the template are inferred setups") {
    Files f;
    std::vector<Setup> dts = read("testdata/setups/ros/dts-cross-account.json", f);
    REQUIRE(dts.size() == 1);
    CHECK(dts[0].task == Task::Dts);
    CHECK_FALSE(dts[0].declared);
    CHECK(dts[0].trusted_account.text == "2222222222222222");
    CHECK(docs(identity(dts[0], "DtsRole").policies) == std::vector<std::string>{"system:AliyunDTSRolePolicy"});

    Files g;
    std::vector<Setup> vpc = read("testdata/setups/ros/dts-vpc.yaml", g);
    REQUIRE(vpc.size() == 1);
    CHECK(vpc[0].task == Task::DtsVpc);
    CHECK(docs(identity(vpc[0], "DtsVpcRole").policies) ==
          std::vector<std::string>{"system:AliyunDTSRolePolicy", "system:AliyunVPCReadOnlyAccess"});
  }
}

TEST_CASE("setup discovery: the contexts of ROS documents are the run's", "[setup][discovery]") {
  const std::string rel = "testdata/setups/ros/replication-same-account.json";
  std::string text = slurp(source_dir() / rel);
  json::Document d = json::parse(text);
  std::vector<std::string> contexts;
  for (const auto& e : policylint::detail::find_embedded(d.root())) contexts.push_back(e.context);
  std::vector<Setup> setups = ros_setups(rel, text, kLimits);
  REQUIRE(setups.size() == 1);
  for (const auto& i : setups[0].identities) {
    std::vector<PolicyRef> refs = i.policies;
    if (i.trust) refs.push_back(*i.trust);
    for (const auto& r : refs)
      if (r.in_file()) {
        CHECK(r.path == rel);
        CHECK(std::find(contexts.begin(), contexts.end(), r.context) != contexts.end());
      }
  }
}

TEST_CASE("setup discovery: unknown values and names only", "[setup][discovery]") {
  SECTION("a variable role and bucket are unknown, never a default") {
    std::string text =
        "variable \"role\" {\n  default = \"oss-replication\"\n}\n"
        "resource \"alicloud_oss_bucket_replication\" \"r\" {\n"
        "  bucket    = var.source\n"
        "  sync_role = var.role\n"
        "  destination {\n    bucket   = \"backup-bucket\"\n    location = \"oss-cn-beijing\"\n  }\n}\n";
    std::vector<Setup> setups = tf(text);
    REQUIRE(setups.size() == 1);
    const Setup& s = setups[0];
    const Identity& role = identity(s, s.role);
    CHECK_FALSE(role.name.known);
    CHECK(role.name.place.span.begin == text.find("var.role"));
    CHECK(s.role.starts_with("role:?"));
    CHECK_FALSE(role.trust);
    CHECK_FALSE(bucket(s, s.source_bucket).name.known);
    // A destination named only by a literal: its account is not assumed.
    CHECK(s.dest_bucket == "bucket:backup-bucket");
    CHECK_FALSE(bucket(s, s.dest_bucket).account.known);
    CHECK(bucket(s, s.dest_bucket).provider.empty());
  }

  SECTION("count and for_each: resources kept, each/count values unknown") {
    std::string text =
        "resource \"alicloud_ram_role\" \"r\" {\n  count = 2\n  role_name = \"role-${count.index}\"\n"
        "  assume_role_policy_document = \"{}\"\n}\n"
        "resource \"alicloud_oss_bucket_replication\" \"x\" {\n  for_each = toset([\"a\"])\n"
        "  bucket = each.value\n  sync_role = alicloud_ram_role.r[0].role_name\n"
        "  destination {\n    bucket = each.key\n  }\n}\n";
    std::vector<Setup> setups = tf(text);
    REQUIRE(setups.size() == 1);
    const Setup& s = setups[0];
    CHECK(s.role == "alicloud_ram_role.r");
    CHECK_FALSE(identity(s, s.role).name.known);
    CHECK_FALSE(bucket(s, s.source_bucket).name.known);
    CHECK_FALSE(bucket(s, s.dest_bucket).name.known);
  }

  SECTION("a literal role name no resource creates, a trust policy in a variable") {
    std::string text =
        "resource \"alicloud_ram_role\" \"other\" {\n  role_name = \"other\"\n"
        "  assume_role_policy_document = var.trust\n}\n"
        "resource \"alicloud_ram_role_policy_attachment\" \"a\" {\n  role_name = \"aliyunossdrsrole\"\n"
        "  policy_name = \"AliyunOSSFullAccess\"\n  policy_type = \"System\"\n}\n"
        "resource \"alicloud_oss_bucket_replication\" \"x\" {\n  bucket = \"a\"\n  sync_role = \"aliyunossdrsrole\"\n"
        "  destination {\n    bucket = \"b\"\n  }\n}\n";
    std::vector<Setup> setups = tf(text);
    REQUIRE(setups.size() == 1);
    const Identity& role = identity(setups[0], "role:aliyunossdrsrole");
    CHECK(role.name.text == "aliyunossdrsrole");
    CHECK(role.provider.empty());
    CHECK(docs(role.policies) == std::vector<std::string>{"system:AliyunOSSFullAccess"});
  }

  SECTION("a custom policy by a literal name not in the module is unknown") {
    std::string text =
        "resource \"alicloud_ram_role\" \"r\" {\n  role_name = \"rr\"\n"
        "  assume_role_policy_document = \"{\\\"Statement\\\": [{\\\"Effect\\\": \\\"Allow\\\", \\\"Action\\\": "
        "\\\"sts:AssumeRole\\\", \\\"Principal\\\": {\\\"Service\\\": [\\\"oss.aliyuncs.com\\\"]}}], "
        "\\\"Version\\\": \\\"1\\\"}\"\n}\n"
        "resource \"alicloud_ram_role_policy_attachment\" \"a\" {\n  role_name = alicloud_ram_role.r.id\n"
        "  policy_name = \"elsewhere\"\n  policy_type = \"Custom\"\n}\n"
        "resource \"alicloud_oss_bucket_replication\" \"x\" {\n  bucket = \"a\"\n  sync_role = alicloud_ram_role.r.id\n"
        "  destination {\n    bucket = \"b\"\n  }\n}\n";
    std::vector<Setup> setups = tf(text);
    REQUIRE(setups.size() == 1);
    const Identity& role = identity(setups[0], "alicloud_ram_role.r");
    REQUIRE(role.policies.size() == 1);
    CHECK(doc(role.policies[0]) == "unknown");
    CHECK(role.policies[0].place.span.begin == text.find("\"elsewhere\""));
    REQUIRE(role.trust);
    CHECK(doc(*role.trust) == "main.tf#alicloud_ram_role.r");
  }

  SECTION("locals are followed to their literal") {
    std::string text =
        "locals {\n  role = \"from-local\"\n}\n"
        "resource \"alicloud_oss_bucket_replication\" \"x\" {\n  bucket = \"a\"\n  sync_role = local.role\n"
        "  destination {\n    bucket = \"b\"\n  }\n}\n";
    std::vector<Setup> setups = tf(text);
    REQUIRE(setups.size() == 1);
    CHECK(setups[0].role == "role:from-local");
    CHECK(identity(setups[0], setups[0].role).name.place.span.begin == text.find("\"from-local\""));
  }
}

TEST_CASE("setup discovery: Terraform JSON syntax (.tf.json)", "[setup][discovery]") {
  const std::string text = R"({
  "provider": {"alicloud": [{"region": "cn-hangzhou"},
                            {"alias": "dest", "assume_role": {"role_arn": "acs:ram::2222222222222222:role/x"}}]},
  "resource": {
    "alicloud_ram_role": {"r": {"role_name": "rep",
      "assume_role_policy_document": "{\"Statement\": [], \"Version\": \"1\"}"}},
    "alicloud_oss_bucket": {"d": {"provider": "alicloud.dest", "bucket": "dest"}},
    "alicloud_oss_bucket_replication": {"x": {"bucket": "src", "sync_role": "${alicloud_ram_role.r.role_name}",
      "destination": {"bucket": "${alicloud_oss_bucket.d.bucket}", "location": "oss-cn-beijing"}}}
  }
})";
  std::vector<Setup> setups = terraform_setups({{"m/main.tf.json", text}}, kLimits);
  REQUIRE(setups.size() == 1);
  const Setup& s = setups[0];
  CHECK(s.role == "alicloud_ram_role.r");
  const Identity& role = identity(s, s.role);
  REQUIRE(role.trust);
  CHECK(role.trust->path == "m/main.tf.json");
  CHECK(role.trust->context == "alicloud_ram_role.r");
  CHECK(s.dest_bucket == "alicloud_oss_bucket.d");
  CHECK(bucket(s, s.dest_bucket).provider == "alicloud.dest");
  CHECK(bucket(s, s.dest_bucket).account.text == "2222222222222222");
  CHECK(bucket(s, s.dest_bucket).account.place.span.begin == text.find("acs:ram::2222") - 1);
  CHECK(s.source_bucket == "bucket:src");
  // Not valid JSON: no setups (the reader reports the syntax error).
  CHECK(terraform_setups({{"m/main.tf.json", text.substr(0, 40)}}, kLimits).empty());
}

TEST_CASE("setup discovery: a Terraform plan", "[setup][discovery]") {
  const std::string plan = R"({
  "format_version": "1.2",
  "planned_values": {"root_module": {"resources": [
    {"address": "alicloud_ram_role.r", "mode": "managed", "type": "alicloud_ram_role",
     "values": {"role_name": "rep", "assume_role_policy_document": "{\"Statement\": [{\"Action\": \"sts:AssumeRole\", \"Effect\": \"Allow\", \"Principal\": {\"Service\": [\"oss.aliyuncs.com\"]}}], \"Version\": \"1\"}"}},
    {"address": "alicloud_ram_role_policy_attachment.a", "mode": "managed", "type": "alicloud_ram_role_policy_attachment",
     "values": {"role_name": "rep", "policy_name": "AliyunOSSFullAccess", "policy_type": "System"}},
    {"address": "alicloud_oss_bucket.d", "mode": "managed", "type": "alicloud_oss_bucket",
     "values": {"bucket": "dest", "policy": null}},
    {"address": "alicloud_oss_bucket_replication.x", "mode": "managed", "type": "alicloud_oss_bucket_replication",
     "values": {"bucket": "src", "sync_role": "rep", "destination": [{"bucket": "dest", "location": "oss-cn-beijing"}],
                "encryption_configuration": [], "source_selection_criteria": []}}
  ]}},
  "configuration": {
    "provider_config": {
      "alicloud.dest": {"name": "alicloud", "alias": "dest",
        "expressions": {"assume_role": [{"role_arn": {"constant_value": "acs:ram::2222222222222222:role/deployer"}}]}}
    },
    "root_module": {"resources": [
      {"address": "alicloud_oss_bucket.d", "provider_config_key": "alicloud.dest"}
    ]}
  }
})";
  std::vector<Setup> setups = terraform_plan_setups("plan.json", plan, kLimits);
  REQUIRE(setups.size() == 1);
  const Setup& s = setups[0];
  CHECK(s.task == Task::Replication);
  CHECK(s.role == "alicloud_ram_role.r");
  const Identity& role = identity(s, s.role);
  REQUIRE(role.trust);
  CHECK(role.trust->path == "plan.json");
  CHECK(role.trust->context == "alicloud_ram_role.r");
  CHECK(docs(role.policies) == std::vector<std::string>{"system:AliyunOSSFullAccess"});
  CHECK(s.dest_bucket == "alicloud_oss_bucket.d");
  CHECK(bucket(s, s.dest_bucket).account.text == "2222222222222222");
  CHECK(bucket(s, s.dest_bucket).provider == "alicloud.dest");
  CHECK(s.source_bucket == "bucket:src");
  CHECK_FALSE(s.kms);
}

TEST_CASE("setup discovery: KMS key policies are key documents", "[setup][discovery]") {
  Extraction ex = input::read_terraform(
      "resource \"alicloud_kms_key\" \"k\" {\n  policy = jsonencode({Version = \"1\", Statement = []})\n}\n", kLimits);
  REQUIRE(ex.documents.size() == 1);
  CHECK(ex.documents[0].context == "alicloud_kms_key.k");
  REQUIRE(ex.documents[0].kind);
  CHECK(*ex.documents[0].kind == Kind::Key);

  json::Document ros = json::parse(
      R"({"ROSTemplateFormatVersion": "2015-09-01", "Resources": {"Key": {"Type": "ALIYUN::KMS::Key",
          "Properties": {"Policy": {"Version": "1", "Statement": []}}}}})");
  auto found = policylint::detail::find_embedded(ros.root());
  REQUIRE(found.size() == 1);
  CHECK(found[0].context == "Key");
  REQUIRE(found[0].kind);
  CHECK(*found[0].kind == Kind::Key);
}

TEST_CASE("setup discovery: bad input never throws and gives no setups", "[setup][discovery]") {
  CHECK(tf("resource \"alicloud_oss_bucket_replication\" \"x\" {\n  bucket = \n").empty());
  CHECK(terraform_plan_setups("p.json", "{\"format_version\": ", kLimits).empty());
  CHECK(ros_setups("t.json", "{\"ROSTemplateFormatVersion\": [", kLimits).empty());
  CHECK(ros_setups("t.yaml", "ROSTemplateFormatVersion: '2015-09-01'\nResources: [\n", kLimits).empty());
  // Random mutations of the fixtures: no crash, no hang.
  std::mt19937 rng(7);
  std::vector<std::string> inputs = {slurp(source_dir() / "testdata/setups/terraform/crr-cross-account-kms/source.tf"),
                                     slurp(source_dir() / "testdata/setups/ros/replication-same-account.json"),
                                     slurp(source_dir() / "testdata/setups/ros/migration.yaml")};
  for (int round = 0; round < 200; ++round) {
    std::string s = inputs[static_cast<std::size_t>(round) % inputs.size()];
    for (int k = 0; k < 8 && !s.empty(); ++k) s[rng() % s.size()] = static_cast<char>(rng() % 256);
    (void)tf(s);
    (void)terraform_plan_setups("p.json", s, kLimits);
    (void)ros_setups("t.json", s, kLimits);
    (void)ros_setups("t.yaml", s, kLimits);
  }
  SUCCEED();
}

TEST_CASE("setup discovery: a plan's null values and older argument names, against a module's", "[setup][discovery]") {
  const std::string trust =
      R"({\"Statement\": [{\"Action\": \"sts:AssumeRole\", \"Effect\": \"Allow\", \"Principal\": {\"Service\": [\"oss.aliyuncs.com\"]}}], \"Version\": \"1\"})";
  const std::string plan = R"({
  "format_version": "1.2",
  "planned_values": {"root_module": {"resources": [
    {"address": "alicloud_ram_role.r", "mode": "managed", "type": "alicloud_ram_role",
     "values": {"role_name": null, "name": "rep", "assume_role_policy_document": null, "document": ")" +
                           trust + R"("}},
    {"address": "alicloud_ram_policy.p", "mode": "managed", "type": "alicloud_ram_policy",
     "values": {"policy_name": null, "name": "rep-policy", "document": "{\"Version\": \"1\", \"Statement\": []}"}},
    {"address": "alicloud_ram_role_policy_attachment.a", "mode": "managed", "type": "alicloud_ram_role_policy_attachment",
     "values": {"role_name": "rep", "policy_name": "rep-policy", "policy_type": "Custom"}},
    {"address": "alicloud_oss_bucket_replication.x", "mode": "managed", "type": "alicloud_oss_bucket_replication",
     "values": {"bucket": "src", "sync_role": "rep", "destination": [{"bucket": "dest"}],
                "encryption_configuration": [{"replica_kms_key_id": null}]}},
    {"address": "alicloud_dts_migration_job.j", "mode": "managed", "type": "alicloud_dts_migration_job",
     "values": {"source_endpoint_role": null, "destination_endpoint_role": ""}}
  ]}}
})";
  std::vector<Setup> setups = terraform_plan_setups("plan.json", plan, kLimits);
  // The DTS job's endpoints have no role known: no DTS setup.
  REQUIRE(setups.size() == 1);
  const Setup& s = setups[0];
  const Identity& role = identity(s, "alicloud_ram_role.r");
  // A null argument gives way to its older name.
  CHECK(role.name.text == "rep");
  REQUIRE(role.trust);
  CHECK(doc(*role.trust) == "plan.json#alicloud_ram_role.r");
  CHECK(docs(role.policies) == std::vector<std::string>{"plan.json#alicloud_ram_policy.p"});
  // A replica key unknown until apply does not make the rule a KMS one.
  CHECK_FALSE(s.kms);

  // In a module, a replica key not known offline does.
  std::vector<Setup> m = tf(R"(variable "key" {}
resource "alicloud_oss_bucket_replication" "x" {
  bucket    = "src"
  sync_role = "rep"
  destination {
    bucket = "dest"
  }
  encryption_configuration {
    replica_kms_key_id = var.key
  }
}
resource "alicloud_dts_migration_job" "j" {
  source_endpoint_role = var.role
}
)");
  REQUIRE(m.size() == 2);
  CHECK(m[0].kms);
  // A DTS endpoint role written but not known offline is an endpoint.
  CHECK(m[1].name == "alicloud_dts_migration_job.j");
}

TEST_CASE("setup discovery: the module the lint read is reused only when it holds the same files",
          "[setup][discovery]") {
  Files f = module("testdata/setups/terraform/crr-cross-account-kms");
  auto summary = [&](const std::vector<Setup>& setups) {
    std::string out;
    for (const Setup& s : setups) {
      out += s.name + " " + at(s.place, f) + " " + s.role + "\n";
      for (const Bucket& b : s.buckets) out += "  " + b.id + " " + b.name.text + " " + at(b.name.place, f) + "\n";
    }
    return out;
  };
  const std::string alone = summary(terraform_setups(f.view(), kLimits));
  REQUIRE(alone.find("examplecorp-logs-hz") != std::string::npos);
  // The same texts: the same setups, from the given module.
  input::TerraformModule same(f.texts, kLimits);
  CHECK(summary(terraform_setups(f.view(), kLimits, &same)) == alone);
  // Another text of a file, or a file fewer: the files are read again.
  std::vector<std::string> renamed = f.texts;
  for (std::string& t : renamed)
    for (auto at = t.find("examplecorp-logs-hz"); at != std::string::npos; at = t.find("examplecorp-logs-hz"))
      t.replace(at, 19, "examplecorp-logs-sh");
  REQUIRE(renamed != f.texts);
  input::TerraformModule other(renamed, kLimits);
  CHECK(summary(terraform_setups(f.view(), kLimits, &other)) == alone);
  input::TerraformModule fewer(std::vector<std::string>(f.texts.begin(), f.texts.end() - 1), kLimits);
  CHECK(summary(terraform_setups(f.view(), kLimits, &fewer)) == alone);
}
