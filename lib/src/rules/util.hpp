#pragma once
// Message helpers shared by the rule families. The text helpers themselves
// (case folding, wildcard test, digits, trim, edit distance) live in
// util/text.hpp; the names below forward to them for older callers.
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "policylint/json.hpp"
#include "policylint/rule.hpp"
#include "util/text.hpp"

namespace policylint::rules {

using util::all_digits;
using util::edit_distance;
using util::has_wildcard;
using util::iequals;

// The candidate nearest to word (case-insensitive equality counts as
// distance 0), when within max_distance; nullopt otherwise.
std::optional<std::string_view> closest(std::string_view word, std::initializer_list<std::string_view> candidates,
                                        std::size_t max_distance);

// The value quoted for a message: "oss:GetObject"; long values are shortened.
std::string quote(std::string_view value);

// Is the string's source text exactly its value in quotes (no escapes), so
// that offsets into the value are offsets into the source?
bool plain_literal(const Context& ctx, const Str& s);

}  // namespace policylint::rules
