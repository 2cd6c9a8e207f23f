#pragma once
// Alibaba Cloud system policies as data: rules/system-policies/index.tsv names
// each policy policylint knows, and rules/system-policies/<Name>.json holds the
// document as Alibaba Cloud publishes it. The setup proof evaluates a system
// policy attached by name exactly like a custom document; for a policy whose
// document is not public it can only state what the docs say it grants.
#include <span>
#include <string_view>

namespace policylint::setup {

struct SystemPolicy {
  std::string_view name;        // "AliyunOSSFullAccess"
  std::string_view text;        // the JSON document; empty when not published
  std::string_view source;      // public URL the document (or the assumption) comes from
  bool published = false;       // true only when text holds the document
  std::string_view assumption;  // not published: what the docs say it grants; empty otherwise
};

// Exact (case-sensitive) name; nullptr if policylint does not know it.
const SystemPolicy* find_system_policy(std::string_view name);

// Every known system policy, sorted by name. Built once from the embedded
// files (thread-safe); the views point into the embedded data.
std::span<const SystemPolicy> system_policies();

}  // namespace policylint::setup
