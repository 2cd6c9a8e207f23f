// Setups of a Terraform module (.tf files) and of a Terraform plan or state.
//
// Resource types and arguments, from the alicloud provider's documentation
// (registry.terraform.io/providers/aliyun/alicloud/latest/docs; source
// website/docs/r/<name>.html.markdown in github.com/aliyun/terraform-provider-alicloud):
//   oss_bucket_replication: bucket, destination { bucket, location },
//     sync_role, encryption_configuration { replica_kms_key_id },
//     source_selection_criteria { sse_kms_encrypted_objects { status } },
//     prefix_set { prefixes }, historical_object_replication (enabled |
//     disabled, default enabled) (help.aliyun.com/document_detail/2588500.html);
//   ram_role: role_name (older name), assume_role_policy_document (older document);
//   ram_policy: policy_name (older name), policy_document (older document);
//   ram_user: name (user_name in newer versions);
//   ram_role_policy_attachment: role_name, policy_name, policy_type (System | Custom);
//   ram_user_policy_attachment: user_name, policy_name, policy_type;
//   oss_bucket: bucket, policy, server_side_encryption_rule { sse_algorithm, kms_master_key_id },
//     versioning { status } (Enabled | Suspended);
//   oss_bucket_versioning: bucket, status (since v1.222.0);
//   oss_bucket_policy: bucket, policy;
//   oss_bucket_server_side_encryption: bucket, sse_algorithm, kms_master_key_id;
//   kms_key: policy (since v1.224.0);
//   dts_synchronization_job, dts_migration_job, dts_subscription_job,
//     dts_check_job: source_endpoint_owner_id / source_endpoint_role,
//     destination_endpoint_owner_id / destination_endpoint_role,
//     *_endpoint_instance_type (EXPRESS: Express Connect, VPN Gateway or
//     Smart Access Gateway), *_endpoint_engine_name; synchronization jobs
//     also dts_instance_id and synchronization_direction (Forward | Reverse,
//     only for a bidirectional instance);
//   dts_synchronization_instance: sync_architecture (oneway | bidirectional).
// Provider configurations: provider "alicloud" { alias, region, assume_role { role_arn } }
// (registry.terraform.io/providers/aliyun/alicloud/latest/docs#assume-role);
// a resource picks one with `provider = alicloud.<alias>`.
#include <algorithm>
#include <deque>
#include <filesystem>
#include <map>
#include <optional>

#include "discover.hpp"
#include "discover_model.hpp"
#include "discover_util.hpp"
#include "input/hcl.hpp"
#include "input/terraform.hpp"
#include "util/text.hpp"

namespace policylint::setup {

namespace detail {
namespace {

using hcl::Block;
using hcl::Expr;
using hcl::ExprType;

constexpr int kMaxHops = 32;

constexpr std::string_view kDtsJobs[] = {
    "alicloud_dts_synchronization_job",
    "alicloud_dts_migration_job",
    "alicloud_dts_subscription_job",
    "alicloud_dts_check_job",
};

// Is a resource of this type a DTS job?
bool dts_job(std::string_view type) {
  return std::find(std::begin(kDtsJobs), std::end(kDtsJobs), type) != std::end(kDtsJobs);
}

// The resources of a module or plan: what a resource of this type adds to
// the inventory. Args reads the resource's arguments (Module::Args: a block
// of the module; Plan::Args: a plan's values):
//   name(a, b): the name, from the first of an argument's two names (current, older);
//   value(n), ref(n): an argument; block(n): a nested block, if written;
//   list(n, where): the literal string entries of a list argument (where: the list);
//   trust(where), doc(n, where), policy_doc(), bucket_policy(): the
//     documents the resource writes (where: the argument holding one);
//   kms_key(key): a replication rule's replica key makes it a KMS rule;
//   endpoint(side): a DTS job's endpoint ("source", "destination"), if it has a role.
struct Header {
  const std::string& type;
  const std::string& address;
  const std::string& provider;
  const Value& account;
  const Value& region;
  const Place& at;
};

template <class Args>
void read_resource(Inventory& inv, const Header& h, const Args& a) {
  const std::string& type = h.type;
  if (type == "alicloud_ram_role") {
    RoleRes r;
    r.id = h.address;
    r.name = a.name("role_name", "name");
    r.provider = h.provider;
    r.account = h.account;
    r.trust = a.trust(r.trust_place);
    r.place = h.at;
    inv.roles.push_back(std::move(r));
  } else if (type == "alicloud_ram_user") {
    UserRes u;
    u.id = h.address;
    u.name = a.name("name", "user_name");
    u.provider = h.provider;
    u.account = h.account;
    u.place = h.at;
    inv.users.push_back(std::move(u));
  } else if (type == "alicloud_ram_policy") {
    PolicyRes p;
    p.id = h.address;
    p.name = a.name("policy_name", "name");
    p.doc = a.policy_doc();
    p.place = h.at;
    inv.policies.push_back(std::move(p));
  } else if (type == "alicloud_ram_role_policy_attachment" || type == "alicloud_ram_user_policy_attachment") {
    Attachment x;
    x.user = type == "alicloud_ram_user_policy_attachment";
    x.principal = a.ref(x.user ? "user_name" : "role_name");
    x.policy = a.ref("policy_name");
    x.type = a.value("policy_type");
    x.place = h.at;
    inv.attachments.push_back(std::move(x));
  } else if (type == "alicloud_oss_bucket") {
    BucketRes x;
    x.id = h.address;
    x.name = a.value("bucket");
    x.provider = h.provider;
    x.account = h.account;
    x.policy = a.doc("policy", x.policy_place);
    if (auto sse = a.block("server_side_encryption_rule")) {
      x.kms = known_as(sse->value("sse_algorithm"), "KMS");
      x.key = sse->ref("kms_master_key_id");
    }
    if (auto v = a.block("versioning")) x.versioning = v->value("status");
    x.place = h.at;
    inv.buckets.push_back(std::move(x));
  } else if (type == "alicloud_oss_bucket_versioning") {
    inv.versionings.push_back(VersioningRes{a.ref("bucket"), a.value("status")});
  } else if (type == "alicloud_oss_bucket_policy") {
    BucketPolicyRes p;
    p.bucket = a.ref("bucket");
    p.doc = a.bucket_policy();
    p.place = h.at;
    inv.bucket_policies.push_back(std::move(p));
  } else if (type == "alicloud_oss_bucket_server_side_encryption") {
    EncryptionRes e;
    e.bucket = a.ref("bucket");
    e.kms = known_as(a.value("sse_algorithm"), "KMS");
    e.key = a.ref("kms_master_key_id");
    inv.encryptions.push_back(std::move(e));
  } else if (type == "alicloud_kms_key") {
    KeyRes k;
    k.id = h.address;
    k.provider = h.provider;
    k.account = h.account;
    k.policy = a.doc("policy", k.policy_place);
    k.place = h.at;
    inv.keys.push_back(std::move(k));
  } else if (type == "alicloud_oss_bucket_replication") {
    ReplicationRes r;
    r.id = h.address;
    r.provider = h.provider;
    r.account = h.account;
    r.region = h.region;
    r.bucket = a.ref("bucket");
    if (auto d = a.block("destination")) {
      r.dest = d->ref("bucket");
      r.dest_location = d->value("location");
    }
    r.role = a.ref("sync_role");
    if (auto ps = a.block("prefix_set")) r.prefixes = ps->list("prefixes", r.prefix_list, r.prefixes_unknown);
    r.historical = a.value("historical_object_replication");
    if (auto enc = a.block("encryption_configuration")) {
      r.key = enc->ref("replica_kms_key_id");
      r.kms = Args::kms_key(r.key);
    }
    if (auto sel = a.block("source_selection_criteria"))
      if (auto kms = sel->block("sse_kms_encrypted_objects"))
        if (known_as(kms->value("status"), "Enabled")) r.kms = true;
    r.place = h.at;
    inv.replications.push_back(std::move(r));
  } else if (dts_job(type)) {
    DtsRes d;
    d.id = h.address;
    d.provider = h.provider;
    d.account = h.account;
    d.place = h.at;
    for (std::string side : {"source", "destination"}) {
      if (std::optional<DtsRoleEndpoint> e = a.endpoint(side)) d.endpoints.push_back(std::move(*e));
      d.sides.push_back(
          DtsEndpoint{side, a.value(side + "_endpoint_engine_name"), a.value(side + "_endpoint_instance_type")});
    }
    if (type == "alicloud_dts_synchronization_job") {
      d.instance = a.ref("dts_instance_id");
      d.direction = a.value("synchronization_direction");
    }
    if (!d.endpoints.empty()) inv.dts.push_back(std::move(d));
  } else if (type == "alicloud_dts_synchronization_instance") {
    inv.dts_instances.push_back(DtsInstanceRes{h.address, a.value("sync_architecture")});
  }
}

// What a provider configuration sets (its account: unknown without
// assume_role; its region: unknown when not written as a literal).
Value for_provider(const std::map<std::string, Value>& values, const std::string& provider) {
  auto it = values.find(provider);
  return it == values.end() ? Value{} : it->second;
}

// ---- .tf ---------------------------------------------------------------------

// One file of the module: its path as the run names it, its text and tree.
struct TfFile {
  std::string path;
  std::string_view text;
  const hcl::File* ast = nullptr;
};

class Module {
public:
  // docs: the documents as the run reports them (context → where).
  Module(std::vector<TfFile> files, Docs docs) : files_(std::move(files)), docs_(std::move(docs)) {
    for (std::size_t i = 0; i < files_.size(); ++i)
      for (const Block* b : files_[i].ast->body.blocks)
        if (b->type == "locals" && b->labels.empty())
          for (const auto& a : b->attributes) locals_.emplace(a.name, std::make_pair(i, a.value));
  }

  Inventory read() {
    for (std::size_t i = 0; i < files_.size(); ++i)
      for (const Block* b : files_[i].ast->body.blocks)
        if (b->type == "provider" && b->labels.size() == 1 && b->labels[0] == "alicloud") provider(i, *b);
    for (std::size_t i = 0; i < files_.size(); ++i)
      for (const Block* b : files_[i].ast->body.blocks)
        if (b->type == "resource" && b->labels.size() == 2) resource(i, *b);
    return std::move(inv_);
  }

private:
  std::vector<TfFile> files_;
  Docs docs_;
  std::map<std::string, std::pair<std::size_t, const Expr*>, std::less<>> locals_;
  std::map<std::string, Value> accounts_;  // provider configuration → account
  std::map<std::string, Value> regions_;   // provider configuration → region
  Inventory inv_;

  Place place(std::size_t file, Span s) const { return Place{files_[file].path, s}; }

  static const Expr* sole_interpolation(const Expr* e) {
    if (e == nullptr || e->type != ExprType::Template || e->parts.size() != 1) return nullptr;
    const auto& p = e->parts[0];
    return p.type == hcl::TemplatePart::Type::Interpolation ? p.expr : nullptr;
  }

  // What an expression names: a literal, a resource of the module, or nothing known.
  Ref ref(std::size_t file, const Expr* e) const {
    Ref r;
    if (e == nullptr) return r;
    r.present = true;
    r.value = Value::unknown(place(file, e->span));
    for (int hop = 0; hop < kMaxHops && e != nullptr; ++hop) {
      if (const Expr* inner = sole_interpolation(e)) {
        e = inner;
        continue;
      }
      std::string text;
      if (hcl::literal_text(e, text)) {
        r.value = Value::of(std::move(text), place(file, e->span));
        return r;
      }
      if (e->type != ExprType::Reference || e->names.size() < 2) return r;
      if (e->names[0] == "local") {
        auto it = locals_.find(e->names[1]);
        if (it == locals_.end()) return r;
        file = it->second.first;
        e = it->second.second;
        continue;
      }
      // var.*, each.*, count.*, data.*, module.*: not known offline.
      if (e->names[0].starts_with("alicloud_")) r.target = std::string(e->names[0]) + "." + std::string(e->names[1]);
      return r;
    }
    return r;
  }

  Value value(std::size_t file, const Expr* e) const { return ref(file, e).value; }

  // The literal string entries of a list (a tuple, or a local that is one);
  // entries not known offline are left out and counted in unknown (a whole
  // list not known offline counts as one).
  std::vector<Value> literals(std::size_t file, const Expr* e, std::size_t& unknown) const {
    for (int hop = 0; hop < kMaxHops && e != nullptr; ++hop) {
      if (e->type != ExprType::Reference || e->names.size() < 2 || e->names[0] != "local") break;
      auto it = locals_.find(e->names[1]);
      if (it == locals_.end()) {
        unknown = 1;
        return {};
      }
      file = it->second.first;
      e = it->second.second;
    }
    std::vector<Value> out;
    if (e == nullptr) return out;
    if (e->type != ExprType::Tuple) {
      unknown = 1;
      return out;
    }
    for (const Expr* item : e->items) {
      if (Value v = value(file, item); v.known)
        out.push_back(std::move(v));
      else
        ++unknown;
    }
    return out;
  }

  Value attr_value(std::size_t file, const Block& b, std::string_view name) const {
    const hcl::Attribute* a = b.attribute(name);
    return a == nullptr ? Value{} : value(file, a->value);
  }
  Ref attr_ref(std::size_t file, const Block& b, std::string_view name) const {
    const hcl::Attribute* a = b.attribute(name);
    return a == nullptr ? Ref{} : ref(file, a->value);
  }
  // The first of two names an argument has (current, older).
  const hcl::Attribute* either(const Block& b, std::string_view a, std::string_view b2) const {
    const hcl::Attribute* x = b.attribute(a);
    return x != nullptr ? x : b.attribute(b2);
  }
  static const Block* child(const Block& b, std::string_view type) {
    for (const Block* c : b.blocks)
      if (c->type == type) return c;
    return nullptr;
  }

  Place header(std::size_t file, const Block& b) const {
    Span s{b.type_span.begin, b.label_spans.empty() ? b.type_span.end : b.label_spans.back().end};
    return place(file, s);
  }

  void provider(std::size_t file, const Block& b) {
    std::string key = "alicloud";
    if (const hcl::Attribute* alias = b.attribute("alias")) {
      Value v = value(file, alias->value);
      if (!v.known) return;
      key += "." + v.text;
    }
    Value account;
    if (const Block* ar = child(b, "assume_role"))
      if (const hcl::Attribute* arn = ar->attribute("role_arn")) account = arn_account(value(file, arn->value));
    accounts_[key] = account;
    if (const hcl::Attribute* region = b.attribute("region")) regions_[key] = value(file, region->value);
  }

  std::string provider_of(const Block& b) const {
    const hcl::Attribute* p = b.attribute("provider");
    std::string literal;  // JSON syntax: "provider": "alicloud.dest"
    if (p != nullptr && hcl::literal_text(p->value, literal) && !literal.empty()) return literal;
    if (p == nullptr || p->value->type != ExprType::Reference || p->value->names.empty()) return "alicloud";
    const auto& n = p->value->names;
    return n.size() >= 2 ? std::string(n[0]) + "." + std::string(n[1]) : std::string(n[0]);
  }

  // The document of the resource at address that attribute a holds (null:
  // not written), placed at a's value; where: a's value.
  std::optional<Doc> written(std::size_t file, const hcl::Attribute* a, const std::string& address,
                             Place& where) const {
    if (a == nullptr) return std::nullopt;
    where = place(file, a->value->span);
    std::optional<Doc> d = find_doc(docs_, address);
    if (d) d->ref.place = where;
    return d;
  }

  // A resource's arguments in a block of the module (read_resource).
  struct Args {
    const Module& m;
    std::size_t file;
    const Block& b;
    const std::string& address;

    Value name(std::string_view x, std::string_view y) const {
      const hcl::Attribute* n = m.either(b, x, y);
      return n == nullptr ? Value{} : m.value(file, n->value);
    }
    Value value(std::string_view n) const { return m.attr_value(file, b, n); }
    Ref ref(std::string_view n) const { return m.attr_ref(file, b, n); }
    std::vector<Value> list(std::string_view n, Place& where, std::size_t& unknown) const {
      const hcl::Attribute* a = b.attribute(n);
      if (a == nullptr) return {};
      where = m.place(file, a->value->span);
      return m.literals(file, a->value, unknown);
    }
    std::optional<Args> block(std::string_view n) const {
      const Block* c = child(b, n);
      if (c == nullptr) return std::nullopt;
      return Args{m, file, *c, address};
    }
    std::optional<Doc> trust(Place& where) const {
      return m.written(file, m.either(b, "assume_role_policy_document", "document"), address, where);
    }
    std::optional<Doc> doc(std::string_view n, Place& where) const {
      return m.written(file, b.attribute(n), address, where);
    }
    std::optional<Doc> policy_doc() const { return find_doc(m.docs_, address); }
    std::optional<Doc> bucket_policy() const {
      std::optional<Doc> d = find_doc(m.docs_, address);
      if (d)
        if (const hcl::Attribute* a = b.attribute("policy")) d->ref.place = m.place(file, a->value->span);
      return d;
    }
    static bool kms_key(const Ref& key) { return key.present; }
    std::optional<DtsRoleEndpoint> endpoint(const std::string& side) const {
      const hcl::Attribute* role = b.attribute(side + "_endpoint_role");
      if (role == nullptr) return std::nullopt;
      return DtsRoleEndpoint{side, m.ref(file, role->value), value(side + "_endpoint_owner_id"),
                             value(side + "_endpoint_instance_type"), m.place(file, role->value->span)};
    }
  };

  void resource(std::size_t file, const Block& b) {
    std::string address = b.labels[0] + "." + b.labels[1];
    std::string provider = provider_of(b);
    Value account = for_provider(accounts_, provider);
    Value region = for_provider(regions_, provider);
    read_resource(inv_, Header{b.labels[0], address, provider, account, region, header(file, b)},
                  Args{*this, file, b, address});
  }
};

// ---- plan / state JSON ---------------------------------------------------------
//
// `terraform show -json`: planned_values / values / prior_state root_module
// resources ({address, type, values}, child_modules), resource_changes
// ({address, type, change.after}); configuration.provider_config holds the
// provider configurations (expressions.assume_role[0].role_arn.constant_value)
// and configuration.root_module.resources[].provider_config_key names the one
// of each resource (https://developer.hashicorp.com/terraform/internals/json-format).
// Values in a plan are resolved already (or null when unknown until apply).

class Plan {
public:
  Plan(const std::string& path, const json::Node* root) : path_(path) {
    const json::Node* cfg = member(root, "configuration");
    if (const json::Node* pc = member(cfg, "provider_config"); pc != nullptr && pc->is_object())
      for (const auto& m : pc->members) {
        const json::Node* ar = member(member(m.value, "expressions"), "assume_role");
        if (ar != nullptr && ar->is_array() && !ar->items.empty()) ar = ar->items[0];
        const json::Node* arn = member(member(ar, "role_arn"), "constant_value");
        Value account;
        if (arn != nullptr && arn->is_string()) account = arn_account(Value::of(arn->text, Place{path_, arn->span}));
        accounts_[std::string(m.key)] = account;
        const json::Node* region = member(member(member(m.value, "expressions"), "region"), "constant_value");
        if (region != nullptr && region->is_string())
          regions_[std::string(m.key)] = Value::of(region->text, Place{path_, region->span});
      }
    config_module(member(cfg, "root_module"), "");
  }

  Inventory read(const json::Node* root) {
    module(member(member(root, "planned_values"), "root_module"));
    if (const json::Node* rc = member(root, "resource_changes"); rc != nullptr && rc->is_array())
      for (const json::Node* r : rc->items) resource(r, member(member(r, "change"), "after"));
    module(member(member(member(root, "prior_state"), "values"), "root_module"));
    module(member(member(root, "values"), "root_module"));
    return std::move(inv_);
  }

private:
  const std::string& path_;
  std::map<std::string, Value> accounts_;
  std::map<std::string, Value> regions_;
  std::map<std::string, std::string> provider_keys_;  // address → provider configuration
  std::vector<std::string> seen_;
  Inventory inv_;

  void config_module(const json::Node* mod, const std::string& prefix, unsigned depth = 0) {
    if (mod == nullptr || depth > 32) return;
    if (const json::Node* rs = member(mod, "resources"); rs != nullptr && rs->is_array())
      for (const json::Node* r : rs->items) {
        const json::Node* addr = member(r, "address");
        const json::Node* key = member(r, "provider_config_key");
        if (addr != nullptr && addr->is_string() && key != nullptr && key->is_string())
          provider_keys_[prefix + std::string(addr->text)] = key->text;
      }
    if (const json::Node* calls = member(mod, "module_calls"); calls != nullptr && calls->is_object())
      for (const auto& c : calls->members)
        config_module(member(c.value, "module"), prefix + "module." + std::string(c.key) + ".", depth + 1);
  }

  void module(const json::Node* mod, unsigned depth = 0) {
    if (mod == nullptr || depth > 32) return;
    if (const json::Node* rs = member(mod, "resources"); rs != nullptr && rs->is_array())
      for (const json::Node* r : rs->items) resource(r, member(r, "values"));
    if (const json::Node* cs = member(mod, "child_modules"); cs != nullptr && cs->is_array())
      for (const json::Node* c : cs->items) module(c, depth + 1);
  }

  Value str(const json::Node* values, std::string_view key) const {
    const json::Node* v = member(values, key);
    if (v == nullptr) return Value{};
    if (v->is_string()) return Value::of(v->text, Place{path_, v->span});
    return Value::unknown(Place{path_, v->span});
  }
  Ref ref(const json::Node* values, std::string_view key) const {
    Ref r;
    const json::Node* v = member(values, key);
    if (v == nullptr) return r;
    r.present = true;
    r.value = str(values, key);
    return r;
  }
  // A nested block: a list of one object in plan values.
  static const json::Node* block(const json::Node* values, std::string_view key) {
    const json::Node* v = member(values, key);
    if (v != nullptr && v->is_array() && !v->items.empty()) v = v->items[0];
    return v != nullptr && v->is_object() ? v : nullptr;
  }

  std::optional<Doc> doc(const std::string& address, const json::Node* values, std::string_view attr,
                         Place& where) const {
    const json::Node* v = member(values, attr);
    if (v == nullptr) return std::nullopt;
    where = Place{path_, v->span};
    if (!v->is_string()) return std::nullopt;
    return make_doc(path_, address, std::string(v->text), where);
  }

  // A resource's arguments in a plan's values (read_resource).
  struct Args {
    const Plan& p;
    const json::Node* values;
    const std::string& address;

    Value name(std::string_view x, std::string_view y) const {
      Value v = p.str(values, x);
      return v.known ? v : p.str(values, y);
    }
    Value value(std::string_view n) const { return p.str(values, n); }
    Ref ref(std::string_view n) const { return p.ref(values, n); }
    std::vector<Value> list(std::string_view n, Place& where, std::size_t& unknown) const {
      const json::Node* v = member(values, n);
      std::vector<Value> out;
      if (v == nullptr) return out;
      where = Place{p.path_, v->span};
      if (!v->is_array()) {
        unknown = 1;
        return out;
      }
      for (const json::Node* item : v->items) {
        if (item->is_string())
          out.push_back(Value::of(item->text, Place{p.path_, item->span}));
        else
          ++unknown;
      }
      return out;
    }
    std::optional<Args> block(std::string_view n) const {
      const json::Node* v = Plan::block(values, n);
      if (v == nullptr) return std::nullopt;
      return Args{p, v, address};
    }
    // The first of two arguments that holds a document.
    std::optional<Doc> either_doc(std::string_view x, std::string_view y, Place& where) const {
      std::optional<Doc> d = p.doc(address, values, x, where);
      return d ? d : p.doc(address, values, y, where);
    }
    std::optional<Doc> trust(Place& where) const {
      return either_doc("assume_role_policy_document", "document", where);
    }
    std::optional<Doc> doc(std::string_view n, Place& where) const { return p.doc(address, values, n, where); }
    std::optional<Doc> policy_doc() const {
      Place where;
      return either_doc("policy_document", "document", where);
    }
    std::optional<Doc> bucket_policy() const {
      Place where;
      return doc("policy", where);
    }
    static bool kms_key(const Ref& key) { return key.present && key.value.known; }
    std::optional<DtsRoleEndpoint> endpoint(const std::string& side) const {
      Ref role = ref(side + "_endpoint_role");
      if (!role.value.known || role.value.text.empty()) return std::nullopt;
      Place where = role.value.place;
      return DtsRoleEndpoint{side, std::move(role), value(side + "_endpoint_owner_id"),
                             value(side + "_endpoint_instance_type"), std::move(where)};
    }
  };

  void resource(const json::Node* r, const json::Node* values) {
    const json::Node* type_n = member(r, "type");
    const json::Node* addr_n = member(r, "address");
    const json::Node* mode = member(r, "mode");
    if (type_n == nullptr || !type_n->is_string() || values == nullptr || !values->is_object()) return;
    if (mode != nullptr && mode->is_string() && mode->text == "data") return;
    const std::string type(type_n->text);
    std::string address = addr_n != nullptr && addr_n->is_string() ? std::string(addr_n->text) : type;
    if (std::find(seen_.begin(), seen_.end(), address) != seen_.end()) return;
    seen_.push_back(address);
    // The configuration's key is the address without instance keys ("x.y[0]" → "x.y").
    std::string base = address.substr(0, address.find('['));
    auto pk = provider_keys_.find(base);
    std::string provider = pk == provider_keys_.end() ? "alicloud" : pk->second;
    Value account = for_provider(accounts_, provider);
    Value region = for_provider(regions_, provider);
    Place at{path_, addr_n != nullptr ? addr_n->span : r->span};
    read_resource(inv_, Header{type, address, provider, account, region, at}, Args{*this, values, address});
  }
};

}  // namespace
}  // namespace detail

std::vector<Setup> terraform_setups(const std::vector<std::pair<std::string, std::string_view>>& files,
                                    const json::Limits& limits, const input::TerraformModule* read) {
  return detail::setups_of([&]() -> detail::Inventory {
    // .tf files are one module for the run (locals and data sources across
    // files); a .tf.json file is read on its own.
    std::vector<std::string> tf_paths, tf_texts;
    std::vector<std::pair<std::string, std::string_view>> json_files;
    for (const auto& [path, text] : files) {
      if (util::iends_with(path, ".tf.json"))
        json_files.emplace_back(path, text);
      else if (util::iends_with(path, ".tf"))
        tf_paths.push_back(path), tf_texts.emplace_back(text);
    }
    if (tf_paths.empty() && json_files.empty()) return {};
    // The module the lint read (half the time of a large module went to
    // parsing it again), when its files are these, in this order.
    auto same = [&](const input::TerraformModule& r) {
      if (r.size() != tf_texts.size()) return false;
      for (std::size_t i = 0; i < tf_texts.size(); ++i)
        if (r.text(i) != tf_texts[i]) return false;
      return true;
    };
    std::optional<input::TerraformModule> own;
    if (read == nullptr || !same(*read)) own.emplace(tf_texts, limits);
    const input::TerraformModule& m = own ? *own : *read;
    std::vector<detail::TfFile> views;
    detail::Docs docs;
    auto add_files = [&](const std::string& path, std::vector<ReferencedFile>& files) {
      std::filesystem::path dir = std::filesystem::path(path).parent_path();
      for (auto& f : files)
        docs.emplace(f.context, detail::make_doc((dir / f.path).lexically_normal().string(), f.context));
    };
    auto add_docs = [&](const std::string& path, Extraction ex) {
      for (auto& d : ex.documents)
        if (!d.context.empty()) docs.emplace(d.context, detail::make_doc(path, d.context, std::move(d.text)));
      add_files(path, ex.files);
    };
    for (std::size_t i = 0; i < m.size(); ++i) {
      views.push_back(detail::TfFile{tf_paths[i], m.text(i), &m.file(i)});
      // The lint's read of the file kept its documents' texts.
      input::TerraformModule::DocumentTexts t = m.document_texts(i, limits);
      for (auto& [context, text] : t.documents)
        docs.emplace(context, detail::make_doc(tf_paths[i], context, std::move(text)));
      add_files(tf_paths[i], t.files);
    }
    std::deque<hcl::File> json_trees;
    for (const auto& [path, text] : json_files) {
      hcl::File& tree = json_trees.emplace_back();
      if (!input::read_terraform_json_tree(text, limits, tree)) continue;
      views.push_back(detail::TfFile{path, text, &tree});
      add_docs(path, input::read_terraform_json(text, limits));
    }
    return detail::Module(std::move(views), std::move(docs)).read();
  });
}

std::vector<Setup> terraform_plan_setups(const std::string& path, std::string_view text, const json::Limits& limits) {
  return detail::setups_of([&]() -> detail::Inventory {
    json::Document doc = json::parse(text, limits);
    const json::Node* root = detail::object_root(doc);
    if (root == nullptr || detail::member(root, "format_version") == nullptr) return {};
    return detail::Plan(path, root).read(root);
  });
}

}  // namespace policylint::setup
