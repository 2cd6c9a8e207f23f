#include <algorithm>
#include <ostream>

#include "policylint/report.hpp"
#include "report/output.hpp"

namespace policylint {

Totals count(const std::vector<FileReport>& reports) {
  Totals t;
  t.files = reports.size();
  for (const auto& r : reports)
    for (const auto& f : r.findings) {
      if (f.severity == Severity::Error) ++t.errors;
      if (f.severity == Severity::Warning) ++t.warnings;
      if (f.severity == Severity::Note) ++t.notes;
    }
  return t;
}

namespace {

std::string_view color_of(Severity s) {
  switch (s) {
    case Severity::Error:
      return "\033[1;31m";
    case Severity::Warning:
      return "\033[1;35m";
    case Severity::Note:
      return "\033[1;36m";
  }
  return "";
}

// Expands tabs so the caret line lines up with the printed source line.
std::string display(std::string_view line) {
  std::string out;
  for (char c : line) out += c == '\t' ? ' ' : c;
  return out;
}

// Columns count code points; the caret line counts terminal cells, so that it
// stays under a value after East Asian wide characters (two cells each).
void caret_line(report::Sink& out, const Source& src, const Finding& f, bool color) {
  std::string_view line = src.line_text(f.start.line);
  if (line.size() > 300) return;  // minified or generated: the excerpt would not help
  out << "  " << display(line) << "\n  ";
  std::uint32_t width = count_code_points(line);
  std::uint32_t from = f.start.column - 1;
  std::uint32_t to = f.end.line == f.start.line ? f.end.column - 1 : width;
  if (to <= from) to = from + 1;
  std::uint32_t cell_from = i18n::terminal_width(line, from);
  std::uint32_t cell_to = std::max(i18n::terminal_width(line, to), cell_from + 1);
  if (color) out << "\033[1;32m";
  out << std::string(cell_from, ' ') << '^' << std::string(cell_to - cell_from - 1, '~');
  if (color) out << "\033[0m";
  out << "\n";
}

}  // namespace

namespace report {

void text_file(Sink& out, const FileReport& r, const ReportOptions& opt) {
  for (const auto& f : r.findings) {
    if (opt.color) out << "\033[1m";
    out << f.path << ':' << f.start.line << ':' << f.start.column << ": ";
    if (opt.color) out << "\033[0m" << color_of(f.severity);
    out << to_string(f.severity) << ':';
    if (opt.color) out << "\033[0m";
    out << ' '
        << (f.context.empty()
                ? f.message
                : render(msg("report.in-context", {{"message", f.message}, {"context", f.context.str()}}), opt.lang));
    out << " [" << f.rule << "]\n";
    if (opt.show_source) caret_line(out, r.source, f, opt.color);
    for (const auto& rel : f.related) {
      if (!rel.path.empty()) {
        out << rel.path;
        if (rel.start.line > 0) out << ':' << rel.start.line << ':' << rel.start.column;
        out << ": note: " << rel.label << "\n";
        continue;
      }
      Position p = r.source.position(rel.span.begin);
      out << f.path << ':' << p.line << ':' << p.column << ": note: " << rel.label << "\n";
    }
    if (f.fix)
      out << "  " << render(msg(f.fix->safe ? "report.fix" : "report.fix-unsafe", {{"title", f.fix->title}}), opt.lang)
          << "\n";
  }
}

void text_summary(Sink& out, const Totals& t, const ReportOptions& opt) {
  if (!opt.summary) return;
  out << render(msg("report.summary",
                    {{"files", t.files}, {"errors", t.errors}, {"warnings", t.warnings}, {"notes", t.notes}}),
                opt.lang)
      << "\n";
}

void compact_file(Sink& out, const FileReport& r, const ReportOptions& opt) {
  for (const auto& f : r.findings) {
    if (opt.compact_path) out << f.path << ':';
    out << f.start.line << ':' << f.start.column << '-' << f.end.line << ':' << f.end.column << ' '
        << to_string(f.severity) << ' ' << f.rule << ' ' << f.message << "\n";
  }
}

}  // namespace report

void write_text(std::ostream& os, const std::vector<FileReport>& reports, const ReportOptions& opt) {
  report::Sink out(os);
  for (const auto& r : reports) report::text_file(out, r, opt);
  report::text_summary(out, count(reports), opt);
  out.finish();
}

void write_compact(std::ostream& os, const std::vector<FileReport>& reports, const ReportOptions& opt) {
  report::Sink out(os);
  for (const auto& r : reports) report::compact_file(out, r, opt);
  out.finish();
}

void write_compact(std::ostream& out, const std::vector<FileReport>& reports) {
  ReportOptions opt;
  opt.compact_path = false;
  write_compact(out, reports, opt);
}

}  // namespace policylint
