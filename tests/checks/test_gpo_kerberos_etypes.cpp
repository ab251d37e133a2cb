#include "src/ad/gpo.hpp"
#include "tests/support/gpo_policies.hpp"
#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"

using namespace kerbready;

TEST_CASE("GPO-KERBEROS-ETYPES: no AES, DES, RC4", "[checks][GPO-KERBEROS-ETYPES]")
{
  test::SnapshotBuilder b;
  const std::string path(gpo_value::kerberos_supported_etypes);
  test::add_gpo(b.snapshot(), "RC4 only", test::k_gpo_a, {{path, "4"}});
  test::add_gpo(b.snapshot(), "Everything", test::k_gpo_b, {{path, "2147483647"}});
  test::add_gpo(b.snapshot(), "AES+RC4", "{33333333-3333-3333-3333-333333333333}", {{path, "28"}});
  const auto findings = test::run_check(b.build(), "GPO-KERBEROS-ETYPES");
  REQUIRE(findings.size() == 3);
  CHECK(findings[0].severity == Severity::high);
  CHECK(findings[0].subject.find("RC4 only") != std::string::npos);
  CHECK(findings[1].severity == Severity::medium);
  CHECK(findings[2].severity == Severity::low);
}

TEST_CASE("GPO-KERBEROS-ETYPES: AES only", "[checks][GPO-KERBEROS-ETYPES]")
{
  test::SnapshotBuilder b;
  test::add_gpo(b.snapshot(), "AES", test::k_gpo_a, {{std::string(gpo_value::kerberos_supported_etypes), "24"}});
  CHECK(test::run_check(b.build(), "GPO-KERBEROS-ETYPES").empty());
}

TEST_CASE("GPO-KERBEROS-ETYPES: with links, the DC scope", "[checks][GPO-KERBEROS-ETYPES]")
{
  test::SnapshotBuilder b;
  auto& s = b.snapshot();
  test::add_gpo(s, "RC4 only", test::k_gpo_a, {{std::string(gpo_value::kerberos_supported_etypes), "4"}});
  test::add_gpo(s, "AES", test::k_gpo_b, {{std::string(gpo_value::kerberos_supported_etypes), "24"}});
  test::link_gpos(s, test::k_root_dn, test::gplink_entry(test::k_gpo_b));
  test::link_gpos(s, test::k_dc_ou_dn, test::gplink_entry(test::k_gpo_b) + test::gplink_entry(test::k_gpo_a));
  const auto findings = test::run_check(b.build(), "GPO-KERBEROS-ETYPES");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].severity == Severity::high);
  CHECK(findings[0].subject == "Kerberos encryption types for domain controllers of corp.example.com");
  CHECK(findings[0].tier0);
}
