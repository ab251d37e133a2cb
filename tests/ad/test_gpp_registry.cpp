#include "src/ad/gpo.hpp"
#include "src/ad/gpp_registry.hpp"
#include "tests/support/dfs_blobs.hpp"

#include <catch2/catch.hpp>

using namespace kerbready;

namespace {

const std::string k_xml = R"(<?xml version="1.0" encoding="utf-8"?>
<RegistrySettings clsid="{A3CCFC41-DFDB-43a5-8D26-0FE8B954DA51}">
  <Registry clsid="{9CD4B2F4-923D-47f5-A062-E897DD1DAD50}" name="LmCompatibilityLevel" uid="{1}">
    <Properties action="U" displayDecimal="1" default="0" hive="HKEY_LOCAL_MACHINE" key="SYSTEM\CurrentControlSet\Control\Lsa" name="LmCompatibilityLevel" type="REG_DWORD" value="00000002"/>
  </Registry>
  <Collection clsid="{53B533F5-224C-47e3-B01B-CA3B3F3FF4BF}" name="Web">
    <Registry clsid="{9CD4B2F4-923D-47f5-A062-E897DD1DAD50}" name="BackConnectionHostNames" uid="{2}">
      <Properties action="R" hive="HKEY_LOCAL_MACHINE" key="SYSTEM\CurrentControlSet\Control\Lsa\MSV1_0" name="BackConnectionHostNames" type="REG_MULTI_SZ" value="a.corp b.corp">
        <Values><Value>a.corp</Value><Value>b&amp;c.corp</Value></Values>
      </Properties>
      <Filters><FilterComputer bool="AND" not="0" type="NETBIOS" name="WEB01"/></Filters>
    </Registry>
  </Collection>
  <Collection clsid="{53B533F5-224C-47e3-B01B-CA3B3F3FF4BF}" name="Off" disabled="1">
    <Registry clsid="{9CD4B2F4-923D-47f5-A062-E897DD1DAD50}" name="NoLMHash" uid="{3}">
      <Properties action="U" hive="HKEY_LOCAL_MACHINE" key="SYSTEM\CurrentControlSet\Control\Lsa" name="NoLMHash" type="REG_DWORD" value="00000000"/>
    </Registry>
  </Collection>
  <Registry clsid="{9CD4B2F4-923D-47f5-A062-E897DD1DAD50}" name="gone" uid="{4}">
    <Properties action="D" hive="HKEY_LOCAL_MACHINE" key="SYSTEM\CurrentControlSet\Control\Lsa" name="DisableLoopbackCheck" type="REG_DWORD" value="00000001"/>
  </Registry>
  <Registry clsid="{9CD4B2F4-923D-47f5-A062-E897DD1DAD50}" name="user" uid="{5}">
    <Properties action="U" hive="HKEY_CURRENT_USER" key="Software\X" name="Y" type="REG_SZ" value="z"/>
  </Registry>
</RegistrySettings>
)";

} // namespace

TEST_CASE("gpp registry: HKLM items become registry values; disabled, deleted and user items do not",
          "[gpo][gpp_registry]")
{
  const auto file = read_gpp_registry(k_xml);
  CHECK(file.problems.empty());
  REQUIRE(file.values.size() == 2);
  CHECK(file.values[0].path == R"(MACHINE\SYSTEM\CurrentControlSet\Control\Lsa\LmCompatibilityLevel)");
  CHECK(file.values[0].type == 4);
  CHECK(file.values[0].data == "2");
  GpoPolicy policy;
  policy.registry_values = file.values;
  CHECK(find_registry_value(policy, gpo_value::lm_compatibility_level) != nullptr); // compared ignoring case
  CHECK(file.values[1].type == 7);
  CHECK(file.values[1].data == "a.corp,b&c.corp");
  // UTF-16LE with a BOM reads the same.
  const auto utf16 = read_gpp_registry(std::string("\xFF\xFE", 2) + test::utf16le(k_xml));
  CHECK(utf16.values.size() == 2);
}

TEST_CASE("gpp registry: damaged files are problems", "[gpo][gpp_registry]")
{
  CHECK_FALSE(read_gpp_registry("").problems.empty());
  CHECK_FALSE(read_gpp_registry("<Other/>").problems.empty());
  CHECK_FALSE(read_gpp_registry(k_xml.substr(0, k_xml.size() / 2)).problems.empty());
  CHECK_FALSE(read_gpp_registry("<RegistrySettings><Registry><Properties hive=\"HKEY_LOCAL_MACHINE\" key=\"K\" "
                                "name=\"N\" type=\"REG_DWORD\" value=\"zz\"/></Registry></RegistrySettings>")
                .problems.empty());
  CHECK_FALSE(read_gpp_registry("<RegistrySettings><a></b></RegistrySettings>").problems.empty());
  CHECK_FALSE(read_gpp_registry("<RegistrySettings x=\"&bogus;\"></RegistrySettings>").problems.empty());
  CHECK_FALSE(read_gpp_registry(std::string(2000, '<')).problems.empty());
}
