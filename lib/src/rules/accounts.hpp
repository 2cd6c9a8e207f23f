#pragma once
// Account IDs (UIDs) inside ARNs and principals, for the dts, bucket and
// placeholder families. Header-only and private to lib/src/rules.
#include <optional>
#include <string_view>

namespace policylint::rules {

// Is s a non-empty run of ASCII digits (a plausible account UID)?
inline bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// A field of a colon-separated ARN with its byte offset in the ARN text.
struct Field {
  std::string_view text;
  std::size_t offset = 0;
};

// Field i (0-based) of "a:b:c:...", the last one running to the end; nullopt
// when there are fewer fields. acs:<svc>:<region>:<uid>:<rest> has the UID in
// field 3, and so does arn:sts::<uid>:assumed-role/<role>/<session>.
inline std::optional<Field> arn_field(std::string_view arn, std::size_t i) {
  std::size_t begin = 0;
  for (std::size_t k = 0; k < i; ++k) {
    auto colon = arn.find(':', begin);
    if (colon == std::string_view::npos) return std::nullopt;
    begin = colon + 1;
  }
  if (i < 4) {
    auto end = arn.find(':', begin);
    if (end == std::string_view::npos) return std::nullopt;  // an ARN has at least five fields
    return Field{arn.substr(begin, end - begin), begin};
  }
  return Field{arn.substr(begin), begin};
}

// The account field of an "acs:..." or "arn:..." ARN; nullopt for other text.
inline std::optional<Field> arn_account(std::string_view arn) {
  if (arn.substr(0, 4) != "acs:" && arn.substr(0, 4) != "arn:") return std::nullopt;
  return arn_field(arn, 3);
}

// An OSS resource ARN acs:oss:<region>:<owner>:<bucket>[/<key>], as fields
// with offsets. (Named apart from scenario.hpp's OssArn: two classes of one
// name in one namespace would break the one-definition rule.)
struct OssArnFields {
  Field owner;
  Field bucket;
  bool object = false;  // has "/<key>"
};

inline std::optional<OssArnFields> parse_oss_arn_fields(std::string_view arn) {
  if (arn.substr(0, 8) != "acs:oss:") return std::nullopt;
  auto owner = arn_field(arn, 3);
  auto rest = arn_field(arn, 4);
  if (!owner || !rest) return std::nullopt;
  OssArnFields out{*owner, *rest, false};
  if (auto slash = rest->text.find('/'); slash != std::string_view::npos) {
    out.bucket.text = rest->text.substr(0, slash);
    out.object = true;
  }
  return out;
}

// The account a principal string names: "acs:ram::<uid>:root|user/..|role/..",
// "arn:sts::<uid>:assumed-role/..", "<uid>@<service>" or a bare UID (bucket
// policies). nullopt when none is recognisable.
inline std::optional<Field> principal_account(std::string_view p) {
  if (p.substr(0, 9) == "acs:ram::" || p.substr(0, 9) == "arn:sts::" || p.substr(0, 9) == "acs:sts::")
    return arn_field(p, 3);
  if (auto at = p.find('@'); at != std::string_view::npos && at > 0) return Field{p.substr(0, at), 0};
  if (all_digits(p)) return Field{p, 0};
  return std::nullopt;
}

}  // namespace policylint::rules
