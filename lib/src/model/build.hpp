#pragma once
// build_policy for a caller that builds many policies on one thread.
#include <vector>

#include "policylint/policy.hpp"

namespace policylint::model {

// build_policy(root), its statement list made in storage: emptied, its
// capacity kept (the engine gives back the list of the thread's last
// document, so that a document asks for no new one).
Policy build_policy_in(const json::Node* root, std::vector<Statement> storage);

}  // namespace policylint::model
