#include "src/ad/etypes.hpp"
#include "src/ad/gpo.hpp"
#include "src/scan/scan.hpp"
#include "tests/support/gpo_policies.hpp"
#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"

#include <fmt/format.h>

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

// ClientAllowedNTLMServers in force for the blocked clients keeps NTLM to the servers it names: a
// remaining cause about a covered server is no outage. The list is matched as written (one `*`
// anywhere), per scope, and a cause that names no server is never covered.
TEST_CASE("GPO-NTLM-BLOCKING-PREMATURE: causes covered by the NTLM exception list in force",
          "[checks][GPO-NTLM-BLOCKING-PREMATURE]")
{
  test::SnapshotBuilder b;
  auto& s = b.snapshot();
  const std::vector<std::string> checks = {"GPO-NTLM-BLOCKING-PREMATURE", "SPN-DUPLICATE", "GPO-NTLM-LMCOMPAT"};
  test::add_gpo(s, "Block", test::k_gpo_a, {{std::string(gpo_value::restrict_sending_ntlm), "2"}});
  test::add_gpo(s, "Exceptions", test::k_gpo_b, {});
  auto& block = s.gpo_policies[0];
  auto& exceptions = s.gpo_policies[1];
  test::link_gpos(s, test::k_root_dn, test::gplink_entry(test::k_gpo_a) + test::gplink_entry(test::k_gpo_b));
  b.user("svc_a").service_principal_names = {"HTTP/app.corp.example.com"};
  b.user("svc_b").service_principal_names = {"HTTP/app.corp.example.com"};
  const auto set_list = [&](const std::string& data) {
    exceptions.registry_values.push_back(
      GpoRegistryValue{std::string(gpo_value::client_allowed_ntlm_servers), 7, data, {}});
  };
  const auto evidence = [](const Finding& f, std::string_view name) {
    std::vector<std::string> out;
    for (const auto& e : f.evidence) {
      if (e.name == name) {
        out.push_back(e.value);
      }
    }
    return out;
  };
  SECTION("no exception list: the duplicate SPN remains")
  {
    const auto found = blocking(run_checks(b.build(), checks));
    REQUIRE(found.size() == 2);
    CHECK(evidence(found[0], "fallback cause remaining").size() == 1);
  }
  SECTION("a wildcard entry covers the server: not premature")
  {
    set_list("other01,*.corp.example.com");
    CHECK(blocking(run_checks(b.build(), checks)).empty());
  }
  SECTION("an exact FQDN entry covers it, in any case")
  {
    set_list("APP.corp.example.com");
    CHECK(blocking(run_checks(b.build(), checks)).empty());
  }
  SECTION("a NetBIOS entry does not cover the FQDN clients ask for; a wildcard for another suffix neither")
  {
    set_list("app,*.other.example.com,app*.corp");
    const auto found = blocking(run_checks(b.build(), checks));
    REQUIRE(found.size() == 2);
    CHECK(evidence(found[0], "fallback cause covered by an NTLM exception").empty());
  }
  SECTION("a covered cause is listed as covered while an uncovered one remains")
  {
    set_list("*.corp.example.com");
    block.registry_values.push_back(
      GpoRegistryValue{std::string(gpo_value::lm_compatibility_level), 4, "1", {}}); // names no server
    const auto found = blocking(run_checks(b.build(), checks));
    REQUIRE(found.size() == 2);
    for (const auto& f : found) {
      const auto remaining = evidence(f, "fallback cause remaining");
      REQUIRE(!remaining.empty()); // GPO-NTLM-LMCOMPAT per scope
      for (const auto& r : remaining) {
        CHECK(r.find("(GPO-NTLM-LMCOMPAT)") != std::string::npos);
      }
      const auto covered = evidence(f, "fallback cause covered by an NTLM exception");
      REQUIRE(covered.size() == 1);
      CHECK(covered[0].find("(SPN-DUPLICATE): app.corp.example.com by '*.corp.example.com' "
                            "(ClientAllowedNTLMServers)") != std::string::npos);
      CHECK(f.summary.find(fmt::format("{} finding(s) at high or above (1 more covered by NTLM server exceptions)",
                                       remaining.size())) != std::string::npos);
    }
  }
  SECTION("an exception list in force only for another OU does not cover the domain's clients")
  {
    exceptions.registry_values.push_back(
      GpoRegistryValue{std::string(gpo_value::client_allowed_ntlm_servers), 7, "*", {}});
    test::set_gplink(s.gpo_link_containers.back(), test::gplink_entry(test::k_gpo_a));
    test::link_gpos(s, "OU=Servers,DC=corp,DC=example,DC=com", test::gplink_entry(test::k_gpo_b));
    const auto found = blocking(run_checks(b.build(), checks));
    CHECK(found.size() == 2); // members and DCs of the root still blocked; the OU's scope is covered
  }
}

TEST_CASE("ntlm_exception_matches: names as written, one wildcard anywhere", "[gpo]")
{
  CHECK(ntlm_exception_matches("*.corp.example.com", "web.corp.example.com"));
  CHECK_FALSE(ntlm_exception_matches("*.corp.example.com", "corp.example.com"));
  CHECK(ntlm_exception_matches("web*", "WEB01"));
  CHECK(ntlm_exception_matches("web*01", "web-a-01"));
  CHECK_FALSE(ntlm_exception_matches("web*01", "web01x"));
  CHECK(ntlm_exception_matches("*", "anything"));
  CHECK_FALSE(ntlm_exception_matches("web01", "web01.corp.example.com"));
  CHECK_FALSE(ntlm_exception_matches("*web*", "web01")); // two asterisks: outside the documented syntax
  CHECK_FALSE(ntlm_exception_matches("", "web01"));
}
