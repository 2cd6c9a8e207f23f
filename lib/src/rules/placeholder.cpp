// Rules of the "placeholder" family: text copied from the documentation and
// never replaced (DTS-08, BKT-03). What counts as a placeholder is defined in
// placeholders.cpp, which the other families ask to stay quiet on such text.
#include <algorithm>
#include <string>
#include <vector>

#include "families.hpp"
#include "model/placeholder_filter.hpp"
#include "model/placeholders.hpp"
#include "util.hpp"

namespace policylint::rules {

namespace {

// The message naming what a hit is, from its description ("the placeholder",
// "the masked ID", "the sample account ID", ...: model/placeholders.cpp).
std::string_view what_id(std::string_view description) {
  if (description == "the masked ID") return "placeholder/unreplaced.what-masked";
  if (description == "the sample account ID") return "placeholder/unreplaced.what-sample-uid";
  if (description == "the sample bucket name") return "placeholder/unreplaced.what-sample-bucket";
  if (description == "the sample role name") return "placeholder/unreplaced.what-sample-role";
  return "placeholder/unreplaced.what-placeholder";
}

// "the placeholders "<a>" and "<b>", the sample role name "r"": hits grouped
// by description, in order of first appearance.
std::string join(const Context& ctx, const std::vector<model::PlaceholderHit>& hits) {
  std::vector<std::pair<std::string, std::vector<std::string>>> groups;
  for (const model::PlaceholderHit& h : hits) {
    auto g = std::find_if(groups.begin(), groups.end(), [&](const auto& e) { return e.first == h.description; });
    if (g == groups.end()) g = groups.insert(groups.end(), {h.description, {}});
    g->second.push_back(quote(h.text));
  }
  std::vector<std::string> parts;
  for (const auto& [what, texts] : groups)
    parts.push_back(
        ctx.tr(msg("placeholder/unreplaced.group", {{"what", ctx.tr(msg(what_id(what), {{"count", texts.size()}}))},
                                                    {"texts", i18n::join_and(texts, ctx.settings.lang)}})));
  return i18n::join_and(parts, ctx.settings.lang);
}

// Reports the placeholders of a text the prefilter passed (model::filter::value_may_hold,
// model::filter::key_may_hold).
void check_text(const Context& ctx, std::string_view value, Span span, bool whole_is_uid, bool key) {
  std::vector<model::PlaceholderHit> hits = model::find_placeholders_slow(value, whole_is_uid, key);
  if (hits.empty()) return;
  bool certain = false, masked = false;
  for (const model::PlaceholderHit& h : hits) certain = certain || h.certain, masked = masked || h.masked;
  Message m = hits.size() == 1 && hits[0].text == value
                  ? msg("placeholder/unreplaced.whole",
                        {{"value", quote(value)}, {"what", ctx.tr(msg(what_id(hits[0].description), {{"count", 1}}))}})
                  : msg("placeholder/unreplaced.holds", {{"value", quote(value)}, {"hits", join(ctx, hits)}});
  if (!certain) m = msg("placeholder/unreplaced.deliberate", {{"message", ctx.tr(m)}});
  if (masked && ctx.policy.kind == Kind::Bucket) m = msg("placeholder/unreplaced.oss-masked", {{"message", ctx.tr(m)}});
  Finding& f = ctx.report("placeholder/unreplaced", span, m);
  if (!certain) mark_uncertain(f);  // "src-bucket" is a valid bucket name
}

// Visits every string and key of the document, depth first in source order
// (an object's keys before its values). Iterative: --max-depth may allow
// documents far deeper than the call stack would. The strings of a container
// are checked in place; at an array or object the walk goes down, and keeps a
// frame to come back to the rest (most containers hold none and need none).
void walk(const Context& ctx, const json::Node* root) {
  const bool bucket = ctx.policy.kind == Kind::Bucket;
  // Almost every text is plain: the prefilter alone says so, cheaply (inline).
  const model::filter::Samples& samples = model::filter::samples();
  auto value = [&](const json::Node* n, bool whole_is_uid) {
    if (!n->no_placeholder && model::filter::value_may_hold(samples, n->text))
      check_text(ctx, n->text, n->span, whole_is_uid, false);
  };
  struct Frame {
    const json::Node* node;  // an array or an object
    std::size_t next;        // its next item or member
    bool principal;          // the items of an array in a bucket policy's Principal
  };
  // A container the reader found free of placeholders is not entered.
  auto container = [](const json::Node* n) {
    return (n->type == json::Type::Array || n->type == json::Type::Object) && !n->no_placeholder;
  };
  auto enter = [&](const json::Node* n, bool principal) {
    if (n->type == json::Type::Object)
      for (const json::Member& m : n->members)
        if (model::filter::key_may_hold(m.key)) check_text(ctx, m.key, m.key_span, false, true);
    return Frame{n, 0, n->type == json::Type::Array && principal};
  };
  if (root->type == json::Type::String) value(root, false);
  if (!container(root)) return;
  std::vector<Frame> open;  // the containers above, to come back to
  Frame f = enter(root, false);
  for (;;) {
    const json::Node* child = nullptr;
    bool principal = false;
    if (f.node->type == json::Type::Array) {
      for (std::size_t size = f.node->items.size(); child == nullptr && f.next < size;) {
        const json::Node* n = f.node->items[f.next++];
        if (n->type == json::Type::String) value(n, f.principal);
        if (container(n)) child = n, principal = f.principal;
      }
    } else {
      for (std::size_t size = f.node->members.size(); child == nullptr && f.next < size;) {
        const json::Member& m = f.node->members[f.next++];
        const json::Node* n = m.value;
        // A bare string in a bucket policy's Principal is an account or user ID.
        if (n->type == json::Type::String) value(n, bucket && m.key == "Principal");
        if (container(n)) child = n, principal = bucket && m.key == "Principal";
      }
    }
    if (child != nullptr) {
      if (f.next < (f.node->type == json::Type::Array ? f.node->items.size() : f.node->members.size()))
        open.push_back(f);
      f = enter(child, principal);
    } else if (!open.empty()) {
      f = open.back();
      open.pop_back();
    } else {
      return;
    }
  }
}

// placeholder/unreplaced
void unreplaced(const Context& ctx) {
  if (ctx.policy.root != nullptr) walk(ctx, ctx.policy.root);
}

constexpr RuleImpl kRules[] = {
    {"placeholder/unreplaced", unreplaced},
};

}  // namespace

std::span<const RuleImpl> placeholder_rules() { return kRules; }

}  // namespace policylint::rules
