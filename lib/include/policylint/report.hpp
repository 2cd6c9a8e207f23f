#pragma once
// Reporters turn file reports into text, JSON, SARIF or GitHub annotations.
#include <cstdint>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "policylint/engine.hpp"
#include "policylint/i18n.hpp"
#include "policylint/setup.hpp"

namespace policylint {

// Where SARIF consumers send users to read about the tool.
inline constexpr std::string_view kInformationUri = "https://github.com/policylint/policylint";

// Every writer emits valid UTF-8: a byte of a path, message, label, fix title,
// context or source excerpt that is not part of well-formed UTF-8 is written
// as U+FFFD (one per column, as count_code_points counts them).
struct ReportOptions {
  bool color = false;
  bool show_source = true;  // text: print the source line with a caret underline
  bool summary = true;      // text: closing summary line
  std::string_view tool_version;
  // compact: start each line with the file's path (false: LINE:COL-… only,
  // as the golden tests compare).
  bool compact_path = true;
  // SARIF tool.driver.informationUri.
  std::string_view information_uri = kInformationUri;
  // The language of the reporters' own words (the text summary, "fix:", SARIF
  // rule descriptions and help); findings carry theirs already.
  Lang lang = Lang::En;
  // JSON: the setups of the run and their proofs ("setups"); null: none written.
  const std::vector<setup::SetupResult>* setups = nullptr;
};

struct Totals {
  std::size_t files = 0, errors = 0, warnings = 0, notes = 0;
};

Totals count(const std::vector<FileReport>& reports);

void write_text(std::ostream& out, const std::vector<FileReport>& reports, const ReportOptions& opt);
// One finding per line: PATH:LINE:COL-ENDLINE:ENDCOL SEVERITY RULE MESSAGE;
// without "PATH:" when !opt.compact_path.
void write_compact(std::ostream& out, const std::vector<FileReport>& reports, const ReportOptions& opt);
// The lines without the path, as the golden files hold them:
// LINE:COL-ENDLINE:ENDCOL SEVERITY RULE MESSAGE.
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
void write_github(std::ostream& out, const std::vector<FileReport>& reports, const ReportOptions& opt);

// The output formats.
enum class Format : std::uint8_t { Text, Compact, Json, Sarif, Github };
// "text", "compact", "json", "sarif", "github"; nullopt otherwise.
std::optional<Format> parse_format(std::string_view name);

// A report written file by file as a run delivers them (RunOptions::on_report),
// so a run's memory is bounded by its largest file, not by the tree. Each
// file's findings are written when the file arrives (text, compact, GitHub,
// JSON's "findings"; SARIF's results to a temporary file, as the rule table
// they index comes first); only what the format writes at the end is kept in
// memory: the totals and JSON's "files" entries (without findings or text).
// The bytes are those of the write_* function of the same format given every
// report at once.
class ReportWriter {
public:
  virtual ~ReportWriter() = default;
  virtual void add(FileReport&& report) = 0;
  // Writes what comes after the files; setups (JSON "setups") when not null,
  // else ReportOptions::setups. Call once.
  virtual void finish(const std::vector<setup::SetupResult>* setups = nullptr) = 0;
  const Totals& totals() const { return totals_; }

protected:
  void tally(const FileReport& report);
  Totals totals_;
};
std::unique_ptr<ReportWriter> make_report_writer(Format format, std::ostream& out, const ReportOptions& opt);

// The offending text of a finding: its span in the file, whitespace runs
// collapsed; long values are replaced by a hash. Stable under line shifts;
// baselines and fingerprints use it.
std::string finding_value(const FileReport& report, const Finding& f);
// text with every byte that is not part of well-formed UTF-8 replaced by U+FFFD.
std::string valid_utf8(std::string_view text);
// A 64-bit FNV-1a hash as 16 hex digits.
std::string hash_hex(std::string_view text);

}  // namespace policylint
