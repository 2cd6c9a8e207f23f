#include "documents.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "../engine/extract.hpp"
#include "../input/terraform.hpp"
#include "../input/yaml.hpp"
#include "policylint/engine.hpp"

namespace policylint::setup {

bool read_file(const std::string& path, std::uint64_t max_bytes, std::string& out) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  // The run reports a file over the limit without reading it; so does the proof.
  if (ec || size > max_bytes) return false;
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return false;
  out = std::move(ss).str();
  return out.size() <= max_bytes;
}

namespace {

namespace fs = std::filesystem;

bool policy_object(const json::Node* n) {
  return n != nullptr && n->is_object() && (n->find("Statement") != nullptr || n->find("Version") != nullptr);
}

std::unique_ptr<LoadedDocument> own_text(std::string context, std::string text, std::vector<std::uint32_t> offsets,
                                         std::optional<Kind> kind, const json::Limits& limits) {
  auto d = std::make_unique<LoadedDocument>();
  d->context = std::move(context);
  d->offsets = std::move(offsets);
  d->tree = std::make_unique<json::Document>(json::parse(text, limits));
  // The tree keeps views into its text: keep the text alive beside it.
  d->text = std::move(text);
  const json::Node* root = d->tree->ok() ? d->tree->root() : nullptr;
  d->policy = build_policy(root);
  if (kind) d->policy.kind = *kind, d->policy.kind_inferred = false;
  return d;
}

}  // namespace

Span LoadedDocument::to_file(Span s) const {
  auto map = [&](std::uint32_t o) {
    if (tree != nullptr && !offsets.empty()) o = offsets[std::min<std::size_t>(o, offsets.size() - 1)];
    if (layer != nullptr && !layer->empty()) o = (*layer)[std::min<std::size_t>(o, layer->size() - 1)];
    return o;
  };
  std::uint32_t b = map(s.begin);
  std::uint32_t e = s.end > s.begin ? map(s.end - 1) + 1 : b;
  return Span{b, std::max(b, e)};
}

const LoadedDocument* LoadedFile::find(std::string_view context) const {
  for (const auto& d : documents)
    if (d->context == context) return d.get();
  if (context.empty() && !documents.empty()) return documents.front().get();
  return nullptr;
}

DocumentStore::DocumentStore(json::Limits limits, Lookup lookup) : limits_(limits), lookup_(std::move(lookup)) {}

DocumentStore::~DocumentStore() = default;

const LoadedFile& DocumentStore::load(const std::string& path) {
  auto& slot = files_[path];
  if (slot) return *slot;
  slot = std::make_unique<LoadedFile>();
  LoadedFile& f = *slot;
  f.path = path;
  std::string text;
  if (const std::string* known = lookup_ ? lookup_(path) : nullptr)
    text = *known;
  else if (!read_file(path, limits_.max_bytes, text))
    return f;
  f.readable = true;
  f.source = Source(path, std::move(text));
  std::string_view src = f.source.text();

  // The documents of a JSON tree (the file's, or the JSON a YAML file was
  // converted to), with `layer` mapping the tree's offsets to the file.
  auto from_tree = [&](std::string_view tree_text, const std::vector<std::uint32_t>* layer) {
    f.tree = std::make_unique<json::Document>(json::parse(tree_text, limits_));
    const json::Node* root = f.tree->ok() ? f.tree->root() : nullptr;
    if (root == nullptr) return;
    if (policy_object(root)) {
      auto d = std::make_unique<LoadedDocument>();
      d->policy = build_policy(root);
      d->layer = layer;
      f.documents.push_back(std::move(d));
      return;
    }
    for (auto& e : detail::find_embedded(root)) {
      if (e.node->is_object()) {
        auto d = std::make_unique<LoadedDocument>();
        d->context = std::move(e.context);
        d->policy = build_policy(e.node);
        d->unknown_parts = !e.opaque.empty();
        if (e.kind) d->policy.kind = *e.kind, d->policy.kind_inferred = false;
        d->layer = layer;
        f.documents.push_back(std::move(d));
      } else {
        auto offs =
            detail::decoded_offsets(tree_text.substr(e.node->span.begin, e.node->span.end - e.node->span.begin));
        for (auto& o : offs) o += e.node->span.begin;
        auto d = own_text(std::move(e.context), std::string(e.node->text), std::move(offs), e.kind, limits_);
        d->unknown_parts = !e.opaque.empty();
        d->layer = layer;
        f.documents.push_back(std::move(d));
      }
    }
  };

  switch (format_of(path)) {
    case InputFormat::Json:
    case InputFormat::Template:
      from_tree(src, nullptr);
      break;
    case InputFormat::Yaml: {
      if (input::classify_yaml(src) == input::YamlKind::Other) break;
      input::YamlJson y = input::yaml_to_json(src, limits_);
      if (!y.ok) break;
      f.yaml_json = std::move(y.json);
      f.yaml_offsets = std::move(y.offsets);
      from_tree(f.yaml_json, &f.yaml_offsets);
      break;
    }
    case InputFormat::Terraform:
    case InputFormat::TerraformJson: {
      Extraction ex;
      if (format_of(path) == InputFormat::Terraform) {
        // The module: every .tf file of the directory (locals and data
        // sources may be defined in a sibling file), read once for the
        // directory unless this file's text is not among its files.
        fs::path dir = fs::path(path).parent_path();
        std::unique_ptr<input::TerraformModule>& module = modules_[dir.generic_string()];
        if (!module || !module->find(src)) {
          std::vector<std::string> texts;
          std::error_code ec;
          for (fs::directory_iterator it(dir.empty() ? fs::path(".") : dir, ec), end; !ec && it != end;
               it.increment(ec)) {
            if (it->path().extension() != ".tf") continue;
            std::string p = (dir / it->path().filename()).generic_string();
            std::string t;
            if (p == path)
              texts.emplace_back(src);
            else if (const std::string* known = lookup_ ? lookup_(p) : nullptr)
              texts.push_back(*known);
            else if (read_file(p, limits_.max_bytes, t))
              texts.push_back(std::move(t));
          }
          module = std::make_unique<input::TerraformModule>(std::move(texts), limits_);
        }
        ex = input::read_terraform(src, limits_, module.get());
      } else {
        ex = input::read_terraform_json(src, limits_);
      }
      for (auto& e : ex.documents) {
        if (e.node != nullptr) continue;  // the readers give every document its own text
        bool unknown = !e.opaque.empty();
        f.documents.push_back(own_text(std::move(e.context), std::move(e.text), std::move(e.offsets), e.kind, limits_));
        f.documents.back()->unknown_parts = unknown;
      }
      break;
    }
  }
  for (auto& d : f.documents) {
    d->file = &f;
    if (d->policy.kind_inferred) d->policy.kind = infer_kind(d->policy);
  }
  return f;
}

}  // namespace policylint::setup
