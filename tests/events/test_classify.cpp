#include "src/events/classify.hpp"
#include "src/events/summary.hpp"

#include <catch2/catch.hpp>

using namespace kerbready::events;

namespace {

Event
make(std::uint32_t id, std::string computer, std::vector<std::pair<std::string, std::string>> data,
     std::int64_t t = 1709539200)
{
  Event e;
  e.event_id = id;
  e.computer = std::move(computer);
  e.data = std::move(data);
  e.time = t;
  return e;
}

} // namespace

TEST_CASE("events: event times", "[events][classify]")
{
  CHECK(parse_event_time("2024-03-04T08:00:00.1234567Z") == 1709539200);
  CHECK(parse_event_time("2024-03-04 08:00:00.123456") == 1709539200);
  CHECK(parse_event_time("2024-03-04T09:30:00+01:30") == 1709539200);
  CHECK(parse_event_time("\\/Date(1709539200999)\\/") == 1709539200);
  CHECK(parse_event_time("yesterday") == 0);
  CHECK(parse_event_time("2024-13-04T08:00:00Z") == 0);
  CHECK(day_of(1709539200) == "2024-03-04");
  CHECK(day_of(0) == "1970-01-01");
}

TEST_CASE("events: target names", "[events][classify]")
{
  auto k = target_key("HTTP/Web01.corp.example.com@CORP.EXAMPLE.COM");
  CHECK(k.kind == TargetKind::spn);
  CHECK(k.key == "http/web01.corp.example.com");
  k = target_key("MSSQLSvc/sql.corp.example.com:1433");
  CHECK(k.key == "mssqlsvc/sql.corp.example.com:1433");
  CHECK(k.host == "sql.corp.example.com");
  CHECK(target_key("cifs/10.0.0.5").kind == TargetKind::ip);
  CHECK(target_key("\\\\FILES01\\share").key == "files01");
  CHECK(target_key("https://portal.corp.example.com:8443/x").key == "portal.corp.example.com");
  CHECK(target_key("-").kind == TargetKind::none);
  CHECK(target_key("").kind == TargetKind::none);
}

TEST_CASE("events: what an event says", "[events][classify]")
{
  SECTION("4624 NTLM from a local account, NTLMv1")
  {
    const auto r = classify(make(4624, "APP01.corp.example.com",
                                 {{"TargetUserName", "admin"},
                                  {"TargetDomainName", "APP01"},
                                  {"AuthenticationPackageName", "NTLM"},
                                  {"LmPackageName", "NTLM V1"},
                                  {"WorkstationName", "WS9"},
                                  {"IpAddress", "::ffff:10.0.0.9"}}));
    CHECK(r.protocol == Protocol::ntlm);
    CHECK(r.version == NtlmVersion::v1);
    CHECK(r.local_account);
    CHECK(!r.loopback);
    CHECK(r.client == "ws9");
    CHECK(r.client_ip == "10.0.0.9");
    CHECK(r.server == "app01.corp.example.com");
  }
  SECTION("4624 with another package is not NTLM")
  {
    CHECK(classify(make(4624, "x", {{"AuthenticationPackageName", "Negotiate"}})).protocol == Protocol::none);
    CHECK(classify(make(4624, "x", {{"AuthenticationPackageName", "Kerberos"}})).protocol == Protocol::kerberos);
  }
  SECTION("4769 failure")
  {
    const auto r = classify(make(4769, "dc1", {{"ServiceName", "cifs/files"}, {"Status", "0x7"}}));
    CHECK(r.protocol == Protocol::kerberos);
    CHECK(!r.success);
    CHECK(r.status == 7);
  }
  SECTION("8004 names the server by its secure channel; 8006 is cross-domain; 4001 is blocked")
  {
    auto r = classify(make(8004, "dc1", {{"SChannelName", "FILES01"}, {"WorkstationName", "WS01"}}));
    CHECK(r.server == "files01");
    CHECK(r.client == "ws01");
    CHECK(!r.cross_domain);
    CHECK(classify(make(8006, "dc1", {{"SChannelName", "FILES01"}})).cross_domain);
    CHECK(classify(make(4001, "ws1", {{"TargetName", "cifs/x"}})).blocked);
    CHECK(!classify(make(8001, "ws1", {{"TargetName", "cifs/x"}})).blocked);
  }
  SECTION("enhanced events: reason and version")
  {
    const auto r =
      classify(make(4020, "ws1", {{"TargetName", "cifs/10.0.0.1"}, {"ReasonId", "7"}, {"NtlmVersion", "NTLMv2"}}));
    REQUIRE(r.reason);
    CHECK(*r.reason == 7);
    CHECK(r.version == NtlmVersion::v2);
    CHECK(describe_reason(7) == "target name contains an IP address");
    CHECK(classify(make(4023, "s", {{"ReasonId", "10"}})).loopback);
  }
  SECTION("RPC endpoint mapper and unknown ids")
  {
    CHECK(classify(make(8001, "app01", {{"TargetName", "RPCSS/app01"}})).rpc_epm);
    CHECK(classify(make(4688, "x", {})).protocol == Protocol::none);
  }
}

TEST_CASE("events: summary", "[events][summary]")
{
  EventSummary s;
  for (int i = 0; i < 3; ++i) {
    s.add(make(4776, "dc1", {{"TargetUserName", "alice"}, {"Workstation", "WS1"}, {"Status", "0x0"}}, 1709539200 + i));
  }
  s.add(make(4769, "dc1", {{"ServiceName", "FILES01$"}, {"Status", "0x0"}}, 1709539200));
  s.add(make(4769, "dc1", {{"ServiceName", "FILES01$"}, {"Status", "0x0"}}, 1709539200 + 86400));
  s.add(make(4688, "x", {}));
  CHECK(s.events == 6);
  CHECK(s.ntlm == 3);
  CHECK(s.kerberos == 2);
  CHECK(s.ignored == 1);
  CHECK(s.has_both_protocols());
  REQUIRE(s.per_day.size() == 2);
  CHECK(s.per_day["2024-03-04"].ntlm == 3);
  CHECK(s.per_day["2024-03-04"].kerberos == 1);
  CHECK(s.per_day["2024-03-05"].kerberos == 1);
  CHECK(EventSummary::top(s.accounts, 1).front().first == "alice");
  // No target: the 4776s are kept per DC that logged them, so that the join can tell their domain.
  CHECK(s.targets.count("") == 0);
  CHECK(s.targets["(no target)@dc1"].observed.count == 3);
  CHECK(s.targets["(no target)@dc1"].validated_by == "dc1");
  CHECK(s.targets["(no target)@dc1"].key.kind == TargetKind::none);
  CHECK(s.first_seen == 1709539200);

  SECTION("clients per target are bounded")
  {
    Observation o;
    for (std::size_t i = 0; i < k_max_clients_per_key + 50; ++i) {
      o.add(1, "c" + std::to_string(i));
    }
    CHECK(o.count == k_max_clients_per_key + 50);
    CHECK(o.client_count() == k_max_clients_per_key);
    CHECK(o.clients.size() == k_max_named_clients);
    CHECK(o.clients_capped);
    std::size_t budget = 3;
    Observation small;
    for (int i = 0; i < 5; ++i) {
      small.add(1, "c" + std::to_string(i), &budget);
    }
    CHECK(small.client_count() == 3);
    CHECK(budget == 0);
    CHECK(small.clients_capped);
  }
}
