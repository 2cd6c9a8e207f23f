#include "extract.hpp"

namespace policylint::detail {

std::vector<Embedded> find_embedded(const json::Node* /*root*/) {
  // Terraform plan/state and ROS template extraction are added with the
  // workflow integration; a plain non-policy JSON file yields nothing.
  return {};
}

std::vector<std::uint32_t> decoded_offsets(std::string_view raw) {
  std::vector<std::uint32_t> map;
  if (raw.size() < 2) return {0};
  std::uint32_t i = 1;
  auto hex4 = [&](std::uint32_t at) {
    std::uint32_t v = 0;
    for (std::uint32_t k = 0; k < 4 && at + k < raw.size(); ++k) {
      char c = raw[at + k];
      v = v * 16 + static_cast<std::uint32_t>(c >= '0' && c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
    }
    return v;
  };
  const auto end = static_cast<std::uint32_t>(raw.size() - 1);  // closing quote
  while (i < end) {
    if (raw[i] != '\\') {
      map.push_back(i++);
      continue;
    }
    char e = i + 1 < end ? raw[i + 1] : '\0';
    if (e != 'u') {
      map.push_back(i);
      i += 2;
      continue;
    }
    std::uint32_t cp = hex4(i + 2);
    std::uint32_t len = 6;
    if (cp >= 0xD800 && cp <= 0xDBFF && i + 11 < raw.size() && raw[i + 6] == '\\' && raw[i + 7] == 'u') {
      cp = 0x10000 + ((cp - 0xD800) << 10) + (hex4(i + 8) - 0xDC00);
      len = 12;
    }
    std::uint32_t bytes = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    for (std::uint32_t k = 0; k < bytes; ++k) map.push_back(i);
    i += len;
  }
  map.push_back(end);
  return map;
}

}  // namespace policylint::detail
