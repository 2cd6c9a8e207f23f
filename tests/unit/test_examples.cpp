// The seed documents' example policies (placeholders filled in) and realistic
// correct policies must lint without errors or warnings under every rule; the
// examples as documented (placeholders kept) must fail.
#include <catch2/catch.hpp>
#include <set>

#include "cli_util.hpp"

namespace fs = std::filesystem;
using namespace testutil;

namespace {

struct Example {
  std::string file, kind, scenario;
};

std::vector<Example> manifest() {
  std::vector<Example> out;
  std::istringstream in(slurp(source_dir() / "testdata/examples/manifest.tsv"));
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream row(line);
    Example e;
    std::getline(row, e.file, '\t');
    std::getline(row, e.kind, '\t');
    std::getline(row, e.scenario, '\t');
    out.push_back(e);
  }
  return out;
}

}  // namespace

TEST_CASE("examples: manifest lists every example file", "[examples]") {
  std::set<std::string> listed;
  for (const auto& e : manifest()) listed.insert(e.file);
  auto root = source_dir() / "testdata/examples";
  for (const auto& f : fs::recursive_directory_iterator(root)) {
    if (f.path().extension() != ".json") continue;
    INFO(f.path());
    CHECK(listed.count(fs::relative(f.path(), root).generic_string()) == 1);
  }
}

TEST_CASE("examples: filled-in and realistic policies lint clean", "[examples]") {
  for (const auto& e : manifest()) {
    if (e.file.rfind("as-documented/", 0) == 0) continue;
    auto path = (source_dir() / "testdata/examples" / e.file).string();
    DYNAMIC_SECTION(e.file << " (kind inferred)") {
      RunResult r = run_cli({"--format", "compact", "--fail-on", "warning", path});
      INFO(r.out);
      CHECK(r.status == 0);
    }
    DYNAMIC_SECTION(e.file << " (--kind " << e.kind << ")") {
      RunResult r = run_cli({"--format", "compact", "--fail-on", "warning", "--kind", e.kind, path});
      INFO(r.out);
      CHECK(r.status == 0);
    }
  }
}

TEST_CASE("examples: kind inference agrees with the manifest", "[examples]") {
  for (const auto& e : manifest()) {
    DYNAMIC_SECTION(e.file) {
      RunResult r =
          run_cli({"--format", "json", "--fail-on", "never", (source_dir() / "testdata/examples" / e.file).string()});
      CHECK(r.out.find("\"kind\":\"" + e.kind + "\",\"kindInferred\":true") != std::string::npos);
    }
  }
}

// Without blanks: two versions of a document that differ only in layout are
// the same document.
std::string squeeze(std::string s) {
  std::erase_if(s, [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; });
  return s;
}

TEST_CASE("examples: as-documented policies fail on their placeholders", "[examples]") {
  auto root = source_dir() / "testdata/examples";
  for (const auto& e : manifest()) {
    if (e.file.rfind("as-documented/", 0) != 0) continue;
    DYNAMIC_SECTION(e.file) {
      auto filled = root / e.file.substr(std::string("as-documented/").size());
      // Some documented policies have nothing to fill in; they must lint clean.
      bool has_placeholders = !fs::exists(filled) || squeeze(slurp(filled)) != squeeze(slurp(root / e.file));
      RunResult r =
          run_cli({"--format", "compact", "--fail-on", "warning", "--kind", e.kind, (root / e.file).string()});
      INFO(r.out);
      CHECK(r.status == (has_placeholders ? 1 : 0));
      if (has_placeholders) CHECK(r.out.find(" placeholder/unreplaced ") != std::string::npos);
    }
  }
}
