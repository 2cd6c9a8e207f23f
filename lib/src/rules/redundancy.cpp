// Rules of the "redundancy" family: statements that add nothing to what the
// rest of the document already decides (judged with the evaluator's set
// relations, which say "covered" only when sure).
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "facts.hpp"
#include "families.hpp"
#include "policylint/eval.hpp"
#include "util/text.hpp"

namespace policylint::rules {

namespace {

Span head(const Statement& s) { return Span{s.node->span.begin, s.node->span.begin + 1}; }

bool malformed_condition(const Statement& s) { return s.condition != nullptr && !s.condition->value->is_object(); }

// As eval's: a Condition that is present but malformed "may not apply".
bool conditional(const Statement& s) { return s.has_condition() || malformed_condition(s); }

// Every condition of outer is also a condition of inner, with the same
// operator, key and values: inner applies to no more requests than outer.
bool conditions_no_narrower(const Statement& outer, const Statement& inner) {
  if (malformed_condition(outer) || malformed_condition(inner)) return false;
  for (const ConditionEntry& o : outer.conditions) {
    if (o.key == nullptr) return false;
    bool found = std::any_of(inner.conditions.begin(), inner.conditions.end(), [&](const ConditionEntry& i) {
      if (i.op_name != o.op_name || i.key_name != o.key_name || i.values.size() != o.values.size()) return false;
      for (std::size_t k = 0; k < i.values.size(); ++k)
        if (i.values[k].value != o.values[k].value) return false;
      return true;
    });
    if (!found) return false;
  }
  return true;
}

// The longest literal stretch of each pattern of a statement's Resource
// (empty when the quick test does not apply to it); see resources_may_cover.
using Literals = std::span<const std::string_view>;

bool resources_may_cover(Literals outer, const Statement& inner);

bool covers(const Statement& outer, Literals outer_literals, const Statement& inner) {
  // The condition test is cheap and usually decides: run it first.
  return conditions_no_narrower(outer, inner) && resources_may_cover(outer_literals, inner) &&
         eval::actions_subset(inner, outer) && eval::resources_subset(inner, outer) &&
         eval::principals_subset(inner, outer);
}

bool usable(const Statement& s) { return s.node->is_object() && (s.allows() || s.denies()); }

// An Action or Resource element as a set, as eval reads it: the listed
// patterns, or (negated) everything but them; unknown when malformed. A
// missing Resource is "every resource" (negated, empty).
struct SetView {
  const std::span<const Str>* items = nullptr;
  bool negated = false;
  bool known = false;
};

SetView action_view(const Statement& s) {
  if (s.action.present()) return {&s.action.items, false, !s.action.items.empty()};
  if (s.not_action.present()) return {&s.not_action.items, true, !s.not_action.items.empty()};
  return {};
}

SetView resource_view(const Statement& s) {
  if (s.resource.present()) return {&s.resource.items, false, !s.resource.items.empty()};
  if (s.not_resource.present()) return {&s.not_resource.items, true, !s.not_resource.items.empty()};
  return {&s.resource.items, true, true};
}

// A statement in a few words, for a cheap necessary test before covers()
// (may_cover): 128 bits as the statement that may be covered (inner) and 128
// as the one that may cover it (outer), each bit standing for a hash of a
// part that covers() compares. Outer may cover inner only when every bit
// inner needs is one outer offers: one AND per word, no branch, so that the
// test of every pair of statements of a document costs a few instructions.
struct Signature {
  // The bits the statement needs of a statement that covers it.
  std::uint64_t need[2] = {0, 0};
  // The bits the statement does not offer, as a statement that covers
  // another; all of them for one that covers none (not usable).
  std::uint64_t lack[2] = {~std::uint64_t{0}, ~std::uint64_t{0}};
};

// False only when covers(outer, ..., inner) is surely false.
bool may_cover(const Signature& outer, const Signature& inner) {
  return ((inner.need[0] & outer.lack[0]) | (inner.need[1] & outer.lack[1])) == 0;
}

// Where a test's bits sit: bits [first, first + width) of word `word`.
struct Field {
  unsigned word, first, width;
  std::uint64_t all() const { return (width == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << width) - 1) << first; }
  // The bit of a hash (its high half scaled to the width).
  std::uint64_t bit(std::uint64_t hash) const { return std::uint64_t{1} << (first + ((hash >> 32) * width >> 32)); }
};

// The effect and whether a Principal is present (covers() needs both equal):
// one of four bits, which only a statement of the same kind offers.
constexpr Field kKind{0, 0, 4};
// An Action pattern that names its service literally (no '*' or '?' before
// its first ':') matches only actions of that service, so it covers only
// patterns whose service part is the same text (case aside). Needed: the
// services of a positive, known Action set (none otherwise: the exact test
// decides). Offered: those of such a set whose every pattern is such, or
// every bit.
constexpr Field kServices{0, 4, 20};
// A pattern without '*' or '?' covers only the same text (case aside), and no
// pattern with one. Needed: the actions of a positive, known set; offered: the
// actions of a positive, known set of such patterns only, or every bit.
// Hashed cheaply (service, length, a few letters folded).
constexpr Field kActions{0, 24, 40};
// The same for the Principal strings (under their key: "RAM", "Service", ...),
// compared exactly: a statement whose every principal is without '*' or '?'
// covers only statements whose principals are all among its own.
constexpr Field kPrincipals{1, 0, 32};
// The condition test (conditions_no_narrower) needs outer's entries among
// inner's: inner needs the bits of the entries it does not have, outer lacks
// the bits of its own (every bit, when no statement can meet it: an entry
// without key, a malformed Condition).
constexpr Field kConditions{1, 32, 32};

constexpr std::uint64_t kMix = 0x9E3779B97F4A7C15ULL;

std::uint64_t mix(std::uint64_t h, std::uint64_t x) { return (h ^ x) * kMix; }

// A hash of s, cheap rather than thorough (equal strings hash alike; others
// rarely do): its size and three 8-byte words, at its start, middle and end
// (its bytes, when shorter). Constant time, whatever the length.
std::uint64_t quick_hash(std::uint64_t h, std::string_view s) {
  if (s.size() < 8) {
    std::uint64_t x = s.size();
    for (char c : s) x = x << 8 | static_cast<unsigned char>(c);
    return mix(h, x);
  }
  std::uint64_t w[3];
  std::memcpy(&w[0], s.data(), 8);
  std::memcpy(&w[1], s.data() + s.size() / 2 - 4, 8);
  std::memcpy(&w[2], s.data() + s.size() - 8, 8);
  return mix(mix(mix(mix(h, s.size()), w[0]), w[1]), w[2]);
}

// A hash of a condition entry: equal entries, as conditions_no_narrower
// compares them, hash alike.
std::uint64_t entry_hash(const ConditionEntry& c) {
  std::uint64_t h = quick_hash(quick_hash(kMix, c.op_name), c.key_name);
  for (const Str& v : c.values) h = quick_hash(h, v.value);
  return h;
}

bool wild(const Str& s) { return s.wildcard >= 0 ? s.wildcard != 0 : util::has_wildcard(s.value); }

Signature signature_of(const Statement& s) {
  Signature g;
  if (!usable(s)) return g;
  // need, and offer (the complement of lack).
  std::uint64_t need[2] = {0, 0}, offer[2] = {0, 0};
  const std::uint64_t kind = std::uint64_t{1} << (kKind.first + (s.denies() ? 2 : 0) + (s.principal.present() ? 1 : 0));
  need[kKind.word] |= kind;
  offer[kKind.word] |= kind;

  std::uint64_t own = 0, entries = kConditions.all();  // a malformed Condition: no statement meets it
  if (!malformed_condition(s)) {
    entries = 0;
    for (const ConditionEntry& c : s.conditions) {
      std::uint64_t bit = kConditions.bit(entry_hash(c));
      own |= bit;
      entries |= c.key == nullptr ? kConditions.all() : bit;
    }
  }
  need[kConditions.word] |= kConditions.all() & ~own;
  offer[kConditions.word] |= kConditions.all() & ~entries;

  SetView a = action_view(s);
  std::uint64_t services = 0, actions = 0;
  bool literal_services = false, literal = false;
  if (a.known && !a.negated) {
    literal_services = literal = true;
    for (const Str& item : *a.items) {
      // The service part folded to lower case, hashed in the same pass that
      // looks for a wildcard in it.
      std::string_view v = item.value;
      std::uint64_t h = kMix;
      for (char c : v) {
        if (c == ':') break;
        if (c == '*' || c == '?') literal_services = false;
        h = mix(h, static_cast<unsigned char>(util::lower(c)));
      }
      services |= kServices.bit(h);
      literal = literal && !wild(item);
      if (!v.empty()) {
        auto folded = [&](std::size_t i) { return static_cast<unsigned char>(util::lower(v[i])); };
        h = mix(h, v.size() << 24 | std::uint64_t{folded(v.size() / 2)} << 16 | folded(v.size() - 1));
      }
      actions |= kActions.bit(h);
    }
  }
  need[0] |= services | actions;
  offer[0] |= (literal_services ? services : kServices.all()) | (literal ? actions : kActions.all());

  // The principal strings as eval::principals_subset reads them ([] in a
  // list is everyone: "*"), each under its key.
  std::uint64_t principals = 0;
  bool literal_principals = true;
  for (const auto& e : s.principal.entries) {
    const std::uint64_t key = quick_hash(kMix, e.key);
    if (!s.principal.object_form && e.values.node != nullptr && e.values.node->is_array() &&
        e.values.node->items.empty()) {
      principals |= kPrincipals.bit(quick_hash(key, "*"));
      literal_principals = false;
    }
    for (const Str& v : e.values.items) {
      principals |= kPrincipals.bit(quick_hash(key, v.value));
      literal_principals = literal_principals && !wild(v);
    }
  }
  need[kPrincipals.word] |= principals;
  offer[kPrincipals.word] |= literal_principals ? principals : kPrincipals.all();

  g.need[0] = need[0];
  g.need[1] = need[1];
  g.lack[0] = ~offer[0];
  g.lack[1] = ~offer[1];
  return g;
}

// The signature of an Allow as the statement an unconditional Deny may take
// back (eval::overriding_deny): of the Deny's kind, conditions aside.
Signature as_overridden(const Statement& allow, Signature g) {
  g.need[kKind.word] &= ~kKind.all();
  g.need[kKind.word] |= std::uint64_t{1} << (kKind.first + 2 + (allow.principal.present() ? 1 : 0));
  g.need[kConditions.word] &= ~kConditions.all();
  return g;
}

// The longest stretch of a pattern without '*' or '?' (the first of equal
// length). Most patterns hold no '?': their stretches lie between the stars,
// found by memchr rather than a test per character.
std::string_view longest_literal(std::string_view p) {
  std::string_view best;
  const bool question = p.find('?') != std::string_view::npos;
  for (std::size_t start = 0;;) {
    std::size_t end = question ? p.find_first_of("*?", start) : p.find('*', start);
    if (end == std::string_view::npos) end = p.size();
    if (end - start > best.size()) best = p.substr(start, end - start);
    if (end == p.size()) return best;
    start = end + 1;
  }
}

// A quick necessary condition for eval::resources_subset(inner, outer) on two
// lists of patterns: a pattern matches only strings that contain each of its
// literal stretches, so some pattern of outer has its longest stretch inside
// inner's first pattern. Much cheaper than the exact test, which it precedes
// for statements the index cannot tell apart.
// The literals of a statement as an outer statement: one per pattern of a
// known, positive Resource; none (the exact test decides) otherwise.
// Appended to out (a document's literals, one buffer for all its statements).
void add_outer_literals(const Statement& s, std::vector<std::string_view>& out) {
  SetView v = resource_view(s);
  if (!v.known || v.negated) return;
  for (const Str& o : *v.items) out.push_back(longest_literal(o.value));
}

bool resources_may_cover(Literals outer, const Statement& inner) {
  if (outer.empty()) return true;  // the exact test decides
  SetView in = resource_view(inner);
  if (!in.known || in.negated) return true;
  std::string_view first = (*in.items)[0].value;
  return std::any_of(outer.begin(), outer.end(), [&](std::string_view lit) {
    return util::find_linear(first, lit, 0, util::Case::Sensitive) != std::string_view::npos;
  });
}

using Ids = std::vector<std::uint32_t>;
using List = std::span<const std::uint32_t>;

// Which statements' sets may include a given set, without comparing it with
// every statement. A pattern covers only strings that begin with its literal
// prefix (the text before its first '*' or '?'), and a literal covers only
// itself, so a positive set can be inside a positive outer set only if the
// outer set holds the inner set's first pattern itself or a wildcard pattern
// whose literal prefix begins the first pattern's literal prefix. Literals
// sit in a sorted list, wildcard prefixes in a trie walked along that prefix:
// one lookup costs the length of the pattern, not the size of the document.
// Negated outer sets are always candidates (the exact test decides). The
// index may name statements that fail the exact test, never leave one out.
class SetIndex {
public:
  explicit SetIndex(bool case_insensitive) : ci_(case_insensitive) { trie_.emplace_back(); }

  void add(std::uint32_t id, const SetView& set) {
    if (!set.known) return;
    if (set.negated) {
      negated_.push_back(id);
      return;
    }
    for (const Str& item : *set.items) {
      std::string_view v = item.value;
      std::size_t w = v.find_first_of("*?");
      if (w == std::string_view::npos) {
        // Literals: folded into one buffer, sorted by finish().
        literals_.push_back(
            Literal{static_cast<std::uint32_t>(text_.size()), static_cast<std::uint32_t>(v.size()), id});
        for (char c : v) text_ += ci_ ? util::lower(c) : c;
        continue;
      }
      std::uint32_t at = 0;
      for (std::size_t i = 0; i < w; ++i) at = child(at, ci_ ? util::lower(v[i]) : v[i]);
      trie_[at].ids.push_back(id);
    }
  }

  // Call once after the last add().
  void finish() {
    std::sort(literals_.begin(), literals_.end(),
              [&](const Literal& a, const Literal& b) { return key(a) < key(b) || (key(a) == key(b) && a.id < b.id); });
    literal_ids_.reserve(literals_.size());
    for (const Literal& l : literals_) literal_ids_.push_back(l.id);
  }

  // Appends to out the lists that together hold every statement whose set
  // may include `set` (a statement may be in several).
  void sources(const SetView& set, std::vector<List>& out) const {
    if (!set.known) return;
    out.emplace_back(negated_);
    // A negated inner set is inside a positive outer one only when the outer
    // set covers "*": a wildcard pattern with an empty literal prefix.
    std::string first = set.negated ? std::string("*") : fold((*set.items)[0].value);
    std::size_t w = first.find_first_of("*?");
    if (w == std::string::npos) {
      auto [lo, hi] = std::equal_range(literals_.begin(), literals_.end(), std::string_view(first), Less{this});
      if (lo != hi) out.emplace_back(literal_ids_.data() + (lo - literals_.begin()), static_cast<std::size_t>(hi - lo));
      w = first.size();
    }
    std::uint32_t at = 0;
    for (std::size_t i = 0;; ++i) {
      const Node& n = trie_[at];
      out.emplace_back(n.ids);
      if (i == w) break;
      auto next = std::find_if(n.kids.begin(), n.kids.end(), [&](const auto& k) { return k.first == first[i]; });
      if (next == n.kids.end()) break;
      at = next->second;
    }
  }

private:
  struct Node {
    std::vector<std::pair<char, std::uint32_t>> kids;
    Ids ids;
  };
  struct Literal {
    std::uint32_t offset, size, id;
  };
  struct Less {
    const SetIndex* index;
    bool operator()(const Literal& a, std::string_view b) const { return index->key(a) < b; }
    bool operator()(std::string_view a, const Literal& b) const { return a < index->key(b); }
  };

  std::string_view key(const Literal& l) const { return std::string_view(text_).substr(l.offset, l.size); }

  std::string fold(std::string_view s) const { return ci_ ? util::to_lower(s) : std::string(s); }

  std::uint32_t child(std::uint32_t at, char c) {
    for (const auto& [k, next] : trie_[at].kids)
      if (k == c) return next;
    auto next = static_cast<std::uint32_t>(trie_.size());
    trie_.emplace_back();
    trie_[at].kids.emplace_back(c, next);
    return next;
  }

  bool ci_;
  std::vector<Node> trie_;
  std::string text_;
  std::vector<Literal> literals_;
  Ids literal_ids_;
  Ids negated_;
};

// A condition entry as one string (operator, key, values), for hashing.
std::string signature(const ConditionEntry& c) {
  std::string s(c.op_name);
  s += '\0';
  s += c.key_name;
  for (const Str& v : c.values) {
    s += '\0';
    s += v.value;
  }
  return s;
}

// The statements of one document that may cover a given statement: three
// necessary conditions, each answered from an index — its Action set and its
// Resource set may include the statement's (SetIndex), and (for the covering
// test) every condition of theirs is among the statement's, which needs their
// first one to be (statements with conditions are filed under their first
// one; unconditional ones always qualify). Only the smallest of the three
// candidate lists is gathered; the exact test decides the rest. Replaces a
// comparison of every pair of statements: a statement costs the size of its
// smallest list, not the size of the document.
class CoverIndex {
public:
  explicit CoverIndex(const std::vector<Statement>& st) : st_(st), actions_(true), resources_(false) {
    literal_range_.assign(st.size(), LiteralRange{});
    signatures_.reserve(st.size());
    for (const Statement& s : st) signatures_.push_back(signature_of(s));
    // A short document is cheaper to scan whole than to index: every
    // statement is a candidate, and the exact test decides as before.
    if (st.size() <= kScanned) return;
    indexed_ = true;
    for (std::size_t i = 0; i < st.size(); ++i) {
      auto id = static_cast<std::uint32_t>(i);
      actions_.add(id, action_view(st[i]));
      resources_.add(id, resource_view(st[i]));
      if (malformed_condition(st[i])) continue;
      if (st[i].conditions.empty())
        unconditional_.push_back(id);
      else if (st[i].conditions.front().key != nullptr)
        by_condition_[signature(st[i].conditions.front())].push_back(id);
    }
    actions_.finish();
    resources_.finish();
  }

  // The literals of a statement of this document (add_outer_literals).
  // Made on first use: few statements get past may_cover to need them. The
  // view lasts until the next call.
  Literals literals(const Statement& s) const {
    LiteralRange& r = literal_range_[static_cast<std::size_t>(&s - st_.data())];
    if (!r.made) {
      r.begin = static_cast<std::uint32_t>(literals_.size());
      add_outer_literals(s, literals_);
      r.size = static_cast<std::uint32_t>(literals_.size() - r.begin);
      r.made = true;
    }
    return Literals(literals_).subspan(r.begin, r.size);
  }
  // Is there an index (a long document), or is every statement a candidate?
  bool indexed() const { return indexed_; }
  // The signature of a statement of this document.
  const Signature& sig(const Statement& s) const { return sig(static_cast<std::uint32_t>(&s - st_.data())); }
  const Signature& sig(std::uint32_t id) const { return signatures_[id]; }

  // Calls fn(id) for each candidate for covering s (conditions included)
  // that passes may_cover, ascending, until fn returns true. The signature
  // test runs here, in the loop, so that fn is called only for the few.
  template <typename Fn>
  void each_covering(const Statement& s, Fn&& fn) const {
    const Signature& inner = sig(s);
    if (!indexed_) {
      const auto self = static_cast<std::uint32_t>(&s - st_.data());
      for (std::uint32_t id = 0; id < signatures_.size(); ++id)
        if (id != self && may_cover(signatures_[id], inner) && fn(id)) return;
      return;
    }
    for (std::uint32_t id : covering(s))
      if (may_cover(signatures_[id], inner) && fn(id)) return;
  }

  // Candidates for an unconditional statement that includes s, ascending
  // (an indexed document's; a short one's are all its statements).
  const Ids& unconditional(const Statement& s) const {
    lists_[2].assign(1, List(unconditional_));
    return smallest(s);
  }

private:
  // Candidates for covering s (conditions included), ascending (an indexed document's).
  const Ids& covering(const Statement& s) const {
    auto& by_condition = lists_[2];
    by_condition.clear();
    if (!malformed_condition(s)) {
      by_condition.emplace_back(unconditional_);
      for (const ConditionEntry& c : s.conditions) {
        auto hit = by_condition_.find(signature(c));
        if (hit != by_condition_.end()) by_condition.emplace_back(hit->second);
      }
    }
    return smallest(s);
  }

  const Ids& smallest(const Statement& s) const {
    lists_[0].clear();
    lists_[1].clear();
    actions_.sources(action_view(s), lists_[0]);
    resources_.sources(resource_view(s), lists_[1]);
    auto total = [](const std::vector<List>& lists) {
      std::size_t n = 0;
      for (List ids : lists) n += ids.size();
      return n;
    };
    const std::vector<List>* best = &lists_[0];
    for (const auto& lists : lists_)
      if (total(lists) < total(*best)) best = &lists;
    result_.clear();
    for (List ids : *best) result_.insert(result_.end(), ids.begin(), ids.end());
    std::sort(result_.begin(), result_.end());
    result_.erase(std::unique(result_.begin(), result_.end()), result_.end());
    return result_;
  }

  static constexpr std::size_t kScanned = 128;

  const std::vector<Statement>& st_;
  struct LiteralRange {
    std::uint32_t begin = 0, size = 0;
    bool made = false;
  };
  mutable std::vector<std::string_view> literals_;   // the statements' made so far
  mutable std::vector<LiteralRange> literal_range_;  // statement i's in literals_
  std::vector<Signature> signatures_;
  bool indexed_ = false;
  SetIndex actions_, resources_;
  Ids unconditional_;
  std::unordered_map<std::string, Ids> by_condition_;
  mutable std::vector<List> lists_[3];
  mutable Ids result_;
};

// The first unconditional Deny that takes back everything `allow` grants (as
// eval::overriding_deny, through the index). `hard_denies`: every
// unconditional Deny of the document, ascending (what a short document's
// scan of every statement would keep).
const Statement* overriding_deny(const std::vector<Statement>& st, const CoverIndex& index, const Ids& hard_denies,
                                 const Statement& allow) {
  if (hard_denies.empty()) return nullptr;
  const Signature ag = as_overridden(allow, index.sig(allow));
  for (std::uint32_t id : index.indexed() ? index.unconditional(allow) : hard_denies) {
    const Statement& d = st[id];
    if (&d == &allow || !d.denies() || conditional(d) || !may_cover(index.sig(id), ag)) continue;
    if (!resources_may_cover(index.literals(d), allow)) continue;
    if (eval::actions_subset(allow, d) && eval::resources_subset(allow, d) && eval::principals_subset(allow, d))
      return &d;
  }
  return nullptr;
}

// What both rules of a document need, made once: the index, and the Deny
// that takes back each Allow (null for the other statements).
struct Analysis {
  explicit Analysis(const std::vector<Statement>& st) : index(st) {
    Ids hard_denies;
    for (const Statement& s : st)
      if (s.denies() && !conditional(s)) hard_denies.push_back(static_cast<std::uint32_t>(&s - st.data()));
    deny.reserve(st.size());
    for (const Statement& s : st) deny.push_back(s.allows() ? overriding_deny(st, index, hard_denies, s) : nullptr);
  }
  CoverIndex index;
  std::vector<const Statement*> deny;
};

const Analysis& analysis(const Context& ctx) {
  return ctx.facts().shared<Analysis>([&] { return Analysis(ctx.policy.statements); });
}

// redundancy/statement-covered
void statement_covered(const Context& ctx) {
  const auto& st = ctx.policy.statements;
  const Analysis& an = analysis(ctx);
  const CoverIndex& index = an.index;
  for (const Statement& a : st) {
    if (!usable(a)) continue;
    // An Allow that a Deny cancels is allow-overridden's finding.
    if (an.deny[a.index] != nullptr) continue;
    const Signature& ag = index.sig(a);
    index.each_covering(a, [&](std::uint32_t id) {
      const Statement& b = st[id];
      if (&a == &b || !covers(b, index.literals(b), a)) return false;
      // Two equivalent statements: report only the later one.
      if (b.index > a.index && may_cover(ag, index.sig(id)) && covers(a, index.literals(a), b)) return false;
      std::string_view message =
          a.allows() ? (b.has_condition() ? "redundancy/statement-covered.condition" : "redundancy/statement-covered")
                     : (b.has_condition() ? "redundancy/statement-covered.deny-condition"
                                          : "redundancy/statement-covered.deny");
      Finding& f =
          ctx.report("redundancy/statement-covered", head(a), msg(message, {{"n", a.index + 1}, {"by", b.index + 1}}));
      f.related.push_back(Related{head(b), ctx.tr(msg("redundancy/statement-covered.related")), {}});
      return true;
    });
  }
}

// redundancy/allow-overridden
void allow_overridden(const Context& ctx) {
  const auto& st = ctx.policy.statements;
  const Analysis& an = analysis(ctx);
  for (const Statement& a : st) {
    const Statement* d = an.deny[a.index];
    if (d == nullptr) continue;
    Finding& f = ctx.report("redundancy/allow-overridden", head(a),
                            msg("redundancy/allow-overridden", {{"n", a.index + 1}, {"by", d->index + 1}}));
    f.related.push_back(Related{head(*d), ctx.tr(msg("redundancy/allow-overridden.related")), {}});
  }
}

constexpr RuleImpl kRules[] = {
    {"redundancy/allow-overridden", allow_overridden},
    {"redundancy/statement-covered", statement_covered},
};

}  // namespace

std::span<const RuleImpl> redundancy_rules() { return kRules; }

}  // namespace policylint::rules
