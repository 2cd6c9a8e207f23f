// libFuzzer target: the Terraform reader (HCL native syntax, Terraform JSON
// syntax, template files, a module of two files). Any bytes must be read
// without a crash, and every document must keep the extraction contract:
// offsets for each byte (and one past the end) inside the file, opaque spans
// inside the document, problems inside the file.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "input/terraform.hpp"

using namespace policylint;

namespace {

void require(bool ok) {
  if (!ok) std::abort();
}

void check_document(const ExtractedDocument& d, std::size_t size) {
  require(d.offsets.size() == d.text.size() + 1);
  for (std::uint32_t o : d.offsets) require(o <= size);
  for (const Span& s : d.opaque) require(s.begin <= s.end && s.end <= d.text.size());
  require(d.origin.begin <= d.origin.end && d.origin.end <= size);
}

void check(const Extraction& ex, std::size_t size) {
  for (const auto& d : ex.documents) check_document(d, size);
  for (const auto& p : ex.problems) require(p.span.begin <= p.span.end && p.span.end <= size && !p.message.empty());
  for (const auto& f : ex.files) require(!f.path.empty() && f.origin.end <= size);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  json::Limits limits;
  check(input::read_terraform(text, limits), size);
  // A tight depth limit exercises the early stops.
  json::Limits shallow;
  shallow.max_depth = 3;
  check(input::read_terraform(text, shallow), size);
  check(input::read_terraform_json(text, limits), size);
  check_document(input::read_template(text, limits), size);
  // The input split in two files of one module: names cross files.
  std::size_t half = size / 2;
  std::string a(text.substr(0, half)), b(text.substr(half));
  input::TerraformModule module({a, b}, limits);
  check(input::read_terraform(a, limits, &module), a.size());
  check(input::read_terraform(b, limits, &module), b.size());
  return 0;
}
