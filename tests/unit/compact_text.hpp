#pragma once
// A JSON text without the whitespace outside its strings, scanned byte by
// byte: the reference for limit/document-too-long's compact length and for
// the reader's count of whitespace.
#include <string>
#include <string_view>

namespace testutil {

inline std::string compact_text(std::string_view text) {
  std::string compact;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
    } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      continue;
    } else {
      in_string = c == '"';
    }
    compact += c;
  }
  return compact;
}

}  // namespace testutil
