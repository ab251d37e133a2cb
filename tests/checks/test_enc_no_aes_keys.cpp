#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"

using namespace kerbready;

namespace {
constexpr std::int64_t k_2008 = 1199145600;
constexpr std::int64_t k_2010 = 1262304000;
constexpr std::int64_t k_2024 = 1704067200;
} // namespace

TEST_CASE("ENC-NO-AES-KEYS: passwords older than the RID-521 group", "[checks][ENC-NO-AES-KEYS]")
{
  test::SnapshotBuilder b;
  b.group("Read-only Domain Controllers", 521).when_created = k_2010;
  b.user("old_user").pwd_last_set = k_2008;
  auto& svc = b.user("old_svc");
  svc.pwd_last_set = k_2008;
  svc.service_principal_names = {"HTTP/old.corp.example.com"};
  const auto findings = test::run_check(b.build(), "ENC-NO-AES-KEYS");
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].subject == "old_svc");
  CHECK(findings[0].severity == Severity::high);
  CHECK(findings[1].severity == Severity::medium);
  CHECK(findings[1].summary.find("heuristic") != std::string::npos);
}

TEST_CASE("ENC-NO-AES-KEYS: recent passwords, exemptions, unknown threshold", "[checks][ENC-NO-AES-KEYS]")
{
  test::SnapshotBuilder b;
  b.user("new_user").pwd_last_set = k_2024;
  auto& krbtgt = b.user("krbtgt");
  krbtgt.pwd_last_set = k_2008;
  auto& off = b.user("disabled");
  off.pwd_last_set = k_2008;
  off.user_account_control |= uac::account_disable;
  SECTION("nothing to report")
  {
    b.group("Read-only Domain Controllers", 521).when_created = k_2010;
    CHECK(test::run_check(b.build(), "ENC-NO-AES-KEYS").empty());
  }
  SECTION("RID-521 group not read: one info finding per domain")
  {
    const auto findings = test::run_check(b.build(), "ENC-NO-AES-KEYS");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].severity == Severity::info);
    CHECK(findings[0].summary.find("unknown") != std::string::npos);
  }
}

TEST_CASE("ENC-NO-AES-KEYS: fresh pre-created computers are exempt", "[checks][ENC-NO-AES-KEYS]")
{
  test::SnapshotBuilder b;
  // A domain whose RID-521 group is recent (upgraded late); a computer pre-created before that
  // would be odd, so use the reference time to make it fresh and unjoined.
  b.group("Read-only Domain Controllers", 521).when_created = k_2024;
  auto& pc = b.computer("AUTOPILOT01");
  pc.when_created = k_2024 - 86400;
  pc.pwd_last_set = k_2024 - 86400;
  b.snapshot().reference_time = k_2024 + 5 * 86400;
  SECTION("never logged on: exempt")
  {
    CHECK(test::run_check(b.build(), "ENC-NO-AES-KEYS").empty());
  }
  SECTION("has logged on: reported")
  {
    b.snapshot().accounts.back().last_logon_timestamp = k_2024;
    CHECK(test::run_check(b.build(), "ENC-NO-AES-KEYS").size() == 1);
  }
}

TEST_CASE("ENC-NO-AES-KEYS: passwords around the creation of a domain born at the 2008 level",
          "[checks][ENC-NO-AES-KEYS]")
{
  constexpr std::int64_t k_promo = k_2024 - 400 * 86400;
  test::SnapshotBuilder b;
  b.snapshot().domains[0].when_created = k_promo;
  b.group("Read-only Domain Controllers", 521).when_created = k_promo + 61;
  // The built-in Administrator keeps the password of the server's local SAM: set before the
  // domain existed, so it has no AES keys.
  b.user("Administrator").pwd_last_set = k_promo - 3600;
  b.user("setup_svc").pwd_last_set = k_promo + 30; // set during the promotion, before the group
  const auto findings = test::run_check(b.build(), "ENC-NO-AES-KEYS");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].subject == "Administrator");
  REQUIRE(findings[0].evidence.size() == 2);
  CHECK(findings[0].evidence[1].name.find("whenCreated of DC=corp,DC=example,DC=com") != std::string::npos);
  CHECK(findings[0].evidence[1].name.find("same promotion") != std::string::npos);
}
