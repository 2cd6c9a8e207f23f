#include "eval/pattern_index.hpp"

#include <algorithm>
#include <unordered_map>

#include "policylint/eval.hpp"
#include "util/text.hpp"

namespace policylint::eval {

using util::has_wildcard;

// ---- RunIndex ---------------------------------------------------------------

RunIndex::RunIndex(const std::vector<std::string_view>& wild, bool ci) : ci_(ci) {
  // Calls f(key, length) for each run of p (at most its last kKeyMax
  // characters).
  auto each_run = [&](std::string_view p, auto&& f) {
    for (std::size_t start = 0; start <= p.size();) {
      std::size_t end = std::min(p.find_first_of("*?", start), p.size());
      std::string_view run = p.substr(start, end - start);
      if (run.size() > kKeyMax) run.remove_prefix(run.size() - kKeyMax);
      if (!run.empty()) f(length_key(hash(run), run.size()), run.size());
      start = end + 1;
    }
  };
  // Any run of an item lies within a run of what it covers, not only its
  // longest: each item is filed under its run that the fewest items share
  // (the longer of those), so that a run common to all of them (an account
  // ID) does not make every item a candidate for every probe.
  std::unordered_map<std::uint64_t, std::uint32_t> shared;
  for (std::string_view p : wild) each_run(p, [&](std::uint64_t k, std::size_t) { ++shared[k]; });
  for (std::uint32_t i = 0; i < wild.size(); ++i) {
    std::uint64_t best = 0;
    std::size_t best_len = 0;
    std::uint32_t best_count = 0;
    each_run(wild[i], [&](std::uint64_t k, std::size_t len) {
      std::uint32_t count = shared[k];
      if (best_len == 0 || count < best_count || (count == best_count && len > best_len))
        best = k, best_len = len, best_count = count;
    });
    if (best_len == 0) {
      open_.push_back(i);
      continue;
    }
    runs_.emplace_back(best, i);
    if (std::find(lengths_.begin(), lengths_.end(), best_len) == lengths_.end()) lengths_.push_back(best_len);
  }
  std::sort(runs_.begin(), runs_.end());
  std::sort(lengths_.begin(), lengths_.end());
  // At most half the slots taken (a power of two, at least 2).
  std::size_t slots = 2;
  unsigned bits = 1;
  while (slots < 2 * runs_.size()) slots *= 2, ++bits;
  table_.assign(slots, 0);
  shift_ = 64 - bits;
  for (std::size_t i = 0; i < runs_.size(); ++i) {
    if (i > 0 && runs_[i - 1].first == runs_[i].first) continue;
    std::size_t at = (runs_[i].first * 0x9E3779B97F4A7C15ULL) >> shift_;
    while (table_[at] != 0) at = (at + 1) & (slots - 1);
    table_[at] = static_cast<std::uint32_t>(i + 1);
  }
}

std::uint64_t RunIndex::fold(char c) const { return static_cast<unsigned char>(ci_ ? util::lower(c) : c); }

std::uint64_t RunIndex::hash(std::string_view run) const {
  std::uint64_t h = 0;
  for (char c : run) h = h * kRollBase + fold(c);
  return h;
}

// ---- EdgeIndex --------------------------------------------------------------

EdgeIndex::EdgeIndex(std::vector<std::string> edges) {
  order_.resize(edges.size());
  for (std::uint32_t i = 0; i < order_.size(); ++i) order_[i] = i;
  std::sort(order_.begin(), order_.end(), [&](std::uint32_t a, std::uint32_t b) { return edges[a] < edges[b]; });
  sorted_.reserve(edges.size());
  for (std::uint32_t i : order_) sorted_.push_back(std::move(edges[i]));
  // One key per distinct edge, at the first of its equal run in sorted_.
  for (std::uint32_t at = 0, end = 0; at < sorted_.size(); at = end) {
    const std::string& e = sorted_[at];
    for (end = at + 1; end < sorted_.size() && sorted_[end] == e;) ++end;
    std::uint64_t h = 0;
    for (char c : e) h = h * kRollBase + static_cast<unsigned char>(c);
    keys_.push_back({length_key(h, e.size()), at, end});
    if (has_length_.size() <= e.size()) has_length_.resize(e.size() + 1, false);
    has_length_[e.size()] = true;
  }
  std::sort(keys_.begin(), keys_.end());
}

EdgeIndex::Candidates EdgeIndex::candidates(const std::string& e) const {
  Candidates out;
  auto add = [&](std::size_t lo, std::size_t hi) {
    if (lo < hi) out.ranges.emplace_back(lo, hi), out.count += hi - lo;
  };
  // Edges that begin e (shorter than it): at most one distinct edge per
  // length, found by the hash of e's prefix of that length.
  std::uint64_t h = 0;
  for (std::size_t len = 0; len < e.size() && len < has_length_.size();
       h = h * kRollBase + static_cast<unsigned char>(e[len++])) {
    if (!has_length_[len]) continue;
    const std::uint64_t k = length_key(h, len);
    for (auto it = std::lower_bound(keys_.begin(), keys_.end(), Key{k, 0, 0}); it != keys_.end() && it->key == k;
         ++it) {
      const std::string& s = sorted_[it->begin];
      if (s.size() != len || e.compare(0, len, s) != 0) continue;  // another edge of the same hash
      add(it->begin, it->end);
      break;
    }
  }
  // Edges that e begins (e too): a range of the sorted edges.
  auto lo = std::lower_bound(sorted_.begin(), sorted_.end(), e);
  auto hi = std::partition_point(lo, sorted_.end(), [&](const std::string& s) { return s.starts_with(e); });
  add(static_cast<std::size_t>(lo - sorted_.begin()), static_cast<std::size_t>(hi - sorted_.begin()));
  return out;
}

// ---- PatternIndex -----------------------------------------------------------

namespace {

// The head of a pattern (before its first '*' or '?'), or its tail (after
// its last, reversed), case folded when asked.
std::string head(std::string_view p, bool ci) {
  std::string out(p.substr(0, std::min(p.find_first_of("*?"), p.size())));
  if (ci)
    for (char& c : out) c = util::lower(c);
  return out;
}

std::string tail(std::string_view p, bool ci) {
  std::size_t last = p.find_last_of("*?");
  std::string out(last == std::string_view::npos ? p : p.substr(last + 1));
  std::reverse(out.begin(), out.end());
  if (ci)
    for (char& c : out) c = util::lower(c);
  return out;
}

}  // namespace

struct PatternIndex::Edges {
  EdgeIndex heads, tails;
};

std::size_t PatternIndex::Hash::operator()(std::string_view s) const {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : s) h = (h ^ static_cast<unsigned char>(ci ? util::lower(c) : c)) * 0x100000001B3ULL;
  return static_cast<std::size_t>(h);
}

bool PatternIndex::Equal::operator()(std::string_view a, std::string_view b) const {
  return ci ? util::iequals(a, b) : a == b;
}

PatternIndex::PatternIndex(std::vector<std::string_view> items, bool ci)
    : ci_(ci), items_(std::move(items)), literals_(0, Hash{ci}, Equal{ci}) {
  for (std::string_view x : items_) {
    if (has_wildcard(x))
      wild_.push_back(x);
    else
      literals_.insert(x);
  }
  if (wild_.size() >= kIndexFrom) runs_.emplace(wild_, ci);
}

PatternIndex::PatternIndex(PatternIndex&&) noexcept = default;
PatternIndex& PatternIndex::operator=(PatternIndex&&) noexcept = default;
PatternIndex::~PatternIndex() = default;

bool PatternIndex::covers(std::string_view p) const {
  // A literal item covers only itself; a wildcard item is found by its run.
  if (!has_wildcard(p) && has_literal(p)) return true;
  if (runs_) return runs_->any(p, [&](std::uint32_t i) { return pattern_covers(wild_[i], p, ci_); });
  return std::any_of(wild_.begin(), wild_.end(), [&](std::string_view x) { return pattern_covers(x, p, ci_); });
}

bool PatternIndex::overlaps(std::string_view p) const {
  // A value overlaps an item only where the item covers it.
  if (!has_wildcard(p)) return covers(p);
  if (items_.size() < kIndexFrom)
    return std::any_of(items_.begin(), items_.end(), [&](std::string_view x) { return patterns_overlap(x, p, ci_); });
  if (!edges_) {
    std::vector<std::string> heads, tails;
    heads.reserve(items_.size());
    tails.reserve(items_.size());
    for (std::string_view x : items_) heads.push_back(head(x, ci_)), tails.push_back(tail(x, ci_));
    edges_ = std::make_unique<Edges>(Edges{EdgeIndex(std::move(heads)), EdgeIndex(std::move(tails))});
  }
  // The items whose head fits p's, or those whose tail fits p's: the
  // fewer.
  EdgeIndex::Candidates by_head = edges_->heads.candidates(head(p, ci_));
  EdgeIndex::Candidates by_tail = edges_->tails.candidates(tail(p, ci_));
  const bool heads = by_head.count <= by_tail.count;
  const EdgeIndex& index = heads ? edges_->heads : edges_->tails;
  for (const auto& [lo, hi] : (heads ? by_head : by_tail).ranges)
    for (std::uint32_t at = lo; at < hi; ++at)
      if (patterns_overlap(items_[index.item(at)], p, ci_)) return true;
  return false;
}

OwnerRunIndex::OwnerRunIndex(const std::vector<std::string_view>& wild, std::vector<std::uint32_t> owner,
                             std::size_t owners, bool ci)
    : owner_(std::move(owner)), runs_(wild, ci), seen_(owners, 0) {}

bool OwnerRunIndex::owners(std::span<const std::string_view> probes, std::size_t budget,
                           std::vector<std::uint32_t>& out) const {
  const std::uint32_t round = ++call_;
  auto take = [&](std::uint32_t item) {
    const std::uint32_t t = owner_[item];
    if (seen_[t] != round) seen_[t] = round, out.push_back(t);
    if (budget == 0) return true;
    --budget;
    return false;
  };
  for (std::string_view p : probes)
    if (runs_.any(p, take)) return false;
  return true;
}

}  // namespace policylint::eval
