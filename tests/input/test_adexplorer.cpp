// Sysinternals AD Explorer snapshots (src/input/adexplorer.hpp): values in the form an LDIF export
// holds them, the model built from them, and every damaged file refused with its offset.
#include "src/input/adexplorer.hpp"
#include "src/input/entries.hpp"
#include "src/input/load.hpp"
#include "tests/support/adexplorer_snapshot.hpp"
#include "tests/support/temp_file.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>

using namespace kerbready;
using namespace kerbready::collect;
using namespace kerbready::test;

namespace {

expected<std::vector<Entry>>
read_bytes(const std::string& bytes, AdExplorerInfo* info = nullptr)
{
  std::istringstream in(bytes);
  std::vector<Entry> entries;
  auto read = read_adexplorer(in, "t.dat", [&](Entry&& e) { entries.push_back(std::move(e)); });
  if (!read) {
    return unexpected(read.error());
  }
  if (info != nullptr) {
    *info = *read;
  }
  return entries;
}

const std::string k_sid = std::string("\x01\x05\x00\x00\x00\x00\x00\x05\x15\x00\x00\x00", 12) +
                          std::string("\x01\x00\x00\x00\x02\x00\x00\x00\x03\x00\x00\x00\xe9\x03\x00\x00", 16);
// The domain's own SID: the same authority with four sub-authorities.
const std::string k_domain_sid = std::string("\x01\x04\x00\x00\x00\x00\x00\x05\x15\x00\x00\x00", 12) +
                                 std::string("\x01\x00\x00\x00\x02\x00\x00\x00\x03\x00\x00\x00", 12);

// A small domain: the domain object, a service account with an SPN, a group sharing its
// objectClass block with nobody, a computer that shares the service account's whenCreated, and a
// crossRef in Configuration.
struct Example
{
  AdxSnapshot snap;
  std::uint32_t dn, oc, sam, sid, uac, spn, pwd, when, deleted, gtype, member, sd, dnbin, dnsroot, netbios;

  Example()
  {
    dn = snap.property("distinguishedName", type_dn);
    oc = snap.property("objectClass", type_object_class);
    sam = snap.property("sAMAccountName", type_case_ignore);
    sid = snap.property("objectSid", type_octets);
    uac = snap.property("userAccountControl", type_integer);
    spn = snap.property("servicePrincipalName", type_case_ignore);
    pwd = snap.property("pwdLastSet", type_large_integer);
    when = snap.property("whenCreated", type_utc_time);
    deleted = snap.property("isDeleted", type_boolean);
    gtype = snap.property("groupType", type_integer);
    member = snap.property("member", type_dn);
    sd = snap.property("nTSecurityDescriptor", type_security_descriptor);
    dnbin = snap.property("wellKnownObjects", type_dn_with_binary);
    dnsroot = snap.property("dnsRoot", type_case_ignore);
    netbios = snap.property("nETBIOSName", type_case_ignore);
    snap.object({{dn, adx_strings({"DC=corp,DC=example,DC=com"})},
                 {oc, adx_strings({"top", "domain", "domainDNS"})},
                 {sid, adx_octets({k_domain_sid})},
                 {dnbin, std::string(12, '\x7f')}});
    snap.object({{dn, adx_strings({"CN=svc-sql,CN=Users,DC=corp,DC=example,DC=com"})},
                 {oc, adx_strings({"top", "person", "organizationalPerson", "user"})},
                 {sam, adx_strings({"svc-sql"})},
                 {sid, adx_octets({k_sid})},
                 {uac, adx_u32s({0x80000200U})},
                 {spn, adx_strings({"MSSQLSvc/sql1.corp.example.com:1433", "MSSQLSvc/sql1.corp.example.com"})},
                 {pwd, adx_i64s({132827764041402386})},
                 {when, adx_time(2021, 11, 30, 20, 6, 1)},
                 {deleted, adx_u32s({0})},
                 {sd, adx_descriptors({std::string("\x01\x00\x04\x80", 4)})}});
    snap.object({{dn, adx_strings({"CN=Admins,CN=Users,DC=corp,DC=example,DC=com"})},
                 {oc, adx_strings({"top", "group"})},
                 {gtype, adx_u32s({0x80000002U})},
                 {member, adx_strings({"CN=svc-sql,CN=Users,DC=corp,DC=example,DC=com"})}});
    snap.object({{dn, adx_strings({"CN=WS1,CN=Computers,DC=corp,DC=example,DC=com"})},
                 {oc, adx_strings({"top", "person", "organizationalPerson", "user", "computer"})},
                 {sam, adx_strings({"WS1$"})},
                 {when, {}, {1, 7}}});
    snap.object({{dn, adx_strings({"CN=CORP,CN=Partitions,CN=Configuration,DC=corp,DC=example,DC=com"})},
                 {oc, adx_strings({"top", "crossRef"})},
                 {dnsroot, adx_strings({"corp.example.com"})},
                 {netbios, adx_strings({"CORP"})}});
  }
};

const std::vector<std::string>&
values_of(const Entry& e, std::string_view name)
{
  static const std::vector<std::string> none;
  const auto* v = e.find(name);
  return v == nullptr ? none : *v;
}

} // namespace

TEST_CASE("adexplorer: values read as an LDIF export holds them", "[input][adexplorer]")
{
  Example ex;
  AdExplorerInfo info;
  const auto entries = read_bytes(ex.snap.build(), &info);
  REQUIRE(entries);
  REQUIRE(entries->size() == 5);
  CHECK(info.objects == 5);
  CHECK(info.server == "dc.corp.example.com");
  REQUIRE(info.taken_at);
  CHECK(*info.taken_at == 1638308922); // 2021-11-30T21:48:42Z

  const auto& svc = (*entries)[1];
  CHECK(svc.dn == "CN=svc-sql,CN=Users,DC=corp,DC=example,DC=com");
  CHECK(values_of(svc, "objectclass") == std::vector<std::string>{"top", "person", "organizationalPerson", "user"});
  CHECK(values_of(svc, "objectsid") == std::vector<std::string>{k_sid});
  CHECK(values_of(svc, "useraccountcontrol") == std::vector<std::string>{"-2147483136"});
  CHECK(values_of(svc, "serviceprincipalname").size() == 2);
  CHECK(values_of(svc, "pwdlastset") == std::vector<std::string>{"132827764041402386"});
  CHECK(values_of(svc, "whencreated") == std::vector<std::string>{"20211130200601.0Z"});
  CHECK(values_of(svc, "isdeleted") == std::vector<std::string>{"FALSE"});
  CHECK(values_of(svc, "ntsecuritydescriptor") == std::vector<std::string>{std::string("\x01\x00\x04\x80", 4)});
  CHECK(svc.origin.find("t.dat@") == 0);

  // A value stored once and referenced by a later object through a negative offset.
  CHECK(values_of((*entries)[3], "whencreated") == std::vector<std::string>{"20211130200601.0Z"});
  CHECK(values_of((*entries)[2], "grouptype") == std::vector<std::string>{"-2147483646"});

  // DN-with-binary has no known layout: skipped, and said so.
  CHECK(values_of((*entries)[0], "wellknownobjects").empty());
  REQUIRE(info.skipped.size() == 1);
  CHECK(info.skipped[0].name == "wellknownobjects");
  CHECK(info.skipped[0].ads_type == 27);
}

TEST_CASE("adexplorer: a snapshot is known by its signature and becomes the model", "[input][adexplorer]")
{
  Example ex;
  // Named like LDIF: the signature decides, not the name.
  const TempFile file(ex.snap.build(), ".ldif");
  CHECK(is_adexplorer_file(file.path()));
  const auto snapshot = load_snapshot_files({file.path()});
  REQUIRE(snapshot);
  CHECK(snapshot->objects_read == 5);
  CHECK(snapshot->collected_at == std::optional<std::int64_t>(1638308922));
  CHECK(snapshot->diagnostics.empty());
  CHECK((snapshot->data_sets & static_cast<unsigned>(DataSet::domain)) != 0);
  CHECK((snapshot->data_sets & static_cast<unsigned>(DataSet::configuration)) != 0);
  CHECK((snapshot->data_sets & static_cast<unsigned>(DataSet::dns)) == 0);
  CHECK(snapshot->unverifiable_inputs.empty());
  const auto svc = std::find_if(snapshot->accounts.begin(), snapshot->accounts.end(),
                                [](const Account& a) { return a.sam_account_name == "svc-sql"; });
  REQUIRE(svc != snapshot->accounts.end());
  CHECK(svc->sid == "S-1-5-21-1-2-3-1001");
  CHECK(svc->user_account_control == 0x80000200U);
  CHECK(svc->service_principal_names.size() == 2);
  CHECK(svc->when_created == std::optional<std::int64_t>(1638302761));
  REQUIRE(snapshot->groups.size() == 1);
  CHECK(snapshot->groups[0].members.size() == 1);
  REQUIRE(snapshot->domains.size() == 1);
  CHECK(snapshot->domains[0].dns_name == "corp.example.com");
  CHECK(snapshot->domains[0].netbios_name == "CORP");
  CHECK(snapshot->domains[0].sid == "S-1-5-21-1-2-3");
}

TEST_CASE("entries: the domain's NetBIOS name survives the Configuration and Schema crossRefs after it",
          "[input][adexplorer]")
{
  SnapshotBuilder builder;
  auto cross_ref = [&](const std::string& cn, const std::string& netbios) {
    Entry e;
    e.dn = "CN=" + cn + ",CN=Partitions,CN=Configuration,DC=corp,DC=example,DC=com";
    e.add_value("objectClass", "crossRef");
    e.add_value("dnsRoot", "corp.example.com");
    if (!netbios.empty()) {
      e.add_value("nETBIOSName", netbios);
    }
    builder.add(e);
  };
  Entry domain;
  domain.dn = "DC=corp,DC=example,DC=com";
  domain.add_value("objectClass", "domainDNS");
  builder.add(domain);
  cross_ref("Enterprise Configuration", "");
  cross_ref("CORP", "CORP");
  cross_ref("Enterprise Schema", "");
  const auto snapshot = std::move(builder).finish();
  REQUIRE(snapshot.domains.size() == 1);
  CHECK(snapshot.domains[0].netbios_name == "CORP");
}

TEST_CASE("adexplorer: without Configuration objects the configuration data set is not read", "[input][adexplorer]")
{
  AdxSnapshot snap;
  const auto dn = snap.property("distinguishedName", type_dn);
  const auto oc = snap.property("objectClass", type_object_class);
  snap.object({{dn, adx_strings({"CN=u,CN=Users,DC=corp,DC=example,DC=com"})}, {oc, adx_strings({"user"})}});
  const TempFile file(snap.build(), ".dat");
  const auto snapshot = load_snapshot_files({file.path()});
  REQUIRE(snapshot);
  CHECK(snapshot->data_sets == static_cast<unsigned>(DataSet::domain));
}

TEST_CASE("adexplorer: an attribute the decoder reads in an unknown layout is a diagnostic", "[input][adexplorer]")
{
  AdxSnapshot snap;
  const auto dn = snap.property("distinguishedName", type_dn);
  const auto oc = snap.property("objectClass", type_object_class);
  const auto spn = snap.property("servicePrincipalName", 99);
  snap.object({{dn, adx_strings({"CN=u,CN=Users,DC=corp,DC=example,DC=com"})},
               {oc, adx_strings({"user"})},
               {spn, std::string(8, '\0')}});
  const TempFile file(snap.build(), ".dat");
  const auto snapshot = load_snapshot_files({file.path()});
  REQUIRE(snapshot);
  REQUIRE(snapshot->diagnostics.size() == 1);
  CHECK(snapshot->diagnostics[0].message.find("serviceprincipalname is stored as ADSI type 99") != std::string::npos);
}

TEST_CASE("adexplorer: hostile names pass as data, never into error text raw", "[input][adexplorer]")
{
  AdxSnapshot snap;
  const auto dn = snap.property("distinguishedName", type_dn);
  const auto oc = snap.property("objectClass", type_object_class);
  const auto evil = snap.property("x\x1b]0;owned\x07\n", type_integer);
  snap.object({{dn, adx_strings({"CN=\x1b[31mred\x1b[0m\r\nline,CN=Users,DC=corp,DC=example,DC=com"})},
               {oc, adx_strings({"user"})}});
  snap.object({{dn, adx_strings({"CN=b,CN=Users,DC=corp,DC=example,DC=com"})}, {evil, adx_u32s({1})}});
  auto file = snap.build();
  const auto good = read_bytes(file);
  REQUIRE(good);
  CHECK((*good)[0].dn.find('\x1b') != std::string::npos); // kept as the directory holds it
  // The evil attribute claims 2^32-1 values: the error names it, sanitized.
  patch_u32(file, snap.block_offsets[1][1], 0xffffffffU);
  const auto bad = read_bytes(file);
  REQUIRE_FALSE(bad);
  CHECK(bad.error().find('\x1b') == std::string::npos);
  CHECK(bad.error().find('\n') == std::string::npos);
  CHECK(bad.error().find("t.dat: offset ") == 0);
}

TEST_CASE("adexplorer: every cut of a snapshot is refused with its offset", "[input][adexplorer]")
{
  Example ex;
  const auto file = ex.snap.build();
  for (std::size_t size = 0; size < file.size() - 8; ++size) { // the last 8 bytes (classes, rights) are not read
    const auto cut = read_bytes(file.substr(0, size));
    INFO(size);
    REQUIRE_FALSE(cut);
    CHECK(cut.error().find("t.dat: offset ") == 0);
  }
}

TEST_CASE("adexplorer: hostile offsets and counts are refused", "[input][adexplorer]")
{
  Example ex;
  const auto good = ex.snap.build();
  REQUIRE(read_bytes(good));
  auto refused = [&](std::size_t at, std::uint32_t value, const std::string& offset_text, const std::string& what) {
    auto file = good;
    patch_u32(file, at, value);
    const auto read = read_bytes(file);
    INFO(what);
    REQUIRE_FALSE(read);
    CHECK(read.error().find(offset_text) != std::string::npos);
    CHECK(read.error().find(what) != std::string::npos);
  };
  const auto first = ex.snap.object_offsets[0];
  refused(1062, 0xffffffffU, "offset 1062 ", "object count 4294967295");
  refused(1070, 0xffffffffU, "offset 1070 ", "outside the file");
  refused(1070, 100, "offset 1070 ", "outside the file");
  refused(10, 0x20001, "offset 10 ", "format marker");
  refused(ex.snap.table_offset, 0xffffffffU, "offset " + std::to_string(ex.snap.table_offset), "property count");
  // Overlapping tables: an object that runs into the property table.
  refused(first, 0x7fffffff, "offset " + std::to_string(first) + " ", "runs past the property table");
  refused(first + 4, 0xffffffffU, "offset " + std::to_string(first + 4) + " ", "claims 4294967295 attributes");
  // The property table moved into the objects: the last object then overlaps it.
  refused(1070, static_cast<std::uint32_t>(ex.snap.object_offsets.back() + 4), "offset", "");
  // An attribute index past the property table, an offset before the objects or past them.
  refused(first + 8, 1000, "offset " + std::to_string(first + 8) + " ", "past the property table");
  refused(first + 12, static_cast<std::uint32_t>(-static_cast<std::int32_t>(first)),
          "offset " + std::to_string(first + 12) + " ", "outside the objects");
  refused(first + 12, 0x7ffffff0, "offset " + std::to_string(first + 12) + " ", "outside the objects");
  // Value counts: 2^32-1 strings, octets, integers.
  refused(ex.snap.block_offsets[1][0], 0xffffffffU, "offset " + std::to_string(ex.snap.block_offsets[1][0]),
          "claims 4294967295 values");
  refused(ex.snap.block_offsets[1][3], 0xffffffffU, "offset " + std::to_string(ex.snap.block_offsets[1][3]),
          "claims 4294967295 values");
  refused(ex.snap.block_offsets[1][4], 0xffffffffU, "offset " + std::to_string(ex.snap.block_offsets[1][4]),
          "claims 4294967295 values");
  // A string offset pointing before the header or past the objects; an octet length past them.
  refused(ex.snap.block_offsets[1][2] + 4, 0x80000000U, "offset", "outside the objects");
  refused(ex.snap.block_offsets[1][2] + 4, 0x7fffffffU, "offset", "outside the objects");
  refused(ex.snap.block_offsets[1][3] + 4, 0xfffffff0U, "offset", "runs past offset");
  refused(ex.snap.block_offsets[1][9] + 4, 0xfffffff0U, "offset", "runs past offset");
  // The same attribute listed twice.
  refused(first + 16, ex.dn, "offset " + std::to_string(first + 16) + " ", "twice");
}

TEST_CASE("adexplorer: a string without its terminator is refused", "[input][adexplorer]")
{
  AdxSnapshot snap;
  const auto dn = snap.property("distinguishedName", type_dn);
  std::string block;
  put_u32(block, 1);
  put_u32(block, 8);
  block += wide("CN=never-ends");
  snap.object({{dn, block}});
  const auto read = read_bytes(snap.build());
  REQUIRE_FALSE(read);
  CHECK(read.error().find("no terminating NUL") != std::string::npos);
}

TEST_CASE("adexplorer: junk after the signature never crashes", "[input][adexplorer]")
{
  std::mt19937 random(17); // fixed seed: the same bytes every run
  Example ex;
  const auto good = ex.snap.build();
  for (int round = 0; round < 300; ++round) {
    auto file = good;
    for (int flips = 0; flips < 8; ++flips) {
      const auto at = 14 + random() % (file.size() - 14);
      file[at] = static_cast<char>(random());
    }
    const auto read = read_bytes(file);
    if (!read) {
      CHECK(read.error().find("t.dat: offset ") == 0);
    }
  }
  std::string junk = good.substr(0, 10);
  for (int i = 0; i < 4000; ++i) {
    junk.push_back(static_cast<char>(random()));
  }
  CHECK_FALSE(read_bytes(junk));
}

TEST_CASE("adexplorer: not a snapshot without the signature", "[input][adexplorer]")
{
  CHECK(is_adexplorer_snapshot(std::string("win-ad-ob\0rest", 14)));
  CHECK_FALSE(is_adexplorer_snapshot("win-ad-ob"));
  CHECK_FALSE(is_adexplorer_snapshot("dn: CN=x\n"));
  CHECK_FALSE(is_adexplorer_snapshot(""));
  const auto read = read_bytes("dn: CN=x,DC=corp\nobjectClass: user\n");
  REQUIRE_FALSE(read);
}

// The real DetectionLab snapshot against the independent Python reading of it
// (tests/input/adexplorer_reference.py; the committed reference, or KR_ADX_REFERENCE when the
// ctest input.adexplorer_agreement has just regenerated it).
TEST_CASE("adexplorer: detectionlab.dat agrees with the independent reader", "[input][adexplorer][agreement]")
{
  const std::string data = std::string(KR_TEST_DATA_DIR) + "/adexplorer/detectionlab.dat";
  const char* env = std::getenv("KR_ADX_REFERENCE");
  const std::string reference_path =
    env != nullptr ? std::string(env) : std::string(KR_TEST_DATA_DIR) + "/adexplorer/detectionlab.reference.json";
  std::ifstream reference_file(reference_path);
  REQUIRE(reference_file);
  const auto reference = nlohmann::json::parse(reference_file);

  const auto snapshot = load_snapshot_files({data});
  REQUIRE(snapshot);
  CHECK(snapshot->diagnostics.empty());
  CHECK(snapshot->objects_read == reference.at("objects").get<std::size_t>());
  std::map<std::string, std::size_t> per_partition;
  for (const auto& [name, count] : snapshot->objects_per_partition) {
    const bool schema = name.rfind("CN=Schema,", 0) == 0;
    const bool configuration = !schema && name.rfind("CN=Configuration,", 0) == 0;
    per_partition[schema ? "schema" : configuration ? "configuration" : "domain"] += count;
  }
  CHECK(nlohmann::json(per_partition) == reference.at("objects_per_partition"));
  CHECK((snapshot->data_sets & static_cast<unsigned>(DataSet::configuration)) != 0);
  CHECK((snapshot->data_sets & static_cast<unsigned>(DataSet::dns)) == 0); // no DomainDnsZones in it

  std::vector<std::string> users;
  std::vector<std::string> computers;
  std::vector<std::pair<std::string, std::string>> spns;
  for (const auto& a : snapshot->accounts) {
    (a.kind == AccountKind::computer ? computers : users).push_back(a.dn.str());
    for (const auto& spn : a.service_principal_names) {
      spns.emplace_back(a.dn, spn);
    }
  }
  std::vector<std::string> groups;
  for (const auto& g : snapshot->groups) {
    groups.push_back(g.dn);
  }
  std::sort(users.begin(), users.end());
  std::sort(computers.begin(), computers.end());
  std::sort(groups.begin(), groups.end());
  std::sort(spns.begin(), spns.end());
  CHECK(users == reference.at("users").get<std::vector<std::string>>());
  CHECK(computers == reference.at("computers").get<std::vector<std::string>>());
  CHECK(groups == reference.at("groups").get<std::vector<std::string>>());
  std::vector<std::pair<std::string, std::string>> expected_spns;
  for (const auto& pair : reference.at("spns")) {
    expected_spns.emplace_back(pair.at(0).get<std::string>(), pair.at(1).get<std::string>());
  }
  CHECK(spns == expected_spns);
  CHECK(spns.size() > 20);
  const auto domain = std::find_if(snapshot->domains.begin(), snapshot->domains.end(),
                                   [](const Domain& d) { return d.dns_name == "windomain.local"; });
  REQUIRE(domain != snapshot->domains.end());
  CHECK(domain->sid == reference.at("domain_sid").get<std::string>());
  CHECK(domain->netbios_name == "WINDOMAIN");
}
