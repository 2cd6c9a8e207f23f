// ctest runs each test case by its name as the test program's first
// argument: a name that starts with '-' is read as an option (the program
// prints its help and "passes" without running the case), and CMake splits a
// name at ';' into two tests that match nothing. No test case may be named
// so (and --warn NoTests makes a ctest entry that runs no case fail).
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "cli_util.hpp"

namespace fs = std::filesystem;

TEST_CASE("tests: no test case name starts with a dash or holds a semicolon (ctest could not run it)", "[tests]") {
  std::size_t files = 0;
  for (const auto& f : fs::directory_iterator(testutil::source_dir() / "tests" / "unit")) {
    if (f.path().extension() != ".cpp") continue;
    ++files;
    std::string text = testutil::slurp(f.path());
    const std::string marker = std::string("TEST_CASE") + "(\"";
    for (std::size_t at = text.find(marker); at != std::string::npos; at = text.find(marker, at + 1)) {
      INFO(f.path().filename().string() << ": " << text.substr(at, 80));
      CHECK(text[at + marker.size()] != '-');
      std::size_t end = text.find('"', at + marker.size());
      REQUIRE(end != std::string::npos);
      CHECK(text.substr(at + marker.size(), end - at - marker.size()).find(';') == std::string::npos);
    }
  }
  CHECK(files > 20);
}
