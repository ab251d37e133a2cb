// The SPN, SPN-host and host indexes keep views of the snapshot's own values instead of copies
// (src/ad/spn.hpp). What they answer must not depend on the case a value was written in, and what
// they show must be the value as its holder wrote it.

#include "src/ad/privilege.hpp"
#include "src/ad/spn.hpp"
#include "tests/support/snapshot_builder.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace kerbready;

TEST_CASE("SPN index: found in any case, shown as first written, each holder once", "[spn]")
{
  test::SnapshotBuilder b;
  b.user("svc_sql").service_principal_names = {"MSSQLSvc/SQL01.corp.example.com:1433", "http/Web.Corp.Example.com"};
  b.user("svc_web").service_principal_names = {"HTTP/web.corp.example.com", "HTTP/WEB.corp.example.com"};
  const auto snapshot = b.build();
  const auto& index = spn_index(snapshot);

  const auto web = index.find("http/web.corp.example.com");
  REQUIRE(web != index.end());
  CHECK(web->first == "http/Web.Corp.Example.com"); // the first holder's spelling
  REQUIRE(web->second.size() == 2);                 // svc_web's two spellings count once
  CHECK(web->second[0]->sam_account_name == "svc_sql");
  CHECK(web->second[1]->sam_account_name == "svc_web");
  CHECK(index.find("HTTP/WEB.CORP.EXAMPLE.COM") == web);
  CHECK(index.count("mssqlsvc/sql01.corp.example.com:1433") == 1);
  CHECK(index.count("mssqlsvc/sql01.corp.example.com:1434") == 0);
  CHECK(index.count("http/web.corp.example") == 0);
  std::vector<std::string> keys;
  for (const auto& [spn, holders] : index) {
    keys.emplace_back(spn);
  }
  CHECK(keys == std::vector<std::string>{"MSSQLSvc/SQL01.corp.example.com:1433", "http/Web.Corp.Example.com"});
}

TEST_CASE("SPN-host and host indexes: hosts written in any case", "[spn]")
{
  test::SnapshotBuilder b;
  auto& upper = b.computer("APP01", false);       // dNSHostName app01.<domain>: lowercase, kept as a view
  upper.dns_host_name = "APP01.Corp.Example.COM"; // mixed case: copied lowercase
  upper.service_principal_names = {"HOST/APP01", "HOST/APP01.Corp.Example.COM", "TERMSRV/app01.corp.example.com"};
  b.computer("web02"); // all lowercase but its sAMAccountName
  const auto snapshot = b.build();

  const auto uses = spn_uses_for_host(spn_host_index(snapshot), "App01.corp.example.com");
  std::vector<std::string> written;
  for (const auto& use : uses) {
    written.emplace_back(use.spn);
    CHECK(use.account == &snapshot.accounts[0]);
  }
  // The FQDN's uses in snapshot order, then the short name's.
  CHECK(written ==
        std::vector<std::string>{"HOST/APP01.Corp.Example.COM", "TERMSRV/app01.corp.example.com", "HOST/APP01"});
  CHECK(spn_uses_for_host(spn_host_index(snapshot), "nothing.corp.example.com").empty());

  const auto& hosts = host_index(snapshot);
  for (const auto* name : {"app01", "APP01", "app01.corp.example.com", "App01.CORP.example.com"}) {
    INFO(name);
    REQUIRE(hosts.computers_for(name).size() == 1);
    CHECK(hosts.computers_for(name).front() == &snapshot.accounts[0]);
  }
  const auto web = std::string("web02.") + snapshot.accounts[1].domain.str();
  REQUIRE(hosts.computers_for(web).size() == 1);
  CHECK(hosts.computers_for("WEB02").front() == &snapshot.accounts[1]);
  CHECK(hosts.computers_for("web0").empty());
}

TEST_CASE("group graph: a snapshot moved after its indexes were built still answers", "[privilege]")
{
  test::SnapshotBuilder b;
  b.user("alice");
  const auto alice = b.snapshot().accounts[0].dn.str();
  b.group("Domain Admins", 512).members = {alice};
  auto snapshot = b.build();
  const auto* built = &group_graph(snapshot); // built before the move, nothing asked of it yet
  const auto moved = std::move(snapshot);
  const auto& graph = group_graph(moved);
  REQUIRE(&graph == built); // carried along, not built again
  const auto& admins = moved.groups[0];
  REQUIRE(graph.members(admins).size() == 1); // looked up by DN in the moved snapshot's accounts
  CHECK(graph.is_member(moved.accounts[0], admins));
  CHECK(graph.groups_with_rid(512).size() == 1);
}
