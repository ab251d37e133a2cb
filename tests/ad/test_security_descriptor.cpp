#include "src/ad/security_descriptor.hpp"
#include "tests/support/security_descriptors.hpp"

#include <catch2/catch.hpp>

using namespace kerbready;

namespace {

// Overwrite the little-endian 16-bit value at `at`.
void
set16(std::string& bytes, std::size_t at, std::uint16_t v)
{
  bytes[at] = static_cast<char>(v & 0xFF);
  bytes[at + 1] = static_cast<char>(v >> 8);
}

constexpr std::size_t k_dacl_at = 20 + 16; // header, then the 16-byte owner SID S-1-5-32-544

} // namespace

TEST_CASE("security descriptor: the SIDs a DACL allows and denies, in order", "[ad][security_descriptor]")
{
  const auto sd = test::security_descriptor({
    {0x00, "S-1-5-21-1000-2000-3000-1104", 0},
    {0x01, "S-1-5-21-1000-2000-3000-1105", 0},
    {0x05, "S-1-5-21-1000-2000-3000-1106", 3}, // object ACE with both GUIDs
    {0x05, "S-1-5-21-1000-2000-3000-1107", 0}, // object ACE without GUIDs
    {0x00, "S-1-5-21-1000-2000-3000-1104", 0}, // repeated: listed once
    {0x02, "S-1-1-0", 0},                      // system audit: neither
  });
  const auto grants = parse_dacl_grants(sd);
  REQUIRE(grants);
  CHECK(grants->dacl_present);
  CHECK(grants->allowed == std::vector<std::string>{"S-1-5-21-1000-2000-3000-1104", "S-1-5-21-1000-2000-3000-1106",
                                                    "S-1-5-21-1000-2000-3000-1107"});
  CHECK(grants->denied == std::vector<std::string>{"S-1-5-21-1000-2000-3000-1105"});
}

TEST_CASE("security descriptor: no DACL and an empty DACL grant nothing", "[ad][security_descriptor]")
{
  auto sd = test::allowing({});
  auto grants = parse_dacl_grants(sd);
  REQUIRE(grants);
  CHECK(grants->dacl_present);
  CHECK(grants->allowed.empty());
  set16(sd, 2, 0x8000); // SE_DACL_PRESENT cleared
  grants = parse_dacl_grants(sd);
  REQUIRE(grants);
  CHECK_FALSE(grants->dacl_present);
  CHECK(grants->allowed.empty());
}

TEST_CASE("security descriptor: hostile values are refused with the reason, never read past the end",
          "[ad][security_descriptor][hostile]")
{
  const auto good = test::allowing({"S-1-5-21-1000-2000-3000-1104", "S-1-5-21-1000-2000-3000-1105"});
  REQUIRE(parse_dacl_grants(good));

  SECTION("every truncation")
  {
    for (std::size_t n = 0; n < good.size(); ++n) {
      CAPTURE(n);
      CHECK_FALSE(parse_dacl_grants(std::string_view(good).substr(0, n)));
    }
  }
  SECTION("DACL offset past the end")
  {
    auto bad = good;
    bad[16] = static_cast<char>(0xF0);
    bad[17] = static_cast<char>(0xFF);
    const auto r = parse_dacl_grants(bad);
    REQUIRE_FALSE(r);
    CHECK(r.error().find("outside") != std::string::npos);
  }
  SECTION("DACL offset inside the header")
  {
    auto bad = good;
    bad[16] = 4;
    CHECK_FALSE(parse_dacl_grants(bad));
  }
  SECTION("ACE count larger than the ACL holds")
  {
    auto bad = good;
    set16(bad, k_dacl_at + 4, 0xFFFF);
    const auto r = parse_dacl_grants(bad);
    REQUIRE_FALSE(r);
    CHECK(r.error().find("ACEs") != std::string::npos);
    set16(bad, k_dacl_at + 4, 3); // one more than present
    CHECK_FALSE(parse_dacl_grants(bad));
  }
  SECTION("ACL size past the end")
  {
    auto bad = good;
    set16(bad, k_dacl_at + 2, 0x7FFF);
    CHECK_FALSE(parse_dacl_grants(bad));
  }
  SECTION("ACE size zero, or past the ACL")
  {
    auto bad = good;
    set16(bad, k_dacl_at + 8 + 2, 0);
    CHECK_FALSE(parse_dacl_grants(bad));
    set16(bad, k_dacl_at + 8 + 2, 0x4000);
    CHECK_FALSE(parse_dacl_grants(bad));
  }
  SECTION("a SID claiming more sub-authorities than its ACE holds")
  {
    auto bad = good;
    bad[k_dacl_at + 8 + 8 + 1] = 15;
    CHECK_FALSE(parse_dacl_grants(bad));
  }
  SECTION("object ACE whose GUID flags push the SID past its end")
  {
    auto bad = test::security_descriptor({{0x05, "S-1-5-21-1-2-3-4", 0}});
    bad[k_dacl_at + 8 + 8] = 3; // both GUIDs claimed, none present
    CHECK_FALSE(parse_dacl_grants(bad));
  }
  SECTION("not self-relative, wrong revisions")
  {
    auto bad = good;
    set16(bad, 2, 0x0004);
    CHECK_FALSE(parse_dacl_grants(bad));
    bad = good;
    bad[0] = 2;
    CHECK_FALSE(parse_dacl_grants(bad));
    bad = good;
    bad[k_dacl_at] = 9;
    CHECK_FALSE(parse_dacl_grants(bad));
  }
  SECTION("binary junk and text")
  {
    CHECK_FALSE(parse_dacl_grants(std::string(64, '\xff')));
    CHECK_FALSE(parse_dacl_grants("O:BAD:(A;;GA;;;S-1-5-21-1-2-3-4)"));
    CHECK_FALSE(parse_dacl_grants(std::string(20, '\0')));
  }
  SECTION("overlong: trailing bytes after the DACL are ignored, many ACEs are read")
  {
    CHECK(parse_dacl_grants(good + std::string(1000, '\x41')));
    std::vector<std::string> sids;
    for (int i = 0; i < 1000; ++i) {
      sids.push_back("S-1-5-21-1-2-3-" + std::to_string(1000 + i));
    }
    const auto many = parse_dacl_grants(test::allowing(sids));
    REQUIRE(many);
    CHECK(many->allowed.size() == 1000);
  }
}
