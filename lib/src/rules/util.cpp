#include "util.hpp"

#include <algorithm>
#include <vector>

#include "policylint/policy.hpp"

namespace policylint::rules {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t prev = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t cur = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] == b[j - 1] ? 0 : 1)});
      prev = cur;
    }
  }
  return row[b.size()];
}

std::optional<std::string_view> closest(std::string_view word, std::initializer_list<std::string_view> candidates,
                                        std::size_t max_distance) {
  std::optional<std::string_view> best;
  std::size_t best_d = max_distance + 1;
  for (auto c : candidates) {
    std::size_t d = iequals(word, c) ? 0 : edit_distance(word, c);
    if (d < best_d) best_d = d, best = c;
  }
  return best;
}

std::string quote(std::string_view value) {
  constexpr std::size_t kMax = 80;
  std::string out = "\"";
  if (value.size() > kMax) {
    std::size_t cut = kMax;
    while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;  // keep UTF-8 whole
    out.append(value.substr(0, cut)).append("...");
  } else {
    out.append(value);
  }
  for (auto& c : out)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  return out + "\"";
}

std::string a_type(json::Type t) {
  std::string_view n = json::type_name(t);
  return (t == json::Type::Array || t == json::Type::Object ? "an " : "a ") + std::string(n);
}

}  // namespace policylint::rules
