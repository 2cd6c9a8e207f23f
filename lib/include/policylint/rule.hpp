#pragma once
// The contract between the engine and the rules: metadata (from rules/*.md),
// the reporter a rule writes to, and the per-document context it reads.
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "policylint/finding.hpp"
#include "policylint/i18n.hpp"
#include "policylint/json.hpp"
#include "policylint/policy.hpp"
#include "policylint/source.hpp"

namespace policylint {

// Metadata of one rule, from its rules/<family>/<name>.md header (read at
// build time by lib/gen/). The views point into the embedded page text and
// stay valid for the whole run.
struct RuleMeta {
  std::string_view id;
  Severity severity = Severity::Warning;
  // "severity-when-uncertain:": the severity of a finding the rule is not
  // sure of (an inferred scenario, behaviour the docs leave open); nullopt
  // when the rule's severity never depends on certainty.
  std::optional<Severity> severity_when_uncertain;
  KindMask kinds = kAllKinds;
  std::string_view summary;
  std::string_view requirements;  // e.g. "REP-02, REP-07" or "-"
  std::string_view fix;           // none | sometimes | always
  std::span<const std::string_view> aliases;
  std::string_view doc;  // the whole .md text
};

// All rule metadata, sorted by id: a constant table compiled from the pages.
std::span<const RuleMeta> rule_metadata();
// Metadata by id or alias; nullptr when unknown.
const RuleMeta* find_rule(std::string_view id);

// Gives a finding its rule's severity-when-uncertain (a rule without one
// keeps its severity): the lowering is declared in the rule's page header.
void mark_uncertain(Finding& f);

// Collects findings of one document. Rules never print or throw; they report.
class Reporter {
public:
  // Adds a finding with the rule's default severity and returns it so the
  // caller can attach related spans, a fix, or lower the severity.
  Finding& report(std::string_view rule, Span span, std::string message);
  // The same with a message from rules/messages/ rendered in lang.
  Finding& report(std::string_view rule, Span span, const Message& message, Lang lang) {
    return report(rule, span, render(message, lang));
  }
  std::vector<Finding>& findings() { return findings_; }

private:
  std::vector<Finding> findings_;
};

// Facts about the run that some rules use (from the command line or config).
struct Settings {
  std::string account;   // UID of the account that owns the documents ("ours"); empty = unknown
  std::string scenario;  // declared intent, e.g. "replication-source-role"; empty = infer
  // The previous version of this document (bucket-policy overwrite check); may be null.
  const struct Policy* previous = nullptr;
  std::string previous_label;  // how to name the previous version in messages
  // The text of the previous version, for line numbers in messages; may be null.
  const Source* previous_source = nullptr;
  // The document has no previous version (new since the compared revision).
  bool previous_absent = false;
  // The language of messages and fix titles (rules/messages/).
  Lang lang = Lang::En;
};

namespace rules {
class Facts;  // lib/src/rules/facts.hpp
}

// Everything a rule sees of one document. Whoever runs the rules builds it as
// Context{source, document, policy, settings, out}; the members after `out`
// have defaults.
struct Context {
  const Source& source;
  const json::Document& document;
  const Policy& policy;
  const Settings& settings;
  Reporter& out;
  // Facts of this document that several rules share (the scenario, the
  // replication or migration grant and its gaps, parsed resources, resolved
  // actions), made on the first call of facts() and kept with the Context;
  // released on the thread that made them.
  mutable std::shared_ptr<const rules::Facts> facts_cache = nullptr;

  // Made on the first call (lib/src/rules/facts.cpp); inline after it: the
  // rules ask for it many times per document.
  const rules::Facts& facts() const {
    if (!facts_cache) make_facts();
    return *facts_cache;
  }
  void make_facts() const;
  // Reports a finding whose message comes from rules/messages/, in the run's language:
  // ctx.report("condition/key-unknown", span, msg("condition/key-unknown", {{"key", quote(k)}})).
  Finding& report(std::string_view rule, Span span, const Message& m) const {
    return out.report(rule, span, m, settings.lang);
  }
  // A message (a fix title, a related label, a part of a message) in the run's language.
  std::string tr(const Message& m) const { return render(m, settings.lang); }
  // Text of a span of this document (quotes included for strings).
  std::string_view text(Span s) const { return std::string_view(source.text()).substr(s.begin, s.end - s.begin); }
};

using CheckFn = void (*)(const Context&);

struct RuleImpl {
  std::string_view id;
  CheckFn check;  // null for findings the engine itself reports (json/*)
};

// Every rule implementation, in id order (lib/src/rules/registry.cpp).
std::span<const RuleImpl> registered_rules();

}  // namespace policylint
