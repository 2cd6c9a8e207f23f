#pragma once
// One table of rule implementations per family, each in id order. The
// registry merges them; a family file is the only place its rules are listed.
#include <span>

#include "policylint/rule.hpp"

namespace policylint::rules {

std::span<const RuleImpl> grammar_rules();      // grammar.cpp
std::span<const RuleImpl> action_rules();       // action.cpp
std::span<const RuleImpl> resource_rules();     // resource.cpp
std::span<const RuleImpl> principal_rules();    // principal.cpp
std::span<const RuleImpl> condition_rules();    // condition.cpp
std::span<const RuleImpl> security_rules();     // security.cpp
std::span<const RuleImpl> redundancy_rules();   // redundancy.cpp
std::span<const RuleImpl> replication_rules();  // replication.cpp
std::span<const RuleImpl> migration_rules();    // migration.cpp
std::span<const RuleImpl> dts_rules();          // dts.cpp
std::span<const RuleImpl> placeholder_rules();  // placeholder.cpp
std::span<const RuleImpl> bucket_rules();       // bucket.cpp
std::span<const RuleImpl> limit_rules();        // limit.cpp

}  // namespace policylint::rules
