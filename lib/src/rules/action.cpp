// Rules of the "action" family: the shape of Action/NotAction values and what
// they name in the catalog (policy-language.md section 2.3).
#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "catalog/folded_hash.hpp"
#include "facts.hpp"
#include "families.hpp"
#include "model/placeholders.hpp"
#include "policylint/catalog.hpp"
#include "util.hpp"

namespace policylint::rules {

namespace {

// The message id saying why a value is not "<service>:<name>" ("" when it is well formed).
std::string_view malformed_reason(std::string_view v) {
  if (v == "*") return "";
  if (v.empty()) return "action/malformed.empty";
  for (char c : v)
    if (util::is_space(c)) return "action/malformed.whitespace";
  std::size_t colon = v.find(':');
  if (colon == std::string_view::npos) return "action/malformed.no-service";
  if (v.find(':', colon + 1) != std::string_view::npos) return "action/malformed.colons";
  if (colon == 0) return "action/malformed.empty-service";
  if (colon + 1 == v.size()) return "action/malformed.empty-name";
  return "";
}

// What the rules of this family ask of one Action or NotAction text. It
// depends on the text alone, so it is worked out once per text and thread
// (DescribedCache) for all the rules and documents.
struct Described {
  std::string_view reason;      // malformed_reason
  std::size_t svc_size = 0;     // the service: the text before the first ':'
  bool well_formed = false;     // "<service>:<name>" (not "*")
  bool placeholder = false;     // template brackets (model::has_brackets): the placeholder family's
  bool wild = false;            // a '*' or '?' anywhere
  bool prefix_pattern = false;  // the one wildcard is a final '*' (oss:Get*)
  bool svc_wild = false;
  // Only for well-formed values without placeholder or wildcard in the
  // service: is the service known, does the catalog list actions of it, is
  // its list complete, and (no wildcard at all) the catalog entry.
  bool known_service = false;
  bool lists_actions = false;
  bool complete = false;
  const catalog::Action* known = nullptr;
  // The text is not written as documented (action/case-mismatch): the
  // entry's spelling, or a lower-case service when there is no entry.
  bool case_differs = false;
  // A prefix pattern of a complete service: does it match a catalog action?
  bool matches_any = false;
};

// One Action or NotAction string of the document and what its text is.
struct ActionValue : Described {
  const Str* str = nullptr;
  std::string_view svc;  // the text before the first ':'
};

struct ActionValues {
  DocVector<ActionValue> values;  // every Action, then NotAction, string of each statement in order
};

// Bytes describe() looks for, in one pass over a value.
enum : std::uint8_t { kSpace = 1, kColon = 2, kWild = 4, kBracket = 8 };

constexpr std::array<std::uint8_t, 256> kByteClass = [] {
  std::array<std::uint8_t, 256> c{};
  for (int b = 0; b < 256; ++b) {
    auto ch = static_cast<char>(b);
    if (util::is_space(ch)) c[static_cast<std::size_t>(b)] |= kSpace;
    if (ch == ':') c[static_cast<std::size_t>(b)] |= kColon;
    if (ch == '*' || ch == '?') c[static_cast<std::size_t>(b)] |= kWild;
    if (ch == '<' || ch == '>' || ch == '{' || ch == '}') c[static_cast<std::size_t>(b)] |= kBracket;  // has_brackets
  }
  return c;
}();

Described describe(std::string_view s, const catalog::Catalog& cat) {
  Described v;
  // One pass for what malformed_reason, has_brackets and has_wildcard (of the
  // value and of its service) would each scan for.
  bool space = false;
  std::size_t colon = std::string_view::npos, colons = 0, wilds = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    std::uint8_t c = kByteClass[static_cast<unsigned char>(s[i])];
    if (c == 0) continue;
    space = space || (c & kSpace) != 0;
    v.placeholder = v.placeholder || (c & kBracket) != 0;
    if (c & kWild) {
      v.wild = true;
      v.svc_wild = v.svc_wild || colons == 0;
      ++wilds;
    }
    if (c & kColon) {
      if (colons++ == 0) colon = i;
    }
  }
  // malformed_reason, in its order.
  if (s == "*")
    v.reason = "";
  else if (s.empty())
    v.reason = "action/malformed.empty";
  else if (space)
    v.reason = "action/malformed.whitespace";
  else if (colons == 0)
    v.reason = "action/malformed.no-service";
  else if (colons > 1)
    v.reason = "action/malformed.colons";
  else if (colon == 0)
    v.reason = "action/malformed.empty-service";
  else if (colon + 1 == s.size())
    v.reason = "action/malformed.empty-name";
  v.well_formed = s != "*" && v.reason.empty();
  v.prefix_pattern = wilds == 1 && s.back() == '*';
  std::string_view svc = s.substr(0, colon);
  v.svc_size = svc.size();
  if (v.well_formed && !v.placeholder && !v.svc_wild) {
    // A catalog action's service is a known one that lists it.
    if (!v.wild) v.known = cat.find(s);
    if (auto actions = cat.find_service(svc)) {
      v.known_service = true;
      v.lists_actions = !actions->empty();
      v.complete = cat.complete(svc);
    }
    v.case_differs = v.known != nullptr ? !v.known->written_as(s) : util::has_upper(svc);
    // A pattern whose one wildcard is its final '*' matches when an action
    // begins with its text: the catalog answers at once.
    if (v.wild && v.prefix_pattern && v.complete) v.matches_any = cat.matches_any(s);
  }
  return v;
}

// describe()'s answers for the texts seen last on this thread: action names
// repeat across the documents of a run ("oss:GetObject" in most of them).
// One slot per text, picked by a hash of its length and first and last eight
// bytes; a text that takes another's slot replaces it. No search: a text
// costs at most one describe() and one comparison.
class DescribedCache {
public:
  const Described& get(std::string_view s, const catalog::Catalog& cat) {
    namespace cd = catalog::detail;
    const std::size_t n = s.size();
    if (n > kText) {  // described every time (rare: action names are short)
      long_ = describe(s, cat);
      return long_;
    }
    std::uint64_t head = 0, tail = 0;
    if (n >= 8) {
      head = cd::load8(s.data());
      tail = cd::load8(s.data() + n - 8);
    } else if (n > 0) {
      head = tail = cd::short_word(s.data(), n);
    }
    const std::uint64_t h = cd::hash_finish(cd::hash_mix(cd::hash_mix(cd::hash_start(n), head), tail));
    Slot& slot = slots_[h % kSlots];
    if (slot.size == n && cd::same_bytes(slot.text, s.data(), n)) return slot.value;
    slot.value = describe(s, cat);
    std::copy(s.begin(), s.end(), slot.text);
    slot.size = n;
    return slot.value;
  }

private:
  static constexpr std::size_t kText = 48, kSlots = 256;
  struct Slot {
    std::size_t size = kText + 1;  // no text's: empty
    char text[kText] = {};
    Described value;
  };
  std::array<Slot, kSlots> slots_{};
  Described long_;
};

const DocVector<ActionValue>& action_values(const Context& ctx) {
  return ctx.facts()
      .shared<ActionValues>([&] {
        const auto& cat = catalog::get();
        // Per thread, allocated once (the engine lints on several threads).
        thread_local std::unique_ptr<DescribedCache> cache;
        if (!cache) cache = std::make_unique<DescribedCache>();
        ActionValues out;
        std::size_t n = 0;
        for (const Statement& s : ctx.policy.statements) n += s.action.items.size() + s.not_action.items.size();
        out.values.reserve(n);
        auto add = [&](const Str& a) {
          ActionValue& v = out.values.emplace_back();
          static_cast<Described&>(v) = cache->get(a.value, cat);
          v.str = &a;
          v.svc = a.value.substr(0, v.svc_size);
        };
        for (const Statement& s : ctx.policy.statements) {
          for (const Str& a : s.action.items) add(a);
          for (const Str& a : s.not_action.items) add(a);
        }
        return out;
      })
      .values;
}

std::string suggestion_text(const std::vector<const catalog::Action*>& sugg, Lang lang) {
  std::vector<std::string> items;
  for (const catalog::Action* a : sugg) items.push_back(quote(a->full()));
  return i18n::join_or(items, lang);
}

// action/malformed
void malformed(const Context& ctx) {
  for (const ActionValue& v : action_values(ctx)) {
    if (v.reason.empty()) continue;
    const Str& a = *v.str;
    Finding& f = ctx.report("action/malformed", a.node->span, msg(v.reason, {{"action", quote(a.value)}}));
    // A trimmed value that is then well formed is a safe fix: RAM matches the trimmed text only.
    std::string_view t = util::trim(a.value);
    if (t.size() != a.value.size() && (t == "*" || malformed_reason(t).empty()) && plain_literal(ctx, a))
      f.fix = Fix{ctx.tr(msg("action/malformed.fix")), true, {Edit{a.node->span, "\"" + std::string(t) + "\""}}};
  }
}

// action/unknown-service
void unknown_service(const Context& ctx) {
  const auto& cat = catalog::get();
  for (const ActionValue& v : action_values(ctx)) {
    if (!v.well_formed || v.placeholder || v.svc_wild || v.known_service) continue;
    const Str& a = *v.str;
    std::string_view svc = v.svc;
    Message m = msg("action/unknown-service", {{"service", quote(svc)}, {"action", quote(a.value)}});
    std::optional<std::string_view> best;
    std::size_t best_d = 3;
    std::string lower_svc = util::to_lower(svc);
    const util::EditDistance distance(lower_svc, util::Case::Sensitive);
    for (const auto& code : cat.services()) {
      std::size_t d = distance(code, best_d - 1);
      if (d < best_d) best_d = d, best = code;
    }
    if (best) m = msg("common.did-you-mean", {{"message", ctx.tr(m)}, {"suggestion", quote(*best)}});
    ctx.report("action/unknown-service", a.node->span, m);
  }
}

// Is the closest suggestion only a typo away: at most max(2, n/6) edits on
// the name after the ':' (case-insensitive)?
bool near_miss(std::string_view action, const std::vector<const catalog::Action*>& sugg) {
  if (sugg.empty()) return false;
  std::string name = util::to_lower(action.substr(action.find(':') + 1));
  std::size_t limit = std::max<std::size_t>(2, name.size() / 6);
  for (const catalog::Action* c : sugg)
    if (edit_distance(name, c->name, util::Case::Insensitive, limit) <= limit) return true;
  return false;
}

// action/unknown-action, action/case-mismatch
void unknown_action(const Context& ctx) {
  const auto& cat = catalog::get();
  for (const ActionValue& v : action_values(ctx)) {
    // An unknown service is action/unknown-service's.
    if (!v.well_formed || v.placeholder || v.svc_wild || !v.known_service) continue;
    const Str& a = *v.str;
    std::string_view svc = v.svc;
    const catalog::Action* known = v.known;
    // RAM matches actions case-insensitively "in most cases" and an official
    // system policy writes "Ecs:DescribeSecurityGroups": never more than a note.
    // The documented spelling differs from the written one (checked without
    // building it: most entries are written as documented).
    if (v.case_differs) {
      std::string documented =
          known != nullptr ? known->full() : util::to_lower(svc) + std::string(a.value.substr(svc.size()));
      Message m = known != nullptr ? msg("action/case-mismatch.action",
                                         {{"action", quote(a.value)}, {"documented", quote(documented)}})
                                   : msg("action/case-mismatch.service",
                                         {{"service", quote(svc)}, {"documented", quote(util::to_lower(svc))}});
      Finding& f = ctx.report("action/case-mismatch", a.node->span, m);
      if (plain_literal(ctx, a))
        f.fix = Fix{ctx.tr(msg("common.write", {{"value", quote(documented)}})),
                    true,
                    {Edit{a.node->span, "\"" + documented + "\""}}};
    }
    if (known != nullptr || v.wild || !v.lists_actions) continue;
    auto sugg = cat.suggest(a.value);
    bool complete = v.complete;
    // An incomplete list only speaks up when the name is a near miss of a listed one.
    if (!complete && sugg.empty()) continue;
    // Even the complete OSS list lags real use: official system policies grant
    // oss:HeadBucket, oss:DescribeRegions, oss:ListBucketSpaces, ... Only a
    // near miss of a listed name (a likely typo) is worth a warning; a far
    // "did you mean" on a complete list would mislead.
    bool typo = near_miss(a.value, sugg);
    Message m = msg("action/unknown-action", {{"action", quote(a.value)}, {"service", quote(util::to_lower(svc))}});
    if (!sugg.empty() && (typo || !complete))
      m = msg("common.did-you-mean",
              {{"message", ctx.tr(m)}, {"suggestion", suggestion_text(sugg, ctx.settings.lang)}});
    Finding& f = ctx.report("action/unknown-action", a.node->span, m);
    if (!complete || !typo) mark_uncertain(f);
  }
}

// action/wildcard-matches-nothing
void wildcard_matches_nothing(const Context& ctx) {
  for (const ActionValue& v : action_values(ctx)) {
    if (!v.well_formed || v.placeholder || !v.wild) continue;
    // Only a literal service with a complete action list can prove "nothing".
    if (v.svc_wild || !v.complete) continue;
    const Str& a = *v.str;
    // Other patterns than prefix ones are expanded once per distinct value
    // of the document.
    if (v.prefix_pattern ? v.matches_any : !ctx.facts().expand(a.value).empty()) continue;
    ctx.report("action/wildcard-matches-nothing", a.node->span,
               msg("action/wildcard-matches-nothing", {{"pattern", quote(a.value)}, {"service", quote(v.svc)}}));
  }
}

}  // namespace

constexpr RuleImpl kRules[] = {
    {"action/case-mismatch", unknown_action},
    {"action/malformed", malformed},
    {"action/unknown-action", unknown_action},
    {"action/unknown-service", unknown_service},
    {"action/wildcard-matches-nothing", wildcard_matches_nothing},
};

std::span<const RuleImpl> action_rules() { return kRules; }

}  // namespace policylint::rules
