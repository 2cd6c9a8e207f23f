// The "setups" section of .policylint.json: a setup written by hand for a
// repository of plain policy files. Short to write:
//
//   "accounts": {"src": "1234567890123456", "dst": "6543210987654321"},
//   "setups": {
//     "crr": {
//       "task": "replication",
//       "role": {"name": "aliyunossdrsrole", "account": "src",
//                "trust": "ram/crr-trust.json",
//                "policies": ["ram/crr-source-role-policy.json", "AliyunKMSCryptoUserAccess"]},
//       "source": {"bucket": "acme-src", "account": "src"},
//       "destination": {"bucket": "acme-dest", "account": "dst",
//                       "policy": "oss/acme-dest-policy.json", "kms": true, "keyPolicy": "kms/dest-key.json"}
//     }
//   }
//
// A DTS setup ("task": "dts" or "dts-vpc") has a role, "trustedAccount" (the
// account that runs the task, whose DTS service the role trusts) and
// "endpointOwner" (the account of the database, where the role must be).
//
// A policy entry with a '/' or a file extension is a file (relative to the
// configuration's directory; "file.tf#alicloud_ram_policy.x" picks one
// document of a file that holds several), any other entry is the name of a
// system policy; a file that does not exist or cannot be read is a problem
// (at the string that names it). Accounts are UIDs or names of "accounts".
#include "config_setups.hpp"

#include <filesystem>
#include <fstream>

#include "policylint/config.hpp"
#include "policylint/i18n.hpp"
#include "policylint/json.hpp"
#include "proof.hpp"
#include "util/text.hpp"

namespace policylint::setup {

namespace {

namespace fs = std::filesystem;
using json::Node;

// An account UID: 16 digits.
bool is_uid(std::string_view s) { return s.size() == 16 && util::all_digits(s); }

class Reader {
public:
  Reader(const Config& c, std::vector<ConfigProblem>& p, Lang lang) : config_(c), problems_(p), lang_(lang) {}

  std::vector<Setup> read(const Node& section) {
    std::vector<Setup> out;
    if (!section.is_object()) {
      problem(section.span, msg("configuration.setups.not-object"));
      return out;
    }
    for (const auto& m : section.members) {
      Setup s;
      s.name = m.key;
      s.declared = true;
      s.place = place(m.key_span);
      if (entry(*m.value, m.key, s)) out.push_back(std::move(s));
    }
    return out;
  }

private:
  void problem(Span s, const Message& m) { problems_.push_back({s, tr(m)}); }
  std::string tr(const Message& m) const { return render(m, lang_); }
  Place place(Span s) const { return Place{config_.source.path(), s}; }

  // where: the object, in words (a configuration.where.* message rendered).
  void unknown(const json::Member& m, const std::string& where, std::string_view known) {
    problem(m.key_span, msg("configuration.unknown-key", {{"key", m.key}, {"where", where}, {"known", known}}));
  }

  const Node* string_of(const Node* v, std::string_view name) {
    if (v->is_string()) return v;
    problem(v->span,
            msg("configuration.type", {{"name", name},
                                       {"what", tr(msg("configuration.what.string"))},
                                       {"found", tr(msg("common.json." + std::string(json::type_name(v->type))))}}));
    return nullptr;
  }

  Value account(const Node* v) {
    if (string_of(v, "account") == nullptr) return Value::unknown();
    auto it = config_.accounts.find(std::string(v->text));
    if (it != config_.accounts.end()) return Value::of(it->second, place(v->span));
    if (is_uid(v->text)) return Value::of(v->text, place(v->span));
    problem(v->span, msg("configuration.setups.account", {{"value", v->text}}));
    return Value::unknown(place(v->span));
  }

  std::optional<PolicyRef> policy(const Node* v, std::string_view name, bool file_only) {
    if (string_of(v, name) == nullptr) return std::nullopt;
    PolicyRef r;
    r.place = place(v->span);
    std::string_view t = v->text;
    bool file = t.find('/') != std::string_view::npos || t.find('.') != std::string_view::npos;
    if (!file && !file_only) {
      r.system = v->text;
      return r;
    }
    if (t.empty()) {
      problem(v->span, msg("configuration.setups.file", {{"name", name}}));
      return std::nullopt;
    }
    auto hash = t.find('#');
    std::string path(t.substr(0, hash));
    if (hash != std::string_view::npos) r.context = std::string(t.substr(hash + 1));
    fs::path p = config_.root.empty() ? fs::path(path) : fs::path(config_.root) / path;
    r.path = p.lexically_normal().generic_string();
    readable(v->span, name, path, p);
    return r;
  }

  // A file the proof could not read would leave the setup's steps unknown
  // without a word: a problem of the configuration, where the file is named.
  void readable(Span at, std::string_view name, const std::string& written, const fs::path& p) {
    std::error_code ec;
    fs::file_status st = fs::status(p, ec);
    if (st.type() == fs::file_type::not_found)
      problem(at, msg("configuration.setups.file-missing", {{"name", name}, {"file", written}}));
    else if (ec || !fs::is_regular_file(st) || !std::ifstream(p, std::ios::binary).is_open())
      problem(at, msg("configuration.setups.file-unreadable", {{"name", name}, {"file", written}}));
  }

  bool role(const Node& v, Setup& s) {
    if (!v.is_object()) {
      problem(v.span, msg("configuration.setups.role-object"));
      return false;
    }
    Identity id;
    id.id = "role";
    id.place = place(v.span);
    for (const auto& m : v.members) {
      if (m.key == "name") {
        if (string_of(m.value, "name")) id.name = Value::of(m.value->text, place(m.value->span));
      } else if (m.key == "account") {
        id.account = account(m.value);
      } else if (m.key == "trust") {
        id.trust = policy(m.value, "trust", true);
      } else if (m.key == "policies") {
        if (!m.value->is_array()) {
          problem(m.value->span, msg("configuration.setups.policies"));
          continue;
        }
        for (const Node* i : m.value->items)
          if (auto r = policy(i, "policies[]", false)) id.policies.push_back(std::move(*r));
      } else {
        unknown(m, tr(msg("configuration.where.setup-role")), "name, account, trust, policies");
      }
    }
    if (!id.name.known) {
      problem(v.span, msg("configuration.setups.role-name"));
      return false;
    }
    s.role = id.id;
    s.identities.push_back(std::move(id));
    return true;
  }

  bool bucket(const Node& v, std::string_view which, Setup& s) {
    if (!v.is_object()) {
      problem(v.span, msg("configuration.setups.bucket-object", {{"name", which}}));
      return false;
    }
    Bucket b;
    b.id = std::string(which);
    b.place = place(v.span);
    for (const auto& m : v.members) {
      if (m.key == "bucket") {
        if (string_of(m.value, "bucket")) b.name = Value::of(m.value->text, place(m.value->span));
      } else if (m.key == "account") {
        b.account = account(m.value);
      } else if (m.key == "policy") {
        b.policy = policy(m.value, "policy", true);
      } else if (m.key == "kms") {
        if (m.value->type == json::Type::True || m.value->type == json::Type::False)
          b.kms = m.value->type == json::Type::True;
        else
          problem(m.value->span, msg("configuration.setups.kms"));
      } else if (m.key == "keyPolicy") {
        Key k;
        k.id = b.id + " key";
        k.policy = policy(m.value, "keyPolicy", true);
        k.place = place(m.value->span);
        b.key = k.id;
        b.kms = true;
        s.keys.push_back(std::move(k));
      } else {
        unknown(m, tr(msg("configuration.where.setup-bucket")), "bucket, account, policy, kms, keyPolicy");
      }
    }
    if (!b.name.known) {
      problem(v.span, msg("configuration.setups.bucket-name", {{"name", which}}));
      return false;
    }
    if (!b.key.empty())
      for (auto& k : s.keys)
        if (k.id == b.key) k.account = b.account;
    (which == "source" ? s.source_bucket : s.dest_bucket) = b.id;
    s.buckets.push_back(std::move(b));
    return true;
  }

  bool entry(const Node& v, std::string_view name, Setup& s) {
    if (!v.is_object()) {
      problem(v.span, msg("configuration.setups.setup-object", {{"name", name}}));
      return false;
    }
    const json::Member* task = v.find("task");
    if (task == nullptr) {
      problem(v.span, msg("configuration.setups.task-missing", {{"name", name}}));
      return false;
    }
    if (string_of(task->value, "task") == nullptr) return false;
    auto t = parse_task(task->value->text);
    if (!t) {
      problem(task->value->span, msg("configuration.setups.task-unknown", {{"task", task->value->text}}));
      return false;
    }
    s.task = *t;
    bool ok = true;
    bool has_role = false;
    for (const auto& m : v.members) {
      if (m.key == "task") continue;
      if (m.key == "role") {
        has_role = true;
        ok = role(*m.value, s) && ok;
      } else if (m.key == "source" && s.task == Task::Replication) {
        ok = bucket(*m.value, "source", s) && ok;
      } else if (m.key == "destination" && (s.task == Task::Replication || s.task == Task::Migration)) {
        ok = bucket(*m.value, "destination", s) && ok;
      } else if (m.key == "trustedAccount" && (s.task == Task::Dts || s.task == Task::DtsVpc)) {
        s.trusted_account = account(m.value);
      } else if (m.key == "endpointOwner" && (s.task == Task::Dts || s.task == Task::DtsVpc)) {
        s.endpoint_owner = account(m.value);
      } else {
        unknown(m, tr(msg("configuration.where.setup", {{"task", tr(msg(kind_id(s.task)))}})),
                s.task == Task::Replication ? "task, role, source, destination"
                : s.task == Task::Migration ? "task, role, destination"
                                            : "task, role, trustedAccount, endpointOwner");
      }
    }
    if (!has_role) {
      problem(v.span, msg("configuration.setups.role-missing", {{"name", name}}));
      return false;
    }
    if (const Bucket* d = s.bucket("destination"); d != nullptr && d->kms) {
      s.kms = true;
      s.key = d->key;
    }
    return ok;
  }

  const Config& config_;
  std::vector<ConfigProblem>& problems_;
  Lang lang_;
};

}  // namespace

std::vector<Setup> read_config_setups(const json::Node& section, const Config& config,
                                      std::vector<ConfigProblem>& problems) {
  return read_config_setups(section, config, problems, Lang::En);
}

std::vector<Setup> read_config_setups(const json::Node& section, const Config& config,
                                      std::vector<ConfigProblem>& problems, Lang lang) {
  return Reader(config, problems, lang).read(section);
}

}  // namespace policylint::setup
