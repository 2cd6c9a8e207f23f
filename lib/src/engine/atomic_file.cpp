#include "policylint/atomic_file.hpp"

#include <unistd.h>

#include <filesystem>
#include <system_error>

#include "policylint/parallel.hpp"

namespace fs = std::filesystem;

namespace policylint {

namespace {

// A file that exists and is not a regular file is written in place.
bool special(const fs::path& p) {
  std::error_code ec;
  auto st = fs::status(p, ec);
  return !ec && fs::exists(st) && !fs::is_regular_file(st);
}

fs::path directory_of(const fs::path& p) { return p.has_parent_path() ? p.parent_path() : fs::path("."); }

}  // namespace

AtomicFile::~AtomicFile() {
  if (out_.is_open()) out_.close();
  if (!tmp_.empty()) {
    std::error_code ec;
    fs::remove(tmp_, ec);
  }
}

bool AtomicFile::writable() const {
  fs::path p(path_);
  std::error_code ec;
  if (fs::is_directory(p, ec)) return false;
  if (special(p)) return ::access(path_.c_str(), W_OK) == 0;
  fs::path dir = directory_of(p);
  if (!fs::is_directory(dir, ec) || ::access(dir.c_str(), W_OK) != 0) return false;
  // An existing report that may not be written is not replaced either.
  return !fs::exists(p, ec) || ::access(path_.c_str(), W_OK) == 0;
}

std::ostream* AtomicFile::stream() {
  if (opened_) return failed_ ? nullptr : &out_;
  opened_ = true;
  fs::path p(path_);
  if (special(p)) {
    out_.open(path_, std::ios::binary | std::ios::trunc);
  } else {
    fs::path tmp = p;
    tmp += ".policylint-tmp-" + std::to_string(::getpid());
    tmp_ = tmp.string();
    out_.open(tmp_, std::ios::binary | std::ios::trunc);
  }
  failed_ = !out_;
  return failed_ ? nullptr : &out_;
}

bool AtomicFile::commit(std::string* error, Lang lang) {
  if (stream() == nullptr) {
    if (error != nullptr) *error = render(msg("run.cannot-write", {{"path", tmp_.empty() ? path_ : tmp_}}), lang);
    return false;
  }
  out_.flush();
  bool ok = static_cast<bool>(out_);
  out_.close();
  std::error_code ec;
  if (!ok) {
    if (error != nullptr) *error = render(msg("run.cannot-write", {{"path", tmp_.empty() ? path_ : tmp_}}), lang);
  } else if (!tmp_.empty()) {
    // An existing file keeps its permissions; a new one has the umask's.
    auto perms = fs::status(path_, ec).permissions();
    if (!ec) fs::permissions(tmp_, perms, ec);
    fs::rename(tmp_, path_, ec);
    ok = !ec;
    if (!ok && error != nullptr) *error = error_reason(ec.value(), lang);
  }
  if (!tmp_.empty()) {
    if (!ok) fs::remove(tmp_, ec);
    tmp_.clear();
  }
  return ok;
}

}  // namespace policylint
