#include "discover_util.hpp"

#include "util/text.hpp"

namespace policylint::setup::detail {

const json::Node* object_root(const json::Document& doc) {
  const json::Node* root = doc.ok() ? doc.root() : nullptr;
  return root != nullptr && root->is_object() ? root : nullptr;
}

std::string arn_account(std::string_view arn) {
  // acs:<service>:<region>:<account>:<resource>
  if (!arn.starts_with("acs:")) return {};
  std::size_t at = 0;
  for (int i = 0; i < 3; ++i) {
    at = arn.find(':', at);
    if (at == std::string_view::npos) return {};
    ++at;
  }
  std::size_t end = arn.find(':', at);
  if (end == std::string_view::npos) return {};
  std::string_view uid = arn.substr(at, end - at);
  if (!util::all_digits(uid)) return {};
  return std::string(uid);
}

Value arn_account(const Value& arn) {
  std::string uid = arn.known ? arn_account(arn.text) : std::string();
  return uid.empty() ? Value::unknown(arn.place) : Value::of(std::move(uid), arn.place);
}

bool known_as(const Value& v, std::string_view text) { return v.known && v.text == text; }

Doc make_doc(std::string path, std::string context, std::string text, Place place) {
  Doc d;
  d.ref.path = std::move(path);
  d.ref.context = std::move(context);
  d.ref.place = std::move(place);
  d.text = std::move(text);
  return d;
}

std::optional<Doc> find_doc(const Docs& docs, const std::string& context) {
  auto it = docs.find(context);
  if (it == docs.end()) return std::nullopt;
  return it->second;
}

}  // namespace policylint::setup::detail
