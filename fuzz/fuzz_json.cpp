// libFuzzer target: the JSON layer. Any bytes must parse without a crash, and
// every span the tree holds must lie inside the input.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "policylint/json.hpp"
#include "policylint/source.hpp"

using namespace policylint;

namespace {

void require(bool ok) {
  if (!ok) std::abort();
}

void check_span(Span s, std::size_t size) { require(s.begin <= s.end && s.end <= size); }

void check_tree(const json::Document& doc, std::string_view text) {
  for (const auto& e : doc.errors()) require(e.offset <= text.size());
  for (const auto& d : doc.duplicates()) {
    require(d.first < d.second && d.second < d.object->members.size());
    require(d.object->members[d.first].key == d.object->members[d.second].key);
  }
  const json::Node* root = doc.root();
  if (root == nullptr) return;
  // Iterative walk: the tree may be as deep as the limit allows.
  std::vector<const json::Node*> todo{root};
  while (!todo.empty()) {
    const json::Node* n = todo.back();
    todo.pop_back();
    check_span(n->span, text.size());
    switch (n->type) {
      case json::Type::String:
        require(n->span.end - n->span.begin >= 2);
        require(text[n->span.begin] == '"' && text[n->span.end - 1] == '"');
        break;
      case json::Type::Object:
        require(text[n->span.begin] == '{');
        for (const auto& m : n->members) {
          check_span(m.key_span, text.size());
          require(text[m.key_span.begin] == '"');
          require(m.value != nullptr);
          todo.push_back(m.value);
        }
        break;
      case json::Type::Array:
        require(text[n->span.begin] == '[');
        for (const json::Node* item : n->items) todo.push_back(item);
        break;
      case json::Type::Number:
        require(text.substr(n->span.begin, n->span.end - n->span.begin) == n->text);
        break;
      default:
        break;
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  json::Document doc = json::parse(text);
  check_tree(doc, text);
  if (doc.ok()) require(doc.root() != nullptr);
  // A tight depth limit exercises the early-stop path.
  json::Document shallow = json::parse(text, json::Limits{3, 1u << 20});
  check_tree(shallow, text);

  Source src("fuzz.json", std::string(text));
  for (std::uint32_t off : {0u, static_cast<std::uint32_t>(size / 2), static_cast<std::uint32_t>(size),
                            static_cast<std::uint32_t>(size + 7)}) {
    Position p = src.position(off);
    require(p.line >= 1 && p.column >= 1 && p.line <= src.line_count());
    (void)src.line_text(p.line);
  }
  if (auto bad = json::find_invalid_utf8(text)) require(*bad < size);
  return 0;
}
