#include "report/output.hpp"

#include <charconv>
#include <cstring>

#include "policylint/report.hpp"
#include "util/text.hpp"

namespace policylint {

namespace report {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Length of the sequence a lead byte starts (0: not a lead byte).
std::size_t sequence_length(unsigned char c) {
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return 2;
  if (c >= 0xE0 && c <= 0xEF) return 3;
  if (c >= 0xF0 && c <= 0xF4) return 4;
  return 0;
}

bool continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

}  // namespace

std::size_t repair_utf8(std::string_view in, std::string& out, bool final) {
  const auto* b = reinterpret_cast<const unsigned char*>(in.data());
  const std::size_t n = in.size();
  std::size_t i = 0;
  while (i < n) {
    // Runs of ASCII are copied as they are.
    if (std::size_t run = util::ascii_run(in.substr(i)); run > 0) {
      out.append(in.data() + i, run);
      i += run;
      continue;
    }
    std::size_t len = sequence_length(b[i]);
    if (len == 0) {
      out += kReplacement;
      ++i;
      continue;
    }
    std::size_t have = 1;
    while (have < len && i + have < n && continuation(b[i + have])) ++have;
    if (have < len) {
      if (i + have == n && !final) break;  // the rest may come with the next block
      out += kReplacement;                 // the lead byte; its continuation bytes follow as strays
      ++i;
      continue;
    }
    std::uint32_t cp = b[i] & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
    for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (b[i + k] & 0x3F);
    bool valid =
        !(len == 3 && cp < 0x800) && !(len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) && !(cp >= 0xD800 && cp <= 0xDFFF);
    if (valid)
      out.append(in.data() + i, len);
    else
      out += kReplacement;
    i += len;
  }
  return i;
}

Sink& Sink::operator<<(std::uint64_t n) {
  char buf[24];
  auto res = std::to_chars(buf, buf + sizeof buf, n);
  write(std::string_view(buf, static_cast<std::size_t>(res.ptr - buf)));
  return *this;
}

void Sink::drain(bool final) {
  if (len_ == 0) return;
  out_.clear();
  std::size_t used = repair_utf8(std::string_view(in_.get(), len_), out_, final);
  os_.write(out_.data(), static_cast<std::streamsize>(out_.size()));
  // An incomplete sequence at the end waits for its remaining bytes.
  std::memmove(in_.get(), in_.get() + used, len_ - used);
  len_ -= used;
}

void Sink::grow(std::size_t capacity) {
  auto bigger = std::make_unique_for_overwrite<char[]>(capacity);
  std::memcpy(bigger.get(), in_.get(), len_);
  in_ = std::move(bigger);
  cap_ = capacity;
}

}  // namespace report

std::string valid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  report::repair_utf8(text, out, true);
  return out;
}

}  // namespace policylint
