#include "src/live/plan/endpoint.hpp"

#include <catch2/catch.hpp>

using kerbready::collect::k_max_range_queries;
using kerbready::collect::k_max_values_per_record;
using kerbready::collect::next_range_low;
using kerbready::collect::parse_endpoint;
using kerbready::collect::range_stop_reason;

TEST_CASE("parse_endpoint accepts host names, ports and URIs", "[collect][endpoint]")
{
  auto plain = parse_endpoint("dc1.corp.example");
  REQUIRE(plain);
  CHECK(plain->host == "dc1.corp.example");
  CHECK(plain->port == 389);
  CHECK_FALSE(plain->ldaps);
  CHECK(plain->uri() == "ldap://dc1.corp.example:389");

  auto gc = parse_endpoint("dc1.corp.example:3268");
  REQUIRE(gc);
  CHECK(gc->port == 3268);
  CHECK_FALSE(gc->ldaps);

  auto ldaps = parse_endpoint("LDAPS://dc1.corp.example/");
  REQUIRE(ldaps);
  CHECK(ldaps->ldaps);
  CHECK(ldaps->port == 636);

  auto port_636 = parse_endpoint("dc1:636");
  REQUIRE(port_636);
  CHECK(port_636->ldaps);

  auto explicit_ldap_636 = parse_endpoint("ldap://dc1:636");
  REQUIRE(explicit_ldap_636);
  CHECK_FALSE(explicit_ldap_636->ldaps);

  auto v6 = parse_endpoint("[::1]:1389");
  REQUIRE(v6);
  CHECK(v6->host == "::1");
  CHECK(v6->port == 1389);
  CHECK(v6->uri() == "ldap://[::1]:1389");
}

TEST_CASE("parse_endpoint rejects what it cannot use", "[collect][endpoint]")
{
  CHECK_FALSE(parse_endpoint(""));
  CHECK_FALSE(parse_endpoint("http://dc1"));
  CHECK_FALSE(parse_endpoint("dc1:0"));
  CHECK_FALSE(parse_endpoint("dc1:65536"));
  CHECK_FALSE(parse_endpoint("dc1:ldap"));
  CHECK_FALSE(parse_endpoint("[::1"));
  CHECK_FALSE(parse_endpoint("ldap://:389"));
}

TEST_CASE("next_range_low follows ranged attributes to the last range", "[collect][range]")
{
  CHECK(next_range_low("member;range=0-1499") == 1500L);
  CHECK(next_range_low("Member;Range=1500-2999") == 3000L);
  CHECK_FALSE(next_range_low("member;range=1500-*"));
  CHECK_FALSE(next_range_low("member"));
  CHECK_FALSE(next_range_low("member;range=0-x"));
  CHECK(next_range_low("member;range=0-999;binary") == 1000L);
}

TEST_CASE("range_stop_reason bounds range retrieval of one attribute", "[collect][range][limits]")
{
  // Progress within the bounds: go on.
  CHECK_FALSE(range_stop_reason(1500, 3000, 1, 3000));
  CHECK_FALSE(range_stop_reason(0, 1, k_max_range_queries - 1, k_max_values_per_record));

  // A DC that answers the same (or an earlier) range again would be asked forever.
  const auto stalled = range_stop_reason(3000, 3000, 2, 4500);
  REQUIRE(stalled);
  CHECK(stalled->find("no progress") != std::string::npos);
  CHECK(range_stop_reason(3000, 10, 2, 4500));

  const auto queries = range_stop_reason(0, 1, k_max_range_queries, 10);
  REQUIRE(queries);
  CHECK(*queries == "more than " + std::to_string(k_max_range_queries) + " range queries for one attribute");

  const auto values = range_stop_reason(0, 1500, 1, k_max_values_per_record + 1);
  REQUIRE(values);
  CHECK(values->find("values in one entry (the limit per record)") != std::string::npos);
}
