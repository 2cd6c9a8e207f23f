// This file's copy of RapidJSON is compiled with its SSE2 scans (strings and
// whitespace 16 bytes at a time) in a namespace of its own, so that it shares
// no inline function or template with the other files' RapidJSON (compiled
// without them): the two copies cannot be mixed up at link time.
#if defined(__SSE2__) && !defined(RAPIDJSON_SSE2) && !defined(RAPIDJSON_SSE42)
#define RAPIDJSON_SSE2
#endif
#define RAPIDJSON_NAMESPACE policylint_json_rapidjson
#include <rapidjson/reader.h>
#include <rapidjson/stream.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <new>
#include <type_traits>
#include <unordered_map>

#include "json/messages.hpp"
#include "model/placeholder_filter.hpp"
#include "policylint/json.hpp"
#include "util/text.hpp"

namespace rapidjson = policylint_json_rapidjson;

namespace policylint_json_rapidjson {
// The in-situ stream is read in place, not through a local copy: RapidJSON
// writes a copy back only when a token is done, after the handler's call, and
// the handler takes each token's end from the stream's position.
template <>
struct StreamTraits<InsituStringStream> {
  enum { copyOptimization = 0 };
};
}  // namespace policylint_json_rapidjson

namespace policylint::json {

std::string_view type_name(Type t) {
  switch (t) {
    case Type::Null:
      return "null";
    case Type::False:
    case Type::True:
      return "boolean";
    case Type::Number:
      return "number";
    case Type::String:
      return "string";
    case Type::Array:
      return "array";
    case Type::Object:
      return "object";
  }
  return "value";
}

const Member* Node::find(std::string_view key) const {
  for (const auto& m : members)
    if (m.key == key) return &m;
  return nullptr;
}

std::optional<std::uint32_t> find_invalid_utf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t n = text.size(), i = 0;
  while (i < n) {
    unsigned char c = s[i];
    if (c < 0x80) {
      i += util::ascii_run(text.substr(i));
      continue;
    }
    std::size_t len;
    std::uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2, cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3, cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4, cp = c & 0x07;
    } else {
      return static_cast<std::uint32_t>(i);
    }
    if (i + len > n) return static_cast<std::uint32_t>(i);
    for (std::size_t k = 1; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return static_cast<std::uint32_t>(i);
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
      return static_cast<std::uint32_t>(i);
    i += len;
  }
  return std::nullopt;
}

namespace {

// Plain-words reasons for RapidJSON's error codes (our own wording), as ids
// of rules/messages/json.tsv.
std::string_view reason(rapidjson::ParseErrorCode code) {
  using namespace rapidjson;
  switch (code) {
    case kParseErrorDocumentEmpty:
      return "json/syntax-error.empty";
    case kParseErrorDocumentRootNotSingular:
      return "json/syntax-error.not-singular";
    case kParseErrorValueInvalid:
      return "json/syntax-error.value-invalid";
    case kParseErrorObjectMissName:
      return "json/syntax-error.miss-name";
    case kParseErrorObjectMissColon:
      return "json/syntax-error.miss-colon";
    case kParseErrorObjectMissCommaOrCurlyBracket:
      return "json/syntax-error.miss-comma-brace";
    case kParseErrorArrayMissCommaOrSquareBracket:
      return "json/syntax-error.miss-comma-bracket";
    case kParseErrorStringUnicodeEscapeInvalidHex:
      return "json/syntax-error.unicode-hex";
    case kParseErrorStringUnicodeSurrogateInvalid:
      return "json/syntax-error.surrogate";
    case kParseErrorStringEscapeInvalid:
      return "json/syntax-error.escape";
    case kParseErrorStringMissQuotationMark:
      return "json/syntax-error.unclosed-string";
    case kParseErrorStringInvalidEncoding:
      return "json/syntax-error.string-encoding";
    case kParseErrorNumberTooBig:
      return "json/syntax-error.number-too-big";
    case kParseErrorNumberMissFraction:
      return "json/syntax-error.number-fraction";
    case kParseErrorNumberMissExponent:
      return "json/syntax-error.number-exponent";
    case kParseErrorTermination:
      return "json/syntax-error.termination";
    default:
      return "json/syntax-error.unspecific";
  }
}

// A NUL byte where the parser stopped: said, with the parser's reason.
Detail nul_byte(std::string_view why) { return Detail{msg("json/syntax-error.nul"), {{"message", msg(why)}}}; }

}  // namespace

namespace detail {

namespace {

// The blocks finished arenas of this thread left behind: at most kKeep, of at
// most kKeepBytes each, so what stays allocated between documents is bounded
// whatever their size. A larger block replaces the smallest kept one, so the
// cache ends up holding blocks large enough for the documents of the run.
class BlockCache {
public:
  static constexpr std::size_t kKeep = 4;
  static constexpr std::size_t kKeepBytes = std::size_t{1} << 20;

  ~BlockCache();
  // The smallest kept block of at least size bytes (its size in size), or
  // null: a small arena does not take the block a large one will need.
  std::byte* take(std::size_t& size) {
    std::size_t best = count_;
    for (std::size_t i = 0; i < count_; ++i)
      if (sizes_[i] >= size && (best == count_ || sizes_[i] < sizes_[best])) best = i;
    if (best == count_) return nullptr;
    std::byte* b = blocks_[best];
    size = sizes_[best];
    --count_;
    blocks_[best] = blocks_[count_];
    sizes_[best] = sizes_[count_];
    return b;
  }
  // Keeps b or frees it (or the smallest kept block, for b).
  void give(std::byte* b, std::size_t size) {
    if (size > kKeepBytes) {
      delete[] b;
      return;
    }
    if (count_ < kKeep) {
      blocks_[count_] = b;
      sizes_[count_++] = size;
      return;
    }
    std::size_t smallest = 0;
    for (std::size_t i = 1; i < count_; ++i)
      if (sizes_[i] < sizes_[smallest]) smallest = i;
    if (sizes_[smallest] >= size) {
      delete[] b;
      return;
    }
    delete[] blocks_[smallest];
    blocks_[smallest] = b;
    sizes_[smallest] = size;
  }

private:
  std::byte* blocks_[kKeep] = {};
  std::size_t sizes_[kKeep] = {};
  std::size_t count_ = 0;
};

// Set when the thread's cache is destroyed: an arena that outlives it (one
// destroyed at exit, after the thread's objects) frees its blocks itself.
thread_local bool cache_gone = false;
thread_local BlockCache block_cache;

BlockCache::~BlockCache() {
  for (std::size_t i = 0; i < count_; ++i) delete[] blocks_[i];
  cache_gone = true;
}

}  // namespace

void Arena::give_back() {
  auto give = [](Block& b) {
    if (b.bytes == nullptr) return;
    if (cache_gone)
      b.bytes.reset();
    else
      block_cache.give(b.bytes.release(), b.size);
  };
  give(first_);
  for (Block& b : more_) give(b);
  first_ = Block{};
  more_.clear();
  cur_ = nullptr;
  left_ = 0;
}

void Arena::take(Arena& other) noexcept {
  first_ = std::exchange(other.first_, Block{});
  more_ = std::exchange(other.more_, {});
  cur_ = std::exchange(other.cur_, nullptr);
  left_ = std::exchange(other.left_, 0);
  next_size_ = other.next_size_;
}

void* Arena::grow(std::size_t bytes, std::size_t align) {
  std::size_t size = std::max(next_size_, bytes + align);
  std::size_t kept = size;
  Block block;
  if (std::byte* b = cache_gone ? nullptr : block_cache.take(kept)) {
    block = Block{std::unique_ptr<std::byte[]>(b), kept};
    size = kept;
  } else {
    block = Block{std::make_unique_for_overwrite<std::byte[]>(size), size};
  }
  // Kept first, then used: a push_back that throws leaves cur_ as it was.
  std::byte* room = block.bytes.get();
  if (first_.bytes == nullptr)
    first_ = std::move(block);
  else
    more_.push_back(std::move(block));
  cur_ = room;
  left_ = size;
  next_size_ = std::min<std::size_t>(size * 2, std::size_t{64} << 20);
  return allocate(bytes, align);
}

std::string_view Arena::copy(std::string_view s) {
  if (s.empty()) return {};
  char* out = static_cast<char*>(allocate(s.size(), 1));
  std::memcpy(out, s.data(), s.size());
  return {out, s.size()};
}

}  // namespace detail

// SAX handler that builds the tree. Reader positions: RapidJSON's iterative
// reader calls StartObject/StartArray/EndObject/EndArray with the stream at
// the bracket, the recursive one just after it; both call
// String/Key/RawNumber/Bool/Null after the token.
//
// The fast reader reads a copy the document owns (its arena's first block),
// or the text itself when the caller keeps it for the document's life
// (parse_borrowed); RapidJSON reads a copy in situ, decoding strings in
// place. The tree's strings and numbers are views into the text read, not
// copies of their own (the fast reader decodes a string with escapes into
// the arena).
//
// A container's children are collected on a shared stack while it is open and
// copied into the arena as one list when it closes (or when the parse stops
// inside it), so no node owns a growing vector.
// Bytes of tree (nodes, child lists) per byte of text in a typical policy
// document, with room to spare: the arena's first block holds the whole tree.
constexpr std::size_t kTreeBytesPerByte = 4;
// The most room the first block keeps for a tree (a large file's tree, if
// larger, grows the arena as it is built).
constexpr std::size_t kMaxTreeBlock = std::size_t{64} << 20;

class Builder {
  struct Open {
    Node* node;
    std::size_t first;  // its first child in items or members
    bool may_hold;      // may a string or key read in it so far hold a placeholder
  };

public:
  // The stacks of the open containers, kept from one document to the next on
  // each thread so that a document does not allocate them again.
  struct Scratch {
    std::vector<Open> stack;
    std::vector<const Node*> items;  // children of the open arrays, innermost last
    std::vector<Member> members;     // members of the open objects, innermost last
    std::unordered_map<std::string_view, std::size_t> first_of_key;
    // Empties the stacks, and gives back the memory a very large document
    // took. A container is released by swapping it with an empty one: `c = {}`
    // assigns an empty initializer list and keeps the capacity. The table is
    // cleared only when it holds keys, and kept only while small: clear()
    // writes every bucket, even of an empty table, and reset() runs twice per
    // document (after a document of 100 000 keys, every later document of the
    // thread paid for a megabyte of buckets).
    void reset() {
      constexpr std::size_t kKeep = 1 << 16, kKeepBuckets = 1 << 10;
      stack.clear();
      items.clear();
      members.clear();
      if (!first_of_key.empty()) first_of_key.clear();
      if (stack.capacity() > kKeep) release(stack);
      if (items.capacity() > kKeep) release(items);
      if (members.capacity() > kKeep) release(members);
      if (first_of_key.bucket_count() > kKeepBuckets) release(first_of_key);
    }
    template <typename C>
    static void release(C& c) {
      C().swap(c);
    }
  };

  Builder(Document& doc, Scratch& scratch, const rapidjson::InsituStringStream& is, std::string_view text,
          std::uint32_t base, const Limits& limits)
      : doc_(doc),
        arena_(doc.arena_),
        stack_(scratch.stack),
        items_(scratch.items),
        members_(scratch.members),
        first_of_key_(scratch.first_of_key),
        is_(is),
        text_(text),
        base_(base),
        limits_(limits) {}

  bool Null() { return leaf(Type::Null, 4, {}); }
  bool Bool(bool b) { return leaf(b ? Type::True : Type::False, b ? 4 : 5, {}); }
  bool Int(int) { return false; }
  bool Uint(unsigned) { return false; }
  bool Int64(std::int64_t) { return false; }
  bool Uint64(std::uint64_t) { return false; }
  bool Double(double) { return false; }
  // The number's bytes in the document's copy (RapidJSON's pointer is not
  // its start when the stream is read in place).
  bool RawNumber(const char*, rapidjson::SizeType len, bool) {
    return leaf(Type::Number, len, std::string_view(is_.head_ + (offset() - len), len));
  }
  // s is the string decoded in place in the document's copy.
  bool String(const char* s, rapidjson::SizeType len, bool) {
    std::uint32_t end = pos();
    std::uint32_t begin = string_begin(end);
    add_leaf(Type::String, Span{begin, end}, std::string_view(s, len), util::has_wildcard(std::string_view(s, len)));
    return true;
  }
  bool Key(const char* s, rapidjson::SizeType len, bool) {
    std::uint32_t end = pos();
    longest_ = std::max<std::size_t>(longest_, len);
    pending_key_ = std::string_view(s, len);
    pending_key_span_ = Span{string_begin(end), end};
    last_ = end;
    return true;
  }
  bool StartObject() { return open(Type::Object); }
  bool StartArray() { return open(Type::Array); }
  bool EndObject(rapidjson::SizeType) { return close(true); }
  bool EndArray(rapidjson::SizeType) { return close(true); }

  bool too_deep() const { return too_deep_; }
  // The deepest nesting the recursive reader is used for (a few hundred bytes
  // of stack per level).
  static constexpr std::uint32_t kRecursiveDepth = 512;
  std::uint32_t too_deep_at() const { return too_deep_at_; }

  // Gives the containers the parse stopped inside the children read so far
  // (their spans keep ending after the opening bracket), puts the duplicate
  // keys in source order, and gives the document its longest string.
  void finish() {
    while (!stack_.empty()) close(false);
    doc_.longest_string_ = longest_;
    std::sort(doc_.duplicates_.begin(), doc_.duplicates_.end(), [](const DuplicateKey& a, const DuplicateKey& b) {
      return a.object->members[a.second].key_span.begin < b.object->members[b.second].key_span.begin;
    });
  }

  // parse(), with each error's message added to messages when not null.
  // borrowed: text is a std::string's (a NUL follows it) that outlives the
  // document; the tree's strings may then be views into it.
  static Document run(std::string_view text, const Limits& limits, std::vector<Detail>* messages,
                      std::vector<std::uint32_t>* line_starts, const model::filter::Samples* samples, bool borrowed);

private:
  // Where the reader is, as an offset into the body (the text after a BOM).
  std::uint32_t offset() const { return static_cast<std::uint32_t>(is_.src_ - is_.head_); }
  std::uint32_t pos() const { return base_ + offset(); }

  // The opening quote of the string that ends (after its closing quote) at
  // end: the first '"' after the previous token (only whitespace, ',' and ':'
  // lie between), found without reading the string. Every callback moves
  // last_, so the quote is always there; the closing one bounds the search.
  std::uint32_t string_begin(std::uint32_t end) const {
    return static_cast<std::uint32_t>(std::min<std::size_t>(text_.find('"', last_), end - 1));
  }

  bool leaf(Type t, std::uint32_t len, std::string_view text) {
    std::uint32_t end = pos();
    add_leaf(t, Span{end - len, end}, text);
    return true;
  }

  Node* new_node(Type t, Span span) {
    Node* n = new (arena_.allocate(sizeof(Node), alignof(Node))) Node{};
    n->type = t;
    n->span = span;
    return n;
  }

  [[gnu::always_inline]] Node* add_leaf(Type t, Span span, std::string_view text, bool wildcard = false) {
    if (t == Type::String) longest_ = std::max(longest_, text.size());
    Node* n = new_node(t, span);
    n->text = text;
    n->wildcard = wildcard;
    attach(n);
    last_ = span.end;
    return n;
  }

  [[gnu::always_inline]] void attach(const Node* n) {
    if (stack_.empty()) {
      doc_.root_ = n;
      return;
    }
    if (stack_.back().node->type == Type::Array) {
      items_.push_back(n);
    } else {
      members_.push_back(Member{pending_key_, pending_key_span_, n});
      pending_key_ = {};
    }
  }

  bool open(Type t) { return open_at(t, pos() - (recursive_ ? 1 : 0)); }
  bool close(bool closed) { return close_at(closed, pos() + (recursive_ ? 0 : 1)); }

public:
  // The tree's events at given offsets of the text (the fast reader's).
  void key_at(Span span, std::string_view key) {
    longest_ = std::max(longest_, key.size());
    pending_key_ = key;
    pending_key_span_ = span;
  }
  // A leaf, with the placeholder prefilter's answer (may: may the string
  // hold one; false for a number or literal; not looked at unless filtered_).
  [[gnu::always_inline]] void leaf_at(Type t, Span span, std::string_view text, bool wildcard, bool may) {
    Node* n = add_leaf(t, span, text, wildcard);
    if (!filtered_) return;
    n->no_placeholder = !may;
    if (may && !stack_.empty()) stack_.back().may_hold = true;
  }
  // A key the prefilter says may hold a placeholder (the innermost open
  // container is its object).
  void key_may_hold() { stack_.back().may_hold = true; }
  // False past the nesting limit.
  [[gnu::always_inline]] bool open_at(Type t, std::uint32_t bracket) {
    if (stack_.size() >= limits_.max_depth) {
      too_deep_ = true;
      too_deep_at_ = bracket;
      return false;
    }
    Node* n = new_node(t, Span{bracket, bracket + 1});
    last_ = bracket + 1;
    attach(n);
    stack_.push_back(Open{n, t == Type::Array ? items_.size() : members_.size(), false});
    return true;
  }

  // end: after the closing bracket, if closed.
  bool close_at(bool closed, std::uint32_t end) {
    Open o = stack_.back();
    stack_.pop_back();
    if (closed) o.node->span.end = last_ = end;
    if (filtered_) {
      o.node->no_placeholder = !o.may_hold;
      if (o.may_hold && !stack_.empty()) stack_.back().may_hold = true;
    }
    if (o.node->type == Type::Array) {
      o.node->items = move_to_arena(items_, o.first);
    } else {
      o.node->members = move_to_arena(members_, o.first);
      if (o.node->members.size() > 1) find_duplicates(o.node);  // one key has no duplicate
    }
    return true;
  }

  // The entries of v from first on, copied into the arena in one piece (they
  // are trivially copyable) and taken off v.
  template <typename T>
  std::span<const T> move_to_arena(std::vector<T>& v, std::size_t first) {
    static_assert(std::is_trivially_copyable_v<T>);
    std::size_t n = v.size() - first;
    if (n == 0) return {};
    T* out = static_cast<T*>(arena_.allocate(n * sizeof(T), alignof(T)));
    // A few entries (the usual container) by a loop the compiler unrolls,
    // not a call.
    if (n <= 4) {
      for (std::size_t i = 0; i < n; ++i) out[i] = v[first + i];
    } else {
      std::memcpy(static_cast<void*>(out), v.data() + first, n * sizeof(T));
    }
    v.resize(first);
    return {out, n};
  }

  // Is the innermost open container an array? (Some container is open.)
  bool in_array() const { return stack_.back().node->type == Type::Array; }
  bool nothing_open() const { return stack_.empty(); }

private:
  // Each member whose key an earlier member of the object has, paired with
  // the first of them: by comparison in small objects, through a hash table
  // in large ones (a hostile object may have 100 000 keys).
  void find_duplicates(const Node* object) {
    std::span<const Member> m = object->members;
    if (m.size() <= 16) {
      // Keys of one length ("Action", "Effect") mostly differ in their first
      // or last byte: tested before a call to compare the rest.
      auto same = [](std::string_view a, std::string_view b) {
        return a.size() == b.size() && (a.empty() || (a.front() == b.front() && a.back() == b.back() && a == b));
      };
      for (std::size_t i = 1; i < m.size(); ++i)
        for (std::size_t j = 0; j < i; ++j)
          if (same(m[j].key, m[i].key)) {
            doc_.duplicates_.push_back(DuplicateKey{object, j, i});
            break;
          }
      return;
    }
    if (!first_of_key_.empty()) first_of_key_.clear();
    first_of_key_.reserve(m.size());
    for (std::size_t i = 0; i < m.size(); ++i) {
      auto [it, inserted] = first_of_key_.emplace(m[i].key, i);
      if (!inserted) doc_.duplicates_.push_back(DuplicateKey{object, it->second, i});
    }
  }

  Document& doc_;
  detail::Arena& arena_;
  std::vector<Open>& stack_;
  std::vector<const Node*>& items_;
  std::vector<Member>& members_;
  std::unordered_map<std::string_view, std::size_t>& first_of_key_;
  const rapidjson::InsituStringStream& is_;
  std::string_view text_;
  std::uint32_t base_;
  const Limits& limits_;
  std::string_view pending_key_;
  Span pending_key_span_;
  bool too_deep_ = false;
  std::uint32_t too_deep_at_ = 0;
  // Positions of brackets: after them (recursive reader) or at them (iterative).
  bool recursive_ = false;
  // Does the reader give each leaf and key the placeholder prefilter's answer
  // (the fast reader, when asked)? Then containers take theirs when they close.
  bool filtered_ = false;
  std::uint32_t last_ = base_;  // where the previous token (or the BOM) ends
  // The longest string or key so far (the document's when finish() is called;
  // kept here, not in the document, as the reader goes).
  std::size_t longest_ = 0;
};

// A reader for the usual input, a valid document, that builds the same tree
// as RapidJSON with less work per byte: it knows each token's span as it
// reads it, and finds the end of a string eight bytes at a time. It gives up
// on anything it does not read to the end without doubt (any syntax error,
// a NUL byte, nesting past the limit, a \u escape, an exponent or a long
// integer part, which RapidJSON may find too big): RapidJSON then reads the
// document again, and its errors and partial tree are the ones reported.
class FastReader {
public:
  // body: the text to read, followed by a NUL (a std::string's, or the
  // copy's); it is only read, never written, and no load reaches past that
  // NUL. The tree's strings are views into it, but for those with escapes,
  // decoded into the arena.
  // lines: where the offset of each line start after the first is added
  // (Source's line index), or null.
  // samples: when given, each string and key is tested by the placeholder
  // prefilter as it is read (Node::no_placeholder).
  FastReader(Builder& builder, detail::Arena& arena, const char* body, std::size_t size, std::uint32_t base,
             std::vector<std::uint32_t>* lines, const model::filter::Samples* samples)
      : b_(builder),
        arena_(arena),
        p_(body),
        end_(body + size),
        last_block_(reinterpret_cast<std::uintptr_t>(end_) + 1 - 16),
        origin_(reinterpret_cast<std::uintptr_t>(body) - base),
        lines_(lines),
        samples_(samples) {}

  // Could a string of the document hold a byte that is not ASCII? (False
  // only if the bytes of every string were seen, none of them above 0x7F;
  // outside strings, a document read to the end holds only ASCII.)
  bool maybe_non_ascii() const { return (seen_ & 0x8080808080808080ULL) != 0 || seen_high_ != 0; }
  // The bytes of whitespace skipped between tokens so far.
  std::size_t blank() const { return blank_; }

  // True when the whole text was read as one value, the tree built.
  bool run() {
    // The whitespace count in a local: the compiler keeps it in a register.
    std::size_t blank = 0;
    const bool done = read(blank);
    blank_ = blank;
    return done;
  }

private:
  [[gnu::always_inline]] bool read(std::size_t& blank) {
    skip_space(blank);
    for (;;) {
      // A value.
      switch (*p_) {
        case '{':
        case '[': {
          bool object = *p_ == '{';
          if (!b_.open_at(object ? Type::Object : Type::Array, off(p_))) return false;
          ++p_;
          skip_space(blank);
          if (*p_ == (object ? '}' : ']')) {  // empty
            b_.close_at(true, off(++p_));
            break;
          }
          if (object && !key(blank)) return false;
          continue;  // its first value
        }
        case '"': {
          const char* q = p_;
          std::string_view s;
          if (!string<true>(s)) return false;
          b_.leaf_at(Type::String, Span{off(q), off(p_)}, s, wild_, may_);
          break;
        }
        case 't':
          if (!literal("true", Type::True)) return false;
          break;
        case 'f':
          if (!literal("false", Type::False)) return false;
          break;
        case 'n':
          if (!literal("null", Type::Null)) return false;
          break;
        default:
          if (!number()) return false;
          break;
      }
      // After a value: the next one, or the ends of the containers it closes.
      for (;;) {
        skip_space(blank);
        if (b_.nothing_open()) return p_ == end_;
        char c = *p_;
        if (c == ',') {
          ++p_;
          skip_space(blank);
          if (!b_.in_array() && !key(blank)) return false;
          break;
        }
        if (c != (b_.in_array() ? ']' : '}')) return false;
        b_.close_at(true, off(++p_));
      }
    }
  }

#if defined(__SSE2__)
  // The 16 bytes at p (p at or before the NUL after the text); those past
  // the NUL read as NUL. A load that would reach past the NUL is made from
  // a copy of the bytes up to it: near the end only.
  [[gnu::always_inline]] __m128i load16(const char* p) const {
    if (reinterpret_cast<std::uintptr_t>(p) <= last_block_) [[likely]]
      return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    return load_tail(p);
  }
  [[gnu::noinline]] __m128i load_tail(const char* p) const {
    alignas(16) char block[16] = {};
    std::memcpy(block, p, static_cast<std::size_t>(end_ - p));
    return _mm_load_si128(reinterpret_cast<const __m128i*>(block));
  }
#endif
  // The same for 8 bytes (the word-at-a-time scans without SSE2).
  std::uint64_t load8(const char* p) const {
    std::uint64_t w = 0;
    std::memcpy(&w, p, static_cast<std::size_t>(std::min<std::ptrdiff_t>(8, end_ - p)));
    return w;
  }

  // (One subtraction: the address the offsets count from is kept.)
  std::uint32_t off(const char* p) const {
    return static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(p) - origin_);
  }

  // skip_blank, adding the bytes skipped to blank.
  [[gnu::always_inline]] void skip_space(std::size_t& blank) {
    const char* from = p_;
    skip_blank();
    blank += static_cast<std::size_t>(p_ - from);
  }
  // Whitespace: most often none or one space (", ", ": "), else a line break
  // and indentation, whose runs of spaces are skipped sixteen bytes at a time.
  // Outside strings, and strings hold no control byte: a text read to the
  // end had each of its line breaks here. "\r\n", "\n" and a lone "\r" end
  // a line, as in Source.
  [[gnu::always_inline]] void skip_blank() {
    for (;;) {
      char c = *p_;
      if (c > ' ') return;
      if (c == ' ' && p_[1] == ' ') {
        skip_spaces();
        continue;
      }
      if (c == '\n' || (c == '\r' && p_[1] != '\n')) {
        if (lines_ != nullptr) lines_->push_back(off(p_) + 1);
      } else if (c != ' ' && c != '\r' && c != '\t') {
        return;
      }
      ++p_;
    }
  }

  void skip_spaces() {
#if defined(__SSE2__)
    // Sixteen at a time (an indentation is one or two blocks); a load starts
    // before the NUL, and reads nothing past it.
    const __m128i space = _mm_set1_epi8(' ');
    for (;;) {
      auto other = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(load16(p_), space))) ^ 0xFFFFu;
      if (other != 0) {
        p_ += std::countr_zero(other);
        return;
      }
      p_ += 16;
    }
#endif
    if constexpr (std::endian::native == std::endian::little) {
      constexpr std::uint64_t kSpaces = 0x2020202020202020ULL, kLow = 0x7F7F7F7F7F7F7F7FULL;
      for (;;) {
        std::uint64_t x = load8(p_) ^ kSpaces;
        // The high bit of each byte that is not a space (exact per byte: no
        // carry crosses bytes).
        std::uint64_t other = (((x & kLow) + kLow) | x) & ~kLow;
        if (other != 0) {
          p_ += std::countr_zero(other) / 8;
          return;
        }
        p_ += 8;
      }
    }
    while (*p_ == ' ') ++p_;
  }

  // A member's key and its colon, up to the value.
  [[gnu::always_inline]] bool key(std::size_t& blank) {
    if (*p_ != '"') return false;
    const char* q = p_;
    std::string_view s;
    if (!string<false>(s)) return false;
    b_.key_at(Span{off(q), off(p_)}, s);
    if (samples_ != nullptr && may_) b_.key_may_hold();
    skip_space(blank);
    if (*p_ != ':') return false;
    ++p_;
    skip_space(blank);
    return true;
  }

  // The offset, within the 8 bytes at p, of the first '"', '\\' or control
  // byte, or 8. Each test below may also flag a byte after its first true
  // match (a borrow), never one before: the lowest flag of all is exact.
  // Its bytes are also or-ed into seen.
  unsigned special_in_word(const char* p, std::uint64_t& seen) const {
    using util::kHigh, util::kOnes, util::zero_byte;
    std::uint64_t w = load8(p);
    seen |= w;
    std::uint64_t hit =
        zero_byte(w ^ (kOnes * '"')) | zero_byte(w ^ (kOnes * '\\')) | ((w - kOnes * 0x20) & ~w & kHigh);
    return hit == 0 ? 8 : static_cast<unsigned>(std::countr_zero(hit)) / 8;
  }

#if defined(__SSE2__)
  // One bit per byte of a block that ends a string's plain run: '"', '\\'
  // or a control byte (a byte at most 0x1F is its own unsigned minimum with
  // 0x1F).
  static unsigned stops(__m128i v) {
    const __m128i hit =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))),
                     _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1F)), v));
    return static_cast<unsigned>(_mm_movemask_epi8(hit));
  }
  // One bit per byte that is '*' or '?'.
  static unsigned wildcards(__m128i v) {
    return static_cast<unsigned>(
        _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('*')), _mm_cmpeq_epi8(v, _mm_set1_epi8('?')))));
  }
#endif

  // The first '"', '\\' or control byte at or after p (the NUL after the
  // text stops it). With SSE2, 16 bytes at a time: a load starts at or before
  // the NUL.
  // Wild: also note in wild_ whether a wildcard comes before it (a string
  // value's; a key's is not asked).
  template <bool Wild>
  const char* find_special(const char* p) {
#if defined(__SSE2__)
    for (;;) {
      __m128i v = load16(p);
      seen_high_ |= static_cast<unsigned>(_mm_movemask_epi8(v));
      unsigned wild = 0;
      if constexpr (Wild) wild = wildcards(v);
      if (unsigned m = stops(v); m != 0) {
        if constexpr (Wild) wild_ = wild_ || (wild & ((m ^ (m - 1)) >> 1)) != 0;  // the wildcards before the hit
        return p + std::countr_zero(m);
      }
      if constexpr (Wild) wild_ = wild_ || wild != 0;
      p += 16;
    }
#endif
    if constexpr (std::endian::native == std::endian::little) {
      for (;;) {
        unsigned i = special_in_word(p, seen_);
        if (i < 8) return p + i;
        p += 8;
      }
    }
    seen_ = ~std::uint64_t{0};  // not tracked: taken as non-ASCII
    while (*p != '"' && *p != '\\' && static_cast<unsigned char>(*p) >= 0x20) ++p;
    return p;
  }

  // The usual string: its closing quote within 16 bytes of its opening one,
  // no escape before it. Read from one block, which the placeholder
  // prefilter then classifies (a value's text, a key's brackets) into may_.
  // False, nothing read, for any other string.
  template <bool Wild>
  [[gnu::always_inline]] bool short_string(std::string_view& out) {
#if defined(__SSE2__) && defined(__x86_64__)
    namespace f = model::filter;
    const char* start = p_ + 1;
    __m128i v = load16(start);
    unsigned m = stops(v);
    if (m == 0) return false;
    unsigned len = static_cast<unsigned>(std::countr_zero(m));
    if (start[len] != '"') return false;
    unsigned below = (1U << len) - 1;
    seen_high_ |= f::bits(v) & below;
    if constexpr (Wild) {
      wild_ = (wildcards(v) & below) != 0;
      may_ = f::block_may_hold(*samples_, start, v, len);
    } else {
      may_ = (f::brackets(v) & below) != 0;
    }
    out = std::string_view(start, len);
    p_ += len + 2;
    return true;
#else
    (void)out;
    return false;
#endif
  }

  template <bool Wild>
  [[gnu::always_inline]] bool string(std::string_view& out) {
    if (samples_ != nullptr) {
      if (short_string<Wild>(out)) return true;
      if (!string_read<Wild>(out)) return false;
      if constexpr (Wild)
        may_ = model::filter::value_may_hold(*samples_, out);
      else
        may_ = model::filter::key_may_hold(out);
      return true;
    }
    return string_read<Wild>(out);
  }

  // A string from its opening quote, p_ after its closing quote: a view of
  // the text, or of its decoded copy in the arena when it has escapes.
  template <bool Wild>
  bool string_read(std::string_view& out) {
    wild_ = false;
    const char* start = p_ + 1;
    const char* q = find_special<Wild>(start);
    if (*q == '\\') return escaped<Wild>(start, q, out);
    if (*q != '"') return false;  // a control byte, or the end
    out = std::string_view(start, static_cast<std::size_t>(q - start));
#if !defined(__SSE2__)
    if constexpr (Wild) wild_ = util::has_wildcard(out);  // the word-at-a-time scan does not look
#endif
    p_ = q + 1;
    return true;
  }

  // The rest of string_read for a string with an escape at q: decoded in the
  // reader's buffer, then copied to the arena (escapes are rare in policies).
  template <bool Wild>
  [[gnu::noinline]] bool escaped(const char* start, const char* q, std::string_view& out) {
    std::string& decoded = decoded_;
    decoded.assign(start, q);
    while (*q == '\\') {
      char e;
      switch (q[1]) {
        case '"':
          e = '"';
          break;
        case '\\':
          e = '\\';
          break;
        case '/':
          e = '/';
          break;
        case 'b':
          e = '\b';
          break;
        case 'f':
          e = '\f';
          break;
        case 'n':
          e = '\n';
          break;
        case 'r':
          e = '\r';
          break;
        case 't':
          e = '\t';
          break;
        default:
          return false;  // \u, or not an escape
      }
      decoded += e;
      const char* from = q + 2;
      q = find_special<Wild>(from);
      decoded.append(from, q);
    }
    if (*q != '"') return false;  // a control byte, or the end
    out = arena_.copy(decoded);
#if !defined(__SSE2__)
    if constexpr (Wild) wild_ = util::has_wildcard(out);  // the word-at-a-time scan does not look
#endif
    p_ = q + 1;
    return true;
  }

  bool literal(std::string_view word, Type t) {
    if (static_cast<std::size_t>(end_ - p_) < word.size() || std::memcmp(p_, word.data(), word.size()) != 0)
      return false;
    const char* q = p_;
    p_ += word.size();
    b_.leaf_at(t, Span{off(q), off(p_)}, {}, false, false);
    return true;
  }

  static bool digit(char c) { return util::is_digit(c); }

  bool number() {
    const char* q = p_;
    if (*p_ == '-') ++p_;
    if (*p_ == '0') {
      ++p_;
    } else if (*p_ >= '1' && *p_ <= '9') {
      const char* digits = p_;
      while (digit(*p_)) ++p_;
      if (p_ - digits > 18) return false;
    } else {
      return false;
    }
    if (*p_ == '.') {
      ++p_;
      if (!digit(*p_)) return false;
      while (digit(*p_)) ++p_;
    }
    if (*p_ == 'e' || *p_ == 'E') return false;
    b_.leaf_at(Type::Number, Span{off(q), off(p_)}, std::string_view(q, static_cast<std::size_t>(p_ - q)), false,
               false);
    return true;
  }

  Builder& b_;
  detail::Arena& arena_;
  const char* p_;
  const char* end_;
  // The last address a 16-byte load starts at without reaching past the NUL
  // after the text (below the text's start when the text is short).
  std::uintptr_t last_block_;
  std::string decoded_;    // the decoded text of a string with escapes
  std::uintptr_t origin_;  // the address of offset 0: the body's, less the BOM's bytes before it
  std::vector<std::uint32_t>* lines_;
  const model::filter::Samples* samples_;
  std::uint64_t seen_ = 0;  // the words the string scans read, or-ed
  unsigned seen_high_ = 0;  // the high bits of the SSE2 scans' blocks, or-ed
  std::size_t blank_ = 0;   // whitespace bytes skipped
  bool wild_ = false;       // does the last string read hold a wildcard
  bool may_ = true;         // may it hold a placeholder (asked only with samples_)
};

std::string render(const Detail& d, Lang lang) {
  Message m = d.message;
  for (const auto& [name, part] : d.parts) m.args.emplace_back(name, render(part, lang));
  return render(m, lang);
}

Document Builder::run(std::string_view text, const Limits& limits, std::vector<Detail>* messages,
                      std::vector<std::uint32_t>* line_starts, const model::filter::Samples* samples, bool borrowed) {
  Document doc;
  if (line_starts != nullptr) line_starts->clear();
  auto add = [&](ErrorCode code, std::uint32_t offset, Detail d) {
    doc.errors_.push_back(Error{code, offset, render(d, Lang::En)});
    if (messages != nullptr) messages->push_back(std::move(d));
  };
  // Spans are 32-bit offsets: a larger buffer is too large whatever the limit says.
  const std::uint64_t max_bytes = std::min<std::uint64_t>(limits.max_bytes, UINT32_MAX - 1);
  if (text.size() > max_bytes) {
    add(ErrorCode::TooLarge, 0, Detail{msg("json/file-too-large", {{"size", text.size()}, {"limit", max_bytes}}), {}});
    doc.has_fatal_ = true;
    return doc;
  }
  std::uint32_t base = 0;
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") {
    add(ErrorCode::ByteOrderMark, 0, Detail{msg("json/byte-order-mark"), {}});
    base = 3;
  }
  auto check_utf8 = [&] {
    if (auto bad = find_invalid_utf8(text)) add(ErrorCode::InvalidUtf8, *bad, Detail{msg("json/invalid-utf8"), {}});
  };
  std::string_view body = text.substr(base);
  // RapidJSON reads a copy in situ, which ends with a NUL (the end of input
  // for RapidJSON) and padding: its SSE2 scans read aligned 16-byte blocks,
  // up to the one that holds the NUL.
  constexpr std::size_t kPad = 16;
  auto make_copy = [&](std::size_t n) {
    char* c = static_cast<char*>(doc.arena_.allocate(n + kPad, kPad));
    std::memcpy(c, body.data(), n);
    std::memset(c + n, 0, kPad);
    return c;
  };
  // One block for the tree of a typical policy (larger trees grow the arena)
  // and, before it, the copy when the fast reader reads one. A borrowed text
  // of 16 bytes or more is on the heap: a view of it stays where it is when
  // the string is moved.
  const bool read_in_place = borrowed && body.size() >= 16;
  const std::size_t tree_bytes = std::min(kTreeBytesPerByte * body.size(), kMaxTreeBlock) + 1024;
  doc.arena_ = detail::Arena((read_in_place ? 0 : body.size() + kPad) + tree_bytes);
  // The copy the fast reader reads, when it reads one: it only reads it, so
  // RapidJSON takes the same copy if it must read the text.
  char* copy = read_in_place ? nullptr : make_copy(body.size());
  const char* fast_text = read_in_place ? body.data() : copy;
  rapidjson::InsituStringStream is(copy);
  thread_local Builder::Scratch scratch;
  scratch.reset();
  {
    Builder fast(doc, scratch, is, text, base, limits);
    fast.filtered_ = samples != nullptr;
    if (line_starts != nullptr) {
      line_starts->reserve(text.size() / 32 + 2);  // lines of 32 bytes, about a pretty-printed policy's
      line_starts->push_back(0);
    }
    FastReader reader(fast, doc.arena_, fast_text, body.size(), base, line_starts, samples);
    if (reader.run()) {
      fast.finish();
      scratch.reset();
      // The UTF-8 check needs no pass over a text of ASCII only (the BOM is
      // valid UTF-8). No other error follows: the order of errors holds.
      if (reader.maybe_non_ascii())
        check_utf8();
      else
        doc.ascii_ = base == 0;
      // Every byte before and after the root value is whitespace.
      const Span root = doc.root_->span;
      doc.root_blank_ = static_cast<std::uint32_t>(reader.blank() - (root.begin - base) - (text.size() - root.end));
      return doc;
    }
    // Read again by RapidJSON, from the start: the tree so far is dropped
    // (it stays in the arena, unused).
    doc.root_ = nullptr;
    doc.duplicates_.clear();
    if (line_starts != nullptr) line_starts->clear();  // a partial index
    scratch.reset();
  }
  // RapidJSON's copy of a borrowed text: of the text up to its first byte
  // that is not whitespace when no JSON value starts with that byte
  // (RapidJSON stops there, at the same offset with the same error, having
  // read nothing after it: a binary file is not copied whole), else of the
  // whole text.
  if (copy == nullptr) {
    std::size_t first = 0;
    while (first < body.size() &&
           (body[first] == ' ' || body[first] == '\n' || body[first] == '\r' || body[first] == '\t'))
      ++first;
    const bool starts_value = first == body.size() ||
                              std::string_view("{[\"tfn-0123456789").find(body[first]) != std::string_view::npos ||
                              body[first] == '\0';
    copy = make_copy(starts_value ? body.size() : first + 1);
  }
  is = rapidjson::InsituStringStream(copy);
  check_utf8();
  Builder builder(doc, scratch, is, text, base, limits);
  constexpr std::uint32_t kRecursiveDepth = Builder::kRecursiveDepth;
  rapidjson::Reader reader;
  // The recursive reader is the faster one; its depth is the handler's limit
  // (open() stops the parse there), so it is used when that limit is small
  // enough for any thread's stack. Both readers give the same tree and errors.
  if (limits.max_depth <= kRecursiveDepth) {
    builder.recursive_ = true;
    reader.Parse<rapidjson::kParseInsituFlag | rapidjson::kParseNumbersAsStringsFlag>(is, builder);
  } else {
    reader.Parse<rapidjson::kParseInsituFlag | rapidjson::kParseIterativeFlag | rapidjson::kParseNumbersAsStringsFlag>(
        is, builder);
  }
  builder.finish();
  scratch.reset();
  if (!reader.HasParseError() && is.Tell() < body.size()) {
    // RapidJSON reads a NUL byte as the end of input, so it accepts
    // "{...}\0anything": whatever follows the value is not JSON.
    doc.has_fatal_ = true;
    add(ErrorCode::Syntax, base + static_cast<std::uint32_t>(is.Tell()),
        nul_byte(reason(rapidjson::kParseErrorDocumentRootNotSingular)));
  } else if (reader.HasParseError()) {
    doc.has_fatal_ = true;
    if (builder.too_deep()) {
      add(ErrorCode::TooDeep, builder.too_deep_at(),
          Detail{msg("json/nesting-too-deep", {{"depth", limits.max_depth}}), {}});
    } else if (reader.GetParseErrorCode() == rapidjson::kParseErrorDocumentEmpty) {
      add(ErrorCode::Empty, base, Detail{msg(reason(reader.GetParseErrorCode())), {}});
    } else {
      auto off = base + static_cast<std::uint32_t>(reader.GetErrorOffset());
      Detail why{msg(reason(reader.GetParseErrorCode())), {}};
      // RapidJSON reports a NUL byte as the end of input; say what it is.
      // Name the common non-JSON habits at the error position too.
      char at = off < text.size() ? text[off] : '\0';
      char next = off + 1 < text.size() ? text[off + 1] : '\0';
      auto code = reader.GetParseErrorCode();
      if (off < text.size() && at == '\0') {
        why = nul_byte(reason(code));
      } else if (at == '/' && (next == '/' || next == '*')) {
        why = Detail{msg("json/syntax-error.comment"), {}};
      } else if (at == '\'' &&
                 (code == rapidjson::kParseErrorValueInvalid || code == rapidjson::kParseErrorObjectMissName)) {
        why = Detail{msg("json/syntax-error.single-quotes"), {}};
      } else if (at == ']' && code == rapidjson::kParseErrorValueInvalid) {
        why = Detail{msg("json/syntax-error.trailing-comma-value"), {}};
      } else if (at == '}' && code == rapidjson::kParseErrorObjectMissName) {
        why = Detail{msg("json/syntax-error.trailing-comma-name"), {}};
      }
      add(ErrorCode::Syntax, off, std::move(why));
    }
  }
  return doc;
}

Document parse(std::string_view text, const Limits& limits) {
  return Builder::run(text, limits, nullptr, nullptr, nullptr, false);
}

Document parse(std::string_view text, const Limits& limits, std::vector<Detail>& messages,
               std::vector<std::uint32_t>* line_starts, const model::filter::Samples* samples) {
  return Builder::run(text, limits, &messages, line_starts, samples, false);
}

Document parse_borrowed(const std::string& text, const Limits& limits, std::vector<Detail>& messages,
                        std::vector<std::uint32_t>* line_starts, const model::filter::Samples* samples) {
  return Builder::run(text, limits, &messages, line_starts, samples, true);
}

}  // namespace policylint::json
