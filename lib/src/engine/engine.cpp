#include "policylint/engine.hpp"

#include <algorithm>

#include "../rules/util.hpp"
#include "extract.hpp"

namespace policylint {

namespace {

Span point(std::uint32_t offset, std::size_t size) {
  auto s = static_cast<std::uint32_t>(size);
  if (offset >= s) return Span{s, s};
  return Span{offset, offset + 1};
}

std::string_view json_rule(json::ErrorCode code) {
  switch (code) {
    case json::ErrorCode::Syntax:
      return "json/syntax-error";
    case json::ErrorCode::InvalidUtf8:
      return "json/invalid-utf8";
    case json::ErrorCode::ByteOrderMark:
      return "json/byte-order-mark";
    case json::ErrorCode::TooDeep:
      return "json/nesting-too-deep";
    case json::ErrorCode::TooLarge:
      return "json/file-too-large";
    case json::ErrorCode::Empty:
      return "json/syntax-error";
  }
  return "json/syntax-error";
}

// A JSON object is taken for a policy when it has "Version" (exactly) or a
// key that is, or nearly is, "Statement"; other JSON files are skipped. A
// lowercase "version" alone does not count: package.json and many other
// files have one.
bool looks_like_policy(const json::Node* root) {
  if (root == nullptr || !root->is_object()) return false;
  for (const auto& m : root->members) {
    if (m.key == "Version" || iequals(m.key, "Statement")) return true;
    if (rules::edit_distance(m.key, "Statement") <= 2) return true;
  }
  return false;
}

// The analysis limits of json::Limits on one policy document: past either,
// one json/file-too-large finding and no rules (they would spend time on a
// document no service accepts). Iterative: the tree may be deep.
bool within_limits(const json::Node* root, const json::Limits& limits, Reporter& out) {
  if (const json::Member* st = root->find("Statement");
      st != nullptr && st->value->is_array() && st->value->items.size() > limits.max_statements) {
    out.report("json/file-too-large", st->key_span,
               "the Statement array has " + std::to_string(st->value->items.size()) +
                   " entries, more than the limit of " + std::to_string(limits.max_statements) +
                   " that policylint analyses; rules were not run");
    return false;
  }
  std::vector<const json::Node*> todo{root};
  while (!todo.empty()) {
    const json::Node* n = todo.back();
    todo.pop_back();
    Span too_long{};
    std::size_t length = 0;
    if (n->is_string() && n->text.size() > limits.max_string) too_long = n->span, length = n->text.size();
    for (const auto& m : n->members) {
      if (length == 0 && m.key.size() > limits.max_string) too_long = m.key_span, length = m.key.size();
      todo.push_back(m.value);
    }
    for (const json::Node* item : n->items) todo.push_back(item);
    if (length != 0) {
      out.report("json/file-too-large", too_long,
                 "string of " + std::to_string(length) + " bytes, more than the limit of " +
                     std::to_string(limits.max_string) + " that policylint analyses; rules were not run");
      return false;
    }
  }
  return true;
}

}  // namespace

Linter::Linter(LintOptions options) : options_(std::move(options)) {}

bool Linter::rule_enabled(std::string_view id) const {
  const RuleMeta* meta = find_rule(id);
  std::string canonical = meta != nullptr ? meta->id : std::string(id);
  auto named = [&](const std::set<std::string>& set) {
    if (set.count(canonical) != 0) return true;
    if (meta != nullptr)
      for (const auto& a : meta->aliases)
        if (set.count(a) != 0) return true;
    // A family name ("grammar") selects all its rules.
    auto slash = canonical.find('/');
    return slash != std::string::npos && set.count(canonical.substr(0, slash)) != 0;
  };
  if (!options_.select.empty()) return named(options_.select);
  if (named(options_.enable)) return true;
  return !named(options_.disable);
}

namespace {

void run_rules(const Linter& linter, const Source& source, const json::Document& doc, const Policy& policy,
               const Settings& settings, Reporter& out) {
  Context ctx{source, doc, policy, settings, out};
  // One check function may report several rule ids; it runs once when any
  // of them is enabled for this kind, and the findings are filtered below.
  std::vector<CheckFn> run;
  for (const RuleImpl& rule : registered_rules()) {
    if (rule.check == nullptr || !linter.rule_enabled(rule.id)) continue;
    const RuleMeta* meta = find_rule(rule.id);
    if (meta != nullptr && (meta->kinds & kind_bit(policy.kind)) == 0) continue;
    if (std::find(run.begin(), run.end(), rule.check) == run.end()) run.push_back(rule.check);
  }
  std::size_t first = out.findings().size();
  for (CheckFn check : run) check(ctx);
  auto& all = out.findings();
  all.erase(std::remove_if(all.begin() + static_cast<std::ptrdiff_t>(first), all.end(),
                           [&](const Finding& f) {
                             const RuleMeta* meta = find_rule(f.rule);
                             return !linter.rule_enabled(f.rule) ||
                                    (meta != nullptr && (meta->kinds & kind_bit(policy.kind)) == 0);
                           }),
            all.end());
}

void report_parse_problems(const json::Document& doc, std::size_t size, Reporter& out) {
  for (const auto& e : doc.errors()) {
    // The byte-order mark is three bytes; underline all of it.
    Span span = e.code == json::ErrorCode::ByteOrderMark ? Span{0, 3} : point(e.offset, size);
    out.report(json_rule(e.code), span, e.detail);
  }
  for (const auto& d : doc.duplicates()) {
    const auto& first = d.object->members[d.first];
    const auto& second = d.object->members[d.second];
    Finding& f =
        out.report("json/duplicate-key", second.key_span, "duplicate key \"" + second.key + "\" in the same object");
    f.related.push_back(Related{first.key_span, "first \"" + first.key + "\" here", {}});
  }
}

}  // namespace

FileReport Linter::lint(std::string path, std::string text) const {
  FileReport report;
  report.path = path;
  report.source = Source(std::move(path), std::move(text));
  const Source& src = report.source;
  json::Document doc = json::parse(src.text(), options_.limits);
  Reporter out;
  report_parse_problems(doc, src.text().size(), out);
  for (auto& f : out.findings()) f.kind = options_.kind;

  const json::Node* root = doc.root();
  if (root != nullptr && !doc.ok()) root = nullptr;  // a truncated tree would give misleading findings
  const bool is_policy = root != nullptr && looks_like_policy(root);
  if (is_policy && !within_limits(root, options_.limits, out)) {
    report.kind = options_.kind;
    report.kind_inferred = !options_.kind.has_value();
    for (auto& f : out.findings()) f.kind = options_.kind;
  } else if (is_policy) {
    Policy policy = build_policy(root);
    if (options_.kind) {
      policy.kind = *options_.kind;
      policy.kind_inferred = false;
    }
    report.kind = policy.kind;
    report.kind_inferred = policy.kind_inferred;
    std::size_t first = out.findings().size();
    run_rules(*this, src, doc, policy, options_.settings, out);
    for (std::size_t i = first; i < out.findings().size(); ++i) out.findings()[i].kind = policy.kind;
  } else if (root != nullptr) {
    auto embedded = detail::find_embedded(root);
    report.is_policy = !embedded.empty();
    for (const auto& e : embedded) {
      Reporter inner;
      std::size_t before = out.findings().size();
      if (e.node->is_object() && !within_limits(e.node, options_.limits, inner)) {
        for (auto& f : inner.findings()) f.kind = options_.kind ? options_.kind : e.kind;
      } else if (e.node->is_object()) {
        Policy policy = build_policy(e.node);
        if (e.kind && !options_.kind) policy.kind = *e.kind, policy.kind_inferred = false;
        if (options_.kind) policy.kind = *options_.kind, policy.kind_inferred = false;
        run_rules(*this, src, doc, policy, options_.settings, inner);
        for (auto& f : inner.findings()) f.kind = policy.kind;
        // Values the template language computes are unknown here: no finding on them.
        std::erase_if(inner.findings(), [&](const Finding& f) {
          return std::any_of(e.opaque.begin(), e.opaque.end(),
                             [&](Span o) { return f.span.begin < o.end && o.begin < f.span.end; });
        });
      } else if (e.node->is_string()) {
        // The policy is JSON text inside a JSON string: lint the decoded text
        // and map every span back to the escapes in the outer file.
        Source inner_src(src.path(), e.node->text);
        json::Document inner_doc = json::parse(inner_src.text(), options_.limits);
        report_parse_problems(inner_doc, inner_src.text().size(), inner);
        std::optional<Kind> kind = options_.kind ? options_.kind : e.kind;
        if (inner_doc.ok() && inner_doc.root()->is_object() &&
            !within_limits(inner_doc.root(), options_.limits, inner)) {
          // reported; the rules are skipped
        } else if (inner_doc.ok()) {
          Policy policy = build_policy(inner_doc.root());
          if (kind) policy.kind = *kind, policy.kind_inferred = false;
          kind = policy.kind;
          run_rules(*this, inner_src, inner_doc, policy, options_.settings, inner);
        }
        auto map = detail::decoded_offsets(
            std::string_view(src.text()).substr(e.node->span.begin, e.node->span.end - e.node->span.begin));
        auto to_outer = [&](std::uint32_t off) {
          off = std::min<std::uint32_t>(off, static_cast<std::uint32_t>(map.size() - 1));
          return e.node->span.begin + map[off];
        };
        for (auto& f : inner.findings()) {
          f.span = Span{to_outer(f.span.begin), std::max(to_outer(f.span.begin) + 1, to_outer(f.span.end))};
          for (auto& r : f.related) r.span = Span{to_outer(r.span.begin), to_outer(r.span.end)};
          f.fix.reset();  // edits inside an escaped string are not applied mechanically
          f.kind = kind;
        }
      }
      for (auto& f : inner.findings()) {
        f.context = e.context;
        out.findings().push_back(std::move(f));
      }
      (void)before;
      if (!report.kind) report.kind = options_.kind ? options_.kind : e.kind;
    }
  } else if (doc.errors().empty()) {
    report.is_policy = false;
  }

  for (auto& f : out.findings()) {
    auto it = options_.severity.find(f.rule);
    if (it != options_.severity.end()) f.severity = it->second;
    f.path = src.path();
    f.start = src.position(f.span.begin);
    f.end = src.position(f.span.end);
  }
  // json/* findings come from the parser: drop the disabled ones here.
  std::erase_if(out.findings(), [&](const Finding& f) { return !rule_enabled(f.rule); });
  report.findings = std::move(out.findings());
  std::stable_sort(report.findings.begin(), report.findings.end(), [](const Finding& a, const Finding& b) {
    if (a.span.begin != b.span.begin) return a.span.begin < b.span.begin;
    if (a.span.end != b.span.end) return a.span.end < b.span.end;
    return a.rule < b.rule;
  });
  return report;
}

std::pair<std::string, std::size_t> apply_fixes(const std::string& text, const std::vector<Finding>& findings,
                                                bool include_unsafe) {
  struct Pending {
    const Fix* fix;
    Span hull;
  };
  std::vector<Pending> chosen;
  for (const auto& f : findings) {
    if (!f.fix || f.fix->edits.empty() || (!f.fix->safe && !include_unsafe)) continue;
    Span hull{UINT32_MAX, 0};
    for (const auto& e : f.fix->edits)
      hull.begin = std::min(hull.begin, e.span.begin), hull.end = std::max(hull.end, e.span.end);
    bool overlaps = std::any_of(chosen.begin(), chosen.end(),
                                [&](const Pending& p) { return hull.begin < p.hull.end && p.hull.begin < hull.end; });
    // Two identical fixes (the same edit reported twice) count once.
    bool duplicate = std::any_of(chosen.begin(), chosen.end(), [&](const Pending& p) {
      if (p.fix->edits.size() != f.fix->edits.size()) return false;
      for (std::size_t i = 0; i < p.fix->edits.size(); ++i)
        if (!(p.fix->edits[i].span == f.fix->edits[i].span) ||
            p.fix->edits[i].replacement != f.fix->edits[i].replacement)
          return false;
      return true;
    });
    if (!overlaps && !duplicate && hull.end <= text.size()) chosen.push_back({&*f.fix, hull});
  }
  std::vector<const Edit*> edits;
  for (const auto& p : chosen)
    for (const auto& e : p.fix->edits) edits.push_back(&e);
  std::sort(edits.begin(), edits.end(), [](const Edit* a, const Edit* b) { return a->span.begin > b->span.begin; });
  std::string out = text;
  for (const Edit* e : edits) out.replace(e->span.begin, e->span.end - e->span.begin, e->replacement);
  return {out, chosen.size()};
}

}  // namespace policylint
