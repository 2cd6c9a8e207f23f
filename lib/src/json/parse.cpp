#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include <algorithm>
#include <cstdint>

#include "json/messages.hpp"
#include "policylint/json.hpp"

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
      ++i;
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

// SAX handler that builds the tree. Reader positions: in iterative mode
// RapidJSON calls StartObject/StartArray/EndObject/EndArray with the stream at
// the bracket, and String/Key/RawNumber/Bool/Null after the token.
class Builder {
public:
  Builder(Document& doc, const rapidjson::MemoryStream& is, std::string_view text, std::uint32_t base,
          const Limits& limits)
      : doc_(doc), is_(is), text_(text), base_(base), limits_(limits) {}

  bool Null() { return leaf(Type::Null, 4, {}); }
  bool Bool(bool b) { return leaf(b ? Type::True : Type::False, b ? 4 : 5, {}); }
  bool Int(int) { return false; }
  bool Uint(unsigned) { return false; }
  bool Int64(std::int64_t) { return false; }
  bool Uint64(std::uint64_t) { return false; }
  bool Double(double) { return false; }
  bool RawNumber(const char* s, rapidjson::SizeType len, bool) { return leaf(Type::Number, len, std::string(s, len)); }
  bool String(const char* s, rapidjson::SizeType len, bool) {
    std::uint32_t end = pos();
    return add_leaf(Type::String, Span{string_begin(end), end}, std::string(s, len));
  }
  bool Key(const char* s, rapidjson::SizeType len, bool) {
    std::uint32_t end = pos();
    pending_key_ = std::string(s, len);
    pending_key_span_ = Span{string_begin(end), end};
    return true;
  }
  bool StartObject() { return open(Type::Object); }
  bool StartArray() { return open(Type::Array); }
  bool EndObject(rapidjson::SizeType) { return close(); }
  bool EndArray(rapidjson::SizeType) { return close(); }

  bool too_deep() const { return too_deep_; }
  std::uint32_t too_deep_at() const { return too_deep_at_; }

  // parse(), with each error's message added to messages when not null.
  static Document run(std::string_view text, const Limits& limits, std::vector<Detail>* messages);

private:
  std::uint32_t pos() const { return base_ + static_cast<std::uint32_t>(is_.Tell()); }

  // The opening quote of the string that ends (after its closing quote) at
  // end: the nearest earlier '"' preceded by an even number of backslashes.
  std::uint32_t string_begin(std::uint32_t end) const {
    std::uint32_t i = end - 1;  // closing quote
    while (i > 0) {
      --i;
      if (text_[i] != '"') continue;
      std::uint32_t bs = 0;
      while (i - bs > 0 && text_[i - bs - 1] == '\\') ++bs;
      if (bs % 2 == 0) return i;
    }
    return 0;
  }

  bool leaf(Type t, std::uint32_t len, std::string text) {
    std::uint32_t end = pos();
    return add_leaf(t, Span{end - len, end}, std::move(text));
  }

  bool add_leaf(Type t, Span span, std::string text) {
    Node& n = doc_.nodes_.emplace_back();
    n.type = t;
    n.span = span;
    n.text = std::move(text);
    attach(&n);
    return true;
  }

  void attach(Node* n) {
    if (stack_.empty()) {
      doc_.root_ = n;
      return;
    }
    Node* parent = stack_.back();
    if (parent->type == Type::Array) {
      parent->items.push_back(n);
    } else {
      for (std::size_t i = 0; i < parent->members.size(); ++i) {
        if (parent->members[i].key == pending_key_) {
          doc_.duplicates_.push_back(DuplicateKey{parent, i, parent->members.size()});
          break;
        }
      }
      parent->members.push_back(Member{std::move(pending_key_), pending_key_span_, n});
      pending_key_.clear();
    }
  }

  bool open(Type t) {
    if (stack_.size() >= limits_.max_depth) {
      too_deep_ = true;
      too_deep_at_ = pos();
      return false;
    }
    Node& n = doc_.nodes_.emplace_back();
    n.type = t;
    n.span = Span{pos(), pos() + 1};
    attach(&n);
    stack_.push_back(&n);
    return true;
  }

  bool close() {
    stack_.back()->span.end = pos() + 1;
    stack_.pop_back();
    return true;
  }

  Document& doc_;
  const rapidjson::MemoryStream& is_;
  std::string_view text_;
  std::uint32_t base_;
  const Limits& limits_;
  std::vector<Node*> stack_;
  std::string pending_key_;
  Span pending_key_span_;
  bool too_deep_ = false;
  std::uint32_t too_deep_at_ = 0;
};

std::string render(const Detail& d, Lang lang) {
  Message m = d.message;
  for (const auto& [name, part] : d.parts) m.args.emplace_back(name, render(part, lang));
  return render(m, lang);
}

Document Builder::run(std::string_view text, const Limits& limits, std::vector<Detail>* messages) {
  Document doc;
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
  if (auto bad = find_invalid_utf8(text)) add(ErrorCode::InvalidUtf8, *bad, Detail{msg("json/invalid-utf8"), {}});
  std::string_view body = text.substr(base);
  rapidjson::MemoryStream is(body.data(), body.size());
  Builder builder(doc, is, text, base, limits);
  rapidjson::Reader reader;
  constexpr unsigned kFlags = rapidjson::kParseIterativeFlag | rapidjson::kParseNumbersAsStringsFlag;
  reader.Parse<kFlags>(is, builder);
  if (!reader.HasParseError() && is.Tell() < body.size()) {
    // MemoryStream reads a NUL byte as the end of input, so RapidJSON accepts
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
      // MemoryStream reports a NUL byte as the end of input; say what it is.
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

Document parse(std::string_view text, const Limits& limits) { return Builder::run(text, limits, nullptr); }

Document parse(std::string_view text, const Limits& limits, std::vector<Detail>& messages) {
  return Builder::run(text, limits, &messages);
}

}  // namespace policylint::json
