// Rules of the "migration" family.
#include "families.hpp"

namespace policylint::rules {

std::span<const RuleImpl> migration_rules() { return {}; }

}  // namespace policylint::rules
