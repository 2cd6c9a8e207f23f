#include <ostream>
#include <string>

#include "policylint/report.hpp"
#include "report/output.hpp"

namespace policylint {

namespace {

// Escaping of workflow commands as the Actions runner decodes them
// (https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts):
// the message escapes %, CR and LF; property values also ':' and ','.
std::string escape_data(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '%')
      out += "%25";
    else if (c == '\r')
      out += "%0D";
    else if (c == '\n')
      out += "%0A";
    else
      out += c;
  }
  return out;
}

std::string escape_property(std::string_view s) {
  std::string out;
  for (char c : escape_data(s)) {
    if (c == ':')
      out += "%3A";
    else if (c == ',')
      out += "%2C";
    else
      out += c;
  }
  return out;
}

std::string_view command(Severity s) {
  switch (s) {
    case Severity::Error:
      return "error";
    case Severity::Warning:
      return "warning";
    case Severity::Note:
      return "notice";
  }
  return "warning";
}

}  // namespace

void write_github(std::ostream& os, const std::vector<FileReport>& reports) { write_github(os, reports, {}); }

namespace report {

void github_file(Sink& out, const FileReport& r, const ReportOptions& opt) {
  for (const auto& f : r.findings) {
    out << "::" << command(f.severity) << " file=" << escape_property(f.path) << ",line=" << f.start.line;
    // The runner accepts columns only for a single-line range.
    if (f.start.line == f.end.line) out << ",col=" << f.start.column << ",endColumn=" << f.end.column;
    out << ",endLine=" << f.end.line << ",title=" << escape_property(f.rule) << "::";
    std::string message =
        f.context.empty()
            ? f.message
            : render(msg("report.in-context", {{"message", f.message}, {"context", f.context.str()}}), opt.lang);
    out << escape_data(message) << "\n";
  }
}

}  // namespace report

void write_github(std::ostream& os, const std::vector<FileReport>& reports, const ReportOptions& opt) {
  report::Sink out(os);
  for (const auto& r : reports) report::github_file(out, r, opt);
  out.finish();
}

}  // namespace policylint
