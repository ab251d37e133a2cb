#include "src/ad/gpo.hpp"
#include "tests/support/gpo_policies.hpp"
#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"

using namespace kerbready;

namespace {

constexpr std::uint32_t k_ras_and_ias = 553;

} // namespace

TEST_CASE("NPS-MSCHAPV2: NPS servers by group SID and by IAS/ SPN", "[checks][NPS-MSCHAPV2]")
{
  test::SnapshotBuilder b;
  auto& nps = b.computer("NPS01");
  const auto nps_dn = nps.dn;
  auto& ras = b.group("RAS and IAS Servers", k_ras_and_ias);
  ras.members.push_back(nps_dn);
  SECTION("a member of RID 553: medium, EAP-TLS advice")
  {
    const auto findings = test::run_check(b.build(), "NPS-MSCHAPV2");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].severity == Severity::medium);
    CHECK(findings[0].subject == "nps01.corp.example.com");
    CHECK(findings[0].remediation.find("EAP-TLS") != std::string::npos);
    CHECK(findings[0].summary.find("PEAP-MS-CHAP v2") != std::string::npos);
  }
  SECTION("matched by SID, not by name: a renamed group still counts")
  {
    b.snapshot().groups.back().sam_account_name = "Radius Boxes";
    b.snapshot().groups.back().dn = "CN=Radius Boxes,CN=Users,DC=corp,DC=example,DC=com";
    CHECK(test::run_check(b.build(), "NPS-MSCHAPV2").size() == 1);
  }
  SECTION("Protected Users members are named as users who cannot connect")
  {
    auto& alice = b.user("alice");
    const auto alice_dn = alice.dn;
    auto& pu = b.group("Protected Users", 525);
    pu.members.push_back(alice_dn);
    const auto findings = test::run_check(b.build(), "NPS-MSCHAPV2");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].summary.find("alice") != std::string::npos);
    CHECK(findings[0].summary.find("Protected Users") != std::string::npos);
  }
  SECTION("NTLM already blocked on the DCs without an exception: high")
  {
    test::add_gpo(b.snapshot(), "Block", test::k_gpo_a, {{std::string(gpo_value::restrict_ntlm_in_domain), "7"}});
    const auto findings = test::run_check(b.build(), "NPS-MSCHAPV2");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].severity == Severity::high);
    CHECK(findings[0].summary.find("rejected now") != std::string::npos);
  }
  SECTION("blocked, but the NPS is in DCAllowedNTLMServers: stays medium")
  {
    auto& p =
      test::add_gpo(b.snapshot(), "Block", test::k_gpo_a, {{std::string(gpo_value::restrict_ntlm_in_domain), "7"}});
    p.registry_values.push_back(GpoRegistryValue{std::string(gpo_value::dc_allowed_ntlm_servers), 7, "NPS01", {}});
    const auto findings = test::run_check(b.build(), "NPS-MSCHAPV2");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].severity == Severity::medium);
  }
}

TEST_CASE("NPS-MSCHAPV2: IAS/ SPN", "[checks][NPS-MSCHAPV2]")
{
  test::SnapshotBuilder b;
  b.computer("RADIUS2").service_principal_names.push_back("IAS/radius2.corp.example.com");
  const auto findings = test::run_check(b.build(), "NPS-MSCHAPV2");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].evidence.at(0).value == "IAS/radius2.corp.example.com");
}

TEST_CASE("NPS-MSCHAPV2: not NPS servers, and hostile names", "[checks][NPS-MSCHAPV2]")
{
  test::SnapshotBuilder b;
  SECTION("no group 553 member, other SPNs, a group with another RID named like it")
  {
    b.computer("WEB01").service_principal_names.push_back("HTTP/web01.corp.example.com");
    auto& fake = b.group("RAS and IAS Servers");
    fake.members.push_back(b.computer("FAKE").dn);
    CHECK(test::run_check(b.build(), "NPS-MSCHAPV2").empty());
  }
  SECTION("disabled computers and user members are not servers")
  {
    auto& off = b.computer("OLDNPS");
    off.user_account_control |= uac::account_disable;
    const auto off_dn = off.dn;
    const auto user_dn = b.user("svc_radius").dn;
    auto& ras = b.group("RAS and IAS Servers", k_ras_and_ias);
    ras.members = {off_dn, user_dn};
    CHECK(test::run_check(b.build(), "NPS-MSCHAPV2").empty());
  }
  SECTION("malformed SPNs do not match; escapes in a host name are sanitized")
  {
    b.computer("BAD").service_principal_names = {"IAS", "IAS/", std::string("\xff\xfe/x", 4), "ias:1/x"};
    auto& evil = b.computer("EVIL");
    evil.dns_host_name = "evil\x1b[2J\n.corp.example.com" + std::string(5000, 'x');
    evil.service_principal_names.push_back("ias/evil.corp.example.com");
    const auto findings = test::run_check(b.build(), "NPS-MSCHAPV2");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].subject.find('\x1b') == std::string::npos);
    CHECK(findings[0].summary.find('\n') == std::string::npos);
    CHECK(findings[0].subject.size() < 400);
  }
}
