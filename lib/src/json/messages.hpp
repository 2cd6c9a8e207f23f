#pragma once
// The messages of the readers' problems (rules/messages/json.tsv and the
// tables of the other input formats), kept as ids and arguments so a problem
// found once is written in the language of each run.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "policylint/i18n.hpp"
#include "policylint/json.hpp"

namespace policylint::model::filter {
struct Samples;
}

namespace policylint::json {

// A message some of whose arguments are messages themselves (a reason inside
// a wrapper, a word inside a sentence), rendered in the same language.
struct Detail {
  Message message;
  std::vector<std::pair<std::string_view, Message>> parts;  // argument name, its message
};

std::string render(const Detail& d, Lang lang);

// parse() with the message of each error: messages[i] is errors()[i] (whose
// detail is that message in English). line_starts, when given: the text's
// line index as Source::index_lines takes it, found on the way (the offset of
// each line's first byte, 0 first), or empty when the text was not read to
// its end in one pass (an error, a text over the size limit, or a
// construct the fast reader leaves to RapidJSON): then Source makes it.
// samples, when given: the fast reader sets Node::no_placeholder, testing
// each string and key as it reads it.
Document parse(std::string_view text, const Limits& limits, std::vector<Detail>& messages,
               std::vector<std::uint32_t>* line_starts = nullptr, const model::filter::Samples* samples = nullptr);

// The same of a string that outlives the document: the tree's strings are
// views into text itself (but those with escapes), and no copy of the text
// is made unless the reader must leave the text to RapidJSON.
Document parse_borrowed(const std::string& text, const Limits& limits, std::vector<Detail>& messages,
                        std::vector<std::uint32_t>* line_starts = nullptr,
                        const model::filter::Samples* samples = nullptr);

}  // namespace policylint::json
