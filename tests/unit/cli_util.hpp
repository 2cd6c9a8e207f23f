#pragma once
// Runs the policylint CLI for golden and CLI tests.
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace testutil {

struct RunResult {
  int status = -1;
  std::string out;
};

inline std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// Removes the "PATH:" that --format compact puts before each finding, so that
// golden files and CLI tests compare LINE:COL-ENDLINE:ENDCOL SEVERITY RULE
// MESSAGE whatever directory the fixture is in.
inline std::string strip_compact_paths(const std::string& out) {
  static const std::regex prefix(R"(^.*?:(\d+:\d+-\d+:\d+ (error|warning|note) ))");
  std::string result;
  std::size_t start = 0;
  while (start < out.size()) {
    std::size_t end = out.find('\n', start);
    std::string line = out.substr(start, end == std::string::npos ? std::string::npos : end - start);
    std::smatch m;
    if (std::regex_search(line, m, prefix)) line = line.substr(static_cast<std::size_t>(m.position(1)));
    result += line;
    if (end == std::string::npos) break;
    result += '\n';
    start = end + 1;
  }
  return result;
}

// Runs the CLI with args; stderr is discarded unless merge_stderr. Compact
// output has its paths removed (strip_compact_paths) unless keep_paths.
inline RunResult run_cli(const std::vector<std::string>& args, bool merge_stderr = false,
                         const std::string& stdin_file = {}, bool keep_paths = false) {
  std::string cmd = shell_quote(POLICYLINT_CLI);
  bool compact = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    cmd += " " + shell_quote(args[i]);
    if (i > 0 && args[i] == "compact" && (args[i - 1] == "--format" || args[i - 1] == "-f")) compact = true;
  }
  cmd += merge_stderr ? " 2>&1" : " 2>/dev/null";
  if (!stdin_file.empty()) cmd += " < " + shell_quote(stdin_file);
  RunResult r;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return r;
  std::array<char, 4096> buf{};
  std::size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  int st = ::pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  if (compact && !keep_paths) r.out = strip_compact_paths(r.out);
  return r;
}

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::filesystem::path source_dir() { return POLICYLINT_SOURCE_DIR; }

// A scratch directory of a test, <tmp>/policylint-<name>-<pid>, emptied when
// made and removed (with directories a test made unreadable) when done.
struct TempDir {
  std::filesystem::path root;
  explicit TempDir(const std::string& name)
      : root(std::filesystem::temp_directory_path() / ("policylint-" + name + "-" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(root);
    std::filesystem::create_directories(root);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    namespace fs = std::filesystem;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
      if (it->is_directory(ec)) fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(root, ec);
  }
  // Writes text to root/rel (making its directories); returns the path.
  std::string write(const std::string& rel, const std::string& text) const {
    std::filesystem::create_directories((root / rel).parent_path());
    std::ofstream(root / rel, std::ios::binary) << text;
    return (root / rel).string();
  }
  std::string path(const std::string& rel) const { return (root / rel).string(); }
};

}  // namespace testutil
