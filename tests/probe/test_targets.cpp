#include "src/probe/targets.hpp"
#include "tests/support/dfs_blobs.hpp"
#include "tests/support/dns_records.hpp"
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
  n.records = test::decoded_records(records);
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
  // A v1 root (remoteServerName) and a v2 link under its namespace, decoded by src/ad/dfs.hpp.
  test::add_dfs_object(s, "CN=oldroot,CN=Dfs-Configuration,CN=System,DC=corp,DC=example,DC=com", "ftdfs",
                       {{"remoteservername", {"\\\\fs-v1\\oldroot", "*"}}});
  test::add_dfs_object(s, "CN=public,CN=Dfs-Configuration,CN=System,DC=corp,DC=example,DC=com", "msdfs-namespacev2",
                       {});
  test::add_dfs_object(
    s, "CN=apps,CN=public,CN=Dfs-Configuration,CN=System,DC=corp,DC=example,DC=com", "msdfs-linkv2",
    {{"msdfs-targetlistv2",
      {utf16le("<targets><target>\\\\fs-old.corp.example.com\\apps</target><target>\\\\FILESHARE.corp.example.com\\apps"
               "</target><target>\\\\10.0.0.5\\apps</target></targets>",
               true)}}});

  const auto targets = targets_from_snapshot(s, 25);
  CHECK(of_source(targets, "spn-duplicate") == std::vector<std::string>{"HTTP/web01.corp.example.com"});
  CHECK(of_source(targets, "dns-cname") == std::vector<std::string>{"fileshare.corp.example.com"});
  CHECK(of_source(targets, "dns-a") == std::vector<std::string>{"ghost01.corp.example.com"});
  // FILESHARE… was already taken from DNS: the first source wins. The IP target is not probed.
  CHECK(of_source(targets, "dfs") == std::vector<std::string>{"fs-v1", "fs-old.corp.example.com"});
  CHECK(of_source(targets, "spn-host") ==
        std::vector<std::string>{"web01.corp.example.com", "intranet.corp.example.com", "fs01.corp.example.com"});
  REQUIRE(!targets.empty());
  CHECK(targets.front().source == "spn-duplicate");

  const auto bounded = targets_from_snapshot(s, 1);
  CHECK(of_source(bounded, "dfs") == std::vector<std::string>{"fs-v1"});
  CHECK(of_source(bounded, "spn-host") == std::vector<std::string>{"web01.corp.example.com"});
  CHECK(bounded.size() == 5);
}

TEST_CASE("probe targets: an empty snapshot gives none", "[probe][targets]")
{
  CHECK(targets_from_snapshot(Snapshot{}, 25).empty());
}
