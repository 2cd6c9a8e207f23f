#include "util.hpp"

#include <vector>

#include "policylint/policy.hpp"

namespace policylint::rules {

std::optional<std::string_view> closest(std::string_view word, std::initializer_list<std::string_view> candidates,
                                        std::size_t max_distance) {
  std::optional<std::string_view> best;
  std::size_t best_d = max_distance + 1;
  const util::EditDistance distance(word, util::Case::Sensitive);
  for (auto c : candidates) {
    std::size_t d = iequals(word, c) ? 0 : distance(c, best_d - 1);
    if (d < best_d) best_d = d, best = c;
  }
  return best;
}

std::string quote(std::string_view value) {
  constexpr std::size_t kMax = 80;
  bool cut_short = value.size() > kMax;
  if (cut_short) {
    std::size_t cut = kMax;
    while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;  // keep UTF-8 whole
    value = value.substr(0, cut);
  }
  // One allocation: the quotes, the value (line breaks and tabs as spaces) and "...".
  std::string out;
  out.reserve(value.size() + 5);
  out += '"';
  out.append(value);
  for (std::size_t i = 1; i < out.size(); ++i)
    if (out[i] == '\n' || out[i] == '\r' || out[i] == '\t') out[i] = ' ';
  if (cut_short) out += "...";
  out += '"';
  return out;
}

bool plain_literal(const Context& ctx, const Str& s) {
  std::string_view raw = ctx.text(s.node->span);
  return raw.size() == s.value.size() + 2 && raw.substr(1, s.value.size()) == s.value;
}

}  // namespace policylint::rules
