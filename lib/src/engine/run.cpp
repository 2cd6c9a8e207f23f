#include "policylint/run.hpp"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <unordered_map>

#include "../input/terraform.hpp"
#include "../setup/integrate.hpp"
#include "policylint/atomic_file.hpp"
#include "policylint/parallel.hpp"
#include "policylint/previous.hpp"
#include "util/path.hpp"

namespace policylint {

namespace fs = std::filesystem;

const std::vector<std::string>& default_includes() {
  static const std::vector<std::string> v{"*.json", "*.tf", "*.yaml", "*.yml"};
  return v;
}

const std::vector<std::string>& default_excludes() {
  static const std::vector<std::string> v{".git",          ".hg",   ".svn",  "node_modules",
                                          ".terraform",    "build", ".venv", "__pycache__",
                                          "cmake-build-*", ".tox",  ".cache"};
  return v;
}

bool write_file_atomic(const std::string& path, const std::string& text, std::string& error, Lang lang) {
  AtomicFile file(path);
  if (std::ostream* out = file.stream()) out->write(text.data(), static_cast<std::streamsize>(text.size()));
  return file.commit(&error, lang);
}

namespace {

// The run's log: the caller's callback and the least level it takes. Every
// line passes here, and one below that level is dropped; a caller asks
// wants() first where making the line costs (a line per file).
struct Log {
  const LogFn& fn;
  LogLevel least;
  bool wants(LogLevel level) const { return fn && level >= least; }
};

void say(const Log& log, LogLevel level, const std::string& message) {
  if (log.wants(level)) log.fn(level, message);
}

// Which files a directory walk picks up: include globs minus exclude globs.
struct Selection {
  std::vector<std::string> include;
  std::vector<std::string> exclude;
  std::string root;                   // anchored globs are relative to it ("" = current directory)
  std::vector<std::string> own_keys;  // util::path_key of the baseline, report and baseline being written

  // policylint's own files hold no policy: a walk passes over them (named on
  // the command line, they are linted like any file).
  bool own_file(const fs::path& p) const {
    if (p.filename() == ".policylint.json") return true;
    if (own_keys.empty()) return false;
    // A key ends with "/" and the file's name (path_key gives absolute
    // paths): most files of a walk are ruled out without making their key.
    const fs::path file_name = p.filename();
    const std::string& name = file_name.native();
    bool named = std::any_of(own_keys.begin(), own_keys.end(), [&](const std::string& k) {
      return k.size() > name.size() && k.ends_with(name) && k[k.size() - name.size() - 1] == '/';
    });
    return named && std::find(own_keys.begin(), own_keys.end(), util::path_key(p.string())) != own_keys.end();
  }

  static bool any(const std::vector<std::string>& globs, std::string_view rel) {
    return std::any_of(globs.begin(), globs.end(), [&](const std::string& g) { return glob_match(g, rel); });
  }
  // Tests of a path given relative to the root (relative_path).
  bool excluded_rel(std::string_view rel) const { return any(exclude, rel); }
  bool included_rel(std::string_view rel) const { return any(include, rel) && !any(exclude, rel); }
  bool excluded(const std::string& p) const { return !exclude.empty() && excluded_rel(relative_path(p, root)); }
};

// relative_path(dir / sub, root) from base = relative_path(dir, root), for a
// sub path of plain names (a directory walk's): the same text, without the
// file-system path arithmetic per file.
std::string join_relative(std::string_view base, std::string_view sub) {
  while (true) {
    if (!base.empty() && base.back() == '/')
      base.remove_suffix(1);
    else if (base.size() >= 2 && base.ends_with("/."))
      base.remove_suffix(2);
    else
      break;
  }
  if (base.empty() || base == ".") return std::string(sub);
  std::string out;
  out.reserve(base.size() + 1 + sub.size());
  out.append(base).append("/").append(sub);
  return out;
}

// Expands a directory into the selected files below it, sorted; a directory
// that cannot be read is an error (never a silent pass). Directory symlinks
// are not followed (no loops). A file given by name is always linted unless
// force_exclude and an exclude glob matches it.
void discover(const std::string& arg, const Selection& sel, bool force_exclude, std::vector<std::string>& files,
              std::vector<std::string>& errors, const Log& log, Lang lang) {
  auto unreadable = [&](const fs::path& dir, const std::error_code& e) {
    errors.push_back(render(
        msg("run.cannot-read-directory", {{"path", dir.string()}, {"reason", error_reason(e.value(), lang)}}), lang));
  };
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
  // Each directory to read, with its path below arg ("" for arg itself).
  std::vector<std::pair<fs::path, std::string>> todo{{fs::path(arg), std::string()}};
  const std::string base = relative_path(arg, sel.root);
  while (!todo.empty()) {
    auto [dir, sub] = std::move(todo.back());
    todo.pop_back();
    fs::directory_iterator it(dir, ec), end;
    if (ec) {
      unreadable(dir, ec);
      continue;
    }
    for (; it != end; it.increment(ec)) {
      if (ec) {
        unreadable(dir, ec);
        break;
      }
      const fs::directory_entry& e = *it;
      std::error_code lec;
      if (e.is_symlink(lec) && e.is_directory(lec)) continue;
      std::string name = e.path().filename().string();
      std::string below = sub.empty() ? name : sub + "/" + name;
      std::string rel = join_relative(base, below);
      if (e.is_directory(lec)) {
        if (sel.excluded_rel(rel))
          say(log, LogLevel::Debug, e.path().string() + ": directory excluded");
        else
          todo.emplace_back(e.path(), std::move(below));
        continue;
      }
      if (!e.is_regular_file(lec) || !sel.included_rel(rel)) continue;
      if (sel.own_file(e.path())) {
        say(log, LogLevel::Debug, e.path().string() + ": policylint's own file, not linted");
        continue;
      }
      found.push_back(e.path().string());
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
    auto it = linter.options().severity.find(f.rule.view());
    if (it != linter.options().severity.end()) f.severity = it->second;
    f.path = source.shared_path();  // one string for all
    f.start = source.position(f.span.begin);
    f.end = source.position(f.span.end);
  }
  r.findings = std::move(findings);
  return r;
}

Finding unused(std::string_view rule, Span span, std::string message) {
  Finding f;
  f.rule = RuleId::of(rule);
  f.span = span;
  f.message = std::move(message);
  return f;
}

// The .tf files of each directory, read once by the first worker that needs
// them, so local.* and data sources defined in a sibling file are followed.
// The lint of each of them takes its text from there, and the setups of the
// module take the texts of all of them (one listing and one read of each
// file, not three).
class Modules {
public:
  explicit Modules(const json::Limits& limits) : limits_(limits) {}

  struct Entry {
    std::once_flag once;
    std::unique_ptr<input::TerraformModule> module;
    // The directory's Terraform files (.tf and .tf.json) by name, sorted
    // (setup::module_file_names).
    std::vector<std::string> names;
    // The name of each of the module's texts, in its order (sorted).
    std::vector<std::string> own;

    // The text of the module's file of this name, as read, or none.
    std::optional<std::string_view> text_of(std::string_view name) const {
      auto it = std::lower_bound(own.begin(), own.end(), name);
      if (it == own.end() || *it != name) return std::nullopt;
      return module->text(static_cast<std::size_t>(it - own.begin()));
    }
  };

  // The module of a file's directory, read on the first call; the pointer
  // keeps it alive while the caller lints with it, whatever drop does.
  std::shared_ptr<const Entry> for_file(const std::string& file) {
    std::string dir = setup::module_dir(file);
    std::shared_ptr<Entry> e;
    {
      std::lock_guard lock(mu_);
      auto& slot = entries_[dir];
      if (!slot) slot = std::make_shared<Entry>();
      e = slot;
    }
    std::call_once(e->once, [&] {
      // Made aside and kept only when whole: a throw leaves the entry as it
      // was, for the next caller's try.
      std::vector<std::string> names = setup::module_file_names(dir), own, texts;
      const fs::path base = dir.empty() ? fs::path(".") : fs::path(dir);
      for (const std::string& n : names) {
        // The module's own files: .tf (read_input refuses any that is not a
        // regular file; a .tf.json file is not part of it).
        if (fs::path(n).extension() != ".tf") continue;
        ReadResult r = read_input((base / n).string(), limits_.max_bytes);
        if (!r.ok || r.too_large) continue;
        texts.push_back(std::move(r.text));
        own.push_back(n);
      }
      auto module = std::make_unique<input::TerraformModule>(std::move(texts), limits_);
      e->names = std::move(names);
      e->own = std::move(own);
      e->module = std::move(module);
    });
    return e;
  }

  // The module read for a directory, or null: only once no worker reads it
  // (its files are linted).
  std::shared_ptr<const Entry> read(const std::string& dir) {
    std::lock_guard lock(mu_);
    auto it = entries_.find(dir);
    return it != entries_.end() && it->second && it->second->module ? it->second : nullptr;
  }

  // Lets go of the module of a directory: freed once no caller of for_file
  // holds it (read again on a later call of for_file).
  void drop(const std::string& dir) {
    std::lock_guard lock(mu_);
    entries_.erase(dir);
  }

private:
  json::Limits limits_;
  std::mutex mu_;
  std::map<std::string, std::shared_ptr<Entry>> entries_;
};

// One file to lint and what is known of it beforehand.
struct Job {
  LintInput in;
  const Linter* linter = nullptr;
  // Set for a file another file refers to (Terraform file(), templatefile()).
  std::optional<Kind> kind;
  std::string context;
  std::optional<DocumentForm> form;
};

// A file named on the command line that is in no format policylint reads
// (e.g. a Python script): said plainly, never a syntax error at 1:1.
bool unreadable_format(const std::string& path, std::string_view text) {
  if (path == "-" || format_of(path) != InputFormat::Json) return false;
  fs::path p(path);
  std::string ext = p.extension().string();
  if (ext.empty() || ext == ".json" || ext == ".policy" || ext == ".template") return false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    return c != '{' && c != '[';
  }
  return false;
}

}  // namespace

RunResult run(const RunOptions& options, const Config& config_in, const LogFn& log_fn) {
  RunResult result;
  const Log log{log_fn, options.log_level};
  const Lang lang = options.lint.settings.lang;
  auto say_in_lang = [lang](const Message& m) { return render(m, lang); };
  Config config = config_in;  // suppressions count their matches
  Linters linters(options, config);
  std::vector<ReferencedFile> references;  // collected from the linted files, in file order

  // The baseline is read first: a broken one stops the run before any work.
  std::vector<BaselineEntry> baseline;
  Source baseline_source;
  if (!options.baseline_path.empty()) {
    ReadResult read = read_input(options.baseline_path, std::uint64_t{256} << 20, lang);
    if (!read.ok || read.too_large)
      throw RunError(say_in_lang(msg("run.baseline-unreadable",
                                     {{"path", options.baseline_path},
                                      {"reason", read.ok ? say_in_lang(msg("run.larger-than-256mib")) : read.error}})));
    baseline_source = Source(options.baseline_path, std::move(read.text));
    std::vector<ConfigProblem> problems;
    baseline = parse_baseline(baseline_source.text(), problems, lang);
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
  if (!options.baseline_path.empty()) sel.own_keys.push_back(util::path_key(options.baseline_path));
  for (const std::string& own : options.own_files) sel.own_keys.push_back(util::path_key(own));
  sel.include = !options.include.empty()  ? options.include
                : !config.include.empty() ? config.include
                                          : default_includes();
  sel.exclude = default_excludes();
  sel.exclude.insert(sel.exclude.end(), config.exclude.begin(), config.exclude.end());
  sel.exclude.insert(sel.exclude.end(), options.exclude.begin(), options.exclude.end());
  std::vector<std::string> files;
  for (const auto& p : options.paths) discover(p, sel, options.force_exclude, files, result.errors, log, lang);
  std::vector<Job> jobs;
  bool stdin_used = false;
  for (const auto& file : files) {
    if (file == "-") {
      if (stdin_used) continue;
      stdin_used = true;
    }
    Job j;
    j.in = {file, file == "-" ? "<stdin>" : file};
    j.linter = &linters.for_file(file);
    jobs.push_back(std::move(j));
  }
  std::vector<std::string> named = options.paths;
  Modules modules(options.lint.limits);

  // Streaming (options.on_report): a report is handed on in input order as
  // soon as nothing later can change it. A setup may add findings to any file
  // of a Terraform module or named by the configuration's setups, and to a
  // file with embedded documents (plans, templates in JSON or YAML): those
  // reports, and every report after the first of them, wait for the setup
  // proof. A YAML or JSON file holds only once it turns out to embed documents.
  bool holding = !options.on_report || !config.setups.empty() || !options.compare_ref.empty() ||
                 std::any_of(jobs.begin(), jobs.end(), [](const Job& j) {
                   InputFormat f = format_of(j.in.path);
                   return f != InputFormat::Json && f != InputFormat::Yaml;
                 });
  std::vector<setup::Input> streamed;     // reports already handed on, for the setup proof
  std::vector<std::string> streamed_rel;  // and their paths, for the unused entries
  const bool want_rel = !config.suppressions.empty() || !baseline.empty();

  // The previous version of a bucket policy: one file for the one input, or
  // each file's version at a git revision, loaded by the worker that lints it.
  std::shared_ptr<const Previous> previous_file;
  if (!options.previous_file.empty()) {
    if (!options.compare_ref.empty()) throw RunError(say_in_lang(msg("run.previous-and-compare-ref")));
    if (jobs.size() != 1) throw RunError(say_in_lang(msg("run.previous-one-file")));
    std::string error;
    auto p = load_previous_file(options.previous_file, error, lang);
    if (!p) throw RunError(error);
    previous_file = std::make_shared<const Previous>(std::move(*p));
  }

  // Fatal problems found by a worker (a revision that names no commit).
  // A worker's error starts with what it is: "error: " and the whole message
  // in the run's language ("PATH: cannot read: ..."), "fatal: " or "note: ".
  std::string fatal;
  auto cannot_read = [&](const std::string& path, const std::string& reason) {
    return "error: " + say_in_lang(msg("run.cannot-read", {{"path", path}, {"reason", reason}}));
  };
  auto lint_job = [&](std::size_t i) {
    const LintInput& in = jobs[i].in;
    const Linter& linter = *jobs[i].linter;
    LintResult res;
    res.path = in.path;
    // A .tf file is linted with its module, and read from it (from the
    // disk under --fix: a file named twice, or through a link, may have been
    // fixed since the module was read).
    std::shared_ptr<const Modules::Entry> module;
    if (format_of(in.path) == InputFormat::Terraform && in.path != "-") module = modules.for_file(in.path);
    ReadResult read;
    if (module && !options.fix)
      if (auto text = module->text_of(fs::path(in.path).filename().string())) {
        read.ok = true;
        read.text.assign(*text);
        read.size = read.text.size();
      }
    if (!read.ok) read = read_input(in.path, linter.options().limits.max_bytes, lang);
    if (!read.ok) {
      res.error = cannot_read(in.path, read.error);
      return res;
    }
    if (read.too_large) {
      res.report = too_large_report(linter, in.display, read.size);
      return res;
    }
    if (!jobs[i].form && std::find(named.begin(), named.end(), in.path) != named.end() &&
        unreadable_format(in.path, read.text)) {
      res.error = "error: " + say_in_lang(msg("run.not-a-format", {{"path", in.path}}));
      return res;
    }
    Neighbours nb;
    nb.kind = jobs[i].kind;
    nb.context = jobs[i].context;
    nb.form = jobs[i].form;
    nb.module = module ? module->module.get() : nullptr;
    std::optional<Previous> at_ref;
    const Previous* previous = previous_file.get();
    if (!options.compare_ref.empty() && in.path != "-") {
      std::string error;
      at_ref = load_previous_at_ref(in.path, options.compare_ref, error, lang);
      if (!at_ref) {
        res.error = "fatal: " + error;
        return res;
      }
      if (!at_ref->warning.empty()) res.error = "note: " + at_ref->warning;  // logged, report kept
      previous = &*at_ref;
    }
    nb.previous = previous;
    res.report = linter.lint(in.display, std::move(read.text), nb);
    return res;
  };
  // A bug (or memory exhaustion) on one file must not take down the others.
  auto work = [&](std::size_t i) {
    try {
      return lint_job(i);
    } catch (const std::exception& e) {
      LintResult res;
      res.path = jobs[i].in.path;
      res.error = cannot_read(res.path, say_in_lang(msg("run.internal-error", {{"what", e.what()}})));
      return res;
    } catch (...) {
      LintResult res;
      res.path = jobs[i].in.path;
      res.error = cannot_read(res.path, say_in_lang(msg("run.internal-error.unknown")));
      return res;
    }
  };

  auto handle = [&](LintResult&& res) {
    if (!fatal.empty()) return;
    const std::string& file = res.path;
    if (!res.report) {
      if (res.error.starts_with("fatal: ")) {
        fatal = res.error.substr(7);
        return;
      }
      if (res.error.starts_with("error: "))
        result.errors.push_back(res.error.substr(7));
      else  // (an exception outside the worker's own catch)
        result.errors.push_back(cannot_read(file, res.error).substr(7));
      return;
    }
    if (res.error.starts_with("note: ")) say(log, LogLevel::Info, res.error.substr(6));
    FileReport r = std::move(*res.report);
    const Job& job = jobs[res.index];
    const Linter& linter = *job.linter;
    for (const auto& ref : r.references) references.push_back(ref);
    ++result.files;
    result.documents += r.documents.size();
    if (log.wants(LogLevel::Debug)) {
      say(log, LogLevel::Debug, "linted " + r.path + " (" + std::to_string(r.source.text().size()) + " bytes)");
      for (const auto& d : r.documents)
        say(log, LogLevel::Debug,
            r.path + ":" + std::to_string(d.start.line) + ":" + std::to_string(d.start.column) + ": " +
                (d.kind ? std::string(to_string(*d.kind)) : std::string("unknown")) + " policy (" +
                (d.kind_inferred ? "inferred" : "given") + ", " + std::string(to_string(d.form)) + ")" +
                (d.context.empty() ? std::string() : " in " + d.context));
    }
    if (!r.is_policy && log.wants(LogLevel::Info))
      say(log, LogLevel::Info, say_in_lang(msg("run.not-a-policy", {{"path", r.path}})));

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
        fo.reason = say_in_lang(msg("run.fix.stdin"));
      } else if (fo.fixable > 0) {
        auto [fixed, n] = apply_fixes(r.source.text(), r.findings, options.unsafe_fixes);
        std::string error;
        if (n > 0 && fixed != r.source.text()) {
          if (!write_file_atomic(file, fixed, error, lang)) {
            result.errors.push_back(say_in_lang(msg("run.cannot-apply-fixes", {{"path", file}, {"reason", error}})));
          } else {
            fo.applied = n;
            say(log, LogLevel::Info, say_in_lang(msg("run.fixes-applied", {{"path", file}, {"n", n}})));
            // Report what is left, filtered the same way (without counting twice).
            const Previous* previous = previous_file.get();
            std::optional<Previous> at_ref;
            if (!options.compare_ref.empty()) {
              std::string ignored;
              at_ref = load_previous_at_ref(file, options.compare_ref, ignored, lang);
              if (at_ref) previous = &*at_ref;
            }
            Neighbours nb;
            nb.kind = job.kind;
            nb.context = job.context;
            nb.form = job.form;
            nb.previous = previous;
            std::shared_ptr<const Modules::Entry> module;
            if (format_of(file) == InputFormat::Terraform) module = modules.for_file(file);
            nb.module = module ? module->module.get() : nullptr;
            r = linter.lint(r.path, std::move(fixed), nb);
            apply_suppressions(config, r, false);
            std::vector<BaselineEntry> fresh = baseline;
            for (auto& e : fresh) e.matched = 0;
            apply_baseline(fresh, r, config.root);
          }
        }
        if (fo.applied < fo.fixable && fo.reason.empty())
          fo.reason = say_in_lang(options.unsafe_fixes ? msg("run.fix.run-again") : msg("run.fix.unsafe-or-overlap"));
      }
      if (fo.fixable > 0) result.fixes.push_back(std::move(fo));
    }
    // Reporters read the text only around findings: a clean file's bytes
    // need not stay in memory until the report is written.
    if (r.findings.empty()) r.source = Source(r.source.path(), std::string());
    if (!holding &&
        std::any_of(r.documents.begin(), r.documents.end(), [](const DocumentInfo& d) { return !d.context.empty(); }))
      holding = true;
    if (!holding) {
      streamed.push_back({r.path, false});
      // Only the unused-entry checks read them: no path arithmetic per file without suppressions or a baseline.
      if (want_rel) streamed_rel.push_back(relative_path(r.path, config.root));
      options.on_report(std::move(r));
      return;
    }
    // Held until the setup proof: without the room the lint left for more
    // findings (a vector grown by doubling may be up to half empty).
    r.findings.shrink_to_fit();
    result.reports.push_back(std::move(r));
  };
  // A Terraform module's setups are found as soon as its last input is
  // linted, and the module read for the lint is let go then: the modules
  // held are those with inputs still to lint, not the tree's. (What the
  // setups name is read again when they are proved, after every file.)
  auto module_input = [](const Job& j) {
    return j.in.path != "-" &&
           (format_of(j.in.path) == InputFormat::Terraform || format_of(j.in.path) == InputFormat::TerraformJson);
  };
  std::map<std::string, std::size_t> module_inputs;  // by module_dir: Terraform inputs not yet linted
  for (const Job& j : jobs)
    if (module_input(j)) ++module_inputs[setup::module_dir(j.in.path)];
  std::map<std::string, std::vector<setup::Setup>> module_setups;
  auto sink = [&](LintResult&& res) {
    const std::size_t index = res.index;
    handle(std::move(res));
    // Only the module's own inputs count (not a JSON file or standard input
    // beside them), and only in the first round (none is left after it).
    if (!fatal.empty() || index >= jobs.size() || !module_input(jobs[index])) return;
    auto left = module_inputs.find(setup::module_dir(jobs[index].in.path));
    if (left == module_inputs.end() || --left->second != 0) return;
    const std::string& dir = left->first;
    // The module's texts as the lint read them, unless a fix may have
    // changed a file since (then read again).
    std::shared_ptr<const Modules::Entry> held = modules.read(dir);
    const input::TerraformModule* module = held ? held->module.get() : nullptr;
    module_setups[dir] = held && !options.fix
                             ? setup::module_setups(dir, options.lint.limits, module, &held->names,
                                                    [&](const std::string& name) { return held->text_of(name); })
                             : setup::module_setups(dir, options.lint.limits, module);
    modules.drop(dir);
    module_inputs.erase(left);
  };
  run_ordered(jobs.size(), ParallelOptions{options.jobs, 0}, work, sink);
  if (!fatal.empty()) throw RunError(fatal);

  // Files the documents refer to (Terraform file(), templatefile()) that were
  // not linted already: linted now with the referring resource's kind and
  // address; one that cannot be read is an error, as it is for Terraform.
  if (!references.empty()) {
    std::set<std::string> done;
    for (const auto& j : jobs) done.insert(util::path_key(j.in.path));
    std::vector<Job> more;
    for (const auto& ref : references) {
      if (!done.insert(util::path_key(ref.path)).second) continue;
      Job j;
      j.in = {ref.path, ref.path};
      j.linter = &linters.for_file(ref.path);
      j.kind = ref.kind;
      j.context = ref.context;
      j.form = format_of(ref.path) == InputFormat::Json || format_of(ref.path) == InputFormat::TerraformJson
                   ? DocumentForm::File
                   : DocumentForm::Templatefile;
      more.push_back(std::move(j));
    }
    jobs = std::move(more);
    references.clear();
    // A Terraform file first linted here (named by file()) is of a module
    // whose setups were found before it was linted (and perhaps fixed): the
    // proof finds them again.
    for (const Job& j : jobs)
      if (module_input(j)) module_setups.erase(setup::module_dir(j.in.path));
    run_ordered(jobs.size(), ParallelOptions{options.jobs, 0}, work, sink);
  }

  // ---- setup proof (cross-document): the setups of the inputs, proved once
  // every file is linted; their findings pass through the same severity,
  // suppression and baseline steps as the files' own.
  {
    std::vector<setup::Input> inputs = streamed;
    for (const auto& r : result.reports)
      inputs.push_back({r.path, std::any_of(r.documents.begin(), r.documents.end(),
                                            [](const DocumentInfo& d) { return !d.context.empty(); })});
    setup::PhaseResult phase = setup::run_phase(
        inputs, config, options.lint.limits, options.lint.settings.lang,
        [&](const std::string& dir) {
          std::shared_ptr<const Modules::Entry> e = modules.read(dir);
          return e ? e->module.get() : nullptr;
        },
        &module_setups);
    result.setups = std::move(phase.setups);
    std::map<std::string, std::vector<Finding>> by_file;
    for (auto& f : phase.findings) {
      const Linter& linter = linters.for_file(f.path);
      if (!linter.rule_enabled(f.rule)) continue;
      auto it = linter.options().severity.find(f.rule.view());
      if (it != linter.options().severity.end()) f.severity = it->second;
      by_file[f.path].push_back(std::move(f));
    }
    // The reports by file (keys absolute: the setup's paths may be relative
    // to the configuration's root, the inputs as the user typed them).
    std::unordered_map<std::string, std::size_t> report_of;
    for (std::size_t i = 0; i < result.reports.size(); ++i)
      report_of.emplace(util::path_key(result.reports[i].path), i);
    std::unordered_map<std::string_view, std::string_view> text_of(phase.texts.begin(), phase.texts.end());
    for (auto& [path, findings] : by_file) {
      FileReport tmp;
      tmp.path = path;
      if (auto t = text_of.find(path); t != text_of.end()) tmp.source = Source(path, std::string(t->second));
      tmp.findings = std::move(findings);
      apply_suppressions(config, tmp, true);
      apply_baseline(baseline, tmp, config.root);
      if (tmp.findings.empty()) continue;
      auto it = report_of.find(util::path_key(path));
      if (it == report_of.end()) {
        // A file of the setup that was not an input (a sibling .tf file, a
        // document the configuration names): reported with its findings.
        tmp.documents.clear();
        result.reports.push_back(std::move(tmp));
        continue;
      }
      FileReport& r = result.reports[it->second];
      if (r.source.text().empty()) r.source = std::move(tmp.source);
      for (auto& f : tmp.findings) {
        f.path = r.path;
        r.findings.push_back(std::move(f));
      }
      std::stable_sort(r.findings.begin(), r.findings.end(), [](const Finding& a, const Finding& b) {
        if (a.span.begin != b.span.begin) return a.span.begin < b.span.begin;
        if (a.span.end != b.span.end) return a.span.end < b.span.end;
        return a.rule < b.rule;
      });
    }
  }

  // Entries that matched nothing in the files linted now.
  const Linter& base = linters.for_file("-");
  std::vector<std::string> linted = std::move(streamed_rel);
  if (want_rel)
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
      unused_sups.push_back(unused("config/unused-suppression", sup.span,
                                   render(msg("config/unused-suppression", {{"rule", sup.rule}, {"path", sup.path}}),
                                          options.lint.settings.lang)));
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
                                      render(msg(gone ? "baseline/unused-entry.gone" : "baseline/unused-entry",
                                                 {{"n", n}, {"rule", e.rule}, {"path", e.path}}),
                                             options.lint.settings.lang)));
    }
  }
  if (auto r = unused_report(base, config.source, std::move(unused_sups))) result.reports.push_back(std::move(*r));
  if (auto r = unused_report(base, baseline_source, std::move(unused_entries))) result.reports.push_back(std::move(*r));
  if (options.on_report) {
    for (auto& r : result.reports) options.on_report(std::move(r));
    result.reports.clear();
  }
  return result;
}

}  // namespace policylint
