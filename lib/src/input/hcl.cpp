#include "input/hcl.hpp"

#include <algorithm>

#include "util/text.hpp"

// The syntax follows the HCL native syntax specification
// (https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md): identifiers
// may hold letters, digits, '_' and '-'; a quoted string cannot span lines;
// a heredoc starts with `<<NAME` or `<<-NAME` (the latter strips the smallest
// indentation of its lines) and ends at a line holding only NAME; templates
// interpolate `${...}` and run directives `%{...}`, escaped as `$${` and
// `%%{`; comments are `#`, `//` (to the end of the line) and `/* */`.

namespace policylint::hcl {

const Attribute* Block::attribute(std::string_view name) const {
  for (const auto& a : attributes)
    if (a.name == name) return &a;
  return nullptr;
}

bool literal_text(const Expr* e, std::string& out) {
  if (e == nullptr || e->type != ExprType::Template) return false;
  out.clear();
  for (const auto& p : e->parts) {
    if (p.type != TemplatePart::Type::Literal) return false;
    out += p.text;
  }
  return true;
}

namespace {

struct SyntaxError {
  Span span;
  json::Detail message;
  std::uint32_t resume = 0;  // where reading may continue; 0 = after the furthest byte read
};

bool ident_start(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80; }
bool digit(unsigned char c) { return util::is_digit(static_cast<char>(c)); }
bool ident_char(unsigned char c) { return ident_start(c) || digit(c) || c == '-'; }

Message describe(std::string_view text, std::uint32_t at) {
  if (at >= text.size()) return msg("terraform/syntax-error.found-end-of-file");
  unsigned char c = static_cast<unsigned char>(text[at]);
  if (c == '\n' || c == '\r') return msg("terraform/syntax-error.found-end-of-line");
  if (c < 0x20 || c == 0x7f) return msg("terraform/syntax-error.found-control");
  if (c >= 0x80) return msg("terraform/syntax-error.found-non-ascii");
  return msg("terraform/syntax-error.found-char", {{"char", std::string("'") + static_cast<char>(c) + "'"}});
}

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

// Names that start a top-level block. A line starting with one of these in
// the first column, inside a block, is taken as a forgotten closing brace.
bool top_level_keyword(std::string_view s) {
  for (std::string_view k : {"resource", "data", "locals", "variable", "output", "module", "provider", "terraform",
                             "moved", "import", "check", "removed"})
    if (s == k) return true;
  return false;
}

class Parser {
public:
  Parser(std::string_view text, std::uint32_t max_depth, File& file)
      : s_(text), end_(static_cast<std::uint32_t>(text.size())), max_depth_(max_depth), f_(file) {}

  // The whole input as a template (no quotes, no backslash escapes).
  const Expr* whole_template() {
    Expr& e = new_expr(ExprType::Template, 0);
    e.open = 0;
    template_body(e, end_, false);
    e.close = end_;
    e.span.end = end_;
    return &e;
  }

  void run() {
    // A UTF-8 byte order mark is not part of the first name.
    if (s_.starts_with("\xEF\xBB\xBF")) p_ = 3;
    std::uint32_t resync_from = 0;
    bool quiet = false;  // after an error, until a block is read cleanly
    // Items that failed in a row. Past kSkipAfter, a line that starts as an
    // attribute ("name =") is passed over unread until a block reads cleanly:
    // an attribute outside a block holds no policy, and a file of broken
    // lines would otherwise cost an exception per line (100 000 lines: 1 s).
    // The price, in a file that already has its first error reported: later
    // errors on such lines are not reported, and a skipped attribute's value
    // that runs on over more lines (a heredoc, an open bracket) is read from
    // its second line on as items, as after any error.
    std::uint32_t failures = 0;
    constexpr std::uint32_t kSkipAfter = 256;
    while (true) {
      std::uint32_t item_start = p_;
      try {
        depth_ = 0;
        literal_depth_ = 0;
        nl_ok_ = false;
        skip_ws(true);
        if (p_ >= end_) break;
        item_start = p_;
        if (failures >= kSkipAfter && attribute_line(p_)) {
          p_ = resync(p_, false);
          resync_from = p_;
          continue;
        }
        body_item(f_.body, true);
        quiet = false;
        failures = 0;
      } catch (const SyntaxError& e) {
        ++failures;
        if (!quiet) f_.errors.push_back(Error{e.span, e.message});
        quiet = true;
        std::uint32_t from = e.resume != 0 ? e.resume : std::max<std::uint32_t>(furthest_, item_start + 1);
        from = std::max(from, resync_from);
        p_ = resync(from, e.resume != 0);
        resync_from = p_;
      }
    }
  }

private:
  std::string_view s_;
  std::uint32_t p_ = 0;
  std::uint32_t end_;
  std::uint32_t furthest_ = 0;
  std::uint32_t max_depth_;
  std::uint32_t depth_ = 0;
  bool nl_ok_ = false;  // newlines are plain whitespace (inside brackets and parentheses)
  File& f_;
  Arena& a_ = *f_.arena;

  // The literal a template is reading: its bytes and, from the first byte
  // that does not follow the one before it in the file, a table of offsets.
  // One per nesting level of templates, kept for the next template.
  struct Literal {
    std::string text;
    std::vector<std::uint32_t> offsets;
    std::uint32_t first = 0;
    void append(const char* bytes, std::size_t n, std::uint32_t at) {
      if (text.empty()) first = at;
      if (offsets.empty() && at == first + text.size()) {
        text.append(bytes, n);
        return;
      }
      if (offsets.empty())
        for (std::size_t i = 0; i < text.size(); ++i) offsets.push_back(first + static_cast<std::uint32_t>(i));
      text.append(bytes, n);
      for (std::size_t i = 0; i < n; ++i) offsets.push_back(at + static_cast<std::uint32_t>(i));
    }
    void clear() {
      text.clear();
      offsets.clear();
      first = 0;
    }
  };
  std::vector<std::unique_ptr<Literal>> literals_;
  std::size_t literal_depth_ = 0;

  std::string_view copy(std::string_view s) { return a_.copy(s); }

  // ---- characters --------------------------------------------------------

  int peek(std::uint32_t ahead = 0) const {
    return p_ + ahead < end_ ? static_cast<unsigned char>(s_[p_ + ahead]) : -1;
  }
  void advance(std::uint32_t n = 1) {
    p_ = std::min(end_, p_ + n);
    furthest_ = std::max(furthest_, p_);
  }

  [[noreturn]] void fail(std::uint32_t at, json::Detail message, std::uint32_t resume = 0) {
    furthest_ = std::max(furthest_, at);
    std::uint32_t e = at < end_ ? at + 1 : at;
    throw SyntaxError{Span{at, e}, std::move(message), resume};
  }
  [[noreturn]] void fail(std::uint32_t at, Message message, std::uint32_t resume = 0) {
    fail(at, json::Detail{std::move(message), {}}, resume);
  }
  // "expected <expected>, found <what is at the cursor>".
  [[noreturn]] void unexpected(Message expected) {
    fail(p_, json::Detail{msg("terraform/syntax-error.unexpected"),
                          {{"expected", std::move(expected)}, {"found", describe(s_, p_)}}});
  }

  // Does the line at i start as an attribute: a name, blanks, then '='?
  bool attribute_line(std::uint32_t i) const {
    if (i >= end_ || !ident_start(static_cast<unsigned char>(s_[i]))) return false;
    while (i < end_ && ident_char(static_cast<unsigned char>(s_[i]))) ++i;
    while (i < end_ && (s_[i] == ' ' || s_[i] == '\t')) ++i;
    return i < end_ && s_[i] == '=' && (i + 1 >= end_ || s_[i + 1] != '=');
  }

  // The next line starting with a name in the first column, from `from`
  // (itself if `here` and it starts such a line).
  std::uint32_t resync(std::uint32_t from, bool here) {
    std::uint32_t i = from;
    if (!here || (i > 0 && s_[i - 1] != '\n')) {
      while (i < s_.size() && s_[i] != '\n') ++i;
    }
    while (i < s_.size()) {
      if (s_[i] == '\n') ++i;
      if (i < s_.size() && ident_start(static_cast<unsigned char>(s_[i]))) return i;
      while (i < s_.size() && s_[i] != '\n') ++i;
    }
    return static_cast<std::uint32_t>(s_.size());
  }

  // Skips blanks and comments; newlines too when `newlines` (or inside brackets).
  void skip_ws(bool newlines) {
    newlines = newlines || nl_ok_;
    while (p_ < end_) {
      char c = s_[p_];
      if (c == ' ' || c == '\t' || c == '\r') {
        advance();
      } else if (c == '\n') {
        if (!newlines) return;
        advance();
      } else if (c == '#' || (c == '/' && peek(1) == '/')) {
        while (p_ < end_ && s_[p_] != '\n') advance();
      } else if (c == '/' && peek(1) == '*') {
        std::uint32_t start = p_;
        auto close = s_.substr(0, end_).find("*/", p_ + 2);
        if (close == std::string_view::npos) {
          furthest_ = end_;
          fail(start, msg("terraform/syntax-error.comment-not-closed"));
        }
        p_ = static_cast<std::uint32_t>(close + 2);
        furthest_ = std::max(furthest_, p_);
      } else {
        return;
      }
    }
  }

  std::string ident() {
    std::uint32_t b = p_;
    while (p_ < end_ && ident_char(static_cast<unsigned char>(s_[p_]))) advance();
    return std::string(s_.substr(b, p_ - b));
  }

  struct DepthGuard {
    Parser& p;
    explicit DepthGuard(Parser& parser, std::uint32_t at) : p(parser) {
      if (++p.depth_ > p.max_depth_) p.fail(at, msg("terraform/syntax-error.too-deep", {{"depth", p.max_depth_}}));
    }
    ~DepthGuard() { --p.depth_; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;
  };

  struct NewlineMode {
    Parser& p;
    bool saved;
    NewlineMode(Parser& parser, bool ok) : p(parser), saved(parser.nl_ok_) { p.nl_ok_ = ok; }
    ~NewlineMode() { p.nl_ok_ = saved; }
    NewlineMode(const NewlineMode&) = delete;
    NewlineMode& operator=(const NewlineMode&) = delete;
  };

  Expr& new_expr(ExprType t, std::uint32_t begin) {
    Expr& e = f_.exprs.emplace_back();
    e.type = t;
    e.span = Span{begin, begin};
    return e;
  }

  // ---- bodies -------------------------------------------------------------

  // One attribute or block of `body`.
  void body_item(Block& body, bool top) {
    std::uint32_t start = p_;
    if (!ident_start(static_cast<unsigned char>(s_[p_]))) {
      if (s_[p_] == '}' && top) fail(p_, msg("terraform/syntax-error.unexpected-brace"));
      unexpected(msg("terraform/syntax-error.expected-attribute-or-block"));
    }
    std::string name = ident();
    Span name_span{start, p_};
    if (!top && top_level_keyword(name) && (start == 0 || s_[start - 1] == '\n')) {
      // `resource "t" "n" {` in the first column inside a block: the block
      // before it was not closed.
      NewlineMode nm(*this, false);
      skip_ws(false);
      if (peek() == '"' || peek() == '{')
        fail(start, msg("terraform/syntax-error.block-not-closed", {{"name", quoted(name)}}), start);
      p_ = name_span.end;
    }
    skip_ws(false);
    if (peek() == '=' && peek(1) != '=') {
      advance();
      const Expr* v = expression();
      skip_ws(false);
      if (p_ < end_ && s_[p_] != '\n' && s_[p_] != '}')
        unexpected(msg("terraform/syntax-error.expected-newline-after-value", {{"name", quoted(name)}}));
      body.attributes.push_back(Attribute{std::move(name), name_span, v});
      return;
    }
    Block& b = f_.blocks.emplace_back();
    b.type = std::move(name);
    b.type_span = name_span;
    while (true) {
      skip_ws(false);
      if (peek() == '{') break;
      if (peek() == '"') {
        std::uint32_t ls = p_;
        const Expr* label = quoted_template();
        std::string text;
        if (!literal_text(label, text)) fail(ls, msg("terraform/syntax-error.label-not-literal"));
        b.labels.push_back(std::move(text));
        b.label_spans.push_back(label->span);
      } else if (peek() >= 0 && ident_start(static_cast<unsigned char>(peek()))) {
        std::uint32_t ls = p_;
        b.labels.push_back(ident());
        b.label_spans.push_back(Span{ls, p_});
      } else {
        unexpected(msg("terraform/syntax-error.expected-label-or-brace", {{"name", quoted(b.type)}}));
      }
    }
    b.open = p_;
    DepthGuard g(*this, p_);
    advance();
    {
      NewlineMode nm(*this, false);
      while (true) {
        skip_ws(true);
        if (p_ >= end_) fail(b.open, msg("terraform/syntax-error.brace-not-closed", {{"name", quoted(b.type)}}));
        if (s_[p_] == '}') break;
        body_item(b, false);
      }
    }
    advance();
    b.span = Span{start, p_};
    body.blocks.push_back(&b);
  }

  // ---- expressions --------------------------------------------------------

  static int binary_operator_length(std::string_view rest) {
    if (rest.empty()) return 0;
    if (rest.starts_with("==") || rest.starts_with("!=") || rest.starts_with("<=") || rest.starts_with(">=") ||
        rest.starts_with("&&") || rest.starts_with("||"))
      return 2;
    switch (rest[0]) {
      case '+':
      case '-':
      case '*':
      case '/':
      case '%':
        return 1;
      case '<':
        return rest.starts_with("<<") ? 0 : 1;
      case '>':
        return 1;
      default:
        return 0;
    }
  }

  const Expr* expression() {
    skip_ws(false);
    std::uint32_t start = p_;
    const Expr* lhs = operand();
    bool computed = false;
    while (true) {
      skip_ws(false);
      int n = binary_operator_length(s_.substr(p_, end_ - p_));
      if (n == 0) break;
      advance(static_cast<std::uint32_t>(n));
      DepthGuard g2(*this, p_);
      operand();
      computed = true;
    }
    skip_ws(false);
    if (peek() == '?') {
      DepthGuard g(*this, p_);
      advance();
      expression();
      skip_ws(false);
      if (peek() != ':') unexpected(msg("terraform/syntax-error.expected-conditional-colon"));
      advance();
      expression();
      computed = true;
    }
    if (!computed) return lhs;
    Expr& e = new_expr(ExprType::Unknown, start);
    e.span.end = p_;
    return &e;
  }

  const Expr* operand() {
    skip_ws(false);
    std::uint32_t start = p_;
    int c = peek();
    if (c == '-' || c == '!') {
      advance();
      DepthGuard g(*this, p_);
      const Expr* inner = operand();
      if (c == '-' && inner->type == ExprType::Number && inner->span.begin == start + 1) {
        Expr& n = new_expr(ExprType::Number, start);
        n.text = copy("-" + std::string(inner->text));
        n.span.end = inner->span.end;
        return &n;
      }
      Expr& e = new_expr(ExprType::Unknown, start);
      e.span.end = p_;
      return &e;
    }
    const Expr* e = primary();
    return postfix(e, start);
  }

  const Expr* postfix(const Expr* base, std::uint32_t start) {
    Expr* ref = nullptr;
    std::string ref_text;  // the names so far, joined with '.'
    // A copied reference gets its text when the traversal ends.
    auto finish_ref = [&] {
      if (ref != nullptr && ref->text.empty()) ref->text = copy(ref_text);
    };
    bool computed = false;
    while (true) {
      // A traversal step must follow without a line break.
      int c = peek();
      if (c == '.' && peek(1) >= 0 && ident_start(static_cast<unsigned char>(peek(1)))) {
        advance();
        std::string n = ident();
        if (base->type == ExprType::Reference && !computed) {
          if (ref == nullptr) ref = &copy_ref(*base), ref_text = base->text;
          ref->names.push_back(a_, copy(n));
          ref_text += "." + n;
          ref->text = {};  // set when the traversal ends
          ref->span.end = p_;
        } else {
          computed = true;
        }
      } else if (c == '.' && peek(1) >= 0 && digit(static_cast<unsigned char>(peek(1)))) {
        advance();
        while (peek() >= 0 && digit(static_cast<unsigned char>(peek()))) advance();
        if (base->type == ExprType::Reference && !computed) {
          if (ref == nullptr) ref = &copy_ref(*base), ref_text = base->text;
          ref->indexed = true;
          ref->span.end = p_;
        } else {
          computed = true;
        }
      } else if (c == '.' && peek(1) == '*') {
        advance(2);
        computed = true;
      } else if (c == '[') {
        std::uint32_t open = p_;
        advance();
        NewlineMode nm(*this, true);
        skip_ws(true);
        if (peek() == '*') {
          advance();
          computed = true;
        } else {
          DepthGuard g(*this, open);
          expression();
          if (base->type == ExprType::Reference && !computed) {
            if (ref == nullptr) ref = &copy_ref(*base), ref_text = base->text;
            ref->indexed = true;
          } else {
            computed = true;
          }
        }
        skip_ws(true);
        if (peek() != ']') unexpected(msg("terraform/syntax-error.expected-index-close"));
        advance();
        if (ref != nullptr) ref->span.end = p_;
      } else {
        break;
      }
    }
    finish_ref();
    if (!computed) return ref != nullptr ? ref : base;
    Expr& e = new_expr(ExprType::Unknown, start);
    e.span.end = p_;
    return &e;
  }

  Expr& copy_ref(const Expr& base) {
    Expr& r = f_.exprs.emplace_back(base);
    // The copy's lists go on in room of their own (a reference has only
    // names; the others are sealed all the same).
    r.names.seal();
    r.parts.seal();
    r.items.seal();
    r.members.seal();
    r.commas.seal();
    return r;
  }

  const Expr* primary() {
    std::uint32_t start = p_;
    int c = peek();
    if (c < 0) unexpected(msg("terraform/syntax-error.expected-value"));
    if (c == '"') return quoted_template();
    if (c == '<' && peek(1) == '<') return heredoc();
    if (digit(static_cast<unsigned char>(c))) return number();
    if (c == '(') {
      advance();
      DepthGuard g(*this, start);
      NewlineMode nm(*this, true);
      const Expr* inner = expression();
      skip_ws(true);
      if (peek() != ')') unexpected(msg("terraform/syntax-error.expected-paren"));
      advance();
      return inner;
    }
    if (c == '[') return tuple();
    if (c == '{') return object();
    if (ident_start(static_cast<unsigned char>(c))) {
      std::string name = ident();
      // Provider-defined functions: provider::NAME::FUNCTION(...)
      while (peek() == ':' && peek(1) == ':') {
        advance(2);
        name += "::" + ident();
      }
      if (name == "true" || name == "false" || name == "null") {
        Expr& e = new_expr(name == "true" ? ExprType::True : name == "false" ? ExprType::False : ExprType::Null, start);
        e.span.end = p_;
        return &e;
      }
      std::uint32_t after = p_;
      skip_ws(false);
      if (peek() == '(') return call(std::move(name), start);
      p_ = after;
      Expr& e = new_expr(ExprType::Reference, start);
      e.text = copy(name);
      e.names.push_back(a_, e.text);
      e.span.end = p_;
      return &e;
    }
    unexpected(msg("terraform/syntax-error.expected-value"));
  }

  const Expr* number() {
    std::uint32_t start = p_;
    while (peek() >= 0 && digit(static_cast<unsigned char>(peek()))) advance();
    if (peek() == '.' && peek(1) >= 0 && digit(static_cast<unsigned char>(peek(1)))) {
      advance();
      while (peek() >= 0 && digit(static_cast<unsigned char>(peek()))) advance();
    }
    if (peek() == 'e' || peek() == 'E') {
      std::uint32_t save = p_;
      advance();
      if (peek() == '+' || peek() == '-') advance();
      if (peek() >= 0 && digit(static_cast<unsigned char>(peek()))) {
        while (peek() >= 0 && digit(static_cast<unsigned char>(peek()))) advance();
      } else {
        p_ = save;
      }
    }
    Expr& e = new_expr(ExprType::Number, start);
    e.text = copy(s_.substr(start, p_ - start));
    e.span.end = p_;
    return &e;
  }

  const Expr* call(std::string name, std::uint32_t start) {
    DepthGuard g(*this, p_);
    NewlineMode nm(*this, true);
    Expr& e = new_expr(ExprType::Call, start);
    e.text = copy(name);
    advance();  // (
    while (true) {
      skip_ws(true);
      if (peek() == ')') break;
      e.items.push_back(a_, expression());
      skip_ws(true);
      if (peek() == '.' && peek(1) == '.' && peek(2) == '.') {
        advance(3);
        skip_ws(true);
      }
      if (peek() == ',') {
        e.commas.push_back(a_, p_);
        advance();
        continue;
      }
      if (peek() != ')')
        unexpected(msg("terraform/syntax-error.expected-arguments", {{"function", std::string(e.text) + "()"}}));
    }
    advance();
    e.span.end = p_;
    return &e;
  }

  // `for` right after `[` or `{`: a for expression (its value is computed).
  bool at_for() {
    if (!(peek() == 'f' && peek(1) == 'o' && peek(2) == 'r')) return false;
    int after = peek(3);
    return after < 0 || !ident_char(static_cast<unsigned char>(after));
  }

  const Expr* for_expression(std::uint32_t start, char close) {
    advance(3);
    skip_ws(true);
    ident();
    skip_ws(true);
    if (peek() == ',') {
      advance();
      skip_ws(true);
      ident();
      skip_ws(true);
    }
    if (!(peek() == 'i' && peek(1) == 'n')) unexpected(msg("terraform/syntax-error.expected-for-in"));
    advance(2);
    expression();
    skip_ws(true);
    if (peek() != ':') unexpected(msg("terraform/syntax-error.expected-for-colon"));
    advance();
    expression();
    skip_ws(true);
    if (peek() == '=' && peek(1) == '>') {
      advance(2);
      expression();
      skip_ws(true);
      if (peek() == '.' && peek(1) == '.' && peek(2) == '.') advance(3);
      skip_ws(true);
    }
    if (peek() == 'i' && peek(1) == 'f' && (peek(2) < 0 || !ident_char(static_cast<unsigned char>(peek(2))))) {
      advance(2);
      expression();
      skip_ws(true);
    }
    if (peek() != close)
      unexpected(msg("terraform/syntax-error.expected-for-close", {{"close", std::string(1, close)}}));
    advance();
    Expr& e = new_expr(ExprType::Unknown, start);
    e.span.end = p_;
    return &e;
  }

  const Expr* tuple() {
    std::uint32_t start = p_;
    DepthGuard g(*this, start);
    NewlineMode nm(*this, true);
    advance();
    skip_ws(true);
    if (at_for()) return for_expression(start, ']');
    Expr& e = new_expr(ExprType::Tuple, start);
    while (true) {
      skip_ws(true);
      if (peek() == ']') break;
      e.items.push_back(a_, expression());
      skip_ws(true);
      if (peek() == ',') {
        e.commas.push_back(a_, p_);
        advance();
        continue;
      }
      if (peek() != ']') unexpected(msg("terraform/syntax-error.expected-list"));
    }
    advance();
    e.span.end = p_;
    return &e;
  }

  const Expr* object() {
    std::uint32_t start = p_;
    DepthGuard g(*this, start);
    NewlineMode nm(*this, false);
    advance();
    skip_ws(true);
    if (at_for()) {
      NewlineMode nm2(*this, true);
      return for_expression(start, '}');
    }
    Expr& e = new_expr(ExprType::Object, start);
    while (true) {
      skip_ws(true);
      if (peek() == '}') break;
      ObjectItem item;
      std::uint32_t ks = p_;
      if (peek() >= 0 && ident_start(static_cast<unsigned char>(peek()))) {
        // A bare name is the key itself, unless it goes on as an expression.
        std::string name = ident();
        std::uint32_t after = p_;
        skip_ws(false);
        if (peek() == '=' || peek() == ':') {
          Expr& k = new_expr(ExprType::Template, ks);
          k.span.end = after;
          k.open = ks;
          k.close = after;
          TemplatePart part;
          part.span = Span{ks, after};
          part.text = copy(name);
          part.first = ks;
          k.parts.push_back(a_, part);
          item.key = &k;
          item.bare_key = true;
        } else {
          p_ = ks;
          item.key = expression();
        }
      } else {
        item.key = expression();
      }
      skip_ws(false);
      if (peek() != '=' && peek() != ':') unexpected(msg("terraform/syntax-error.expected-object-key"));
      item.separator = p_;
      advance();
      item.value = expression();
      e.members.push_back(a_, item);
      skip_ws(false);
      if (peek() == ',') {
        e.commas.push_back(a_, p_);
        advance();
        continue;
      }
      if (peek() == '\n') continue;
      if (peek() != '}') unexpected(msg("terraform/syntax-error.expected-object"));
    }
    advance();
    e.span.end = p_;
    return &e;
  }

  // ---- templates ----------------------------------------------------------

  // Reads template content from p_ up to `stop` (exclusive). In a quoted
  // string (`quoted`), a '"' ends it, backslash escapes apply and a line
  // break is an error.
  void template_body(Expr& e, std::uint32_t stop, bool quoted) {
    if (literal_depth_ == literals_.size()) literals_.push_back(std::make_unique<Literal>());
    Literal& lit = *literals_[literal_depth_];
    lit.clear();
    struct Level {
      std::size_t& depth;
      explicit Level(std::size_t& d) : depth(d) { ++depth; }
      ~Level() { --depth; }
      Level(const Level&) = delete;
      Level& operator=(const Level&) = delete;
    } level(literal_depth_);
    std::uint32_t lit_begin = p_;
    // Directive nesting: while > 0, everything goes into the open directive part.
    int directives = 0;
    std::uint32_t directive_begin = 0;
    auto flush = [&]() {
      if (!lit.text.empty()) {
        TemplatePart part;
        part.text = copy(lit.text);
        part.first = lit.first;
        part.offsets.append(a_, lit.offsets.data(), lit.offsets.size());
        part.span = Span{lit_begin, p_};
        e.parts.push_back(a_, part);
      }
      lit.clear();
    };
    auto put = [&](char c, std::uint32_t at) {
      if (directives > 0) return;
      if (lit.text.empty()) lit_begin = at;
      lit.append(&c, 1, at);
    };
    while (p_ < stop) {
      char c = s_[p_];
      if (quoted && c == '"') break;
      if (quoted && (c == '\n' || c == '\r'))
        fail(e.span.begin, msg("terraform/syntax-error.string-not-closed-on-line"));
      if (c == '\\' && quoted) {
        std::uint32_t at = p_;
        e.escapes = true;
        if (p_ + 1 >= stop) fail(at, msg("terraform/syntax-error.backslash-at-end"));
        char n = s_[p_ + 1];
        switch (n) {
          case 'n':
            put('\n', at);
            advance(2);
            break;
          case 'r':
            put('\r', at);
            advance(2);
            break;
          case 't':
            put('\t', at);
            advance(2);
            break;
          case '"':
            put('"', at);
            advance(2);
            break;
          case '\\':
            put('\\', at);
            advance(2);
            break;
          case 'u':
          case 'U': {
            std::uint32_t digits = n == 'u' ? 4 : 8;
            std::uint32_t cp = 0;
            for (std::uint32_t k = 0; k < digits; ++k) {
              std::uint32_t i = p_ + 2 + k;
              int h = i < stop ? static_cast<unsigned char>(s_[i]) : -1;
              int v = h >= '0' && h <= '9'   ? h - '0'
                      : h >= 'a' && h <= 'f' ? h - 'a' + 10
                      : h >= 'A' && h <= 'F' ? h - 'A' + 10
                                             : -1;
              if (v < 0)
                fail(at, msg("terraform/syntax-error.hex-digits",
                             {{"escape", "\\" + std::string(1, n)}, {"digits", digits}}));
              cp = cp * 16 + static_cast<std::uint32_t>(v);
            }
            if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
              fail(at, msg("terraform/syntax-error.not-a-character"));
            advance(2 + digits);
            std::string u;
            if (cp < 0x80) {
              u += static_cast<char>(cp);
            } else if (cp < 0x800) {
              u += static_cast<char>(0xC0 | (cp >> 6));
              u += static_cast<char>(0x80 | (cp & 0x3F));
            } else if (cp < 0x10000) {
              u += static_cast<char>(0xE0 | (cp >> 12));
              u += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
              u += static_cast<char>(0x80 | (cp & 0x3F));
            } else {
              u += static_cast<char>(0xF0 | (cp >> 18));
              u += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
              u += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
              u += static_cast<char>(0x80 | (cp & 0x3F));
            }
            for (char b : u) put(b, at);
            break;
          }
          default:
            fail(at, json::Detail{msg("terraform/syntax-error.unknown-escape"), {{"found", describe(s_, p_ + 1)}}});
        }
        continue;
      }
      if ((c == '$' || c == '%') && p_ + 2 < stop && s_[p_ + 1] == c && s_[p_ + 2] == '{') {
        // $${ and %%{ stand for the literal ${ and %{.
        e.escapes = true;
        put(c, p_);
        put('{', p_ + 2);
        advance(3);
        continue;
      }
      if (c == '$' && p_ + 1 < stop && s_[p_ + 1] == '{') {
        std::uint32_t at = p_;
        if (directives == 0) flush();
        advance(2);
        const Expr* inner = nullptr;
        {
          DepthGuard g(*this, at);
          NewlineMode nm(*this, true);
          std::uint32_t saved_end = end_;
          end_ = stop;
          if (peek() == '~') advance();
          inner = expression();
          skip_ws(true);
          if (peek() == '~') advance();
          if (peek() != '}') unexpected(msg("terraform/syntax-error.expected-interpolation-close"));
          end_ = saved_end;
          advance();
        }
        if (directives == 0) {
          TemplatePart part;
          part.type = TemplatePart::Type::Interpolation;
          part.span = Span{at, p_};
          part.expr = inner;
          e.parts.push_back(a_, part);
          lit_begin = p_;
        }
        continue;
      }
      if (c == '%' && p_ + 1 < stop && s_[p_ + 1] == '{') {
        std::uint32_t at = p_;
        if (directives == 0) {
          flush();
          directive_begin = at;
        }
        advance(2);
        if (peek() == '~') advance();
        while (p_ < stop && (s_[p_] == ' ' || s_[p_] == '\t')) advance();
        std::string word = ident();
        // The rest of the directive is an expression (if, for ... in) or nothing.
        {
          DepthGuard g(*this, at);
          NewlineMode nm(*this, true);
          std::uint32_t saved_end = end_;
          end_ = stop;
          skip_ws(true);
          if (word == "for") {
            ident();
            skip_ws(true);
            if (peek() == ',') {
              advance();
              skip_ws(true);
              ident();
              skip_ws(true);
            }
            if (ident() != "in") fail(at, msg("terraform/syntax-error.for-needs-in", {{"directive", "%{for}"}}));
            expression();
          } else if (word == "if") {
            expression();
          } else if (word != "else" && word != "endif" && word != "endfor") {
            fail(at, msg("terraform/syntax-error.not-a-directive", {{"word", word}}));
          }
          skip_ws(true);
          if (peek() == '~') advance();
          if (peek() != '}') unexpected(msg("terraform/syntax-error.expected-directive-close"));
          end_ = saved_end;
          advance();
        }
        if (word == "if" || word == "for") ++directives;
        if (word == "endif" || word == "endfor") {
          if (directives == 0)
            fail(at, msg("terraform/syntax-error.no-opening-directive", {{"directive", "%{" + word + "}"}}));
          --directives;
        }
        if (directives == 0) {
          TemplatePart part;
          part.type = TemplatePart::Type::Directive;
          part.span = Span{directive_begin, p_};
          e.parts.push_back(a_, part);
          lit_begin = p_;
        }
        continue;
      }
      // A run of plain characters at once (most of a template): up to the
      // next byte that may start an escape, an interpolation or a directive,
      // or end the string.
      std::uint32_t run_end = p_ + 1;
      for (; run_end < stop; ++run_end) {
        char d = s_[run_end];
        if (d == '$' || d == '%' || (quoted && (d == '"' || d == '\\' || d == '\n' || d == '\r'))) break;
      }
      if (directives == 0) {
        if (lit.text.empty()) lit_begin = p_;
        lit.append(s_.data() + p_, run_end - p_, p_);
      }
      advance(run_end - p_);
    }
    if (directives > 0)
      fail(directive_begin,
           msg("terraform/syntax-error.directive-not-closed", {{"endif", "%{endif}"}, {"endfor", "%{endfor}"}}));
    flush();
  }

  const Expr* quoted_template() {
    std::uint32_t start = p_;
    Expr& e = new_expr(ExprType::Template, start);
    e.open = start;
    advance();
    template_body(e, end_, true);
    if (peek() != '"') fail(start, msg("terraform/syntax-error.string-not-closed"));
    e.close = p_;
    advance();
    e.span.end = p_;
    return &e;
  }

  const Expr* heredoc() {
    std::uint32_t start = p_;
    advance(2);
    bool flush = false;
    if (peek() == '-') {
      flush = true;
      advance();
    }
    if (peek() < 0 || !ident_start(static_cast<unsigned char>(peek())))
      unexpected(msg("terraform/syntax-error.expected-heredoc-marker"));
    std::string marker = ident();
    while (peek() == ' ' || peek() == '\t' || peek() == '\r') advance();
    if (peek() != '\n') unexpected(msg("terraform/syntax-error.expected-heredoc-newline", {{"marker", marker}}));
    advance();
    std::uint32_t content = p_;
    // Find the closing line: optional blanks, the marker, optional blanks/CR.
    std::uint32_t line = content, close_line = 0, after = 0;
    bool found = false;
    while (line <= end_) {
      std::uint32_t i = line;
      while (i < end_ && (s_[i] == ' ' || s_[i] == '\t')) ++i;
      if (s_.substr(i, end_ - i).starts_with(marker)) {
        std::uint32_t j = i + static_cast<std::uint32_t>(marker.size());
        while (j < end_ && (s_[j] == ' ' || s_[j] == '\t' || s_[j] == '\r')) ++j;
        if (j >= end_ || s_[j] == '\n') {
          close_line = line;
          after = i + static_cast<std::uint32_t>(marker.size());
          found = true;
          break;
        }
      }
      auto nl = s_.substr(0, end_).find('\n', line);
      if (nl == std::string_view::npos) break;
      line = static_cast<std::uint32_t>(nl + 1);
    }
    furthest_ = std::max(furthest_, found ? after : end_);
    if (!found) fail(start, msg("terraform/syntax-error.heredoc-not-closed", {{"marker", marker}}));
    Expr& e = new_expr(ExprType::Template, start);
    e.heredoc = true;
    e.open = content;
    e.close = close_line;
    p_ = content;
    template_body(e, close_line, false);
    if (flush) strip_indentation(e, content, close_line);
    p_ = after;
    e.span.end = p_;
    return &e;
  }

  // <<-: remove the smallest indentation of the content's non-blank lines
  // from every line (each literal byte keeps its own file offset).
  void strip_indentation(Expr& e, std::uint32_t begin, std::uint32_t end) {
    std::uint32_t min = UINT32_MAX;
    std::uint32_t i = begin;
    while (i < end) {
      std::uint32_t n = 0;
      while (i + n < end && (s_[i + n] == ' ' || s_[i + n] == '\t')) ++n;
      std::uint32_t j = i + n;
      bool blank = j >= end || s_[j] == '\n' || (s_[j] == '\r' && (j + 1 >= end || s_[j + 1] == '\n'));
      if (!blank) min = std::min(min, n);
      while (j < end && s_[j] != '\n') ++j;
      i = j + 1;
    }
    if (min == UINT32_MAX || min == 0) return;
    // Leading blanks of each line, by offset: their column, or none.
    std::vector<std::uint32_t> column(end - begin, UINT32_MAX);
    bool leading = true;
    std::uint32_t col = 0;
    for (std::uint32_t k = begin; k < end; ++k) {
      char c = s_[k];
      if (c == '\n') {
        leading = true;
        col = 0;
      } else if (leading && (c == ' ' || c == '\t')) {
        column[k - begin] = col++;
      } else {
        leading = false;
      }
    }
    for (auto& part : e.parts) {
      if (part.type != TemplatePart::Type::Literal) continue;
      std::string text;
      std::vector<std::uint32_t> offs;
      for (std::size_t k = 0; k < part.text.size(); ++k) {
        std::uint32_t at = part.offset(k);
        if (at >= begin && at < end && column[at - begin] < min) continue;
        text.push_back(part.text[k]);
        offs.push_back(at);
      }
      part.text = copy(text);
      part.offsets = {};
      part.offsets.append(a_, offs.data(), offs.size());
    }
  }
};

}  // namespace

File parse(std::string_view text, std::uint32_t max_depth) {
  File f;
  if (text.size() >= UINT32_MAX) {
    f.errors.push_back(Error{Span{0, 0}, json::Detail{msg("terraform/syntax-error.too-large"), {}}});
    return f;
  }
  // The arena's first block from the size of the text (its lists and texts
  // take about twice the text; a module of many small files would otherwise
  // leave most of a fixed first block of each file unused).
  f.arena = std::make_unique<Arena>(std::clamp<std::size_t>(2 * text.size(), 512, std::size_t{1} << 20));
  // The depth limit also bounds the recursion: capped so a generous limit
  // cannot exhaust the stack.
  Parser(text, std::clamp<std::uint32_t>(max_depth, 4, 256), f).run();
  return f;
}

const Expr* parse_template(std::string_view text, const std::vector<std::uint32_t>& offsets, File& into,
                           std::uint32_t max_depth) {
  if (text.size() >= UINT32_MAX || offsets.size() != text.size() + 1) return nullptr;
  std::size_t first = into.exprs.size();
  const Expr* out = nullptr;
  std::vector<Error> errors;
  try {
    Parser p(text, std::clamp<std::uint32_t>(max_depth, 4, 256), into);
    out = p.whole_template();
  } catch (const SyntaxError& e) {
    errors.push_back(Error{e.span, e.message});
  }
  auto map = [&](std::uint32_t& x) { x = offsets[std::min<std::size_t>(x, text.size())]; };
  auto map_span = [&](Span& s) {
    map(s.begin);
    if (s.end > 0 && s.end <= text.size()) {
      // An end offset is one past a byte: map the last byte, then step over it.
      std::uint32_t last = s.end - 1;
      s.end = offsets[last] + 1;
    } else {
      map(s.end);
    }
    if (s.end < s.begin) s.end = s.begin;
  };
  for (std::size_t i = first; i < into.exprs.size(); ++i) {
    Expr& e = into.exprs[i];
    map_span(e.span);
    map(e.open);
    map(e.close);
    for (auto& c : e.commas) map(c);
    for (auto& m : e.members) map(m.separator);
    for (auto& part : e.parts) {
      map_span(part.span);
      part.materialize(*into.arena);
      for (auto& o : part.offsets) map(o);
    }
  }
  for (auto& err : errors) {
    map_span(err.span);
    into.errors.push_back(std::move(err));
  }
  return out;
}

}  // namespace policylint::hcl
