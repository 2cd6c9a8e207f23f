#pragma once
// A file replaced as a whole: the text is written to a temporary file beside
// it, which takes the file's name once complete. A run that fails leaves the
// previous file as it was, a reader never sees half a file, and a run over
// the directory that holds it never reads its own half-written output (the
// temporary file is made on first write, after the inputs are found). The
// file keeps its permissions. A path that exists and is not a regular file
// (a FIFO, /dev/stdout) is written directly.
//
// Used for everything policylint writes: the --output report, --fix on the
// inputs and --write-baseline.
#include <fstream>
#include <string>

#include "policylint/i18n.hpp"

namespace policylint {

class AtomicFile {
public:
  explicit AtomicFile(std::string path) : path_(std::move(path)) {}
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  // Removes the temporary file of a write that was not committed.
  ~AtomicFile();

  // Whether the file can be written, without touching it (said before a run).
  bool writable() const;
  // The stream, opened on first use; null when it cannot be opened.
  std::ostream* stream();
  // Gives the text the file's name. False when it cannot (the temporary
  // file is removed), with the reason in error when given, in lang.
  bool commit(std::string* error = nullptr, Lang lang = Lang::En);

private:
  std::string path_;
  std::string tmp_;  // empty: written directly
  std::ofstream out_;
  bool opened_ = false, failed_ = false;
};

}  // namespace policylint
