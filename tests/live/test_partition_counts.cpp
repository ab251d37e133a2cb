#include "src/live/plan/partition_counts.hpp"

#include <catch2/catch.hpp>

using namespace kerbready;
using namespace kerbready::collect;

namespace {

const std::string k_dc = "ldaps://dc1.corp.example.com";
const std::string k_domain = "DC=corp,DC=example,DC=com";

} // namespace

TEST_CASE("partition counts: every searched partition with objects is whole", "[partition_counts]")
{
  const std::vector<PartitionRead> reads = {
    {k_dc, "CN=Configuration," + k_domain, PlanPartition::configuration, 12},
    {k_dc, k_domain, PlanPartition::domain, 950},
    {k_dc, "DC=DomainDnsZones," + k_domain, PlanPartition::domain_dns, 40},
    {k_dc, "DC=ForestDnsZones," + k_domain, PlanPartition::forest_dns, 8},
  };
  CHECK(empty_partition_problems(reads).empty());
  CHECK(empty_partition_problems({}).empty());
}

TEST_CASE("partition counts: a domain, configuration or DNS partition that returned nothing is a problem",
          "[partition_counts]")
{
  const std::vector<PartitionRead> reads = {
    {k_dc, "CN=Configuration," + k_domain, PlanPartition::configuration, 0},
    {k_dc, k_domain, PlanPartition::domain, 0},
    {k_dc, "DC=DomainDnsZones," + k_domain, PlanPartition::domain_dns, 0},
    {k_dc, "DC=ForestDnsZones," + k_domain, PlanPartition::forest_dns, 3},
    {"ldap://dc9.child.corp.example.com", "DC=child," + k_domain, PlanPartition::domain, 0},
  };
  const auto problems = empty_partition_problems(reads);
  REQUIRE(problems.size() == 4);
  CHECK(problems[0].data_set == DataSet::configuration);
  CHECK(problems[1].data_set == DataSet::domain);
  CHECK(problems[2].data_set == DataSet::dns);
  CHECK(problems[3].data_set == DataSet::domain);
  CHECK(problems[0].diagnostic.where == k_dc);
  CHECK(problems[1].diagnostic.message ==
        "ldaps://dc1.corp.example.com returned no objects from DC=corp,DC=example,DC=com, but a domain partition "
        "holds at least its domain object: the account may not read it (bind as one that may), so the scan is "
        "partial");
  CHECK(problems[2].diagnostic.message.find("DC=DomainDnsZones,DC=corp") != std::string::npos);
  CHECK(problems[3].diagnostic.where == "ldap://dc9.child.corp.example.com");
}

TEST_CASE("partition counts: names from the directory are sanitised", "[partition_counts]")
{
  const auto problems = empty_partition_problems({{k_dc, "DC=evil\x1b]0;x\x07,DC=com", PlanPartition::domain, 0}});
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].diagnostic.message.find('\x1b') == std::string::npos);
  CHECK(problems[0].diagnostic.message.find('\x07') == std::string::npos);
}
