#pragma once
// The one way reporters write bytes: through a buffer that repairs UTF-8.
// Messages quote offending values raw and paths are whatever the file system
// holds, so any string may carry bytes that are not UTF-8; every report must
// still be valid UTF-8 (and JSON/SARIF valid JSON). The sink replaces each
// invalid byte with U+FFFD as it writes, so no reporter can forget a field.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "policylint/report.hpp"

namespace policylint::report {

// Appends in[0, consumed) to out with every byte that is not part of a
// well-formed UTF-8 sequence replaced by U+FFFD: one replacement per column as
// count_code_points counts them (a lead byte without its continuation bytes
// and each stray continuation byte are one each; a complete sequence that
// encodes an overlong form, a surrogate or a value past U+10FFFF is one).
// When !final, an incomplete sequence at the end of in is left unconsumed (its
// remaining bytes may arrive in the next call). Returns the bytes consumed.
std::size_t repair_utf8(std::string_view in, std::string& out, bool final);

// A RapidJSON output stream (Put/Flush) and a text sink: bytes are collected
// in a buffer, repaired and written to the ostream in large blocks. finish()
// (or the destructor) writes what is left.
class Sink {
public:
  using Ch = char;

  explicit Sink(std::ostream& os) : os_(os) { in_.reserve(kBlock + 64); }
  Sink(const Sink&) = delete;
  Sink& operator=(const Sink&) = delete;
  ~Sink() { finish(); }

  void Put(char c) {
    in_.push_back(c);
    if (in_.size() >= kBlock) drain(false);
  }
  // RapidJSON calls Flush at the end of the top-level value.
  void Flush() { drain(false); }

  void write(std::string_view s) {
    in_.append(s);
    if (in_.size() >= kBlock) drain(false);
  }
  Sink& operator<<(std::string_view s) {
    write(s);
    return *this;
  }
  Sink& operator<<(char c) {
    Put(c);
    return *this;
  }
  Sink& operator<<(std::uint64_t n);
  Sink& operator<<(std::uint32_t n) { return *this << static_cast<std::uint64_t>(n); }

  void finish() { drain(true); }

private:
  static constexpr std::size_t kBlock = 64 * 1024;
  void drain(bool final);

  std::ostream& os_;
  std::string in_;
  std::string out_;
};

// One file's part of each format (the write_* functions and ReportWriter
// share them, so the bytes are the same either way).
void text_file(Sink& out, const FileReport& r, const ReportOptions& opt);
void text_summary(Sink& out, const Totals& totals, const ReportOptions& opt);
void compact_file(Sink& out, const FileReport& r, const ReportOptions& opt);
void github_file(Sink& out, const FileReport& r, const ReportOptions& opt);

// The JSON report: the head and "findings" as files arrive, then "files"
// (the reports' paths, kinds and documents), "setups" and "summary".
class JsonReport {
public:
  JsonReport(std::ostream& os, const ReportOptions& opt);
  ~JsonReport();
  JsonReport(const JsonReport&) = delete;
  JsonReport& operator=(const JsonReport&) = delete;
  void findings(const FileReport& r);
  void finish(const std::vector<FileReport>& files, const std::vector<setup::SetupResult>* setups,
              const Totals& totals);

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The SARIF report: results are written to a temporary file as files arrive
// (the rule table they index comes first), then copied out at the end.
class SarifReport {
public:
  SarifReport(std::ostream& os, const ReportOptions& opt);
  ~SarifReport();
  SarifReport(const SarifReport&) = delete;
  SarifReport& operator=(const SarifReport&) = delete;
  void add(const FileReport& r);
  void finish();

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace policylint::report
