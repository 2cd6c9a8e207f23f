#include "input/terraform.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <numeric>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "input/hcl.hpp"

namespace policylint::input {

namespace {

using hcl::Block;
using hcl::Expr;
using hcl::ExprType;
using hcl::TemplatePart;

// ---- Resources that take a policy document ------------------------------
//
// From the alicloud provider's documentation (registry.terraform.io/providers/
// aliyun/alicloud/latest/docs, source website/docs/r/*.html.markdown in
// github.com/aliyun/terraform-provider-alicloud), checked for this table:
//   ram_policy: policy_document (document: deprecated alias);
//   ram_role: assume_role_policy_document (document: deprecated alias);
//   oss_bucket_policy: policy; oss_bucket: policy (a JSON bucket policy);
//   oss_access_point_policy: policy (an access point's policy, same grammar);
//   resource_manager_policy and resource_manager_policy_version:
//     policy_document (help.aliyun.com/zh/terraform/kan-159 and the Pulumi
//     mirror of resourcemanager.PolicyVersion);
//   resource_manager_control_policy: policy_document (a control policy: the
//     RAM grammar, no Principal);
//   resource_manager_role: assume_role_policy_document
//     (website/docs/r/resource_manager_role.html.markdown);
//   kms_key: policy, the key policy (available since provider v1.224.0,
//     website/docs/r/kms_key.html.markdown; the document is SetKeyPolicy's
//     Policy, help.aliyun.com/zh/kms/key-management-service/developer-reference/api-setkeypolicy).
// Not policies: ram_*_policy_attachment (names a policy), ram_role's
// services/ram_users (an old generated trust policy).
constexpr PolicyResource kResourceTypes[] = {
    {"alicloud_ram_policy", Kind::Permission, {"policy_document", "document"}},
    {"alicloud_ram_role", Kind::Trust, {"assume_role_policy_document", "document"}},
    {"alicloud_oss_bucket_policy", Kind::Bucket, {"policy", {}}},
    {"alicloud_oss_bucket", Kind::Bucket, {"policy", {}}},
    {"alicloud_oss_access_point_policy", Kind::Bucket, {"policy", {}}},
    {"alicloud_resource_manager_policy", Kind::Permission, {"policy_document", {}}},
    {"alicloud_resource_manager_policy_version", Kind::Permission, {"policy_document", {}}},
    {"alicloud_resource_manager_control_policy", Kind::Permission, {"policy_document", {}}},
    {"alicloud_resource_manager_role", Kind::Trust, {"assume_role_policy_document", {}}},
    {"alicloud_kms_key", Kind::Key, {"policy", {}}},
};

constexpr std::string_view kDataType = "alicloud_ram_policy_document";
constexpr int kMaxHops = 32;  // local → local → ... chains followed at most this far

// One file of the module: its text and its tree.
struct FileView {
  std::string_view text;
  const hcl::File* ast = nullptr;
};

struct Located {
  std::size_t file = 0;
  const Expr* expr = nullptr;
};

struct DataBlock {
  std::size_t file = 0;
  const Block* block = nullptr;
  std::string name;
};

struct Use {
  std::size_t file;  // where the resource is written
  std::string address;
  Kind kind;
  const Expr* value;
};

// Names of the module: locals, data sources and the resources using a policy.
class Index {
public:
  explicit Index(std::vector<FileView> files) : files_(std::move(files)) {
    for (std::size_t i = 0; i < files_.size(); ++i) {
      if (files_[i].ast == nullptr) continue;
      for (const Block* b : files_[i].ast->body.blocks) add(i, *b);
    }
  }

  const std::vector<FileView>& files() const { return files_; }
  const std::vector<Use>& uses() const { return uses_; }
  const std::vector<DataBlock>& data() const { return data_; }

  const Located* local(std::string_view name) const {
    auto it = locals_.find(std::string(name));
    return it == locals_.end() ? nullptr : &it->second;
  }
  const DataBlock* data_block(std::string_view name) const {
    auto it = data_by_name_.find(std::string(name));
    return it == data_by_name_.end() ? nullptr : &data_[it->second];
  }

private:
  std::vector<FileView> files_;
  std::map<std::string, Located> locals_;
  std::vector<DataBlock> data_;
  std::unordered_map<std::string, std::size_t> data_by_name_;  // the first block of each name, in data_
  std::vector<Use> uses_;

  void add(std::size_t file, const Block& b) {
    if (b.type == "locals" && b.labels.empty()) {
      for (const auto& a : b.attributes) locals_.emplace(a.name, Located{file, a.value});
    } else if (b.type == "data" && b.labels.size() == 2 && b.labels[0] == kDataType) {
      if (data_by_name_.emplace(b.labels[1], data_.size()).second) data_.push_back(DataBlock{file, &b, b.labels[1]});
    } else if (b.type == "resource" && b.labels.size() == 2) {
      for (const auto& t : kResourceTypes) {
        if (t.type != b.labels[0]) continue;
        for (std::string_view name : t.attrs) {
          if (name.empty()) continue;
          if (const hcl::Attribute* a = b.attribute(name)) {
            uses_.push_back(Use{file, b.labels[0] + "." + b.labels[1], t.kind, a->value});
            break;  // the deprecated alias holds the same document
          }
        }
      }
    }
  }
};

bool is_local_ref(const Expr* e) {
  return e != nullptr && e->type == ExprType::Reference && e->names.size() == 2 && e->names[0] == "local" &&
         !e->indexed;
}

// data.alicloud_ram_policy_document.NAME.document (with count, NAME[0]).
const std::string_view* data_ref(const Expr* e) {
  if (e == nullptr || e->type != ExprType::Reference || e->names.size() != 4) return nullptr;
  if (e->names[0] != "data" || e->names[1] != kDataType || e->names[3] != "document") return nullptr;
  return &e->names[2];
}

// A template that is exactly one interpolation: HCL gives the inner value itself.
const Expr* sole_interpolation(const Expr* e) {
  if (e == nullptr || e->type != ExprType::Template || e->parts.size() != 1) return nullptr;
  const TemplatePart& p = e->parts[0];
  return p.type == TemplatePart::Type::Interpolation ? p.expr : nullptr;
}

// What a policy attribute's value comes down to after following local.* and
// the data source: an expression or a data block.
struct Target {
  std::size_t file = 0;
  const Expr* expr = nullptr;
  const DataBlock* data = nullptr;
  bool encode = false;  // expr is the argument of a jsonencode(...) (followed to a local)
};

std::optional<Target> resolve(const Index& idx, std::size_t file, const Expr* e) {
  bool encode = false;
  for (int hop = 0; hop < kMaxHops && e != nullptr; ++hop) {
    // jsonencode(local.x): the document is written where the local is.
    if (!encode && e->type == ExprType::Call && e->text == "jsonencode" && e->items.size() == 1) {
      const Expr* arg = e->items[0];
      if (const Expr* inner = sole_interpolation(arg)) arg = inner;
      if (is_local_ref(arg)) {
        encode = true;
        e = arg;
        continue;
      }
    }
    if (encode) {
      if (is_local_ref(e)) {
        const Located* l = idx.local(e->names[1]);
        if (l == nullptr) return std::nullopt;
        file = l->file;
        e = l->expr;
        continue;
      }
      return Target{file, e, nullptr, true};
    }
    if (const Expr* inner = sole_interpolation(e)) {
      e = inner;
      continue;
    }
    if (is_local_ref(e)) {
      const Located* l = idx.local(e->names[1]);
      if (l == nullptr) return std::nullopt;
      file = l->file;
      e = l->expr;
      continue;
    }
    if (const std::string_view* name = data_ref(e)) {
      const DataBlock* d = idx.data_block(*name);
      if (d == nullptr) return std::nullopt;
      return Target{d->file, nullptr, d};
    }
    // Whitespace trimming does not change a JSON document.
    if (e->type == ExprType::Call && (e->text == "trimspace" || e->text == "chomp") && e->items.size() == 1) {
      e = e->items[0];
      continue;
    }
    return Target{file, e, nullptr};
  }
  return std::nullopt;
}

// ---- JSON text with offsets ----------------------------------------------

class Writer {
public:
  Writer(std::string_view src, std::size_t budget) : src_(src), budget_(budget) {}

  std::string text;
  std::vector<std::uint32_t> offsets;
  std::vector<Span> opaque;

  bool over() const { return text.size() > budget_; }
  // Room for a document about as long as the source it is rendered from
  // (within the budget): no regrowth of the two buffers on the way.
  void reserve_for(Span source) {
    std::size_t n = std::min<std::size_t>(source.end - source.begin + 16, budget_);
    text.reserve(n);
    offsets.reserve(n + 1);
  }

  void raw(char c, std::uint32_t at) {
    text.push_back(c);
    offsets.push_back(at);
  }
  void raw(std::string_view s, std::uint32_t at) {
    text.append(s);
    offsets.insert(offsets.end(), s.size(), at);
  }
  // A literal's bytes as they are.
  void raw_literal(const TemplatePart& p) {
    text.append(p.text);
    if (p.offsets.empty())
      append_offsets(p.first, p.text.size());
    else
      offsets.insert(offsets.end(), p.offsets.begin(), p.offsets.end());
  }
  // The offsets at, at + 1, ..., n of them.
  void append_offsets(std::uint32_t at, std::size_t n) {
    std::size_t size = offsets.size();
    offsets.resize(size + n);
    std::iota(offsets.begin() + static_cast<std::ptrdiff_t>(size), offsets.end(), at);
  }
  // The file's bytes [b, e) (clamped to the file), as they are.
  void raw_source(std::uint32_t b, std::uint32_t e) {
    e = std::min<std::uint32_t>(e, static_cast<std::uint32_t>(src_.size()));
    if (b >= e) return;
    text.append(src_.substr(b, e - b));
    append_offsets(b, e - b);
  }
  // Bytes that go into a JSON string as they are: no quote, backslash or
  // control byte.
  static bool plain(char c) { return static_cast<unsigned char>(c) >= 0x20 && c != '"' && c != '\\'; }
  // One byte inside a JSON string, escaped as JSON needs.
  void escaped(char c, std::uint32_t at) {
    auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        raw("\\\"", at);
        return;
      case '\\':
        raw("\\\\", at);
        return;
      case '\n':
        raw("\\n", at);
        return;
      case '\r':
        raw("\\r", at);
        return;
      case '\t':
        raw("\\t", at);
        return;
      default:
        break;
    }
    if (u < 0x20) {
      static const char* hex = "0123456789abcdef";
      raw("\\u00", at);
      raw(hex[u >> 4], at);
      raw(hex[u & 15], at);
      return;
    }
    raw(c, at);
  }
  // Bytes s[i] from the file offsets offs[i] (offs null: base + i),
  // JSON-escaped: runs of plain bytes are appended whole (a document is
  // mostly such runs).
  void escaped_run(std::string_view s, const std::uint32_t* offs, std::uint32_t base) {
    for (std::size_t i = 0; i < s.size();) {
      std::size_t j = i;
      while (j < s.size() && plain(s[j])) ++j;
      if (j == i) {
        escaped(s[i], offs != nullptr ? offs[i] : base + static_cast<std::uint32_t>(i));
        ++i;
        continue;
      }
      text.append(s.data() + i, j - i);
      if (offs != nullptr)
        offsets.insert(offsets.end(), offs + i, offs + j);
      else
        append_offsets(base + static_cast<std::uint32_t>(i), j - i);
      i = j;
    }
  }
  // The file's bytes [b, e) (clamped to the file), JSON-escaped.
  void escaped_source(std::uint32_t b, std::uint32_t e) {
    e = std::min<std::uint32_t>(e, static_cast<std::uint32_t>(src_.size()));
    if (b < e) escaped_run(src_.substr(b, e - b), nullptr, b);
  }
  // The file's bytes of `s` (an unknown part), JSON-escaped, as opaque.
  void opaque_source(Span s) {
    auto b = static_cast<std::uint32_t>(text.size());
    escaped_source(s.begin, s.end);
    opaque.push_back(Span{b, static_cast<std::uint32_t>(text.size())});
  }
  // An unknown value as a JSON string holding its source text, all opaque.
  void unknown(Span s) {
    auto b = static_cast<std::uint32_t>(text.size());
    raw('"', s.begin);
    escaped_source(s.begin, s.end);
    raw('"', s.end > s.begin ? s.end - 1 : s.begin);
    opaque.push_back(Span{b, static_cast<std::uint32_t>(text.size())});
  }
  // A template as a JSON string: known text escaped, `${...}` kept as written (opaque).
  void string(const Expr& e) {
    raw('"', e.open);
    for (const auto& p : e.parts) {
      if (p.type == TemplatePart::Type::Literal) {
        escaped_run(p.text, p.offsets.empty() ? nullptr : p.offsets.data(), p.first);
      } else {
        opaque_source(p.span);
      }
    }
    raw('"', e.close);
  }

  ExtractedDocument finish(std::uint32_t end) {
    ExtractedDocument d;
    offsets.push_back(end);
    d.text = std::move(text);
    d.offsets = std::move(offsets);
    d.opaque = std::move(opaque);
    return d;
  }

private:
  std::string_view src_;
  std::size_t budget_;
};

// Whether text (a document's JSON) starts like a JSON object, ignoring blanks.
bool looks_like_object(const std::string& text, const std::vector<Span>& opaque) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    for (const Span& s : opaque)
      if (i >= s.begin && i < s.end) return false;
    return c == '{';
  }
  return false;
}

class Renderer {
public:
  Renderer(const Index& idx, std::size_t file, std::uint32_t max_depth, std::size_t budget)
      : idx_(idx), file_(file), max_depth_(max_depth), w(idx.files()[file].text, budget) {}

  const Index& idx_;
  std::size_t file_;
  std::uint32_t max_depth_;
  Writer w;
  bool escapes = false;  // a literal used had an escape (the document is not one-to-one)

  // jsonencode(e): HCL values as JSON.
  void value(const Expr* e, std::uint32_t depth, int hops = 0) {
    if (w.over()) return;
    if (depth > max_depth_ || hops > kMaxHops) return w.unknown(e->span);
    switch (e->type) {
      case ExprType::Template:
        if (const Expr* inner = sole_interpolation(e); inner != nullptr && is_local_ref(inner))
          return value(inner, depth, hops);
        if (e->escapes) escapes = true;
        return w.string(*e);
      case ExprType::Number:
        for (std::size_t i = 0; i < e->text.size(); ++i)
          w.raw(e->text[i], std::min(e->span.begin + static_cast<std::uint32_t>(i), e->span.end - 1));
        return;
      case ExprType::True:
      case ExprType::False:
      case ExprType::Null: {
        std::string_view lit = e->type == ExprType::True ? "true" : e->type == ExprType::False ? "false" : "null";
        for (std::size_t i = 0; i < lit.size(); ++i) w.raw(lit[i], e->span.begin + static_cast<std::uint32_t>(i));
        return;
      }
      case ExprType::Tuple: {
        w.raw('[', e->span.begin);
        for (std::size_t i = 0; i < e->items.size(); ++i) {
          if (i > 0) w.raw(',', i - 1 < e->commas.size() ? e->commas[i - 1] : e->items[i]->span.begin);
          value(e->items[i], depth + 1, hops);
        }
        w.raw(']', e->span.end - 1);
        return;
      }
      case ExprType::Object: {
        w.raw('{', e->span.begin);
        for (std::size_t i = 0; i < e->members.size(); ++i) {
          const auto& m = e->members[i];
          if (i > 0) w.raw(',', m.key->span.begin);
          if (m.key->type == ExprType::Template) {
            if (m.key->escapes) escapes = true;
            w.string(*m.key);
          } else {
            w.unknown(m.key->span);
          }
          w.raw(':', m.separator);
          value(m.value, depth + 1, hops);
        }
        w.raw('}', e->span.end - 1);
        return;
      }
      case ExprType::Reference:
        if (is_local_ref(e)) {
          const Located* l = idx_.local(e->names[1]);
          // Only a local of this same file: offsets must stay in this file.
          if (l != nullptr && l->file == file_) return value(l->expr, depth + 1, hops + 1);
        }
        return w.unknown(e->span);
      case ExprType::Call:
        // Type conversions keep the value.
        if ((e->text == "tolist" || e->text == "toset" || e->text == "tomap") && e->items.size() == 1)
          return value(e->items[0], depth + 1, hops);
        return w.unknown(e->span);
      case ExprType::Unknown:
        return w.unknown(e->span);
    }
  }

  // A string or heredoc whose content is the document's JSON text.
  void text(const Expr& e) {
    if (e.escapes) escapes = true;
    for (const auto& p : e.parts) {
      if (p.type == TemplatePart::Type::Literal) {
        w.raw_literal(p);
      } else {
        auto b = static_cast<std::uint32_t>(w.text.size());
        w.raw_source(p.span.begin, p.span.end);
        w.opaque.push_back(Span{b, static_cast<std::uint32_t>(w.text.size())});
      }
    }
  }

  // ---- data "alicloud_ram_policy_document" --------------------------------
  //
  // Rendered as the provider does (data_source_alicloud_ram_policy_document.go
  // and the PolicyDocument types of service_alicloud_ram.go in
  // github.com/aliyun/terraform-provider-alicloud; documented at
  // help.aliyun.com/zh/terraform/alicloud-ram-policy-document): Go's
  // json.Marshal of {Statement, Version} in that order; a statement is
  // {Effect, Action, Resource, Principal, Condition}, Resource, Principal and
  // Condition left out when empty; effect defaults to "Allow", version to
  // "1"; action, resource and condition values of one element become a plain
  // string, longer lists stay lists; principal identifiers are always a list,
  // sorted in reverse order, and principals of one entity are merged;
  // Principal and Condition are maps, so their keys come out sorted.

  void key(std::string_view name, std::uint32_t at) {
    w.raw('"', at);
    w.raw(name, at);
    w.raw('"', at);
    w.raw(':', at);
  }

  // A list attribute: one element → that element, otherwise the list.
  void one_or_list(const Expr* e, std::uint32_t depth) {
    if (e->type == ExprType::Tuple && e->items.size() == 1) return value(e->items[0], depth);
    value(e, depth);
  }

  bool empty_list(const hcl::Attribute* a) {
    return a == nullptr || (a->value->type == ExprType::Tuple && a->value->items.empty());
  }

  static std::string sort_key(const Expr* e, std::string_view src) {
    std::string s;
    if (hcl::literal_text(e, s)) return s;
    return std::string(src.substr(e->span.begin, e->span.end - e->span.begin));
  }

  void data_document(const Block& b) {
    std::string_view src = idx_.files()[file_].text;
    w.raw('{', b.open);
    std::vector<const Block*> statements;
    for (const Block* s : b.blocks)
      if (s->type == "statement" || (s->type == "dynamic" && !s->labels.empty() && s->labels[0] == "statement"))
        statements.push_back(s);
    key("Statement", statements.empty() ? b.open : statements[0]->type_span.begin);
    w.raw('[', statements.empty() ? b.open : statements[0]->type_span.begin);
    for (std::size_t i = 0; i < statements.size(); ++i) {
      if (i > 0) w.raw(',', statements[i]->type_span.begin);
      const Block& s = *statements[i];
      if (s.type == "dynamic") {
        w.unknown(s.span);  // generated by for_each: unknown here
        continue;
      }
      statement(s, src);
    }
    w.raw(']', b.span.end - 1);
    w.raw(',', b.span.end - 1);
    if (const hcl::Attribute* v = b.attribute("version")) {
      key("Version", v->name_span.begin);
      value(v->value, 2);
    } else {
      key("Version", b.type_span.begin);
      w.raw("\"1\"", b.type_span.begin);
    }
    w.raw('}', b.span.end - 1);
  }

  void statement(const Block& s, std::string_view src) {
    w.raw('{', s.open);
    if (const hcl::Attribute* a = s.attribute("effect")) {
      key("Effect", a->name_span.begin);
      value(a->value, 3);
    } else {
      key("Effect", s.type_span.begin);
      w.raw("\"Allow\"", s.type_span.begin);
    }
    if (const hcl::Attribute* a = s.attribute("action")) {
      w.raw(',', a->name_span.begin);
      key("Action", a->name_span.begin);
      one_or_list(a->value, 3);
    } else {
      w.raw(',', s.type_span.begin);
      key("Action", s.type_span.begin);
      w.raw("[]", s.type_span.begin);
    }
    if (const hcl::Attribute* a = s.attribute("resource"); !empty_list(a)) {
      w.raw(',', a->name_span.begin);
      key("Resource", a->name_span.begin);
      one_or_list(a->value, 3);
    }
    principal(s, src);
    condition(s, src);
    w.raw('}', s.span.end - 1);
  }

  void principal(const Block& s, std::string_view src) {
    // entity → identifier expressions, in the provider's order.
    std::map<std::string, std::pair<const Expr*, std::vector<const Expr*>>> by_entity;
    std::vector<const Block*> unknown;
    const Block* first = nullptr;
    for (const Block* p : s.blocks) {
      if (p->type != "principal") continue;
      if (first == nullptr) first = p;
      const hcl::Attribute* entity = p->attribute("entity");
      const hcl::Attribute* ids = p->attribute("identifiers");
      if (entity == nullptr || ids == nullptr || ids->value->type != ExprType::Tuple) {
        unknown.push_back(p);
        continue;
      }
      auto& slot = by_entity[sort_key(entity->value, src)];
      if (slot.first == nullptr) slot.first = entity->value;
      std::vector<const Expr*> items(ids->value->items.begin(), ids->value->items.end());
      std::stable_sort(items.begin(), items.end(),
                       [&](const Expr* a, const Expr* b) { return sort_key(a, src) > sort_key(b, src); });
      slot.second.insert(slot.second.end(), items.begin(), items.end());
    }
    if (first == nullptr) return;
    w.raw(',', first->type_span.begin);
    key("Principal", first->type_span.begin);
    if (!unknown.empty()) return w.unknown(unknown[0]->span);
    w.raw('{', first->open);
    bool comma = false;
    for (const auto& [name, slot] : by_entity) {
      if (comma) w.raw(',', slot.first->span.begin);
      comma = true;
      value(slot.first, 4);
      w.raw(':', slot.first->span.end - 1);
      w.raw('[', slot.first->span.end - 1);
      for (std::size_t i = 0; i < slot.second.size(); ++i) {
        if (i > 0) w.raw(',', slot.second[i]->span.begin);
        value(slot.second[i], 5);
      }
      w.raw(']', slot.first->span.end - 1);
    }
    w.raw('}', first->span.end - 1);
  }

  void condition(const Block& s, std::string_view src) {
    struct Var {
      const Expr* name = nullptr;
      std::vector<const Expr*> values;
      const Expr* single = nullptr;  // values not written as a list
    };
    std::map<std::string, std::pair<const Expr*, std::map<std::string, Var>>> by_operator;
    const Block* first = nullptr;
    const Block* unknown = nullptr;
    for (const Block* c : s.blocks) {
      if (c->type != "condition") continue;
      if (first == nullptr) first = c;
      const hcl::Attribute* op = c->attribute("operator");
      const hcl::Attribute* var = c->attribute("variable");
      const hcl::Attribute* values = c->attribute("values");
      if (op == nullptr || var == nullptr || values == nullptr) {
        if (unknown == nullptr) unknown = c;
        continue;
      }
      auto& o = by_operator[sort_key(op->value, src)];
      if (o.first == nullptr) o.first = op->value;
      Var& v = o.second[sort_key(var->value, src)];
      if (v.name == nullptr) v.name = var->value;
      if (values->value->type == ExprType::Tuple)
        v.values.insert(v.values.end(), values->value->items.begin(), values->value->items.end());
      else
        v.single = values->value;
    }
    if (first == nullptr) return;
    w.raw(',', first->type_span.begin);
    key("Condition", first->type_span.begin);
    if (unknown != nullptr) return w.unknown(unknown->span);
    w.raw('{', first->open);
    bool comma = false;
    for (const auto& [op, slot] : by_operator) {
      if (comma) w.raw(',', slot.first->span.begin);
      comma = true;
      value(slot.first, 4);
      w.raw(':', slot.first->span.end - 1);
      w.raw('{', slot.first->span.end - 1);
      bool comma2 = false;
      for (const auto& [name, v] : slot.second) {
        if (comma2) w.raw(',', v.name->span.begin);
        comma2 = true;
        value(v.name, 5);
        w.raw(':', v.name->span.end - 1);
        if (v.single != nullptr) {
          value(v.single, 5);
        } else if (v.values.size() == 1) {
          value(v.values[0], 5);
        } else {
          w.raw('[', v.name->span.end - 1);
          for (std::size_t i = 0; i < v.values.size(); ++i) {
            if (i > 0) w.raw(',', v.values[i]->span.begin);
            value(v.values[i], 6);
          }
          w.raw(']', v.name->span.end - 1);
        }
      }
      w.raw('}', slot.first->span.end - 1);
    }
    w.raw('}', first->span.end - 1);
  }
};

// file("x") / file("${path.module}/x") → "x"; nullopt when the path is not known offline.
std::optional<std::string> file_path(const Expr* arg) {
  if (arg == nullptr || arg->type != ExprType::Template) return std::nullopt;
  std::string out;
  for (std::size_t i = 0; i < arg->parts.size(); ++i) {
    const TemplatePart& p = arg->parts[i];
    if (p.type == TemplatePart::Type::Literal) {
      out += p.text;
      continue;
    }
    // ${path.module} (or path.root: the same directory for a root module) at
    // the start stands for the .tf file's own directory.
    const Expr* e = p.expr;
    bool module_dir = p.type == TemplatePart::Type::Interpolation && i == 0 && e != nullptr &&
                      e->type == ExprType::Reference && e->names.size() == 2 && e->names[0] == "path" &&
                      (e->names[1] == "module" || e->names[1] == "root");
    if (!module_dir) return std::nullopt;
    if (i + 1 < arg->parts.size() && arg->parts[i + 1].type == TemplatePart::Type::Literal &&
        arg->parts[i + 1].text.starts_with("/")) {
      // "${path.module}/x" → "x": the separator goes with the directory.
      std::string_view rest = arg->parts[i + 1].text.substr(1);
      out += rest;
      ++i;
    }
  }
  if (out.empty()) return std::nullopt;
  return out;
}

// Every use of a module resolved once: the target of each, the uses by the
// file their target is in (ascending), and the data sources some use reaches.
// Each file's extraction took all of them, so a module of n files cost n
// times its size (500 files of 10 resources: 3.7 s, 120 times 50 files).
struct Resolved {
  std::vector<std::optional<Target>> targets;
  std::vector<std::vector<std::uint32_t>> by_file;
  std::unordered_set<const DataBlock*> used_data;
  std::vector<std::vector<std::uint32_t>> data_by_file;  // the data sources written in each file (idx.data())

  explicit Resolved(const Index& idx) : by_file(idx.files().size()), data_by_file(idx.files().size()) {
    for (std::size_t d = 0; d < idx.data().size(); ++d)
      data_by_file[idx.data()[d].file].push_back(static_cast<std::uint32_t>(d));
    targets.reserve(idx.uses().size());
    for (std::size_t u = 0; u < idx.uses().size(); ++u) {
      const Use& use = idx.uses()[u];
      targets.push_back(resolve(idx, use.file, use.value));
      const std::optional<Target>& t = targets.back();
      if (!t) continue;
      if (t->data != nullptr) used_data.insert(t->data);
      by_file[t->file].push_back(static_cast<std::uint32_t>(u));
    }
  }
};

// The documents (and referenced files) that file `self` of the index holds.
Extraction extract(const Index& idx, const Resolved& resolved, std::size_t self, const json::Limits& limits) {
  Extraction out;
  const FileView& fv = idx.files()[self];
  std::string_view src = fv.text;
  const std::size_t budget =
      std::min<std::size_t>(limits.max_bytes, std::max<std::size_t>(16 * src.size(), std::size_t{1} << 20));
  const std::uint32_t depth = std::clamp<std::uint32_t>(limits.max_depth, 4, 256);

  std::set<std::pair<const void*, Kind>> seen;  // one document per (value, kind)
  auto once = [&](const void* what, Kind k) { return seen.emplace(what, k).second; };
  const std::unordered_set<const DataBlock*>& used_data = resolved.used_data;

  // The uses whose target is written in this file (another file's: that
  // file reports it), in the order of the module's uses.
  for (std::uint32_t u : resolved.by_file[self]) {
    const Use& use = idx.uses()[u];
    const std::optional<Target>& t = resolved.targets[u];
    ExtractedDocument doc;
    Renderer r(idx, self, depth, budget);
    if (t->data != nullptr) {
      if (!once(t->data, use.kind)) continue;
      r.w.reserve_for(t->data->block->span);
      r.data_document(*t->data->block);
      if (r.w.over()) continue;
      doc = r.w.finish(t->data->block->span.end);
      doc.form = DocumentForm::DataSource;
      doc.origin = t->data->block->span;
      doc.fixable = false;
    } else if (t->encode) {
      if (!once(t->expr, use.kind)) continue;
      r.w.reserve_for(t->expr->span);
      r.value(t->expr, 0);
      if (r.w.over() || !looks_like_object(r.w.text, r.w.opaque)) continue;
      doc = r.w.finish(t->expr->span.end > 0 ? t->expr->span.end - 1 : 0);
      doc.form = DocumentForm::Jsonencode;
      doc.origin = t->expr->span;
      doc.fixable = !r.escapes;
    } else if (t->expr->type == ExprType::Template) {
      if (!once(t->expr, use.kind)) continue;
      r.w.reserve_for(t->expr->span);
      r.text(*t->expr);
      if (r.w.over() || !looks_like_object(r.w.text, r.w.opaque)) continue;
      doc = r.w.finish(t->expr->close);
      doc.form = t->expr->heredoc ? DocumentForm::Heredoc : DocumentForm::String;
      doc.origin = t->expr->span;
      doc.fixable = !r.escapes;
    } else if (t->expr->type == ExprType::Call && t->expr->text == "jsonencode" && t->expr->items.size() == 1) {
      if (!once(t->expr, use.kind)) continue;
      r.w.reserve_for(t->expr->items[0]->span);
      r.value(t->expr->items[0], 0);
      if (r.w.over() || !looks_like_object(r.w.text, r.w.opaque)) continue;
      doc = r.w.finish(t->expr->span.end - 1);
      doc.form = DocumentForm::Jsonencode;
      doc.origin = t->expr->span;
      doc.fixable = !r.escapes;
    } else if (t->expr->type == ExprType::Call && (t->expr->text == "file" || t->expr->text == "templatefile") &&
               !t->expr->items.empty()) {
      std::optional<std::string> path = file_path(t->expr->items[0]);
      if (!path || !once(t->expr, use.kind)) continue;
      out.files.push_back(ReferencedFile{std::move(*path), use.kind, use.address, t->expr->span});
      continue;
    } else {
      continue;  // a variable, a resource attribute, a computed value: unknown offline
    }
    doc.kind = use.kind;
    doc.context = use.address;
    out.documents.push_back(std::move(doc));
  }

  // Data sources no resource uses are still documents (kind unknown).
  for (std::uint32_t k : resolved.data_by_file[self]) {
    const DataBlock& d = idx.data()[k];
    if (used_data.count(&d) != 0) continue;
    Renderer r(idx, self, depth, budget);
    r.data_document(*d.block);
    if (r.w.over()) continue;
    ExtractedDocument doc = r.w.finish(d.block->span.end);
    doc.form = DocumentForm::DataSource;
    doc.origin = d.block->span;
    doc.fixable = false;
    doc.context = "data." + std::string(kDataType) + "." + d.name;
    out.documents.push_back(std::move(doc));
  }
  std::stable_sort(
      out.documents.begin(), out.documents.end(),
      [](const ExtractedDocument& a, const ExtractedDocument& b) { return a.origin.begin < b.origin.begin; });
  return out;
}

// The same for an index read once (a file on its own, or not of the module).
Extraction extract(const Index& idx, std::size_t self, const json::Limits& limits) {
  return extract(idx, Resolved(idx), self, limits);
}

void add_problems(Extraction& out, const hcl::File& f, Lang lang) {
  for (const auto& e : f.errors)
    out.problems.push_back(ReadProblem{"terraform/syntax-error", e.span, json::render(e.message, lang)});
}

bool too_large(std::string_view text, const json::Limits& limits, Lang lang, Extraction& out) {
  if (text.size() <= limits.max_bytes && text.size() < UINT32_MAX) return false;
  out.problems.push_back(ReadProblem{"json/file-too-large", Span{0, 0},
                                     render(msg("json/file-too-large.not-read", {{"limit", limits.max_bytes}}), lang)});
  return true;
}

}  // namespace

// ---- TerraformModule ------------------------------------------------------

struct TerraformModule::Impl {
  std::vector<std::string> texts;
  std::vector<hcl::File> files;
  std::unordered_map<std::string_view, std::size_t> by_text;  // the first file of each text
  // The module's names and uses, made by the first file read with it (the
  // workers of a run read a module's files at once).
  mutable std::once_flag analysed;
  struct Analysis {
    Index index;
    Resolved resolved;
    explicit Analysis(std::vector<FileView> views) : index(std::move(views)), resolved(index) {}
  };
  mutable std::unique_ptr<Analysis> analysis;

  // What a read of file i kept for document_texts, with the limits it was
  // read under, until document_texts takes it (the workers of the lint
  // write it, each its own files).
  struct Kept {
    std::uint64_t max_bytes;
    std::uint32_t max_depth;
    DocumentTexts texts;
  };
  mutable std::mutex kept_mutex;
  mutable std::unordered_map<std::size_t, Kept> kept;

  void keep(std::size_t i, const json::Limits& limits, const Extraction& ex) const {
    Kept k{limits.max_bytes, limits.max_depth, {}};
    for (const auto& d : ex.documents)
      if (!d.context.empty()) k.texts.documents.emplace_back(d.context, d.text);
    k.texts.files = ex.files;
    std::lock_guard<std::mutex> lock(kept_mutex);
    kept.insert_or_assign(i, std::move(k));
  }

  const Analysis& analyse() const {
    std::call_once(analysed, [&] {
      std::vector<FileView> views;
      for (std::size_t i = 0; i < texts.size(); ++i) views.push_back(FileView{texts[i], &files[i]});
      analysis = std::make_unique<Analysis>(std::move(views));
    });
    return *analysis;
  }
};

TerraformModule::TerraformModule(std::vector<std::string> texts, const json::Limits& limits)
    : impl_(std::make_unique<Impl>()) {
  impl_->texts = std::move(texts);
  impl_->files.reserve(impl_->texts.size());
  for (const auto& t : impl_->texts) {
    if (t.size() > limits.max_bytes || t.size() >= UINT32_MAX)
      impl_->files.emplace_back();
    else
      impl_->files.push_back(hcl::parse(t, limits.max_depth));
  }
  for (std::size_t i = 0; i < impl_->texts.size(); ++i) impl_->by_text.emplace(impl_->texts[i], i);
}

TerraformModule::~TerraformModule() = default;

std::size_t TerraformModule::size() const { return impl_->texts.size(); }

TerraformModule::DocumentTexts TerraformModule::document_texts(std::size_t i, const json::Limits& limits) const {
  auto take = [&]() -> std::optional<DocumentTexts> {
    std::lock_guard<std::mutex> lock(impl_->kept_mutex);
    auto it = impl_->kept.find(i);
    if (it == impl_->kept.end() || it->second.max_bytes != limits.max_bytes || it->second.max_depth != limits.max_depth)
      return std::nullopt;
    DocumentTexts out = std::move(it->second.texts);
    impl_->kept.erase(it);
    return out;
  };
  if (std::optional<DocumentTexts> kept = take()) return std::move(*kept);
  // Not read with these limits (or taken already): a read keeps them again,
  // unless the file is over the size limit, and then it has no documents.
  (void)read_terraform(text(i), limits, this);
  return take().value_or(DocumentTexts{});
}

std::optional<std::size_t> TerraformModule::find(std::string_view text) const {
  auto it = impl_->by_text.find(text);
  if (it == impl_->by_text.end()) return std::nullopt;
  return it->second;
}

std::string_view TerraformModule::text(std::size_t i) const { return impl_->texts.at(i); }

const hcl::File& TerraformModule::file(std::size_t i) const { return impl_->files.at(i); }

// ---- readers --------------------------------------------------------------

Extraction read_terraform(std::string_view text, const json::Limits& limits, const TerraformModule* module, Lang lang) {
  Extraction out;
  if (too_large(text, limits, lang, out)) return out;
  std::vector<FileView> views;
  std::optional<std::size_t> self;
  hcl::File own;
  if (module != nullptr) {
    // One of the module's files: its names and uses read once for all.
    if (std::optional<std::size_t> i = module->find(text)) {
      const auto& a = module->impl().analyse();
      Extraction found = extract(a.index, a.resolved, *i, limits);
      module->impl().keep(*i, limits, found);
      add_problems(out, *a.index.files()[*i].ast, lang);
      out.documents = std::move(found.documents);
      out.files = std::move(found.files);
      return out;
    }
    const auto& impl = module->impl();
    for (std::size_t i = 0; i < impl.texts.size(); ++i) views.push_back(FileView{impl.texts[i], &impl.files[i]});
  }
  if (!self) {
    own = hcl::parse(text, limits.max_depth);
    views.push_back(FileView{text, &own});
    self = views.size() - 1;
  }
  Index idx(std::move(views));
  Extraction found = extract(idx, *self, limits);
  // Offsets refer to the module's copy of the text, which is byte-identical.
  add_problems(out, *idx.files()[*self].ast, lang);
  out.documents = std::move(found.documents);
  out.files = std::move(found.files);
  return out;
}

namespace {

// ---- Terraform JSON syntax -------------------------------------------------
//
// https://developer.hashicorp.com/terraform/language/syntax/json: the same
// blocks as JSON objects ("resource": {TYPE: {NAME: {...}}}, "data": ...,
// "locals": {...}); a block type may also hold an array of such objects;
// every string is a template (`${...}` interpolates).

// The decoded bytes of the JSON string token at raw (quotes included) and,
// for each, the file offset of its character or escape.
void decode_json_string(std::string_view file, Span raw, std::string& text, std::vector<std::uint32_t>& offs,
                        bool& escapes) {
  text.clear();
  offs.clear();
  escapes = false;
  std::uint32_t i = raw.begin + 1, end = raw.end > raw.begin ? raw.end - 1 : raw.begin;
  auto hex4 = [&](std::uint32_t at, std::uint32_t& v) {
    v = 0;
    for (std::uint32_t k = 0; k < 4; ++k) {
      if (at + k >= end) return false;
      char c = file[at + k];
      int d = c >= '0' && c <= '9'   ? c - '0'
              : c >= 'a' && c <= 'f' ? c - 'a' + 10
              : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                     : -1;
      if (d < 0) return false;
      v = v * 16 + static_cast<std::uint32_t>(d);
    }
    return true;
  };
  auto put = [&](char c, std::uint32_t at) {
    text.push_back(c);
    offs.push_back(at);
  };
  while (i < end) {
    char c = file[i];
    if (c != '\\' || i + 1 >= end) {
      put(c, i++);
      continue;
    }
    escapes = true;
    std::uint32_t at = i;
    char n = file[i + 1];
    i += 2;
    switch (n) {
      case 'n':
        put('\n', at);
        break;
      case 'r':
        put('\r', at);
        break;
      case 't':
        put('\t', at);
        break;
      case 'b':
        put('\b', at);
        break;
      case 'f':
        put('\f', at);
        break;
      case 'u': {
        std::uint32_t cp = 0;
        if (!hex4(i, cp)) break;
        i += 4;
        std::uint32_t lo = 0;
        if (cp >= 0xD800 && cp < 0xDC00 && i + 1 < end && file[i] == '\\' && file[i + 1] == 'u' && hex4(i + 2, lo) &&
            lo >= 0xDC00 && lo < 0xE000) {
          cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          i += 6;
        }
        if (cp < 0x80) {
          put(static_cast<char>(cp), at);
        } else if (cp < 0x800) {
          put(static_cast<char>(0xC0 | (cp >> 6)), at);
          put(static_cast<char>(0x80 | (cp & 0x3F)), at);
        } else if (cp < 0x10000) {
          put(static_cast<char>(0xE0 | (cp >> 12)), at);
          put(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)), at);
          put(static_cast<char>(0x80 | (cp & 0x3F)), at);
        } else {
          put(static_cast<char>(0xF0 | (cp >> 18)), at);
          put(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)), at);
          put(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)), at);
          put(static_cast<char>(0x80 | (cp & 0x3F)), at);
        }
        break;
      }
      default:
        put(n, at);
        break;  // \" \\ \/
    }
  }
}

class JsonConverter {
public:
  JsonConverter(std::string_view text, std::uint32_t max_depth, hcl::File& out)
      : text_(text), max_depth_(max_depth), out_(out) {}

  void root(const json::Node* n) {
    if (n == nullptr || !n->is_object()) return;
    for (const auto& m : n->members) {
      if (m.key == "locals") {
        each_object(m.value, [&](const json::Node* body) {
          Block& b = out_.blocks.emplace_back();
          b.type = "locals";
          b.span = body->span;
          b.open = body->span.begin;
          for (const auto& a : body->members) b.attributes.push_back(attribute(a));
          out_.body.blocks.push_back(&b);
        });
      } else if (m.key == "provider") {
        // "provider": {"alicloud": {...}} or {"alicloud": [{...}, {"alias": ...}]}
        each_object(m.value, [&](const json::Node* names) {
          for (const auto& nm : names->members)
            each_object(nm.value, [&](const json::Node* body) {
              Block& b = block(std::string(m.key), body, 0);
              b.type_span = m.key_span;
              b.labels = {std::string(nm.key)};
              b.label_spans = {nm.key_span};
              out_.body.blocks.push_back(&b);
            });
        });
      } else if (m.key == "resource" || m.key == "data") {
        each_object(m.value, [&](const json::Node* types) {
          for (const auto& t : types->members)
            each_object(t.value, [&](const json::Node* names) {
              for (const auto& nm : names->members)
                each_object(nm.value, [&](const json::Node* body) {
                  Block& b = block(std::string(m.key), body, 0);
                  b.type_span = m.key_span;
                  b.labels = {std::string(t.key), std::string(nm.key)};
                  b.label_spans = {t.key_span, nm.key_span};
                  out_.body.blocks.push_back(&b);
                });
            });
        });
      }
    }
  }

private:
  std::string_view text_;
  std::uint32_t max_depth_;
  hcl::File& out_;

  // Nested blocks the setup discovery reads (provider assume_role, the
  // replication rule, bucket encryption): objects in JSON syntax.
  static bool setup_block(std::string_view key) {
    return key == "assume_role" || key == "destination" || key == "encryption_configuration" ||
           key == "source_selection_criteria" || key == "sse_kms_encrypted_objects" ||
           key == "server_side_encryption_rule";
  }

  template <typename F>
  void each_object(const json::Node* n, F&& f) {
    if (n == nullptr) return;
    if (n->is_object()) return f(n);
    if (n->is_array())
      for (const json::Node* i : n->items)
        if (i->is_object()) f(i);
  }

  // A block body: nested blocks of the data source are objects (or arrays of objects).
  Block& block(const std::string& type, const json::Node* body, std::uint32_t depth) {
    Block& b = out_.blocks.emplace_back();
    b.type = type;
    b.type_span = body->span;
    b.span = body->span;
    b.open = body->span.begin;
    for (const auto& m : body->members) {
      bool nested =
          (m.key == "statement" || m.key == "principal" || m.key == "condition" || setup_block(m.key)) && depth < 4 &&
          (m.value->is_object() || (m.value->is_array() && !m.value->items.empty() && m.value->items[0]->is_object()));
      if (nested) {
        each_object(m.value, [&](const json::Node* child) {
          Block& c = block(std::string(m.key), child, depth + 1);
          c.type_span = m.key_span;
          b.blocks.push_back(&c);
        });
      } else {
        b.attributes.push_back(attribute(m));
      }
    }
    return b;
  }

  hcl::Attribute attribute(const json::Member& m) {
    return hcl::Attribute{std::string(m.key), m.key_span, expr(m.value, 0)};
  }

  const Expr* expr(const json::Node* n, std::uint32_t depth) {
    Expr& e = out_.exprs.emplace_back();
    e.span = n->span;
    if (depth > max_depth_) {
      e.type = ExprType::Unknown;
      return &e;
    }
    switch (n->type) {
      case json::Type::Null:
        e.type = ExprType::Null;
        return &e;
      case json::Type::True:
        e.type = ExprType::True;
        return &e;
      case json::Type::False:
        e.type = ExprType::False;
        return &e;
      case json::Type::Number:
        e.type = ExprType::Number;
        e.text = out_.arena->copy(n->text);
        return &e;
      case json::Type::Array:
        e.type = ExprType::Tuple;
        for (const json::Node* i : n->items) e.items.push_back(*out_.arena, expr(i, depth + 1));
        return &e;
      case json::Type::Object:
        e.type = ExprType::Object;
        for (const auto& m : n->members) {
          hcl::ObjectItem item;
          item.key = string(m.key_span);
          item.separator = m.key_span.end;
          item.value = expr(m.value, depth + 1);
          e.members.push_back(*out_.arena, item);
        }
        return &e;
      case json::Type::String: {
        const Expr* t = string(n->span);
        return t;
      }
    }
    return &e;
  }

  // A JSON string token as a template (interpolations read as HCL).
  const Expr* string(Span raw) {
    std::string decoded;
    std::vector<std::uint32_t> offs;
    bool escapes = false;
    decode_json_string(text_, raw, decoded, offs, escapes);
    offs.push_back(raw.end > raw.begin ? raw.end - 1 : raw.begin);
    const Expr* t = hcl::parse_template(decoded, offs, out_, max_depth_);
    Expr* e = nullptr;
    if (t == nullptr) {
      e = &out_.exprs.emplace_back();
      e->type = ExprType::Unknown;
    } else {
      e = const_cast<Expr*>(t);  // a node of out_, which this converter fills
      e->escapes = e->escapes || escapes;
      e->open = raw.begin;
      e->close = raw.end > raw.begin ? raw.end - 1 : raw.begin;
    }
    e->span = raw;
    return e;
  }
};

}  // namespace

Extraction read_terraform_json(std::string_view text, const json::Limits& limits, Lang lang) {
  Extraction out;
  if (too_large(text, limits, lang, out)) return out;
  std::vector<json::Detail> messages;
  json::Document doc = json::parse(text, limits, messages);
  for (std::size_t i = 0; i < doc.errors().size(); ++i) {
    const auto& e = doc.errors()[i];
    std::string message =
        e.detail.empty() || i >= messages.size()
            ? render(msg("terraform/syntax-error.json"), lang)
            : render(msg("terraform/syntax-error.json-detail", {{"detail", json::render(messages[i], lang)}}), lang);
    out.problems.push_back(ReadProblem{"terraform/syntax-error", Span{e.offset, e.offset}, std::move(message)});
  }
  if (doc.root() == nullptr) return out;
  hcl::File f;
  JsonConverter(text, std::clamp<std::uint32_t>(limits.max_depth, 4, 256), f).root(doc.root());
  add_problems(out, f, lang);
  Index idx({FileView{text, &f}});
  Extraction found = extract(idx, 0, limits);
  out.documents = std::move(found.documents);
  out.files = std::move(found.files);
  return out;
}

bool read_terraform_json_tree(std::string_view text, const json::Limits& limits, hcl::File& out) {
  if (text.size() > limits.max_bytes || text.size() >= UINT32_MAX) return false;
  json::Document doc = json::parse(text, limits);
  if (!doc.ok()) return false;
  JsonConverter(text, std::clamp<std::uint32_t>(limits.max_depth, 4, 256), out).root(doc.root());
  return true;
}

ExtractedDocument read_template(std::string_view text, const json::Limits& limits) {
  ExtractedDocument doc;
  doc.form = DocumentForm::Templatefile;
  if (text.size() > limits.max_bytes || text.size() >= UINT32_MAX) return doc;
  std::vector<std::uint32_t> offs(text.size() + 1);
  for (std::uint32_t i = 0; i <= text.size(); ++i) offs[i] = i;
  hcl::File f;
  const Expr* t = hcl::parse_template(text, offs, f, limits.max_depth);
  if (t == nullptr) {
    // Not a valid template: the text as it is (its JSON is judged as written).
    doc.text = std::string(text);
    doc.offsets = std::move(offs);
    return doc;
  }
  Index idx({FileView{text, &f}});
  Renderer r(idx, 0, 64, SIZE_MAX);
  r.text(*t);
  doc = r.w.finish(static_cast<std::uint32_t>(text.size()));
  doc.form = DocumentForm::Templatefile;
  doc.fixable = !t->escapes;
  doc.origin = Span{0, static_cast<std::uint32_t>(text.size())};
  return doc;
}

std::span<const PolicyResource> policy_resources() { return kResourceTypes; }

}  // namespace policylint::input
