#pragma once
// Policy documents written in Terraform configuration: HCL native syntax
// (*.tf) and Terraform's JSON syntax (*.tf.json), read without Terraform,
// without credentials and without evaluating anything that is not known
// offline. Independent of the rules: the result is the extraction contract of
// policylint/document.hpp.
//
// What is read (provider docs checked, see terraform.cpp for the sources):
//   resources alicloud_ram_policy (policy_document, older document),
//   alicloud_ram_role (assume_role_policy_document, older document),
//   alicloud_oss_bucket_policy and alicloud_oss_bucket (policy),
//   alicloud_oss_access_point_policy (policy), alicloud_resource_manager_policy
//   and alicloud_resource_manager_policy_version (policy_document),
//   alicloud_resource_manager_control_policy (policy_document),
//   alicloud_resource_manager_role (assume_role_policy_document);
//   values written as a string, a heredoc (<<EOF, <<-EOF), jsonencode(...),
//   file(...) and templatefile(...) (both: a ReferencedFile), local.NAME, and
//   data.alicloud_ram_policy_document.NAME.document (rebuilt as the provider
//   renders it).
//
// Offsets: each byte of a document's text maps to the file byte it comes
// from (a heredoc or string character, an escape's backslash, an HCL literal
// inside jsonencode, a data source's attribute value); bytes the reader adds
// (JSON quotes around a bare key, brackets, separators, keys the provider
// writes) map to the nearest HCL token. For a data source the offsets are not
// monotonic (the provider sorts principals and condition keys). `fixable` is
// true for a heredoc, a string without escapes, and jsonencode whose literals
// have no escapes: there an edit of a document string maps one-to-one onto
// the file.
//
// Variables: var.NAME is never replaced by its default. A default is what a
// module falls back to, not what a deployment passes in, so judging it would
// report (or hide) problems of a value that is not deployed. A variable is an
// unknown part of the document (opaque), like data sources, resource
// attributes and function calls other than jsonencode.
#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "policylint/document.hpp"
#include "policylint/i18n.hpp"
#include "policylint/json.hpp"

namespace policylint::hcl {
struct File;
}

namespace policylint::input {

// A resource type of the alicloud provider that takes a policy document, the
// kind of that document and the attribute(s) holding it (the second, when
// present, is an older name of the first). One list for the .tf reader and
// for Terraform plans and state (engine/extract.cpp).
struct PolicyResource {
  std::string_view type;
  Kind kind;
  std::string_view attrs[2];
};
std::span<const PolicyResource> policy_resources();

// The .tf files of one directory (one Terraform module), read once, so that
// `local.NAME` and `data.alicloud_ram_policy_document.NAME.document` defined
// in one file and used in another are followed. A document is always
// reported by the file its text is written in (its offsets are that file's),
// with the resource that uses it as context, even when the resource is in a
// sibling file.
class TerraformModule {
public:
  explicit TerraformModule(std::vector<std::string> texts, const json::Limits& limits = {});
  ~TerraformModule();
  TerraformModule(const TerraformModule&) = delete;
  TerraformModule& operator=(const TerraformModule&) = delete;

  std::size_t size() const;
  // The file with exactly this text, if any (read_terraform finds itself this way).
  std::optional<std::size_t> find(std::string_view text) const;
  // File i as read (its text, its tree: empty when it was over the size limit).
  std::string_view text(std::size_t i) const;
  const hcl::File& file(std::size_t i) const;

  // The documents of file i as read_terraform(text(i), limits, this) finds
  // them, only those with a context, as (context, JSON text), and the files
  // it names: what the setup proof takes of a file. The lint's read of the
  // file keeps them, so the proof does not render them again (a fifth of a
  // large module's run); a call takes them (the module keeps them no
  // longer), and without a kept read they are rendered here.
  struct DocumentTexts {
    std::vector<std::pair<std::string, std::string>> documents;
    std::vector<ReferencedFile> files;
  };
  DocumentTexts document_texts(std::size_t i, const json::Limits& limits) const;

  struct Impl;
  const Impl& impl() const { return *impl_; }

private:
  std::unique_ptr<Impl> impl_;
};

// Reads one .tf file. With `module`, names defined in sibling files are
// followed (the text should be one of the module's files; otherwise it is
// read as an extra file of that module). Never throws for bad input; syntax
// errors are ReadProblems "terraform/syntax-error".
// Problems are written in lang (rules/messages/terraform.tsv).
Extraction read_terraform(std::string_view text, const json::Limits& limits, const TerraformModule* module = nullptr,
                          Lang lang = Lang::En);

// Reads one .tf.json file (Terraform JSON syntax, parsed with json::parse):
// the same resources and forms, written as JSON; strings are templates
// (`${...}` unknown, `${local.NAME}` and the data source reference followed).
Extraction read_terraform_json(std::string_view text, const json::Limits& limits, Lang lang = Lang::En);

// A .tf.json file as the HCL tree read_terraform_json works on (resource,
// data, locals and provider blocks; nested blocks of the data source, of
// provider assume_role, of replication rules and bucket encryption). False,
// with `out` untouched, when the file is not valid JSON or over the limit.
bool read_terraform_json_tree(std::string_view text, const json::Limits& limits, hcl::File& out);

// A template file named by templatefile(...), read as Terraform reads it: the
// whole file is the document, `${...}` and `%{...}` parts are opaque, `$${`
// stands for `${`. For the engine to call on a ReferencedFile whose path is
// not a plain JSON file (form Templatefile).
ExtractedDocument read_template(std::string_view text, const json::Limits& limits);

}  // namespace policylint::input
