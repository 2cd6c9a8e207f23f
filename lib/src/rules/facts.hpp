#pragma once
// Facts about one document that several rules need, computed on first use
// and kept for the other rules of the same document (Context::facts()): the
// scenario the document is for, the replication or migration grant it makes
// (which buckets, on which side, for which principal), the gaps in that
// grant against rules/requirements/actions.tsv, catalog expansions of its
// actions and its OSS resources parsed.
#include <array>
#include <cstddef>
#include <map>
#include <memory>
#include <memory_resource>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "doc_memory.hpp"
#include "model/arn.hpp"
#include "policylint/catalog.hpp"
#include "policylint/rule.hpp"
#include "scenario.hpp"

namespace policylint::rules {

// A bucket a scenario's grant names, for one principal (bucket policies).
struct Use {
  std::string bucket;
  std::string principal;              // empty in permission policies
  const Statement* anchor = nullptr;  // the first statement naming the bucket
  std::string head;                   // "acs:oss:*:<account>:" as the anchor writes it
  bool destination = false;
  std::string arn(Form f) const { return head + bucket + (f == Form::Object ? "/*" : ""); }
};

// The replication grant of a document whose intent is a replication
// permission or bucket policy: the statements that make it up and the
// buckets they name, each on its side.
struct ReplicationGrant {
  std::vector<const Statement*> scope;
  std::vector<Use> uses;
};

// One gap between what a scenario requires (rules/requirements/actions.tsv)
// and what the document grants, reported once by the requirement check.
struct Gap {
  enum class Type : std::uint8_t {
    NoBucket,  // the grant names no bucket at all (declared intent)
    Missing,   // required patterns granted on neither ARN form
    Partial,   // only some of the actions a pattern stands for
    Form,      // granted on one ARN form only
  };
  Type type = Type::Missing;
  const Use* use = nullptr;          // null for NoBucket
  std::vector<std::string> actions;  // the patterns concerned
  std::vector<std::string> lacking;  // Partial: the actions not allowed
  Form missing = Form::Object;       // Form: the form without the grant
  const Str* present = nullptr;      // Form: the resource item of the other form, if any
  const Str* narrow = nullptr;       // Form: a narrower object grant (b/logs/*), if any
  std::string missing_arn;           // Form: the ARN to add
};

class Facts {
public:
  Facts(const Policy& policy, const Settings& settings) : policy_(policy), settings_(settings) {}

  // The declared or inferred scenario (scenario.hpp intent_of).
  const Intent& intent() const;

  // Is the intent a replication permission or bucket policy (not the trust)?
  bool replication_applies() const { return intent().starts_with("replication-") && !intent().is("replication-trust"); }
  bool replication_source_only() const { return intent().is("replication-source-role-policy"); }
  // The replication grant; empty unless replication_applies().
  const ReplicationGrant& replication() const;

  // Is the intent a migration role or destination bucket policy?
  bool migration_applies() const {
    return intent().is("migration-role-policy") || intent().is("migration-dest-bucket-policy");
  }
  // The migration destinations: buckets the role may write to.
  const std::vector<Use>& migration() const;

  // The gaps in the replication or migration grant, in report order.
  const std::vector<Gap>& gaps() const;

  // Catalog actions an action pattern stands for (catalog::Catalog::expand),
  // once per value and thread: the catalog is constant, so a thread keeps the
  // expansions it made for the documents after (within a bound; past it, the
  // document keeps its own). Valid as long as the Facts.
  const std::vector<const catalog::Action*>& expand(std::string_view action) const;

  // A rule family's own data about the document, made by make() for the
  // first rule that asks and kept for the others: one value per type T (what
  // make() returns; each family declares its own type).
  template <typename T, typename Make>
  const T& shared(Make&& make) const {
    const void* tag = &kind_of<T>;
    for (std::size_t i = 0; i < shared_count_; ++i)
      if (shared_[i].first == tag) return *static_cast<const T*>(shared_[i].second.get());
    for (const auto& [t, data] : more_shared_)
      if (t == tag) return *static_cast<const T*>(data.get());
    // The value itself in the document's own buffer (most documents need
    // no call to malloc for it; its own vectors are DocVectors, in the
    // thread's block): released with the Facts.
    auto data = std::allocate_shared<T>(std::pmr::polymorphic_allocator<T>(&memory_), make());
    const T& out = *data;
    if (shared_count_ < kFamilies)
      shared_[shared_count_++] = {tag, std::move(data)};
    else
      more_shared_.emplace_back(tag, std::move(data));
    return out;
  }

private:
  // Room in the Facts for the rule families that keep data with shared()
  // (eight today; more go to more_shared_): no vector to allocate.
  static constexpr std::size_t kFamilies = 12;

  // One distinct address per type: the key of shared().
  template <typename T>
  static inline char kind_of = 0;

  // Open while the Facts live, the first member made and the last one gone:
  // the families' DocVectors (in shared_ and more_shared_) take their room
  // from the thread's block, all given back at once. (So the Facts are
  // released on the thread that made them.)
  DocScope scope_;
  const Policy& policy_;
  const Settings& settings_;
  mutable std::optional<Intent> intent_;
  mutable std::optional<ReplicationGrant> replication_;
  mutable std::optional<std::vector<Use>> migration_;
  mutable std::optional<std::vector<Gap>> gaps_;
  mutable std::map<std::string, std::vector<const catalog::Action*>, std::less<>> expanded_;
  // The values of shared_ live in memory_ (512 bytes hold those of most
  // documents, then the heap): declared before shared_, it is destroyed
  // after them.
  alignas(std::max_align_t) mutable std::byte buffer_[512];
  mutable std::pmr::monotonic_buffer_resource memory_{buffer_, sizeof buffer_};
  mutable std::array<std::pair<const void*, std::shared_ptr<const void>>, kFamilies> shared_{};
  mutable std::size_t shared_count_ = 0;
  mutable std::vector<std::pair<const void*, std::shared_ptr<const void>>> more_shared_;
};

// ---- replication helpers the replication rules share with the grant analysis

// oss:ReplicatePut or oss:ReplicateDelete named by a Replicate item.
bool is_write_item(const Str& x);
// Concrete bucket names in a statement's Resource, with the item naming each.
std::vector<std::pair<std::string_view, const Str*>> buckets_of(const Statement& s);
// In a same-account policy: is the bucket the source, wrongly named by the
// write statement w? Returns the statement that reads it, or nullptr.
const Statement* misplaced_in(const std::vector<const Statement*>& scope, const Statement& w, std::string_view bucket);

}  // namespace policylint::rules
