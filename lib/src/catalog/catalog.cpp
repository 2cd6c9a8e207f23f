// The catalog: services, actions, condition keys and service principals,
// compiled from rules/catalog/ into constant tables (catalog/tables.hpp). Every
// lookup is case-insensitive and works on lower-case keys kept in sorted
// arrays, found through hash tables (exact names) or binary search (prefixes).
#include "policylint/catalog.hpp"

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstring>
#include <utility>

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

namespace {

// Unaligned loads (one instruction each), in native byte order.
std::uint64_t load8(const char* p) {
  std::uint64_t w;
  std::memcpy(&w, p, sizeof w);
  return w;
}

std::uint32_t load4(const char* p) {
  std::uint32_t w;
  std::memcpy(&w, p, sizeof w);
  return w;
}

// The last r (1..7) bytes of a string of n bytes ending at end, as a
// little-endian word padded with zero bytes; read in whole words that stay
// inside the string (so no call to memcpy for a short tail).
std::uint64_t tail_word(const char* end, std::size_t r, std::size_t n) {
  if (n >= 8) return load8(end - 8) >> (8 * (8 - r));  // the bytes before the tail shifted out
  const char* p = end - r;                             // r == n: the whole string
  if (r >= 4) return load4(p) | std::uint64_t{load4(end - 4)} << (8 * (r - 4));  // overlapping halves
  auto byte = [&](std::size_t k) { return std::uint64_t{static_cast<unsigned char>(p[k])} << (8 * k); };
  return byte(0) | byte(r / 2) | byte(r - 1);  // positions 0, 1, 2 as far as there are bytes
}

// Are the n bytes at a and b equal? Whole words, the last one overlapping.
bool same_bytes(const char* a, const char* b, std::size_t n) {
  if (n >= 8) {
    for (std::size_t i = 0; i + 8 < n; i += 8)
      if (load8(a + i) != load8(b + i)) return false;
    return load8(a + n - 8) == load8(b + n - 8);
  }
  if (n >= 4) return load4(a) == load4(b) && load4(a + n - 4) == load4(b + n - 4);
  for (std::size_t i = 0; i < n; ++i)
    if (a[i] != b[i]) return false;
  return true;
}

}  // namespace

LoweredKey::LoweredKey(std::string_view s) : size_(s.size()) {
  if (too_long()) return;
  const std::size_t full = size_ / 8, r = size_ % 8;
  if constexpr (std::endian::native == std::endian::little) {
    for (std::size_t i = 0; i < full; ++i) words_[i] = lower_word(load8(s.data() + 8 * i));
    if (r != 0) words_[full] = lower_word(tail_word(s.data() + size_, r, size_));
  } else {
    // key_word's little-endian words, assembled byte by byte and stored so
    // that view() reads the folded text.
    for (std::size_t i = 0; i < full + (r != 0); ++i) {
      std::uint64_t w = lower_word(key_word(s, i));
      words_[i] = __builtin_bswap64(w);
    }
  }
  hash_ = hash_key(size_, [&](std::size_t i) {
    if constexpr (std::endian::native == std::endian::big)
      return __builtin_bswap64(words_[i]);
    else
      return words_[i];
  });
}

std::size_t LowerIndex::find(const LoweredKey& key) const {
  if (slots_.empty() || key.too_long()) return npos;
  const std::size_t mask = slots_.size() - 1;
  const std::string_view text = key.view();
  const std::uint64_t tag = slot_tag(key.hash(), text.size());
  constexpr std::uint64_t position = (std::uint64_t{1} << kSlotPositionBits) - 1;
  for (std::size_t h = key.hash() & mask;; h = (h + 1) & mask) {
    const std::uint64_t slot = slots_[h];
    if (slot == 0) return npos;
    // The text is compared only when hash and length agree: at most once in
    // all but a vanishing share of lookups.
    if ((slot & ~position) != tag) continue;
    const std::size_t i = (slot & position) - 1;
    if (same_bytes(keys_[i].data(), text.data(), text.size())) return i;
  }
}

}  // namespace detail

bool Catalog::known_service(std::string_view code) const {
  return t_->services_index.find(code) != detail::LowerIndex::npos;
}

bool Catalog::complete(std::string_view code) const {
  return t_->complete_index.find(code) != detail::LowerIndex::npos;
}

std::span<const Action> Catalog::actions() const { return t_->actions; }

std::span<const std::string_view> Catalog::services() const { return t_->services; }

bool Catalog::has_actions(std::string_view code) const { return !service_actions(code).empty(); }

std::span<const Action> Catalog::service_actions(std::string_view code) const {
  if (std::size_t i = t_->services_index.find(code); i != detail::LowerIndex::npos) {
    auto [b, e] = t_->service_ranges[i];
    return t_->actions.subspan(b, e - b);
  }
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

std::vector<const Action*> Catalog::expand(std::string_view pattern) const {
  std::vector<const Action*> out;
  if (!has_wildcard(pattern)) {
    if (const Action* a = find(pattern)) out.push_back(a);
    return out;
  }
  // Narrow to the range sharing the literal prefix before the first wildcard.
  std::size_t literal = 0;
  while (literal < pattern.size() && pattern[literal] != '*' && pattern[literal] != '?') ++literal;
  Lowered lowered(pattern.substr(0, literal));
  std::string_view prefix = lowered.view();
  std::span<const std::string_view> keys = t_->action_keys;
  auto it = std::lower_bound(keys.begin(), keys.end(), prefix);
  for (; it != keys.end() && it->starts_with(prefix); ++it)
    if (eval::wildcard_match(pattern, *it, true))
      out.push_back(&t_->actions[static_cast<std::size_t>(it - keys.begin())]);
  return out;
}

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
    for (const Action& a : pool) {
      std::size_t d = util::edit_distance(name, a.name, util::Case::Insensitive, limit);
      if (d <= limit) scored.emplace_back(d, &a);
    }
  } else {
    // Unknown or action-less service: compare whole names (a misspelt service code).
    std::string full = std::string(action);
    std::size_t limit = std::max<std::size_t>(2, full.size() / 6);
    for (const Action& a : t_->actions) {
      std::size_t d = util::edit_distance(full, a.full(), util::Case::Insensitive, limit);
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

bool Catalog::applies_to_arn_service(std::string_view action_service, std::string_view arn_service) const {
  Lowered la(action_service), lr(arn_service);
  std::string_view a = la.view(), r = lr.view();
  if (a == r) return true;
  // Pairs are sorted by (code, ARN code): the first pair of code a.
  auto it = std::lower_bound(t_->arn_services.begin(), t_->arn_services.end(), a,
                             [](const detail::ArnServicePair& e, std::string_view k) { return e.action_service < k; });
  for (; it != t_->arn_services.end() && it->action_service == a; ++it)
    if (it->arn_service == "*" || it->arn_service == r) return true;
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
