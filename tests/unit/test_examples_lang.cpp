// The bundled examples (the README's first command) in English and in
// Simplified Chinese: every finding, fix, note and the summary, compared
// with testdata/cli/examples.<lang>.expected. POLICYLINT_UPDATE_GOLDEN=1
// rewrites the expected files.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>

#include "cli_util.hpp"

namespace fs = std::filesystem;
using testutil::run_cli;
using testutil::slurp;
using testutil::source_dir;

TEST_CASE("golden: the bundled examples in English and in Chinese", "[golden][i18n][examples]") {
  const std::string root = source_dir().string() + "/";
  const bool update = std::getenv("POLICYLINT_UPDATE_GOLDEN") != nullptr;
  std::string outputs[2];
  int i = 0;
  for (const char* lang : {"en", "zh"}) {
    INFO(lang);
    auto r = run_cli({"--lang", lang, "--no-config", "--no-color", root + "testdata/examples"}, true);
    CHECK(r.status == 1);  // the as-documented examples keep their placeholders
    // Paths as a user running the README's command from the repository sees them.
    std::string out;
    for (std::size_t at = 0, next; at < r.out.size(); at = next) {
      next = r.out.find(root, at);
      if (next == std::string::npos) next = r.out.size();
      out.append(r.out, at, next - at);
      if (next < r.out.size()) next += root.size();
    }
    fs::path expected = source_dir() / "testdata" / "cli" / ("examples." + std::string(lang) + ".expected");
    if (update) std::ofstream(expected, std::ios::binary) << out;
    CHECK(out == slurp(expected));
    outputs[i++] = out;
  }
  CHECK(outputs[0] != outputs[1]);
  CHECK(outputs[1].find("已检查") != std::string::npos);
}
