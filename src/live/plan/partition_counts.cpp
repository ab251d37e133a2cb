#include "src/live/plan/partition_counts.hpp"

#include "src/util/text.hpp"

#include <fmt/format.h>

namespace kerbready::collect {

namespace {

const char*
what_it_holds(PlanPartition partition)
{
  switch (partition) {
  case PlanPartition::domain:
    return "a domain partition holds at least its domain object";
  case PlanPartition::configuration:
    return "the configuration partition holds at least the crossRef of every partition";
  case PlanPartition::domain_dns:
  case PlanPartition::forest_dns:
    return "a DNS application partition holds the nodes of its zones";
  }
  return "";
}

} // namespace

std::vector<PartitionProblem>
empty_partition_problems(const std::vector<PartitionRead>& reads)
{
  std::vector<PartitionProblem> problems;
  for (const auto& read : reads) {
    if (read.objects > 0) {
      continue;
    }
    DataSet set = DataSet::domain;
    for (const auto& plan : k_plan_partitions) {
      if (plan.partition == read.partition) {
        set = plan.data_set;
      }
    }
    problems.push_back(PartitionProblem{
      set,
      Diagnostic{read.server, fmt::format("{} returned no objects from {}, but {}: the account may not read it "
                                          "(bind as one that may), so the scan is partial",
                                          util::sanitize(read.server, 200), util::sanitize(read.naming_context, 300),
                                          what_it_holds(read.partition))}});
  }
  return problems;
}

} // namespace kerbready::collect
