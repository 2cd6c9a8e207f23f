// Baselines: findings accepted as they are, matched on rule, path and the
// offending text, so that edits elsewhere in a file (line shifts) keep them.
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <tuple>

#include "json/messages.hpp"
#include "policylint/config.hpp"
#include "policylint/i18n.hpp"
#include "policylint/json.hpp"
#include "policylint/report.hpp"

namespace policylint {

std::string make_baseline(const std::vector<FileReport>& reports, std::string_view root) {
  std::vector<BaselineEntry> entries;
  for (const auto& r : reports) {
    std::string rel = relative_path(r.path, root);
    for (const auto& f : r.findings) {
      std::string value = finding_value(r, f);
      auto it = std::find_if(entries.begin(), entries.end(), [&](const BaselineEntry& e) {
        return e.rule == f.rule && e.path == rel && e.value == value;
      });
      if (it != entries.end())
        ++it->count;
      else
        entries.push_back({f.rule.str(), rel, value, 1, 0, f.message, {}});
    }
  }
  std::sort(entries.begin(), entries.end(), [](const BaselineEntry& a, const BaselineEntry& b) {
    return std::tie(a.path, a.rule, a.value) < std::tie(b.path, b.rule, b.value);
  });
  // One entry per line: reviewable diffs when the baseline changes.
  std::string out = "{\n  \"version\": 1,\n  \"findings\": [";
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto& e = entries[i];
    rapidjson::StringBuffer buf;
    rapidjson::Writer<rapidjson::StringBuffer> w(buf);
    auto str = [&](std::string_view s) { w.String(s.data(), static_cast<rapidjson::SizeType>(s.size())); };
    w.StartObject();
    str("rule");
    str(e.rule);
    str("path");
    str(e.path);
    str("value");
    str(e.value);
    if (e.count > 1) {
      str("count");
      w.Uint64(e.count);
    }
    str("message");
    str(e.message);
    w.EndObject();
    out += (i == 0 ? "\n    " : ",\n    ") + std::string(buf.GetString(), buf.GetSize());
  }
  out += entries.empty() ? "]\n}\n" : "\n  ]\n}\n";
  return out;
}

std::vector<BaselineEntry> parse_baseline(std::string_view text, std::vector<ConfigProblem>& problems) {
  return parse_baseline(text, problems, Lang::En);
}

std::vector<BaselineEntry> parse_baseline(std::string_view text, std::vector<ConfigProblem>& problems, Lang lang) {
  std::vector<BaselineEntry> out;
  std::vector<json::Detail> details;
  json::Document doc = json::parse(text, json::Limits{}, details);
  for (std::size_t i = 0; i < doc.errors().size(); ++i) {
    const auto& e = doc.errors()[i];
    std::string detail = i < details.size() ? json::render(details[i], lang) : e.detail;
    problems.push_back(
        {Span{e.offset, e.offset + 1}, render(msg("run.baseline.invalid-json", {{"detail", detail}}), lang)});
  }
  if (!doc.ok()) return out;
  const json::Node* root = doc.root();
  const json::Member* findings = root->is_object() ? root->find("findings") : nullptr;
  if (findings == nullptr || !findings->value->is_array()) {
    problems.push_back({root->span, render(msg("run.baseline.not-object"), lang)});
    return out;
  }
  for (const json::Node* n : findings->value->items) {
    BaselineEntry e;
    bool ok = n->is_object();
    if (ok)
      for (const auto& m : n->members) {
        if (m.key == "count" && m.value->type == json::Type::Number) {
          e.count = static_cast<std::size_t>(std::max(1L, std::atol(std::string(m.value->text).c_str())));
          continue;
        }
        std::string* field = m.key == "rule"      ? &e.rule
                             : m.key == "path"    ? &e.path
                             : m.key == "value"   ? &e.value
                             : m.key == "message" ? &e.message
                                                  : nullptr;
        if (field != nullptr && m.value->is_string()) *field = m.value->text;
      }
    e.span = n->span;
    if (!ok || e.rule.empty() || e.path.empty()) {
      problems.push_back({n->span, render(msg("run.baseline.entry"), lang)});
      continue;
    }
    out.push_back(std::move(e));
  }
  return out;
}

void apply_baseline(std::vector<BaselineEntry>& baseline, FileReport& r, std::string_view root) {
  if (baseline.empty()) return;
  std::string rel = relative_path(r.path, root);
  std::erase_if(r.findings, [&](const Finding& f) {
    std::string value;
    for (auto& e : baseline) {
      if (e.matched >= e.count || e.rule != f.rule || e.path != rel) continue;
      if (value.empty()) value = finding_value(r, f);
      if (e.value != value) continue;
      ++e.matched;
      return true;
    }
    return false;
  });
}

void apply_baseline(std::vector<BaselineEntry>& baseline, std::vector<FileReport>& reports, std::string_view root) {
  for (auto& r : reports) apply_baseline(baseline, r, root);
}

}  // namespace policylint
