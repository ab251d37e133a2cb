#include "src/etypes.hpp"
#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"

using namespace kerbready;

namespace {
constexpr std::int64_t k_2010 = 1262304000;
constexpr std::int64_t k_2008 = 1199145600;
constexpr std::int64_t k_2020 = 1577836800;
} // namespace

TEST_CASE("PU-NO-AES-MEMBER: members that cannot use AES", "[checks][PU-NO-AES-MEMBER]")
{
  test::SnapshotBuilder b;
  b.user("des_user").user_account_control |= uac::use_des_key_only;
  b.user("rc4_user").supported_encryption_types = etype::rc4_hmac;
  b.user("old_pw").pwd_last_set = k_2008;
  const std::string base = ",CN=Users,DC=corp,DC=example,DC=com";
  b.group("Read-only Domain Controllers", 521).when_created = k_2010;
  b.group("Protected Users", 525).members = {"CN=des_user" + base, "CN=rc4_user" + base, "CN=old_pw" + base};
  const auto findings = test::run_check(b.build(), "PU-NO-AES-MEMBER");
  REQUIRE(findings.size() == 3);
  for (const auto& f : findings) {
    if (f.subject == "old_pw") {
      CHECK(f.severity == Severity::medium);
      CHECK(f.summary.find("heuristic") != std::string::npos);
    } else {
      CHECK(f.severity == Severity::high);
    }
  }
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
