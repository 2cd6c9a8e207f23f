// Rules of the "limit" family: documented size limits of policy documents.
// The numbers live in rules/limit/limits.tsv.
#include <string>
#include <vector>

#include "families.hpp"
#include "util/tsv.hpp"

namespace policylint::rules {

namespace {

struct Limit {
  std::string kind, what;
  std::size_t value = 0;
  bool chars = false;  // code points; else bytes
  Severity severity = Severity::Error;
  std::string source;
};

const std::vector<Limit>& limits() {
  static const std::vector<Limit> table = [] {
    std::vector<Limit> out;
    for (const auto& row : util::read_embedded_tsv("limit/limits.tsv", 6, 6).rows) {
      const auto& c = row.fields;
      auto sev = parse_severity(c[4]);
      std::size_t n = 0;
      for (char ch : c[2]) n = (ch >= '0' && ch <= '9') ? n * 10 + static_cast<std::size_t>(ch - '0') : n;
      if (!sev || n == 0) continue;
      out.push_back({std::string(c[0]), std::string(c[1]), n, c[3] == "chars", *sev, std::string(c[5])});
    }
    return out;
  }();
  return table;
}

const Limit* find_limit(Kind kind, std::string_view what) {
  for (const Limit& l : limits())
    if (l.kind == to_string(kind) && l.what == what) return &l;
  return nullptr;
}

std::size_t measure(std::string_view s, bool chars) { return chars ? count_code_points(s) : s.size(); }

// The bytes of a value's text without the whitespace outside its strings,
// read off the tree instead of the text: the value is its tokens (strings with
// their quotes, numbers, literals) and punctuation, with only JSON whitespace
// between them. (The rules only see trees of documents that parsed.)
std::size_t compact_bytes(const json::Node* root) {
  // A leaf is its span; a container is its brackets and commas, and its
  // children. Only containers wait on the stack (an explicit one: a document
  // may nest deeper than the thread's stack allows), kept by the thread.
  auto leaf = [](const json::Node* n) { return !n->is_array() && !n->is_object(); };
  if (leaf(root)) return root->span.end - root->span.begin;
  thread_local std::vector<const json::Node*> todo;
  todo.clear();
  todo.push_back(root);
  std::size_t total = 0;
  auto child = [&](const json::Node* c) {
    if (leaf(c))
      total += c->span.end - c->span.begin;
    else
      todo.push_back(c);
  };
  while (!todo.empty()) {
    const json::Node* n = todo.back();
    todo.pop_back();
    if (n->is_array()) {
      total += 2 + (n->items.empty() ? 0 : n->items.size() - 1);  // brackets, commas
      for (const json::Node* item : n->items) child(item);
    } else {
      total += 2 + (n->members.empty() ? 0 : n->members.size() - 1);  // braces, commas
      for (const json::Member& m : n->members) {
        total += m.key_span.end - m.key_span.begin + 1;  // the key and its colon
        child(m.value);
      }
    }
  }
  if (todo.capacity() > 4096) std::vector<const json::Node*>().swap(todo);  // left large by a large document
  return total;
}

// "6144 characters", "16384 bytes" in the run's language.
std::string amount(const Context& ctx, const Limit& l, std::size_t n) {
  return ctx.tr(msg(l.chars ? "common.chars" : "common.bytes", {{"n", n}}));
}

// limit/document-too-long
void document_too_long(const Context& ctx) {
  const Policy& p = ctx.policy;
  const Limit* l = find_limit(p.kind, "document");
  if (p.root == nullptr || l == nullptr) return;
  std::string_view raw = ctx.text(p.root->span);
  // Characters are never more than bytes: a document within the limit in
  // bytes needs no count (a pass over the whole text for every file).
  if (raw.size() <= l->value) return;
  // A text the reader saw to be ASCII has a character per byte.
  std::size_t raw_len = ctx.document.ascii() ? raw.size() : measure(raw, l->chars);
  if (raw_len <= l->value) return;
  // Whitespace is ASCII, one byte and one character each, and never part of a
  // UTF-8 sequence: removing it takes as many characters as bytes. The reader
  // counted the whitespace of the tree's root; another value's is walked.
  const std::optional<std::uint32_t> blank = p.root == ctx.document.root() ? ctx.document.root_blank() : std::nullopt;
  std::size_t compact_len = raw_len - (blank ? *blank : raw.size() - compact_bytes(p.root));
  Span at{p.root->span.begin, p.root->span.begin + 1};
  std::string limit = amount(ctx, *l, l->value);
  if (compact_len > l->value) {
    Message m = p.kind == Kind::Trust
                    ? msg("limit/document-too-long.trust", {{"size", amount(ctx, *l, compact_len)}, {"limit", limit}})
                    : msg("limit/document-too-long.compact",
                          {{"policy", ctx.tr(msg("common.policy." + std::string(to_string(p.kind))))},
                           {"size", amount(ctx, *l, compact_len)},
                           {"limit", limit}});
    Finding& f = ctx.report("limit/document-too-long", at, m);
    f.severity = l->severity;
  } else {
    Finding& f = ctx.report("limit/document-too-long", at,
                            msg("limit/document-too-long.whitespace",
                                {{"size", amount(ctx, *l, raw_len)}, {"compact", compact_len}, {"limit", limit}}));
    f.severity = Severity::Note;
  }
}

void long_fields(const Context& ctx, const Limit& l, const json::Node* n) {
  // A decoded string is never longer than its source text between the quotes
  // (an escape decodes to fewer bytes than it is written with), and every key
  // and string of a value lies within the value's span: a value whose span
  // fits the limit holds nothing too long, and its subtree is not walked
  // (a whole document, when it is that short).
  if (n->span.end - n->span.begin <= l.value + 2) return;
  // A count of characters is never more than the bytes: short values need no count.
  if (n->is_string() && n->text.size() > l.value && measure(n->text, l.chars) > l.value) {
    ctx.report(
        "limit/field-too-long", n->span,
        msg("limit/field-too-long.value", {{"size", amount(ctx, l, measure(n->text, l.chars))}, {"max", l.value}}));
  }
  for (const json::Node* item : n->items) long_fields(ctx, l, item);
  for (const json::Member& m : n->members) {
    if (m.key.size() > l.value && measure(m.key, l.chars) > l.value)
      ctx.report(
          "limit/field-too-long", m.key_span,
          msg("limit/field-too-long.key", {{"size", amount(ctx, l, measure(m.key, l.chars))}, {"max", l.value}}));
    long_fields(ctx, l, m.value);
  }
}

// limit/field-too-long
void field_too_long(const Context& ctx) {
  const Limit* l = find_limit(ctx.policy.kind, "field");
  if (ctx.policy.root == nullptr || l == nullptr) return;
  long_fields(ctx, *l, ctx.policy.root);
}

constexpr RuleImpl kRules[] = {
    {"limit/document-too-long", document_too_long},
    {"limit/field-too-long", field_too_long},
};

}  // namespace

std::span<const RuleImpl> limit_rules() { return kRules; }

}  // namespace policylint::rules
