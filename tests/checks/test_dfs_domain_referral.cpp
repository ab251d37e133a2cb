#include "tests/support/dfs_blobs.hpp"
#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"

using namespace kerbready;

namespace {
const std::string k_base = "CN=Dfs-Configuration,CN=System,DC=corp,DC=example,DC=com";

const Evidence*
evidence(const Finding& f, std::string_view name)
{
  for (const auto& e : f.evidence) {
    if (e.name == name) {
      return &e;
    }
  }
  return nullptr;
}
} // namespace

TEST_CASE("DFS-DOMAIN-REFERRAL: one low finding per domain-based namespace, v1 and v2", "[checks][DFS-DOMAIN-REFERRAL]")
{
  test::SnapshotBuilder b;
  b.computer("FS01");
  auto& s = b.snapshot();
  test::add_dfs_object(s, "CN=apps," + k_base, "msdfs-namespacev2",
                       {{"msdfs-targetlistv2", {test::target_list({"\\\\fs01.corp.example.com\\apps"})}}});
  test::add_dfs_object(s, "CN=legacy," + k_base, "ftdfs", {{"remoteservername", {"\\\\FS01\\legacy", "*"}}});
  const auto findings = test::run_check(b.build(), "DFS-DOMAIN-REFERRAL");
  REQUIRE(findings.size() == 2);
  for (const auto& f : findings) {
    CHECK(f.severity == Severity::low);
    CHECK(f.cause == FallbackCause::dfs);
    CHECK(f.summary.find("unknown") != std::string::npos); // the directory cannot tell
    const auto* holders = evidence(f, "accounts holding cifs/corp.example.com");
    REQUIRE(holders != nullptr);
    CHECK(holders->value.rfind("none", 0) == 0);
  }
  CHECK((findings[0].subject == "\\\\corp.example.com\\apps" || findings[1].subject == "\\\\corp.example.com\\apps"));
  const auto& apps = findings[0].subject == "\\\\corp.example.com\\apps" ? findings[0] : findings[1];
  CHECK(apps.remediation.find("\\\\<server>\\apps") != std::string::npos);
}

TEST_CASE("DFS-DOMAIN-REFERRAL: nothing without domain-based namespaces; a cifs/<domain> holder is shown",
          "[checks][DFS-DOMAIN-REFERRAL]")
{
  SECTION("no namespace")
  {
    test::SnapshotBuilder b;
    b.computer("FS01");
    CHECK(test::run_check(b.build(), "DFS-DOMAIN-REFERRAL").empty());
  }
  SECTION("an account holds cifs/<domain>")
  {
    test::SnapshotBuilder b;
    b.computer("FS01").service_principal_names.push_back("cifs/corp.example.com");
    test::add_dfs_object(b.snapshot(), "CN=apps," + k_base, "msdfs-namespacev2",
                         {{"msdfs-targetlistv2", {test::target_list({"\\\\fs01.corp.example.com\\apps"})}}});
    const auto findings = test::run_check(b.build(), "DFS-DOMAIN-REFERRAL");
    REQUIRE(findings.size() == 1);
    const auto* holders = evidence(findings[0], "accounts holding cifs/corp.example.com");
    REQUIRE(holders != nullptr);
    CHECK(holders->value == "1");
  }
}
