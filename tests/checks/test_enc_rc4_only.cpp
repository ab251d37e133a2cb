#include "src/ad/etypes.hpp"
#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"

using namespace kerbready;

TEST_CASE("ENC-RC4-ONLY: RC4 without AES", "[checks][ENC-RC4-ONLY]")
{
  test::SnapshotBuilder b;
  auto& svc = b.user("svc_app");
  svc.service_principal_names = {"HTTP/app.corp.example.com"};
  svc.supported_encryption_types = etype::rc4_hmac;
  b.user("plain").supported_encryption_types = etype::rc4_hmac | etype::des;
  const auto findings = test::run_check(b.build(), "ENC-RC4-ONLY");
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].subject == "svc_app");
  CHECK(findings[0].severity == Severity::high);
  // KB5073381 changes only the default for accounts without the value: an explicit RC4 value keeps
  // working until RC4 is disabled by policy, and the finding says so.
  CHECK(findings[0].summary.find("keeps RC4 tickets working after KB5073381") != std::string::npos);
  CHECK(findings[0].summary.find("disabled by policy") != std::string::npos);
  CHECK(findings[1].severity == Severity::low);
}

TEST_CASE("ENC-RC4-ONLY: AES present or unset", "[checks][ENC-RC4-ONLY]")
{
  test::SnapshotBuilder b;
  b.user("svc_a").supported_encryption_types = etype::rc4_hmac | etype::aes256;
  b.user("svc_b").service_principal_names = {"HTTP/b.corp.example.com"};
  b.user("des").supported_encryption_types = etype::des;
  CHECK(test::run_check(b.build(), "ENC-RC4-ONLY").empty());
}
