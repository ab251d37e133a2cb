#include "src/model/check.hpp"
#include "src/util/error.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <regex>
#include <set>

using namespace kerbready;

TEST_CASE("registry: every check is complete and uniquely named", "[registry]")
{
  const auto& checks = all_checks();
  REQUIRE(checks.size() >= 6);
  std::set<std::string_view> ids;
  const std::regex id_pattern("^[A-Z0-9]+(-[A-Z0-9]+)+$");
  for (const auto* c : checks) {
    INFO(c->id);
    CHECK(std::regex_match(std::string(c->id), id_pattern));
    CHECK(ids.insert(c->id).second);
    CHECK_FALSE(c->title.empty());
    CHECK_FALSE(c->description.empty());
    CHECK_FALSE(c->remediation.empty());
    CHECK(c->severity != Severity::count_);
    CHECK(c->cause != FallbackCause::count_);
    if (c->kind != CheckKind::events) {
      CHECK(c->find != nullptr);
      CHECK(c->needs != 0);
    }
  }
}

TEST_CASE("registry: every severity and cause has a name", "[registry]")
{
  for (int i = 0; i < static_cast<int>(Severity::count_); ++i) {
    const auto name = name_of(static_cast<Severity>(i));
    CHECK(name != "unknown");
    CHECK(parse_severity(name) == static_cast<Severity>(i));
  }
  for (int i = 0; i < static_cast<int>(FallbackCause::count_); ++i) {
    CHECK(name_of(static_cast<FallbackCause>(i)) != "unknown");
    CHECK(describe(static_cast<FallbackCause>(i)) != "unknown");
  }
  CHECK(parse_severity("nonsense") == Severity::count_);
}

TEST_CASE("registry: one registry holds the directory, events and relate checks", "[registry]")
{
  // The events checks are registered like any other: list-checks, docs, suppressions and reports
  // know them.
  const auto events = checks_of_kind(CheckKind::events);
  REQUIRE(events.size() == 14);
  for (const auto* c : events) {
    CHECK(c->id.substr(0, 4) == "EVT-");
    CHECK(c->find == nullptr);
    CHECK(find_check(c->id) == c);
  }
  const auto relate = checks_of_kind(CheckKind::relate_findings);
  REQUIRE(relate.size() == 3); // sorted by id
  CHECK(relate[0]->id == "DNS-VIP-NO-SPN");
  CHECK(relate[1]->id == "GPO-NTLM-BLOCKING-PREMATURE");
  CHECK(relate[2]->id == "NAME-SINGLE-LABEL");
  for (const auto* check : relate) {
    CHECK(check->relate != nullptr);
  }
  // The probe picks the checks whose findings predict a refusal by this property, not by a list.
  std::vector<std::string_view> confirmable;
  for (const auto* c : all_checks()) {
    if (c->kdc_confirms_refusal) {
      confirmable.push_back(c->id);
    }
  }
  // A new check that sets the property joins them without editing this list.
  for (const std::string_view id : {"DFS-TARGET-ALIAS", "DNS-CNAME-NO-SPN", "DNS-VIP-NO-SPN", "EVT-NTLM-DUPLICATE-SPN",
                                    "EVT-NTLM-MISSING-SPN", "SPN-DUPLICATE", "SPN-MISSING-HOST"}) {
    CHECK(std::find(confirmable.begin(), confirmable.end(), id) != confirmable.end());
  }
  CHECK(&required_check("SPN-DUPLICATE") == find_check("SPN-DUPLICATE"));
  CHECK_THROWS_AS(required_check("NO-SUCH-CHECK"), Fatal);
}

TEST_CASE("registry: every fallback cause is some check's cause", "[registry]")
{
  std::set<FallbackCause> produced;
  for (const auto* c : all_checks()) {
    produced.insert(c->cause); // dc_connectivity: EVT-NTLM-DC-CONNECTIVITY
  }
  for (std::size_t i = 0; i < static_cast<std::size_t>(FallbackCause::count_); ++i) {
    INFO(name_of(static_cast<FallbackCause>(i)));
    CHECK(produced.count(static_cast<FallbackCause>(i)) == 1);
  }
}
