#include "src/ad/registry_pol.hpp"
#include "tests/support/registry_pol.hpp"

#include <catch2/catch.hpp>

using namespace kerbready;

namespace {

const std::string k_rpc = R"(Software\Policies\Microsoft\Windows NT\Rpc)";

} // namespace

TEST_CASE("registry.pol: DWORD, strings and multi-strings", "[gpo][registry_pol]")
{
  const auto bytes =
    test::pol_header() + test::pol_dword(k_rpc, "EnableAuthEpResolution", 1) +
    test::pol_entry(k_rpc, "Text", 1, test::pol_utf16("hello")) +
    test::pol_entry(k_rpc, "List", 7, test::pol_utf16("a") + test::pol_utf16("b") + std::string(2, '\0')) +
    test::pol_entry(k_rpc, "**del.Old", 1, test::pol_utf16(" ")) + test::pol_entry(k_rpc, "Bin", 3, "\x01\x02");
  const auto file = parse_registry_pol(bytes);
  CHECK(file.problems.empty());
  REQUIRE(file.entries.size() == 5);
  CHECK(file.entries[0].key == k_rpc);
  CHECK(file.entries[0].value == "EnableAuthEpResolution");
  CHECK(file.entries[0].type == 4);
  const auto values = registry_pol_values(file, "MACHINE");
  REQUIRE(values.size() == 3);
  CHECK(values[0].path == R"(MACHINE\Software\Policies\Microsoft\Windows NT\Rpc\EnableAuthEpResolution)");
  CHECK(values[0].data == "1");
  CHECK(values[1].data == "hello");
  CHECK(values[2].data == "a,b");
  CHECK(values[2].type == 7);
}

TEST_CASE("registry.pol: malformed input is skipped with a problem, never a crash", "[gpo][registry_pol]")
{
  const auto good = test::pol_dword(k_rpc, "A", 1);
  SECTION("no signature / wrong version")
  {
    CHECK(parse_registry_pol("").problems.size() == 1);
    CHECK(parse_registry_pol("PReg").problems.size() == 1);
    CHECK(parse_registry_pol("XReg" + test::pol_u32(1)).problems.size() == 1);
    CHECK(parse_registry_pol("PReg" + test::pol_u32(2) + good).entries.empty());
  }
  SECTION("an empty file after the header is clean")
  {
    const auto file = parse_registry_pol(test::pol_header());
    CHECK(file.entries.empty());
    CHECK(file.problems.empty());
  }
  SECTION("every truncation keeps the entries before it")
  {
    const auto bytes = test::pol_header() + good + good;
    for (std::size_t cut = test::pol_header().size() + 1; cut < bytes.size(); ++cut) {
      const auto file = parse_registry_pol(bytes.substr(0, cut));
      const auto one_entry = test::pol_header().size() + good.size();
      CHECK(file.problems.size() == (cut == one_entry ? 0u : 1u)); // a cut between entries is a clean file
      CHECK(file.entries.size() == (cut >= one_entry ? 1u : 0u));
    }
    CHECK(parse_registry_pol(bytes).entries.size() == 2);
  }
  SECTION("an oversized size field")
  {
    auto bytes = test::pol_header() + test::pol_utf16("[", false) + test::pol_utf16("k") + test::pol_utf16(";", false) +
                 test::pol_utf16("v") + test::pol_utf16(";", false) + test::pol_u32(4) + test::pol_utf16(";", false) +
                 test::pol_u32(0xFFFFFFFFu) + test::pol_utf16(";", false) + "abcd" + test::pol_utf16("]", false);
    const auto file = parse_registry_pol(bytes);
    CHECK(file.entries.empty());
    CHECK(file.problems.size() == 1);
  }
  SECTION("a DWORD of the wrong size is not converted")
  {
    const auto file = parse_registry_pol(test::pol_header() + test::pol_entry(k_rpc, "A", 4, "\x01\x02"));
    REQUIRE(file.entries.size() == 1);
    CHECK(registry_pol_values(file, "MACHINE").empty());
  }
}
