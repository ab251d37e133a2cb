#include "src/ad/stale.hpp"
#include "src/model/report.hpp"
#include "src/scan/scan.hpp"
#include "tests/support/snapshot_builder.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>

using namespace kerbready;

namespace {
constexpr std::int64_t k_2010 = 1262304000;
constexpr std::int64_t k_now = 1767225600; // 2026-01-01
constexpr std::int64_t k_day = 86400;

// A domain whose AES threshold is 2020: every account below with an older password has no AES
// keys (ENC-NO-AES-KEYS), stale or not.
test::SnapshotBuilder
domain()
{
  test::SnapshotBuilder b;
  b.group("Read-only Domain Controllers", 521).when_created = k_now - 6 * 365 * k_day;
  b.snapshot().reference_time = k_now;
  return b;
}

Account&
old_computer(test::SnapshotBuilder& b, const std::string& name, std::optional<std::int64_t> last_logon)
{
  auto& c = b.computer(name);
  c.pwd_last_set = k_2010;
  c.last_logon_timestamp = last_logon;
  return c;
}

std::vector<const Finding*>
of_check(const Report& report, std::string_view id)
{
  std::vector<const Finding*> out;
  for (const auto& f : report.findings) {
    if (f.check_id == id) {
      out.push_back(&f);
    }
  }
  return out;
}
// The findings point into the report: never take them from a temporary one.
std::vector<const Finding*> of_check(const Report&& report, std::string_view id) = delete;
} // namespace

TEST_CASE("is_stale: both dates older than the threshold", "[stale]")
{
  Account a;
  a.pwd_last_set = k_now - 100 * k_day;
  a.last_logon_timestamp = k_now - 100 * k_day;
  CHECK(is_stale(a, k_now, 90));
  CHECK_FALSE(is_stale(a, k_now, 120));
  CHECK_FALSE(is_stale(a, k_now, 0)); // disabled
  CHECK_FALSE(is_stale(a, 0, 90));    // no reference time
  a.last_logon_timestamp = k_now - 10 * k_day;
  CHECK_FALSE(is_stale(a, k_now, 90)); // logged on recently
  a.last_logon_timestamp.reset();
  CHECK(is_stale(a, k_now, 90)); // never logged on: by pwdLastSet
  a.pwd_last_set.reset();
  CHECK_FALSE(is_stale(a, k_now, 90)); // no date at all: cannot tell
  a.when_created = k_now - 200 * k_day;
  CHECK(is_stale(a, k_now, 90)); // never logged on, no pwdLastSet: by whenCreated
  a.when_created = k_now - 5 * k_day;
  CHECK_FALSE(is_stale(a, k_now, 90));
}

TEST_CASE("stale grouping: one info finding per check and kind, live findings untouched", "[stale]")
{
  auto b = domain();
  old_computer(b, "LIVE01", k_now - 2 * k_day);
  for (const auto* name : {"OLD01", "OLD02", "OLD03"}) {
    old_computer(b, name, k_now - 400 * k_day);
  }
  old_computer(b, "NEVER01", std::nullopt);
  auto& u = b.user("jdoe_left");
  u.pwd_last_set = k_2010;
  u.last_logon_timestamp = k_now - 300 * k_day;
  const auto report = run_checks(b.build(), {"ENC-NO-AES-KEYS"});
  const auto findings = of_check(report, "ENC-NO-AES-KEYS");
  REQUIRE(findings.size() == 3);
  // The live problem first, at its own severity.
  CHECK(findings[0]->subject == "LIVE01$");
  CHECK(findings[0]->severity == Severity::high);
  const auto computers =
    std::find_if(findings.begin(), findings.end(), [](const Finding* f) { return f->key == "stale|computer"; });
  REQUIRE(computers != findings.end());
  const auto& g = **computers;
  CHECK(g.severity == Severity::info);
  CHECK(g.subject.rfind("4 stale computers: ", 0) == 0);
  CHECK(g.affected.size() == 4);
  CHECK(g.id == make_finding_id("ENC-NO-AES-KEYS", "stale|computer"));
  CHECK(g.remediation.find("Disable-ADAccount -Identity 'CN=OLD01,CN=Computers,DC=corp,DC=example,DC=com'") !=
        std::string::npos);
  CHECK(g.remediation.find("Search-ADAccount -AccountInactive -ComputersOnly -TimeSpan 90.00:00:00") !=
        std::string::npos);
  const auto users =
    std::find_if(findings.begin(), findings.end(), [](const Finding* f) { return f->key == "stale|user"; });
  REQUIRE(users != findings.end());
  CHECK((*users)->affected.size() == 1);

  // Stale objects never count against readiness nor take a top-ten slot.
  REQUIRE(report.verdicts.size() == 1);
  const auto& v = report.verdicts[0];
  CHECK(v.blocking_findings == 1);
  CHECK(v.caveat_findings == 0);
  CHECK(v.top_fixes == std::vector<std::string>{findings[0]->id});
}

TEST_CASE("stale grouping: the grouped id does not churn as members change", "[stale]")
{
  auto b = domain();
  old_computer(b, "LIVE01", k_now - 2 * k_day);
  old_computer(b, "OLD01", k_now - 400 * k_day);
  const auto before_report = run_checks(b.build(), {"ENC-NO-AES-KEYS"}); // of_check points into it
  const auto before = of_check(before_report, "ENC-NO-AES-KEYS");
  old_computer(b, "OLD02", k_now - 400 * k_day);
  const auto after_report = run_checks(b.build(), {"ENC-NO-AES-KEYS"});
  const auto after = of_check(after_report, "ENC-NO-AES-KEYS");
  REQUIRE(before.size() == 2);
  REQUIRE(after.size() == 2);
  CHECK(before[1]->id == after[1]->id);
  CHECK(after[1]->affected.size() == 2);
}

TEST_CASE("stale grouping: DCs, privileged and well-known accounts are never stale", "[stale]")
{
  auto b = domain();
  old_computer(b, "LIVE01", k_now - 2 * k_day);
  auto& dc = b.domain_controller("DC-OLD");
  dc.pwd_last_set = k_2010;
  dc.last_logon_timestamp = k_now - 400 * k_day;
  auto& admin = b.user("old_admin");
  admin.pwd_last_set = k_2010;
  admin.last_logon_timestamp = k_now - 400 * k_day;
  const auto admin_dn = admin.dn;
  b.group("Domain Admins", 512).members = {admin_dn};
  auto& sso = b.computer("AZUREADSSOACC", false);
  sso.pwd_last_set = k_2010;
  const auto report = run_checks(b.build(), {"ENC-NO-AES-KEYS"});
  for (const auto* f : of_check(report, "ENC-NO-AES-KEYS")) {
    CHECK(f->key.rfind("stale|", 0) != 0);
  }
  CHECK(of_check(report, "ENC-NO-AES-KEYS").size() == 4);
}

TEST_CASE("stale grouping: off without lastLogonTimestamp data or with --stale-days 0", "[stale]")
{
  auto b = domain();
  old_computer(b, "OLD01", std::nullopt);
  old_computer(b, "OLD02", std::nullopt);
  // No account carries lastLogonTimestamp: it was not collected, so nothing can be called stale.
  const auto no_logons = run_checks(b.build(), {"ENC-NO-AES-KEYS"});
  CHECK(of_check(no_logons, "ENC-NO-AES-KEYS").size() == 2);
  old_computer(b, "OLD03", k_now - 400 * k_day);
  const auto with_logons = run_checks(b.build(), {"ENC-NO-AES-KEYS"});
  CHECK(of_check(with_logons, "ENC-NO-AES-KEYS").size() == 1);
  const auto never = run_checks(b.build(), {"ENC-NO-AES-KEYS"}, 0); // --stale-days 0
  CHECK(of_check(never, "ENC-NO-AES-KEYS").size() == 3);
}

TEST_CASE("stale grouping: service accounts and domains without logon data are never stale", "[stale]")
{
  auto b = domain();
  old_computer(b, "OLD01", k_now - 400 * k_day); // stale, and proves corp.example.com has logon data
  auto& svc = b.user("svc_keytab");              // a keytab service: never logs on, old password
  svc.pwd_last_set = k_2010;
  svc.service_principal_names = {"http/app.corp.example.com"};
  // A second domain whose logons were not collected: its old computer is not called stale.
  test::SnapshotBuilder other("other.example.com");
  other.group("Read-only Domain Controllers", 521).when_created = k_now - 6 * 365 * k_day;
  old_computer(other, "OTHER01", std::nullopt);
  const auto report = run_checks(test::merged(b.build(), other.build()), {"ENC-NO-AES-KEYS"});
  const auto findings = of_check(report, "ENC-NO-AES-KEYS");
  const auto own = [&](std::string_view subject) {
    return std::any_of(findings.begin(), findings.end(), [&](const Finding* f) {
      return f->severity != Severity::info && f->subject.find(subject) != std::string::npos;
    });
  };
  CHECK(own("svc_keytab"));
  CHECK(own("OTHER01"));
  CHECK_FALSE(own("OLD01")); // grouped
}

TEST_CASE("stale grouping: info findings are never folded", "[stale]")
{
  auto b = domain();
  auto& old = old_computer(b, "OLD01", k_now - 400 * k_day);
  const auto snapshot = b.build();
  const StaleIndex stale(snapshot, k_now, 90, [](const Account&) { return false; });
  Check check{};
  check.id = "X-TEST";
  check.severity = Severity::low;
  Finding low;
  low.subject = "OLD01$";
  low.affected.push_back(affected(old));
  Finding info = low;
  info.severity = Severity::info; // e.g. "names outside what was read", listing who refers to them
  info.key = "outside-what-was-read";
  const auto out = stale.group(check, {low, info});
  REQUIRE(out.size() == 2);
  CHECK(out[0].key == "outside-what-was-read"); // kept as it was
  CHECK(out[1].key == "stale|computer");        // the low one was folded
}

// Exchange health mailboxes and Entra Connect's AAD_ and Sync_ accounts keep their own findings,
// whatever their dates, with the advice that fits them: the stale group's fix (disable, then
// delete) would break Exchange monitoring or directory synchronisation.
TEST_CASE("stale grouping: Exchange health mailboxes and Entra Connect accounts are never stale", "[stale]")
{
  auto b = domain();
  old_computer(b, "LIVE01", k_now - 2 * k_day);
  for (const auto* name : {"HealthMailboxc3d7722", "AAD_9e4d0b1c6f8d", "Sync_CONNECT01_1a2b3", "old_user"}) {
    auto& a = b.user(name);
    a.pwd_last_set = k_2010;
    a.last_logon_timestamp = k_now - 400 * k_day;
  }
  const auto report = run_checks(b.build(), {"ENC-NO-AES-KEYS"});
  std::map<std::string, const Finding*> live;
  const Finding* group = nullptr;
  for (const auto* f : of_check(report, "ENC-NO-AES-KEYS")) {
    if (f->key.rfind("stale|", 0) == 0) {
      group = f;
    } else {
      live[f->subject] = f;
    }
  }
  REQUIRE(group != nullptr); // old_user is stale: the grouping is on
  CHECK(group->affected.size() == 1);
  for (const auto* name : {"HealthMailboxc3d7722", "AAD_9e4d0b1c6f8d", "Sync_CONNECT01_1a2b3"}) {
    INFO(name);
    REQUIRE(live.count(name) == 1);
    const auto& fix = live[name]->remediation;
    CHECK(fix.find("Disable-ADAccount") == std::string::npos);
    CHECK(std::any_of(live[name]->evidence.begin(), live[name]->evidence.end(),
                      [](const Evidence& e) { return e.name == "well-known account"; }));
  }
  CHECK(live["HealthMailboxc3d7722"]->remediation.find("Leave it to Exchange") == 0);
  CHECK(live["AAD_9e4d0b1c6f8d"]->remediation.find("ADSync service would stop") != std::string::npos);
}
