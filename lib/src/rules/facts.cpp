// The per-document facts rules share (facts.hpp): computed on first use,
// once per document, whichever rule asks first.
#include "facts.hpp"

#include <algorithm>
#include <functional>
#include <unordered_map>
#include <utility>

#include "policylint/eval.hpp"
#include "util.hpp"
#include "util/spare_memory.hpp"

namespace policylint {

namespace {

// The Facts are larger than the allocator's per-thread caches take, and
// every document makes them: the thread keeps one block for the next.
using SpareFactsMemory = util::SpareBlockMemory<rules::Facts>;

}  // namespace

void Context::make_facts() const {
  facts_cache = std::allocate_shared<const rules::Facts>(rules::StatelessAlloc<rules::Facts, SpareFactsMemory>{},
                                                         policy, settings);
}

namespace rules {

namespace {

constexpr std::string_view kList = "oss:ReplicateList", kGet = "oss:ReplicateGet", kPut = "oss:ReplicatePut",
                           kDelete = "oss:ReplicateDelete";
constexpr std::string_view kReplicate[] = {kList, kGet, kPut, kDelete};

bool literal_replicate(const Statement& s) {
  return s.allows() && std::any_of(s.action.items.begin(), s.action.items.end(),
                                   [](const Str& a) { return is_replicate_item(a.value); });
}

bool covers_any_replicate(const Statement& s) {
  return std::any_of(std::begin(kReplicate), std::end(kReplicate), [&](auto a) { return eval::covers_action(s, a); });
}

bool writes_replica(const Statement& s) { return eval::covers_action(s, kPut) || eval::covers_action(s, kDelete); }

bool names_bucket(const Statement& s, std::string_view bucket) {
  auto names = buckets_of(s);
  return std::any_of(names.begin(), names.end(), [&](const auto& n) { return n.first == bucket; });
}

// A statement other than except that grants the bucket only literal
// ReplicateList/ReplicateGet: in a same-account policy, the bucket is the source.
const Statement* read_only_elsewhere(const std::vector<const Statement*>& scope, std::string_view bucket,
                                     const Statement* except) {
  for (const Statement* t : scope) {
    if (t == except || !names_bucket(*t, bucket) || t->action.items.empty()) continue;
    if (std::all_of(t->action.items.begin(), t->action.items.end(),
                    [](const Str& x) { return is_replicate_item(x.value) && concrete(x.value) && !is_write_item(x); }))
      return t;
  }
  return nullptr;
}

// The principals a statement grants to, one by one in a bucket policy; a
// single "" (whoever the policy is attached to) in a permission policy.
std::vector<std::string> principals_of(const Policy& p, const Statement& s) {
  if (p.kind != Kind::Bucket) return {""};
  std::vector<std::string> out;
  for (const auto& v : s.principal.all()) out.emplace_back(v.value);
  return out;
}

// Adds a use of the bucket for each principal not seen with it yet.
void add_uses(std::vector<Use>& uses, const Statement& s, std::string_view bucket, const model::OssArn& arn,
              const std::vector<std::string>& principals) {
  for (const auto& pr : principals) {
    bool seen =
        std::any_of(uses.begin(), uses.end(), [&](const Use& u) { return u.bucket == bucket && u.principal == pr; });
    if (!seen) uses.push_back(Use{std::string(bucket), pr, &s, std::string(arn.head()), false});
  }
}

ReplicationGrant analyze_replication(const Policy& p, const Intent& intent) {
  ReplicationGrant a;
  bool bucket_policy = p.kind == Kind::Bucket;
  bool source_only = intent.is("replication-source-role-policy");
  for (const auto& s : p.statements) {
    // Inferred: only statements that name Replicate actions; declared: any
    // grant that covers one (oss:*, or a policy that forgot them entirely).
    if (literal_replicate(s) || (intent.declared && s.allows() && covers_any_replicate(s))) a.scope.push_back(&s);
  }
  for (const Statement* s : a.scope) {
    auto principals = principals_of(p, *s);
    for (const auto& [bucket, item] : buckets_of(*s))
      add_uses(a.uses, *s, bucket, *parse_oss_arn(item->value), principals);
  }
  for (auto& u : a.uses) {
    if (source_only) continue;
    if (!bucket_policy && std::any_of(a.scope.begin(), a.scope.end(), [&](const Statement* w) {
          return writes_replica(*w) && misplaced_in(a.scope, *w, u.bucket) != nullptr;
        }))
      continue;
    if (bucket_policy && intent.declared) {
      u.destination = true;
      continue;
    }
    for (const Statement* s : a.scope)
      if (names_bucket(*s, u.bucket) && covers_principal(*s, u.principal) && writes_replica(*s)) u.destination = true;
  }
  // An inferred destination bucket policy says nothing about buckets it only lets read.
  if (bucket_policy && !intent.declared) std::erase_if(a.uses, [](const Use& u) { return !u.destination; });
  return a;
}

constexpr std::string_view kPutAll = "oss:Put*";

bool has_item(const StrList& list, std::string_view value) {
  return std::any_of(list.items.begin(), list.items.end(), [&](const Str& s) { return iequals(s.value, value); });
}

// Does the statement let its principal write (any action oss:Put* stands for)?
bool writes_object(const Statement& s) {
  auto puts = expand_oss(kPutAll);
  return std::any_of(puts.begin(), puts.end(), [&](const OssAction& a) { return eval::covers_action(s, a.name); });
}

std::vector<Use> analyze_migration(const Policy& p, const Intent& intent) {
  // The destination: buckets the role may write to. Inferred, only through
  // the documented oss:Put* (a policy that reads or writes objects for some
  // other purpose is not a migration policy); declared, any write counts.
  std::vector<Use> uses;
  for (const auto& s : p.statements) {
    if (!s.allows() || !(intent.declared ? writes_object(s) : has_item(s.action, kPutAll))) continue;
    auto principals = principals_of(p, s);
    for (const auto& r : s.resource.items) {
      auto arn = parse_oss_arn(r.value);
      if (arn && concrete(arn->bucket.text)) add_uses(uses, s, arn->bucket.text, *arn, principals);
    }
  }
  for (auto& u : uses) u.destination = true;
  return uses;
}

// ---------------------------------------------------------------- gaps

enum class Cover : std::uint8_t { NotApplicable, None, Partial, Full };

struct Coverage {
  Cover cover = Cover::NotApplicable;
  std::vector<std::string> lacking;  // for Partial
};

// The actions of a requirement row that count on a form: every action the
// pattern stands for ("both"), or those whose level is the form's ("level":
// bucket-level actions on the bucket ARN, object-level ones on <bucket>/*).
std::vector<OssAction> actions_on(const ActionNeed& n, Form f) {
  std::vector<OssAction> out;
  for (auto& a : expand_oss(n.action)) {
    bool fits = a.level == (f == Form::Bucket ? catalog::Level::Bucket : catalog::Level::Object);
    if (n.forms == Forms::Both || fits) out.push_back(std::move(a));
  }
  return out;
}

Coverage coverage(const Policy& p, const ActionNeed& n, const Use& u, Form f) {
  Coverage c;
  std::size_t relevant = 0, granted = 0;
  for (const auto& a : actions_on(n, f)) {
    ++relevant;
    if (allowed(p, a.name, u.bucket, f, u.principal))
      ++granted;
    else
      c.lacking.push_back(a.name);
  }
  if (relevant == 0) return c;
  c.cover = granted == 0 ? Cover::None : granted == relevant ? Cover::Full : Cover::Partial;
  return c;
}

// Are the actions that belong on form `fit` all allowed on form `on` (where
// they mean nothing)? Then the grant exists and only its form is wrong.
bool granted_on_other_form(const Policy& p, const ActionNeed& n, const Use& u, Form fit, Form on) {
  auto actions = actions_on(n, fit);
  return !actions.empty() && std::all_of(actions.begin(), actions.end(), [&](const OssAction& a) {
    return allowed(p, a.name, u.bucket, on, u.principal);
  });
}

Form other(Form f) { return f == Form::Bucket ? Form::Object : Form::Bucket; }

struct UseGaps {
  std::vector<std::string> none, gap_bucket, gap_object;
  std::vector<std::pair<std::string, std::vector<std::string>>> partial;
};

UseGaps classify(const Policy& p, const Use& u, const std::vector<const ActionNeed*>& req) {
  UseGaps g;
  for (const ActionNeed* n : req) {
    Coverage b = coverage(p, *n, u, Form::Bucket), o = coverage(p, *n, u, Form::Object);
    bool b_none = b.cover == Cover::None, o_none = o.cover == Cover::None;
    bool b_na = b.cover == Cover::NotApplicable, o_na = o.cover == Cover::NotApplicable;
    // A pattern whose actions all belong on one form, granted only on the
    // other: one gap, the missing form (not "not granted").
    if (b_na && o_none && granted_on_other_form(p, *n, u, Form::Object, Form::Bucket)) {
      g.gap_object.push_back(n->action);
    } else if (o_na && b_none && granted_on_other_form(p, *n, u, Form::Bucket, Form::Object)) {
      g.gap_bucket.push_back(n->action);
    } else if ((b_none || b_na) && (o_none || o_na)) {
      g.none.push_back(n->action);
    } else if (b_none && o.cover == Cover::Full) {
      // A form gap only when the other form has the whole pattern; a grant of
      // single actions (oss:PutObject on /* only) is a partial grant.
      g.gap_bucket.push_back(n->action);
    } else if (o_none && b.cover == Cover::Full) {
      g.gap_object.push_back(n->action);
    } else if (b.cover == Cover::Partial || o.cover == Cover::Partial) {
      std::vector<std::string> lacking = b.lacking;
      lacking.insert(lacking.end(), o.lacking.begin(), o.lacking.end());
      g.partial.emplace_back(n->action, std::move(lacking));
    }
  }
  return g;
}

// ReplicateDelete without ReplicatePut is replication/delete-granted's
// finding: the requirement check then leaves ReplicatePut out.
bool delete_without_put(const Policy& p, const Use& u) {
  auto any = [&](std::string_view action) {
    return allowed(p, action, u.bucket, Form::Bucket, u.principal) ||
           allowed(p, action, u.bucket, Form::Object, u.principal);
  };
  return any(kDelete) && !any(kPut);
}

// The side whose requirements a document that names no bucket lacks: the
// destination when the scenario has one, else the source.
std::string_view main_side(std::string_view scenario) {
  return needs(scenario, "destination", Need::Required).empty() ? "source" : "destination";
}

}  // namespace

// ---------------------------------------------------------------- helpers

bool is_write_item(const Str& x) {
  return is_replicate_item(x.value) &&
         (eval::wildcard_match(x.value, kPut, true) || eval::wildcard_match(x.value, kDelete, true));
}

std::vector<std::pair<std::string_view, const Str*>> buckets_of(const Statement& s) {
  std::vector<std::pair<std::string_view, const Str*>> out;
  for (const auto& r : s.resource.items)
    if (auto arn = parse_oss_arn(r.value); arn && concrete(arn->bucket.text)) out.emplace_back(arn->bucket.text, &r);
  return out;
}

// It is when another statement grants it only ReplicateList/ReplicateGet
// while w also names a bucket that no such statement names (the real
// destination). A policy that splits one destination's actions over two
// statements (List/Get, then Put/Delete) is not a match: its write statement
// names no other bucket.
const Statement* misplaced_in(const std::vector<const Statement*>& scope, const Statement& w, std::string_view bucket) {
  if (!names_bucket(w, bucket)) return nullptr;
  const Statement* reader = read_only_elsewhere(scope, bucket, &w);
  if (reader == nullptr) return nullptr;
  for (const auto& [other, item] : buckets_of(w))
    if (other != bucket && read_only_elsewhere(scope, other, &w) == nullptr) return reader;
  return nullptr;
}

// ---------------------------------------------------------------- facts

const Intent& Facts::intent() const {
  if (!intent_) intent_ = intent_of(policy_, settings_);
  return *intent_;
}

const ReplicationGrant& Facts::replication() const {
  if (!replication_) replication_ = replication_applies() ? analyze_replication(policy_, intent()) : ReplicationGrant{};
  return *replication_;
}

const std::vector<Use>& Facts::migration() const {
  if (!migration_) migration_ = migration_applies() ? analyze_migration(policy_, intent()) : std::vector<Use>{};
  return *migration_;
}

const std::vector<Gap>& Facts::gaps() const {
  if (gaps_) return *gaps_;
  gaps_.emplace();
  std::vector<Gap>& out = *gaps_;
  const Intent& in = intent();
  bool replication = replication_applies();
  if (!replication && !migration_applies()) return out;
  const Policy& p = policy_;
  const std::string& scenario = in.scenario->name;
  const std::vector<Use>& uses = replication ? this->replication().uses : migration();

  if (uses.empty()) {
    if (!in.declared) return out;
    // Nothing named a bucket: is everything required allowed anyway (e.g. on "*")?
    Use any{"any-bucket", "", nullptr, {}, true};
    Gap g;
    g.type = Gap::Type::NoBucket;
    for (const auto* n : needs(scenario, main_side(scenario), Need::Required)) {
      Coverage b = coverage(p, *n, any, Form::Bucket), o = coverage(p, *n, any, Form::Object);
      auto lacks = [](const Coverage& c) { return c.cover == Cover::None || c.cover == Cover::Partial; };
      if (lacks(b) || lacks(o)) g.actions.push_back(n->action);
    }
    if (!g.actions.empty()) out.push_back(std::move(g));
    return out;
  }

  struct Done {
    const Statement* anchor;
    std::string bucket;
    UseGaps gaps;
  };
  std::vector<Done> done;
  for (const Use& u : uses) {
    auto req = needs(scenario, u.destination ? "destination" : "source", Need::Required);
    if (replication && u.destination && !replication_source_only() && delete_without_put(p, u))
      std::erase_if(req, [](const ActionNeed* n) { return iequals(n->action, kPut); });
    UseGaps g = classify(p, u, req);
    // Several principals of one statement with the same gaps: one root cause.
    bool repeated = std::any_of(done.begin(), done.end(), [&](const Done& x) {
      return x.anchor == u.anchor && x.bucket == u.bucket && x.gaps.none == g.none &&
             x.gaps.gap_bucket == g.gap_bucket && x.gaps.gap_object == g.gap_object;
    });
    done.push_back(Done{u.anchor, u.bucket, g});
    if (repeated) continue;

    if (!g.none.empty()) {
      Gap m;
      m.type = Gap::Type::Missing;
      m.use = &u;
      m.actions = g.none;
      out.push_back(std::move(m));
    }
    for (auto& [pattern, lacking] : g.partial) {
      Gap m;
      m.type = Gap::Type::Partial;
      m.use = &u;
      m.actions = {pattern};
      m.lacking = lacking;
      out.push_back(std::move(m));
    }
    for (Form missing : {Form::Bucket, Form::Object}) {
      const auto& actions = missing == Form::Bucket ? g.gap_bucket : g.gap_object;
      if (actions.empty()) continue;
      Gap m;
      m.type = Gap::Type::Form;
      m.use = &u;
      m.actions = actions;
      m.missing = missing;
      m.present = form_item(*u.anchor, u.bucket, other(missing));
      m.narrow = missing == Form::Object ? narrower_object(p, actions.front(), u.bucket) : nullptr;
      m.missing_arn = m.present != nullptr ? form_arn(*parse_oss_arn(m.present->value), missing) : u.arn(missing);
      out.push_back(std::move(m));
    }
  }
  return out;
}

namespace {

// The expansions a thread has made, for every document it lints after: the
// same patterns (oss:Get*, ecs:Describe*) come back in document after
// document, and Catalog::expand walks the catalog's range for each. Entries
// are never removed (references to them stay valid); the cache stops growing
// at kMaxPatterns patterns or kMaxActions actions in all, and keeps no
// pattern longer than kMaxLength, so hostile documents cannot make it large.
class ExpansionCache {
public:
  static constexpr std::size_t kMaxPatterns = 4096, kMaxActions = std::size_t{1} << 20, kMaxLength = 128;
  using Actions = std::vector<const catalog::Action*>;

  const Actions* find(std::string_view pattern) const {
    auto it = map_.find(pattern);
    return it == map_.end() ? nullptr : &it->second;
  }
  // Keeps the expansion when the bounds allow; nullptr (and actions left
  // as they are) when they do not.
  const Actions* add(std::string_view pattern, Actions& actions) {
    if (map_.size() >= kMaxPatterns || pattern.size() > kMaxLength || actions_ + actions.size() > kMaxActions)
      return nullptr;
    actions_ += actions.size();
    return &map_.emplace(std::string(pattern), std::move(actions)).first->second;
  }

private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, Actions, Hash, std::equal_to<>> map_;
  std::size_t actions_ = 0;
};

}  // namespace

const std::vector<const catalog::Action*>& Facts::expand(std::string_view action) const {
  thread_local ExpansionCache cache;
  if (const auto* known = cache.find(action)) return *known;
  auto it = expanded_.find(action);
  if (it != expanded_.end()) return it->second;
  auto actions = catalog::get().expand(action);
  if (const auto* kept = cache.add(action, actions)) return *kept;
  return expanded_.emplace(std::string(action), std::move(actions)).first->second;
}

}  // namespace rules
}  // namespace policylint
