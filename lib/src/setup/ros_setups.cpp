// Setups of a ROS template (JSON or YAML).
//
// Resource types and properties, from the ROS resource reference
// (https://www.alibabacloud.com/help/en/ros/developer-reference/<type page>):
//   ALIYUN::RAM::Role (aliyun-ram-role): RoleName, AssumeRolePolicyDocument,
//     Policies [{PolicyName, PolicyDocument}]; PolicyAttachments {System: [names],
//     Custom: [names]} is read when written (not checked against the reference);
//   ALIYUN::RAM::User (aliyun-ram-user): UserName (PolicyAttachments likewise);
//   ALIYUN::RAM::ManagedPolicy (aliyun-ram-managedpolicy): PolicyName,
//     PolicyDocument, Roles, Users;
//   ALIYUN::RAM::AttachPolicyToRole (aliyun-ram-attachpolicytorole) and
//     AttachPolicyToUser: PolicyName, PolicyType (System | Custom), RoleName / UserName;
//   ALIYUN::OSS::Bucket (aliyun-oss-bucket): BucketName, Policy,
//     ServerSideEncryptionConfiguration {SSEAlgorithm, KMSMasterKeyID},
//     VersioningConfiguration {Status};
//   ALIYUN::KMS::Key (aliyun-kms-key): Policy (a key policy, Map);
//   ALIYUN::OSS::BucketReplication (aliyun-oss-bucketreplication): BucketName
//     (the bucket the rule is written on), ReplicationConfiguration.Rule
//     {Destination {Bucket, Location}, SyncRole, EncryptionConfiguration
//     {ReplicaKmsKeyID}, SourceSelectionCriteria {SseKmsEncryptedObjects {Status}},
//     PrefixSet (a List; read as a list of prefixes, or as the API's
//     {Prefix: [...]}), HistoricalObjectReplication (enabled | disabled)}.
// References: {"Ref": "<logical id>"} and {"Fn::GetAtt": ["<logical id>", attr]}
// name a resource of the template; a Ref of a parameter, and any other
// function, is unknown (https://www.alibabacloud.com/help/en/ros/user-guide/functions).
#include <algorithm>

#include "discover.hpp"
#include "discover_model.hpp"
#include "discover_util.hpp"
#include "engine/extract.hpp"
#include "input/yaml.hpp"
#include "util/text.hpp"

namespace policylint::setup {

namespace detail {
namespace {

constexpr std::string_view kStack = "stack";

class Template {
public:
  Template(const std::string& path, std::string_view json_text, const input::YamlJson* yaml, const json::Node* root)
      : path_(path), text_(json_text), yaml_(yaml) {
    resources_ = member(root, "Resources");
    for (auto& e : policylint::detail::find_embedded(root)) {
      std::string text = e.node->is_object()
                             ? std::string(text_.substr(e.node->span.begin, e.node->span.end - e.node->span.begin))
                             : std::string(e.node->text);
      docs_.emplace(e.context, make_doc(path_, e.context, std::move(text), place(e.node->span)));
    }
  }

  Inventory read() {
    if (resources_ == nullptr || !resources_->is_object()) return std::move(inv_);
    for (const auto& m : resources_->members) resource(m);
    return std::move(inv_);
  }

private:
  const std::string& path_;
  std::string_view text_;
  const input::YamlJson* yaml_;
  const json::Node* resources_ = nullptr;
  Docs docs_;
  Inventory inv_;

  std::uint32_t map(std::uint32_t off) const {
    if (yaml_ == nullptr || yaml_->offsets.empty()) return off;
    off = std::min<std::uint32_t>(off, static_cast<std::uint32_t>(yaml_->offsets.size() - 1));
    return yaml_->offsets[off];
  }
  Place place(Span s) const {
    if (yaml_ == nullptr) return Place{path_, s};
    std::uint32_t b = map(s.begin);
    std::uint32_t e = s.end > s.begin ? std::max(b, map(s.end - 1) + 1) : b;
    return Place{path_, Span{b, e}};
  }

  bool is_resource(std::string_view id) const { return resources_ != nullptr && member(resources_, id) != nullptr; }

  // A property value: a literal string, a reference to a resource of the
  // template, or unknown.
  Ref ref(const json::Node* n) const {
    Ref r;
    if (n == nullptr) return r;
    r.present = true;
    r.value = Value::unknown(place(n->span));
    if (n->is_string()) {
      r.value = Value::of(n->text, place(n->span));
      return r;
    }
    if (n->is_object() && n->members.size() == 1) {
      const auto& m = n->members[0];
      if (m.key == "Ref" && m.value->is_string() && is_resource(m.value->text)) r.target = m.value->text;
      if (m.key == "Fn::GetAtt" && m.value->is_array() && !m.value->items.empty() && m.value->items[0]->is_string() &&
          is_resource(m.value->items[0]->text))
        r.target = m.value->items[0]->text;
      // YAML short form `!GetAtt Resource.Attribute`.
      if (m.key == "Fn::GetAtt" && m.value->is_string()) {
        std::string_view s = m.value->text;
        std::string id(s.substr(0, s.find('.')));
        if (is_resource(id)) r.target = id;
      }
    }
    return r;
  }
  Value value(const json::Node* n) const { return n == nullptr ? Value{} : ref(n).value; }

  // Where a policy property is written (the document, or a computed value).
  std::optional<Doc> policy(const std::string& context, const json::Node* n, Place& where) const {
    if (n == nullptr) return std::nullopt;
    where = place(n->span);
    return find_doc(docs_, context);
  }

  void attachments(const json::Node* pa, const Ref& principal, bool user) {
    if (pa == nullptr || !pa->is_object()) return;
    for (std::string_view type : {"System", "Custom"}) {
      const json::Node* list = member(pa, type);
      if (list == nullptr || !list->is_array()) continue;
      for (const json::Node* name : list->items) {
        Attachment a;
        a.principal = principal;
        a.user = user;
        a.policy = ref(name);
        a.type = Value::of(std::string(type), place(list->span));
        a.place = place(name->span);
        inv_.attachments.push_back(std::move(a));
      }
    }
  }

  void resource(const json::Member& m) {
    const json::Node* type_n = member(m.value, "Type");
    if (type_n == nullptr || !type_n->is_string()) return;
    const std::string type(type_n->text);
    const json::Node* props = member(m.value, "Properties");
    const std::string id(m.key);
    Place at = place(m.key_span);
    Ref self{Value::unknown(at), id, true};
    if (type == "ALIYUN::RAM::Role") {
      RoleRes r;
      r.id = id;
      r.name = value(member(props, "RoleName"));
      r.provider = kStack;
      r.trust = policy(id, member(props, "AssumeRolePolicyDocument"), r.trust_place);
      const json::Node* inline_policies = member(props, "Policies");
      if (inline_policies != nullptr && inline_policies->is_array())
        for (std::size_t i = 0; i < inline_policies->items.size(); ++i) {
          Place where;
          std::string ctx = id + ".Policies[" + std::to_string(i) + "]";
          if (auto d = policy(ctx, member(inline_policies->items[i], "PolicyDocument"), where)) {
            r.inline_docs.push_back(std::move(*d));
          } else if (where.known()) {
            Doc unknown;
            unknown.ref.place = where;
            r.inline_docs.push_back(std::move(unknown));
          }
        }
      r.place = at;
      inv_.roles.push_back(std::move(r));
      attachments(member(props, "PolicyAttachments"), self, false);
    } else if (type == "ALIYUN::RAM::User") {
      UserRes u;
      u.id = id;
      u.name = value(member(props, "UserName"));
      u.provider = kStack;
      u.place = at;
      inv_.users.push_back(std::move(u));
      attachments(member(props, "PolicyAttachments"), self, true);
    } else if (type == "ALIYUN::RAM::ManagedPolicy") {
      PolicyRes p;
      p.id = id;
      p.name = value(member(props, "PolicyName"));
      Place where;
      p.doc = policy(id, member(props, "PolicyDocument"), where);
      for (auto [key, list] : {std::pair{"Roles", &p.roles}, std::pair{"Users", &p.users}}) {
        const json::Node* n = member(props, key);
        if (n != nullptr && n->is_array())
          for (const json::Node* i : n->items) list->push_back(ref(i));
      }
      p.place = at;
      inv_.policies.push_back(std::move(p));
    } else if (type == "ALIYUN::RAM::AttachPolicyToRole" || type == "ALIYUN::RAM::AttachPolicyToUser") {
      Attachment a;
      a.user = type == "ALIYUN::RAM::AttachPolicyToUser";
      a.principal = ref(member(props, a.user ? "UserName" : "RoleName"));
      a.policy = ref(member(props, "PolicyName"));
      a.type = value(member(props, "PolicyType"));
      a.place = at;
      inv_.attachments.push_back(std::move(a));
    } else if (type == "ALIYUN::OSS::Bucket") {
      BucketRes b;
      b.id = id;
      b.name = value(member(props, "BucketName"));
      b.provider = kStack;
      b.policy = policy(id, member(props, "Policy"), b.policy_place);
      if (const json::Node* sse = member(props, "ServerSideEncryptionConfiguration")) {
        Value alg = value(member(sse, "SSEAlgorithm"));
        b.kms = known_as(alg, "KMS");
        b.key = ref(member(sse, "KMSMasterKeyID"));
      }
      if (const json::Node* v = member(props, "VersioningConfiguration")) b.versioning = value(member(v, "Status"));
      b.place = at;
      inv_.buckets.push_back(std::move(b));
    } else if (type == "ALIYUN::KMS::Key") {
      KeyRes k;
      k.id = id;
      k.provider = kStack;
      k.policy = policy(id, member(props, "Policy"), k.policy_place);
      k.place = at;
      inv_.keys.push_back(std::move(k));
    } else if (type == "ALIYUN::OSS::BucketReplication") {
      ReplicationRes r;
      r.id = id;
      r.provider = kStack;
      r.bucket = ref(member(props, "BucketName"));
      const json::Node* rule = member(member(props, "ReplicationConfiguration"), "Rule");
      const json::Node* dest = member(rule, "Destination");
      r.dest = ref(member(dest, "Bucket"));
      r.dest_location = value(member(dest, "Location"));
      r.role = ref(member(rule, "SyncRole"));
      if (const json::Node* ps = member(rule, "PrefixSet")) {
        const json::Node* list = ps->is_object() ? member(ps, "Prefix") : ps;
        r.prefix_list = place(ps->span);
        if (list != nullptr && list->is_array()) {
          for (const json::Node* item : list->items) {
            if (item->is_string())
              r.prefixes.push_back(Value::of(item->text, place(item->span)));
            else
              ++r.prefixes_unknown;  // a Ref or function: not known offline
          }
        } else if (list != nullptr) {
          r.prefixes_unknown = 1;
        }
      }
      r.historical = value(member(rule, "HistoricalObjectReplication"));
      r.key = ref(member(member(rule, "EncryptionConfiguration"), "ReplicaKmsKeyID"));
      r.kms = r.key.present;
      Value status = value(member(member(member(rule, "SourceSelectionCriteria"), "SseKmsEncryptedObjects"), "Status"));
      if (known_as(status, "Enabled")) r.kms = true;
      r.place = at;
      inv_.replications.push_back(std::move(r));
    }
  }
};

bool yaml_path(std::string_view path) { return util::iends_with(path, ".yaml") || util::iends_with(path, ".yml"); }

}  // namespace
}  // namespace detail

std::vector<Setup> ros_setups(const std::string& path, std::string_view text, const json::Limits& limits) {
  return detail::setups_of([&]() -> detail::Inventory {
    std::optional<input::YamlJson> yaml;
    std::string_view json_text = text;
    json::Limits jl = limits;
    if (detail::yaml_path(path)) {
      if (!input::is_ros_template_yaml(text)) return {};
      yaml = input::yaml_to_json(text, limits);
      if (!yaml->ok) return {};
      json_text = yaml->json;
      // The size limit applies to the YAML; its JSON is larger.
      jl.max_bytes = std::max<std::uint64_t>(jl.max_bytes, json_text.size());
    }
    json::Document doc = json::parse(json_text, jl);
    const json::Node* root = detail::object_root(doc);
    if (root == nullptr) return {};
    return detail::Template(path, json_text, yaml ? &*yaml : nullptr, root).read();
  });
}

}  // namespace policylint::setup
