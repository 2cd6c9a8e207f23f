// The benchmark's floor, in a file of its own: the parse's code is then
// made from RapidJSON alone, not inlined into the benchmark's loop, and
// with every function aligned to 64 bytes (CMakeLists.txt) it falls on the
// same fetch boundaries whatever the size of the linter's code linked with
// it. (RapidJSON's template and inline functions are aligned as well
// because this file is linked before the library, whose copies, if the
// linker took them, would not be: the library reads JSON with RapidJSON
// under a namespace of its own, so it has none today.) Inlined into the
// benchmark's main loop, the same parse ran 10 to 17 % slower, and a few
// per cent more or less from one build of the linter to the next: the
// ratio against it was flattered, and moved with the build (README, round
// 12).
#include "floor.hpp"

#include <rapidjson/document.h>

namespace policylint::bench {

std::size_t bare_parse(const std::vector<std::string>& texts, std::size_t first, std::size_t step) {
  std::size_t rejected = 0;
  for (std::size_t i = first; i < texts.size(); i += step) {
    rapidjson::Document d;
    d.Parse(texts[i].data(), texts[i].size());
    rejected += d.HasParseError() ? 1 : 0;
  }
  return rejected;
}

}  // namespace policylint::bench
