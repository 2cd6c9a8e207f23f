// AtomicFile: the one way policylint writes a file (--output, --fix,
// --write-baseline). The file is replaced whole or not at all, keeps its
// permissions, and no temporary file is left behind.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli_util.hpp"
#include "policylint/atomic_file.hpp"
#include "policylint/run.hpp"

namespace fs = std::filesystem;
using policylint::AtomicFile;
using testutil::TempDir;

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The number of names in a directory: one more than expected is a temporary file left behind.
std::size_t entries(const fs::path& dir) {
  return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

}  // namespace

TEST_CASE("AtomicFile: a new file appears only when committed", "[atomic-file]") {
  TempDir d("atomic-new");
  std::string path = d.path("report.json");
  {
    AtomicFile f(path);
    REQUIRE(f.writable());
    std::ostream* out = f.stream();
    REQUIRE(out != nullptr);
    *out << "{\"a\": 1}";
    out->flush();
    CHECK_FALSE(fs::exists(path));  // written beside it, under another name
    std::string error;
    CHECK(f.commit(&error));
    CHECK(error.empty());
  }
  CHECK(slurp(path) == "{\"a\": 1}");
  CHECK(entries(d.root) == 1);
}

TEST_CASE("AtomicFile: a write that is not committed leaves the old file and no temporary file", "[atomic-file]") {
  TempDir d("atomic-abandon");
  std::string path = d.write("baseline.json", "old");
  {
    AtomicFile f(path);
    REQUIRE(f.stream() != nullptr);
    *f.stream() << "half a new";
  }
  CHECK(slurp(path) == "old");
  CHECK(entries(d.root) == 1);
}

TEST_CASE("AtomicFile: a replaced file keeps its permissions", "[atomic-file]") {
  TempDir d("atomic-perms");
  std::string path = d.write("policy.json", "{}");
  fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  std::string error;
  REQUIRE(policylint::write_file_atomic(path, "{\"Version\": \"1\"}", error));
  CHECK(slurp(path) == "{\"Version\": \"1\"}");
  CHECK(fs::status(path).permissions() == (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read));
  CHECK(entries(d.root) == 1);
}

TEST_CASE("AtomicFile: a file that cannot be written says why", "[atomic-file]") {
  TempDir d("atomic-fail");
  // A directory that does not exist: nothing can be opened there.
  std::string path = d.path("missing/report.json");
  AtomicFile f(path);
  CHECK_FALSE(f.writable());
  CHECK(f.stream() == nullptr);
  std::string error;
  CHECK_FALSE(f.commit(&error));
  CHECK(error.rfind("cannot write ", 0) == 0);
  CHECK(error.find("missing/report.json") != std::string::npos);
  // The same through write_file_atomic, in Chinese.
  error.clear();
  CHECK_FALSE(policylint::write_file_atomic(path, "x", error, policylint::Lang::Zh));
  CHECK(error.rfind("无法写入 ", 0) == 0);
  // A directory is not writable as a file.
  CHECK_FALSE(AtomicFile(d.root.string()).writable());
}

TEST_CASE("AtomicFile: a path that is not a regular file is written directly", "[atomic-file]") {
  // /dev/null stays the device: no temporary file is renamed over it.
  AtomicFile f("/dev/null");
  CHECK(f.writable());
  REQUIRE(f.stream() != nullptr);
  *f.stream() << "discarded";
  CHECK(f.commit());
  CHECK(fs::is_character_file("/dev/null"));
}
