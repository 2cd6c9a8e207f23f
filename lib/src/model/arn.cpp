#include "model/arn.hpp"

#include <cstring>

#include "util/text.hpp"

namespace policylint::model {

Arn split_arn(std::string_view value) {
  // The first four ':' (the resource part may hold more), each found by
  // memchr from the one before; no substr, whose bounds checks every caller
  // pays for (it runs for every Resource and Principal value).
  std::size_t end[5];
  std::size_t colons = 0;
  const char* text = value.data();
  for (const char* p = text; colons < 4 && p < text + value.size();) {
    const void* c = std::memchr(p, ':', value.size() - static_cast<std::size_t>(p - text));
    if (c == nullptr) break;
    p = static_cast<const char*>(c);
    end[colons++] = static_cast<std::size_t>(p - text);
    ++p;
  }
  end[colons] = value.size();
  auto field = [&](std::size_t k) {
    // Fields after the last part found: empty, at the end of the text.
    if (k > colons) return ArnField{{}, value.size()};
    std::size_t begin = k == 0 ? 0 : end[k - 1] + 1;
    return ArnField{std::string_view(text + begin, end[k] - begin), begin};
  };
  Arn a;
  a.value = value;
  a.fields = colons + 1;
  a.scheme = field(0);
  a.service = field(1);
  a.region = field(2);
  a.account = field(3);
  a.resource = field(4);
  return a;
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
