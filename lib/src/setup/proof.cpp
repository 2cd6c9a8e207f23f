// The links of each setup, from the seeds (REQUIREMENTS.md ids in brackets):
//
// Replication [REP-01..REP-09]
//   trust           oss.aliyuncs.com may assume the role
//   role-policy     the role's policies allow ReplicateList and ReplicateGet
//                   on the source bucket and its objects; same account: also
//                   ReplicateList, ReplicateGet and ReplicatePut on the
//                   destination bucket and its objects
//   bucket-policy   cross-account: the destination's bucket policy lets the
//                   role's sessions (arn:sts::<uid>:assumed-role/<name in
//                   lowercase>/*) ReplicateList, ReplicateGet and ReplicatePut
//                   on the destination bucket and its objects
//   kms             KMS encryption: the role's policies allow kms:Decrypt and
//                   kms:GenerateDataKey, and the key's policy lets the role
//                   use the key
//   prefixes        [REP-10] the rule lists no more prefixes than OSS accepts
//                   (rules/setup/replication-limits.tsv)
//   history         [REP-10] historical objects are replicated only between
//                   buckets with versioning enabled
// Migration [MIG-02..MIG-05, PRN-01, PRN-02]
//   trust           mgw.aliyuncs.com may assume the role
//   role-name       the role name is lowercase
//   role-policy     list, read, write and abort multipart uploads on the
//                   destination bucket (bucket and objects)
//   bucket-policy   cross-account: the same for the role's sessions
//   kms             as for replication
// DTS, DTS through a VPC [DTS-01..DTS-05, PRN-02]
//   trust           <task account>@dts.aliyuncs.com may assume the role
//   account         the role is in the endpoint owner's account
//   role-name       1 to 64 letters, digits and hyphens
//   attachment      AliyunDTSRolePolicy (and AliyunVPCReadOnlyAccess through
//                   a VPC of another account) is attached
//   two-way         [DTS-07] a two-way synchronization runs between two
//                   databases of a kind documented for it across accounts
//                   (rules/setup/dts-cross-account-support.tsv)
//
// Verdicts are certain only when every document and value they depend on is
// known: a document with a part not known offline, a policy not found, an
// unknown account or a system policy whose document is not published make a
// step "unknown" instead of "not granted", and no finding is reported for it.
#include "proof.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <memory>
#include <set>

#include "../util/text.hpp"
#include "../util/tsv.hpp"
#include "policylint/eval.hpp"
#include "policylint/i18n.hpp"
#include "policylint/rule.hpp"
#include "system_policies.hpp"

namespace policylint::setup {

namespace {

std::string quote(std::string_view s) { return "\"" + std::string(s) + "\""; }

// The limits of one replication rule (rules/setup/replication-limits.tsv); 0:
// not in the table (nothing is judged against it).
struct ReplicationLimits {
  std::size_t prefixes_default = 0;
  std::size_t prefixes_max_crr = 0;
  std::size_t prefixes_max_srr = 0;
};

const ReplicationLimits& replication_limits() {
  static const ReplicationLimits limits = [] {
    ReplicationLimits out;
    for (const auto& row : util::read_embedded_tsv("setup/replication-limits.tsv", 3, 3).rows) {
      std::string_view n = row.fields[1];
      if (n.empty() || n.size() > 6 || !util::all_digits(n)) continue;
      std::size_t value = std::stoul(std::string(n));
      if (row.fields[0] == "prefixes-default") out.prefixes_default = value;
      if (row.fields[0] == "prefixes-max-crr") out.prefixes_max_crr = value;
      if (row.fields[0] == "prefixes-max-srr") out.prefixes_max_srr = value;
    }
    return out;
  }();
  return limits;
}

// The databases a two-way synchronization across accounts may run between,
// and the engine names and instance types a DTS job may write
// (rules/setup/dts-cross-account-support.tsv).
struct TwoWaySupport {
  struct Kind {
    std::string engine;
    std::string instance_type;  // "*": not told apart by the job
  };
  std::vector<Kind> kinds;
  std::vector<std::string> engines, instance_types;  // the documented values
  const Kind* kind_of(std::string_view engine) const {
    for (const auto& k : kinds)
      if (util::iequals(k.engine, engine)) return &k;
    return nullptr;
  }
  static bool among(const std::vector<std::string>& values, std::string_view v) {
    return std::any_of(values.begin(), values.end(), [&](const std::string& x) { return util::iequals(x, v); });
  }
};

const TwoWaySupport& two_way_support() {
  static const TwoWaySupport support = [] {
    TwoWaySupport out;
    for (const auto& row : util::read_embedded_tsv("setup/dts-cross-account-support.tsv", 5, 5).rows) {
      std::string_view table = row.fields[0];
      if (table == "two-way") out.kinds.push_back({std::string(row.fields[1]), std::string(row.fields[2])});
      if (table == "engine") out.engines.emplace_back(row.fields[1]);
      if (table == "instance-type") out.instance_types.emplace_back(row.fields[1]);
    }
    return out;
  }();
  return support;
}

// A region as a replication rule's Destination.Location writes it
// ("oss-cn-beijing") or a provider configuration does ("cn-beijing"), in one form.
std::string region_id(std::string_view r) {
  std::string l = util::to_lower(r);
  if (l.starts_with("oss-")) l.erase(0, 4);
  return l;
}

// The documents a question is asked of, and what is not known about them.
struct Docs {
  std::vector<const LoadedDocument*> docs;
  std::vector<const Policy*> policies;
  std::vector<std::string> unknown;  // why some document is not known
  std::vector<std::string> assumed;  // system policies whose document is not published
  std::vector<Place> assumed_at;     // where each is attached
  bool certain() const {
    return unknown.empty() && assumed.empty() &&
           std::none_of(docs.begin(), docs.end(), [](const LoadedDocument* d) { return d->unknown_parts; });
  }
};

struct Answer {
  Verdict verdict = Verdict::Unknown;
  std::string detail;
  const LoadedDocument* doc = nullptr;  // the document of the deciding statement
  const Statement* statement = nullptr;
  const json::Node* at = nullptr;  // the part of it to point at
};

// A question: action on resource (empty: any), by principal (empty: not
// asked). `unknown_values`: some part of the request stands for a value not
// known offline (written as '*'), so a miss may be a match in reality.
struct Question {
  std::string action;
  std::string resource;
  std::string principal;
  bool unknown_values = false;
};

bool might_apply(const Statement& s, const Question& q) {
  if (!s.allows() || !eval::covers_action(s, q.action)) return false;
  if (!q.resource.empty() && s.resource.present() &&
      std::none_of(s.resource.items.begin(), s.resource.items.end(),
                   [&](const Str& r) { return eval::patterns_overlap(r.value, q.resource, false); }))
    return false;
  if (!q.principal.empty() && s.principal.present()) {
    auto all = s.principal.all();
    if (std::none_of(all.begin(), all.end(),
                     [&](const Str& p) { return eval::patterns_overlap(p.value, q.principal, false); }))
      return false;
  }
  return true;
}

std::string statement_name(const Statement& s, Lang lang) {
  if (s.sid != nullptr && s.sid->value->is_string() && !s.sid->value->text.empty())
    return render(msg("setup.statement-sid", {{"n", s.index + 1}, {"sid", quote(s.sid->value->text)}}), lang);
  return render(msg("setup.statement", {{"n", s.index + 1}}), lang);
}

const LoadedDocument* owner(const Docs& d, const Statement* s) {
  for (const auto* doc : d.docs)
    for (const auto& st : doc->policy.statements)
      if (&st == s) return doc;
  return nullptr;
}

Answer ask(const Docs& d, const Question& q, Lang lang) {
  Answer a;
  eval::Request r{q.action, q.resource, q.principal};
  eval::Answer e = eval::evaluate(std::span<const Policy* const>(d.policies), r);
  switch (e.decision) {
    case eval::Decision::Allow:
      a.verdict = Verdict::Granted;
      return a;
    case eval::Decision::ConditionalAllow:
      a.verdict = Verdict::Conditional;
      if (!e.allowing.empty())
        a.detail =
            render(msg("setup.detail.condition", {{"statement", statement_name(*e.allowing.front(), lang)}}), lang);
      return a;
    case eval::Decision::MaybeDeny:
      a.verdict = Verdict::Conditional;
      if (!e.denying.empty())
        a.detail = render(
            msg("setup.detail.conditional-deny", {{"statement", statement_name(*e.denying.front(), lang)}}), lang);
      return a;
    case eval::Decision::Deny:
      a.verdict = Verdict::Denied;
      if (!e.denying.empty()) {
        a.statement = e.denying.front();
        a.doc = owner(d, a.statement);
        a.detail = render(msg("setup.detail.denied-by", {{"statement", statement_name(*a.statement, lang)}}), lang);
        a.at = a.statement->effect_member != nullptr ? a.statement->effect_member->value : a.statement->node;
      }
      return a;
    case eval::Decision::ImplicitDeny:
      break;
  }
  // Not granted as asked: certain only when nothing in the question or the
  // documents is unknown.
  bool maybe = !d.certain();
  if (q.unknown_values)
    for (const Policy* p : d.policies)
      for (const auto& s : p->statements)
        if (might_apply(s, q)) maybe = true;
  a.verdict = maybe ? Verdict::Unknown : Verdict::NotGranted;
  if (!d.unknown.empty())
    a.detail = d.unknown.front();
  else if (!d.assumed.empty())
    a.detail = render(msg("setup.detail.unpublished", {{"policy", d.assumed.front()}}), lang);
  else if (maybe)
    a.detail = render(msg("setup.detail.unknown-value"), lang);
  return a;
}

class Prover {
public:
  Prover(DocumentStore& store, std::vector<Finding>& out, Lang lang) : store_(store), out_(out), lang_(lang) {}

  SetupResult prove(const Setup& s) {
    setup_ = &s;
    result_ = SetupResult{};
    result_.name = s.name;
    result_.task = s.task;
    result_.declared = s.declared;
    result_.place = s.place;
    const Identity* role = s.identity(s.role);
    if (role == nullptr) {
      step("role", tr(msg("setup.what.role")), Verdict::Unknown, tr(msg("setup.detail.no-role")), {});
      return std::move(result_);
    }
    switch (s.task) {
      case Task::Replication:
        replication(s, *role);
        break;
      case Task::Migration:
        migration(s, *role);
        break;
      case Task::Dts:
      case Task::DtsVpc:
        dts(s, *role);
        break;
    }
    return std::move(result_);
  }

private:
  // ---- documents

  const LoadedDocument* system_document(const SystemPolicy& sp) {
    auto& slot = system_[std::string(sp.name)];
    if (!slot) {
      slot = std::make_unique<LoadedDocument>();
      slot->text = std::string(sp.text);
      slot->tree = std::make_unique<json::Document>(json::parse(slot->text));
      slot->policy = build_policy(slot->tree->ok() ? slot->tree->root() : nullptr);
      slot->policy.kind = Kind::Permission;
      slot->context = std::string(sp.name);
    }
    return slot.get();
  }

  // what: the setup.document.* message naming the document.
  void add(Docs& d, const PolicyRef& ref, std::string_view what) {
    if (ref.is_system()) {
      const SystemPolicy* sp = find_system_policy(ref.system);
      if (sp == nullptr) {
        d.unknown.push_back(tr(msg("setup.detail.unknown-system-policy", {{"policy", quote(ref.system)}})));
      } else if (!sp->published || sp->text.empty()) {
        d.assumed.push_back(std::string(sp->name));
        d.assumed_at.push_back(ref.place);
      } else {
        const LoadedDocument* doc = system_document(*sp);
        d.docs.push_back(doc);
        d.policies.push_back(&doc->policy);
      }
      return;
    }
    if (!ref.in_file()) {
      d.unknown.push_back(tr(msg("setup.detail.document-unknown", {{"document", tr(msg(what))}})));
      return;
    }
    const LoadedFile& f = store_.load(ref.path);
    const LoadedDocument* doc = f.readable ? f.find(ref.context) : nullptr;
    if (doc == nullptr || doc->policy.root == nullptr) {
      d.unknown.push_back(
          ref.context.empty()
              ? tr(msg("setup.detail.document-unreadable", {{"document", tr(msg(what))}, {"path", ref.path}}))
              : tr(msg("setup.detail.document-unreadable-context",
                       {{"document", tr(msg(what))}, {"path", ref.path}, {"context", ref.context}})));
      return;
    }
    d.docs.push_back(doc);
    d.policies.push_back(&doc->policy);
  }

  Docs role_policies(const Identity& role) {
    Docs d;
    for (const auto& p : role.policies) add(d, p, "setup.document.role-policy");
    return d;
  }

  // ---- values

  // The account of an identity or bucket: its own, else that of another part
  // of the setup created by the same provider configuration.
  template <class T>
  Value account_of(const T& x) const {
    if (x.account.known || x.provider.empty()) return x.account;
    for (const auto& i : setup_->identities)
      if (i.provider == x.provider && i.account.known) return i.account;
    for (const auto& b : setup_->buckets)
      if (b.provider == x.provider && b.account.known) return b.account;
    return x.account;
  }

  // Same account (true), different accounts (false), or not known.
  template <class A, class B>
  std::optional<bool> same_account(const A& a, const B& b) const {
    Value x = account_of(a), y = account_of(b);
    if (x.known && y.known) return x.text == y.text;
    if (!a.provider.empty() && a.provider == b.provider) return true;
    return std::nullopt;
  }

  static std::string oss_arn(const Value& account, const Value& bucket, bool objects) {
    return "acs:oss:*:" + (account.known ? account.text : std::string("*")) + ":" +
           (bucket.known ? bucket.text : std::string("*")) + (objects ? "/*" : "");
  }

  // ---- reporting

  Place place_of(const LoadedDocument* doc, const json::Node* node) const {
    if (doc == nullptr || doc->file == nullptr || node == nullptr) return {};
    return Place{doc->file->path, doc->to_file(node->span)};
  }

  // Where to point for a grant that a set of documents lacks: the Resource of
  // a statement that allows the action elsewhere (the likely slip), else the
  // Principal of one that allows it to someone else, else the first
  // document's Statement; with no document, the fallback place.
  Place grant_place(const Docs& d, const Question& q, const Place& fallback,
                    const std::vector<Question>& asked = {}) const {
    // The string nearest to what was asked (edit distance, bounded by the
    // asked value's length), among the Resource (or Principal) items of the
    // statements that allow the action: the likely slip.
    const LoadedDocument* best_doc = nullptr;
    const json::Node* best = nullptr;
    std::size_t best_distance = 0;
    auto consider = [&](const LoadedDocument* doc, const Str& item, std::string_view wanted) {
      std::size_t bound = wanted.size();
      std::size_t dist = util::edit_distance(item.value, wanted, util::Case::Sensitive, bound);
      // An item that is right for another question of the same step is not the slip.
      for (const auto& o : asked)
        if ((!o.resource.empty() && eval::wildcard_match(item.value, o.resource, false)) ||
            (!o.principal.empty() && eval::wildcard_match(item.value, o.principal, false)))
          dist += bound + 1;
      if (best == nullptr || dist < best_distance) best_doc = doc, best = item.node, best_distance = dist;
    };
    for (const auto* doc : d.docs) {
      if (doc->file == nullptr) continue;
      for (const auto& s : doc->policy.statements) {
        if (!s.allows() || !eval::covers_action(s, q.action)) continue;
        if (!q.resource.empty() && s.resource.present() && !eval::covers_resource(s, q.resource))
          for (const auto& r : s.resource.items) consider(doc, r, q.resource);
        if (!q.principal.empty() && s.principal.present() && !eval::covers_principal(s, q.principal))
          for (const auto& p : s.principal.all()) consider(doc, p, q.principal);
      }
    }
    if (best != nullptr) return place_of(best_doc, best);
    // A statement for the right resource and principal that lacks the action.
    for (const auto* doc : d.docs) {
      if (doc->file == nullptr) continue;
      for (const auto& s : doc->policy.statements) {
        if (!s.allows() || s.actions().node == nullptr) continue;
        if (!q.resource.empty() && !eval::covers_resource(s, q.resource)) continue;
        if (!q.principal.empty() && !eval::covers_principal(s, q.principal)) continue;
        return place_of(doc, s.actions().node);
      }
    }
    for (const auto* doc : d.docs) {
      if (doc->file == nullptr) continue;
      const json::Node* n =
          doc->policy.statement_member != nullptr ? doc->policy.statement_member->value : doc->policy.root;
      if (Place p = place_of(doc, n); p.known()) return p;
    }
    return fallback;
  }

  void step(std::string check, std::string what, Verdict v, std::string detail, Place at) {
    result_.steps.push_back(Step{std::move(check), std::move(what), v, std::move(detail), std::move(at)});
  }

  std::string tr(const Message& m) const { return render(m, lang_); }

  // A value the English text writes without quotes (an action, a resource, a
  // resource address): as written in English, in backticks in Chinese.
  std::string code(std::string_view v) const { return tr(msg("setup.code", {{"value", v}})); }

  // How a message names a role: its name quoted, else how the setup refers to it.
  std::string role_ref(const Identity& role) const { return role.name.known ? quote(role.name.text) : code(role.id); }

  // A finding for a broken link (rule, message at `at`), with the setup and
  // the other ends as related locations.
  void report(std::string_view rule, const Place& at, std::string message, std::vector<Related> related,
              bool uncertain = false) {
    if (!at.known()) return;
    Reporter r;
    Finding& f = r.report(rule, at.span, std::move(message));
    f.path = at.path;
    if (!setup_->declared || uncertain) mark_uncertain(f);
    if (setup_->place.known() && !(setup_->place.path == at.path && setup_->place.span.begin == at.span.begin))
      related.insert(related.begin(),
                     Related{setup_->place.span,
                             tr(msg(setup_->declared ? "setup.related.setup" : "setup.related.setup-inferred",
                                    {{"task", tr(msg(kind_id(setup_->task)))}, {"name", quote(setup_->name)}})),
                             setup_->place.path});
    f.related = std::move(related);
    out_.push_back(std::move(r.findings().front()));
  }

  std::string task_name() const {
    switch (setup_->task) {
      case Task::Replication:
        return tr(msg("setup.task.replication"));
      case Task::Migration:
        return tr(msg("setup.task.migration"));
      case Task::Dts:
      case Task::DtsVpc:
        return tr(msg("setup.task.dts"));
    }
    return tr(msg("setup.task.dts"));
  }

  Related related(const Place& p, const Message& label) const { return Related{p.span, tr(label), p.path}; }

  // The names of what a step asks for: each action and each resource once,
  // joined with "and".
  struct Listed {
    std::string actions, resources;
  };
  Listed list(const std::vector<Question>& qs) const {
    std::vector<std::string> actions, resources;
    for (const auto& q : qs) {
      std::string a = code(q.action);
      if (std::find(actions.begin(), actions.end(), a) == actions.end()) actions.push_back(a);
      std::string r = code(q.resource.empty() ? "*" : q.resource);
      if (std::find(resources.begin(), resources.end(), r) == resources.end()) resources.push_back(r);
    }
    return {i18n::join_and(actions, lang_), i18n::join_and(resources, lang_)};
  }

  // The messages of one kind of grant: what the step asks (`what`), the
  // finding when it is not granted (`rule`, also the rule's id) or denied
  // (`denied`), and the arguments naming who grants to whom (`who`).
  struct GrantMessages {
    std::string_view what;
    std::string_view rule;
    std::string_view denied;
    std::vector<MessageArg> who;
  };

  std::string grant_text(std::string_view id, const std::vector<MessageArg>& who, const Listed& l,
                         std::initializer_list<MessageArg> more = {}) const {
    Message m{id, who};
    m.args.emplace_back("actions", l.actions);
    m.args.emplace_back("resources", l.resources);
    m.args.insert(m.args.end(), more.begin(), more.end());
    return tr(m);
  }

  // Asks each question of the documents, records the step, and reports the
  // first certain failure (one finding per root cause).
  bool grants(const std::string& check, const GrantMessages& g, const Docs& d, const std::vector<Question>& questions,
              const Place& fallback, std::vector<Related> rel, const std::string& advice) {
    std::vector<Question> missing;
    Answer worst;
    const Question* first = nullptr;
    bool unknown = false, conditional = false;
    std::string unknown_detail, cond_detail;
    for (const auto& q : questions) {
      Answer a = ask(d, q, lang_);
      if (a.verdict == Verdict::NotGranted || a.verdict == Verdict::Denied) {
        missing.push_back(q);
        if (first == nullptr || (a.verdict == Verdict::Denied && worst.verdict != Verdict::Denied)) {
          worst = a;
          first = &q;
        }
      } else if (a.verdict == Verdict::Unknown) {
        unknown = true;
        if (unknown_detail.empty()) unknown_detail = a.detail;
      } else if (a.verdict == Verdict::Conditional) {
        conditional = true;
        if (cond_detail.empty()) cond_detail = a.detail;
      }
    }
    std::string what = grant_text(g.what, g.who, list(questions));
    if (first == nullptr) {
      Verdict v = unknown ? Verdict::Unknown : conditional ? Verdict::Conditional : Verdict::Granted;
      step(check, what, v, unknown ? unknown_detail : cond_detail, fallback);
      // The answer rests on a system policy whose document is not public:
      // say so once, at its attachment.
      if (unknown && !d.assumed.empty() && d.unknown.empty())
        for (std::size_t i = 0; i < d.assumed.size(); ++i) {
          const SystemPolicy* sp = find_system_policy(d.assumed[i]);
          if (!noted_
                   .insert(d.assumed[i] + "\n" + d.assumed_at[i].path + "\n" +
                           std::to_string(d.assumed_at[i].span.begin))
                   .second)
            continue;
          std::string assumption;
          if (sp != nullptr && !sp->assumption.empty()) {
            // The translation of the documentation's words, when the table has it.
            std::string id = "setup.assumption." + d.assumed[i];
            assumption = i18n::find(id) != nullptr ? tr(msg(id)) : std::string(sp->assumption);
          }
          report("setup/unpublished-system-policy", d.assumed_at[i].known() ? d.assumed_at[i] : fallback,
                 assumption.empty()
                     ? tr(msg("setup/unpublished-system-policy", {{"what", what}, {"policy", d.assumed[i]}}))
                     : tr(msg("setup/unpublished-system-policy.assumption",
                              {{"what", what}, {"policy", d.assumed[i]}, {"assumption", assumption}})),
                 {});
        }
      return true;
    }
    Place at = worst.verdict == Verdict::Denied && worst.doc != nullptr ? place_of(worst.doc, worst.at)
                                                                        : grant_place(d, *first, fallback, questions);
    Listed lm = list(missing);
    std::string detail =
        worst.verdict == Verdict::Denied
            ? worst.detail
            : tr(msg("setup.detail.not-granted-list", {{"actions", lm.actions}, {"resources", lm.resources}}));
    step(check, what, worst.verdict, detail, at);
    std::string message = worst.verdict == Verdict::Denied
                              ? grant_text(g.denied, g.who, lm, {{"detail", worst.detail}, {"advice", advice}})
                              : grant_text(g.rule, g.who, lm, {{"advice", advice}});
    report(g.rule, at, std::move(message), std::move(rel));
    return false;
  }

  // ---- steps

  // published: the docs show this principal in the task's trust policy
  // (false: policylint's best knowledge, so a miss is a warning).
  // service_label: the setup.service.* message naming the service.
  void trust(const Identity& role, const std::string& service, std::string_view service_label, bool published = true) {
    std::string what = tr(msg("setup.what.trust", {{"service", service}, {"role", role_ref(role)}}));
    if (!role.trust) {
      step("trust", what, Verdict::Unknown, tr(msg("setup.detail.no-trust-policy")), role.place);
      return;
    }
    Docs d;
    add(d, *role.trust, "setup.document.trust-policy");
    Question q{"sts:AssumeRole", "", service, service.find('*') != std::string::npos};
    Answer a = ask(d, q, lang_);
    Place fallback = role.trust->place.known() ? role.trust->place : role.place;
    if (a.verdict != Verdict::NotGranted && a.verdict != Verdict::Denied) {
      step("trust", what, a.verdict, a.detail, fallback);
      return;
    }
    Place at = a.verdict == Verdict::Denied ? place_of(a.doc, a.at) : grant_place(d, q, fallback);
    // Name what the trust policy does let in, when it names a DTS service of another account.
    std::vector<std::string> found;
    for (const auto* doc : d.docs)
      for (const auto& s : doc->policy.statements)
        if (s.allows())
          for (const auto& p : s.principal.all())
            if (p.value.find("aliyuncs.com") != std::string_view::npos &&
                std::find(found.begin(), found.end(), quote(p.value)) == found.end())
              found.push_back(quote(p.value));
    std::string detail = a.verdict == Verdict::Denied ? a.detail : tr(msg("setup.detail.not-granted"));
    step("trust", what, a.verdict, detail, at);
    std::string label = tr(msg(service_label));
    std::string message =
        a.verdict == Verdict::Denied
            ? tr(msg(
                  "setup/service-cannot-assume.denied",
                  {{"role", role_ref(role)}, {"service", label}, {"principal", quote(service)}, {"detail", a.detail}}))
            : tr(msg("setup/service-cannot-assume",
                     {{"role", role_ref(role)}, {"service", label}, {"principal", quote(service)}}));
    if (!found.empty()) {
      // A list of what it trusts, each item as written.
      std::string trusted;
      for (std::size_t i = 0; i < found.size(); ++i)
        trusted += (i == 0 ? "" : lang_ == Lang::Zh ? "、" : ", ") + found[i];
      message = tr(msg("setup/service-cannot-assume.trusts", {{"message", message}, {"trusted", trusted}}));
    }
    message = published
                  ? tr(msg("setup/service-cannot-assume.cannot-start", {{"message", message}, {"task", task_name()}}))
                  : tr(msg("setup/service-cannot-assume.expected", {{"message", message}}));
    report("setup/service-cannot-assume", at, std::move(message), {related(role.place, msg("setup.related.role"))},
           !published);
  }

  std::vector<Question> oss_questions(const std::vector<std::string>& bucket_actions,
                                      const std::vector<std::string>& object_actions, const Value& account,
                                      const Value& bucket, const std::string& principal, bool unknown_principal) {
    std::vector<Question> qs;
    bool unknown = !account.known || !bucket.known || unknown_principal;
    for (const auto& a : bucket_actions) qs.push_back({a, oss_arn(account, bucket, false), principal, unknown});
    for (const auto& a : object_actions) qs.push_back({a, oss_arn(account, bucket, true), principal, unknown});
    return qs;
  }

  std::string session_principal(const Identity& role, bool& unknown) const {
    Value acct = account_of(role);
    unknown = !acct.known || !role.name.known;
    return "arn:sts::" + (acct.known ? acct.text : std::string("*")) + ":assumed-role/" +
           (role.name.known ? util::to_lower(role.name.text) : std::string("*")) + "/*";
  }

  GrantMessages role_grants(const Identity& role) const {
    return {"setup.what.role-policies",
            "setup/role-not-granted",
            "setup/role-not-granted.denied",
            {{"role", role_ref(role)}}};
  }

  void bucket_policy(const Identity& role, const Bucket& dest, const std::vector<std::string>& bucket_actions,
                     const std::vector<std::string>& object_actions, std::optional<bool> same) {
    std::string bucket = dest.name.known ? quote(dest.name.text) : code(dest.id);
    if (same == true) return;  // one account: the role's own policies decide
    if (!dest.policy) {
      step("bucket-policy", tr(msg("setup.what.bucket-sessions", {{"bucket", bucket}})), Verdict::Unknown,
           tr(msg("setup.detail.no-bucket-policy")), dest.place);
      return;
    }
    bool unknown_principal = false;
    std::string principal = session_principal(role, unknown_principal);
    Docs d;
    add(d, *dest.policy, "setup.document.bucket-policy");
    auto qs = oss_questions(bucket_actions, object_actions, account_of(dest), dest.name, principal, unknown_principal);
    if (!same.has_value()) {
      // Whether a bucket policy is needed at all depends on the accounts.
      for (auto& q : qs) q.unknown_values = true;
    }
    grants("bucket-policy",
           {"setup.what.bucket-policy",
            "setup/bucket-policy-not-granted",
            "setup/bucket-policy-not-granted.denied",
            {{"bucket", bucket}, {"principal", quote(principal)}}},
           d, qs, dest.policy->place.known() ? dest.policy->place : dest.place,
           {related(role.place, msg("setup.related.role-sessions"))},
           tr(msg("setup.advice.bucket-policy", {{"principal", quote(principal)}})));
  }

  void kms(const Setup& s, const Identity& role) {
    if (!s.kms) return;
    Docs d = role_policies(role);
    Value acct;
    const Key* key = s.key_of(s.key);
    if (key != nullptr) acct = key->account;
    std::string arn = "acs:kms:*:" + (acct.known ? acct.text : std::string("*")) + ":key/*";
    std::vector<Question> qs{{"kms:Decrypt", arn, "", true}, {"kms:GenerateDataKey", arn, "", true}};
    grants("kms", role_grants(role), d, qs, role.place,
           {related(key != nullptr ? key->place : Place{}, msg("setup.related.key"))}, tr(msg("setup.advice.kms")));
    if (key == nullptr || !key->policy) return;
    Docs kd;
    add(kd, *key->policy, "setup.document.key-policy");
    Value ra = account_of(role);
    std::string principal = "acs:ram::" + (ra.known ? ra.text : std::string("*")) + ":role/" +
                            (role.name.known ? util::to_lower(role.name.text) : std::string("*"));
    bool unknown = !ra.known || !role.name.known;
    std::vector<Question> kq{{"kms:Decrypt", "", principal, unknown}, {"kms:GenerateDataKey", "", principal, unknown}};
    grants("key-policy",
           {"setup.what.key-policy",
            "setup/key-policy-not-granted",
            "setup/key-policy-not-granted.denied",
            {{"principal", quote(principal)}}},
           kd, kq, key->policy->place.known() ? key->policy->place : key->place,
           {related(role.place, msg("setup.related.role"))},
           tr(msg("setup.advice.key-policy", {{"principal", quote(principal)}})));
  }

  void replication(const Setup& s, const Identity& role) {
    trust(role, "oss.aliyuncs.com", "setup.service.oss");
    const Bucket* src = s.bucket(s.source_bucket);
    const Bucket* dst = s.bucket(s.dest_bucket);
    Docs d = role_policies(role);
    std::vector<Question> qs;
    if (src != nullptr) {
      auto q = oss_questions({"oss:ReplicateList", "oss:ReplicateGet"}, {"oss:ReplicateList", "oss:ReplicateGet"},
                             account_of(*src), src->name, "", false);
      qs.insert(qs.end(), q.begin(), q.end());
    }
    std::optional<bool> same;
    if (src != nullptr && dst != nullptr) same = same_account(*src, *dst);
    if (dst != nullptr && same == true) {
      auto q = oss_questions({"oss:ReplicateList", "oss:ReplicateGet", "oss:ReplicatePut"},
                             {"oss:ReplicateList", "oss:ReplicateGet", "oss:ReplicatePut"}, account_of(*dst), dst->name,
                             "", false);
      qs.insert(qs.end(), q.begin(), q.end());
    }
    if (!qs.empty())
      grants("role-policy", role_grants(role), d, qs, role.place,
             {related(src != nullptr ? src->place : Place{}, msg("setup.related.source"))},
             tr(msg("setup.advice.replication")));
    if (dst != nullptr)
      bucket_policy(role, *dst, {"oss:ReplicateList", "oss:ReplicateGet", "oss:ReplicatePut"},
                    {"oss:ReplicateList", "oss:ReplicateGet", "oss:ReplicatePut"}, same);
    kms(s, role);
    prefixes(s);
    history(s);
  }

  // ---- the replication rule's own settings [REP-10]

  // Cross-region (true), same-region (false), or not known offline.
  static std::optional<bool> cross_region(const Setup& s) {
    if (!s.source_region.known || !s.dest_region.known) return std::nullopt;
    std::string a = region_id(s.source_region.text), b = region_id(s.dest_region.text);
    if (a.empty() || b.empty()) return std::nullopt;
    return a != b;
  }

  // Seed 003: a rule lists up to 10 prefixes by default; support can raise
  // the limit to at most 30 for cross-region replication (100 for
  // same-region replication). Only literal entries are counted, each value
  // once, so the count never exceeds what OSS receives.
  void prefixes(const Setup& s) {
    const ReplicationLimits& lim = replication_limits();
    if (!s.prefix_list.known() || (s.prefixes.empty() && s.prefixes_unknown == 0) || lim.prefixes_default == 0) return;
    std::set<std::string> distinct;
    for (const auto& p : s.prefixes) distinct.insert(p.text);
    std::size_t n = distinct.size();
    std::optional<bool> crr = cross_region(s);
    // Not known whether cross- or same-region: only the larger maximum is certain.
    std::size_t max = crr == true ? lim.prefixes_max_crr : lim.prefixes_max_srr;
    std::string kind = tr(msg(!crr.has_value() ? "setup.replication-kind.any"
                              : *crr           ? "setup.replication-kind.crr"
                                               : "setup.replication-kind.srr"));
    std::string what = tr(msg("setup.what.prefixes", {{"default", lim.prefixes_default}}));
    if (n <= lim.prefixes_default) {
      // Entries not known offline may take the count past the limit.
      if (s.prefixes_unknown > 0)
        step("prefixes", what, Verdict::Unknown, tr(msg("setup.detail.prefixes-unknown", {{"count", n}})),
             s.prefix_list);
      else
        step("prefixes", what, Verdict::Granted, "", s.prefix_list);
      return;
    }
    if (max != 0 && n > max) {
      step("prefixes", what, Verdict::NotGranted, tr(msg("setup.detail.prefixes-over", {{"count", n}, {"max", max}})),
           s.prefix_list);
      report("setup/too-many-prefixes", s.prefix_list,
             tr(msg("setup/too-many-prefixes", {{"count", n}, {"max", max}, {"kind", kind}})), {});
      return;
    }
    // Over the default but within the maximum: whether the account's limit
    // was raised is not known offline.
    step("prefixes", what, Verdict::Unknown,
         tr(msg("setup.detail.prefixes-quota", {{"count", n}, {"default", lim.prefixes_default}})), s.prefix_list);
    report("setup/too-many-prefixes", s.prefix_list,
           tr(msg("setup/too-many-prefixes.quota",
                  {{"count", n}, {"default", lim.prefixes_default}, {"max", max}, {"kind", kind}})),
           {}, true);
  }

  // Seed 003: replicating historical data overwrites objects of the same
  // name in the destination; versioning on both buckets avoids the loss.
  // Judged only when the input writes a bucket's versioning status: a bucket
  // without one may get versioning elsewhere (a separate resource, the
  // console), and an unversioned bucket is the default, not a choice.
  void history(const Setup& s) {
    // OSS replicates historical objects unless the rule disables it.
    if (s.historical.known ? !util::iequals(s.historical.text, "enabled") : s.historical.place.known()) return;
    std::vector<const Bucket*> off;
    bool all_on = true;
    for (const std::string* id : {&s.source_bucket, &s.dest_bucket}) {
      const Bucket* b = id->empty() ? nullptr : s.bucket(*id);
      if (b == nullptr || !b->versioning.known) {
        all_on = false;
      } else if (util::iequals(b->versioning.text, "Suspended") || util::iequals(b->versioning.text, "Disabled")) {
        if (std::find(off.begin(), off.end(), b) == off.end()) off.push_back(b);
      } else if (!util::iequals(b->versioning.text, "Enabled")) {
        all_on = false;  // a value OSS does not document: not judged
      }
    }
    Place at = s.historical.place.known() ? s.historical.place : s.place;
    std::string what = tr(msg("setup.what.history"));
    if (off.empty()) {
      if (all_on) step("history", what, Verdict::Granted, "", at);
      return;
    }
    std::vector<std::string> names;
    std::vector<Related> rel;
    for (const Bucket* b : off) {
      names.push_back(b->name.known ? quote(b->name.text) : code(b->id));
      rel.push_back(related(b->versioning.place, msg("setup.related.versioning")));
    }
    std::string buckets = i18n::join_and(names, lang_);
    step("history", what, Verdict::NotGranted, tr(msg("setup.detail.versioning-off", {{"buckets", buckets}})), at);
    std::string message = tr(msg("setup/history-overwrite", {{"buckets", buckets}}));
    if (!s.historical.place.known()) message = tr(msg("setup/history-overwrite.default", {{"message", message}}));
    report("setup/history-overwrite", at, std::move(message), std::move(rel));
  }

  void migration(const Setup& s, const Identity& role) {
    // The docs name the trusted service "Data Transport" without its principal;
    // mgw.aliyuncs.com is the service's endpoint domain (rules/system-policies/README.md).
    trust(role, "mgw.aliyuncs.com", "setup.service.migration", false);
    if (role.name.known) {
      bool upper = std::any_of(role.name.text.begin(), role.name.text.end(),
                               [](char c) { return std::isupper(static_cast<unsigned char>(c)) != 0; });
      step("role-name", tr(msg("setup.what.role-lowercase")), upper ? Verdict::NotGranted : Verdict::Granted,
           upper ? tr(msg("setup.detail.capitals")) : "", role.name.place);
      if (upper)
        report("setup/role-name", role.name.place,
               tr(msg("setup/role-name",
                      {{"name", quote(role.name.text)}, {"lowercase", quote(util::to_lower(role.name.text))}})),
               {});
    }
    const Bucket* dst = s.bucket(s.dest_bucket);
    if (dst == nullptr) return;
    std::optional<bool> same = same_account(role, *dst);
    const std::vector<std::string> bucket_actions{"oss:ListObjects"};
    const std::vector<std::string> object_actions{"oss:GetObject", "oss:PutObject", "oss:AbortMultipartUpload"};
    if (!same.has_value()) {
      // Across accounts the destination's bucket policy alone lets the role
      // in (seed 000: a role and a bucket policy, no role policy).
      step("role-policy", tr(msg("setup.what.role-destination", {{"role", role_ref(role)}})), Verdict::Unknown,
           tr(msg("setup.detail.destination-account-unknown")), role.place);
    } else if (*same) {
      Docs d = role_policies(role);
      auto qs = oss_questions(bucket_actions, object_actions, account_of(*dst), dst->name, "", false);
      grants("role-policy", role_grants(role), d, qs, role.place,
             {related(dst->place, msg("setup.related.destination"))}, tr(msg("setup.advice.migration")));
    }
    bucket_policy(role, *dst, bucket_actions, object_actions, same);
    kms(s, role);
  }

  void dts(const Setup& s, const Identity& role) {
    Value t = s.trusted_account;
    std::string service = (t.known ? t.text : std::string("*")) + "@dts.aliyuncs.com";
    trust(role, service, "setup.service.dts");
    // The role must be in the account that owns the endpoint [DTS-04].
    Value owner = s.endpoint_owner;
    Value ra = account_of(role);
    if (owner.known && ra.known) {
      bool ok = owner.text == ra.text;
      step("account", tr(msg("setup.what.account", {{"account", owner.text}})),
           ok ? Verdict::Granted : Verdict::NotGranted,
           ok ? "" : tr(msg("setup.detail.role-account", {{"account", ra.text}})), owner.place);
      if (!ok)
        report("setup/wrong-account", owner.place,
               tr(msg("setup/wrong-account", {{"owner", owner.text}, {"role", role_ref(role)}, {"account", ra.text}})),
               {related(role.place, msg("setup.related.role"))});
    }
    if (role.name.known) {
      const std::string& n = role.name.text;
      bool ok = !n.empty() && n.size() <= 64 && std::all_of(n.begin(), n.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-';
      });
      step("role-name", tr(msg("setup.what.role-name-dts")), ok ? Verdict::Granted : Verdict::NotGranted, "",
           role.name.place);
      if (!ok) report("setup/role-name", role.name.place, tr(msg("setup/role-name.dts", {{"name", quote(n)}})), {});
    }
    std::vector<std::string> needed{"AliyunDTSRolePolicy"};
    if (s.task == Task::DtsVpc) needed.push_back("AliyunVPCReadOnlyAccess");
    bool all_known = std::all_of(role.policies.begin(), role.policies.end(),
                                 [](const PolicyRef& p) { return p.is_system() || p.in_file(); });
    for (const auto& name : needed) {
      bool attached =
          std::any_of(role.policies.begin(), role.policies.end(), [&](const PolicyRef& p) { return p.system == name; });
      std::string what = tr(msg("setup.what.attached", {{"policy", name}}));
      if (attached) {
        step("attachment", what, Verdict::Granted, "", role.place);
      } else if (!all_known) {
        step("attachment", what, Verdict::Unknown, tr(msg("setup.detail.attachment-unknown")), role.place);
      } else {
        step("attachment", what, Verdict::NotGranted, tr(msg("setup.detail.not-attached")), role.place);
        report("setup/missing-system-policy", role.place,
               name == "AliyunDTSRolePolicy"
                   ? tr(msg("setup/missing-system-policy", {{"role", role_ref(role)}, {"policy", name}}))
                   : tr(msg("setup/missing-system-policy.vpc", {{"role", role_ref(role)}, {"policy", name}})),
               {});
      }
    }
    two_way(s);
  }

  // Seed 002: a two-way synchronization across accounts runs only between
  // ApsaraDB RDS for MySQL instances (or clusters), between Tair (Enterprise
  // Edition) instances, or between ApsaraDB for MongoDB replica set or
  // sharded cluster instances. Reported only for values the provider
  // documents: an engine with no two-way row, an instance type other than
  // its row's, or two ends of different kinds.
  void two_way(const Setup& s) {
    if (!s.two_way.known || s.endpoints.size() != 2) return;
    const TwoWaySupport& sup = two_way_support();
    if (sup.kinds.empty()) return;
    std::string what = tr(msg("setup.what.two-way"));
    std::vector<const TwoWaySupport::Kind*> kinds;
    for (const auto& e : s.endpoints) {
      std::string side = tr(msg(e.side == "source" ? "setup.dts-side.source" : "setup.dts-side.destination"));
      const TwoWaySupport::Kind* k = e.engine.known ? sup.kind_of(e.engine.text) : nullptr;
      kinds.push_back(k);
      if (k == nullptr && e.engine.known && TwoWaySupport::among(sup.engines, e.engine.text)) {
        step("two-way", what, Verdict::NotGranted,
             tr(msg("setup.detail.two-way-engine", {{"engine", quote(e.engine.text)}})), e.engine.place);
        report("setup/two-way-unsupported", e.engine.place,
               tr(msg("setup/two-way-unsupported", {{"side", side}, {"engine", quote(e.engine.text)}})),
               {related(s.two_way.place, msg("setup.related.two-way"))});
        return;
      }
      if (k != nullptr && k->instance_type != "*" && e.instance_type.known &&
          !util::iequals(e.instance_type.text, k->instance_type) &&
          TwoWaySupport::among(sup.instance_types, e.instance_type.text)) {
        step("two-way", what, Verdict::NotGranted,
             tr(msg("setup.detail.two-way-instance-type", {{"type", quote(e.instance_type.text)}})),
             e.instance_type.place);
        report("setup/two-way-unsupported", e.instance_type.place,
               tr(msg("setup/two-way-unsupported.instance-type", {{"side", side},
                                                                  {"engine", quote(e.engine.text)},
                                                                  {"type", quote(e.instance_type.text)},
                                                                  {"expected", quote(k->instance_type)}})),
               {related(s.two_way.place, msg("setup.related.two-way"))});
        return;
      }
    }
    if (kinds[0] != nullptr && kinds[1] != nullptr && kinds[0] != kinds[1]) {
      const DtsEndpoint& src = s.endpoints[0];
      const DtsEndpoint& dst = s.endpoints[1];
      step("two-way", what, Verdict::NotGranted,
           tr(msg("setup.detail.two-way-mismatch",
                  {{"source", quote(src.engine.text)}, {"destination", quote(dst.engine.text)}})),
           dst.engine.place);
      report("setup/two-way-unsupported", dst.engine.place,
             tr(msg("setup/two-way-unsupported.mismatch",
                    {{"source", quote(src.engine.text)}, {"destination", quote(dst.engine.text)}})),
             {related(src.engine.place, msg("setup.related.source-engine")),
              related(s.two_way.place, msg("setup.related.two-way"))});
    }
    // Otherwise nothing is certain: the job does not tell Tair Enterprise
    // from other Redis instances, nor a MongoDB replica set from a standalone
    // instance, and an engine or type not known offline is not judged.
  }
  DocumentStore& store_;
  std::vector<Finding>& out_;
  Lang lang_;
  const Setup* setup_ = nullptr;
  SetupResult result_;
  std::map<std::string, std::unique_ptr<LoadedDocument>> system_;
  std::set<std::string> noted_;  // unpublished system policies already noted (name, place)
};

}  // namespace

std::vector<SetupResult> prove(const std::vector<Setup>& setups, DocumentStore& store, std::vector<Finding>& findings,
                               Lang lang) {
  std::vector<SetupResult> out;
  Prover p(store, findings, lang);
  for (const auto& s : setups) out.push_back(p.prove(s));
  return out;
}

}  // namespace policylint::setup
