#pragma once
// The action catalog, condition keys and service principals, compiled from the
// data under rules/catalog/ into constant tables at build time.
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
  std::string_view service;  // RAM code, lower case: "oss"
  std::string_view name;     // documented spelling: "GetObject"
  Level level = Level::None;
  std::uint32_t order = 0;  // position in its service's data file (the documentation's order)
  std::string full() const {
    std::string s;
    s.reserve(service.size() + 1 + name.size());
    s.append(service).append(1, ':').append(name);
    return s;
  }
  // Is s this action written exactly as documented (full(), without building it)?
  bool written_as(std::string_view s) const;
};

namespace detail {
struct Tables;  // lib/src/catalog/tables.hpp
}  // namespace detail

class Catalog {
public:
  // Is the RAM service code known (case-insensitive)?
  bool known_service(std::string_view code) const;
  // known_service and service_actions in one lookup: the service's actions
  // (sorted, possibly none) when the code is known, nullopt when it is not.
  std::optional<std::span<const Action>> find_service(std::string_view code) const;
  // Is the action list of this service believed complete ("# complete: yes")?
  bool complete(std::string_view code) const;
  // The catalog entry of "svc:Name" (case-insensitive), or nullptr.
  const Action* find(std::string_view action) const;
  // Every known action a pattern with * and ? matches (case-insensitive);
  // the pattern may have wildcards in the service part too.
  std::vector<const Action*> expand(std::string_view pattern) const;
  // Does the pattern match any known action (is expand(pattern) non-empty)?
  // The search stops at the first match.
  bool matches_any(std::string_view pattern) const;
  // Actions of the catalog close to a misspelt one, best first (at most 3).
  std::vector<const Action*> suggest(std::string_view action) const;
  // Type of a condition key; tag keys match their "prefix/*" entry.
  std::optional<KeyType> key_type(std::string_view key) const;
  // Is host ("oss.aliyuncs.com") a documented service principal?
  bool known_service_principal(std::string_view host) const;
  // Is the "<uid>@host" form documented for this service principal?
  bool account_scoped(std::string_view host) const;

  // Every action, sorted by lower-case full name.
  std::span<const Action> actions() const;
  // Every known RAM service code (lower case, sorted).
  std::span<const std::string_view> services() const;
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

private:
  friend const Catalog& get();
  explicit constexpr Catalog(const detail::Tables& tables) : t_(&tables) {}
  const detail::Tables* t_;
};

// The process-wide catalog: constant data, nothing to load or free.
const Catalog& get();

}  // namespace policylint::catalog
