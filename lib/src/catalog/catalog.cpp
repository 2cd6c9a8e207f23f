// The catalog: services, actions, condition keys and service principals read
// from the embedded rules/catalog/ files. Every lookup is case-insensitive and
// works on lower-case keys kept in sorted vectors, found through hash tables
// (exact names) or binary search (prefixes).
#include "policylint/catalog.hpp"

#include <algorithm>
#include <cstddef>
#include <utility>

#include "policylint/embedded.hpp"
#include "policylint/eval.hpp"
#include "util/text.hpp"
#include "util/tsv.hpp"

namespace policylint::catalog {

namespace {

using util::has_wildcard;
using util::to_lower;
using util::trim;

// Calls fn(columns) for every data row of a TSV text (the rows read_tsv
// gives: blank lines and '#' comments skipped, fields trimmed), reusing one
// list of columns: the catalog is read at every start.
template <typename Fn>
void for_each_record(std::string_view text, Fn&& fn) {
  std::vector<std::string_view> cols;
  cols.reserve(8);
  while (!text.empty()) {
    std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::string_view t = trim(line);
    if (t.empty() || t.front() == '#') continue;
    cols.clear();
    while (true) {
      std::size_t tab = line.find('\t');
      cols.push_back(trim(line.substr(0, tab)));
      if (tab == std::string_view::npos) break;
      line.remove_prefix(tab + 1);
    }
    fn(cols);
  }
}

Level parse_level(std::string_view s) {
  if (s == "service") return Level::Service;
  if (s == "bucket") return Level::Bucket;
  if (s == "object") return Level::Object;
  return Level::None;
}

std::optional<KeyType> parse_type(std::string_view s) {
  if (s == "string") return KeyType::String;
  if (s == "bool") return KeyType::Bool;
  if (s == "date") return KeyType::Date;
  if (s == "numeric") return KeyType::Numeric;
  if (s == "ip") return KeyType::Ip;
  return std::nullopt;
}

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

// Lower bound of key in a vector of (lower-case key, value) pairs sorted by key.
template <typename Pairs>
auto lower_bound_first(const Pairs& v, std::string_view key) {
  return std::lower_bound(v.begin(), v.end(), key,
                          [](const auto& e, std::string_view k) { return std::string_view(e.first) < k; });
}

void sort_unique(std::vector<std::string>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

template <typename T>
void sort_unique_pairs(std::vector<T>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

// FNV-1a over the bytes with bit 5 set: letters of either case hash alike
// (other bytes may collide in pairs, which the comparison sorts out).
std::uint64_t folded_hash(std::string_view s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c) | 0x20U;
    h *= 1099511628211ULL;
  }
  return h ^ (h >> 32);
}

template <typename List, typename KeyOf>
std::vector<std::string_view> keys_of(const List& list, KeyOf key_of) {
  std::vector<std::string_view> out;
  out.reserve(list.size());
  for (const auto& e : list) out.push_back(key_of(e));
  return out;
}

}  // namespace

namespace detail {

void LowerIndex::build(const std::vector<std::string_view>& keys) {
  keys_.assign(keys.begin(), keys.end());
  std::size_t size = 16;
  while (size < keys.size() * 2) size *= 2;
  slots_.assign(size, 0);
  for (std::size_t i = 0; i < keys_.size(); ++i) {
    if (find(keys_[i]) != npos) continue;  // a duplicate: the first one stays
    std::size_t h = folded_hash(keys_[i]) & (size - 1);
    while (slots_[h] != 0) h = (h + 1) & (size - 1);
    slots_[h] = static_cast<std::uint32_t>(i + 1);
  }
}

std::size_t LowerIndex::find(std::string_view key) const {
  if (slots_.empty()) return npos;
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t h = folded_hash(key) & mask;; h = (h + 1) & mask) {
    std::uint32_t slot = slots_[h];
    if (slot == 0) return npos;
    const std::string& k = keys_[slot - 1];
    if (k.size() != key.size()) continue;
    bool same = true;
    for (std::size_t i = 0; same && i < k.size(); ++i) same = k[i] == util::lower(key[i]);
    if (same) return slot - 1;
  }
}

}  // namespace detail

bool Catalog::known_service(std::string_view code) const {
  return services_index_.find(code) != detail::LowerIndex::npos;
}

bool Catalog::complete(std::string_view code) const { return complete_index_.find(code) != detail::LowerIndex::npos; }

bool Catalog::has_actions(std::string_view code) const { return !service_actions(code).empty(); }

std::span<const Action> Catalog::service_actions(std::string_view code) const {
  if (std::size_t i = services_index_.find(code); i != detail::LowerIndex::npos) {
    auto [b, e] = service_ranges_[i];
    return std::span<const Action>(actions_).subspan(b, e - b);
  }
  Lowered lowered(code, ":");
  std::string_view prefix = lowered.view();
  auto lo = std::lower_bound(keys_lower_.begin(), keys_lower_.end(), prefix,
                             [](std::string_view x, std::string_view y) { return x < y; });
  auto hi = lo;
  while (hi != keys_lower_.end() && hi->starts_with(prefix)) ++hi;
  auto b = static_cast<std::size_t>(lo - keys_lower_.begin());
  auto e = static_cast<std::size_t>(hi - keys_lower_.begin());
  return std::span<const Action>(actions_).subspan(b, e - b);
}

const Action* Catalog::find(std::string_view action) const {
  std::size_t i = actions_index_.find(action);
  return i == detail::LowerIndex::npos ? nullptr : &actions_[i];
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
  auto it = std::lower_bound(keys_lower_.begin(), keys_lower_.end(), prefix,
                             [](std::string_view x, std::string_view y) { return x < y; });
  for (; it != keys_lower_.end() && it->starts_with(prefix); ++it)
    if (eval::wildcard_match(pattern, *it, true))
      out.push_back(&actions_[static_cast<std::size_t>(it - keys_lower_.begin())]);
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
    for (const Action& a : actions_) {
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

std::optional<KeyType> Catalog::key_type(std::string_view key) const {
  if (std::size_t i = keys_index_.find(key); i != detail::LowerIndex::npos) return keys_[i].second;
  Lowered lowered(key);
  std::string_view k = lowered.view();
  // Prefix entries ("acs:resourcetag/*"): the longest prefix that matches wins
  // (the last of equal length, in key order).
  std::optional<KeyType> best;
  std::size_t best_len = 0;
  for (const auto& [pat, type] : key_prefixes_) {
    std::string_view prefix = std::string_view(pat).substr(0, pat.size() - 1);
    if (k.size() > prefix.size() && k.starts_with(prefix) && prefix.size() >= best_len) {
      best = type;
      best_len = prefix.size();
    }
  }
  return best;
}

bool Catalog::applies_to_arn_service(std::string_view action_service, std::string_view arn_service) const {
  Lowered la(action_service), lr(arn_service);
  std::string_view a = la.view(), r = lr.view();
  if (a == r) return true;
  // Pairs are sorted by (code, ARN code): the first pair of code a.
  auto it = lower_bound_first(arn_services_, a);
  for (; it != arn_services_.end() && it->first == a; ++it)
    if (it->second == "*" || it->second == r) return true;
  return false;
}

bool Catalog::known_key(std::string_view key) const { return key_type(key).has_value(); }

bool Catalog::known_service_principal(std::string_view host) const {
  return principals_index_.find(host) != detail::LowerIndex::npos;
}

bool Catalog::account_scoped(std::string_view host) const {
  std::size_t i = principals_index_.find(host);
  return i != detail::LowerIndex::npos && principals_[i].second;
}

Catalog Catalog::load() {
  Catalog c;
  constexpr std::string_view kActions = "catalog/actions/";
  for (const auto& f : embedded::files()) {
    if (f.path == "catalog/services.tsv") {
      for_each_record(f.text, [&](const std::vector<std::string_view>& cols) {
        if (!cols[0].empty() && cols[0].find_first_of(" :*") == std::string_view::npos)
          c.services_.push_back(to_lower(cols[0]));
      });
    } else if (f.path.starts_with(kActions) && f.path.ends_with(".tsv")) {
      std::string code = to_lower(f.path.substr(kActions.size(), f.path.size() - kActions.size() - 4));
      if (code.empty() || code.find('/') != std::string::npos) continue;
      c.services_.push_back(code);
      // "# complete: yes" on the first line.
      std::string_view first = trim(f.text.substr(0, f.text.find('\n')));
      if (first.starts_with("#")) {
        first = trim(first.substr(1));
        if (first.starts_with("complete:") && trim(first.substr(9)) == "yes") c.complete_services_.push_back(code);
      }
      std::uint32_t order = 0;
      for_each_record(f.text, [&](const std::vector<std::string_view>& cols) {
        std::string_view name = cols[0];
        if (name.empty() || name.find_first_of(" :*?") != std::string_view::npos) return;
        Action a;
        a.service = code;
        a.name = std::string(name);
        a.level = cols.size() > 1 ? parse_level(cols[1]) : Level::None;
        a.order = order++;
        c.actions_.push_back(std::move(a));
      });
    } else if (f.path == "catalog/condition-keys.tsv") {
      for_each_record(f.text, [&](const std::vector<std::string_view>& cols) {
        if (cols.size() < 2 || cols[0].empty()) return;
        if (auto t = parse_type(cols[1])) c.keys_.emplace_back(to_lower(cols[0]), *t);
      });
    } else if (f.path == "catalog/arn-services.tsv") {
      for_each_record(f.text, [&](const std::vector<std::string_view>& cols) {
        if (cols.size() < 2 || cols[0].empty() || cols[1].empty()) return;
        c.arn_services_.emplace_back(to_lower(cols[0]), to_lower(cols[1]));
      });
    } else if (f.path == "catalog/service-principals.tsv") {
      for_each_record(f.text, [&](const std::vector<std::string_view>& cols) {
        if (cols[0].empty()) return;
        bool scoped = cols.size() > 1 && cols[1] == "yes";
        c.principals_.emplace_back(to_lower(cols[0]), scoped);
      });
    }
  }
  sort_unique(c.services_);
  sort_unique(c.complete_services_);
  // Actions: sorted by lower-case full name, first spelling of a duplicate
  // kept (the order of indices is sorted, not the actions themselves).
  std::vector<std::string> lower;
  lower.reserve(c.actions_.size());
  for (const auto& a : c.actions_) lower.push_back(to_lower(a.full()));
  std::vector<std::uint32_t> order(c.actions_.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t x, std::uint32_t y) { return lower[x] < lower[y]; });
  std::vector<Action> sorted;
  sorted.reserve(order.size());
  c.keys_lower_.reserve(order.size());
  for (std::size_t k = 0; k < order.size(); ++k) {
    if (!c.keys_lower_.empty() && lower[order[k]] == c.keys_lower_.back()) continue;
    c.keys_lower_.push_back(std::move(lower[order[k]]));
    sorted.push_back(std::move(c.actions_[order[k]]));
  }
  c.actions_ = std::move(sorted);
  auto by_first = [](const auto& x, const auto& y) { return x.first < y.first; };
  std::stable_sort(c.keys_.begin(), c.keys_.end(), by_first);
  c.keys_.erase(
      std::unique(c.keys_.begin(), c.keys_.end(), [](const auto& x, const auto& y) { return x.first == y.first; }),
      c.keys_.end());
  for (const auto& e : c.keys_)
    if (!e.first.empty() && e.first.back() == '*') c.key_prefixes_.push_back(e);
  sort_unique_pairs(c.arn_services_);
  std::stable_sort(c.principals_.begin(), c.principals_.end(), by_first);
  c.principals_.erase(std::unique(c.principals_.begin(), c.principals_.end(),
                                  [](const auto& x, const auto& y) { return x.first == y.first; }),
                      c.principals_.end());
  auto self = [](const std::string& x) { return std::string_view(x); };
  auto first = [](const auto& e) { return std::string_view(e.first); };
  c.services_index_.build(keys_of(c.services_, self));
  c.complete_index_.build(keys_of(c.complete_services_, self));
  c.actions_index_.build(keys_of(c.keys_lower_, self));
  c.keys_index_.build(keys_of(c.keys_, first));
  c.principals_index_.build(keys_of(c.principals_, first));
  // Each service's actions: the keys that begin with "<code>:".
  for (const std::string& code : c.services_) {
    std::string prefix = code + ":";
    auto lo = std::lower_bound(c.keys_lower_.begin(), c.keys_lower_.end(), prefix);
    auto hi = lo;
    while (hi != c.keys_lower_.end() && hi->starts_with(prefix)) ++hi;
    c.service_ranges_.emplace_back(static_cast<std::uint32_t>(lo - c.keys_lower_.begin()),
                                   static_cast<std::uint32_t>(hi - c.keys_lower_.begin()));
  }
  return c;
}

const Catalog& get() {
  static const Catalog c = Catalog::load();
  return c;
}

}  // namespace policylint::catalog
