// A large LDIF file is read as parts side by side (src/input/load.cpp). The snapshot must be the one
// a single reader makes, entry for entry and diagnostic for diagnostic (with the file's own line
// numbers), and a file whose parts do not read cleanly must give the single reader's error.
#include "src/input/load.hpp"
#include "tests/support/temp_file.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

using namespace kerbready;
using namespace kerbready::collect;
using test::TempFile;

namespace {

std::string
read_file(const std::string& path)
{
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

template <typename List>
std::string
join(const List& values)
{
  std::string out;
  for (const auto& v : values) {
    out += v;
    out += '|';
  }
  return out;
}

// Everything of the snapshot the loader fills, as text.
std::string
digest(const Snapshot& s)
{
  std::ostringstream out;
  out << "objects " << s.objects_read << " sets " << s.data_sets << '\n';
  for (const auto& [partition, count] : s.objects_per_partition) {
    out << "partition " << partition << ' ' << count << '\n';
  }
  for (const auto& a : s.accounts) {
    out << "account " << a.dn << ' ' << a.domain << ' ' << a.sid << ' ' << a.user_account_control << ' '
        << join(a.service_principal_names) << ' ' << join(a.member_of) << ' ' << a.dns_host_name << '\n';
  }
  for (const auto& g : s.groups) {
    out << "group " << g.dn << ' ' << join(g.members) << '\n';
  }
  for (const auto& d : s.domains) {
    out << "domain " << d.dn << ' ' << d.dns_name << ' ' << d.netbios_name << '\n';
  }
  for (const auto& t : s.trusts) {
    out << "trust " << t.dn << '\n';
  }
  for (const auto& n : s.dns_nodes) {
    out << "dns " << n.dn << ' ' << n.records.size() << '\n';
  }
  for (const auto& o : s.dfs_objects) {
    out << "dfs " << o.dn << '\n';
  }
  for (const auto& o : s.gpos) {
    out << "gpo " << o.dn << '\n';
  }
  for (const auto& c : s.gpo_link_containers) {
    out << "links " << c.dn << ' ' << c.links.size() << '\n';
  }
  const auto& c = s.configuration;
  out << "config " << c.forest_root << ' ' << c.spn_mappings_present << ' ' << join(c.spn_mappings) << ' '
      << c.ds_heuristics << ' ' << c.forest_functional_level.value_or(-1) << ' ' << c.sites_read << ' '
      << c.cross_refs.size() << ' ' << c.partitions.size() << ' ' << c.site_gpo_links.size() << ' '
      << c.authn_policies.size() << ' ' << c.authn_policy_silos.size() << '\n';
  for (const auto& d : s.diagnostics) {
    out << "diagnostic " << d.where << ": " << d.message << '\n';
  }
  out << "collected " << s.collected_at.value_or(-1) << " unverifiable " << join(s.unverifiable_inputs) << '\n';
  return out.str();
}

struct Loaded
{
  std::string digest_or_error;
  std::vector<std::size_t> parts;
};

Loaded
load(const std::vector<std::string>& paths, unsigned threads)
{
  Loaded loaded;
  LoadOptions options;
  options.threads = threads;
  options.min_part_bytes = 1; // any file is large enough to be cut
  options.parts_read = &loaded.parts;
  auto snapshot = load_snapshot_files(paths, options);
  loaded.digest_or_error = snapshot ? digest(*snapshot) : "error: " + snapshot.error();
  return loaded;
}

const std::string k_user = "dn: CN=u{0},OU=Staff,DC=corp,DC=example,DC=com\n"
                           "objectClass: top\nobjectClass: person\nobjectClass: user\n"
                           "sAMAccountName: u{0}\nuserAccountControl: 512\n"
                           "servicePrincipalName: HTTP/web{0}.corp.example.com\n"
                           "memberOf: CN=Staff,OU=Groups,DC=corp,DC=example,DC=com\n\n";

std::string
users(int from, int to, std::string_view newline = "\n")
{
  std::string out;
  for (int i = from; i < to; ++i) {
    std::string record = k_user;
    for (auto at = record.find("{0}"); at != std::string::npos; at = record.find("{0}")) {
      record.replace(at, 3, std::to_string(i));
    }
    if (newline != "\n") {
      std::string crlf;
      for (const char c : record) {
        if (c == '\n') {
          crlf += newline;
        } else {
          crlf += c;
        }
      }
      record = crlf;
    }
    out += record;
  }
  return out;
}

} // namespace

TEST_CASE("load in parts: the examples read as parts give the snapshot one reader gives", "[load][parallel]")
{
  for (const char* example : {"/examples/estate/estate.ldif", "/examples/corp.example.com.ldif"}) {
    INFO(example);
    const auto path = std::string(KR_SOURCE_DIR) + example;
    const auto one = load({path}, 1);
    REQUIRE(one.parts == std::vector<std::size_t>{1});
    REQUIRE(one.digest_or_error.rfind("objects ", 0) == 0);
    for (const unsigned threads : {2u, 3u, 8u}) {
      INFO(threads);
      const auto parted = load({path}, threads);
      REQUIRE(parted.parts.size() == 1);
      CHECK(parted.parts[0] >= threads);
      CHECK(parted.digest_or_error == one.digest_or_error);
    }
  }
}

TEST_CASE("load in parts: diagnostics name the file's own lines, with LF or CRLF", "[load][parallel]")
{
  for (const std::string_view newline : {"\n", "\r\n"}) {
    INFO(newline.size());
    // Diagnostics in the first and the last part: an undecodable SID and a range not followed.
    std::string bad_sid = "dn: CN=bad,OU=Staff,DC=corp,DC=example,DC=com\nobjectClass: user\n"
                          "sAMAccountName: bad\nobjectSid:: AQ==\n\n";
    std::string ranged = "dn: CN=Big,OU=Groups,DC=corp,DC=example,DC=com\nobjectClass: group\n"
                         "member;range=0-1: CN=u1,OU=Staff,DC=corp,DC=example,DC=com\n"
                         "member;range=0-1: CN=u2,OU=Staff,DC=corp,DC=example,DC=com\n\n";
    std::string ds = "dn: CN=Directory Service,CN=Windows NT,CN=Services,CN=Configuration,DC=corp,DC=example,DC=com\n"
                     "objectClass: nTDSService\ndSHeuristics: 0000002\nsPNMappings: host=alerter,http\n\n";
    for (auto* text : {&bad_sid, &ranged, &ds}) {
      std::string converted;
      for (const char c : *text) {
        converted += c == '\n' ? std::string(newline) : std::string(1, c);
      }
      *text = converted;
    }
    const TempFile file(std::string("version: 1") + std::string(newline) + std::string(newline) +
                        users(0, 40, newline) + bad_sid + users(40, 200, newline) + ranged + ds);
    const auto one = load({file.path()}, 1);
    REQUIRE(one.digest_or_error.find(file.path() + ":") != std::string::npos);
    REQUIRE(one.digest_or_error.find("diagnostic") != std::string::npos);
    for (const unsigned threads : {2u, 4u, 7u}) {
      INFO(threads);
      const auto parted = load({file.path()}, threads);
      REQUIRE(parted.parts.size() == 1);
      CHECK(parted.parts[0] >= threads);
      CHECK(parted.digest_or_error == one.digest_or_error);
    }
  }
}

TEST_CASE("load in parts: a file whose parts do not read cleanly is read again whole", "[load][parallel]")
{
  const std::string header = "# kerbready-snapshot: 1 collected=2026-11-01T00:00:00Z\nversion: 1\n\n";
  const auto whole = header + users(0, 300) + "# kerbready-end: 300 objects\n";
  SECTION("a whole snapshot with header and end marker reads in parts")
  {
    const TempFile file(whole);
    const auto one = load({file.path()}, 1);
    REQUIRE(one.digest_or_error.find("collected 1793491200") != std::string::npos);
    const auto parted = load({file.path()}, 3);
    REQUIRE(parted.parts.size() == 1);
    CHECK(parted.parts[0] >= 3);
    CHECK(parted.digest_or_error == one.digest_or_error);
  }
  SECTION("the same DN in the first and the last part: one copy, one diagnostic, as one reader gives")
  {
    const TempFile file(users(0, 300) + users(0, 1));
    const auto one = load({file.path()}, 1);
    REQUIRE(one.digest_or_error.find("appears more than once") != std::string::npos);
    const auto parted = load({file.path()}, 3);
    CHECK(parted.parts == std::vector<std::size_t>{1});
    CHECK(parted.digest_or_error == one.digest_or_error);
  }
  SECTION("a DN of an earlier file read again in a later file's part")
  {
    const TempFile first(users(0, 200));
    const TempFile second(users(200, 400) + users(5, 6));
    const auto one = load({first.path(), second.path()}, 1);
    REQUIRE(one.digest_or_error.find("appears more than once") != std::string::npos);
    const auto parted = load({first.path(), second.path()}, 4);
    REQUIRE(parted.parts.size() == 2);
    CHECK(parted.parts[0] >= 4);
    CHECK(parted.parts[1] == 1);
    CHECK(parted.digest_or_error == one.digest_or_error);
  }
  SECTION("errors and markers out of place: the single reader's error")
  {
    const std::vector<std::string> bad = {
      users(0, 250) + "servicePrincipalName: before any dn\n\n" + users(250, 300), // malformed, late
      whole + header + users(300, 310) + "# kerbready-end: 10 objects\n",          // two snapshots joined
      header + users(0, 300) + "# kerbready-end: 299 objects\n",                   // miscounted
      header + users(0, 300),                                                      // cut before its end marker
      users(0, 300) + "dn: CN=cut,DC=corp,DC=example,DC=com\nobjectClass: us",     // cut mid-line
    };
    for (const auto& content : bad) {
      const TempFile file(content);
      const auto one = load({file.path()}, 1);
      INFO(one.digest_or_error);
      REQUIRE(one.digest_or_error.rfind("error: " + file.path(), 0) == 0);
      CHECK(load({file.path()}, 3).digest_or_error == one.digest_or_error);
    }
  }
}
