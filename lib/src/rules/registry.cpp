#include <algorithm>
#include <vector>

#include "families.hpp"
#include "scenario.hpp"

namespace policylint {

std::span<const RuleImpl> registered_rules() {
  static const std::vector<RuleImpl> all = [] {
    // json/*, terraform/* and yaml/* findings come from the readers,
    // config/* and baseline/* from the run (no check function).
    std::vector<RuleImpl> v = {
        {"baseline/unused-entry", nullptr},
        {"config/unused-suppression", nullptr},
        {"terraform/syntax-error", nullptr},
        {"yaml/alias-too-large", nullptr},
        {"yaml/complex-key", nullptr},
        {"yaml/multiple-documents", nullptr},
        {"yaml/nesting-too-deep", nullptr},
        {"yaml/syntax-error", nullptr},
        {"json/byte-order-mark", nullptr},
        {"json/duplicate-key", nullptr},
        {"json/file-too-large", nullptr},
        {"json/invalid-utf8", nullptr},
        {"json/nesting-too-deep", nullptr},
        {"json/string-too-long", nullptr},
        {"json/too-many-statements", nullptr},
        {"json/syntax-error", nullptr},
        // setup/* findings come from the setup proof of the run.
        {"setup/bucket-policy-not-granted", nullptr},
        {"setup/history-overwrite", nullptr},
        {"setup/key-policy-not-granted", nullptr},
        {"setup/missing-system-policy", nullptr},
        {"setup/role-name", nullptr},
        {"setup/role-not-granted", nullptr},
        {"setup/service-cannot-assume", nullptr},
        {"setup/too-many-prefixes", nullptr},
        {"setup/two-way-unsupported", nullptr},
        {"setup/unpublished-system-policy", nullptr},
        {"setup/wrong-account", nullptr},
    };
    for (auto family : {rules::grammar_rules(), rules::action_rules(), rules::resource_rules(),
                        rules::principal_rules(), rules::condition_rules(), rules::security_rules(),
                        rules::redundancy_rules(), rules::replication_rules(), rules::migration_rules(),
                        rules::dts_rules(), rules::placeholder_rules(), rules::bucket_rules(), rules::limit_rules()})
      v.insert(v.end(), family.begin(), family.end());
    // Once per document, about the scenario the replication and migration rules inferred.
    v.push_back({"scenario/inferred", rules::check_inferred});
    std::sort(v.begin(), v.end(), [](const RuleImpl& a, const RuleImpl& b) { return a.id < b.id; });
    return v;
  }();
  return all;
}

}  // namespace policylint
