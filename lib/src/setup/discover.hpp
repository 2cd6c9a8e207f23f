#pragma once
// Discovery of setups (policylint/setup.hpp) in Terraform modules, Terraform
// plans/state and ROS templates: the resources of one input that make up an
// OSS replication, a Data Online Migration or a cross-account DTS task, read
// without evaluating anything that is not known offline.
//
// What a setup gets:
//  - ids: a resource's address ("alicloud_ram_role.replication") or ROS
//    logical id ("ReplicationRole"); something only named by the input (a
//    role named by a literal `sync_role` that no resource of the input
//    creates) gets "role:<name>" / "bucket:<name>" / "key:<id>", and one whose
//    name is not known offline "role:?<path>:<offset>" (and so on);
//  - PolicyRef: `path` and `context` are exactly the file and context the run
//    reports for the linted document (Terraform: the file the document's text
//    is written in, with the resource address as context; plans: the plan
//    file and the address; ROS: the template and the logical id, or
//    "<id>.Policies[i]"); a system policy by name; otherwise unknown;
//    PolicyRef::place is the attachment's policy name value (Terraform), the
//    attribute holding the document (trust, bucket and key policies) or the
//    ROS property;
//  - Value: known only for literals (a quoted string without interpolation,
//    a local that is one, a JSON string of a plan/template); `var.x`,
//    `each.*`, `count.*`, data sources, function calls, `Ref` of a parameter
//    and `Fn::*` are unknown, with the place where they are written;
//  - accounts: Terraform: the UID of the `assume_role { role_arn }` of the
//    resource's provider configuration (`provider = alicloud.dest`, else the
//    default `alicloud`), unknown without one; `provider` names the
//    configuration, so equal providers mean the same account. ROS: unknown,
//    provider "stack" for the template's own resources.
//
// Which setups:
//  - each replication rule resource (alicloud_oss_bucket_replication,
//    ALIYUN::OSS::BucketReplication): a declared Replication;
//  - each DTS job endpoint with a role (alicloud_dts_*_job
//    source/destination_endpoint_role, ROS DTS jobs likewise): a declared Dts
//    setup (DtsVpc when the endpoint is reached over Express Connect, VPN
//    Gateway or Smart Access Gateway, instance type EXPRESS);
//  - each role whose trust policy names the Data Online Migration service
//    (mgw.aliyuncs.com): an inferred Migration (declared = false), its
//    destination the one bucket of the input that the role's policies or a
//    bucket policy for the role's sessions name, if exactly one; the RAM users
//    with AliyunOSSImportFullAccess attached are among its identities;
//  - each role trusted by DTS of an account ("<uid>@dts.aliyuncs.com") that
//    no DTS job of the input names: an inferred Dts setup (DtsVpc when
//    AliyunVPCReadOnlyAccess is attached), trusted_account the <uid>. The
//    plain dts.aliyuncs.com (a same-account DTS role) infers none.
//
// ROS DTS job resources are not read (their endpoint role properties were
// not checked against the ROS reference); their roles are inferred as above.
//
// Never throws for bad input; an unparsable file yields no setups (the
// per-file reader reports its syntax errors).
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "policylint/json.hpp"
#include "policylint/setup.hpp"

namespace policylint::input {
class TerraformModule;
}

namespace policylint::setup {

// One Terraform module: the .tf (and .tf.json) files of one directory (path as
// the run names it, text). `read`: the module as the lint read it, used
// instead of parsing the .tf files again when it holds the same texts.
std::vector<Setup> terraform_setups(const std::vector<std::pair<std::string, std::string_view>>& files,
                                    const json::Limits& limits, const input::TerraformModule* read = nullptr);

// One Terraform plan or state (`terraform show -json`), the same resources
// read from JSON values.
std::vector<Setup> terraform_plan_setups(const std::string& path, std::string_view text, const json::Limits& limits);

// One ROS template, JSON or YAML (format from the path's extension, as
// engine.hpp's format_of).
std::vector<Setup> ros_setups(const std::string& path, std::string_view text, const json::Limits& limits);

}  // namespace policylint::setup
