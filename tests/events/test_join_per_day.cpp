// The events join hands the summary's per-day counts to the report (TrafficEvidence::per_day), which
// the HTML report's per-day chart draws: the same days and numbers, not a recount.

#include "src/events/join.hpp"
#include "tests/support/snapshot_builder.hpp"

#include <catch2/catch.hpp>

using namespace kerbready;
using namespace kerbready::events;

namespace {

Event
event(std::uint32_t id, std::int64_t time, std::vector<std::pair<std::string, std::string>> data)
{
  Event e;
  e.event_id = id;
  e.time = time;
  e.computer = "dc1.corp.example.com";
  for (auto& [k, v] : data) {
    e.data.emplace_back(std::move(k), std::move(v));
  }
  return e;
}

} // namespace

TEST_CASE("join: per-day NTLM, Kerberos and NTLMv1 counts reach the report", "[events][join][dashboard]")
{
  test::SnapshotBuilder b;
  b.domain_controller("DC1");
  const auto snapshot = b.build();
  EventSummary summary;
  constexpr std::int64_t k_day = 86400;
  constexpr std::int64_t k_monday = 1764547200; // 2025-12-01T00:00:00Z
  const auto ntlm = [&](std::int64_t time, const char* version) {
    return event(4624, time,
                 {{"AuthenticationPackageName", "NTLM"},
                  {"LmPackageName", version},
                  {"LogonType", "3"},
                  {"TargetUserName", "alice"},
                  {"TargetDomainName", "CORP"},
                  {"WorkstationName", "WS1"}});
  };
  const auto kerberos = [&](std::int64_t time) {
    return event(4769, time,
                 {{"ServiceName", "HTTP/web.corp.example.com"}, {"Status", "0x0"}, {"TargetUserName", "bob@CORP"}});
  };
  summary.add(ntlm(k_monday + 10, "NTLM V2"));
  summary.add(ntlm(k_monday + 20, "NTLM V1"));
  summary.add(kerberos(k_monday + 30));
  summary.add(kerberos(k_monday + 2 * k_day + 5)); // no events on the day between
  summary.add(ntlm(k_monday + 2 * k_day - 1, "NTLM V2"));

  Report before;
  const auto report = join_events(before, snapshot, summary);
  const auto& days = report.traffic.per_day;
  REQUIRE(days.size() == summary.per_day.size());
  REQUIRE(days.size() == 3);
  CHECK(days[0].day == "2025-12-01");
  CHECK(days[0].ntlm == 2);
  CHECK(days[0].ntlm_v1 == 1);
  CHECK(days[0].kerberos == 1);
  CHECK(days[1].day == "2025-12-02");
  CHECK(days[1].ntlm == 1);
  CHECK(days[1].kerberos == 0);
  CHECK(days[2].day == "2025-12-03");
  CHECK(days[2].kerberos == 1);
  CHECK(days[2].ntlm == 0);
  for (const auto& d : days) {
    const auto& s = summary.per_day.at(d.day);
    CHECK(std::tie(d.ntlm, d.kerberos, d.ntlm_v1) == std::tie(s.ntlm, s.kerberos, s.ntlm_v1));
  }
  CHECK(report.traffic.days == days.size());

  SECTION("no events, no days")
  {
    const auto empty = join_events(Report{}, snapshot, EventSummary{});
    CHECK(empty.traffic.per_day.empty());
  }
}
