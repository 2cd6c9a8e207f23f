#include "policylint/parallel.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <exception>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>

namespace policylint {

namespace {

// Reads fd to its end, at most limit + 1 bytes (one past the limit is enough
// to know the input is too large). Returns false with the errno's words (in
// lang) on failure.
// Reads through a buffer on the stack and appends: growing the string itself
// would zero-fill (and for large steps mmap and unmap) memory it never uses.
// size: a regular file's size by fstat, if known. A read that returns fewer
// bytes than asked and brings the text to that size ends the reading without
// a last read to see the end of the file (one system call in five per file
// on a tree). It read what the file held at some moment after fstat: a file
// that grew since shows it by a read that fills the request, and is read on.
bool read_all(int fd, std::uint64_t limit, std::string& out, std::string& error, Lang lang,
              std::optional<std::uint64_t> size = std::nullopt) {
  char buf[1 << 16];
  while (out.size() <= limit) {
    std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(sizeof buf, limit + 1 - out.size()));
    ssize_t n = ::read(fd, buf, want);
    if (n < 0) {
      if (errno == EINTR) continue;
      error = error_reason(errno, lang);
      return false;
    }
    if (n == 0) break;
    out.append(buf, static_cast<std::size_t>(n));
    if (size && static_cast<std::size_t>(n) < want && out.size() == *size) break;
  }
  return true;
}

struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

void mark_too_large(ReadResult& r) {
  r.ok = true;
  r.too_large = true;
  r.size = std::max<std::uint64_t>(r.size, r.text.size());
  r.text.clear();
  r.text.shrink_to_fit();
}

// The message of a common errno value; nullopt for the others.
std::optional<Message> errno_message(int errnum) {
  switch (errnum) {
    case ENOENT:
      return msg("run.reason.enoent");
    case EACCES:
      return msg("run.reason.eacces");
    case EISDIR:
      return msg("run.reason.eisdir");
    case ENOTDIR:
      return msg("run.reason.enotdir");
    case ELOOP:
      return msg("run.reason.eloop");
    case ENAMETOOLONG:
      return msg("run.reason.enametoolong");
    case EMFILE:
      return msg("run.reason.emfile");
    case ENOMEM:
      return msg("run.reason.enomem");
    case EIO:
      return msg("run.reason.eio");
    default:
      return std::nullopt;
  }
}

}  // namespace

std::string error_reason(int errnum, Lang lang) {
  // English is the system's own text, as it always was.
  std::string system = std::strerror(errnum);
  if (lang == Lang::En) return system;
  if (auto m = errno_message(errnum)) return render(*m, lang);
  return render(msg("run.reason.system", {{"reason", system}}), lang);
}

ReadResult read_input(const std::string& path, std::uint64_t max_bytes, Lang lang) {
  ReadResult r;
  if (path == "-") {
    r.ok = read_all(STDIN_FILENO, max_bytes, r.text, r.error, lang);
    r.size = r.text.size();
    if (r.ok && r.text.size() > max_bytes) mark_too_large(r);
    return r;
  }
  // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused
  // below anyway. It has no effect on regular files.
  Fd f{::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)};
  if (f.fd < 0) {
    r.error = error_reason(errno, lang);
    return r;
  }
  struct stat st {};
  if (::fstat(f.fd, &st) != 0) {
    r.error = error_reason(errno, lang);
    return r;
  }
  if (S_ISDIR(st.st_mode)) {
    // The reason open() gives when asked to write to a directory.
    r.error = error_reason(EISDIR, lang);
    return r;
  }
  if (!S_ISREG(st.st_mode)) {
    // "policylint /dev/stdin < file" is standard input under another name.
    if (path != "/dev/stdin") {
      r.error = render(msg("run.reason.not-a-regular-file"), lang);
      return r;
    }
    int flags = ::fcntl(f.fd, F_GETFL);
    if (flags >= 0) ::fcntl(f.fd, F_SETFL, flags & ~O_NONBLOCK);
  } else {
    r.size = static_cast<std::uint64_t>(st.st_size);
    if (r.size > max_bytes) {
      mark_too_large(r);
      return r;
    }
    r.text.reserve(static_cast<std::size_t>(r.size));
  }
  r.ok = read_all(f.fd, max_bytes, r.text, r.error, lang,
                  S_ISREG(st.st_mode) ? std::optional<std::uint64_t>(r.size) : std::nullopt);
  if (!r.ok) {
    r.text.clear();
    return r;
  }
  r.size = r.text.size();  // the file may have changed since fstat
  if (r.text.size() > max_bytes) mark_too_large(r);
  return r;
}

unsigned default_jobs() { return std::max(1u, std::thread::hardware_concurrency()); }

FileReport too_large_report(const Linter& linter, const std::string& display, std::uint64_t size) {
  FileReport report;
  report.path = display;
  report.source = Source(display, std::string());
  if (!linter.rule_enabled("json/file-too-large")) return report;
  Reporter out;
  // Same words as the parser's message for a buffer past the limit.
  Finding& f = out.report("json/file-too-large", Span{0, 0},
                          msg("json/file-too-large", {{"size", size}, {"limit", linter.options().limits.max_bytes}}),
                          linter.options().settings.lang);
  f.kind = linter.options().kind;
  auto it = linter.options().severity.find(f.rule.view());
  if (it != linter.options().severity.end()) f.severity = it->second;
  f.path = display;
  // The parser's finding for a buffer past the limit covers its first byte;
  // this one gives the same positions without the text.
  f.start = Position{1, 1};
  f.end = Position{1, size > 0 ? 2u : 1u};
  report.findings = std::move(out.findings());
  return report;
}

LintResult lint_one(const Linter& linter, const LintInput& input, std::size_t index) {
  LintResult result;
  result.index = index;
  result.path = input.path;
  const Lang lang = linter.options().settings.lang;
  try {
    ReadResult read = read_input(input.path, linter.options().limits.max_bytes, lang);
    if (!read.ok) {
      result.error = std::move(read.error);
    } else if (read.too_large) {
      result.report = too_large_report(linter, input.display, read.size);
    } else {
      result.report = linter.lint(input.display, std::move(read.text));
    }
  } catch (const std::exception& e) {
    // A bug (or memory exhaustion) on one file must not take down the others.
    result.report.reset();
    result.error = render(msg("run.internal-error", {{"what", e.what()}}), lang);
  } catch (...) {
    result.report.reset();
    result.error = render(msg("run.internal-error.unknown"), lang);
  }
  return result;
}

void lint_inputs(const Linter& linter, const std::vector<LintInput>& inputs, const ParallelOptions& opt,
                 const std::function<void(LintResult&&)>& sink) {
  lint_inputs(std::vector<const Linter*>(inputs.size(), &linter), inputs, opt, sink);
}

void lint_inputs(const std::vector<const Linter*>& linters, const std::vector<LintInput>& inputs,
                 const ParallelOptions& opt, const std::function<void(LintResult&&)>& sink) {
  if (linters.size() != inputs.size()) throw std::invalid_argument("lint_inputs: one linter per input");
  run_ordered(
      inputs.size(), opt, [&](std::size_t i) { return lint_one(*linters[i], inputs[i], i); }, sink);
}

void run_ordered(std::size_t n, const ParallelOptions& opt, const std::function<LintResult(std::size_t)>& work,
                 const std::function<void(LintResult&&)>& sink) {
  auto guarded = [&](std::size_t i) {
    try {
      LintResult r = work(i);
      r.index = i;
      return r;
    } catch (const std::exception& e) {
      // A bug (or memory exhaustion) on one input must not take down the others.
      LintResult r;
      r.index = i;
      r.error = render(msg("run.internal-error", {{"what", e.what()}}), Lang::En);
      return r;
    } catch (...) {
      LintResult r;
      r.index = i;
      r.error = render(msg("run.internal-error.unknown"), Lang::En);
      return r;
    }
  };
  std::size_t jobs = opt.jobs == 0 ? default_jobs() : opt.jobs;
  jobs = std::min(jobs, n);
  if (jobs <= 1) {
    for (std::size_t i = 0; i < n; ++i) sink(guarded(i));
    return;
  }
  const std::size_t window = std::max<std::size_t>(opt.window == 0 ? 4 * jobs : opt.window, 1);

  // Results wait in a ring of window slots: input i goes to slot i % window,
  // which is free because no worker starts i before i - window was consumed.
  std::vector<std::optional<LintResult>> ring(window);
  std::mutex mu;
  std::condition_variable ready;  // a result arrived (the caller waits)
  std::condition_variable space;  // a result was consumed, or stop (workers wait)
  std::size_t next = 0, consumed = 0;
  bool stop = false;
  // Who sleeps, so that nobody is woken for nothing: the caller waits for one
  // input's result (waited_for, n when it does not wait); workers wait for
  // room in the ring (space_waiters of them), and a consumed result wakes them
  // only then. A wake-up is a system call (on a virtual machine, an
  // interrupt to another processor), and the caller would otherwise be woken
  // for most results.
  std::size_t waited_for = n, space_waiters = 0;
  // The caller is woken for a run of `batch` results from the one it waits
  // for (fewer at the end), when the last of them arrives: it then hands them
  // all over without sleeping. The run fits in the window, so each of its
  // inputs can be started while the caller waits, and a worker waits for room
  // only when all of them have been: the last to finish wakes the caller.
  const std::size_t batch = std::min<std::size_t>(4, window);
  auto run_ready = [&](std::size_t from) {
    for (std::size_t k = from; k < std::min(from + batch, n); ++k)
      if (!ring[k % window] || ring[k % window]->index != k) return false;
    return true;
  };

  auto worker = [&] {
    for (;;) {
      std::size_t i;
      {
        std::unique_lock lock(mu);
        ++space_waiters;
        space.wait(lock, [&] { return stop || next >= n || next < consumed + window; });
        --space_waiters;
        if (stop || next >= n) return;
        i = next++;
      }
      LintResult r = guarded(i);
      bool wake;
      {
        std::lock_guard lock(mu);
        ring[i % window] = std::move(r);
        wake = waited_for != n && i >= waited_for && i < waited_for + batch && run_ready(waited_for);
      }
      if (wake) ready.notify_one();
    }
  };

  std::vector<std::thread> threads;
  threads.reserve(jobs);
  auto finish = [&] {
    {
      std::lock_guard lock(mu);
      stop = true;
    }
    space.notify_all();
    for (auto& t : threads) t.join();
  };
  try {
    for (std::size_t t = 0; t < jobs; ++t) threads.emplace_back(worker);
    for (std::size_t i = 0; i < n; ++i) {
      LintResult r;
      bool wake;
      {
        std::unique_lock lock(mu);
        auto& slot = ring[i % window];
        waited_for = i;
        ready.wait(lock, [&] { return slot.has_value() && slot->index == i; });
        waited_for = n;
        r = std::move(*slot);
        slot.reset();
        consumed = i + 1;
        wake = space_waiters != 0;
      }
      if (wake) space.notify_all();
      sink(std::move(r));
    }
  } catch (...) {
    finish();
    throw;
  }
  finish();
}

}  // namespace policylint
