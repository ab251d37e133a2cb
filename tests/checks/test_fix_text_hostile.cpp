// Every check that prints a command in its fix text, run over a directory holding hostile names:
// each command is either quoted so the shell reads the name back intact, or not printed at all.

#include "src/ad/etypes.hpp"
#include "src/ad/trust.hpp"
#include "tests/support/dfs_blobs.hpp"
#include "tests/support/dns_records.hpp"
#include "tests/support/fix_text.hpp"
#include "tests/support/run_check.hpp"
#include "tests/support/security_descriptors.hpp"
#include "tests/support/snapshot_builder.hpp"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

using namespace kerbready;

namespace {

// "pwned" marks the part an attacker wants run.
const std::vector<std::string> k_hostile_accounts = {
  "svc & net user pwned P@ss1 /add & rem",
  "svc'; Start-Process pwned; '",
  "svc\xE2\x80\x99; Start-Process pwned; \xE2\x80\x98", // U+2019, U+2018
  "svc\" & net user pwned /add & \"",
  "svc%COMSPEC% pwned",
  "svc$(pwned)",
  "svc\n  net user pwned /add",
  "svc\xE2\x80\xAE pwned", // RIGHT-TO-LEFT OVERRIDE
  "svc`pwned",
  "svc^&pwned",
};

// Without whitespace, so that they parse as the host of an SPN and as a DNS label.
const std::vector<std::string> k_hostile_hosts = {
  "web&pwned",  "web'|pwned|'", "web\"&pwned&\"",       "web%pwned%",           "web$(pwned)",
  "web^&pwned", "web`pwned",    "web\xE2\x80\xAEpwned", "web\xE2\x80\x99pwned",
};

const std::string k_users = ",CN=Users,DC=corp,DC=example,DC=com";
const std::string k_dfs = "CN=Dfs-Configuration,CN=System,DC=corp,DC=example,DC=com";
constexpr std::int64_t k_2008 = 1199145600;
constexpr std::int64_t k_2010 = 1262304000;

using Build = std::function<Snapshot(const std::string&)>;

void
run_hostile(const char* check_id, const std::vector<std::string>& values, const Build& build)
{
  for (const auto& value : values) {
    CAPTURE(check_id, value);
    const auto findings = test::run_check(build(value), check_id);
    REQUIRE_FALSE(findings.empty());
    CHECK(test::check_commands(findings, value));
  }
}

// Names that survive the ASCII-only UTF-16 encoders of the DFS blob builders.
std::vector<std::string>
ascii_only(const std::vector<std::string>& values)
{
  std::vector<std::string> out;
  for (const auto& v : values) {
    if (v.find('\xE2') == std::string::npos) {
      out.push_back(v);
    }
  }
  return out;
}

std::string
xml_escape(const std::string& s)
{
  std::string out;
  for (const char c : s) {
    switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    case '\'':
      out += "&apos;";
      break;
    default:
      out += c;
    }
  }
  return out;
}

} // namespace

TEST_CASE("fix text: PowerShell commands quote hostile account names", "[checks][fix-text]")
{
  run_hostile("ENC-SPN-DEFAULT-ETYPES", k_hostile_accounts, [](const std::string& v) {
    test::SnapshotBuilder b;
    b.user(v).service_principal_names = {"HTTP/web.corp.example.com"};
    return b.build();
  });
  run_hostile("ENC-RC4-ONLY", k_hostile_accounts, [](const std::string& v) {
    test::SnapshotBuilder b;
    auto& a = b.user(v);
    a.service_principal_names = {"HTTP/app.corp.example.com"};
    a.supported_encryption_types = etype::rc4_hmac;
    return b.build();
  });
  run_hostile("ENC-DES", k_hostile_accounts, [](const std::string& v) {
    test::SnapshotBuilder b;
    b.user(v).user_account_control |= uac::use_des_key_only;
    return b.build();
  });
  run_hostile("ENC-NO-AES-KEYS", k_hostile_accounts, [](const std::string& v) {
    test::SnapshotBuilder b;
    b.group("Read-only Domain Controllers", 521).when_created = k_2010;
    b.user(v).pwd_last_set = k_2008;
    return b.build();
  });
  run_hostile("PU-NO-AES-MEMBER", k_hostile_accounts, [](const std::string& v) {
    test::SnapshotBuilder b;
    b.user(v).user_account_control |= uac::use_des_key_only;
    b.group("Read-only Domain Controllers", 521).when_created = k_2010;
    b.group("Protected Users", 525).members = {"CN=" + v + k_users};
    return b.build();
  });
  run_hostile("PU-SERVICE-INSIDE", k_hostile_accounts, [](const std::string& v) {
    test::SnapshotBuilder b;
    b.user(v).service_principal_names = {"HTTP/web.corp.example.com"};
    b.group("Protected Users", 525).members = {"CN=" + v + k_users};
    return b.build();
  });
  run_hostile("PU-PRIVILEGED-DELEGABLE", k_hostile_accounts, [](const std::string& v) {
    test::SnapshotBuilder b;
    b.user(v);
    b.group("Domain Admins", 512).members = {"CN=" + v + k_users};
    return b.build();
  });
  run_hostile("PU-PRIVILEGED-OUTSIDE", k_hostile_accounts, [](const std::string& v) {
    test::SnapshotBuilder b;
    b.user(v);
    b.group("Enterprise Admins", 519).members = {"CN=" + v + k_users};
    b.group("Protected Users", 525);
    return b.build();
  });
  // The DN carries the name.
  run_hostile("SPN-MALFORMED", k_hostile_accounts, [](const std::string& v) {
    test::SnapshotBuilder b;
    b.user(v).service_principal_names = {"HTTP"};
    return b.build();
  });
}

TEST_CASE("fix text: delegation and authentication policy commands quote hostile names", "[checks][fix-text]")
{
  run_hostile("DELEG-KCD-TARGET", k_hostile_accounts, [](const std::string& v) {
    test::SnapshotBuilder b;
    b.user(v).allowed_to_delegate_to = {"HTTP/gone.corp.example.com"};
    return b.build();
  });
  run_hostile("DELEG-KCD-TARGET", k_hostile_hosts, [](const std::string& v) {
    test::SnapshotBuilder b;
    b.user("svc_front").allowed_to_delegate_to = {"HTTP/" + v};
    return b.build();
  });
  run_hostile("DELEG-PROTOCOL-TRANSITION", k_hostile_accounts, [](const std::string& v) {
    test::SnapshotBuilder b;
    b.user(v).user_account_control |= uac::trusted_to_auth_for_delegation;
    return b.build();
  });
  for (const bool computer : {false, true}) {
    run_hostile("DELEG-RBCD-UNRESOLVED", k_hostile_accounts, [&](const std::string& v) {
      test::SnapshotBuilder b;
      auto& a = computer ? b.computer(v) : b.user(v);
      a.dn = "CN=" + v + k_users;
      a.rbcd_allowed_sids = std::vector<std::string>{std::string(test::k_domain_sid) + "-9999"};
      return b.build();
    });
  }
  run_hostile("AUTHN-POLICY-NTLM-DENIED", k_hostile_accounts, [](const std::string& v) {
    test::SnapshotBuilder b;
    b.with_configuration({});
    AuthnPolicy p;
    p.dn = "CN=" + v +
           ",CN=AuthN Policies,CN=AuthN Policy Configuration,CN=Services,CN=Configuration,DC=corp,"
           "DC=example,DC=com";
    p.name = v;
    p.enforced = true;
    p.user_allowed_to_authenticate_from = true;
    b.snapshot().configuration.authn_policies.push_back(p);
    b.user(v).assigned_authn_policy = p.dn;
    return b.build();
  });
}

TEST_CASE("fix text: setspn quotes hostile account names and SPNs", "[checks][fix-text]")
{
  run_hostile("SPN-DANGLING-HOST", k_hostile_accounts, [](const std::string& v) {
    test::SnapshotBuilder b;
    b.computer("WEB01");
    b.user(v).service_principal_names = {"HTTP/gone01.corp.example.com"};
    return b.build();
  });
  run_hostile("SPN-DANGLING-HOST", k_hostile_hosts, [](const std::string& v) {
    test::SnapshotBuilder b;
    b.computer("WEB01");
    b.user("svc").service_principal_names = {"HTTP/" + v + ".corp.example.com"};
    return b.build();
  });
  run_hostile("SPN-DUPLICATE", k_hostile_accounts, [](const std::string& v) {
    test::SnapshotBuilder b;
    b.computer("WEB01").service_principal_names.push_back("HTTP/web01.corp.example.com");
    b.user(v).service_principal_names = {"HTTP/web01.corp.example.com"};
    return b.build();
  });
  run_hostile("SPN-DUPLICATE", k_hostile_hosts, [](const std::string& v) {
    test::SnapshotBuilder b;
    b.user("svc_a").service_principal_names = {"HTTP/" + v};
    b.user("svc_b").service_principal_names = {"HTTP/" + v};
    return b.build();
  });
  // The SPN from issue 11 itself, with its spaces.
  run_hostile("SPN-DUPLICATE", {"HTTP/web & net user pwned P@ss1 /add & rem"}, [](const std::string& v) {
    test::SnapshotBuilder b;
    b.user("svc_a").service_principal_names = {v};
    b.user("svc_b").service_principal_names = {v};
    return b.build();
  });
  run_hostile("SPN-IP-ADDRESS", k_hostile_accounts, [](const std::string& v) {
    test::SnapshotBuilder b;
    b.user(v).service_principal_names = {"HTTP/10.0.0.15"};
    return b.build();
  });
  run_hostile("SPN-ALIAS-COLLISION", k_hostile_hosts, [](const std::string& v) {
    test::SnapshotBuilder b;
    b.computer("FS01");
    b.computer(v).service_principal_names.push_back("cifs/fs01.corp.example.com");
    return b.build();
  });
  run_hostile("SPN-MISSING-HOST", k_hostile_hosts, [](const std::string& v) {
    test::SnapshotBuilder b;
    b.computer("APP01").additional_dns_host_names = {v + ".corp.example.com"};
    return b.build();
  });
  run_hostile("SPN-MISSING-HOST", k_hostile_accounts, [](const std::string& v) {
    test::SnapshotBuilder b;
    b.computer(v, false);
    return b.build();
  });
}

TEST_CASE("fix text: netdom and ksetup quote hostile trust names", "[checks][fix-text]")
{
  run_hostile("TRUST-DISABLED", k_hostile_hosts, [](const std::string& v) {
    test::SnapshotBuilder b;
    b.trust(v + ".example", 0, trust_type::uplevel, trust_direction::disabled);
    return b.build();
  });
  run_hostile("TRUST-SID-FILTERING", k_hostile_hosts, [](const std::string& v) {
    test::SnapshotBuilder b;
    b.trust(v + ".example", 0, trust_type::uplevel, trust_direction::outbound);
    return b.build();
  });
  run_hostile("TRUST-TGT-DELEGATION", k_hostile_hosts, [](const std::string& v) {
    test::SnapshotBuilder b;
    b.trust(v + ".example", trust_attr::forest_transitive | trust_attr::cross_organization_enable_tgt_delegation);
    return b.build();
  });
  run_hostile("TRUST-TREAT-AS-EXTERNAL", k_hostile_hosts, [](const std::string& v) {
    test::SnapshotBuilder b;
    b.trust(v + ".example", trust_attr::forest_transitive | trust_attr::treat_as_external);
    return b.build();
  });
  run_hostile("TRUST-MIT", k_hostile_hosts, [](const std::string& v) {
    test::SnapshotBuilder b;
    b.trust(v + ".EXAMPLE", trust_attr::non_transitive, trust_type::mit);
    return b.build();
  });
  run_hostile("TRUST-NO-AES", k_hostile_hosts, [](const std::string& v) {
    test::SnapshotBuilder b;
    b.trust(v + ".example", trust_attr::forest_transitive).supported_encryption_types = etype::rc4_hmac;
    return b.build();
  });
}

TEST_CASE("fix text: DNS aliases with hostile names", "[checks][fix-text]")
{
  const std::string zone = "corp.example.com";
  SECTION("an alias of a computer (netdom and setspn)")
  {
    run_hostile("DNS-CNAME-NO-SPN", k_hostile_hosts, [&](const std::string& v) {
      test::SnapshotBuilder b;
      b.computer("FS01");
      auto& s = b.snapshot();
      test::add_dns_node(s, "fs01", zone, {test::a_record(10, 0, 0, 1)});
      test::add_dns_node(s, v, zone, {test::cname_record("fs01.corp.example.com")});
      return b.build();
    });
  }
  SECTION("an alias leaving the zones")
  {
    run_hostile("DNS-CNAME-NO-SPN", k_hostile_hosts, [&](const std::string& v) {
      test::SnapshotBuilder b;
      auto& s = b.snapshot();
      test::add_dns_node(s, v, zone, {test::cname_record("tenant.saas.example.net")});
      return b.build();
    });
  }
  SECTION("an alias whose SPN another computer holds")
  {
    run_hostile("DNS-CNAME-NO-SPN", k_hostile_accounts, [&](const std::string& v) {
      test::SnapshotBuilder b;
      b.computer("WEB01");
      b.computer(v).service_principal_names.push_back("HOST/intranet.corp.example.com");
      auto& s = b.snapshot();
      test::add_dns_node(s, "web01", zone, {test::a_record(10, 0, 0, 2)});
      test::add_dns_node(s, "intranet", zone, {test::cname_record("web01.corp.example.com")});
      return b.build();
    });
  }
  SECTION("A-record alias and VIP")
  {
    run_hostile("DNS-VIP-NO-SPN", k_hostile_hosts, [&](const std::string& v) {
      test::SnapshotBuilder b;
      b.computer("APP01");
      auto& s = b.snapshot();
      test::add_dns_node(s, "app01", zone, {test::a_record(10, 0, 0, 7, 3700000)});
      test::add_dns_node(s, v, zone, {test::a_record(10, 0, 0, 7)});
      test::add_dns_node(s, "vip" + v, zone, {test::a_record(10, 0, 9, 9)});
      return b.build();
    });
  }
}

TEST_CASE("fix text: DFS commands quote hostile servers, shares and paths", "[checks][fix-text]")
{
  const auto hosts = ascii_only(k_hostile_hosts);
  run_hostile("DFS-ROOT-SERVER-MISSING", hosts, [](const std::string& v) {
    test::SnapshotBuilder b;
    b.computer("DC01");
    test::add_dfs_object(b.snapshot(), "CN=legacy," + k_dfs, "ftdfs",
                         {{"remoteservername", {"\\\\DC01\\legacy", "\\\\" + v + "\\legacy", "*"}}});
    return b.build();
  });
  SECTION("hostile share and link path")
  {
    run_hostile("DFS-TARGET-ALIAS", hosts, [](const std::string& v) {
      test::SnapshotBuilder b;
      b.computer("DC01");
      auto& s = b.snapshot();
      test::add_dfs_object(s, "CN=apps," + k_dfs, "msdfs-namespacev2",
                           {{"msdfs-targetlistv2", {test::target_list({"\\\\dc01.corp.example.com\\apps"})}}});
      test::add_dfs_object(s, "CN=l1,CN=apps," + k_dfs, "msdfs-linkv2",
                           {{"msdfs-linkpathv2", {"/" + v}},
                            {"msdfs-targetlistv2", {test::target_list({"\\\\10.0.0.1\\" + xml_escape(v)})}}});
      return b.build();
    });
  }
  SECTION("hostile server")
  {
    run_hostile("DFS-TARGET-ALIAS", hosts, [](const std::string& v) {
      test::SnapshotBuilder b;
      b.computer("DC01");
      auto& s = b.snapshot();
      test::add_dfs_object(s, "CN=apps," + k_dfs, "msdfs-namespacev2",
                           {{"msdfs-targetlistv2", {test::target_list({"\\\\" + xml_escape(v) + "\\apps"})}}});
      return b.build();
    });
  }
}

TEST_CASE("fix text: SQL Server SPN commands quote hostile names", "[checks][fix-text]")
{
  run_hostile("SPN-MSSQL-SPLIT", k_hostile_accounts, [](const std::string& v) {
    test::SnapshotBuilder b;
    b.computer("SQL01");
    b.user("svc_sql").service_principal_names = {"MSSQLSvc/sql01.corp.example.com:1433"};
    b.user(v).service_principal_names = {"MSSQLSvc/SQL01:1433"};
    return b.build();
  });
  run_hostile("SPN-MSSQL-SPLIT", k_hostile_hosts, [](const std::string& v) {
    test::SnapshotBuilder b;
    b.user("svc_new").service_principal_names = {"MSSQLSvc/" + v + ".corp.example.com:1433"};
    auto& old = b.user("svc_old");
    old.service_principal_names = {"MSSQLSvc/" + v + ".corp.example.com:1434"};
    old.user_account_control |= uac::account_disable;
    return b.build();
  });
  run_hostile("SPN-MSSQL-LISTENER", k_hostile_accounts, [](const std::string& v) {
    test::SnapshotBuilder b;
    b.computer("SQLN1").operating_system = "Windows Server 2022";
    auto& listener = b.computer("AGL01");
    listener.sam_account_name = v + "$";
    listener.service_principal_names.push_back("MSSQLSvc/agl01.corp.example.com:1433");
    return b.build();
  });
  run_hostile("SPN-MSSQL-LISTENER", k_hostile_hosts, [](const std::string& v) {
    test::SnapshotBuilder b;
    b.computer("SQL01").service_principal_names.push_back("HOST/" + v + ".corp.example.com");
    b.user("svc_sql").service_principal_names = {"MSSQLSvc/sql01.corp.example.com:1433"};
    auto& s = b.snapshot();
    test::add_dns_node(s, "sql01", "corp.example.com", {test::a_record(10, 0, 0, 5)});
    test::add_dns_node(s, v, "corp.example.com", {test::a_record(10, 0, 0, 5)});
    return b.build();
  });
}

TEST_CASE("fix text: single-label names with hostile names", "[checks][fix-text]")
{
  run_hostile("NAME-SINGLE-LABEL", k_hostile_accounts, [](const std::string& v) {
    test::SnapshotBuilder b;
    b.computer("WEB01");
    b.user(v).service_principal_names = {"HTTP/WEB01"};
    return b.build();
  });
  run_hostile("NAME-SINGLE-LABEL", k_hostile_hosts, [](const std::string& v) {
    test::SnapshotBuilder b;
    b.computer("FS01");
    test::add_dns_node(b.snapshot(), v, "corp.example.com", {test::cname_record("fs01")});
    return b.build();
  });
  run_hostile("NAME-SINGLE-LABEL", ascii_only(k_hostile_hosts), [](const std::string& v) {
    test::SnapshotBuilder b;
    b.computer("FS01");
    auto& s = b.snapshot();
    test::add_dfs_object(s, "CN=apps," + k_dfs, "msdfs-namespacev2",
                         {{"msdfs-targetlistv2", {test::target_list({"\\\\FS01\\apps"})}}});
    test::add_dfs_object(
      s, "CN=l1,CN=apps," + k_dfs, "msdfs-linkv2",
      {{"msdfs-linkpathv2", {"/" + v}}, {"msdfs-targetlistv2", {test::target_list({"\\\\FS01\\" + xml_escape(v)})}}});
    return b.build();
  });
}
