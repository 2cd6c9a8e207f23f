// Rules of the "condition" family.
#include "families.hpp"

namespace policylint::rules {

std::span<const RuleImpl> condition_rules() { return {}; }

}  // namespace policylint::rules
