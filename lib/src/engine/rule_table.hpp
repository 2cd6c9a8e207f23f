#pragma once
// The rule metadata table, generated from the rule pages under rules/ at build
// time by lib/gen/policylint_gen.cpp.
#include <span>

#include "policylint/rule.hpp"

namespace policylint::detail {

// Every rule page's header (translations <name>.<lang>.md and pages without an
// id left out), sorted by id; the doc views are the embedded page texts.
extern const std::span<const RuleMeta> kRuleTable;

}  // namespace policylint::detail
