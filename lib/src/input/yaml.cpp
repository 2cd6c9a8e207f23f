#include "input/yaml.hpp"

#include <rapidjson/reader.h>
#include <yaml.h>

#include <algorithm>
#include <limits>
#include <unordered_map>

#include "util/text.hpp"

namespace policylint::input {

namespace {

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

// libyaml's marks count characters, not bytes. The parser is told the input
// is UTF-8, so a cursor that steps over whole sequences turns a mark into a
// byte offset. Marks arrive almost in order, so the walk is linear overall.
class ByteCursor {
public:
  explicit ByteCursor(std::string_view text) : text_(text) {}

  std::uint32_t at(std::size_t index) {
    while (chars_ < index && bytes_ < text_.size()) {
      ++bytes_;
      while (bytes_ < text_.size() && continuation(text_[bytes_])) ++bytes_;
      ++chars_;
    }
    while (chars_ > index && bytes_ > 0) {
      --bytes_;
      while (bytes_ > 0 && continuation(text_[bytes_])) --bytes_;
      --chars_;
    }
    return static_cast<std::uint32_t>(bytes_);
  }

private:
  static bool continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }
  std::string_view text_;
  std::size_t chars_ = 0;
  std::size_t bytes_ = 0;
};

// A UTF-8 byte-order mark is skipped before libyaml sees the text: told the
// encoding, libyaml would count the mark as a character of the first line
// and misjudge its indentation. Marks are then relative to the text after it.
std::uint32_t bom_length(std::string_view text) { return text.starts_with("\xEF\xBB\xBF") ? 3 : 0; }

class Parser {
public:
  explicit Parser(std::string_view text) {
    text.remove_prefix(bom_length(text));
    yaml_parser_initialize(&parser_);
    yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char*>(text.data()), text.size());
    yaml_parser_set_encoding(&parser_, YAML_UTF8_ENCODING);
  }
  ~Parser() {
    if (live_) yaml_event_delete(&event_);
    yaml_parser_delete(&parser_);
  }
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;

  // The next event, or nullptr on an error (see parser()).
  const yaml_event_t* next() {
    if (live_) yaml_event_delete(&event_);
    live_ = yaml_parser_parse(&parser_, &event_) != 0;
    return live_ ? &event_ : nullptr;
  }
  const yaml_parser_t& parser() const { return parser_; }

private:
  yaml_parser_t parser_{};
  yaml_event_t event_{};
  bool live_ = false;
};

std::string_view as_view(const yaml_char_t* s) {
  return s == nullptr ? std::string_view{} : std::string_view(reinterpret_cast<const char*>(s));
}

// libyaml's problem texts, said in plain words with what usually causes them
// (ids of rules/messages/yaml.tsv); another problem is written as libyaml says it.
Message plain_words(std::string_view problem) {
  struct Words {
    std::string_view problem, id;
  };
  static constexpr Words kWords[] = {
      {"mapping values are not allowed in this context", "yaml/syntax-error.mapping-values"},
      {"did not find expected key", "yaml/syntax-error.expected-key"},
      {"did not find expected '-' indicator", "yaml/syntax-error.expected-item"},
      {"found character that cannot start any token", "yaml/syntax-error.token"},
      {"could not find expected ':'", "yaml/syntax-error.expected-colon"},
      {"did not find expected node content", "yaml/syntax-error.expected-value"},
      {"found unexpected end of stream", "yaml/syntax-error.end-of-stream"},
      {"found unknown escape character", "yaml/syntax-error.escape"},
      {"did not find expected ',' or ']'", "yaml/syntax-error.flow-sequence"},
      {"did not find expected ',' or '}'", "yaml/syntax-error.flow-mapping"},
      {"found a tab character that violates indentation", "yaml/syntax-error.tab"},
      {"control characters are not allowed", "yaml/syntax-error.control"},
      {"invalid leading UTF-8 octet", "yaml/syntax-error.utf8"},
      {"invalid trailing UTF-8 octet", "yaml/syntax-error.utf8"},
      {"incomplete UTF-8 octet sequence", "yaml/syntax-error.utf8-incomplete"},
      {"found duplicate anchor", "yaml/syntax-error.duplicate-anchor"},
  };
  for (const auto& w : kWords)
    if (w.problem == problem) return msg(w.id);
  return msg("yaml/syntax-error.other", {{"problem", std::string(problem)}});
}

// The construct libyaml was reading ("while parsing a block mapping"), as a
// message of rules/messages/yaml.tsv.
Message context_words(std::string_view context) {
  struct Words {
    std::string_view context, id;
  };
  static constexpr Words kWords[] = {
      {"while parsing a %TAG directive", "yaml/syntax-error.while-percent-tag"},
      {"while parsing a block collection", "yaml/syntax-error.while-block-collection"},
      {"while parsing a block mapping", "yaml/syntax-error.while-block-mapping"},
      {"while parsing a block node", "yaml/syntax-error.while-block-node"},
      {"while parsing a flow mapping", "yaml/syntax-error.while-flow-mapping"},
      {"while parsing a flow node", "yaml/syntax-error.while-flow-node"},
      {"while parsing a flow sequence", "yaml/syntax-error.while-flow-sequence"},
      {"while parsing a node", "yaml/syntax-error.while-node"},
      {"while parsing a quoted scalar", "yaml/syntax-error.while-quoted-scalar"},
      {"while parsing a tag", "yaml/syntax-error.while-tag"},
      {"while parsing a tag directive", "yaml/syntax-error.while-tag-directive"},
      {"while scanning a %TAG directive", "yaml/syntax-error.while-scan-percent-tag"},
      {"while scanning a %YAML directive", "yaml/syntax-error.while-scan-yaml-directive"},
      {"while scanning a block scalar", "yaml/syntax-error.while-scan-block-scalar"},
      {"while scanning a directive", "yaml/syntax-error.while-scan-directive"},
      {"while scanning a plain scalar", "yaml/syntax-error.while-scan-plain-scalar"},
      {"while scanning a quoted scalar", "yaml/syntax-error.while-scan-quoted-scalar"},
      {"while scanning a simple key", "yaml/syntax-error.while-scan-simple-key"},
      {"while scanning a tag", "yaml/syntax-error.while-scan-tag"},
      {"while scanning a tag directive", "yaml/syntax-error.while-scan-tag-directive"},
      {"while scanning an alias", "yaml/syntax-error.while-scan-alias"},
      {"while scanning an anchor", "yaml/syntax-error.while-scan-anchor"},
      {"while scanning for the next token", "yaml/syntax-error.while-scan-token"},
  };
  for (const auto& w : kWords)
    if (w.context == context) return msg(w.id);
  return msg("yaml/syntax-error.while-other", {{"context", std::string(context)}});
}

// ---- scalar typing -----------------------------------------------------------
//
// A YAML 1.1 loader (PyYAML's SafeLoader) with the YAML 1.2 core schema's
// forms added: https://yaml.org/type/bool.html, https://yaml.org/type/int.html,
// https://yaml.org/type/float.html, https://yaml.org/spec/1.2.2/#1032-tag-resolution

bool is_null(std::string_view v) { return v.empty() || v == "~" || v == "null" || v == "Null" || v == "NULL"; }

int as_bool(std::string_view v) {  // 1 true, 0 false, -1 neither
  for (std::string_view t : {"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"})
    if (v == t) return 1;
  for (std::string_view f : {"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"})
    if (v == f) return 0;
  return -1;
}

bool digit_in(char c, int base) {
  if (base == 2) return c == '0' || c == '1';
  if (base == 8) return c >= '0' && c <= '7';
  if (base == 10) return c >= '0' && c <= '9';
  return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}

// Digits of a given base with '_' separators (at least one digit).
bool digits(std::string_view s, int base) {
  bool any = false;
  for (char c : s) {
    if (c == '_') continue;
    if (!digit_in(c, base)) return false;
    any = true;
  }
  return any;
}

// The JSON text of a number written in YAML, or "" when v is not a number
// (or one JSON cannot hold: .inf, .nan, integers past 64 bits in another base).
std::string number_json(std::string_view v) {
  std::string sign;
  std::string_view body = v;
  if (!body.empty() && (body[0] == '-' || body[0] == '+')) {
    if (body[0] == '-') sign = "-";
    body.remove_prefix(1);
  }
  if (body.empty()) return {};
  int base = 0;
  std::string_view prefixed;
  if (body.size() > 2 && body[0] == '0' && (body[1] == 'x' || body[1] == 'o' || body[1] == 'b')) {
    base = body[1] == 'x' ? 16 : body[1] == 'o' ? 8 : 2;
    prefixed = body.substr(2);
  } else if (body.size() > 1 && body[0] == '0' && digits(body.substr(1), 8)) {
    base = 8;  // YAML 1.1 octal: 0755
    prefixed = body.substr(1);
  }
  if (base != 0) {
    if (!digits(prefixed, base)) return {};
    std::uint64_t value = 0;
    for (char c : prefixed) {
      if (c == '_') continue;
      unsigned d = static_cast<unsigned>(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
      if (value > (std::numeric_limits<std::uint64_t>::max() - d) / static_cast<unsigned>(base)) return {};
      value = value * static_cast<unsigned>(base) + d;
    }
    return (value == 0 ? std::string() : sign) + std::to_string(value);
  }
  // Decimal integer or float: mantissa digits, an optional '.', optional exponent.
  std::size_t e = body.find_first_of("eE");
  std::string_view mantissa = body.substr(0, e);
  std::string_view exponent = e == std::string_view::npos ? std::string_view{} : body.substr(e + 1);
  std::size_t dot = mantissa.find('.');
  std::string_view whole = mantissa.substr(0, dot);
  std::string_view frac = dot == std::string_view::npos ? std::string_view{} : mantissa.substr(dot + 1);
  if (!whole.empty() && (whole[0] == '_' || !digits(whole, 10))) return {};
  if (!frac.empty() && !digits(frac, 10)) return {};
  if (whole.empty() && frac.empty()) return {};  // "", ".", "e5"
  if (e != std::string_view::npos) {
    std::string_view ex = exponent;
    if (!ex.empty() && (ex[0] == '-' || ex[0] == '+')) ex.remove_prefix(1);
    if (ex.empty() || ex.find_first_not_of("0123456789") != std::string_view::npos) return {};
  }
  // '_' separators (YAML 1.1) are dropped, leading zeros too.
  std::string out = sign;
  std::string w;
  for (char c : whole)
    if (c != '_') w += c;
  std::size_t nz = w.find_first_not_of('0');
  w = nz == std::string::npos ? "0" : w.substr(nz);
  out += w;
  if (dot != std::string_view::npos) {
    std::string f;
    for (char c : frac)
      if (c != '_') f += c;
    out += "." + (f.empty() ? std::string("0") : f);
  }
  if (e != std::string_view::npos) out += "e" + std::string(exponent);
  // A number the JSON reader refuses stays a string: a value past the range
  // of a double (1e900), or an exponent past its limit even on a zero
  // (0e8200). The reader itself decides, so the two cannot disagree.
  rapidjson::Reader reader;
  rapidjson::BaseReaderHandler<> ignore;
  rapidjson::StringStream in(out.c_str());
  reader.Parse<rapidjson::kParseIterativeFlag | rapidjson::kParseNumbersAsStringsFlag>(in, ignore);
  if (reader.HasParseError()) return {};
  return out;
}

enum class TagKind : std::uint8_t { None, NonSpecific, Str, Null, Bool, Int, Float, Other, Function };

// ---- the tree ------------------------------------------------------------------

enum class NodeKind : std::uint8_t { Scalar, Sequence, Mapping, Alias };

struct YNode {
  NodeKind kind = NodeKind::Scalar;
  TagKind tag = TagKind::None;
  bool flow = false;
  bool quoted = false;                  // single- or double-quoted scalar
  bool plain = false;                   // plain scalar (the only kind whose type is resolved from its text)
  bool exact = false;                   // scalar: its value is the source bytes [content, content + length)
  bool complete = false;                // its end event was seen (an alias to an incomplete node is recursive)
  std::uint32_t start = 0, end = 0;     // source bytes, properties (tag, anchor) included
  std::uint32_t content = 0;            // scalar: where its value starts in the source, when exact
  std::uint32_t value = 0, length = 0;  // scalar: decoded value in the pool
  std::uint32_t function = kNone;       // index of the ROS function name ("Ref", "Fn::Sub")
  std::uint32_t first = kNone, last = kNone, next = kNone;  // children, in order
  std::uint32_t target = kNone;                             // alias: the anchored node
  std::uint32_t height = 0;                                 // JSON nesting levels its value takes
};

struct Tree {
  std::vector<YNode> nodes;
  std::string pool;                    // scalar values
  std::vector<std::string> functions;  // ROS function names
  std::uint32_t root = kNone;

  std::string_view value(const YNode& n) const { return std::string_view(pool).substr(n.value, n.length); }
};

void add_problem(YamlJson& out, std::string rule, std::uint32_t at, std::uint32_t end, std::size_t size,
                 const Message& m) {
  std::string message = render(m, out.lang);
  auto s = static_cast<std::uint32_t>(size);
  at = std::min(at, s);
  end = std::clamp(end, at, s);
  if (end == at && at < s) end = at + 1;
  out.problems.push_back(ReadProblem{std::move(rule), Span{at, end}, std::move(message)});
}

// ---- reading events into the tree -------------------------------------------------

class Builder {
public:
  Builder(std::string_view text, const json::Limits& limits, YamlJson& out)
      : text_(text), limits_(limits), out_(out), base_(bom_length(text)), cursor_(text.substr(base_)) {}

  // Reads the first document into tree; false when it cannot be linted.
  bool run(Tree& tree) {
    tree_ = &tree;
    Parser parser(text_);
    for (;;) {
      const yaml_event_t* e = parser.next();
      if (e == nullptr) {
        // Even past the end of the first document: text that is not YAML
        // makes ROS reject the whole file.
        syntax_error(parser.parser());
        return false;
      }
      switch (e->type) {
        case YAML_STREAM_START_EVENT:
        case YAML_NO_EVENT:
          break;
        case YAML_STREAM_END_EVENT:
          return tree.root != kNone;
        case YAML_DOCUMENT_START_EVENT:
          ++out_.documents;
          if (out_.documents > 1) {
            std::uint32_t b = byte(e->start_mark), en = byte(e->end_mark);
            add_problem(out_, "yaml/multiple-documents", b, en, text_.size(), msg("yaml/multiple-documents"));
            return tree.root != kNone;
          }
          break;
        case YAML_DOCUMENT_END_EVENT:
          break;
        case YAML_SCALAR_EVENT:
          if (!scalar(*e)) return false;
          break;
        case YAML_SEQUENCE_START_EVENT:
          if (!open(*e, NodeKind::Sequence, e->data.sequence_start.tag, e->data.sequence_start.anchor,
                    e->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE))
            return false;
          break;
        case YAML_MAPPING_START_EVENT:
          if (!open(*e, NodeKind::Mapping, e->data.mapping_start.tag, e->data.mapping_start.anchor,
                    e->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE))
            return false;
          break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
          close(*e);
          break;
        case YAML_ALIAS_EVENT:
          if (!alias(*e)) return false;
          break;
      }
    }
  }

private:
  struct Open {
    std::uint32_t node;
    std::uint32_t depth;     // JSON depth of the container (1 for the root)
    std::uint32_t children;  // mapping: even = the next child is a key
    bool is_key;             // the collection is a mapping's key (yaml/complex-key)
  };

  std::uint32_t byte(const yaml_mark_t& m) { return base_ + cursor_.at(m.index); }

  void syntax_error(const yaml_parser_t& p) {
    if (p.error == YAML_MEMORY_ERROR) {
      add_problem(out_, "yaml/syntax-error", 0, 0, text_.size(), msg("yaml/syntax-error.memory"));
      return;
    }
    std::uint32_t at = p.error == YAML_READER_ERROR
                           ? static_cast<std::uint32_t>(std::min<std::size_t>(base_ + p.problem_offset, text_.size()))
                           : byte(p.problem_mark);
    Message message = plain_words(as_view(reinterpret_cast<const yaml_char_t*>(p.problem)));
    // The construct being read, when it starts elsewhere than the problem.
    if (p.error != YAML_READER_ERROR && p.context != nullptr && p.context_mark.index != p.problem_mark.index)
      message = msg("yaml/syntax-error.context", {{"message", render(message, out_.lang)},
                                                  {"context", render(context_words(p.context), out_.lang)},
                                                  {"line", p.context_mark.line + 1},
                                                  {"column", p.context_mark.column + 1}});
    add_problem(out_, "yaml/syntax-error", at, at, text_.size(), message);
  }

  TagKind tag_kind(std::string_view tag, std::uint32_t& function) {
    function = kNone;
    if (tag.empty()) return TagKind::None;
    if (tag == "!") return TagKind::NonSpecific;
    constexpr std::string_view kCore = "tag:yaml.org,2002:";
    if (tag.starts_with(kCore)) {
      std::string_view t = tag.substr(kCore.size());
      if (t == "str" || t == "binary" || t == "timestamp") return TagKind::Str;
      if (t == "null") return TagKind::Null;
      if (t == "bool") return TagKind::Bool;
      if (t == "int") return TagKind::Int;
      if (t == "float") return TagKind::Float;
      return TagKind::Other;
    }
    // ROS short forms: `!Ref X` is {"Ref": X}, `!Name X` is {"Fn::Name": X}
    // (https://www.alibabacloud.com/help/en/ros/user-guide/function-overview,
    //  e.g. https://www.alibabacloud.com/help/en/ros/user-guide/function-sub).
    // Any other tag is unknown to ROS; it is kept as an unknown value too.
    std::string name;
    if (tag.size() > 1 && tag[0] == '!') {
      std::string_view suffix = tag.substr(1);
      name = suffix == "Ref" || suffix.starts_with("Fn::") ? std::string(suffix) : "Fn::" + std::string(suffix);
    } else {
      name = "Fn::" + std::string(tag);
    }
    auto it = function_index_.find(name);
    if (it == function_index_.end()) {
      it = function_index_.emplace(name, static_cast<std::uint32_t>(tree_->functions.size())).first;
      tree_->functions.push_back(name);
    }
    function = it->second;
    return TagKind::Function;
  }

  // The JSON depth a new child of the innermost open container has.
  std::uint32_t child_depth() const { return stack_.empty() ? 0 : stack_.back().depth; }
  bool key_position() const {
    return !stack_.empty() && tree_->nodes[stack_.back().node].kind == NodeKind::Mapping &&
           stack_.back().children % 2 == 0;
  }

  bool too_deep(std::uint32_t at, std::uint32_t end) {
    add_problem(out_, "yaml/nesting-too-deep", at, end, text_.size(),
                msg("yaml/nesting-too-deep", {{"depth", limits_.max_depth}}));
    return false;
  }

  std::uint32_t attach(YNode&& n, const yaml_char_t* anchor) {
    auto index = static_cast<std::uint32_t>(tree_->nodes.size());
    tree_->nodes.push_back(std::move(n));
    if (stack_.empty()) {
      if (tree_->root == kNone) tree_->root = index;
    } else {
      Open& parent = stack_.back();
      YNode& p = tree_->nodes[parent.node];
      if (p.last == kNone)
        p.first = index;
      else
        tree_->nodes[p.last].next = index;
      p.last = index;
      ++parent.children;
    }
    if (anchor != nullptr) anchors_[std::string(as_view(anchor))] = index;
    return index;
  }

  // A key that is a collection (or an alias to one) cannot be a JSON key.
  void check_key(bool is_key, NodeKind kind, std::uint32_t start, std::uint32_t end) {
    if (!is_key || kind == NodeKind::Scalar) return;
    add_problem(out_, "yaml/complex-key", start, end, text_.size(),
                msg(kind == NodeKind::Mapping ? "yaml/complex-key.mapping" : "yaml/complex-key.sequence"));
  }

  bool scalar(const yaml_event_t& e) {
    YNode n;
    n.kind = NodeKind::Scalar;
    n.start = byte(e.start_mark);
    n.end = byte(e.end_mark);
    n.tag = tag_kind(as_view(e.data.scalar.tag), n.function);
    n.complete = true;
    auto style = e.data.scalar.style;
    n.quoted = style == YAML_SINGLE_QUOTED_SCALAR_STYLE || style == YAML_DOUBLE_QUOTED_SCALAR_STYLE;
    n.plain = style == YAML_PLAIN_SCALAR_STYLE;
    std::string_view v(reinterpret_cast<const char*>(e.data.scalar.value), e.data.scalar.length);
    // Exact: a one-line plain or quoted scalar whose value is its source text
    // (for a quoted one: all of the text between its quotes, so that an
    // escape such as '' or \\ can never line up by chance).
    if ((n.plain || n.quoted) && e.start_mark.line == e.end_mark.line &&
        v.find_first_of("\r\n") == std::string_view::npos) {
      std::uint32_t stop = n.end - (n.quoted ? 1 : 0);
      auto len = static_cast<std::uint32_t>(v.size());
      bool fits = stop >= n.start && stop - n.start >= len + (n.quoted ? 1 : 0) && text_.substr(stop - len, len) == v;
      if (fits && n.quoted) {
        char quote = style == YAML_SINGLE_QUOTED_SCALAR_STYLE ? '\'' : '"';
        std::uint32_t open = stop - len - 1;
        fits = text_[open] == quote && text_.substr(n.start, open - n.start).find(quote) == std::string_view::npos;
      }
      if (fits) {
        n.exact = true;
        n.content = stop - len;
      }
    }
    n.value = static_cast<std::uint32_t>(tree_->pool.size());
    n.length = static_cast<std::uint32_t>(v.size());
    tree_->pool.append(v);
    n.height = n.tag == TagKind::Function && !key_position() ? 1 : 0;
    if (n.height != 0 && child_depth() + 1 > limits_.max_depth) return too_deep(n.start, n.end);
    attach(std::move(n), e.data.scalar.anchor);
    return true;
  }

  bool open(const yaml_event_t& e, NodeKind kind, const yaml_char_t* tag, const yaml_char_t* anchor, bool flow) {
    YNode n;
    n.kind = kind;
    n.flow = flow;
    n.start = byte(e.start_mark);
    n.end = byte(e.end_mark);
    n.tag = tag_kind(as_view(tag), n.function);
    bool is_key = key_position();
    std::uint32_t depth = child_depth() + 1 + (n.tag == TagKind::Function ? 1 : 0);
    if (depth > limits_.max_depth) return too_deep(n.start, n.end);
    std::uint32_t index = attach(std::move(n), anchor);
    stack_.push_back(Open{index, depth, 0, is_key});
    return true;
  }

  void close(const yaml_event_t& e) {
    if (stack_.empty()) return;
    YNode& n = tree_->nodes[stack_.back().node];
    bool is_key = stack_.back().is_key;
    stack_.pop_back();
    n.complete = true;
    // A flow collection ends at its bracket; a block one where its last child ends.
    if (n.flow) {
      n.end = byte(e.end_mark);
    } else {
      n.end = n.start;
      for (std::uint32_t c = n.first; c != kNone; c = tree_->nodes[c].next)
        n.end = std::max(n.end, tree_->nodes[c].end);
    }
    std::uint32_t inner = 0;
    bool key = n.kind == NodeKind::Mapping;
    for (std::uint32_t c = n.first; c != kNone; c = tree_->nodes[c].next, key = n.kind == NodeKind::Mapping && !key)
      if (!key) inner = std::max(inner, tree_->nodes[c].height);
    n.height = 1 + inner + (n.tag == TagKind::Function ? 1 : 0);
    check_key(is_key, n.kind, n.start, n.end);
  }

  bool alias(const yaml_event_t& e) {
    std::uint32_t start = byte(e.start_mark), end = byte(e.end_mark);
    std::string name(as_view(e.data.alias.anchor));
    auto it = anchors_.find(name);
    if (it == anchors_.end()) {
      add_problem(out_, "yaml/syntax-error", start, end, text_.size(),
                  msg("yaml/syntax-error.alias-undefined", {{"name", name}}));
      return false;
    }
    const YNode& target = tree_->nodes[it->second];
    if (!target.complete) {
      add_problem(out_, "yaml/alias-too-large", start, end, text_.size(),
                  msg("yaml/alias-too-large.recursive", {{"name", name}}));
      return false;
    }
    YNode n;
    n.kind = NodeKind::Alias;
    n.start = start;
    n.end = end;
    n.target = it->second;
    n.complete = true;
    bool is_key = key_position();
    NodeKind tk = target.kind;
    check_key(is_key, tk, start, end);
    n.height = is_key ? 0 : target.height;
    if (child_depth() + n.height > limits_.max_depth) return too_deep(start, end);
    attach(std::move(n), nullptr);
    return true;
  }

  std::string_view text_;
  const json::Limits& limits_;
  YamlJson& out_;
  std::uint32_t base_;  // bytes of a byte-order mark before the text libyaml reads
  ByteCursor cursor_;
  Tree* tree_ = nullptr;
  std::vector<Open> stack_;
  std::unordered_map<std::string, std::uint32_t> anchors_;
  std::unordered_map<std::string, std::uint32_t> function_index_;
};

// ---- writing the tree as JSON ---------------------------------------------------

class Writer {
public:
  Writer(std::string_view text, const Tree& tree, std::uint64_t alias_budget, YamlJson& out)
      : text_(text), tree_(tree), budget_(alias_budget), out_(out) {}

  // False when the alias copies exceed the budget (a problem is added).
  bool run() {
    tasks_.push_back(Task{Op::Value, tree_.root, 0, 0});
    while (!tasks_.empty()) {
      Task t = tasks_.back();
      tasks_.pop_back();
      step(t);
      if (over_) {
        const YNode& a = tree_.nodes[over_node_];
        add_problem(out_, "yaml/alias-too-large", a.start, a.end, text_.size(),
                    msg("yaml/alias-too-large", {{"limit", budget_}}));
        return false;
      }
    }
    out_.offsets.push_back(out_.offsets.empty() ? tree_.nodes[tree_.root].end
                                                : std::max(tree_.nodes[tree_.root].end, out_.offsets.back()));
    return true;
  }

private:
  enum class Op : std::uint8_t { Value, Key, Char, Unpin, CloseWrapper };
  struct Task {
    Op op;
    std::uint32_t node;  // Value, Key; Char: the character; Unpin: the node that pinned
    std::uint32_t offset;
    std::uint32_t extra;  // Unpin: JSON offset where the alias copy began
  };

  void put(char c, std::uint32_t offset) {
    out_.json.push_back(c);
    std::uint32_t o = pin_ != kNone ? pin_ : offset;
    // The map never goes back: libyaml may end an implicit flow mapping
    // (`[a: b"]`) at the end of its last scalar, before bytes already mapped.
    if (!out_.offsets.empty()) o = std::max(o, out_.offsets.back());
    out_.offsets.push_back(o);
    if (pin_ != kNone && ++copied_ > budget_ && !over_) {
      over_ = true;
      over_node_ = pin_node_;
    }
  }
  void put(std::string_view s, std::uint32_t offset) {
    for (char c : s) put(c, offset);
  }

  void inexact(std::uint32_t from) {
    if (pin_ != kNone) return;  // the whole alias copy is recorded once
    auto to = static_cast<std::uint32_t>(out_.json.size());
    if (from >= to) return;
    if (!out_.inexact.empty() && out_.inexact.back().end >= from) {
      out_.inexact.back().end = std::max(out_.inexact.back().end, to);
      return;
    }
    out_.inexact.push_back(Span{from, to});
  }

  // A decoded string as JSON string content; byte i of s maps to at(i).
  template <typename At>
  void string_body(std::string_view s, At at) {
    static const char* hex = "0123456789abcdef";
    for (std::size_t i = 0; i < s.size(); ++i) {
      auto c = static_cast<unsigned char>(s[i]);
      std::uint32_t o = at(i);
      if (c == '"' || c == '\\') {
        put('\\', o);
        put(static_cast<char>(c), o);
      } else if (c < 0x20) {
        put("\\u00", o);
        put(hex[c >> 4], o);
        put(hex[c & 15], o);
      } else {
        put(static_cast<char>(c), o);
      }
    }
  }

  // A scalar as a JSON string: quotes at the scalar's ends, the content byte
  // for byte when exact, else at the scalar's start.
  void string_scalar(const YNode& n, std::string_view v) {
    auto from = static_cast<std::uint32_t>(out_.json.size());
    // Exact: the opening quote maps onto the YAML quote (or the first
    // character of a plain scalar), after any tag or anchor.
    put('"', n.exact ? n.content - (n.quoted && n.content > 0 ? 1 : 0) : n.start);
    if (n.exact)
      string_body(v, [&](std::size_t i) { return n.content + static_cast<std::uint32_t>(i); });
    else
      string_body(v, [&](std::size_t) { return n.start; });
    put('"', n.quoted && n.end > n.start ? n.end - 1 : n.end);
    if (!n.exact) inexact(from);
  }

  // A scalar in a value position, typed the way ROS's loader types it: only
  // an untagged plain scalar is resolved from its text; `!!int "1"` and the
  // like follow their tag; quoted and block (| >) scalars are strings.
  void scalar(const YNode& n) {
    std::string_view v = tree_.value(n);
    std::string typed;
    bool resolve = n.tag == TagKind::None && n.plain;
    if (n.tag == TagKind::Null || (resolve && is_null(v))) {
      typed = "null";
    } else if ((n.tag == TagKind::Bool || resolve) && as_bool(v) >= 0) {
      typed = as_bool(v) == 1 ? "true" : "false";
    } else if (n.tag == TagKind::Int || n.tag == TagKind::Float || resolve) {
      typed = number_json(v);
    }
    if (typed.empty()) {
      string_scalar(n, v);
      return;
    }
    auto from = static_cast<std::uint32_t>(out_.json.size());
    if (n.exact && typed == v) {
      for (std::size_t i = 0; i < typed.size(); ++i) put(typed[i], n.content + static_cast<std::uint32_t>(i));
    } else {
      put(typed, n.start);
      inexact(from);
    }
  }

  void step(const Task& t) {
    switch (t.op) {
      case Op::Char:
        put(static_cast<char>(t.node), t.offset);
        return;
      case Op::Unpin:
        if (pin_node_ == t.node) {
          pin_ = kNone;
          pin_node_ = kNone;
          inexact(t.extra);
        }
        return;
      case Op::CloseWrapper:
        put('}', t.offset);
        inexact(static_cast<std::uint32_t>(out_.json.size() - 1));
        return;
      case Op::Key:
        key(t.node);
        return;
      case Op::Value:
        value(t.node);
        return;
    }
  }

  void pin(std::uint32_t alias) {
    if (pin_ != kNone) return;
    pin_ = tree_.nodes[alias].start;
    pin_node_ = alias;
  }

  void key(std::uint32_t index) {
    const YNode* n = &tree_.nodes[index];
    std::uint32_t alias = kNone;
    if (n->kind == NodeKind::Alias) {
      alias = index;
      n = &tree_.nodes[n->target];
    }
    bool pinned_here = alias != kNone && pin_ == kNone;
    auto from = static_cast<std::uint32_t>(out_.json.size());
    if (pinned_here) pin(alias);
    if (n->kind == NodeKind::Scalar) {
      string_scalar(*n, tree_.value(*n));
    } else {
      // yaml/complex-key: the key's own YAML text.
      const YNode& k = tree_.nodes[index];
      put('"', k.start);
      string_body(text_.substr(k.start, k.end - k.start), [&](std::size_t) { return k.start; });
      put('"', k.end);
      inexact(from);
    }
    if (pinned_here) {
      pin_ = kNone;
      pin_node_ = kNone;
      inexact(from);
    }
  }

  void value(std::uint32_t index) {
    const YNode& n = tree_.nodes[index];
    if (n.kind == NodeKind::Alias) {
      if (pin_ == kNone) {
        pin(index);
        tasks_.push_back(Task{Op::Unpin, index, 0, static_cast<std::uint32_t>(out_.json.size())});
      }
      tasks_.push_back(Task{Op::Value, n.target, 0, 0});
      return;
    }
    // Tasks run last-pushed first: push the closing parts before the opening ones.
    if (n.tag == TagKind::Function) {
      auto from = static_cast<std::uint32_t>(out_.json.size());
      put("{\"", n.start);
      string_body(tree_.functions[n.function], [&](std::size_t) { return n.start; });
      put("\":", n.start);
      inexact(from);
      tasks_.push_back(Task{Op::CloseWrapper, 0, n.end, 0});
    }
    if (n.kind == NodeKind::Scalar) {
      if (n.tag == TagKind::Function) {
        string_scalar(n, tree_.value(n));
      } else {
        scalar(n);
      }
      return;
    }
    bool mapping = n.kind == NodeKind::Mapping;
    std::uint32_t close_at = n.flow && n.end > n.start ? n.end - 1 : n.end;
    tasks_.push_back(Task{Op::Char, static_cast<std::uint32_t>(mapping ? '}' : ']'), close_at, 0});
    // Children in reverse order, with the separators between them.
    std::vector<std::uint32_t> children;
    for (std::uint32_t c = n.first; c != kNone; c = tree_.nodes[c].next) children.push_back(c);
    if (mapping && children.size() % 2 == 1) children.pop_back();  // libyaml always pairs them
    for (std::size_t i = children.size(); i > 0;) {
      if (mapping) {
        i -= 2;
        std::uint32_t k = children[i], v = children[i + 1];
        if (i + 2 < children.size()) tasks_.push_back(Task{Op::Char, ',', tree_.nodes[v].end, 0});
        tasks_.push_back(Task{Op::Value, v, 0, 0});
        tasks_.push_back(Task{Op::Char, ':', tree_.nodes[k].end, 0});
        tasks_.push_back(Task{Op::Key, k, 0, 0});
      } else {
        --i;
        std::uint32_t v = children[i];
        if (i + 1 < children.size()) tasks_.push_back(Task{Op::Char, ',', tree_.nodes[v].end, 0});
        tasks_.push_back(Task{Op::Value, v, 0, 0});
      }
    }
    tasks_.push_back(Task{Op::Char, static_cast<std::uint32_t>(mapping ? '{' : '['), n.start, 0});
  }

  std::string_view text_;
  const Tree& tree_;
  std::uint64_t budget_;
  YamlJson& out_;
  std::vector<Task> tasks_;
  std::uint32_t pin_ = kNone;       // while an alias is copied: every byte maps to the alias
  std::uint32_t pin_node_ = kNone;  // the alias being copied
  std::uint64_t copied_ = 0;
  bool over_ = false;
  std::uint32_t over_node_ = kNone;
};

}  // namespace

bool YamlJson::exact(Span json_span) const {
  auto it = std::upper_bound(inexact.begin(), inexact.end(), json_span.begin,
                             [](std::uint32_t b, const Span& s) { return b < s.begin; });
  if (it != inexact.begin() && std::prev(it)->end > json_span.begin) return false;
  return it == inexact.end() || it->begin >= std::max(json_span.end, json_span.begin + 1);
}

YamlJson yaml_to_json(std::string_view text, const json::Limits& limits, Lang lang) {
  YamlJson out;
  out.lang = lang;
  if (text.size() > limits.max_bytes) {
    add_problem(out, "json/file-too-large", 0, 0, text.size(),
                msg("json/file-too-large", {{"size", text.size()}, {"limit", limits.max_bytes}}));
    return out;
  }
  if (text.size() >= kNone) return out;  // offsets are 32-bit
  Tree tree;
  Builder builder(text, limits, out);
  if (!builder.run(tree)) return out;
  std::uint64_t budget = std::min<std::uint64_t>(limits.max_bytes, std::max<std::uint64_t>(text.size(), 1u << 20));
  Writer writer(text, tree, budget, out);
  if (!writer.run()) {
    out.json.clear();
    out.offsets.clear();
    out.inexact.clear();
    return out;
  }
  out.ok = true;
  return out;
}

namespace {

// A line that starts (column 1) with the key, maybe quoted, then ':'.
bool line_starts_with_key(std::string_view text, std::string_view key, bool any_case) {
  std::size_t at = 0;
  if (text.starts_with("\xEF\xBB\xBF")) at = 3;
  while (at < text.size()) {
    std::size_t nl = text.find('\n', at);
    std::string_view line = text.substr(at, nl == std::string_view::npos ? std::string_view::npos : nl - at);
    if (!line.empty() && (line[0] == '"' || line[0] == '\'')) line.remove_prefix(1);
    if (line.size() > key.size() &&
        (any_case ? util::iequals(line.substr(0, key.size()), key) : line.substr(0, key.size()) == key)) {
      std::string_view rest = line.substr(key.size());
      if (!rest.empty() && (rest[0] == '"' || rest[0] == '\'')) rest.remove_prefix(1);
      std::size_t k = rest.find_first_not_of(" \t");
      if (k != std::string_view::npos && rest[k] == ':') return true;
    }
    if (nl == std::string_view::npos) break;
    at = nl + 1;
  }
  return false;
}

}  // namespace

YamlKind classify_yaml(std::string_view text) {
  constexpr std::string_view kRos = "ROSTemplateFormatVersion";
  bool policy = false;
  {
    Parser parser(text);
    std::uint32_t depth = 0;
    std::size_t children = 0;  // nodes seen directly inside the root
    bool root_mapping = false;
    bool complete = false;
    for (bool more = true; more;) {
      const yaml_event_t* e = parser.next();
      if (e == nullptr) break;
      switch (e->type) {
        case YAML_SCALAR_EVENT:
          if (depth == 1 && root_mapping && children % 2 == 0) {
            std::string_view key(reinterpret_cast<const char*>(e->data.scalar.value), e->data.scalar.length);
            if (key == kRos) return YamlKind::RosTemplate;
            if (key == "Version" || util::iequals(key, "Statement")) policy = true;
          }
          if (depth == 1) ++children;
          if (depth == 0) more = false, complete = true;
          break;
        case YAML_ALIAS_EVENT:
          if (depth == 1) ++children;
          break;
        case YAML_MAPPING_START_EVENT:
        case YAML_SEQUENCE_START_EVENT:
          if (depth == 0) root_mapping = e->type == YAML_MAPPING_START_EVENT;
          if (depth == 1) ++children;
          ++depth;
          break;
        case YAML_MAPPING_END_EVENT:
        case YAML_SEQUENCE_END_EVENT:
          if (--depth == 0) more = false, complete = true;
          break;
        case YAML_DOCUMENT_END_EVENT:
        case YAML_STREAM_END_EVENT:
          more = false, complete = true;
          break;
        default:
          break;
      }
    }
    if (complete) return policy ? YamlKind::Policy : YamlKind::Other;
  }
  // The file stopped parsing before its top-level keys were all known.
  if (line_starts_with_key(text, kRos, false)) return YamlKind::RosTemplate;
  if (policy || line_starts_with_key(text, "Version", false) || line_starts_with_key(text, "Statement", true))
    return YamlKind::Policy;
  return YamlKind::Other;
}

bool is_ros_template_yaml(std::string_view text) { return classify_yaml(text) == YamlKind::RosTemplate; }
bool is_policy_yaml(std::string_view text) { return classify_yaml(text) == YamlKind::Policy; }

}  // namespace policylint::input
