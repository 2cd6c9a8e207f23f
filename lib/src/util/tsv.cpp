#include "util/tsv.hpp"

#include "policylint/embedded.hpp"
#include "util/text.hpp"

namespace policylint::util {

Tsv read_tsv(std::string_view text, std::size_t min_fields, std::size_t max_fields) {
  Tsv out;
  std::size_t number = 0;
  while (!text.empty()) {
    std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (trim(line).empty() || trim(line).front() == '#') continue;
    TsvRow row;
    row.line = number;
    while (true) {
      std::size_t tab = line.find('\t');
      row.fields.push_back(trim(line.substr(0, tab)));
      if (tab == std::string_view::npos) break;
      line.remove_prefix(tab + 1);
    }
    std::size_t n = row.fields.size();
    if (n < min_fields || (max_fields != 0 && n > max_fields)) {
      std::string expected = std::to_string(min_fields);
      if (max_fields == 0)
        expected = "at least " + expected;
      else if (max_fields != min_fields)
        expected += " to " + std::to_string(max_fields);
      out.errors.push_back({number, "line " + std::to_string(number) + ": " + std::to_string(n) +
                                        (n == 1 ? " field" : " fields") + "; expected " + expected});
      continue;
    }
    out.rows.push_back(std::move(row));
  }
  return out;
}

Tsv read_embedded_tsv(std::string_view path, std::size_t min_fields, std::size_t max_fields) {
  return read_tsv(embedded::find(path), min_fields, max_fields);
}

}  // namespace policylint::util
