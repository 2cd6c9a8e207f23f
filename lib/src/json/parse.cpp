#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include <algorithm>
#include <cstdint>

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

// Plain-words reasons for RapidJSON's error codes (our own wording).
std::string reason(rapidjson::ParseErrorCode code) {
  using namespace rapidjson;
  switch (code) {
    case kParseErrorDocumentEmpty:
      return "the file holds no JSON value";
    case kParseErrorDocumentRootNotSingular:
      return "unexpected text after the end of the JSON value";
    case kParseErrorValueInvalid:
      return "expected a JSON value (string, number, object, array, true, false or null)";
    case kParseErrorObjectMissName:
      return "expected a member name in double quotes";
    case kParseErrorObjectMissColon:
      return "expected ':' after the member name";
    case kParseErrorObjectMissCommaOrCurlyBracket:
      return "expected ',' or '}' (is a comma missing?)";
    case kParseErrorArrayMissCommaOrSquareBracket:
      return "expected ',' or ']' (is a comma missing?)";
    case kParseErrorStringUnicodeEscapeInvalidHex:
      return "invalid \\u escape: four hex digits expected";
    case kParseErrorStringUnicodeSurrogateInvalid:
      return "invalid UTF-16 surrogate pair in a \\u escape";
    case kParseErrorStringEscapeInvalid:
      return "invalid escape sequence in a string";
    case kParseErrorStringMissQuotationMark:
      return "string not closed: the closing quote is missing";
    case kParseErrorStringInvalidEncoding:
      return "string is not valid UTF-8";
    case kParseErrorNumberTooBig:
      return "number too big";
    case kParseErrorNumberMissFraction:
      return "expected digits after the decimal point";
    case kParseErrorNumberMissExponent:
      return "expected digits in the exponent";
    default:
      return GetParseError_En(code);
  }
}

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

Document parse(std::string_view text, const Limits& limits) {
  Document doc;
  // Spans are 32-bit offsets: a larger buffer is too large whatever the limit says.
  const std::uint64_t max_bytes = std::min<std::uint64_t>(limits.max_bytes, UINT32_MAX - 1);
  if (text.size() > max_bytes) {
    doc.errors_.push_back(Error{ErrorCode::TooLarge, 0,
                                "file is " + std::to_string(text.size()) + " bytes, more than the limit of " +
                                    std::to_string(max_bytes) + " bytes"});
    doc.has_fatal_ = true;
    return doc;
  }
  std::uint32_t base = 0;
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") {
    doc.errors_.push_back(Error{ErrorCode::ByteOrderMark, 0, "file starts with a UTF-8 byte-order mark"});
    base = 3;
  }
  if (auto bad = find_invalid_utf8(text)) {
    doc.errors_.push_back(Error{ErrorCode::InvalidUtf8, *bad, "bytes that are not valid UTF-8"});
  }
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
    doc.errors_.push_back(
        Error{ErrorCode::Syntax, base + static_cast<std::uint32_t>(is.Tell()),
              "NUL byte in the file (" + reason(rapidjson::kParseErrorDocumentRootNotSingular) + ")"});
  } else if (reader.HasParseError()) {
    doc.has_fatal_ = true;
    if (builder.too_deep()) {
      doc.errors_.push_back(Error{ErrorCode::TooDeep, builder.too_deep_at(),
                                  "nesting deeper than " + std::to_string(limits.max_depth) + " levels"});
    } else if (reader.GetParseErrorCode() == rapidjson::kParseErrorDocumentEmpty) {
      doc.errors_.push_back(Error{ErrorCode::Empty, base, reason(reader.GetParseErrorCode())});
    } else {
      auto off = base + static_cast<std::uint32_t>(reader.GetErrorOffset());
      std::string why = reason(reader.GetParseErrorCode());
      // MemoryStream reports a NUL byte as the end of input; say what it is.
      // Name the common non-JSON habits at the error position too.
      char at = off < text.size() ? text[off] : '\0';
      char next = off + 1 < text.size() ? text[off + 1] : '\0';
      auto code = reader.GetParseErrorCode();
      if (off < text.size() && at == '\0') {
        why = "NUL byte in the file (" + why + ")";
      } else if (at == '/' && (next == '/' || next == '*')) {
        why = "comments are not allowed in JSON";
      } else if (at == '\'' &&
                 (code == rapidjson::kParseErrorValueInvalid || code == rapidjson::kParseErrorObjectMissName)) {
        why = "strings and member names must be in double quotes, not single quotes";
      } else if (at == ']' && code == rapidjson::kParseErrorValueInvalid) {
        why = "expected a value after ',' (is there a trailing comma?)";
      } else if (at == '}' && code == rapidjson::kParseErrorObjectMissName) {
        why = "expected a member name after ',' (is there a trailing comma?)";
      }
      doc.errors_.push_back(Error{ErrorCode::Syntax, off, std::move(why)});
    }
  }
  return doc;
}

}  // namespace policylint::json
