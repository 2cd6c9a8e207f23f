#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <stdexcept>
#include <thread>

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

TEST_CASE("parallel: results that finish out of order are still handed over in order, none lost", "[parallel]") {
  // Work whose time varies by input, so that later inputs often finish first
  // and the caller waits for one result while others arrive: the runner wakes
  // it only when the run of results from the one it waits for is complete,
  // and wakes waiting workers only when a result is consumed. A missed
  // wake-up would hang here (and time out).
  for (unsigned jobs : {2u, 3u, 5u}) {
    for (std::size_t window : {std::size_t{1}, std::size_t{2}, std::size_t{7}}) {
      CAPTURE(jobs, window);
      constexpr std::size_t n = 120;
      std::vector<std::size_t> order;
      run_ordered(
          n, ParallelOptions{jobs, window},
          [](std::size_t i) {
            std::this_thread::sleep_for(std::chrono::microseconds(40 * ((i * 7) % 5)));
            LintResult r;
            r.path = std::to_string(i);
            return r;
          },
          [&](LintResult&& r) {
            CHECK(r.path == std::to_string(r.index));
            order.push_back(r.index);
            // A slow consumer now and then: workers fill the ring and wait for room.
            if (r.index % 17 == 0) std::this_thread::sleep_for(std::chrono::microseconds(300));
          });
      std::vector<std::size_t> want(n);
      std::iota(want.begin(), want.end(), std::size_t{0});
      CHECK(order == want);
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

TEST_CASE("parallel: read_input reads files of every size whole, around its 64 KiB reads", "[parallel]") {
  TempDir dir;
  // A file stops being read when a read returns less than asked and the text
  // has the size fstat gave: the sizes where a read fills its request exactly
  // (64 KiB and its multiples) need the read that sees the end.
  for (std::size_t size : {std::size_t{0}, std::size_t{1}, std::size_t{65535}, std::size_t{65536}, std::size_t{65537},
                           std::size_t{131072}, std::size_t{200001}}) {
    CAPTURE(size);
    std::string text(size, 'a');
    for (std::size_t i = 0; i < size; ++i) text[i] = static_cast<char>('a' + (i * 7 + i / 65536) % 26);
    write(dir.path / "f.json", text);
    auto r = read_input((dir.path / "f.json").string(), 1 << 20);
    CHECK(r.ok);
    CHECK_FALSE(r.too_large);
    CHECK(r.size == size);
    CHECK(r.text == text);
    if (size == 0) continue;
    // At the limit: read whole; one byte under it: too large.
    r = read_input((dir.path / "f.json").string(), size);
    CHECK_FALSE(r.too_large);
    CHECK(r.text == text);
    r = read_input((dir.path / "f.json").string(), size - 1);
    CHECK(r.too_large);
    CHECK(r.size == size);
  }
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
