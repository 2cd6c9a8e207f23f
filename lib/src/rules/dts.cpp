// Rules of the "dts" family.
#include "families.hpp"

namespace policylint::rules {

std::span<const RuleImpl> dts_rules() { return {}; }

}  // namespace policylint::rules
