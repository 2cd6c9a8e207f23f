#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "cli_util.hpp"
#include "policylint/parallel.hpp"

using namespace policylint;
namespace fs = std::filesystem;

namespace {

std::vector<LintInput> testdata_inputs() {
  std::vector<LintInput> in;
  for (const auto& e : fs::recursive_directory_iterator(testutil::source_dir() / "testdata"))
    if (e.is_regular_file() && e.path().extension() == ".json") in.push_back({e.path().string(), e.path().string()});
  std::sort(in.begin(), in.end(), [](const LintInput& a, const LintInput& b) { return a.path < b.path; });
  return in;
}

// Everything of a result that reaches a report, as one string.
std::string flatten(const LintResult& r) {
  std::string s = std::to_string(r.index) + " " + r.path + " ";
  if (!r.report) return s + "error: " + r.error + "\n";
  for (const auto& f : r.report->findings)
    s += f.rule + " " + std::to_string(f.start.line) + ":" + std::to_string(f.start.column) + " " + f.message + "\n";
  return s + r.report->source.text();
}

struct TempDir {
  fs::path path;
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "policylint-par-XXXXXX").string();
    path = ::mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

void write(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

}  // namespace

TEST_CASE("parallel: results in input order, identical for any thread count", "[parallel]") {
  auto inputs = testdata_inputs();
  REQUIRE(inputs.size() > 10);
  Linter linter{LintOptions{}};
  std::string expected;
  lint_inputs(linter, inputs, ParallelOptions{1, 0}, [&](LintResult&& r) { expected += flatten(r); });
  for (unsigned jobs : {2u, 3u, 4u, 8u}) {
    for (std::size_t window : {std::size_t{1}, std::size_t{2}, std::size_t{0}}) {
      std::string got;
      std::size_t want = 0;
      lint_inputs(linter, inputs, ParallelOptions{jobs, window}, [&](LintResult&& r) {
        CHECK(r.index == want++);
        got += flatten(r);
      });
      CHECK(want == inputs.size());
      CHECK(got == expected);
    }
  }
}

TEST_CASE("parallel: no input, more threads than inputs", "[parallel]") {
  Linter linter{LintOptions{}};
  std::size_t calls = 0;
  lint_inputs(linter, {}, ParallelOptions{4, 0}, [&](LintResult&&) { ++calls; });
  CHECK(calls == 0);
  TempDir dir;
  write(dir.path / "a.json", "{\"Version\": \"1\", \"Statement\": []}");
  lint_inputs(linter, {{(dir.path / "a.json").string(), "a.json"}}, ParallelOptions{16, 0}, [&](LintResult&& r) {
    ++calls;
    CHECK(r.report.has_value());
    CHECK(r.report->path == "a.json");
  });
  CHECK(calls == 1);
}

TEST_CASE("parallel: unreadable inputs become error entries", "[parallel]") {
  TempDir dir;
  write(dir.path / "good.json", "{\"Version\": \"1\", \"Statement\": []}");
  fs::create_directory(dir.path / "sub.json");
  REQUIRE(::mkfifo((dir.path / "fifo.json").c_str(), 0600) == 0);
  std::vector<LintInput> inputs = {
      {(dir.path / "missing.json").string(), "missing.json"},
      {(dir.path / "sub.json").string(), "sub.json"},
      {(dir.path / "fifo.json").string(), "fifo.json"},
      {(dir.path / "good.json").string(), "good.json"},
  };
  LintOptions lo;
  lo.select.insert("json");
  Linter linter{lo};
  std::vector<LintResult> got;
  auto start = std::chrono::steady_clock::now();
  lint_inputs(linter, inputs, ParallelOptions{2, 0}, [&](LintResult&& r) { got.push_back(std::move(r)); });
  // Opening a FIFO without a writer would block forever without O_NONBLOCK.
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
  REQUIRE(got.size() == 4);
  CHECK_FALSE(got[0].report);
  CHECK(got[0].error == "No such file or directory");
  CHECK_FALSE(got[1].report);
  CHECK(got[1].error == "Is a directory");
  CHECK_FALSE(got[2].report);
  CHECK(got[2].error == "not a regular file");
  REQUIRE(got[3].report);
  CHECK(got[3].report->findings.empty());
}

TEST_CASE("parallel: a file over the size limit is reported without being read", "[parallel]") {
  TempDir dir;
  write(dir.path / "big.json", std::string(1000, ' ') + "{}");
  LintOptions lo;
  lo.limits.max_bytes = 100;
  Linter linter{lo};
  auto r = lint_one(linter, {(dir.path / "big.json").string(), "big.json"});
  REQUIRE(r.report);
  REQUIRE(r.report->findings.size() == 1);
  const auto& f = r.report->findings[0];
  CHECK(f.rule == "json/file-too-large");
  CHECK(f.path == "big.json");
  CHECK(f.message == "file is 1002 bytes, more than the limit of 100 bytes");
  CHECK(f.start.line == 1);
  CHECK(f.start.column == 1);
  CHECK(r.report->source.text().empty());

  SECTION("the rule can be disabled") {
    lo.disable.insert("json/file-too-large");
    Linter quiet{lo};
    auto q = lint_one(quiet, {(dir.path / "big.json").string(), "big.json"});
    REQUIRE(q.report);
    CHECK(q.report->findings.empty());
  }
  SECTION("at the limit it is read and linted") {
    lo.limits.max_bytes = 1002;
    Linter exact{lo};
    auto q = lint_one(exact, {(dir.path / "big.json").string(), "big.json"});
    REQUIRE(q.report);
    CHECK(q.report->findings.empty());
    CHECK(q.report->source.text().size() == 1002);
  }
}

TEST_CASE("parallel: read_input", "[parallel]") {
  TempDir dir;
  write(dir.path / "a.json", "{}");
  auto r = read_input((dir.path / "a.json").string(), 2);
  CHECK(r.ok);
  CHECK_FALSE(r.too_large);
  CHECK(r.text == "{}");
  r = read_input((dir.path / "a.json").string(), 1);
  CHECK(r.ok);
  CHECK(r.too_large);
  CHECK(r.size == 2);
  CHECK(r.text.empty());
  // /proc files claim size 0 but have content: read to the end, not to st_size.
  r = read_input("/proc/self/status", 1 << 20);
  CHECK(r.ok);
  CHECK(r.text.size() > 10);
}

TEST_CASE("parallel: an exception in the sink stops the workers", "[parallel]") {
  auto inputs = testdata_inputs();
  Linter linter{LintOptions{}};
  std::size_t calls = 0;
  CHECK_THROWS_AS(lint_inputs(linter, inputs, ParallelOptions{4, 2},
                              [&](LintResult&&) {
                                if (++calls == 3) throw std::runtime_error("stop");
                              }),
                  std::runtime_error);
  CHECK(calls == 3);
}
