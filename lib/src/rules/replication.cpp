// Rules of the "replication" family.
#include "families.hpp"

namespace policylint::rules {

std::span<const RuleImpl> replication_rules() { return {}; }

}  // namespace policylint::rules
