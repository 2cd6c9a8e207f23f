#pragma once
// The report file of --output. The report is written to a temporary file
// beside it, which takes the file's name once the report is complete: a run
// that fails leaves the previous report as it was, a reader never sees half
// a report, and a run over the directory that holds the report never reads
// its own half-written output (the temporary file is made after the inputs
// are found). A path that exists and is not a regular file (a FIFO,
// /dev/stdout) is written directly.
#include <fstream>
#include <string>

namespace policylint::cli {

class OutputFile {
public:
  explicit OutputFile(std::string path) : path_(std::move(path)) {}
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;
  ~OutputFile();

  // Whether the file can be written, without touching it (said before the run).
  bool writable() const;
  // The stream, opened on first use; null when it cannot be opened.
  std::ostream* stream();
  // Gives the report its name. False when it cannot (the temporary file is removed).
  bool commit();

private:
  std::string path_;
  std::string tmp_;  // empty: written directly
  std::ofstream out_;
  bool opened_ = false, failed_ = false;
};

}  // namespace policylint::cli
