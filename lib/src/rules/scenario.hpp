#pragma once
// The intent of a document (a scenario of rules/requirements/scenarios.tsv,
// declared with --scenario or inferred from content) and the helpers the
// replication and migration rules share: the required action sets of
// rules/requirements/actions.tsv, OSS ARN parsing and a small "is this
// allowed" evaluation over one document.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/arn.hpp"
#include "policylint/catalog.hpp"
#include "policylint/rule.hpp"
#include "policylint/scenario.hpp"

namespace policylint::rules {

// What a document is for. scenario is null when it is neither declared (for
// this document's kind) nor inferred.
struct Intent {
  const Scenario* scenario = nullptr;
  bool declared = false;
  Message reason;  // inferred only: why (scenario.reason-*), e.g. "it grants \"oss:ReplicatePut\""
  // Inferred only: the value that decided it (the granted action, the
  // trusted service principal), where scenario/inferred reports; may be null.
  const json::Node* evidence = nullptr;
  // How many findings qualify() has marked (scenario/inferred reports only
  // when one is); counted on the document's one Intent (Facts::intent()).
  mutable std::size_t qualified = 0;

  bool is(std::string_view name) const { return scenario != nullptr && scenario->name == name; }
  bool starts_with(std::string_view prefix) const {
    return scenario != nullptr && std::string_view(scenario->name).starts_with(prefix);
  }
  // For a finding about an incomplete document: a declared intent keeps the
  // rule's severity; an inferred one lowers it (severity-when-uncertain) and
  // ends the message with "(inferred scenario <name>)" in the run's language.
  // How the scenario was inferred is said once per document, by
  // scenario/inferred.
  void qualify(const Context& ctx, Finding& f) const;
};

// What a scenario is for, in the run's language ("permission policy of a
// replication role ...": message scenario.<name>, else the data file's
// description).
std::string scenario_description(const Context& ctx, const Scenario& s);

// scenario/inferred: once per document whose scenario was inferred, when a
// rule of the replication or migration family reports under it.
void check_inferred(const Context& ctx);

// The declared scenario when it is one of this document's kind, otherwise
// the inferred one (conservative: only distinctive content counts). Rules
// read it through ctx.facts().intent(), computed once per document.
Intent intent_of(const Policy& policy, const Settings& settings);

enum class Need : std::uint8_t { Required, Optional, Forbidden };
// Which ARN form each action of a row is needed on: both the bucket ARN and
// <bucket>/* (replication), the form of the action's level (migration), or
// the Resource "*" (an "account" row: no bucket).
enum class Forms : std::uint8_t { Both, Level, Star };

struct ActionNeed {
  std::string scenario;
  std::string side;  // "source", "destination" or "account"
  Need need = Need::Required;
  std::string action;  // an action or a pattern such as "oss:Put*"
  Forms forms = Forms::Both;
};

// The rows of rules/requirements/actions.tsv for one scenario, side and need, in file order.
std::vector<const ActionNeed*> needs(std::string_view scenario, std::string_view side, Need need);

// OSS ARNs: the one model (model/arn.hpp).
using model::OssArn;
using model::parse_oss_arn;
// Does the action value start with "oss:Replicate" (any case)?
bool is_replicate_item(std::string_view v);

// No '*' or '?' in s.
bool concrete(std::string_view s);

enum class Form : std::uint8_t { Bucket, Object };  // <bucket> and <bucket>/*
std::string form_arn(const OssArn& arn, Form form);
// "bucket ARN" / "object ARN" in the run's language.
std::string form_name(const Context& ctx, Form form);

// Does the statement's Resource/NotResource cover the whole bucket ARN or all
// of "<bucket>/*"? Region and account segments are not compared, so this is
// not eval::covers_resource (which compares whole ARNs); actions use
// eval::covers_action.
bool covers_bucket(const Statement& s, std::string_view bucket, Form form);
// Does the statement's Principal cover the principal? eval::covers_principal,
// except that an empty principal means "not checked": yes.
bool covers_principal(const Statement& s, std::string_view principal);
// Is the action allowed on that form of the bucket (for the principal)? An
// Allow with a Condition counts; only an unconditional Deny takes it away
// (a conditional one may not apply). Not eval::evaluate: that one says
// MaybeDeny under a conditional Deny, and compares whole resource ARNs.
bool allowed(const Policy& p, std::string_view action, std::string_view bucket, Form form,
             std::string_view principal = {});

// Every OSS action of the catalog with its level, in the data file's
// (documentation) order, which messages listing actions keep.
struct OssAction {
  std::string name;  // "oss:GetObject"
  catalog::Level level = catalog::Level::None;
};
const std::vector<OssAction>& oss_actions();
// The OSS actions a pattern matches; the pattern itself when the data has none.
std::vector<OssAction> expand_oss(std::string_view pattern);

// The resource item of s naming the bucket in exactly that form
// (<head><bucket> or <head><bucket>/*), or nullptr.
const Str* form_item(const Statement& s, std::string_view bucket, Form form);
// An object pattern of the bucket narrower than "<bucket>/*" (b/logs/*) in an
// Allow statement that covers the action, or nullptr.
const Str* narrower_object(const Policy& p, std::string_view action, std::string_view bucket);
// The JSON string literal of a text: quotes, '"' and '\\' escaped, control
// characters as \u00XX (the text of an edit must stay valid JSON).
std::string json_string(std::string_view s);
// The same appended to out (no string of its own).
void append_json_string(std::string& out, std::string_view s);
// An edit that adds the other form of present's bucket ARN next to present in
// s's Resource (a string Resource becomes a list); nullopt when not possible.
std::optional<Edit> insert_form_edit(const Context& ctx, const Statement& s, const Str& present, Form missing);

}  // namespace policylint::rules
