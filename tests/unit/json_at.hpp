#pragma once
// Bounds-checked access to a JSON node's child list in tests: a test whose
// document has fewer elements than it expects fails instead of reading past
// the list (json::Node holds its children as a span, which has no at()).
#include <span>
#include <stdexcept>

#include "policylint/json.hpp"

namespace testutil {

inline const policylint::json::Node* at(std::span<const policylint::json::Node* const> items, std::size_t i) {
  if (i >= items.size()) throw std::out_of_range("JSON array has no element " + std::to_string(i));
  return items[i];
}

}  // namespace testutil
