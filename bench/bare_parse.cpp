// The bare-parse baseline for start-up: reads each file named on the command
// line and parses it into a RapidJSON DOM, nothing else (no rules, no
// output). policylint's start-up on a small file is measured against this
// program on the same file (README, "Speed"). Built like the CLI: the C++
// runtime linked statically.
#include <rapidjson/document.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

int main(int argc, char** argv) {
  int status = 0;
  for (int i = 1; i < argc; ++i) {
    std::ifstream in(argv[i], std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    rapidjson::Document doc;
    doc.Parse(text.c_str(), text.size());
    if (!in.good() && !in.eof()) status = 2;
    if (doc.HasParseError()) status = 1;
  }
  return status;
}
