#include "src/ad/etypes.hpp"
#include "src/ad/trust.hpp"
#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"

using namespace kerbready;

TEST_CASE("TRUST-NO-AES: trusts without AES", "[checks][TRUST-NO-AES]")
{
  test::SnapshotBuilder b;
  b.trust("rc4.example", trust_attr::forest_transitive).supported_encryption_types = etype::rc4_hmac;
  b.trust("unset.example", trust_attr::forest_transitive);
  b.trust("child.corp.example.com", trust_attr::within_forest);
  b.trust("REALM.EXAMPLE", 0, trust_type::mit).supported_encryption_types = etype::des_cbc_md5;
  const auto findings = test::run_check(b.build(), "TRUST-NO-AES");
  REQUIRE(findings.size() == 4);
  for (const auto& f : findings) {
    if (f.subject == "rc4.example" || f.subject == "REALM.EXAMPLE") {
      CHECK(f.severity == Severity::high);
    } else if (f.subject == "unset.example") {
      CHECK(f.severity == Severity::medium);
      CHECK(f.summary.find("default") != std::string::npos);
    } else {
      CHECK(f.subject == "child.corp.example.com");
      CHECK(f.severity == Severity::low);
    }
  }
}

TEST_CASE("TRUST-NO-AES: AES trusts, downlevel and disabled trusts", "[checks][TRUST-NO-AES]")
{
  test::SnapshotBuilder b;
  b.trust("aes.example", trust_attr::forest_transitive).supported_encryption_types = etype::aes | etype::rc4_hmac;
  b.trust("aes128.example", 0).supported_encryption_types = etype::aes128;
  b.trust("NT4", 0, trust_type::downlevel);
  b.trust("gone.example", 0, trust_type::uplevel, trust_direction::disabled);
  CHECK(test::run_check(b.build(), "TRUST-NO-AES").empty());
}

// The referral into the partner is issued by this domain's KDC only when the partner trusts this
// domain (inbound or bidirectional): an outbound-only trust's TDO decides nothing here.
TEST_CASE("TRUST-NO-AES: outbound-only trusts are not judged", "[checks][TRUST-NO-AES]")
{
  test::SnapshotBuilder b;
  b.trust("out.example", trust_attr::forest_transitive, trust_type::uplevel, trust_direction::outbound)
    .supported_encryption_types = etype::rc4_hmac;
  b.trust("in.example", trust_attr::forest_transitive, trust_type::uplevel, trust_direction::inbound)
    .supported_encryption_types = etype::rc4_hmac;
  const auto findings = test::run_check(b.build(), "TRUST-NO-AES");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].subject == "in.example");
  CHECK(findings[0].severity == Severity::high);
}
