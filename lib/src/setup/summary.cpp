#include "policylint/i18n.hpp"
#include "policylint/report.hpp"
#include "policylint/setup.hpp"
#include "proof.hpp"

namespace policylint::setup {

std::string_view kind_id(Task t) {
  switch (t) {
    case Task::Replication:
      return "setup.kind.replication";
    case Task::Migration:
      return "setup.kind.migration";
    case Task::Dts:
      return "setup.kind.dts";
    case Task::DtsVpc:
      return "setup.kind.dts-vpc";
  }
  return "setup.kind.replication";
}

std::string_view verdict_id(Verdict v) {
  switch (v) {
    case Verdict::Granted:
      return "setup.verdict.granted";
    case Verdict::Conditional:
      return "setup.verdict.conditional";
    case Verdict::Denied:
      return "setup.verdict.denied";
    case Verdict::NotGranted:
      return "setup.verdict.not-granted";
    case Verdict::Unknown:
      return "setup.verdict.unknown";
  }
  return "setup.verdict.unknown";
}

// The summary in a language (rules/messages/setup.tsv, setup.summary.*).
std::string setup_summary(const std::vector<SetupResult>& setups, Lang lang) {
  std::string out;
  for (const auto& s : setups) {
    std::string task = render(msg(kind_id(s.task)), lang);
    std::string head = render(
        msg(s.declared ? "setup.summary.setup" : "setup.summary.setup-inferred", {{"name", s.name}, {"task", task}}),
        lang);
    if (s.place.known()) head = render(msg("setup.summary.in", {{"message", head}, {"path", s.place.path}}), lang);
    out += head + "\n";
    for (const auto& st : s.steps) {
      std::string verdict = render(msg(verdict_id(st.verdict)), lang);
      out += "  " +
             (st.detail.empty() ? render(msg("setup.summary.step", {{"verdict", verdict}, {"what", st.what}}), lang)
                                : render(msg("setup.summary.step-detail",
                                             {{"verdict", verdict}, {"what", st.what}, {"detail", st.detail}}),
                                         lang)) +
             "\n";
    }
  }
  return valid_utf8(out);
}

std::string setup_summary(const std::vector<SetupResult>& setups) { return setup_summary(setups, Lang::En); }

}  // namespace policylint::setup
