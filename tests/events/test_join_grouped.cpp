// NTLM that events show going to a name DNS-VIP-NO-SPN grouped as an unreferenced appliance record
// is not lost in the group: the events join reports it as a finding of its own.

#include "src/events/join.hpp"
#include "src/scan/scan.hpp"
#include "tests/support/dns_records.hpp"
#include "tests/support/snapshot_builder.hpp"

#include <catch2/catch.hpp>

using namespace kerbready;
using namespace kerbready::events;

TEST_CASE("join: NTLM to a grouped appliance name gets its own finding", "[events][join][DNS-VIP-NO-SPN]")
{
  test::SnapshotBuilder b;
  b.domain_controller("DC1");
  auto& s = b.snapshot();
  s.data_sets |= static_cast<unsigned>(DataSet::dns);
  test::add_dns_node(s, "prn-ber-001", "corp.example.com", {test::a_record(10, 30, 0, 1)});
  test::add_dns_node(s, "lb-erp", "corp.example.com", {test::a_record(10, 0, 9, 40)});
  const auto snapshot = b.build();
  const auto before = run_checks(snapshot, {"DNS-VIP-NO-SPN"});
  REQUIRE(before.findings.size() == 1);
  CHECK(before.findings[0].subject == "2 unreferenced A records in zone corp.example.com");
  CHECK(before.findings[0].severity == Severity::info);

  EventSummary summary;
  for (int i = 0; i < 30; ++i) {
    Event e;
    e.event_id = 8001;
    e.time = 1709539200 + i;
    e.computer = "ws1.corp.example.com";
    e.data = {{"TargetName", "HTTP/lb-erp.corp.example.com"},
              {"UserName", "alice"},
              {"DomainName", "CORP"},
              {"ProcessName", "erpclient.exe"}};
    summary.add(e);
  }
  const auto report = join_events(before, snapshot, summary);
  const Finding* own = nullptr;
  for (const auto& f : report.findings) {
    if (f.check_id.rfind("EVT-", 0) == 0 && f.subject.find("lb-erp.corp.example.com") != std::string::npos) {
      own = &f;
    }
  }
  REQUIRE(own != nullptr);
  CHECK(own->severity != Severity::info);
  REQUIRE(own->observed);
  CHECK(own->observed->count == 30);
}
