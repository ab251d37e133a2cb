#include "tests/support/dfs_blobs.hpp"
#include "tests/support/dns_records.hpp"
#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"
#include "tests/support/two_domains.hpp"

using namespace kerbready;

namespace {
const std::string k_base = "CN=Dfs-Configuration,CN=System,DC=corp,DC=example,DC=com";
}

TEST_CASE("DFS-TARGET-ALIAS: IP, alias and unknown-name targets", "[checks][DFS-TARGET-ALIAS]")
{
  test::SnapshotBuilder b;
  b.computer("FS01");
  b.computer("DC01");
  auto& s = b.snapshot();
  test::add_dns_node(s, "fs01", "corp.example.com", {test::a_record(10, 0, 0, 1)});
  test::add_dns_node(s, "files", "corp.example.com", {test::cname_record("fs01.corp.example.com")});
  test::add_dfs_object(s, "CN=apps," + k_base, "msdfs-namespacev2",
                       {{"msdfs-targetlistv2", {test::target_list({"\\\\dc01.corp.example.com\\apps"})}}});
  test::add_dfs_object(s, "CN=l1,CN=apps," + k_base, "msdfs-linkv2",
                       {{"msdfs-linkpathv2", {"/tools"}},
                        {"msdfs-targetlistv2",
                         {test::target_list({"\\\\files.corp.example.com\\tools", "\\\\10.0.0.1\\tools",
                                             "\\\\FS01\\tools", "\\\\nas-old\\tools"})}}});
  test::add_dfs_object(
    s, "CN=legacy," + k_base, "ftdfs",
    {{"remoteservername", {"\\\\DC01\\legacy", "*"}},
     {"pkt",
      {test::pkt({{"\\domainroot\\x", test::pkt_root_or_link("\\corp\\legacy\\x", false, {{"192.168.1.4", "x"}})}})}}});
  test::add_dfs_object(s, "CN=broken," + k_base, "ftdfs", {{"pkt", {"placeholder"}}});
  const auto findings = test::run_check(b.build(), "DFS-TARGET-ALIAS");
  std::size_t high = 0;
  std::size_t info = 0;
  for (const auto& f : findings) {
    if (f.severity == Severity::high) {
      ++high;
      CHECK(f.subject.find("FS01\\tools") == std::string::npos);
      CHECK(f.subject.find("dc01") == std::string::npos);
    } else {
      CHECK(f.severity == Severity::info);
      CHECK(f.summary.find("unknown") != std::string::npos);
      ++info;
    }
    if (f.subject.find("files.corp") != std::string::npos) {
      CHECK(f.summary.find("DNS alias of fs01.corp.example.com") != std::string::npos);
    }
    if (f.subject.find("10.0.0.1") != std::string::npos) {
      CHECK(f.summary.find("IP address") != std::string::npos);
    }
  }
  CHECK(high == 4); // files (alias), 10.0.0.1, nas-old, 192.168.1.4 (v1 pKT link)
  CHECK(info == 1); // the placeholder pKT
}

TEST_CASE("DFS-TARGET-ALIAS: targets covered by SPNs", "[checks][DFS-TARGET-ALIAS]")
{
  test::SnapshotBuilder b;
  b.computer("FS01").service_principal_names.push_back("cifs/files.corp.example.com");
  auto& s = b.snapshot();
  test::add_dfs_object(
    s, "CN=apps," + k_base, "msdfs-namespacev2",
    {{"msdfs-targetlistv2",
      {test::target_list({"\\\\fs01.corp.example.com\\apps", "\\\\FS01\\apps", "\\\\files.corp.example.com\\apps"})}}});
  CHECK(test::run_check(b.build(), "DFS-TARGET-ALIAS").empty());
}

TEST_CASE("DFS-TARGET-ALIAS: the fix names the path the DFSN cmdlets take", "[checks][DFS-TARGET-ALIAS]")
{
  test::SnapshotBuilder b;
  auto& s = b.snapshot();
  test::add_dfs_object(s, "CN=apps," + k_base, "msdfs-namespacev2",
                       {{"msdfs-targetlistv2", {test::target_list({"\\\\nas-old\\apps"})}}});
  test::add_dfs_object(
    s, "CN=l1,CN=apps," + k_base, "msdfs-linkv2",
    {{"msdfs-linkpathv2", {"/tools/x86"}}, {"msdfs-targetlistv2", {test::target_list({"\\\\10.0.0.1\\tools"})}}});
  test::add_dfs_object(
    s, "CN=legacy," + k_base, "ftdfs",
    {{"pkt",
      {test::pkt({{"\\domainroot\\x", test::pkt_root_or_link("\\corp\\legacy\\x", false, {{"nas-v1", "x"}})}})}}});
  const auto findings = test::run_check(b.build(), "DFS-TARGET-ALIAS");
  const auto fix_of = [&](const std::string& server) {
    for (const auto& f : findings) {
      if (f.subject.find(server) != std::string::npos) {
        return f.remediation;
      }
    }
    return std::string("absent");
  };
  const auto root_fix = fix_of("nas-old");
  const auto link_fix = fix_of("10.0.0.1");
  const auto v1_fix = fix_of("nas-v1");
  CHECK(root_fix.find("New-DfsnRootTarget -Path '\\\\corp.example.com\\apps'") != std::string::npos);
  CHECK(root_fix.find("setspn -S \"cifs/nas-old") != std::string::npos);
  // A domainV2 link path is stored "/tools/x86"; the cmdlets want \\domain\namespace\tools\x86.
  CHECK(link_fix.find("New-DfsnFolderTarget -Path '\\\\corp.example.com\\apps\\tools\\x86'") != std::string::npos);
  // An IP target: registering cifs/<IP> alone does not help; say what would.
  CHECK(link_fix.find("TryIPSPN") != std::string::npos);
  CHECK(link_fix.find("setspn") == std::string::npos);
  CHECK(v1_fix.find("New-DfsnFolderTarget -Path '\\\\corp\\legacy\\x'") != std::string::npos);
}

// A target in a domain the snapshot did not read cannot be judged (its SPN would live there): info,
// never high. A target in a read domain without an SPN stays high.
TEST_CASE("DFS-TARGET-ALIAS: targets in domains that were not read are unknown, not high", "[checks][DFS-TARGET-ALIAS]")
{
  test::SnapshotBuilder b;
  auto& s = b.snapshot();
  test::add_dfs_object(
    s, "CN=apps," + k_base, "msdfs-namespacev2",
    {{"msdfs-targetlistv2",
      {test::target_list({"\\\\fs9.emea.other.example\\apps", "\\\\gone.corp.example.com\\apps"})}}});
  const auto findings = test::run_check(b.build(), "DFS-TARGET-ALIAS");
  REQUIRE(findings.size() == 2);
  for (const auto& f : findings) {
    if (f.subject.find("fs9.emea.other.example") != std::string::npos) {
      CHECK(f.severity == Severity::info);
      CHECK(f.summary.find("outside what was read") != std::string::npos);
    } else {
      CHECK(f.severity == Severity::high);
    }
  }
}

// Issue 13, "judge only what was read": a target in the child domain, scanned from the parent alone.
TEST_CASE("DFS-TARGET-ALIAS: targets in a child domain or delegated zone that was not read are outside what was read",
          "[checks][DFS-TARGET-ALIAS][scope]")
{
  for (const bool with_configuration : {true, false}) {
    CAPTURE(with_configuration);
    auto parent = test::parent_domain(with_configuration);
    test::add_dfs_object(parent.snapshot(), "CN=apps," + k_base, "msdfs-namespacev2",
                         {{"msdfs-targetlistv2", {test::target_list({"\\\\fs1.child.corp.example.com\\apps"})}}});
    const auto findings = test::run_check(parent.build(), "DFS-TARGET-ALIAS");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].severity == Severity::info);
    CHECK(findings[0].summary.find("outside what was read (fs1.child.corp.example.com: in ") != std::string::npos);
  }
}

TEST_CASE("DFS-TARGET-ALIAS: a forest-wide scan judges targets in the child domain",
          "[checks][DFS-TARGET-ALIAS][scope]")
{
  auto parent = test::parent_domain();
  test::add_dfs_object(
    parent.snapshot(), "CN=apps," + k_base, "msdfs-namespacev2",
    {{"msdfs-targetlistv2",
      {test::target_list({"\\\\gone.child.corp.example.com\\apps", "\\\\dc2.child.corp.example.com\\apps"})}}});
  const auto findings = test::run_check(test::merged(parent.build(), test::child_domain().build()), "DFS-TARGET-ALIAS");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].severity == Severity::high);
  CHECK(findings[0].subject.find("gone.child.corp.example.com") != std::string::npos);
}
