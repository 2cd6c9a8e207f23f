#pragma once
// Setups: the documents of one cross-document task (an OSS replication, a
// Data Online Migration, a DTS task) taken together. A setup names its roles
// (trust policy, attached policies), buckets (bucket policy, encryption) and
// KMS keys, each in the account that owns it. Setups come from Terraform
// modules (resources and the references between them), ROS templates (Ref,
// Fn::GetAtt) and the `setups` section of .policylint.json; the proof
// (setup_proof.hpp) checks each link between the documents.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "policylint/i18n.hpp"
#include "policylint/source.hpp"

namespace policylint::setup {

// Where something is written: a file (as the run names it) and a byte span
// of it. An empty path: not written anywhere (a default, a system policy).
struct Place {
  std::string path;
  Span span;
  bool known() const { return !path.empty(); }
};

// A value of a setup: known offline (text) or not (a variable, a Ref, an
// attribute of another resource that is not followed); where it is written.
struct Value {
  std::string text;
  bool known = false;
  Place place;
  static Value of(std::string t, Place p = {}) { return Value{std::move(t), true, std::move(p)}; }
  static Value of(std::string_view t, Place p = {}) { return of(std::string(t), std::move(p)); }
  static Value unknown(Place p = {}) { return Value{{}, false, std::move(p)}; }
};

// A policy document of a setup.
//  - in a file: `path` is the file holding it, `context` selects the document
//    of that file (the resource address / template path the run reports as a
//    document's context; empty = the file's only document);
//  - or a system policy: `system` holds its name ("AliyunOSSFullAccess");
//  - or unknown (a variable, a data source): neither is set.
// `place` is where the setup refers to it (an attachment resource, a
// `policies` entry of the configuration): the related location of a finding.
struct PolicyRef {
  std::string path;
  std::string context;
  std::string system;
  Place place;
  bool in_file() const { return !path.empty(); }
  bool is_system() const { return !system.empty(); }
};

// A RAM role, user or group identity. `kind` is "role" (default) or "user".
struct Identity {
  std::string id;  // how the setup refers to it (resource address, configuration key)
  std::string kind = "role";
  Value name;
  Value account;  // owning account UID
  // Which account configuration creates it: Terraform's provider
  // configuration ("alicloud", "alicloud.dest"), "stack" for a resource of a
  // ROS template; empty when not created by the input (named only). Two
  // identities, buckets or keys with the same non-empty provider are in the
  // same account even when its UID is unknown.
  std::string provider;
  std::optional<PolicyRef> trust;   // roles only
  std::vector<PolicyRef> policies;  // attached policies (custom and system)
  Place place;                      // the definition
};

struct Bucket {
  std::string id;
  Value name;
  Value account;
  std::string provider;             // as Identity::provider
  std::optional<PolicyRef> policy;  // the bucket policy, when one is written
  bool kms = false;                 // server-side encryption with KMS is configured
  std::string key;                  // id of the Key used, when known
  // The versioning status the input writes for the bucket ("Enabled",
  // "Suspended"); unknown when it writes none (versioning may be set elsewhere).
  Value versioning;
  Place place;
};

struct Key {
  std::string id;
  Value account;
  std::string provider;             // as Identity::provider
  std::optional<PolicyRef> policy;  // the key policy
  Place place;
};

// An endpoint of a DTS job as written: "source" or "destination", its
// database engine name and its instance type (the job's
// *_endpoint_engine_name and *_endpoint_instance_type).
struct DtsEndpoint {
  std::string side;
  Value engine;
  Value instance_type;
};

// What a setup does. The names are the scenarios of the proof.
enum class Task : std::uint8_t {
  Replication,  // OSS replication (same- or cross-account by the buckets' accounts)
  Migration,    // Data Online Migration into a destination bucket
  Dts,          // a DTS task across accounts: a role trusted by another account's DTS
  DtsVpc,       // DTS reaching a database in another account's VPC
};
std::string_view to_string(Task t);
std::optional<Task> parse_task(std::string_view s);

struct Setup {
  Task task = Task::Replication;
  std::string name;  // resource address or configuration key
  // Declared: the configuration names the setup, or a resource creates it
  // (alicloud_oss_bucket_replication, a DTS job). Inferred: read from
  // resources that only seem to belong together; a broken link is then a warning.
  bool declared = true;
  Place place;  // where the setup is written (the replication resource, the config entry)

  std::string role;  // id of the role the service assumes (replication, migration, DTS)
  // Replication: source and destination bucket; migration: destination only.
  std::string source_bucket;
  std::string dest_bucket;
  // DTS: the account whose DTS service (and root) must be trusted, i.e. the
  // account that creates and runs the task.
  Value trusted_account;
  // DTS: the account the task names as the endpoint's owner
  // (source/destination_endpoint_owner_id), where the role must be.
  Value endpoint_owner;
  // DTS synchronization across accounts [DTS-07]: where the job is made
  // two-way (its instance's sync_architecture "bidirectional", or its
  // synchronization_direction; unknown otherwise) and both endpoints as
  // written. Set on one setup per job, so that a job is judged once.
  Value two_way;
  std::vector<DtsEndpoint> endpoints;
  // Replication / migration: objects are encrypted with KMS (a key in keys).
  bool kms = false;
  std::string key;
  // Replication: the rule's own settings as written [REP-10]: the literal
  // entries of its prefix list (entries not known offline are left out) and
  // where the list is written (unknown place: no list); whether historical
  // objects are replicated (unknown when not written: OSS then replicates
  // them); the destination's region (Destination.Location, "oss-cn-beijing")
  // and the region of the account configuration that creates the rule.
  std::vector<Value> prefixes;
  std::size_t prefixes_unknown = 0;  // entries not known offline (1: the whole list is not)
  Place prefix_list;
  Value historical;
  Value source_region;
  Value dest_region;

  std::vector<Identity> identities;
  std::vector<Bucket> buckets;
  std::vector<Key> keys;

  const Identity* identity(std::string_view id) const;
  const Bucket* bucket(std::string_view id) const;
  const Key* key_of(std::string_view id) const;
};

// The answer of one step of a proof.
enum class Verdict : std::uint8_t {
  Granted,      // the documents allow it, no Deny may apply
  Conditional,  // allowed only when a Condition holds, or a conditional Deny may apply
  Denied,       // an explicit Deny takes it back
  NotGranted,   // no statement allows it
  Unknown,      // depends on a value or a document that is not known offline
};
std::string_view to_string(Verdict v);

// One link of a setup checked: what was asked and the answer.
struct Step {
  std::string check;  // e.g. "trust", "role-policy", "bucket-policy", "key-policy", "attachment", "role-name"
  std::string what;   // the question in words: "oss.aliyuncs.com may assume role aliyunossdrsrole"
  Verdict verdict = Verdict::Unknown;
  std::string detail;  // why (the statement that decides, the value that is unknown)
  Place at;            // the document or value that decides
};

struct SetupResult {
  std::string name;
  Task task = Task::Replication;
  bool declared = true;
  Place place;
  std::vector<Step> steps;
};

// A plain-text summary of the setups and the answer of each step (the text
// format's `--verbose` output): one line per setup, one indented line per
// step. Valid UTF-8 whatever the input held.
std::string setup_summary(const std::vector<SetupResult>& setups);
// The same in lang.
std::string setup_summary(const std::vector<SetupResult>& setups, Lang lang);

}  // namespace policylint::setup
