// GitHub workflow-command annotations.
#include <catch2/catch.hpp>
#include <sstream>

#include "policylint/report.hpp"

using namespace policylint;

namespace {

FileReport one(Finding f, std::string path) {
  FileReport r;
  r.path = path;
  f.path = std::move(path);
  r.findings.push_back(std::move(f));
  return r;
}

}  // namespace

TEST_CASE("report: github annotations", "[report][github]") {
  Finding f;
  f.rule = "grammar/effect-invalid";
  f.severity = Severity::Error;
  f.message = "\"Effect\" is \"allow\"";
  f.start = {5, 17};
  f.end = {5, 24};

  SECTION("single-line range with columns") {
    std::ostringstream out;
    write_github(out, {one(f, "policies/a.json")});
    CHECK(out.str() ==
          "::error file=policies/a.json,line=5,col=17,endColumn=24,endLine=5,title=grammar/effect-invalid::"
          "\"Effect\" is \"allow\"\n");
  }

  SECTION("multi-line range: no columns; severities map to error, warning, notice") {
    f.end = {7, 2};
    f.severity = Severity::Note;
    std::ostringstream out;
    write_github(out, {one(f, "a.json")});
    CHECK(out.str().starts_with("::notice file=a.json,line=5,endLine=7,title="));
    f.severity = Severity::Warning;
    std::ostringstream out2;
    write_github(out2, {one(f, "a.json")});
    CHECK(out2.str().starts_with("::warning "));
  }

  SECTION("escaping: %, CR, LF everywhere; ':' and ',' in properties") {
    f.message = "100% sure\r\nnext: line, more";
    f.context = "module.a,b";
    std::ostringstream out;
    write_github(out, {one(f, "dir:x/a,b.json")});
    CHECK(out.str() ==
          "::error file=dir%3Ax/a%2Cb.json,line=5,col=17,endColumn=24,endLine=5,title=grammar/effect-invalid::"
          "100%25 sure%0D%0Anext: line, more (in module.a,b)\n");
  }
}
