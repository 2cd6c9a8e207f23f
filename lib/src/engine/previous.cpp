#include "policylint/previous.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

extern char** environ;

namespace policylint {

namespace fs = std::filesystem;

namespace {

struct GitResult {
  int status = -1;  // exit status; -1 when git could not be run
  std::string out;
};

// Runs git with args (no shell), standard output captured, standard error
// discarded.
GitResult run_git(const std::vector<std::string>& args) {
  GitResult r;
  int fds[2];
  if (::pipe(fds) != 0) return r;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
  posix_spawn_file_actions_addclose(&actions, fds[0]);
  posix_spawn_file_actions_addclose(&actions, fds[1]);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  std::vector<std::string> all = {"git"};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  int rc = ::posix_spawnp(&pid, "git", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[1]);
  if (rc != 0) {
    ::close(fds[0]);
    return r;
  }
  std::array<char, 1 << 16> buf{};
  for (;;) {
    ssize_t n = ::read(fds[0], buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    r.out.append(buf.data(), static_cast<std::size_t>(n));
  }
  ::close(fds[0]);
  int st = 0;
  while (::waitpid(pid, &st, 0) < 0 && errno == EINTR) {
  }
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

std::unique_ptr<PreviousVersion> parse(std::string label, std::string text, std::string& error, Lang lang) {
  auto v = std::make_unique<PreviousVersion>();
  v->label = label;
  v->source = Source(std::move(label), std::move(text));
  v->document = json::parse(v->source.text());
  const json::Node* root = v->document.ok() ? v->document.root() : nullptr;
  if (root == nullptr || !root->is_object() || root->find("Statement") == nullptr) {
    error = render(msg("run.previous-not-policy", {{"label", v->label}}), lang);
    return nullptr;
  }
  v->policy = build_policy(root);
  v->policy.kind = Kind::Bucket;
  v->policy.kind_inferred = false;
  return v;
}

}  // namespace

void Previous::apply(Settings& settings) const {
  settings.previous = version ? &version->policy : nullptr;
  settings.previous_source = version ? &version->source : nullptr;
  settings.previous_label = version ? version->label : label;
  settings.previous_absent = absent;
}

std::optional<Previous> load_previous_file(const std::string& path, std::string& error, Lang lang) {
  std::ifstream in(path, std::ios::binary);
  if (!in || fs::is_directory(path)) {
    error = render(msg("run.previous-unreadable", {{"path", "'" + path + "'"}}), lang);
    return std::nullopt;
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  Previous p;
  p.version = parse(path, std::move(buf).str(), error, lang);
  if (!p.version) {
    return std::nullopt;
  }
  return p;
}

std::optional<Previous> load_previous_at_ref(const std::string& file, const std::string& ref, std::string& error,
                                             Lang lang) {
  Previous p;
  fs::path f(file);
  std::string dir = f.has_parent_path() ? f.parent_path().string() : ".";
  std::string name = f.filename().string();
  p.label = ref + ":" + file;
  // The common case first: one process.
  GitResult shown = run_git({"-C", dir, "show", ref + ":./" + name});
  if (shown.status == 0) {
    p.version = parse(p.label, std::move(shown.out), error, lang);
    if (!p.version) {
      p.warning = error;  // e.g. not JSON at ref: nothing to compare with
      error.clear();
    }
    return p;
  }
  if (shown.status < 0) {
    error = render(msg("run.git-unavailable"), lang);
    return std::nullopt;
  }
  if (run_git({"-C", dir, "rev-parse", "--is-inside-work-tree"}).status != 0) {
    p.warning = render(msg("run.not-in-work-tree", {{"path", file}, {"ref", ref}}), lang);
    return p;
  }
  if (run_git({"-C", dir, "rev-parse", "--verify", "--quiet", ref + "^{tree}"}).status != 0) {
    error = render(msg("run.ref-unknown", {{"ref", "'" + ref + "'"}, {"path", file}}), lang);
    return std::nullopt;
  }
  p.absent = true;
  p.label = ref;
  return p;
}

}  // namespace policylint
