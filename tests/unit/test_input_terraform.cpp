// The Terraform reader (lib/src/input/terraform.*, hcl.*), tested on its own:
// every value form, exact offsets into the .tf file, opaque parts, the
// rendering of data "alicloud_ram_policy_document", locals across files,
// syntax errors, deep nesting, random bytes and published examples.
#include <catch2/catch.hpp>
#include <random>

#include "../../lib/src/input/hcl.hpp"
#include "../../lib/src/input/terraform.hpp"
#include "cli_util.hpp"

using namespace policylint;
using policylint::input::read_terraform;
using policylint::input::read_terraform_json;
using policylint::input::TerraformModule;

namespace {

const json::Limits kLimits{};

// The contract of document.hpp, for any document of any file.
void check_contract(const ExtractedDocument& d, std::string_view file) {
  REQUIRE(d.offsets.size() == d.text.size() + 1);
  for (std::uint32_t o : d.offsets) REQUIRE(o <= file.size());
  for (const Span& s : d.opaque) {
    REQUIRE(s.begin <= s.end);
    REQUIRE(s.end <= d.text.size());
  }
  REQUIRE(d.origin.begin <= d.origin.end);
  REQUIRE(d.origin.end <= file.size());
}

// Every byte of the document that is not opaque is the file's byte at its offset.
void check_one_to_one(const ExtractedDocument& d, std::string_view file) {
  for (std::size_t i = 0; i < d.text.size(); ++i) {
    INFO("byte " << i);
    REQUIRE(d.text[i] == file[d.offsets[i]]);
  }
}

bool opaque_covers(const ExtractedDocument& d, std::size_t begin, std::size_t end) {
  for (const Span& s : d.opaque)
    if (s.begin <= begin && end <= s.end) return true;
  return false;
}

bool opaque_touches(const ExtractedDocument& d, std::size_t begin, std::size_t end) {
  for (const Span& s : d.opaque)
    if (s.begin < end && begin < s.end) return true;
  return false;
}

// Offset in the document of the n-th occurrence of needle.
std::size_t in_doc(const ExtractedDocument& d, std::string_view needle, int n = 0) {
  std::size_t at = d.text.find(needle);
  while (n-- > 0 && at != std::string::npos) at = d.text.find(needle, at + 1);
  REQUIRE(at != std::string::npos);
  return at;
}

std::size_t in_file(std::string_view file, std::string_view needle, int n = 0) {
  std::size_t at = file.find(needle);
  while (n-- > 0 && at != std::string::npos) at = file.find(needle, at + 1);
  REQUIRE(at != std::string::npos);
  return at;
}

bool valid_json(const ExtractedDocument& d) { return json::parse(d.text).ok(); }

Extraction read(std::string_view text) {
  Extraction ex = read_terraform(text, kLimits);
  for (const auto& d : ex.documents) check_contract(d, text);
  return ex;
}

}  // namespace

TEST_CASE("terraform: heredoc <<EOF is the document byte for byte", "[terraform]") {
  const std::string tf =
      "resource \"alicloud_ram_policy\" \"p\" {\n"
      "  policy_name     = \"p\"\n"
      "  policy_document = <<EOF\n"
      "{\n"
      "  \"Version\": \"1\",\n"
      "  \"Statement\": [{\"Effect\": \"allow\", \"Action\": \"oss:GetObject\", \"Resource\": \"*\"}]\n"
      "}\n"
      "EOF\n"
      "}\n";
  Extraction ex = read(tf);
  REQUIRE(ex.problems.empty());
  REQUIRE(ex.documents.size() == 1);
  const ExtractedDocument& d = ex.documents[0];
  CHECK(d.form == DocumentForm::Heredoc);
  CHECK(d.context == "alicloud_ram_policy.p");
  REQUIRE(d.kind);
  CHECK(*d.kind == Kind::Permission);
  CHECK(d.fixable);
  CHECK(d.opaque.empty());
  CHECK(d.text.starts_with("{\n  \"Version\""));
  CHECK(d.text.ends_with("}\n"));
  CHECK(valid_json(d));
  check_one_to_one(d, tf);
  // The offending "allow" maps to its own bytes in the file.
  std::size_t a = in_doc(d, "\"allow\"");
  CHECK(d.offsets[a] == in_file(tf, "\"allow\""));
  CHECK(d.offsets[a + 1] == in_file(tf, "allow\""));
  // One past the end: the line of the closing marker.
  CHECK(d.offsets.back() == in_file(tf, "EOF\n}"));
  CHECK(d.origin.begin == in_file(tf, "<<EOF"));
}

TEST_CASE("terraform: heredoc <<-EOF loses its indentation, offsets stay exact", "[terraform]") {
  const std::string tf =
      "resource \"alicloud_ram_role\" \"r\" {\n"
      "  assume_role_policy_document = <<-EOT\n"
      "    {\n"
      "      \"Version\": \"1\",\n"
      "\n"
      "      \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"sts:AssumeRole\",\n"
      "        \"Principal\": {\"Service\": [\"oss.aliyuncs.com\"]}}]\n"
      "    }\n"
      "  EOT\n"
      "}\n";
  Extraction ex = read(tf);
  REQUIRE(ex.problems.empty());
  REQUIRE(ex.documents.size() == 1);
  const ExtractedDocument& d = ex.documents[0];
  CHECK(d.form == DocumentForm::Heredoc);
  REQUIRE(d.kind);
  CHECK(*d.kind == Kind::Trust);
  CHECK(d.text ==
        "{\n  \"Version\": \"1\",\n\n  \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"sts:AssumeRole\",\n"
        "    \"Principal\": {\"Service\": [\"oss.aliyuncs.com\"]}}]\n}\n");
  check_one_to_one(d, tf);
  std::size_t svc = in_doc(d, "oss.aliyuncs.com");
  CHECK(d.offsets[svc] == in_file(tf, "oss.aliyuncs.com"));
  CHECK(d.offsets[svc + 4] == in_file(tf, "aliyuncs.com"));
  CHECK(valid_json(d));
}

TEST_CASE("terraform: an interpolation makes only its own bytes opaque", "[terraform]") {
  const std::string tf =
      "resource \"alicloud_oss_bucket_policy\" \"b\" {\n"
      "  bucket = \"b\"\n"
      "  policy = <<EOF\n"
      "{\"Version\": \"1\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": [\"oss:GetObject\"],\n"
      " \"Principal\": [\"arn:sts::${var.uid}:assumed-role/OssCrrReplicator/*\"],\n"
      " \"Resource\": [\"acs:oss:*:${data.alicloud_account.me.id}:b/*\"]}]}\n"
      "EOF\n"
      "}\n";
  Extraction ex = read(tf);
  REQUIRE(ex.documents.size() == 1);
  const ExtractedDocument& d = ex.documents[0];
  CHECK(valid_json(d));
  check_one_to_one(d, tf);  // ${...} is kept as written
  REQUIRE(d.opaque.size() == 2);
  std::size_t v = in_doc(d, "${var.uid}");
  CHECK(d.opaque[0].begin == v);
  CHECK(d.opaque[0].end == v + std::string_view("${var.uid}").size());
  // The known parts around it are not opaque: the capital letters stay visible.
  std::size_t role = in_doc(d, "OssCrrReplicator");
  CHECK_FALSE(opaque_touches(d, role, role + 16));
  CHECK_FALSE(opaque_touches(d, in_doc(d, "arn:sts::"), in_doc(d, "arn:sts::") + 9));
  CHECK(opaque_covers(d, in_doc(d, "${data."), in_doc(d, "${data.") + 7));
}

TEST_CASE("terraform: a plain string attribute, escapes map to their backslash", "[terraform]") {
  const std::string tf =
      "resource \"alicloud_ram_policy\" \"s\" {\n"
      "  policy_document = \"{\\\"Version\\\":\\\"1\\\",\\\"Statement\\\":[{\\\"Effect\\\":\\\"Allow\\\","
      "\\\"Action\\\":\\\"ecs:*\\\",\\\"Resource\\\":\\\"*\\\"}]}\"\n"
      "}\n";
  Extraction ex = read(tf);
  REQUIRE(ex.problems.empty());
  REQUIRE(ex.documents.size() == 1);
  const ExtractedDocument& d = ex.documents[0];
  CHECK(d.form == DocumentForm::String);
  CHECK(d.text == R"({"Version":"1","Statement":[{"Effect":"Allow","Action":"ecs:*","Resource":"*"}]})");
  CHECK_FALSE(d.fixable);  // escapes: an edit does not map one-to-one
  std::size_t e = in_doc(d, "ecs:*");
  CHECK(d.offsets[e] == in_file(tf, "ecs:*"));
  CHECK(d.offsets[e - 1] == in_file(tf, "\\\"ecs:*"));  // the quote before it: its escape
  CHECK(valid_json(d));
}

TEST_CASE("terraform: a plain string without escapes is fixable", "[terraform]") {
  const std::string tf =
      "resource \"alicloud_ram_policy\" \"s\" {\n"
      "  policy_document = \"{ }\"\n"
      "}\n";
  Extraction ex = read(tf);
  REQUIRE(ex.documents.size() == 1);
  CHECK(ex.documents[0].fixable);
  check_one_to_one(ex.documents[0], tf);
}

TEST_CASE("terraform: jsonencode renders JSON, strings map into their literals", "[terraform]") {
  const std::string tf =
      "resource \"alicloud_oss_bucket_policy\" \"b\" {\n"
      "  bucket = \"b\"\n"
      "  policy = jsonencode({\n"
      "    Version = \"1\"\n"
      "    Statement = [{\n"
      "      Effect    = \"Allow\"  # a comment\n"
      "      Action    = [\"oss:GetObject\", \"oss:ListObjects\"]\n"
      "      Principal = [\"arn:sts::${var.uid}:assumed-role/OssCrrReplicator/*\"]\n"
      "      Resource  = [\"acs:oss:*:*:b/*\", var.extra, local.other]\n"
      "      \"Condition\" : { \"Bool\" : { \"acs:SecureTransport\" : true }, \"NumericLessThan\": {\"k\": 3.5} }\n"
      "      Sid = null\n"
      "    }]\n"
      "  })\n"
      "}\n"
      "locals {\n"
      "  other = \"acs:oss:*:*:other/*\"\n"
      "}\n";
  Extraction ex = read(tf);
  REQUIRE(ex.problems.empty());
  REQUIRE(ex.documents.size() == 1);
  const ExtractedDocument& d = ex.documents[0];
  CHECK(d.form == DocumentForm::Jsonencode);
  REQUIRE(d.kind);
  CHECK(*d.kind == Kind::Bucket);
  CHECK(d.fixable);
  CHECK(d.text == R"({"Version":"1","Statement":[{"Effect":"Allow","Action":["oss:GetObject","oss:ListObjects"],)"
                  R"("Principal":["arn:sts::${var.uid}:assumed-role/OssCrrReplicator/*"],)"
                  R"("Resource":["acs:oss:*:*:b/*","var.extra","acs:oss:*:*:other/*"],)"
                  R"("Condition":{"Bool":{"acs:SecureTransport":true},"NumericLessThan":{"k":3.5}},"Sid":null}]})");
  CHECK(valid_json(d));
  // Every byte of a rendered string maps into its HCL literal.
  std::size_t g = in_doc(d, "\"oss:GetObject\"");
  std::size_t lit = in_file(tf, "\"oss:GetObject\"");
  for (std::size_t i = 0; i < std::string_view("\"oss:GetObject\"").size(); ++i) CHECK(d.offsets[g + i] == lit + i);
  // A bare key maps onto the name as written.
  CHECK(d.offsets[in_doc(d, "Effect")] == in_file(tf, "Effect"));
  // The local is followed: its literal, in the locals block.
  CHECK(d.offsets[in_doc(d, "acs:oss:*:*:other")] == in_file(tf, "acs:oss:*:*:other"));
  // Opaque: only ${var.uid} inside the principal, and the whole var.extra value.
  REQUIRE(d.opaque.size() == 2);
  std::size_t v = in_doc(d, "${var.uid}");
  CHECK(d.opaque[0] == Span{static_cast<std::uint32_t>(v), static_cast<std::uint32_t>(v + 10)});
  std::size_t x = in_doc(d, "\"var.extra\"");
  CHECK(d.opaque[1] == Span{static_cast<std::uint32_t>(x), static_cast<std::uint32_t>(x + 11)});
  CHECK(d.offsets[x + 1] == in_file(tf, "var.extra"));
  CHECK_FALSE(opaque_touches(d, in_doc(d, "OssCrrReplicator"), in_doc(d, "OssCrrReplicator") + 16));
  // Numbers and literals map byte for byte.
  CHECK(d.offsets[in_doc(d, "3.5")] == in_file(tf, "3.5"));
  CHECK(d.offsets[in_doc(d, "true")] == in_file(tf, "true"));
  // Structural bytes map to the HCL token: the object's braces.
  CHECK(d.offsets[0] == in_file(tf, "{\n    Version"));
  CHECK(d.offsets.back() == in_file(tf, ")\n}"));
}

TEST_CASE("terraform: jsonencode with an escaped literal is not fixable", "[terraform]") {
  const std::string tf =
      "resource \"alicloud_ram_policy\" \"p\" {\n"
      "  policy_document = jsonencode({Version = \"1\", Statement = [{Effect = \"Allow\", Action = \"a:\\u0062\", "
      "Resource = \"q\\\"\"}]})\n"
      "}\n";
  Extraction ex = read(tf);
  REQUIRE(ex.problems.empty());
  REQUIRE(ex.documents.size() == 1);
  const ExtractedDocument& d = ex.documents[0];
  CHECK_FALSE(d.fixable);
  CHECK(d.text == R"({"Version":"1","Statement":[{"Effect":"Allow","Action":"a:b","Resource":"q\""}]})");
  CHECK(d.offsets[in_doc(d, "a:b") + 2] == in_file(tf, "\\u0062"));
  // The rendered \" both map to the HCL escape.
  std::size_t q = in_doc(d, "q\\\"");
  CHECK(d.offsets[q + 1] == in_file(tf, "\\\"\"}"));
  CHECK(d.offsets[q + 2] == in_file(tf, "\\\"\"}"));
}

TEST_CASE("terraform: computed values inside jsonencode are opaque, not judged", "[terraform]") {
  const std::string tf =
      "resource \"alicloud_ram_policy\" \"p\" {\n"
      "  policy_document = jsonencode({\n"
      "    Version   = \"1\"\n"
      "    Statement = concat(local.a, [for s in var.list : { Effect = s }])\n"
      "    Extra     = var.on ? \"a\" : \"b\"\n"
      "    More      = [for k, v in var.m : v if k != \"x\"]\n"
      "    Split     = var.x[*].id\n"
      "  })\n"
      "}\n";
  Extraction ex = read(tf);
  REQUIRE(ex.problems.empty());
  REQUIRE(ex.documents.size() == 1);
  const ExtractedDocument& d = ex.documents[0];
  CHECK(valid_json(d));
  CHECK(d.opaque.size() == 4);
  CHECK(opaque_covers(d, in_doc(d, "\"concat("), in_doc(d, "\"concat(") + 8));
  CHECK(opaque_covers(d, in_doc(d, "\"var.on"), in_doc(d, "\"var.on") + 7));
}

TEST_CASE("terraform: variables are unknown, their defaults are not used", "[terraform]") {
  const std::string tf =
      "variable \"policy\" {\n"
      "  default = <<EOF\n"
      "{\"Version\": \"1\", \"Statement\": []}\n"
      "EOF\n"
      "}\n"
      "resource \"alicloud_ram_policy\" \"p\" {\n"
      "  policy_document = var.policy\n"
      "}\n"
      "resource \"alicloud_ram_policy\" \"q\" {\n"
      "  policy_document = \"${var.policy}\"\n"
      "}\n";
  Extraction ex = read(tf);
  CHECK(ex.problems.empty());
  CHECK(ex.documents.empty());
  CHECK(ex.files.empty());
}

TEST_CASE("terraform: file() and templatefile() name the file", "[terraform]") {
  const std::string tf =
      "resource \"alicloud_ram_policy\" \"a\" {\n"
      "  policy_document = file(\"${path.module}/policies/a.json\")\n"
      "}\n"
      "resource \"alicloud_ram_role\" \"b\" {\n"
      "  assume_role_policy_document = file(\"trust/b.json\")\n"
      "}\n"
      "resource \"alicloud_oss_bucket_policy\" \"c\" {\n"
      "  policy = templatefile(\"${path.module}/c.json.tpl\", { uid = var.uid })\n"
      "}\n"
      "resource \"alicloud_ram_policy\" \"d\" {\n"
      "  policy_document = file(\"${var.dir}/d.json\")\n"
      "}\n";
  Extraction ex = read(tf);
  CHECK(ex.problems.empty());
  CHECK(ex.documents.empty());
  REQUIRE(ex.files.size() == 3);
  CHECK(ex.files[0].path == "policies/a.json");
  CHECK(ex.files[0].context == "alicloud_ram_policy.a");
  REQUIRE(ex.files[0].kind);
  CHECK(*ex.files[0].kind == Kind::Permission);
  CHECK(ex.files[0].origin.begin == in_file(tf, "file(\"${path.module}"));
  CHECK(ex.files[1].path == "trust/b.json");
  CHECK(*ex.files[1].kind == Kind::Trust);
  CHECK(ex.files[2].path == "c.json.tpl");
  CHECK(*ex.files[2].kind == Kind::Bucket);
}

TEST_CASE("terraform: a template file has its ${...} and %{...} parts opaque", "[terraform]") {
  const std::string tpl =
      "{\"Version\": \"1\", \"Statement\": [%{ for b in buckets }{\"Effect\": \"Allow\"},%{ endfor }\n"
      " {\"Effect\": \"Allow\", \"Action\": \"oss:*\", \"Resource\": \"acs:oss:*:${uid}:b/*\", \"Sid\": \"$${x}\"}]}\n";
  ExtractedDocument d = input::read_template(tpl, kLimits);
  check_contract(d, tpl);
  CHECK(d.form == DocumentForm::Templatefile);
  REQUIRE(d.opaque.size() == 2);
  CHECK(d.text.substr(d.opaque[0].begin, d.opaque[0].end - d.opaque[0].begin) ==
        "%{ for b in buckets }{\"Effect\": \"Allow\"},%{ endfor }");
  CHECK(d.text.substr(d.opaque[1].begin, d.opaque[1].end - d.opaque[1].begin) == "${uid}");
  CHECK(d.text.find("\"${x}\"") != std::string::npos);  // $${ stands for ${
  CHECK_FALSE(d.fixable);
}

TEST_CASE("terraform: data alicloud_ram_policy_document is rendered as the provider does", "[terraform]") {
  const std::string tf =
      "data \"alicloud_ram_policy_document\" \"trust\" {\n"
      "  statement {\n"
      "    action = [\"sts:AssumeRole\"]\n"
      "    principal {\n"
      "      entity      = \"Service\"\n"
      "      identifiers = [\"oss.aliyuncs.com\"]\n"
      "    }\n"
      "    principal {\n"
      "      entity      = \"RAM\"\n"
      "      identifiers = [\"acs:ram::1:root\", \"acs:ram::2:root\"]\n"
      "    }\n"
      "    condition {\n"
      "      operator = \"StringEquals\"\n"
      "      variable = \"sts:ExternalId\"\n"
      "      values   = [\"abc\"]\n"
      "    }\n"
      "    condition {\n"
      "      operator = \"IpAddress\"\n"
      "      variable = \"acs:SourceIp\"\n"
      "      values   = [\"10.0.0.0/8\", \"192.168.0.0/16\"]\n"
      "    }\n"
      "  }\n"
      "  statement {\n"
      "    effect   = \"Deny\"\n"
      "    action   = [\"oss:DeleteObject\", \"oss:PutObject\"]\n"
      "    resource = []\n"
      "  }\n"
      "}\n"
      "resource \"alicloud_ram_role\" \"r\" {\n"
      "  assume_role_policy_document = data.alicloud_ram_policy_document.trust.document\n"
      "}\n";
  Extraction ex = read(tf);
  REQUIRE(ex.problems.empty());
  REQUIRE(ex.documents.size() == 1);
  const ExtractedDocument& d = ex.documents[0];
  CHECK(d.form == DocumentForm::DataSource);
  CHECK(d.context == "alicloud_ram_role.r");
  REQUIRE(d.kind);
  CHECK(*d.kind == Kind::Trust);
  CHECK_FALSE(d.fixable);
  // Keys in Go's order; one-element lists become strings except principal
  // identifiers; identifiers in reverse order; map keys sorted; default
  // effect Allow and version 1; an empty resource list left out.
  CHECK(d.text == R"({"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",)"
                  R"("Principal":{"RAM":["acs:ram::2:root","acs:ram::1:root"],"Service":["oss.aliyuncs.com"]},)"
                  R"("Condition":{"IpAddress":{"acs:SourceIp":["10.0.0.0/8","192.168.0.0/16"]},)"
                  R"("StringEquals":{"sts:ExternalId":"abc"}}},)"
                  R"({"Effect":"Deny","Action":["oss:DeleteObject","oss:PutObject"]}],"Version":"1"})");
  CHECK(valid_json(d));
  // Values map onto the block's attribute values.
  CHECK(d.offsets[in_doc(d, "oss.aliyuncs.com")] == in_file(tf, "oss.aliyuncs.com"));
  CHECK(d.offsets[in_doc(d, "acs:ram::2:root")] == in_file(tf, "acs:ram::2:root"));
  CHECK(d.offsets[in_doc(d, "\"Deny\"")] == in_file(tf, "\"Deny\""));
  CHECK(d.offsets[in_doc(d, "sts:ExternalId")] == in_file(tf, "sts:ExternalId"));
  // Keys the provider writes map to the attribute that gives them.
  CHECK(d.offsets[in_doc(d, "\"Action\"", 1)] == in_file(tf, "action   = [\"oss:Delete"));
  CHECK(d.origin.begin == 0);
}

TEST_CASE("terraform: an unused data source is still a document, a used one is read once per kind", "[terraform]") {
  const std::string tf =
      "data \"alicloud_ram_policy_document\" \"lonely\" {\n"
      "  statement {\n"
      "    action   = [\"oss:GetObject\"]\n"
      "    resource = [\"acs:oss:*:*:b/*\"]\n"
      "  }\n"
      "}\n"
      "data \"alicloud_ram_policy_document\" \"shared\" {\n"
      "  version = \"1\"\n"
      "  statement {\n"
      "    action   = [\"oss:*\"]\n"
      "    resource = [\"*\"]\n"
      "  }\n"
      "}\n"
      "resource \"alicloud_ram_policy\" \"a\" { policy_document = data.alicloud_ram_policy_document.shared.document }\n"
      "resource \"alicloud_ram_policy\" \"b\" { policy_document = data.alicloud_ram_policy_document.shared.document "
      "}\n";
  Extraction ex = read(tf);
  REQUIRE(ex.problems.empty());
  REQUIRE(ex.documents.size() == 2);
  CHECK(ex.documents[0].context == "data.alicloud_ram_policy_document.lonely");
  CHECK_FALSE(ex.documents[0].kind);
  CHECK(ex.documents[0].text ==
        R"({"Statement":[{"Effect":"Allow","Action":"oss:GetObject","Resource":"acs:oss:*:*:b/*"}],"Version":"1"})");
  CHECK(ex.documents[1].context == "alicloud_ram_policy.a");
  CHECK(ex.documents[1].text == R"({"Statement":[{"Effect":"Allow","Action":"oss:*","Resource":"*"}],"Version":"1"})");
  CHECK(ex.documents[1].offsets[in_doc(ex.documents[1], "\"1\"")] == in_file(tf, "\"1\"\n  statement"));
}

TEST_CASE("terraform: locals are followed in the same file and through the module", "[terraform]") {
  const std::string locals_tf =
      "locals {\n"
      "  trust = <<EOF\n"
      "{\"Version\": \"1\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"sts:AssumeRole\",\n"
      "  \"Principal\": {\"Service\": [\"oss.aliyuncs.com\"]}}]}\n"
      "EOF\n"
      "  alias = local.trust\n"
      "}\n"
      "data \"alicloud_ram_policy_document\" \"p\" {\n"
      "  statement {\n"
      "    action   = [\"oss:GetObject\"]\n"
      "    resource = [\"acs:oss:*:*:b/*\"]\n"
      "  }\n"
      "}\n";
  const std::string main_tf =
      "resource \"alicloud_ram_role\" \"replication\" {\n"
      "  assume_role_policy_document = local.alias\n"
      "}\n"
      "resource \"alicloud_ram_policy\" \"read\" {\n"
      "  policy_document = \"${data.alicloud_ram_policy_document.p.document}\"\n"
      "}\n";

  SECTION("without the module, nothing crosses files") {
    Extraction m = read(main_tf);
    CHECK(m.documents.empty());
    Extraction l = read(locals_tf);
    REQUIRE(l.documents.size() == 1);  // the data source, unused here
    CHECK(l.documents[0].context == "data.alicloud_ram_policy_document.p");
  }
  SECTION("with the module, the file holding the text reports it, named by the resource") {
    TerraformModule module({main_tf, locals_tf}, kLimits);
    Extraction m = read_terraform(main_tf, kLimits, &module);
    CHECK(m.documents.empty());
    CHECK(m.problems.empty());
    Extraction l = read_terraform(locals_tf, kLimits, &module);
    REQUIRE(l.documents.size() == 2);
    const ExtractedDocument& trust = l.documents[0];
    check_contract(trust, locals_tf);
    CHECK(trust.form == DocumentForm::Heredoc);
    CHECK(trust.context == "alicloud_ram_role.replication");
    REQUIRE(trust.kind);
    CHECK(*trust.kind == Kind::Trust);
    check_one_to_one(trust, locals_tf);
    CHECK(trust.offsets[in_doc(trust, "oss.aliyuncs.com")] == in_file(locals_tf, "oss.aliyuncs.com"));
    const ExtractedDocument& data = l.documents[1];
    check_contract(data, locals_tf);
    CHECK(data.form == DocumentForm::DataSource);
    CHECK(data.context == "alicloud_ram_policy.read");
    CHECK(*data.kind == Kind::Permission);
  }
  SECTION("a file outside the module is read as one more file of it") {
    TerraformModule module({locals_tf}, kLimits);
    Extraction m = read_terraform(main_tf, kLimits, &module);
    CHECK(m.documents.empty());  // the text is in the locals file
    CHECK(module.find(locals_tf) == std::optional<std::size_t>(0));
    CHECK_FALSE(module.find(main_tf));
  }
}

TEST_CASE("terraform: jsonencode(local.x) is reported where the local is written", "[terraform]") {
  const std::string doc_tf =
      "locals {\n"
      "  doc = {\n"
      "    Version   = \"1\"\n"
      "    Statement = [{ Effect = \"Allow\", Action = \"oss:GetObject\", Resource = \"*\" }]\n"
      "  }\n"
      "  alias = local.doc\n"
      "}\n";
  const std::string use_tf =
      "resource \"alicloud_ram_policy\" \"p\" {\n"
      "  policy_document = jsonencode(local.alias)\n"
      "}\n";
  Extraction same = read(doc_tf + use_tf);
  REQUIRE(same.documents.size() == 1);
  CHECK(same.documents[0].form == DocumentForm::Jsonencode);
  CHECK(same.documents[0].text ==
        R"({"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:GetObject","Resource":"*"}]})");
  TerraformModule module({doc_tf, use_tf}, kLimits);
  CHECK(read_terraform(use_tf, kLimits, &module).documents.empty());
  Extraction ex = read_terraform(doc_tf, kLimits, &module);
  REQUIRE(ex.documents.size() == 1);
  const ExtractedDocument& d = ex.documents[0];
  check_contract(d, doc_tf);
  CHECK(d.context == "alicloud_ram_policy.p");
  CHECK(d.text == same.documents[0].text);
  CHECK(d.offsets[in_doc(d, "oss:GetObject")] == in_file(doc_tf, "oss:GetObject"));
  CHECK(d.origin.begin == in_file(doc_tf, "{\n    Version"));
}

TEST_CASE("terraform: every policy resource of the provider and its kind", "[terraform]") {
  struct Case {
    const char* type;
    const char* attr;
    Kind kind;
  };
  const Case cases[] = {
      {"alicloud_ram_policy", "policy_document", Kind::Permission},
      {"alicloud_ram_policy", "document", Kind::Permission},
      {"alicloud_ram_role", "assume_role_policy_document", Kind::Trust},
      {"alicloud_ram_role", "document", Kind::Trust},
      {"alicloud_oss_bucket_policy", "policy", Kind::Bucket},
      {"alicloud_oss_bucket", "policy", Kind::Bucket},
      {"alicloud_oss_access_point_policy", "policy", Kind::Bucket},
      {"alicloud_resource_manager_policy", "policy_document", Kind::Permission},
      {"alicloud_resource_manager_policy_version", "policy_document", Kind::Permission},
      {"alicloud_resource_manager_control_policy", "policy_document", Kind::Permission},
      {"alicloud_resource_manager_role", "assume_role_policy_document", Kind::Trust},
      {"alicloud_kms_key", "policy", Kind::Key},
  };
  for (const auto& c : cases) {
    INFO(c.type << "." << c.attr);
    std::string tf =
        std::string("resource \"") + c.type + "\" \"x\" {\n  " + c.attr + " = <<EOF\n{\"Version\": \"1\"}\nEOF\n}\n";
    Extraction ex = read(tf);
    REQUIRE(ex.documents.size() == 1);
    CHECK(ex.documents[0].context == std::string(c.type) + ".x");
    REQUIRE(ex.documents[0].kind);
    CHECK(*ex.documents[0].kind == c.kind);
  }
  // Not a policy document: attachments name a policy; unknown types are skipped.
  Extraction none = read(
      "resource \"alicloud_ram_user_policy_attachment\" \"a\" { policy_name = \"{}\" }\n"
      "resource \"aws_iam_policy\" \"b\" { policy = \"{}\" }\n"
      "resource \"alicloud_ram_policy\" \"c\" { policy_name = \"{}\" }\n");
  CHECK(none.documents.empty());
}

TEST_CASE("terraform: a long run of broken lines is passed over, the blocks after it still read", "[terraform]") {
  // Past 256 items that failed in a row, lines that start as attributes are
  // not read (each would cost an exception); blocks still are.
  for (int broken : {10, 300, 3000}) {
    std::string tf;
    for (int i = 0; i < broken; ++i) tf += "a" + std::to_string(i) + " = b c <<EOF ${ \"\n";
    tf +=
        "resource \"alicloud_ram_policy\" \"good\" {\n"
        "  policy_document = <<EOF\n"
        "{\"Version\": \"1\"}\n"
        "EOF\n"
        "}\n";
    INFO(broken << " broken lines");
    Extraction ex = read(tf);
    REQUIRE(ex.problems.size() == 1);
    CHECK(ex.problems[0].rule == "terraform/syntax-error");
    CHECK(ex.problems[0].span.begin < tf.find('\n'));  // the first broken line's
    REQUIRE(ex.documents.size() == 1);
    CHECK(ex.documents[0].context == "alicloud_ram_policy.good");
  }
}

TEST_CASE("terraform: syntax errors are reported and other blocks still read", "[terraform]") {
  SECTION("an unclosed block before the next resource") {
    const std::string tf =
        "resource \"alicloud_ram_policy\" \"broken\" {\n"
        "  policy_document = \"{}\"\n"
        "\n"
        "resource \"alicloud_ram_policy\" \"good\" {\n"
        "  policy_document = <<EOF\n"
        "{\"Version\": \"1\"}\n"
        "EOF\n"
        "}\n";
    Extraction ex = read(tf);
    REQUIRE(ex.problems.size() == 1);
    CHECK(ex.problems[0].rule == "terraform/syntax-error");
    CHECK(ex.problems[0].message.find("not closed") != std::string::npos);
    CHECK(ex.problems[0].span.begin == in_file(tf, "resource \"alicloud_ram_policy\" \"good\""));
    REQUIRE(ex.documents.size() == 1);
    CHECK(ex.documents[0].context == "alicloud_ram_policy.good");
  }
  SECTION("a string not closed on its line") {
    const std::string tf =
        "resource \"alicloud_ram_policy\" \"a\" {\n"
        "  policy_name = \"oops\n"
        "}\n"
        "resource \"alicloud_ram_policy\" \"b\" {\n"
        "  policy_document = \"{}\"\n"
        "}\n";
    Extraction ex = read(tf);
    REQUIRE(ex.problems.size() == 1);
    CHECK(ex.problems[0].span.begin == in_file(tf, "\"oops"));
    CHECK(ex.problems[0].message == "this quoted string is not closed on its line");
    REQUIRE(ex.documents.size() == 1);
    CHECK(ex.documents[0].context == "alicloud_ram_policy.b");
  }
  SECTION("a heredoc without its closing line") {
    const std::string tf = "resource \"alicloud_ram_policy\" \"a\" {\n  policy_document = <<EOF\n{}\n}\n";
    Extraction ex = read(tf);
    REQUIRE(ex.problems.size() == 1);
    CHECK(ex.problems[0].message.find("<<EOF has no closing line") != std::string::npos);
    CHECK(ex.problems[0].span.begin == in_file(tf, "<<EOF"));
    CHECK(ex.documents.empty());
  }
  SECTION("an unknown escape, a missing '=', a stray brace, an unclosed comment") {
    for (std::string tf :
         {"resource \"alicloud_ram_policy\" \"a\" {\n  policy_document = \"\\q\"\n}\n", "locals {\n  a \"x\"\n}\n",
          "}\n", "locals {\n  a = 1 /* never closed\n}\n", "locals {\n  a = [1, 2\n}\n", "locals {\n  a = f(1,,)\n}\n",
          "locals {\n  a = \"${var.x\"\n}\n", "locals {\n  a = \"%{ if x }\"\n}\n"}) {
      INFO(tf);
      Extraction ex = read(tf);
      REQUIRE(ex.problems.size() == 1);
      CHECK(ex.problems[0].rule == "terraform/syntax-error");
      CHECK_FALSE(ex.problems[0].message.empty());
      CHECK(ex.problems[0].span.end <= tf.size());
    }
  }
  SECTION("valid HCL that is not a policy gives no problem") {
    Extraction ex = read(
        "terraform {\n  required_providers {\n    alicloud = { source = \"aliyun/alicloud\", version = \">= 1.0\" "
        "}\n  }\n}\n"
        "/* block\n comment */ variable \"x\" { type = list(string) }\n"
        "output \"o\" { value = { for k, v in var.m : k => v... if v != null } }\n"
        "locals { a = !var.b && -1 < 2 || (3 * 4 % 5) >= 6 ? \"y\" : \"n\"\n  b = "
        "provider::time::rfc3339_parse(\"x\")\n"
        "  c = x.y[0].z[\"w\"].*.v\n  d = 1.5e3\n}\n"
        "resource \"null_resource\" \"n\" {\n  for_each = toset([\"a\"])\n  dynamic \"x\" {\n    for_each = [1]\n"
        "    content { y = x.value }\n  }\n}\n");
    CHECK(ex.problems.empty());
  }
}

TEST_CASE("terraform: nesting deeper than the limit is an error, not a crash", "[terraform]") {
  for (const char* open : {"[", "{a=", "(", "f(", "\"${", "-"}) {
    INFO(open);
    std::string tf = "locals {\n  x = ";
    for (int i = 0; i < 100000; ++i) tf += open;
    tf += "\n}\nresource \"alicloud_ram_policy\" \"ok\" {\n  policy_document = \"{}\"\n}\n";
    Extraction ex = read(tf);
    REQUIRE_FALSE(ex.problems.empty());
    CHECK(ex.problems[0].message.find("nested deeper than 64 levels") != std::string::npos);
    REQUIRE(ex.documents.size() == 1);  // the next block is still read
  }
  // Within the limit, a deep value renders.
  std::string tf = "resource \"alicloud_ram_policy\" \"p\" {\n  policy_document = jsonencode({a = ";
  for (int i = 0; i < 20; ++i) tf += "[";
  for (int i = 0; i < 20; ++i) tf += "]";
  tf += "})\n}\n";
  Extraction ex = read(tf);
  CHECK(ex.problems.empty());
  REQUIRE(ex.documents.size() == 1);
  CHECK(ex.documents[0].text == "{\"a\":" + std::string(20, '[') + std::string(20, ']') + "}");
}

TEST_CASE("terraform: locals that expand exponentially stay bounded", "[terraform]") {
  std::string tf = "locals {\n  l0 = \"xxxxxxxxxxxxxxxx\"\n";
  for (int i = 1; i < 40; ++i)
    tf +=
        "  l" + std::to_string(i) + " = [local.l" + std::to_string(i - 1) + ", local.l" + std::to_string(i - 1) + "]\n";
  tf += "}\nresource \"alicloud_ram_policy\" \"p\" {\n  policy_document = jsonencode({a = local.l39})\n}\n";
  tf += "locals {\n  c1 = local.c2\n  c2 = local.c1\n}\n";
  tf += "resource \"alicloud_ram_policy\" \"q\" {\n  policy_document = local.c1\n}\n";
  Extraction ex = read(tf);
  CHECK(ex.problems.empty());
  for (const auto& d : ex.documents) CHECK(d.text.size() <= kLimits.max_bytes);
}

TEST_CASE("terraform: random bytes and mutated files never crash", "[terraform]") {
  std::mt19937 rng(12);
  const std::string seed =
      "resource \"alicloud_ram_role\" \"r\" {\n  assume_role_policy_document = <<-EOF\n    {\"a\": \"${var.x}\"}\n"
      "  EOF\n}\nlocals { p = jsonencode({ a = [1, \"b\", { c = null }] }) }\n"
      "data \"alicloud_ram_policy_document\" \"d\" {\n  statement {\n    action = [\"a\"]\n    principal {\n"
      "      entity = \"RAM\"\n      identifiers = [\"x\"]\n    }\n  }\n}\n";
  const std::string alphabet = "{}[]()\"\\$%<<-EOF\n =:,.#/*~!?abc01 \t\r";
  for (int round = 0; round < 3000; ++round) {
    std::string t;
    if (round % 2 == 0) {
      t = seed;
      int edits = 1 + static_cast<int>(rng() % 8);
      for (int e = 0; e < edits && !t.empty(); ++e) {
        std::size_t at = rng() % t.size();
        switch (rng() % 3) {
          case 0:
            t[at] = alphabet[rng() % alphabet.size()];
            break;
          case 1:
            t.erase(at, 1 + rng() % 5);
            break;
          default:
            t.insert(at, 1, alphabet[rng() % alphabet.size()]);
            break;
        }
      }
    } else {
      std::size_t n = rng() % 200;
      for (std::size_t i = 0; i < n; ++i)
        t.push_back(rng() % 4 == 0 ? static_cast<char>(rng() % 256) : alphabet[rng() % alphabet.size()]);
    }
    Extraction ex = read_terraform(t, kLimits);
    for (const auto& d : ex.documents) check_contract(d, t);
    for (const auto& p : ex.problems) {
      REQUIRE(p.span.begin <= p.span.end);
      REQUIRE(p.span.end <= t.size());
    }
    json::Limits shallow;
    shallow.max_depth = 3;
    (void)read_terraform(t, shallow);
    Extraction js = read_terraform_json(t, kLimits);
    for (const auto& d : js.documents) check_contract(d, t);
  }
}

TEST_CASE("terraform: .tf.json files", "[terraform]") {
  const std::string tf = R"({
  "locals": {"trust": "{\"Version\": \"1\", \"Statement\": [{\"Principal\": {\"RAM\": [\"acs:ram::${var.uid}:root\"]}}]}"},
  "resource": {
    "alicloud_ram_role": {"r": {"assume_role_policy_document": "${local.trust}"}},
    "alicloud_ram_policy": {"p": [{"policy_document": "${data.alicloud_ram_policy_document.d.document}"}]},
    "alicloud_oss_bucket_policy": {"b": {"policy": "${jsonencode({Version = \"1\"})}"}}
  },
  "data": {"alicloud_ram_policy_document": {"d": {
    "statement": [{"effect": "Deny", "action": ["oss:*"], "resource": ["acs:oss:*:*:b"],
                   "principal": {"entity": "RAM", "identifiers": ["acs:ram::1:root"]}}]
  }}}
})";
  Extraction ex = read_terraform_json(tf, kLimits);
  REQUIRE(ex.problems.empty());
  REQUIRE(ex.documents.size() == 3);
  for (const auto& d : ex.documents) check_contract(d, tf);
  const ExtractedDocument& trust = ex.documents[0];
  CHECK(trust.context == "alicloud_ram_role.r");
  CHECK(trust.form == DocumentForm::String);
  CHECK(trust.text == R"({"Version": "1", "Statement": [{"Principal": {"RAM": ["acs:ram::${var.uid}:root"]}}]})");
  CHECK_FALSE(trust.fixable);
  REQUIRE(trust.opaque.size() == 1);
  CHECK(trust.text.substr(trust.opaque[0].begin, trust.opaque[0].end - trust.opaque[0].begin) == "${var.uid}");
  CHECK(trust.offsets[in_doc(trust, "acs:ram::")] == in_file(tf, "acs:ram::"));
  CHECK(trust.offsets[in_doc(trust, "\"Version\"")] == in_file(tf, "\\\"Version"));
  // "${jsonencode(...)}": the HCL inside the JSON string is read too.
  const ExtractedDocument& enc = ex.documents[1];
  CHECK(enc.form == DocumentForm::Jsonencode);
  CHECK(enc.context == "alicloud_oss_bucket_policy.b");
  CHECK(enc.text == R"({"Version":"1"})");
  CHECK(enc.offsets[in_doc(enc, "Version")] == in_file(tf, "Version = "));
  const ExtractedDocument& data = ex.documents[2];
  CHECK(data.form == DocumentForm::DataSource);
  CHECK(data.context == "alicloud_ram_policy.p");
  CHECK(data.text == R"({"Statement":[{"Effect":"Deny","Action":"oss:*","Resource":"acs:oss:*:*:b",)"
                     R"("Principal":{"RAM":["acs:ram::1:root"]}}],"Version":"1"})");
  CHECK(data.offsets[in_doc(data, "acs:ram::1:root")] == in_file(tf, "acs:ram::1:root"));

  Extraction bad = read_terraform_json("{\"resource\": ", kLimits);
  REQUIRE(bad.problems.size() == 1);
  CHECK(bad.problems[0].rule == "terraform/syntax-error");
}

TEST_CASE("terraform: CRLF line ends and blanks after the heredoc marker", "[terraform]") {
  const std::string tf =
      "resource \"alicloud_ram_policy\" \"p\" {\r\n  policy_document = <<EOF  \r\n{\"Version\": \"1\"}\r\nEOF\r\n}\r\n";
  Extraction ex = read(tf);
  CHECK(ex.problems.empty());
  REQUIRE(ex.documents.size() == 1);
  CHECK(ex.documents[0].text == "{\"Version\": \"1\"}\r\n");
  check_one_to_one(ex.documents[0], tf);
  CHECK(valid_json(ex.documents[0]));
}

TEST_CASE("terraform: a byte order mark does not hide the first block", "[terraform]") {
  const std::string tf = "\xEF\xBB\xBFresource \"alicloud_ram_policy\" \"p\" {\n  policy_document = \"{}\"\n}\n";
  Extraction ex = read(tf);
  CHECK(ex.problems.empty());
  REQUIRE(ex.documents.size() == 1);
  CHECK(ex.documents[0].offsets[0] == in_file(tf, "{}"));
}

TEST_CASE("terraform: the file size limit", "[terraform]") {
  json::Limits tiny;
  tiny.max_bytes = 10;
  Extraction ex = read_terraform("locals { a = 1 }\n", tiny);
  REQUIRE(ex.problems.size() == 1);
  CHECK(ex.problems[0].rule == "json/file-too-large");
}

TEST_CASE("terraform: hcl reader keeps template parts and references", "[terraform]") {
  const std::string tf = "locals {\n  a = \"x${var.y}z%{ if c }w%{ endif }\"\n  b = data.t.n[0].document\n}\n";
  hcl::File f = hcl::parse(tf, 64);
  REQUIRE(f.errors.empty());
  REQUIRE(f.body.blocks.size() == 1);
  const hcl::Block& locals = *f.body.blocks[0];
  REQUIRE(locals.attributes.size() == 2);
  const hcl::Expr* a = locals.attributes[0].value;
  REQUIRE(a->type == hcl::ExprType::Template);
  REQUIRE(a->parts.size() == 4);
  CHECK(a->parts[0].text == "x");
  CHECK(a->parts[1].type == hcl::TemplatePart::Type::Interpolation);
  CHECK(a->parts[1].expr->text == "var.y");
  CHECK(a->parts[2].text == "z");
  CHECK(a->parts[3].type == hcl::TemplatePart::Type::Directive);
  const hcl::Expr* b = locals.attributes[1].value;
  REQUIRE(b->type == hcl::ExprType::Reference);
  CHECK(std::vector<std::string>(b->names.begin(), b->names.end()) ==
        std::vector<std::string>{"data", "t", "n", "document"});
  CHECK(b->indexed);
}

TEST_CASE("terraform: each byte of a literal knows its offset, escapes or not", "[terraform]") {
  // A literal without an escape keeps no table (its bytes are the file's,
  // from its first offset on); one with an escape has one from the escape on;
  // heredoc indentation and a bare object key are literals too.
  const std::string tf =
      "locals {\n  a = \"ab\\ncd${var.y}ef\\\"g\"\n  b = { key = \"plain\" }\n"
      "  c = <<-EOT\n    one\n      two\n    EOT\n}\n";
  hcl::File f = hcl::parse(tf, 64);
  REQUIRE(f.errors.empty());
  const hcl::Block& locals = *f.body.blocks.at(0);
  REQUIRE(locals.attributes.size() == 3);
  // Every literal byte is the file's byte at its offset, or a backslash
  // escape starts there.
  auto check_part = [&](const hcl::TemplatePart& p) {
    REQUIRE(p.type == hcl::TemplatePart::Type::Literal);
    REQUIRE((p.offsets.empty() || p.offsets.size() == p.text.size()));
    for (std::size_t i = 0; i < p.text.size(); ++i) {
      INFO("byte " << i << " of \"" << p.text << "\"");
      std::uint32_t at = p.offset(i);
      REQUIRE(at < tf.size());
      CHECK((tf[at] == p.text[i] || tf[at] == '\\'));
      if (i > 0) CHECK(at > p.offset(i - 1));
    }
  };
  const hcl::Expr* a = locals.attributes[0].value;
  REQUIRE(a->parts.size() == 3);
  CHECK(a->parts[0].text == "ab\ncd");
  CHECK(a->parts[0].offset(2) == tf.find("\\ncd"));
  CHECK(a->parts[0].offset(3) == tf.find("cd$"));
  check_part(a->parts[0]);
  CHECK(a->parts[2].text == "ef\"g");
  CHECK(a->parts[2].offset(0) == tf.find("ef\\"));
  CHECK(a->parts[2].offset(3) == tf.find("g\"\n"));
  check_part(a->parts[2]);
  const hcl::Expr* b = locals.attributes[1].value;
  REQUIRE(b->members.size() == 1);
  REQUIRE(b->members[0].key->parts.size() == 1);
  const hcl::TemplatePart& key = b->members[0].key->parts[0];
  CHECK(key.text == "key");
  CHECK(key.offsets.empty());
  CHECK(key.offset(0) == tf.find("key"));
  check_part(key);
  REQUIRE(b->members[0].value->parts.size() == 1);
  const hcl::TemplatePart& value = b->members[0].value->parts[0];
  CHECK(value.text == "plain");
  CHECK(value.offsets.empty());
  check_part(value);
  const hcl::Expr* c = locals.attributes[2].value;
  REQUIRE(c->parts.size() == 1);
  CHECK(c->parts[0].text == "one\n  two\n");
  CHECK(c->parts[0].offset(0) == tf.find("one"));
  CHECK(c->parts[0].offset(4) == tf.find("  two"));
  check_part(c->parts[0]);
}

TEST_CASE("terraform: hcl node lists keep each node where it was made", "[terraform]") {
  hcl::Nodes<std::uint64_t> nodes;
  std::vector<const std::uint64_t*> at;
  // Past 64 chunks of the largest size too.
  constexpr std::uint64_t kCount = 30000;
  for (std::uint64_t i = 0; i < kCount; ++i) {
    std::uint64_t& n = nodes.emplace_back();
    n = i * 7 + 1;
    at.push_back(&n);
  }
  REQUIRE(nodes.size() == kCount);
  for (std::size_t i = 0; i < kCount; ++i) {
    INFO("node " << i);
    REQUIRE(&nodes[i] == at[i]);
    REQUIRE(nodes[i] == i * 7 + 1);
  }
  hcl::Nodes<std::uint64_t> moved = std::move(nodes);
  CHECK(moved.size() == kCount);
  CHECK(&moved[kCount - 1] == at[kCount - 1]);
  CHECK(nodes.size() == 0);
}

TEST_CASE("terraform: a module keeps the documents its reads rendered, for the setup proof", "[terraform]") {
  const std::string main_tf =
      "locals {\n  doc = { Version = \"1\", Statement = [{ Effect = \"Allow\", Action = \"oss:GetObject\" }] }\n}\n"
      "resource \"alicloud_ram_policy\" \"p\" {\n  policy_document = jsonencode(local.doc)\n}\n"
      "resource \"alicloud_ram_policy\" \"f\" {\n  policy_document = file(\"p.json\")\n}\n";
  const std::string other_tf = "resource \"alicloud_ram_role\" \"r\" {\n  assume_role_policy_document = \"{}\"\n}\n";
  // What a read of file i finds, as the proof takes it.
  auto expected = [&](const TerraformModule& m, std::size_t i, const json::Limits& limits) {
    Extraction ex = read_terraform(m.text(i), limits, &m);
    std::vector<std::pair<std::string, std::string>> docs;
    for (const auto& d : ex.documents)
      if (!d.context.empty()) docs.emplace_back(d.context, d.text);
    return std::make_pair(docs, ex.files.size());
  };
  auto got = [](const TerraformModule::DocumentTexts& t) { return std::make_pair(t.documents, t.files.size()); };
  TerraformModule fresh({main_tf, other_tf}, kLimits);
  // Before any read: rendered on demand.
  auto before = fresh.document_texts(0, kLimits);
  REQUIRE(before.documents.size() == 1);
  CHECK(before.documents[0].first == "alicloud_ram_policy.p");
  CHECK(before.documents[0].second.find("oss:GetObject") != std::string::npos);
  REQUIRE(before.files.size() == 1);
  CHECK(before.files[0].path == "p.json");
  CHECK(got(before) == expected(fresh, 0, kLimits));
  CHECK(got(fresh.document_texts(1, kLimits)) == expected(fresh, 1, kLimits));

  // After the lint's read: the same texts, kept.
  TerraformModule read({main_tf, other_tf}, kLimits);
  (void)read_terraform(read.text(0), kLimits, &read);
  CHECK(got(read.document_texts(0, kLimits)) == got(before));

  // What a read under other limits kept is not taken for these: under a
  // size limit below the file's, the file has no documents.
  json::Limits tiny = kLimits;
  tiny.max_bytes = 10;
  auto none = expected(read, 0, tiny);
  CHECK(none.first.empty());
  CHECK(got(read.document_texts(0, tiny)) == none);
  CHECK(got(read.document_texts(0, kLimits)) == got(before));
}

TEST_CASE("terraform: published examples", "[terraform]") {
  const auto dir = testutil::source_dir() / "testdata/terraform/published";
  auto load = [&](const char* name) { return testutil::slurp(dir / name); };

  SECTION("provider docs: alicloud_ram_policy_document renders as the page documents") {
    std::string tf = load("ram_policy_document.tf");
    Extraction ex = read(tf);
    REQUIRE(ex.problems.empty());
    REQUIRE(ex.documents.size() == 5);
    // The "will evaluate to" JSON of the provider's page, compacted.
    const char* expected[] = {
        R"({"Statement":[{"Effect":"Allow","Action":"oss:*","Resource":["acs:oss:*:*:myphotos","acs:oss:*:*:myphotos/*"]}],"Version":"1"})",
        R"({"Statement":[{"Effect":"Allow","Action":["oss:ListBuckets","oss:GetBucketStat","oss:GetBucketInfo","oss:GetBucketTagging","oss:GetBucketAcl"],"Resource":"acs:oss:*:*:*"},{"Effect":"Allow","Action":["oss:GetObject","oss:GetObjectAcl"],"Resource":"acs:oss:*:*:myphotos/hangzhou/2015/*"},{"Effect":"Allow","Action":"oss:ListObjects","Resource":"acs:oss:*:*:myphotos","Condition":{"StringLike":{"oss:Delimiter":"/","oss:Prefix":["","hangzhou/","hangzhou/2015/*"]}}}],"Version":"1"})",
        R"({"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::123456789012****:root"]}}],"Version":"1"})",
        R"({"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":["ecs.aliyuncs.com"]}}],"Version":"1"})",
        R"({"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Federated":["acs:ram::123456789012****:saml-provider/testprovider"]},"Condition":{"StringEquals":{"saml:recipient":"https://signin.aliyun.com/saml-role/sso"}}}],"Version":"1"})",
    };
    const char* contexts[] = {"alicloud_ram_policy.default", "alicloud_ram_policy.policy", "alicloud_ram_role.role_ram",
                              "alicloud_ram_role.role_service", "alicloud_ram_role.role_federated"};
    for (int i = 0; i < 5; ++i) {
      INFO(contexts[i]);
      CHECK(ex.documents[i].text == expected[i]);
      CHECK(ex.documents[i].context == contexts[i]);
      CHECK(ex.documents[i].form == DocumentForm::DataSource);
    }
    CHECK(*ex.documents[2].kind == Kind::Trust);
  }
  SECTION("heredocs, jsonencode and a local") {
    struct Case {
      const char* file;
      DocumentForm form;
      const char* context;
      Kind kind;
      bool valid;
    };
    const Case cases[] = {
        {"ram_policy.tf", DocumentForm::Heredoc, "alicloud_ram_policy.policy", Kind::Permission, true},
        {"imm_project.tf", DocumentForm::Heredoc, "alicloud_ram_role.role", Kind::Trust, true},
        {"oss_bucket_policy.tf", DocumentForm::Jsonencode, "alicloud_oss_bucket_policy.default", Kind::Bucket, true},
        {"oss_access_point_policy.tf", DocumentForm::Jsonencode, "alicloud_oss_access_point_policy.default",
         Kind::Bucket, true},
        {"ram_policy_module_poweruser.tf", DocumentForm::Heredoc, "alicloud_ram_policy.policy", Kind::Permission, true},
        // Published with a full-width comma: the document is read, its JSON is broken.
        {"resource_manager_role.tf", DocumentForm::Heredoc, "alicloud_resource_manager_role.example", Kind::Trust,
         false},
    };
    for (const auto& c : cases) {
      INFO(c.file);
      std::string tf = load(c.file);
      Extraction ex = read(tf);
      REQUIRE(ex.problems.empty());
      REQUIRE(ex.documents.size() == 1);
      const ExtractedDocument& d = ex.documents[0];
      CHECK(d.form == c.form);
      CHECK(d.context == c.context);
      REQUIRE(d.kind);
      CHECK(*d.kind == c.kind);
      CHECK(valid_json(d) == c.valid);
      if (c.form == DocumentForm::Heredoc) check_one_to_one(d, tf);
    }
    std::string rm = load("resource_manager_role.tf");
    Extraction ex = read(rm);
    std::size_t comma = in_doc(ex.documents[0], "\xEF\xBC\x8C");
    CHECK(ex.documents[0].offsets[comma] == in_file(rm, "\xEF\xBC\x8C"));
  }
}

TEST_CASE("terraform: the gate directories", "[terraform]") {
  const auto dir = testutil::source_dir() / "testdata/terraform/gate";
  SECTION("broken and correct: one heredoc each, the account IDs opaque") {
    for (const char* name : {"broken/main.tf", "correct/main.tf"}) {
      INFO(name);
      std::string tf = testutil::slurp(dir / name);
      Extraction ex = read(tf);
      REQUIRE(ex.problems.empty());
      REQUIRE(ex.documents.size() == 1);
      const ExtractedDocument& d = ex.documents[0];
      CHECK(d.form == DocumentForm::Heredoc);
      CHECK(d.context == "alicloud_oss_bucket_policy.destination");
      CHECK(valid_json(d));
      CHECK(d.opaque.size() == 3);
      check_one_to_one(d, tf);
    }
    std::string tf = testutil::slurp(dir / "broken/main.tf");
    Extraction ex = read(tf);
    const ExtractedDocument& d = ex.documents[0];
    std::size_t role = in_doc(d, "OssCrrReplicator");
    CHECK_FALSE(opaque_touches(d, role, role + 16));
    Source src("main.tf", tf);
    Position p = src.position(d.offsets[role]);
    CHECK(p.line == 15);
    CHECK(p.column == 66);
  }
  SECTION("module: locals.tf reports the documents main.tf uses") {
    std::string locals = testutil::slurp(dir / "module/locals.tf");
    std::string main = testutil::slurp(dir / "module/main.tf");
    TerraformModule module({locals, main}, kLimits);
    CHECK(module.size() == 2);
    Extraction m = read_terraform(main, kLimits, &module);
    CHECK(m.documents.empty());
    Extraction l = read_terraform(locals, kLimits, &module);
    REQUIRE(l.documents.size() == 2);
    CHECK(l.documents[0].context == "alicloud_ram_role.replication");
    CHECK(l.documents[0].form == DocumentForm::Jsonencode);
    CHECK(*l.documents[0].kind == Kind::Trust);
    CHECK(
        l.documents[0].text ==
        R"({"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":["oss.aliyuncs.com"]}}]})");
    CHECK(l.documents[1].context == "alicloud_ram_policy.replication_source");
    CHECK(l.documents[1].form == DocumentForm::DataSource);
    CHECK(*l.documents[1].kind == Kind::Permission);
  }
}
