#include "src/live/plan/search_plan.hpp"

#include "src/input/decoded_attributes.hpp"
#include "src/util/error.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace kerbready::collect {

std::vector<PlanPartition>
partitions_of(DirectoryObject object)
{
  switch (object) {
  case DirectoryObject::account:
  case DirectoryObject::group:
  case DirectoryObject::domain:
  case DirectoryObject::organizational_unit:
  case DirectoryObject::trust:
  case DirectoryObject::dfs:
  case DirectoryObject::gpo:
    return {PlanPartition::domain};
  case DirectoryObject::dns_node:
    return {PlanPartition::domain, PlanPartition::domain_dns, PlanPartition::forest_dns};
  case DirectoryObject::cross_ref:
  case DirectoryObject::partitions:
  case DirectoryObject::directory_service:
  case DirectoryObject::site:
  case DirectoryObject::authn_policy:
  case DirectoryObject::authn_policy_silo:
    return {PlanPartition::configuration};
  case DirectoryObject::count_:
    break;
  }
  throw Fatal("internal error: a kind of directory object is in no partition");
}

std::vector<PlannedSearch>
build_search_plan(std::span<const Check* const> checks)
{
  // Which rows of the decoder table are requested.
  std::vector<bool> wanted(k_decoded_attributes.size(), false);
  auto want = [&](const AttributeRead& read) {
    const auto* row = find_decoded(read.object, read.attribute);
    if (row == nullptr) {
      return false;
    }
    wanted[static_cast<std::size_t>(row - k_decoded_attributes.data())] = true;
    return true;
  };
  for (const auto& r : k_base_reads) {
    want(r.read);
  }
  for (const auto& r : k_unused_reads) {
    want(r.read);
  }
  for (const auto* check : checks) {
    for (const auto& read : check->reads) {
      if (!want(read)) {
        throw Fatal(fmt::format("internal error: check {} reads {} of {} objects, which the snapshot decoder does "
                                "not decode (src/input/decoded_attributes.hpp)",
                                check->id, read.attribute, name_of(read.object)));
      }
    }
  }

  std::vector<PlannedSearch> plan;
  for (const auto& p : k_plan_partitions) {
    PlannedSearch search{p.partition, p.data_set, p.filter, {std::string(k_class_attribute)}};
    std::set<std::string> seen{util::to_lower(k_class_attribute)};
    // In table order, so the list reads the same from one build to the next.
    for (std::size_t i = 0; i < k_decoded_attributes.size(); ++i) {
      const auto& row = k_decoded_attributes[i];
      const auto where = partitions_of(row.object);
      if (!wanted[i] || std::find(where.begin(), where.end(), p.partition) == where.end() ||
          !seen.insert(std::string(row.key)).second) {
        continue;
      }
      search.attributes.emplace_back(row.key == "member" ? k_member_first_range : row.attribute);
    }
    plan.push_back(std::move(search));
  }
  return plan;
}

const std::vector<PlannedSearch>&
search_plan()
{
  static const std::vector<PlannedSearch> plan = build_search_plan(all_checks());
  return plan;
}

std::vector<std::string>
domain_slices(std::uint64_t highest_usn, unsigned count)
{
  if (count <= 1) {
    return {""};
  }
  if (highest_usn == 0) {
    return {"(objectClass=computer)", "(!(objectClass=computer))"};
  }
  count = std::min(count, 16u);
  std::vector<std::uint64_t> bounds; // ascending, each > 0
  for (unsigned i = 1; i < count; ++i) {
    const auto bound = highest_usn / count * i + highest_usn % count * i / count;
    if (bound > 0 && (bounds.empty() || bound > bounds.back())) {
      bounds.push_back(bound);
    }
  }
  if (bounds.empty()) {
    return {""};
  }
  std::vector<std::string> out;
  out.push_back(fmt::format("(!(uSNCreated>={}))", bounds.front()));
  for (std::size_t i = 1; i < bounds.size(); ++i) {
    out.push_back(fmt::format("(&(uSNCreated>={})(!(uSNCreated>={})))", bounds[i - 1], bounds[i]));
  }
  out.push_back(fmt::format("(uSNCreated>={})", bounds.back()));
  return out;
}

} // namespace kerbready::collect
