#include "policylint/report.hpp"
#include "policylint/setup.hpp"

namespace policylint::setup {

std::string setup_summary(const std::vector<SetupResult>& setups) {
  std::string out;
  for (const auto& s : setups) {
    out += "setup " + s.name + " (" + std::string(to_string(s.task)) + (s.declared ? "" : ", inferred") + ")";
    if (s.place.known()) out += " in " + s.place.path;
    out += "\n";
    for (const auto& st : s.steps) {
      out += "  " + std::string(to_string(st.verdict)) + ": " + st.what;
      if (!st.detail.empty()) out += " (" + st.detail + ")";
      out += "\n";
    }
  }
  return valid_utf8(out);
}

}  // namespace policylint::setup
