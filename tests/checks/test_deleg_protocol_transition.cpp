#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"

using namespace kerbready;

TEST_CASE("DELEG-PROTOCOL-TRANSITION: front-ends trusted to authenticate for delegation",
          "[checks][DELEG-PROTOCOL-TRANSITION]")
{
  test::SnapshotBuilder b;
  auto& web = b.computer("WEB01");
  web.user_account_control |= uac::trusted_to_auth_for_delegation;
  web.allowed_to_delegate_to = {"MSSQLSvc/sql01.corp.example.com:1433"};
  b.user("svc_portal").user_account_control |= uac::trusted_to_auth_for_delegation;
  const auto findings = test::run_check(b.build(), "DELEG-PROTOCOL-TRANSITION");
  REQUIRE(findings.size() == 2);
  for (const auto& f : findings) {
    CHECK(f.severity == Severity::medium);
    CHECK(f.cause == FallbackCause::app_config);
    CHECK(f.summary.find("NTLM included") != std::string::npos);
    CHECK(f.remediation.find("-TrustedToAuthForDelegation $false") != std::string::npos);
  }
  const auto& w = findings[0].subject == "WEB01$" ? findings[0] : findings[1];
  CHECK(w.summary.find("to 1 service") != std::string::npos);
  CHECK(w.evidence.back().value == "MSSQLSvc/sql01.corp.example.com:1433");
  const auto& p = findings[0].subject == "WEB01$" ? findings[1] : findings[0];
  CHECK(p.summary.find("with no msDS-AllowedToDelegateTo entry") != std::string::npos);
}

TEST_CASE("DELEG-PROTOCOL-TRANSITION: Kerberos-only delegation, disabled accounts and RODCs are not reported",
          "[checks][DELEG-PROTOCOL-TRANSITION]")
{
  test::SnapshotBuilder b;
  b.computer("WEB01").allowed_to_delegate_to = {"cifs/fs01.corp.example.com"};
  b.user("svc_unconstrained").user_account_control |= uac::trusted_for_delegation;
  auto& off = b.user("svc_old");
  off.user_account_control |= uac::trusted_to_auth_for_delegation | uac::account_disable;
  // An RODC's account has the bit by default (0x5001000).
  b.computer("BRANCH-RODC01").user_account_control =
    uac::partial_secrets_account | uac::trusted_to_auth_for_delegation | uac::workstation_trust_account;
  CHECK(test::run_check(b.build(), "DELEG-PROTOCOL-TRANSITION").empty());
}

TEST_CASE("DELEG-PROTOCOL-TRANSITION: hostile names stay out of the command and the terminal",
          "[checks][DELEG-PROTOCOL-TRANSITION][hostile]")
{
  test::SnapshotBuilder b;
  auto& a = b.user("svc\x1b[31m\nSet-ADUser pwned");
  a.user_account_control |= uac::trusted_to_auth_for_delegation;
  a.allowed_to_delegate_to = {std::string(10000, 'x'), "\x1b]8;;http://evil\x07"};
  const auto findings = test::run_check(b.build(), "DELEG-PROTOCOL-TRANSITION");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].remediation.find("(no command: ") != std::string::npos);
  CHECK(findings[0].remediation.find('\x1b') == std::string::npos);
  CHECK(findings[0].evidence.size() == 3);
}
