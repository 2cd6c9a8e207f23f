#include <algorithm>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "engine/rule_table.hpp"
#include "policylint/rule.hpp"

namespace policylint {

Finding& Reporter::report(std::string_view rule, Span span, std::string message) {
  // Room for a few at the first: most documents with findings have several.
  if (findings_.capacity() == 0) findings_.reserve(8);
  Finding& f = findings_.emplace_back();
  // One look-up for the id's spelling and its page.
  const RuleMeta* meta = nullptr;
  f.rule = RuleId::of(rule, &meta);
  f.severity = meta != nullptr ? meta->severity : Severity::Warning;
  f.message = std::move(message);
  f.span = span;
  return f;
}

void mark_uncertain(Finding& f) {
  const RuleMeta* meta = find_rule(f.rule);
  if (meta != nullptr && meta->severity_when_uncertain) f.severity = *meta->severity_when_uncertain;
}

std::span<const RuleMeta> rule_metadata() { return detail::kRuleTable; }

namespace {

// Rule ids and aliases in an open-addressing hash table: find_rule runs for
// every finding (its severity, the kinds it is reported for), and a binary
// search compares long ids with a shared family prefix many times.
class RuleIndex {
public:
  RuleIndex() {
    std::span<const RuleMeta> all = rule_metadata();
    std::size_t keys = all.size();
    for (const auto& m : all) keys += m.aliases.size();
    std::size_t size = 64;
    while (size < 4 * keys) size *= 2;  // at most a quarter full: short probes
    slots_.resize(size);
    mask_ = size - 1;
    // Ids first, then aliases in table order: an id wins over another rule's
    // alias, and the first rule with an alias wins, as a scan would find them.
    for (const auto& m : all) insert(m.id, &m);
    for (const auto& m : all)
      for (const auto& a : m.aliases) insert(a, &m);
  }
  struct Slot {
    std::string_view key;  // the table's own text of the id or alias
    const RuleMeta* meta = nullptr;
  };
  // The slot of key (meta null when there is none).
  const Slot& find(std::string_view key) const {
    for (std::size_t h = hash(key) & mask_;; h = (h + 1) & mask_) {
      const Slot& s = slots_[h];
      // The table's own text (a RuleId made by RuleId::of): no bytes to compare.
      if (s.meta == nullptr || (s.key.data() == key.data() && s.key.size() == key.size()) || s.key == key) return s;
    }
  }

private:
  // Eight bytes at a time (ids are 15 to 40 bytes): the first and last words
  // and the length, and the middle words of a longer id.
  static std::size_t hash(std::string_view s) {
    auto load = [](const char* p) {
      std::uint64_t w;
      std::memcpy(&w, p, 8);
      return w;
    };
    constexpr std::uint64_t kMul = 0x9E3779B97F4A7C15ULL;
    const std::size_t n = s.size();
    std::uint64_t h = n * kMul;
    if (n >= 8) {
      for (std::size_t i = 0; i + 8 < n; i += 8) h = (h ^ load(s.data() + i)) * kMul;
      h = (h ^ load(s.data() + n - 8)) * kMul;
    } else {
      for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * kMul;
    }
    return static_cast<std::size_t>(h ^ (h >> 29));
  }
  void insert(std::string_view key, const RuleMeta* meta) {
    for (std::size_t h = hash(key) & mask_;; h = (h + 1) & mask_) {
      if (slots_[h].meta == nullptr) {
        slots_[h] = Slot{key, meta};
        return;
      }
      if (slots_[h].key == key) return;  // taken by an id or an earlier alias
    }
  }
  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
};

// The slot of an id or alias (meta null when the table has none).
const RuleIndex::Slot& find_slot(std::string_view id) {
  static const RuleIndex index;
  // The last id found, as the table spells it: a rule reports one id many
  // times in a row, and each finding asks for it several times.
  thread_local const RuleIndex::Slot* last = nullptr;
  if (last != nullptr && id == last->key) return *last;
  const RuleIndex::Slot& slot = index.find(id);
  if (slot.meta != nullptr) last = &slot;
  return slot;
}

}  // namespace

const RuleMeta* find_rule(std::string_view id) { return find_slot(id).meta; }

SharedString::SharedString(std::string text) {
  // No string for an empty text: str() gives the one empty string.
  if (!text.empty()) text_ = std::make_shared<const std::string>(std::move(text));
}

const std::string& SharedString::empty_string() {
  static const std::string empty;
  return empty;
}

RuleId RuleId::of(std::string_view id) { return of(id, nullptr); }

RuleId RuleId::of(std::string_view id, const RuleMeta** meta) {
  const RuleIndex::Slot& slot = find_slot(id);
  if (meta != nullptr) *meta = slot.meta;
  if (slot.meta != nullptr) return RuleId(slot.key, 0);
  // An id the table does not know: one copy for the process, in a set whose
  // nodes never move, never destroyed (a view may be read while the program
  // exits).
  static auto& mutex = *new std::mutex;
  static auto& interned = *new std::set<std::string, std::less<>>;
  std::lock_guard<std::mutex> lock(mutex);
  auto it = interned.find(id);
  if (it == interned.end()) it = interned.emplace(id).first;
  return RuleId(*it, 0);
}

}  // namespace policylint
