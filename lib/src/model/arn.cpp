#include "model/arn.hpp"

#include <cstring>

#include "util/text.hpp"

namespace policylint::model {

Arn split_arn(std::string_view value) {
  // The first four ':' (the resource part may hold more), each found by
  // memchr from the one before; no substr, whose bounds checks every caller
  // pays for (it runs for every Resource and Principal value).
  const char* text = value.data();
  const std::size_t n = value.size();
  // Field k is text[start[k], stop[k]); a field after the last part found is
  // empty, at the end of the text.
  std::size_t start[5] = {0, n, n, n, n}, stop[5] = {n, n, n, n, n};
  std::size_t colons = 0;
  for (std::size_t from = 0; colons < 4 && from < n;) {
    const void* c = std::memchr(text + from, ':', n - from);
    if (c == nullptr) break;
    auto at = static_cast<std::size_t>(static_cast<const char*>(c) - text);
    stop[colons] = at;
    start[++colons] = at + 1;
    from = at + 1;
  }
  auto field = [&](std::size_t k) {
    return ArnField{k <= colons ? std::string_view(text + start[k], stop[k] - start[k]) : std::string_view{}, start[k]};
  };
  // Built in place: each field written once.
  return Arn{value, colons + 1, field(0), field(1), field(2), field(3), field(4)};
}

std::optional<Arn> parse_arn(std::string_view value) {
  if (!value.starts_with("acs:") && !value.starts_with("arn:")) return std::nullopt;
  Arn a = split_arn(value);
  if (!a.complete()) return std::nullopt;
  return a;
}

std::optional<ArnField> arn_account(std::string_view value) {
  auto a = parse_arn(value);
  if (!a) return std::nullopt;
  return a->account;
}

std::optional<OssArn> parse_oss_arn(std::string_view value) {
  Arn a = split_arn(value);
  if (!a.complete() || a.scheme.text != "acs" || !util::iequals(a.service.text, "oss")) return std::nullopt;
  OssArn o;
  o.arn = a;
  std::string_view rel = a.resource.text;
  std::size_t slash = rel.find('/');
  o.bucket = ArnField{rel.substr(0, slash), a.resource.offset};
  if (slash != std::string_view::npos) {
    o.has_key = true;
    o.key = ArnField{rel.substr(slash + 1), a.resource.offset + slash + 1};
  }
  if (o.bucket.text.empty()) return std::nullopt;
  return o;
}

bool sts_like(std::string_view value) {
  return util::istarts_with(value, "arn:sts:") || util::istarts_with(value, "acs:sts:");
}

RoleSession role_session(const Arn& arn) {
  RoleSession s;
  s.arn = arn;
  std::string_view res = arn.resource.text;
  std::size_t base = arn.resource.offset;
  s.parts = 1;
  for (char c : res) s.parts += c == '/' ? 1 : 0;
  std::size_t p1 = res.find('/');
  s.type = ArnField{res.substr(0, p1), base};
  if (p1 == std::string_view::npos) return s;
  std::size_t p2 = res.find('/', p1 + 1);
  s.role =
      ArnField{res.substr(p1 + 1, p2 == std::string_view::npos ? std::string_view::npos : p2 - p1 - 1), base + p1 + 1};
  if (p2 != std::string_view::npos) s.session = ArnField{res.substr(p2 + 1), base + p2 + 1};
  return s;
}

std::optional<RamPrincipal> ram_principal(const Arn& arn) {
  std::string_view res = arn.resource.text;
  RamPrincipal p;
  p.arn = arn;
  if (res == "root" || res == "*") {
    p.entity = res == "root" ? RamEntity::Root : RamEntity::Any;
    return p;
  }
  static constexpr struct {
    std::string_view prefix;
    RamEntity entity;
  } kNamed[] = {{"user/", RamEntity::User},
                {"role/", RamEntity::Role},
                {"saml-provider/", RamEntity::SamlProvider},
                {"oidc-provider/", RamEntity::OidcProvider}};
  for (const auto& n : kNamed) {
    if (!res.starts_with(n.prefix)) continue;
    std::string_view name = res.substr(n.prefix.size());
    if (name.empty() || name.find_first_of("/ ") != std::string_view::npos) return std::nullopt;
    p.entity = n.entity;
    p.name = ArnField{name, arn.resource.offset + n.prefix.size()};
    return p;
  }
  return std::nullopt;
}

bool is_ram_root(std::string_view value) {
  if (!value.starts_with("acs:ram::")) return false;
  auto a = parse_arn(value);
  return a && a->resource.text == "root";
}

ServicePrincipal service_principal(std::string_view value) {
  ServicePrincipal s;
  std::size_t at = value.find('@');
  if (at == std::string_view::npos) {
    s.host = ArnField{value, 0};
    return s;
  }
  s.scoped = true;
  s.uid = ArnField{value.substr(0, at), 0};
  s.host = ArnField{value.substr(at + 1), at + 1};
  return s;
}

std::optional<ArnField> principal_account(std::string_view value) {
  std::string_view head = value.substr(0, 9);
  if (head == "acs:ram::" || head == "arn:sts::" || head == "acs:sts::") return arn_account(value);
  if (auto sp = service_principal(value); sp.scoped && !sp.uid.text.empty()) return sp.uid;
  if (util::all_digits(value)) return ArnField{value, 0};
  return std::nullopt;
}

}  // namespace policylint::model
