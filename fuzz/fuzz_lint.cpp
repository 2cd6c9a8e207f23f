// libFuzzer target: the policy model and every rule, through Linter::lint,
// under each document kind; then the safe and unsafe fixes are applied and
// the result linted again. Findings must point inside the file.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "policylint/engine.hpp"

using namespace policylint;

namespace {

void require(bool ok) {
  if (!ok) std::abort();
}

void check(const FileReport& r) {
  const auto size = r.source.text().size();
  for (const auto& f : r.findings) {
    require(!f.rule.empty() && !f.message.empty());
    require(f.span.begin <= f.span.end && f.span.end <= size);
    for (const auto& rel : f.related)
      if (rel.path.empty()) require(rel.span.begin <= rel.span.end && rel.span.end <= size);
    require(f.start.line >= 1 && f.start.column >= 1);
    require(f.start.line < f.end.line || (f.start.line == f.end.line && f.start.column <= f.end.column));
    if (f.fix)
      for (const auto& e : f.fix->edits) require(e.span.begin <= e.span.end && e.span.end <= size);
  }
}

const Linter& linter(int i) {
  static const Linter linters[] = {
      Linter{LintOptions{}},
      Linter{[] {
        LintOptions o;
        o.kind = Kind::Permission;
        return o;
      }()},
      Linter{[] {
        LintOptions o;
        o.kind = Kind::Trust;
        o.settings.account = "1234567890123456";
        return o;
      }()},
      Linter{[] {
        LintOptions o;
        o.kind = Kind::Bucket;
        o.settings.account = "1234567890123456";
        return o;
      }()},
  };
  return linters[i];
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  for (int i = 0; i < 4; ++i) {
    FileReport r = linter(i).lint("fuzz.json", text);
    check(r);
    for (bool unsafe : {false, true}) {
      auto [fixed, n] = apply_fixes(r.source.text(), r.findings, unsafe);
      if (n == 0) continue;
      check(linter(i).lint("fuzz.json", fixed));
    }
  }
  return 0;
}
