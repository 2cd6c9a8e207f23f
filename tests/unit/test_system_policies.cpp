// Alibaba Cloud system policies as data (rules/system-policies/): the index,
// the published documents beside it and the loader the setup proof calls.
#include <catch2/catch.hpp>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "../../lib/src/setup/system_policies.hpp"
#include "../../lib/src/util/tsv.hpp"
#include "policylint/catalog.hpp"
#include "policylint/embedded.hpp"
#include "policylint/engine.hpp"
#include "policylint/rule.hpp"

using namespace policylint;

namespace {

constexpr std::string_view kDir = "system-policies/";

// The system policies the seed documents attach to a role or user, or name
// (seeds 000: AliyunOSSImportFullAccess, AliyunKMSFullAccess; 002 and 004:
// AliyunDTSRolePolicy, AliyunVPCReadOnlyAccess; 003: AliyunKMSCryptoUserAccess,
// AliyunOSSFullAccess), and AliyunOSSReadOnlyAccess, which the OSS docs list
// beside AliyunOSSFullAccess.
const std::vector<std::string> kSeedNames = {
    "AliyunDTSRolePolicy",       "AliyunKMSCryptoUserAccess", "AliyunKMSFullAccess",     "AliyunOSSFullAccess",
    "AliyunOSSImportFullAccess", "AliyunOSSReadOnlyAccess",   "AliyunVPCReadOnlyAccess",
};

// Findings above a note on Alibaba Cloud's own documents, each true of the
// text and none a defect the user can fix (rule, then message up to its first
// ';'). Everything else must lint without an error or a warning.
const std::map<std::string, std::multiset<std::string>> kExpectedFindings = {
    // v60 is 11,620 characters without whitespace: the 6,144-character limit
    // binds the custom policies CreatePolicy accepts, not system policies (a
    // copy of this text as a custom policy would be refused). Its conditional
    // OSS statement also names two actions that no OSS API is authorized by:
    // ListObjectsV2 and DeleteMultipleObjects are authorized by oss:ListObjects
    // and oss:DeleteObject, which the same statement grants.
    {"AliyunDTSRolePolicy",
     {"limit/document-too-long the permission policy is 11620 characters even without whitespace",
      "action/unknown-action action \"oss:ListObjectsV2\" is not in the catalog's list of \"oss\" actions",
      "action/unknown-action action \"oss:DeleteObjects\" is not in the catalog's list of \"oss\" actions"}},
};

// The document files embedded from rules/system-policies/: name -> text.
std::vector<std::pair<std::string, std::string_view>> document_files() {
  std::vector<std::pair<std::string, std::string_view>> out;
  for (const auto& f : embedded::files()) {
    if (!f.path.starts_with(kDir) || !f.path.ends_with(".json")) continue;
    std::string_view name = f.path.substr(kDir.size(), f.path.size() - kDir.size() - 5);
    out.emplace_back(std::string(name), f.text);
  }
  return out;
}

std::string describe(const FileReport& r) {
  std::string s;
  for (const auto& f : r.findings)
    s += std::to_string(f.start.line) + ":" + std::to_string(f.start.column) + " " +
         std::string(to_string(f.severity)) + " " + f.rule + " " + f.message + "\n";
  return s;
}

}  // namespace

TEST_CASE("system policies: index.tsv rows are well formed", "[system-policies]") {
  auto tsv = util::read_embedded_tsv("system-policies/index.tsv", 4, 4);
  for (const auto& e : tsv.errors) FAIL_CHECK("index.tsv " + e.message);
  REQUIRE_FALSE(tsv.rows.empty());
  std::set<std::string> names;
  for (const auto& row : tsv.rows) {
    std::string name(row.fields[0]);
    INFO("index.tsv line " << row.line << ": " << name);
    CHECK(std::regex_match(name, std::regex("Aliyun[A-Za-z0-9]+")));
    CHECK(names.insert(name).second);  // each name once
    CHECK((row.fields[1] == "yes" || row.fields[1] == "no"));
    // Every row cites a public page.
    CHECK(row.fields[2].starts_with("https://"));
    CHECK(row.fields[2].find_first_of(" \t") == std::string_view::npos);
    bool file = !embedded::find(std::string(kDir) + name + ".json").empty();
    if (row.fields[1] == "yes") {
      CHECK(file);
      CHECK(row.fields[3] == "-");
    } else {
      // Not published: no guessed document, and the assumption is stated.
      CHECK_FALSE(file);
      CHECK(row.fields[3] != "-");
      CHECK(row.fields[3].size() > 10);
    }
  }
}

TEST_CASE("system policies: every document file has an index row", "[system-policies]") {
  auto files = document_files();
  REQUIRE(files.size() >= 7);
  for (const auto& [name, text] : files) {
    INFO(name);
    const auto* p = setup::find_system_policy(name);
    REQUIRE(p != nullptr);
    CHECK(p->published);
    CHECK(p->text == text);
  }
  // And the only other files in the folder are the index and the README.
  for (const auto& f : embedded::files()) {
    if (!f.path.starts_with(kDir) || f.path.ends_with(".json")) continue;
    INFO(f.path);
    CHECK((f.path == "system-policies/index.tsv" || f.path == "system-policies/README.md"));
  }
}

TEST_CASE("system policies: published documents are permission policies that lint clean", "[system-policies]") {
  Linter linter{LintOptions{}};
  std::size_t checked = 0;
  for (const auto& p : setup::system_policies()) {
    if (!p.published) continue;
    ++checked;
    INFO(p.name);
    auto r = linter.lint(std::string(p.name) + ".json", std::string(p.text));
    CHECK(r.is_policy);
    REQUIRE(r.kind.has_value());
    CHECK(*r.kind == Kind::Permission);
    CHECK(r.kind_inferred);
    INFO(describe(r));
    std::multiset<std::string> got;
    for (const auto& f : r.findings)
      if (f.severity != Severity::Note) got.insert(f.rule + " " + f.message.substr(0, f.message.find(';')));
    auto it = kExpectedFindings.find(std::string(p.name));
    CHECK(got == (it == kExpectedFindings.end() ? std::multiset<std::string>{} : it->second));
  }
  CHECK(checked >= 7);
}

TEST_CASE("system policies: find_system_policy", "[system-policies]") {
  SECTION("a published policy: its document, its source") {
    const auto* p = setup::find_system_policy("AliyunKMSFullAccess");
    REQUIRE(p != nullptr);
    CHECK(p->name == "AliyunKMSFullAccess");
    CHECK(p->published);
    CHECK(p->text.find("\"kms:*\"") != std::string_view::npos);
    CHECK(p->source.find("aliyunkmsfullaccess") != std::string_view::npos);
    CHECK(p->assumption.empty());
  }
  SECTION("the name is exact and case-sensitive") {
    CHECK(setup::find_system_policy("aliyunkmsfullaccess") == nullptr);
    CHECK(setup::find_system_policy("AliyunKMSFullAccess ") == nullptr);
    CHECK(setup::find_system_policy("AliyunKMSFull") == nullptr);
    CHECK(setup::find_system_policy("") == nullptr);
  }
  SECTION("a role name or an unknown policy is not a system policy") {
    CHECK(setup::find_system_policy("AliyunDTSDefaultRole") == nullptr);
    CHECK(setup::find_system_policy("AliyunOssDrsRole") == nullptr);
    CHECK(setup::find_system_policy("MyCustomPolicy") == nullptr);
  }
  SECTION("the same object on every call") {
    CHECK(setup::find_system_policy("AliyunDTSRolePolicy") == setup::find_system_policy("AliyunDTSRolePolicy"));
  }
}

TEST_CASE("system policies: system_policies() is sorted, unique and matches the index", "[system-policies]") {
  auto all = setup::system_policies();
  auto tsv = util::read_embedded_tsv("system-policies/index.tsv", 4, 4);
  CHECK(all.size() == tsv.rows.size());
  for (std::size_t i = 1; i < all.size(); ++i) CHECK(all[i - 1].name < all[i].name);
  for (const auto& p : all) {
    INFO(p.name);
    CHECK(setup::find_system_policy(p.name) == &p);
    CHECK(p.published == !p.text.empty());
    CHECK(p.published == p.assumption.empty());
  }
}

TEST_CASE("system policies: every name the seeds mention is known", "[system-policies]") {
  for (const auto& name : kSeedNames) {
    INFO(name);
    CHECK(setup::find_system_policy(name) != nullptr);
  }
  // And every system policy the requirements table (rules/requirements/,
  // transcribed from the seeds) names: a name ending in Access or Policy; role
  // names such as AliyunOssDrsRole do not. Rule pages are not scanned: their
  // examples may attach any policy, known or not.
  const std::regex policy_name(R"(\bAliyun[A-Za-z0-9]+(Access|Policy)\b)");
  std::size_t seen = 0;
  for (const auto& f : embedded::files()) {
    if (!f.path.starts_with("requirements/") || f.text.find("Aliyun") == std::string_view::npos) continue;
    std::string text(f.text);
    for (std::sregex_iterator it(text.begin(), text.end(), policy_name), end; it != end; ++it) {
      ++seen;
      INFO(f.path << ": " << it->str());
      CHECK(setup::find_system_policy(it->str()) != nullptr);
    }
  }
  CHECK(seen > 0);
}

TEST_CASE("system policies: the files are neither rule pages nor catalog data", "[system-policies]") {
  // The rule metadata loader reads every embedded .md outside catalog/ and
  // requirements/ except README.md; the catalog reads fixed paths under catalog/.
  const char* folder = "system-policies/";
  for (const auto& m : rule_metadata()) {
    INFO(m.id);
    CHECK_FALSE(m.id.starts_with("system-policies"));
    for (const auto& f : embedded::files())
      if (f.path.starts_with(folder)) CHECK(m.doc.data() != f.text.data());
  }
  const auto& cat = catalog::get();
  CHECK_FALSE(cat.known_service("system-policies"));
  CHECK_FALSE(cat.known_service("aliyundtsrolepolicy"));
}
