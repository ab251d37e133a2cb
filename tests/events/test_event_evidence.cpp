// The event evidence beyond NTLM targets: KDCSVC 201-209 (KB5073381), the 4768/4769 fields of
// January 2025, NTLMv1-derived single sign-on (4024/4025, KB5066470) and dc_connectivity, each
// read in every input format, classified, joined to the directory and shown in the verdict.

#include "reports/reporter.hpp"
#include "src/events/evtx_reader.hpp"
#include "src/events/join.hpp"
#include "src/events/reader.hpp"
#include "src/events/summary_output.hpp"
#include "src/scan/scan.hpp"
#include "src/scan/verdict.hpp"
#include "tests/support/snapshot_builder.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <set>
#include <sstream>

using namespace kerbready;
using namespace kerbready::events;

namespace {

const std::filesystem::path k_samples = std::filesystem::path(KR_TEST_DATA_DIR) / "events";
constexpr std::int64_t k_time = 1709625600; // 2024-03-05T08:00:00Z
constexpr std::string_view k_kdc_provider = "Microsoft-Windows-Kerberos-Key-Distribution-Center";

// corp.example.com as tests/events/gen_events.py's evidence scenario refers to it.
Snapshot
directory()
{
  test::SnapshotBuilder b;
  b.domain_controller("DC1");
  b.computer("FILES01");
  b.computer("WS20");
  b.computer("WS21");
  b.computer("WS22");
  auto& sql = b.user("svc_sql");
  sql.service_principal_names = {"MSSQLSvc/sql01.corp.example.com:1433"};
  sql.supported_encryption_types = 0x1C; // RC4 and AES: no encryption finding of its own
  b.user("svc_old").service_principal_names = {"HTTP/old.corp.example.com"};
  b.user("svc_gone").service_principal_names = {"HTTP/gone.corp.example.com"};
  auto& rc4 = b.user("svc_rc4");
  rc4.service_principal_names = {"HTTP/rc4.corp.example.com"};
  rc4.supported_encryption_types = 0x4; // RC4 only: ENC-RC4-ONLY
  return b.build();
}

Event
make(std::uint32_t id, std::string computer, std::vector<std::pair<std::string, std::string>> data,
     std::string provider = "Microsoft-Windows-Security-Auditing")
{
  Event e;
  e.event_id = id;
  e.time = k_time;
  e.computer = std::move(computer);
  e.provider = std::move(provider);
  e.data = std::move(data);
  return e;
}

Event
kdcsvc(std::uint32_t id, const std::string& service, const std::string& client = "10.0.0.42")
{
  return make(id, "dc1.corp.example.com", {{"ServiceName", service}, {"ClientAddress", client}, {"Cipher", "RC4"}},
              std::string(k_kdc_provider));
}

Event
ticket(const std::string& service, const std::string& etype, const std::string& ip, const std::string& session = "0x12")
{
  return make(4769, "dc1.corp.example.com",
              {{"TargetUserName", "carol@CORP.EXAMPLE.COM"},
               {"ServiceName", service},
               {"TicketEncryptionType", etype},
               {"IpAddress", ip},
               {"Status", "0x0"},
               {"SessionKeyEncryptionType", session},
               {"ClientAdvertizedEncryptionTypes", "0x17"},
               {"ServiceAvailableKeys", "RC4"}});
}

Event
logon(const std::string& computer, const std::string& workstation, const std::string& ip,
      const std::string& package = "NTLM")
{
  return make(4624, computer,
              {{"TargetUserName", "kim"},
               {"TargetDomainName", "CORP"},
               {"AuthenticationPackageName", package},
               {"LmPackageName", package == "NTLM" ? "NTLM V2" : "-"},
               {"WorkstationName", workstation},
               {"IpAddress", ip}});
}

Event
enhanced(std::uint32_t id, const std::string& computer, std::vector<std::pair<std::string, std::string>> data)
{
  return make(id, computer, std::move(data), "Microsoft-Windows-NTLM");
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

std::size_t
count_of(const Report& report, std::string_view check_id)
{
  return static_cast<std::size_t>(std::count_if(report.findings.begin(), report.findings.end(),
                                                [&](const Finding& f) { return f.check_id == check_id; }));
}

Report
joined(const Snapshot& snapshot, const std::vector<Event>& events)
{
  EventSummary summary;
  for (const auto& e : events) {
    summary.add(e);
  }
  return join_events(run_checks(snapshot), snapshot, summary);
}

EventSummary
read_sample(const std::string& name)
{
  EventSummary summary;
  auto stats = read_event_file(k_samples / name, InputFormat::automatic, [&](const Event& e) { summary.add(e); });
  REQUIRE(stats);
  summary.add_input(name, "auto", *stats);
  return summary;
}

std::string
render(void (*write)(const Report&, std::ostream&, const reports::OutputOptions&), const Report& report)
{
  std::ostringstream out;
  write(report, out, reports::OutputOptions{});
  return out.str();
}

bool
has_evidence(const Finding& f, std::string_view name, std::string_view part)
{
  return std::any_of(f.evidence.begin(), f.evidence.end(),
                     [&](const Evidence& e) { return e.name == name && e.value.find(part) != std::string::npos; });
}

} // namespace

TEST_CASE("evidence: KDCSVC 201-209 are the KDC's, blocked or audit", "[events][evidence][kdcsvc]")
{
  SECTION("audit, enforcement and the DC's own setting")
  {
    for (const std::uint32_t id : {201U, 202U, 206U, 207U}) {
      const auto r = classify(kdcsvc(id, "svc_old"));
      CHECK(r.protocol == Protocol::kdc_rc4);
      CHECK(!r.kdc_blocked);
      CHECK(r.service == "svc_old");
      CHECK(r.client_ip == "10.0.0.42");
      CHECK(r.cipher == "RC4");
    }
    for (const std::uint32_t id : {203U, 204U, 208U, 209U}) {
      const auto r = classify(kdcsvc(id, "svc_gone"));
      CHECK(r.protocol == Protocol::kdc_rc4);
      CHECK(r.kdc_blocked);
      CHECK(kdc_rc4_meaning(id).why.find("refused") == 0);
    }
    const auto config = classify(kdcsvc(205, "svc_x"));
    CHECK(config.protocol == Protocol::kdc_rc4);
    CHECK(config.service.empty()); // about the DC's DefaultDomainSupportedEncTypes, not an account
    CHECK(config.validated_by == "dc1.corp.example.com");
    CHECK(!kdc_rc4_meaning(205).account);
    CHECK(!kdc_rc4_meaning(200).known);
    CHECK(!kdc_rc4_meaning(210).known);
  }
  SECTION("the same ids from another provider of the System log are not the KDC's")
  {
    CHECK(classify(make(201, "dc1", {{"ServiceName", "svc_old"}}, "Service Control Manager")).protocol ==
          Protocol::none);
    CHECK(classify(make(203, "dc1", {{"ServiceName", "svc_old"}}, "")).protocol == Protocol::none);
    CHECK(classify(make(201, "dc1", {{"ServiceName", "svc_old"}}, "Kdcsvc")).protocol == Protocol::kdc_rc4);
    CHECK(classify(make(210, "dc1", {{"ServiceName", "svc_old"}}, std::string(k_kdc_provider))).protocol ==
          Protocol::none);
  }
  SECTION("KDCSVC events are neither NTLM nor Kerberos volume")
  {
    EventSummary summary;
    summary.add(kdcsvc(201, "svc_old"));
    summary.add(kdcsvc(203, "SVC_OLD"));
    summary.add(kdcsvc(205, "-"));
    CHECK(summary.ntlm == 0);
    CHECK(summary.kerberos == 0);
    CHECK(summary.kdc_rc4 == 3);
    REQUIRE(summary.rc4_accounts.count("svc_old") == 1);
    const auto& a = summary.rc4_accounts.at("svc_old");
    CHECK(a.audit.count == 1);
    CHECK(a.blocked.count == 1);
    CHECK(a.kdc_ids.at(201) == 1);
    CHECK(summary.kdc_rc4_config.count("dc1.corp.example.com") == 1);
  }
}

TEST_CASE("evidence: KDCSVC events join to the accounts they name", "[events][evidence][kdcsvc][join]")
{
  const auto snapshot = directory();
  SECTION("201 would break, 203/209 already broke; the account is affected")
  {
    const auto report = joined(snapshot, {kdcsvc(201, "svc_old"), kdcsvc(203, "CORP\\svc_gone"),
                                          kdcsvc(209, "svc_gone@CORP.EXAMPLE.COM", "10.0.0.44")});
    const auto* audit = find(report, "EVT-KRB-RC4-AUDIT", "svc_old");
    REQUIRE(audit != nullptr);
    CHECK(audit->severity == Severity::medium);
    CHECK(audit->cause == FallbackCause::weak_crypto);
    REQUIRE(audit->affected.size() == 1);
    CHECK(audit->affected.front().sam_account_name == "svc_old");
    CHECK(has_evidence(*audit, "why", "201"));
    // Two spellings of one account are two keys, but both resolve to svc_gone.
    std::size_t blocked = 0;
    for (const auto& f : report.findings) {
      if (f.check_id == "EVT-KRB-RC4-BLOCKED") {
        ++blocked;
        CHECK(f.severity == Severity::high);
        REQUIRE(f.affected.size() == 1);
        CHECK(f.affected.front().sam_account_name == "svc_gone");
      }
    }
    CHECK(blocked == 2);
    CHECK(report.traffic.kdc_rc4.size() == 3);
  }
  SECTION("an account the snapshot does not hold is still reported, with nothing affected")
  {
    const auto report = joined(snapshot, {kdcsvc(204, "svc_elsewhere")});
    const auto* f = find(report, "EVT-KRB-RC4-BLOCKED", "svc_elsewhere");
    REQUIRE(f != nullptr);
    CHECK(f->affected.empty());
  }
  SECTION("the DC's 205 is a low finding about the DC")
  {
    const auto report = joined(snapshot, {kdcsvc(205, "-")});
    const auto* f = find(report, "EVT-KRB-RC4-AUDIT", "(dc) dc1.corp.example.com");
    REQUIRE(f != nullptr);
    CHECK(f->severity == Severity::low);
    REQUIRE(f->affected.size() == 1);
    CHECK(f->affected.front().sam_account_name == "DC1$");
  }
  SECTION("no KDCSVC events, no RC4 findings")
  {
    const auto report = joined(snapshot, {logon("files01.corp.example.com", "WS21", "10.0.0.21")});
    CHECK(count_of(report, "EVT-KRB-RC4-AUDIT") == 0);
    CHECK(count_of(report, "EVT-KRB-RC4-BLOCKED") == 0);
    CHECK(report.traffic.kdc_rc4.empty());
  }
}

TEST_CASE("evidence: the verdict says what the KDC refused and what breaks when RC4 goes",
          "[events][evidence][kdcsvc][verdict]")
{
  const auto snapshot = directory();
  auto report = joined(snapshot, {kdcsvc(201, "svc_old"), kdcsvc(203, "svc_gone")});
  scan::finalize_report(report, nullptr);
  REQUIRE(report.verdicts.size() == 1);
  const auto& v = report.verdicts.front();
  CHECK(v.readiness == Readiness::not_ready); // a refusal is a high finding
  CHECK(v.reason.find("KDC RC4 events (KB5073381): RC4 tickets already refused for 1 account(s) (svc_gone); 1 "
                      "account(s) that break once RC4 is disabled by default (svc_old)") != std::string::npos);

  auto quiet = joined(snapshot, {logon("files01.corp.example.com", "WS21", "10.0.0.21")});
  scan::finalize_report(quiet, nullptr);
  REQUIRE(quiet.verdicts.size() == 1);
  CHECK(quiet.verdicts.front().reason.find("KDC RC4") == std::string::npos);
}

TEST_CASE("evidence: RC4 service tickets (4769 January 2025 fields)", "[events][evidence][rc4]")
{
  CHECK(is_rc4_etype("0x17"));
  CHECK(is_rc4_etype("0x18"));
  CHECK(is_rc4_etype("23"));
  CHECK(is_rc4_etype("RC4-HMAC"));
  CHECK(!is_rc4_etype("0x12"));
  CHECK(!is_rc4_etype("0x11"));
  CHECK(!is_rc4_etype("0x170"));
  CHECK(!is_rc4_etype(""));
  CHECK(!is_rc4_etype("0xffffffff"));

  const auto r = classify(ticket("svc_sql", "0x17", "::ffff:10.0.0.41", "0x17"));
  CHECK(r.rc4_ticket);
  CHECK(r.session_etype == "0x17");
  CHECK(r.advertized_etypes == "0x17");
  CHECK(r.service_keys == "RC4");
  CHECK(!classify(ticket("svc_sql", "0x12", "10.0.0.41")).rc4_ticket);
  auto failed = ticket("svc_sql", "0x17", "10.0.0.41");
  failed.data[4].second = "0xe";
  CHECK(!classify(failed).rc4_ticket); // a refusal is no ticket
  auto tgt = ticket("krbtgt", "0x17", "10.0.0.41");
  tgt.event_id = 4768;
  CHECK(!classify(tgt).rc4_ticket); // a TGT is encrypted with krbtgt's key, not a service's

  const auto snapshot = directory();
  SECTION("an account without an encryption finding gets one of its own")
  {
    const auto report =
      joined(snapshot, {ticket("svc_sql", "0x17", "10.0.0.41", "0x17"), ticket("svc_sql", "0x17", "10.0.0.45"),
                        ticket("svc_sql", "0x12", "10.0.0.46")});
    const auto* f = find(report, "EVT-KRB-RC4-TICKETS", "svc_sql");
    REQUIRE(f != nullptr);
    CHECK(f->severity == Severity::medium);
    CHECK(!f->observed); // Kerberos events, not NTLM seen: their counts are evidence
    CHECK(has_evidence(*f, "events", "RC4 service tickets (4769): 2 events from 2 clients"));
    CHECK(has_evidence(*f, "events", "1 with an RC4 session key"));
    CHECK(has_evidence(*f, "service available keys", "RC4"));
  }
  SECTION("an account with an ENC-* finding: the tickets are evidence on it, no second finding")
  {
    const auto report = joined(snapshot, {ticket("svc_rc4", "0x17", "10.0.0.41")});
    CHECK(find(report, "EVT-KRB-RC4-TICKETS", "svc_rc4") == nullptr);
    const auto enc = std::find_if(report.findings.begin(), report.findings.end(), [](const Finding& f) {
      return f.check_id == "ENC-RC4-ONLY" && !f.affected.empty() && f.affected.front().sam_account_name == "svc_rc4";
    });
    REQUIRE(enc != report.findings.end());
    CHECK(has_evidence(*enc, "events", "RC4 service tickets (4769): 1 events"));
  }
  SECTION("AES tickets are no evidence")
  {
    const auto report = joined(snapshot, {ticket("svc_sql", "0x12", "10.0.0.41")});
    CHECK(count_of(report, "EVT-KRB-RC4-TICKETS") == 0);
  }
}

TEST_CASE("evidence: NTLMv1-derived single sign-on (4024/4025)", "[events][evidence][ntlmv1-sso]")
{
  const auto audit = enhanced(4024, "ws11.corp.example.com", {{"UserName", "ian"}, {"DomainName", "CORP"}});
  const auto refused = enhanced(4025, "ws12.corp.example.com", {{"UserName", "jane"}, {"DomainName", "CORP"}});
  const auto r = classify(audit);
  CHECK(r.ntlmv1_sso);
  CHECK(!r.blocked);
  CHECK(classify(refused).ntlmv1_sso);
  CHECK(classify(refused).blocked);
  CHECK(!classify(enhanced(4020, "ws11.corp.example.com", {{"NtlmVersion", "NTLMv1"}})).ntlmv1_sso);

  const auto snapshot = directory();
  const auto report = joined(snapshot, {audit, audit, refused});
  const auto* medium = find(report, "EVT-NTLMV1-SSO", "ws11.corp.example.com");
  REQUIRE(medium != nullptr);
  CHECK(medium->severity == Severity::medium); // audited only
  CHECK(medium->summary.find("2 audited (4024), 0 refused (4025)") != std::string::npos);
  const auto* high = find(report, "EVT-NTLMV1-SSO", "ws12.corp.example.com");
  REQUIRE(high != nullptr);
  CHECK(high->severity == Severity::high); // already refused
  // A cause of its own: not an NTLMv1 logon, and not NTLM no finding explains.
  CHECK(count_of(report, "EVT-NTLM-V1") == 0);
  CHECK(count_of(report, "EVT-NTLM-UNEXPLAINED") == 0);
}

TEST_CASE("evidence: dc_connectivity, only when the client shows no Kerberos", "[events][evidence][dc-connectivity]")
{
  const auto snapshot = directory();
  const auto other_kerberos = ticket("FILES01$", "0x12", "::ffff:10.0.0.99"); // DC1 logs Kerberos for others

  SECTION("NTLM to the DC, DC1 logs Kerberos, none for WS20: medium")
  {
    const auto report = joined(snapshot, {logon("dc1.corp.example.com", "WS20", "10.0.0.20"), other_kerberos});
    const auto* f = find(report, "EVT-NTLM-DC-CONNECTIVITY", "ws20");
    REQUIRE(f != nullptr);
    CHECK(f->cause == FallbackCause::dc_connectivity);
    CHECK(f->summary.find("(confidence medium)") != std::string::npos);
    CHECK(has_evidence(*f, "confidence", "medium"));
    CHECK(has_evidence(*f, "domain controller", "dc1.corp.example.com"));
    REQUIRE(f->affected.size() == 1);
    CHECK(f->affected.front().sam_account_name == "WS20$");
    // The DC's NTLM is explained: nothing unexplained left for it.
    CHECK(find(report, "EVT-NTLM-UNEXPLAINED", "dc1.corp.example.com") == nullptr);
  }
  SECTION("never when the same client has Kerberos events: by address")
  {
    const auto report = joined(
      snapshot, {logon("dc1.corp.example.com", "WS20", "10.0.0.20"), ticket("FILES01$", "0x12", "::ffff:10.0.0.20")});
    CHECK(count_of(report, "EVT-NTLM-DC-CONNECTIVITY") == 0);
  }
  SECTION("never when the same client has Kerberos events: by name (a Kerberos 4624)")
  {
    const auto report = joined(snapshot, {logon("dc1.corp.example.com", "WS20", "10.0.0.20"), other_kerberos,
                                          logon("files01.corp.example.com", "ws20.corp.example.com", "-", "Kerberos")});
    CHECK(count_of(report, "EVT-NTLM-DC-CONNECTIVITY") == 0);
  }
  SECTION("not without an address to compare, nor when the DC logged no Kerberos")
  {
    CHECK(count_of(joined(snapshot, {logon("dc1.corp.example.com", "WS20", "-"), other_kerberos}),
                   "EVT-NTLM-DC-CONNECTIVITY") == 0);
    auto elsewhere = other_kerberos;
    elsewhere.computer = "dc2.corp.example.com";
    CHECK(count_of(joined(snapshot, {logon("dc1.corp.example.com", "WS20", "10.0.0.20"), elsewhere}),
                   "EVT-NTLM-DC-CONNECTIVITY") == 0);
    CHECK(count_of(joined(snapshot, {logon("dc1.corp.example.com", "WS20", "10.0.0.20")}),
                   "EVT-NTLM-DC-CONNECTIVITY") == 0); // no Kerberos events at all
  }
  SECTION("not for a server that is no DC, a DC as client, or a machine the snapshot does not know")
  {
    CHECK(count_of(joined(snapshot, {logon("files01.corp.example.com", "WS20", "10.0.0.20"), other_kerberos}),
                   "EVT-NTLM-DC-CONNECTIVITY") == 0);
    CHECK(count_of(joined(snapshot, {logon("dc1.corp.example.com", "DC1", "10.0.0.1"), other_kerberos}),
                   "EVT-NTLM-DC-CONNECTIVITY") == 0);
    CHECK(count_of(joined(snapshot, {logon("dc1.corp.example.com", "KIOSK7", "10.0.0.70"), other_kerberos}),
                   "EVT-NTLM-DC-CONNECTIVITY") == 0);
  }
  SECTION("reason 9 with Kerberos events to compare: high; the same client in a 4769: none")
  {
    const auto reason9 = enhanced(4022, "files01.corp.example.com",
                                  {{"TargetName", "cifs/files01.corp.example.com"},
                                   {"ReasonId", "9"},
                                   {"WorkstationName", "WS22"},
                                   {"ClientIpAddress", "10.0.0.22"}});
    const auto report = joined(snapshot, {reason9, other_kerberos});
    const auto* f = find(report, "EVT-NTLM-DC-CONNECTIVITY", "ws22");
    REQUIRE(f != nullptr);
    CHECK(has_evidence(*f, "confidence", "high"));
    CHECK(has_evidence(*f, "reason (4020-series)", "9 no line of sight"));
    CHECK(count_of(joined(snapshot, {reason9, ticket("FILES01$", "0x12", "10.0.0.22")}), "EVT-NTLM-DC-CONNECTIVITY") ==
          0);
    const auto alone = joined(snapshot, {reason9});
    const auto* medium = find(alone, "EVT-NTLM-DC-CONNECTIVITY", "ws22");
    REQUIRE(medium != nullptr);
    CHECK(has_evidence(*medium, "confidence", "medium"));
  }
}

TEST_CASE("evidence: every reader reads the new events alike", "[events][evidence][readers]")
{
  std::vector<std::string> names = {"evidence.xml", "evidence.jsonl", "evidence.json"};
  if (evtx_supported()) {
    names.emplace_back("evidence.evtx");
  }
  const auto snapshot = directory();
  for (const auto& name : names) {
    INFO(name);
    const auto summary = read_sample(name);
    CHECK(summary.events == 11);
    CHECK(!summary.partial());
    CHECK(summary.by_event_id.at(4769) == 2);
    CHECK(summary.ntlmv1_sso.size() == 2);
    // RC4 tickets with the January 2025 fields; Get-WinEvent's positions name them too.
    REQUIRE(summary.rc4_accounts.count("svc_sql") == 1);
    CHECK(summary.rc4_accounts.at("svc_sql").tickets.count == 1);
    CHECK(summary.rc4_accounts.at("svc_sql").rc4_session_keys == 1);
    const auto report = join_events(run_checks(snapshot), snapshot, summary);
    CHECK(find(report, "EVT-KRB-RC4-TICKETS", "svc_sql") != nullptr);
    CHECK(find(report, "EVT-NTLMV1-SSO", "ws11.corp.example.com") != nullptr);
    CHECK(find(report, "EVT-NTLMV1-SSO", "ws12.corp.example.com")->severity == Severity::high);
    CHECK(find(report, "EVT-NTLM-DC-CONNECTIVITY", "ws20") != nullptr);
    CHECK(find(report, "EVT-NTLM-DC-CONNECTIVITY", "ws21") == nullptr); // it has a 4769
    if (name == "evidence.json") {
      // KDCSVC 201-209 and 4020-4033 have no published template: Get-WinEvent's positional
      // Properties cannot be named, so the events are read but name no account or client
      // (docs/events.md).
      CHECK(summary.kdc_rc4 == 4);
      CHECK(summary.kdc_rc4_unnamed == 3);
      CHECK(summary.rc4_accounts.count("svc_gone") == 0);
      CHECK(find(report, "EVT-KRB-RC4-BLOCKED", "svc_gone") == nullptr);
      CHECK(find(report, "EVT-NTLM-DC-CONNECTIVITY", "ws22") == nullptr);
      continue;
    }
    CHECK(summary.kdc_rc4_unnamed == 0);
    CHECK(find(report, "EVT-NTLM-DC-CONNECTIVITY", "ws22") != nullptr); // reason 9
    CHECK(summary.kdc_rc4 == 4);
    REQUIRE(summary.rc4_accounts.count("svc_gone") == 1);
    CHECK(summary.rc4_accounts.at("svc_gone").blocked.count == 2);
    CHECK(summary.rc4_accounts.at("svc_old").audit.count == 1);
    CHECK(find(report, "EVT-KRB-RC4-BLOCKED", "svc_gone") != nullptr);
    CHECK(find(report, "EVT-KRB-RC4-AUDIT", "svc_old") != nullptr);
    CHECK(find(report, "EVT-KRB-RC4-AUDIT", "(dc) dc1.corp.example.com") != nullptr);
  }
}

TEST_CASE("evidence: hostile names in the new events reach no terminal raw", "[events][evidence][hostile]")
{
  const std::string escape = "svc\x1b]0;pwned\x07\x1b[31m";
  const std::string overlong(70000, 'a');
  const std::string junk("\xff\xfe\x00\x01svc\xc3", 9);
  const auto snapshot = directory();
  std::vector<Event> events = {kdcsvc(203, escape, "10.0.0.9\n\x1b[2J"),
                               kdcsvc(201, overlong),
                               kdcsvc(209, junk),
                               ticket(escape + "/host", "0x17", "10.0.0.41"),
                               enhanced(4025, "ws\x1b[31m13.corp.example.com", {{"UserName", "x\ny"}}),
                               logon("dc1.corp.example.com",
                                     "WS\x1b"
                                     "20",
                                     "10.0.0.20"),
                               ticket("FILES01$", "0x12", "10.0.0.99")};
  EventSummary summary;
  for (const auto& e : events) {
    summary.add(e);
  }
  auto report = join_events(run_checks(snapshot), snapshot, summary);
  scan::finalize_report(report, nullptr);
  CHECK(count_of(report, "EVT-KRB-RC4-BLOCKED") == 2);
  CHECK(count_of(report, "EVT-KRB-RC4-AUDIT") == 1);
  CHECK(count_of(report, "EVT-NTLMV1-SSO") == 1);
  CHECK(count_of(report, "EVT-NTLM-DC-CONNECTIVITY") == 0); // "ws\x1b20" is no computer of the snapshot

  const auto text = render(reports::write_text, report);
  CHECK(text.find('\x1b') == std::string::npos);
  CHECK(text.find('\x07') == std::string::npos);
  const auto json = render(reports::write_json, report);
  CHECK(nlohmann::json::parse(json).is_object()); // valid UTF-8 despite the junk
  CHECK(json.find('\x1b') == std::string::npos);
  const auto html = render(reports::write_html, report);
  CHECK(html.find("\x1b]0;") == std::string::npos);

  std::ostringstream events_text;
  write_summary_text(summary, events_text, SummaryOutputOptions{});
  CHECK(events_text.str().find('\x1b') == std::string::npos);
  CHECK(nlohmann::json::parse(summary_to_json(summary, SummaryOutputOptions{})).contains("kdc_rc4"));
}
