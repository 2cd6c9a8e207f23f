// The condition rules resolve each document's operators and keys once (a
// per-document table, names remembered within the document) and check IPv4
// values in one pass. These tests hold the results to plain versions: the IP
// check to the split-and-parse reference it replaced, and a document's
// findings to those of its condition operators linted one by one.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstddef>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "../../lib/src/model/placeholders.hpp"
#include "policylint/engine.hpp"

using namespace policylint;

namespace {

bool ref_all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int ref_num(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

// IPv4 with an optional /0-32 and '*' octets: split at the first '/', then at
// every '.', each piece checked on its own.
bool ref_ipv4(std::string_view s) {
  std::string_view addr = s;
  if (auto slash = s.find('/'); slash != std::string_view::npos) {
    std::string_view len = s.substr(slash + 1);
    if (!ref_all_digits(len) || len.size() > 2 || ref_num(len) > 32) return false;
    addr = s.substr(0, slash);
  }
  std::vector<std::string_view> octets;
  std::size_t from = 0;
  for (std::size_t dot; (dot = addr.find('.', from)) != std::string_view::npos; from = dot + 1)
    octets.push_back(addr.substr(from, dot - from));
  octets.push_back(addr.substr(from));
  if (octets.size() != 4) return false;
  for (auto o : octets)
    if (o != "*" && (!ref_all_digits(o) || o.size() > 3 || ref_num(o) > 255)) return false;
  return true;
}

enum class Shape { Good, Basic, Bad };

bool ref_digits(std::string_view s, std::size_t n) { return s.size() == n && ref_all_digits(s); }

// ISO 8601 extended dates, field by field on substrings; the basic format
// (20191231T235959Z) apart.
Shape ref_date_shape(std::string_view s) {
  auto zone = [](std::string_view z) {
    if (z.empty() || z == "Z" || z == "z") return true;
    if (z[0] != '+' && z[0] != '-') return false;
    z.remove_prefix(1);
    if (ref_digits(z, 2)) return ref_num(z) <= 23;
    if (ref_digits(z, 4)) return ref_num(z.substr(0, 2)) <= 23 && ref_num(z.substr(2)) <= 59;
    return z.size() == 5 && ref_digits(z.substr(0, 2), 2) && z[2] == ':' && ref_digits(z.substr(3), 2) &&
           ref_num(z.substr(0, 2)) <= 23 && ref_num(z.substr(3)) <= 59;
  };
  if (s.size() >= 10 && ref_digits(s.substr(0, 4), 4) && s[4] == '-' && ref_digits(s.substr(5, 2), 2) && s[7] == '-' &&
      ref_digits(s.substr(8, 2), 2)) {
    int month = ref_num(s.substr(5, 2)), day = ref_num(s.substr(8, 2));
    if (month < 1 || month > 12 || day < 1 || day > 31) return Shape::Bad;
    std::string_view rest = s.substr(10);
    if (rest.empty()) return Shape::Good;
    if (rest[0] != 'T' && rest[0] != 't') return Shape::Bad;
    rest.remove_prefix(1);
    if (rest.size() < 5 || !ref_digits(rest.substr(0, 2), 2) || rest[2] != ':' || !ref_digits(rest.substr(3, 2), 2))
      return Shape::Bad;
    if (ref_num(rest.substr(0, 2)) > 24 || ref_num(rest.substr(3, 2)) > 59) return Shape::Bad;
    rest.remove_prefix(5);
    if (rest.size() >= 3 && rest[0] == ':' && ref_digits(rest.substr(1, 2), 2)) {
      if (ref_num(rest.substr(1, 2)) > 60) return Shape::Bad;
      rest.remove_prefix(3);
      if (!rest.empty() && rest[0] == '.') {
        std::size_t n = 1;
        while (n < rest.size() && rest[n] >= '0' && rest[n] <= '9') ++n;
        if (n == 1) return Shape::Bad;
        rest.remove_prefix(n);
      }
    }
    return zone(rest) ? Shape::Good : Shape::Bad;
  }
  if (s.size() >= 8 && ref_digits(s.substr(0, 8), 8) && (s.size() == 8 || s[8] == 'T')) return Shape::Basic;
  return Shape::Bad;
}

// v with `edits` characters changed, inserted or removed, each drawn from alphabet.
void mutate(std::mt19937& rng, std::string& v, const std::string& alphabet, std::size_t edits) {
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  for (; edits > 0; --edits) {
    std::size_t at = v.empty() ? 0 : pick(v.size());
    switch (pick(3)) {
      case 0:
        if (!v.empty()) v[at] = alphabet[pick(alphabet.size())];
        break;
      case 1:
        v.insert(v.begin() + static_cast<std::ptrdiff_t>(at), alphabet[pick(alphabet.size())]);
        break;
      default:
        if (!v.empty()) v.erase(at, 1);
    }
  }
}

// Random text over `alphabet`, or a seed with up to two characters changed,
// inserted or removed.
std::vector<std::string> mutations(std::mt19937& rng, const std::vector<std::string>& seeds,
                                   const std::string& alphabet, int count) {
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  std::vector<std::string> out(seeds);
  for (int i = 0; i < count; ++i) {
    std::string v;
    if (i % 4 == 0) {
      for (std::size_t n = pick(30); n > 0; --n) v += alphabet[pick(alphabet.size())];
    } else {
      v = seeds[pick(seeds.size())];
      mutate(rng, v, alphabet, pick(5) / 2);
    }
    out.push_back(v);
  }
  return out;
}

std::vector<Finding> lint(const std::string& text, const std::set<std::string>& rules) {
  LintOptions o;
  o.kind = Kind::Permission;
  o.select = rules;
  return Linter(o).lint("t.json", text).findings;
}

std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

TEST_CASE("condition/value-invalid: the one-pass IPv4 check against the split-and-parse reference",
          "[rules][condition][perf]") {
  std::mt19937 rng(20261202);
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  const std::string alphabet = "0123456789./*";
  const std::vector<std::string> seeds = {"10.0.0.1",   "116.62.0.0/24", "101.*.*.100", "255.255.255.255/32",
                                          "0.0.0.0/0",  "1.2.3.4/33",    "256.1.1.1",   "1.2.3",
                                          "01.002.3.4", "1.2.3.4/",      "1.2.3.4.5",   "*.*.*.*/8"};
  std::vector<std::string> values;
  for (int i = 0; i < 6000; ++i) {
    std::string v;
    if (i % 3 == 0) {
      // Random text over the characters an address is made of.
      std::size_t n = pick(20);
      for (std::size_t k = 0; k < n; ++k) v += alphabet[pick(alphabet.size())];
    } else {
      // Four octets (numbers near the limit, '*'), a prefix length or none,
      // a seed in between, then sometimes a character changed, inserted or removed.
      if (i % 3 == 1) {
        v = seeds[pick(seeds.size())];
      } else {
        for (int k = 0; k < 4; ++k) v += (k ? "." : "") + (pick(6) == 0 ? "*" : std::to_string(pick(270)));
        if (pick(2) == 0) v += "/" + std::to_string(pick(40));
      }
      mutate(rng, v, alphabet, pick(5) / 3);
    }
    values.push_back(v);
  }
  values.insert(values.end(), seeds.begin(), seeds.end());
  values.push_back("");
  values.push_back("99999999999.1.1.1");
  values.push_back("1.1.1.1/99999999999");

  std::size_t flagged_total = 0;
  for (std::size_t at = 0; at < values.size(); at += 300) {
    std::size_t end = std::min(values.size(), at + 300);
    std::string list;
    for (std::size_t i = at; i < end; ++i) list += (i > at ? "," : "") + json_string(values[i]);
    std::string text = R"({"Version":"1","Statement":[{"Effect":"Allow","Action":"ecs:Describe*","Resource":"*",)"
                       R"("Condition":{"IpAddress":{"acs:SourceIp":[)" +
                       list + "]}}}]}";
    std::vector<std::string> flagged;
    for (const auto& f : lint(text, {"condition/value-invalid"})) {
      // The span is the value's JSON string: the value between the quotes.
      flagged.push_back(text.substr(f.span.begin + 1, f.span.end - f.span.begin - 2));
    }
    std::vector<std::string> expected;
    for (std::size_t i = at; i < end; ++i) {
      const std::string& v = values[i];
      // No ':' in these values: IPv6 never matches. Placeholder-like text is left alone.
      bool skipped = model::has_placeholder(v) || v.find("**") != std::string::npos;
      if (!skipped && !ref_ipv4(v)) expected.push_back(v);
    }
    CHECK(flagged == expected);
    flagged_total += flagged.size();
  }
  // Both answers occur often.
  CHECK(flagged_total > values.size() / 5);
  CHECK(flagged_total < values.size() * 4 / 5);
}

TEST_CASE("condition rules: a document's findings are those of its operators linted one by one",
          "[rules][condition][perf]") {
  // More operators and keys than a document remembers, in every case and
  // spelling the rules tell apart, with values of every family's shapes.
  const std::vector<std::string> ops = {"StringEquals",
                                        "StringNotEquals",
                                        "StringLike",
                                        "ForAnyValue:StringLike",
                                        "ForAllValues:StringEquals",
                                        "forallvalues:StringEquals",
                                        "ForAnyValu:StringLike",
                                        "Bogus:StringLike",
                                        "Bool",
                                        "bool",
                                        "Boool",
                                        "IpAddress",
                                        "NotIpAddress",
                                        "IpAddressIncludeBorder",
                                        "DateLessThan",
                                        "DATELESSTHAN",
                                        "NumericLessThan",
                                        "NumericLessThanEqual",
                                        "StringEqualsIfExists",
                                        "Null",
                                        "ArnLike",
                                        "Whatever",
                                        "ForAnyValue:IpAddress",
                                        "DateGreaterThanEquals"};
  const std::vector<std::string> keys = {"acs:SourceIp",   "acs:SOURCEIP",    "acs:SourceVpc", "acs:SecureTransport",
                                         "acs:MFAPresent", "acs:CurrentTime", "oss:Prefix",    "acs:ResourceTag/x",
                                         "aws:SourceIp",   "acs:Nope",        "ecs:tag/a",     "oss:x-oss-acl",
                                         "sts:ExternalId", "acs:AccessId"};
  const std::vector<std::string> values = {R"("10.0.0.1/8")",
                                           R"("1.2.3.999")",
                                           R"("fe80::1")",
                                           R"("true")",
                                           R"("True")",
                                           R"("https")",
                                           R"(true)",
                                           R"(1)",
                                           R"("2019-08-12")",
                                           R"("20191231T235959Z")",
                                           R"("2019-13-01")",
                                           R"("12.5")",
                                           R"("1e")",
                                           R"("vpc-*")",
                                           R"("a?b")",
                                           R"("<your-ip>")",
                                           R"("116.62.XX.XX/24")",
                                           R"(null)",
                                           R"(["1.2.3.4","x"])"};
  const std::set<std::string> rules = {"condition/operator-unknown", "condition/key-unknown", "condition/type-mismatch",
                                       "condition/value-invalid"};
  auto doc = [](const std::vector<std::string>& conditions) {
    std::string text = R"({"Version":"1","Statement":[)";
    for (std::size_t i = 0; i < conditions.size(); ++i)
      text += (i ? "," : "") + std::string(R"({"Effect":"Allow","Action":"ecs:Describe*","Resource":"*",)") +
              R"("Condition":{)" + conditions[i] + "}}";
    return text + "]}";
  };
  using Seen = std::tuple<std::string, Severity, std::string, bool>;
  auto seen = [](const std::vector<Finding>& fs) {
    std::vector<Seen> out;
    for (const auto& f : fs) out.emplace_back(f.rule, f.severity, f.message, f.fix.has_value());
    std::sort(out.begin(), out.end());
    return out;
  };

  std::mt19937 rng(4242);
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  for (int round = 0; round < 40; ++round) {
    std::vector<std::string> statements;  // each one's Condition members
    std::vector<std::string> members;     // every member on its own
    for (std::size_t st = pick(5) + 1; st > 0; --st) {
      std::string condition;
      for (std::size_t m = pick(6); m > 0; --m) {
        std::string member = json_string(ops[pick(ops.size())]) + ":";
        switch (pick(8)) {
          case 0:
            member += R"("not an object")";
            break;
          case 1:
            member += "{}";
            break;
          default: {
            member += "{";
            for (std::size_t k = pick(4) + 1; k > 0; --k)
              member += json_string(keys[pick(keys.size())]) + ":" + values[pick(values.size())] + (k > 1 ? "," : "");
            member += "}";
          }
        }
        condition += (condition.empty() ? "" : ",") + member;
        members.push_back(member);
      }
      statements.push_back(condition);
    }
    std::vector<Finding> one_by_one;
    for (const auto& m : members) {
      auto f = lint(doc({m}), rules);
      one_by_one.insert(one_by_one.end(), f.begin(), f.end());
    }
    auto whole = lint(doc(statements), rules);
    CHECK(seen(whole) == seen(one_by_one));
  }
}

TEST_CASE("condition/value-invalid: the date shapes read in place against the substring reference",
          "[rules][condition][perf]") {
  std::mt19937 rng(1208);
  const std::vector<std::string> seeds = {"2019-08-12",           "2019-08-12T17:00:00+08:00",
                                          "2012-11-11T23:59:59Z", "2012-11-11T23:59:59.123Z",
                                          "2012-11-11t23:59",     "2012-11-11T24:00:60-0800",
                                          "2012-11-11T23:59+08",  "2019-13-01",
                                          "2019-00-31T00:00:00",  "2019-12-32",
                                          "20191231T235959Z",     "20191231",
                                          "2019-08-12T17:00:00.", "2019-08-12T17:00:00+24:00",
                                          "2019-08-12 17:00",     "2019-08-12T17:0"};
  const auto values = mutations(rng, seeds, "0123456789-T:+Z.zt ", 8000);
  const std::string basic = "uses the ISO 8601 basic format";
  std::size_t counts[3] = {0, 0, 0};
  for (std::size_t at = 0; at < values.size(); at += 300) {
    std::size_t end = std::min(values.size(), at + 300);
    std::string list;
    for (std::size_t i = at; i < end; ++i) list += (i > at ? "," : "") + json_string(values[i]);
    std::string text = R"({"Version":"1","Statement":[{"Effect":"Allow","Action":"ecs:Describe*","Resource":"*",)"
                       R"("Condition":{"DateLessThan":{"acs:CurrentTime":[)" +
                       list + "]}}}]}";
    std::vector<std::pair<std::string, bool>> found;  // value, basic
    for (const auto& f : lint(text, {"condition/value-invalid"}))
      found.emplace_back(text.substr(f.span.begin + 1, f.span.end - f.span.begin - 2),
                         f.message.find(basic) != std::string::npos);
    std::vector<std::pair<std::string, bool>> expected;
    for (std::size_t i = at; i < end; ++i) {
      const std::string& v = values[i];
      Shape shape = ref_date_shape(v);
      ++counts[static_cast<int>(shape)];
      if (shape == Shape::Good || model::has_placeholder(v)) continue;
      expected.emplace_back(v, shape == Shape::Basic);
    }
    CHECK(found == expected);
  }
  // Every shape occurs often.
  for (std::size_t n : counts) CHECK(n > values.size() / 20);
}

TEST_CASE("perf: an empty condition operator or key is reported like any unknown name", "[condition]") {
  // Empty names are empty views into the document (no bytes to read): the
  // per-document name table must not read through them.
  const std::string text =
      R"({"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:GetObject","Resource":"*",)"
      R"("Condition":{"":{"acs:SourceIp":"1.2.3.4"},"StringEquals":{"":"x"},"StringLike":{"":""}}}]})";
  auto found = lint(text, {"condition/operator-unknown", "condition/key-unknown"});
  std::vector<std::string> rules;
  for (const auto& f : found) rules.push_back(f.rule.str());
  CHECK(rules ==
        std::vector<std::string>{"condition/operator-unknown", "condition/key-unknown", "condition/key-unknown"});
}
