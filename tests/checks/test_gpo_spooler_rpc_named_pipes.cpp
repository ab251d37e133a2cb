#include "src/ad/gpo.hpp"
#include "tests/support/gpo_policies.hpp"
#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"

using namespace kerbready;

namespace {

std::string
path(std::string_view p)
{
  return std::string(p);
}

} // namespace

TEST_CASE("GPO-SPOOLER-NAMED-PIPES: spooler RPC over named pipes", "[checks][GPO-SPOOLER-NAMED-PIPES]")
{
  test::SnapshotBuilder b;
  auto& s = b.snapshot();
  SECTION("client over named pipes and a listener accepting them")
  {
    test::add_gpo(
      s, "Print", test::k_gpo_a,
      {{path(gpo_value::spooler_rpc_use_named_pipe_protocol), "1"}, {path(gpo_value::spooler_rpc_protocols), "7"}});
    const auto findings = test::run_check(b.build(), "GPO-SPOOLER-NAMED-PIPES");
    REQUIRE(findings.size() == 2);
    for (const auto& f : findings) {
      CHECK(f.severity == Severity::medium);
      CHECK(f.cause == FallbackCause::app_config);
      CHECK(f.summary.find("krbtgt/NT Authority") != std::string::npos);
    }
  }
  SECTION("listener on named pipes only (3)")
  {
    test::add_gpo(s, "Print", test::k_gpo_a, {{path(gpo_value::spooler_rpc_protocols), "3"}});
    const auto findings = test::run_check(b.build(), "GPO-SPOOLER-NAMED-PIPES");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].summary.find("named pipes only") != std::string::npos);
  }
  SECTION("RpcNamedPipeAuthentication = 2 lowers it and is shown")
  {
    test::add_gpo(s, "Print", test::k_gpo_a,
                  {{path(gpo_value::spooler_rpc_use_named_pipe_protocol), "1"},
                   {path(gpo_value::spooler_rpc_named_pipe_authentication), "2"}});
    const auto findings = test::run_check(b.build(), "GPO-SPOOLER-NAMED-PIPES");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].severity == Severity::low);
    CHECK(findings[0].summary.find("RpcNamedPipeAuthentication = 2") != std::string::npos);
  }
  SECTION("linked: one finding per scope, an OU overriding to TCP is clean")
  {
    test::add_gpo(s, "Print", test::k_gpo_a, {{path(gpo_value::spooler_rpc_use_named_pipe_protocol), "1"}});
    test::add_gpo(s, "Print TCP", test::k_gpo_b, {{path(gpo_value::spooler_rpc_use_named_pipe_protocol), "0"}});
    test::link_gpos(s, test::k_root_dn, test::gplink_entry(test::k_gpo_a));
    test::link_gpos(s, "OU=Print,DC=corp,DC=example,DC=com", test::gplink_entry(test::k_gpo_b));
    const auto findings = test::run_check(b.build(), "GPO-SPOOLER-NAMED-PIPES");
    REQUIRE(findings.size() == 2); // domain members and DCs; the OU wins TCP
    for (const auto& f : findings) {
      CHECK(f.summary.find("OU=Print") == std::string::npos);
      CHECK(f.summary.find("is in force for") != std::string::npos);
    }
  }
}

TEST_CASE("GPO-SPOOLER-NAMED-PIPES: RPC over TCP and hostile values", "[checks][GPO-SPOOLER-NAMED-PIPES]")
{
  test::SnapshotBuilder b;
  auto& s = b.snapshot();
  SECTION("TCP: nothing to report")
  {
    test::add_gpo(
      s, "Print", test::k_gpo_a,
      {{path(gpo_value::spooler_rpc_use_named_pipe_protocol), "0"}, {path(gpo_value::spooler_rpc_protocols), "5"}});
    CHECK(test::run_check(b.build(), "GPO-SPOOLER-NAMED-PIPES").empty());
  }
  SECTION("malformed, overlong, binary and escape-laden data is no value")
  {
    test::add_gpo(s, "Print\x1b[31m", test::k_gpo_a,
                  {{path(gpo_value::spooler_rpc_use_named_pipe_protocol), std::string(5000, '1')},
                   {path(gpo_value::spooler_rpc_protocols), std::string("7\0\xff", 3)}});
    test::add_gpo(s, "Junk", test::k_gpo_b, {{path(gpo_value::spooler_rpc_use_named_pipe_protocol), "\x1b]0;x\x07"}});
    CHECK(test::run_check(b.build(), "GPO-SPOOLER-NAMED-PIPES").empty());
  }
  SECTION("a GPO name with terminal escapes stays out of the key")
  {
    test::add_gpo(s, "Evil\x1b[2J\nname", test::k_gpo_a, {{path(gpo_value::spooler_rpc_use_named_pipe_protocol), "1"}});
    const auto findings = test::run_check(b.build(), "GPO-SPOOLER-NAMED-PIPES");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].key.find('\x1b') == std::string::npos);
    CHECK(findings[0].evidence.at(0).value == "1");
  }
}
