#include <algorithm>
#include <mutex>

#include "policylint/embedded.hpp"
#include "policylint/rule.hpp"
#include "util/text.hpp"

namespace policylint {

Finding& Reporter::report(std::string_view rule, Span span, std::string message) {
  Finding& f = findings_.emplace_back();
  f.rule = std::string(rule);
  const RuleMeta* meta = find_rule(rule);
  f.severity = meta != nullptr ? meta->severity : Severity::Warning;
  f.message = std::move(message);
  f.span = span;
  return f;
}

void mark_uncertain(Finding& f) {
  const RuleMeta* meta = find_rule(f.rule);
  if (meta != nullptr && meta->severity_when_uncertain) f.severity = *meta->severity_when_uncertain;
}

namespace {

using util::trim;

std::vector<std::string> split_list(std::string_view s) {
  std::vector<std::string> out;
  while (!s.empty()) {
    auto comma = s.find(',');
    auto part = trim(s.substr(0, comma));
    if (!part.empty()) out.emplace_back(part);
    if (comma == std::string_view::npos) break;
    s.remove_prefix(comma + 1);
  }
  return out;
}

// A rule page starts with "key: value" lines up to the first blank line.
RuleMeta parse_meta(std::string_view text) {
  RuleMeta m;
  m.doc = text;
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
      m.severity = parse_severity(value).value_or(Severity::Warning);
    } else if (key == "severity-when-uncertain") {
      m.severity_when_uncertain = parse_severity(value);
    } else if (key == "kinds") {
      m.kinds = 0;
      for (const auto& k : split_list(value))
        if (auto kind = parse_kind(k)) m.kinds |= kind_bit(*kind);
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

}  // namespace

const std::vector<RuleMeta>& rule_metadata() {
  static const std::vector<RuleMeta> all = [] {
    std::vector<RuleMeta> v;
    for (const auto& f : embedded::files()) {
      // Rule pages are rules/<family>/<name>.md; catalog/ and README files are data and docs.
      if (!f.path.ends_with(".md") || f.path.find('/') == std::string_view::npos) continue;
      if (f.path.starts_with("catalog/") || f.path.starts_with("requirements/") || f.path.starts_with("messages/") ||
          f.path.ends_with("README.md"))
        continue;
      // A translation (<name>.zh.md) only carries its id and summary: the English page
      // stays the source of the metadata.
      if (is_translated_page(f.path)) continue;
      RuleMeta m = parse_meta(f.text);
      if (!m.id.empty()) v.push_back(std::move(m));
    }
    std::sort(v.begin(), v.end(), [](const RuleMeta& a, const RuleMeta& b) { return a.id < b.id; });
    return v;
  }();
  return all;
}

const RuleMeta* find_rule(std::string_view id) {
  const auto& all = rule_metadata();
  auto it =
      std::lower_bound(all.begin(), all.end(), id, [](const RuleMeta& m, std::string_view i) { return m.id < i; });
  if (it != all.end() && it->id == id) return &*it;
  for (const auto& m : all)
    if (std::find(m.aliases.begin(), m.aliases.end(), id) != m.aliases.end()) return &m;
  return nullptr;
}

}  // namespace policylint
