#pragma once
// One model of the names policies use: ARNs split into fields with the byte
// offset of each field in the value (so a finding or a fix can point inside
// it), and on top of it the OSS bucket/object ARN, the STS role-session
// principal, the RAM root/user/role principal and the "<uid>@<service>"
// service principal. Pure functions over string views; nothing is copied.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace policylint::model {

// One field of an ARN and where it starts in the ARN text.
struct ArnField {
  std::string_view text;
  std::size_t offset = 0;
};

// "<scheme>:<service>:<region>:<account>:<resource>" split at its first four
// ':' (the resource part may hold more). fields counts the parts found; when
// it is below five, the last part found holds the rest of the text and the
// later fields are empty.
struct Arn {
  std::string_view value;
  std::size_t fields = 0;
  ArnField scheme, service, region, account, resource;

  bool complete() const { return fields == 5; }
  // The text before the resource part: "acs:oss:*:123:" (complete ARNs).
  std::string_view head() const { return value.substr(0, resource.offset); }
};

// Splits any text (never fails; "abc" is one field).
Arn split_arn(std::string_view value);

// split_arn, and what the resource rules ask of every Resource value besides
// its fields, from the same pass over its bytes.
struct ScannedArn {
  Arn arn;
  bool slash = false;     // the value holds a '/'
  bool brackets = false;  // the value holds '<', '>', '{' or '}' (has_brackets, placeholders.hpp)
};
ScannedArn scan_arn(std::string_view value);

// An "acs:" or "arn:" ARN (scheme as written) with all five fields, else nullopt.
std::optional<Arn> parse_arn(std::string_view value);

// The account field of an "acs:"/"arn:" ARN with five fields.
std::optional<ArnField> arn_account(std::string_view value);

// ---------------------------------------------------------------- OSS

// "acs:oss:<region>:<account>:<bucket>[/<key>]": scheme "acs", service "oss"
// in any case, a non-empty bucket (which may hold wildcards).
struct OssArn {
  Arn arn;
  ArnField bucket;
  ArnField key;  // after the first '/', when has_key
  bool has_key = false;

  std::string_view account() const { return arn.account.text; }
  std::string_view head() const { return arn.head(); }
};
std::optional<OssArn> parse_oss_arn(std::string_view value);

// ---------------------------------------------------------------- principals

// The STS role-session principal of bucket policies,
// "arn:sts::<uid>:assumed-role/<role>/<session>": the '/'-separated parts of
// a complete ARN's resource (offsets into the value, like the ARN's).
struct RoleSession {
  Arn arn;
  ArnField type;  // "assumed-role"
  ArnField role;
  ArnField session;
  std::size_t parts = 0;  // '/'-separated parts of the resource
};
// Does the value start with "arn:sts:" or "acs:sts:" (any case)?
bool sts_like(std::string_view value);
RoleSession role_session(const Arn& arn);

// What the resource part of a RAM principal ARN "acs:ram::<uid>:<resource>" names.
enum class RamEntity : std::uint8_t { Root, Any, User, Role, SamlProvider, OidcProvider };
struct RamPrincipal {
  Arn arn;
  RamEntity entity = RamEntity::Root;
  ArnField name;  // user, role or provider name; empty for root and "*"
};
// The entity of a complete ARN's resource ("root", "*", "user/<n>",
// "role/<n>", "saml-provider/<n>", "oidc-provider/<n>", a name without '/'
// or ' '); nullopt for any other resource. Scheme and service are not looked at.
std::optional<RamPrincipal> ram_principal(const Arn& arn);
// "acs:ram::<uid>:root" exactly as written.
bool is_ram_root(std::string_view value);

// A service principal "<host>" or "<uid>@<host>" (trust policies).
struct ServicePrincipal {
  bool scoped = false;  // has '@'
  ArnField uid;         // before the first '@' (may be empty); scoped only
  ArnField host;
};
ServicePrincipal service_principal(std::string_view value);

// The account a principal string names: "acs:ram::<uid>:…",
// "arn:sts::<uid>:…" / "acs:sts::<uid>:…", "<uid>@<service>" or a bare UID
// (bucket policies); nullopt when none is recognisable.
std::optional<ArnField> principal_account(std::string_view value);

}  // namespace policylint::model
