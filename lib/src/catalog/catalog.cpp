// The catalog: services, actions, condition keys and service principals,
// compiled from rules/catalog/ into constant tables (catalog/tables.hpp). Every
// lookup is case-insensitive and works on lower-case keys kept in sorted
// arrays, found through hash tables (exact names) or binary search (prefixes).
#include "policylint/catalog.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <utility>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "catalog/folded_hash.hpp"
#include "catalog/tables.hpp"
#include "policylint/eval.hpp"
#include "util/text.hpp"

namespace policylint::catalog {

namespace {

using util::has_wildcard;

// A lower-case copy of a lookup key (with an optional suffix), on the stack
// when short: lookups allocate nothing.
class Lowered {
public:
  explicit Lowered(std::string_view s, std::string_view suffix = {}) {
    std::size_t n = s.size() + suffix.size();
    char* out = buf_;
    if (n > sizeof buf_) {
      heap_.resize(n);
      out = heap_.data();
    }
    for (std::size_t i = 0; i < s.size(); ++i) out[i] = util::lower(s[i]);
    for (std::size_t i = 0; i < suffix.size(); ++i) out[s.size() + i] = suffix[i];
    view_ = std::string_view(out, n);
  }
  Lowered(const Lowered&) = delete;
  Lowered& operator=(const Lowered&) = delete;
  std::string_view view() const { return view_; }

private:
  char buf_[128];
  std::string heap_;
  std::string_view view_;
};

}  // namespace

namespace detail {

LoweredKey::LoweredKey(std::string_view s) : size_(s.size()) {
  if (too_long()) return;
  const std::size_t full = size_ / 8, r = size_ % 8;
  if constexpr (std::endian::native == std::endian::little) {
    // Each word folded and mixed into the hash as it is read.
    std::uint64_t h = hash_start(size_);
    for (std::size_t i = 0; i < full; ++i) h = hash_mix(h, words_[i] = lower_word(load8(s.data() + 8 * i)));
    if (r != 0) h = hash_mix(h, words_[full] = lower_word(tail_word(s.data() + size_, r, size_)));
    hash_ = hash_finish(h);
  } else {
    // key_word's little-endian words, assembled byte by byte and stored so
    // that view() reads the folded text.
    for (std::size_t i = 0; i < full + (r != 0); ++i) {
      std::uint64_t w = lower_word(key_word(s, i));
      words_[i] = __builtin_bswap64(w);
    }
    hash_ = hash_key(size_, [&](std::size_t i) { return __builtin_bswap64(words_[i]); });
  }
}

template <typename Same>
std::size_t LowerIndex::probe(std::uint64_t hash, std::size_t size, Same same) const {
  const std::size_t mask = slots_.size() - 1;
  const std::uint64_t tag = slot_tag(hash, size);
  constexpr std::uint64_t position = (std::uint64_t{1} << kSlotPositionBits) - 1;
  for (std::size_t h = hash & mask;; h = (h + 1) & mask) {
    const std::uint64_t slot = slots_[h];
    if (slot == 0) return npos;
    // The text is compared only when hash and length agree: at most once in
    // all but a vanishing share of lookups.
    if ((slot & ~position) != tag) continue;
    const std::size_t i = (slot & position) - 1;
    if (same(keys_[i])) return i;
  }
}

std::size_t LowerIndex::find(const LoweredKey& key) const {
  if (slots_.empty() || key.too_long()) return npos;
  const std::string_view text = key.view();
  return probe(key.hash(), text.size(),
               [&](std::string_view k) { return same_bytes(k.data(), text.data(), text.size()); });
}

namespace {

// The lookup of a key longer than a word, out of line: its folded copy's
// 128 bytes stay out of the frame of the one-word lookup.
[[gnu::noinline]] std::size_t find_folded(const LowerIndex& index, std::string_view s) {
  return index.find(LoweredKey(s));
}

}  // namespace

std::size_t LowerIndex::find(std::string_view s) const {
  if constexpr (std::endian::native == std::endian::little) {
    // One to eight bytes: one word, folded, hashed and compared in registers
    // (a key of the same size is read as one word the same way).
    const std::size_t n = s.size();
    if (n - 1 < 8) {
      if (slots_.empty()) return npos;
      const std::uint64_t w = lower_word(short_word(s.data(), n));
      return probe(hash_finish(hash_mix(hash_start(n), w)), n,
                   [&](std::string_view k) { return short_word(k.data(), n) == w; });
    }
  }
  return find_folded(*this, s);
}

}  // namespace detail

bool Catalog::known_service(std::string_view code) const {
  return t_->services_index.find(code) != detail::LowerIndex::npos;
}

std::optional<std::span<const Action>> Catalog::find_service(std::string_view code) const {
  std::size_t i = t_->services_index.find(code);
  if (i == detail::LowerIndex::npos) return std::nullopt;
  auto [b, e] = t_->service_ranges[i];
  return t_->actions.subspan(b, e - b);
}

bool Catalog::complete(std::string_view code) const {
  return t_->complete_index.find(code) != detail::LowerIndex::npos;
}

std::span<const Action> Catalog::actions() const { return t_->actions; }

std::span<const std::string_view> Catalog::services() const { return t_->services; }

bool Catalog::has_actions(std::string_view code) const { return !service_actions(code).empty(); }

std::span<const Action> Catalog::service_actions(std::string_view code) const {
  if (auto known = find_service(code)) return *known;
  Lowered lowered(code, ":");
  std::string_view prefix = lowered.view();
  std::span<const std::string_view> keys = t_->action_keys;
  auto lo = std::lower_bound(keys.begin(), keys.end(), prefix);
  auto hi = lo;
  while (hi != keys.end() && hi->starts_with(prefix)) ++hi;
  auto b = static_cast<std::size_t>(lo - keys.begin());
  auto e = static_cast<std::size_t>(hi - keys.begin());
  return t_->actions.subspan(b, e - b);
}

const Action* Catalog::find(std::string_view action) const {
  std::size_t i = t_->actions_index.find(action);
  return i == detail::LowerIndex::npos ? nullptr : &t_->actions[i];
}

bool Action::written_as(std::string_view s) const {
  return s.size() == service.size() + 1 + name.size() && detail::same_bytes(s.data(), service.data(), service.size()) &&
         s[service.size()] == ':' && detail::same_bytes(s.data() + service.size() + 1, name.data(), name.size());
}

namespace {

// Calls visit(i) with the position of each catalog action the pattern
// matches, in catalog order, until visit returns false.
template <typename Visit>
void visit_matches(const detail::Tables& t, std::string_view pattern, Visit visit) {
  std::size_t literal = 0;
  while (literal < pattern.size() && pattern[literal] != '*' && pattern[literal] != '?') ++literal;
  if (literal == pattern.size()) {  // no wildcard: one action at most
    if (std::size_t i = t.actions_index.find(pattern); i != detail::LowerIndex::npos) visit(i);
    return;
  }
  // Narrow to the range sharing the literal prefix before the first
  // wildcard. Every key of the range matches that prefix, so the rest of the
  // pattern is matched against the rest of the key only, and a rest of "*"
  // (oss:Get*) matches every key of the range without a look.
  Lowered lowered(pattern.substr(0, literal));
  std::string_view prefix = lowered.view(), rest = pattern.substr(literal);
  const bool every = rest == "*";
  std::span<const std::string_view> keys = t.action_keys;
  for (auto it = std::lower_bound(keys.begin(), keys.end(), prefix); it != keys.end() && it->starts_with(prefix); ++it)
    if (every || eval::wildcard_match(rest, it->substr(literal), true))
      if (!visit(static_cast<std::size_t>(it - keys.begin()))) return;
}

}  // namespace

std::vector<const Action*> Catalog::expand(std::string_view pattern) const {
  std::vector<const Action*> out;
  visit_matches(*t_, pattern, [&](std::size_t i) {
    out.push_back(&t_->actions[i]);
    return true;
  });
  return out;
}

bool Catalog::matches_any(std::string_view pattern) const {
  bool any = false;
  visit_matches(*t_, pattern, [&](std::size_t) {
    any = true;
    return false;
  });
  return any;
}

namespace {

// The bytes of a name counted in 32 buckets (ASCII letters folded; a byte
// by its low five bits), each count at most 255. A string holds at least
// as many edits from another as it has bytes the other lacks (their bag
// distance, which merged buckets and capped counts only lower): a test of
// 32 bytes that spares most pairs the edit distance.
using Counts = std::array<std::uint8_t, 32>;

Counts counts_of(std::string_view s) {
  Counts c{};
  for (char ch : s) {
    std::uint8_t& n = c[static_cast<unsigned char>(ch | 0x20) & 31];
    n = static_cast<std::uint8_t>(n + (n < 255 ? 1 : 0));
  }
  return c;
}

std::size_t bag_distance(const Counts& a, const Counts& b) {
#if defined(__SSE2__)
  // Saturating differences both ways, summed by psadbw: a dozen
  // instructions, where the loop below is widened lane by lane.
  auto sum = [](__m128i x) {
    __m128i s = _mm_sad_epu8(x, _mm_setzero_si128());
    return static_cast<std::size_t>(_mm_cvtsi128_si32(s) + _mm_extract_epi16(s, 4));
  };
  const __m128i a0 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(a.data()));
  const __m128i a1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(a.data() + 16));
  const __m128i b0 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(b.data()));
  const __m128i b1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(b.data() + 16));
  std::size_t more = sum(_mm_subs_epu8(a0, b0)) + sum(_mm_subs_epu8(a1, b1));
  std::size_t fewer = sum(_mm_subs_epu8(b0, a0)) + sum(_mm_subs_epu8(b1, a1));
#else
  std::size_t more = 0, fewer = 0;
  for (std::size_t i = 0; i < 32; ++i) {
    more += a[i] > b[i] ? a[i] - b[i] : 0;
    fewer += b[i] > a[i] ? b[i] - a[i] : 0;
  }
#endif
  return std::max(more, fewer);
}

// The counts of every action's name and full name, in the catalog's order:
// built at the first suggestion, not at start-up (one catalog: get()).
struct ActionCounts {
  std::vector<Counts> name, full;
};

const ActionCounts& action_counts(std::span<const Action> all) {
  static const ActionCounts counts = [&] {
    ActionCounts out;
    for (const Action& a : all) out.name.push_back(counts_of(a.name)), out.full.push_back(counts_of(a.full()));
    return out;
  }();
  return counts;
}

}  // namespace

std::vector<const Action*> Catalog::suggest(std::string_view action) const {
  std::vector<std::pair<std::size_t, const Action*>> scored;
  std::size_t colon = action.find(':');
  std::string_view svc = colon == std::string_view::npos ? std::string_view{} : action.substr(0, colon);
  std::string_view name = colon == std::string_view::npos ? action : action.substr(colon + 1);
  if (name.empty()) return {};
  std::span<const Action> pool = colon == std::string_view::npos ? std::span<const Action>{} : service_actions(svc);
  if (!pool.empty()) {
    // Within the service: names may differ by a few edits, more for long names.
    std::size_t limit = std::max<std::size_t>(2, name.size() / 4);
    const util::EditDistance distance(name, util::Case::Insensitive);
    const Counts counts = counts_of(name);
    const ActionCounts& all = action_counts(t_->actions);
    for (const Action& a : pool) {
      if (bag_distance(counts, all.name[static_cast<std::size_t>(&a - t_->actions.data())]) > limit) continue;
      std::size_t d = distance(a.name, limit);
      if (d <= limit) scored.emplace_back(d, &a);
    }
  } else {
    // Unknown or action-less service: compare whole names (a misspelt service code).
    std::string full = std::string(action);
    std::size_t limit = std::max<std::size_t>(2, full.size() / 6);
    const util::EditDistance distance(full, util::Case::Insensitive);
    const Counts counts = counts_of(full);
    const ActionCounts& all = action_counts(t_->actions);
    for (const Action& a : t_->actions) {
      if (bag_distance(counts, all.full[static_cast<std::size_t>(&a - t_->actions.data())]) > limit) continue;
      std::size_t d = distance(a.full(), limit);
      if (d <= limit) scored.emplace_back(d, &a);
    }
  }
  std::stable_sort(scored.begin(), scored.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  std::vector<const Action*> out;
  for (const auto& [d, a] : scored) {
    if (out.size() == 3) break;
    out.push_back(a);
  }
  return out;
}

namespace {

// The type of the longest prefix entry ("acs:resourcetag/*") that a
// lower-case key extends (the last of equal length, in key order).
std::optional<KeyType> prefix_type(std::span<const detail::KeyPrefix> prefixes, std::string_view k) {
  std::optional<KeyType> best;
  std::size_t best_len = 0;
  for (const auto& [prefix, type] : prefixes) {
    if (k.size() > prefix.size() && k.starts_with(prefix) && prefix.size() >= best_len) {
      best = type;
      best_len = prefix.size();
    }
  }
  return best;
}

}  // namespace

std::optional<KeyType> Catalog::key_type(std::string_view key) const {
  // Folded once for both the exact lookup and the prefixes.
  detail::LoweredKey folded(key);
  if (std::size_t i = t_->keys_index.find(folded); i != detail::LowerIndex::npos) return t_->key_types[i];
  if (!folded.too_long()) return prefix_type(t_->key_prefixes, folded.view());
  // Too long for any exact key, not for a prefix.
  Lowered lowered(key);
  return prefix_type(t_->key_prefixes, lowered.view());
}

namespace {

// Three-way comparison of a lower-case key with s folded to lower case (as
// std::string_view compares: bytes as unsigned char, then length).
int compare_folded(std::string_view key, std::string_view s) {
  const std::size_t n = std::min(key.size(), s.size());
  for (std::size_t i = 0; i < n; ++i) {
    auto k = static_cast<unsigned char>(key[i]), c = static_cast<unsigned char>(util::lower(s[i]));
    if (k != c) return k < c ? -1 : 1;
  }
  return key.size() < s.size() ? -1 : (key.size() > s.size() ? 1 : 0);
}

}  // namespace

bool Catalog::applies_to_arn_service(std::string_view action_service, std::string_view arn_service) const {
  if (util::iequals(action_service, arn_service)) return true;
  // Pairs are sorted by (code, ARN code), lower case: the first pair of the
  // action's code, found without a folded copy of either code.
  std::span<const detail::ArnServicePair> pairs = t_->arn_services;
  auto it = std::partition_point(pairs.begin(), pairs.end(), [&](const detail::ArnServicePair& p) {
    return compare_folded(p.action_service, action_service) < 0;
  });
  for (; it != pairs.end() && util::iequals(it->action_service, action_service); ++it)
    if (it->arn_service == "*" || util::iequals(it->arn_service, arn_service)) return true;
  return false;
}

bool Catalog::known_key(std::string_view key) const { return key_type(key).has_value(); }

bool Catalog::known_service_principal(std::string_view host) const {
  return t_->principals_index.find(host) != detail::LowerIndex::npos;
}

bool Catalog::account_scoped(std::string_view host) const {
  std::size_t i = t_->principals_index.find(host);
  return i != detail::LowerIndex::npos && t_->principal_account_scoped[i];
}

const Catalog& get() {
  // Constant-initialised: no guard, no destructor at exit.
  static constinit const Catalog c(detail::kTables);
  return c;
}

}  // namespace policylint::catalog
