// Rules of the "action" family.
#include "families.hpp"

namespace policylint::rules {

std::span<const RuleImpl> action_rules() { return {}; }

}  // namespace policylint::rules
