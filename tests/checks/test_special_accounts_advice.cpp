// The checks give the well-known accounts of src/ad/special_accounts.hpp the advice that fits them:
// nothing that would break Seamless SSO, Entra Kerberos or Entra Connect.

#include "src/ad/etypes.hpp"
#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"

using namespace kerbready;

namespace {
constexpr std::int64_t k_2010 = 1262304000;
constexpr std::int64_t k_2024 = 1704067200;
constexpr std::int64_t k_day = 86400;

// AZUREADSSOACC$ as Entra Connect creates it: a computer without dNSHostName or HOST/ SPNs, holding
// the Seamless SSO HTTP/ SPNs, RC4 only (its historical default).
Account&
seamless_sso(test::SnapshotBuilder& b)
{
  auto& a = b.computer("AZUREADSSOACC", false);
  a.dns_host_name.clear();
  a.service_principal_names = {"HTTP/autologon.microsoftazuread-sso.com", "HTTP/aadg.windows.net.nsatc.net"};
  a.supported_encryption_types = etype::rc4_hmac;
  return a;
}
} // namespace

TEST_CASE("AZUREADSSOACC$: no 'register HOST/' and no 'setspn -D'", "[checks][special_accounts]")
{
  test::SnapshotBuilder b;
  seamless_sso(b);
  CHECK(test::run_check(b.build(), "SPN-MISSING-HOST").empty());
  CHECK(test::run_check(b.build(), "SPN-DANGLING-HOST").empty());
  SECTION("the same SPN host on another account is still reported")
  {
    b.user("svc_sso").service_principal_names = {"HTTP/autologon.microsoftazuread-sso.com"};
    const auto findings = test::run_check(b.build(), "SPN-DANGLING-HOST");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].affected[0].sam_account_name == "svc_sso");
  }
}

TEST_CASE("AzureADKerberos$: not a host to register HOST/ SPNs for", "[checks][special_accounts]")
{
  test::SnapshotBuilder b;
  auto& a = b.computer("AzureADKerberos", false);
  a.user_account_control = uac::workstation_trust_account | uac::partial_secrets_account;
  a.dn = "CN=AzureADKerberos,OU=Domain Controllers," + b.dn_of_domain();
  CHECK(test::run_check(b.build(), "SPN-MISSING-HOST").empty());
}

TEST_CASE("AZUREADSSOACC$ RC4: reported, with the Seamless SSO key rollover as the fix", "[checks][special_accounts]")
{
  test::SnapshotBuilder b;
  seamless_sso(b);
  const auto findings = test::run_check(b.build(), "ENC-RC4-ONLY");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].severity == Severity::high); // RC4 matters: Entra ID decrypts with this key
  CHECK(findings[0].remediation.find("Update-AzureADSSOForest") != std::string::npos);
  CHECK(findings[0].remediation.find("AES256") != std::string::npos);
  CHECK(findings[0].remediation.find("Set-ADUser") == std::string::npos);
  CHECK(findings[0].evidence.back().value.find("how-to-connect-sso-faq") != std::string::npos);
}

TEST_CASE("AZUREADSSOACC$ without AES keys: roll the key over, never reset in AD", "[checks][special_accounts]")
{
  test::SnapshotBuilder b;
  b.group("Read-only Domain Controllers", 521).when_created = k_2024 - 365 * k_day;
  b.snapshot().reference_time = k_2024;
  seamless_sso(b).pwd_last_set = k_2010;
  const auto findings = test::run_check(b.build(), "ENC-NO-AES-KEYS");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].remediation.find("Update-AzureADSSOForest") != std::string::npos);
  CHECK(findings[0].remediation.find("Set-ADAccountPassword") == std::string::npos);
}

TEST_CASE("RODC krbtgt_NNNNN: the RODC's own reset, not the domain krbtgt's", "[checks][special_accounts]")
{
  test::SnapshotBuilder b;
  b.group("Read-only Domain Controllers", 521).when_created = k_2010;
  b.snapshot().reference_time = k_2024;
  b.user("krbtgt_12345").pwd_last_set = k_2024 - 365 * k_day;
  const auto findings = test::run_check(b.build(), "KRBTGT-PASSWORD-AGE");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].remediation.find("this RODC's krbtgt") != std::string::npos);
  CHECK(findings[0].remediation.find("does not touch the domain krbtgt") != std::string::npos);
  CHECK(findings[0].remediation.find("Reset the krbtgt password twice") == std::string::npos);
}

TEST_CASE("MSOL_ account: never Protected Users or a gMSA", "[checks][special_accounts]")
{
  test::SnapshotBuilder b;
  auto& msol = b.user("MSOL_0a1b2c3d4e5f");
  msol.admin_count = 1;
  const auto dn = msol.dn;
  auto& admins = b.group("Domain Admins", 512);
  admins.members = {dn};
  const auto findings = test::run_check(b.build(), "PU-PRIVILEGED-OUTSIDE");
  REQUIRE(findings.size() == 1);
  const auto& fix = findings[0].remediation;
  CHECK(fix.find("Add-ADGroupMember") == std::string::npos);
  CHECK(fix.find("Do not add it to Protected Users") != std::string::npos);
  CHECK(fix.find("Set-ADSyncRestrictedPermissions") != std::string::npos);
  CHECK(findings[0].evidence.back().name == "well-known account");
}

TEST_CASE("AAD_ sync service account: never Protected Users, never disabled", "[checks][special_accounts]")
{
  test::SnapshotBuilder b;
  auto& aad = b.user("AAD_9e4d0b1c6f8d");
  aad.admin_count = 1;
  const auto dn = aad.dn;
  b.group("Domain Admins", 512).members = {dn};
  const auto findings = test::run_check(b.build(), "PU-PRIVILEGED-OUTSIDE");
  REQUIRE(findings.size() == 1);
  const auto& fix = findings[0].remediation;
  CHECK(fix.find("Add-ADGroupMember") == std::string::npos);
  CHECK(fix.find("Do not disable it") == 0);
  CHECK(fix.find("Protected Users") != std::string::npos);
  CHECK(findings[0].evidence.back().name == "well-known account");
  CHECK(findings[0].evidence.back().value.find("concept-adsync-service-account") != std::string::npos);
}
