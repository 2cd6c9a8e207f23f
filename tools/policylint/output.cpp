#include "output.hpp"

#include <unistd.h>

#include <filesystem>
#include <system_error>

namespace fs = std::filesystem;

namespace policylint::cli {

namespace {

// A file that exists and is not a regular file is written in place.
bool special(const fs::path& p) {
  std::error_code ec;
  auto st = fs::status(p, ec);
  return !ec && fs::exists(st) && !fs::is_regular_file(st);
}

fs::path directory_of(const fs::path& p) { return p.has_parent_path() ? p.parent_path() : fs::path("."); }

}  // namespace

OutputFile::~OutputFile() {
  if (out_.is_open()) out_.close();
  if (!tmp_.empty()) {
    std::error_code ec;
    fs::remove(tmp_, ec);
  }
}

bool OutputFile::writable() const {
  fs::path p(path_);
  std::error_code ec;
  if (fs::is_directory(p, ec)) return false;
  if (special(p)) return ::access(path_.c_str(), W_OK) == 0;
  fs::path dir = directory_of(p);
  if (!fs::is_directory(dir, ec) || ::access(dir.c_str(), W_OK) != 0) return false;
  // An existing report that may not be written is not replaced either.
  return !fs::exists(p, ec) || ::access(path_.c_str(), W_OK) == 0;
}

std::ostream* OutputFile::stream() {
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

bool OutputFile::commit() {
  if (stream() == nullptr) return false;
  out_.flush();
  bool ok = static_cast<bool>(out_);
  out_.close();
  if (tmp_.empty()) return ok;
  std::error_code ec;
  if (ok) {
    // An existing report keeps its permissions; a new one has the umask's.
    auto perms = fs::status(path_, ec).permissions();
    if (!ec) fs::permissions(tmp_, perms, ec);
    fs::rename(tmp_, path_, ec);
    ok = !ec;
  }
  if (!ok) fs::remove(tmp_, ec);
  tmp_.clear();
  return ok;
}

}  // namespace policylint::cli
