#pragma once
// A small reader for Terraform's HCL native syntax: bodies of attributes and
// blocks, and expressions made of literals, templates (quoted strings and
// heredocs with interpolations and directives), tuples, objects, function
// calls and references. Operators, conditionals, for expressions and splats
// are read (so the file stays in step) but their value is Unknown: nothing
// here evaluates anything.
//
// Recursive descent with an explicit depth limit (every nesting of blocks,
// brackets, parentheses, interpolations and operands counts one level); time
// is linear in the input; any bytes are accepted without a crash. A syntax
// error stops the top-level block it is in; reading resumes at the next line
// that starts in the first column with a name, so other blocks are still read.
#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "../json/messages.hpp"
#include "policylint/json.hpp"
#include "policylint/source.hpp"

namespace policylint::hcl {

struct Expr;

using Arena = json::detail::Arena;

// A list kept in a file's arena, read like a vector. push_back doubles the
// room when it is full; the old room stays in the arena until the file goes
// (at most as much again). Elements are plain data: nothing to destroy.
template <typename T>
class List {
  static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>);

public:
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  T& operator[](std::size_t i) { return data_[i]; }
  const T& operator[](std::size_t i) const { return data_[i]; }
  T* begin() { return data_; }
  T* end() { return data_ + size_; }
  const T* begin() const { return data_; }
  const T* end() const { return data_ + size_; }
  const T* data() const { return data_; }

  void push_back(Arena& arena, const T& v) {
    if (size_ == cap_) grow(arena, size_ + 1);
    data_[size_++] = v;
  }
  void append(Arena& arena, const T* items, std::size_t n) {
    if (n == 0) return;
    if (size_ + n > cap_) grow(arena, size_ + n);
    std::memcpy(static_cast<void*>(data_ + size_), items, n * sizeof(T));
    size_ += static_cast<std::uint32_t>(n);
  }
  // A copy of a node shares its lists. Sealed, the copy's next push_back
  // moves its list to room of its own (the original's pushes go past the
  // shared entries, which the copy does not see).
  void seal() { cap_ = size_; }

private:
  void grow(Arena& arena, std::size_t need) {
    std::size_t cap = std::max<std::size_t>(need, std::size_t{2} * cap_);
    T* d = static_cast<T*>(arena.allocate(cap * sizeof(T), alignof(T)));
    if (size_ != 0) std::memcpy(static_cast<void*>(d), data_, size_ * sizeof(T));
    data_ = d;
    cap_ = static_cast<std::uint32_t>(cap);
  }
  T* data_ = nullptr;
  std::uint32_t size_ = 0;
  std::uint32_t cap_ = 0;
};

// One piece of a template: text known offline, or an interpolation
// `${...}`, or a directive region `%{if}...%{endif}` / `%{for}...%{endfor}`
// (taken whole: its value is not known offline).
struct TemplatePart {
  enum class Type : std::uint8_t { Literal, Interpolation, Directive };
  Type type = Type::Literal;
  // Literal: the decoded bytes (in the file's arena) and, for each, the
  // offset in the file of the character or escape it came from: offsets[i],
  // or first + i when offsets is empty (no escape: the usual literal, kept
  // without a table).
  std::string_view text;
  List<std::uint32_t> offsets;
  std::uint32_t first = 0;
  std::uint32_t offset(std::size_t i) const {
    return offsets.empty() ? first + static_cast<std::uint32_t>(i) : offsets[i];
  }
  // Gives the bytes a table of offsets.
  void materialize(Arena& arena) {
    if (!offsets.empty() || text.empty()) return;
    for (std::size_t i = 0; i < text.size(); ++i) offsets.push_back(arena, first + static_cast<std::uint32_t>(i));
  }
  Span span;                   // the part as written (for an interpolation: `${` to `}`)
  const Expr* expr = nullptr;  // Interpolation: the expression inside
};

enum class ExprType : std::uint8_t {
  Template,  // "..." or a heredoc
  Number,
  True,
  False,
  Null,
  Tuple,
  Object,
  Call,
  Reference,  // var.x, local.y, data.t.n.document, path.module, ...
  Unknown,    // operators, conditionals, for expressions, splats, anything computed
};

struct ObjectItem {
  const Expr* key = nullptr;  // a bare name is a Template holding that name
  bool bare_key = false;      // written as a name, not a quoted string
  const Expr* value = nullptr;
  std::uint32_t separator = 0;  // offset of the `=` or `:`
};

// A node of an expression. Its texts and lists are in the file's arena.
struct Expr {
  ExprType type = ExprType::Unknown;
  bool heredoc = false;
  bool escapes = false;  // a backslash escape, `$${` or `%%{` (decoded text is not the file's bytes)
  bool indexed = false;  // Reference: an index step was left out of names
  Span span;
  std::uint32_t open = 0;   // Template: offset of the opening quote (heredoc: first content byte)
  std::uint32_t close = 0;  // Template: offset of the closing quote (heredoc: end of the content)
  // Template
  List<TemplatePart> parts;
  // Number: raw text; Call: function name; Reference: names joined with '.'
  // (index steps are left out; `indexed` says there was one).
  std::string_view text;
  List<std::string_view> names;  // Reference: the names of the traversal
  List<const Expr*> items;       // Tuple items, Call arguments
  List<ObjectItem> members;      // Object
  List<std::uint32_t> commas;    // Tuple/Object/Call: offsets of the separating commas
};

struct Block;

struct Attribute {
  std::string name;
  Span name_span;
  const Expr* value = nullptr;
};

struct Block {
  std::string type;
  Span type_span;
  std::vector<std::string> labels;
  std::vector<Span> label_spans;
  Span span;               // type to closing brace
  std::uint32_t open = 0;  // offset of `{`
  std::vector<Attribute> attributes;
  std::vector<const Block*> blocks;

  const Attribute* attribute(std::string_view name) const;
};

struct Error {
  Span span;
  json::Detail message;  // plain words (rules/messages/terraform.tsv), rendered in the run's language
};

// Nodes that keep their addresses, made a chunk at a time: chunks of 8, 8,
// 16, 32, ... 256 nodes, then 256 each (a std::deque allocates every two or
// three nodes of this size; a fixed large chunk would be mostly unused in a
// small file).
template <typename T>
class Nodes {
public:
  Nodes() = default;
  Nodes(Nodes&& o) noexcept : chunks_(std::move(o.chunks_)), size_(std::exchange(o.size_, 0)) {}
  Nodes& operator=(Nodes&& o) noexcept {
    chunks_ = std::move(o.chunks_);
    size_ = std::exchange(o.size_, 0);
    return *this;
  }
  T& emplace_back() {
    auto [chunk, at] = locate(size_);
    if (chunk == chunks_.size()) chunks_.push_back(std::make_unique<T[]>(chunk_size(chunk)));
    ++size_;
    return chunks_[chunk][at];
  }
  T& emplace_back(const T& v) { return emplace_back() = v; }
  std::size_t size() const { return size_; }
  T& operator[](std::size_t i) {
    auto [chunk, at] = locate(i);
    return chunks_[chunk][at];
  }
  const T& operator[](std::size_t i) const {
    auto [chunk, at] = locate(i);
    return chunks_[chunk][at];
  }

private:
  static constexpr std::size_t kLast = 256;  // the largest chunk
  static std::size_t chunk_size(std::size_t chunk) {
    return chunk == 0 ? 8 : chunk >= 6 ? kLast : std::size_t{8} << (chunk - 1);
  }
  // The chunk of node i and its place there: chunk 0 holds 0-7, chunk k
  // (1 <= k <= 6) holds [8 * 2^(k-1), 8 * 2^k), then 256 a chunk from 256 on.
  static std::pair<std::size_t, std::size_t> locate(std::size_t i) {
    if (i < 8) return {0, i};
    if (i < kLast) {
      auto k = static_cast<std::size_t>(std::bit_width(i)) - 3;
      return {k, i - (std::size_t{1} << (k + 2))};
    }
    return {6 + (i - kLast) / kLast, (i - kLast) % kLast};
  }
  std::vector<std::unique_ptr<T[]>> chunks_;
  std::size_t size_ = 0;
};

// A parsed file. Every node is owned by the file and keeps its address.
struct File {
  Block body;  // the top level: attributes (none are valid) and blocks
  std::vector<Error> errors;
  Nodes<Expr> exprs;
  Nodes<Block> blocks;
  // The expressions' texts and lists (blocks it leaves to the next file read
  // on the same thread).
  std::unique_ptr<Arena> arena = std::make_unique<Arena>(std::size_t{4} << 10);
};

File parse(std::string_view text, std::uint32_t max_depth);

// Reads `text` (decoded from elsewhere, e.g. a JSON string of a .tf.json
// file) as a whole template, where byte i of text is at offsets[i] of the
// file (offsets.size() == text.size() + 1). The nodes go into `into`, with
// file offsets; on a syntax error it is added to into.errors and the result
// is null.
const Expr* parse_template(std::string_view text, const std::vector<std::uint32_t>& offsets, File& into,
                           std::uint32_t max_depth);

// The decoded literal text of a template without interpolations or
// directives, or false if it has any.
bool literal_text(const Expr* e, std::string& out);

}  // namespace policylint::hcl
