// Rules of the "resource" family: the shape of Resource/NotResource ARNs and
// whether they fit the statement's actions (policy-language.md section 3).
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_set>
#include <vector>

#include "facts.hpp"
#include "families.hpp"
#include "message_template.hpp"
#include "model/arn.hpp"
#include "model/placeholders.hpp"
#include "policylint/catalog.hpp"
#include "policylint/eval.hpp"
#include "requirements.hpp"
#include "scenario.hpp"
#include "util.hpp"

namespace policylint::rules {

namespace {

// Template brackets (<uid>, {bucket}, ${var}) leave an ARN's structure unknown,
// so the structural rules skip the value. Not has_placeholder(): a masked
// account or a sample bucket name leaves the structure intact.
//
// model::has_brackets, eight bytes at a time: it runs on every Resource value
// and every action of the statements service-mismatch looks at, and the byte
// loop compared each byte with four characters.
using util::kHigh, util::kOnes, util::zero_byte;  // util/text.hpp

// Does a byte of the word equal '<', '>', '{' or '}'? '<' (0x3C) and '>'
// (0x3E) are the bytes b with b | 2 == 0x3E.
constexpr bool bracket(std::uint64_t w) {
  return (zero_byte((w | (2 * kOnes)) ^ (0x3E * kOnes)) | zero_byte(w ^ (0x7B * kOnes)) |
          zero_byte(w ^ (0x7D * kOnes))) != 0;
}

// The eight bytes of s from i.
std::uint64_t word_at(std::string_view s, std::size_t i) {
  std::uint64_t w = 0;
  std::memcpy(&w, s.data() + i, 8);
  return w;
}

bool is_placeholder(std::string_view s) {
  if (s.size() < 8) return model::has_brackets(s);
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8)
    if (bracket(word_at(s, i))) return true;
  // The last bytes: the last eight, which may overlap the words above.
  return i < s.size() && bracket(word_at(s, s.size() - 8));
}

// One Resource or NotResource value, looked at once per document for all
// the rules of the family (each of them used to split it and scan it for
// brackets again).
struct Item {
  const Statement* statement = nullptr;
  const Str* str = nullptr;
  bool placeholder = false;  // is_placeholder(value)
  bool acs = false;          // starts with "acs:" (any case); arn holds its fields
  bool oss = false;          // acs, and the service is "oss" (any case; not ossvector/osstable)
  bool slash = false;        // the value holds a '/'
  model::Arn arn;

  std::string_view value() const { return str->value; }
  // An ARN of OSS proper with all five fields.
  bool oss_arn() const { return oss && arn.complete(); }
};

void look_at(Item& it, const Statement& s, const Str& r) {
  it.statement = &s;
  it.str = &r;
  // One pass over the value: its fields, its brackets and its '/'.
  const model::ScannedArn scan = model::scan_arn(r.value);
  it.placeholder = scan.brackets;
  it.slash = scan.slash;
  it.acs = r.value.size() >= 4 && iequals(r.value.substr(0, 4), "acs:");  // util::istarts_with, inline
  if (it.acs) {
    it.arn = scan.arn;
    it.oss = iequals(it.arn.service.text, "oss");
  }
}

// The items of a document: each statement's Resource values, then its
// NotResource values, statement after statement.
struct Items {
  DocVector<Item> all;
  DocVector<std::size_t> first;  // per statement, the index of its first item
  // Per statement: it has a Resource and each of its values holds a '/' (so
  // it matches no ARN without one).
  DocVector<char> slashed;

  // The Resource items of statement i.
  std::span<const Item> resource(std::size_t i, const Statement& s) const {
    return std::span<const Item>(all).subspan(first[i], s.resource.items.size());
  }
};

const Items& items_of(const Context& ctx) {
  return ctx.facts().shared<Items>([&] {
    Items out;
    std::size_t n = 0;
    for (const Statement& s : ctx.policy.statements) n += s.resource.items.size() + s.not_resource.items.size();
    out.all.reserve(n);
    out.first.reserve(ctx.policy.statements.size());
    out.slashed.reserve(ctx.policy.statements.size());
    for (const Statement& s : ctx.policy.statements) {
      out.first.push_back(out.all.size());
      bool slashed = s.resource.present();
      for (const Str& r : s.resource.items) {
        look_at(out.all.emplace_back(), s, r);
        slashed = slashed && out.all.back().slash;
      }
      out.slashed.push_back(slashed);
      for (const Str& r : s.not_resource.items) look_at(out.all.emplace_back(), s, r);
    }
    return out;
  });
}

// The byte span of a part of a plain-literal string value.
Span sub_span(const Str& s, std::string_view part) {
  auto off = static_cast<std::uint32_t>(part.data() - s.value.data());
  std::uint32_t begin = s.node->span.begin + 1 + off;
  return Span{begin, begin + static_cast<std::uint32_t>(part.size())};
}

// ---------------------------------------------------------------- messages

// The texts of rules/messages/ that the rules below report many findings
// with (a file may hold hundreds of statements), each with its parameters.
enum class Text : std::uint8_t {
  ServiceGrants,
  ServiceDenies,
  ServiceRelated,
  LevelBucket,
  LevelObject,
  LevelBucketCovered,
  LevelObjectCovered,
  LevelResources,
  LevelCovering,
  LevelFix,
  Count
};

struct TextSpec {
  std::string_view id;
  std::initializer_list<std::string_view> params;
};

constexpr std::size_t kTexts = static_cast<std::size_t>(Text::Count);
const TextSpec kTextSpecs[kTexts] = {
    {"resource/service-mismatch.grants", {"resources", "actions"}},
    {"resource/service-mismatch.denies", {"resources", "actions"}},
    {"resource/service-mismatch.related", {}},
    {"resource/oss-level-mismatch.bucket", {"action", "arns"}},
    {"resource/oss-level-mismatch.object", {"action", "arns"}},
    {"resource/oss-level-mismatch.bucket-covered", {"action", "arns"}},
    {"resource/oss-level-mismatch.object-covered", {"action", "arns"}},
    {"resource/oss-level-mismatch.related-resources", {}},
    {"resource/oss-level-mismatch.related-covering", {}},
    {"resource/oss-level-mismatch.fix", {"arns"}},
};

// The template of a text in a language, made on this thread's first use
// (and kept by the thread: the table of pointers needs no guard to be read).
const MessageTemplate& text_of(Text text, Lang lang) {
  constinit thread_local const MessageTemplate* made[kTexts][2] = {};
  const MessageTemplate*& t = made[static_cast<std::size_t>(text)][lang == Lang::Zh ? 1 : 0];
  if (t == nullptr) {
    const TextSpec& spec = kTextSpecs[static_cast<std::size_t>(text)];
    thread_local std::vector<std::unique_ptr<const MessageTemplate>> kept;
    t = kept
            .emplace_back(std::make_unique<const MessageTemplate>(
                spec.id, std::span<const std::string_view>(spec.params.begin(), spec.params.size()), lang))
            .get();
  }
  return *t;
}

// Appends quote(value). A value of at most 80 bytes without line breaks or
// tabs (every ARN and action name of an ordinary policy) is its own text in
// quotes: written in place, where quote() would return a new string. The
// test looks for any byte below 0x0E ('\r' + 1), eight at a time; a value
// that has one takes quote() itself.
void append_quoted(std::string& out, std::string_view value) {
  auto low = [](std::uint64_t w) { return ((w - 0x0E * kOnes) & ~w & kHigh) != 0; };
  bool plain = value.size() <= 80;
  std::size_t i = 0;
  for (; plain && i + 8 <= value.size(); i += 8) plain = !low(word_at(value, i));
  for (; plain && i < value.size(); ++i) plain = static_cast<unsigned char>(value[i]) >= 0x0E;
  if (!plain) {
    out += quote(value);
    return;
  }
  out += '"';
  out.append(value);
  out += '"';
}

// The separator of quoted items: ", " ("、" in Chinese).
std::string_view item_separator(Lang lang) { return lang == Lang::Zh ? "、" : ", "; }

// resource/arn-malformed
void arn_malformed(const Context& ctx) {
  for (const Item& it : items_of(ctx).all) {
    const Str& r = *it.str;
    std::string_view v = r.value;
    if (v == "*" || it.placeholder) continue;
    auto report = [&](const Message& why, bool certain = true) -> Finding& {
      Finding& f = ctx.report("resource/arn-malformed", r.node->span,
                              msg("resource/arn-malformed", {{"value", quote(v)}, {"why", ctx.tr(why)}}));
      if (!certain) mark_uncertain(f);
      return f;
    };
    if (v.empty()) {
      report(msg("resource/arn-malformed.why-empty"));
      continue;
    }
    if (util::is_space(v.front()) || util::is_space(v.back())) {
      std::string_view t = util::trim(v);
      // Trailing blanks could in theory end an object key: warn there.
      Finding& f = report(msg("resource/arn-malformed.why-whitespace"), util::is_space(v.front()));
      if (plain_literal(ctx, r) && !t.empty())
        f.fix =
            Fix{ctx.tr(msg("resource/arn-malformed.fix")), false, {Edit{r.node->span, "\"" + std::string(t) + "\""}}};
      continue;
    }
    if (!it.acs) {
      if (util::istarts_with(v, "arn:")) {
        // arn:sts::<uid>:assumed-role/... is a bucket-policy Principal, not a resource.
        report(msg(v.starts_with("arn:sts:") ? "resource/arn-malformed.why-principal-arn"
                                             : "resource/arn-malformed.why-not-alibaba"));
      } else if (v.front() == '*' || v.front() == '?') {
        // A leading wildcard may still match ARNs; anything else matches nothing.
        report(msg("resource/arn-malformed.why-no-acs"), false);
      } else {
        report(msg("resource/arn-malformed.why-not-arn"));
      }
      continue;
    }
    const model::Arn& arn = it.arn;
    if (!v.starts_with("acs:")) {
      report(msg("resource/arn-malformed.why-case", {{"prefix", quote(v.substr(0, 4))}}), false);
      continue;
    }
    if (arn.service.text.empty()) {
      report(msg("resource/arn-malformed.why-empty-service"));
      continue;
    }
    std::size_t n = arn.fields;
    if (n < 4) {
      report(msg("resource/arn-malformed.why-few-fields", {{"n", n}}));
      continue;
    }
    if (n == 4) {
      // Published MaxCompute policies omit the account (acs:odps:*:projects/<p>/tables/*);
      // OSS ARNs always have it, and a 4-field ARN without a path is a field short.
      std::string_view svc = arn.service.text;
      bool oss_like = iequals(svc, "oss") || iequals(svc, "ossvector") || iequals(svc, "osstable");
      if (oss_like || arn.account.text.find('/') == std::string_view::npos)
        report(msg("resource/arn-malformed.why-four-fields"), false);
      continue;
    }
    if (arn.resource.text.empty()) report(msg("resource/arn-malformed.why-empty-resource"));
  }
}

// A masked or template account ("164682176356****", "<uid>", "dest-uid") is
// the placeholder family's business.
bool placeholder_account(std::string_view acct) {
  return has_wildcard(acct) || model::has_template(acct) || model::has_placeholder_account(acct);
}

// resource/account-invalid
void account_invalid(const Context& ctx) {
  for (const Item& it : items_of(ctx).all) {
    if (!it.acs || !it.arn.complete() || it.placeholder) continue;
    std::string_view acct = it.arn.account.text;
    // A UID, the usual account, first: every test here only lets the value pass.
    if (acct.empty() || all_digits(acct) || placeholder_account(acct)) continue;
    // System policies are named acs:ram:*:system:policy/<Name>.
    if (acct == "system" && iequals(it.arn.service.text, "ram")) continue;
    ctx.report("resource/account-invalid", it.str->node->span,
               msg("resource/account-invalid", {{"account", quote(acct)}, {"value", quote(it.value())}}));
  }
}

// The position of a service code (any case) in Catalog::services() (lower
// case, sorted), or kUnknown when the catalog does not know it: a statement's
// services as small numbers, compared, sorted and paired without folding case
// again.
constexpr std::size_t kUnknown = static_cast<std::size_t>(-1);

// Catalog::known_service, as a position.
std::size_t search_service(std::string_view code) {
  std::span<const std::string_view> codes = catalog::get().services();
  // key < code folded to lower case, byte by byte as string_view compares.
  auto less = [](std::string_view key, std::string_view c) {
    for (std::size_t i = 0; i < key.size() && i < c.size(); ++i) {
      auto x = static_cast<unsigned char>(key[i]), y = static_cast<unsigned char>(util::lower(c[i]));
      if (x != y) return x < y;
    }
    return key.size() < c.size();
  };
  auto it = std::lower_bound(codes.begin(), codes.end(), code, less);
  return it != codes.end() && iequals(*it, code) ? static_cast<std::size_t>(it - codes.begin()) : kUnknown;
}

// search_service, with the codes of up to 16 bytes remembered per thread as
// written, in a small table indexed by a hash of their bytes: documents name
// a handful of services, again and again.
std::size_t service_id(std::string_view code) {
  struct Slot {
    std::uint64_t w[2] = {0, 0};
    std::size_t size = 0;  // 0: empty
    std::size_t id = kUnknown;
  };
  constinit thread_local std::array<Slot, 64> slots{};
  const std::size_t n = code.size();
  if (n == 0 || n > 16) return search_service(code);
  // The bytes as two words, zero after the end: two overlapping 8-byte reads
  // from 8 bytes on, byte by byte below.
  std::uint64_t w[2] = {0, 0};
  if (n >= 8) {
    std::memcpy(&w[0], code.data(), 8);
    std::memcpy(&w[1], code.data() + n - 8, 8);
  } else {
    for (std::size_t i = 0; i < n; ++i) w[0] |= std::uint64_t{static_cast<unsigned char>(code[i])} << (8 * i);
  }
  std::uint64_t h = (w[0] * 0x9E3779B97F4A7C15ULL) ^ (w[1] * 0xC2B2AE3D27D4EB4FULL);
  Slot& slot = slots[(h >> 58) % slots.size()];
  if (slot.size != n || slot.w[0] != w[0] || slot.w[1] != w[1]) slot = Slot{{w[0], w[1]}, n, search_service(code)};
  return slot.id;
}

// Catalog::applies_to_arn_service of two services by position, remembered
// per thread: the catalog is constant and its services few.
bool applies(std::size_t action_service, std::size_t arn_service) {
  if (action_service == arn_service) return true;
  const auto& cat = catalog::get();
  std::span<const std::string_view> codes = cat.services();
  thread_local std::vector<std::uint8_t> known;  // per pair: 0 not asked yet, 1 no, 2 yes
  if (known.empty()) known.resize(codes.size() * codes.size());
  std::uint8_t& k = known[action_service * codes.size() + arn_service];
  if (k == 0) k = cat.applies_to_arn_service(codes[action_service], codes[arn_service]) ? 2 : 1;
  return k == 2;
}

// Does the action name hold "tag" in any case (TagResources, ListTagKeys)?
bool names_tag(std::string_view name) {
  // For a letter x, (c | 0x20) == x exactly when c is x in either case.
  for (std::size_t i = 0; i + 3 <= name.size(); ++i)
    if ((name[i] | 0x20) == 't' && (name[i + 1] | 0x20) == 'a' && (name[i + 2] | 0x20) == 'g') return true;
  return false;
}

// The distinct services of a list (a statement's actions or ARNs), in the
// order first named. A service is in the list when its stamp (in a table of
// the set's own, kept by the thread) is the list's: one test however many
// services the list holds, and a new list is a new stamp, never used before
// on this thread. The list stays as short as the catalog's services, and the
// pairs below stay few, however long the Action and Resource lists are.
class ServiceSet {
public:
  // stamps and ids: the thread's own for this set (kept, with their capacity, for the next document).
  ServiceSet(std::vector<std::uint64_t>& stamps, std::vector<std::size_t>& ids) : stamps_(stamps), ids_(ids) {
    if (stamps_.empty()) stamps_.resize(catalog::get().services().size());
    ids_.clear();
  }
  void clear() {
    ids_.clear();
    stamp_ = next_++;
  }
  void add(std::size_t id) {
    if (stamps_[id] == stamp_) return;
    stamps_[id] = stamp_;
    ids_.push_back(id);
  }
  std::vector<std::size_t>& ids() { return ids_; }

private:
  std::vector<std::uint64_t>& stamps_;
  std::vector<std::size_t>& ids_;
  std::uint64_t stamp_ = next_++;
  // The next stamp no set of this thread has had.
  static constinit thread_local std::uint64_t next_;
};
constinit thread_local std::uint64_t ServiceSet::next_ = 1;

// The services quoted, separated, in the order of their lower-case codes
// (the catalog's order), as the message lists them.
void append_services(std::string& out, std::vector<std::size_t>& ids, Lang lang) {
  std::span<const std::string_view> codes = catalog::get().services();
  // quote() of each code, made once per thread.
  thread_local std::vector<std::string> quoted(codes.size());
  std::sort(ids.begin(), ids.end());
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) out += item_separator(lang);
    std::string& q = quoted[ids[i]];
    if (q.empty()) q = quote(codes[ids[i]]);
    out += q;
  }
}

// resource/service-mismatch
void service_mismatch(const Context& ctx) {
  const Items& items = items_of(ctx);
  // The services of the statement's actions and ARNs, each once.
  thread_local std::vector<std::uint64_t> action_stamps, arn_stamps;
  thread_local std::vector<std::size_t> action_ids, arn_ids;
  ServiceSet action_services(action_stamps, action_ids), arn_services(arn_stamps, arn_ids);
  for (std::size_t i = 0; i < ctx.policy.statements.size(); ++i) {
    const Statement& s = ctx.policy.statements[i];
    if (!s.action.present() || !s.resource.present() || s.not_action.present() || s.not_resource.present()) continue;
    if (s.action.items.empty() || s.resource.items.empty()) continue;
    // Any doubt (wildcards, unknown codes, odd values) keeps the rule silent.
    // A finding needs every test below to pass and no pair of services to
    // fit: the tests are pure, so the pairs are looked at first, and the
    // scans of the action values only for a statement that would be reported.
    action_services.clear();
    bool unsure = false;
    for (const Str& a : s.action.items) {
      // The code before the first ':' (a short run: no call to memchr).
      std::string_view v = a.value;
      std::size_t colon = 0;
      while (colon < v.size() && v[colon] != ':') ++colon;
      std::string_view svc = colon == v.size() ? std::string_view{} : v.substr(0, colon);
      std::size_t id = svc.empty() || (a.wildcard != 0 && has_wildcard(svc)) ? kUnknown : service_id(svc);
      if (id == kUnknown) {
        unsure = true;
        break;
      }
      action_services.add(id);
    }
    if (unsure) continue;
    arn_services.clear();
    for (const Item& it : items.resource(i, s)) {
      std::string_view svc = it.arn.service.text;
      std::size_t id = !it.acs || it.arn.fields < 4 || it.placeholder || has_wildcard(svc) ? kUnknown : service_id(svc);
      if (id == kUnknown) {
        unsure = true;
        break;
      }
      arn_services.add(id);
    }
    if (unsure) continue;
    auto fits = [&] {
      for (std::size_t x : action_services.ids())
        for (std::size_t y : arn_services.ids())
          if (applies(x, y)) return true;
      return false;
    };
    if (fits()) continue;
    // Tag operations act on other services' resources: the system policy
    // AliyunKMSCryptoAdminAccess grants ecs:TagResources on acs:kms ARNs.
    if (std::any_of(s.action.items.begin(), s.action.items.end(), [](const Str& a) {
          return names_tag(a.value.substr(a.value.find(':') + 1)) || is_placeholder(a.value);
        }))
      continue;
    // Services authorize actions on other services' resources (DMS logs on
    // to RDS instances, SLB adds ECS instances as backend servers), and the
    // catalog lists only the pairs a published policy shows: a note that says
    // what it cannot know.
    Lang lang = ctx.settings.lang;
    thread_local std::string resources, actions;
    resources.clear();
    actions.clear();
    append_services(resources, arn_services.ids(), lang);
    append_services(actions, action_services.ids(), lang);
    const std::string_view values[] = {resources, actions};
    Finding& f = ctx.out.report("resource/service-mismatch", s.resource.node->span,
                                text_of(s.denies() ? Text::ServiceDenies : Text::ServiceGrants, lang).fill(values));
    f.related.push_back(Related{s.action.node->span, text_of(Text::ServiceRelated, lang).constant(), {}});
  }
}

// OSS actions this rule leaves alone: the replication family owns Replicate*,
// and the levels of access-point, resource-pool, vector and anti-DDoS actions
// are not clear from the docs (see rules/catalog/actions/oss.tsv).
bool level_unclear_uncached(const catalog::Action& a) {
  if (a.level != catalog::Level::Bucket && a.level != catalog::Level::Object) return true;
  std::string_view n = a.name;
  if (n.starts_with("Replicate")) return true;
  // Does the name hold one of the parts? One pass: each part starts with a
  // capital letter, looked for only where one stands.
  static constexpr std::string_view kParts[] = {"AccessPoint", "QoS", "ResourcePool", "Vector", "AntiDDos"};
  for (std::size_t i = 0; i < n.size(); ++i) {
    char c = n[i];
    if (c != 'A' && c != 'Q' && c != 'R' && c != 'V') continue;
    std::string_view rest = n.substr(i);
    for (std::string_view part : kParts)
      if (rest.starts_with(part)) return true;
  }
  return false;
}

// The same, from a table of the catalog's OSS actions made once: a pattern
// ("oss:Put*") asks it of each action it matches, for each statement.
bool level_unclear(const catalog::Action& a) {
  struct Table {
    std::uintptr_t begin = 0, end = 0;
    std::vector<std::uint8_t> unclear;
  };
  static const Table table = [] {
    Table t;
    std::span<const catalog::Action> oss = catalog::get().service_actions("oss");
    if (oss.empty()) return t;
    t.begin = reinterpret_cast<std::uintptr_t>(oss.data());
    t.end = reinterpret_cast<std::uintptr_t>(oss.data() + oss.size());
    for (const catalog::Action& x : oss) t.unclear.push_back(level_unclear_uncached(x) ? 1 : 0);
    return t;
  }();
  const auto at = reinterpret_cast<std::uintptr_t>(&a);
  if (at >= table.begin && at < table.end) return table.unclear[(at - table.begin) / sizeof(catalog::Action)] != 0;
  return level_unclear_uncached(a);
}

// Is `level` the single level of the actions an OSS action value matches?
// Replicate* (granted on both forms, replication family) makes a pattern
// "both"; other actions of unclear level are ignored inside a pattern.
bool single_level_is(const Context& ctx, const Str& action, catalog::Level level) {
  std::string_view value = action.value;
  std::size_t colon = value.find(':');
  if (colon == std::string_view::npos || !iequals(value.substr(0, colon), "oss")) return false;
  // A literal value names at most one action (what Catalog::expand returns
  // for it): found directly, with no copy of the value as a cache key, and
  // its name looked at only when its level is the one asked about.
  // (Str::wildcard: build_policy has looked for '*' and '?' already.)
  if (action.wildcard >= 0 ? action.wildcard == 0 : !has_wildcard(value)) {
    const catalog::Action* a = catalog::get().find(value);
    return a != nullptr && a->level == level && !level_unclear(*a);
  }
  catalog::Level single = catalog::Level::None;
  for (const auto* a : ctx.facts().expand(value)) {
    if (a->name.starts_with("Replicate")) return false;
    if (level_unclear(*a)) continue;
    if (single != catalog::Level::None && a->level != single) return false;
    single = a->level;
  }
  return single == level;
}

// An ARN an OSS level mismatch asks to add: base, then "/*" when star. A
// view into the Resource value it comes from, made into a string only where
// a string is needed.
struct MissingArn {
  std::string_view base;
  bool star = false;
  bool slash = false;  // the ARN holds a '/'

  bool empty() const { return base.empty() && !star; }
  char back() const { return star ? '*' : base.back(); }
  std::size_t size() const { return base.size() + (star ? 2 : 0); }
  void append_to(std::string& out) const {
    out.append(base);
    if (star) out.append("/*");
  }
  std::string text() const {
    std::string out;
    out.reserve(size());
    append_to(out);
    return out;
  }
};

// Could one of a statement's Resource patterns match the ARN (what
// eval::covers_resource asks, case-sensitive)? False only when none can: a
// pattern's literal '/' needs a '/' of the ARN to match, and a pattern that
// does not end with '*' or '?' ends with the ARN's last character.
bool may_cover(std::span<const Item> patterns, const MissingArn& arn) {
  for (const Item& p : patterns) {
    std::string_view v = p.value();
    if (p.slash && !arn.slash) continue;
    if (!v.empty() && v.back() != '*' && v.back() != '?' && (arn.empty() || arn.back() != v.back())) continue;
    return true;
  }
  return false;
}

// The ARNs an OSS level mismatch asks to add: the bucket of each object ARN,
// or each bucket's "/*", each once, in the order of the statement's ARNs.
void missing_arns(std::span<const Item> resources, bool want_bucket, std::vector<MissingArn>& out) {
  out.clear();
  // Every ARN of the list has "/*" added or none has: equal bases are equal ARNs.
  std::unordered_set<std::string_view> seen;
  for (const Item& it : resources) {
    if (!it.oss) continue;
    std::string_view v = it.value();
    MissingArn m;
    if (want_bucket) {
      // The ARN up to the end of its bucket name.
      std::size_t slash = it.arn.resource.text.find('/');
      m.base = v.substr(0, slash == std::string_view::npos ? v.size() : it.arn.resource.offset + slash);
      m.slash = m.base.find('/') != std::string_view::npos;
    } else {
      m.base = v;
      m.star = true;
      m.slash = true;
    }
    // Distinct, in order: pairwise for a short list, through a hash set for a
    // long one (a statement may list 100 000 object ARNs).
    if (out.size() < 16) {
      if (std::none_of(out.begin(), out.end(), [&](const MissingArn& x) { return x.base == m.base; })) out.push_back(m);
    } else {
      if (seen.empty())
        for (const MissingArn& x : out) seen.insert(x.base);
      if (seen.insert(m.base).second) out.push_back(m);
    }
  }
}

// Reports action a of statement s (the i-th), whose level is the form its
// OSS resources lack.
void report_level_mismatch(const Context& ctx, const Items& items, const Statement& s, std::size_t i, const Str* a,
                           bool want_bucket) {
  const std::span<const Item> resources = items.resource(i, s);
  // The thread's lists, kept with their capacity (report_level_mismatch does
  // not nest); a statement of 100 000 ARNs does not leave them large.
  thread_local std::vector<MissingArn> add;
  thread_local std::string names, one;
  struct Trim {
    ~Trim() {
      if (add.capacity() > 1024) std::vector<MissingArn>().swap(add);
      if (names.capacity() > 65536) std::string().swap(names);
      if (one.capacity() > 65536) std::string().swap(one);
    }
  } trim;
  missing_arns(resources, want_bucket, add);
  // The same missing ARN in a replication or migration grant is the
  // requirement check's finding (one gap, one finding). (There is none
  // without gaps: no ARN is made into a string for most documents.)
  if (add.empty() || (!ctx.facts().gaps().empty() && std::all_of(add.begin(), add.end(), [&](const MissingArn& m) {
        return gap_reported(ctx, s, a->value, m.text());
      })))
    return;
  const Lang lang = ctx.settings.lang;
  // The quoted list of the ARNs, for the message and the fix title.
  names.clear();
  for (std::size_t k = 0; k < add.size(); ++k) {
    if (k > 0) names += item_separator(lang);
    if (add[k].star) {
      one.clear();
      add[k].append_to(one);
      append_quoted(names, one);
    } else {
      append_quoted(names, add[k].base);
    }
  }
  // Another statement of the same effect that already covers the action on
  // the missing ARNs (as in the OSS bucket-policy examples, which list
  // oss:ListObjects with the objects and again with the bucket) makes this
  // entry a harmless no-op: a note, not a warning. The tests are pure, so
  // their order is free: may_cover rules out most statements for a few
  // byte comparisons, then the cheaper of the exact tests.
  bool all_slash = std::all_of(add.begin(), add.end(), [](const MissingArn& m) { return m.slash; });
  const Statement* elsewhere = nullptr;
  for (std::size_t j = 0; j < ctx.policy.statements.size(); ++j) {
    const Statement& t = ctx.policy.statements[j];
    if (&t == &s || t.denies() != s.denies() || (!all_slash && items.slashed[j] != 0)) continue;
    bool may = true;
    for (std::size_t k = 0; may && k < add.size() && t.resource.present(); ++k)
      may = may_cover(items.resource(j, t), add[k]);
    if (!may) continue;
    if (!eval::covers_action(t, a->value) || !eval::principals_subset(s, t)) continue;
    bool all = true;
    for (std::size_t k = 0; all && k < add.size(); ++k) {
      one.clear();
      add[k].append_to(one);
      all = eval::covers_resource(t, one);
    }
    if (all) {
      elsewhere = &t;
      break;
    }
  }
  thread_local std::string action;
  if (action.capacity() > 4096) std::string().swap(action);  // left large by a long action value
  action.clear();
  append_quoted(action, a->value);
  const std::string_view values[] = {action, names};
  Text id = elsewhere != nullptr ? (want_bucket ? Text::LevelBucketCovered : Text::LevelObjectCovered)
                                 : (want_bucket ? Text::LevelBucket : Text::LevelObject);
  Finding& f = ctx.out.report("resource/oss-level-mismatch", a->node->span, text_of(id, lang).fill(values));
  if (elsewhere != nullptr) mark_uncertain(f);
  f.related.reserve(elsewhere != nullptr ? 2 : 1);
  f.related.push_back(Related{s.resource.node->span, text_of(Text::LevelResources, lang).constant(), {}});
  if (elsewhere != nullptr)
    f.related.push_back(Related{elsewhere->node->span, text_of(Text::LevelCovering, lang).constant(), {}});
  // Adding the ARN widens access: an unsafe fix.
  const json::Node* rn = s.resource.node;
  const bool in_array = rn->is_array() && !rn->items.empty();
  if (!in_array && !rn->is_string()) return;
  // The new entries, after the last one (an array) or after the string made
  // into an array: one string.
  std::string_view text = in_array ? std::string_view{} : ctx.text(rn->span);
  std::size_t n = in_array ? 0 : text.size() + 2;
  for (const auto& m : add) n += m.size() + 4;
  std::string edit;
  edit.reserve(n);
  if (!in_array) edit.append("[").append(text);
  // Each ARN as a JSON string: a decoded quote, backslash or control
  // character is escaped again, so that the edit stays valid JSON.
  for (const auto& m : add) {
    edit.append(", ");
    one.clear();
    m.append_to(one);
    append_json_string(edit, one);
  }
  if (!in_array) edit.append("]");
  const std::string_view title[] = {names};
  f.fix = Fix{text_of(Text::LevelFix, lang).fill(title), false, {}};
  if (in_array) {
    std::uint32_t at = rn->items.back()->span.end;
    f.fix->edits.push_back(Edit{Span{at, at}, std::move(edit)});
  } else {
    f.fix->edits.push_back(Edit{rn->span, std::move(edit)});
  }
}

// resource/oss-level-mismatch
void oss_level_mismatch(const Context& ctx) {
  const Items& items = items_of(ctx);
  for (std::size_t i = 0; i < ctx.policy.statements.size(); ++i) {
    const Statement& s = ctx.policy.statements[i];
    if (!s.action.present() || !s.resource.present() || s.not_action.present() || s.not_resource.present()) continue;
    // Which forms do the statement's OSS resources cover? Any doubt: skip.
    bool bucket_form = false, object_form = false, unsure = false, any_oss = false;
    const std::span<const Item> resources = items.resource(i, s);
    for (const Item& it : resources) {
      if (it.value() == "*" || it.placeholder || !it.acs || has_wildcard(it.arn.service.text) ||
          (it.oss && !it.arn.complete())) {
        unsure = true;
        break;
      }
      if (!it.oss) continue;
      std::string_view rel = it.arn.resource.text;
      if (rel.starts_with("accesspoint/") || rel.starts_with("resourcepool/")) {
        unsure = true;
        break;
      }
      bool slash = rel.find('/') != std::string_view::npos;
      // "bucket" is the bucket; "bucket/..." objects; a wildcard without '/'
      // (acs:oss:*:*:*, logs-*) is taken to reach objects as well.
      if (!slash) bucket_form = true;
      if (slash || has_wildcard(rel)) object_form = true;
      any_oss = true;
    }
    if (unsure || !any_oss || (bucket_form && object_form)) continue;
    // The statement names one form (both: skipped above): the first action
    // of the other form's level is the finding.
    const bool want_bucket = !bucket_form;
    const catalog::Level wanted = want_bucket ? catalog::Level::Bucket : catalog::Level::Object;
    const Str* needs = nullptr;
    for (const Str& a : s.action.items) {
      if (single_level_is(ctx, a, wanted)) {
        needs = &a;
        break;
      }
    }
    if (needs == nullptr) continue;
    report_level_mismatch(ctx, items, s, i, needs, want_bucket);
  }
}

// A bucket name that breaks none of the conventions below, in one pass: the
// usual case, which then needs none of the tests that say why.
bool well_named(std::string_view bucket) {
  if (bucket.size() < 3 || bucket.size() > 63 || bucket.front() == '-' || bucket.back() == '-') return false;
  for (char c : bucket)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return true;
}

// resource/bucket-name-invalid
void bucket_name_invalid(const Context& ctx) {
  for (const Item& it : items_of(ctx).all) {
    if (!it.oss_arn() || it.placeholder) continue;
    std::string_view rel = it.arn.resource.text;
    std::string_view bucket = rel.substr(0, rel.find('/'));
    if (rel.empty() || well_named(bucket) || has_wildcard(bucket)) continue;  // empty: resource/arn-malformed
    // https://www.alibabacloud.com/help/en/oss/user-guide/bucket-naming-conventions:
    // 3-63 characters, lowercase letters, digits and hyphens, no hyphen at either end.
    std::optional<Message> why;
    if (bucket.size() < 3 || bucket.size() > 63)
      why = msg("resource/bucket-name-invalid.why-length", {{"n", bucket.size()}});
    else if (std::any_of(bucket.begin(), bucket.end(), [](char c) { return c >= 'A' && c <= 'Z'; }))
      why = msg("resource/bucket-name-invalid.why-upper");
    else if (bucket.find('_') != std::string_view::npos)
      why = msg("resource/bucket-name-invalid.why-underscore");
    else if (std::any_of(bucket.begin(), bucket.end(),
                         [](char c) { return !((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'); }))
      why = msg("resource/bucket-name-invalid.why-chars");
    else if (bucket.front() == '-' || bucket.back() == '-')
      why = msg("resource/bucket-name-invalid.why-hyphen");
    if (!why) continue;
    const Str& r = *it.str;
    Span at = plain_literal(ctx, r) && !bucket.empty() ? sub_span(r, bucket) : r.node->span;
    ctx.report("resource/bucket-name-invalid", at,
               msg("resource/bucket-name-invalid", {{"bucket", quote(bucket)}, {"why", ctx.tr(*why)}}));
  }
}

// resource/oss-region-not-wildcard
void oss_region_not_wildcard(const Context& ctx) {
  for (const Item& it : items_of(ctx).all) {
    std::string_view region = it.arn.region.text;
    // Brackets in the region are brackets in the value.
    if (!it.oss_arn() || region == "*" || (it.placeholder && is_placeholder(region))) continue;
    const Str& r = *it.str;
    bool plain = plain_literal(ctx, r);
    Span at = plain && !region.empty() ? sub_span(r, region) : r.node->span;
    Finding& f =
        ctx.report("resource/oss-region-not-wildcard", at,
                   msg("resource/oss-region-not-wildcard", {{"value", quote(r.value)}, {"region", quote(region)}}));
    if (plain) {
      // Replacing the region can widen what the statement matches: unsafe.
      f.fix = Fix{ctx.tr(msg("resource/oss-region-not-wildcard.fix")), false, {Edit{sub_span(r, region), "*"}}};
    }
  }
}

}  // namespace

constexpr RuleImpl kRules[] = {
    {"resource/account-invalid", account_invalid},
    {"resource/arn-malformed", arn_malformed},
    {"resource/bucket-name-invalid", bucket_name_invalid},
    {"resource/oss-level-mismatch", oss_level_mismatch},
    {"resource/oss-region-not-wildcard", oss_region_not_wildcard},
    {"resource/service-mismatch", service_mismatch},
};

std::span<const RuleImpl> resource_rules() { return kRules; }

}  // namespace policylint::rules
