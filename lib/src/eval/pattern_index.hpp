#pragma once
// A set of wildcard patterns (the items of one Action, Resource or Principal
// element) that answers, for a value or pattern p, whether some item covers
// p (eval::pattern_covers) and whether some item shares a string with p
// (eval::patterns_overlap), without testing every item: the set relations
// between two elements (eval's subset and overlap, bucket/statement-dropped)
// asked each item of one element against each item of the other, so two
// elements of 4 000 items took seconds and of 100 000 hours.
//
// Each answer is the any_of over the items of the test it names; the index
// only chooses which items to test. The views passed in must outlive it.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

namespace policylint::eval {

// The polynomial hash both indexes roll along a text (h * kRollBase + byte),
// and a hash of a stretch made a key together with its length.
inline constexpr std::uint64_t kRollBase = 0x100000001B3ULL;
inline std::uint64_t length_key(std::uint64_t h, std::size_t len) { return h ^ (len * 0x9E3779B97F4A7C15ULL); }

// The wildcard items of a set, filed by a run of their literal characters,
// for "which items may cover p". A pattern x covers a value or pattern p only
// if x's literal characters meet literal characters of p, in order and one
// for one (in pattern_covers a wildcard of p is taken only by a wildcard of
// x): so each run of literal characters of x lies within one run of p's,
// and so does any part of it. Each item is filed under the hash of one of
// its runs, the one the fewest items share, or of its last kKeyMax
// characters when it is longer (so that a probe is looked up at most
// kKeyMax + 1 lengths, whatever the items), case folded for actions; the
// candidates for p are the items filed under the hash of some stretch of
// one of p's runs, found by one rolling pass over p's runs per distinct key
// length, and the items without a literal character ("*"). A collision
// only adds a candidate: the test decides.
class RunIndex {
public:
  RunIndex(const std::vector<std::string_view>& wild, bool ci);

  // Calls test(i) for each candidate item i (its place in wild) for covering
  // p, an item perhaps more than once, until it returns true; returns whether
  // one did.
  template <typename Test>
  bool any(std::string_view p, Test&& test) const {
    for (std::uint32_t i : open_)
      if (test(i)) return true;
    for (std::size_t start = 0; start < p.size();) {
      std::size_t end = start;
      while (end < p.size() && p[end] != '*' && p[end] != '?') ++end;
      for (std::size_t len : lengths_) {
        if (len > end - start) break;
        // The hash of each stretch of len characters, rolled along the run.
        std::uint64_t h = hash(p.substr(start, len)), top = 1;
        for (std::size_t k = 1; k < len; ++k) top *= kRollBase;
        for (std::size_t at = start;; ++at) {
          const std::uint64_t k = length_key(h, len);
          for (auto it = find(k); it != runs_.end() && it->first == k; ++it)
            if (test(it->second)) return true;
          if (at + len >= end) break;
          h = (h - top * fold(p[at])) * kRollBase + fold(p[at + len]);
        }
      }
      start = end + 1;
    }
    return false;
  }

private:
  static constexpr std::size_t kKeyMax = 16;
  using Entry = std::pair<std::uint64_t, std::uint32_t>;  // (key, item)

  std::uint64_t fold(char c) const;
  std::uint64_t hash(std::string_view run) const;
  // The first entry of key k in runs_, or runs_.end(): through table_.
  std::vector<Entry>::const_iterator find(std::uint64_t k) const {
    for (std::size_t at = (k * 0x9E3779B97F4A7C15ULL) >> shift_;; at = (at + 1) & (table_.size() - 1)) {
      const std::uint32_t slot = table_[at];
      if (slot == 0) return runs_.end();
      if (runs_[slot - 1].first == k) return runs_.begin() + (slot - 1);
    }
  }

  bool ci_ = false;
  std::vector<std::uint32_t> open_;
  std::vector<Entry> runs_;  // sorted
  std::vector<std::size_t> lengths_;
  // An open-addressing table of the distinct keys of runs_: 1 + the place
  // of each one's first entry, 0 for an empty slot (a lookup per stretch of
  // a probe: a binary search each made 100 000 items 14 times slower than
  // 1 000 per probe).
  std::vector<std::uint32_t> table_;
  unsigned shift_ = 64;
};

// The wildcard items of many owners (the statements of a document), filed
// by their runs: which owners have an item that may cover a probe, each
// once, without looking at every owner. The redundancy rules' index and
// bucket/statement-dropped ask it of statements alike but for the literal
// runs of their patterns.
class OwnerRunIndex {
public:
  // wild[i] is an item of owner[i]; owners: one more than the largest owner.
  OwnerRunIndex(const std::vector<std::string_view>& wild, std::vector<std::uint32_t> owner, std::size_t owners,
                bool ci);

  // Appends to out, once each, the owners with an item that may cover one of
  // the probes (a superset of those that do: the test decides). Returns
  // false, out then incomplete, once more than `budget` candidate items
  // have been looked at: the caller takes all the owners instead.
  bool owners(std::span<const std::string_view> probes, std::size_t budget, std::vector<std::uint32_t>& out) const;

private:
  std::vector<std::uint32_t> owner_;
  RunIndex runs_;
  // The call that last took owner i (scratch: an index is used by one thread).
  mutable std::vector<std::uint32_t> seen_;
  mutable std::uint32_t call_ = 0;
};

// The items of a set by one of their edges, for "which items may share a
// string with p". An item's head is its text before its first '*' or '?'
// (all of it when it has none), its tail the text after its last; a string
// both x and p match begins with both heads and ends with both tails, so x
// overlaps p only if one head begins the other and one tail ends the other
// (and, when both have a '*', exactly then). An EdgeIndex holds one edge of
// every item (a tail reversed, so that both are prefixes; case folded for
// actions): the items whose edge begins p's edge are found by a hash per
// length their edges have, those whose edge p's edge begins are a range of
// the sorted edges.
class EdgeIndex {
public:
  explicit EdgeIndex(std::vector<std::string> edges);

  // The candidates for an edge e: the groups of items (ranges of order_).
  struct Candidates {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> ranges;
    std::size_t count = 0;
  };
  Candidates candidates(const std::string& e) const;
  std::uint32_t item(std::uint32_t at) const { return order_[at]; }

private:
  std::vector<std::string> sorted_;   // the edges, sorted
  std::vector<std::uint32_t> order_;  // the item of each sorted edge
  // Each distinct edge: the hash of it and its length, and its run in
  // sorted_; sorted by key.
  struct Key {
    std::uint64_t key;
    std::uint32_t begin, end;
    bool operator<(const Key& o) const { return key < o.key || (key == o.key && begin < o.begin); }
  };
  std::vector<Key> keys_;
  std::vector<bool> has_length_;  // some edge is this long
};

// The set: its literal items in a hash set, its wildcard items tested one by
// one or, when there are many, through a RunIndex (covers) and two
// EdgeIndexes (overlaps, built at the first pattern asked about).
class PatternIndex {
public:
  PatternIndex(std::vector<std::string_view> items, bool ci);
  PatternIndex(PatternIndex&&) noexcept;
  PatternIndex& operator=(PatternIndex&&) noexcept;
  ~PatternIndex();

  // Some item covers p (pattern_covers(item, p)).
  bool covers(std::string_view p) const;
  // Some item shares a string with p (patterns_overlap(item, p)).
  bool overlaps(std::string_view p) const;

  // A literal item equal to v (case folded for actions).
  bool has_literal(std::string_view v) const { return literals_.count(v) != 0; }
  bool has_wildcard_item() const { return !wild_.empty(); }
  // The distinct literal items (the first spelling of each when folded).
  template <typename F>
  void each_literal(F&& f) const {
    for (std::string_view v : literals_) f(v);
  }

  // From this many wildcard items (or items, for overlaps) the indexes pay
  // for themselves; below, each is tested.
  static constexpr std::size_t kIndexFrom = 16;

private:
  struct Hash {
    bool ci;
    std::size_t operator()(std::string_view s) const;
  };
  struct Equal {
    bool ci;
    bool operator()(std::string_view a, std::string_view b) const;
  };
  struct Edges;

  bool ci_;
  std::vector<std::string_view> items_;
  std::unordered_set<std::string_view, Hash, Equal> literals_;
  std::vector<std::string_view> wild_;
  std::optional<RunIndex> runs_;
  mutable std::unique_ptr<Edges> edges_;
};

}  // namespace policylint::eval
