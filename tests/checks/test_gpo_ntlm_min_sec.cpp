#include "src/ad/gpo.hpp"
#include "tests/support/gpo_policies.hpp"
#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"

using namespace kerbready;

TEST_CASE("GPO-NTLM-MIN-SEC: weak minimum session security", "[checks][GPO-NTLM-MIN-SEC]")
{
  test::SnapshotBuilder b;
  test::add_gpo(
    b.snapshot(), "Weak", test::k_gpo_a,
    {{std::string(gpo_value::ntlm_min_client_sec), "0"}, {std::string(gpo_value::ntlm_min_server_sec), "524288"}});
  const auto findings = test::run_check(b.build(), "GPO-NTLM-MIN-SEC");
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].summary.find("NTLMv2 session security") != std::string::npos);
  CHECK(findings[0].summary.find("below the Windows default") != std::string::npos);
}

// 0x20000000 ("Require 128-bit encryption") is the Windows default since 7/2008 R2: a GPO that
// sets it lowers nothing. 0x80000 alone drops the 128-bit requirement and is reported.
TEST_CASE("GPO-NTLM-MIN-SEC: the default value is not a lowering", "[checks][GPO-NTLM-MIN-SEC]")
{
  test::SnapshotBuilder b;
  test::add_gpo(b.snapshot(), "Default", test::k_gpo_a,
                {{std::string(gpo_value::ntlm_min_client_sec), "536870912"},
                 {std::string(gpo_value::ntlm_min_server_sec), "524288"}});
  const auto findings = test::run_check(b.build(), "GPO-NTLM-MIN-SEC");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].subject.find("NTLMMinServerSec") != std::string::npos);
  CHECK(findings[0].summary.find("128-bit encryption") != std::string::npos);
}

TEST_CASE("GPO-NTLM-MIN-SEC: recommended value", "[checks][GPO-NTLM-MIN-SEC]")
{
  test::SnapshotBuilder b;
  test::add_gpo(b.snapshot(), "Good", test::k_gpo_a,
                {{std::string(gpo_value::ntlm_min_client_sec), "537395200"},
                 {std::string(gpo_value::ntlm_min_server_sec), "537395200"}});
  CHECK(test::run_check(b.build(), "GPO-NTLM-MIN-SEC").empty());
}

TEST_CASE("GPO-NTLM-MIN-SEC: with links, a later OU link overrides the root", "[checks][GPO-NTLM-MIN-SEC]")
{
  test::SnapshotBuilder b;
  auto& s = b.snapshot();
  test::add_gpo(s, "Weak", test::k_gpo_a, {{std::string(gpo_value::ntlm_min_client_sec), "0"}});
  test::add_gpo(s, "Good", test::k_gpo_b, {{std::string(gpo_value::ntlm_min_client_sec), "537395200"}});
  test::link_gpos(s, test::k_root_dn, test::gplink_entry(test::k_gpo_b));
  test::link_gpos(s, "OU=Old,DC=corp,DC=example,DC=com", test::gplink_entry(test::k_gpo_a));
  const auto findings = test::run_check(b.build(), "GPO-NTLM-MIN-SEC");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].subject == "NTLMMinClientSec for objects in OU=Old,DC=corp,DC=example,DC=com");
}
