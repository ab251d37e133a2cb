#include "src/ad/etypes.hpp"
#include "src/ad/gpo.hpp"
#include "src/scan/scan.hpp"
#include "tests/support/gpo_policies.hpp"
#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"

#include <algorithm>

using namespace kerbready;

namespace {

const std::vector<std::string> k_pair = {"GPO-NTLM-BLOCKING-PREMATURE", "GPO-NTLM-LMCOMPAT"};

std::vector<Finding>
blocking(const Report& report)
{
  std::vector<Finding> out;
  std::copy_if(report.findings.begin(), report.findings.end(), std::back_inserter(out),
               [](const Finding& f) { return f.check_id == "GPO-NTLM-BLOCKING-PREMATURE"; });
  return out;
}

} // namespace

TEST_CASE("GPO-NTLM-BLOCKING-PREMATURE: blocking while a high finding remains", "[checks][GPO-NTLM-BLOCKING-PREMATURE]")
{
  test::SnapshotBuilder b;
  auto& s = b.snapshot();
  test::add_gpo(
    s, "Block", test::k_gpo_a,
    {{std::string(gpo_value::restrict_sending_ntlm), "2"}, {std::string(gpo_value::lm_compatibility_level), "1"}});
  test::link_gpos(s, test::k_root_dn, test::gplink_entry(test::k_gpo_a));
  const auto report = run_checks(b.build(), k_pair);
  const auto found = blocking(report);
  REQUIRE(found.size() == 2); // members and DCs
  for (const auto& f : found) {
    CHECK(f.severity == Severity::high);
    const auto cause = std::find_if(f.evidence.begin(), f.evidence.end(),
                                    [](const Evidence& e) { return e.name == "fallback cause remaining"; });
    REQUIRE(cause != f.evidence.end());
    CHECK(cause->value.find("GPO-NTLM-LMCOMPAT-") == 0);
  }
  const auto result = std::find_if(report.checks.begin(), report.checks.end(),
                                   [](const CheckResult& r) { return r.check->id == "GPO-NTLM-BLOCKING-PREMATURE"; });
  REQUIRE(result != report.checks.end());
  CHECK(result->findings == 2);
}

TEST_CASE("GPO-NTLM-BLOCKING-PREMATURE: no finding without remaining causes or without blocking",
          "[checks][GPO-NTLM-BLOCKING-PREMATURE]")
{
  test::SnapshotBuilder b;
  auto& s = b.snapshot();
  SECTION("blocking, nothing else at high")
  {
    test::add_gpo(
      s, "Block", test::k_gpo_a,
      {{std::string(gpo_value::restrict_receiving_ntlm), "2"}, {std::string(gpo_value::lm_compatibility_level), "5"}});
    const auto report = run_checks(b.build(), k_pair);
    CHECK(blocking(report).empty());
    CHECK(report.checks[0].findings == 0);
  }
  SECTION("audit only, with a high finding")
  {
    test::add_gpo(
      s, "Audit", test::k_gpo_a,
      {{std::string(gpo_value::restrict_sending_ntlm), "1"}, {std::string(gpo_value::lm_compatibility_level), "0"}});
    CHECK(blocking(run_checks(b.build(), k_pair)).empty());
  }
  SECTION("RestrictNTLMInDomain only counts for DCs")
  {
    test::add_gpo(
      s, "Members", test::k_gpo_a,
      {{std::string(gpo_value::restrict_ntlm_in_domain), "7"}, {std::string(gpo_value::lm_compatibility_level), "0"}});
    test::link_gpos(s, "OU=Servers,DC=corp,DC=example,DC=com", test::gplink_entry(test::k_gpo_a));
    test::link_gpos(s, test::k_root_dn, "");
    CHECK(blocking(run_checks(b.build(), k_pair)).empty());
  }
}

// Incoming blocking on one OU's servers fails only those servers: a high finding about an object
// elsewhere in the domain is no remaining cause for it (per scope, not per domain).
TEST_CASE("GPO-NTLM-BLOCKING-PREMATURE: incoming blocking is matched per scope",
          "[checks][GPO-NTLM-BLOCKING-PREMATURE]")
{
  test::SnapshotBuilder b;
  auto& s = b.snapshot();
  const std::vector<std::string> checks = {"GPO-NTLM-BLOCKING-PREMATURE", "ENC-RC4-ONLY"};
  test::add_gpo(s, "Block servers", test::k_gpo_a, {{std::string(gpo_value::restrict_receiving_ntlm), "2"}});
  test::link_gpos(s, "OU=Servers,DC=corp,DC=example,DC=com", test::gplink_entry(test::k_gpo_a));
  test::link_gpos(s, test::k_root_dn, "");
  auto& svc = b.user("svc_rc4");
  svc.service_principal_names = {"HTTP/app.corp.example.com"};
  svc.supported_encryption_types = etype::rc4_hmac;
  SECTION("the high finding is outside the blocked OU: no finding")
  {
    CHECK(blocking(run_checks(b.build(), checks)).empty());
  }
  SECTION("the high finding is inside the blocked OU: reported")
  {
    b.snapshot().accounts.back().dn = "CN=svc_rc4,OU=Servers,DC=corp,DC=example,DC=com";
    const auto found = blocking(run_checks(b.build(), checks));
    REQUIRE(found.size() == 1);
    CHECK(found[0].summary.find("1 finding(s) at high or above") != std::string::npos);
  }
}
