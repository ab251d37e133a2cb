#include "src/ad/dns_record.hpp"
#include "tests/support/dns_records.hpp"

#include <catch2/catch.hpp>

using namespace kerbready;

TEST_CASE("dns_record: A, AAAA, CNAME, NS, SRV and tombstones decode", "[dns_record]")
{
  const auto a = parse_dns_record(test::a_record(10, 1, 2, 3));
  REQUIRE(a);
  CHECK(a->type == dns_type::a);
  CHECK(a->address == "10.1.2.3");
  CHECK(a->ttl == 3600);
  CHECK(a->is_static());

  const auto dynamic = parse_dns_record(test::a_record(10, 1, 2, 3, 3600000));
  REQUIRE(dynamic);
  CHECK_FALSE(dynamic->is_static());

  std::string v6(16, '\0');
  v6[0] = '\xfd';
  v6[15] = '\x01';
  const auto aaaa = parse_dns_record(test::dns_record(dns_type::aaaa, v6));
  REQUIRE(aaaa);
  CHECK(aaaa->address == "fd00::1");

  const auto cname = parse_dns_record(test::cname_record("Web01.Corp.Example.com"));
  REQUIRE(cname);
  CHECK(cname->target == "web01.corp.example.com");

  const auto ns = parse_dns_record(test::dns_record(dns_type::ns, test::count_name("dc01.corp.example.com")));
  REQUIRE(ns);
  CHECK(ns->target == "dc01.corp.example.com");

  const auto srv = parse_dns_record(test::dns_record(dns_type::srv, std::string("\x00\x00\x00\x64\x01\x85", 6) +
                                                                      test::count_name("dc01.corp.example.com")));
  REQUIRE(srv);
  CHECK(srv->port == 389);
  CHECK(srv->target == "dc01.corp.example.com");

  const auto tomb = parse_dns_record(test::dns_record(dns_type::zero, std::string(8, '\x01')));
  REQUIRE(tomb);
  CHECK(tomb->type == dns_type::zero);
}

TEST_CASE("dns_record: truncated and garbage values are skipped, never read past the end", "[dns_record]")
{
  const std::vector<std::string> good = {
    test::a_record(10, 0, 0, 1), test::cname_record("a.b.example"),
    test::dns_record(dns_type::srv, std::string(6, '\0') + test::count_name("x.y"))};
  for (const auto& value : good) {
    for (std::size_t cut = 0; cut < value.size(); ++cut) {
      CHECK_FALSE(parse_dns_record(value.substr(0, cut)));
    }
  }
  // DataLength larger than the value.
  auto lying = test::a_record(1, 2, 3, 4);
  lying[0] = '\x40';
  CHECK_FALSE(parse_dns_record(lying));
  // Wrong version.
  auto version = test::a_record(1, 2, 3, 4);
  version[4] = '\x04';
  CHECK_FALSE(parse_dns_record(version));
  // A CNAME whose label length runs past its name.
  std::string bad_name = "\x05\x01\x09"
                         "abcd";
  CHECK_FALSE(parse_dns_count_name(bad_name));
  CHECK_FALSE(parse_dns_count_name(std::string("\x02\x03\x01\x61", 4)));
  CHECK_FALSE(parse_dns_record(test::dns_record(dns_type::cname, bad_name)));
  // Unknown types are skipped.
  CHECK_FALSE(parse_dns_record(test::dns_record(16, "\x03txt")));
  // Every byte pattern of a short value is safe.
  for (int b = 0; b < 256; ++b) {
    std::string value = test::dns_record(dns_type::cname, std::string(3, static_cast<char>(b)));
    (void)parse_dns_record(value);
  }
}

TEST_CASE("dns_record: dns_record_defect says why a value cannot be decoded", "[dns_record]")
{
  CHECK_FALSE(dns_record_defect(test::a_record(10, 0, 0, 1)));
  CHECK_FALSE(dns_record_defect(test::dns_record(dns_type::zero, std::string(8, '\x01'))));
  CHECK_FALSE(dns_record_defect(test::dns_record(16, "\x03txt"))); // well-formed TXT: not read, not damaged
  const auto cname = test::cname_record("a.b.example");
  for (std::size_t cut = 0; cut < cname.size(); ++cut) {
    CHECK(dns_record_defect(cname.substr(0, cut)));
  }
  auto version = test::a_record(1, 2, 3, 4);
  version[4] = '\x04';
  CHECK(dns_record_defect(version).value_or("") == "version 4 (expected 5)");
  CHECK(dns_record_defect(test::dns_record(dns_type::a, "\x01\x02")).value_or("") == "A record with 2 data bytes");
  CHECK(dns_record_defect(test::dns_record(dns_type::srv, "\x00\x00")).has_value());
}

TEST_CASE("dns_record: index, CNAME chains, loops and names outside the zones", "[dns_record]")
{
  Snapshot s;
  test::add_dns_node(s, "web01", "corp.example.com", {test::a_record(10, 0, 0, 5)});
  test::add_dns_node(s, "portal", "corp.example.com", {test::cname_record("www.corp.example.com")});
  test::add_dns_node(s, "www", "corp.example.com", {test::cname_record("web01.corp.example.com")});
  test::add_dns_node(s, "loop1", "corp.example.com", {test::cname_record("loop2.corp.example.com")});
  test::add_dns_node(s, "loop2", "corp.example.com", {test::cname_record("loop1.corp.example.com")});
  test::add_dns_node(s, "saas", "corp.example.com", {test::cname_record("tenant.cloud.example.net")});
  test::add_dns_node(s, "gone", "corp.example.com", {test::cname_record("nothing.corp.example.com")});
  test::add_dns_node(s, "dead", "corp.example.com", {test::a_record(10, 0, 0, 9)}).tombstoned = true;
  const DnsIndex index(s);

  auto chain = index.follow_cname("PORTAL.corp.example.com.");
  CHECK(chain.end == DnsIndex::ChainEnd::resolved);
  CHECK(chain.names ==
        std::vector<std::string>{"portal.corp.example.com", "www.corp.example.com", "web01.corp.example.com"});
  CHECK(index.follow_cname("loop1.corp.example.com").end == DnsIndex::ChainEnd::loop);
  CHECK(index.follow_cname("saas.corp.example.com").end == DnsIndex::ChainEnd::outside_zones);
  CHECK(index.follow_cname("gone.corp.example.com").end == DnsIndex::ChainEnd::dangling);
  CHECK_FALSE(index.has_name("dead.corp.example.com"));
  CHECK(index.has_name("web01"));
  CHECK(index.names_with_address("10.0.0.5") == std::vector<std::string>{"web01.corp.example.com"});
}
