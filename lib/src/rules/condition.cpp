// Rules of the "condition" family: operators, keys and values of the
// Condition element (policy-language.md section 4, reference/README.md
// "Operators").
#include <cctype>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>

#include "facts.hpp"
#include "families.hpp"
#include "message_template.hpp"
#include "model/placeholders.hpp"
#include "policylint/catalog.hpp"
#include "util.hpp"

namespace policylint::rules {

namespace {

using catalog::KeyType;

enum class Family : std::uint8_t { None, String, StringEquals, Numeric, Date, Bool, Ip };

struct DocOp {
  std::string_view name;
  Family family;
};

// The 21 operators of https://www.alibabacloud.com/help/en/ram/conditional-operator
// (the same 21 the official OSS policy editor offers) plus IpAddressIncludeBorder,
// which the OSS authorization-syntax page lists.
constexpr DocOp kOperators[] = {
    {"StringEquals", Family::StringEquals},
    {"StringNotEquals", Family::StringEquals},
    {"StringEqualsIgnoreCase", Family::StringEquals},
    {"StringNotEqualsIgnoreCase", Family::StringEquals},
    {"StringLike", Family::String},
    {"StringNotLike", Family::String},
    {"NumericEquals", Family::Numeric},
    {"NumericNotEquals", Family::Numeric},
    {"NumericLessThan", Family::Numeric},
    {"NumericLessThanEquals", Family::Numeric},
    {"NumericGreaterThan", Family::Numeric},
    {"NumericGreaterThanEquals", Family::Numeric},
    {"DateEquals", Family::Date},
    {"DateNotEquals", Family::Date},
    {"DateLessThan", Family::Date},
    {"DateLessThanEquals", Family::Date},
    {"DateGreaterThan", Family::Date},
    {"DateGreaterThanEquals", Family::Date},
    {"Bool", Family::Bool},
    {"IpAddress", Family::Ip},
    {"NotIpAddress", Family::Ip},
    {"IpAddressIncludeBorder", Family::Ip},
};

constexpr std::string_view kPrefixes[] = {"ForAllValues", "ForAnyValue"};

enum class OpStatus : std::uint8_t {
  Documented,    // as documented (possibly with a set prefix)
  WrongCase,     // a documented operator in another case: error, safe fix
  Misspelt,      // close to a documented operator: error, suggestion
  Undocumented,  // IfExists, Null, Arn*, anything else: warning
};

struct OpInfo {
  OpStatus status = OpStatus::Undocumented;
  Family family = Family::None;  // for value checks; None when unknown
  std::string suggestion;        // the corrected operator (WrongCase, Misspelt)
  std::string_view why;          // for Undocumented: the message id
  std::string prefix;            // for why == condition/operator-unknown.prefix
};

const DocOp* find_exact(std::string_view name) {
  for (const auto& op : kOperators)
    if (op.name == name) return &op;
  return nullptr;
}

const DocOp* find_ci(std::string_view name) {
  for (const auto& op : kOperators)
    if (iequals(op.name, name)) return &op;
  return nullptr;
}

const DocOp* find_near(std::string_view name) {
  const DocOp* best = nullptr;
  std::size_t best_d = 3;  // at most two edits
  const util::EditDistance distance(name, util::Case::Sensitive);
  for (const auto& op : kOperators) {
    // Bounded: only a closer name counts, and a long name is rejected at once.
    std::size_t d = distance(op.name, best_d - 1);
    if (d < best_d) best_d = d, best = &op;
  }
  return best;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

OpInfo classify(std::string_view op) {
  OpInfo info;
  std::string prefix_fixed;
  bool prefix_case = false, prefix_misspelt = false;
  std::string_view base = op;
  if (auto colon = op.find(':'); colon != std::string_view::npos) {
    std::string_view prefix = op.substr(0, colon);
    base = op.substr(colon + 1);
    bool exact = false;
    for (auto p : kPrefixes) exact = exact || p == prefix;
    if (exact) {
      prefix_fixed = std::string(prefix);
    } else {
      std::optional<std::string_view> near;
      std::size_t best = 3;
      for (auto p : kPrefixes) {
        std::size_t d = iequals(p, prefix) ? 0 : edit_distance(prefix, p, util::Case::Sensitive, best - 1);
        if (d < best) best = d, near = p;
      }
      if (!near) {
        info.why = "condition/operator-unknown.prefix";
        info.prefix = quote(prefix);
        if (const DocOp* d = find_exact(base)) info.family = d->family;
        return info;
      }
      prefix_fixed = std::string(*near);
      (iequals(*near, prefix) ? prefix_case : prefix_misspelt) = true;
    }
    prefix_fixed += ":";
  }
  const DocOp* d = find_exact(base);
  bool base_case = false, base_misspelt = false;
  if (d == nullptr && (d = find_ci(base)) != nullptr) base_case = true;
  if (d == nullptr) {
    if (ends_with(base, "IfExists")) {
      std::string_view stem = base.substr(0, base.size() - 8);
      if (const DocOp* s = find_ci(stem)) info.family = s->family;
      info.why = "condition/operator-unknown.if-exists";
      return info;
    }
    if (iequals(base, "Null")) {
      info.why = "condition/operator-unknown.null";
      return info;
    }
    if (base.substr(0, 3) == "Arn") {
      info.why = "condition/operator-unknown.arn";
      return info;
    }
    if ((d = find_near(base)) == nullptr) {
      info.why = "condition/operator-unknown.other";
      return info;
    }
    base_misspelt = true;
  }
  info.family = d->family;
  info.suggestion = prefix_fixed + std::string(d->name);
  if (prefix_misspelt || base_misspelt) {
    info.status = OpStatus::Misspelt;
  } else if (prefix_case || base_case) {
    info.status = OpStatus::WrongCase;
  } else {
    info.status = OpStatus::Documented;
  }
  return info;
}

// What the condition rules need of an operator for every entry: its status
// and family. The suggestion text of OpInfo is made only for a finding.
struct OpClass {
  OpStatus status = OpStatus::Undocumented;
  Family family = Family::None;
};

// A documented operator written as documented, with or without a set prefix
// (nearly every operator in practice), is decided by one exact lookup, with
// no string made; anything else goes through classify().
OpClass op_class(std::string_view op) {
  std::string_view base = op;
  bool exact_prefix = true;
  if (auto colon = op.find(':'); colon != std::string_view::npos) {
    std::string_view prefix = op.substr(0, colon);
    exact_prefix = prefix == kPrefixes[0] || prefix == kPrefixes[1];
    base = op.substr(colon + 1);
  }
  // An exact prefix (or none) before an exact base leaves classify() no case
  // or spelling to correct: Documented, of the base's family.
  if (exact_prefix)
    if (const DocOp* d = find_exact(base)) return {OpStatus::Documented, d->family};
  OpInfo info = classify(op);
  return {info.status, info.family};
}

// A pure function of a name remembered for the names of one document
// (operators and keys repeat across its statements): one slot per name,
// picked by a hash of its length and last eight bytes, a name that takes
// another's slot replacing it. No search: any document costs at most one
// call per name and lookup.
template <typename V>
class Recent {
public:
  template <typename F>
  V get(std::string_view name, F&& compute) {
    const std::size_t n = name.size();
    // The last eight bytes (a shorter name whole): the hash and, with the
    // length, the first test of equality.
    std::uint64_t tail = 0;
    if (n >= 8) {
      std::memcpy(&tail, name.data() + n - 8, 8);
    } else {
      for (std::size_t i = 0; i < n; ++i) tail |= std::uint64_t{static_cast<unsigned char>(name[i])} << (8 * i);
    }
    const auto i = static_cast<std::size_t>(((tail ^ n) * 0x9E3779B97F4A7C15ULL) >> (64 - kBits));
    const std::uint32_t bit = std::uint32_t{1} << i;
    Slot& slot = slots_[i];
    if ((used_ & bit) != 0 && slot.tail == tail && slot.name.size() == n && same_head(slot.name, name))
      return slot.value;
    used_ |= bit;
    slot.name = name;
    slot.tail = tail;
    return slot.value = compute(name);
  }

  // Forgets every name: the views point into the document.
  void clear() { used_ = 0; }

private:
  // Names of one length whose last eight bytes agree: are the bytes before
  // those the same? Read eight at a time (the last read may overlap the tail).
  static bool same_head(std::string_view a, std::string_view b) {
    for (std::size_t i = 0; i + 8 < a.size(); i += 8) {
      std::uint64_t x, y;
      std::memcpy(&x, a.data() + i, 8);
      std::memcpy(&y, b.data() + i, 8);
      if (x != y) return false;
    }
    return true;
  }

  static constexpr int kBits = 5;  // 32 slots, one bit each in used_
  struct Slot {
    std::string_view name;
    std::uint64_t tail = 0;
    V value{};
  };
  std::uint32_t used_ = 0;
  Slot slots_[std::size_t{1} << kBits];
};

// What the rules need of a condition key: its catalogued type (nullopt:
// unknown) and whether it is one of the two keys the SourceIp rule pairs.
struct KeyFacts {
  std::optional<KeyType> type;
  bool source_ip = false;
  bool source_vpc = false;
};

KeyFacts key_facts(std::string_view key) {
  return {catalog::get().key_type(key), iequals(key, "acs:SourceIp"), iequals(key, "acs:SourceVpc")};
}

// One condition entry resolved for the rules of the family: the operator's
// class and the key's facts (all empty without a key).
struct ResolvedEntry {
  OpClass op;
  KeyFacts key;
};

// The operators and keys of one document's conditions, resolved once for the
// rules of the family (each used to classify every operator and look up every
// key on its own).
struct ConditionTable {
  DocVector<OpClass> ops;            // one per member of each Condition object, statements in order
  DocVector<ResolvedEntry> entries;  // one per ConditionEntry, statements in order
};

ConditionTable make_condition_table(const Policy& policy) {
  ConditionTable t;
  std::size_t members = 0, entries = 0;
  for (const auto& s : policy.statements) {
    if (s.condition != nullptr && s.condition->value->is_object()) members += s.condition->value->members.size();
    entries += s.conditions.size();
  }
  t.ops.reserve(members);
  t.entries.reserve(entries);
  // Per thread, so that a document does not pay for setting up the slots.
  constinit thread_local Recent<OpClass> ops;
  constinit thread_local Recent<KeyFacts> keys;
  ops.clear();
  keys.clear();
  for (const auto& s : policy.statements) {
    if (s.condition == nullptr || !s.condition->value->is_object()) continue;
    const auto ms = s.condition->value->members;
    const std::size_t first = t.ops.size();
    for (const auto& op : ms) t.ops.push_back(ops.get(op.key, op_class));
    for (const auto& c : s.conditions) {
      // Every entry comes from a member of this statement's Condition object.
      ResolvedEntry e{t.ops[first + static_cast<std::size_t>(c.op - ms.data())], {}};
      if (c.key != nullptr) e.key = keys.get(c.key_name, key_facts);
      t.entries.push_back(e);
    }
  }
  return t;
}

const ConditionTable& condition_table(const Context& ctx) {
  return ctx.facts().shared<ConditionTable>([&] { return make_condition_table(ctx.policy); });
}

// condition/operator-unknown
void operator_unknown(const Context& ctx) {
  const OpClass* cls = condition_table(ctx).ops.data();
  for (const auto& s : ctx.policy.statements) {
    if (s.condition == nullptr || !s.condition->value->is_object()) continue;
    for (const auto& op : s.condition->value->members) {
      if ((cls++)->status == OpStatus::Documented) continue;
      OpInfo info = classify(op.key);
      switch (info.status) {
        case OpStatus::Documented:
          break;
        case OpStatus::WrongCase: {
          Finding& f = ctx.report(
              "condition/operator-unknown", op.key_span,
              msg("condition/operator-unknown.case", {{"operator", quote(op.key)}, {"suggestion", info.suggestion}}));
          f.fix = Fix{ctx.tr(msg("common.write", {{"value", "\"" + info.suggestion + "\""}})),
                      true,
                      {Edit{op.key_span, "\"" + info.suggestion + "\""}}};
          break;
        }
        case OpStatus::Misspelt:
          ctx.report("condition/operator-unknown", op.key_span,
                     msg("condition/operator-unknown.misspelt",
                         {{"operator", quote(op.key)}, {"suggestion", info.suggestion}}));
          break;
        case OpStatus::Undocumented: {
          // Not known to be rejected (reference/README.md "Operators"), so a
          // warning: the condition may be ignored or the policy refused.
          Finding& f = ctx.report("condition/operator-unknown", op.key_span,
                                  msg(info.why, {{"operator", quote(op.key)}, {"prefix", info.prefix}}));
          mark_uncertain(f);
          break;
        }
      }
    }
  }
}

// condition/key-unknown
void key_unknown(const Context& ctx) {
  const ResolvedEntry* r = condition_table(ctx).entries.data();
  for (const auto& s : ctx.policy.statements)
    for (const auto& c : s.conditions) {
      const ResolvedEntry& e = *r++;
      if (c.key == nullptr || e.key.type) continue;
      Message m = msg("condition/key-unknown", {{"key", quote(c.key_name)}});
      if (c.key_name.size() > 4 && iequals(c.key_name.substr(0, 4), "aws:"))
        m = msg("condition/key-unknown.aws", {{"message", ctx.tr(m)}});
      ctx.report("condition/key-unknown", c.key->key_span, m);
    }
}

// The suffix of the condition/type-mismatch.type-* and .advice-* messages of a key type.
std::string_view type_suffix(KeyType t) {
  switch (t) {
    case KeyType::String:
      return "string";
    case KeyType::Bool:
      return "bool";
    case KeyType::Date:
      return "date";
    case KeyType::Numeric:
      return "number";
    case KeyType::Ip:
      return "ip";
  }
  return "string";
}

// Does the operator family fit the key's type? String operators on Boolean
// and numeric keys are left alone (a string comparison of "true" works);
// on IP and date keys they do not compare ranges or instants.
bool fits(Family f, KeyType t) {
  switch (f) {
    case Family::None:
      return true;
    case Family::String:
    case Family::StringEquals:
      return t != KeyType::Ip && t != KeyType::Date;
    case Family::Numeric:
      return t == KeyType::Numeric;
    case Family::Date:
      return t == KeyType::Date;
    case Family::Bool:
      return t == KeyType::Bool;
    case Family::Ip:
      return t == KeyType::Ip;
  }
  return true;
}

// condition/type-mismatch
void type_mismatch(const Context& ctx) {
  const ResolvedEntry* r = condition_table(ctx).entries.data();
  for (const auto& s : ctx.policy.statements)
    for (const auto& c : s.conditions) {
      const ResolvedEntry& e = *r++;
      const auto& t = e.key.type;
      if (c.key == nullptr || !t || fits(e.op.family, *t)) continue;
      std::string type_id = "condition/type-mismatch.type-" + std::string(type_suffix(*t));
      std::string advice_id = "condition/type-mismatch.advice-" + std::string(type_suffix(*t));
      ctx.report("condition/type-mismatch", c.key->key_span,
                 msg("condition/type-mismatch", {{"key", quote(c.key_name)},
                                                 {"type", ctx.tr(msg(type_id))},
                                                 {"operator", quote(c.op_name)},
                                                 {"advice", ctx.tr(msg(advice_id))}}));
    }
}

// --- value shapes -------------------------------------------------------------

bool digits(std::string_view s, std::size_t n) {
  if (s.size() != n) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

int num(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

// digits() and num() of the n bytes from pos, in place: the date shapes read
// fixed fields (std::string_view::substr checks its bounds, out of line).
bool digits_at(std::string_view s, std::size_t pos, std::size_t n) {
  if (pos > s.size() || s.size() - pos < n) return false;
  for (std::size_t i = pos; i < pos + n; ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

// The caller has checked the field with digits_at().
int num_at(std::string_view s, std::size_t pos, std::size_t n) {
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) v = v * 10 + (s[i] - '0');
  return v;
}

// The number written by the digits at p, of at most `most` of them (p is
// advanced past them), or -1 when there is no digit at p or more than `most`.
int small_number(const char*& p, const char* end, int most) {
  int v = 0, n = 0;
  for (; p != end && *p >= '0' && *p <= '9'; ++p) {
    if (++n > most) return -1;
    v = v * 10 + (*p - '0');
  }
  return n == 0 ? -1 : v;
}

// IPv4 with optional /0-32; OSS allows '*' for an octet (101.*.*.100). One
// pass: four octets ('*' or up to three digits, at most 255) between dots,
// then the optional prefix length (one or two digits, at most 32).
bool ipv4(std::string_view s) {
  const char* p = s.data();
  const char* const end = p + s.size();
  for (int part = 0; part < 4; ++part) {
    if (part > 0 && (p == end || *p++ != '.')) return false;
    if (p != end && *p == '*') {
      ++p;
    } else if (int v = small_number(p, end, 3); v < 0 || v > 255) {
      return false;
    }
  }
  if (p == end) return true;
  if (*p++ != '/') return false;
  int len = small_number(p, end, 2);
  return p == end && len >= 0 && len <= 32;
}

// IPv6 with optional /0-128.
bool ipv6(std::string_view s) {
  std::string_view addr = s;
  if (auto slash = s.find('/'); slash != std::string_view::npos) {
    std::string_view len = s.substr(slash + 1);
    if (!all_digits(len) || len.size() > 3 || num(len) > 128) return false;
    addr = s.substr(0, slash);
  }
  if (addr.find(':') == std::string_view::npos) return false;
  std::size_t dbl = addr.find("::");
  if (dbl != std::string_view::npos && addr.find("::", dbl + 1) != std::string_view::npos) return false;
  int groups = 0;
  std::size_t i = 0;
  while (i <= addr.size()) {
    std::size_t colon = addr.find(':', i);
    std::string_view g = addr.substr(i, colon == std::string_view::npos ? std::string_view::npos : colon - i);
    if (g.empty()) {
      // only as part of "::" (or a leading/trailing one of it)
      bool in_double = (colon != std::string_view::npos && colon == dbl) || (i > 0 && i - 1 == dbl) ||
                       (i >= 2 && i - 2 == dbl && colon == std::string_view::npos);
      if (!in_double) return false;
    } else if (colon == std::string_view::npos && g.find('.') != std::string_view::npos) {
      if (!ipv4(g) || g.find('*') != std::string_view::npos) return false;  // embedded IPv4 tail
      groups += 2;
    } else {
      if (g.size() > 4) return false;
      for (char c : g)
        if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
      ++groups;
    }
    if (colon == std::string_view::npos) break;
    i = colon + 1;
  }
  return dbl != std::string_view::npos ? groups < 8 : groups == 8;
}

enum class DateShape : std::uint8_t { Good, Basic, Bad };

// ISO 8601 extended format: 2019-08-12, 2019-08-12T17:00:00+08:00,
// 2012-11-11T23:59:59Z, with optional fractions and zone.
DateShape date_shape(std::string_view s) {
  auto zone = [](std::string_view z) {
    if (z.empty() || z == "Z" || z == "z") return true;
    if (z[0] != '+' && z[0] != '-') return false;
    z.remove_prefix(1);
    if (digits(z, 2)) return num(z) <= 23;
    if (digits(z, 4)) return num_at(z, 0, 2) <= 23 && num_at(z, 2, 2) <= 59;
    return z.size() == 5 && digits_at(z, 0, 2) && z[2] == ':' && digits_at(z, 3, 2) && num_at(z, 0, 2) <= 23 &&
           num_at(z, 3, 2) <= 59;
  };
  if (s.size() >= 10 && digits_at(s, 0, 4) && s[4] == '-' && digits_at(s, 5, 2) && s[7] == '-' && digits_at(s, 8, 2)) {
    int month = num_at(s, 5, 2), day = num_at(s, 8, 2);
    if (month < 1 || month > 12 || day < 1 || day > 31) return DateShape::Bad;
    std::string_view rest = s;
    rest.remove_prefix(10);
    if (rest.empty()) return DateShape::Good;
    if (rest[0] != 'T' && rest[0] != 't') return DateShape::Bad;
    rest.remove_prefix(1);
    if (rest.size() < 5 || !digits_at(rest, 0, 2) || rest[2] != ':' || !digits_at(rest, 3, 2)) return DateShape::Bad;
    if (num_at(rest, 0, 2) > 24 || num_at(rest, 3, 2) > 59) return DateShape::Bad;
    rest.remove_prefix(5);
    if (rest.size() >= 3 && rest[0] == ':' && digits_at(rest, 1, 2)) {
      if (num_at(rest, 1, 2) > 60) return DateShape::Bad;
      rest.remove_prefix(3);
      if (!rest.empty() && rest[0] == '.') {
        std::size_t n = 1;
        while (n < rest.size() && std::isdigit(static_cast<unsigned char>(rest[n]))) ++n;
        if (n == 1) return DateShape::Bad;
        rest.remove_prefix(n);
      }
    }
    return zone(rest) ? DateShape::Good : DateShape::Bad;
  }
  // ISO 8601 basic format (20191231T235959Z) is ISO 8601 too, but no
  // Alibaba example uses it.
  if (s.size() >= 8 && digits_at(s, 0, 8) && (s.size() == 8 || s[8] == 'T')) return DateShape::Basic;
  return DateShape::Bad;
}

bool number_shape(std::string_view s) {
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  auto dot = s.find('.');
  if (dot == std::string_view::npos) return all_digits(s);
  return all_digits(s.substr(0, dot)) && all_digits(s.substr(dot + 1));
}

// Doc-masked text (the placeholder rules report it) or a template. Also masks
// placeholder/unreplaced does not look for in condition values: masked IP
// octets ("116.62.XX.XX/24") and starred IDs ("vpc-t4nlw426y44rd3iq4****"),
// not malformed values or wildcards to report here.
bool placeholder_like(std::string_view s) {
  return model::has_placeholder(s) || model::has_template(s) || s.find("**") != std::string_view::npos ||
         s.find("XX") != std::string_view::npos;
}

// The value-invalid finding a value earns under an operator family, if any:
// its message id and how sure it is.
struct Verdict {
  enum class Grade : std::uint8_t { Sure, Uncertain, Note };
  std::string_view why;
  Grade grade = Grade::Sure;
};

std::optional<Verdict> judge(Family family, std::string_view key, const Str& v) {
  using Grade = Verdict::Grade;
  bool is_string = v.node->is_string();
  bool is_bool = v.node->type == json::Type::True || v.node->type == json::Type::False;
  switch (family) {
    case Family::None:
    case Family::String:
      break;
    case Family::StringEquals:
      // '*' and '?' are wildcards only in StringLike/StringNotLike.
      if (is_string && has_wildcard(v.value)) return Verdict{"condition/value-invalid.wildcard", Grade::Uncertain};
      break;
    case Family::Numeric:
      if (is_bool || (is_string && !number_shape(v.value))) return Verdict{"condition/value-invalid.number"};
      break;
    case Family::Date:
      if (!is_string) return Verdict{"condition/value-invalid.date"};
      switch (date_shape(v.value)) {
        case DateShape::Good:
          break;
        case DateShape::Bad:
          return Verdict{"condition/value-invalid.date"};
        case DateShape::Basic:
          return Verdict{"condition/value-invalid.date-basic", Grade::Uncertain};
      }
      break;
    case Family::Bool:
      // Alibaba's own IaC rules accept JSON booleans; the docs quote them.
      if (is_bool) return Verdict{"condition/value-invalid.bool-json", Grade::Note};
      if (!is_string) return Verdict{"condition/value-invalid.bool"};
      if (v.value == "true" || v.value == "false") break;
      if (iequals(v.value, "true") || iequals(v.value, "false"))
        return Verdict{"condition/value-invalid.bool-case", Grade::Uncertain};
      // The 2021 OSS page documented HTTP/HTTPS; the current one true/false.
      if (iequals(key, "acs:SecureTransport") && (iequals(v.value, "https") || iequals(v.value, "http")))
        return Verdict{"condition/value-invalid.secure-transport", Grade::Uncertain};
      return Verdict{"condition/value-invalid.bool"};
    case Family::Ip:
      if (!is_string || !(ipv4(v.value) || ipv6(v.value))) return Verdict{"condition/value-invalid.ip"};
      break;
  }
  return std::nullopt;
}

// condition/value-invalid
void value_invalid(const Context& ctx) {
  const char* id = "condition/value-invalid";
  const ResolvedEntry* r = condition_table(ctx).entries.data();
  for (const auto& s : ctx.policy.statements)
    for (const auto& c : s.conditions) {
      const ResolvedEntry& e = *r++;
      if (c.key == nullptr) continue;
      if (e.op.status == OpStatus::Misspelt || e.op.family == Family::None) continue;
      // A family that does not fit the key is the type-mismatch finding.
      if (e.key.type && !fits(e.op.family, *e.key.type)) continue;
      for (const Str& v : c.values) {
        std::optional<Verdict> verdict = judge(e.op.family, c.key_name, v);
        if (!verdict) continue;
        // Placeholder text is placeholder/unreplaced's finding. Asked last:
        // it is the costliest test and most values are valid.
        bool is_string = v.node->is_string();
        if (is_string && placeholder_like(v.value)) continue;
        std::string shown =
            is_string ? quote(v.value)
                      : ctx.tr(msg("condition/value-invalid.literal",
                                   {{"type", ctx.tr(msg("common.json." + std::string(json::type_name(v.node->type))))},
                                    {"value", std::string(v.value)}}));
        std::string like;
        if (e.op.family == Family::StringEquals)
          like = std::string(c.op_name).find("Not") != std::string::npos ? "StringNotLike" : "StringLike";
        Finding& f = ctx.report(
            id, v.node->span,
            msg(verdict->why, {{"value", shown}, {"operator", quote(c.op_name)}, {"like", std::move(like)}}));
        if (verdict->grade == Verdict::Grade::Uncertain) mark_uncertain(f);
        if (verdict->grade == Verdict::Grade::Note) f.severity = Severity::Note;
      }
    }
}

// The message of condition/oss-sourceip-without-sourcevpc (it has no
// parameter), made once in each language, as dts/plain-service-principal's
// labels are: a bucket policy may repeat the condition in every statement.
const std::string& sourceip_message(Lang lang) {
  static constexpr std::string_view kId = "condition/oss-sourceip-without-sourcevpc";
  static const MessageTemplate texts[] = {MessageTemplate(kId, {}, Lang::En), MessageTemplate(kId, {}, Lang::Zh)};
  return texts[lang == Lang::Zh ? 1 : 0].constant();
}

// condition/oss-sourceip-without-sourcevpc
void sourceip_without_sourcevpc(const Context& ctx) {
  const ResolvedEntry* r = condition_table(ctx).entries.data();
  for (const auto& s : ctx.policy.statements) {
    const ConditionEntry* ip = nullptr;
    bool vpc = false;
    for (const auto& c : s.conditions) {
      const ResolvedEntry& e = *r++;
      if (e.key.source_ip && ip == nullptr) ip = &c;
      vpc = vpc || e.key.source_vpc;
    }
    if (ip == nullptr || vpc) continue;
    // OSS now rejects a new bucket policy with acs:SourceIp but no
    // acs:SourceVpc (0030-00000008); older published examples lack it.
    ctx.out.report("condition/oss-sourceip-without-sourcevpc", ip->key->key_span, sourceip_message(ctx.settings.lang));
  }
}

constexpr RuleImpl kRules[] = {
    {"condition/key-unknown", key_unknown},
    {"condition/operator-unknown", operator_unknown},
    {"condition/oss-sourceip-without-sourcevpc", sourceip_without_sourcevpc},
    {"condition/type-mismatch", type_mismatch},
    {"condition/value-invalid", value_invalid},
};

}  // namespace

std::span<const RuleImpl> condition_rules() { return kRules; }

}  // namespace policylint::rules
