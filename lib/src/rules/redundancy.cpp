// Rules of the "redundancy" family: statements that add nothing to what the
// rest of the document already decides (judged with the evaluator's set
// relations, which say "covered" only when sure).
#include <algorithm>
#include <bit>
#include <charconv>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "catalog/folded_hash.hpp"
#include "eval/pattern_index.hpp"
#include "facts.hpp"
#include "families.hpp"
#include "message_template.hpp"
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
// (may_cover): bits it needs as the statement that may be covered (inner) and
// bits it lacks as the one that may cover it (outer), each bit standing for a
// hash of a part that covers() compares. Outer may cover inner only when it
// lacks none of the bits inner needs: an AND per word, no branch. Word 0
// holds the fields that tell most pairs apart (kind, services, Resource
// heads, principals), with few bits each, so that a scan over every
// statement of a document tests it alone (an AND and a branch per pair: over
// the benchmark corpus, 5 % of the pairs pass it) and the whole signature
// only for the pairs that pass.
constexpr std::size_t kWords = 3;
struct Signature {
  std::uint64_t need[kWords] = {};
  // All of them for a statement that covers none (not usable).
  std::uint64_t lack[kWords] = {~std::uint64_t{0}, ~std::uint64_t{0}, ~std::uint64_t{0}};
};

// False only when covers(outer, ..., inner) is surely false.
bool may_cover(const Signature& outer, const Signature& inner) {
  return ((inner.need[0] & outer.lack[0]) | (inner.need[1] & outer.lack[1]) | (inner.need[2] & outer.lack[2])) == 0;
}

// Where a test's bits sit: bits [first, first + width) of word `word`.
struct Field {
  unsigned word, first, width;
  std::uint64_t all() const { return (width == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << width) - 1) << first; }
  // The bit of a hash (its high half scaled to the width).
  std::uint64_t bit(std::uint64_t hash) const { return std::uint64_t{1} << (first + ((hash >> 32) * width >> 32)); }
  // Two bits of a hash (the low half gives the second), for a field where a
  // statement usually sets one bit and a single bit would often collide.
  std::uint64_t bits2(std::uint64_t hash) const {
    return bit(hash) | std::uint64_t{1} << (first + ((hash & 0xFFFFFFFFU) * width >> 32));
  }
};

// Each field below is one necessary condition of covers(outer, inner): what
// inner needs, what outer offers (lack is the complement of offer).
//
// The effect and whether a Principal is present must be equal: one of four
// bits, needed and offered.
constexpr Field kKind{0, 0, 4};
// An Action pattern that names its service literally (no '*' or '?' before
// its first ':') matches only actions of that service, so it covers only
// patterns whose service part is the same text (case aside). Needed: the
// services of a positive, known Action set (none otherwise: the exact test
// decides). Offered: those of such a set whose every pattern is such, or
// every bit.
constexpr Field kServices{0, 4, 12};
// The same for the head of a Resource pattern (up to its second ':', as in
// "acs:oss:", or the whole pattern), compared exactly: a pattern whose head
// is literal covers only patterns with the same head. A negated or missing
// Resource is inside a positive set only when the set covers "*": it needs
// the bit of "*", which no literal head offers.
constexpr Field kResources{0, 16, 16};
// A pattern without '*' or '?' covers only the same text (case aside), and no
// pattern with one. Needed: the actions of a positive, known set; offered: the
// actions of a positive, known set of such patterns only, or every bit.
// Hashed cheaply (service, length, a few letters folded).
constexpr Field kActions{1, 0, 64};
// The same for the Principal strings, each under its key ("RAM", "Service",
// ...), compared exactly: a statement whose every principal is without '*' or
// '?' covers only statements whose principals are all among its own.
constexpr Field kPrincipals{0, 32, 32};
// The condition test (conditions_no_narrower) needs outer's entries among
// inner's: inner needs the bits of the entries it does not have, outer lacks
// the bits of its own (every bit, when no statement can meet it: an entry
// without key, a malformed Condition).
constexpr Field kConditions{2, 0, 64};

constexpr std::uint64_t kMix = 0x9E3779B97F4A7C15ULL;

std::uint64_t mix(std::uint64_t h, std::uint64_t x) { return (h ^ x) * kMix; }

using catalog::detail::load4;
using catalog::detail::load8;

// A hash of s, cheap rather than thorough (equal strings hash alike; others
// rarely do): its size and three 8-byte words, at its start, middle and end
// (two overlapping 4-byte words, or its bytes, when shorter). Constant time,
// whatever the length.
std::uint64_t quick_hash(std::uint64_t h, std::string_view s) {
  const std::size_t n = s.size();
  if (n >= 8) return mix(mix(mix(mix(h, n), load8(s.data())), load8(s.data() + n / 2 - 4)), load8(s.data() + n - 8));
  std::uint64_t x = n;
  if (n >= 4) return mix(h, x | std::uint64_t{load4(s.data())} << 3 | std::uint64_t{load4(s.data() + n - 4)} << 35);
  for (char c : s) x = x << 8 | static_cast<unsigned char>(c);
  return mix(h, x);
}

// The bytes of w (eight bytes of a string, read in native byte order) that
// are c, each marked by its high bit; exact for every byte (no carry from one
// byte into the next).
std::uint64_t bytes_equal(std::uint64_t w, char c) {
  constexpr std::uint64_t ones = 0x0101010101010101ULL, low7 = 0x7F7F7F7F7F7F7F7FULL;
  const std::uint64_t x = w ^ (ones * static_cast<unsigned char>(c));  // zero where w has c
  return ~(((x & low7) + low7) | x | low7);
}

// The part of a pattern before its first ':' (second, for k = 1); all of it
// when it has fewer.
struct Part {
  std::size_t size;  // of the part
  bool colon;        // the part ends at a ':' (at size)
  bool wildcard;     // the part holds '*' or '?'
};

Part slow_part(std::string_view s, int k, bool wild) {
  std::size_t at = s.find(':');
  if (k == 1 && at != std::string_view::npos) at = s.find(':', at + 1);
  const std::size_t size = std::min(at, s.size());
  return {size, at != std::string_view::npos, wild && util::has_wildcard(s.substr(0, size))};
}

// On a little-endian machine, a part within the first eight bytes (as in
// "oss:GetObject" and "acs:oss:*:...") is found with one load: the low marks
// of bytes_equal are the first bytes.
// wild: whether s holds '*' or '?' at all (Str::wildcard); when not, the
// part is not searched for them.
inline Part part_of(std::string_view s, int k, bool wild) {
  if (std::endian::native == std::endian::little && s.size() >= 8) {
    const std::uint64_t w = load8(s.data());
    std::uint64_t marks = bytes_equal(w, ':');
    if (k == 1) marks &= marks - 1;
    if (marks != 0) {
      const std::uint64_t before = (marks & (~marks + 1)) - 1;  // the marks of the bytes before the ':'
      return {static_cast<std::size_t>(std::countr_zero(marks)) / 8, true,
              wild && ((bytes_equal(w, '*') | bytes_equal(w, '?')) & before) != 0};
    }
  }
  return slow_part(s, k, wild);
}

// A hash of the service part of an action pattern v (its part before its
// first ':') folded to ASCII lower case: its size and its first eight bytes
// (as catalog::detail::key_word's little-endian word).
std::uint64_t service_hash(std::string_view v, const Part& service) {
  const std::size_t size = service.size;
  std::uint64_t word;
  if (std::endian::native == std::endian::little && v.size() >= 8)
    word = size >= 8 ? load8(v.data()) : size == 0 ? 0 : load8(v.data()) & (~std::uint64_t{0} >> (64 - 8 * size));
  else
    word = catalog::detail::key_word(v.substr(0, size), 0);
  return mix(mix(kMix, size), catalog::detail::lower_word(word));
}

// A hash of a condition entry: equal entries, as conditions_no_narrower
// compares them, hash alike. The operator and key, of which a document uses
// few, by their sizes and last bytes only; the values by quick_hash.
std::uint64_t entry_hash(const ConditionEntry& c) {
  auto name = [](std::string_view s) {
    return s.size() << 8 | (s.empty() ? 0U : static_cast<unsigned char>(s.back()));
  };
  std::uint64_t h = mix(kMix, name(c.op_name) << 32 | name(c.key_name));
  for (const Str& v : c.values) h = quick_hash(h, v.value);
  return h;
}

bool wild(const Str& s) { return s.wildcard >= 0 ? s.wildcard != 0 : util::has_wildcard(s.value); }

Signature signature_of(const Statement& s) {
  Signature g;
  if (!usable(s)) return g;
  std::uint64_t need[kWords] = {}, offer[kWords] = {};
  auto add = [&](Field f, std::uint64_t needed, std::uint64_t offered) {
    need[f.word] |= needed;
    offer[f.word] |= offered;
  };
  const std::uint64_t kind = std::uint64_t{1} << (kKind.first + (s.denies() ? 2 : 0) + (s.principal.present() ? 1 : 0));
  add(kKind, kind, kind);

  std::uint64_t own = 0, entries = kConditions.all();  // a malformed Condition: no statement meets it
  if (!malformed_condition(s)) {
    entries = 0;
    for (const ConditionEntry& c : s.conditions) {
      std::uint64_t bit = kConditions.bit(entry_hash(c));
      own |= bit;
      entries |= c.key == nullptr ? kConditions.all() : bit;
    }
  }
  add(kConditions, kConditions.all() & ~own, kConditions.all() & ~entries);

  SetView a = action_view(s);
  if (a.known && !a.negated) {
    std::uint64_t services = 0, actions = 0;
    bool literal_services = true, literal = true;
    for (const Str& item : *a.items) {
      std::string_view v = item.value;
      const bool wildcard = wild(item);
      const Part service = part_of(v, 0, wildcard);
      literal = literal && !wildcard;
      literal_services = literal_services && !service.wildcard;
      std::uint64_t h = service_hash(v, service);
      services |= kServices.bit(h);
      if (!v.empty()) {
        auto folded = [&](std::size_t i) { return static_cast<unsigned char>(util::lower(v[i])); };
        h = mix(h, v.size() << 24 | std::uint64_t{folded(v.size() / 2)} << 16 | folded(v.size() - 1));
      }
      actions |= kActions.bit(h);
    }
    add(kServices, services, literal_services ? services : kServices.all());
    add(kActions, actions, literal ? actions : kActions.all());
  } else {
    add(kServices, 0, kServices.all());
    add(kActions, 0, kActions.all());
  }

  SetView r = resource_view(s);
  if (!r.known) {
    add(kResources, 0, kResources.all());
  } else if (r.negated) {
    add(kResources, kResources.bit(quick_hash(kMix, "*")), kResources.all());
  } else {
    std::uint64_t heads = 0;
    bool literal = true;
    for (const Str& item : *r.items) {
      // Up to its second ':' (the whole pattern when it has fewer).
      const Part head = part_of(item.value, 1, wild(item));
      heads |= kResources.bit(quick_hash(kMix, item.value.substr(0, head.size + head.colon)));
      literal = literal && !head.wildcard;
    }
    add(kResources, heads, literal ? heads : kResources.all());
  }

  // The principal strings as eval::principals_subset reads them ([] in a
  // list is everyone: "*"), each under its key.
  std::uint64_t principals = 0;
  bool literal_principals = true;
  for (const auto& e : s.principal.entries) {
    const std::uint64_t key = quick_hash(kMix, e.key);
    if (!s.principal.object_form && e.values.node != nullptr && e.values.node->is_array() &&
        e.values.node->items.empty()) {
      principals |= kPrincipals.bits2(quick_hash(key, "*"));
      literal_principals = false;
    }
    for (const Str& v : e.values.items) {
      principals |= kPrincipals.bits2(quick_hash(key, v.value));
      literal_principals = literal_principals && !wild(v);
    }
  }
  add(kPrincipals, principals, literal_principals ? principals : kPrincipals.all());

  for (std::size_t w = 0; w < kWords; ++w) {
    g.need[w] = need[w];
    g.lack[w] = ~offer[w];
  }
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

// A quick necessary condition for eval::resources_subset(inner, outer) on two
// lists of patterns: a pattern matches only strings that contain each of its
// literal stretches, so some pattern of outer has its longest stretch inside
// inner's first pattern. Much cheaper than the exact test, which it precedes
// for statements the index cannot tell apart.
// The literals of a statement as an outer statement: one per pattern of a
// known, positive Resource; none (the exact test decides) otherwise.
// Appended to out (a document's literals, one buffer for all its statements).
void add_outer_literals(const Statement& s, DocVector<std::string_view>& out) {
  SetView v = resource_view(s);
  if (!v.known || v.negated) return;
  for (const Str& o : *v.items) out.push_back(util::longest_literal(o.value));
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
  // may include `set` (a statement may be in several). Without `prefixes`,
  // the negated sets and the equal literals only: the caller finds the
  // wildcard patterns another way.
  void sources(const SetView& set, std::vector<List>& out, bool prefixes = true) const {
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
    if (!prefixes) return;
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
  explicit CoverIndex(const std::vector<Statement>& st) : st_(st) {
    signatures_.reserve(st.size());
    for (const Statement& s : st) signatures_.push_back(signature_of(s));
    // A few statements: each candidate is tested whole, in order, with no
    // table to build (the signatures rule out most in three words).
    if (st.size() <= kTested) return;
    // A short document is cheaper to scan whole than to index: every
    // statement is a candidate, and the exact test decides as before. The
    // scan starts from the first words of the signatures turned on their
    // side: for each bit, the statements that have it (not lack it), 64 to
    // a word.
    if (st.size() <= kScanned) {
      blocks_ = (st.size() + 63) / 64;
      has_.assign(64 * blocks_, 0);
      // Only the bits some statement needs are ever asked for.
      std::uint64_t needed = 0;
      for (const Signature& g : signatures_) needed |= g.need[0];
      for (std::size_t id = 0; id < st.size(); ++id)
        for (std::uint64_t h = ~signatures_[id].lack[0] & needed; h != 0; h &= h - 1)
          has_[static_cast<std::size_t>(std::countr_zero(h)) * blocks_ + id / 64] |= std::uint64_t{1} << (id % 64);
      return;
    }
    index_ = std::make_unique<Index>();
    Index& x = *index_;
    for (std::size_t i = 0; i < st.size(); ++i) {
      auto id = static_cast<std::uint32_t>(i);
      x.actions.add(id, action_view(st[i]));
      x.resources.add(id, resource_view(st[i]));
      if (malformed_condition(st[i])) continue;
      if (st[i].conditions.empty())
        x.unconditional.push_back(id);
      else if (st[i].conditions.front().key != nullptr)
        x.by_condition[signature(st[i].conditions.front())].push_back(id);
    }
    x.actions.finish();
    x.resources.finish();
  }

  // The literals of a statement of this document (add_outer_literals).
  // Made on first use: few statements get past may_cover to need them (most
  // documents none). The view lasts until the next call.
  Literals literals(const Statement& s) const {
    if (literal_range_.empty()) literal_range_.assign(st_.size(), LiteralRange{});
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
  bool indexed() const { return index_ != nullptr; }
  // The signature of a statement of this document.
  const Signature& sig(const Statement& s) const { return sig(static_cast<std::uint32_t>(&s - st_.data())); }
  const Signature& sig(std::uint32_t id) const { return signatures_[id]; }

  // Calls fn(id) for each candidate for covering s (conditions included)
  // that passes may_cover, ascending, until fn returns true. The signature
  // test runs here, in the loop, so that fn is called only for the few.
  template <typename Fn>
  void each_covering(const Statement& s, Fn&& fn) const {
    // Copies: fn's calls must not make the loop load them again.
    const Signature inner = sig(s);
    if (signatures_.size() <= kTested) {
      const auto self = static_cast<std::uint32_t>(&s - st_.data());
      for (std::uint32_t id = 0; id < signatures_.size(); ++id)
        if (id != self && may_cover(signatures_[id], inner) && fn(id)) return;
      return;
    }
    if (!indexed()) {
      const Signature* sigs = signatures_.data();
      const auto n = static_cast<std::uint32_t>(signatures_.size()), self = static_cast<std::uint32_t>(&s - st_.data());
      const std::uint64_t first = inner.need[0];
      // Word 0 alone rules out most: the statements that have every bit of
      // it, 64 at a time (a few words and-ed per bit the statement needs),
      // then the rest of the test on those left.
      for (std::uint32_t block = 0; block * 64 < n; ++block) {
        const std::uint32_t size = std::min<std::uint32_t>(64, n - block * 64);
        std::uint64_t left = size == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << size) - 1;
        for (std::uint64_t f = first; f != 0 && left != 0; f &= f - 1)
          left &= has_[static_cast<std::size_t>(std::countr_zero(f)) * blocks_ + block];
        for (; left != 0; left &= left - 1) {
          const std::uint32_t id = block * 64 + static_cast<std::uint32_t>(std::countr_zero(left));
          if (may_cover(sigs[id], inner) && id != self && fn(id)) return;
        }
      }
      return;
    }
    for (std::uint32_t id : covering(s))
      if (may_cover(signatures_[id], inner) && fn(id)) return;
  }

  // Candidates for an unconditional statement that includes s, ascending
  // (an indexed document's; a short one's are all its statements).
  const Ids& unconditional(const Statement& s) const {
    index_->lists[2].assign(1, List(index_->unconditional));
    return smallest(s);
  }

private:
  // Candidates for covering s (conditions included), ascending (an indexed document's).
  const Ids& covering(const Statement& s) const {
    auto& by_condition = index_->lists[2];
    by_condition.clear();
    if (!malformed_condition(s)) {
      by_condition.emplace_back(index_->unconditional);
      for (const ConditionEntry& c : s.conditions) {
        auto hit = index_->by_condition.find(signature(c));
        if (hit != index_->by_condition.end()) by_condition.emplace_back(hit->second);
      }
    }
    return smallest(s);
  }

  // Any of the lists holds every statement that may cover s, so the first
  // that passes the exact test, in ascending order, is the same whichever
  // list is taken: the smallest is only the cheapest.
  const Ids& smallest(const Statement& s) const {
    Index& x = *index_;
    auto total = [](const std::vector<List>& lists) {
      std::size_t n = 0;
      for (List ids : lists) n += ids.size();
      return n;
    };
    // The conditions' list (lists[2], filled by the caller), when it is short
    // already (statements told apart by their conditions), spares the two
    // lookups.
    const std::vector<List>* best = &x.lists[2];
    if (total(x.lists[2]) > kRunsFrom) {
      x.lists[0].clear();
      x.lists[1].clear();
      x.actions.sources(action_view(s), x.lists[0]);
      x.resources.sources(resource_view(s), x.lists[1]);
      for (std::size_t k = 0; k < 2; ++k)
        if (total(x.lists[k]) < total(*best)) best = &x.lists[k];
    }
    // The resource prefixes tell apart few OSS and RAM patterns (their region
    // is mostly "*": "acs:oss:" begins them all). A fourth list then: the
    // statements with a wildcard resource that may cover the statement's
    // first one by its literal runs (eval::RunIndex), with the negated sets
    // and the equal literals as before; gathered only while it stays the
    // smaller.
    if (total(*best) > kRunsFrom && x.make_resource_runs(st_)) {
      x.lists[3].clear();
      x.run_ids.clear();
      const SetView in = resource_view(s);
      x.resources.sources(in, x.lists[3], false);
      const std::size_t limit = total(*best), listed = total(x.lists[3]);
      bool smaller = in.known && listed < limit;
      if (smaller) {
        // Looked at while it can stay the smaller.
        const std::string_view first[] = {in.negated ? std::string_view("*") : (*in.items)[0].value};
        smaller = x.resource_runs->owners(first, limit - listed - 1, x.run_ids) && listed + x.run_ids.size() < limit;
      }
      if (smaller) {
        x.lists[3].emplace_back(x.run_ids);
        best = &x.lists[3];
      }
    }
    x.result.clear();
    for (List ids : *best) x.result.insert(x.result.end(), ids.begin(), ids.end());
    std::sort(x.result.begin(), x.result.end());
    x.result.erase(std::unique(x.result.begin(), x.result.end()), x.result.end());
    return x.result;
  }

  static constexpr std::size_t kTested = 16;
  static constexpr std::size_t kScanned = 128;
  // Candidates past this many: worth a look at the resources' literal runs.
  static constexpr std::size_t kRunsFrom = 16;

  const std::vector<Statement>& st_;
  struct LiteralRange {
    std::uint32_t begin = 0, size = 0;
    bool made = false;
  };
  mutable DocVector<std::string_view> literals_;   // the statements' made so far
  mutable DocVector<LiteralRange> literal_range_;  // statement i's in literals_ (empty until the first)
  DocVector<Signature> signatures_;
  // A short document's: for bit b of the first signature word and block k of
  // 64 statements, has_[b * blocks_ + k] holds the statements of the block
  // whose signature has the bit.
  std::size_t blocks_ = 0;
  DocVector<std::uint64_t> has_;
  // A long document's index; made only for one (the lists are scratch space
  // for the candidate queries).
  struct Index {
    SetIndex actions{true}, resources{false};
    Ids unconditional;
    std::unordered_map<std::string, Ids> by_condition;
    // The wildcard items of the positive resource sets by their runs (made
    // at the first use).
    std::optional<eval::OwnerRunIndex> resource_runs;
    bool runs_made = false;
    // Made at the first statement that needs them (most long documents have
    // conditions or actions that tell their statements apart); false when
    // there are none.
    bool make_resource_runs(const std::vector<Statement>& st) {
      if (!runs_made) {
        runs_made = true;
        std::vector<std::string_view> items;
        Ids owner;
        for (std::size_t i = 0; i < st.size(); ++i)
          if (SetView r = resource_view(st[i]); r.known && !r.negated)
            for (const Str& item : *r.items)
              if (wild(item)) items.push_back(item.value), owner.push_back(static_cast<std::uint32_t>(i));
        if (!items.empty()) resource_runs.emplace(items, std::move(owner), st.size(), false);
      }
      return resource_runs.has_value();
    }
    std::vector<List> lists[4];
    Ids run_ids;
    Ids result;
  };
  std::unique_ptr<Index> index_;
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
  DocVector<const Statement*> deny;
};

const Analysis& analysis(const Context& ctx) {
  return ctx.facts().shared<Analysis>([&] { return Analysis(ctx.policy.statements); });
}

// The family's messages of two statement numbers, each made once per thread
// and language (a document of many statements reports many of them).
enum class Said : std::uint8_t { Covered, CoveredCondition, CoveredDeny, CoveredDenyCondition, Overridden };
const MessageTemplate& said(Said which, Lang lang) {
  static constexpr std::string_view kIds[] = {
      "redundancy/statement-covered", "redundancy/statement-covered.condition", "redundancy/statement-covered.deny",
      "redundancy/statement-covered.deny-condition", "redundancy/allow-overridden"};
  static constexpr std::string_view kParams[] = {"n", "by"};
  constexpr std::size_t kCount = std::size(kIds);
  constinit thread_local const MessageTemplate* made[kCount][2] = {};
  const MessageTemplate*& t = made[static_cast<std::size_t>(which)][lang == Lang::Zh ? 1 : 0];
  if (t == nullptr) {
    thread_local std::vector<std::unique_ptr<const MessageTemplate>> kept;
    t = kept.emplace_back(std::make_unique<const MessageTemplate>(kIds[static_cast<std::size_t>(which)], kParams, lang))
            .get();
  }
  return *t;
}

// The message of statement n, covered or taken back by statement by (both
// counted from 1).
std::string said_of(Said which, Lang lang, std::size_t n, std::size_t by) {
  char a[24], b[24];
  const std::string_view values[] = {
      std::string_view(a, static_cast<std::size_t>(std::to_chars(std::begin(a), std::end(a), n).ptr - a)),
      std::string_view(b, static_cast<std::size_t>(std::to_chars(std::begin(b), std::end(b), by).ptr - b))};
  return said(which, lang).fill(values);
}

// redundancy/statement-covered
void statement_covered(const Context& ctx) {
  const auto& st = ctx.policy.statements;
  if (st.size() < 2) return;  // no other statement to cover it
  const Analysis& an = analysis(ctx);
  const CoverIndex& index = an.index;
  std::string related;  // the related location's text, rendered once
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
      const Said message = a.allows() ? (b.has_condition() ? Said::CoveredCondition : Said::Covered)
                                      : (b.has_condition() ? Said::CoveredDenyCondition : Said::CoveredDeny);
      Finding& f = ctx.out.report("redundancy/statement-covered", head(a),
                                  said_of(message, ctx.settings.lang, a.index + 1, b.index + 1));
      if (related.empty()) related = ctx.tr(msg("redundancy/statement-covered.related"));
      f.related.push_back(Related{head(b), related, {}});
      return true;
    });
  }
}

// redundancy/allow-overridden
void allow_overridden(const Context& ctx) {
  const auto& st = ctx.policy.statements;
  if (st.size() < 2) return;  // no other statement to take it back
  const Analysis& an = analysis(ctx);
  std::string related;  // the related location's text, rendered once
  for (const Statement& a : st) {
    const Statement* d = an.deny[a.index];
    if (d == nullptr) continue;
    Finding& f = ctx.out.report("redundancy/allow-overridden", head(a),
                                said_of(Said::Overridden, ctx.settings.lang, a.index + 1, d->index + 1));
    if (related.empty()) related = ctx.tr(msg("redundancy/allow-overridden.related"));
    f.related.push_back(Related{head(*d), related, {}});
  }
}

constexpr RuleImpl kRules[] = {
    {"redundancy/allow-overridden", allow_overridden},
    {"redundancy/statement-covered", statement_covered},
};

}  // namespace

std::span<const RuleImpl> redundancy_rules() { return kRules; }

}  // namespace policylint::rules
