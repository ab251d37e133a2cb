#include "src/collect/sysvol.hpp"
#include "src/collect/sysvol_saved.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>

using namespace kerbready;

namespace {

const std::string k_guid = "{31B2F340-016D-11D2-945F-00C04FB984F9}";

std::vector<collect::SysvolFile>
sample_files()
{
  return {
    {k_guid + "/GPT.INI", "[General]\r\nVersion=3\r\n"},
    {k_guid + "/MACHINE/Preferences/Registry/Registry.xml",
     R"(<RegistrySettings><Registry><Properties action="U" hive="HKEY_LOCAL_MACHINE" key="SYSTEM\CurrentControlSet\Control\Lsa" name="DisableLoopbackCheck" type="REG_DWORD" value="00000001"/></Registry></RegistrySettings>)"},
  };
}

} // namespace

TEST_CASE("sysvol saved beside a snapshot: written with SHA256SUMS, read back and verified", "[collect][sysvol]")
{
  namespace fs = std::filesystem;
  const auto root = fs::temp_directory_path() / ("kerbready-saved-" + std::to_string(::getpid()));
  fs::remove_all(root);
  fs::create_directories(root);
  const auto ldif = (root / "corp.ldif").string();
  std::vector<Diagnostic> diagnostics;
  CHECK_FALSE(collect::load_saved_sysvol(ldif, diagnostics)); // none saved: not an error

  {
    collect::SavedSysvol saved(collect::saved_sysvol_dir(ldif));
    REQUIRE(saved.write(sample_files()));
    CHECK_FALSE(fs::exists(collect::saved_sysvol_dir(ldif))); // not in place before commit
    REQUIRE(saved.commit());
  }
  auto loaded = collect::load_saved_sysvol(ldif, diagnostics);
  REQUIRE(loaded);
  REQUIRE(*loaded);
  CHECK(diagnostics.empty());
  REQUIRE((*loaded)->size() == 1);
  const auto& policy = (*loaded)->front();
  CHECK(policy.gpt_version == 3u);
  REQUIRE(policy.registry_values.size() == 1);
  CHECK(policy.registry_values[0].file == k_guid + "/MACHINE/Preferences/Registry/Registry.xml");

  // The same files parsed from memory (a live read) give the same policy.
  std::vector<Diagnostic> live_diagnostics;
  const auto live = collect::policies_from_files(sample_files(), {k_guid}, "smb://dc", live_diagnostics);
  REQUIRE(live.size() == 1);
  CHECK(live[0].registry_values[0].path == policy.registry_values[0].path);
  CHECK(live[0].file == policy.file);

  SECTION("a changed file is refused")
  {
    std::ofstream(fs::path(collect::saved_sysvol_dir(ldif)) / k_guid / "GPT.INI", std::ios::app) << "x";
    auto changed = collect::load_saved_sysvol(ldif, diagnostics);
    REQUIRE(changed);
    REQUIRE_FALSE(*changed);
    CHECK(changed->error().find("does not match its SHA-256") != std::string::npos);
  }
  SECTION("a missing file is refused")
  {
    fs::remove(fs::path(collect::saved_sysvol_dir(ldif)) / k_guid / "GPT.INI");
    auto missing = collect::load_saved_sysvol(ldif, diagnostics);
    REQUIRE(missing);
    REQUIRE_FALSE(*missing);
    CHECK(missing->error().find("missing") != std::string::npos);
  }
  SECTION("an added file is refused")
  {
    const auto dir = fs::path(collect::saved_sysvol_dir(ldif)) / k_guid / "MACHINE";
    std::ofstream(dir / "Registry.pol") << "PReg";
    auto added = collect::load_saved_sysvol(ldif, diagnostics);
    REQUIRE(added);
    REQUIRE_FALSE(*added);
    CHECK(added->error().find("not listed") != std::string::npos);
  }
  SECTION("a path leaving the folder is never written")
  {
    collect::SavedSysvol saved((root / "other.sysvol").string());
    CHECK_FALSE(saved.write({{"../escape", "x"}}));
  }
  fs::remove_all(root);
}

TEST_CASE("sysvol: GPT.INI version against versionNumber", "[collect][sysvol]")
{
  Snapshot s;
  RawObject gpo;
  gpo.dn = "CN=" + k_guid + ",CN=Policies,CN=System,DC=corp,DC=example,DC=com";
  gpo.domain = "corp.example.com";
  gpo.attributes["versionnumber"] = {"4"};
  s.gpos.push_back(gpo);
  GpoPolicy policy;
  policy.guid = k_guid;
  policy.gpt_version = 3;
  SECTION("read with the directory: a mismatch is a diagnostic")
  {
    collect::attach_gpo_policies(s, {policy}, collect::VersionCheck::yes);
    REQUIRE(s.diagnostics.size() == 1);
    CHECK(s.diagnostics[0].message.find("SYSVOL replication is behind: GPT.INI has version 3, the directory's "
                                        "versionNumber is 4") != std::string::npos);
  }
  SECTION("a hand-made copy (--sysvol) is not compared")
  {
    collect::attach_gpo_policies(s, {policy});
    CHECK(s.diagnostics.empty());
  }
  SECTION("equal versions")
  {
    policy.gpt_version = 4;
    collect::attach_gpo_policies(s, {policy}, collect::VersionCheck::yes);
    CHECK(s.diagnostics.empty());
  }
}
