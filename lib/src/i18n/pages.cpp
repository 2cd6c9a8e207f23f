// Rule pages and summaries in a language: rules/<family>/<name>.<lang>.md
// holds "id:" and "summary:" lines, a blank line, then the translated body;
// the English page stays the source of every other header field.
#include "policylint/embedded.hpp"
#include "policylint/i18n.hpp"
#include "policylint/rule.hpp"
#include "util/text.hpp"

namespace policylint {

namespace {

// The header value of "key:" in a page's header (lines up to the first blank line).
std::string_view header_value(std::string_view page, std::string_view key) {
  while (!page.empty()) {
    auto nl = page.find('\n');
    std::string_view line = util::trim(page.substr(0, nl));
    page.remove_prefix(nl == std::string_view::npos ? page.size() : nl + 1);
    if (line.empty()) break;
    auto colon = line.find(':');
    if (colon != std::string_view::npos && util::trim(line.substr(0, colon)) == key)
      return util::trim(line.substr(colon + 1));
  }
  return {};
}

// The text after the header's blank line.
std::string_view body_of(std::string_view page) {
  std::size_t at = 0;
  while (at < page.size()) {
    auto nl = page.find('\n', at);
    std::string_view line = util::trim(page.substr(at, nl == std::string_view::npos ? nl : nl - at));
    at = nl == std::string_view::npos ? page.size() : nl + 1;
    if (line.empty()) break;
  }
  while (at < page.size() && (page[at] == '\n' || page[at] == '\r')) ++at;
  return page.substr(at);
}

std::string_view translation(const RuleMeta& meta, Lang lang) {
  if (lang == Lang::En) return {};
  return embedded::find(std::string(meta.id) + "." + std::string(to_string(lang)) + ".md");
}

}  // namespace

std::string rule_summary(const RuleMeta& meta, Lang lang) {
  std::string_view zh = translation(meta, lang);
  std::string_view s = zh.empty() ? std::string_view{} : header_value(zh, "summary");
  return std::string(s.empty() ? std::string_view(meta.summary) : s);
}

std::string rule_page_body(const RuleMeta& meta, Lang lang) {
  std::string_view zh = translation(meta, lang);
  return std::string(body_of(zh.empty() ? meta.doc : zh));
}

std::string rule_page(const RuleMeta& meta, Lang lang) {
  std::string_view zh = translation(meta, lang);
  if (zh.empty()) return std::string(meta.doc);
  std::string out;
  std::string_view header = meta.doc.substr(0, meta.doc.size() - body_of(meta.doc).size());
  std::string summary = rule_summary(meta, lang);
  while (!header.empty()) {
    auto nl = header.find('\n');
    std::string_view line = header.substr(0, nl == std::string_view::npos ? header.size() : nl + 1);
    header.remove_prefix(line.size());
    if (util::trim(line).starts_with("summary:"))
      out += "summary: " + summary + "\n";
    else
      out += line;
  }
  out += body_of(zh);
  return out;
}

std::vector<TranslatedPage> translated_pages(Lang lang) {
  std::vector<TranslatedPage> out;
  if (lang == Lang::En) return out;
  std::string suffix = "." + std::string(to_string(lang)) + ".md";
  for (const auto& f : embedded::files()) {
    // Rule pages only, as rule_metadata() reads them: not the data folders' documents or READMEs.
    if (!f.path.ends_with(suffix) || f.path.find('/') == std::string_view::npos || f.path.starts_with("messages/") ||
        f.path.starts_with("catalog/") || f.path.starts_with("requirements/") || f.path.ends_with("/README" + suffix))
      continue;
    out.push_back({f.path, header_value(f.text, "id"), header_value(f.text, "summary"), body_of(f.text)});
  }
  return out;
}

std::string_view section_title(std::string_view english, Lang lang) {
  if (lang == Lang::En) return english;
  // rules/messages/glossary-*.zh.md, "页面结构".
  if (english == "What it checks") return "检查内容";
  if (english == "Why it matters") return "为什么重要";
  if (english == "Bad") return "反例";
  if (english == "Good") return "正例";
  if (english == "Fix") return "修复方法";
  return english;
}

}  // namespace policylint
