// Setups from the resources a reader found (discover_model.hpp): which
// resources make a setup and how the references between them are followed.
#include <algorithm>
#include <set>
#include <unordered_map>

#include "discover_model.hpp"
#include "discover_util.hpp"
#include "policylint/json.hpp"
#include "util/text.hpp"

namespace policylint::setup::detail {

namespace {

// The Data Online Migration service (seed 000: trusted service "Data
// Transport"; the service principal name as the RAM console writes it).
constexpr std::string_view kMigrationService = "mgw.aliyuncs.com";
// Seed 000: the RAM user that runs migration tasks has this system policy.
constexpr std::string_view kImportPolicy = "AliyunOSSImportFullAccess";

std::string unknown_id(std::string_view kind, const Place& p) {
  return std::string(kind) + ":?" + p.path + ":" + std::to_string(p.span.begin);
}

bool same_name(const Value& a, const Value& b) { return a.known && b.known && a.text == b.text; }

// A Ref names this resource: by reference, or by a literal equal to its name.
bool names(const Ref& r, const std::string& id, const Value& name) {
  if (!r.present) return false;
  if (!r.target.empty()) return r.target == id;
  return same_name(r.value, name);
}

// The last of a list of resources whose Ref names a bucket (names()), found
// through two hash tables instead of a scan of the list per bucket.
class LastNaming {
public:
  template <typename List, typename RefOf>
  LastNaming(const List& list, RefOf ref_of) {
    for (std::size_t i = 0; i < list.size(); ++i) {
      const Ref* r = ref_of(list[i]);
      if (r == nullptr || !r->present) continue;
      if (!r->target.empty())
        by_target_[r->target] = i;
      else if (r->value.known)
        by_name_[r->value.text] = i;
    }
  }
  // Position of the last entry naming the bucket (id, name), or npos.
  std::size_t find(const std::string& id, const Value& name) const {
    std::size_t out = npos;
    if (auto t = by_target_.find(id); t != by_target_.end()) out = t->second;
    if (name.known)
      if (auto n = by_name_.find(name.text); n != by_name_.end() && (out == npos || n->second > out)) out = n->second;
    return out;
  }
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

private:
  std::unordered_map<std::string, std::size_t> by_target_, by_name_;
};

// Statement[].Principal.Service values of a trust policy's JSON text, for
// Allow statements.
std::vector<std::string> trusted_services(const std::string& text) {
  std::vector<std::string> out;
  json::Document doc = json::parse(text);
  const json::Node* root = doc.root();
  if (root == nullptr || !root->is_object()) return out;
  const json::Member* st = root->find("Statement");
  if (st == nullptr) return out;
  std::vector<const json::Node*> statements;
  if (st->value->is_array())
    statements.assign(st->value->items.begin(), st->value->items.end());
  else if (st->value->is_object())
    statements.push_back(st->value);
  for (const json::Node* s : statements) {
    if (!s->is_object()) continue;
    const json::Member* effect = s->find("Effect");
    if (effect != nullptr && effect->value->is_string() && effect->value->text != "Allow") continue;
    const json::Member* principal = s->find("Principal");
    if (principal == nullptr || !principal->value->is_object()) continue;
    const json::Member* service = principal->value->find("Service");
    if (service == nullptr) continue;
    if (service->value->is_string()) out.emplace_back(service->value->text);
    for (const json::Node* i : service->value->items)
      if (i->is_string()) out.emplace_back(i->text);
  }
  return out;
}

// Every string of a policy's JSON text (its resources, principals, ...).
void strings(const json::Node* n, std::vector<std::string>& out, unsigned depth = 0) {
  if (n == nullptr || depth > 64) return;
  if (n->is_string()) out.emplace_back(n->text);
  for (const json::Node* i : n->items) strings(i, out, depth + 1);
  for (const auto& m : n->members) strings(m.value, out, depth + 1);
}

// Bucket names of the OSS ARNs ("acs:oss:*:*:bucket", ".../object") a
// document's Resource values name; names with wildcards or template parts
// are left out.
void oss_buckets(const std::string& text, std::set<std::string>& out) {
  json::Document doc = json::parse(text);
  const json::Node* root = doc.root();
  if (root == nullptr) return;
  std::vector<std::string> all;
  strings(root, all);
  for (const auto& s : all) {
    if (!s.starts_with("acs:oss:")) continue;
    std::size_t at = 0;
    for (int colons = 0; colons < 4 && at != std::string::npos; ++colons) {
      at = s.find(':', at);
      if (at != std::string::npos) ++at;
    }
    if (at == std::string::npos) continue;
    std::string name = s.substr(at, s.find('/', at) == std::string::npos ? std::string::npos : s.find('/', at) - at);
    if (name.empty() || name.find_first_of("*?$<{") != std::string::npos) continue;
    out.insert(name);
  }
}

// The policy a resource writes: its document; else, where it is written, an
// unknown one (a computed value); else none.
std::optional<PolicyRef> written(const std::optional<Doc>& doc, const Place& where) {
  if (doc) return doc->ref;
  if (!where.known()) return std::nullopt;
  PolicyRef unknown;
  unknown.place = where;
  return unknown;
}

class Builder {
public:
  explicit Builder(const Inventory& inv)
      : inv_(inv),
        policy_of_(inv.bucket_policies,
                   [](const BucketPolicyRes& bp) { return bp.doc ? &bp.bucket : static_cast<const Ref*>(nullptr); }),
        versioning_of_(inv.versionings, [](const VersioningRes& v) { return &v.bucket; }),
        encryption_of_(inv.encryptions, [](const auto& e) { return &e.bucket; }) {
    for (const auto& i : inv.dts_instances)
      if (known_as_ci(i.architecture, "bidirectional")) bidirectional_.try_emplace(i.id, &i);
  }

  std::vector<Setup> run() {
    std::vector<Setup> out;
    for (const auto& r : inv_.replications) out.push_back(replication(r));
    for (const auto& d : inv_.dts)
      for (const auto& e : d.endpoints) out.push_back(dts(d, e));
    for (const auto& r : inv_.roles)
      if (migration_role(r)) out.push_back(migration(r));
    // Roles for DTS that no task of the input names.
    for (const auto& r : inv_.roles) {
      bool used = std::any_of(out.begin(), out.end(), [&](const Setup& s) {
        return (s.task == Task::Dts || s.task == Task::DtsVpc) && s.role == r.id;
      });
      if (!used)
        if (auto s = dts_role(r)) out.push_back(std::move(*s));
    }
    return out;
  }

private:
  const Inventory& inv_;
  LastNaming policy_of_, versioning_of_, encryption_of_;
  std::unordered_map<std::string, const DtsInstanceRes*> bidirectional_;  // the first bidirectional instance of an id

  const RoleRes* find_role(const Ref& r) const {
    for (const auto& x : inv_.roles)
      if (names(r, x.id, x.name)) return &x;
    return nullptr;
  }
  const BucketRes* find_bucket(const Ref& r) const {
    for (const auto& x : inv_.buckets)
      if (names(r, x.id, x.name)) return &x;
    return nullptr;
  }
  const KeyRes* find_key(const Ref& r) const {
    if (!r.present || r.target.empty()) return nullptr;
    for (const auto& x : inv_.keys)
      if (x.id == r.target) return &x;
    return nullptr;
  }

  // The policy an attachment names.
  PolicyRef attached(const Attachment& a) const {
    PolicyRef ref;
    ref.place = a.policy.value.place;
    const PolicyRes* p = nullptr;
    if (!a.policy.target.empty()) {
      for (const auto& x : inv_.policies)
        if (x.id == a.policy.target) p = &x;
    } else if (a.policy.value.known) {
      bool system = a.type.known && util::iequals(a.type.text, "System");
      if (system) {
        ref.system = a.policy.value.text;
        return ref;
      }
      for (const auto& x : inv_.policies)
        if (same_name(a.policy.value, x.name)) p = &x;
    }
    if (p != nullptr && p->doc) {
      ref.path = p->doc->ref.path;
      ref.context = p->doc->ref.context;
    }
    return ref;
  }

  // The documents of the policies attached to a principal, with their texts.
  void policies_of(const std::string& id, const Value& name, bool user, std::vector<PolicyRef>& refs,
                   std::vector<std::string>* texts) const {
    for (const auto& a : inv_.attachments) {
      if (a.user != user || !names(a.principal, id, name)) continue;
      refs.push_back(attached(a));
      if (texts != nullptr)
        for (const auto& p : inv_.policies)
          if (p.doc && refs.back().in_file() && p.doc->ref.path == refs.back().path &&
              p.doc->ref.context == refs.back().context)
            texts->push_back(p.doc->text);
    }
    for (const auto& p : inv_.policies) {
      for (const Ref& r : user ? p.users : p.roles) {
        if (!names(r, id, name)) continue;
        PolicyRef ref;
        if (p.doc) ref = p.doc->ref;
        ref.place = r.value.place;
        refs.push_back(std::move(ref));
        if (texts != nullptr && p.doc) texts->push_back(p.doc->text);
      }
    }
  }

  Identity role_identity(const Ref& r, std::vector<std::string>* texts = nullptr) const {
    Identity id;
    if (const RoleRes* x = find_role(r)) {
      id.id = x->id;
      id.name = x->name;
      id.account = x->account;
      id.provider = x->provider;
      id.place = x->place;
      id.trust = written(x->trust, x->trust_place);
      for (const Doc& d : x->inline_docs) {
        id.policies.push_back(d.ref);
        if (texts != nullptr) texts->push_back(d.text);
      }
      policies_of(x->id, x->name, false, id.policies, texts);
      return id;
    }
    // Named only: not created here.
    id.name = r.value;
    id.id = r.value.known ? "role:" + r.value.text : unknown_id("role", r.value.place);
    id.place = r.value.place;
    policies_of(id.id, id.name, false, id.policies, texts);
    return id;
  }

  Bucket bucket(const Ref& r, const std::string& provider, const Value& account) const {
    Bucket b;
    const BucketRes* x = find_bucket(r);
    if (x != nullptr) {
      b.id = x->id;
      b.name = x->name;
      b.account = x->account;
      b.provider = x->provider;
      b.place = x->place;
      if (x->policy) {
        b.policy = x->policy->ref;
      }
      b.kms = x->kms;
      if (x->kms && x->key.present) b.key = key_id(x->key);
      b.versioning = x->versioning;
    } else {
      b.name = r.value;
      b.id = r.value.known ? "bucket:" + r.value.text : unknown_id("bucket", r.value.place);
      b.place = r.value.place;
      b.provider = provider;
      b.account = account;
    }
    // The last policy, versioning and encryption resource naming the bucket
    // decides (a versioning status in a variable makes it unknown).
    if (std::size_t i = policy_of_.find(b.id, b.name); i != LastNaming::npos)
      b.policy = inv_.bucket_policies[i].doc->ref;
    if (std::size_t i = versioning_of_.find(b.id, b.name); i != LastNaming::npos)
      b.versioning = inv_.versionings[i].status;
    if (std::size_t i = encryption_of_.find(b.id, b.name); i != LastNaming::npos) {
      const auto& e = inv_.encryptions[i];
      b.kms = e.kms;
      b.key = e.kms && e.key.present ? key_id(e.key) : std::string();
    }
    return b;
  }

  std::string key_id(const Ref& r) const {
    if (const KeyRes* k = find_key(r)) return k->id;
    return r.value.known ? "key:" + r.value.text : unknown_id("key", r.value.place);
  }

  Key key(const Ref& r) const {
    Key k;
    k.id = key_id(r);
    if (const KeyRes* x = find_key(r)) {
      k.account = x->account;
      k.provider = x->provider;
      k.place = x->place;
      k.policy = written(x->policy, x->policy_place);
    } else {
      k.place = r.value.place;
      if (Value account = arn_account(r.value); account.known) k.account = std::move(account);
    }
    return k;
  }

  static void add_key(Setup& s, Key k) {
    if (s.key_of(k.id) == nullptr) s.keys.push_back(std::move(k));
  }

  Setup replication(const ReplicationRes& r) const {
    Setup s;
    s.task = Task::Replication;
    s.name = r.id;
    s.place = r.place;
    Identity role = role_identity(r.role);
    s.role = role.id;
    s.identities.push_back(std::move(role));
    // The rule is written on the source bucket, a bucket of the caller's account.
    Bucket src = bucket(r.bucket, r.provider, r.account);
    Bucket dest = bucket(r.dest, {}, Value::unknown(r.dest.value.place));
    s.source_bucket = src.id;
    s.dest_bucket = dest.id;
    s.prefixes = r.prefixes;
    s.prefixes_unknown = r.prefixes_unknown;
    s.prefix_list = r.prefix_list;
    s.historical = r.historical;
    s.source_region = r.region;
    s.dest_region = r.dest_location;
    s.kms = r.kms;
    if (r.key.present) {
      s.key = key_id(r.key);
      add_key(s, key(r.key));
    }
    for (const Bucket* b : {&src, &dest})
      if (b->kms && !b->key.empty()) {
        for (const auto& k : inv_.keys)
          if (k.id == b->key) add_key(s, key(Ref{Value::unknown(), k.id, true}));
      }
    s.buckets.push_back(std::move(src));
    if (s.bucket(dest.id) == nullptr) s.buckets.push_back(std::move(dest));
    return s;
  }

  // Where a synchronization job is made two-way: its instance's
  // sync_architecture "bidirectional", else its synchronization_direction
  // (the provider passes it only for a bidirectional instance); unknown otherwise.
  Value two_way(const DtsRes& d) const {
    if (!d.instance.target.empty())
      if (auto i = bidirectional_.find(d.instance.target); i != bidirectional_.end()) return i->second->architecture;
    if (d.direction.known && !d.direction.text.empty()) return d.direction;
    return {};
  }

  static bool known_as_ci(const Value& v, std::string_view text) { return v.known && util::iequals(v.text, text); }

  Setup dts(const DtsRes& d, const DtsRoleEndpoint& e) const {
    Setup s;
    // Seed 004: a database reached over Express Connect, VPN Gateway or
    // Smart Access Gateway (DTS instance type EXPRESS) in another account's VPC.
    s.task = e.instance_type.known && util::iequals(e.instance_type.text, "EXPRESS") ? Task::DtsVpc : Task::Dts;
    s.name = d.endpoints.size() > 1 ? d.id + "." + e.side : d.id;
    s.place = e.place.known() ? e.place : d.place;
    s.trusted_account = d.account;
    s.endpoint_owner = e.owner;
    // The job as a whole is judged once, with the setup of its first endpoint.
    if (&e == &d.endpoints.front()) {
      s.two_way = two_way(d);
      s.endpoints = d.sides;
    }
    Identity role = role_identity(e.role);
    if (!role.account.known && e.owner.known) role.account = e.owner;
    s.role = role.id;
    s.identities.push_back(std::move(role));
    return s;
  }

  // A role trusted by DTS of an account (seed 002: "<uid>@dts.aliyuncs.com"
  // with "acs:ram::<uid>:root"): an inferred DTS setup; DtsVpc when it has
  // AliyunVPCReadOnlyAccess (seed 004). The plain "dts.aliyuncs.com" alone
  // infers none: it is the trust policy of a same-account DTS role (the one
  // AliyunDTSDefaultRole has), which a cross-account task never assumes, and
  // beside a cross-account root it is dts/plain-service-principal's finding.
  std::optional<Setup> dts_role(const RoleRes& r) const {
    if (!r.trust) return std::nullopt;
    std::string uid;
    bool dts = false;
    for (const auto& s : trusted_services(r.trust->text)) {
      std::string l = util::to_lower(s);
      if (l.ends_with("@dts.aliyuncs.com")) {
        dts = true;
        uid = s.substr(0, s.size() - std::string_view("@dts.aliyuncs.com").size());
      }
    }
    if (!dts) return std::nullopt;
    Setup s;
    s.declared = false;
    s.name = r.id;
    s.place = r.place;
    Identity role = role_identity(Ref{r.name, r.id, true});
    bool vpc = std::any_of(role.policies.begin(), role.policies.end(),
                           [](const PolicyRef& p) { return p.system == "AliyunVPCReadOnlyAccess"; });
    s.task = vpc ? Task::DtsVpc : Task::Dts;
    if (util::all_digits(uid)) s.trusted_account = Value::of(uid, r.trust->ref.place);
    s.endpoint_owner = role.account;
    s.role = role.id;
    s.identities.push_back(std::move(role));
    return s;
  }

  bool migration_role(const RoleRes& r) const {
    if (!r.trust) return false;
    for (const auto& s : trusted_services(r.trust->text))
      if (util::iequals(s, kMigrationService)) return true;
    return false;
  }

  Setup migration(const RoleRes& r) const {
    Setup s;
    s.task = Task::Migration;
    s.declared = false;
    s.name = r.id;
    s.place = r.place;
    std::vector<std::string> texts;
    Identity role = role_identity(Ref{r.name, r.id, true}, &texts);
    s.role = role.id;
    // The destination: the one bucket of the input the role's policies name,
    // or whose bucket policy lets the role's sessions in.
    std::set<std::string> named;
    for (const auto& t : texts) oss_buckets(t, named);
    std::string session = r.name.known ? "assumed-role/" + util::to_lower(r.name.text) + "/" : std::string();
    std::vector<const BucketRes*> found;
    auto add = [&](const BucketRes* b) {
      if (b != nullptr && std::find(found.begin(), found.end(), b) == found.end()) found.push_back(b);
    };
    for (const auto& b : inv_.buckets) {
      if (b.name.known && named.count(b.name.text) > 0) add(&b);
      if (!session.empty() && b.policy && util::to_lower(b.policy->text).find(session) != std::string::npos) add(&b);
    }
    if (!session.empty())
      for (const auto& bp : inv_.bucket_policies)
        if (bp.doc && util::to_lower(bp.doc->text).find(session) != std::string::npos) add(find_bucket(bp.bucket));
    if (found.size() == 1) {
      Bucket dest = bucket(Ref{found[0]->name, found[0]->id, true}, {}, Value::unknown());
      s.dest_bucket = dest.id;
      s.kms = dest.kms;
      if (dest.kms && !dest.key.empty()) {
        s.key = dest.key;
        for (const auto& k : inv_.keys)
          if (k.id == dest.key) add_key(s, key(Ref{Value::unknown(), k.id, true}));
      }
      s.buckets.push_back(std::move(dest));
    }
    s.identities.push_back(std::move(role));
    // Seed 000: the RAM user that runs the migration (AliyunOSSImportFullAccess).
    for (const auto& u : inv_.users) {
      Identity id;
      id.id = u.id;
      id.kind = "user";
      id.name = u.name;
      id.account = u.account;
      id.provider = u.provider;
      id.place = u.place;
      policies_of(u.id, u.name, true, id.policies, nullptr);
      bool importer = std::any_of(id.policies.begin(), id.policies.end(),
                                  [](const PolicyRef& p) { return p.system == kImportPolicy; });
      if (importer) s.identities.push_back(std::move(id));
    }
    return s;
  }
};

}  // namespace

std::vector<Setup> build_setups(const Inventory& inv) { return Builder(inv).run(); }

}  // namespace policylint::setup::detail
