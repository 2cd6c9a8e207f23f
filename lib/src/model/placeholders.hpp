#pragma once
// What counts as text copied from the documentation and never replaced: the
// definition placeholder/unreplaced reports with, and the one the other
// families use to stay quiet on such text (one finding per root cause).
// Shared by the rule families; the rule itself is rules/placeholder.cpp.
#include <string>
#include <string_view>
#include <vector>

namespace policylint::model {

// One placeholder found in a value.
struct PlaceholderHit {
  std::string text;
  std::string description;  // "the placeholder", "the masked ID", "the sample bucket name", ...
  bool certain;             // cannot be a real value: error
  bool masked;              // digits then **** (OSS rejects "**" in bucket policies)
};

// The placeholders of a value, in order: <...> and {...} (not "${...}",
// template interpolation), masked IDs (164682176356****, 27737962156157xxxx),
// masked ARN account fields (acs:ram::18***:root) and whole fields equal to a
// sample name of rules/requirements/placeholders.tsv. whole_is_uid: the value
// is an account ID (a bare bucket-policy principal); key: an object key, where
// only brackets count.
std::vector<PlaceholderHit> find_placeholders(std::string_view value, bool whole_is_uid = false, bool key = false);

// find_placeholders' two halves. The prefilter (value_may_hold_placeholder,
// for an object key key_may_hold_placeholder): one pass over the bytes, no
// allocation; false means find_placeholders finds nothing (true: it may).
// The slow half runs every finder. Almost no text holds a placeholder:
// placeholder/unreplaced, which sees every string, asks the prefilter first.
// A test holds the halves to each other.
bool value_may_hold_placeholder(std::string_view value);
bool key_may_hold_placeholder(std::string_view key);  // an object key: brackets only
inline bool may_hold_placeholder(std::string_view text, bool key = false) {
  return key ? key_may_hold_placeholder(text) : value_may_hold_placeholder(text);
}
std::vector<PlaceholderHit> find_placeholders_slow(std::string_view value, bool whole_is_uid = false, bool key = false);

// Does placeholder/unreplaced report this value? Rules about the shape of a
// value skip such text.
bool has_placeholder(std::string_view value);

// An account field of an ARN ("acs:ram::<field>:root") or a UID on its own that
// placeholder/unreplaced reports: a placeholder, a sample UID name, or a
// masked ID, also a short or split one ("18***", "100*******0719").
bool has_placeholder_account(std::string_view field);
// Digits and mask characters (*, x, X) only, with a run of three or more mask
// characters: a masked account field ("***" means nothing as a wildcard).
bool masked_account_field(std::string_view field);

// Template brackets (<uid>, {bucket}, ${var}): the value's structure is
// unknown, so the structural rules skip it. Not has_placeholder(): a masked
// account or a sample bucket name leaves the structure intact.
inline bool has_brackets(std::string_view value) {
  for (char c : value)
    if (c == '<' || c == '>' || c == '{' || c == '}') return true;
  return false;
}

// "${...}": a template tool (Terraform, ROS) fills it in; no rule judges it.
inline bool has_template(std::string_view value) { return value.find("${") != std::string_view::npos; }

}  // namespace policylint::model
