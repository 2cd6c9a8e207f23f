#pragma once
// Policies embedded in other JSON documents (Terraform plans and state, ROS
// templates). Private to the engine.
#include <optional>
#include <string>
#include <vector>

#include "policylint/finding.hpp"
#include "policylint/json.hpp"

namespace policylint::detail {

struct Embedded {
  const json::Node* node = nullptr;  // an object (ROS) or a string holding JSON (Terraform)
  std::optional<Kind> kind;          // from the resource type, when it tells
  std::string context;               // e.g. "alicloud_ram_role.replication" or "Role.Policies[0]"
  // Parts of an object-embedded policy that the template language computes
  // (ROS "Ref" / "Fn::*" objects): a finding touching one of these spans is
  // dropped, since the value the cloud will see is unknown here.
  std::vector<Span> opaque;
};

// Finds embedded policies in a document that is not itself a policy: the
// resources of a Terraform plan or state (`terraform show -json`) and of a ROS
// template in JSON. Returns nothing for any other document.
std::vector<Embedded> find_embedded(const json::Node* root);

// Decodes the JSON string token raw (quotes included) and returns, for every
// byte of the decoded text and one past its end, the offset in raw of the
// escape or character it came from.
std::vector<std::uint32_t> decoded_offsets(std::string_view raw);

}  // namespace policylint::detail
