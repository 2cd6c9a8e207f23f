// libFuzzer target: policies embedded in other documents. The input is linted
// as it is (a Terraform plan or state, a ROS template), and also placed, as a
// JSON string and as a raw value, inside a Terraform plan and a ROS template
// so that the extractors and the span mapping of escaped strings see it.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "engine/extract.hpp"
#include "policylint/engine.hpp"

using namespace policylint;

namespace {

void require(bool ok) {
  if (!ok) std::abort();
}

void check(const FileReport& r) {
  const auto size = r.source.text().size();
  for (const auto& f : r.findings) {
    require(f.span.begin <= f.span.end && f.span.end <= size);
    for (const auto& rel : f.related)
      if (rel.path.empty()) require(rel.span.begin <= rel.span.end && rel.span.end <= size);
  }
}

// The input as a JSON string token, escaping what JSON requires (bytes that
// are not UTF-8 stay as they are: the parser reports them).
std::string quoted(const std::string& s, bool escape_all) {
  static const char* hex = "0123456789abcdef";
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || (escape_all && c >= 0x7f)) {
      out += "\\u00";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else if (c == '/' && escape_all) {
      out += "\\/";
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string terraform(const std::string& value) {
  return "{\"format_version\": \"1.2\", \"planned_values\": {\"root_module\": {\"resources\": ["
         "{\"address\": \"alicloud_ram_policy.p\", \"mode\": \"managed\", \"type\": \"alicloud_ram_policy\", "
         "\"values\": {\"policy_document\": " +
         value +
         "}}, {\"address\": \"alicloud_oss_bucket_policy.b\", \"type\": \"alicloud_oss_bucket_policy\", "
         "\"values\": {\"policy\": " +
         value +
         "}}]}}, \"resource_changes\": [{\"address\": \"alicloud_ram_role.r\", \"type\": \"alicloud_ram_role\", "
         "\"change\": {\"after\": {\"assume_role_policy_document\": " +
         value + "}}}]}";
}

std::string ros(const std::string& value) {
  return "{\"ROSTemplateFormatVersion\": \"2015-09-01\", \"Resources\": {\"Role\": {\"Type\": "
         "\"ALIYUN::RAM::Role\", \"Properties\": {\"AssumeRolePolicyDocument\": " +
         value + ", \"Policies\": [{\"PolicyDocument\": " + value +
         "}]}}, \"Bucket\": {\"Type\": \"ALIYUN::OSS::Bucket\", \"Properties\": {\"Policy\": " + value + "}}}}";
}

// decoded_offsets on every string token of a parsed document: one entry per
// decoded byte plus one, increasing, inside the token.
void check_offsets(const std::string& text) {
  json::Document doc = json::parse(text);
  if (doc.root() == nullptr) return;
  std::vector<const json::Node*> todo{doc.root()};
  while (!todo.empty()) {
    const json::Node* n = todo.back();
    todo.pop_back();
    for (const auto& m : n->members) todo.push_back(m.value);
    for (const json::Node* i : n->items) todo.push_back(i);
    if (!n->is_string()) continue;
    std::string_view raw = std::string_view(text).substr(n->span.begin, n->span.end - n->span.begin);
    auto map = detail::decoded_offsets(raw);
    require(map.size() == n->text.size() + 1);
    for (std::size_t i = 0; i < map.size(); ++i) {
      require(map[i] < raw.size());
      if (i > 0) require(map[i - 1] <= map[i]);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const Linter linter{LintOptions{}};
  std::string text(reinterpret_cast<const char*>(data), size);
  check(linter.lint("fuzz.json", text));
  check_offsets(text);
  for (bool all : {false, true}) {
    std::string q = quoted(text, all);
    std::string tf = terraform(q);
    check(linter.lint("plan.json", tf));
    check_offsets(tf);
    check(linter.lint("template.json", ros(q)));
  }
  // The input as a raw JSON value in a ROS template (when it is one).
  if (json::parse(text).ok()) check(linter.lint("template.json", ros(text)));
  return 0;
}
