// Lints the paths given on the command line with policylint's defaults and
// prints one line per finding.
#include <iostream>

#include "policylint/run.hpp"

int main(int argc, char** argv) {
  policylint::RunOptions options;
  options.paths.assign(argv + 1, argv + argc);
  policylint::RunResult result = policylint::run(options, policylint::Config{});
  for (const auto& error : result.errors) std::cerr << error << "\n";
  for (const auto& report : result.reports)
    for (const auto& f : report.findings)
      std::cout << f.path << ":" << f.start.line << ":" << f.start.column << ": " << f.rule << ": " << f.message
                << "\n";
  return result.errors.empty() ? 0 : 2;
}
