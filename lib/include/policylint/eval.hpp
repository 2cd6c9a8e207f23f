#pragma once
// Wildcard matching and a small evaluator: "does this document allow action A
// on resource R (for principal P)?", with explicit Deny winning and conditions
// treated as "may apply".
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "policylint/policy.hpp"

namespace policylint::eval {

// Matches value against pattern where '*' is any run (also empty) and '?' one
// character. Linear-time; case-insensitive when asked (actions), exact otherwise (ARNs).
bool wildcard_match(std::string_view pattern, std::string_view value, bool case_insensitive);

// Does every string that `specific` matches also match `general`? Both are
// wildcard patterns ('*', '?'); a '*' or '?' in specific is a wildcard, not a
// literal. Sound: true only when inclusion holds. Linear-time, but for the
// pieces of general that hold a '?': |specific| * |piece| / 64 each.
bool pattern_covers(std::string_view general, std::string_view specific, bool case_insensitive);
// Is there a string that both patterns match? Linear-time, but for the pieces
// with a '?' when only one of them has a '*': |other| * |piece| / 64 each.
bool patterns_overlap(std::string_view a, std::string_view b, bool case_insensitive);

// Does the statement's Action/NotAction cover the action? (NotAction: covers
// every action not listed.) Actions compare case-insensitively.
bool covers_action(const Statement& s, std::string_view action);
// Does the statement's Resource/NotResource cover the ARN? A statement with
// neither (trust policies) covers every resource.
bool covers_resource(const Statement& s, std::string_view resource);
// Does the statement's Principal cover the principal string? A statement
// without Principal covers every principal (identity policies).
bool covers_principal(const Statement& s, std::string_view principal);

// Set relations between the Action/Resource/Principal elements of two
// statements, decided on the patterns (sound, not complete: false when
// unsure). "inner ⊆ outer": every action (resource, principal) inner names is
// also named by outer. A missing Resource is every resource; a missing
// Principal is whoever the policy is attached to (covers only another
// statement without Principal).
bool actions_subset(const Statement& inner, const Statement& outer);
bool resources_subset(const Statement& inner, const Statement& outer);
bool principals_subset(const Statement& inner, const Statement& outer);
// Can some action (resource) be named by both statements?
bool actions_overlap(const Statement& a, const Statement& b);
bool resources_overlap(const Statement& a, const Statement& b);

// An unconditional Deny of the same policy that takes back everything the
// statement grants (its actions, resources and principals), or nullptr.
const Statement* overriding_deny(const Policy& policy, const Statement& allow);

enum class Decision : std::uint8_t {
  ImplicitDeny,      // no statement applies
  Allow,             // an unconditional Allow applies, no Deny may apply
  ConditionalAllow,  // only Allows with conditions apply, no Deny may apply
  Deny,              // an unconditional Deny applies
  MaybeDeny,         // an Allow applies but a conditional Deny may override it
};

struct Request {
  std::string_view action;
  std::string_view resource;   // empty: any resource (trust policies)
  std::string_view principal;  // empty: not checked
};

struct Answer {
  Decision decision = Decision::ImplicitDeny;
  std::vector<const Statement*> allowing;  // Allow statements that apply
  std::vector<const Statement*> denying;   // Deny statements that apply
  bool allowed() const { return decision == Decision::Allow || decision == Decision::ConditionalAllow; }
};

// Evaluates one document.
Answer evaluate(const Policy& policy, const Request& request);
// Evaluates a set of documents as one (identity + resource policies in parallel).
Answer evaluate(std::span<const Policy* const> policies, const Request& request);

}  // namespace policylint::eval
