#pragma once
// Runs the policylint CLI for golden and CLI tests.
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
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

// Runs the CLI with args; stderr is discarded unless merge_stderr.
inline RunResult run_cli(const std::vector<std::string>& args, bool merge_stderr = false,
                         const std::string& stdin_file = {}) {
  std::string cmd = shell_quote(POLICYLINT_CLI);
  for (const auto& a : args) cmd += " " + shell_quote(a);
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
  return r;
}

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::filesystem::path source_dir() { return POLICYLINT_SOURCE_DIR; }

}  // namespace testutil
