// The run's own errors in the run's language (rules/messages/run.tsv): inputs
// and directories that cannot be read, a file in no format policylint reads,
// requests that cannot be carried out (--previous, --baseline), why fixes were
// not applied, and the JSON parser's words in a broken baseline or
// configuration. Chinese says nothing in English outside quoted values, paths
// and option names; English is the text it always was.
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <regex>
#include <set>

#include "cli_util.hpp"
#include "i18n_check.hpp"
#include "policylint/i18n.hpp"
#include "policylint/parallel.hpp"

namespace fs = std::filesystem;
using namespace testutil;

namespace {

struct Dir : TempDir {
  Dir() : TempDir("i18n-run") {}
};

// The run's messages may also name file extensions and git.
std::string english_in_run(const std::string& message, const std::vector<std::string>& paths) {
  return testutil::english_in(message, paths, {"tf", "json", "git"});
}

bool has_cjk(const std::string& s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) >= 0xE3; });
}

// The lines of the CLI's own messages on standard error ("policylint: ...").
std::vector<std::string> own_lines(const std::string& out) {
  std::vector<std::string> lines;
  std::istringstream in(out);
  for (std::string l; std::getline(in, l);)
    if (l.starts_with("policylint: ")) lines.push_back(l);
  return lines;
}

// Runs args with --lang zh and --lang en. In Chinese, the one line starting
// with "policylint: " is Chinese (paths aside); in English it is `english`.
void check_both(const std::vector<std::string>& args, const std::string& english, const std::vector<std::string>& paths,
                const std::string& stdin_file = {}) {
  INFO(english);
  std::vector<std::string> zh_args{"--lang", "zh"}, en_args{"--lang", "en"};
  zh_args.insert(zh_args.end(), args.begin(), args.end());
  en_args.insert(en_args.end(), args.begin(), args.end());

  RunResult en = run_cli(en_args, true, stdin_file);
  auto en_lines = own_lines(en.out);
  INFO(en.out);
  REQUIRE(en_lines.size() == 1);
  CHECK(en_lines[0] == "policylint: " + english);

  RunResult zh = run_cli(zh_args, true, stdin_file);
  auto zh_lines = own_lines(zh.out);
  INFO(zh.out);
  REQUIRE(zh_lines.size() == 1);
  std::string message = zh_lines[0].substr(12);
  CHECK(has_cjk(message));
  CHECK(english_in_run(message, paths).empty());
  CHECK(zh.status == en.status);
}

const char* kPolicy =
    R"({"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:getobject","Resource":"acs:oss:*:*:bucket/x"}]})";

}  // namespace

TEST_CASE("i18n run: a file that does not exist", "[i18n][cli][run]") {
  Dir d;
  std::string missing = d.path("missing.json");
  check_both({"--no-config", missing}, missing + ": cannot read: No such file or directory", {missing});
}

TEST_CASE("i18n run: a directory that cannot be read", "[i18n][cli][run]") {
  if (::geteuid() == 0) {
    WARN("running as root: every directory can be read; skipped");
    return;
  }
  Dir d;
  d.write("tree/ok.json", kPolicy);
  fs::create_directories(d.root / "tree" / "locked");
  fs::permissions(d.root / "tree" / "locked", fs::perms::none);
  std::string locked = d.path("tree/locked");
  check_both({"--no-config", d.path("tree")}, locked + ": cannot read directory: Permission denied", {locked});
}

TEST_CASE("i18n run: a named file in no format policylint reads", "[i18n][cli][inputs]") {
  Dir d;
  std::string py = d.write("deploy.py", "import os\nprint('hello')\n");
  check_both({"--no-config", py},
             py + ": not a format policylint reads (JSON policies, Terraform .tf / .tf.json, YAML)", {py});
}

TEST_CASE("i18n run: --previous with two files", "[i18n][cli][previous]") {
  Dir d;
  std::string a = d.write("a.json", kPolicy), b = d.write("b.json", kPolicy);
  check_both({"--no-config", "--previous", a, a, b},
             "--previous: a previous version is compared with exactly one policy file", {});
  check_both({"--no-config", "--previous", d.path("gone.json"), a},
             "--previous: cannot read the previous version '" + d.path("gone.json") + "'", {});
}

TEST_CASE("i18n run: --baseline naming a missing file or broken JSON", "[i18n][cli][baseline]") {
  Dir d;
  std::string a = d.write("a.json", kPolicy);
  std::string missing = d.path("baseline.json");
  check_both({"--no-config", "--baseline", missing, a},
             "cannot read baseline " + missing + ": No such file or directory", {missing});
  std::string broken = d.write("broken.json", "{\"findings\": [1,}");
  check_both({"--no-config", "--baseline", broken, a},
             broken +
                 ":1:17: error: invalid JSON: expected a JSON value (string, number, object, array, true, false or "
                 "null) [config]",
             {broken, "error", "[config]"});
}

TEST_CASE("i18n run: a configuration that is not JSON", "[i18n][cli][config]") {
  Dir d;
  std::string a = d.write("a.json", kPolicy);
  std::string config = d.write("config.json", "{\"rules\": }");
  // Problems of the configuration are printed as PATH:LINE:COL: error: MESSAGE [config].
  for (const char* lang : {"en", "zh"}) {
    RunResult r = run_cli({"--lang", lang, "--config", config, a}, true);
    CHECK(r.status == 2);
    INFO(r.out);
    std::string prefix = config + ":1:11: error: ";
    auto at = r.out.find(prefix);
    REQUIRE(at != std::string::npos);
    std::string message = r.out.substr(at + prefix.size(), r.out.find(" [config]", at) - at - prefix.size());
    if (std::string(lang) == "en") {
      CHECK(message == "invalid JSON: expected a JSON value (string, number, object, array, true, false or null)");
    } else {
      CHECK(has_cjk(message));
      CHECK(english_in_run(message, {}).empty());
    }
  }
}

TEST_CASE("i18n run: --fix on standard input", "[i18n][cli][fix]") {
  Dir d;
  std::string policy = d.write("policy.json", kPolicy);
  check_both({"--no-config", "--fix", "-"}, "fixed 0 of 1 fixable finding in <stdin> (standard input is not rewritten)",
             {"<stdin>"}, policy);
}

TEST_CASE("i18n run: errno reasons in both languages", "[i18n][run]") {
  using policylint::error_reason;
  using policylint::Lang;
  for (int e : {ENOENT, EACCES, EISDIR, ENOTDIR, ELOOP, ENAMETOOLONG, EMFILE, ENOMEM, EIO, EXDEV}) {
    INFO(e);
    // English is the system's own text.
    CHECK(error_reason(e, Lang::En) == std::strerror(e));
    std::string zh = error_reason(e, Lang::Zh);
    CHECK(has_cjk(zh));
    if (e != EXDEV) CHECK(english_in_run(zh, {}).empty());
  }
  // An error without a message of its own: the system's text, said to be one.
  CHECK(error_reason(EXDEV, Lang::Zh) == std::string("系统错误：") + std::strerror(EXDEV));
#ifdef __GLIBC__
  // The table's English column is the system's text (glibc).
  for (auto [e, id] : std::initializer_list<std::pair<int, const char*>>{{ENOENT, "run.reason.enoent"},
                                                                         {EACCES, "run.reason.eacces"},
                                                                         {EISDIR, "run.reason.eisdir"},
                                                                         {ENOTDIR, "run.reason.enotdir"},
                                                                         {ELOOP, "run.reason.eloop"},
                                                                         {ENAMETOOLONG, "run.reason.enametoolong"},
                                                                         {EMFILE, "run.reason.emfile"},
                                                                         {ENOMEM, "run.reason.enomem"},
                                                                         {EIO, "run.reason.eio"}}) {
    INFO(id);
    CHECK(policylint::render(policylint::msg(id), Lang::En) == std::strerror(e));
    CHECK(policylint::render(policylint::msg(id), Lang::Zh) == error_reason(e, Lang::Zh));
  }
#endif
  // read_input says why in the language asked for.
  Dir d;
  auto r = policylint::read_input(d.path("nothing.json"), 1 << 20, Lang::Zh);
  CHECK_FALSE(r.ok);
  CHECK(r.error == "文件或目录不存在");
  r = policylint::read_input(d.root.string(), 1 << 20, Lang::Zh);
  CHECK(r.error == "是一个目录");
  r = policylint::read_input(d.root.string(), 1 << 20);
  CHECK(r.error == std::strerror(EISDIR));
}

TEST_CASE("i18n run: --compare-ref outside a work tree and with an unknown revision", "[i18n][cli][previous]") {
  Dir d;
  std::string file = d.write("repo/bucket.json", kPolicy);
  auto git = [&](const std::string& args) {
    std::string cmd = "git -C " + shell_quote(d.path("repo")) +
                      " -c user.name=test -c user.email=test@example.com -c commit.gpgsign=false " + args +
                      " >/dev/null 2>&1";
    return std::system(cmd.c_str());
  };
  // Outside a work tree: a note (with --verbose), the file is linted without comparison.
  for (const char* lang : {"en", "zh"}) {
    RunResult r = run_cli({"--lang", lang, "--no-config", "--verbose", "--compare-ref", "HEAD", file}, true);
    INFO(r.out);
    std::string prefix = "policylint: info: " + file;
    auto at = r.out.find(prefix);
    if (at == std::string::npos) {
      // The temporary directory is inside a work tree: nothing to check here.
      WARN("the temporary directory is in a git work tree");
      break;
    }
    std::string line = r.out.substr(at, r.out.find('\n', at) - at);
    if (std::string(lang) == "en") {
      CHECK(line == prefix + ": not in a git work tree; not compared with HEAD");
    } else {
      std::string message = line.substr(std::string("policylint: info: ").size());
      CHECK(has_cjk(message));
      CHECK(english_in_run(message, {file, "HEAD"}).empty());
    }
  }
  if (git("init -q") != 0 || git("add bucket.json") != 0 || git("commit -q -m v1") != 0) {
    WARN("git is not available");
    return;
  }
  check_both({"--no-config", "--compare-ref", "no-such-ref", file},
             "--compare-ref: 'no-such-ref' names no commit in the repository of " + file, {file});
}

TEST_CASE("i18n run: the notes of --verbose", "[i18n][cli][fix]") {
  Dir d;
  for (const char* lang : {"en", "zh"}) {
    std::string fixed = d.write("fixed.json", kPolicy);
    std::string other = d.write("package.json", "{\"name\": \"x\"}");
    RunResult r = run_cli({"--lang", lang, "--no-config", "--verbose", "--fix", fixed, other}, true);
    INFO(r.out);
    std::vector<std::string> notes;
    for (const auto& l : own_lines(r.out))
      if (l.starts_with("policylint: info: ")) notes.push_back(l.substr(18));
    REQUIRE(notes.size() == 2);
    if (std::string(lang) == "en") {
      CHECK(notes[0] == fixed + ": applied 1 fix");
      CHECK(notes[1] == other + ": not a policy document, skipped");
    } else {
      for (const auto& n : notes) {
        CHECK(has_cjk(n));
        CHECK(english_in_run(n, {fixed, other}).empty());
      }
    }
  }
}
