#include <algorithm>

#include "engine/rule_table.hpp"
#include "policylint/rule.hpp"

namespace policylint {

Finding& Reporter::report(std::string_view rule, Span span, std::string message) {
  Finding& f = findings_.emplace_back();
  f.rule = std::string(rule);
  const RuleMeta* meta = find_rule(rule);
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

const RuleMeta* find_rule(std::string_view id) {
  std::span<const RuleMeta> all = rule_metadata();
  auto it =
      std::lower_bound(all.begin(), all.end(), id, [](const RuleMeta& m, std::string_view i) { return m.id < i; });
  if (it != all.end() && it->id == id) return &*it;
  for (const auto& m : all)
    if (std::find(m.aliases.begin(), m.aliases.end(), id) != m.aliases.end()) return &m;
  return nullptr;
}

}  // namespace policylint
