#include "src/input/entries.hpp"
#include "src/util/text.hpp"
#include "tests/support/dns_records.hpp"
#include "tests/support/forest_trust_info.hpp"
#include "tests/support/security_descriptors.hpp"

#include <catch2/catch.hpp>

using namespace kerbready;
using namespace kerbready::collect;

namespace {

Entry
entry(std::string dn, std::vector<std::pair<std::string, std::string>> values)
{
  Entry e;
  e.dn = std::move(dn);
  e.origin = "test:1";
  for (auto& [name, value] : values) {
    e.add_value(name, value);
  }
  return e;
}

const std::string k_sid_500 = std::string("\x01\x05\x00\x00\x00\x00\x00\x05\x15\x00\x00\x00\x01\x00\x00\x00"
                                          "\x02\x00\x00\x00\x03\x00\x00\x00\xf4\x01\x00\x00",
                                          28);

} // namespace

TEST_CASE("entries: accounts are classified and decoded", "[entries]")
{
  SnapshotBuilder b;
  b.add(entry("CN=WEB01,OU=Servers,DC=corp,DC=example,DC=com", {{"objectClass", "user"},
                                                                {"objectClass", "computer"},
                                                                {"sAMAccountName", "WEB01$"},
                                                                {"userAccountControl", "4096"},
                                                                {"dNSHostName", "web01.corp.example.com"},
                                                                {"servicePrincipalName", "HOST/web01"},
                                                                {"objectSid", k_sid_500},
                                                                {"msDS-SupportedEncryptionTypes", "-2147483620"},
                                                                {"pwdLastSet", "133000000000000000"},
                                                                {"whenCreated", "20200101000000.0Z"}}));
  b.add(entry("CN=gmsa,CN=Managed Service Accounts,DC=corp,DC=example,DC=com",
              {{"objectClass", "computer"}, {"objectClass", "msDS-GroupManagedServiceAccount"}}));
  b.add(
    entry("CN=TRUST$,CN=Users,DC=corp,DC=example,DC=com", {{"objectClass", "user"}, {"userAccountControl", "2080"}}));
  b.add(entry("CN=G,CN=Users,DC=corp,DC=example,DC=com",
              {{"objectClass", "group"}, {"member;range=0-0", "CN=a"}, {"member;range=1-*", "CN=b"}}));
  b.add(entry("DC=corp,DC=example,DC=com", {{"objectClass", "domainDNS"}, {"msDS-Behavior-Version", "7"}}));
  b.add(entry("CN=CORP,CN=Partitions,CN=Configuration,DC=corp,DC=example,DC=com",
              {{"objectClass", "crossRef"}, {"dnsRoot", "corp.example.com"}, {"nETBIOSName", "CORP"}}));
  b.add(entry("CN=Directory Service,CN=Windows NT,CN=Services,CN=Configuration,DC=corp,DC=example,DC=com",
              {{"objectClass", "nTDSService"}, {"sPNMappings", "host=cifs,http"}}));
  b.add(entry("CN=partner.example,CN=System,DC=corp,DC=example,DC=com", {{"objectClass", "trustedDomain"},
                                                                         {"trustPartner", "partner.example"},
                                                                         {"trustType", "2"},
                                                                         {"trustAttributes", "4"},
                                                                         {"securityIdentifier", k_sid_500}}));
  b.add(entry("DC=web01,DC=corp.example.com,CN=MicrosoftDNS,DC=DomainDnsZones,DC=corp,DC=example,DC=com",
              {{"objectClass", "dnsNode"}, {"dc", "web01"}, {"dnsRecord", test::a_record(10, 0, 0, 5)}}));
  b.add(entry("CN=unknown,DC=corp,DC=example,DC=com", {{"objectClass", "somethingNew"}, {"weird", "x"}}));
  const auto s = std::move(b).finish();

  REQUIRE(s.accounts.size() == 3);
  const auto& web = s.accounts[0];
  CHECK(web.kind == AccountKind::computer);
  CHECK(web.domain == "corp.example.com");
  CHECK(web.sid == "S-1-5-21-1-2-3-500");
  CHECK(web.user_account_control == 4096);
  CHECK(web.supported_encryption_types == 0x8000001CU);
  CHECK(web.pwd_last_set == 133000000000000000LL / 10000000 - 11644473600LL);
  CHECK(web.when_created == 1577836800);
  CHECK(s.accounts[1].kind == AccountKind::group_managed_service_account);
  CHECK(s.accounts[2].kind == AccountKind::trust_account);
  REQUIRE(s.groups.size() == 1);
  CHECK(s.groups[0].members.to_vector() == std::vector<std::string>{"CN=a", "CN=b"});
  REQUIRE(s.domains.size() == 1);
  CHECK(s.domains[0].netbios_name == "CORP");
  CHECK(s.domains[0].functional_level == 7);
  CHECK(s.configuration.spn_mappings_present);
  CHECK(s.configuration.forest_root == "corp.example.com");
  REQUIRE(s.trusts.size() == 1);
  CHECK(s.trusts[0].sid == "S-1-5-21-1-2-3-500");
  REQUIRE(s.dns_nodes.size() == 1);
  CHECK(s.dns_nodes[0].zone == "corp.example.com");
  CHECK(s.dns_nodes[0].partition == "DomainDnsZones");
  CHECK(s.has(DataSet::domain));
  CHECK(s.has(DataSet::configuration));
  CHECK(s.has(DataSet::dns));
  CHECK(s.objects_read == 10);
  CHECK(s.diagnostics.empty());
}

TEST_CASE("entries: undecodable values become diagnostics, objects are kept", "[entries]")
{
  SnapshotBuilder b;
  b.add(entry("CN=bad,CN=Users,DC=corp,DC=example,DC=com", {{"objectClass", "user"},
                                                            {"sAMAccountName", "bad"},
                                                            {"objectSid", k_sid_500.substr(0, 20)},
                                                            {"userAccountControl", "lots"},
                                                            {"whenCreated", "yesterday"},
                                                            {"servicePrincipalName", "HTTP/\x1b]0;pwned\x07"}}));
  const auto s = std::move(b).finish();
  REQUIRE(s.accounts.size() == 1);
  CHECK(s.accounts[0].sid.empty());
  CHECK(s.accounts[0].service_principal_names[0] == "HTTP/\x1b]0;pwned\x07");
  REQUIRE(s.diagnostics.size() == 3);
  CHECK(s.diagnostics[0].where == "test:1");
  CHECK(s.diagnostics[0].message.find("objectsid: SID has 20 bytes") != std::string::npos);
  CHECK(s.diagnostics[1].message.find("useraccountcontrol is not an integer") != std::string::npos);
}

TEST_CASE("entries: an undecodable dnsRecord value is a diagnostic naming the DNS node", "[entries][dns_record]")
{
  SnapshotBuilder b;
  // A value cut inside its header, next to a good one; and a node whose name is hostile.
  b.add(entry("DC=web01,DC=corp.example.com,CN=MicrosoftDNS,DC=DomainDnsZones,DC=corp,DC=example,DC=com",
              {{"objectClass", "dnsNode"},
               {"dc", "web01"},
               {"dnsRecord", test::a_record(10, 0, 0, 5)},
               {"dnsRecord", std::string("\x04\x00\x01\x00", 4)}}));
  b.add(
    entry("DC=evil,DC=corp.example.com,CN=MicrosoftDNS,DC=DomainDnsZones,DC=corp,DC=example,DC=com",
          {{"objectClass", "dnsNode"}, {"dc", "ev\x1b[2Jil"}, {"dnsRecord", test::cname_record("a.b").substr(0, 27)}}));
  // A well-formed record of a type the checks do not read (TXT) is no diagnostic.
  b.add(entry("DC=txt,DC=corp.example.com,CN=MicrosoftDNS,DC=DomainDnsZones,DC=corp,DC=example,DC=com",
              {{"objectClass", "dnsNode"},
               {"dc", "txt"},
               {"dnsRecord", test::dns_record(16, "\x03"
                                                  "abc")}}));
  const auto s = std::move(b).finish();
  CHECK(s.dns_nodes.size() == 3);
  REQUIRE(s.diagnostics.size() == 2);
  CHECK(s.diagnostics[0].where == "test:1");
  CHECK(s.diagnostics[0].message.find("DNS node web01.corp.example.com: dnsRecord value 2 of 2 cannot be decoded") !=
        std::string::npos);
  CHECK(s.diagnostics[0].message.find("shorter than the 24-byte record header") != std::string::npos);
  CHECK(s.diagnostics[1].message.find("DNS node ev") != std::string::npos);
  CHECK(s.diagnostics[1].message.find('\x1b') == std::string::npos);
}

TEST_CASE("entries: the same DN twice is kept once", "[entries]")
{
  SnapshotBuilder b;
  const auto e =
    entry("CN=svc,CN=Users,DC=corp,DC=example,DC=com", {{"objectClass", "user"}, {"servicePrincipalName", "HTTP/a"}});
  b.add(e);
  auto copy = e;
  copy.dn = "cn=SVC, cn=users, dc=corp, dc=example, dc=com";
  b.add(copy);
  const auto s = std::move(b).finish();
  CHECK(s.accounts.size() == 1);
  REQUIRE(s.diagnostics.size() == 1);
  CHECK(s.diagnostics[0].message.find("appears more than once") != std::string::npos);
}

TEST_CASE("entries: gPLink and gPOptions of the domain and OUs are kept", "[entries][gpo]")
{
  SnapshotBuilder b;
  const std::string link = "[LDAP://cn={31B2F340-016D-11D2-945F-00C04FB984F9},cn=policies,cn=system,DC=corp,DC=example,"
                           "DC=com;0]";
  b.add(entry("DC=corp,DC=example,DC=com", {{"objectClass", "domainDNS"}, {"gPLink", link}}));
  b.add(entry("OU=Domain Controllers,DC=corp,DC=example,DC=com",
              {{"objectClass", "organizationalUnit"}, {"gPOptions", "1"}}));
  b.add(entry("OU=Plain,DC=corp,DC=example,DC=com", {{"objectClass", "organizationalUnit"}}));
  const auto s = std::move(b).finish();
  REQUIRE(s.gpo_link_containers.size() == 2);
  CHECK(s.gpo_link_containers[0].dn == "DC=corp,DC=example,DC=com");
  CHECK(s.gpo_link_containers[0].domain == "corp.example.com");
  REQUIRE(s.gpo_link_containers[0].links.size() == 1); // decoded once, here
  CHECK(s.gpo_link_containers[0].links[0].guid == "{31B2F340-016D-11D2-945F-00C04FB984F9}");
  CHECK(s.gpo_link_containers[0].links[0].link_order == 1);
  CHECK_FALSE(s.gpo_link_containers[0].gp_options);
  CHECK_FALSE(s.gpo_link_containers[1].has_gp_link);
  CHECK(s.gpo_link_containers[1].gp_options == 1);
  CHECK(s.domains.size() == 1);
}

TEST_CASE("entries: site objects mark the sites read and keep their gPLink", "[entries]")
{
  SnapshotBuilder b;
  b.add(entry("CN=Default-First-Site-Name,CN=Sites,CN=Configuration,DC=corp,DC=example,DC=com",
              {{"objectClass", "site"},
               {"gPLink", "[LDAP://cn={22222222-2222-2222-2222-222222222222},cn=policies,cn=system,DC=corp,DC=example,"
                          "DC=com;0]"}}));
  b.add(entry("CN=Branch,CN=Sites,CN=Configuration,DC=corp,DC=example,DC=com", {{"objectClass", "site"}}));
  const auto s = std::move(b).finish();
  CHECK(s.configuration.sites_read);
  REQUIRE(s.configuration.site_gpo_links.size() == 1);
  CHECK(s.configuration.site_gpo_links[0].dn.find("Default-First-Site-Name") != std::string::npos);
  REQUIRE(s.configuration.site_gpo_links[0].links.size() == 1);
  CHECK(s.configuration.site_gpo_links[0].links[0].guid == "{22222222-2222-2222-2222-222222222222}");
  CHECK(s.gpo_link_containers.empty()); // never evaluated as a domain or OU scope
}

TEST_CASE("entries: msDS-TrustForestTrustInfo is decoded once; an undecodable one is a diagnostic",
          "[entries][forest_trust_info]")
{
  SnapshotBuilder b;
  b.add(entry("CN=partner.example,CN=System,DC=corp,DC=example,DC=com",
              {{"objectClass", "trustedDomain"},
               {"trustPartner", "partner.example"},
               {"trustAttributes", "8"},
               {"msDS-TrustForestTrustInfo",
                test::forest_trust_info(
                  {test::tln_record("partner.example"), test::tln_record("apps.example", tln_flag::disabled_new)})}}));
  b.add(entry("CN=bad.example,CN=System,DC=corp,DC=example,DC=com",
              {{"objectClass", "trustedDomain"},
               {"trustPartner", "bad.example"},
               {"msDS-TrustForestTrustInfo", test::le32(1) + test::le32(0xffffffffu)}}));
  b.add(entry("CN=Partitions,CN=Configuration,DC=corp,DC=example,DC=com", {{"objectClass", "crossRefContainer"},
                                                                           {"uPNSuffixes", "corp-mail.example"},
                                                                           {"uPNSuffixes", "apps.example"},
                                                                           {"msDS-SPNSuffixes", "svc.example"}}));
  const auto s = std::move(b).finish();
  REQUIRE(s.trusts.size() == 2);
  CHECK(s.trusts[0].forest_trust_info_present);
  REQUIRE(s.trusts[0].forest_trust_info.size() == 2);
  CHECK(s.trusts[0].forest_trust_info[1].name == "apps.example");
  CHECK(s.trusts[0].forest_trust_info[1].flags == tln_flag::disabled_new);
  CHECK(s.trusts[1].forest_trust_info_present);
  CHECK(s.trusts[1].forest_trust_info.empty());
  REQUIRE(s.diagnostics.size() == 1);
  CHECK(s.diagnostics[0].message.find("msDS-TrustForestTrustInfo cannot be decoded (record count 4294967295") !=
        std::string::npos);
  REQUIRE(s.configuration.partitions.size() == 1);
  CHECK(s.configuration.partitions[0].forest_root == "corp.example.com");
  CHECK(s.configuration.partitions[0].upn_suffixes == std::vector<std::string>{"corp-mail.example", "apps.example"});
  CHECK(s.configuration.partitions[0].spn_suffixes == std::vector<std::string>{"svc.example"});
}

TEST_CASE("entries: delegation attributes are decoded once; an undecodable descriptor is a diagnostic",
          "[entries][delegation]")
{
  SnapshotBuilder b;
  b.add(entry("CN=SQL01,CN=Computers,DC=corp,DC=example,DC=com",
              {{"objectClass", "computer"},
               {"sAMAccountName", "SQL01$"},
               {"msDS-AllowedToDelegateTo", "cifs/fs01.corp.example.com"},
               {"msDS-AllowedToDelegateTo", "cifs/FS01"},
               {"msDS-AllowedToActOnBehalfOfOtherIdentity", test::allowing({"S-1-5-21-1-2-3-1104"})},
               {"msDS-AssignedAuthNPolicy", "CN=P,CN=AuthN Policies,CN=AuthN Policy Configuration,CN=Services,"
                                            "CN=Configuration,DC=corp,DC=example,DC=com"}}));
  auto bad = test::allowing({"S-1-5-21-1-2-3-1104"});
  bad[16] = static_cast<char>(0xF0); // DACL offset past the end
  b.add(entry(
    "CN=EVIL01,CN=Computers,DC=corp,DC=example,DC=com",
    {{"objectClass", "computer"}, {"sAMAccountName", "EVIL01$"}, {"msDS-AllowedToActOnBehalfOfOtherIdentity", bad}}));
  b.add(entry("CN=PLAIN01,CN=Computers,DC=corp,DC=example,DC=com",
              {{"objectClass", "computer"}, {"sAMAccountName", "PLAIN01$"}}));
  const auto s = std::move(b).finish();
  REQUIRE(s.accounts.size() == 3);
  CHECK(s.accounts[0].allowed_to_delegate_to.to_vector() ==
        std::vector<std::string>{"cifs/fs01.corp.example.com", "cifs/FS01"});
  REQUIRE(s.accounts[0].rbcd_allowed_sids);
  CHECK(*s.accounts[0].rbcd_allowed_sids == std::vector<std::string>{"S-1-5-21-1-2-3-1104"});
  CHECK(s.accounts[0].assigned_authn_policy.rfind("CN=P,", 0) == 0);
  CHECK_FALSE(s.accounts[1].rbcd_allowed_sids);
  CHECK_FALSE(s.accounts[2].rbcd_allowed_sids);
  REQUIRE(s.diagnostics.size() == 1);
  CHECK(s.diagnostics[0].message.find("EVIL01") != std::string::npos);
  CHECK(s.diagnostics[0].message.find("msDS-AllowedToActOnBehalfOfOtherIdentity cannot be decoded") !=
        std::string::npos);
  CHECK(s.diagnostics[0].message.find("outside") != std::string::npos);
}

TEST_CASE("entries: authentication policies and silos of the Configuration partition", "[entries][authn_policy]")
{
  const std::string config = ",CN=AuthN Policy Configuration,CN=Services,CN=Configuration,DC=corp,DC=example,DC=com";
  SnapshotBuilder b;
  b.add(entry("CN=Tier0,CN=AuthN Policies" + config,
              {{"objectClass", "msDS-AuthNPolicy"},
               {"msDS-AuthNPolicyEnforced", "TRUE"},
               {"msDS-UserAllowedToAuthenticateFrom", std::string("\x01\x00\x04\x80", 4)},
               {"msDS-UserAllowedNTLMNetworkAuthentication", "FALSE"},
               {"msDS-ServiceAllowedNTLMNetworkAuthentication", "maybe"}}));
  b.add(entry("CN=Tier0 Silo,CN=AuthN Silos" + config,
              {{"objectClass", "msDS-AuthNPolicySilo"},
               {"msDS-AuthNPolicySiloEnforced", "true"},
               {"msDS-UserAuthNPolicy", "CN=Tier0,CN=AuthN Policies" + config},
               {"msDS-AuthNPolicySiloMembers", "CN=alice,CN=Users,DC=corp,DC=example,DC=com"},
               {"msDS-AuthNPolicySiloMembers", "CN=bob,CN=Users,DC=corp,DC=example,DC=com"}}));
  // The same class in a domain partition is not a policy.
  b.add(entry("CN=Fake,DC=corp,DC=example,DC=com", {{"objectClass", "msDS-AuthNPolicy"}}));
  const auto s = std::move(b).finish();
  REQUIRE(s.configuration.authn_policies.size() == 1);
  const auto& p = s.configuration.authn_policies[0];
  CHECK(p.name == "Tier0");
  CHECK(p.enforced == true);
  CHECK(p.user_allowed_to_authenticate_from);
  CHECK_FALSE(p.service_allowed_to_authenticate_from);
  CHECK(p.user_allowed_ntlm_network == false);
  CHECK_FALSE(p.service_allowed_ntlm_network);
  REQUIRE(s.configuration.authn_policy_silos.size() == 1);
  const auto& silo = s.configuration.authn_policy_silos[0];
  CHECK(silo.name == "Tier0 Silo");
  CHECK(silo.enforced == true);
  CHECK(silo.user_policy == "CN=Tier0,CN=AuthN Policies" + config);
  CHECK(silo.members.size() == 2);
  REQUIRE(s.diagnostics.size() == 1);
  CHECK(s.diagnostics[0].message.find("msds-serviceallowedntlmnetworkauthentication is not TRUE or FALSE") !=
        std::string::npos);
}

TEST_CASE("entries: a ranged attribute whose last range is not '*' makes the snapshot partial", "[entries]")
{
  // ldapsearch does not follow AD's ranged retrieval: a group of more than 1,500 members comes out
  // as "member;range=0-1499" alone. Those members are not all of them, and the scan must say so.
  SnapshotBuilder b;
  b.add(entry("CN=Big,CN=Users,DC=corp,DC=example,DC=com",
              {{"objectClass", "group"}, {"member;range=0-1", "CN=a"}, {"member;range=0-1", "CN=b"}}));
  b.add(entry("CN=Whole,CN=Users,DC=corp,DC=example,DC=com",
              {{"objectClass", "group"}, {"member;range=0-0", "CN=a"}, {"Member;Range=1-*", "CN=b"}}));
  b.add(entry("CN=Plain,CN=Users,DC=corp,DC=example,DC=com",
              {{"objectClass", "group"}, {"member", "CN=a"}, {"description;lang-en", "x"}}));
  b.add(entry("CN=Cut,CN=Users,DC=corp,DC=example,DC=com",
              {{"objectClass", "group"}, {"member;range=0-*", "CN=a"}, {"member;range=1-1499", "CN=b"}}));
  const auto s = std::move(b).finish();
  REQUIRE(s.groups.size() == 4);
  CHECK(s.groups[0].members.size() == 2);
  REQUIRE(s.diagnostics.size() == 2);
  CHECK(s.diagnostics[0].message.find("CN=Big,CN=Users") != std::string::npos);
  CHECK(s.diagnostics[0].message.find("member;range=0-1 ") != std::string::npos);
  CHECK(s.diagnostics[1].message.find("CN=Cut,CN=Users") != std::string::npos);
  CHECK(s.diagnostics[1].message.find("member;range=1-1499") != std::string::npos);
}
