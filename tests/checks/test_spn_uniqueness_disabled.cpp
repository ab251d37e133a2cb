#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"

using namespace kerbready;

namespace {

constexpr const char* k_id = "SPN-UNIQUENESS-DISABLED";

Snapshot
with_heuristics(const std::string& value)
{
  test::SnapshotBuilder b;
  b.with_configuration({});
  b.snapshot().configuration.forest_root = "corp.example.com";
  b.snapshot().configuration.ds_heuristics = value;
  return b.build();
}

} // namespace

TEST_CASE("SPN-UNIQUENESS-DISABLED: the 21st character turns checks off", "[checks][SPN-UNIQUENESS-DISABLED]")
{
  //                                         1234567890123456789012
  const auto spn = test::run_check(with_heuristics("000000000100000000022"), k_id);
  REQUIRE(spn.size() == 1);
  CHECK(spn[0].severity == Severity::info);
  CHECK(spn[0].summary.find("SPN uniqueness") != std::string::npos);
  CHECK(spn[0].summary.find("UPN") == std::string::npos);
  REQUIRE(spn[0].affected.size() == 1);
  CHECK(spn[0].affected[0].dn ==
        "CN=Directory Service,CN=Windows NT,CN=Services,CN=Configuration,DC=corp,DC=example,DC=com");

  const auto all = test::run_check(with_heuristics("000000000100000000027"
                                                   "00000000"
                                                   "3"),
                                   k_id);
  REQUIRE(all.size() == 1);
  CHECK(all[0].summary.find("UPN, SPN, SPN alias") != std::string::npos);

  const auto upn = test::run_check(with_heuristics("000000000100000000021"), k_id);
  REQUIRE(upn.size() == 1);
  CHECK(upn[0].summary.find("UPN uniqueness") != std::string::npos);
}

TEST_CASE("SPN-UNIQUENESS-DISABLED: default, short, malformed and hostile values", "[checks][SPN-UNIQUENESS-DISABLED]")
{
  CHECK(test::run_check(with_heuristics(""), k_id).empty());
  CHECK(test::run_check(with_heuristics("0000002"), k_id).empty());               // shorter than 21
  CHECK(test::run_check(with_heuristics("000000000100000000020"), k_id).empty()); // 0: checks on
  CHECK(test::run_check(with_heuristics("000000000100000000028"), k_id).empty()); // bit 8 means nothing
  CHECK(test::run_check(with_heuristics("00000000010000000002x"), k_id).empty()); // not a digit
  // The check characters at 10, 20 and 30 must hold 1, 2, 3, or the string is not honoured.
  CHECK(test::run_check(with_heuristics("000000000000000000022"), k_id).empty());
  CHECK(test::run_check(with_heuristics("000000000100000000002"), k_id).empty());
  CHECK(test::run_check(with_heuristics("0000000001000000000220000000000"), k_id).empty());
  // Hostile: control characters and terminal escapes elsewhere in the string are escaped in evidence.
  const auto hostile =
    test::run_check(with_heuristics("0\x1b[2J000000100000000022\n\xe2\x80\xae" + std::string(3000, '9')), k_id);
  CHECK(hostile.empty()); // the escape shifted the positions: not honoured
  const auto escaped = test::run_check(with_heuristics("0\x1b"
                                                       "0000000"
                                                       "1"
                                                       "000000000"
                                                       "22\n\xe2\x80\xae"),
                                       k_id);
  REQUIRE(escaped.size() == 1);
  for (const auto& e : escaped[0].evidence) {
    CHECK(e.value.find('\x1b') == std::string::npos);
    CHECK(e.value.find('\n') == std::string::npos);
    CHECK(e.value.find("\xe2\x80\xae") == std::string::npos);
  }
  test::SnapshotBuilder no_config;
  no_config.snapshot().configuration.ds_heuristics = "000000000100000000022";
  // Without the Configuration partition there is no dSHeuristics: no finding, and the scan stays complete.
  auto report = run_checks(no_config.build(), {k_id});
  CHECK(report.findings.empty());
  CHECK(report.complete());
}
