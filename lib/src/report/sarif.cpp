// SARIF 2.1.0 output (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html)
// in the shape GitHub code scanning ingests
// (https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning).
#include <rapidjson/writer.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>

#include "policylint/report.hpp"
#include "report/output.hpp"
#include "util/text.hpp"

namespace policylint {

std::string hash_hex(std::string_view text) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

std::string finding_value(const FileReport& report, const Finding& f) {
  const std::string& text = report.source.text();
  std::uint32_t b = std::min<std::uint32_t>(f.span.begin, static_cast<std::uint32_t>(text.size()));
  std::uint32_t e = std::clamp<std::uint32_t>(f.span.end, b, static_cast<std::uint32_t>(text.size()));
  std::string out;
  bool space = false;
  for (std::uint32_t i = b; i < e; ++i) {
    char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  if (out.size() > 200) return "hash:" + hash_hex(out);
  return out;
}

namespace {

// Strings are written as they are; the sink makes the bytes valid UTF-8.
using Writer = rapidjson::Writer<report::Sink>;

// SARIF's result levels are spelt like our severities: "error", "warning", "note".
std::string_view level(Severity s) { return to_string(s); }

// A path as a URI reference: relative paths stay relative (GitHub resolves
// them against the checkout), absolute ones become file:// URIs.
std::string to_uri(std::string_view path) {
  if (path.starts_with("./")) path.remove_prefix(2);
  std::string out = path.starts_with("/") ? "file://" : "";
  static const char* hex = "0123456789ABCDEF";
  for (unsigned char c : path) {
    bool plain = util::is_alnum(static_cast<char>(c)) || c == '-' || c == '_' || c == '.' || c == '~' || c == '/';
    if (plain) {
      out += static_cast<char>(c);
    } else {  // percent-encode every other byte (UTF-8 included)
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

// The text of a "## Title" section of a rule page, paragraphs joined.
std::string section(std::string_view doc, std::string_view title) {
  std::string head = "## " + std::string(title);
  auto at = doc.find(head);
  if (at == std::string_view::npos) return {};
  doc.remove_prefix(at + head.size());
  auto next = doc.find("\n## ");
  doc = doc.substr(0, next);
  std::string out;
  bool nl = false;
  for (char c : doc) {
    if (c == '\n') {
      nl = true;
      continue;
    }
    // Lines of Chinese text are joined without a space between two characters.
    bool cjk_join =
        !out.empty() && static_cast<unsigned char>(out.back()) >= 0x80 && static_cast<unsigned char>(c) >= 0x80;
    if (nl && !out.empty() && !cjk_join) out += ' ';
    nl = false;
    out += c;
  }
  auto b = out.find_first_not_of(' ');
  return b == std::string::npos ? std::string{} : out.substr(b);
}

// The rule page without its key: value header.
std::string_view doc_body(std::string_view doc) {
  auto blank = doc.find("\n\n");
  return blank == std::string_view::npos ? doc : doc.substr(blank + 2);
}

// "principal/role-name-lowercase" -> "PrincipalRoleNameLowercase".
std::string pascal(std::string_view id) {
  std::string out;
  bool up = true;
  for (char c : id) {
    if (c == '/' || c == '-' || c == '_') {
      up = true;
      continue;
    }
    out += up && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    up = false;
  }
  return out;
}

struct SarifWriter {
  Writer& w;
  Lang lang = Lang::En;
  void str(std::string_view s) { w.String(s.data(), static_cast<rapidjson::SizeType>(s.size())); }
  void key(std::string_view s) { str(s); }
  void text_object(std::string_view k, std::string_view text) {
    key(k);
    w.StartObject();
    key("text");
    str(text);
    w.EndObject();
  }
  // A region object under name ("region", or "deletedRegion" of a fix).
  void region(Position a, Position b, const char* name = "region") {
    key(name);
    w.StartObject();
    key("startLine");
    w.Uint(a.line);
    key("startColumn");
    w.Uint(a.column);
    key("endLine");
    w.Uint(b.line);
    key("endColumn");
    w.Uint(b.column);
    w.EndObject();
  }
  void artifact(std::string_view path) {
    key("artifactLocation");
    w.StartObject();
    key("uri");
    str(to_uri(path));
    w.EndObject();
  }

  void rule(std::string_view id, const RuleMeta* m) {
    w.StartObject();
    key("id");
    str(id);
    key("name");
    str(pascal(id));
    // In another language: the rule's translated page when there is one, else the English page.
    std::string summary = m != nullptr ? rule_summary(*m, lang) : std::string{};
    if (summary.empty()) summary = std::string(id);
    text_object("shortDescription", summary);
    std::string page = m != nullptr && lang != Lang::En ? rule_page_body(*m, lang) : std::string{};
    std::string_view doc = m == nullptr ? std::string_view{} : lang == Lang::En ? m->doc : std::string_view(page);
    std::string full = m != nullptr ? section(doc, section_title("What it checks", lang)) : std::string{};
    if (full.empty() && m != nullptr && lang != Lang::En) full = section(m->doc, "What it checks");
    text_object("fullDescription", full.empty() ? summary : full);
    key("help");
    w.StartObject();
    std::string_view body = m == nullptr ? std::string_view{} : lang == Lang::En ? doc_body(m->doc) : doc;
    std::string help =
        body.empty() ? render(msg("report.explain", {{"rule", std::string(id)}}), lang) : std::string(body);
    key("text");
    str(help);
    key("markdown");
    str(help);
    w.EndObject();
    key("defaultConfiguration");
    w.StartObject();
    key("level");
    str(level(m != nullptr ? m->severity : Severity::Error));
    w.EndObject();
    key("properties");
    w.StartObject();
    key("tags");
    w.StartArray();
    // The rule's family; for security/* rules that is the "security" tag
    // GitHub code scanning looks for (once: the schema wants unique tags).
    str(id.substr(0, id.find('/')));
    w.EndArray();
    if (m != nullptr && !m->requirements.empty() && m->requirements != "-") {
      key("requirements");
      str(m->requirements);
    }
    w.EndObject();
    w.EndObject();
  }

  void result(const FileReport& r, const Finding& f, std::size_t rule_index) {
    w.StartObject();
    key("ruleId");
    str(f.rule);
    key("ruleIndex");
    w.Uint64(rule_index);
    key("level");
    str(level(f.severity));
    std::string message = f.message;
    if (!f.context.empty()) message += " (in " + f.context + ")";
    text_object("message", message);
    key("locations");
    w.StartArray();
    w.StartObject();
    key("physicalLocation");
    w.StartObject();
    artifact(f.path);
    region(f.start, f.end);
    w.EndObject();
    if (!f.context.empty()) {
      key("logicalLocations");
      w.StartArray();
      w.StartObject();
      key("fullyQualifiedName");
      str(f.context);
      key("kind");
      str("resource");
      w.EndObject();
      w.EndArray();
    }
    w.EndObject();
    w.EndArray();
    if (!f.related.empty()) {
      key("relatedLocations");
      w.StartArray();
      int id = 1;
      for (const auto& rel : f.related) {
        w.StartObject();
        key("id");
        w.Int(id++);
        key("physicalLocation");
        w.StartObject();
        if (rel.path.empty()) {
          artifact(f.path);
          region(r.source.position(rel.span.begin), r.source.position(rel.span.end));
        } else {
          artifact(rel.path);
          if (rel.start.line > 0) region(rel.start, rel.end);
        }
        w.EndObject();
        text_object("message", rel.label);
        w.EndObject();
      }
      w.EndArray();
    }
    key("partialFingerprints");
    w.StartObject();
    key("policylintValue/v1");
    str(hash_hex(f.rule.str() + "\x1f" + finding_value(r, f)));
    w.EndObject();
    if (f.fix && !f.fix->edits.empty()) {
      key("fixes");
      w.StartArray();
      w.StartObject();
      text_object("description", f.fix->title + (f.fix->safe ? "" : " (unsafe: review before applying)"));
      key("artifactChanges");
      w.StartArray();
      w.StartObject();
      artifact(f.path);
      key("replacements");
      w.StartArray();
      for (const auto& e : f.fix->edits) {
        w.StartObject();
        region(r.source.position(e.span.begin), r.source.position(e.span.end), "deletedRegion");
        if (!e.replacement.empty()) {
          key("insertedContent");
          w.StartObject();
          key("text");
          str(e.replacement);
          w.EndObject();
        }
        w.EndObject();
      }
      w.EndArray();
      w.EndObject();
      w.EndArray();
      w.EndObject();
      w.EndArray();
    }
    w.EndObject();
  }
};

}  // namespace

namespace report {

// Each result is written as it arrives into a spill file (rule id and the
// result's JSON, with ruleIndex 0), so the reports need not stay in memory;
// at the end the rule table is written, then each result with its index.
struct SarifReport::Impl {
  std::ostream& os;
  ReportOptions opt;
  std::FILE* spill = nullptr;
  std::map<std::string, std::size_t> index;               // rules with a result, in id order
  std::vector<std::pair<std::string, std::string>> kept;  // when no spill file can be made

  Impl(std::ostream& o, const ReportOptions& op) : os(o), opt(op), spill(std::tmpfile()) {}
  ~Impl() {
    if (spill != nullptr) std::fclose(spill);
  }
  void put(const std::string& rule, const std::string& json) {
    if (spill == nullptr) {
      kept.emplace_back(rule, json);
      return;
    }
    std::uint64_t sizes[2] = {rule.size(), json.size()};
    if (std::fwrite(sizes, sizeof sizes, 1, spill) != 1 ||
        std::fwrite(rule.data(), 1, rule.size(), spill) != rule.size() ||
        std::fwrite(json.data(), 1, json.size(), spill) != json.size())
      throw std::runtime_error("cannot write the SARIF results to a temporary file");
  }
  bool get(std::string& rule, std::string& json) {
    std::uint64_t sizes[2];
    if (std::fread(sizes, sizeof sizes, 1, spill) != 1) {
      if (std::ferror(spill) != 0) throw std::runtime_error("cannot read the SARIF results back from a temporary file");
      return false;  // the end
    }
    rule.resize(sizes[0]);
    json.resize(sizes[1]);
    if (std::fread(rule.data(), 1, rule.size(), spill) != rule.size() ||
        std::fread(json.data(), 1, json.size(), spill) != json.size())
      throw std::runtime_error("cannot read the SARIF results back from a temporary file");
    return true;
  }
};

SarifReport::SarifReport(std::ostream& os, const ReportOptions& opt) : impl_(std::make_unique<Impl>(os, opt)) {}
SarifReport::~SarifReport() = default;

void SarifReport::add(const FileReport& r) {
  for (const auto& f : r.findings) {
    impl_->index.emplace(f.rule, 0);
    std::ostringstream text;
    {
      Sink sink(text);
      Writer w(sink);
      SarifWriter{w, impl_->opt.lang}.result(r, f, 0);
      sink.finish();
    }
    impl_->put(f.rule.str(), text.str());
  }
}

void SarifReport::finish() {
  // Rules with at least one result, in id order; results point at them by index.
  std::size_t n = 0;
  for (auto& [id, i] : impl_->index) i = n++;
  const ReportOptions& opt = impl_->opt;

  Sink sink(impl_->os);
  Writer w(sink);
  SarifWriter s{w, opt.lang};
  w.StartObject();
  s.key("$schema");
  s.str("https://json.schemastore.org/sarif-2.1.0.json");
  s.key("version");
  s.str("2.1.0");
  s.key("runs");
  w.StartArray();
  w.StartObject();
  s.key("tool");
  w.StartObject();
  s.key("driver");
  w.StartObject();
  s.key("name");
  s.str("policylint");
  s.key("version");
  s.str(opt.tool_version);
  s.key("semanticVersion");
  s.str(opt.tool_version);
  if (!opt.information_uri.empty()) {
    s.key("informationUri");
    s.str(opt.information_uri);
  }
  s.key("rules");
  w.StartArray();
  for (const auto& [id, i] : impl_->index) s.rule(id, find_rule(id));
  w.EndArray();
  w.EndObject();
  w.EndObject();
  s.key("columnKind");
  s.str("unicodeCodePoints");
  s.key("results");
  w.StartArray();
  // Each result was written with "ruleIndex":0 right after its ruleId.
  static constexpr std::string_view kZero = ",\"ruleIndex\":0";
  auto emit = [&](const std::string& rule, std::string& json) {
    std::size_t at = json.find(kZero);
    if (at != std::string::npos) json.replace(at + kZero.size() - 1, 1, std::to_string(impl_->index[rule]));
    w.RawValue(json.data(), json.size(), rapidjson::kObjectType);
  };
  if (impl_->spill != nullptr) {
    // Results still in the stdio buffer must reach the file before it is read
    // back: a full disk is an error, never a log without its results.
    if (std::fflush(impl_->spill) != 0 || std::ferror(impl_->spill) != 0)
      throw std::runtime_error("cannot write the SARIF results to a temporary file");
    std::rewind(impl_->spill);
    std::string rule, json;
    while (impl_->get(rule, json)) emit(rule, json);
  }
  for (auto& [rule, json] : impl_->kept) emit(rule, json);
  w.EndArray();
  w.EndObject();
  w.EndArray();
  w.EndObject();
  sink.Put('\n');
  sink.finish();
}

}  // namespace report

void write_sarif(std::ostream& os, const std::vector<FileReport>& reports, const ReportOptions& opt) {
  report::SarifReport sarif(os, opt);
  for (const auto& r : reports) sarif.add(r);
  sarif.finish();
}

}  // namespace policylint
