// apply_fixes against the plain version it replaced (kept here as the
// reference: every chosen fix tested against every other, each edit applied
// with std::string::replace), on random fixes: overlapping, repeated,
// insertions at one offset, several edits per fix, unsafe ones.
#include <algorithm>
#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

#include "policylint/engine.hpp"

using namespace policylint;

namespace {

std::pair<std::string, std::size_t> reference(const std::string& text, const std::vector<Finding>& findings,
                                              bool include_unsafe) {
  struct Pending {
    const Fix* fix;
    Span hull;
  };
  std::vector<Pending> chosen;
  for (const auto& f : findings) {
    if (!f.fix || f.fix->edits.empty() || (!f.fix->safe && !include_unsafe)) continue;
    Span hull{UINT32_MAX, 0};
    for (const auto& e : f.fix->edits)
      hull.begin = std::min(hull.begin, e.span.begin), hull.end = std::max(hull.end, e.span.end);
    bool overlaps = std::any_of(chosen.begin(), chosen.end(),
                                [&](const Pending& p) { return hull.begin < p.hull.end && p.hull.begin < hull.end; });
    bool duplicate = std::any_of(chosen.begin(), chosen.end(), [&](const Pending& p) {
      if (p.fix->edits.size() != f.fix->edits.size()) return false;
      for (std::size_t i = 0; i < p.fix->edits.size(); ++i)
        if (!(p.fix->edits[i].span == f.fix->edits[i].span) ||
            p.fix->edits[i].replacement != f.fix->edits[i].replacement)
          return false;
      return true;
    });
    if (!overlaps && !duplicate && hull.end <= text.size()) chosen.push_back({&*f.fix, hull});
  }
  std::vector<const Edit*> edits;
  for (const auto& p : chosen)
    for (const auto& e : p.fix->edits) edits.push_back(&e);
  std::reverse(edits.begin(), edits.end());
  std::stable_sort(edits.begin(), edits.end(), [](const Edit* a, const Edit* b) {
    return a->span.begin != b->span.begin ? a->span.begin > b->span.begin : a->span.end > b->span.end;
  });
  std::string out = text;
  for (const Edit* e : edits) out.replace(e->span.begin, e->span.end - e->span.begin, e->replacement);
  return {out, chosen.size()};
}

}  // namespace

TEST_CASE("apply_fixes: the same text and count as testing every pair", "[engine]") {
  std::mt19937 rng(11);
  auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n)(rng); };
  for (int round = 0; round < 3000; ++round) {
    std::string text(static_cast<std::size_t>(pick(40)), 'x');
    for (std::size_t i = 0; i < text.size(); ++i) text[i] = static_cast<char>('a' + i % 26);
    std::vector<Finding> findings(static_cast<std::size_t>(pick(12)));
    for (Finding& f : findings) {
      if (pick(5) == 0) continue;  // no fix
      Fix fix;
      fix.safe = pick(3) != 0;
      int edits = 1 + pick(2);
      for (int k = 0; k < edits; ++k) {
        auto b = static_cast<std::uint32_t>(pick(static_cast<int>(text.size()) + 2));
        auto len = static_cast<std::uint32_t>(pick(3) == 0 ? 0 : pick(4));
        fix.edits.push_back(Edit{Span{b, b + len}, std::string(static_cast<std::size_t>(pick(3)), "XYZ"[pick(2)])});
      }
      f.fix = fix;
    }
    // Some fixes twice.
    if (!findings.empty() && pick(2) == 0)
      findings.push_back(findings[static_cast<std::size_t>(pick(static_cast<int>(findings.size()) - 1))]);
    for (bool unsafe : {false, true}) {
      INFO("round " << round << " unsafe " << unsafe);
      CHECK(apply_fixes(text, findings, unsafe) == reference(text, findings, unsafe));
    }
  }
}

TEST_CASE("apply_fixes: 100 000 fixes on one line", "[engine]") {
  std::string text;
  std::vector<Finding> findings;
  for (std::uint32_t i = 0; i < 100000; ++i) {
    text += "ab";
    Finding f;
    f.fix = Fix{"upper", true, {Edit{Span{2 * i, 2 * i + 1}, "A"}}};
    findings.push_back(f);
    findings.push_back(f);  // reported twice: applied once
  }
  auto [out, n] = apply_fixes(text, findings, false);
  CHECK(n == 100000);
  CHECK(out.size() == text.size());
  CHECK(out.substr(0, 6) == "AbAbAb");
  CHECK(out.find('a') == std::string::npos);
}

TEST_CASE("apply_fixes: insertions at one offset keep their findings' order, in front of a replacement there",
          "[engine]") {
  auto fix = [](std::uint32_t b, std::uint32_t e, std::string r) {
    Finding f;
    f.fix = Fix{"t", true, {Edit{Span{b, e}, std::move(r)}}};
    return f;
  };
  const std::string text = "abcdefgh";
  // The replacement of "cde" reported between the two insertions at its start.
  std::vector<Finding> findings = {fix(2, 2, "[1]"), fix(2, 5, "CDE"), fix(2, 2, "[2]"), fix(6, 6, "|")};
  auto [out, n] = apply_fixes(text, findings, false);
  CHECK(n == 4);
  CHECK(out == "ab[1][2]CDEf|gh");
  // The same findings in another order: insertions follow their findings' order.
  std::vector<Finding> swapped = {fix(2, 2, "[2]"), fix(6, 6, "|"), fix(2, 5, "CDE"), fix(2, 2, "[1]")};
  CHECK(apply_fixes(text, swapped, false).first == "ab[2][1]CDEf|gh");
}
