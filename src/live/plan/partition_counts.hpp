#pragma once

// Whether a live read of the directory can be trusted to be whole: a search that ends in success
// may still return nothing (an account the DC lets bind but not read, a DC that filters by ACL),
// and a partition that must hold objects but returned none is a collection problem, never an empty
// (and so "clean") directory. Pure: tests/live/test_partition_counts.cpp.

#include "src/live/plan/search_plan.hpp"
#include "src/model/snapshot.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace kerbready::collect {

// One planned search of one naming context that finished without error.
struct PartitionRead
{
  std::string server;         // the DC's URI
  std::string naming_context; // the DN searched
  PlanPartition partition = PlanPartition::domain;
  std::uint64_t objects = 0; // entries returned
};

struct PartitionProblem
{
  DataSet data_set = DataSet::domain; // the data set that is then not read
  Diagnostic diagnostic;
};

// Return a problem for each of `reads` that returned no object although its partition must hold
// some: a domain naming context (its domainDNS object matches the search), the configuration
// naming context (its crossRef objects) and a DNS application partition that was searched
// (DomainDnsZones or ForestDnsZones: the nodes of the zones stored there).
[[nodiscard]] std::vector<PartitionProblem> empty_partition_problems(const std::vector<PartitionRead>& reads);

} // namespace kerbready::collect
