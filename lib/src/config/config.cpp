// .policylint.json: parsing with positions, globs and suppressions.
#include "policylint/config.hpp"

#include <algorithm>
#include <filesystem>

#include "json/messages.hpp"
#include "policylint/json.hpp"
#include "policylint/rule.hpp"
#include "policylint/setup.hpp"
#include "setup/config_setups.hpp"
#include "util/text.hpp"

namespace policylint {

namespace {

namespace fs = std::filesystem;
using json::Node;

class ConfigReader {
public:
  ConfigReader(Config& c, std::vector<ConfigProblem>& p, Lang lang) : config_(c), problems_(p), lang_(lang) {}

  void problem(Span s, const Message& m) { problems_.push_back({s, render(m, lang_)}); }

  // The member's value when it has the type; a problem otherwise. what: the
  // configuration.what.* message naming the type.
  bool expect(const Node* v, json::Type t, std::string_view what, std::string_view name) {
    if (v->type == t || (t == json::Type::True && v->type == json::Type::False)) return true;
    problem(v->span, msg("configuration.type",
                         {{"name", name},
                          {"what", render(msg("configuration.what." + std::string(what)), lang_)},
                          {"found", render(msg("common.json." + std::string(json::type_name(v->type))), lang_)}}));
    return false;
  }

  // where: the configuration.where.* message naming the object.
  void unknown_key(const json::Member& m, std::initializer_list<std::string_view> known, std::string_view where) {
    std::string list;
    for (auto k : known) list += (list.empty() ? "" : ", ") + std::string(k);
    problem(m.key_span, msg("configuration.unknown-key",
                            {{"key", m.key},
                             {"where", render(msg("configuration.where." + std::string(where)), lang_)},
                             {"known", list}}));
  }

  std::vector<std::string> strings(const Node* v, std::string_view name) {
    std::vector<std::string> out;
    if (!expect(v, json::Type::Array, "strings", name)) return out;
    for (const Node* i : v->items)
      if (expect(i, json::Type::String, "string", std::string(name) + "[]")) out.emplace_back(i->text);
    return out;
  }

  static bool known_rule(std::string_view id) {
    if (find_rule(id) != nullptr) return true;
    for (const auto& m : rule_metadata())
      if (m.id.size() > id.size() && m.id.starts_with(id) && m.id[id.size()] == '/') return true;
    for (const auto& r : registered_rules())
      if (r.id == id || (r.id.starts_with(id) && r.id.size() > id.size() && r.id[id.size()] == '/')) return true;
    return false;
  }

  void rules(const Node* v) {
    if (!expect(v, json::Type::Object, "rules", "rules")) return;
    for (const auto& m : v->members) {
      if (!known_rule(m.key)) {
        problem(m.key_span, msg("configuration.unknown-rule", {{"id", m.key}}));
        continue;
      }
      if (!expect(m.value, json::Type::String, "rule-setting", m.key)) continue;
      std::string_view s = m.value->text;
      if (s != "off" && s != "on" && !parse_severity(s)) {
        problem(m.value->span, msg("configuration.rule-setting", {{"id", m.key}, {"value", s}}));
        continue;
      }
      config_.rules.emplace_back(m.key, s);
    }
  }

  void overrides(const Node* v) {
    if (!expect(v, json::Type::Array, "objects", "overrides")) return;
    for (const Node* o : v->items) {
      if (!expect(o, json::Type::Object, "object", "overrides[]")) continue;
      PathOverride po;
      bool has_files = false;
      for (const auto& m : o->members) {
        if (m.key == "files") {
          po.files = strings(m.value, "files");
          has_files = true;
        } else if (m.key == "kind") {
          if (!expect(m.value, json::Type::String, "kind", "kind")) continue;
          po.kind = parse_kind(m.value->text);
          if (!po.kind) problem(m.value->span, msg("configuration.kind", {{"value", m.value->text}}));
        } else if (m.key == "scenario") {
          if (expect(m.value, json::Type::String, "string", "scenario")) po.scenario = m.value->text;
        } else {
          unknown_key(m, {"files", "kind", "scenario"}, "override");
        }
      }
      if (!has_files) problem(o->span, msg("configuration.override-files"));
      config_.overrides.push_back(std::move(po));
    }
  }

  void accounts(const Node* v) {
    if (!expect(v, json::Type::Object, "accounts", "accounts")) return;
    for (const auto& m : v->members) {
      if (!expect(m.value, json::Type::String, "uid", m.key)) continue;
      if (!util::all_digits(m.value->text)) {
        problem(m.value->span, msg("configuration.account-uid", {{"name", m.key}, {"value", m.value->text}}));
        continue;
      }
      config_.accounts[std::string(m.key)] = m.value->text;
    }
  }

  void suppressions(const Node* v) {
    if (!expect(v, json::Type::Array, "objects", "suppressions")) return;
    for (const Node* o : v->items) {
      if (!expect(o, json::Type::Object, "object", "suppressions[]")) continue;
      Suppression s;
      s.span = o->span;
      for (const auto& m : o->members) {
        std::string* field = m.key == "rule"      ? &s.rule
                             : m.key == "path"    ? &s.path
                             : m.key == "pointer" ? &s.pointer
                             : m.key == "reason"  ? &s.reason
                                                  : nullptr;
        if (field == nullptr) {
          unknown_key(m, {"rule", "path", "pointer", "reason"}, "suppression");
          continue;
        }
        if (expect(m.value, json::Type::String, "string", m.key)) *field = m.value->text;
        if (m.key == "rule" && m.value->is_string() && !known_rule(s.rule))
          problem(m.value->span, msg("configuration.unknown-rule", {{"id", s.rule}}));
        if (m.key == "pointer" && m.value->is_string() && !s.pointer.empty() && s.pointer[0] != '/')
          problem(m.value->span, msg("configuration.pointer"));
      }
      bool complete = true;
      for (auto [name, value] :
           {std::pair<const char*, const std::string*>{"rule", &s.rule}, {"path", &s.path}, {"reason", &s.reason}})
        if (value->empty()) {
          problem(o->span, msg("configuration.suppression-field", {{"field", name}}));
          complete = false;
        }
      if (complete) config_.suppressions.push_back(std::move(s));
    }
  }

  void read(const Node* root) {
    if (root == nullptr) return;
    if (!root->is_object()) {
      problem(root->span, msg("configuration.not-object"));
      return;
    }
    const json::Member* account = nullptr;
    const json::Member* setups = nullptr;
    for (const auto& m : root->members) {
      const Node* v = m.value;
      if (m.key == "$schema" || m.key == "$comment") {
        continue;
      } else if (m.key == "rules") {
        rules(v);
      } else if (m.key == "failOn") {
        if (!expect(v, json::Type::String, "fail-on", "failOn")) continue;
        if (v->text != "never" && !parse_severity(v->text))
          problem(v->span, msg("configuration.fail-on", {{"value", v->text}}));
        else
          config_.fail_on = v->text;
      } else if (m.key == "include") {
        config_.include = strings(v, "include");
      } else if (m.key == "exclude") {
        config_.exclude = strings(v, "exclude");
      } else if (m.key == "overrides") {
        overrides(v);
      } else if (m.key == "accounts") {
        accounts(v);
      } else if (m.key == "account") {
        if (expect(v, json::Type::String, "account", "account")) account = &m;
      } else if (m.key == "suppressions") {
        suppressions(v);
      } else if (m.key == "setups") {
        setups = &m;  // read last: it names accounts
      } else {
        unknown_key(
            m, {"rules", "failOn", "include", "exclude", "overrides", "accounts", "account", "suppressions", "setups"},
            "configuration");
      }
    }
    // "account" names an entry of "accounts" or is a UID itself.
    if (account != nullptr) {
      const std::string a(account->value->text);
      auto it = config_.accounts.find(a);
      if (it != config_.accounts.end())
        config_.account = it->second;
      else if (util::all_digits(a))
        config_.account = a;
      else
        problem(account->value->span, msg("configuration.account", {{"value", a}}));
    }
    if (setups != nullptr) config_.setups = setup::read_config_setups(*setups->value, config_, problems_, lang_);
  }

private:
  Config& config_;
  std::vector<ConfigProblem>& problems_;
  Lang lang_;
};

bool match_segment(std::string_view p, std::string_view s) {
  // Iterative '*' matching with backtracking to the last star.
  std::size_t pi = 0, si = 0, star = std::string_view::npos, mark = 0;
  while (si < s.size()) {
    if (pi < p.size() && p[pi] == '[') {
      auto close = p.find(']', pi + 1);
      if (close != std::string_view::npos) {
        std::string_view set = p.substr(pi + 1, close - pi - 1);
        bool negate = !set.empty() && (set[0] == '!' || set[0] == '^');
        if (negate) set.remove_prefix(1);
        bool in = false;
        for (std::size_t k = 0; k < set.size(); ++k) {
          if (k + 2 < set.size() && set[k + 1] == '-') {
            in = in || (s[si] >= set[k] && s[si] <= set[k + 2]);
            k += 2;
          } else {
            in = in || s[si] == set[k];
          }
        }
        if (in != negate) {
          pi = close + 1;
          ++si;
          continue;
        }
      }
    } else if (pi < p.size() && (p[pi] == '?' || p[pi] == s[si])) {
      ++pi;
      ++si;
      continue;
    } else if (pi < p.size() && p[pi] == '*') {
      star = pi++;
      mark = si;
      continue;
    }
    if (star == std::string_view::npos) return false;
    pi = star + 1;
    si = ++mark;
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

std::vector<std::string_view> split(std::string_view s) {
  std::vector<std::string_view> out;
  while (!s.empty()) {
    auto slash = s.find('/');
    if (slash != 0) out.push_back(s.substr(0, slash));
    if (slash == std::string_view::npos) break;
    s.remove_prefix(slash + 1);
  }
  return out;
}

bool match_segments(const std::vector<std::string_view>& p, std::size_t pi, const std::vector<std::string_view>& s,
                    std::size_t si) {
  if (pi == p.size()) return si == s.size();
  if (p[pi] == "**") {
    for (std::size_t k = si; k <= s.size(); ++k)
      if (match_segments(p, pi + 1, s, k)) return true;
    return false;
  }
  return si < s.size() && match_segment(p[pi], s[si]) && match_segments(p, pi + 1, s, si + 1);
}

// The node at an RFC 6901 pointer, or null.
const Node* at_pointer(const Node* n, std::string_view pointer) {
  if (pointer.empty()) return n;
  std::string_view rest = pointer.substr(1);
  while (n != nullptr) {
    auto slash = rest.find('/');
    std::string token(rest.substr(0, slash));
    for (std::size_t i = 0; (i = token.find('~', i)) != std::string::npos; ++i)
      token.replace(i, 2, i + 1 < token.size() && token[i + 1] == '1' ? "/" : "~");
    if (n->is_object()) {
      const json::Member* m = n->find(token);
      n = m != nullptr ? m->value : nullptr;
    } else if (n->is_array()) {
      bool digits = !token.empty() && std::all_of(token.begin(), token.end(), util::is_digit);
      std::size_t i = digits && token.size() < 9 ? std::stoul(token) : SIZE_MAX;
      n = i < n->items.size() ? n->items[i] : nullptr;
    } else {
      n = nullptr;
    }
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  return n;
}

bool rule_matches(std::string_view pattern, std::string_view id) {
  if (pattern == id) return true;
  return id.size() > pattern.size() && id.starts_with(pattern) && id[pattern.size()] == '/';
}

}  // namespace

Config parse_config(std::string path, std::string text, std::vector<ConfigProblem>& problems, Lang lang) {
  Config c;
  c.source = Source(path, std::move(text));
  std::error_code ec;
  fs::path dir = fs::path(path).parent_path();
  c.root = dir.empty() ? std::string() : dir.lexically_normal().string();
  std::vector<json::Detail> details;  // the parser's words in the run's language
  json::Document doc = json::parse(c.source.text(), json::Limits{}, details);
  for (std::size_t i = 0; i < doc.errors().size(); ++i) {
    const auto& e = doc.errors()[i];
    std::string detail = i < details.size() ? json::render(details[i], lang) : e.detail;
    problems.push_back(
        {Span{e.offset, e.offset + 1}, render(msg("configuration.invalid-json", {{"detail", detail}}), lang)});
  }
  for (const auto& d : doc.duplicates())
    problems.push_back({d.object->members[d.second].key_span,
                        render(msg("configuration.duplicate-key", {{"key", d.object->members[d.second].key}}), lang)});
  if (doc.ok()) ConfigReader(c, problems, lang).read(doc.root());
  return c;
}

void apply_config(const Config& config, LintOptions& options) {
  for (const auto& [id, setting] : config.rules) {
    if (setting == "off") {
      options.disable.insert(id);
      options.enable.erase(id);
      continue;
    }
    options.enable.insert(id);
    options.disable.erase(id);
    if (auto sev = parse_severity(setting)) {
      for (const auto& m : rule_metadata())
        if (rule_matches(id, m.id)) options.severity[std::string(m.id)] = *sev;
      for (const auto& r : registered_rules())
        if (rule_matches(id, r.id)) options.severity[std::string(r.id)] = *sev;
    }
  }
  if (!config.account.empty()) options.settings.account = config.account;
}

bool glob_match(std::string_view pattern, std::string_view path) {
  if (pattern.starts_with("./")) pattern.remove_prefix(2);
  while (path.starts_with("./")) path.remove_prefix(2);
  bool anchored = pattern.find('/') != std::string_view::npos;
  if (pattern.starts_with("/")) pattern.remove_prefix(1);
  while (pattern.ends_with("/")) pattern.remove_suffix(1);
  if (!anchored) {
    // The last segment of the path, as split() gives it (empty segments are
    // skipped), without splitting the rest: a directory walk tests every file
    // against each exclude pattern.
    while (path.ends_with('/')) path.remove_suffix(1);
    if (path.empty()) return false;
    auto slash = path.rfind('/');
    return match_segment(pattern, slash == std::string_view::npos ? path : path.substr(slash + 1));
  }
  return match_segments(split(pattern), 0, split(path), 0);
}

std::string relative_path(std::string_view path, std::string_view root) {
  std::error_code ec;
  fs::path p(path);
  fs::path r = root.empty() ? fs::path(".") : fs::path(root);
  if (p.is_absolute() != r.is_absolute()) {
    p = fs::absolute(p, ec);
    r = fs::absolute(r, ec);
  }
  fs::path rel = p.lexically_normal().lexically_relative(r.lexically_normal());
  // Outside root the path keeps its "../" steps, so anchored globs do not match it.
  return rel.empty() ? p.lexically_normal().generic_string() : rel.generic_string();
}

void apply_suppressions(Config& config, FileReport& r, bool count) {
  if (config.suppressions.empty()) return;
  std::string rel = relative_path(r.path, config.root);
  std::optional<json::Document> doc;  // parsed on demand, for pointers
  std::erase_if(r.findings, [&](const Finding& f) {
    for (auto& s : config.suppressions) {
      if (!rule_matches(s.rule, f.rule) || !glob_match(s.path, rel)) continue;
      if (!s.pointer.empty()) {
        if (!doc) doc = json::parse(r.source.text());
        const Node* n = at_pointer(doc->root(), s.pointer);
        if (n == nullptr || f.span.begin < n->span.begin || f.span.end > n->span.end) continue;
      }
      if (count) ++s.matched;
      return true;
    }
    return false;
  });
}

void apply_suppressions(Config& config, std::vector<FileReport>& reports) {
  for (auto& r : reports) apply_suppressions(config, r, true);
}

}  // namespace policylint
