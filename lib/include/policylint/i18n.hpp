#pragma once
// The language of a run and messages as data. Every message policylint
// writes has an id and a template per language in rules/messages/*.tsv
// (rules/messages/README.md); code names the id and the values of its named
// parameters, never a sentence. Rule ids, severities and JSON field names are
// the same in every language.
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace policylint {

enum class Lang : std::uint8_t { En = 0, Zh = 1 };

std::string_view to_string(Lang l);  // "en", "zh"
// "en" or "zh" (also "zh-CN", "zh_CN.UTF-8", "en_US": the language part decides); nullopt otherwise.
std::optional<Lang> parse_lang(std::string_view s);
// The language a POSIX locale chooses: the first of LC_ALL, LC_MESSAGES and
// LANG that is set and not empty decides; "zh..." is Chinese, anything else
// (C, POSIX, en_US.UTF-8, ...) English. Null pointers are unset variables.
Lang lang_from_locale(const char* lc_all, const char* lc_messages, const char* lang);
// lang_from_locale of this process's environment.
Lang lang_from_environment();

// One named parameter of a message: {name} in its templates.
struct MessageArg {
  std::string_view name;
  std::string value;

  MessageArg(std::string_view n, std::string_view v) : name(n), value(v) {}
  MessageArg(std::string_view n, const std::string& v) : name(n), value(v) {}
  MessageArg(std::string_view n, std::string&& v) : name(n), value(std::move(v)) {}
  MessageArg(std::string_view n, const char* v) : name(n), value(v) {}
  template <typename T,
            std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool> && !std::is_same_v<T, char>, int> = 0>
  MessageArg(std::string_view n, T v) : name(n), value(std::to_string(v)) {}
};

// A message id and its arguments, rendered in a language by render().
struct Message {
  std::string_view id;
  std::vector<MessageArg> args;
};

inline Message msg(std::string_view id, std::initializer_list<MessageArg> args = {}) { return Message{id, args}; }

// The message's template in lang with every {name} replaced by its argument
// ({name|one|other} picks "one" when the argument is 1, else "other", with '#'
// standing for the number). Arguments are inserted as given (quoted values
// stay as written). An id missing from the tables renders as the id followed
// by its arguments, so a message is never lost.
std::string render(const Message& m, Lang lang);

namespace i18n {

// One row of a message table.
struct Entry {
  std::string_view id;
  std::string_view en;
  std::string_view zh;
  std::string_view file;  // rules/messages/<file>
  std::size_t line = 0;
};

// Every message, sorted by id (the tables are read once).
std::span<const Entry> entries();
const Entry* find(std::string_view id);
// Problems of the tables themselves (a row without three fields, an id twice,
// an id in the wrong table): empty in a correct build.
const std::vector<std::string>& table_problems();
// The parameter names a template uses, sorted, each once.
std::vector<std::string> parameters(std::string_view templ);

// "a, b or c" / "a、b 或 c" (items inserted as given).
std::string join_or(const std::vector<std::string>& items, Lang lang);
std::string join_and(const std::vector<std::string>& items, Lang lang);

// The number of terminal cells the first `code_points` code points of text
// take: East Asian Wide and Fullwidth characters two, combining marks and
// zero-width characters none, everything else (a byte that is not UTF-8, a tab
// shown as a space) one. Code points are counted as count_code_points does.
std::uint32_t terminal_width(std::string_view text, std::uint32_t code_points);
// Cells of one code point.
unsigned cell_width(char32_t c);

}  // namespace i18n

struct RuleMeta;

// A rule's one-line summary and page in a language: from the translated page
// rules/<id>.<lang>.md when it exists, else the English page's. The page
// keeps the English header lines (id, severity, kinds, ...: field names do not
// change) with the summary translated, then the translated body.
std::string rule_summary(const RuleMeta& meta, Lang lang);
std::string rule_page(const RuleMeta& meta, Lang lang);
// The body of the page (after the header), for SARIF help.
std::string rule_page_body(const RuleMeta& meta, Lang lang);

// A translated rule page as written (rules/<family>/<name>.<lang>.md).
struct TranslatedPage {
  std::string_view path;     // relative to rules/
  std::string_view id;       // its "id:" line ("" when missing)
  std::string_view summary;  // its "summary:" line ("" when missing)
  std::string_view body;     // the text after the header
};
// Every translated page of a language, in path order.
std::vector<TranslatedPage> translated_pages(Lang lang);
// A section of a page body by its English title ("What it checks") in the
// page's language ("检查内容" for Chinese); empty when absent.
std::string_view section_title(std::string_view english, Lang lang);

}  // namespace policylint
