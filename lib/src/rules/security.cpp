// Rules of the "security" family.
#include "families.hpp"

namespace policylint::rules {

std::span<const RuleImpl> security_rules() { return {}; }

}  // namespace policylint::rules
