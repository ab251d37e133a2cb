#include "src/ad/gpo.hpp"
#include "tests/support/gpo_policies.hpp"
#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"

using namespace kerbready;

namespace {

// Add to `policy` the SMB client exception list `data` (REG_MULTI_SZ, comma-joined as loaded).
void
add_exceptions(GpoPolicy& policy, const std::string& data)
{
  policy.registry_values.push_back(
    GpoRegistryValue{std::string(gpo_value::smb_client_block_ntlm_exceptions), 7, data, {}});
}

std::size_t
listed(const Finding& f)
{
  return static_cast<std::size_t>(std::count_if(
    f.evidence.begin(), f.evidence.end(), [](const Evidence& e) { return e.name == "NTLM exception (SMB client)"; }));
}

} // namespace

TEST_CASE("GPO-SMB-NTLM-EXCEPTIONS: each exception is listed", "[checks][GPO-SMB-NTLM-EXCEPTIONS]")
{
  test::SnapshotBuilder b;
  auto& s = b.snapshot();
  SECTION("Block NTLM with three exceptions, one an IP address")
  {
    auto& p = test::add_gpo(s, "SMB", test::k_gpo_a, {{std::string(gpo_value::smb_client_block_ntlm), "1"}});
    add_exceptions(p, "nas01.corp.example.com,192.0.2.10,LEGACY");
    const auto findings = test::run_check(b.build(), "GPO-SMB-NTLM-EXCEPTIONS");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].severity == Severity::low);
    CHECK(listed(findings[0]) == 3);
    CHECK(findings[0].summary.find("3 server(s)") != std::string::npos);
    CHECK(findings[0].summary.find("192.0.2.10") != std::string::npos);
  }
  SECTION("linked: the list in force where Block NTLM is in force, set by another GPO")
  {
    test::add_gpo(s, "Block", test::k_gpo_a, {{std::string(gpo_value::smb_client_block_ntlm), "1"}});
    auto& list = test::add_gpo(s, "Exceptions", test::k_gpo_b, {});
    add_exceptions(list, "*.lab.example.com");
    test::link_gpos(s, test::k_root_dn, test::gplink_entry(test::k_gpo_a) + test::gplink_entry(test::k_gpo_b));
    const auto findings = test::run_check(b.build(), "GPO-SMB-NTLM-EXCEPTIONS");
    REQUIRE(findings.size() == 2); // members and DCs
    CHECK(findings[0].summary.find("'*'") != std::string::npos);
  }
  SECTION("more exceptions than are named one by one")
  {
    auto& p = test::add_gpo(s, "SMB", test::k_gpo_a, {{std::string(gpo_value::smb_client_block_ntlm), "1"}});
    std::string many;
    for (int i = 0; i < 50; ++i) {
      many += (i == 0 ? "" : ",") + std::string("srv") + std::to_string(i);
    }
    add_exceptions(p, many);
    const auto findings = test::run_check(b.build(), "GPO-SMB-NTLM-EXCEPTIONS");
    REQUIRE(findings.size() == 1);
    CHECK(listed(findings[0]) == 20);
    CHECK(findings[0].summary.find("50 server(s)") != std::string::npos);
  }
}

TEST_CASE("GPO-SMB-NTLM-EXCEPTIONS: no block, no list, hostile entries", "[checks][GPO-SMB-NTLM-EXCEPTIONS]")
{
  test::SnapshotBuilder b;
  auto& s = b.snapshot();
  SECTION("an exception list without Block NTLM has no effect")
  {
    auto& p = test::add_gpo(s, "SMB", test::k_gpo_a, {{std::string(gpo_value::smb_client_block_ntlm), "0"}});
    add_exceptions(p, "nas01");
    CHECK(test::run_check(b.build(), "GPO-SMB-NTLM-EXCEPTIONS").empty());
  }
  SECTION("Block NTLM without exceptions depends on nothing")
  {
    auto& p = test::add_gpo(s, "SMB", test::k_gpo_a, {{std::string(gpo_value::smb_client_block_ntlm), "1"}});
    add_exceptions(p, " , ,");
    CHECK(test::run_check(b.build(), "GPO-SMB-NTLM-EXCEPTIONS").empty());
  }
  SECTION("control characters, terminal escapes and overlong entries are sanitized")
  {
    auto& p = test::add_gpo(s, "SMB", test::k_gpo_a, {{std::string(gpo_value::smb_client_block_ntlm), "1"}});
    add_exceptions(p, "evil\x1b]0;owned\x07host,line\nbreak," + std::string(10000, 'a') + "," +
                        std::string("\xff\xfe", 2));
    const auto findings = test::run_check(b.build(), "GPO-SMB-NTLM-EXCEPTIONS");
    REQUIRE(findings.size() == 1);
    for (const auto& e : findings[0].evidence) {
      CHECK(e.value.find('\x1b') == std::string::npos);
      CHECK(e.value.find('\n') == std::string::npos);
      CHECK(e.value.size() <= 2100);
    }
  }
}
