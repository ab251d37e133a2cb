#include "src/ad/etypes.hpp"
#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"

using namespace kerbready;

TEST_CASE("ENC-SPN-DEFAULT-ETYPES: SPN holders without the attribute", "[checks][ENC-SPN-DEFAULT-ETYPES]")
{
  test::SnapshotBuilder b;
  b.user("svc_web").service_principal_names = {"HTTP/web.corp.example.com"};
  auto& linux_host = b.computer("LINUX01");
  linux_host.last_logon_timestamp = 1700000000;
  linux_host.operating_system = "Red Hat Enterprise Linux";
  const auto findings = test::run_check(b.build(), "ENC-SPN-DEFAULT-ETYPES");
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].severity == Severity::low);
}

TEST_CASE("ENC-SPN-DEFAULT-ETYPES: explicit values, no SPN, fresh computers", "[checks][ENC-SPN-DEFAULT-ETYPES]")
{
  test::SnapshotBuilder b;
  b.computer("WIN01").supported_encryption_types = etype::aes | etype::rc4_hmac;
  b.user("alice");
  b.user("krbtgt").service_principal_names = {"kadmin/changepw"};
  b.computer("WIN11").operating_system = "Windows 11 Enterprise";
  b.computer("UNKNOWN01");
  b.gmsa("gmsa_web").service_principal_names = {"HTTP/gweb.corp.example.com"};
  auto& fresh = b.computer("NEWPC");
  fresh.when_created = 1704067200;
  b.snapshot().reference_time = 1704067200 + 3600;
  CHECK(test::run_check(b.build(), "ENC-SPN-DEFAULT-ETYPES").empty());
}

// KB5073381: DCs give accounts without msDS-SupportedEncryptionTypes AES-only tickets. Without AES
// keys (password older than the domain's AES keys) the service breaks: high. With AES keys: low.
TEST_CASE("ENC-SPN-DEFAULT-ETYPES: no attribute and no AES keys is high", "[checks][ENC-SPN-DEFAULT-ETYPES]")
{
  constexpr std::int64_t k_2008 = 1199145600;
  constexpr std::int64_t k_2010 = 1262304000;
  constexpr std::int64_t k_2020 = 1577836800;
  test::SnapshotBuilder b;
  b.group("Read-only Domain Controllers", 521).when_created = k_2010;
  auto& old_svc = b.user("svc_old");
  old_svc.service_principal_names = {"HTTP/old.corp.example.com"};
  old_svc.pwd_last_set = k_2008;
  auto& new_svc = b.user("svc_new");
  new_svc.service_principal_names = {"HTTP/new.corp.example.com"};
  new_svc.pwd_last_set = k_2020;
  const auto findings = test::run_check(b.build(), "ENC-SPN-DEFAULT-ETYPES");
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].subject == "svc_old");
  CHECK(findings[0].severity == Severity::high);
  CHECK(findings[0].summary.find("KB5073381") != std::string::npos);
  CHECK(findings[0].remediation.find("Set-ADAccountPassword 'svc_old' -Reset") != std::string::npos);
  CHECK(findings[1].subject == "svc_new");
  CHECK(findings[1].severity == Severity::low);
}
