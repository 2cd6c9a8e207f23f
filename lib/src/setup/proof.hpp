#pragma once
// The proof of a setup: each link the seeds describe, asked of the documents
// with the evaluator (Deny wins, Not* elements, wildcards, conditions), and a
// finding at the place to edit for each link that is certainly broken.
#include <vector>

#include "documents.hpp"
#include "policylint/finding.hpp"
#include "policylint/i18n.hpp"
#include "policylint/setup.hpp"

namespace policylint::setup {

// Proves each setup. Findings (rules setup/*) are appended to `findings` with
// path, span, positions and related locations filled in; a setup that was
// inferred rather than declared gives each its rule's severity when
// uncertain. One result per setup, in order. Messages, related-location
// labels and the steps' words are written in lang (rules/messages/setup.tsv).
std::vector<SetupResult> prove(const std::vector<Setup>& setups, DocumentStore& store, std::vector<Finding>& findings,
                               Lang lang = Lang::En);

// setup_summary (policylint/setup.hpp) in a language.
std::string setup_summary(const std::vector<SetupResult>& setups, Lang lang);

// The message naming a task as the configuration writes it ("setup.kind.dts-vpc").
std::string_view kind_id(Task t);
// The message naming a verdict ("setup.verdict.not-granted").
std::string_view verdict_id(Verdict v);

}  // namespace policylint::setup
