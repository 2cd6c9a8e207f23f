#pragma once
// Reporters turn file reports into text, JSON, SARIF or GitHub annotations.
#include <ostream>
#include <string>
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
// SARIF 2.1.0: one run; tool.driver.rules holds every rule that has a result
// (descriptions and help from its rules/ page); results carry regions (columns
// in Unicode code points), the embedding resource as a logical location, a
// stable partial fingerprint and fixes where the finding has one.
void write_sarif(std::ostream& out, const std::vector<FileReport>& reports, const ReportOptions& opt);
// GitHub Actions workflow commands: one ::error/::warning/::notice line per
// finding, escaped as the runner expects.
void write_github(std::ostream& out, const std::vector<FileReport>& reports);

// The offending text of a finding: its span in the file, whitespace runs
// collapsed; long values are replaced by a hash. Stable under line shifts;
// baselines and fingerprints use it.
std::string finding_value(const FileReport& report, const Finding& f);
// A 64-bit FNV-1a hash as 16 hex digits.
std::string hash_hex(std::string_view text);

}  // namespace policylint
