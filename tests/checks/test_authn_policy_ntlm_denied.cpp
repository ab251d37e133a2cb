#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"

using namespace kerbready;

namespace {

const std::string k_policies = ",CN=AuthN Policies,CN=AuthN Policy Configuration,CN=Services,CN=Configuration,DC=corp,"
                               "DC=example,DC=com";
const std::string k_silos = ",CN=AuthN Silos,CN=AuthN Policy Configuration,CN=Services,CN=Configuration,DC=corp,"
                            "DC=example,DC=com";

AuthnPolicy&
policy(test::SnapshotBuilder& b, const std::string& name)
{
  b.with_configuration({});
  AuthnPolicy p;
  p.dn = "CN=" + name + k_policies;
  p.name = name;
  b.snapshot().configuration.authn_policies.push_back(p);
  return b.snapshot().configuration.authn_policies.back();
}

} // namespace

TEST_CASE("AUTHN-POLICY-NTLM-DENIED: an enforced policy restricting where users sign in from, NTLM not allowed",
          "[checks][AUTHN-POLICY-NTLM-DENIED]")
{
  test::SnapshotBuilder b;
  auto& p = policy(b, "Tier0 Admins");
  p.enforced = true;
  p.user_allowed_to_authenticate_from = true;
  p.user_allowed_ntlm_network = false;
  const auto dn = p.dn;
  b.user("adm_alice").assigned_authn_policy = dn;
  b.user("adm_bob").assigned_authn_policy = "cn=tier0 admins" + k_policies; // DNs compare normalised
  const auto findings = test::run_check(b.build(), "AUTHN-POLICY-NTLM-DENIED");
  REQUIRE(findings.size() == 2);
  for (const auto& f : findings) {
    CHECK(f.severity == Severity::medium);
    CHECK(f.cause == FallbackCause::app_config);
    CHECK(f.summary.find("refuses NTLM network logon") != std::string::npos);
    CHECK(
      f.remediation.find("Set-ADAuthenticationPolicy -Identity 'Tier0 Admins' -UserAllowedNTLMNetworkAuthentication "
                         "$true") != std::string::npos);
  }
}

TEST_CASE("AUTHN-POLICY-NTLM-DENIED: absent allowance reads as FALSE; audit-only is info",
          "[checks][AUTHN-POLICY-NTLM-DENIED]")
{
  test::SnapshotBuilder b;
  auto& p = policy(b, "Audit");
  p.user_allowed_to_authenticate_from = true; // msDS-AuthNPolicyEnforced and the allowance absent
  b.user("alice").assigned_authn_policy = p.dn;
  const auto findings = test::run_check(b.build(), "AUTHN-POLICY-NTLM-DENIED");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].severity == Severity::info);
  CHECK(findings[0].summary.find("would refuse (audit only") != std::string::npos);
  CHECK(findings[0].evidence.back().value == "absent (FALSE)");
}

TEST_CASE("AUTHN-POLICY-NTLM-DENIED: policies that let NTLM through are not reported",
          "[checks][AUTHN-POLICY-NTLM-DENIED]")
{
  test::SnapshotBuilder b;
  b.snapshot().domains[0].functional_level = 7;
  // NTLM denied but no AllowedToAuthenticateFrom condition: MS-APDS lets NTLM through.
  auto& only_flag = policy(b, "Flag only");
  only_flag.enforced = true;
  only_flag.user_allowed_ntlm_network = false;
  const auto flag_dn = only_flag.dn;
  auto& allows = policy(b, "Allows");
  allows.enforced = true;
  allows.user_allowed_to_authenticate_from = true;
  allows.user_allowed_ntlm_network = true;
  const auto allows_dn = allows.dn;
  auto& service = policy(b, "Services");
  service.enforced = true;
  service.user_allowed_to_authenticate_from = true; // a user condition: it does not apply to a gMSA
  const auto service_dn = service.dn;
  b.user("alice").assigned_authn_policy = flag_dn;
  b.user("bob").assigned_authn_policy = allows_dn;
  b.gmsa("gmsa_web").assigned_authn_policy = service_dn;
  b.computer("WEB01").assigned_authn_policy = service_dn; // computers: no NTLM rule
  auto& off = b.user("carol");
  off.assigned_authn_policy = service_dn;
  off.user_account_control |= uac::account_disable;
  CHECK(test::run_check(b.build(), "AUTHN-POLICY-NTLM-DENIED").empty());
}

TEST_CASE("AUTHN-POLICY-NTLM-DENIED: below the 2016 functional level the allowance may be ignored",
          "[checks][AUTHN-POLICY-NTLM-DENIED]")
{
  test::SnapshotBuilder b;
  b.snapshot().domains[0].functional_level = 6;
  auto& p = policy(b, "Allows");
  p.enforced = true;
  p.service_allowed_to_authenticate_from = true;
  p.service_allowed_ntlm_network = true;
  b.gmsa("gmsa_web").assigned_authn_policy = p.dn;
  const auto findings = test::run_check(b.build(), "AUTHN-POLICY-NTLM-DENIED");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].severity == Severity::low);
  CHECK(findings[0].summary.find("functional level is 6") != std::string::npos);
  CHECK(findings[0].remediation.find("-ServiceAllowedNTLMNetworkAuthentication") != std::string::npos);
}

TEST_CASE("AUTHN-POLICY-NTLM-DENIED: below the 2012 R2 functional level, DCs may apply no policy",
          "[checks][AUTHN-POLICY-NTLM-DENIED]")
{
  test::SnapshotBuilder b;
  b.snapshot().domains[0].functional_level = 4;
  auto& p = policy(b, "Tier0");
  p.enforced = true;
  p.user_allowed_to_authenticate_from = true;
  b.user("alice").assigned_authn_policy = p.dn;
  const auto findings = test::run_check(b.build(), "AUTHN-POLICY-NTLM-DENIED");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].severity == Severity::info);
  CHECK(findings[0].summary.find("refuses NTLM network logon for alice: the domain's functional level is 4") !=
        std::string::npos);
}

TEST_CASE("AUTHN-POLICY-NTLM-DENIED: the silo's policy and enforcement win for its members",
          "[checks][AUTHN-POLICY-NTLM-DENIED]")
{
  test::SnapshotBuilder b;
  auto& direct = policy(b, "Direct");
  direct.enforced = true; // allows everything: no AllowedToAuthenticateFrom
  const auto direct_dn = direct.dn;
  auto& siloed = policy(b, "Silo users");
  siloed.enforced = false; // the silo's enforcement counts, not the policy's
  siloed.user_allowed_to_authenticate_from = true;
  const auto siloed_dn = siloed.dn;
  auto& member = b.user("adm_alice");
  member.assigned_authn_policy = direct_dn;
  member.assigned_authn_policy_silo = "CN=Tier0" + k_silos;
  const auto member_dn = member.dn.str();
  auto& outsider = b.user("adm_bob"); // assigned to the silo, but not one of its members
  outsider.assigned_authn_policy = direct_dn;
  outsider.assigned_authn_policy_silo = "CN=Tier0" + k_silos;
  AuthnPolicySilo silo;
  silo.dn = "CN=Tier0" + k_silos;
  silo.name = "Tier0";
  silo.enforced = true;
  silo.user_policy = siloed_dn;
  silo.members = {member_dn};
  b.snapshot().configuration.authn_policy_silos.push_back(silo);
  auto findings = test::run_check(b.build(), "AUTHN-POLICY-NTLM-DENIED");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].subject == "adm_alice");
  CHECK(findings[0].severity == Severity::medium);
  CHECK(findings[0].summary.find("through the silo Tier0") != std::string::npos);
  // An unenforced silo only audits.
  b.snapshot().configuration.authn_policy_silos.back().enforced = false;
  findings = test::run_check(b.build(), "AUTHN-POLICY-NTLM-DENIED");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].severity == Severity::info);
}

TEST_CASE(
  "AUTHN-POLICY-NTLM-DENIED: a policy the snapshot does not hold is not judged; no Configuration, not evaluated",
  "[checks][AUTHN-POLICY-NTLM-DENIED][scope]")
{
  test::SnapshotBuilder b;
  b.with_configuration({});
  b.user("alice").assigned_authn_policy = "CN=Gone" + k_policies;
  b.user("bob").assigned_authn_policy = "CN=Gone" + k_policies;
  auto findings = test::run_check(b.build(), "AUTHN-POLICY-NTLM-DENIED");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].severity == Severity::info);
  CHECK(findings[0].affected.size() == 2);

  // A domain-only export: still evaluated (the scan stays complete), the assignment listed, not judged.
  test::SnapshotBuilder domain_only;
  domain_only.user("alice").assigned_authn_policy = "CN=Gone" + k_policies;
  const auto report = run_checks(domain_only.build(), {"AUTHN-POLICY-NTLM-DENIED"});
  REQUIRE(report.checks.size() == 1);
  CHECK(report.checks[0].status == CheckStatus::evaluated);
  REQUIRE(report.findings.size() == 1);
  CHECK(report.findings[0].severity == Severity::info);
  CHECK(report.findings[0].summary.find("Configuration partition, which holds the policies, was not read") !=
        std::string::npos);
}

TEST_CASE("AUTHN-POLICY-NTLM-DENIED: hostile policy names and DNs", "[checks][AUTHN-POLICY-NTLM-DENIED][hostile]")
{
  test::SnapshotBuilder b;
  auto& p = policy(b, "x");
  p.name = "Tier0'; Start-Process pwned; '\x1b[2J";
  p.dn = "CN=\\,\\+bad" + k_policies;
  p.enforced = true;
  p.user_allowed_to_authenticate_from = true;
  const auto dn = p.dn;
  b.user("alice").assigned_authn_policy = dn;
  b.user("bob").assigned_authn_policy = std::string(4000, ',');         // unparseable DN: not found
  b.user("carol").assigned_authn_policy_silo = "CN=\xff\xfe" + k_silos; // silo not held
  const auto findings = test::run_check(b.build(), "AUTHN-POLICY-NTLM-DENIED");
  REQUIRE(findings.size() == 3);
  const auto it = std::find_if(findings.begin(), findings.end(), [](const Finding& f) { return f.subject == "alice"; });
  REQUIRE(it != findings.end());
  CHECK(it->remediation.find("Start-Process pwned") == std::string::npos);
  CHECK(it->remediation.find("(no command: ") != std::string::npos);
}
