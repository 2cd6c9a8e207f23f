#pragma once
// SharedString: one string that many objects hold alike.
#include <memory>
#include <ostream>
#include <string>
#include <string_view>

namespace policylint {

// A string that many hold alike (a file's path, held by its Source and each
// of its findings; a document's context, held by its findings): a copy takes
// a reference to it, not a copy of its bytes (a file may have thousands of
// findings). Read as a std::string. Immutable: assigning a new value makes
// a new string, never changes the one others hold.
class SharedString {
public:
  SharedString() = default;
  SharedString(std::string text);                                           // NOLINT: implicit by design
  SharedString(std::string_view text) : SharedString(std::string(text)) {}  // NOLINT: implicit by design
  SharedString(const char* text) : SharedString(std::string(text)) {}       // NOLINT: implicit by design

  const std::string& str() const { return text_ != nullptr ? *text_ : empty_string(); }
  operator const std::string&() const { return str(); }  // NOLINT: implicit by design
  operator std::string_view() const { return str(); }    // NOLINT: implicit by design
  bool empty() const { return str().empty(); }
  bool starts_with(std::string_view prefix) const { return str().starts_with(prefix); }

  friend bool operator==(const SharedString& a, const SharedString& b) {
    return a.text_ == b.text_ || a.str() == b.str();
  }
  friend bool operator==(const SharedString& a, std::string_view b) { return a.str() == b; }
  friend bool operator==(const SharedString& a, const std::string& b) { return a.str() == b; }
  friend bool operator==(const SharedString& a, const char* b) { return a.str() == b; }
  friend std::string operator+(std::string a, const SharedString& b) { return a.append(b.str()); }
  friend std::ostream& operator<<(std::ostream& out, const SharedString& p) { return out << p.str(); }

private:
  static const std::string& empty_string();
  std::shared_ptr<const std::string> text_;
};

}  // namespace policylint
