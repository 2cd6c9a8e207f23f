// JSON output (files[].documents[]) and compact lines, written by the library.
#include <rapidjson/document.h>

#include <catch2/catch.hpp>
#include <iterator>
#include <random>
#include <sstream>
#include <vector>

#include "policylint/report.hpp"

using namespace policylint;

namespace {

FileReport report_with_documents() {
  FileReport r;
  r.path = "plan.json";
  r.kind = Kind::Trust;
  r.kind_inferred = false;
  r.documents.push_back(
      DocumentInfo{"alicloud_ram_role.replication", Kind::Trust, false, DocumentForm::String, {15, 9}});
  r.documents.push_back(DocumentInfo{"", Kind::Permission, true, DocumentForm::Json, {1, 1}});
  r.documents.push_back(
      DocumentInfo{"module.x.alicloud_oss_bucket.b", std::nullopt, true, DocumentForm::Heredoc, {3, 12}});
  return r;
}

Finding finding(std::string path) {
  Finding f;
  f.rule = "grammar/effect-invalid";
  f.severity = Severity::Error;
  f.message = "\"Effect\" is \"allow\"";
  f.path = std::move(path);
  f.start = {5, 17};
  f.end = {5, 24};
  return f;
}

}  // namespace

TEST_CASE("report json: files[].documents[]", "[report][json]") {
  FileReport plain;
  plain.path = "not-a-policy.json";
  plain.is_policy = false;
  std::ostringstream out;
  ReportOptions opt;
  opt.tool_version = "0.1.0";
  write_json(out, {report_with_documents(), plain}, opt);
  rapidjson::Document doc;
  doc.Parse(out.str().c_str());
  REQUIRE_FALSE(doc.HasParseError());
  const auto& files = doc["files"];
  REQUIRE(files.Size() == 2);
  const auto& docs = files[0]["documents"];
  REQUIRE(docs.IsArray());
  REQUIRE(docs.Size() == 3);

  CHECK(std::string(docs[0]["context"].GetString()) == "alicloud_ram_role.replication");
  CHECK(std::string(docs[0]["kind"].GetString()) == "trust");
  CHECK_FALSE(docs[0]["kindInferred"].GetBool());
  CHECK(std::string(docs[0]["form"].GetString()) == to_string(DocumentForm::String));
  CHECK(docs[0]["line"].GetUint() == 15);
  CHECK(docs[0]["column"].GetUint() == 9);

  // A plain policy file has no context: the key is left out.
  CHECK_FALSE(docs[1].HasMember("context"));
  CHECK(std::string(docs[1]["kind"].GetString()) == "permission");
  CHECK(docs[1]["kindInferred"].GetBool());
  CHECK(std::string(docs[1]["form"].GetString()) == to_string(DocumentForm::Json));

  // An unknown kind is left out, as files[].kind is.
  CHECK_FALSE(docs[2].HasMember("kind"));
  CHECK(std::string(docs[2]["form"].GetString()) == to_string(DocumentForm::Heredoc));

  // A file without documents has an empty list.
  REQUIRE(files[1]["documents"].IsArray());
  CHECK(files[1]["documents"].Size() == 0);

  // The exact bytes of one entry, keys in their documented order.
  CHECK(out.str().find(R"({"context":"alicloud_ram_role.replication","kind":"trust","kindInferred":false,"form":")" +
                       std::string(to_string(DocumentForm::String)) + R"(","line":15,"column":9})") !=
        std::string::npos);
}

TEST_CASE("report compact: path first, the golden variant without it", "[report][compact]") {
  FileReport a, b;
  a.path = "policies/a.json";
  a.findings.push_back(finding(a.path));
  b.path = "b.json";
  b.findings.push_back(finding(b.path));
  b.findings.back().severity = Severity::Note;
  b.findings.back().start = {1, 1};
  b.findings.back().end = {2, 3};

  std::ostringstream with_path;
  write_compact(with_path, {a, b}, ReportOptions{});
  CHECK(with_path.str() ==
        "policies/a.json:5:17-5:24 error grammar/effect-invalid \"Effect\" is \"allow\"\n"
        "b.json:1:1-2:3 note grammar/effect-invalid \"Effect\" is \"allow\"\n");

  std::ostringstream golden;
  write_compact(golden, {a, b});
  CHECK(golden.str() ==
        "5:17-5:24 error grammar/effect-invalid \"Effect\" is \"allow\"\n"
        "1:1-2:3 note grammar/effect-invalid \"Effect\" is \"allow\"\n");

  ReportOptions no_path;
  no_path.compact_path = false;
  std::ostringstream same;
  write_compact(same, {a, b}, no_path);
  CHECK(same.str() == golden.str());
}

TEST_CASE("report json: any bytes in a string come back as their UTF-8 repair after escaping", "[report][json]") {
  // Messages and paths carry whatever bytes the input had. The writer copies
  // runs that need no escape eight bytes at a time and escapes the rest; a
  // JSON parser must read back exactly valid_utf8 of each string, wherever a
  // quote, backslash, control character or invalid byte falls in a word.
  std::mt19937 rng(20261202);
  const std::string alphabet[] = {"a",    "Z", "0", " ",  "\"", "\\",   "\n",   "\t",   "\x01",        "\x1f",
                                  "\x7f", "/", "é", "日", "😀",  "\xC3", "\x80", "\xFF", "\xED\xA0\x80"};
  std::vector<std::string> messages;
  for (int i = 0; i < 2000; ++i) {
    std::string s;
    int n = static_cast<int>(rng() % 40);
    for (int k = 0; k < n; ++k) s += alphabet[rng() % std::size(alphabet)];
    messages.push_back(s);
  }
  FileReport r;
  r.path = "p.json";
  for (const auto& m : messages) {
    r.findings.push_back(finding(r.path));
    r.findings.back().message = m;
  }
  std::ostringstream out;
  ReportOptions opt;
  opt.tool_version = "0.1.0";
  write_json(out, {r}, opt);
  rapidjson::Document doc;
  doc.Parse(out.str().c_str(), out.str().size());
  REQUIRE_FALSE(doc.HasParseError());
  const auto& found = doc["findings"];
  REQUIRE(found.Size() == messages.size());
  for (rapidjson::SizeType i = 0; i < found.Size(); ++i)
    CHECK(std::string(found[i]["message"].GetString(), found[i]["message"].GetStringLength()) ==
          valid_utf8(messages[i]));
}
