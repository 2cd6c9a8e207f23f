// Rules of the "bucket" family: OSS bucket policies as a whole — which bucket
// and which accounts they name (PRN-03, BKT-02) and what writing one replaces
// (BKT-01).
#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "eval/pattern_index.hpp"
#include "facts.hpp"
#include "families.hpp"
#include "model/arn.hpp"
#include "policylint/catalog.hpp"
#include "policylint/eval.hpp"
#include "util.hpp"

namespace policylint::rules {

namespace {

bool zh(const Context& ctx) { return ctx.settings.lang == Lang::Zh; }

// A value English writes as it is: quoted in Chinese (a sentence in Chinese
// never holds a bare English word).
std::string code(const Context& ctx, std::string_view v) { return zh(ctx) ? quote(v) : std::string(v); }

// "a, b, c" / "a、b、c".
std::string list_sep(const Context& ctx) { return zh(ctx) ? "、" : ", "; }

// The account and bucket of an OSS ARN "acs:oss:<region>:<account>:<bucket>[/<key>]",
// as model::parse_oss_arn reads them (scheme "acs" as written, service "oss"
// in any case, a non-empty bucket), without building the whole model::OssArn:
// the bucket rules look at these two fields of every Resource item.
struct OssItem {
  const Str* item = nullptr;
  std::string_view account;
  std::string_view bucket;
  std::uint32_t account_offset = 0;  // in the value
  bool numeric_owner = false;        // all_digits(account)
};

// The account IDs (16 digits) of every Resource item and principal are
// tested eight bytes at a time, the rest byte by byte. The word test looks at
// each byte alone, so the byte order does not matter.
constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
constexpr std::uint64_t kNibbles = 0xF0F0F0F0F0F0F0F0ULL;

std::uint64_t word_at(std::string_view v, std::size_t i) {
  std::uint64_t w = 0;
  std::memcpy(&w, v.data() + i, sizeof w);
  return w;
}

// Are all eight bytes ASCII digits, 0x30 to 0x39? Each byte is 0x3_, and
// adding 6 to its low half does not carry into the high one (no carry can
// cross bytes either once every high half is 3).
constexpr bool digits8(std::uint64_t w) {
  return (w & kNibbles) == kOnes * 0x30 && ((w + kOnes * 6) & kNibbles) == kOnes * 0x30;
}

using util::is_digit;

// a == b, a word at a time: accounts and bucket names are compared with the
// first one of the document for every Resource item (the last word may
// overlap the one before it; a library call costs more than these names).
bool same_text(std::string_view a, std::string_view b) {
  const std::size_t n = a.size();
  if (n != b.size()) return false;
  if (n < 8) return a == b;
  for (std::size_t i = 0; i + 8 < n; i += 8)
    if (word_at(a, i) != word_at(b, i)) return false;
  return word_at(a, n - 8) == word_at(b, n - 8);
}

// util::all_digits, a word at a time (account IDs are 16 digits).
bool digits_only(std::string_view v) {
  std::size_t i = 0;
  while (i + 8 <= v.size() && digits8(word_at(v, i))) i += 8;
  while (i < v.size() && is_digit(v[i])) ++i;
  return !v.empty() && i == v.size();
}

// Reads item as an OSS ARN into out; false when it is none.
bool read_oss_item(const Str& item, OssItem& out) {
  std::string_view v = item.value;
  const std::size_t n = v.size();
  // "acs:oss:" with the service in any case, as one word: setting bit 0x20
  // of a letter lower-cases it, and only 'O' and 'o' (or 'S' and 's') give
  // 'o' (or 's') that way.
  constexpr auto kHead = std::bit_cast<std::uint64_t>(std::array<char, 8>{'a', 'c', 's', ':', 'o', 's', 's', ':'});
  constexpr auto kFold = std::bit_cast<std::uint64_t>(std::array<char, 8>{0, 0, 0, 0, 0x20, 0x20, 0x20, 0});
  if (n < 8 || (word_at(v, 0) | kFold) != kHead) return false;
  // The region ("*" or a short name) ends at the next ':'.
  std::size_t i = 8;
  while (i < n && v[i] != ':') ++i;
  if (i == n) return false;
  // The account: whole words of digits hold no ':'.
  const std::size_t account = ++i;
  while (i + 8 <= n && digits8(word_at(v, i))) i += 8;
  bool digits = true;
  for (; i < n && v[i] != ':'; ++i) digits = digits & is_digit(v[i]);
  if (i == n) return false;  // fewer than five fields
  // The bucket, up to the first '/'.
  const std::size_t bucket = ++i;
  if (bucket == n) return false;  // no bucket name
  const void* slash = std::memchr(v.data() + bucket, '/', n - bucket);
  const std::size_t end = slash != nullptr ? static_cast<const char*>(slash) - v.data() : n;
  if (end == bucket) return false;  // no bucket name
  out.item = &item;
  out.account = std::string_view(v.data() + account, bucket - 1 - account);
  out.bucket = std::string_view(v.data() + bucket, end - bucket);
  out.account_offset = static_cast<std::uint32_t>(account);
  out.numeric_owner = digits && bucket - 1 > account;
  return true;
}

// A numeric account a statement's Principal names. Only the role-session
// form "arn:sts::<uid>:..." names an account for certain: a bare number may
// be a RAM user ID (policy-language.md 5.2).
struct PrincipalAccount {
  Str value;  // the account ID, at the principal's node
  bool bare = false;
};

// The account of "arn:sts::<uid>:<resource>" when it is all digits (as
// model::principal_account reads it: the ARN needs all five fields).
std::optional<std::string_view> sts_account(std::string_view v) {
  constexpr std::string_view kHead = "arn:sts::";
  if (v.size() <= kHead.size() || v[0] != 'a' || v.substr(0, kHead.size()) != kHead) return std::nullopt;
  std::size_t end = v.find(':', kHead.size());
  if (end == std::string_view::npos || !digits_only(v.substr(kHead.size(), end - kHead.size()))) return std::nullopt;
  return v.substr(kHead.size(), end - kHead.size());
}

// What the bucket rules read of each statement, found once per document
// for all of them (Facts::shared): its OSS ARNs and its principals' numeric
// accounts, each list in document order, with each statement's range in it.
struct BucketFacts {
  struct First {
    std::uint32_t resource = 0, account = 0;
  };
  DocVector<OssItem> resources;
  DocVector<PrincipalAccount> accounts;
  DocVector<First> first;  // per statement, plus one past the last

  std::span<const OssItem> resources_of(std::size_t statement) const {
    return std::span<const OssItem>(resources).subspan(first[statement].resource,
                                                       first[statement + 1].resource - first[statement].resource);
  }
  std::span<const PrincipalAccount> accounts_of(std::size_t statement) const {
    return std::span<const PrincipalAccount>(accounts).subspan(first[statement].account,
                                                               first[statement + 1].account - first[statement].account);
  }
};

BucketFacts bucket_facts(const Policy& p) {
  BucketFacts out;
  std::size_t resources = 0, principals = 0;
  for (const Statement& s : p.statements) {
    resources += s.resource.items.size();
    for (const auto& e : s.principal.entries) principals += e.values.items.size();
  }
  out.resources.reserve(resources);
  out.accounts.reserve(principals);
  out.first.reserve(p.statements.size() + 1);
  for (const Statement& s : p.statements) {
    out.first.push_back(
        {static_cast<std::uint32_t>(out.resources.size()), static_cast<std::uint32_t>(out.accounts.size())});
    for (const Str& r : s.resource.items)
      if (OssItem o; read_oss_item(r, o)) out.resources.push_back(o);
    for (const auto& e : s.principal.entries)
      for (const Str& v : e.values.items) {
        if (auto uid = sts_account(v.value))
          out.accounts.push_back({Str{*uid, v.node}, false});
        else if (digits_only(v.value))  // never an "arn:sts::" value
          out.accounts.push_back({v, true});
      }
  }
  out.first.push_back(
      {static_cast<std::uint32_t>(out.resources.size()), static_cast<std::uint32_t>(out.accounts.size())});
  return out;
}

const BucketFacts& facts_of(const Context& ctx) {
  return ctx.facts().shared<BucketFacts>([&] { return bucket_facts(ctx.policy); });
}

bool only_replicate_actions(const Statement& s) {
  if (!s.action.present() || s.action.items.empty()) return false;
  for (const Str& a : s.action.items)
    if (!is_replicate_item(a.value)) return false;
  return true;
}

// bucket/swapped-accounts
void swapped_accounts(const Context& ctx) {
  const std::string& own = ctx.settings.account;
  const BucketFacts& b = facts_of(ctx);
  for (std::size_t i = 0; i < ctx.policy.statements.size(); ++i) {
    const Statement& s = ctx.policy.statements[i];
    auto principals = b.accounts_of(i);
    if (principals.empty()) continue;
    auto resources = b.resources_of(i);
    // The Resource names the principal's account as the bucket owner.
    const OssItem* hit = nullptr;
    const Str* by = nullptr;
    // The first resource whose account is a principal's (not ours), with the
    // first such principal: pairwise for short lists, else through a map of
    // each account's first principal (a statement may list 100 000 of each).
    auto qualifies = [&](const PrincipalAccount& p) { return own.empty() || p.value.value != own; };
    if (resources.size() * principals.size() <= 256) {
      for (const OssItem& r : resources) {
        for (const PrincipalAccount& p : principals)
          if (same_text(r.account, p.value.value) && qualifies(p)) {
            hit = &r, by = &p.value;
            break;
          }
        if (hit != nullptr) break;
      }
    } else {
      std::unordered_map<std::string_view, const Str*> first_of;
      for (const PrincipalAccount& p : principals)
        if (qualifies(p)) first_of.emplace(p.value.value, &p.value);
      for (const OssItem& r : resources)
        if (auto it = first_of.find(r.account); it != first_of.end()) {
          hit = &r, by = it->second;
          break;
        }
    }
    if (hit != nullptr && (!own.empty() || only_replicate_actions(s))) {
      Finding& f = ctx.report("bucket/swapped-accounts", hit->item->node->span,
                              msg(own.empty() ? "bucket/swapped-accounts" : "bucket/swapped-accounts.own",
                                  {{"resource", quote(hit->item->value)}, {"account", by->value}, {"own", own}}));
      f.related.push_back(
          {by->node->span, ctx.tr(msg("bucket/swapped-accounts.related-principal", {{"account", by->value}})), {}});
      // Without --account this may be a same-account policy (the cross-account
      // replication shape only hints at the swap), unless the scenario was
      // declared cross-account: then the accounts differ, but whether OSS
      // compares the Resource's account segment is not documented.
      if (own.empty()) {
        const Intent& intent = ctx.facts().intent();
        if (intent.declared && intent.is("replication-dest-bucket-policy"))
          f.severity = Severity::Warning;
        else
          mark_uncertain(f);
      }
      continue;
    }
    if (own.empty()) continue;
    // The Principal is the owner's own account and the Resource names another.
    bool all_own = std::all_of(principals.begin(), principals.end(),
                               [&](const PrincipalAccount& p) { return p.value.value == own; });
    if (!all_own) continue;
    for (const OssItem& r : resources) {
      std::string_view owner = r.account;
      if (!r.numeric_owner || owner == own) continue;
      Finding& f = ctx.report("bucket/swapped-accounts", principals.front().value.node->span,
                              msg("bucket/swapped-accounts.principal", {{"own", own}, {"account", owner}}));
      f.related.push_back(
          {r.item->node->span, ctx.tr(msg("bucket/swapped-accounts.related-resource", {{"account", owner}})), {}});
      break;
    }
  }
}

// bucket/owner-wildcard
void owner_wildcard(const Context& ctx) {
  const std::string& own = ctx.settings.account;
  const BucketFacts& b = facts_of(ctx);
  for (std::size_t i = 0; i < ctx.policy.statements.size(); ++i) {
    const Statement& s = ctx.policy.statements[i];
    if (!s.allows()) continue;
    // The accounts of role-session principals (a bare number may be a user).
    const Str* first = nullptr;
    bool cross = false;
    for (const PrincipalAccount& p : b.accounts_of(i)) {
      if (p.bare) continue;
      if (first == nullptr) first = &p.value;
      cross = cross || p.value.value != own;
    }
    if (!cross) continue;
    std::vector<const OssItem*> wild;
    for (const OssItem& r : b.resources_of(i))
      if (r.account == "*") wild.push_back(&r);
    if (wild.empty()) continue;
    Finding& f = ctx.report(
        "bucket/owner-wildcard", wild.front()->item->node->span,
        msg("bucket/owner-wildcard", {{"resource", quote(wild.front()->item->value)}, {"account", first->value}}));
    if (!own.empty()) {
      // Safe: a bucket policy only ever governs its own bucket, which belongs
      // to the owner, so naming the owner instead of "*" grants the same.
      Fix fix{ctx.tr(msg("bucket/owner-wildcard.fix", {{"own", own}})), true, {}};
      for (const OssItem* r : wild) {
        // Offsets in the decoded value are offsets in the file only when the
        // string has no escapes; otherwise offer no fix.
        const json::Node* n = r->item->node;
        if (ctx.text(n->span) != "\"" + std::string(n->text) + "\"") {
          fix.edits.clear();
          break;
        }
        auto at = n->span.begin + 1 + static_cast<std::uint32_t>(r->account_offset);
        fix.edits.push_back(Edit{Span{at, at + 1}, own});
      }
      if (!fix.edits.empty()) f.fix = std::move(fix);
    }
  }
}

// The first resource naming a second distinct bucket (or owner), with the
// first resource naming the first one. The rule's messages: id, id.first
// and id.another.
// field(r) is the value of a resource, counted when counts(r).
template <typename Field, typename Counts>
void report_several(const Context& ctx, std::string_view id, Field field, Counts counts) {
  // Distinct values with their first occurrence. Most policies name one
  // value: the list is made only when a second one appears, and a repeat of
  // the first (which counts) is passed over before counts() is asked.
  std::pair<std::string_view, const Str*> first{};
  std::vector<std::pair<std::string_view, const Str*>> seen;
  std::unordered_set<std::string_view> many;
  for (const OssItem& r : facts_of(ctx).resources) {
    std::string_view v = field(r);
    if (first.second != nullptr && same_text(v, first.first)) continue;
    if (v.empty() || !counts(r)) continue;
    if (first.second == nullptr) {
      first = {v, r.item};
      continue;
    }
    if (seen.empty()) seen.push_back(first);
    // Pairwise while short, then through a hash set of the values (views
    // into the document): a policy may name 100 000 buckets.
    bool known;
    if (seen.size() < 16) {
      known = std::any_of(seen.begin(), seen.end(), [&](const auto& e) { return e.first == v; });
    } else {
      if (many.empty())
        for (const auto& e : seen) many.insert(e.first);
      known = !many.insert(v).second;
    }
    if (!known) seen.push_back({v, r.item});
  }
  if (seen.size() < 2) return;
  std::string others;
  for (std::size_t i = 1; i < seen.size(); ++i) others += (i > 1 ? list_sep(ctx) : "") + quote(seen[i].first);
  Finding& f =
      ctx.report(id, seen[1].second->node->span, msg(id, {{"first", quote(seen[0].first)}, {"others", others}}));
  const std::string first_id = std::string(id) + ".first", another = std::string(id) + ".another";
  f.related.push_back({seen[0].second->node->span, ctx.tr(msg(first_id)), {}});
  for (std::size_t i = 2; i < seen.size(); ++i)
    f.related.push_back({seen[i].second->node->span, ctx.tr(msg(another)), {}});
}

// bucket/multiple-buckets
void multiple_buckets(const Context& ctx) {
  // Wildcard names ("*", "logs-*") may stand for the bucket itself.
  report_several(
      ctx, "bucket/multiple-buckets", [](const OssItem& r) { return r.bucket; },
      [](const OssItem& r) { return !has_wildcard(r.bucket); });
}

// bucket/multiple-owners
void multiple_owners(const Context& ctx) {
  report_several(
      ctx, "bucket/multiple-owners", [](const OssItem& r) { return r.account; },
      [](const OssItem& r) { return r.numeric_owner; });
}

// ---- Overwrite (BKT-01) ----------------------------------------------------

// One element (Action/NotAction, Resource/NotResource, Principal) as a set.
struct Elem {
  bool present = false;
  bool negated = false;  // NotAction / NotResource: everything except items
  std::vector<std::string_view> items;
};

Elem action_elem(const Statement& s) {
  const StrList& l = s.actions();
  Elem e{l.present(), !s.action.present() && s.not_action.present(), {}};
  for (const Str& x : l.items) e.items.push_back(x.value);
  return e;
}

Elem resource_elem(const Statement& s) {
  const StrList& l = s.resources();
  Elem e{l.present(), !s.resource.present() && s.not_resource.present(), {}};
  for (const Str& x : l.items) e.items.push_back(x.value);
  return e;
}

Elem principal_elem(const Statement& s) {
  Elem e{s.principal.present(), false, {}};
  for (const Str& x : s.principal.all()) e.items.push_back(x.value);
  if (e.present && e.items.empty()) e.items.push_back("*");  // [] means everyone
  return e;
}

// The old statement is probed value by value (and "all but" for a Not*
// element or a missing one), and each probe may be covered by a different new
// statement: a finer question than eval's whole-statement actions_subset and
// friends, answered with eval's pattern relations. Principals are compared as
// plain strings whatever their key (bucket policies have one kind).

// Does t cover "everything except excluded"?
bool covers_all_but(const Elem& t, const std::vector<std::string_view>& excluded, bool ci) {
  if (!t.present) return true;
  if (!t.negated) return std::find(t.items.begin(), t.items.end(), "*") != t.items.end();
  return std::all_of(t.items.begin(), t.items.end(), [&](auto x) {
    return std::any_of(excluded.begin(), excluded.end(), [&](auto e) { return eval::pattern_covers(e, x, ci); });
  });
}

// The probes of an element: each listed value, or one "all but" probe.
struct Probe {
  bool all_but = false;
  std::string_view value;
};

std::vector<Probe> probes(const Elem& e) {
  if (!e.present || e.negated) return {Probe{true, {}}};
  std::vector<Probe> out;
  for (auto v : e.items) out.push_back({false, v});
  return out;
}

// Canonical text of each condition entry: operator, key, sorted values.
std::vector<std::string> condition_set(const Statement& s) {
  std::vector<std::string> out;
  for (const auto& c : s.conditions) {
    std::vector<std::string_view> values;
    for (const Str& v : c.values) values.push_back(v.value);
    std::sort(values.begin(), values.end());
    std::string e = std::string(c.op_name) + "\n" + std::string(c.key_name);
    for (auto v : values) e += "\n" + std::string(v);
    out.push_back(std::move(e));
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The level of a documented OSS action (Level::None when unknown or a pattern).
catalog::Level oss_level(std::string_view action) {
  const catalog::Action* a = catalog::get().find(action);
  return a != nullptr && a->service == "oss" ? a->level : catalog::Level::None;
}

// An object-level OSS action on a bucket ARN, or a bucket-level one on an
// object ARN, never matches a request (oss-actions.md): such a pair of the old
// statement is no access to lose. The classes of the two probes tell: an
// action as the level of its OSS action (0: neither, 1: object, 2: bucket), a
// resource as its OSS ARN (0: neither, 1: an object ARN, 2: a bucket ARN).
int action_class(const Probe& a) {
  if (a.all_but) return 0;
  catalog::Level level = oss_level(a.value);
  return level == catalog::Level::Object ? 1 : level == catalog::Level::Bucket ? 2 : 0;
}

int resource_class(const Probe& r) {
  if (r.all_but) return 0;
  auto arn = model::parse_oss_arn(r.value);
  return !arn ? 0 : arn->has_key ? 1 : 2;
}

// One element of a new statement with its items indexed (case folded for
// actions): a literal probe is found at once, wildcard items through their
// runs and edges when there are many (eval::PatternIndex).
struct Indexed {
  Elem elem;
  eval::PatternIndex index;
};

Indexed indexed(Elem e, bool ci) {
  eval::PatternIndex index(e.items, ci);
  return Indexed{std::move(e), std::move(index)};
}

// Does t cover every string probe p of s stands for? A value or pattern:
// some item of a listed t covers it, no item of a negated t overlaps it,
// both looked up in t's index. "All but s": covers_all_but, with s's items
// looked up in excluded (indexed as a listed element) when t is negated
// too: t covers "all but s" when each of t's items is covered by one of s's.
bool covers(const Indexed& t, const Elem& s, const Probe& p, bool ci, const Indexed* excluded = nullptr) {
  if (!t.elem.present) return true;
  if (!p.all_but) return t.elem.negated ? !t.index.overlaps(p.value) : t.index.covers(p.value);
  if (excluded != nullptr && t.elem.negated)
    return std::all_of(t.elem.items.begin(), t.elem.items.end(),
                       [&](std::string_view x) { return excluded->index.covers(x); });
  return covers_all_but(t.elem, s.present ? s.items : std::vector<std::string_view>{}, ci);
}

// The new policy as has_equivalent asks it, built once for all the old
// statements: each statement's conditions and indexed elements, and per
// element the statements that may cover a probe, found by the probe's value.
struct NewStatement {
  const Statement* statement;
  std::vector<std::string> conditions;  // condition_set
  Indexed action, resource, principal;
};

// The statements that may cover a probe of one element: those with the
// probe among their literal items, those with a wildcard item that may cover
// it (found by the item's literal runs, eval::RunIndex), and the "open" ones
// (element absent or negated), which may cover any value. Before round 7 every
// statement with a wildcard item was open: 1 000 statements each granting a
// principal pattern on a resource pattern were each compared with all.
struct Lookup {
  std::unordered_map<std::string, std::vector<std::uint32_t>> literal;
  std::vector<std::uint32_t> open;
  // The statements with a wildcard item; those items and the statement of
  // each (until finish() files them by their runs).
  std::vector<std::uint32_t> wild_statements;
  std::vector<std::string_view> wild;
  std::vector<std::uint32_t> wild_owner;
  std::optional<eval::OwnerRunIndex> runs;
  mutable std::vector<std::uint32_t> found;  // scratch of lists()

  void add(std::uint32_t t, const Indexed& e, bool ci) {
    if (!e.elem.present || e.elem.negated) {
      open.push_back(t);
      return;
    }
    if (e.index.has_wildcard_item()) {
      wild_statements.push_back(t);
      for (std::string_view x : e.elem.items)
        if (has_wildcard(x)) wild.push_back(x), wild_owner.push_back(t);
    }
    e.index.each_literal([&](std::string_view x) { literal[ci ? util::to_lower(x) : std::string(x)].push_back(t); });
  }
  // Call once after the last add(). The runs are indexed only when there
  // are enough wildcard statements to choose from (one statement of 100 000
  // wildcard ARNs would be indexed twice, for nothing).
  void finish(bool ci, std::size_t statements) {
    if (wild_statements.size() >= eval::PatternIndex::kIndexFrom)
      runs.emplace(wild, std::move(wild_owner), statements, ci);
    wild = {}, wild_owner = {};
  }
  // The lists of the statements that may cover some probe of own (a
  // statement may be in several); nullopt when any may (an "all but" probe).
  std::optional<std::vector<const std::vector<std::uint32_t>*>> lists(const Elem& own, bool ci) const {
    if (!own.present || own.negated) return std::nullopt;
    std::vector<const std::vector<std::uint32_t>*> out{&open};
    for (std::string_view v : own.items) {
      if (has_wildcard(v)) continue;  // only a wildcard item covers a pattern
      auto it = literal.find(ci ? util::to_lower(v) : std::string(v));
      if (it != literal.end()) out.push_back(&it->second);
    }
    if (!runs) {
      out.push_back(&wild_statements);
    } else {
      // The wildcard statements by their runs; all of them once that has
      // cost as much as their list (lookups that find most items).
      found.clear();
      const bool complete = runs->owners(own.items, 4 * (wild_statements.size() + own.items.size()), found);
      out.push_back(complete ? &found : &wild_statements);
    }
    return out;
  }
};

// May t's element cover some probe of own, as Lookup::lists would find t?
bool may_cover(const Indexed& t, const Elem& own) {
  if (!own.present || own.negated || !t.elem.present || t.elem.negated || t.index.has_wildcard_item()) return true;
  return std::any_of(own.items.begin(), own.items.end(),
                     [&](std::string_view v) { return !has_wildcard(v) && t.index.has_literal(v); });
}

struct NewPolicy {
  std::vector<NewStatement> statements;
  Lookup action, resource, principal;
  // Scratch for gathering an old statement's candidates each once: the
  // number of the old statement that last took statement i.
  mutable std::vector<std::uint32_t> taken;
  mutable std::uint32_t round = 0;

  explicit NewPolicy(const Policy& now) {
    statements.reserve(now.statements.size());
    for (const Statement& t : now.statements) {
      auto i = static_cast<std::uint32_t>(statements.size());
      statements.push_back({&t, condition_set(t), indexed(action_elem(t), true), indexed(resource_elem(t), false),
                            indexed(principal_elem(t), false)});
      action.add(i, statements.back().action, true);
      resource.add(i, statements.back().resource, false);
      principal.add(i, statements.back().principal, false);
    }
    action.finish(true, statements.size());
    resource.finish(false, statements.size());
    principal.finish(false, statements.size());
  }
};

// Is every probe of old (each action x resource x principal, but the
// meaningless pairs) granted by some one statement of now: of the same
// effect, applying at least wherever old did (no condition of its own that
// old lacked), covering the three probes? A statement grants
// the product of the probes it covers in each element, so each probe is
// described by the set of statements that cover it (a bit per statement), and
// probes with the same set and class are tested once: a triple is granted
// when its three sets share a statement. Testing every triple against every
// statement took a·r·p·n steps (an old statement of 40 actions, resources and
// principals: 0.6 s). A statement that covers no probe of some element
// takes part in no triple: only those the three lookups all return are
// looked at, so that old statements each matched by a few new ones cost
// time in proportion to those (1 000 old and 1 000 new statements, one
// account each: over a second when every new statement was indexed again
// for every old one).
bool has_equivalent(const Statement& old, const NewPolicy& now) {
  using Bits = std::vector<std::uint64_t>;
  const auto sc = condition_set(old);
  const Elem oa = action_elem(old), orr = resource_elem(old), op = principal_elem(old);
  // The statements that may cover a probe of every element: the shortest of
  // the three lookups' answers, each statement of it tested for the other two
  // elements (a long answer, such as every statement granting one action, is
  // never gathered).
  struct Side {
    const Lookup& lookup;
    const Elem& own;
    bool ci;
    Indexed NewStatement::*elem;
    std::optional<std::vector<const std::vector<std::uint32_t>*>> lists;
    std::size_t size = SIZE_MAX;
  };
  Side sides[] = {{now.principal, op, false, &NewStatement::principal, {}},
                  {now.resource, orr, false, &NewStatement::resource, {}},
                  {now.action, oa, true, &NewStatement::action, {}}};
  Side* best = nullptr;
  for (Side& side : sides) {
    side.lists = side.lookup.lists(side.own, side.ci);
    if (!side.lists) continue;
    side.size = 0;
    for (const auto* l : *side.lists) side.size += l->size();
    if (best == nullptr || side.size < best->size) best = &side;
  }
  // Of those, the statements that may grant anything of old: same effect, no
  // condition of their own that old lacked.
  std::vector<const NewStatement*> able;
  auto consider = [&](const NewStatement& t) {
    if (t.statement->effect != old.effect) return;
    for (const Side& side : sides)
      if (&side != best && !may_cover(t.*side.elem, side.own)) return;
    if (std::includes(sc.begin(), sc.end(), t.conditions.begin(), t.conditions.end())) able.push_back(&t);
  };
  if (best != nullptr) {
    // Each statement once (a statement may hold several of old's values),
    // then in document order.
    if (now.taken.empty()) now.taken.assign(now.statements.size(), 0);
    const std::uint32_t round = ++now.round;
    std::vector<std::uint32_t> cand;
    for (const auto* l : *best->lists)
      for (std::uint32_t i : *l)
        if (now.taken[i] != round) now.taken[i] = round, cand.push_back(i);
    std::sort(cand.begin(), cand.end());
    for (std::uint32_t i : cand) consider(now.statements[i]);
  } else {
    for (const NewStatement& t : now.statements) consider(t);
  }
  const std::size_t words = (able.size() + 63) / 64;
  // The distinct (class, statements covering it) of the probes of one element.
  auto groups = [&](const Elem& own, Indexed NewStatement::*elem, bool ci, auto class_of) {
    std::vector<std::pair<int, Bits>> out;
    // A negated element's items, looked up for each negated one of now
    // (each item of each against each of these took seconds for thousands).
    std::optional<Indexed> excluded;
    if (own.present && own.negated && own.items.size() >= eval::PatternIndex::kIndexFrom)
      excluded = indexed(Elem{true, false, own.items}, ci);
    for (const Probe& p : probes(own)) {
      Bits bits(words, 0);
      for (std::size_t t = 0; t < able.size(); ++t)
        if (covers(able[t]->*elem, own, p, ci, excluded ? &*excluded : nullptr))
          bits[t / 64] |= std::uint64_t{1} << (t % 64);
      out.emplace_back(class_of(p), std::move(bits));
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  };
  auto none = [](const Probe&) { return 0; };
  auto ga = groups(oa, &NewStatement::action, true, action_class);
  auto gr = groups(orr, &NewStatement::resource, false, resource_class);
  auto gp = groups(op, &NewStatement::principal, false, none);
  Bits both(words);
  for (const auto& [ca, ba] : ga)
    for (const auto& [cr, br] : gr) {
      // A meaningless pair (see action_class).
      if ((ca == 1 && cr == 2) || (ca == 2 && cr == 1)) continue;
      for (std::size_t w = 0; w < words; ++w) both[w] = ba[w] & br[w];
      for (const auto& principal : gp) {
        bool shared = false;
        for (std::size_t w = 0; w < words && !shared; ++w) shared = (both[w] & principal.second[w]) != 0;
        if (!shared) return false;
      }
    }
  return true;
}

std::string list_of(const Context& ctx, std::span<const Str> items, std::size_t max) {
  std::string out;
  for (std::size_t i = 0; i < items.size() && i < max; ++i)
    out += (i > 0 ? list_sep(ctx) : "") + code(ctx, items[i].value);
  if (items.size() > max)
    out = ctx.tr(msg("bucket/statement-dropped.more", {{"list", out}, {"n", items.size() - max}}));
  return out;
}

// How a message names a statement: its Sid, effect, actions and principals.
std::string describe(const Context& ctx, const Statement& s) {
  std::string name = s.sid != nullptr && s.sid->value->is_string()
                         ? ctx.tr(msg("bucket/statement-dropped.sid", {{"sid", quote(s.sid->value->text)}}))
                         : ctx.tr(msg("bucket/statement-dropped.nth", {{"n", s.index + 1}}));
  std::string grant = ctx.tr(msg(s.denies()   ? "bucket/statement-dropped.effect-deny"
                                 : s.allows() ? "bucket/statement-dropped.effect-allow"
                                              : "bucket/statement-dropped.effect-none"));
  const StrList& actions = s.actions();
  if (!actions.items.empty())
    grant = ctx.tr(msg(s.action.present() ? "bucket/statement-dropped.actions" : "bucket/statement-dropped.all-but",
                       {{"effect", grant}, {"actions", list_of(ctx, actions.items, 3)}}));
  auto principals = s.principal.all();
  if (!principals.empty())
    grant = ctx.tr(msg("bucket/statement-dropped.to", {{"grant", grant}, {"principals", list_of(ctx, principals, 2)}}));
  return ctx.tr(msg("bucket/statement-dropped.statement", {{"statement", name}, {"grant", grant}}));
}

// The compared version as a message names it: the ref or file, quoted in
// Chinese; "the previous version" when it has no name.
std::string previous_name(const Context& ctx) {
  if (ctx.settings.previous_label.empty()) return ctx.tr(msg("bucket.previous-version"));
  return code(ctx, ctx.settings.previous_label);
}

Span statement_anchor(const Policy& p) {
  const json::Node* arr = p.statement_member != nullptr ? p.statement_member->value : p.root;
  return Span{arr->span.begin, arr->span.begin + 1};
}

// bucket/statement-dropped
void statement_dropped(const Context& ctx) {
  const Policy* prev = ctx.settings.previous;
  if (prev == nullptr || ctx.policy.root == nullptr) return;
  std::string label =
      ctx.settings.previous_label.empty() ? ctx.tr(msg("bucket.previous-version")) : ctx.settings.previous_label;
  std::optional<NewPolicy> now;  // built at the first old statement that needs it
  for (const Statement& old : prev->statements) {
    if (old.node == nullptr || !old.node->is_object() || (!old.allows() && !old.denies())) continue;
    if (!now) now.emplace(ctx.policy);
    if (has_equivalent(old, *now)) continue;
    Finding& f = ctx.report("bucket/statement-dropped", statement_anchor(ctx.policy),
                            msg(old.denies() ? "bucket/statement-dropped.deny" : "bucket/statement-dropped",
                                {{"statement", describe(ctx, old)}}));
    std::string where = ctx.tr(msg("bucket/statement-dropped.related"));
    if (ctx.settings.previous_source != nullptr) {
      Position pos = ctx.settings.previous_source->position(old.node->span.begin);
      where = ctx.tr(msg("bucket/statement-dropped.related-at", {{"line", pos.line}, {"column", pos.column}}));
    }
    f.related.push_back({old.node->span, where, label});
  }
}

// bucket/policy-replaces-existing
void policy_replaces_existing(const Context& ctx) {
  if (!ctx.settings.previous_absent || ctx.policy.root == nullptr) return;
  ctx.report("bucket/policy-replaces-existing", statement_anchor(ctx.policy),
             msg("bucket/policy-replaces-existing", {{"version", previous_name(ctx)}}));
}

constexpr RuleImpl kRules[] = {
    {"bucket/multiple-buckets", multiple_buckets},   {"bucket/multiple-owners", multiple_owners},
    {"bucket/owner-wildcard", owner_wildcard},       {"bucket/policy-replaces-existing", policy_replaces_existing},
    {"bucket/statement-dropped", statement_dropped}, {"bucket/swapped-accounts", swapped_accounts},
};

}  // namespace

std::span<const RuleImpl> bucket_rules() { return kRules; }

}  // namespace policylint::rules
