#pragma once
// The benchmark's floor: a bare RapidJSON DOM parse (floor.cpp).
#include <cstddef>
#include <string>
#include <vector>

namespace policylint::bench {

// Parses texts[first], texts[first + step], ... each into a RapidJSON
// document of its own; returns how many were rejected.
std::size_t bare_parse(const std::vector<std::string>& texts, std::size_t first, std::size_t step);

}  // namespace policylint::bench
