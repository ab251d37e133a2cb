#include "tests/support/gpo_policies.hpp"
#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"

using namespace kerbready;

namespace {

constexpr const char* k_loopback = R"(MACHINE\SYSTEM\CurrentControlSet\Control\Lsa\DisableLoopbackCheck)";
constexpr const char* k_back = R"(MACHINE\SYSTEM\CurrentControlSet\Control\Lsa\MSV1_0\BackConnectionHostNames)";

} // namespace

TEST_CASE("GPO-NTLM-ALIAS-WORKAROUND: DisableLoopbackCheck and BackConnectionHostNames in force",
          "[checks][GPO-NTLM-ALIAS-WORKAROUND]")
{
  test::SnapshotBuilder b;
  auto& s = b.snapshot();
  auto& gpo = test::add_gpo(s, "Web servers", test::k_gpo_a, {{k_loopback, "1"}});
  gpo.registry_values.push_back(GpoRegistryValue{k_back, 7, "app.corp.example.com,web.corp.example.com", "x.xml"});
  SECTION("without links: one finding per value")
  {
    const auto findings = test::run_check(b.build(), "GPO-NTLM-ALIAS-WORKAROUND");
    REQUIRE(findings.size() == 2);
    CHECK(findings[0].severity == Severity::medium);
    const auto& back = findings[0].subject.rfind("Back", 0) == 0 ? findings[0] : findings[1];
    CHECK(back.summary.find("app.corp.example.com, web.corp.example.com") != std::string::npos);
    CHECK(findings[0].summary.find("GPO links not in the snapshot") != std::string::npos);
  }
  SECTION("linked to an OU: the OU scope")
  {
    test::link_gpos(s, "OU=Web,DC=corp,DC=example,DC=com", test::gplink_entry(test::k_gpo_a));
    test::link_gpos(s, test::k_root_dn, "");
    const auto findings = test::run_check(b.build(), "GPO-NTLM-ALIAS-WORKAROUND");
    REQUIRE(findings.size() == 2);
    CHECK((findings[0].subject == "DisableLoopbackCheck for objects in OU=Web,DC=corp,DC=example,DC=com" ||
           findings[1].subject == "DisableLoopbackCheck for objects in OU=Web,DC=corp,DC=example,DC=com"));
  }
}

TEST_CASE("GPO-NTLM-ALIAS-WORKAROUND: loopback check on, empty list", "[checks][GPO-NTLM-ALIAS-WORKAROUND]")
{
  test::SnapshotBuilder b;
  auto& s = b.snapshot();
  auto& gpo = test::add_gpo(s, "Fine", test::k_gpo_a, {{k_loopback, "0"}});
  gpo.registry_values.push_back(GpoRegistryValue{k_back, 7, " , ", {}});
  CHECK(test::run_check(b.build(), "GPO-NTLM-ALIAS-WORKAROUND").empty());
}
