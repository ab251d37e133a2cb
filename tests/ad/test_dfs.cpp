#include "src/ad/dfs.hpp"
#include "tests/support/dfs_blobs.hpp"

#include <catch2/catch.hpp>

using namespace kerbready;

TEST_CASE("dfs: msDFS-TargetListv2 decodes UTF-16LE XML after a BOM", "[dfs]")
{
  const auto targets =
    parse_dfs_target_list(test::target_list({"\\\\fs01.corp.example.com\\data", "\\\\10.0.0.5\\d&amp;x"}));
  REQUIRE(targets);
  REQUIRE(targets->size() == 2);
  CHECK((*targets)[0].server == "fs01.corp.example.com");
  CHECK((*targets)[0].share == "data");
  CHECK((*targets)[0].state == "online");
  CHECK((*targets)[1].server == "10.0.0.5");
  CHECK((*targets)[1].share == "d&x");
  // UTF-8 without BOM is accepted too.
  const auto utf8 = parse_dfs_target_list("<targets><target>\\\\srv\\s</target></targets>");
  REQUIRE(utf8);
  CHECK(utf8->at(0).server == "srv");
}

TEST_CASE("dfs: truncated and garbage target lists", "[dfs]")
{
  const auto value = test::target_list({"\\\\fs01\\data"});
  for (std::size_t cut = 0; cut < value.size(); cut += 3) {
    (void)parse_dfs_target_list(value.substr(0, cut)); // must not crash
  }
  // Cut inside the only <target> element: no target is invented.
  const auto half = parse_dfs_target_list(value.substr(0, value.size() - 30));
  CHECK((!half || half->empty()));
  CHECK_FALSE(parse_dfs_target_list("garbage"));
  CHECK_FALSE(parse_dfs_target_list(std::string("\xFF\xFE\x3C", 3)));
  CHECK_FALSE(parse_unc("fs01\\data"));
  CHECK_FALSE(parse_unc("\\\\\\data"));
}

TEST_CASE("dfs: pKT blobs decode, truncations and placeholders do not", "[dfs]")
{
  const auto blob = test::pkt({
    {"\\domainroot", test::pkt_root_or_link("\\corp.example.com\\apps", true, {{"DC01", "apps"}})},
    {"\\siteroot", std::string(12, '\0')},
    {"\\domainroot\\tools",
     test::pkt_root_or_link("\\corp.example.com\\apps\\tools", false, {{"files", "tools"}, {"10.0.0.9", "tools"}})},
  });
  const auto entries = parse_pkt(blob);
  REQUIRE(entries);
  REQUIRE(entries->size() == 2);
  CHECK((*entries)[0].is_root);
  CHECK((*entries)[1].prefix == "\\corp.example.com\\apps\\tools");
  REQUIRE((*entries)[1].targets.size() == 2);
  CHECK((*entries)[1].targets[1].server == "10.0.0.9");
  CHECK((*entries)[1].targets[0].state == "online");

  for (std::size_t cut = 0; cut < blob.size(); ++cut) {
    CHECK_FALSE(parse_pkt(blob.substr(0, cut)));
  }
  CHECK_FALSE(parse_pkt(std::string(4, '\xFF') + std::string(4, '\0'))); // BLOBVersion != 0
  CHECK_FALSE(parse_pkt(std::string("\0\0\0\0\xFF\xFF\xFF\xFF", 8)));    // huge count, no data
  CHECK_FALSE(parse_pkt("not a blob"));
  // Every single-byte corruption stays in bounds.
  for (std::size_t i = 0; i < blob.size(); ++i) {
    auto corrupt = blob;
    corrupt[i] = '\xFF';
    (void)parse_pkt(corrupt);
  }
}

TEST_CASE("dfs: namespaces collect v2 links and v1 pKT links", "[dfs]")
{
  Snapshot s;
  const std::string base = "CN=Dfs-Configuration,CN=System,DC=corp,DC=example,DC=com";
  test::add_dfs_object(s, "CN=apps," + base, "msdfs-namespacev2",
                       {{"msdfs-targetlistv2", {test::target_list({"\\\\dc01.corp.example.com\\apps"})}}});
  test::add_dfs_object(
    s, "CN=link1,CN=apps," + base, "msdfs-linkv2",
    {{"msdfs-linkpathv2", {"/tools"}}, {"msdfs-targetlistv2", {test::target_list({"\\\\files\\tools"})}}});
  test::add_dfs_object(s, "CN=old," + base, "ftdfs",
                       {{"remoteservername", {"\\\\DC01\\old", "*"}}, {"pkt", {std::string(40, '\x07')}}});
  const auto namespaces = collect_dfs_namespaces(s);
  REQUIRE(namespaces.size() == 2);
  const auto& apps = namespaces[0].name == "\\\\corp.example.com\\apps" ? namespaces[0] : namespaces[1];
  const auto& old = namespaces[0].name == "\\\\corp.example.com\\apps" ? namespaces[1] : namespaces[0];
  REQUIRE(apps.links.size() == 1);
  CHECK(apps.links[0].path == "/tools");
  CHECK(apps.links[0].targets.at(0).server == "files");
  CHECK(old.root_targets.size() == 1);
  CHECK(old.undecodable.size() == 1);
}
