#pragma once
// Reporters turn file reports into text, JSON, SARIF or GitHub annotations.
#include <ostream>
#include <string_view>
#include <vector>

#include "policylint/engine.hpp"

namespace policylint {

struct ReportOptions {
  bool color = false;
  bool show_source = true;  // text: print the source line with a caret underline
  bool summary = true;      // text: closing summary line
  std::string_view tool_version;
};

struct Totals {
  std::size_t files = 0, errors = 0, warnings = 0, notes = 0;
};

Totals count(const std::vector<FileReport>& reports);

void write_text(std::ostream& out, const std::vector<FileReport>& reports, const ReportOptions& opt);
// One finding per line: LINE:COL-ENDLINE:ENDCOL SEVERITY RULE MESSAGE (golden tests).
void write_compact(std::ostream& out, const std::vector<FileReport>& reports);
void write_json(std::ostream& out, const std::vector<FileReport>& reports, const ReportOptions& opt);

}  // namespace policylint
