// Message tables (rules/messages/*.tsv), rendering and the language of a run.
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>

#include "policylint/embedded.hpp"
#include "policylint/i18n.hpp"
#include "util/text.hpp"
#include "util/tsv.hpp"

namespace policylint {

std::string_view to_string(Lang l) { return l == Lang::Zh ? "zh" : "en"; }

std::optional<Lang> parse_lang(std::string_view s) {
  std::string_view base = s.substr(0, s.find_first_of("_-.@"));
  if (util::iequals(base, "zh")) return Lang::Zh;
  if (util::iequals(base, "en")) return Lang::En;
  return std::nullopt;
}

Lang lang_from_locale(const char* lc_all, const char* lc_messages, const char* lang) {
  for (const char* v : {lc_all, lc_messages, lang})
    if (v != nullptr && *v != '\0') return parse_lang(v) == Lang::Zh ? Lang::Zh : Lang::En;
  return Lang::En;
}

Lang lang_from_environment() {
  return lang_from_locale(std::getenv("LC_ALL"), std::getenv("LC_MESSAGES"), std::getenv("LANG"));
}

namespace i18n {

namespace {

constexpr std::string_view kDir = "messages/";

bool name_char(char c) { return util::is_alnum(c) || c == '_' || c == '-'; }

// The table an id belongs in: "action/malformed.empty" -> "action", "cli.usage" -> "cli".
std::string_view table_of(std::string_view id) { return id.substr(0, id.find_first_of("/.")); }

// One table (rules/messages/<stem>.tsv), read the first time a message of
// it is wanted: a run reads only the tables of the messages it writes.
struct Table {
  std::string_view path, file, stem, text;
  std::once_flag once;
  std::vector<Entry> entries;  // sorted by id
  std::vector<std::string> problems;

  void read() {
    util::Tsv tsv = util::read_tsv(text, 3, 3);
    for (const auto& e : tsv.errors) problems.push_back(std::string(path) + ": " + e.message);
    for (const auto& row : tsv.rows) {
      const auto& c = row.fields;
      if (table_of(c[0]) != stem)
        problems.push_back(std::string(path) + ": line " + std::to_string(row.line) + ": id " + std::string(c[0]) +
                           " belongs in messages/" + std::string(table_of(c[0])) + ".tsv");
      if (c[1].empty() || c[2].empty())
        problems.push_back(std::string(path) + ": line " + std::to_string(row.line) +
                           ": a message needs both languages");
      entries.push_back({c[0], c[1], c[2], file, row.line});
    }
    std::stable_sort(entries.begin(), entries.end(), [](const Entry& x, const Entry& y) { return x.id < y.id; });
    for (std::size_t i = 1; i < entries.size(); ++i)
      if (entries[i].id == entries[i - 1].id)
        problems.push_back("messages/" + std::string(file) + ": line " + std::to_string(entries[i].line) + ": id " +
                           std::string(entries[i].id) + " is defined twice");
  }
  const Table& get() {
    std::call_once(once, [this] { read(); });
    return *this;
  }
};

// The tables by stem (nothing is read yet).
std::vector<std::unique_ptr<Table>>& table_index() {
  static std::vector<std::unique_ptr<Table>> index = [] {
    std::vector<std::unique_ptr<Table>> out;
    for (const auto& f : embedded::files()) {
      if (!f.path.starts_with(kDir) || !f.path.ends_with(".tsv")) continue;
      auto t = std::make_unique<Table>();
      t->path = f.path;
      t->file = f.path.substr(kDir.size());
      t->stem = t->file.substr(0, t->file.size() - 4);
      t->text = f.text;
      out.push_back(std::move(t));
    }
    std::sort(out.begin(), out.end(), [](const auto& x, const auto& y) { return x->stem < y->stem; });
    return out;
  }();
  return index;
}

// Every table read (the tests and table checks want them all).
struct All {
  std::vector<Entry> entries;
  std::vector<std::string> problems;
};

const All& all_tables() {
  static const All all = [] {
    All out;
    for (auto& t : table_index()) {
      const Table& table = t->get();
      out.entries.insert(out.entries.end(), table.entries.begin(), table.entries.end());
      out.problems.insert(out.problems.end(), table.problems.begin(), table.problems.end());
    }
    std::stable_sort(out.entries.begin(), out.entries.end(),
                     [](const Entry& a, const Entry& b) { return a.id < b.id; });
    return out;
  }();
  return all;
}

const MessageArg* arg(const Message& m, std::string_view name) {
  for (const auto& a : m.args)
    if (a.name == name) return &a;
  return nullptr;
}

}  // namespace

std::span<const Entry> entries() { return all_tables().entries; }

namespace {

const Entry* find_in_tables(std::string_view id) {
  auto& index = table_index();
  std::string_view stem = table_of(id);
  auto t = std::lower_bound(index.begin(), index.end(), stem,
                            [](const std::unique_ptr<Table>& x, std::string_view s) { return x->stem < s; });
  if (t == index.end() || (*t)->stem != stem) return nullptr;
  const auto& list = (*t)->get().entries;
  auto it = std::lower_bound(list.begin(), list.end(), id, [](const Entry& e, std::string_view i) { return e.id < i; });
  return it != list.end() && it->id == id ? &*it : nullptr;
}

}  // namespace

const Entry* find(std::string_view id) {
  // Most ids are string literals, looked up again at every finding: a small
  // per-thread cache keyed by the id's address (its text is compared too, so
  // a reused buffer holding another id is only a miss).
  struct Slot {
    const char* data = nullptr;
    const Entry* entry = nullptr;
  };
  thread_local std::array<Slot, 256> cache{};
  Slot& slot = cache[(reinterpret_cast<std::uintptr_t>(id.data()) >> 3) % cache.size()];
  if (slot.data == id.data() && slot.entry != nullptr && slot.entry->id == id) return slot.entry;
  const Entry* e = find_in_tables(id);
  if (e != nullptr) slot = Slot{id.data(), e};
  return e;
}

const std::vector<std::string>& table_problems() { return all_tables().problems; }

std::vector<std::string> parameters(std::string_view t) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i] != '{') continue;
    std::size_t j = i + 1;
    while (j < t.size() && name_char(t[j])) ++j;
    if (j == i + 1 || j == t.size() || (t[j] != '}' && t[j] != '|')) continue;
    out.emplace_back(t.substr(i + 1, j - i - 1));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

namespace {

// "a, b or c" / "a、b 或 c": word is " or " / " 或 " (" and " / " 和 ").
std::string join(const std::vector<std::string>& items, Lang lang, std::string_view en_word, std::string_view zh_word) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) {
      bool last = i + 1 == items.size();
      out += lang == Lang::Zh ? (last ? zh_word : "、") : (last ? en_word : ", ");
    }
    out += items[i];
  }
  return out;
}

}  // namespace

std::string join_or(const std::vector<std::string>& items, Lang lang) { return join(items, lang, " or ", " 或 "); }
std::string join_and(const std::vector<std::string>& items, Lang lang) { return join(items, lang, " and ", " 和 "); }

}  // namespace i18n

std::string render(const Message& m, Lang lang) {
  const i18n::Entry* e = i18n::find(m.id);
  if (e == nullptr) {
    std::string out(m.id);
    for (const auto& a : m.args) out += " " + std::string(a.name) + "=" + a.value;
    return out;
  }
  std::string_view t = lang == Lang::Zh ? e->zh : e->en;
  std::string out;
  out.reserve(t.size() + 32);
  for (std::size_t i = 0; i < t.size(); ++i) {
    // Text up to the next brace is copied as one piece.
    std::size_t brace = std::min(t.find('{', i), t.size());
    out.append(t.substr(i, brace - i));
    i = brace;
    if (i == t.size()) break;
    char c = t[i];
    std::size_t j = i + 1;
    while (j < t.size() && i18n::name_char(t[j])) ++j;
    const MessageArg* a = j > i + 1 && j < t.size() ? i18n::arg(m, t.substr(i + 1, j - i - 1)) : nullptr;
    if (a == nullptr || (t[j] != '}' && t[j] != '|')) {
      out += c;  // not a parameter (or one without an argument): written as it is
      continue;
    }
    if (t[j] == '}') {
      out += a->value;
      i = j;
      continue;
    }
    // {name|one|other}
    std::size_t close = t.find('}', j);
    if (close == std::string_view::npos) {
      out += c;
      continue;
    }
    std::string_view forms = t.substr(j + 1, close - j - 1);
    std::size_t bar = forms.find('|');
    std::string_view form = bar == std::string_view::npos ? forms
                            : a->value == "1"             ? forms.substr(0, bar)
                                                          : forms.substr(bar + 1);
    for (std::size_t k = 0; k < form.size();) {
      std::size_t hash = std::min(form.find('#', k), form.size());
      out.append(form.substr(k, hash - k));
      if (hash < form.size()) out += a->value;
      k = hash + 1;
    }
    i = close;
  }
  return out;
}

}  // namespace policylint
