#pragma once
// Small helpers shared by the rule families.
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "policylint/json.hpp"

namespace policylint::rules {

// Levenshtein distance (bytes).
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate nearest to word (case-insensitive equality counts as
// distance 0), when within max_distance; nullopt otherwise.
std::optional<std::string_view> closest(std::string_view word, std::initializer_list<std::string_view> candidates,
                                        std::size_t max_distance);

// The value quoted for a message: "oss:GetObject"; long values are shortened.
std::string quote(std::string_view value);

// "string", "number", ... with an article: "a number", "an object".
std::string a_type(json::Type t);

}  // namespace policylint::rules
