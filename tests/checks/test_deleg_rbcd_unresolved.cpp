#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"

using namespace kerbready;

namespace {

const std::string k_sid = test::k_domain_sid;

} // namespace

TEST_CASE("DELEG-RBCD-UNRESOLVED: a SID of a read domain that nothing holds", "[checks][DELEG-RBCD-UNRESOLVED]")
{
  test::SnapshotBuilder b;
  const auto front_sid = b.computer("WEB01").sid.str();
  b.computer("SQL01").rbcd_allowed_sids = std::vector<std::string>{front_sid, k_sid + "-4242"};
  const auto findings = test::run_check(b.build(), "DELEG-RBCD-UNRESOLVED");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].subject == "SQL01$ <- " + k_sid + "-4242");
  CHECK(findings[0].severity == Severity::medium);
  CHECK(findings[0].cause == FallbackCause::app_config);
  CHECK(findings[0].summary.find("corp.example.com") != std::string::npos);
  CHECK(findings[0].remediation.find("Get-ADComputer -Identity 'CN=SQL01,CN=Computers,DC=corp,DC=example,DC=com'") !=
        std::string::npos);
}

TEST_CASE("DELEG-RBCD-UNRESOLVED: resolved SIDs, groups, well-known SIDs and disabled resources",
          "[checks][DELEG-RBCD-UNRESOLVED]")
{
  test::SnapshotBuilder b;
  const auto front = b.user("svc_front").sid.str();
  const auto group = b.group("Web Front-ends").sid;
  b.computer("SQL01").rbcd_allowed_sids =
    std::vector<std::string>{front, group, "S-1-5-32-544", "S-1-1-0", "S-1-5-18", "s-1-5-21-1000-2000-3000-1100"};
  auto& off = b.computer("OLD01");
  off.user_account_control |= uac::account_disable;
  off.rbcd_allowed_sids = std::vector<std::string>{k_sid + "-4242"};
  // An empty DACL allows nobody: nothing to resolve.
  b.computer("EMPTY01").rbcd_allowed_sids = std::vector<std::string>{};
  CHECK(test::run_check(b.build(), "DELEG-RBCD-UNRESOLVED").empty());
}

TEST_CASE("DELEG-RBCD-UNRESOLVED: SIDs of trusted or unknown domains are not judged",
          "[checks][DELEG-RBCD-UNRESOLVED][scope]")
{
  test::SnapshotBuilder b;
  b.trust("partner.example", 0x8).sid = "S-1-5-21-7-8-9";
  b.computer("SQL01").rbcd_allowed_sids = std::vector<std::string>{"S-1-5-21-7-8-9-1105", "S-1-5-21-4-5-6-1105"};
  // A domain known only by name (its domain object not read) does not make its SIDs judgeable.
  const auto findings = test::run_check(b.build(), "DELEG-RBCD-UNRESOLVED");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].severity == Severity::info);
  CHECK(findings[0].subject == "2 SIDs outside what was read");
  REQUIRE(findings[0].evidence.size() == 2);
  CHECK(findings[0].evidence[0].name == "S-1-5-21-4-5-6-1105");
  CHECK(findings[0].evidence[1].value.find("trusted domain partner.example") != std::string::npos);
  CHECK(findings[0].affected.at(0).sam_account_name == "SQL01$");
}

TEST_CASE("DELEG-RBCD-UNRESOLVED: hostile SID text", "[checks][DELEG-RBCD-UNRESOLVED][hostile]")
{
  test::SnapshotBuilder b;
  // The decoder only ever produces S-1-... text, but a snapshot may carry anything in a test: nothing
  // that is not a domain account SID is judged, and nothing crashes.
  b.computer("SQL01").rbcd_allowed_sids =
    std::vector<std::string>{"", "S-", "S-1-5-21-\x1b[31m-1-2-3", std::string(5000, '9'), "S-1-5-21-1-2-3-4-5-6-7"};
  for (const auto& f : test::run_check(b.build(), "DELEG-RBCD-UNRESOLVED")) {
    CHECK(f.severity == Severity::info);
  }
}
