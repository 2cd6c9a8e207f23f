#pragma once
// The proof of a setup: each link the seeds describe, asked of the documents
// with the evaluator (Deny wins, Not* elements, wildcards, conditions), and a
// finding at the place to edit for each link that is certainly broken.
#include <vector>

#include "documents.hpp"
#include "policylint/finding.hpp"
#include "policylint/setup.hpp"

namespace policylint::setup {

// Proves each setup. Findings (rules setup/*) are appended to `findings` with
// path, span, positions and related locations filled in; a setup that was
// inferred rather than declared gives each its rule's severity when
// uncertain. One result per setup, in order.
std::vector<SetupResult> prove(const std::vector<Setup>& setups, DocumentStore& store, std::vector<Finding>& findings);

}  // namespace policylint::setup
