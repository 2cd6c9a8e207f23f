#include "policylint/run.hpp"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>

#include "policylint/parallel.hpp"
#include "policylint/previous.hpp"

namespace policylint {

namespace fs = std::filesystem;

const std::vector<std::string>& default_includes() {
  static const std::vector<std::string> v{"*.json"};
  return v;
}

const std::vector<std::string>& default_excludes() {
  static const std::vector<std::string> v{".git",          ".hg",   ".svn",  "node_modules",
                                          ".terraform",    "build", ".venv", "__pycache__",
                                          "cmake-build-*", ".tox",  ".cache"};
  return v;
}

bool write_file_atomic(const std::string& path, const std::string& text, std::string& error) {
  fs::path target(path);
  fs::path tmp = target;
  tmp += ".policylint-tmp-" + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out || !out.write(text.data(), static_cast<std::streamsize>(text.size())) || !out.flush()) {
      error = "cannot write " + tmp.string();
      std::error_code ec;
      fs::remove(tmp, ec);
      return false;
    }
  }
  std::error_code ec;
  auto perms = fs::status(target, ec).permissions();
  if (!ec) fs::permissions(tmp, perms, ec);
  fs::rename(tmp, target, ec);
  if (ec) {
    error = ec.message();
    fs::remove(tmp, ec);
    return false;
  }
  return true;
}

namespace {

void say(const LogFn& log, LogLevel level, const std::string& message) {
  if (log) log(level, message);
}

// Which files a directory walk picks up: include globs minus exclude globs.
struct Selection {
  std::vector<std::string> include;
  std::vector<std::string> exclude;
  std::string root;  // anchored globs are relative to it ("" = current directory)

  bool matches(const std::vector<std::string>& globs, const std::string& path) const {
    std::string rel = relative_path(path, root);
    return std::any_of(globs.begin(), globs.end(), [&](const std::string& g) { return glob_match(g, rel); });
  }
  bool excluded(const std::string& p) const { return matches(exclude, p); }
  bool included(const std::string& p) const { return matches(include, p) && !excluded(p); }
};

// Expands a directory into the selected files below it, sorted; a directory
// that cannot be read is an error (never a silent pass). Directory symlinks
// are not followed (no loops). A file given by name is always linted unless
// force_exclude and an exclude glob matches it.
void discover(const std::string& arg, const Selection& sel, bool force_exclude, std::vector<std::string>& files,
              std::vector<std::string>& errors, const LogFn& log) {
  std::error_code ec;
  if (arg == "-" || !fs::is_directory(fs::path(arg), ec)) {
    if (force_exclude && arg != "-" && sel.excluded(arg)) {
      say(log, LogLevel::Debug, arg + ": excluded");
      return;
    }
    files.push_back(arg);
    return;
  }
  std::vector<std::string> found;
  std::vector<fs::path> todo{fs::path(arg)};
  while (!todo.empty()) {
    fs::path dir = std::move(todo.back());
    todo.pop_back();
    fs::directory_iterator it(dir, ec), end;
    if (ec) {
      errors.push_back(dir.string() + ": cannot read directory: " + ec.message());
      continue;
    }
    for (; it != end; it.increment(ec)) {
      if (ec) {
        errors.push_back(dir.string() + ": cannot read directory: " + ec.message());
        break;
      }
      const fs::directory_entry& e = *it;
      std::error_code lec;
      if (e.is_symlink(lec) && e.is_directory(lec)) continue;
      if (e.is_directory(lec)) {
        if (sel.excluded(e.path().string()))
          say(log, LogLevel::Debug, e.path().string() + ": directory excluded");
        else
          todo.push_back(e.path());
        continue;
      }
      if (e.is_regular_file(lec) && sel.included(e.path().string())) found.push_back(e.path().string());
    }
  }
  std::sort(found.begin(), found.end());
  files.insert(files.end(), found.begin(), found.end());
}

// One linter per distinct kind and scenario that the configuration's
// per-path overrides give (the last match wins; the run's own beat them).
class Linters {
public:
  Linters(const RunOptions& options, const Config& config) : options_(options), config_(config) {}

  const Linter& for_file(const std::string& file) {
    LintOptions o = options_.lint;
    if (file != "-" && !config_.overrides.empty()) {
      std::string rel = relative_path(file, config_.root);
      for (const auto& ov : config_.overrides) {
        if (!std::any_of(ov.files.begin(), ov.files.end(), [&](const std::string& g) { return glob_match(g, rel); }))
          continue;
        if (ov.kind && !options_.kind_given) o.kind = ov.kind;
        if (!ov.scenario.empty() && !options_.scenario_given) o.settings.scenario = ov.scenario;
      }
    }
    std::string key = (o.kind ? std::string(to_string(*o.kind)) : std::string("auto")) + "\x1f" + o.settings.scenario;
    auto it = linters_.find(key);
    if (it == linters_.end()) it = linters_.emplace(key, std::make_unique<Linter>(std::move(o))).first;
    return *it->second;
  }

private:
  const RunOptions& options_;
  const Config& config_;
  std::map<std::string, std::unique_ptr<Linter>> linters_;
};

std::string plural(std::size_t n, const std::string& word) { return word + (n == 1 ? "" : "s"); }

// The report of an auxiliary file (configuration, baseline) that holds
// unused entries, or nothing when none was reported.
std::optional<FileReport> unused_report(const Linter& linter, const Source& source, std::vector<Finding> findings) {
  std::erase_if(findings, [&](const Finding& f) { return !linter.rule_enabled(f.rule); });
  if (findings.empty()) return std::nullopt;
  FileReport r;
  r.path = source.path();
  r.source = source;
  r.is_policy = false;
  r.input = false;
  r.kind.reset();
  for (auto& f : findings) {
    const RuleMeta* meta = find_rule(f.rule);
    if (meta != nullptr) f.severity = meta->severity;
    auto it = linter.options().severity.find(f.rule);
    if (it != linter.options().severity.end()) f.severity = it->second;
    f.path = source.path();
    f.start = source.position(f.span.begin);
    f.end = source.position(f.span.end);
  }
  r.findings = std::move(findings);
  return r;
}

Finding unused(std::string_view rule, Span span, std::string message) {
  Finding f;
  f.rule = std::string(rule);
  f.span = span;
  f.message = std::move(message);
  return f;
}

}  // namespace

RunResult run(const RunOptions& options, const Config& config_in, const LogFn& log) {
  RunResult result;
  Config config = config_in;  // suppressions count their matches
  Linters linters(options, config);

  // The baseline is read first: a broken one stops the run before any work.
  std::vector<BaselineEntry> baseline;
  Source baseline_source;
  if (!options.baseline_path.empty()) {
    ReadResult read = read_input(options.baseline_path, std::uint64_t{256} << 20);
    if (!read.ok || read.too_large)
      throw RunError("cannot read baseline " + options.baseline_path + ": " +
                     (read.ok ? std::string("larger than 256 MiB") : read.error));
    baseline_source = Source(options.baseline_path, std::move(read.text));
    std::vector<ConfigProblem> problems;
    baseline = parse_baseline(baseline_source.text(), problems);
    if (!problems.empty()) {
      std::string message;
      for (const auto& p : problems) {
        Position pos = baseline_source.position(p.span.begin);
        if (!message.empty()) message += "\n";
        message += baseline_source.path() + ":" + std::to_string(pos.line) + ":" + std::to_string(pos.column) +
                   ": error: " + p.message + " [config]";
      }
      throw RunError(message);
    }
  }

  // Inputs.
  Selection sel;
  sel.root = config.root;
  sel.include = !options.include.empty()  ? options.include
                : !config.include.empty() ? config.include
                                          : default_includes();
  sel.exclude = default_excludes();
  sel.exclude.insert(sel.exclude.end(), config.exclude.begin(), config.exclude.end());
  sel.exclude.insert(sel.exclude.end(), options.exclude.begin(), options.exclude.end());
  std::vector<std::string> files;
  for (const auto& p : options.paths) discover(p, sel, options.force_exclude, files, result.errors, log);
  std::vector<LintInput> inputs;
  bool stdin_used = false;
  for (const auto& file : files) {
    if (file == "-") {
      if (stdin_used) continue;
      stdin_used = true;
    }
    inputs.push_back({file, file == "-" ? "<stdin>" : file});
  }

  // The previous version of a bucket policy: one file for the one input, or
  // each file's version at a git revision, loaded by the worker that lints it.
  std::shared_ptr<const Previous> previous_file;
  if (!options.previous_file.empty()) {
    if (!options.compare_ref.empty()) throw RunError("a previous file and a compared revision cannot be combined");
    if (inputs.size() != 1) throw RunError("a previous version is compared with exactly one policy file");
    std::string error;
    auto p = load_previous_file(options.previous_file, error);
    if (!p) throw RunError(error);
    previous_file = std::make_shared<const Previous>(std::move(*p));
  }

  std::vector<const Linter*> chosen;
  chosen.reserve(inputs.size());
  for (const auto& in : inputs) chosen.push_back(&linters.for_file(in.path));

  // Fatal problems found by a worker (a revision that names no commit).
  std::string fatal;
  auto work = [&](std::size_t i) {
    const LintInput& in = inputs[i];
    const Linter& linter = *chosen[i];
    LintResult res;
    res.path = in.path;
    ReadResult read = read_input(in.path, linter.options().limits.max_bytes);
    if (!read.ok) {
      res.error = std::move(read.error);
      return res;
    }
    if (read.too_large) {
      res.report = too_large_report(linter, in.display, read.size);
      return res;
    }
    std::optional<Previous> at_ref;
    const Previous* previous = previous_file.get();
    if (!options.compare_ref.empty() && in.path != "-") {
      std::string error;
      at_ref = load_previous_at_ref(in.path, options.compare_ref, error);
      if (!at_ref) {
        res.error = "fatal: " + error;
        return res;
      }
      if (!at_ref->warning.empty()) res.error = "note: " + at_ref->warning;  // logged, report kept
      previous = &*at_ref;
    }
    res.report = linter.lint(in.display, std::move(read.text), previous);
    return res;
  };

  auto sink = [&](LintResult&& res) {
    if (!fatal.empty()) return;
    const std::string& file = res.path;
    if (!res.report) {
      if (res.error.starts_with("fatal: ")) {
        fatal = res.error.substr(7);
        return;
      }
      result.errors.push_back(file + ": cannot read: " + res.error);
      return;
    }
    if (res.error.starts_with("note: ")) say(log, LogLevel::Info, res.error.substr(6));
    FileReport r = std::move(*res.report);
    const Linter& linter = *chosen[res.index];
    ++result.files;
    result.documents += r.documents.size();
    say(log, LogLevel::Debug, "linted " + r.path + " (" + std::to_string(r.source.text().size()) + " bytes)");
    for (const auto& d : r.documents)
      say(log, LogLevel::Debug,
          r.path + ":" + std::to_string(d.start.line) + ":" + std::to_string(d.start.column) + ": " +
              (d.kind ? std::string(to_string(*d.kind)) : std::string("unknown")) + " policy (" +
              (d.kind_inferred ? "inferred" : "given") + ", " + std::string(to_string(d.form)) + ")" +
              (d.context.empty() ? std::string() : " in " + d.context));
    if (!r.is_policy) say(log, LogLevel::Info, r.path + ": not a policy document, skipped");

    // Severity overrides were applied by the linter; then suppressions and
    // the baseline; fixes only for what is still reported.
    apply_suppressions(config, r, true);
    apply_baseline(baseline, r, config.root);
    if (options.fix) {
      FixOutcome fo;
      fo.path = r.path;
      for (const auto& f : r.findings)
        if (f.fix && !f.fix->edits.empty()) ++fo.fixable;
      if (fo.fixable > 0 && file == "-") {
        fo.reason = "standard input is not rewritten";
      } else if (fo.fixable > 0) {
        auto [fixed, n] = apply_fixes(r.source.text(), r.findings, options.unsafe_fixes);
        std::string error;
        if (n > 0 && fixed != r.source.text()) {
          if (!write_file_atomic(file, fixed, error)) {
            result.errors.push_back(file + ": cannot apply fixes: " + error);
          } else {
            fo.applied = n;
            say(log, LogLevel::Info, file + ": applied " + std::to_string(n) + " " + plural(n, "fix"));
            // Report what is left, filtered the same way (without counting twice).
            const Previous* previous = previous_file.get();
            std::optional<Previous> at_ref;
            if (!options.compare_ref.empty()) {
              std::string ignored;
              at_ref = load_previous_at_ref(file, options.compare_ref, ignored);
              if (at_ref) previous = &*at_ref;
            }
            r = linter.lint(r.path, std::move(fixed), previous);
            apply_suppressions(config, r, false);
            std::vector<BaselineEntry> fresh = baseline;
            for (auto& e : fresh) e.matched = 0;
            apply_baseline(fresh, r, config.root);
          }
        }
        if (fo.applied < fo.fixable && fo.reason.empty())
          fo.reason = options.unsafe_fixes ? "overlapping fixes are applied one at a time: run again"
                                           : "the others are unsafe (they may change access) or overlap";
      }
      if (fo.fixable > 0) result.fixes.push_back(std::move(fo));
    }
    // Reporters read the text only around findings: a clean file's bytes
    // need not stay in memory until the report is written.
    if (r.findings.empty()) r.source = Source(r.source.path(), std::string());
    result.reports.push_back(std::move(r));
  };
  run_ordered(inputs.size(), ParallelOptions{options.jobs, 0}, work, sink);
  if (!fatal.empty()) throw RunError(fatal);

  // Entries that matched nothing in the files linted now.
  const Linter& base = linters.for_file("-");
  std::vector<std::string> linted;
  for (const auto& r : result.reports) linted.push_back(relative_path(r.path, config.root));
  std::vector<Finding> unused_sups;
  // A suppression of a rule that did not run cannot have matched anything.
  auto ran = [&](const std::string& rule) {
    return std::any_of(rule_metadata().begin(), rule_metadata().end(), [&](const RuleMeta& m) {
      return (m.id == rule || m.id.starts_with(rule + "/") ||
              std::find(m.aliases.begin(), m.aliases.end(), rule) != m.aliases.end()) &&
             base.rule_enabled(m.id);
    });
  };
  for (const auto& sup : config.suppressions) {
    if (!ran(sup.rule)) continue;
    bool looked =
        std::any_of(linted.begin(), linted.end(), [&](const std::string& p) { return glob_match(sup.path, p); });
    if (looked && sup.matched == 0)
      unused_sups.push_back(
          unused("config/unused-suppression", sup.span,
                 "suppression of " + sup.rule + " in " + sup.path + " matches no finding; remove it"));
  }
  std::vector<Finding> unused_entries;
  for (const auto& e : baseline) {
    std::error_code ec;
    bool gone = !fs::exists(fs::path(config.root.empty() ? "." : config.root) / e.path, ec);
    bool looked = std::find(linted.begin(), linted.end(), e.path) != linted.end();
    if (!ran(e.rule)) continue;
    if (e.matched < e.count && (looked || gone)) {
      std::size_t n = e.count - e.matched;
      unused_entries.push_back(unused("baseline/unused-entry", e.span,
                                      std::to_string(n) + " baselined " + e.rule + " " + plural(n, "finding") + " in " +
                                          e.path + (gone ? " (file not found)" : "") +
                                          (n == 1 ? " no longer occurs" : " no longer occur") +
                                          "; write the baseline again to drop the entry"));
    }
  }
  if (auto r = unused_report(base, config.source, std::move(unused_sups))) result.reports.push_back(std::move(*r));
  if (auto r = unused_report(base, baseline_source, std::move(unused_entries))) result.reports.push_back(std::move(*r));
  return result;
}

}  // namespace policylint
