#pragma once
// Lints many inputs on a pool of threads. Results are handed back in input
// order, so a report is the same bytes whatever the number of threads. Every
// file is read by the worker that lints it, and only a bounded number of inputs
// are in flight (read but not yet handed back), so peak memory follows the
// largest files, not the size of the tree.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "policylint/engine.hpp"
#include "policylint/i18n.hpp"

namespace policylint {

// The bytes of one input, or why they could not be read.
struct ReadResult {
  bool ok = false;
  bool too_large = false;  // ok, but larger than the limit: text is empty and was not read
  std::string text;
  std::string error;       // plain words in the language asked for, when !ok
  std::uint64_t size = 0;  // size in bytes (of the file, also when too_large)
};

// Reads "-" (standard input) or a regular file. Anything else (directory,
// FIFO, socket, device) is refused without being read, so a FIFO never blocks;
// /dev/stdin is read as standard input. A file larger than max_bytes is not
// read at all (too_large). Never throws. The error is in lang.
ReadResult read_input(const std::string& path, std::uint64_t max_bytes, Lang lang = Lang::En);

// Why a file or directory cannot be read, for an errno value, in lang. English
// is the system's text (std::strerror); the common errors (ENOENT, EACCES,
// EISDIR, ENOTDIR, ELOOP, ENAMETOOLONG, EMFILE, ENOMEM, EIO) have messages of
// their own in the other languages, and any other is the system's text
// introduced as a system error.
std::string error_reason(int errnum, Lang lang);

// One input to lint: path is what to read ("-" = standard input), display is
// the name used in findings (e.g. "<stdin>").
struct LintInput {
  std::string path;
  std::string display;
};

// The outcome for one input: a report, or the reason it could not be read
// (also an unexpected exception inside the linter, as "internal error: ...").
struct LintResult {
  std::size_t index = 0;  // position in the input list
  std::string path;       // LintInput::path
  std::optional<FileReport> report;
  std::string error;  // set when there is no report
};

struct ParallelOptions {
  unsigned jobs = 0;       // worker threads; 0 = the number of hardware threads
  std::size_t window = 0;  // most inputs in flight at once; 0 = 4 per thread
};

// The number of threads a jobs value of 0 stands for (at least 1).
unsigned default_jobs();

// The report for a file that is larger than the limit and was not read: one
// json/file-too-large finding (when enabled) at its first byte.
FileReport too_large_report(const Linter& linter, const std::string& display, std::uint64_t size);

// Reads and lints one input on the calling thread. Never throws.
LintResult lint_one(const Linter& linter, const LintInput& input, std::size_t index = 0);

// Lints inputs on opt.jobs threads and calls sink exactly once per input, in
// input order, on the calling thread (so sink needs no locking). A worker does
// not start an input more than opt.window places ahead of the last one handed
// to sink. If sink throws, the workers stop and the exception propagates.
void lint_inputs(const Linter& linter, const std::vector<LintInput>& inputs, const ParallelOptions& opt,
                 const std::function<void(LintResult&&)>& sink);
// As above, input i being linted by *linters[i] (linters.size() == inputs.size()).
void lint_inputs(const std::vector<const Linter*>& linters, const std::vector<LintInput>& inputs,
                 const ParallelOptions& opt, const std::function<void(LintResult&&)>& sink);

// The runner under lint_inputs: calls work(i) for every i in [0, n) on
// opt.jobs threads and sink exactly once per i, in order, on the calling
// thread. An exception from work becomes an "internal error" result (in
// English: a caller that wants its language catches in work).
void run_ordered(std::size_t n, const ParallelOptions& opt, const std::function<LintResult(std::size_t)>& work,
                 const std::function<void(LintResult&&)>& sink);

}  // namespace policylint
