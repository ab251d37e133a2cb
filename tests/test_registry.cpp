#include "src/check.hpp"

#include <catch2/catch.hpp>

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
    CHECK(c->find != nullptr);
    CHECK(c->needs != 0);
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
