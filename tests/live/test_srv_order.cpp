#include "src/live/plan/srv_order.hpp"

#include <catch2/catch.hpp>

#include <map>

using kerbready::collect::order_srv_records;
using kerbready::collect::SrvRecord;

TEST_CASE("SRV records are tried by priority, then by weight", "[collect][srv]")
{
  std::mt19937 rng(42);
  const std::vector<SrvRecord> records{{"backup.corp.example", 389, 20, 100},
                                       {"dc2.corp.example", 389, 10, 0},
                                       {"dc1.corp.example", 389, 10, 100},
                                       {".", 389, 0, 0}};
  const auto ordered = order_srv_records(records, rng);
  REQUIRE(ordered.size() == 3); // "." means "no service here" and is dropped
  CHECK(ordered.back().target == "backup.corp.example");
  CHECK(ordered[0].priority == 10);
  CHECK(ordered[1].priority == 10);
}

TEST_CASE("SRV weights bias the first choice within a priority", "[collect][srv]")
{
  std::mt19937 rng(7);
  const std::vector<SrvRecord> records{{"heavy", 389, 0, 90}, {"light", 389, 0, 10}};
  std::map<std::string, int> first;
  for (int i = 0; i < 2000; ++i) {
    ++first[order_srv_records(records, rng).front().target];
  }
  // Expected about 1800 vs 200; the bounds are wide enough never to flake with a fixed seed.
  CHECK(first["heavy"] > 1500);
  CHECK(first["light"] > 50);
}
