// Reports written file by file as a run delivers them (ReportWriter).
#include <memory>
#include <utility>

#include "policylint/report.hpp"
#include "report/output.hpp"

namespace policylint {

std::optional<Format> parse_format(std::string_view name) {
  if (name == "text") return Format::Text;
  if (name == "compact") return Format::Compact;
  if (name == "json") return Format::Json;
  if (name == "sarif") return Format::Sarif;
  if (name == "github") return Format::Github;
  return std::nullopt;
}

void ReportWriter::tally(const FileReport& report) {
  ++totals_.files;
  for (const auto& f : report.findings) {
    if (f.severity == Severity::Error) ++totals_.errors;
    if (f.severity == Severity::Warning) ++totals_.warnings;
    if (f.severity == Severity::Note) ++totals_.notes;
  }
}

namespace {

// Text, compact and GitHub: each file is written whole when it arrives.
class LineWriter final : public ReportWriter {
public:
  using FileFn = void (*)(report::Sink&, const FileReport&, const ReportOptions&);
  LineWriter(std::ostream& os, const ReportOptions& opt, FileFn file, bool summary)
      : sink_(os), opt_(opt), file_(file), summary_(summary) {}
  void add(FileReport&& r) override {
    tally(r);
    file_(sink_, r, opt_);
  }
  void finish(const std::vector<setup::SetupResult>*) override {
    if (summary_) report::text_summary(sink_, totals_, opt_);
    sink_.finish();
  }

private:
  report::Sink sink_;
  ReportOptions opt_;
  FileFn file_;
  bool summary_;
};

// JSON: findings when the file arrives; its "files" entry, without findings
// or text, kept for the end.
class JsonWriter final : public ReportWriter {
public:
  JsonWriter(std::ostream& os, const ReportOptions& opt) : json_(os, opt), opt_(opt) {}
  void add(FileReport&& r) override {
    tally(r);
    json_.findings(r);
    FileReport entry;
    entry.path = std::move(r.path);
    entry.kind = r.kind;
    entry.kind_inferred = r.kind_inferred;
    entry.is_policy = r.is_policy;
    entry.input = r.input;
    entry.documents = std::move(r.documents);
    files_.push_back(std::move(entry));
  }
  void finish(const std::vector<setup::SetupResult>* setups) override {
    json_.finish(files_, setups != nullptr ? setups : opt_.setups, totals_);
  }

private:
  report::JsonReport json_;
  ReportOptions opt_;
  std::vector<FileReport> files_;
};

// SARIF: results go to a temporary file as files arrive; the rule table
// they index is written first, at the end.
class SarifWriter final : public ReportWriter {
public:
  SarifWriter(std::ostream& os, const ReportOptions& opt) : sarif_(os, opt) {}
  void add(FileReport&& r) override {
    tally(r);
    sarif_.add(r);
  }
  void finish(const std::vector<setup::SetupResult>*) override { sarif_.finish(); }

private:
  report::SarifReport sarif_;
};

}  // namespace

std::unique_ptr<ReportWriter> make_report_writer(Format format, std::ostream& out, const ReportOptions& opt) {
  switch (format) {
    case Format::Text:
      return std::make_unique<LineWriter>(out, opt, &report::text_file, true);
    case Format::Compact:
      return std::make_unique<LineWriter>(out, opt, &report::compact_file, false);
    case Format::Github:
      return std::make_unique<LineWriter>(out, opt, &report::github_file, false);
    case Format::Json:
      return std::make_unique<JsonWriter>(out, opt);
    case Format::Sarif:
      return std::make_unique<SarifWriter>(out, opt);
  }
  return nullptr;
}

}  // namespace policylint
