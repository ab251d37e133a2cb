#include "tests/support/dns_records.hpp"
#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"

using namespace kerbready;

namespace {
const std::string k_zone = "corp.example.com";
}

TEST_CASE("SPN-MSSQL-LISTENER: MSSQLSvc SPNs on a cluster or listener object", "[checks][SPN-MSSQL-LISTENER]")
{
  test::SnapshotBuilder b;
  b.computer("SQLN1").operating_system = "Windows Server 2022 Datacenter";
  b.computer("SQLN2").operating_system = "Windows Server 2022 Datacenter";
  b.computer("AGL01").service_principal_names.push_back("MSSQLSvc/agl01.corp.example.com:1433");
  b.user("svc_sql").service_principal_names = {"MSSQLSvc/sqln1.corp.example.com:1433",
                                               "MSSQLSvc/sqln2.corp.example.com:1433"};
  const auto findings = test::run_check(b.build(), "SPN-MSSQL-LISTENER");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].subject == "AGL01$");
  CHECK(findings[0].severity == Severity::medium);
  CHECK(findings[0].summary.find("no operatingSystem") != std::string::npos);
  CHECK(findings[0].remediation.find("setspn -D \"MSSQLSvc/agl01.corp.example.com:1433\" \"AGL01$\"") !=
        std::string::npos);
}

TEST_CASE("SPN-MSSQL-LISTENER: a host-name alias of a SQL Server without MSSQLSvc SPN", "[checks][SPN-MSSQL-LISTENER]")
{
  test::SnapshotBuilder b;
  b.computer("SQL01").operating_system = "Windows Server 2019 Standard";
  b.user("svc_sql").service_principal_names = {"MSSQLSvc/sql01.corp.example.com:1433",
                                               "MSSQLSvc/sql01.corp.example.com"};
  // netdom computername /add registered HOST/ for the alias, but no MSSQLSvc.
  b.snapshot().accounts[0].service_principal_names.push_back("HOST/finance-db.corp.example.com");
  auto& s = b.snapshot();
  test::add_dns_node(s, "sql01", k_zone, {test::a_record(10, 0, 0, 5)});
  test::add_dns_node(s, "finance-db", k_zone, {test::a_record(10, 0, 0, 5)});
  test::add_dns_node(s, "reports", k_zone, {test::cname_record("sql01.corp.example.com")});
  const auto findings = test::run_check(b.build(), "SPN-MSSQL-LISTENER");
  REQUIRE(findings.size() == 1);
  const auto& f = findings[0];
  CHECK(f.subject == "finance-db.corp.example.com");
  CHECK(f.summary.find("SQL Server host sql01.corp.example.com") != std::string::npos);
  CHECK(f.remediation.find("setspn -S \"MSSQLSvc/finance-db.corp.example.com:1433\" \"svc_sql\"") != std::string::npos);
  CHECK(f.remediation.find("setspn -S \"MSSQLSvc/finance-db.corp.example.com\" \"svc_sql\"") != std::string::npos);
}

TEST_CASE("SPN-MSSQL-LISTENER: correct listeners, machines without the attribute read, aliases left to others",
          "[checks][SPN-MSSQL-LISTENER]")
{
  test::SnapshotBuilder b;
  b.computer("SQLN1").operating_system = "Windows Server 2022 Datacenter";
  b.computer("AGL02"); // a listener object: no OS, no MSSQLSvc SPN on it
  b.user("svc_sql").service_principal_names = {"MSSQLSvc/sqln1.corp.example.com:1433",
                                               "MSSQLSvc/agl02.corp.example.com:1433"};
  auto& disabled = b.computer("OLDCL");
  disabled.service_principal_names.push_back("MSSQLSvc/oldcl.corp.example.com:1433");
  disabled.user_account_control |= uac::account_disable;
  auto& s = b.snapshot();
  test::add_dns_node(s, "sqln1", k_zone, {test::a_record(10, 0, 0, 7)});
  test::add_dns_node(s, "agl02", k_zone, {test::a_record(10, 0, 0, 8)});
  // An A-record alias of the SQL host that no SPN names: DNS-VIP-NO-SPN's.
  test::add_dns_node(s, "db", k_zone, {test::a_record(10, 0, 0, 7)});
  // An alias that has its MSSQLSvc SPN.
  test::add_dns_node(s, "crm-db", k_zone, {test::a_record(10, 0, 0, 7)});
  b.snapshot().accounts[2].service_principal_names.push_back("MSSQLSvc/crm-db.corp.example.com:1433");
  CHECK(test::run_check(b.build(), "SPN-MSSQL-LISTENER").empty());

  // Without operatingSystem on any computer (an export that left it out) nothing is judged.
  test::SnapshotBuilder none;
  none.computer("AGL01").service_principal_names.push_back("MSSQLSvc/agl01.corp.example.com:1433");
  CHECK(test::run_check(none.build(), "SPN-MSSQL-LISTENER").empty());
}

TEST_CASE("SPN-MSSQL-LISTENER: hostile names reach no command unquoted", "[checks][SPN-MSSQL-LISTENER][hostile]")
{
  test::SnapshotBuilder b;
  b.computer("SQLN1").operating_system = "Windows Server 2022 Datacenter";
  auto& evil = b.computer("EVIL\x1b[2J");
  evil.sam_account_name = "EVIL\x1b[2J$";
  evil.service_principal_names = {"MSSQLSvc/x\"&calc&.corp.example.com:1433", "MSSQLSvc/\x01\x02:1",
                                  "MSSQLSvc/" + std::string(3000, 'z') + ":1433", std::string("\xff\xfe", 2)};
  const auto findings = test::run_check(b.build(), "SPN-MSSQL-LISTENER");
  REQUIRE(findings.size() == 1);
  const auto& f = findings[0];
  CHECK(f.remediation.find("&calc&") == std::string::npos);
  CHECK(f.remediation.find('\x1b') == std::string::npos);
  CHECK(f.remediation.find("no command") != std::string::npos);
}
