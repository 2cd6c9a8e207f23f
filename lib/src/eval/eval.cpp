#include "policylint/eval.hpp"

#include <algorithm>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "eval/pattern_index.hpp"
#include "util/text.hpp"

namespace policylint::eval {

namespace {

using util::has_wildcard;

bool any_match(const StrList& list, std::string_view value, bool ci) {
  for (const Str& s : list.items) {
    // A pattern without '*' or '?' (as build_policy recorded) matches only
    // the equal string: most fail on the length alone.
    if (s.wildcard == 0) {
      if (s.value.size() == value.size() && (ci ? util::iequals(s.value, value) : s.value == value)) return true;
    } else if (wildcard_match(s.value, value, ci)) {
      return true;
    }
  }
  return false;
}

}  // namespace

namespace {

template <bool CaseInsensitive>
bool same(char a, char b) {
  if constexpr (CaseInsensitive)
    return a == b || util::lower(a) == util::lower(b);
  else
    return a == b;
}

// ---- matching in linear time ----------------------------------------------
//
// The three questions below (does a pattern match a string, cover another
// pattern, share a string with it) are each one glob match: every symbol of
// the pattern but '*' takes one symbol of the text that it fits, and '*'
// takes any run. The pieces between the stars are placed leftmost, in order:
// leftmost leaves the most text to the pieces after, so the answer is exact.
// A piece of plain characters is found by util::find_linear, in time linear
// in the text it passes; a piece with a symbol that fits several characters
// ('?', or a '?' in the text when the text is a pattern too) by Shift-And,
// |text| * |piece| / 64 steps.

constexpr std::size_t kNoPlace = std::string_view::npos;

// The leftmost i in [from, to - piece.size()] where piece equals
// text[i, i + piece.size()) (case-folded when asked), or kNoPlace.
template <bool CaseInsensitive>
std::size_t find_plain(std::string_view piece, std::string_view text, std::size_t from, std::size_t to) {
  return util::find_linear(text.substr(0, to), piece, from,
                           CaseInsensitive ? util::Case::Insensitive : util::Case::Sensitive);
}

// The same with fits(piece symbol, text symbol) (Shift-And, one bit per
// symbol of the piece).
template <typename Fits>
std::size_t find_fitting(std::string_view piece, std::string_view text, std::size_t from, std::size_t to, Fits fits) {
  const std::size_t m = piece.size();
  if (m == 0) return from;
  if (to < from || to - from < m) return kNoPlace;
  const std::size_t words = (m + 63) / 64;
  // mask[c * words + w]: the symbols of the piece that character c fits.
  std::vector<std::uint64_t> mask(256 * words, 0);
  for (std::size_t c = 0; c < 256; ++c)
    for (std::size_t k = 0; k < m; ++k)
      if (fits(piece[k], static_cast<char>(c))) mask[c * words + k / 64] |= std::uint64_t{1} << (k % 64);
  // state bit k: piece[0, k] fits the text that ends at i.
  std::vector<std::uint64_t> state(words, 0);
  const std::uint64_t last = std::uint64_t{1} << ((m - 1) % 64);
  for (std::size_t i = from; i < to; ++i) {
    const std::uint64_t* row = &mask[static_cast<unsigned char>(text[i]) * words];
    std::uint64_t carry = 1;
    for (std::size_t w = 0; w < words; ++w) {
      std::uint64_t next = state[w] >> 63;
      state[w] = ((state[w] << 1) | carry) & row[w];
      carry = next;
    }
    if (state[words - 1] & last) return i + 1 - m;
  }
  return kNoPlace;
}

// Does pattern match text? `plain(c)`: pattern symbol c fits exactly the text
// symbols equal to it (case-folded when asked), so its pieces can be found by
// find_plain; text_plain: the text has no symbol that fits several.
template <bool CaseInsensitive, typename Fits, typename Plain>
bool glob(std::string_view pattern, std::string_view text, Fits fits, Plain plain, bool text_plain) {
  const std::size_t first = pattern.find('*');
  if (first == kNoPlace) {
    if (pattern.size() != text.size()) return false;
    for (std::size_t k = 0; k < pattern.size(); ++k)
      if (!fits(pattern[k], text[k])) return false;
    return true;
  }
  const std::size_t after_last = pattern.rfind('*') + 1;
  const std::size_t tail = pattern.size() - after_last;
  if (first + tail > text.size()) return false;
  for (std::size_t k = 0; k < first; ++k)
    if (!fits(pattern[k], text[k])) return false;
  for (std::size_t k = 0; k < tail; ++k)
    if (!fits(pattern[after_last + k], text[text.size() - tail + k])) return false;
  // The pieces between the stars, each leftmost after the one before.
  std::size_t at = first;
  const std::size_t end = text.size() - tail;
  for (std::size_t p = first; p + 1 < after_last;) {
    std::size_t q = pattern.find('*', p + 1);
    std::string_view piece = pattern.substr(p + 1, q - p - 1);
    p = q;
    if (piece.empty()) continue;
    bool easy = text_plain && std::all_of(piece.begin(), piece.end(), plain);
    std::size_t found =
        easy ? find_plain<CaseInsensitive>(piece, text, at, end) : find_fitting(piece, text, at, end, fits);
    if (found == kNoPlace) return false;
    at = found + piece.size();
  }
  return true;
}

bool literal(char c) { return c != '*' && c != '?'; }

template <bool CaseInsensitive>
bool match(std::string_view pattern, std::string_view value) {
  // The pattern's head before its first '*' and its tail after its last '*'
  // each take exactly as many characters of the value: compare them in place
  // first (most mismatches end here), then match the middle.
  std::size_t p = 0;
  for (; p < pattern.size() && pattern[p] != '*'; ++p)
    if (p >= value.size() || (pattern[p] != '?' && !same<CaseInsensitive>(pattern[p], value[p]))) return false;
  if (p == pattern.size()) return p == value.size();
  pattern.remove_prefix(p);
  value.remove_prefix(p);
  while (pattern.back() != '*') {
    if (value.empty() || (pattern.back() != '?' && !same<CaseInsensitive>(pattern.back(), value.back()))) return false;
    pattern.remove_suffix(1);
    value.remove_suffix(1);
  }
  // Greedy two-pointer match: on a mismatch, go back to the last '*' and let
  // it swallow one more character (an earlier '*' never needs to take more,
  // since the later one can). No recursion, no allocation; linear for the
  // patterns policies use.
  std::size_t v = 0;
  p = 0;
  std::size_t star = std::string_view::npos, anchor = 0;
  // Past a few steps per character the greedy match is in its |pattern| *
  // |value| worst case (e.g. "*aaab*" against a run of a's): place the pieces
  // in linear time instead. Both answers are exact.
  std::size_t steps = 4 * (pattern.size() + value.size()) + 64;
  while (v < value.size()) {
    if (--steps == 0) {
      auto fits = [](char pc, char vc) { return pc == '?' || same<CaseInsensitive>(pc, vc); };
      return glob<CaseInsensitive>(pattern, value, fits, literal, true);
    }
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      anchor = v;
    } else if (p < pattern.size() && (pattern[p] == '?' || same<CaseInsensitive>(pattern[p], value[v]))) {
      ++p;
      ++v;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      v = ++anchor;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

}  // namespace

bool wildcard_match(std::string_view pattern, std::string_view value, bool case_insensitive) {
  return case_insensitive ? match<true>(pattern, value) : match<false>(pattern, value);
}

namespace {

// has_wildcard(value), or the answer build_policy recorded (wild 0 or 1).
bool wild_or_look(std::string_view value, std::int8_t wild) { return wild >= 0 ? wild != 0 : has_wildcard(value); }

// pattern_covers, with has_wildcard(specific) already known and that of
// general known (general_wild 0 or 1) or not (-1): callers that test one
// specific against many generals look once, or not at all for the strings of
// a Statement.
template <bool CaseInsensitive>
bool covers_impl(std::string_view general, std::int8_t general_wild, std::string_view specific, bool specific_wild) {
  // Fast paths: a literal specific is one string; a literal general covers
  // only itself.
  if (!specific_wild) {
    if (general_wild == 0) {  // two literals: equal or not
      if constexpr (CaseInsensitive)
        return general == specific || util::iequals(general, specific);  // most equal ones are spelt alike
      else
        return general == specific;
    }
    return match<CaseInsensitive>(general, specific);
  }
  if (!wild_or_look(general, general_wild)) return false;
  // Can one character of general (a literal or '?') stand for character s of
  // specific? A '*' or '?' in specific stands for more than one string.
  auto one = [](char g, char s) { return g == '?' ? s != '*' : (s != '*' && s != '?' && same<CaseInsensitive>(g, s)); };
  // Before general's first '*' and after its last, each character of general
  // takes exactly one character of specific, in order: check those ends
  // directly and keep the middle, which starts and ends with '*'.
  std::size_t lead = 0;
  for (; lead < general.size() && general[lead] != '*'; ++lead)
    if (lead >= specific.size() || !one(general[lead], specific[lead])) return false;
  general.remove_prefix(lead);
  specific.remove_prefix(lead);
  if (general.empty()) return specific.empty();  // no '*' at all: same length, one for one
  while (general.back() != '*') {
    if (specific.empty() || !one(general.back(), specific.back())) return false;
    general.remove_suffix(1);
    specific.remove_suffix(1);
  }
  if (general.find_first_not_of('*') == std::string_view::npos) return true;  // "*" covers everything
  // A general whose pieces hold no '?' (most ARN patterns) is placed piece by
  // piece by glob, a substring search each (linear); the bit-parallel walk
  // below tests every reachable position for each character of general,
  // |general| * |specific| steps, and serves the pieces with a '?' (which
  // glob would place with Shift-And tables built for the whole byte range).
  const std::size_t n = specific.size();
  if (n < 64 && general.find('?') != std::string_view::npos) {
    // reach[j] after row i: general[0..i) can produce specific[0..j) such that
    // every string specific[0..j) matches is matched by general[0..i). One
    // bit per j, no allocation.
    const std::uint64_t all = (std::uint64_t{2} << n) - 1;
    std::uint64_t reach = 1;
    for (char g : general) {
      if (g == '*') {
        // '*' matches empty (from reach[j]) or swallows specific[j-1] whatever
        // it is: every j from the first reachable one on.
        reach = all & ~((reach & (~reach + 1)) - 1);
      } else {
        // Only the j just after a reachable one can be reached: test those.
        std::uint64_t next = 0;
        for (std::uint64_t c = (reach << 1) & all; c != 0; c &= c - 1) {
          auto j = static_cast<std::size_t>(__builtin_ctzll(c));
          if (one(g, specific[j - 1])) next |= std::uint64_t{1} << j;
        }
        reach = next;
      }
      if (reach == 0) return false;
    }
    return (reach >> n) & 1;
  }
  // General against specific as a glob match, specific's '*' and '?' being
  // symbols that only a '*' (or, for '?', a '?') of general takes.
  return glob<CaseInsensitive>(general, specific, one, literal, true);
}

bool covers_known(std::string_view general, std::int8_t general_wild, std::string_view specific, bool specific_wild,
                  bool case_insensitive) {
  return case_insensitive ? covers_impl<true>(general, general_wild, specific, specific_wild)
                          : covers_impl<false>(general, general_wild, specific, specific_wild);
}

}  // namespace

bool pattern_covers(std::string_view general, std::string_view specific, bool case_insensitive) {
  return covers_known(general, -1, specific, has_wildcard(specific), case_insensitive);
}

namespace {

template <bool CaseInsensitive>
bool overlap_impl(std::string_view a, std::string_view b) {
  // Two characters can be one character of a common string.
  auto fits = [](char x, char y) { return x == '?' || y == '?' || same<CaseInsensitive>(x, y); };
  const bool star_a = a.find('*') != kNoPlace, star_b = b.find('*') != kNoPlace;
  if (star_a && star_b) {
    // Both have a '*': a common string exists when their heads (before the
    // first '*') agree on their common length and so do their tails (after
    // the last '*'). Take the longer head, every middle piece of a and of b
    // (a '?' as any character), the longer tail: each pattern's stars take
    // what the other put in.
    std::size_t ha = a.find('*'), hb = b.find('*');
    for (std::size_t k = 0; k < std::min(ha, hb); ++k)
      if (!fits(a[k], b[k])) return false;
    std::size_t ta = a.size() - a.rfind('*') - 1, tb = b.size() - b.rfind('*') - 1;
    for (std::size_t k = 1; k <= std::min(ta, tb); ++k)
      if (!fits(a[a.size() - k], b[b.size() - k])) return false;
    return true;
  }
  // At most one has a '*': it must match a string the other one stands for
  // (one character per symbol, a '?' being any).
  if (star_b) std::swap(a, b);
  bool b_plain = b.find('?') == kNoPlace;
  return glob<CaseInsensitive>(a, b, fits, literal, b_plain);
}

}  // namespace

bool patterns_overlap(std::string_view a, std::string_view b, bool case_insensitive) {
  if (!has_wildcard(b)) return wildcard_match(a, b, case_insensitive);
  if (!has_wildcard(a)) return wildcard_match(b, a, case_insensitive);
  return case_insensitive ? overlap_impl<true>(a, b) : overlap_impl<false>(a, b);
}

bool covers_action(const Statement& s, std::string_view action) {
  if (s.action.present()) return any_match(s.action, action, true);
  if (s.not_action.present()) return !any_match(s.not_action, action, true);
  return false;
}

bool covers_resource(const Statement& s, std::string_view resource) {
  if (s.resource.present()) return any_match(s.resource, resource, false);
  if (s.not_resource.present()) return !any_match(s.not_resource, resource, false);
  return true;
}

bool covers_principal(const Statement& s, std::string_view principal) {
  if (!s.principal.present()) return true;
  for (const auto& e : s.principal.entries) {
    // A bucket policy's empty Principal list means everyone (OSS docs).
    if (!s.principal.object_form && e.values.node != nullptr && e.values.node->is_array() &&
        e.values.node->items.empty())
      return true;
    for (const Str& v : e.values.items) {
      if (wildcard_match(v.value, principal, false)) return true;
      // acs:ram::<uid>:root stands for every identity of that account.
      constexpr std::string_view root = ":root";
      if (v.value.size() > root.size() && v.value.ends_with(root)) {
        std::string_view prefix = v.value.substr(0, v.value.size() - 4);  // "acs:ram::<uid>:"
        if (principal.size() > prefix.size() && wildcard_match(prefix, principal.substr(0, prefix.size()), false))
          return true;
      }
    }
  }
  return false;
}

namespace {

bool applies(const Statement& s, const Request& r) {
  if (s.effect != Effect::Allow && s.effect != Effect::Deny) return false;
  if (!covers_action(s, r.action)) return false;
  if (!r.resource.empty() && !covers_resource(s, r.resource)) return false;
  if (!r.principal.empty() && !covers_principal(s, r.principal)) return false;
  return true;
}

bool conditional(const Statement& s) {
  // A Condition that is present but not an object is malformed; treat it as
  // "may not apply" rather than as unconditional.
  return s.has_condition() || (s.condition != nullptr && !s.condition->value->is_object());
}

}  // namespace

Answer evaluate(const Policy& policy, const Request& request) {
  const Policy* one[] = {&policy};
  return evaluate(std::span<const Policy* const>(one), request);
}

Answer evaluate(std::span<const Policy* const> policies, const Request& request) {
  Answer a;
  bool hard_deny = false, soft_deny = false, hard_allow = false;
  for (const Policy* p : policies) {
    if (p == nullptr) continue;
    for (const Statement& s : p->statements) {
      if (!applies(s, request)) continue;
      bool cond = conditional(s);
      if (s.denies()) {
        a.denying.push_back(&s);
        (cond ? soft_deny : hard_deny) = true;
      } else {
        a.allowing.push_back(&s);
        hard_allow = hard_allow || !cond;
      }
    }
  }
  if (hard_deny)
    a.decision = Decision::Deny;
  else if (a.allowing.empty())
    a.decision = Decision::ImplicitDeny;
  else if (soft_deny)
    a.decision = Decision::MaybeDeny;
  else
    a.decision = hard_allow ? Decision::Allow : Decision::ConditionalAllow;
  return a;
}

namespace {

// An element as a set: the strings of the list, or (negated) every string
// except those. A missing Resource is "every resource": negated, empty.
struct PatternSet {
  const std::span<const Str>* items = nullptr;
  bool negated = false;
  bool known = true;  // false when the element is malformed (no string items)
};

const std::span<const Str> kNone;

PatternSet action_set(const Statement& s) {
  if (s.action.present()) return {&s.action.items, false, !s.action.items.empty()};
  if (s.not_action.present()) return {&s.not_action.items, true, !s.not_action.items.empty()};
  return {&kNone, false, false};
}

PatternSet resource_set(const Statement& s) {
  if (s.resource.present()) return {&s.resource.items, false, !s.resource.items.empty()};
  if (s.not_resource.present()) return {&s.not_resource.items, true, !s.not_resource.items.empty()};
  return {&kNone, true, true};
}

bool covered_by_one(const Str& v, std::span<const Str> outer, bool ci) {
  const bool wild = wild_or_look(v.value, v.wildcard);
  for (const Str& o : outer)
    if (covers_known(o.value, o.wildcard, v.value, wild, ci)) return true;
  return false;
}

const Str kEverything{"*", nullptr, 1};

// Past this many pairs of items, the set each item is looked up in is
// indexed (PatternIndex) rather than each pair tested: two elements of
// thousands of items took seconds.
constexpr std::size_t kPairsBeforeIndex = 1024;

bool indexed(std::size_t probes, std::size_t set) {
  return set >= PatternIndex::kIndexFrom && probes * set > kPairsBeforeIndex;
}

PatternIndex index_of(std::span<const Str> items, bool ci) {
  std::vector<std::string_view> values;
  values.reserve(items.size());
  for (const Str& s : items) values.push_back(s.value);
  return PatternIndex(std::move(values), ci);
}

// Is each of probes covered by some item of set?
bool each_covered(std::span<const Str> probes, std::span<const Str> set, bool ci) {
  if (indexed(probes.size(), set.size())) {
    PatternIndex index = index_of(set, ci);
    return std::all_of(probes.begin(), probes.end(), [&](const Str& p) { return index.covers(p.value); });
  }
  return std::all_of(probes.begin(), probes.end(), [&](const Str& p) { return covered_by_one(p, set, ci); });
}

// Does some item of probes share a string with some item of set?
bool any_overlap(std::span<const Str> probes, std::span<const Str> set, bool ci) {
  if (indexed(probes.size(), set.size())) {
    PatternIndex index = index_of(set, ci);
    return std::any_of(probes.begin(), probes.end(), [&](const Str& p) { return index.overlaps(p.value); });
  }
  for (const Str& i : probes)
    for (const Str& o : set)
      if (patterns_overlap(i.value, o.value, ci)) return true;
  return false;
}

bool set_subset(const PatternSet& in, const PatternSet& out, bool ci) {
  if (!in.known || !out.known) return false;
  if (!in.negated && !out.negated) return each_covered(*in.items, *out.items, ci);
  if (in.negated && out.negated) return each_covered(*out.items, *in.items, ci);  // U\I ⊆ U\O  <=>  O ⊆ I
  if (!in.negated) return !any_overlap(*in.items, *out.items, ci);  // I ⊆ U\O  <=>  I and O are disjoint
  // U\I ⊆ O only when O names everything.
  return covered_by_one(kEverything, *out.items, ci);
}

bool set_overlap(const PatternSet& a, const PatternSet& b, bool ci) {
  // Unknown or negated sets are assumed to overlap: callers use this to
  // stay silent, so "maybe" must count as "yes".
  if (!a.known || !b.known || (a.negated && b.negated)) return true;
  if (!a.negated && !b.negated) return any_overlap(*a.items, *b.items, ci);
  const PatternSet& pos = a.negated ? b : a;
  const PatternSet& neg = a.negated ? a : b;
  return !each_covered(*pos.items, *neg.items, ci);
}

// Calls fn(key, value) for each principal string of the statement, in
// order, while fn returns true; false when fn stopped the walk.
template <typename Fn>
bool each_principal(const Statement& s, Fn&& fn) {
  for (const auto& e : s.principal.entries) {
    if (!s.principal.object_form && e.values.node != nullptr && e.values.node->is_array() &&
        e.values.node->items.empty() && !fn(std::string_view(e.key), kEverything))
      return false;  // [] means everyone in a bucket policy
    for (const Str& v : e.values.items)
      if (!fn(std::string_view(e.key), v)) return false;
  }
  return true;
}

}  // namespace

bool actions_subset(const Statement& inner, const Statement& outer) {
  return set_subset(action_set(inner), action_set(outer), true);
}

bool resources_subset(const Statement& inner, const Statement& outer) {
  return set_subset(resource_set(inner), resource_set(outer), false);
}

bool principals_subset(const Statement& inner, const Statement& outer) {
  if (!inner.principal.present() || !outer.principal.present())
    return !inner.principal.present() && !outer.principal.present();
  bool any = false;
  // As many as each_principal visits, at least (an empty list counts one).
  auto count = [](const Statement& s) {
    std::size_t n = 0;
    for (const auto& e : s.principal.entries) n += std::max<std::size_t>(e.values.items.size(), 1);
    return n;
  };
  if (indexed(count(inner), count(outer))) {
    // outer's principals indexed by key (a bucket policy has one; a trust
    // policy RAM, Service, Federated).
    std::unordered_map<std::string_view, std::vector<std::string_view>> by_key;
    each_principal(outer, [&](std::string_view key, const Str& value) {
      by_key[key].push_back(value.value);
      return true;
    });
    std::unordered_map<std::string_view, PatternIndex> indexes;
    for (auto& [key, values] : by_key) indexes.emplace(key, PatternIndex(std::move(values), false));
    return each_principal(inner,
                          [&](std::string_view key, const Str& value) {
                            any = true;
                            auto it = indexes.find(key);
                            return it != indexes.end() && it->second.covers(value.value);
                          }) &&
           any;
  }
  return each_principal(
             inner,
             [&](std::string_view key, const Str& value) {
               any = true;
               const bool wild = wild_or_look(value.value, value.wildcard);
               // Covered: some principal of outer, under the same key, covers it.
               return !each_principal(outer, [&](std::string_view okey, const Str& ovalue) {
                 return !(okey == key && covers_known(ovalue.value, ovalue.wildcard, value.value, wild, false));
               });
             }) &&
         any;
}

bool actions_overlap(const Statement& a, const Statement& b) { return set_overlap(action_set(a), action_set(b), true); }

bool resources_overlap(const Statement& a, const Statement& b) {
  return set_overlap(resource_set(a), resource_set(b), false);
}

const Statement* overriding_deny(const Policy& policy, const Statement& allow) {
  for (const Statement& d : policy.statements) {
    if (&d == &allow || !d.denies() || conditional(d)) continue;
    if (actions_subset(allow, d) && resources_subset(allow, d) && principals_subset(allow, d)) return &d;
  }
  return nullptr;
}

}  // namespace policylint::eval
