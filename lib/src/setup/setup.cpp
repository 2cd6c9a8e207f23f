#include "policylint/setup.hpp"

#include <algorithm>

namespace policylint::setup {

namespace {

constexpr std::pair<Task, std::string_view> kTasks[] = {
    {Task::Replication, "replication"},
    {Task::Migration, "migration"},
    {Task::Dts, "dts"},
    {Task::DtsVpc, "dts-vpc"},
};

template <class T>
const T* by_id(const std::vector<T>& items, std::string_view id) {
  auto it = std::find_if(items.begin(), items.end(), [&](const T& x) { return x.id == id; });
  return it == items.end() ? nullptr : &*it;
}

}  // namespace

std::string_view to_string(Task t) {
  for (const auto& [task, name] : kTasks)
    if (task == t) return name;
  return "replication";
}

std::optional<Task> parse_task(std::string_view s) {
  for (const auto& [task, name] : kTasks)
    if (name == s) return task;
  return std::nullopt;
}

std::string_view to_string(Verdict v) {
  switch (v) {
    case Verdict::Granted:
      return "granted";
    case Verdict::Conditional:
      return "conditional";
    case Verdict::Denied:
      return "denied";
    case Verdict::NotGranted:
      return "not-granted";
    case Verdict::Unknown:
      return "unknown";
  }
  return "unknown";
}

const Identity* Setup::identity(std::string_view id) const { return by_id(identities, id); }
const Bucket* Setup::bucket(std::string_view id) const { return by_id(buckets, id); }
const Key* Setup::key_of(std::string_view id) const { return by_id(keys, id); }

}  // namespace policylint::setup
