#include "src/ad/special_accounts.hpp"
#include "tests/support/snapshot_builder.hpp"

#include <catch2/catch.hpp>

using namespace kerbready;

TEST_CASE("special accounts: every entry names its source and advice", "[special_accounts]")
{
  const auto table = special_accounts();
  REQUIRE(table.size() == static_cast<std::size_t>(SpecialAccountKind::count_));
  for (std::size_t i = 0; i < table.size(); ++i) {
    CHECK(static_cast<std::size_t>(table[i].kind) == i);
    CHECK(table[i].source.rfind("https://learn.microsoft.com/", 0) == 0);
    CHECK_FALSE(table[i].what.empty());
    CHECK_FALSE(table[i].advice.empty());
    CHECK_FALSE(table[i].is_host);
  }
}

TEST_CASE("special accounts: matched by name and kind", "[special_accounts]")
{
  test::SnapshotBuilder b;
  auto kind_of = [](const Account& a) {
    const auto* s = special_account(a);
    return s == nullptr ? SpecialAccountKind::count_ : s->kind;
  };
  CHECK(kind_of(b.computer("AZUREADSSOACC", false)) == SpecialAccountKind::seamless_sso);
  CHECK(kind_of(b.computer("azureadssoacc", false)) == SpecialAccountKind::seamless_sso);
  CHECK(kind_of(b.computer("AzureADKerberos", false)) == SpecialAccountKind::entra_kerberos_server);
  CHECK(kind_of(b.user("krbtgt_AzureAD")) == SpecialAccountKind::entra_kerberos_krbtgt);
  CHECK(kind_of(b.user("krbtgt_31337")) == SpecialAccountKind::rodc_krbtgt);
  CHECK(kind_of(b.user("MSOL_0a1b2c3d4e5f")) == SpecialAccountKind::entra_connect_sync);
  CHECK(kind_of(b.user("AAD_9e4d0b1c6f8d")) == SpecialAccountKind::entra_connect_service);
  CHECK(kind_of(b.user("Sync_CONNECT01_1a2b3")) == SpecialAccountKind::entra_connector);
  CHECK(kind_of(b.user("sync_aadc-02_0f9e8d7c")) == SpecialAccountKind::entra_connector);
  CHECK(kind_of(b.user("HealthMailboxc3d7722")) == SpecialAccountKind::exchange_health);
  CHECK(kind_of(b.user("AAD_admin")) == SpecialAccountKind::count_);           // no hex id
  CHECK(kind_of(b.user("Sync_backup")) == SpecialAccountKind::count_);         // no server and id
  CHECK(kind_of(b.user("Sync_files_daily")) == SpecialAccountKind::count_);    // the tail is no hex id
  CHECK(kind_of(b.user("HealthMailboxAdmin")) == SpecialAccountKind::count_);  // no hex id
  CHECK(kind_of(b.computer("HEALTHMAILBOX01")) == SpecialAccountKind::count_); // a computer
  // Look-alikes are ordinary accounts.
  CHECK(kind_of(b.user("krbtgt")) == SpecialAccountKind::count_);
  CHECK(kind_of(b.user("krbtgt_backup")) == SpecialAccountKind::count_);
  CHECK(kind_of(b.user("MSOL_admin")) == SpecialAccountKind::count_);
  CHECK(kind_of(b.user("AZUREADSSOACC$")) == SpecialAccountKind::count_); // a user, not the computer
  CHECK(kind_of(b.computer("WEB01")) == SpecialAccountKind::count_);
}

TEST_CASE("special accounts: Seamless SSO SPN hosts", "[special_accounts]")
{
  CHECK(is_seamless_sso_spn_host("autologon.microsoftazuread-sso.com"));
  CHECK(is_seamless_sso_spn_host("AUTOLOGON.microsoftazuread-sso.com"));
  CHECK(is_seamless_sso_spn_host("aadg.windows.net.nsatc.net"));
  CHECK_FALSE(is_seamless_sso_spn_host("autologon.example.com"));
}

TEST_CASE("special accounts: remediation commands are quoted", "[special_accounts]")
{
  test::SnapshotBuilder b;
  auto& sso = b.computer("AZUREADSSOACC", false);
  const auto text = special_remediation(*special_account(sso), sso);
  CHECK(text.find("Set-ADComputer -Identity 'CN=AZUREADSSOACC,CN=Computers,DC=corp,DC=example,DC=com' "
                  "-KerberosEncryptionType AES256") != std::string::npos);
  CHECK(text.find("Update-AzureADSSOForest") != std::string::npos);
  CHECK(text.find("setspn") == std::string::npos);
  auto& msol = b.user("MSOL_0a1b2c3d4e5f");
  msol.dn = "CN=O'Brien MSOL,CN=Users,DC=corp,DC=example,DC=com";
  const auto msol_text = special_remediation(*special_account(msol), msol);
  CHECK(msol_text.find("-ADConnectorAccountDN 'CN=O''Brien MSOL,CN=Users,DC=corp,DC=example,DC=com'") !=
        std::string::npos);
}
