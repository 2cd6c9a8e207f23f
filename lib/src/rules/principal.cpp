// Rules of the "principal" family.
#include "families.hpp"

namespace policylint::rules {

std::span<const RuleImpl> principal_rules() { return {}; }

}  // namespace policylint::rules
