// Every input under testdata/cli/regressions/ (found by fuzzing and the limit
// tests) is linted under each document kind, its fixes applied and the result
// linted again; findings must stay inside the file. Run under the sanitize
// preset this catches the memory errors these files once caused.
#include <catch2/catch.hpp>
#include <filesystem>

#include "cli_util.hpp"
#include "policylint/engine.hpp"

using namespace policylint;
namespace fs = std::filesystem;

namespace {

void check_inside(const FileReport& r) {
  for (const auto& f : r.findings) {
    INFO(f.rule << " " << f.message);
    CHECK(f.span.begin <= f.span.end);
    CHECK(f.span.end <= r.source.text().size());
    for (const auto& rel : f.related)
      if (rel.path.empty()) CHECK(rel.span.end <= r.source.text().size());
  }
}

}  // namespace

TEST_CASE("regressions: every file, every kind, fixes applied", "[limits][regressions]") {
  fs::path dir = testutil::source_dir() / "testdata" / "cli" / "regressions";
  std::size_t files = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() != ".json") continue;
    ++files;
    std::string text = testutil::slurp(e.path());
    INFO(e.path().filename().string());
    for (std::optional<Kind> kind : {std::optional<Kind>{}, std::optional<Kind>{Kind::Permission},
                                     std::optional<Kind>{Kind::Trust}, std::optional<Kind>{Kind::Bucket}}) {
      LintOptions lo;
      lo.kind = kind;
      lo.settings.account = "1234567890123456";
      Linter linter{lo};
      FileReport r = linter.lint(e.path().string(), text);
      check_inside(r);
      auto [fixed, n] = apply_fixes(r.source.text(), r.findings, true);
      if (n > 0) check_inside(linter.lint(e.path().string(), fixed));
    }
  }
  CHECK(files >= 3);
}

TEST_CASE("regressions: a NUL byte after the value is a syntax error", "[limits][regressions]") {
  auto r = testutil::run_cli(
      {"--format", "compact",
       (testutil::source_dir() / "testdata" / "cli" / "regressions" / "nul-after-value.json").string()});
  CHECK(r.status == 1);
  CHECK(r.out ==
        "11:1-11:2 error json/syntax-error NUL byte in the file (unexpected text after the end of the JSON "
        "value)\n");
}
