#pragma once
// The one requirement check of the replication and migration families
// (requirements.cpp), registered under both families' missing-action and
// missing-resource-form ids.
#include <string>
#include <string_view>

#include "policylint/rule.hpp"

namespace policylint::rules {

void check_requirements(const Context& ctx);

// Does the requirement check report, for statement s, that the ARN arn is
// missing for a pattern that covers the action? Other rules leave that gap
// to it (one gap, one finding).
bool gap_reported(const Context& ctx, const Statement& s, std::string_view action, const std::string& arn);

}  // namespace policylint::rules
