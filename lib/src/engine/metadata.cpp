#include <algorithm>
#include <cstdint>
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
  f.rule = RuleId::of(rule);
  const RuleMeta* meta = find_rule(f.rule);
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
    for (std::size_t h = hash(key) & mask_;; h = (h + 1) & mask_)
      if (slots_[h].meta == nullptr || slots_[h].key == key) return slots_[h];
  }

private:
  static std::size_t hash(std::string_view s) {
    std::uint64_t h = 1469598103934665603ULL;
    for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
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

RuleId RuleId::of(std::string_view id) {
  const RuleIndex::Slot& slot = find_slot(id);
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
