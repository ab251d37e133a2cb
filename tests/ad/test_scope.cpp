#include "src/ad/scope.hpp"
#include "tests/support/two_domains.hpp"

#include <catch2/catch.hpp>

using namespace kerbready;

namespace {

std::string
why_zone(const ReadScope& scope, const std::string& host)
{
  std::string why;
  CHECK(scope.zone_authority(host, &why) == Authority::outside);
  return why;
}

std::string
why_domain(const ReadScope& scope, const std::string& host)
{
  std::string why;
  CHECK(scope.domain_authority(host, &why) == Authority::outside);
  return why;
}

} // namespace

TEST_CASE("ReadScope: the forest root read alone", "[scope]")
{
  const auto s = test::parent_domain().build();
  const auto& scope = read_scope(s);
  CHECK(scope.domains_read() == std::vector<std::string>{"corp.example.com"});
  CHECK(scope.zones_read() == std::vector<std::string>{"corp.example.com"});
  CHECK(scope.zone_authority("web.corp.example.com") == Authority::read);
  CHECK(scope.zone_authority("WEB.Corp.Example.com.") == Authority::read);
  CHECK(scope.zone_authority("web") == Authority::read);
  CHECK(scope.domain_authority("web.corp.example.com") == Authority::read);
  CHECK(scope.domain_authority("web") == Authority::read);
  // The delegated child zone: its glue record in the parent is not its authority.
  CHECK(why_zone(scope, "dc2.child.corp.example.com") == "in zone child.corp.example.com, delegated from "
                                                         "corp.example.com and not read");
  CHECK(scope.zone_authority("child.corp.example.com") == Authority::outside);
  CHECK(why_domain(scope, "dc2.child.corp.example.com") == "in domain child.corp.example.com, which was not read");
  CHECK(scope.known_elsewhere("app.child.corp.example.com"));
  CHECK_FALSE(scope.known_elsewhere("app.corp.example.com"));
  CHECK_FALSE(scope.known_elsewhere("tenant.saas.example.net"));
  // The forest root's _msdcs zone was not read, though its parent zone was.
  CHECK(why_zone(scope, test::k_child_dc_guid_name) == "in zone _msdcs.corp.example.com, which was not read");
  // Names under nothing read.
  CHECK(why_domain(scope, "app.partner.example") == "under none of the domains read (corp.example.com)");
  CHECK(why_zone(scope, "app.partner.example") == "under no DNS zone that was read");
  // Built once.
  CHECK(&read_scope(s) == &scope);
}

TEST_CASE("ReadScope: a delegation is known without the Configuration partition", "[scope]")
{
  const auto s = test::parent_domain(false).build();
  const auto& scope = read_scope(s);
  CHECK(why_domain(scope, "dc2.child.corp.example.com") == "in zone child.corp.example.com, delegated from "
                                                           "corp.example.com and not read");
}

TEST_CASE("ReadScope: the child domain read alone", "[scope]")
{
  const auto& with_config = test::child_domain().build();
  CHECK(why_domain(read_scope(with_config), test::k_child_dc_guid_name) ==
        "in domain corp.example.com, which was not read");
  CHECK(why_domain(read_scope(with_config), "web.corp.example.com") ==
        "in domain corp.example.com, which was not read");
  CHECK(read_scope(with_config).domain_authority("web.child.corp.example.com") == Authority::read);
  const auto without = test::child_domain(false).build();
  CHECK(why_domain(read_scope(without), test::k_child_dc_guid_name) ==
        "under none of the domains read (child.corp.example.com)");
  CHECK(why_zone(read_scope(without), test::k_child_dc_guid_name) ==
        "in zone _msdcs.corp.example.com, which was not read");
}

TEST_CASE("ReadScope: a forest-wide scan reads every authority", "[scope]")
{
  auto s = test::merged(test::parent_domain().build(), test::child_domain().build());
  test::add_dns_node(s, "0f1e2d3c-aaaa-bbbb-cccc-123456789abc", "_msdcs.corp.example.com",
                     {test::cname_record("dc2.child.corp.example.com")});
  const auto& scope = read_scope(s);
  CHECK(scope.domains_read() == std::vector<std::string>{"child.corp.example.com", "corp.example.com"});
  for (const auto* host : {"dc2.child.corp.example.com", "gone.child.corp.example.com", "web.corp.example.com",
                           "0f1e2d3c-aaaa-bbbb-cccc-123456789abc._msdcs.corp.example.com"}) {
    CAPTURE(host);
    CHECK(scope.zone_authority(host) == Authority::read);
    CHECK(scope.domain_authority(host) == Authority::read);
    CHECK_FALSE(scope.known_elsewhere(host));
  }
}

TEST_CASE("ReadScope: trusted forests and disjoint namespaces", "[scope]")
{
  test::SnapshotBuilder b;
  b.trust("partner.example", 0x8);
  test::add_dns_node(b.snapshot(), "vip", "apps.example.net", {test::a_record(10, 0, 0, 9)});
  const auto s = b.build();
  CHECK(why_domain(read_scope(s), "fs.emea.partner.example") ==
        "in trusted domain or forest partner.example, which was not read");
  // Every domain of the forest was read: a name in a zone read but under no domain is a disjoint
  // namespace of a domain that was read.
  CHECK(read_scope(s).domain_authority("vip.apps.example.net") == Authority::read);
  // Not so when the forest has a domain that was not read.
  b.cross_ref("other.corp.example.com", "corp.example.com");
  const auto partial = b.build();
  CHECK(read_scope(partial).domain_authority("vip.apps.example.net") == Authority::outside);
  CHECK(read_scope(partial).domain_authority("web.corp.example.com") == Authority::read);
}

TEST_CASE("ReadScope: no DNS read, no zone authority", "[scope]")
{
  const test::SnapshotBuilder b;
  const auto s = b.build();
  CHECK(why_zone(read_scope(s), "web.corp.example.com") == "no DNS zone was read");
  CHECK(read_scope(s).domain_authority("web.corp.example.com") == Authority::read);
}

TEST_CASE("OutsideScope: one info finding, names sorted and listed", "[scope]")
{
  OutsideScope outside;
  std::vector<Finding> findings;
  outside.append_to(findings, "SPN host", "SPN hosts");
  CHECK(findings.empty());
  outside.add("b.partner.example", "in trusted domain or forest partner.example, which was not read",
              AffectedObject{"CN=svc,DC=corp", "svc", "corp.example.com"});
  outside.add("a.partner.example", "in trusted domain or forest partner.example, which was not read",
              AffectedObject{"CN=svc,DC=corp", "svc", "corp.example.com"});
  outside.add("A.partner.example", "again", AffectedObject{"CN=svc2,DC=corp", "svc2", "corp.example.com"});
  outside.append_to(findings, "SPN host", "SPN hosts");
  REQUIRE(findings.size() == 1);
  const auto& f = findings.front();
  CHECK(f.severity == Severity::info);
  CHECK(f.key == "outside-what-was-read");
  CHECK(f.subject == "2 names outside what was read");
  CHECK(f.summary.find("2 SPN hosts outside what was read") != std::string::npos);
  REQUIRE(f.evidence.size() == 2);
  CHECK(f.evidence[0].name == "a.partner.example");
  CHECK(f.affected.size() == 2);
}
