#pragma once
// The one way reporters write bytes: through a buffer that repairs UTF-8.
// Messages quote offending values raw and paths are whatever the file system
// holds, so any string may carry bytes that are not UTF-8; every report must
// still be valid UTF-8 (and JSON/SARIF valid JSON). The sink replaces each
// invalid byte with U+FFFD as it writes, so no reporter can forget a field.
#include <rapidjson/stream.h>
#include <rapidjson/writer.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "policylint/report.hpp"
#include "util/text.hpp"

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

  explicit Sink(std::ostream& os) : os_(os), in_(std::make_unique_for_overwrite<char[]>(kBlock)), cap_(kBlock) {}
  Sink(const Sink&) = delete;
  Sink& operator=(const Sink&) = delete;
  ~Sink() { finish(); }

  void Put(char c) {
    if (len_ == cap_) drain(false);
    in_[len_++] = c;
  }
  // RapidJSON's fast path (rapidjson::PutReserve/PutUnsafe below): room for
  // count bytes, then bytes written without a check each.
  void reserve(std::size_t count) {
    if (len_ + count <= cap_) return;
    drain(false);
    if (len_ + count > cap_) grow(len_ + count);
  }
  void put_unsafe(char c) { in_[len_++] = c; }
  // RapidJSON calls Flush at the end of the top-level value.
  void Flush() { drain(false); }

  void write(std::string_view s) {
    reserve(s.size());
    std::memcpy(in_.get() + len_, s.data(), s.size());
    len_ += s.size();
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
  void grow(std::size_t capacity);

  std::ostream& os_;
  std::unique_ptr<char[]> in_;  // its first len_ bytes are pending; the rest (to cap_) is room
  std::size_t cap_;
  std::size_t len_ = 0;
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

namespace rapidjson {

// The writer reserves room once per string and then puts each byte without a
// bounds check (as it does for its own StringBuffer).
template <>
inline void PutReserve(policylint::report::Sink& stream, size_t count) {
  stream.reserve(count);
}
template <>
inline void PutUnsafe(policylint::report::Sink& stream, char c) {
  stream.put_unsafe(c);
}

// The run of bytes a JSON string writes as they are (no control character,
// quote or backslash; UTF-8 is copied unchanged) goes out in one piece, eight
// bytes tested at a time; WriteString escapes the byte it stops at.
template <>
inline bool Writer<policylint::report::Sink>::ScanWriteUnescapedString(StringStream& is, size_t length) {
  const char* p = is.src_;
  const char* end = is.head_ + length;
  const char* run = p;
  using policylint::util::kOnes;
  using policylint::util::zero_byte;
  while (end - p >= 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    // A byte below 0x20 (its top three bits clear), a quote or a backslash.
    bool special = (zero_byte(w & (kOnes * 0xE0)) | zero_byte(w ^ (kOnes * '"')) | zero_byte(w ^ (kOnes * '\\'))) != 0;
    if (special) break;
    p += 8;
  }
  while (p != end) {
    auto c = static_cast<unsigned char>(*p);
    if (c < 0x20 || c == '"' || c == '\\') break;
    ++p;
  }
  if (p != run) os_->write(std::string_view(run, static_cast<std::size_t>(p - run)));
  is.src_ = p;
  return RAPIDJSON_LIKELY(is.Tell() < length);
}

}  // namespace rapidjson
