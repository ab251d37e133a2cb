#include "src/ad/forest_trust_info.hpp"
#include "tests/support/forest_trust_info.hpp"

#include <catch2/catch.hpp>

using namespace kerbready;
using namespace kerbready::test;

TEST_CASE("forest_trust_info: top-level names, exclusions and domain info decode", "[forest_trust_info]")
{
  const auto bytes = forest_trust_info({
    tln_record("partner.example"),
    tln_record("partner-apps.example", tln_flag::disabled_new),
    tln_record("legacy.partner.example", 0, forest_trust_record::top_level_name_exclusion),
    domain_info_record("partner.example", "PARTNER", binary_domain_sid(1, 2, 3), domain_info_flag::nb_disabled_admin),
    ft_record(forest_trust_record::binary_info, 0, le32(3) + "abc"),
  });
  const auto records = parse_forest_trust_info(bytes);
  REQUIRE(records);
  REQUIRE(records->size() == 5);
  CHECK((*records)[0].type == forest_trust_record::top_level_name);
  CHECK((*records)[0].name == "partner.example");
  CHECK((*records)[0].flags == 0);
  REQUIRE((*records)[0].timestamp);
  CHECK(*(*records)[0].timestamp == 1609459200); // 2021-01-01T00:00:00Z
  CHECK((*records)[1].flags == tln_flag::disabled_new);
  CHECK((*records)[2].type == forest_trust_record::top_level_name_exclusion);
  CHECK((*records)[2].name == "legacy.partner.example");
  CHECK((*records)[3].type == forest_trust_record::domain_info);
  CHECK((*records)[3].name == "partner.example");
  CHECK((*records)[3].netbios_name == "PARTNER");
  CHECK((*records)[3].sid == "S-1-5-21-1-2-3");
  CHECK((*records)[3].flags == domain_info_flag::nb_disabled_admin);
  CHECK((*records)[4].type == forest_trust_record::binary_info);
  CHECK((*records)[4].name.empty());

  const auto empty = parse_forest_trust_info(forest_trust_info({}));
  REQUIRE(empty);
  CHECK(empty->empty());

  // A zero timestamp is "none", not 1601.
  const auto untimed = parse_forest_trust_info(
    forest_trust_info({ft_record(forest_trust_record::top_level_name, 0, counted_utf8("x.example"), 0)}));
  REQUIRE(untimed);
  CHECK_FALSE((*untimed)[0].timestamp);
}

TEST_CASE("forest_trust_info: hostile values are errors, never reads past the end", "[forest_trust_info]")
{
  const auto good = forest_trust_info({tln_record("partner.example"), tln_record("other.example")});
  REQUIRE(parse_forest_trust_info(good));

  SECTION("every truncation of a well-formed value is an error")
  {
    for (std::size_t n = 0; n < good.size(); ++n) {
      INFO("cut to " << n << " bytes");
      CHECK_FALSE(parse_forest_trust_info(good.substr(0, n)));
    }
  }
  SECTION("a record count of 2^32-1 is refused before any allocation")
  {
    const auto v = le32(1) + le32(0xffffffffu) + tln_record("partner.example");
    const auto r = parse_forest_trust_info(v);
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error(), Catch::Contains("record count 4294967295"));
  }
  SECTION("a record length past the end")
  {
    auto v = good;
    v[8] = '\xff';
    v[9] = '\xff';
    v[10] = '\xff';
    v[11] = '\x7f';
    const auto r = parse_forest_trust_info(v);
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error(), Catch::Contains("runs past the end"));
  }
  SECTION("a name length past its record")
  {
    const auto body = le32(0) + le64(k_ft_2021) + std::string(1, '\0') + le32(0xfffffff0u) + "partner.example";
    const auto r = parse_forest_trust_info(le32(1) + le32(1) + le32(static_cast<std::uint32_t>(body.size())) + body);
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error(), Catch::Contains("runs past the record"));
  }
  SECTION("a SID length past its record, and a SID that is no SID")
  {
    CHECK_FALSE(parse_forest_trust_info(
      forest_trust_info({ft_record(forest_trust_record::domain_info, 0,
                                   le32(200) + binary_domain_sid(1, 2, 3) + counted_utf8("a") + counted_utf8("A"))})));
    CHECK_FALSE(parse_forest_trust_info(
      forest_trust_info({domain_info_record("partner.example", "PARTNER", std::string("\x01\x09junk", 6))})));
  }
  SECTION("a record shorter than its fixed fields, bytes left inside a record or after the last")
  {
    CHECK_FALSE(parse_forest_trust_info(le32(1) + le32(1) + le32(4) + le32(0)));
    CHECK_FALSE(parse_forest_trust_info(
      forest_trust_info({ft_record(forest_trust_record::top_level_name, 0, counted_utf8("a") + "zz")})));
    CHECK_FALSE(parse_forest_trust_info(good + "x"));
  }
  SECTION("versions other than 1")
  {
    CHECK_FALSE(parse_forest_trust_info(forest_trust_info({tln_record("partner.example")}, 2)));
    CHECK_FALSE(parse_forest_trust_info(forest_trust_info({tln_record("partner.example")}, 0)));
  }
  SECTION("a name that is not UTF-8; control characters and escapes are kept for the reporters to escape")
  {
    CHECK_FALSE(parse_forest_trust_info(forest_trust_info({tln_record(std::string("bad\xff\xfe.example"))})));
    const auto escaped = parse_forest_trust_info(forest_trust_info({tln_record("evil\x1b[31m\n.example")}));
    REQUIRE(escaped);
    CHECK((*escaped)[0].name == "evil\x1b[31m\n.example");
  }
  SECTION("an overlong name within bounds decodes")
  {
    const std::string long_name(70000, 'a');
    const auto r = parse_forest_trust_info(forest_trust_info({tln_record(long_name)}));
    REQUIRE(r);
    CHECK((*r)[0].name.size() == 70000);
  }
  SECTION("binary junk")
  {
    std::string junk;
    for (int i = 0; i < 512; ++i) {
      junk.push_back(static_cast<char>((i * 73 + 11) & 0xff));
    }
    CHECK_FALSE(parse_forest_trust_info(junk));
    CHECK_FALSE(parse_forest_trust_info(le32(1) + le32(3) + junk));
  }
}

TEST_CASE("forest_trust_info: names route through enabled top-level names unless excluded", "[forest_trust_info]")
{
  std::vector<ForestTrustRecord> info(4);
  info[0].type = forest_trust_record::top_level_name;
  info[0].name = "partner.example";
  info[1].type = forest_trust_record::top_level_name;
  info[1].name = "apps.example";
  info[1].flags = tln_flag::disabled_new;
  info[2].type = forest_trust_record::top_level_name_exclusion;
  info[2].name = "legacy.partner.example";
  info[3].type = forest_trust_record::top_level_name_exclusion;
  info[3].name = "old.partner.example";
  info[3].flags = tln_flag::disabled_admin; // a disabled exclusion excludes nothing

  CHECK(route_name(info, "partner.example").routing == NameRouting::routed);
  CHECK(route_name(info, "Sub.Partner.Example.").routing == NameRouting::routed);
  CHECK(route_name(info, "old.partner.example").routing == NameRouting::routed);
  const auto excluded = route_name(info, "x.legacy.partner.example");
  CHECK(excluded.routing == NameRouting::excluded);
  CHECK(excluded.record == &info[2]);
  const auto disabled = route_name(info, "apps.example");
  CHECK(disabled.routing == NameRouting::disabled);
  CHECK(disabled.record == &info[1]);
  CHECK(route_name(info, "notpartner.example").routing == NameRouting::missing);
  CHECK(route_name(info, "example").routing == NameRouting::missing);
  CHECK(route_name({}, "partner.example").routing == NameRouting::missing);

  CHECK(dns_name_is_under("a.b.c", "b.c"));
  CHECK_FALSE(dns_name_is_under("ab.c", "b.c"));
  CHECK_FALSE(dns_name_is_under("b.c", ""));
  CHECK(describe_tln_flags(0) == "enabled");
  CHECK(describe_tln_flags(tln_flag::disabled_new | tln_flag::disabled_conflict) ==
        "LSA_TLN_DISABLED_NEW, LSA_TLN_DISABLED_CONFLICT");
  CHECK(describe_tln_flags(0x100) == "unknown 0x100");
  CHECK(describe_domain_info_flags(domain_info_flag::sid_disabled_admin | domain_info_flag::nb_disabled_conflict) ==
        "LSA_SID_DISABLED_ADMIN, LSA_NB_DISABLED_CONFLICT");
}
