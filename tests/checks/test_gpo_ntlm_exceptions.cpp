#include "src/ad/gpo.hpp"
#include "tests/support/gpo_policies.hpp"
#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"

using namespace kerbready;

namespace {

GpoPolicy&
add_list(Snapshot& s, const char* guid, std::string_view path, const std::string& data)
{
  auto& policy = test::add_gpo(s, "Exceptions", guid, {});
  policy.registry_values.push_back(GpoRegistryValue{std::string(path), 7, data, {}});
  return policy;
}

} // namespace

TEST_CASE("GPO-NTLM-EXCEPTIONS: wildcards, IP addresses, plain names", "[checks][GPO-NTLM-EXCEPTIONS]")
{
  test::SnapshotBuilder b;
  auto& s = b.snapshot();
  SECTION("a wildcard is medium")
  {
    add_list(s, test::k_gpo_a, gpo_value::client_allowed_ntlm_servers, "app01.corp.example.com,*.corp.example.com");
    const auto findings = test::run_check(b.build(), "GPO-NTLM-EXCEPTIONS");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].severity == Severity::medium);
    CHECK(findings[0].summary.find("*.corp.example.com") != std::string::npos);
    CHECK(findings[0].summary.find("2 NTLM exception") != std::string::npos);
  }
  SECTION("a lone star and a star inside a name are wildcards")
  {
    add_list(s, test::k_gpo_a, gpo_value::client_allowed_ntlm_servers, "web*01");
    add_list(s, test::k_gpo_b, gpo_value::dc_allowed_ntlm_servers, "*");
    const auto findings = test::run_check(b.build(), "GPO-NTLM-EXCEPTIONS");
    REQUIRE(findings.size() == 2);
    CHECK(findings[0].severity == Severity::medium);
    CHECK(findings[1].severity == Severity::medium);
  }
  SECTION("an IP address is low")
  {
    add_list(s, test::k_gpo_a, gpo_value::client_allowed_ntlm_servers, "app01, 10.0.0.5");
    const auto findings = test::run_check(b.build(), "GPO-NTLM-EXCEPTIONS");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].severity == Severity::low);
    CHECK(findings[0].summary.find("10.0.0.5") != std::string::npos);
  }
  SECTION("plain names are info; an empty list is nothing")
  {
    add_list(s, test::k_gpo_a, gpo_value::client_allowed_ntlm_servers, "app01.corp.example.com");
    add_list(s, test::k_gpo_b, gpo_value::dc_allowed_ntlm_servers, " , ");
    const auto findings = test::run_check(b.build(), "GPO-NTLM-EXCEPTIONS");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].severity == Severity::info);
  }
  SECTION("with links: DCAllowedNTLMServers only for the DC OU")
  {
    add_list(s, test::k_gpo_a, gpo_value::dc_allowed_ntlm_servers, "*");
    test::link_gpos(s, test::k_root_dn, test::gplink_entry(test::k_gpo_a));
    const auto findings = test::run_check(b.build(), "GPO-NTLM-EXCEPTIONS");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].subject.find("domain controllers") != std::string::npos);
  }
}
