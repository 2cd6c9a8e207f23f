// policylint_gen RULES_DIR OUT.cpp: compiles rules/ into the library at build
// time. Writes one C++ source holding
//   - every .md, .tsv and .json file under RULES_DIR as a string constant
//     (policylint::embedded::files(), so that an installed binary is
//     self-contained);
//   - the catalog of rules/catalog/ as constant tables with their hash slots
//     laid out (catalog/tables.hpp);
//   - the metadata of every rule page header, sorted by id, as views into the
//     embedded page text (engine/rule_table.hpp).
// The program starts no faster than it needs to read its tables, so all the
// reading, lower-casing, sorting and indexing happens here, once per build.
// The source is rewritten only when its text changes.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "catalog/folded_hash.hpp"
#include "policylint/embedded.hpp"
#include "policylint/finding.hpp"
#include "util/text.hpp"
#include "util/tsv.hpp"

namespace fs = std::filesystem;

namespace policylint::embedded {

namespace {

// The files read from RULES_DIR, sorted by path: what the library embeds.
std::vector<std::string> g_paths, g_texts;
std::vector<File> g_files;

}  // namespace

// The generator serves the files it read as the embedded files, so that the
// library's TSV reader (util/tsv.cpp) reads the same text here as it would in
// the library.
std::span<const File> files() { return g_files; }

std::string_view find(std::string_view path) {
  auto it = std::lower_bound(g_files.begin(), g_files.end(), path,
                             [](const File& f, std::string_view p) { return f.path < p; });
  return it != g_files.end() && it->path == path ? it->text : std::string_view{};
}

}  // namespace policylint::embedded

namespace policylint::gen {

namespace {

using util::to_lower;
using util::trim;

[[noreturn]] void fail(const std::string& message) {
  std::cerr << "policylint_gen: " << message << "\n";
  std::exit(1);
}

// The compiler turns a CR LF in a string constant's source into LF (as it did
// in the raw literals embedded before): the text is kept as the library will
// see it, so that the offsets taken below point at the same bytes.
std::string read_text(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) fail("cannot read " + file.string());
  std::string raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::string text;
  text.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i)
    if (!(raw[i] == '\r' && i + 1 < raw.size() && raw[i + 1] == '\n')) text.push_back(raw[i]);
  return text;
}

void read_rules(const fs::path& root) {
  std::vector<std::pair<std::string, fs::path>> found;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (!e.is_regular_file()) continue;
    std::string name = e.path().filename().string();
    if (!name.ends_with(".md") && !name.ends_with(".tsv") && !name.ends_with(".json")) continue;
    found.emplace_back(fs::relative(e.path(), root).generic_string(), e.path());
  }
  std::sort(found.begin(), found.end());
  for (const auto& [rel, file] : found) {
    embedded::g_paths.push_back(rel);
    embedded::g_texts.push_back(read_text(file));
  }
  for (std::size_t i = 0; i < found.size(); ++i)
    embedded::g_files.push_back({embedded::g_paths[i], embedded::g_texts[i]});
}

// ---- Writing C++ ----

// A string as a C++ string constant: one piece per line of the text, bytes
// outside printable ASCII as three-digit octal escapes (which never swallow
// a following digit) except UTF-8, which the compiler keeps as it is.
std::string literal(std::string_view s) {
  std::string out = "\"";
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c == '\n') {
      out += "\\n\"";
      if (i + 1 == s.size()) return out;
      out += "\n    \"";
      continue;
    }
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '?' && i + 1 < s.size() && s[i + 1] == '?') {
      out += "?\\";  // "??" stays out of trigraph reach for any compiler mode
    } else if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\%03o", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  out += "\"";
  return out;
}

// A view of part of embedded file `file` (a view into its text) as a constant expression.
std::string text_view(std::size_t file, std::string_view part) {
  const std::string& text = embedded::g_texts[file];
  if (part.data() == nullptr) return "{}";
  auto offset = static_cast<std::size_t>(part.data() - text.data());
  if (offset > text.size() || offset + part.size() > text.size()) fail("a view outside its file");
  return "std::string_view(kText" + std::to_string(file) + " + " + std::to_string(offset) + ", " +
         std::to_string(part.size()) + ")";
}

// Hash slots of distinct lower-case keys, as catalog::detail::LowerIndex probes
// them: a power of two at least twice the keys (16 or more), 0 empty, else
// the key's slot_tag and position + 1, linear probing from its hash.
std::vector<std::uint64_t> slots_of(const std::vector<std::string>& keys) {
  using namespace catalog::detail;
  std::size_t size = 16;
  while (size < keys.size() * 2) size *= 2;
  if (keys.size() + 1 >= (std::size_t{1} << kSlotPositionBits)) fail("too many catalog keys for a hash table");
  std::vector<std::uint64_t> slots(size, 0);
  constexpr std::uint64_t position = (std::uint64_t{1} << kSlotPositionBits) - 1;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (keys[i].size() > kMaxKeyLength) fail("catalog key longer than kMaxKeyLength: " + keys[i]);
    std::uint64_t hash = lower_key_hash(keys[i]);
    std::size_t h = hash & (size - 1);
    while (slots[h] != 0) {
      if (keys[(slots[h] & position) - 1] == keys[i]) fail("duplicate catalog key " + keys[i]);
      h = (h + 1) & (size - 1);
    }
    slots[h] = slot_tag(hash, keys[i].size()) | (i + 1);
  }
  return slots;
}

// Writes "constexpr TYPE NAME[] = {...};" and gives the expression of a span
// over it (an empty span when there are no items: C++ has no empty arrays).
class Writer {
public:
  std::string array(std::string_view type, std::string_view name, const std::vector<std::string>& items,
                    std::size_t per_line = 1) {
    if (items.empty()) return "{}";
    out_ << "constexpr " << type << " " << name << "[] = {";
    for (std::size_t i = 0; i < items.size(); ++i) {
      out_ << (i % per_line == 0 ? "\n    " : " ") << items[i] << ",";
    }
    out_ << "\n};\n";
    return std::string(name);
  }
  std::ostringstream& out() { return out_; }

private:
  std::ostringstream out_;
};

template <typename T, typename Fn>
std::vector<std::string> map(const std::vector<T>& v, Fn fn) {
  std::vector<std::string> out;
  out.reserve(v.size());
  for (const auto& e : v) out.push_back(fn(e));
  return out;
}

std::vector<std::string> literals(const std::vector<std::string>& v) {
  return map(v, [](const std::string& s) { return literal(s); });
}

// ---- The catalog (rules/catalog/) ----

struct CatalogAction {
  std::string service, name, level;  // level: the catalog::Level enumerator
  std::uint32_t order = 0;
};

struct CatalogData {
  std::vector<CatalogAction> actions;                             // sorted by lower-case full name
  std::vector<std::string> action_keys;                           // lower-case full names, parallel to actions
  std::vector<std::string> services, complete_services;           // lower case, sorted, distinct
  std::vector<std::pair<std::string, std::string>> keys;          // lower-case key, KeyType enumerator
  std::vector<std::pair<std::string, bool>> principals;           // lower-case host, account-scoped
  std::vector<std::pair<std::string, std::string>> arn_services;  // lower-case action code, ARN code or "*"
};

std::string parse_level(std::string_view s) {
  if (s == "service") return "Service";
  if (s == "bucket") return "Bucket";
  if (s == "object") return "Object";
  return "None";
}

std::optional<std::string> parse_type(std::string_view s) {
  if (s == "string") return "String";
  if (s == "bool") return "Bool";
  if (s == "date") return "Date";
  if (s == "numeric") return "Numeric";
  if (s == "ip") return "Ip";
  return std::nullopt;
}

// Sorted by the first member; of equal ones the first in file order stays.
template <typename T>
void sort_unique_first(std::vector<T>& v) {
  std::stable_sort(v.begin(), v.end(), [](const T& x, const T& y) { return x.first < y.first; });
  v.erase(std::unique(v.begin(), v.end(), [](const T& x, const T& y) { return x.first == y.first; }), v.end());
}

template <typename T>
void sort_unique(std::vector<T>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

// Malformed lines are skipped, as the catalog always did.
CatalogData read_catalog() {
  CatalogData c;
  constexpr std::string_view kActions = "catalog/actions/";
  std::vector<CatalogAction> actions;
  for (const auto& f : embedded::files()) {
    if (f.path == "catalog/services.tsv") {
      for (const auto& row : util::read_tsv(f.text).rows) {
        std::string_view code = row.fields[0];
        if (!code.empty() && code.find_first_of(" :*") == std::string_view::npos) c.services.push_back(to_lower(code));
      }
    } else if (f.path.starts_with(kActions) && f.path.ends_with(".tsv")) {
      std::string code = to_lower(f.path.substr(kActions.size(), f.path.size() - kActions.size() - 4));
      if (code.empty() || code.find('/') != std::string::npos) continue;
      c.services.push_back(code);
      // "# complete: yes" on the first line.
      std::string_view first = trim(f.text.substr(0, f.text.find('\n')));
      if (first.starts_with("#")) {
        first = trim(first.substr(1));
        if (first.starts_with("complete:") && trim(first.substr(9)) == "yes") c.complete_services.push_back(code);
      }
      std::uint32_t order = 0;
      for (const auto& row : util::read_tsv(f.text).rows) {
        std::string_view name = row.fields[0];
        if (name.empty() || name.find_first_of(" :*?") != std::string_view::npos) continue;
        std::string level = parse_level(row.fields.size() > 1 ? row.fields[1] : std::string_view{});
        actions.push_back({code, std::string(name), level, order++});
      }
    } else if (f.path == "catalog/condition-keys.tsv") {
      for (const auto& row : util::read_tsv(f.text).rows) {
        if (row.fields.size() < 2 || row.fields[0].empty()) continue;
        if (auto t = parse_type(row.fields[1])) c.keys.emplace_back(to_lower(row.fields[0]), *t);
      }
    } else if (f.path == "catalog/arn-services.tsv") {
      for (const auto& row : util::read_tsv(f.text).rows) {
        if (row.fields.size() < 2 || row.fields[0].empty() || row.fields[1].empty()) continue;
        c.arn_services.emplace_back(to_lower(row.fields[0]), to_lower(row.fields[1]));
      }
    } else if (f.path == "catalog/service-principals.tsv") {
      for (const auto& row : util::read_tsv(f.text).rows) {
        if (row.fields[0].empty()) continue;
        c.principals.emplace_back(to_lower(row.fields[0]), row.fields.size() > 1 && row.fields[1] == "yes");
      }
    }
  }
  sort_unique(c.services);
  sort_unique(c.complete_services);
  // Actions: sorted by lower-case full name, the first spelling of a duplicate
  // kept (files in path order, lines in file order).
  std::vector<std::string> lower =
      map(actions, [](const CatalogAction& a) { return to_lower(a.service + ":" + a.name); });
  std::vector<std::size_t> order(actions.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return lower[x] < lower[y]; });
  for (std::size_t i : order) {
    if (!c.action_keys.empty() && lower[i] == c.action_keys.back()) continue;
    c.action_keys.push_back(lower[i]);
    c.actions.push_back(actions[i]);
  }
  sort_unique_first(c.keys);
  sort_unique(c.arn_services);
  sort_unique_first(c.principals);
  return c;
}

void write_catalog(Writer& w, const CatalogData& c) {
  auto& out = w.out();
  out << "\nnamespace catalog::detail {\nnamespace {\n\n";
  std::string actions = w.array("Action", "kActions", map(c.actions, [](const CatalogAction& a) {
                                  return "{" + literal(a.service) + ", " + literal(a.name) + ", Level::" + a.level +
                                         ", " + std::to_string(a.order) + "}";
                                }));
  std::string action_keys = w.array("std::string_view", "kActionKeys", literals(c.action_keys));
  std::string services = w.array("std::string_view", "kServices", literals(c.services));
  std::vector<std::string> ranges;
  for (const std::string& code : c.services) {
    // The actions whose key begins with "<code>:".
    std::string prefix = code + ":";
    auto lo = std::lower_bound(c.action_keys.begin(), c.action_keys.end(), prefix);
    auto hi = lo;
    while (hi != c.action_keys.end() && hi->starts_with(prefix)) ++hi;
    ranges.push_back("{" + std::to_string(lo - c.action_keys.begin()) + ", " +
                     std::to_string(hi - c.action_keys.begin()) + "}");
  }
  std::string service_ranges = w.array("ServiceRange", "kServiceRanges", ranges, 8);
  std::string complete = w.array("std::string_view", "kCompleteServices", literals(c.complete_services));
  std::vector<std::string> key_names, key_types, key_prefixes;
  for (const auto& [key, type] : c.keys) {
    key_names.push_back(key);
    key_types.push_back("KeyType::" + type);
    if (!key.empty() && key.back() == '*')
      key_prefixes.push_back("{" + literal(std::string_view(key).substr(0, key.size() - 1)) + ", KeyType::" + type +
                             "}");
  }
  std::string keys = w.array("std::string_view", "kKeys", literals(key_names));
  std::string types = w.array("KeyType", "kKeyTypes", key_types, 4);
  std::string prefixes = w.array("KeyPrefix", "kKeyPrefixes", key_prefixes);
  std::vector<std::string> hosts, scoped;
  for (const auto& [host, s] : c.principals) {
    hosts.push_back(host);
    scoped.push_back(s ? "true" : "false");
  }
  std::string principals = w.array("std::string_view", "kPrincipals", literals(hosts));
  std::string principal_scoped = w.array("bool", "kPrincipalAccountScoped", scoped, 8);
  std::string arn_services = w.array("ArnServicePair", "kArnServices", map(c.arn_services, [](const auto& p) {
                                       return "{" + literal(p.first) + ", " + literal(p.second) + "}";
                                     }));
  auto index = [&](std::string_view name, const std::string& keys_expr, const std::vector<std::string>& list) {
    auto numbers = map(slots_of(list), [](std::uint64_t n) {
      char buf[24];
      std::snprintf(buf, sizeof buf, "0x%llxULL", static_cast<unsigned long long>(n));
      return std::string(n == 0 ? "0" : buf);
    });
    std::string slots = w.array("std::uint64_t", name, numbers, 4);
    return "LowerIndex(" + keys_expr + ", " + slots + ")";
  };
  std::string services_index = index("kServicesSlots", services, c.services);
  std::string complete_index = index("kCompleteSlots", complete, c.complete_services);
  std::string actions_index = index("kActionsSlots", action_keys, c.action_keys);
  std::string keys_index = index("kKeysSlots", keys, key_names);
  std::string principals_index = index("kPrincipalsSlots", principals, hosts);
  out << "\n}  // namespace\n\n";
  out << "constinit const Tables kTables{\n"
      << "    .actions = " << actions << ",\n"
      << "    .action_keys = " << action_keys << ",\n"
      << "    .services = " << services << ",\n"
      << "    .service_ranges = " << service_ranges << ",\n"
      << "    .complete_services = " << complete << ",\n"
      << "    .keys = " << keys << ",\n"
      << "    .key_types = " << types << ",\n"
      << "    .key_prefixes = " << prefixes << ",\n"
      << "    .principals = " << principals << ",\n"
      << "    .principal_account_scoped = " << principal_scoped << ",\n"
      << "    .arn_services = " << arn_services << ",\n"
      << "    .services_index = " << services_index << ",\n"
      << "    .complete_index = " << complete_index << ",\n"
      << "    .actions_index = " << actions_index << ",\n"
      << "    .keys_index = " << keys_index << ",\n"
      << "    .principals_index = " << principals_index << ",\n"
      << "};\n\n}  // namespace catalog::detail\n";
}

// ---- Rule pages (rules/<family>/<name>.md) ----

struct RulePage {
  std::size_t file = 0;                             // index of the page in the embedded files
  std::string_view id, summary, requirements, fix;  // views into the page text
  std::string severity = "Warning";                 // Severity enumerator
  std::optional<std::string> severity_when_uncertain;
  unsigned kinds = 0xF;  // KindMask; every kind when the page names none
  std::vector<std::string_view> aliases;
};

// A page's severity as the Severity enumerator's name, read with the
// library's own parse_severity.
std::optional<std::string> severity_of(std::string_view s) {
  auto sev = policylint::parse_severity(s);
  if (!sev) return std::nullopt;
  switch (*sev) {
    case policylint::Severity::Error:
      return "Error";
    case policylint::Severity::Warning:
      return "Warning";
    case policylint::Severity::Note:
      return "Note";
  }
  return std::nullopt;
}

// A page's kind as its KindMask bit, read with the library's parse_kind.
std::optional<unsigned> kind_bit_of(std::string_view s) {
  if (auto k = policylint::parse_kind(s)) return policylint::kind_bit(*k);
  return std::nullopt;
}

std::vector<std::string_view> split_list(std::string_view s) {
  std::vector<std::string_view> out;
  while (!s.empty()) {
    auto comma = s.find(',');
    auto part = trim(s.substr(0, comma));
    if (!part.empty()) out.push_back(part);
    if (comma == std::string_view::npos) break;
    s.remove_prefix(comma + 1);
  }
  return out;
}

// A rule page starts with "key: value" lines up to the first blank line.
RulePage parse_page(std::size_t file) {
  RulePage m;
  m.file = file;
  std::string_view text = embedded::g_files[file].text;
  while (!text.empty()) {
    auto nl = text.find('\n');
    std::string_view line = trim(text.substr(0, nl));
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    if (line.empty()) break;
    auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view key = trim(line.substr(0, colon)), value = trim(line.substr(colon + 1));
    if (key == "id") {
      m.id = value;
    } else if (key == "severity") {
      m.severity = severity_of(value).value_or("Warning");
    } else if (key == "severity-when-uncertain") {
      m.severity_when_uncertain = severity_of(value);
    } else if (key == "kinds") {
      m.kinds = 0;
      for (std::string_view k : split_list(value))
        if (auto bit = kind_bit_of(k)) m.kinds |= *bit;
    } else if (key == "summary") {
      m.summary = value;
    } else if (key == "requirements") {
      m.requirements = value;
    } else if (key == "fix") {
      m.fix = value;
    } else if (key == "aliases") {
      m.aliases = split_list(value);
    }
  }
  return m;
}

bool is_translated_page(std::string_view path) {
  // rules/<family>/<name>.<lang>.md: a dot in the file name before ".md". Rule names have none.
  if (!path.ends_with(".md")) return false;
  std::string_view stem = path.substr(0, path.size() - 3);
  auto slash = stem.rfind('/');
  std::string_view name = slash == std::string_view::npos ? stem : stem.substr(slash + 1);
  return name.find('.') != std::string_view::npos;
}

std::vector<RulePage> read_rule_pages() {
  std::vector<RulePage> pages;
  for (std::size_t i = 0; i < embedded::g_files.size(); ++i) {
    std::string_view path = embedded::g_files[i].path;
    // Rule pages are rules/<family>/<name>.md; catalog/ and README files are data and docs.
    if (!path.ends_with(".md") || path.find('/') == std::string_view::npos) continue;
    if (path.starts_with("catalog/") || path.starts_with("requirements/") || path.starts_with("messages/") ||
        path.ends_with("README.md"))
      continue;
    // A translation (<name>.zh.md) only carries its id and summary: the English page
    // stays the source of the metadata.
    if (is_translated_page(path)) continue;
    RulePage m = parse_page(i);
    if (!m.id.empty()) pages.push_back(std::move(m));
  }
  std::stable_sort(pages.begin(), pages.end(), [](const RulePage& a, const RulePage& b) { return a.id < b.id; });
  return pages;
}

void write_rule_table(Writer& w, const std::vector<RulePage>& pages) {
  auto& out = w.out();
  out << "\nnamespace detail {\nnamespace {\n\n";
  std::vector<std::string> aliases(pages.size(), "{}");
  for (std::size_t i = 0; i < pages.size(); ++i) {
    const RulePage& p = pages[i];
    auto views = map(p.aliases, [&](std::string_view a) { return text_view(p.file, a); });
    aliases[i] = w.array("std::string_view", "kAliases" + std::to_string(i), views);
  }
  std::vector<std::string> rows;
  for (std::size_t i = 0; i < pages.size(); ++i) {
    const RulePage& p = pages[i];
    const std::string& text = embedded::g_texts[p.file];
    char kinds[8];
    std::snprintf(kinds, sizeof kinds, "0x%X", p.kinds);
    rows.push_back("{.id = " + text_view(p.file, p.id) + ",\n     .severity = Severity::" + p.severity +
                   ",\n     .severity_when_uncertain = " +
                   (p.severity_when_uncertain ? "Severity::" + *p.severity_when_uncertain : "std::nullopt") +
                   ",\n     .kinds = " + kinds + ",\n     .summary = " + text_view(p.file, p.summary) +
                   ",\n     .requirements = " + text_view(p.file, p.requirements) +
                   ",\n     .fix = " + text_view(p.file, p.fix) + ",\n     .aliases = " + aliases[i] +
                   ",\n     .doc = " + text_view(p.file, text) + "}");
  }
  std::string table = w.array("RuleMeta", "kRules", rows);
  out << "\n}  // namespace\n\nconstinit const std::span<const RuleMeta> kRuleTable = " << table
      << ";\n\n}  // namespace detail\n";
}

// ---- The whole source ----

std::string generate() {
  Writer w;
  auto& out = w.out();
  out << "// Generated by lib/gen/policylint_gen.cpp from rules/. Do not edit.\n"
         "#include <cstdint>\n#include <optional>\n#include <span>\n#include <string_view>\n\n"
         "#include \"catalog/tables.hpp\"\n#include \"engine/rule_table.hpp\"\n"
         "#include \"policylint/embedded.hpp\"\n\nnamespace policylint {\nnamespace {\n\n";
  for (std::size_t i = 0; i < embedded::g_texts.size(); ++i)
    out << "// " << embedded::g_paths[i] << "\nconstexpr char kText" << i << "[] =\n    "
        << literal(embedded::g_texts[i]) << ";\n\n";
  out << "}  // namespace\n\nnamespace embedded {\nnamespace {\n\n";
  std::vector<std::string> files;
  for (std::size_t i = 0; i < embedded::g_files.size(); ++i)
    files.push_back("{" + literal(embedded::g_paths[i]) + ", " + text_view(i, embedded::g_texts[i]) + "}");
  std::string table = w.array("File", "kFiles", files);
  out << "\n}  // namespace\n\nstd::span<const File> files() { return " << table << "; }\n\n}  // namespace embedded\n";
  write_catalog(w, read_catalog());
  write_rule_table(w, read_rule_pages());
  out << "\n}  // namespace policylint\n";
  return out.str();
}

}  // namespace

}  // namespace policylint::gen

int main(int argc, char** argv) {
  using namespace policylint::gen;
  if (argc != 3) fail("usage: policylint_gen RULES_DIR OUT.cpp");
  read_rules(argv[1]);
  if (policylint::embedded::g_files.empty()) fail(std::string("no rule files under ") + argv[1]);
  std::string body = generate();
  fs::path out_path = argv[2];
  {
    std::ifstream old(out_path, std::ios::binary);
    if (old && std::string((std::istreambuf_iterator<char>(old)), std::istreambuf_iterator<char>()) == body) return 0;
  }
  fs::path tmp = out_path;
  tmp += ".tmp";
  {
    std::ofstream o(tmp, std::ios::binary);
    o << body;
    if (!o.flush()) fail("cannot write " + tmp.string());
  }
  fs::rename(tmp, out_path);
  return 0;
}
