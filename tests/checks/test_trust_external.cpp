#include "src/ad/trust.hpp"
#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"

using namespace kerbready;

TEST_CASE("TRUST-EXTERNAL: external trusts default to NTLM", "[checks][TRUST-EXTERNAL]")
{
  test::SnapshotBuilder b;
  b.trust("partner.example", trust_attr::quarantined_domain);
  b.trust("LEGACY", 0); // created with NetBIOS names
  const auto findings = test::run_check(b.build(), "TRUST-EXTERNAL");
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].severity == Severity::high);
  CHECK(findings[0].cause == FallbackCause::trust);
  bool netbios_seen = false;
  for (const auto& f : findings) {
    if (f.subject == "LEGACY") {
      netbios_seen = true;
      CHECK(f.summary.find("NetBIOS") != std::string::npos);
    }
  }
  CHECK(netbios_seen);
}

TEST_CASE("TRUST-EXTERNAL: forest, within-forest, disabled and unknown trusts", "[checks][TRUST-EXTERNAL]")
{
  test::SnapshotBuilder b;
  b.trust("other-forest.example", trust_attr::forest_transitive);
  b.trust("child.corp.example.com", trust_attr::within_forest);
  b.trust("gone.example", 0, trust_type::uplevel, trust_direction::disabled);
  b.trust("nt4", 0, trust_type::downlevel);
  b.trust("realm.example", 0, trust_type::mit);
  SECTION("none is external")
  {
    CHECK(test::run_check(b.build(), "TRUST-EXTERNAL").empty());
  }
  SECTION("trustAttributes not read: unknown, at info")
  {
    b.trust("mystery.example", 0).trust_attributes.reset();
    const auto findings = test::run_check(b.build(), "TRUST-EXTERNAL");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].severity == Severity::info);
    CHECK(findings[0].summary.find("unknown") != std::string::npos);
  }
}
