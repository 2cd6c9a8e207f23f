#pragma once
// The action catalog, condition keys and service principals, loaded from the
// data under rules/catalog/ (embedded at build time).
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace policylint::catalog {

// OSS actions have a level that decides the ARN they must be granted on.
enum class Level : std::uint8_t { None, Service, Bucket, Object };

enum class KeyType : std::uint8_t { String, Bool, Date, Numeric, Ip };

struct Action {
  std::string service;  // RAM code, lower case: "oss"
  std::string name;     // documented spelling: "GetObject"
  Level level = Level::None;
  std::uint32_t order = 0;  // position in its service's data file (the documentation's order)
  std::string full() const { return service + ":" + name; }
};

namespace detail {

// A hash table over distinct lower-case keys: the position of the key equal
// to a lookup string folded to ASCII lower case, found without building the
// folded copy.
class LowerIndex {
public:
  void build(const std::vector<std::string_view>& keys);
  // Position of the key in the list given to build(), or npos.
  std::size_t find(std::string_view key) const;
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

private:
  std::vector<std::string> keys_;
  std::vector<std::uint32_t> slots_;  // power-of-two size; 0 empty, else position + 1
};

}  // namespace detail

class Catalog {
public:
  // Is the RAM service code known (case-insensitive)?
  bool known_service(std::string_view code) const;
  // Is the action list of this service believed complete ("# complete: yes")?
  bool complete(std::string_view code) const;
  // The catalog entry of "svc:Name" (case-insensitive), or nullptr.
  const Action* find(std::string_view action) const;
  // Every known action a pattern with * and ? matches (case-insensitive);
  // the pattern may have wildcards in the service part too.
  std::vector<const Action*> expand(std::string_view pattern) const;
  // Actions of the catalog close to a misspelt one, best first (at most 3).
  std::vector<const Action*> suggest(std::string_view action) const;
  // Type of a condition key; tag keys match their "prefix/*" entry.
  std::optional<KeyType> key_type(std::string_view key) const;
  // Is host ("oss.aliyuncs.com") a documented service principal?
  bool known_service_principal(std::string_view host) const;
  // Is the "<uid>@host" form documented for this service principal?
  bool account_scoped(std::string_view host) const;

  const std::vector<Action>& actions() const { return actions_; }
  // Every known RAM service code (lower case, sorted).
  const std::vector<std::string>& services() const { return services_; }
  // The catalog's actions of one service (case-insensitive code), sorted; empty when none are listed.
  std::span<const Action> service_actions(std::string_view code) const;
  // Does the catalog list any action of this service?
  bool has_actions(std::string_view code) const;
  // Can actions of this service be authorized on ARNs of arn_service
  // (acs:<arn_service>:...)? True for the same code and for the pairs listed in
  // rules/catalog/arn-services.tsv (e.g. sts actions on acs:ram ARNs).
  bool applies_to_arn_service(std::string_view action_service, std::string_view arn_service) const;
  // Is the condition key known (exactly or through a "prefix/*" tag entry)?
  bool known_key(std::string_view key) const;

  // Loads from the embedded rules/catalog files. Malformed lines are skipped.
  static Catalog load();

private:
  std::vector<Action> actions_;                                    // sorted by lower-case full name
  std::vector<std::string> keys_lower_;                            // lower-case full names, parallel to actions_
  std::vector<std::string> services_;                              // lower case, sorted
  std::vector<std::string> complete_services_;                     // lower case, sorted
  std::vector<std::pair<std::string, KeyType>> keys_;              // lower-case key or prefix ending in '*'
  std::vector<std::pair<std::string, KeyType>> key_prefixes_;      // the entries of keys_ ending in '*', in order
  std::vector<std::pair<std::string, bool>> principals_;           // lower-case host, account-scoped
  std::vector<std::pair<std::string, std::string>> arn_services_;  // lower-case action code, ARN code or "*"
  // Hash lookups of the sorted lists above (same positions).
  detail::LowerIndex services_index_, complete_index_, actions_index_, keys_index_, principals_index_;
  // Per entry of services_: its actions, [first, last) in actions_.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> service_ranges_;
};

// The process-wide catalog, loaded on first use (thread-safe).
const Catalog& get();

}  // namespace policylint::catalog
