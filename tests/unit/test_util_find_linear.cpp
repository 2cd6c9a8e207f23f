// util::find_linear against std::string_view::find (and a folded search),
// on random texts and on the inputs where a plain search is quadratic.
#include <catch2/catch.hpp>
#include <random>
#include <string>

#include "../../lib/src/util/text.hpp"

using policylint::util::Case;
using policylint::util::find_linear;
using policylint::util::to_lower;

TEST_CASE("find_linear", "[util]") {
  std::mt19937 rng(7);
  auto random = [&](std::size_t max_len) {
    std::string s(std::uniform_int_distribution<std::size_t>(0, max_len)(rng), 'a');
    for (char& c : s) c = "aAb"[std::uniform_int_distribution<int>(0, 2)(rng)];
    return s;
  };
  SECTION("the first occurrence, as std::string_view::find gives it") {
    for (int i = 0; i < 20000; ++i) {
      // Needles past 64 bytes take the Knuth-Morris-Pratt path.
      std::string text = random(i % 2 ? 40 : 400), needle = random(i % 2 ? 6 : 90);
      if (i % 5 == 0 && text.size() > 70) needle = text.substr(text.size() / 3, 66 + text.size() % 5);
      std::size_t from = std::uniform_int_distribution<std::size_t>(0, text.size() + 1)(rng);
      INFO(text << " / " << needle << " / " << from);
      CHECK(find_linear(text, needle, from, Case::Sensitive) == std::string_view(text).find(needle, from));
      CHECK(find_linear(text, needle, from, Case::Insensitive) ==
            std::string_view(to_lower(text)).find(to_lower(needle), from));
    }
  }
  SECTION("a long needle that almost occurs at every position") {
    std::string text(30000, 'a'), needle = std::string(15000, 'a') + "b";
    CHECK(find_linear(text, needle, 0, Case::Sensitive) == std::string_view::npos);
    text += "b";
    CHECK(find_linear(text, needle, 0, Case::Insensitive) == 15000);
    CHECK(find_linear(text, "", 7, Case::Sensitive) == 7);
  }
}
