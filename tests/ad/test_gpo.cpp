#include "src/ad/gpo.hpp"
#include "src/input/sysvol.hpp"
#include "tests/support/dfs_blobs.hpp"
#include "tests/support/registry_pol.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>

using namespace kerbready;

namespace {

const std::string k_template =
  "[Unicode]\r\nUnicode=yes\r\n[System Access]\r\nMinimumPasswordAge = 1\r\n"
  "[Registry Values]\r\n"
  "MACHINE\\System\\CurrentControlSet\\Control\\Lsa\\LmCompatibilityLevel=4,1\r\n"
  "MACHINE\\System\\CurrentControlSet\\Control\\Lsa\\MSV1_0\\NTLMMinClientSec=4,537395200\r\n"
  "MACHINE\\Software\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon\\LegalNoticeText=7,a,b\r\n"
  "[Version]\r\nsignature=\"$CHICAGO$\"\r\nRevision=1\r\n";

} // namespace

TEST_CASE("gpo: GptTmpl.inf [Registry Values] in UTF-16LE and UTF-8", "[gpo]")
{
  for (const auto& bytes : {std::string("\xFF\xFE", 2) + test::utf16le(k_template), k_template}) {
    const auto values = parse_gpttmpl(bytes);
    REQUIRE(values.size() == 3);
    GpoPolicy policy;
    policy.registry_values = values;
    const auto* level =
      find_registry_value(policy, R"(machine\system\currentcontrolset\control\lsa\lmcompatibilitylevel)");
    REQUIRE(level != nullptr);
    CHECK(registry_dword(*level) == 1u);
    CHECK(registry_dword(values[1]) == 537395200u);
    CHECK(values[2].type == 7);
    CHECK(values[2].data == "a,b");
    CHECK_FALSE(registry_dword(values[2]));
  }
}

TEST_CASE("gpo: templates as Windows, Samba's lab and samba-tool write them have no problems", "[gpo]")
{
  CHECK(read_gpttmpl(std::string("\xFF\xFE", 2) + test::utf16le(k_template)).problems.empty());
  CHECK(read_gpttmpl(k_template).problems.empty());
  // tests/integration/lab.sh: LF turned into CRLF, [Registry Values] only.
  CHECK(read_gpttmpl(std::string("\xFF\xFE", 2) +
                     test::utf16le("[Unicode]\r\nUnicode=yes\r\n[Registry Values]\r\n"
                                   "MACHINE\\System\\CurrentControlSet\\Control\\Lsa\\LmCompatibilityLevel=4,2\r\n"
                                   "[Version]\r\nsignature=\"$CHICAGO$\"\r\nRevision=1\r\n"))
          .problems.empty());
  // Python's ConfigParser (samba-tool): "key = value", blank lines, LF; quoted-list sections.
  const auto samba = read_gpttmpl(std::string("\xFF\xFE", 2) +
                                  test::utf16le("[Unicode]\nUnicode = yes\n\n[Version]\nsignature = \"$CHICAGO$\"\n"
                                                "Revision = 1\n\n[File Security]\n\"%SystemRoot%\\x\",2,\"D:P\"\n\n"
                                                "[Registry Values]\nMACHINE\\a\\B = 4,1\n\n"));
  CHECK(samba.problems.empty());
  REQUIRE(samba.values.size() == 1);
  CHECK(samba.values[0].path == "MACHINE\\a\\B");
}

TEST_CASE("gpo: empty, garbage and truncated templates are problems", "[gpo]")
{
  const auto problems = [](const std::string& bytes) { return read_gpttmpl(bytes).problems; };
  const auto first = [&](const std::string& bytes) {
    const auto p = problems(bytes);
    return p.empty() ? std::string() : p.front();
  };
  CHECK(first("") == "empty file");
  CHECK(first(std::string("\xFF\xFE", 2)) == "no content after the byte-order mark");
  CHECK(first(std::string("\xFF\xFE", 2) + test::utf16le("\r\n\r\n")) == "no content after the byte-order mark");
  // UTF-16 without its byte-order mark reads as text full of NULs.
  CHECK(first(test::utf16le(k_template)) == "binary content (control characters), not a security template");
  CHECK(first(std::string("\x80\x81garbage\xFF\r\n")) == "neither UTF-16LE with a byte-order mark nor UTF-8 text");
  // No [Version] signature: a plain INI file is not a security template.
  CHECK(first("[Registry Values]\r\nMACHINE\\a=4,1\r\n").find("no [Version] section") == 0);
  // Non-INI lines name their line; [Registry Values] entries must be PATH=TYPE,DATA.
  auto garbage = k_template;
  garbage.insert(garbage.find("[Version]"), "garbage line without equals\r\nMACHINE\\x=notanumber,1\r\n[Broken\r\n");
  const auto p = problems(garbage);
  REQUIRE(p.size() == 3);
  CHECK(p[0] == "line 9: not a key=value line: 'garbage line without equals'");
  CHECK(p[1] == "line 10: [Registry Values] entry is not PATH=TYPE,DATA: 'MACHINE\\x=notanumber,1'");
  CHECK(p[2] == "line 11: section header without ']': '[Broken'");
  CHECK(read_gpttmpl(garbage).values.size() == 3); // the sound entries are still read
  // Every cut of a whole template, mid-character, mid-line or between lines, is a problem.
  const auto bytes = std::string("\xFF\xFE", 2) + test::utf16le(k_template);
  for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
    INFO("cut at " << cut);
    CHECK_FALSE(problems(bytes.substr(0, cut)).empty());
  }
  CHECK(first(bytes.substr(0, bytes.size() - 1)) ==
        "UTF-16 file of " + std::to_string(bytes.size() - 1) + " bytes: cut inside a character");
  CHECK(first(bytes.substr(0, bytes.size() - 4)) == "the last line has no line end: the file is cut short");
  const auto before_revision = bytes.size() - 2 * std::string("Revision=1\r\n").size();
  CHECK(first(bytes.substr(0, before_revision)) == "[Version] has no Revision line: the file is cut short");
}

TEST_CASE("gpo: odd DWORDs", "[gpo]")
{
  GpoRegistryValue v{"x", 4, "-1"};
  CHECK(registry_dword(v) == 0xFFFFFFFFu);
  v.data = "0x7fffffff";
  CHECK(registry_dword(v) == 0x7FFFFFFFu);
  v.data = "99999999999";
  CHECK_FALSE(registry_dword(v));
  v.data = "0xZZ";
  CHECK_FALSE(registry_dword(v));
  CHECK(registry_value_name(R"(a\b\Name)") == "Name");
}

TEST_CASE("gpo: a SYSVOL copy is read and matched to the GPO containers", "[gpo]")
{
  namespace fs = std::filesystem;
  const auto root = fs::temp_directory_path() / ("kerbready-sysvol-" + std::to_string(::getpid()));
  fs::remove_all(root);
  const auto dir =
    root / "Policies" / "{31B2F340-016D-11D2-945F-00C04FB984F9}" / "Machine" / "Microsoft" / "Windows NT" / "SecEdit";
  fs::create_directories(dir);
  fs::create_directories(root / "Policies" / "{6AC1786C-016F-11D2-945F-00C04FB984F9}");
  {
    std::ofstream out(dir / "GptTmpl.inf", std::ios::binary);
    out << std::string("\xFF\xFE", 2) << test::utf16le(k_template);
  }
  std::vector<Diagnostic> diagnostics;
  auto policies = collect::load_sysvol(root.string(), diagnostics);
  REQUIRE(policies);
  CHECK(diagnostics.empty());
  REQUIRE(policies->size() == 2);
  CHECK((*policies)[0].registry_values.size() == 3);
  CHECK((*policies)[0].file ==
        "{31B2F340-016D-11D2-945F-00C04FB984F9}/Machine/Microsoft/Windows NT/SecEdit/GptTmpl.inf");
  CHECK((*policies)[1].registry_values.empty());

  Snapshot s;
  RawObject gpo;
  gpo.dn = "CN={31B2F340-016D-11D2-945F-00C04FB984F9},CN=Policies,CN=System,DC=corp,DC=example,DC=com";
  gpo.domain = "corp.example.com";
  gpo.attributes["displayname"] = {"Default Domain Policy"};
  s.gpos.push_back(gpo);
  RawObject missing = gpo;
  missing.dn = "CN={99999999-0000-0000-0000-000000000000},CN=Policies,CN=System,DC=corp,DC=example,DC=com";
  s.gpos.push_back(missing);
  collect::attach_gpo_policies(s, std::move(*policies));
  CHECK(s.has(DataSet::sysvol));
  CHECK(s.gpo_policies[0].display_name == "Default Domain Policy");
  CHECK(s.gpo_policies[0].domain == "corp.example.com");
  REQUIRE(s.diagnostics.size() == 1); // the GPO whose folder the copy lacks
  CHECK(s.diagnostics[0].message.find("{99999999") != std::string::npos);

  CHECK_FALSE(collect::load_sysvol((root / "nope").string(), diagnostics));
  fs::remove_all(root);
}

TEST_CASE("gpo: Registry.pol values join the GptTmpl.inf values; a broken one is a diagnostic", "[gpo][registry_pol]")
{
  namespace fs = std::filesystem;
  const auto root = fs::temp_directory_path() / ("kerbready-sysvol-pol-" + std::to_string(::getpid()));
  fs::remove_all(root);
  const auto good = root / "{31B2F340-016D-11D2-945F-00C04FB984F9}" / "MACHINE";
  const auto bad = root / "{6AC1786C-016F-11D2-945F-00C04FB984F9}" / "Machine";
  fs::create_directories(good / "Microsoft" / "Windows NT" / "SecEdit");
  fs::create_directories(bad);
  {
    std::ofstream out(good / "Microsoft" / "Windows NT" / "SecEdit" / "GptTmpl.inf", std::ios::binary);
    out << k_template;
  }
  const std::string key = R"(Software\Policies\Microsoft\Windows NT\Rpc)";
  {
    std::ofstream out(good / "Registry.pol", std::ios::binary);
    out << test::pol_header() << test::pol_dword(key, "EnableAuthEpResolution", 1);
  }
  {
    std::ofstream out(bad / "registry.pol", std::ios::binary);
    const auto bytes = test::pol_header() + test::pol_dword(key, "RestrictRemoteClients", 1);
    out << bytes.substr(0, bytes.size() - 3);
  }
  std::vector<Diagnostic> diagnostics;
  auto policies = collect::load_sysvol(root.string(), diagnostics);
  REQUIRE(policies);
  REQUIRE(policies->size() == 2);
  const auto& p = (*policies)[0];
  REQUIRE(p.registry_values.size() == 4);
  const auto* epm = find_registry_value(p, gpo_value::rpc_enable_auth_ep_resolution);
  REQUIRE(epm != nullptr);
  CHECK(registry_dword(*epm) == 1u);
  CHECK(source_file(p, *epm) == "{31B2F340-016D-11D2-945F-00C04FB984F9}/MACHINE/Registry.pol");
  CHECK(source_file(p, p.registry_values[0]) == p.file);
  CHECK((*policies)[1].registry_values.empty());
  REQUIRE(diagnostics.size() == 1);
  CHECK(diagnostics[0].message.find("malformed entry") != std::string::npos);
  fs::remove_all(root);
}
