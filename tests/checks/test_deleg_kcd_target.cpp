#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"

using namespace kerbready;

TEST_CASE("DELEG-KCD-TARGET: an entry no account holds", "[checks][DELEG-KCD-TARGET]")
{
  test::SnapshotBuilder b;
  b.computer("SQL01").service_principal_names.push_back("MSSQLSvc/sql01.corp.example.com:1433");
  b.user("svc_web").allowed_to_delegate_to = {"MSSQLSvc/sql01.corp.example.com:1433",
                                              "MSSQLSvc/sql02.corp.example.com:1433", "HTTP"};
  const auto findings = test::run_check(b.build(), "DELEG-KCD-TARGET");
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].severity == Severity::medium);
  CHECK(findings[0].cause == FallbackCause::spn);
  for (const auto& f : findings) {
    CHECK(f.subject.rfind("svc_web -> ", 0) == 0);
    CHECK(f.affected.at(0).sam_account_name == "svc_web");
  }
  const auto has = [&](std::string_view subject, std::string_view phrase) {
    return std::any_of(findings.begin(), findings.end(), [&](const Finding& f) {
      return f.subject == subject && f.summary.find(phrase) != std::string::npos;
    });
  };
  CHECK(has("svc_web -> MSSQLSvc/sql02.corp.example.com:1433", "KDC_ERR_S_PRINCIPAL_UNKNOWN"));
  CHECK(has("svc_web -> HTTP", "not a valid SPN"));
}

TEST_CASE("DELEG-KCD-TARGET: exact holders and plain HOST aliases are not reported", "[checks][DELEG-KCD-TARGET]")
{
  test::SnapshotBuilder b;
  b.computer("FS01");
  b.user("svc_app").service_principal_names = {"HTTP/app.corp.example.com"};
  auto& front = b.computer("WEB01");
  front.allowed_to_delegate_to = {"cifs/fs01.corp.example.com", "cifs/FS01", "HTTP/app.corp.example.com",
                                  "HOST/fs01.corp.example.com"};
  front.user_account_control |= uac::trusted_to_auth_for_delegation;
  // A disabled front-end delegates nothing.
  auto& off = b.user("svc_off");
  off.user_account_control |= uac::account_disable;
  off.allowed_to_delegate_to = {"HTTP/gone.corp.example.com"};
  CHECK(test::run_check(b.build(), "DELEG-KCD-TARGET").empty());
}

TEST_CASE("DELEG-KCD-TARGET: resolved through the HOST alias while a service account holds the service",
          "[checks][DELEG-KCD-TARGET]")
{
  test::SnapshotBuilder b;
  b.computer("WEB01");
  b.user("svc_web").service_principal_names = {"HTTP/web01"};
  b.user("svc_front").allowed_to_delegate_to = {"HTTP/web01.corp.example.com"};
  auto findings = test::run_check(b.build(), "DELEG-KCD-TARGET");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].severity == Severity::medium);
  CHECK(findings[0].summary.find("host/web01.corp.example.com") != std::string::npos);
  CHECK(findings[0].summary.find("svc_web holds HTTP/web01") != std::string::npos);
  std::vector<std::string> names;
  for (const auto& a : findings[0].affected) {
    names.push_back(a.sam_account_name);
  }
  CHECK(names == std::vector<std::string>{"svc_front", "WEB01$", "svc_web"});
  // The short form the other way round: the entry names the short host, the service the FQDN.
  test::SnapshotBuilder c;
  c.computer("WEB01");
  c.user("svc_web").service_principal_names = {"HTTP/web01.corp.example.com"};
  c.user("svc_front").allowed_to_delegate_to = {"http/WEB01"};
  findings = test::run_check(c.build(), "DELEG-KCD-TARGET");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].summary.find("svc_web") != std::string::npos);
  // The forest's sPNMappings decide: without http in the HOST alias list, it is simply unresolved.
  c.with_configuration({"host=cifs"});
  findings = test::run_check(c.build(), "DELEG-KCD-TARGET");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].summary.find("no account in the snapshot holds") != std::string::npos);
}

TEST_CASE("DELEG-KCD-TARGET: hosts in domains not read are listed at info", "[checks][DELEG-KCD-TARGET][scope]")
{
  test::SnapshotBuilder b;
  b.trust("partner.example", 0x8);
  b.user("svc_front").allowed_to_delegate_to = {"cifs/fs.partner.example", "cifs/fs9.corp.example.com"};
  const auto findings = test::run_check(b.build(), "DELEG-KCD-TARGET");
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].subject == "svc_front -> cifs/fs9.corp.example.com");
  CHECK(findings[1].severity == Severity::info);
  CHECK(findings[1].evidence.at(0).name == "fs.partner.example");
}

TEST_CASE("DELEG-KCD-TARGET: hostile entries", "[checks][DELEG-KCD-TARGET][hostile]")
{
  test::SnapshotBuilder b;
  b.user("svc_front").allowed_to_delegate_to = {"HTTP/\x1b]0;pwned\x07web.corp.example.com",
                                                std::string("cifs/fs\0x.corp.example.com", 26),
                                                "HTTP/" + std::string(5000, 'a') + ".corp.example.com",
                                                "\xff\xfe/\xc0\xaf",
                                                "",
                                                "/",
                                                "HTTP/web01:99999"};
  const auto findings = test::run_check(b.build(), "DELEG-KCD-TARGET");
  // Each is unresolved (or outside what was read), none is skipped silently, and nothing crashes.
  CHECK(findings.size() >= 6);
  for (const auto& f : findings) {
    CHECK_FALSE(f.summary.empty());
  }
}
