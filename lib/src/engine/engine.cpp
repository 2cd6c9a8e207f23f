#include "policylint/engine.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <numeric>
#include <unordered_set>

#include "../input/terraform.hpp"
#include "../input/yaml.hpp"
#include "extract.hpp"
#include "json/messages.hpp"
#include "model/build.hpp"
#include "model/placeholder_filter.hpp"
#include "policylint/previous.hpp"
#include "util/text.hpp"

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

// A Reporter whose list is one the thread kept, with its room, from an
// earlier document, and that gives it back when it goes. A file's findings
// are gathered in such lists and then moved once, in order, into a list of
// their exact number (Linter::lint): a list grown finding by finding moved
// every finding at each doubling and asked malloc for ever larger blocks,
// of sizes its per-thread caches do not keep.
class KeptReporter {
public:
  KeptReporter() {
    auto& pool = kept();
    if (!pool.empty()) {
      out_.findings().swap(pool.back());
      pool.pop_back();
    }
  }
  ~KeptReporter() {
    std::vector<Finding>& list = out_.findings();
    auto& pool = kept();
    // A list left large by a file of very many findings is not kept.
    if (list.capacity() == 0 || list.capacity() > kMostKept || pool.size() >= kLists) return;
    list.clear();
    pool.push_back(std::move(list));
  }
  KeptReporter(const KeptReporter&) = delete;
  KeptReporter& operator=(const KeptReporter&) = delete;

  Reporter& operator*() { return out_; }

private:
  // Lists in use at once: the file's, a document's, and the one
  // lint_document fills; one more to spare.
  static constexpr std::size_t kLists = 4;
  static constexpr std::size_t kMostKept = 256;  // findings of room (36 KiB)
  // Room for every list made at the thread's first use (a constructor
  // asks first): giving a list back never allocates, so the destructor
  // cannot throw, even while an exception unwinds the stack.
  static std::vector<std::vector<Finding>>& kept() {
    thread_local std::vector<std::vector<Finding>> pool = [] {
      std::vector<std::vector<Finding>> lists;
      lists.reserve(kLists);
      return lists;
    }();
    return pool;
  }
  Reporter out_;
};

// A JSON object is taken for a policy when it has "Version" (exactly) or a
// key that is, or nearly is, "Statement"; other JSON files are skipped. A
// lowercase "version" alone does not count: package.json and many other
// files have one.
bool looks_like_policy(const json::Node* root) {
  if (root == nullptr || !root->is_object()) return false;
  for (const auto& m : root->members) {
    if (m.key == "Version" || util::iequals(m.key, "Statement")) return true;
    if (util::edit_distance(m.key, "Statement", util::Case::Sensitive, 2) <= 2) return true;
  }
  return false;
}

// The analysis limits of json::Limits on one policy document: past either,
// one finding (json/too-many-statements, json/string-too-long) and no rules (they would spend time on a
// document no service accepts). Iterative: the tree may be deep.
bool within_limits(const json::Document& doc, const json::Node* root, const json::Limits& limits, Lang lang,
                   Reporter& out) {
  if (const json::Member* st = root->find("Statement");
      st != nullptr && st->value->is_array() && st->value->items.size() > limits.max_statements) {
    out.report(
        "json/too-many-statements", st->key_span,
        msg("json/too-many-statements", {{"entries", st->value->items.size()}, {"limit", limits.max_statements}}),
        lang);
    return false;
  }
  // The usual case: no string of the whole tree is that long.
  if (doc.longest_string() <= limits.max_string) return true;
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
      out.report("json/string-too-long", too_long,
                 msg("json/string-too-long", {{"length", length}, {"limit", limits.max_string}}), lang);
      return false;
    }
  }
  return true;
}

}  // namespace

// One kind mask per rule page, in the constant table's order: a rule id or
// alias is looked up with find_rule, no string is built.
Linter::Linter(LintOptions options) : options_(std::move(options)) {
  std::span<const RuleMeta> all = rule_metadata();
  enabled_.reserve(all.size());
  for (const auto& m : all) enabled_.push_back(compute_enabled(&m, m.id) ? m.kinds : KindMask{0});
  // An id without a page is enabled unless selection or disabling names rules.
  all_enabled_ = options_.select.empty() && options_.disable.empty() &&
                 std::none_of(enabled_.begin(), enabled_.end(), [](KindMask k) { return k == 0; });
  for (const RuleImpl& rule : registered_rules()) {
    if (rule.check == nullptr) continue;
    KindMask kinds = enabled_kinds(rule.id);
    for (Kind k : {Kind::Permission, Kind::Trust, Kind::Bucket, Kind::Key}) {
      auto& list = checks_[static_cast<std::size_t>(k)];
      if ((kinds & kind_bit(k)) != 0 && std::find(list.begin(), list.end(), rule.check) == list.end())
        list.push_back(rule.check);
    }
  }
}

KindMask Linter::enabled_kinds(std::string_view id) const {
  const RuleMeta* meta = find_rule(id);
  if (meta == nullptr) return compute_enabled(nullptr, id) ? kAllKinds : KindMask{0};
  return enabled_[static_cast<std::size_t>(meta - rule_metadata().data())];
}

bool Linter::rule_enabled(std::string_view id) const { return enabled_kinds(id) != 0; }

bool Linter::reports(std::string_view id, Kind k) const {
  return (enabled_kinds(id) & kind_bit(k)) != 0;  // an id without a page: no kind restriction
}

bool Linter::compute_enabled(const RuleMeta* meta, std::string_view id) const {
  std::string_view canonical = meta != nullptr ? meta->id : id;
  auto named = [&](const std::set<std::string>& set) {
    if (set.empty()) return false;  // the usual case: no rule named, nothing to look up
    if (set.count(std::string(canonical)) != 0) return true;
    if (meta != nullptr)
      for (const auto& a : meta->aliases)
        if (set.count(std::string(a)) != 0) return true;
    // A family name ("grammar") selects all its rules.
    auto slash = canonical.find('/');
    return slash != std::string_view::npos && set.count(std::string(canonical.substr(0, slash))) != 0;
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
  std::size_t first = out.findings().size();
  for (CheckFn check : linter.checks(policy.kind)) check(ctx);
  auto& all = out.findings();
  all.erase(std::remove_if(all.begin() + static_cast<std::ptrdiff_t>(first), all.end(),
                           [&](const Finding& f) { return !linter.reports(f.rule, policy.kind); }),
            all.end());
}

// Parses a Source made with Source::IndexLater and indexes its lines: from
// the JSON reader's pass when it read the text, else by a scan.
json::Document parse_indexed(Source& src, const json::Limits& limits, std::vector<json::Detail>& messages) {
  std::vector<std::uint32_t> line_starts;
  json::Document doc = json::parse_borrowed(src.text(), limits, messages, &line_starts, &model::filter::samples());
  src.index_lines(std::move(line_starts), doc.ascii());
  return doc;
}

// The parser's problems; messages[i] is the message of doc.errors()[i].
void report_parse_problems(const json::Document& doc, const std::vector<json::Detail>& messages, std::size_t size,
                           Lang lang, Reporter& out) {
  for (std::size_t i = 0; i < doc.errors().size(); ++i) {
    const auto& e = doc.errors()[i];
    // The byte-order mark is three bytes; underline all of it.
    Span span = e.code == json::ErrorCode::ByteOrderMark ? Span{0, 3} : point(e.offset, size);
    out.report(json_rule(e.code), span, i < messages.size() ? json::render(messages[i], lang) : e.detail);
  }
  for (const auto& d : doc.duplicates()) {
    const auto& first = d.object->members[d.first];
    const auto& second = d.object->members[d.second];
    Finding& f = out.report("json/duplicate-key", second.key_span,
                            msg("json/duplicate-key", {{"key", "\"" + std::string(second.key) + "\""}}), lang);
    f.related.push_back(
        Related{first.key_span,
                render(msg("json/duplicate-key.first", {{"key", "\"" + std::string(first.key) + "\""}}), lang),
                {}});
  }
}

}  // namespace

namespace {

// The documents of a JSON tree: the tree itself when it is a policy, else the
// policies a Terraform plan or state or a ROS template embeds.
// Appended to docs.
void json_documents(std::string_view file, const json::Node* root, DocumentForm form,
                    std::vector<ExtractedDocument>& docs) {
  if (root == nullptr) return;
  if (looks_like_policy(root)) {
    ExtractedDocument d;
    d.form = form;
    d.node = root;
    d.origin = root->span;
    docs.push_back(std::move(d));
    return;
  }
  for (auto& e : detail::find_embedded(root)) {
    ExtractedDocument d;
    d.kind = e.kind;
    d.context = std::move(e.context);
    d.origin = e.node->span;
    if (e.node->is_object()) {
      d.form = form;
      d.node = e.node;
      d.opaque = std::move(e.opaque);
    } else {
      // JSON text inside a JSON string: the decoded text, each byte mapped
      // back to the escape it came from; edits would need re-escaping.
      d.form = DocumentForm::String;
      d.text = e.node->text;
      d.offsets = detail::decoded_offsets(file.substr(e.node->span.begin, e.node->span.end - e.node->span.begin));
      for (auto& o : d.offsets) o += e.node->span.begin;
      d.fixable = false;
    }
    docs.push_back(std::move(d));
  }
}

// A span of a text with a byte map (decoded string, rebuilt document, YAML
// converted to JSON) as a span of the file. The end is the end of the source
// of the last byte: after the whole escape when that byte came from one (the
// next byte's offset), else one past it (the next byte may come from a token
// further on, e.g. on the next line of HCL).
template <typename Map>
Span map_span(Span s, const Map& map, std::string_view file) {
  std::uint32_t begin = map(s.begin);
  if (s.end <= s.begin) return Span{begin, std::max(begin + 1, map(s.end))};
  std::uint32_t last = map(s.end - 1), next = map(s.end);
  bool escape = last < file.size() && file[last] == '\\' && next > last;
  return Span{begin, std::max(begin + 1, escape ? next : last + 1)};
}

// Moves the findings of from to the end of to: the whole vector when to is
// empty (one document, the usual file), else one by one.
void append(std::vector<Finding>& to, std::vector<Finding>& from) {
  if (to.empty()) {
    to.swap(from);
    return;
  }
  for (auto& f : from) to.push_back(std::move(f));  // amortized growth: no reserve per call
  from.clear();
}

// Lints one document of a file and moves its findings, in the file's offsets,
// to out. Returns the kind the document was linted as.
std::optional<Kind> lint_document(const Linter& linter, const Source& file, const json::Document& tree,
                                  const ExtractedDocument& d, const Settings& settings, Reporter& out) {
  const LintOptions& options_ = linter.options();
  KeptReporter kept_inner;
  Reporter& inner = *kept_inner;
  std::optional<Kind> kind = options_.kind ? options_.kind : d.kind;
  const bool own_text = d.node == nullptr;
  Source text_src;
  json::Document text_doc;
  const Source* src = &file;
  const json::Document* doc = &tree;
  const json::Node* root = d.node;
  if (own_text) {
    text_src = Source(file.path(), d.text, Source::IndexLater{});
    std::vector<json::Detail> messages;
    text_doc = parse_indexed(text_src, options_.limits, messages);
    report_parse_problems(text_doc, messages, text_src.text().size(), settings.lang, inner);
    src = &text_src;
    doc = &text_doc;
    root = text_doc.ok() ? text_doc.root() : nullptr;
  }
  if (root != nullptr && root->is_object() && within_limits(*doc, root, options_.limits, settings.lang, inner)) {
    // The statement list of the thread's last document, kept for the next
    // one (unless a very large document left it large).
    thread_local std::vector<Statement> spare;
    Policy policy = model::build_policy_in(root, std::move(spare));
    if (kind) policy.kind = *kind, policy.kind_inferred = false;
    kind = policy.kind;
    run_rules(linter, *src, *doc, policy, settings, inner);
    if (policy.statements.capacity() <= 1024) spare = std::move(policy.statements);
  }
  // Values computed by the template language are unknown here: no finding on
  // them. A finding on a value with an unknown part stays when its fix edits
  // only known bytes: the fix shows the mistake is in the known part (a
  // capital letter in the role name of "arn:sts::${var.uid}:assumed-role/…").
  if (!d.opaque.empty()) {
    // The unknown parts sorted and merged, so each test is a binary search
    // (a document may have many unknown parts and many findings).
    std::vector<Span> unknown = d.opaque;
    std::sort(unknown.begin(), unknown.end(), [](Span a, Span b) { return a.begin < b.begin; });
    std::vector<Span> merged;
    for (Span o : unknown) {
      if (!merged.empty() && o.begin <= merged.back().end)
        merged.back().end = std::max(merged.back().end, o.end);
      else
        merged.push_back(o);
    }
    auto touches = [&](Span s) {
      auto it = std::partition_point(merged.begin(), merged.end(), [&](Span o) { return o.end <= s.begin; });
      return it != merged.end() && (it->begin < s.end || (s.begin == s.end && it->begin <= s.begin));
    };
    std::erase_if(inner.findings(), [&](const Finding& f) {
      if (!touches(f.span)) return false;
      bool known_fix =
          f.fix && !f.fix->edits.empty() &&
          std::none_of(f.fix->edits.begin(), f.fix->edits.end(), [&](const Edit& e) { return touches(e.span); });
      return !known_fix;
    });
  }
  auto to_file = [&](std::uint32_t off) {
    if (!own_text) return off;
    off = std::min<std::uint32_t>(off, static_cast<std::uint32_t>(d.offsets.size() - 1));
    return d.offsets[off];
  };
  const SharedString context = d.context;  // one string for the document's findings
  for (auto& f : inner.findings()) {
    if (own_text) {
      f.span = map_span(f.span, to_file, file.text());
      for (auto& r : f.related)
        if (r.path.empty()) r.span = Span{to_file(r.span.begin), to_file(r.span.end)};
      if (f.fix && !d.fixable) f.fix.reset();
      if (f.fix)
        for (auto& e : f.fix->edits) e.span = Span{to_file(e.span.begin), to_file(e.span.end)};
    }
    f.kind = kind;
    f.context = context;
  }
  append(out.findings(), inner.findings());
  return kind;
}

}  // namespace

InputFormat format_of(std::string_view path) {
  auto ends = [&](std::string_view suffix) {
    if (path.size() < suffix.size()) return false;
    return util::iequals(path.substr(path.size() - suffix.size()), suffix);
  };
  if (ends(".tf")) return InputFormat::Terraform;
  if (ends(".tf.json")) return InputFormat::TerraformJson;
  if (ends(".yaml") || ends(".yml")) return InputFormat::Yaml;
  return InputFormat::Json;
}

namespace {

// Maps spans of the text the documents were found in back to the file: the
// identity, or a byte map (YAML converted to JSON) with the ranges where an
// edit does not map one to one.
struct Layer {
  const input::YamlJson* yaml = nullptr;
  std::string_view file;  // the YAML text
  std::uint32_t map(std::uint32_t off) const {
    if (yaml == nullptr) return off;
    off = std::min<std::uint32_t>(off, static_cast<std::uint32_t>(yaml->offsets.size() - 1));
    return yaml->offsets[off];
  }
  void apply(Finding& f) const {
    if (yaml == nullptr) return;
    Span s = f.span;
    f.span = map_span(
        s, [&](std::uint32_t o) { return map(o); }, file);
    for (auto& r : f.related)
      if (r.path.empty()) r.span = Span{map(r.span.begin), map(r.span.end)};
    if (f.fix) {
      bool exact =
          std::all_of(f.fix->edits.begin(), f.fix->edits.end(), [&](const Edit& e) { return yaml->exact(e.span); });
      if (!exact) f.fix.reset();
    }
    if (f.fix)
      for (auto& e : f.fix->edits) e.span = Span{map(e.span.begin), map(e.span.end)};
  }
};

void report_read_problems(const std::vector<ReadProblem>& problems, Reporter& out) {
  for (const auto& p : problems) out.report(p.rule, p.span, p.message);
}

}  // namespace

FileReport Linter::lint(std::string path, std::string text, const Neighbours& nb) const {
  FileReport report;
  report.path = path;
  // Lines are indexed after the read: the JSON reader finds them on its way.
  report.source = Source(std::move(path), std::move(text), Source::IndexLater{});
  const Source& src = report.source;
  Settings settings = options_.settings;
  if (nb.previous != nullptr) nb.previous->apply(settings);

  KeptReporter kept_out;
  Reporter& out = *kept_out;
  InputFormat format = nb.form == DocumentForm::Templatefile ? InputFormat::Template
                       : src.path() == "<stdin>"             ? InputFormat::Json
                                                             : format_of(src.path());
  // The text the documents are found in (the file itself, or JSON converted
  // from YAML), its tree, and the documents.
  Source tree_src;
  json::Document tree;
  const Source* tree_text = &src;
  std::optional<input::YamlJson> yaml;
  Layer layer;
  // The thread's list of documents, kept from one file to the next (unless
  // a file of many documents left it large): most files hold one document.
  thread_local std::vector<ExtractedDocument> spare_docs;
  std::vector<ExtractedDocument> docs = std::move(spare_docs);
  docs.clear();
  bool quiet_skip = false;  // a file of a readable format that holds no policy
  switch (format) {
    case InputFormat::Json: {
      std::vector<json::Detail> messages;
      tree = parse_indexed(report.source, options_.limits, messages);
      report_parse_problems(tree, messages, src.text().size(), settings.lang, out);
      // A truncated tree would give misleading findings.
      const json::Node* root = tree.ok() ? tree.root() : nullptr;
      json_documents(src.text(), root, nb.form.value_or(DocumentForm::Json), docs);
      quiet_skip = root != nullptr || tree.errors().empty();
      break;
    }
    case InputFormat::Yaml: {
      input::YamlKind kind = input::classify_yaml(src.text());
      if (kind == input::YamlKind::Other) {
        quiet_skip = true;
        break;
      }
      yaml = input::yaml_to_json(src.text(), options_.limits, settings.lang);
      report_read_problems(yaml->problems, out);
      if (!yaml->ok) break;
      layer.yaml = &*yaml;
      layer.file = src.text();
      tree_src = Source(src.path(), yaml->json, Source::IndexLater{});
      tree_text = &tree_src;
      std::vector<json::Detail> messages;
      {
        // The JSON is larger than the YAML it came from (quotes, alias
        // copies): the file size limit was applied to the YAML already.
        json::Limits limits = options_.limits;
        limits.max_bytes = std::max<std::uint64_t>(limits.max_bytes, tree_src.text().size());
        tree = parse_indexed(tree_src, limits, messages);
      }
      {
        Reporter parse;
        report_parse_problems(tree, messages, tree_src.text().size(), settings.lang, parse);
        for (auto& f : parse.findings()) {
          layer.apply(f);
          out.findings().push_back(std::move(f));
        }
      }
      const json::Node* root = tree.ok() ? tree.root() : nullptr;
      json_documents(tree_src.text(), root, DocumentForm::Yaml, docs);
      quiet_skip = root != nullptr;
      break;
    }
    case InputFormat::Terraform:
    case InputFormat::TerraformJson: {
      Extraction ex = format == InputFormat::Terraform
                          ? input::read_terraform(src.text(), options_.limits, nb.module, settings.lang)
                          : input::read_terraform_json(src.text(), options_.limits, settings.lang);
      report_read_problems(ex.problems, out);
      docs = std::move(ex.documents);
      std::filesystem::path dir = std::filesystem::path(src.path()).parent_path();
      for (auto& ref : ex.files) {
        ref.path = (dir / ref.path).lexically_normal().string();
        report.references.push_back(std::move(ref));
      }
      quiet_skip = ex.problems.empty();
      break;
    }
    case InputFormat::Template: {
      docs.push_back(input::read_template(src.text(), options_.limits));
      break;
    }
  }
  report.source.index_lines();  // the formats other than JSON
  for (auto& f : out.findings()) f.kind = options_.kind;
  // A file another file refers to: its documents take the referring resource.
  if (nb.form)
    for (auto& d : docs) {
      if (!d.kind) d.kind = nb.kind;
      if (d.context.empty()) d.context = nb.context;
      d.form = *nb.form;
    }
  // In file order. The readers mostly find the documents in that order
  // already: then no sort, which would ask for a buffer and move every
  // document log n times (a template of 20 000 policies).
  auto earlier = [](const ExtractedDocument& a, const ExtractedDocument& b) { return a.origin.begin < b.origin.begin; };
  if (!std::is_sorted(docs.begin(), docs.end(), earlier)) std::stable_sort(docs.begin(), docs.end(), earlier);
  report.is_policy = !docs.empty() || !quiet_skip;
  for (const auto& d : docs) {
    KeptReporter kept_inner;
    Reporter& inner = *kept_inner;
    std::optional<Kind> kind = lint_document(*this, *tree_text, tree, d, settings, inner);
    if (layer.yaml != nullptr)
      for (auto& f : inner.findings()) layer.apply(f);
    append(out.findings(), inner.findings());
    DocumentInfo info;
    info.context = d.context;
    info.kind = kind;
    info.kind_inferred = !options_.kind && !d.kind;
    info.form = d.form;
    info.start = src.position(layer.map(d.origin.begin));
    report.documents.push_back(std::move(info));
  }
  if (!report.documents.empty()) {
    report.kind = report.documents.front().kind;
    report.kind_inferred = report.documents.front().kind_inferred;
  } else {
    report.kind = options_.kind;
    report.kind_inferred = !options_.kind.has_value();
  }
  docs.clear();
  if (docs.capacity() <= 16) spare_docs = std::move(docs);

  // Reader and parser findings: drop the disabled ones here (none is when
  // every rule is on, as by default).
  if (!all_enabled_) std::erase_if(out.findings(), [&](const Finding& f) { return !rule_enabled(f.rule); });
  // Sorted through their indices, then each moved once, into the report's
  // list: a finding is a few strings, and a file may have 100 000 of them (a
  // merge sort moves each log n times, through memory that no longer fits
  // the cache).
  std::vector<Finding>& found = out.findings();
  // The thread's index list, kept from one file to the next (unless a file
  // of very many findings left it large).
  thread_local std::vector<std::uint32_t> order;
  if (order.capacity() > 65536) std::vector<std::uint32_t>().swap(order);
  order.resize(found.size());
  std::iota(order.begin(), order.end(), 0u);
  auto before = [&](std::uint32_t x, std::uint32_t y) {
    const Finding& a = found[x];
    const Finding& b = found[y];
    if (a.span.begin != b.span.begin) return a.span.begin < b.span.begin;
    if (a.span.end != b.span.end) return a.span.end < b.span.end;
    return a.rule < b.rule;
  };
  if (order.size() > 32) {
    std::stable_sort(order.begin(), order.end(), before);
  } else {
    // A few findings (the usual file): an insertion sort, stable and with no
    // buffer to ask for.
    for (std::size_t i = 1; i < order.size(); ++i) {
      std::uint32_t v = order[i];
      std::size_t j = i;
      for (; j > 0 && before(v, order[j - 1]); --j) order[j] = order[j - 1];
      order[j] = v;
    }
  }
  // In that order (order[i]: the finding that goes to place i) into a list
  // of their number; the gathering list, emptied, goes back to the thread.
  // Each takes the file's path (one string for all), the severity the
  // options set for its rule, and its positions.
  const SharedString& file_path = src.shared_path();
  const bool severities = !options_.severity.empty();
  report.findings.reserve(found.size());
  for (std::uint32_t i : order) {
    Finding& f = report.findings.emplace_back(std::move(found[i]));
    f.path = file_path;
    if (severities) {
      auto it = options_.severity.find(f.rule.view());
      if (it != options_.severity.end()) f.severity = it->second;
    }
    f.start = src.position(f.span.begin);
    f.end = src.position_after(f.start, f.span.begin, f.span.end);
  }
  return report;
}

std::pair<std::string, std::size_t> apply_fixes(const std::string& text, const std::vector<Finding>& findings,
                                                bool include_unsafe) {
  // The hulls chosen so far, by (begin, end), and the edits of each chosen fix
  // as one key (a fix reported twice counts once). No chosen hull overlaps
  // another, so along that order the ends never decrease: the last hull that
  // begins before a new one ends is the only one to test (a file may have
  // 100 000 fixes; testing every chosen one took 15 s).
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::size_t> hulls;
  std::unordered_set<std::string> seen;
  std::vector<const Fix*> chosen;
  std::string key;
  for (const auto& f : findings) {
    if (!f.fix || f.fix->edits.empty() || (!f.fix->safe && !include_unsafe)) continue;
    Span hull{UINT32_MAX, 0};
    for (const auto& e : f.fix->edits)
      hull.begin = std::min(hull.begin, e.span.begin), hull.end = std::max(hull.end, e.span.end);
    bool overlaps = false;
    if (auto it = hulls.lower_bound({hull.end, 0}); it != hulls.begin())
      overlaps = std::prev(it)->first.second > hull.begin;
    key.clear();
    for (const auto& e : f.fix->edits) {
      std::uint32_t head[3] = {e.span.begin, e.span.end, static_cast<std::uint32_t>(e.replacement.size())};
      key.append(reinterpret_cast<const char*>(head), sizeof head);
      key += e.replacement;
    }
    bool duplicate = seen.count(key) != 0;
    if (!overlaps && !duplicate && hull.end <= text.size()) {
      chosen.push_back(&*f.fix);
      ++hulls[{hull.begin, hull.end}];
      seen.insert(key);
    }
  }
  std::vector<const Edit*> edits;
  for (const Fix* fix : chosen)
    for (const auto& e : fix->edits) edits.push_back(&e);
  // From the end of the text; at one offset the longer edit first, and edits
  // alike in both (insertions at one place) last finding first: a replacement
  // keeps the insertions at its start in front of it, and insertions at one
  // place come out in the order of their findings. The order is total, so the
  // text never depends on the sort.
  std::reverse(edits.begin(), edits.end());
  std::stable_sort(edits.begin(), edits.end(), [](const Edit* a, const Edit* b) {
    return a->span.begin != b->span.begin ? a->span.begin > b->span.begin : a->span.end > b->span.end;
  });
  // Applied from the end, as std::string::replace one after the other would:
  // an edit that ends before the text already replaced only shortens the
  // untouched head (the rest is kept as pieces, last first); one that reaches
  // into replaced text (two edits at one offset) is applied to the whole.
  std::string held;
  std::string_view base = text;
  std::size_t cut = text.size();
  std::vector<std::string_view> tail;
  for (const Edit* e : edits) {
    std::size_t b = e->span.begin, len = e->span.end - e->span.begin;
    if (b + len <= cut) {
      tail.push_back(base.substr(b + len, cut - b - len));
      tail.push_back(e->replacement);
      cut = b;
      continue;
    }
    std::string whole(base.substr(0, cut));
    for (auto it = tail.rbegin(); it != tail.rend(); ++it) whole += *it;
    whole.replace(b, len, e->replacement);
    held = std::move(whole);
    base = held;
    cut = held.size();
    tail.clear();
  }
  std::string out(base.substr(0, cut));
  for (auto it = tail.rbegin(); it != tail.rend(); ++it) out += *it;
  return {out, chosen.size()};
}

}  // namespace policylint
