#include "src/ad/etypes.hpp"
#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"

using namespace kerbready;

TEST_CASE("ENC-DES: USE_DES_KEY_ONLY and DES-only values", "[checks][ENC-DES]")
{
  test::SnapshotBuilder b;
  b.user("des_flag").user_account_control |= uac::use_des_key_only;
  b.computer("OLDUNIX").supported_encryption_types = etype::des_cbc_crc | etype::des_cbc_md5;
  const auto findings = test::run_check(b.build(), "ENC-DES");
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].severity == Severity::high);
  CHECK(findings[0].cause == FallbackCause::weak_crypto);
}

TEST_CASE("ENC-DES: DES next to other ciphers, disabled accounts", "[checks][ENC-DES]")
{
  test::SnapshotBuilder b;
  b.user("mixed").supported_encryption_types = etype::des | etype::aes;
  b.user("flags_only").supported_encryption_types = 0x10000; // FAST only, no cipher
  auto& off = b.user("disabled");
  off.user_account_control |= uac::use_des_key_only | uac::account_disable;
  CHECK(test::run_check(b.build(), "ENC-DES").empty());
}
