#include "src/ad/gpo.hpp"
#include "tests/support/gpo_policies.hpp"
#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"

using namespace kerbready;

TEST_CASE("GPO-NTLM-AUDIT-OFF: audit settings nobody enables", "[checks][GPO-NTLM-AUDIT-OFF]")
{
  test::SnapshotBuilder b;
  test::add_gpo(
    b.snapshot(), "Half", test::k_gpo_a,
    {{std::string(gpo_value::audit_ntlm_in_domain), "7"}, {std::string(gpo_value::audit_receiving_ntlm), "0"}});
  const auto findings = test::run_check(b.build(), "GPO-NTLM-AUDIT-OFF");
  REQUIRE(findings.size() == 2);
  for (const auto& f : findings) {
    CHECK(f.subject.find("AuditNTLMInDomain") == std::string::npos);
    if (f.subject.find("AuditReceivingNTLMTraffic") != std::string::npos) {
      CHECK(f.summary.find("sets it to 0") != std::string::npos);
    }
  }
}

TEST_CASE("GPO-NTLM-AUDIT-OFF: all three enabled", "[checks][GPO-NTLM-AUDIT-OFF]")
{
  test::SnapshotBuilder b;
  test::add_gpo(b.snapshot(), "DCs", test::k_gpo_a, {{std::string(gpo_value::audit_ntlm_in_domain), "7"}});
  test::add_gpo(
    b.snapshot(), "All", test::k_gpo_b,
    {{std::string(gpo_value::audit_receiving_ntlm), "2"}, {std::string(gpo_value::restrict_sending_ntlm), "1"}});
  CHECK(test::run_check(b.build(), "GPO-NTLM-AUDIT-OFF").empty());
}

TEST_CASE("GPO-NTLM-AUDIT-OFF: with links, AuditNTLMInDomain matters on the DC OU", "[checks][GPO-NTLM-AUDIT-OFF]")
{
  test::SnapshotBuilder b;
  auto& s = b.snapshot();
  test::add_gpo(s, "Audit", test::k_gpo_a,
                {{std::string(gpo_value::audit_ntlm_in_domain), "7"},
                 {std::string(gpo_value::audit_receiving_ntlm), "2"},
                 {std::string(gpo_value::restrict_sending_ntlm), "1"}});
  SECTION("linked to the root only: reaches the DCs too")
  {
    test::link_gpos(s, test::k_root_dn, test::gplink_entry(test::k_gpo_a));
    CHECK(test::run_check(b.build(), "GPO-NTLM-AUDIT-OFF").empty());
  }
  SECTION("DC OU blocks inheritance: DCs do not audit")
  {
    test::link_gpos(s, test::k_root_dn, test::gplink_entry(test::k_gpo_a));
    test::link_gpos(s, test::k_dc_ou_dn, "", 1);
    const auto findings = test::run_check(b.build(), "GPO-NTLM-AUDIT-OFF");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].subject == "AuditNTLMInDomain in corp.example.com");
    CHECK(findings[0].summary.find("domain controllers") != std::string::npos);
  }
  SECTION("linked to an OU only: the domain is not covered, the OU is named")
  {
    test::link_gpos(s, test::k_root_dn, "");
    test::link_gpos(s, "OU=Servers,DC=corp,DC=example,DC=com", test::gplink_entry(test::k_gpo_a));
    const auto findings = test::run_check(b.build(), "GPO-NTLM-AUDIT-OFF");
    REQUIRE(findings.size() == 3);
    bool named = false;
    for (const auto& f : findings) {
      for (const auto& e : f.evidence) {
        named = named || e.name.find("OU=Servers") != std::string::npos;
      }
    }
    CHECK(named);
  }
}

TEST_CASE("GPO-NTLM-AUDIT-OFF: a domain whose SYSVOL was not given is not judged", "[checks][GPO-NTLM-AUDIT-OFF]")
{
  test::SnapshotBuilder b;
  auto& s = b.snapshot();
  test::add_gpo(s, "Other domain", test::k_gpo_a, {{std::string(gpo_value::audit_ntlm_in_domain), "7"}});
  s.gpo_policies.back().domain = "emea.corp.example.com";
  CHECK(test::run_check(b.build(), "GPO-NTLM-AUDIT-OFF").empty());
}
