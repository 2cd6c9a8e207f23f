// Rules of the "bucket" family.
#include "families.hpp"

namespace policylint::rules {

std::span<const RuleImpl> bucket_rules() { return {}; }

}  // namespace policylint::rules
