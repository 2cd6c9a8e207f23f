// Rules of the "placeholder" family: text copied from the documentation and
// never replaced (DTS-08, BKT-03). What counts as a placeholder is defined in
// placeholders.cpp, which the other families ask to stay quiet on such text.
#include <algorithm>
#include <string>
#include <vector>

#include "families.hpp"
#include "model/placeholders.hpp"
#include "util.hpp"

namespace policylint::rules {

namespace {

// "the placeholders "<a>" and "<b>", the sample role name "r"": hits grouped
// by description, in order of first appearance.
std::string join(const std::vector<model::PlaceholderHit>& hits) {
  std::vector<std::pair<std::string, std::vector<std::string>>> groups;
  for (const model::PlaceholderHit& h : hits) {
    auto g = std::find_if(groups.begin(), groups.end(), [&](const auto& e) { return e.first == h.description; });
    if (g == groups.end()) g = groups.insert(groups.end(), {h.description, {}});
    g->second.push_back(quote(h.text));
  }
  std::string out;
  for (std::size_t i = 0; i < groups.size(); ++i) {
    const auto& [what, texts] = groups[i];
    if (i > 0) out += i + 1 == groups.size() ? " and " : ", ";
    out += what + (texts.size() > 1 ? "s " : " ");
    for (std::size_t k = 0; k < texts.size(); ++k)
      out += (k == 0 ? "" : k + 1 == texts.size() ? " and " : ", ") + texts[k];
  }
  return out;
}

void check_text(const Context& ctx, std::string_view value, Span span, bool whole_is_uid, bool key) {
  std::vector<model::PlaceholderHit> hits = model::find_placeholders(value, whole_is_uid, key);
  if (hits.empty()) return;
  bool certain = false, masked = false;
  for (const model::PlaceholderHit& h : hits) certain = certain || h.certain, masked = masked || h.masked;
  std::string msg = hits.size() == 1 && hits[0].text == value
                        ? quote(value) + " is a" + hits[0].description.substr(3) + " from the documentation"
                        : quote(value) + " holds " + join(hits) + " from the documentation";
  if (!certain) msg += " (a valid name, so it may be deliberate)";
  if (masked && ctx.policy.kind == Kind::Bucket) msg += "; OSS rejects \"**\" in a bucket policy (error 0030-00000007)";
  Finding& f = ctx.out.report("placeholder/unreplaced", span, std::move(msg));
  if (!certain) mark_uncertain(f);  // "src-bucket" is a valid bucket name
}

// Visits every string and key of the document. Iterative: --max-depth may
// allow documents far deeper than the call stack would.
void walk(const Context& ctx, const json::Node* root) {
  std::vector<std::pair<const json::Node*, bool>> todo = {{root, false}};  // node, inside a Principal
  while (!todo.empty()) {
    auto [n, principal_list] = todo.back();
    todo.pop_back();
    switch (n->type) {
      case json::Type::String:
        // A bare string in a bucket policy's Principal is an account or user ID.
        check_text(ctx, n->text, n->span, principal_list && ctx.policy.kind == Kind::Bucket, false);
        break;
      case json::Type::Array:
        for (auto it = n->items.rbegin(); it != n->items.rend(); ++it) todo.push_back({*it, principal_list});
        break;
      case json::Type::Object:
        for (const auto& m : n->members) check_text(ctx, m.key, m.key_span, false, true);
        for (auto it = n->members.rbegin(); it != n->members.rend(); ++it)
          todo.push_back({it->value, it->key == "Principal"});
        break;
      default:
        break;
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
