#pragma once
// A light JSON tree in which every node knows its byte span, built with
// RapidJSON's iterative SAX reader (depth cannot overflow the stack).
// Duplicate object keys are kept in order: rules decide what they mean.
// Nodes, their child lists and their decoded strings live in one arena owned
// by the document: a document costs a few allocations, not several per node.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "policylint/source.hpp"

namespace policylint::json {

enum class Type : std::uint8_t { Null, False, True, Number, String, Array, Object };

// Human name of a type, as used in messages ("string", "array", ...).
std::string_view type_name(Type t);

struct Node;

struct Member {
  std::string_view key;  // decoded key (in the document's arena, or the text it borrows)
  Span key_span;         // span of the key including its quotes
  const Node* value;     // never null
};

struct Node {
  Type type = Type::Null;
  bool wildcard = false;  // a string whose text holds '*' or '?'
  // True when the reader has found that no string or key of this value can
  // hold a placeholder (the prefilter of model/placeholder_filter.hpp): the
  // placeholder rule skips it. False when one may, or the reader did not ask
  // (a tree RapidJSON read, a parse not given the sample names).
  bool no_placeholder = false;
  Span span;                           // the whole value (quotes and brackets included)
  std::string_view text;               // decoded string, or the raw number text
  std::span<const Node* const> items;  // array elements
  std::span<const Member> members;     // object members, in source order, duplicates kept

  bool is_string() const { return type == Type::String; }
  bool is_array() const { return type == Type::Array; }
  bool is_object() const { return type == Type::Object; }
  // First member with this key, or nullptr.
  const Member* find(std::string_view key) const;
};

// One closed set of problems the reader reports; each has a fixed message.
enum class ErrorCode : std::uint8_t {
  Syntax,         // RapidJSON parse error; detail holds the reason
  InvalidUtf8,    // bytes that are not UTF-8
  ByteOrderMark,  // a UTF-8 BOM at the start
  TooDeep,        // nesting deeper than Limits::max_depth
  TooLarge,       // file larger than Limits::max_bytes
  Empty,          // no JSON value at all
};

struct Error {
  ErrorCode code;
  std::uint32_t offset;  // byte offset where it was detected
  std::string detail;    // plain-words reason
};

struct Limits {
  std::uint32_t max_depth = 64;                 // documented in rules/json/nesting-too-deep.md
  std::uint64_t max_bytes = 32u * 1024 * 1024;  // documented in rules/json/file-too-large.md
  // Checked by the engine on each policy document before its rules run (past
  // either, json/file-too-large is reported and the rules are skipped). No
  // document the cloud accepts reaches them: the largest policy any service
  // takes, a KMS key policy, is 32,768 bytes.
  std::uint32_t max_statements = 1000;  // entries of the Statement array
  std::uint32_t max_string = 32768;     // bytes of one decoded key or string value
};

struct DuplicateKey {
  const Node* object;
  std::size_t first;   // index into object->members
  std::size_t second;  // index of the repeated key
};

namespace detail {

// Bump allocation in blocks that grow with the document; nothing is freed
// before the arena. Everything placed in it is trivially destructible. A
// finished arena leaves a few of its blocks to the next arena of the same
// thread (a run lints one document after another: the block of the last one
// is still in the cache, and costs no call to malloc).
class Arena {
public:
  explicit Arena(std::size_t first_block) : next_size_(first_block) {}
  ~Arena() { give_back(); }
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;
  // Moved, the blocks go with the arena (what was allocated stays where it
  // is); the arena moved from is empty.
  Arena(Arena&& other) noexcept { take(other); }
  Arena& operator=(Arena&& other) noexcept {
    if (this != &other) {
      give_back();
      take(other);
    }
    return *this;
  }
  void* allocate(std::size_t bytes, std::size_t align) {
    std::size_t pad = (align - reinterpret_cast<std::uintptr_t>(cur_) % align) % align;
    if (cur_ == nullptr || pad + bytes > left_) return grow(bytes, align);
    std::byte* out = cur_ + pad;
    cur_ = out + bytes;
    left_ -= pad + bytes;
    return out;
  }
  std::string_view copy(std::string_view s);
  template <typename T>
  std::span<const T> copy(std::span<const T> items) {
    if (items.empty()) return {};
    T* out = static_cast<T*>(allocate(items.size() * sizeof(T), alignof(T)));
    std::uninitialized_copy(items.begin(), items.end(), out);
    return {out, items.size()};
  }

private:
  void* grow(std::size_t bytes, std::size_t align);  // a new block, then allocate
  void give_back();                                  // the blocks, to the thread's cache or the heap
  void take(Arena& other) noexcept;                  // other's blocks and state; other left empty
  struct Block {
    std::unique_ptr<std::byte[]> bytes;
    std::size_t size = 0;
  };
  // The first block, then the others (most documents need one: no vector
  // to allocate for it).
  Block first_;
  std::vector<Block> more_;
  std::byte* cur_ = nullptr;
  std::size_t left_ = 0;
  std::size_t next_size_;
};

}  // namespace detail

// A parsed document. Nodes are owned by the document and stay valid (and at
// fixed addresses) for its lifetime, even when the document is moved; a
// document with a syntax error still holds whatever was parsed before the
// error, with root possibly null.
class Document {
public:
  const Node* root() const { return root_; }
  const std::vector<Error>& errors() const { return errors_; }
  const std::vector<DuplicateKey>& duplicates() const { return duplicates_; }
  bool ok() const { return root_ != nullptr && !has_fatal_; }
  // Bytes of the longest decoded string value or key of the tree.
  std::size_t longest_string() const { return longest_string_; }
  // Bytes of whitespace between the tokens of the root value (its span less
  // them is the value written without whitespace), as the fast reader
  // counted them; nullopt for a tree RapidJSON read.
  std::optional<std::uint32_t> root_blank() const {
    return root_blank_ == kUnknown ? std::nullopt : std::optional<std::uint32_t>(root_blank_);
  }
  // True when the reader saw that every byte of the text is ASCII (false:
  // some byte may not be).
  bool ascii() const { return ascii_; }

private:
  friend Document parse(std::string_view text, const Limits& limits);
  friend class Builder;
  // Nodes, child lists, strings. Held in the document (no allocation of its
  // own); its blocks stay where they are when the document is moved.
  detail::Arena arena_{0};
  const Node* root_ = nullptr;
  std::vector<Error> errors_;
  std::vector<DuplicateKey> duplicates_;
  bool has_fatal_ = false;
  bool ascii_ = false;
  std::size_t longest_string_ = 0;
  static constexpr std::uint32_t kUnknown = UINT32_MAX;
  std::uint32_t root_blank_ = kUnknown;
};

// Parses text. Never throws for bad input: problems are in errors().
Document parse(std::string_view text, const Limits& limits = {});

// Offset of the first invalid UTF-8 sequence, if any.
std::optional<std::uint32_t> find_invalid_utf8(std::string_view text);

}  // namespace policylint::json
