#include "extract.hpp"

#include <algorithm>
#include <unordered_set>

#include "../input/terraform.hpp"
#include "policylint/document.hpp"

namespace policylint::detail {

namespace {

// ---- Terraform (`terraform show -json` of a plan or of the state) ----------
//
// A plan has planned_values.root_module, resource_changes[].change.after and
// prior_state.values.root_module; a state has values.root_module. A module
// holds "resources" and nested "child_modules". The same resource appears in
// several of these places: the first one found wins (planned values, then
// the changes, then the prior state), so one root cause gives one finding.
// The resource types and attribute names are the .tf reader's
// (input::policy_resources(), with the provider documentation cited there).

const json::Node* member(const json::Node* n, std::string_view key) {
  if (n == nullptr || !n->is_object()) return nullptr;
  const json::Member* m = n->find(key);
  return m != nullptr ? m->value : nullptr;
}

std::string_view str_of(const json::Node* n) { return n != nullptr && n->is_string() ? n->text : std::string_view{}; }

// A non-empty string that looks like JSON text (an object): what a policy
// attribute holds once known. Unknown values are null in a plan.
bool policy_text(const json::Node* n) {
  if (n == nullptr || !n->is_string()) return false;
  for (char c : n->text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    return c == '{';
  }
  return false;
}

class TfCollector {
public:
  std::vector<Embedded> out;

  // One resource object: {"address", "type", "values"} (modules) or
  // {"address", "type", "change": {"after"}} (resource_changes).
  void resource(const json::Node* res, const json::Node* values) {
    std::string_view type = str_of(member(res, "type"));
    std::string_view address = str_of(member(res, "address"));
    if (str_of(member(res, "mode")) == "data") return;
    for (const auto& t : input::policy_resources()) {
      if (t.type != type) continue;
      for (std::string_view attr : t.attrs) {
        if (attr.empty()) continue;
        const json::Node* v = member(values, attr);
        if (!policy_text(v)) continue;
        std::string key = std::string(address) + "\x1f" + std::string(attr);
        if (!seen_.insert(std::move(key)).second) break;
        out.push_back(Embedded{v, t.kind, address.empty() ? std::string(type) : std::string(address), {}});
        break;  // the deprecated alias holds the same document
      }
    }
  }

  void module(const json::Node* mod, unsigned depth = 0) {
    if (mod == nullptr || !mod->is_object() || depth > 64) return;
    if (const json::Node* rs = member(mod, "resources"); rs != nullptr && rs->is_array())
      for (const json::Node* r : rs->items) resource(r, member(r, "values"));
    if (const json::Node* cs = member(mod, "child_modules"); cs != nullptr && cs->is_array())
      for (const json::Node* c : cs->items) module(c, depth + 1);
  }

  void changes(const json::Node* list) {
    if (list == nullptr || !list->is_array()) return;
    for (const json::Node* r : list->items) resource(r, member(member(r, "change"), "after"));
  }

private:
  std::unordered_set<std::string> seen_;  // address and attribute: a plan lists thousands
};

bool is_terraform(const json::Node* root) {
  return member(root, "format_version") != nullptr &&
         (member(root, "planned_values") != nullptr || member(root, "values") != nullptr ||
          member(root, "resource_changes") != nullptr || member(root, "prior_state") != nullptr);
}

std::vector<Embedded> terraform(const json::Node* root) {
  TfCollector c;
  c.module(member(member(root, "planned_values"), "root_module"));
  c.changes(member(root, "resource_changes"));
  c.module(member(member(member(root, "prior_state"), "values"), "root_module"));
  c.module(member(member(root, "values"), "root_module"));
  return std::move(c.out);
}

// ---- ROS templates (JSON) ----------------------------------------------------
//
// Resource types and property names from the ROS resource reference
// (https://www.alibabacloud.com/help/en/ros/developer-reference/aliyun-ram-role,
//  .../aliyun-ram-managedpolicy, .../aliyun-oss-bucket, .../aliyun-kms-key:
//  Policy, a key policy as a Map): a policy is an object.

bool is_ros(const json::Node* root) {
  if (member(root, "ROSTemplateFormatVersion") != nullptr) return true;
  const json::Node* res = member(root, "Resources");
  if (res == nullptr || !res->is_object()) return false;
  for (const auto& m : res->members)
    if (str_of(member(m.value, "Type")).starts_with("ALIYUN::")) return true;
  return false;
}

// Ref and Fn::* objects are computed by ROS when the stack is created.
bool intrinsic(const json::Node* n) {
  if (n == nullptr || !n->is_object() || n->members.size() != 1) return false;
  std::string_view k = n->members[0].key;
  return k == "Ref" || k.starts_with("Fn::");
}

void collect_opaque(const json::Node* n, std::vector<Span>& out, unsigned depth = 0) {
  if (n == nullptr || depth > 128) return;
  if (intrinsic(n)) {
    out.push_back(n->span);
    return;
  }
  for (const json::Node* i : n->items) collect_opaque(i, out, depth + 1);
  for (const auto& m : n->members) collect_opaque(m.value, out, depth + 1);
}

void ros_policy(std::vector<Embedded>& out, const json::Node* doc, Kind kind, std::string context) {
  if (doc == nullptr) return;
  // A whole document computed by a function: nothing to check statically.
  if (intrinsic(doc)) return;
  if (!doc->is_object() && !policy_text(doc)) return;
  Embedded e{doc, kind, std::move(context), {}};
  collect_opaque(doc, e.opaque);
  out.push_back(std::move(e));
}

std::vector<Embedded> ros(const json::Node* root) {
  std::vector<Embedded> out;
  const json::Node* res = member(root, "Resources");
  if (res == nullptr || !res->is_object()) return out;
  for (const auto& m : res->members) {
    std::string_view type = str_of(member(m.value, "Type"));
    const json::Node* props = member(m.value, "Properties");
    if (type == "ALIYUN::RAM::Role") {
      ros_policy(out, member(props, "AssumeRolePolicyDocument"), Kind::Trust, std::string(m.key));
      const json::Node* policies = member(props, "Policies");
      if (policies != nullptr && policies->is_array())
        for (std::size_t i = 0; i < policies->items.size(); ++i)
          ros_policy(out, member(policies->items[i], "PolicyDocument"), Kind::Permission,
                     std::string(m.key) + ".Policies[" + std::to_string(i) + "]");
    } else if (type == "ALIYUN::RAM::ManagedPolicy") {
      ros_policy(out, member(props, "PolicyDocument"), Kind::Permission, std::string(m.key));
    } else if (type == "ALIYUN::OSS::Bucket") {
      ros_policy(out, member(props, "Policy"), Kind::Bucket, std::string(m.key));
    } else if (type == "ALIYUN::KMS::Key") {
      ros_policy(out, member(props, "Policy"), Kind::Key, std::string(m.key));
    }
  }
  return out;
}

}  // namespace

std::vector<Embedded> find_embedded(const json::Node* root) {
  if (root == nullptr || !root->is_object()) return {};
  if (is_terraform(root)) return terraform(root);
  if (is_ros(root)) return ros(root);
  return {};
}

std::vector<std::uint32_t> decoded_offsets(std::string_view raw) {
  std::vector<std::uint32_t> map;
  if (raw.size() < 2) return {0};
  std::uint32_t i = 1;
  auto hex4 = [&](std::uint32_t at) {
    std::uint32_t v = 0;
    for (std::uint32_t k = 0; k < 4 && at + k < raw.size(); ++k) {
      char c = raw[at + k];
      v = v * 16 + static_cast<std::uint32_t>(c >= '0' && c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
    }
    return v;
  };
  const auto end = static_cast<std::uint32_t>(raw.size() - 1);  // closing quote
  while (i < end) {
    if (raw[i] != '\\') {
      map.push_back(i++);
      continue;
    }
    char e = i + 1 < end ? raw[i + 1] : '\0';
    if (e != 'u') {
      map.push_back(i);
      i += 2;
      continue;
    }
    std::uint32_t cp = hex4(i + 2);
    std::uint32_t len = 6;
    if (cp >= 0xD800 && cp <= 0xDBFF && i + 11 < raw.size() && raw[i + 6] == '\\' && raw[i + 7] == 'u') {
      cp = 0x10000 + ((cp - 0xD800) << 10) + (hex4(i + 8) - 0xDC00);
      len = 12;
    }
    std::uint32_t bytes = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    for (std::uint32_t k = 0; k < bytes; ++k) map.push_back(i);
    i += len;
  }
  map.push_back(end);
  return map;
}

}  // namespace policylint::detail

namespace policylint {

std::string_view to_string(DocumentForm f) {
  switch (f) {
    case DocumentForm::Json:
      return "json";
    case DocumentForm::String:
      return "string";
    case DocumentForm::Heredoc:
      return "heredoc";
    case DocumentForm::Jsonencode:
      return "jsonencode";
    case DocumentForm::File:
      return "file";
    case DocumentForm::Templatefile:
      return "templatefile";
    case DocumentForm::DataSource:
      return "data-source";
    case DocumentForm::Yaml:
      return "yaml";
  }
  return "json";
}

}  // namespace policylint
