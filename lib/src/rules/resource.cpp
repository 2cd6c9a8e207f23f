// Rules of the "resource" family.
#include "families.hpp"

namespace policylint::rules {

std::span<const RuleImpl> resource_rules() { return {}; }

}  // namespace policylint::rules
