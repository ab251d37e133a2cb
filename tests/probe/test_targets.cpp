#include "src/probe/targets.hpp"
#include "tests/support/snapshot_builder.hpp"

#include <catch2/catch.hpp>

using namespace kerbready;
using namespace kerbready::probe;

namespace {

// A DNS_RPC_RECORD (MS-DNSP 2.3.2.2): 24-byte header, then `data`.
std::string
dns_record(std::uint16_t type, const std::string& data)
{
  std::string r;
  const auto u16 = [&](std::uint16_t v) {
    r += static_cast<char>(v & 0xFF);
    r += static_cast<char>(v >> 8);
  };
  u16(static_cast<std::uint16_t>(data.size()));
  u16(type);
  r += '\x05';
  r += '\xF0';
  u16(0);
  r += std::string(16, '\0'); // serial, TTL, reserved, timestamp
  return r + data;
}

// DNS_COUNT_NAME for "a.b.c".
std::string
count_name(const std::vector<std::string>& labels)
{
  std::string body;
  for (const auto& label : labels) {
    body += static_cast<char>(label.size());
    body += label;
  }
  body += '\0';
  return std::string(1, static_cast<char>(body.size())) + static_cast<char>(labels.size()) + body;
}

std::string
utf16le(const std::string& ascii, bool bom)
{
  std::string out = bom ? std::string("\xFF\xFE") : std::string();
  for (const char c : ascii) {
    out += c;
    out += '\0';
  }
  return out;
}

DnsNode
node(const std::string& name, const std::string& zone, std::vector<std::string> records, bool tombstoned = false)
{
  DnsNode n;
  n.name = name;
  n.zone = zone;
  n.dn = "DC=" + name + ",DC=" + zone + ",CN=MicrosoftDNS,DC=DomainDnsZones,DC=corp,DC=example,DC=com";
  n.partition = "DomainDnsZones";
  n.records = std::move(records);
  n.tombstoned = tombstoned;
  return n;
}

std::vector<std::string>
of_source(const std::vector<collect::ProbeTarget>& targets, const std::string& source)
{
  std::vector<std::string> out;
  for (const auto& t : targets) {
    if (t.source == source) {
      out.push_back(t.name);
    }
  }
  return out;
}

} // namespace

TEST_CASE("probe targets: DNS record type and node names", "[probe][targets]")
{
  CHECK(dns_record_type(dns_record(1, std::string("\x7F\0\0\x32", 4))) == std::uint16_t{1});
  CHECK(dns_record_type(dns_record(5, count_name({"web01", "corp"}))) == std::uint16_t{5});
  auto truncated = dns_record(1, std::string("\x7F\0\0\x32", 4));
  truncated.pop_back(); // DataLength says 4, 3 are left
  CHECK(!dns_record_type(truncated));
  CHECK(!dns_record_type(std::string(10, '\0')));
  CHECK(!dns_record_type(""));

  CHECK(dns_node_fqdn(node("Web01", "Corp.Example.com", {})) == "web01.corp.example.com");
  CHECK(dns_node_fqdn(node("@", "corp.example.com.", {})) == "corp.example.com");
}

TEST_CASE("probe targets: DFS target lists and remoteServerName", "[probe][targets]")
{
  const auto xml = std::string("<?xml version=\"1.0\"?><targets><target state=\"2\">\\\\fs-old.corp.example.com\\share"
                               "</target><target>\\\\filesrv-alias\\share\\sub</target><target/></targets>");
  CHECK(dfs_target_servers(utf16le(xml, true)) == std::vector<std::string>{"fs-old.corp.example.com", "filesrv-alias"});
  CHECK(dfs_target_servers(utf16le(xml, false)) ==
        std::vector<std::string>{"fs-old.corp.example.com", "filesrv-alias"});
  CHECK(dfs_target_servers(xml) == std::vector<std::string>{"fs-old.corp.example.com", "filesrv-alias"});
  CHECK(dfs_target_servers("\\\\fs-old\\oldroot") == std::vector<std::string>{"fs-old"});
  CHECK(dfs_target_servers("*").empty());
  CHECK(dfs_target_servers(utf16le("<targets><target>\\\\unterminated", true)).empty());
  CHECK(dfs_target_servers(std::string("\xFF\xFE\x00", 3)).empty()); // odd length, no crash
}

TEST_CASE("probe targets: taken from a snapshot, by source, bounded", "[probe][targets]")
{
  test::SnapshotBuilder b;
  b.computer("WEB01").service_principal_names.push_back("HTTP/web01.corp.example.com");
  b.user("svc_web").service_principal_names = {"http/WEB01.corp.example.com", "HTTP/intranet.corp.example.com"};
  b.computer("FS01");
  auto& s = b.snapshot();
  const std::string a_data("\x7F\0\0\x32", 4);
  s.dns_nodes = {
    node("fileshare", "corp.example.com", {dns_record(5, count_name({"web01", "corp", "example", "com"}))}),
    node("web01", "corp.example.com", {dns_record(1, a_data)}), // a computer's name: not an alias
    node("ghost01", "corp.example.com", {dns_record(1, a_data)}),
    node("gone01", "corp.example.com", {dns_record(1, a_data)}, true), // tombstoned
    node("@", "corp.example.com", {dns_record(1, a_data)}),
    node("_ldap._tcp", "corp.example.com", {dns_record(33, std::string(8, '\0'))}),
    node("DomainDnsZones", "corp.example.com", {dns_record(1, a_data)}),
    node("gc", "_msdcs.corp.example.com", {dns_record(1, a_data)}),
    node("broken", "corp.example.com", {std::string("\x05\0", 2)}),
  };
  RawObject link;
  link.dn = "CN=apps,CN=public,CN=public,CN=Dfs-Configuration,CN=System,DC=corp,DC=example,DC=com";
  link.attributes["msdfs-targetlistv2"] = {
    utf16le("<targets><target>\\\\fs-old.corp.example.com\\apps</target><target>\\\\FILESHARE.corp.example.com\\apps"
            "</target><target>\\\\10.0.0.5\\apps</target></targets>",
            true)};
  RawObject root;
  root.attributes["remoteservername"] = {"\\\\fs-v1\\oldroot", "*"};
  s.dfs_objects = {link, root};

  const auto targets = targets_from_snapshot(s, 25);
  CHECK(of_source(targets, "spn-duplicate") == std::vector<std::string>{"HTTP/web01.corp.example.com"});
  CHECK(of_source(targets, "dns-cname") == std::vector<std::string>{"fileshare.corp.example.com"});
  CHECK(of_source(targets, "dns-a") == std::vector<std::string>{"ghost01.corp.example.com"});
  // FILESHARE… was already taken from DNS: the first source wins. The IP target is not probed.
  CHECK(of_source(targets, "dfs") == std::vector<std::string>{"fs-old.corp.example.com", "fs-v1"});
  CHECK(of_source(targets, "spn-host") ==
        std::vector<std::string>{"web01.corp.example.com", "intranet.corp.example.com", "fs01.corp.example.com"});
  REQUIRE(!targets.empty());
  CHECK(targets.front().source == "spn-duplicate");

  const auto bounded = targets_from_snapshot(s, 1);
  CHECK(of_source(bounded, "dfs") == std::vector<std::string>{"fs-old.corp.example.com"});
  CHECK(of_source(bounded, "spn-host") == std::vector<std::string>{"web01.corp.example.com"});
  CHECK(bounded.size() == 5);
}

TEST_CASE("probe targets: an empty snapshot gives none", "[probe][targets]")
{
  CHECK(targets_from_snapshot(Snapshot{}, 25).empty());
}
