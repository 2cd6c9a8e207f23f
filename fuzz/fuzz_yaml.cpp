// libFuzzer target: the YAML reader. Any bytes must convert without a crash
// or a leak; when they convert, the JSON must parse, the offset map must have
// one entry per JSON byte plus one, never decrease and stay inside the input;
// problem spans must lie inside the input. The ROS extraction then runs on
// the JSON, and every span it names must map back inside the input too.
// Seed corpus: fuzz/corpus/yaml/ (and testdata/ros-yaml/, testdata/yaml/).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "engine/extract.hpp"
#include "input/yaml.hpp"
#include "policylint/json.hpp"

using namespace policylint;

namespace {

void require(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  json::Limits limits;
  input::YamlJson y = input::yaml_to_json(text, limits);
  for (const auto& p : y.problems) {
    require(!p.rule.empty() && !p.message.empty());
    require(p.span.begin <= p.span.end && p.span.end <= size);
  }
  (void)input::classify_yaml(text);
  if (!y.ok) {
    require(y.json.empty() && y.offsets.empty());
    return 0;
  }
  require(y.offsets.size() == y.json.size() + 1);
  for (std::size_t i = 0; i < y.offsets.size(); ++i) {
    require(y.offsets[i] <= size);
    if (i > 0) require(y.offsets[i - 1] <= y.offsets[i]);
  }
  for (std::size_t i = 1; i < y.inexact.size(); ++i) require(y.inexact[i - 1].end < y.inexact[i].begin);
  // The JSON may be deeper than the YAML by nothing, and larger by the
  // bounded alias copies: parse it without the file limits.
  json::Limits open;
  open.max_bytes = y.json.size() + 1;
  open.max_depth = limits.max_depth;
  json::Document doc = json::parse(y.json, open);
  require(doc.ok() && doc.errors().empty());
  for (const auto& e : detail::find_embedded(doc.root())) {
    require(e.node->span.end <= y.json.size());
    require(y.offsets[e.node->span.begin] <= y.offsets[e.node->span.end]);
    for (const Span& s : e.opaque) require(s.begin <= s.end && s.end <= y.json.size());
    (void)y.exact(e.node->span);
  }
  return 0;
}
