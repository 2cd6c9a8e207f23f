// libFuzzer target: the reporters. Any bytes are linted (with a file name made
// of the input's first bytes, so names that are not UTF-8 occur too) and
// written in every output format: each must be valid UTF-8, and the JSON and
// SARIF output a valid JSON object.
#include <rapidjson/document.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "policylint/engine.hpp"
#include "policylint/json.hpp"
#include "policylint/report.hpp"

using namespace policylint;

namespace {

void require(bool ok) {
  if (!ok) std::abort();
}

void require_utf8(const std::string& out) { require(!json::find_invalid_utf8(out).has_value()); }

void require_json(const std::string& out) {
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseValidateEncodingFlag>(out.data(), out.size());
  require(!doc.HasParseError() && doc.IsObject());
}

const Linter& linter(int i) {
  static const Linter linters[] = {
      Linter{LintOptions{}},
      Linter{[] {
        LintOptions o;
        o.kind = Kind::Bucket;
        o.settings.account = "1234567890123456";
        return o;
      }()},
  };
  return linters[i];
}

void check_outputs(const std::vector<FileReport>& reports) {
  ReportOptions opt;
  opt.tool_version = "0.0.0";
  ReportOptions color = opt;
  color.color = true;
  {
    std::ostringstream out;
    write_text(out, reports, opt);
    require_utf8(out.str());
  }
  {
    std::ostringstream out;
    write_text(out, reports, color);
    require_utf8(out.str());
  }
  {
    std::ostringstream out;
    write_compact(out, reports, opt);
    require_utf8(out.str());
  }
  {
    std::ostringstream out;
    write_compact(out, reports);
    require_utf8(out.str());
  }
  {
    std::ostringstream out;
    write_github(out, reports);
    require_utf8(out.str());
  }
  {
    std::ostringstream out;
    write_json(out, reports, opt);
    require_json(out.str());
  }
  {
    std::ostringstream out;
    write_sarif(out, reports, opt);
    require_json(out.str());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  std::string name = "fuzz-" + text.substr(0, 8) + ".json";
  std::vector<FileReport> reports;
  for (int i = 0; i < 2; ++i) reports.push_back(linter(i).lint(i == 0 ? name : "fuzz.json", text));
  check_outputs(reports);
  return 0;
}
