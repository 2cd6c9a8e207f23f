#pragma once
// The helpers the setup readers (terraform_setups.cpp, ros_setups.cpp) and
// the builder (discover_build.cpp) share: reading JSON trees, documents by
// context, accounts of ARNs, and turning a reader's inventory into setups.
// Private to lib/src/setup.
#include <exception>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "discover_model.hpp"
#include "policylint/json.hpp"
#include "policylint/setup.hpp"

namespace policylint::setup::detail {

// The value of an object's first member with this key, or null.
inline const json::Node* member(const json::Node* n, std::string_view key) {
  if (n == nullptr || !n->is_object()) return nullptr;
  const json::Member* m = n->find(key);
  return m != nullptr ? m->value : nullptr;
}

// The root of a parsed document when it parsed and is an object, or null.
const json::Node* object_root(const json::Document& doc);

// The account UID of an ARN ("acs:ram::<uid>:role/x", "acs:kms:<region>:<uid>:key/k"), or empty.
std::string arn_account(std::string_view arn);

// The account an ARN value names, at the ARN's place: known when the ARN is
// known and has a UID, else unknown.
Value arn_account(const Value& arn);

// A value known offline and equal to text ("KMS", "Enabled").
bool known_as(const Value& v, std::string_view text);

// The documents of an input by context (the first written of a context).
using Docs = std::map<std::string, Doc>;

// A document of the input: the file and context the run reports it under,
// its text when known and where it is written.
Doc make_doc(std::string path, std::string context, std::string text = {}, Place place = {});

// The document of this context, if any.
std::optional<Doc> find_doc(const Docs& docs, const std::string& context);

// The setups of the inventory read() returns; none if reading throws (out of
// memory on a hostile input: no setups rather than a crash).
template <class Read>
std::vector<Setup> setups_of(Read&& read) {
  try {
    return build_setups(read());
  } catch (const std::exception&) {
    return {};
  }
}

}  // namespace policylint::setup::detail
