// Rules of the "placeholder" family.
#include "families.hpp"

namespace policylint::rules {

std::span<const RuleImpl> placeholder_rules() { return {}; }

}  // namespace policylint::rules
