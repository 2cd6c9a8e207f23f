// Hostile inputs through the CLI: a 100 MB file, a directory loop through
// symlinks, FIFOs, unreadable files. Every command runs under timeout(1) so a
// hang fails the test instead of blocking the suite.
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>

#include "cli_util.hpp"

namespace fs = std::filesystem;
extern char** environ;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "policylint-limits-XXXXXX").string();
    path = ::mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::permissions(path, fs::perms::owner_all, fs::perm_options::add, ec);
    for (auto it = fs::recursive_directory_iterator(path, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec))
      if (!it->is_symlink()) fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(path, ec);
  }
};

void write(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

const char* kPolicy = R"({
  "Version": "1",
  "Statement": [{"Effect": "Allow", "Action": "oss:GetObject", "Resource": "acs:oss:*:*:example-bucket/*"}]
}
)";

struct Run {
  int status = -1;
  std::string out;  // stdout and stderr
  double seconds = 0;
  long max_rss_kb = 0;  // peak resident set of the CLI (and of timeout(1))
};

// Runs the CLI under timeout(1) with stdin from /dev/null; stderr is merged
// into out. wait4 gives this child's own peak memory.
Run cli(const std::vector<std::string>& args, int timeout_s = 60) {
  std::vector<std::string> all = {"timeout", std::to_string(timeout_s), POLICYLINT_CLI};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::string out_template = (std::filesystem::temp_directory_path() / "policylint-cli-out-XXXXXX").string();
  std::vector<char> out_buf(out_template.begin(), out_template.end());
  out_buf.push_back('\0');
  char* out_name = out_buf.data();
  int out_fd = ::mkstemp(out_name);
  REQUIRE(out_fd >= 0);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&fa, out_fd, 1);
  posix_spawn_file_actions_adddup2(&fa, out_fd, 2);
  Run r;
  auto start = std::chrono::steady_clock::now();
  pid_t pid = 0;
  int rc = ::posix_spawnp(&pid, "timeout", &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  ::close(out_fd);
  REQUIRE(rc == 0);
  int st = 0;
  struct rusage ru {};
  ::wait4(pid, &st, 0, &ru);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  r.max_rss_kb = ru.ru_maxrss;
  r.out = testutil::slurp(out_name);
  ::unlink(out_name);
  return r;
}

bool contains(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("limits cli: a 100 MB file is reported without being read", "[limits][cli]") {
  TempDir dir;
  fs::path big = dir.path / "big.json";
  {
    std::ofstream out(big, std::ios::binary);
    out << kPolicy;
    std::string pad(1 << 20, ' ');
    for (int i = 0; i < 100; ++i) out << pad;
  }
  REQUIRE(fs::file_size(big) > 100'000'000);
  auto r = cli({"--format", "compact", big.string()});
  CHECK(r.status == 1);
  CHECK(contains(r.out, "json/file-too-large file is 104857"));
  CHECK(contains(r.out, "more than the limit of 33554432 bytes"));
  CHECK(r.seconds < 10);
  // The CLI's peak memory stays far below the file: it is never read.
  // (Sanitizer builds carry their own shadow memory: a looser bound there.)
  // The child's peak counts the test process's own pages up to its exec, so
  // the bound says something only while this process is small (as under
  // ctest, one case per process); in a run of the whole suite it is skipped.
#if defined(__SANITIZE_ADDRESS__)
  constexpr long kBound = 256 * 1024;
#else
  constexpr long kBound = 64 * 1024;
#endif
  struct rusage self {};
  ::getrusage(RUSAGE_SELF, &self);
  if (self.ru_maxrss < kBound / 2)
    CHECK(r.max_rss_kb < kBound);
  else
    WARN("peak memory not checked: this test process already reached " << self.ru_maxrss << " KiB");

  SECTION("with the limit raised past it, it is read and linted") {
    auto raised = cli({"--format", "compact", "--select", "json", "--max-file-size", "200000000", big.string()});
    CHECK(raised.status == 0);
    CHECK(raised.out.empty());
  }
}

TEST_CASE("limits cli: a directory loop through symlinks", "[limits][cli]") {
  TempDir dir;
  fs::create_directories(dir.path / "a" / "b");
  write(dir.path / "a" / "b" / "p.json", kPolicy);
  fs::create_directory_symlink("../..", dir.path / "a" / "b" / "up");
  fs::create_directory_symlink(dir.path, dir.path / "a" / "root");
  fs::create_symlink("self.json", dir.path / "self.json");  // a symlink to itself (ELOOP)
  auto r = cli({"--format", "compact", "--select", "json", dir.path.string()}, 30);
  CHECK(r.status == 0);
  CHECK(r.out.empty());
  r = cli({dir.path.string()}, 30);
  CHECK(contains(r.out, "1 file checked"));
}

TEST_CASE("limits cli: FIFOs are refused, never read", "[limits][cli]") {
  TempDir dir;
  write(dir.path / "p.json", kPolicy);
  REQUIRE(::mkfifo((dir.path / "fifo.json").c_str(), 0600) == 0);
  SECTION("named on the command line") {
    auto r = cli({(dir.path / "fifo.json").string()}, 20);
    CHECK(r.status == 2);
    CHECK(contains(r.out, "fifo.json: cannot read: not a regular file"));
  }
  SECTION("inside a directory: skipped") {
    auto r = cli({"--format", "compact", "--select", "json", dir.path.string()}, 20);
    CHECK(r.status == 0);
    CHECK(r.out.empty());
  }
}

TEST_CASE("limits cli: unreadable files are an error line, the others are still linted", "[limits][cli]") {
  TempDir dir;
  write(dir.path / "ok.json", "{\"Version\": \"1\", \"Statement\": [{\"Effect\": \"Alow\"}]}");
  fs::path locked = dir.path / "locked.json";
  write(locked, kPolicy);
  fs::permissions(locked, fs::perms::none);
  bool root_reads_anyway = ::access(locked.c_str(), R_OK) == 0;
  std::vector<std::string> args = {"--format", "compact", locked.string(), (dir.path / "ok.json").string()};
  if (root_reads_anyway) {
    // Running as root: permissions do not stop reading. A regular file whose
    // read fails is needed instead: /proc/self/mem reads EIO at offset 0.
    WARN("running as root: chmod 000 does not make a file unreadable; using /proc/self/mem instead");
    fs::create_symlink("/proc/self/mem", dir.path / "eio.json");
    args.push_back((dir.path / "eio.json").string());
  }
  auto r = cli(args, 20);
  CHECK(r.status == 2);
  CHECK(contains(r.out, "effect-invalid"));
  if (root_reads_anyway) {
    CHECK(contains(r.out, "eio.json: cannot read: Input/output error"));
  } else {
    CHECK(contains(r.out, "locked.json: cannot read: Permission denied"));
  }
}

TEST_CASE("limits cli: random bytes, NUL bytes and a truncated file in one tree", "[limits][cli]") {
  TempDir dir;
  std::string random(1 << 16, '\0');
  unsigned x = 12345;
  for (auto& c : random) c = static_cast<char>((x = x * 1103515245 + 12345) >> 16);
  write(dir.path / "random.json", random);
  write(dir.path / "nul.json", std::string("{\"Version\": \"1\",\0}", 18));
  write(dir.path / "cut.json", "{\"Version\": \"1\", \"Statement\": [{\"Effect\": \"Allo");
  write(dir.path / "zzz.json", kPolicy);
  auto r = cli({"--format", "compact", dir.path.string()}, 30);
  CHECK(r.status == 1);
  CHECK(contains(r.out, "NUL byte in the file"));
  CHECK(contains(r.out, "string not closed"));
}
