#pragma once
// What the Chinese tests call "English": a word of two or more ASCII letters
// outside quotes that is not a name the Chinese documentation also writes in
// Latin letters. Shared by the tests of every kind of message.
#include <catch2/catch.hpp>
#include <cctype>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace testutil {

// Names of products, formats and operators a Chinese message may hold, and
// JSON literals shown as values.
inline bool allowed_latin_word(const std::string& w) {
  static const std::set<std::string> kWords = {
      "OSS",       "RAM",  "ISO",  "CIDR", "JSON",    "IP",         "UID", "ID",  "AWS", "Bucket", "Policy", "String",
      "Numeric",   "Date", "Bool", "ARN",  "catalog", "policylint", "KMS", "DTS", "MiB", "KiB",    "acs",    "aws",
      "Object",    "SAML", "OIDC", "STS",  "YAML",    "Terraform",  "ROS", "HCL", "UTF", "BOM",    "NUL",    "VPC",
      "AccessKey", "ECS",  "ACL",  "true", "false",   "null"};
  return kWords.count(w) != 0;
}

// The English words left in message once the given strings (paths, values the
// test put in), quoted values ("...", '...', `...`) and option names (--lang)
// are removed; extra: more words the caller allows. Empty: no English.
inline std::string english_in(std::string message, const std::vector<std::string>& removed = {},
                              const std::set<std::string>& extra = {}) {
  for (const auto& p : removed)
    for (std::size_t at; !p.empty() && (at = message.find(p)) != std::string::npos;) message.replace(at, p.size(), " ");
  std::string rest = std::regex_replace(message, std::regex(R"re("[^"]*"|'[^']*'|`[^`]*`|--[a-z-]+)re"), " ");
  std::string word, found;
  for (char c : rest + " ") {
    if (std::isalpha(static_cast<unsigned char>(c)) != 0) {
      word += c;
      continue;
    }
    if (word.size() >= 2 && !allowed_latin_word(word) && extra.count(word) == 0) found += word + " ";
    word.clear();
  }
  return found;
}

// The lines of a text.
inline std::vector<std::string> text_lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

// A Chinese compact report against its English golden file: the same
// findings at the same places ("[PATH:]LINE:COL-ENDLINE:ENDCOL SEVERITY RULE"),
// and no English in the messages of rules that start with rule_prefix.
// Returns the number of lines compared.
inline std::size_t check_chinese_against_golden(const std::string& chinese, const std::string& english,
                                                const std::string& rule_prefix) {
  static const std::regex line_re(R"(^((?:\S+:)?\d+:\d+-\d+:\d+ \S+ (\S+)) (.*)$)");
  auto got = text_lines(chinese), want = text_lines(english);
  REQUIRE(got.size() == want.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    std::smatch g, w;
    REQUIRE(std::regex_match(got[i], g, line_re));
    REQUIRE(std::regex_match(want[i], w, line_re));
    CHECK(g[1] == w[1]);
    std::string message = g[3];
    INFO(message);
    if (std::string(g[2]).starts_with(rule_prefix)) CHECK(english_in(message).empty());
  }
  return got.size();
}

}  // namespace testutil
