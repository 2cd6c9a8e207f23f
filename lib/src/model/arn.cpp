#include "model/arn.hpp"

#include <algorithm>
#include <bit>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "util/text.hpp"

namespace policylint::model {

namespace {

// Sixteen bytes of a value and, for a character, a bit per byte equal to it
// (bit i: byte i). SSE2 where the target has it (every x86-64); elsewhere a
// loop that gives the same bits.
class Chunk {
public:
  static constexpr std::size_t kSize = 16;
  explicit Chunk(const char* p) { std::memcpy(&bytes_, p, kSize); }
#if defined(__SSE2__)
  unsigned equal(char c) const { return mask(_mm_cmpeq_epi8(bytes_, _mm_set1_epi8(c))); }
  unsigned equal_any(char a, char b, char c, char d) const {
    return mask(
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(bytes_, _mm_set1_epi8(a)), _mm_cmpeq_epi8(bytes_, _mm_set1_epi8(b))),
                     _mm_or_si128(_mm_cmpeq_epi8(bytes_, _mm_set1_epi8(c)), _mm_cmpeq_epi8(bytes_, _mm_set1_epi8(d)))));
  }

private:
  static unsigned mask(__m128i m) { return static_cast<unsigned>(_mm_movemask_epi8(m)); }
  __m128i bytes_;
#else
  unsigned equal(char c) const {
    unsigned m = 0;
    for (std::size_t i = 0; i < kSize; ++i) m |= static_cast<unsigned>(bytes_[i] == c) << i;
    return m;
  }
  unsigned equal_any(char a, char b, char c, char d) const { return equal(a) | equal(b) | equal(c) | equal(d); }

private:
  char bytes_[kSize];
#endif
};

// Calls look(offset, chunk, valid) for the value's bytes, sixteen at a time,
// while it returns true: valid has a bit for each byte of the chunk that is
// the value's and not looked at before. The last bytes are read as the last
// sixteen of the value (overlapping the chunk before), or from a zeroed copy
// when the value is shorter: never a byte past its end.
template <typename Look>
void for_chunks(std::string_view value, Look look) {
  const std::size_t n = value.size();
  std::size_t i = 0;
  for (; i + Chunk::kSize <= n; i += Chunk::kSize)
    if (!look(i, Chunk(value.data() + i), 0xFFFFu)) return;
  if (i == n) return;
  if (n >= Chunk::kSize) {
    std::size_t from = n - Chunk::kSize;
    look(from, Chunk(value.data() + from), 0xFFFFu & ~((1u << (i - from)) - 1));
  } else {
    char copy[Chunk::kSize] = {};
    std::memcpy(copy, value.data(), n);
    look(0, Chunk(copy), (1u << n) - 1);
  }
}

// Fills in the fields of a, the Arn of value, whose first `colons` ':' (at
// most four) are at the positions given.
void set_fields(Arn& a, std::string_view value, const std::size_t* at, std::size_t colons) {
  const char* text = value.data();
  ArnField* field[5] = {&a.scheme, &a.service, &a.region, &a.account, &a.resource};
  std::size_t begin = 0;
  for (std::size_t k = 0; k < colons; ++k) {
    *field[k] = ArnField{std::string_view(text + begin, at[k] - begin), begin};
    begin = at[k] + 1;
  }
  *field[colons] = ArnField{std::string_view(text + begin, value.size() - begin), begin};
  // Fields after the last part found: empty, at the end of the text.
  for (std::size_t k = colons + 1; k < 5; ++k) *field[k] = ArnField{{}, value.size()};
  a.value = value;
  a.fields = colons + 1;
}

// Adds the positions of the ':' among the chunk's valid bytes, up to four in all.
void add_colons(std::size_t offset, const Chunk& c, unsigned valid, std::size_t* at, std::size_t& colons) {
  for (unsigned bits = c.equal(':') & valid; bits != 0 && colons < 4; bits &= bits - 1)
    at[colons++] = offset + static_cast<std::size_t>(std::countr_zero(bits));
}

// The positions of the first four ':' of the value (the resource part of
// an ARN may hold more), sixteen bytes at a time; returns how many there are.
std::size_t first_colons(std::string_view value, std::size_t (&at)[4]) {
  std::size_t colons = 0;
  for_chunks(value, [&](std::size_t offset, const Chunk& c, unsigned valid) {
    add_colons(offset, c, valid, at, colons);
    return colons < 4;
  });
  return colons;
}

}  // namespace

Arn split_arn(std::string_view value) {
  // It runs for every Resource and Principal value.
  std::size_t at[4];
  std::size_t colons = first_colons(value, at);
  Arn a;
  set_fields(a, value, at, colons);
  return a;
}

ScannedArn scan_arn(std::string_view value) {
  std::size_t at[4];
  std::size_t colons = 0;
  bool slash = false, brackets = false;
  for_chunks(value, [&](std::size_t offset, const Chunk& c, unsigned valid) {
    if (colons < 4) add_colons(offset, c, valid, at, colons);
    slash = slash || (c.equal('/') & valid) != 0;
    brackets = brackets || (c.equal_any('<', '>', '{', '}') & valid) != 0;
    return colons < 4 || !slash || !brackets;
  });
  ScannedArn out;
  set_fields(out.arn, value, at, colons);
  out.slash = slash;
  out.brackets = brackets;
  return out;
}

std::optional<Arn> parse_arn(std::string_view value) {
  if (!value.starts_with("acs:") && !value.starts_with("arn:")) return std::nullopt;
  Arn a = split_arn(value);
  if (!a.complete()) return std::nullopt;
  return a;
}

std::optional<ArnField> arn_account(std::string_view value) {
  // parse_arn's account, from the colons alone: no Arn is built (it runs
  // for every principal value of a document).
  if (!value.starts_with("acs:") && !value.starts_with("arn:")) return std::nullopt;
  std::size_t at[4];
  std::size_t colons = first_colons(value, at);
  if (colons < 4) return std::nullopt;
  return ArnField{value.substr(at[2] + 1, at[3] - at[2] - 1), at[2] + 1};
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
    // (A loop: find_first_of calls memchr on the set for each byte.)
    if (name.empty() || std::any_of(name.begin(), name.end(), [](char c) { return c == '/' || c == ' '; }))
      return std::nullopt;
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
