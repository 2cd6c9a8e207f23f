// Rules of the "limit" family.
#include "families.hpp"

namespace policylint::rules {

std::span<const RuleImpl> limit_rules() { return {}; }

}  // namespace policylint::rules
