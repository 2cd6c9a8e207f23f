#pragma once
// What a rule reports: rule id, severity, message, spans and an optional fix.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "policylint/shared_string.hpp"
#include "policylint/source.hpp"

namespace policylint {

enum class Severity : std::uint8_t { Note = 0, Warning = 1, Error = 2 };

std::string_view to_string(Severity s);
// Parses "error", "warning", "note"; nullopt otherwise. Inline: the build-time
// table generator (lib/gen) reads the rule pages' severities with it too.
inline std::optional<Severity> parse_severity(std::string_view s) {
  if (s == "error") return Severity::Error;
  if (s == "warning") return Severity::Warning;
  if (s == "note") return Severity::Note;
  return std::nullopt;
}

// Key: a KMS key policy (a Principal, a Resource and kms: actions).
enum class Kind : std::uint8_t { Permission = 0, Trust = 1, Bucket = 2, Key = 3 };
inline constexpr std::size_t kKindCount = 4;

std::string_view to_string(Kind k);
// Parses "permission", "trust", "bucket", "key"; nullopt otherwise (inline
// for lib/gen, as parse_severity).
inline std::optional<Kind> parse_kind(std::string_view s) {
  if (s == "permission") return Kind::Permission;
  if (s == "trust") return Kind::Trust;
  if (s == "bucket") return Kind::Bucket;
  if (s == "key") return Kind::Key;
  return std::nullopt;
}

// A set of document kinds as a bit mask (bit = 1 << Kind).
using KindMask = std::uint8_t;
constexpr KindMask kind_bit(Kind k) { return static_cast<KindMask>(1u << static_cast<unsigned>(k)); }
constexpr KindMask kAllKinds = 0xF;

struct Edit {
  Span span;  // bytes to replace (empty span = insertion)
  std::string replacement;
};

struct Fix {
  std::string title;
  bool safe = true;         // applying it cannot change access beyond what the message says
  std::vector<Edit> edits;  // non-overlapping
};

struct Related {
  Span span;
  std::string label;
  std::string path;  // empty: same file as the finding
  // Another file's positions of span, when whoever made the finding knew
  // that file's text (line 0: not known).
  Position start{0, 0};
  Position end{0, 0};
};

struct RuleMeta;  // policylint/rule.hpp

// The rule id of a finding: a view of text that lives as long as the
// program, so that a finding copies no string for it (a run may hold
// thousands of findings). Made from a string literal, or by RuleId::of from
// any text: the rule table's own spelling of a known id or alias, else a copy
// kept for the rest of the process (ids outside the table are few: tests,
// reader problems).
class RuleId {
public:
  constexpr RuleId() = default;
  // A literal, or an array of static storage: consteval turns away a local
  // array, whose text would not outlive the finding.
  template <std::size_t N>
  consteval RuleId(const char (&literal)[N])  // NOLINT: implicit by design
      : text_(literal, std::char_traits<char>::length(literal)) {}
  static RuleId of(std::string_view id);
  // The same, and the id's rule page (null when the table has none) from the
  // same look-up.
  static RuleId of(std::string_view id, const RuleMeta** meta);

  constexpr std::string_view view() const { return text_; }
  constexpr operator std::string_view() const { return text_; }  // NOLINT: implicit by design
  std::string str() const { return std::string(text_); }
  constexpr bool empty() const { return text_.empty(); }
  constexpr bool starts_with(std::string_view prefix) const { return text_.starts_with(prefix); }

  friend std::string operator+(RuleId a, std::string_view b) { return std::string(a.text_).append(b); }
  friend std::string operator+(std::string a, RuleId b) { return a.append(b.text_); }

  friend constexpr bool operator==(RuleId a, std::string_view b) { return a.text_ == b; }
  friend constexpr auto operator<=>(RuleId a, std::string_view b) { return a.text_ <=> b; }
  friend std::ostream& operator<<(std::ostream& out, RuleId r) { return out << r.text_; }

private:
  constexpr explicit RuleId(std::string_view text, int) : text_(text) {}
  std::string_view text_;
};

// An optional value kept on the heap, read as std::optional: a pointer's
// size in the object that holds it, for a member that most such objects
// leave empty (a finding's fix; a file may have thousands of findings, and
// the engine moves each a few times).
template <typename T>
class Boxed {
public:
  Boxed() = default;
  Boxed(T value) : p_(std::make_unique<T>(std::move(value))) {}  // NOLINT: implicit by design
  Boxed(const Boxed& o) : p_(o.p_ ? std::make_unique<T>(*o.p_) : nullptr) {}
  Boxed(Boxed&&) noexcept = default;
  Boxed& operator=(const Boxed& o) {
    if (this != &o) p_ = o.p_ ? std::make_unique<T>(*o.p_) : nullptr;
    return *this;
  }
  Boxed& operator=(Boxed&&) noexcept = default;
  Boxed& operator=(T value) {
    if (p_)
      *p_ = std::move(value);
    else
      p_ = std::make_unique<T>(std::move(value));
    return *this;
  }
  void reset() { p_.reset(); }
  bool has_value() const { return p_ != nullptr; }
  explicit operator bool() const { return p_ != nullptr; }
  T& operator*() { return *p_; }
  const T& operator*() const { return *p_; }
  T* operator->() { return p_.get(); }
  const T* operator->() const { return p_.get(); }
  T& value() {
    if (!p_) throw std::bad_optional_access();
    return *p_;
  }
  const T& value() const {
    if (!p_) throw std::bad_optional_access();
    return *p_;
  }

private:
  std::unique_ptr<T> p_;
};

struct Finding {
  RuleId rule;
  Severity severity = Severity::Warning;
  // Filled in by the engine when the finding is placed in a file (with
  // path, start, end and context below).
  std::optional<Kind> kind;
  Span span;
  std::string message;
  std::vector<Related> related;
  Boxed<Fix> fix;
  SharedString path;
  Position start;
  Position end;
  SharedString context;  // e.g. the embedding resource "alicloud_ram_role.replication"
};

}  // namespace policylint
