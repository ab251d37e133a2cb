#include "src/ad/gpo.hpp"
#include "tests/support/gpo_policies.hpp"
#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"

using namespace kerbready;

TEST_CASE("GPO-RPC-EPM-AUTH: endpoint-mapper authentication and restricted RPC clients", "[checks][GPO-RPC-EPM-AUTH]")
{
  test::SnapshotBuilder b;
  auto& s = b.snapshot();
  SECTION("EnableAuthEpResolution = 1 and RestrictRemoteClients = 2")
  {
    test::add_gpo(s, "Baseline", test::k_gpo_a,
                  {{std::string(gpo_value::rpc_enable_auth_ep_resolution), "1"},
                   {std::string(gpo_value::rpc_restrict_remote_clients), "2"}});
    const auto findings = test::run_check(b.build(), "GPO-RPC-EPM-AUTH");
    REQUIRE(findings.size() == 2);
    CHECK(findings[0].severity == Severity::medium);
    CHECK(findings[0].cause == FallbackCause::app_config);
  }
  SECTION("linked: per scope")
  {
    test::add_gpo(s, "Baseline", test::k_gpo_a, {{std::string(gpo_value::rpc_enable_auth_ep_resolution), "1"}});
    test::link_gpos(s, test::k_root_dn, test::gplink_entry(test::k_gpo_a));
    const auto findings = test::run_check(b.build(), "GPO-RPC-EPM-AUTH");
    REQUIRE(findings.size() == 2); // members and DCs
    CHECK(findings[0].summary.find("is in force for") != std::string::npos);
  }
}

TEST_CASE("GPO-RPC-EPM-AUTH: disabled policies", "[checks][GPO-RPC-EPM-AUTH]")
{
  test::SnapshotBuilder b;
  test::add_gpo(b.snapshot(), "Fixed", test::k_gpo_a,
                {{std::string(gpo_value::rpc_enable_auth_ep_resolution), "0"},
                 {std::string(gpo_value::rpc_restrict_remote_clients), "0"}});
  CHECK(test::run_check(b.build(), "GPO-RPC-EPM-AUTH").empty());
}
