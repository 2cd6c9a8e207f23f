#pragma once
// The resources the setup discovery reads, in a form shared by the Terraform
// (.tf, plan/state) and ROS readers: each reader fills an Inventory, and
// build_setups() turns it into setups (discover.hpp says which). Private to
// lib/src/setup.
#include <optional>
#include <string>
#include <vector>

#include "policylint/json.hpp"
#include "policylint/setup.hpp"

namespace policylint::setup::detail {

// A value that may name another resource of the input: a literal (value
// known), a reference to a resource (target = its id; value unknown unless
// the reader knows it), or neither (unknown).
struct Ref {
  Value value;
  std::string target;    // id of the referenced resource (address, logical id)
  bool present = false;  // written at all
};

// A policy document written in the input: where the run reports it, and its
// JSON text when known (to read the trusted services and named buckets).
struct Doc {
  PolicyRef ref;
  std::string text;
};

struct RoleRes {
  std::string id;
  Value name;
  std::string provider;
  Value account;
  std::optional<Doc> trust;
  Place trust_place;             // the trust policy attribute, when written
  std::vector<Doc> inline_docs;  // ROS Policies of the role itself
  Place place;
};

struct UserRes {
  std::string id;
  Value name;
  std::string provider;
  Value account;
  Place place;
};

struct PolicyRes {
  std::string id;
  Value name;
  std::optional<Doc> doc;
  std::vector<Ref> roles;  // ROS ManagedPolicy Roles / Users
  std::vector<Ref> users;
  Place place;
};

struct Attachment {
  Ref principal;
  bool user = false;
  Ref policy;
  Value type;  // "System" / "Custom"
  Place place;
};

struct BucketRes {
  std::string id;
  Value name;
  std::string provider;
  Value account;
  std::optional<Doc> policy;
  Place policy_place;
  bool kms = false;
  Ref key;
  Value versioning;  // versioning status, when written on the bucket
  Place place;
};

// A bucket's versioning written as a resource of its own (Terraform
// alicloud_oss_bucket_versioning).
struct VersioningRes {
  Ref bucket;
  Value status;
};

struct BucketPolicyRes {
  Ref bucket;
  std::optional<Doc> doc;
  Place place;
};

struct EncryptionRes {
  Ref bucket;
  bool kms = false;
  Ref key;
};

struct KeyRes {
  std::string id;
  std::string provider;
  Value account;
  std::optional<Doc> policy;
  Place policy_place;
  Place place;
};

struct ReplicationRes {
  std::string id;
  std::string provider;
  Value account;
  Value region;  // of the provider configuration that creates the rule
  Ref bucket;
  Ref dest;
  Value dest_location;
  Ref role;
  bool kms = false;
  Ref key;
  std::vector<Value> prefixes;       // literal entries of the prefix list
  std::size_t prefixes_unknown = 0;  // its entries not known offline (1: the whole list)
  Place prefix_list;                 // where the list is written
  Value historical;                  // historical object replication, as written
  Place place;
};

struct DtsRoleEndpoint {
  std::string side;  // "source" / "destination"
  Ref role;
  Value owner;
  Value instance_type;
  Place place;
};

struct DtsRes {
  std::string id;
  std::string provider;
  Value account;
  std::vector<DtsRoleEndpoint> endpoints;  // the endpoints with a role
  Ref instance;                            // dts_instance_id
  Value direction;                         // synchronization_direction
  std::vector<DtsEndpoint> sides;          // both endpoints' engine and instance type
  Place place;
};

// A DTS synchronization instance (alicloud_dts_synchronization_instance).
struct DtsInstanceRes {
  std::string id;
  Value architecture;  // sync_architecture: oneway | bidirectional
};

struct Inventory {
  std::vector<RoleRes> roles;
  std::vector<UserRes> users;
  std::vector<PolicyRes> policies;
  std::vector<Attachment> attachments;
  std::vector<BucketRes> buckets;
  std::vector<VersioningRes> versionings;
  std::vector<BucketPolicyRes> bucket_policies;
  std::vector<EncryptionRes> encryptions;
  std::vector<KeyRes> keys;
  std::vector<ReplicationRes> replications;
  std::vector<DtsRes> dts;
  std::vector<DtsInstanceRes> dts_instances;
};

std::vector<Setup> build_setups(const Inventory& inv);

}  // namespace policylint::setup::detail
