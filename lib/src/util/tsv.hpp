#pragma once
// The one reader of the tab-separated data files under rules/ (embedded at
// build time): '#' comments and blank lines skipped, CR of CRLF files
// stripped, every field trimmed, and each row with its line number so that a
// bad row can be reported where it is.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace policylint::util {

struct TsvRow {
  std::size_t line = 0;                  // 1-based line in the file
  std::vector<std::string_view> fields;  // trimmed; views into the text
};

// A row that does not have the expected number of fields.
struct TsvError {
  std::size_t line = 0;
  std::string message;  // "line 7: 3 fields; expected 4"
};

struct Tsv {
  std::vector<TsvRow> rows;      // the rows with an acceptable number of fields
  std::vector<TsvError> errors;  // the others, in file order
};

// Reads text; a row counts when it has between min_fields and max_fields
// fields (max_fields 0: no upper limit), otherwise it becomes an error.
Tsv read_tsv(std::string_view text, std::size_t min_fields = 1, std::size_t max_fields = 0);

// read_tsv of an embedded file (rules/<path>); no rows when it is missing.
Tsv read_embedded_tsv(std::string_view path, std::size_t min_fields = 1, std::size_t max_fields = 0);

}  // namespace policylint::util
