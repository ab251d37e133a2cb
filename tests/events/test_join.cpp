#include "reports/reporter.hpp"
#include "src/events/join.hpp"
#include "src/events/reader.hpp"
#include "src/scan/scan.hpp"
#include "src/scan/verdict.hpp"
#include "tests/support/fix_text.hpp"
#include "tests/support/snapshot_builder.hpp"
#include "tests/support/two_domains.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <limits>

using namespace kerbready;
using namespace kerbready::events;

namespace {

// The directory tests/events/gen_events.py's scenario refers to.
Snapshot
corp()
{
  test::SnapshotBuilder b;
  b.domain_controller("DC1");
  b.computer("WEB01").service_principal_names.push_back("HTTP/web01.corp.example.com");
  b.user("svc_web").service_principal_names = {"HTTP/web01.corp.example.com"}; // SPN-DUPLICATE
  b.computer("FILES01");
  b.computer("APP01");
  b.user("svc_legacy").service_principal_names = {"MSSQLSvc/legacy.corp.example.com:1433"};
  auto& fs = b.computer("FS02");
  fs.additional_dns_host_names = {"alias.corp.example.com"};     // SPN-MISSING-HOST
  b.snapshot().data_sets |= static_cast<unsigned>(DataSet::dns); // an empty zone: DNS checks run
  return b.build();
}

EventSummary
sample_summary()
{
  EventSummary summary;
  const auto path = std::filesystem::path(KR_TEST_DATA_DIR) / "events" / "sample.xml";
  auto stats = read_event_file(path, InputFormat::automatic, [&](const Event& e) { summary.add(e); });
  REQUIRE(stats);
  summary.add_input("sample.xml", "xml", *stats);
  return summary;
}

const Finding*
find(const Report& report, std::string_view check_id, std::string_view key)
{
  for (const auto& f : report.findings) {
    if (f.check_id == check_id && f.key == key) {
      return &f;
    }
  }
  return nullptr;
}

Event
event_8001(const std::string& target, const std::string& client)
{
  Event e;
  e.event_id = 8001;
  e.time = 1709539200;
  e.computer = client;
  e.data = {{"TargetName", target}, {"UserName", "alice"}, {"DomainName", "CORP"}, {"ProcessName", "app.exe"}};
  return e;
}

} // namespace

TEST_CASE("join: directory findings gain observed NTLM and rank by it", "[events][join]")
{
  const auto snapshot = corp();
  const auto before = run_checks(snapshot);
  const auto* duplicate_before = find(before, "SPN-DUPLICATE", "http/web01.corp.example.com");
  REQUIRE(duplicate_before != nullptr);
  CHECK(!duplicate_before->observed);

  const auto report = join_events(before, snapshot, sample_summary());
  const auto* duplicate = find(report, "SPN-DUPLICATE", "http/web01.corp.example.com");
  REQUIRE(duplicate != nullptr);
  REQUIRE(duplicate->observed);
  CHECK(duplicate->observed->count == 3); // 8001 and the 4032/4033 with reason 8
  CHECK(duplicate->observed->clients == 2);
  CHECK(duplicate->observed->first_seen > 0);
  CHECK(duplicate->observed->last_seen >= duplicate->observed->first_seen);
  CHECK(duplicate->priority == duplicate_before->priority + observed_boost(3));
  CHECK(duplicate->id == duplicate_before->id);

  SECTION("volume reorders findings of the same severity")
  {
    EventSummary summary;
    for (int i = 0; i < 12; ++i) {
      summary.add(event_8001("cifs/alias.corp.example.com", "ws" + std::to_string(i) + ".corp.example.com"));
    }
    auto joined = join_events(before, snapshot, summary);
    scan::finalize_report(joined, nullptr); // the one sort, after every stage
    const auto* missing = find(joined, "SPN-MISSING-HOST", "corp.example.com|fs02$");
    REQUIRE(missing != nullptr);
    REQUIRE(missing->observed);
    CHECK(missing->observed->count == 12);
    CHECK(missing->observed->clients == 12);
    CHECK(missing->observed->top_clients.size() == 5);
    // It now ranks above every medium finding without traffic.
    for (const auto& f : joined.findings) {
      if (f.severity == Severity::medium && !f.observed) {
        CHECK(missing->priority > f.priority);
      }
    }
    const auto first_medium = std::find_if(joined.findings.begin(), joined.findings.end(),
                                           [](const Finding& f) { return f.severity == Severity::medium; });
    CHECK(&*first_medium == missing);
    // Nothing unexplained: the traffic is the finding's.
    CHECK(find(joined, "EVT-NTLM-UNEXPLAINED", "cifs/alias.corp.example.com") == nullptr);
  }
}

TEST_CASE("join: NTLM with no directory finding becomes event findings", "[events][join]")
{
  const auto snapshot = corp();
  const auto report = join_events(run_checks(snapshot), snapshot, sample_summary());

  const auto* alias = find(report, "EVT-NTLM-MISSING-SPN", "cifs/files.corp.example.com");
  REQUIRE(alias != nullptr);
  CHECK(alias->cause == FallbackCause::ip_or_alias); // "files" is no computer's name
  CHECK(alias->severity == Severity::high);
  REQUIRE(alias->observed);
  CHECK(alias->observed->count == 1);
  CHECK(alias->summary.find("KDC_ERR_S_PRINCIPAL_UNKNOWN") != std::string::npos); // the 4769 0x7
  CHECK(alias->id == make_finding_id("EVT-NTLM-MISSING-SPN", "cifs/files.corp.example.com"));

  const auto* app02 = find(report, "EVT-NTLM-MISSING-SPN", "host/app02.corp.example.com");
  REQUIRE(app02 != nullptr);
  CHECK(app02->observed->count == 3); // 4020, 4026, 4027

  CHECK(find(report, "EVT-NTLM-IP-TARGET", "cifs/10.0.0.50") != nullptr);
  CHECK(find(report, "EVT-NTLM-IP-TARGET", "cifs/10.0.0.60") != nullptr);

  const auto* trust = find(report, "EVT-NTLM-TRUST", "fabrikam");
  REQUIRE(trust != nullptr);
  CHECK(trust->cause == FallbackCause::trust);
  CHECK(trust->observed->count == 4); // 8006, 4006, 4030, 4031

  const auto* local = find(report, "EVT-NTLM-LOCAL-ACCOUNT", "app01.corp.example.com");
  REQUIRE(local != nullptr);
  CHECK(local->cause == FallbackCause::local_account);
  CHECK(local->observed->count == 3); // 4624 APP01\localadmin, 8002, 4002

  const auto* loopback = find(report, "EVT-NTLM-LOOPBACK", "app01.corp.example.com");
  REQUIRE(loopback != nullptr);
  CHECK(loopback->cause == FallbackCause::app_config);
  CHECK(loopback->observed->count == 3); // 4624 from 127.0.0.1, 8001 RPCSS/, 4023 reason 10

  const auto* v1 = find(report, "EVT-NTLM-V1", "oldpc");
  REQUIRE(v1 != nullptr);
  CHECK(v1->severity == Severity::high);
  CHECK(find(report, "EVT-NTLM-V1", "legacy") != nullptr); // LM
  // 4024/4025 are NTLMv1-derived single sign-on (KB5066470), a check of their own.
  CHECK(find(report, "EVT-NTLM-V1", "ws10.corp.example.com") == nullptr);
  const auto* sso = find(report, "EVT-NTLMV1-SSO", "ws10.corp.example.com");
  REQUIRE(sso != nullptr);
  CHECK(sso->severity == Severity::high); // the 4025 was refused

  CHECK(find(report, "EVT-KRB-ETYPE", "svc_legacy") != nullptr);

  const auto* unexplained = find(report, "EVT-NTLM-UNEXPLAINED", "cifs/files01.corp.example.com");
  REQUIRE(unexplained != nullptr);
  CHECK(unexplained->summary.find("3 NTLM events") == 0); // 7 events, 2 cross-domain, 2 NTLMv1-derived SSO
  CHECK(find(report, "EVT-NTLM-UNEXPLAINED", "(no target)") != nullptr); // the 4776s

  // The pseudo-checks are listed, evaluated, with their counts.
  std::size_t listed = 0;
  for (const auto& r : report.checks) {
    if (r.check->id.substr(0, 4) == "EVT-") {
      ++listed;
      CHECK(r.status == CheckStatus::evaluated);
    }
  }
  CHECK(listed == checks_of_kind(CheckKind::events).size());
  CHECK(listed == 14);
  CHECK(report.complete());
  CHECK(report.metadata.collection.count("events") == 1);
}

TEST_CASE("join: ids are stable and the JSON adds observed only when present", "[events][join]")
{
  const auto snapshot = corp();
  const auto a = join_events(run_checks(snapshot), snapshot, sample_summary());
  const auto b = join_events(run_checks(snapshot), snapshot, sample_summary());
  REQUIRE(a.findings.size() == b.findings.size());
  for (std::size_t i = 0; i < a.findings.size(); ++i) {
    CHECK(a.findings[i].id == b.findings[i].id);
  }
  const auto plain = nlohmann::ordered_json::parse(reports::to_json_string(run_checks(snapshot)));
  const auto joined = nlohmann::ordered_json::parse(reports::to_json_string(a));
  for (const auto& f : plain["findings"]) {
    CHECK(!f.contains("observed"));
  }
  std::size_t with_observed = 0;
  for (const auto& f : joined["findings"]) {
    CHECK(!f["title"].get<std::string>().empty());
    if (f.contains("observed")) {
      ++with_observed;
      CHECK(f["observed"]["count"].get<std::uint64_t>() > 0);
    }
    // The existing keys are all there, in their order; "observed" comes last when present.
    std::vector<std::string> keys;
    for (auto it = f.begin(); it != f.end(); ++it) {
      keys.push_back(it.key());
    }
    if (f.contains("observed")) {
      CHECK(keys.back() == "observed");
      keys.pop_back();
    }
    std::vector<std::string> expected;
    for (auto it = plain["findings"][0].begin(); it != plain["findings"][0].end(); ++it) {
      expected.push_back(it.key());
    }
    CHECK(keys == expected);
  }
  CHECK(with_observed > 5);
}

TEST_CASE("join: no events, no change to directory findings", "[events][join]")
{
  const auto snapshot = corp();
  const auto before = run_checks(snapshot);
  const auto after = join_events(before, snapshot, EventSummary{});
  REQUIRE(after.findings.size() == before.findings.size());
  for (std::size_t i = 0; i < after.findings.size(); ++i) {
    CHECK(after.findings[i].id == before.findings[i].id);
    CHECK(after.findings[i].priority == before.findings[i].priority);
    CHECK(!after.findings[i].observed);
  }
}

TEST_CASE("join: hostile target names never make a paste-ready command run them", "[events][join][fix-text]")
{
  const auto snapshot = corp();
  const auto before = run_checks(snapshot);
  const std::vector<std::string> hostile = {
    "web&pwned.corp.example.com",     "web\"&pwned&\"", "web%pwned%", "web$(pwned)", "web\xE2\x80\xAEpwned",
    "files01.corp.example.com&pwned",
  };
  for (const auto& host : hostile) {
    CAPTURE(host);
    EventSummary summary;
    summary.add(event_8001("cifs/" + host, "ws1.corp.example.com"));
    const auto report = join_events(before, snapshot, summary);
    std::vector<Finding> missing;
    for (const auto& f : report.findings) {
      if (f.check_id == "EVT-NTLM-MISSING-SPN") {
        missing.push_back(f);
      }
    }
    REQUIRE(missing.size() == 1);
    CHECK(test::check_commands(missing, host));
  }
}

TEST_CASE("join: the verdict weighs NTLM no finding explains and states what the events cover",
          "[events][join][verdict]")
{
  const auto snapshot = corp();
  EventSummary summary;
  // 300 NTLM events in one day to a name whose SPN exists once and no finding covers.
  for (int i = 0; i < 300; ++i) {
    auto e = event_8001("HOST/app01.corp.example.com", "ws" + std::to_string(i % 7) + ".corp.example.com");
    e.time += i;
    summary.add(e);
  }
  auto report = join_events(run_checks(snapshot), snapshot, summary);
  const auto& t = report.traffic;
  CHECK(t.present);
  CHECK(t.ntlm == 300);
  CHECK(t.days == 1);
  CHECK(t.host_count == 7); // the clients logged their 8001s
  CHECK(t.event_ids.at(8001) == 300);
  REQUIRE(t.unexplained.size() == 1);
  CHECK(t.unexplained[0].domain == "corp.example.com");
  CHECK(t.unexplained[0].count == 300);
  CHECK(t.unexplained[0].accounts.at(0).first == "CORP\\alice");

  const auto verdicts = compute_verdicts(report);
  REQUIRE(verdicts.size() == 1);
  const auto& v = verdicts[0];
  CHECK(v.unexplained_ntlm == 300);
  CHECK(v.unexplained_blocks); // 300 a day > 100, and 100% of what the events show
  CHECK(v.readiness == Readiness::not_ready);
  CHECK(v.reason.find("HOST/app01.corp.example.com (x300)") != std::string::npos);
  CHECK(v.reason.find("accounts: CORP\\alice (x300)") != std::string::npos);
  CHECK(std::find(v.evidence.begin(), v.evidence.end(), "events") != v.evidence.end());

  // Tolerated when the limits allow it: the domain stays not ready for its directory findings only.
  report.policy.unexplained_ntlm_max_per_day = 1000;
  report.policy.unexplained_ntlm_max_share = 1.0;
  const auto tolerated = compute_verdicts(report);
  CHECK_FALSE(tolerated[0].unexplained_blocks);
  CHECK(tolerated[0].reason.find("no finding explains") == std::string::npos);
}

TEST_CASE("join: priority ranks by the NTLM a fix removes", "[events][join]")
{
  // A low finding explaining ten million NTLM events outranks a high one with none, even about a
  // Tier-0 account (+40); a high one with 10 events outranks a medium one with 100.
  CHECK(severity_weight(Severity::low) + observed_boost(10000000) > severity_weight(Severity::high) + 40);
  CHECK(severity_weight(Severity::high) + observed_boost(10) > severity_weight(Severity::medium) + observed_boost(100));
  CHECK(observed_boost(0) == 0);
  CHECK(observed_boost(1) == 20);
  CHECK(observed_boost(9) == 20);
  CHECK(observed_boost(1000) == 140);
  CHECK(observed_boost(std::numeric_limits<std::uint64_t>::max()) == k_max_observed_boost);
}

TEST_CASE("join: findings from events alone weigh the privileged accounts in them", "[events][join]")
{
  test::SnapshotBuilder b;
  b.domain_controller("DC1");
  b.computer("FILES01");
  b.user("alice");
  b.user("da_bob");
  b.group("Domain Admins", 512).members = {"CN=da_bob,CN=Users,DC=corp,DC=example,DC=com"};
  const auto snapshot = b.build();
  const auto from = [&](const std::string& user, const std::string& target) {
    EventSummary summary;
    auto e = event_8001(target, "ws1.corp.example.com");
    e.data.at(1).second = user; // UserName
    summary.add(e);
    return join_events(run_checks(snapshot), snapshot, summary);
  };
  const auto plain = from("alice", "cifs/10.0.0.50");
  const auto admin = from("da_bob", "cifs/10.0.0.50");
  const auto* p = find(plain, "EVT-NTLM-IP-TARGET", "cifs/10.0.0.50");
  const auto* a = find(admin, "EVT-NTLM-IP-TARGET", "cifs/10.0.0.50");
  REQUIRE(p != nullptr);
  REQUIRE(a != nullptr);
  CHECK_FALSE(p->tier0);
  CHECK(a->tier0);
  CHECK(a->priority == p->priority + 40); // Tier-0: +2 x 20, as the runner weighs a directory finding
}

// A 4776 names no target; the DC that logged it (the event's Computer) tells whose credentials it
// validated. In a scan of two domains, 4776s from the child's DC count against the child only.
TEST_CASE("join: 4776 counts against the domain of the DC that logged it", "[events][join][verdict]")
{
  const auto snapshot = test::merged(test::parent_domain().build(), test::child_domain().build());
  const auto event_4776 = [](const std::string& dc, const std::string& user, const std::string& workstation) {
    Event e;
    e.event_id = 4776;
    e.time = 1709539200;
    e.computer = dc;
    e.data = {{"PackageName", "MICROSOFT_AUTHENTICATION_PACKAGE_V1_0"},
              {"TargetUserName", user},
              {"Workstation", workstation},
              {"Status", "0x0"}};
    return e;
  };
  EventSummary summary;
  for (int i = 0; i < 300; ++i) {
    summary.add(event_4776("DC2.child.corp.example.com", "bob", "CHILDWS" + std::to_string(i % 3)));
  }
  for (int i = 0; i < 20; ++i) {
    summary.add(event_4776("dc1.corp.example.com", "alice", "WS1"));
  }
  summary.add(event_4776("dc9.elsewhere.example", "eve", "WS9")); // no DC of the snapshot

  auto report = join_events(run_checks(snapshot), snapshot, summary);
  std::map<std::string, std::uint64_t> by_domain;
  for (const auto& u : report.traffic.unexplained) {
    by_domain[u.domain] += u.count;
  }
  CHECK(by_domain["child.corp.example.com"] == 300);
  CHECK(by_domain["corp.example.com"] == 20);
  CHECK(by_domain[""] == 1); // could be anyone's

  report.policy.unexplained_ntlm_max_per_day = 100;
  report.policy.unexplained_ntlm_max_share = 1.0;
  const auto verdicts = compute_verdicts(report);
  REQUIRE(verdicts.size() == 2);
  for (const auto& v : verdicts) {
    if (v.domain == "child.corp.example.com") {
      CHECK(v.unexplained_ntlm == 301);
      CHECK(v.unexplained_blocks);
      REQUIRE(!v.top_accounts.empty());
      CHECK(v.top_accounts.at(0).first == "bob");
    } else {
      CHECK(v.domain == "corp.example.com");
      CHECK(v.unexplained_ntlm == 21);
      CHECK_FALSE(v.unexplained_blocks);
      CHECK(std::none_of(v.top_accounts.begin(), v.top_accounts.end(), [](const auto& a) { return a.first == "bob"; }));
    }
  }
  // One finding for the no-target NTLM, counting every DC's events; it names no DC because one of
  // them is none of the snapshot's.
  const auto* f = find(report, "EVT-NTLM-UNEXPLAINED", "(no target)");
  REQUIRE(f != nullptr);
  CHECK(f->summary.find("321 NTLM events name no target") == 0);
  CHECK(f->affected.empty());
}

TEST_CASE("join: the no-target finding names the DCs that logged the 4776s", "[events][join]")
{
  const auto snapshot = test::merged(test::parent_domain().build(), test::child_domain().build());
  EventSummary summary;
  Event e;
  e.event_id = 4776;
  e.time = 1709539200;
  e.computer = "dc2.child.corp.example.com";
  e.data = {{"TargetUserName", "bob"}, {"Workstation", "CHILDWS1"}, {"Status", "0x0"}};
  summary.add(e);
  const auto report = join_events(run_checks(snapshot), snapshot, summary);
  const auto* f = find(report, "EVT-NTLM-UNEXPLAINED", "(no target)");
  REQUIRE(f != nullptr);
  REQUIRE(f->affected.size() == 1);
  CHECK(f->affected[0].sam_account_name == "DC2$");
  CHECK(f->affected[0].domain == "child.corp.example.com");
}
