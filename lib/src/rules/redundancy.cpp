// Rules of the "redundancy" family.
#include "families.hpp"

namespace policylint::rules {

std::span<const RuleImpl> redundancy_rules() { return {}; }

}  // namespace policylint::rules
