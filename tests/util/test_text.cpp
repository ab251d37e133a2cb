#include "src/util/ad.hpp"
#include "src/util/text.hpp"

#include <catch2/catch.hpp>

using namespace kerbready;

TEST_CASE("util::sanitize keeps terminals safe", "[util]")
{
  CHECK(util::sanitize("plain text") == "plain text");
  CHECK(util::sanitize("a\x1b[31mred") == "a\\x1b[31mred");
  CHECK(util::sanitize("bell\x07 nl\n del\x7f") == "bell\\x07 nl\\x0a del\\x7f");
  CHECK(util::sanitize("csi\xC2\x9B"
                       "2J") == "csi\\u009b2J");           // C1 CSI
  CHECK(util::sanitize("bad\xFF\xC3") == "bad\\xff\\xc3"); // invalid UTF-8
  CHECK(util::sanitize("J\xC3\xBCrgen \xE2\x82\xAC") == "J\xC3\xBCrgen \xE2\x82\xAC");
  CHECK(util::sanitize("C:\\path") == "C:\\path");
  const auto cut = util::sanitize(std::string(5000, 'a'), 100);
  CHECK(cut.size() < 130);
  CHECK(cut.find("(5000 bytes)") != std::string::npos);
}

TEST_CASE("util::sanitize neutralises bidirectional controls", "[util]")
{
  // RLO (U+202E) would show "exe.txt" as "txt.exe"; each control is escaped, its neighbours kept.
  CHECK(util::sanitize("a\xE2\x80\xAE"
                       "b") == "a\\u202eb");
  CHECK(util::sanitize("\xE2\x80\xAA\xE2\x80\xAB\xE2\x80\xAC\xE2\x80\xAD") == "\\u202a\\u202b\\u202c\\u202d");
  CHECK(util::sanitize("\xE2\x81\xA6\xE2\x81\xA7\xE2\x81\xA8\xE2\x81\xA9") == "\\u2066\\u2067\\u2068\\u2069");
  CHECK(util::sanitize("\xE2\x80\x8E\xE2\x80\x8F\xD8\x9C") == "\\u200e\\u200f\\u061c");
  CHECK(util::sanitize("line\xE2\x80\xA8para\xE2\x80\xA9") == "line\\u2028para\\u2029");
  // Neighbouring code points are ordinary text: ZWJ U+200D, en dash U+2013, U+2065, U+206A, Arabic U+061B.
  for (const std::string kept : {"\xE2\x80\x8D", "\xE2\x80\x93", "\xE2\x81\xA5", "\xE2\x81\xAA", "\xD8\x9B"}) {
    CHECK(util::sanitize(kept) == kept);
  }
}

TEST_CASE("util::to_valid_utf8 and is_valid_utf8", "[util]")
{
  CHECK(util::is_valid_utf8("ok \xC3\xA9"));
  CHECK_FALSE(util::is_valid_utf8("\xC0\xAF"));     // overlong '/'
  CHECK_FALSE(util::is_valid_utf8("\xED\xA0\x80")); // surrogate
  CHECK(util::to_valid_utf8("a\xFF"
                            "b") == "a\xEF\xBF\xBD"
                                    "b");
}

TEST_CASE("util::base64", "[util]")
{
  CHECK(util::base64_decode("") == std::string());
  CHECK(util::base64_decode("TWFu") == std::string("Man"));
  CHECK(util::base64_decode("TWE=") == std::string("Ma"));
  CHECK(util::base64_decode("TQ==") == std::string("M"));
  CHECK_FALSE(util::base64_decode("TQ="));
  CHECK_FALSE(util::base64_decode("T==="));
  CHECK_FALSE(util::base64_decode("TQ==TWFu"));
  CHECK_FALSE(util::base64_decode("TW u"));
  const std::string bytes("\x00\xff\x10 binary", 9);
  CHECK(util::base64_decode(util::base64_encode(bytes)) == bytes);
}

TEST_CASE("util::fnv1a64 is the published FNV-1a", "[util]")
{
  CHECK(util::fnv1a64("") == 0xcbf29ce484222325ULL);
  CHECK(util::fnv1a64("a") == 0xaf63dc4c8601ec8cULL);
  CHECK(util::fnv1a64("foobar") == 0x85944171f73967e8ULL);
}

TEST_CASE("util: DNs", "[util]")
{
  auto rdns = util::parse_dn("CN=Smith\\, John,OU=A\\2CB,DC=corp,DC=example");
  REQUIRE(rdns);
  REQUIRE(rdns->size() == 4);
  CHECK((*rdns)[0].value == "Smith, John");
  CHECK((*rdns)[1].value == "A,B");
  CHECK_FALSE(util::parse_dn("CN=a\\"));
  CHECK_FALSE(util::parse_dn("CN=a,garbage"));
  CHECK(util::normalize_dn("CN=A, dc=X") == "cn=a,dc=x");
  CHECK(util::domain_of_dn("CN=x,OU=y,DC=Corp,DC=Example,DC=com") == "corp.example.com");
  CHECK(util::domain_of_dn("DC=web,DC=corp.example.com,CN=MicrosoftDNS,DC=DomainDnsZones,DC=corp,DC=example,DC=com") ==
        "corp.example.com");
  CHECK(util::domain_of_dn("CN=Schema,CN=Configuration") == "");
}

TEST_CASE("util: normalize_dn's fast path agrees with parsing the DN", "[util]")
{
  // The definition: the RDNs of parse_dn joined lowercase, or the DN lowercased when it does not
  // parse. normalize_dn skips parsing for DNs that need no unescaping or trimming; every DN built
  // here from a small alphabet full of separators, spaces, escapes and quotes must agree.
  const auto by_parsing = [](std::string_view dn) {
    auto rdns = util::parse_dn(dn);
    return rdns ? util::normalize_dn(*rdns) : util::to_lower(dn);
  };
  const std::string_view alphabet = "aB= ,;\\\"\t+x2C";
  std::uint32_t state = 12345;
  std::string buffer;
  for (int n = 0; n < 20000; ++n) {
    std::string dn;
    state = state * 1103515245u + 12345u;
    const auto length = (state >> 16) % 12;
    for (std::uint32_t i = 0; i < length; ++i) {
      state = state * 1103515245u + 12345u;
      dn += alphabet[(state >> 16) % alphabet.size()];
    }
    INFO(dn);
    REQUIRE(util::normalize_dn(dn) == by_parsing(dn));
    util::normalize_dn_into(buffer, dn);
    REQUIRE(buffer == by_parsing(dn));
  }
  for (const std::string_view dn : {"CN=Domain Admins,CN=Users,DC=Corp,DC=Example", "CN=A ,DC=x", "CN= A,DC=x", " CN=A",
                                    "CN=A,DC=x ", "CN=A\\2C B,DC=x", "cn=\"a,b\",dc=x", "", "   "}) {
    CHECK(util::normalize_dn(dn) == by_parsing(dn));
  }
  CHECK(util::normalize_dn("CN=Domain Admins,CN=Users,DC=Corp") == "cn=domain admins,cn=users,dc=corp");
}

TEST_CASE("util: SIDs", "[util]")
{
  const std::string sid("\x01\x02\x00\x00\x00\x00\x00\x05\x20\x00\x00\x00\x20\x02\x00\x00", 16);
  CHECK(util::decode_sid(sid) == std::string("S-1-5-32-544"));
  CHECK(util::decode_sid("S-1-5-21-1-2-3-500") == std::string("S-1-5-21-1-2-3-500"));
  CHECK_FALSE(util::decode_sid(sid.substr(0, 15)));
  CHECK_FALSE(util::decode_sid(sid.substr(0, 4)));
  CHECK_FALSE(util::decode_sid(std::string("\x02\x02\x00\x00\x00\x00\x00\x05\x20\x00\x00\x00\x20\x02\x00\x00", 16)));
  CHECK(util::sid_rid("S-1-5-21-1-2-3-512") == 512U);
  CHECK(util::sid_domain_part("S-1-5-21-1-2-3-512") == "S-1-5-21-1-2-3");
}

TEST_CASE("util: times", "[util]")
{
  CHECK(util::parse_generalized_time("19700101000000.0Z") == 0);
  CHECK(util::parse_generalized_time("20240229123456.0Z") == 1709210096);
  CHECK_FALSE(util::parse_generalized_time("2024-02-29"));
  CHECK_FALSE(util::parse_generalized_time("20241399000000.0Z"));
  CHECK(util::filetime_to_unix(116444736000000000LL) == 0);
  CHECK_FALSE(util::filetime_to_unix(0));
  CHECK_FALSE(util::filetime_to_unix(0x7FFFFFFFFFFFFFFFLL));
  CHECK(util::format_iso8601(1709210096) == "2024-02-29T12:34:56Z");
}
