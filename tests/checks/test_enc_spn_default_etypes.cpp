#include "src/etypes.hpp"
#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"

using namespace kerbready;

TEST_CASE("ENC-SPN-DEFAULT-ETYPES: SPN holders without the attribute", "[checks][ENC-SPN-DEFAULT-ETYPES]")
{
  test::SnapshotBuilder b;
  b.user("svc_web").service_principal_names = {"HTTP/web.corp.example.com"};
  b.computer("LINUX01").last_logon_timestamp = 1700000000;
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
  b.gmsa("gmsa_web").service_principal_names = {"HTTP/gweb.corp.example.com"};
  auto& fresh = b.computer("NEWPC");
  fresh.when_created = 1704067200;
  b.snapshot().reference_time = 1704067200 + 3600;
  CHECK(test::run_check(b.build(), "ENC-SPN-DEFAULT-ETYPES").empty());
}
