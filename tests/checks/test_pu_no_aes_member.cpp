#include "src/ad/etypes.hpp"
#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"

using namespace kerbready;

namespace {
constexpr std::int64_t k_2010 = 1262304000;
constexpr std::int64_t k_2008 = 1199145600;
constexpr std::int64_t k_2020 = 1577836800;
} // namespace

TEST_CASE("PU-NO-AES-MEMBER: members that cannot pre-authenticate with AES", "[checks][PU-NO-AES-MEMBER]")
{
  test::SnapshotBuilder b;
  b.user("des_user").user_account_control |= uac::use_des_key_only;
  b.user("old_pw").pwd_last_set = k_2008;
  const std::string base = ",CN=Users,DC=corp,DC=example,DC=com";
  b.group("Read-only Domain Controllers", 521).when_created = k_2010;
  b.group("Protected Users", 525).members = {"CN=des_user" + base, "CN=old_pw" + base};
  const auto findings = test::run_check(b.build(), "PU-NO-AES-MEMBER");
  REQUIRE(findings.size() == 2);
  for (const auto& f : findings) {
    CHECK(f.severity == Severity::high);
    if (f.subject == "old_pw") {
      CHECK(f.summary.find("heuristic") != std::string::npos);
      CHECK(f.remediation.find("Set-ADAccountPassword 'old_pw' -Reset") != std::string::npos);
    } else {
      CHECK(f.remediation.find("UseDESKeyOnly") != std::string::npos);
    }
  }
}

// msDS-SupportedEncryptionTypes governs tickets to the account, not its pre-authentication
// (MS-KILE 3.3.5.6): an RC4-only value on a member with AES keys is no logon failure, while a
// member without AES keys fails whatever the attribute says.
TEST_CASE("PU-NO-AES-MEMBER: the attribute does not decide, the keys do", "[checks][PU-NO-AES-MEMBER]")
{
  test::SnapshotBuilder b;
  auto& rc4_keys_ok = b.user("rc4_attr_aes_keys");
  rc4_keys_ok.supported_encryption_types = etype::rc4_hmac;
  rc4_keys_ok.pwd_last_set = k_2020;
  auto& aes_attr_old = b.user("aes_attr_old_pw");
  aes_attr_old.supported_encryption_types = etype::aes;
  aes_attr_old.pwd_last_set = k_2008;
  const std::string base = ",CN=Users,DC=corp,DC=example,DC=com";
  b.group("Read-only Domain Controllers", 521).when_created = k_2010;
  b.group("Protected Users", 525).members = {"CN=rc4_attr_aes_keys" + base, "CN=aes_attr_old_pw" + base};
  const auto findings = test::run_check(b.build(), "PU-NO-AES-MEMBER");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].subject == "aes_attr_old_pw");
  CHECK(findings[0].severity == Severity::high);
}

TEST_CASE("PU-NO-AES-MEMBER: AES-capable, unset or unknown", "[checks][PU-NO-AES-MEMBER]")
{
  test::SnapshotBuilder b;
  b.user("aes_user").supported_encryption_types = etype::aes | etype::rc4_hmac;
  b.user("unset_recent").pwd_last_set = k_2020;
  b.user("no_threshold_known");
  const std::string base = ",CN=Users,DC=corp,DC=example,DC=com";
  b.group("Read-only Domain Controllers", 521).when_created = k_2010;
  b.group("Protected Users", 525).members = {"CN=aes_user" + base, "CN=unset_recent" + base,
                                             "CN=no_threshold_known" + base};
  CHECK(test::run_check(b.build(), "PU-NO-AES-MEMBER").empty());
}
