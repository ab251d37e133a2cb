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
