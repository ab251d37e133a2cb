#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"

using namespace kerbready;

namespace {
constexpr std::int64_t k_2008 = 1199145600;
constexpr std::int64_t k_2010 = 1262304000;
constexpr std::int64_t k_2024 = 1704067200;
constexpr std::int64_t k_day = 86400;
} // namespace

TEST_CASE("KRBTGT-PASSWORD-AGE: old or pre-AES krbtgt", "[checks][KRBTGT-PASSWORD-AGE]")
{
  test::SnapshotBuilder b;
  b.group("Read-only Domain Controllers", 521).when_created = k_2010;
  b.snapshot().reference_time = k_2024;
  SECTION("pre-AES: high")
  {
    b.user("krbtgt").pwd_last_set = k_2008;
    const auto findings = test::run_check(b.build(), "KRBTGT-PASSWORD-AGE");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].severity == Severity::high);
  }
  SECTION("a year old: low; RODC krbtgt too")
  {
    b.user("krbtgt").pwd_last_set = k_2024 - 365 * k_day;
    b.user("krbtgt_12345").pwd_last_set = k_2024 - 200 * k_day;
    const auto findings = test::run_check(b.build(), "KRBTGT-PASSWORD-AGE");
    REQUIRE(findings.size() == 2);
    CHECK(findings[0].severity == Severity::low);
    CHECK(findings[0].summary.find("more than 180 days") != std::string::npos);
  }
  SECTION("no reference time: unknown")
  {
    b.snapshot().reference_time = 0;
    b.user("krbtgt").pwd_last_set = k_2024 - 365 * k_day;
    const auto findings = test::run_check(b.build(), "KRBTGT-PASSWORD-AGE");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].severity == Severity::info);
  }
}

TEST_CASE("KRBTGT-PASSWORD-AGE: recently reset", "[checks][KRBTGT-PASSWORD-AGE]")
{
  test::SnapshotBuilder b;
  b.group("Read-only Domain Controllers", 521).when_created = k_2010;
  b.snapshot().reference_time = k_2024;
  b.user("krbtgt").pwd_last_set = k_2024 - 30 * k_day;
  b.user("krbtgtish_user").pwd_last_set = k_2008;
  CHECK(test::run_check(b.build(), "KRBTGT-PASSWORD-AGE").empty());
}

TEST_CASE("KRBTGT-PASSWORD-AGE: krbtgt_AzureAD gets the Entra key rotation, never a password reset",
          "[checks][KRBTGT-PASSWORD-AGE]")
{
  test::SnapshotBuilder b;
  b.group("Read-only Domain Controllers", 521).when_created = k_2010;
  b.snapshot().reference_time = k_2024;
  b.user("krbtgt_AzureAD").pwd_last_set = k_2024 - 365 * k_day;
  b.user("krbtgt_backup").pwd_last_set = k_2024 - 365 * k_day; // neither an RODC's nor Entra's
  const auto findings = test::run_check(b.build(), "KRBTGT-PASSWORD-AGE");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].subject == "krbtgt_AzureAD@corp.example.com");
  CHECK(findings[0].severity == Severity::low);
  CHECK(findings[0].remediation.find("Set-AzureADKerberosServer -Domain 'corp.example.com'") != std::string::npos);
  CHECK(findings[0].remediation.find("-RotateServerKey") != std::string::npos);
  CHECK(findings[0].remediation.find("New-KrbtgtKeys") == std::string::npos);
}

TEST_CASE("KRBTGT-PASSWORD-AGE: a domain created at the 2008 level makes AES keys from its creation",
          "[checks][KRBTGT-PASSWORD-AGE]")
{
  // What dcpromo writes for a new forest at the 2016 level: the domain object, then krbtgt's
  // password, then (one second later) the RID-521 group.
  constexpr std::int64_t k_promo = 1704067200 - 400 * k_day;
  test::SnapshotBuilder b;
  b.snapshot().domains[0].when_created = k_promo;
  b.snapshot().reference_time = k_promo + 30 * k_day;
  auto& rodcs = b.group("Read-only Domain Controllers", 521);
  rodcs.when_created = k_promo + 61;
  b.user("krbtgt").pwd_last_set = k_promo + 60;
  SECTION("krbtgt set during the promotion has AES keys")
  {
    CHECK(test::run_check(b.build(), "KRBTGT-PASSWORD-AGE").empty());
  }
  SECTION("a domain upgraded later: the RID-521 group dates the AES keys")
  {
    b.snapshot().groups.back().when_created = k_promo + k_day + 1; // past k_same_promotion_seconds
    const auto findings = test::run_check(b.build(), "KRBTGT-PASSWORD-AGE");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].severity == Severity::high);
    REQUIRE(findings[0].evidence.size() == 2);
    CHECK(findings[0].evidence[1].name.find("CN=Read-only Domain Controllers") != std::string::npos);
    CHECK(findings[0].evidence[1].name.find("created after the domain") != std::string::npos);
  }
}
