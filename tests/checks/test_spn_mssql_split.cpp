#include "src/util/text.hpp"
#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"

using namespace kerbready;

namespace {

const Finding*
with_key_prefix(const std::vector<Finding>& findings, std::string_view prefix)
{
  for (const auto& f : findings) {
    if (f.key.rfind(prefix, 0) == 0) {
      return &f;
    }
  }
  return nullptr;
}

} // namespace

TEST_CASE("SPN-MSSQL-SPLIT: one endpoint in two forms on two accounts", "[checks][SPN-MSSQL-SPLIT]")
{
  test::SnapshotBuilder b;
  b.computer("SQL01");
  b.user("svc_sql_new").service_principal_names = {"MSSQLSvc/sql01.corp.example.com:1433"};
  b.user("svc_sql_old").service_principal_names = {"MSSQLSvc/SQL01:1433"};
  const auto findings = test::run_check(b.build(), "SPN-MSSQL-SPLIT");
  REQUIRE(findings.size() == 1);
  const auto& f = findings[0];
  CHECK(f.severity == Severity::medium);
  CHECK(f.subject == "MSSQLSvc/sql01.corp.example.com:1433");
  CHECK(f.summary.find("port 1433") != std::string::npos);
  CHECK(f.summary.find("svc_sql_new, svc_sql_old") != std::string::npos);
  REQUIRE(f.affected.size() == 2);
  CHECK(f.evidence.size() == 2);
  CHECK(f.remediation.find("setspn -D \"MSSQLSvc/SQL01:1433\" \"svc_sql_old\"") != std::string::npos);
  CHECK(f.remediation.find("setspn -Q \"MSSQLSvc/sql01.corp.example.com*\"") != std::string::npos);
}

TEST_CASE("SPN-MSSQL-SPLIT: SPNs left on a disabled account", "[checks][SPN-MSSQL-SPLIT]")
{
  test::SnapshotBuilder b;
  b.computer("SQL02");
  auto& old = b.user("svc_sql_2019");
  old.service_principal_names = {"MSSQLSvc/sql02.corp.example.com:1433", "MSSQLSvc/sql02.corp.example.com"};
  old.user_account_control |= uac::account_disable;
  b.user("gmsa_sql").service_principal_names = {"MSSQLSvc/sql02.corp.example.com:SALES"};
  const auto findings = test::run_check(b.build(), "SPN-MSSQL-SPLIT");
  const auto* f = with_key_prefix(findings, "disabled|");
  REQUIRE(f != nullptr);
  CHECK(findings.size() == 1);
  CHECK(f->severity == Severity::medium);
  CHECK(f->subject == "sql02.corp.example.com (svc_sql_2019)");
  CHECK(f->summary.find("disabled account svc_sql_2019") != std::string::npos);
  CHECK(f->summary.find("gmsa_sql") != std::string::npos);
  CHECK(f->remediation.find("setspn -D \"MSSQLSvc/sql02.corp.example.com:1433\" \"svc_sql_2019\"") !=
        std::string::npos);
}

TEST_CASE("SPN-MSSQL-SPLIT: port forms and instance forms on different accounts", "[checks][SPN-MSSQL-SPLIT]")
{
  test::SnapshotBuilder b;
  b.computer("SQL03");
  b.user("svc_a").service_principal_names = {"MSSQLSvc/sql03.corp.example.com:50123"};
  b.user("svc_b").service_principal_names = {"MSSQLSvc/sql03.corp.example.com:REPORTS"};
  const auto findings = test::run_check(b.build(), "SPN-MSSQL-SPLIT");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].severity == Severity::low);
  CHECK(findings[0].key == "forms|sql03.corp.example.com");
  CHECK(findings[0].summary.find("port-form MSSQLSvc SPNs (MSSQLSvc/sql03.corp.example.com:50123) are on svc_a") !=
        std::string::npos);
}

TEST_CASE("SPN-MSSQL-SPLIT: consistent registrations are not reported", "[checks][SPN-MSSQL-SPLIT]")
{
  test::SnapshotBuilder b;
  b.computer("SQL01");
  b.computer("SQL02");
  // A named instance with both forms on one account, FQDN only (no short-name form: not reported).
  b.user("svc_sales").service_principal_names = {"MSSQLSvc/sql01.corp.example.com:50100",
                                                 "MSSQLSvc/sql01.corp.example.com:SALES"};
  // A second instance on the same host under its own account, both forms.
  b.user("svc_hr").service_principal_names = {"MSSQLSvc/sql01.corp.example.com:50200",
                                              "MSSQLSvc/sql01.corp.example.com:HR", "MSSQLSvc/SQL01:50200"};
  // The same SPN on two accounts is SPN-DUPLICATE's.
  b.user("svc_x").service_principal_names = {"MSSQLSvc/sql02.corp.example.com:1433"};
  b.user("svc_y").service_principal_names = {"MSSQLSvc/sql02.corp.example.com:1433"};
  // A disabled account whose only SPN is that duplicate, and other classes on the host.
  auto& gone = b.user("svc_gone");
  gone.service_principal_names = {"MSSQLSvc/sql02.corp.example.com:1433", "HTTP/sql02.corp.example.com"};
  gone.user_account_control |= uac::account_disable;
  b.user("svc_web").service_principal_names = {"HTTP/sql01.corp.example.com"};
  CHECK(test::run_check(b.build(), "SPN-MSSQL-SPLIT").empty());
}

TEST_CASE("SPN-MSSQL-SPLIT: hostile and malformed SPN values", "[checks][SPN-MSSQL-SPLIT][hostile]")
{
  test::SnapshotBuilder b;
  const std::string evil = "sql\x1b]0;pwn\x07.corp.example.com";
  b.user("svc_1").service_principal_names = {"MSSQLSvc/" + evil + ":1433",
                                             "MSSQLSvc/",
                                             "MSSQLSvc",
                                             "MSSQLSvc/" + std::string(5000, 'a') + ":1",
                                             std::string("\0\xff/\x01", 4),
                                             "MSSQLSvc/10.0.0.5:1433",
                                             "MSSQLSvc/sql9.corp.example.com:1433"};
  b.user("svc_2\"&calc").service_principal_names = {"MSSQLSvc/" + util::to_upper(evil) + ":1433x",
                                                    "MSSQLSvc/10.0.0.5:1434"};
  auto& off = b.user("svc_off");
  off.service_principal_names = {"MSSQLSvc/" + evil + ":1435", "MSSQLSvc/sql9.corp.example.com:1435"};
  off.user_account_control |= uac::account_disable;
  const auto findings = test::run_check(b.build(), "SPN-MSSQL-SPLIT");
  // The IP host is SPN-IP-ADDRESS's; the escape-laden host is one host in any case.
  for (const auto& f : findings) {
    CHECK(f.subject.find("10.0.0.5") == std::string::npos);
    // No command carries a control character: the values are refused instead.
    CHECK(f.remediation.find('\x1b') == std::string::npos);
    CHECK(f.remediation.find("&calc") == std::string::npos);
  }
  CHECK(with_key_prefix(findings, "disabled|") != nullptr);
}
