#include "src/ad/forest_search.hpp"
#include "src/ad/gpo.hpp"
#include "src/ad/trust.hpp"
#include "tests/support/gpo_policies.hpp"
#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"

using namespace kerbready;

namespace {

constexpr const char* k_id = "GPO-FOREST-SEARCH-ORDER";

void
set_order(Snapshot& s, std::string_view enabled_path, std::string_view list_path, const std::string& enabled,
          const std::string& list)
{
  test::add_gpo(s, "Forest search", test::k_gpo_a, {{std::string(enabled_path), enabled}});
  s.gpo_policies.back().registry_values.push_back(GpoRegistryValue{std::string(list_path), 1, list, {}});
}

} // namespace

TEST_CASE("GPO-FOREST-SEARCH-ORDER: a listed forest no trust reaches", "[checks][GPO-FOREST-SEARCH-ORDER]")
{
  test::SnapshotBuilder b;
  b.trust("partner.example", trust_attr::forest_transitive);
  auto& s = b.snapshot();
  SECTION("Kerberos client policy")
  {
    set_order(s, gpo_value::kerberos_use_forest_search, gpo_value::kerberos_forest_search_list, "1",
              " partner.example ; gone.example.;child.partner.example;corp.example.com");
    const auto findings = test::run_check(b.build(), k_id);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].severity == Severity::low);
    CHECK(findings[0].summary.find("Kerberos client") != std::string::npos);
    CHECK(findings[0].summary.find("gone.example") != std::string::npos);
    CHECK(findings[0].summary.find("partner.example") == std::string::npos);
    CHECK(findings[0].summary.find("corp.example.com") == std::string::npos);
  }
  SECTION("KDC policy, linked: per scope")
  {
    set_order(s, gpo_value::kdc_use_forest_search, gpo_value::kdc_forest_search_list, "1", "gone.example");
    test::link_gpos(s, test::k_root_dn, test::gplink_entry(test::k_gpo_a));
    const auto findings = test::run_check(b.build(), k_id);
    REQUIRE(findings.size() == 2); // members and DCs
    CHECK(findings[0].summary.find("KDC") != std::string::npos);
    CHECK(findings[0].key != findings[1].key);
  }
  SECTION("enabled with an empty list")
  {
    set_order(s, gpo_value::kerberos_use_forest_search, gpo_value::kerberos_forest_search_list, "1", " ; ");
    const auto findings = test::run_check(b.build(), k_id);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].summary.find("no forest listed") != std::string::npos);
  }
  SECTION("hostile list entries are escaped")
  {
    set_order(s, gpo_value::kerberos_use_forest_search, gpo_value::kerberos_forest_search_list, "1",
              "evil\x1b[2J\xe2\x80\xae.example");
    const auto findings = test::run_check(b.build(), k_id);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].summary.find('\x1b') == std::string::npos);
    CHECK(findings[0].summary.find("\xe2\x80\xae") == std::string::npos);
    for (const auto& e : findings[0].evidence) {
      CHECK(e.value.find('\x1b') == std::string::npos);
    }
  }
}

TEST_CASE("GPO-FOREST-SEARCH-ORDER: reached forests, disabled policy", "[checks][GPO-FOREST-SEARCH-ORDER]")
{
  test::SnapshotBuilder b;
  b.trust("partner.example", trust_attr::forest_transitive);
  b.trust("ext.example", 0);
  auto& s = b.snapshot();
  SECTION("every listed forest is reached")
  {
    set_order(s, gpo_value::kerberos_use_forest_search, gpo_value::kerberos_forest_search_list, "1",
              "partner.example;ext.example");
    CHECK(test::run_check(b.build(), k_id).empty());
  }
  SECTION("disabled (0) or not a number")
  {
    set_order(s, gpo_value::kerberos_use_forest_search, gpo_value::kerberos_forest_search_list, "0", "gone.example");
    CHECK(test::run_check(b.build(), k_id).empty());
    s.gpo_policies.back().registry_values.front().data = "junk";
    CHECK(test::run_check(b.build(), k_id).empty());
  }
  SECTION("a trust that is disabled does not reach")
  {
    b.trust("off.example", trust_attr::forest_transitive, 2, 0);
    set_order(s, gpo_value::kerberos_use_forest_search, gpo_value::kerberos_forest_search_list, "1", "off.example");
    CHECK(test::run_check(b.build(), k_id).size() == 1);
  }
  CHECK(forest_search_entries(" A.example. ;;b.example") == std::vector<std::string>{"a.example", "b.example"});
}
