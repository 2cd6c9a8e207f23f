// The catalog's hash lookups fold and hash a key eight bytes at a time
// (catalog/folded_hash.hpp). These tests hold the word-wise fold to
// util::lower byte by byte, and every table's lookup to a plain scan of its
// keys, over the keys themselves and many strings made from them.
#include <catch2/catch.hpp>
#include <cstdint>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "../../lib/src/catalog/tables.hpp"
#include "../../lib/src/util/text.hpp"
#include "policylint/catalog.hpp"

using namespace policylint;
namespace cd = catalog::detail;

namespace {

// The position of the key equal to s folded to lower case, by a scan.
std::size_t scan(std::span<const std::string_view> keys, std::string_view s) {
  std::string folded = util::to_lower(s);
  for (std::size_t i = 0; i < keys.size(); ++i)
    if (keys[i] == folded) return i;
  return cd::LowerIndex::npos;
}

// Strings near a key: case changed, a byte changed, cut, lengthened, with
// bytes outside ASCII.
std::vector<std::string> variants(std::string_view key, std::mt19937& rng) {
  std::vector<std::string> out;
  std::string k(key);
  out.push_back(k);
  std::string flipped = k;
  for (char& c : flipped)
    if (rng() % 2 != 0) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  out.push_back(flipped);
  if (!k.empty()) {
    std::string changed = k;
    changed[rng() % changed.size()] = static_cast<char>(rng() % 256);
    out.push_back(changed);
    out.push_back(k.substr(0, k.size() - 1));
    out.push_back(k.substr(1));
  }
  out.push_back(k + static_cast<char>(rng() % 256));
  out.push_back(k + "\xc3\xa9");
  out.push_back(std::string(8 - k.size() % 8, 'x') + k);  // the same bytes in other word positions
  return out;
}

}  // namespace

TEST_CASE("perf catalog: the word-wise fold lowers every byte as util::lower does", "[catalog][perf]") {
  for (unsigned b = 0; b < 256; ++b) {
    for (unsigned pos = 0; pos < 8; ++pos) {
      // The byte among neighbours that are letters, and not.
      for (std::uint64_t fill : {0x0ULL, 0x4141414141414141ULL, 0x6161616161616161ULL, 0xC3C3C3C3C3C3C3C3ULL}) {
        std::uint64_t word = (fill & ~(0xFFULL << (8 * pos))) | (std::uint64_t{b} << (8 * pos));
        std::uint64_t lowered = cd::lower_word(word);
        for (unsigned k = 0; k < 8; ++k) {
          auto in = static_cast<char>((word >> (8 * k)) & 0xFF);
          auto out = static_cast<char>((lowered >> (8 * k)) & 0xFF);
          INFO("byte " << b << " at " << pos << ", byte " << k);
          CHECK(out == util::lower(in));
        }
      }
    }
  }
}

TEST_CASE("perf catalog: the hash of a folded lookup string is the generator's hash of the lower-case text",
          "[catalog][perf]") {
  std::mt19937 rng(7);
  for (int n = 0; n < 2000; ++n) {
    std::string s(rng() % 40, ' ');
    for (char& c : s) c = static_cast<char>(rng() % 256);
    cd::LoweredKey key(s);
    REQUIRE_FALSE(key.too_long());
    CHECK(key.view() == util::to_lower(s));
    CHECK(key.hash() == cd::lower_key_hash(util::to_lower(s)));
  }
}

TEST_CASE("perf catalog: every hash table answers as a scan of its keys", "[catalog][perf]") {
  const cd::Tables& t = cd::kTables;
  std::mt19937 rng(11);
  auto check = [&](const cd::LowerIndex& index, std::span<const std::string_view> keys) {
    for (std::string_view k : keys) {
      for (const std::string& v : variants(k, rng)) {
        INFO(v);
        CHECK(index.find(v) == scan(keys, v));
      }
    }
    CHECK(index.find("") == scan(keys, ""));
    CHECK(index.find(std::string(cd::kMaxKeyLength + 1, 'a')) == cd::LowerIndex::npos);
  };
  check(t.services_index, t.services);
  check(t.complete_index, t.complete_services);
  check(t.actions_index, t.action_keys);
  check(t.keys_index, t.keys);
  check(t.principals_index, t.principals);
}

TEST_CASE("perf catalog: a condition key too long for the hash table still finds its prefix entry", "[catalog][perf]") {
  const cd::Tables& t = cd::kTables;
  const auto& c = catalog::get();
  for (const cd::KeyPrefix& p : t.key_prefixes) {
    for (std::size_t extra : {std::size_t{1}, std::size_t{200}}) {
      std::string key = util::to_lower(p.prefix) + std::string(extra, 'K');
      // The longest prefix entry the key extends (the last of equal length).
      std::optional<catalog::KeyType> want;
      std::size_t best = 0;
      if (std::size_t i = scan(t.keys, key); i != cd::LowerIndex::npos) {
        want = t.key_types[i];
      } else {
        for (const cd::KeyPrefix& q : t.key_prefixes)
          if (key.size() > q.prefix.size() && key.starts_with(q.prefix) && q.prefix.size() >= best)
            want = q.type, best = q.prefix.size();
      }
      INFO(key);
      CHECK(c.key_type(key) == want);
    }
  }
}
