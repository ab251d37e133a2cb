#include "tests/support/dfs_blobs.hpp"
#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"
#include "tests/support/two_domains.hpp"

using namespace kerbready;

namespace {
const std::string k_base = "CN=Dfs-Configuration,CN=System,DC=corp,DC=example,DC=com";
}

TEST_CASE("DFS-ROOT-SERVER-MISSING: namespace servers without computer accounts", "[checks][DFS-ROOT-SERVER-MISSING]")
{
  test::SnapshotBuilder b;
  b.computer("DC01");
  auto& s = b.snapshot();
  test::add_dfs_object(
    s, "CN=apps," + k_base, "msdfs-namespacev2",
    {{"msdfs-targetlistv2",
      {test::target_list({"\\\\dc01.corp.example.com\\apps", "\\\\oldns01.corp.example.com\\apps"})}}});
  test::add_dfs_object(s, "CN=legacy," + k_base, "ftdfs", {{"remoteservername", {"\\\\GONE\\legacy", "*"}}});
  const auto findings = test::run_check(b.build(), "DFS-ROOT-SERVER-MISSING");
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].severity == Severity::medium);
}

TEST_CASE("DFS-ROOT-SERVER-MISSING: existing servers and IP targets", "[checks][DFS-ROOT-SERVER-MISSING]")
{
  test::SnapshotBuilder b;
  b.computer("DC01");
  test::add_dfs_object(b.snapshot(), "CN=apps," + k_base, "msdfs-namespacev2",
                       {{"msdfs-targetlistv2", {test::target_list({"\\\\DC01\\apps", "\\\\10.1.1.1\\apps"})}}});
  CHECK(test::run_check(b.build(), "DFS-ROOT-SERVER-MISSING").empty());
}

// Issue 13, "judge only what was read".
TEST_CASE(
  "DFS-ROOT-SERVER-MISSING: namespace servers in a domain or forest that was not read are outside what was read",
  "[checks][DFS-ROOT-SERVER-MISSING][scope]")
{
  auto parent = test::parent_domain();
  parent.trust("partner.example", 0x8);
  test::add_dfs_object(parent.snapshot(), "CN=apps," + k_base, "msdfs-namespacev2",
                       {{"msdfs-targetlistv2",
                         {test::target_list({"\\\\ns1.child.corp.example.com\\apps", "\\\\ns2.partner.example\\apps",
                                             "\\\\gone.corp.example.com\\apps"})}}});
  const auto findings = test::run_check(parent.build(), "DFS-ROOT-SERVER-MISSING");
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].severity == Severity::medium);
  CHECK(findings[0].subject.find("gone.corp.example.com") != std::string::npos);
  CHECK(findings[1].severity == Severity::info);
  CHECK(findings[1].subject == "2 names outside what was read");
}

TEST_CASE("DFS-ROOT-SERVER-MISSING: a forest-wide scan judges namespace servers in the child domain",
          "[checks][DFS-ROOT-SERVER-MISSING][scope]")
{
  auto parent = test::parent_domain();
  test::add_dfs_object(
    parent.snapshot(), "CN=apps," + k_base, "msdfs-namespacev2",
    {{"msdfs-targetlistv2",
      {test::target_list({"\\\\ns1.child.corp.example.com\\apps", "\\\\dc2.child.corp.example.com\\apps"})}}});
  const auto findings =
    test::run_check(test::merged(parent.build(), test::child_domain().build()), "DFS-ROOT-SERVER-MISSING");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].severity == Severity::medium);
  CHECK(findings[0].subject.find("ns1.child.corp.example.com") != std::string::npos);
}
