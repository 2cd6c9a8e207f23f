#pragma once
// YAML input (ROS templates, and policies written in YAML): one YAML document
// becomes equivalent JSON text plus a byte map back to the YAML file, so the
// engine parses it with its own JSON parser, runs the same extraction (ROS
// resources) and reports every finding at the YAML line and column.
//
// Reading rules (see rules/yaml/*.md for the user-facing side):
// - Scalars are typed as a YAML 1.1 loader (PyYAML, which ROS's template
//   handling follows) does, with the YAML 1.2 core forms added: plain `1`,
//   `1.5`, `0x1F`, `1e3` are numbers, `true`/`false` (and 1.1's yes/no/on/off)
//   booleans, `null`/`~`/nothing null; quoted and block scalars are strings.
//   Dates stay strings (ROSTemplateFormatVersion: 2015-09-01).
// - ROS short-form functions: `!Ref X` is {"Ref": "X"}, any other `!Name v`
//   is {"Fn::Name": v}, so the ROS extraction treats it as a computed value.
// - Aliases are expanded; the copies may add at most max(file size, 1 MiB)
//   bytes in total, and an alias inside its own anchor is refused
//   (yaml/alias-too-large): a "billion laughs" file costs no more than that.
// - Only the first document of a stream is read; a second one is reported
//   (yaml/multiple-documents), as ROS reads one document per template.
// - Duplicate keys are kept in order (the JSON parser reports them).
// - A key that is a mapping or a sequence becomes the string of its YAML text
//   (yaml/complex-key). Merge keys (`<<`) are kept as ordinary keys.
// - Nesting deeper than limits.max_depth JSON levels is refused
//   (yaml/nesting-too-deep); a file larger than limits.max_bytes is refused
//   (json/file-too-large).
// The reader is iterative (no recursion on the input's nesting) and linear in
// the size of the input plus the bounded alias copies.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "policylint/document.hpp"
#include "policylint/i18n.hpp"
#include "policylint/json.hpp"
#include "policylint/source.hpp"

namespace policylint::input {

struct YamlJson {
  // json holds the first document. False when the file could not be read
  // (problems say why) or holds no document at all (problems empty).
  bool ok = false;
  std::string json;
  // offsets[i] = byte offset in the YAML file of json byte i; one more entry
  // than json has bytes (the offset just past the document). Non-decreasing.
  std::vector<std::uint32_t> offsets;
  std::vector<ReadProblem> problems;  // spans are YAML file offsets
  // JSON byte ranges whose bytes do not map one to one onto the YAML file
  // (escaped, folded, multi-line or block scalars, numbers written in another
  // form, function wrappers, alias copies): an edit there must stay a hint.
  std::vector<Span> inexact;
  std::uint32_t documents = 0;  // documents seen in the stream (reading stops at the second)
  Lang lang = Lang::En;         // the language of the problems' messages

  // True when no byte of the JSON range [span.begin, span.end) is inexact, so
  // replacing it maps one to one onto the YAML bytes offsets[begin]..offsets[end].
  bool exact(Span json_span) const;
};

// Problems are written in lang (rules/messages/yaml.tsv).
YamlJson yaml_to_json(std::string_view text, const json::Limits& limits = {}, Lang lang = Lang::En);

// What a YAML file holds, judged by the top-level keys of its first document
// (without building it): a ROS template has ROSTemplateFormatVersion; a
// policy has Version or Statement (any case). Anything else is skipped
// quietly by the engine. A file that stops parsing before its top-level keys
// are known is a ROS template when a line starts with
// `ROSTemplateFormatVersion:`, so its syntax error is still reported.
enum class YamlKind : std::uint8_t { Other, RosTemplate, Policy };
YamlKind classify_yaml(std::string_view text);
bool is_ros_template_yaml(std::string_view text);
bool is_policy_yaml(std::string_view text);

}  // namespace policylint::input
