#include "src/ad/forest_trust_info.hpp"
#include "src/ad/gpo.hpp"
#include "src/ad/trust.hpp"
#include "tests/support/gpo_policies.hpp"
#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"

using namespace kerbready;

namespace {

constexpr const char* k_id = "TRUST-SUFFIX-ROUTING";

ForestTrustRecord
tln(const std::string& name, std::uint32_t flags = 0, std::uint8_t type = forest_trust_record::top_level_name)
{
  ForestTrustRecord r;
  r.type = type;
  r.flags = flags;
  r.name = name;
  return r;
}

ForestTrustRecord
domain_record(const std::string& dns, const std::string& netbios, std::uint32_t flags = 0)
{
  ForestTrustRecord r;
  r.type = forest_trust_record::domain_info;
  r.name = dns;
  r.netbios_name = netbios;
  r.sid = "S-1-5-21-7-8-9";
  r.flags = flags;
  return r;
}

Trust&
forest_trust(test::SnapshotBuilder& b, std::vector<ForestTrustRecord> info)
{
  auto& t = b.trust("partner.example", trust_attr::forest_transitive);
  t.forest_trust_info_present = true;
  t.forest_trust_info = std::move(info);
  return t;
}

// The partner forest's Configuration partition, read by the same scan: its domain crossRefs and
// its Partitions container with `upn` and `spn` suffixes.
void
add_partner_forest(Snapshot& s, const std::vector<std::string>& domains, std::vector<std::string> upn,
                   std::vector<std::string> spn)
{
  for (const auto& d : domains) {
    CrossRef ref;
    ref.dn = "CN=" + d.substr(0, d.find('.')) + ",CN=Partitions,CN=Configuration,DC=partner,DC=example";
    ref.dns_root = d;
    ref.system_flags = 3;
    s.configuration.cross_refs.push_back(ref);
  }
  PartitionsContainer p;
  p.dn = "CN=Partitions,CN=Configuration,DC=partner,DC=example";
  p.forest_root = "partner.example";
  p.upn_suffixes = std::move(upn);
  p.spn_suffixes = std::move(spn);
  s.configuration.partitions.push_back(std::move(p));
  s.data_sets |= static_cast<unsigned>(DataSet::configuration);
}

bool
has_evidence(const Finding& f, const std::string& needle)
{
  for (const auto& e : f.evidence) {
    if (e.value.find(needle) != std::string::npos || e.name.find(needle) != std::string::npos) {
      return true;
    }
  }
  return false;
}

} // namespace

TEST_CASE("TRUST-SUFFIX-ROUTING: disabled, excluded and conflicting records", "[checks][TRUST-SUFFIX-ROUTING]")
{
  test::SnapshotBuilder b;
  forest_trust(b, {tln("partner.example"), tln("apps.example", tln_flag::disabled_new),
                   tln("conflict.example", tln_flag::disabled_conflict),
                   tln("legacy.partner.example", 0, forest_trust_record::top_level_name_exclusion),
                   domain_record("partner.example", "PARTNER", domain_info_flag::sid_disabled_admin)});
  const auto findings = test::run_check(b.build(), k_id);
  REQUIRE(findings.size() == 1);
  const auto& f = findings[0];
  CHECK(f.severity == Severity::low); // the partner forest is not in the scan
  CHECK(f.cause == FallbackCause::trust);
  CHECK(f.subject == "partner.example");
  CHECK(f.summary.find("4 disabled or excluded") != std::string::npos);
  CHECK(has_evidence(f, "apps.example is disabled (LSA_TLN_DISABLED_NEW)"));
  CHECK(has_evidence(f, "conflict.example is disabled (LSA_TLN_DISABLED_CONFLICT)"));
  CHECK(has_evidence(f, "legacy.partner.example is excluded"));
  CHECK(has_evidence(f, "LSA_SID_DISABLED_ADMIN"));
}

TEST_CASE("TRUST-SUFFIX-ROUTING: a suffix the partner forest added after the trust", "[checks][TRUST-SUFFIX-ROUTING]")
{
  test::SnapshotBuilder b;
  forest_trust(b, {tln("partner.example"), tln("partner-apps.example", tln_flag::disabled_new)});
  auto& s = b.snapshot();
  add_partner_forest(s, {"partner.example", "child.partner.example"}, {"partner-apps.example", "partner.mail"},
                     {"svc.partner.example"});
  const auto findings = test::run_check(b.build(), k_id);
  REQUIRE(findings.size() == 1);
  const auto& f = findings[0];
  CHECK(f.severity == Severity::medium);
  CHECK(f.summary.find("does not route 2 name(s)") != std::string::npos);
  CHECK(has_evidence(f, "partner-apps.example (uPNSuffixes of the partner forest) is under disabled top-level name "
                        "partner-apps.example (LSA_TLN_DISABLED_NEW)"));
  CHECK(has_evidence(f, "partner.mail (uPNSuffixes of the partner forest) has no top-level name"));
  CHECK_FALSE(has_evidence(f, "child.partner.example (domain")); // routed under partner.example
  CHECK_FALSE(has_evidence(f, "svc.partner.example (msDS"));     // routed under partner.example

  SECTION("a forest search order that lists the partner is evidence")
  {
    test::add_gpo(s, "Forest search", test::k_gpo_a, {{std::string(gpo_value::kerberos_use_forest_search), "1"}});
    s.gpo_policies.back().registry_values.push_back(
      GpoRegistryValue{std::string(gpo_value::kerberos_forest_search_list), 1, "other.example;Partner.Example.", {}});
    const auto with_order = test::run_check(b.build(), k_id);
    REQUIRE(with_order.size() == 1);
    CHECK(has_evidence(with_order[0], "Kerberos client \"Use forest search order\""));
  }
}

TEST_CASE("TRUST-SUFFIX-ROUTING: healthy routing and other trusts", "[checks][TRUST-SUFFIX-ROUTING]")
{
  test::SnapshotBuilder b;
  forest_trust(b, {tln("partner.example"), tln("partner.mail"), domain_record("partner.example", "PARTNER")});
  add_partner_forest(b.snapshot(), {"partner.example"}, {"partner.mail"}, {});
  // Not forest trusts, or disabled: never evaluated even with disabled records.
  auto& external = b.trust("ext.example", 0);
  external.forest_trust_info = {tln("ext.example", tln_flag::disabled_admin)};
  auto& off = b.trust("off.example", trust_attr::forest_transitive, 2, 0);
  off.forest_trust_info = {tln("off.example", tln_flag::disabled_admin)};
  // A forest trust whose value was not collected or could not be decoded: no records, no finding.
  auto& undecoded = b.trust("undecoded.example", trust_attr::forest_transitive);
  undecoded.forest_trust_info_present = true;
  CHECK(test::run_check(b.build(), k_id).empty());
}

TEST_CASE("TRUST-SUFFIX-ROUTING: hostile names are escaped", "[checks][TRUST-SUFFIX-ROUTING]")
{
  test::SnapshotBuilder b;
  forest_trust(b, {tln("partner.example"), tln("evil\x1b[31m\n\xe2\x80\xae.example", tln_flag::disabled_admin),
                   tln(std::string(5000, 'a') + ".example", tln_flag::disabled_new)});
  const auto findings = test::run_check(b.build(), k_id);
  REQUIRE(findings.size() == 1);
  for (const auto& e : findings[0].evidence) {
    CHECK(e.value.find('\x1b') == std::string::npos);
    CHECK(e.value.find('\n') == std::string::npos);
    CHECK(e.value.find("\xe2\x80\xae") == std::string::npos);
    CHECK(e.value.size() < 1024);
  }
  CHECK(has_evidence(findings[0], "\\x1b"));
}
