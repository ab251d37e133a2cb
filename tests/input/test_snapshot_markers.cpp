// A snapshot proves it is whole: kerbready's header announces an end marker that counts the
// records (docs/snapshot-format.md). These tests cut, join and hand-edit snapshot files.
#include "src/input/entries.hpp"
#include "src/input/ldif.hpp"
#include "src/input/load.hpp"
#include "src/util/ad.hpp"
#include "tests/support/temp_file.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

using namespace kerbready;
using namespace kerbready::collect;
using test::TempFile;

namespace {

const std::string k_record_a = "dn: CN=a,CN=Users,DC=corp,DC=example,DC=com\nobjectClass: user\nsAMAccountName: a\n\n";
const std::string k_record_b = "dn: CN=b,CN=Users,DC=corp,DC=example,DC=com\nobjectClass: user\nsAMAccountName: b\n\n";

std::string
header(std::string_view collected = "2026-11-01T00:00:00Z")
{
  return "# kerbready-snapshot: 1 collected=" + std::string(collected) + "\nversion: 1\n\n";
}

expected<LdifFileInfo>
read(const std::string& content)
{
  const TempFile file(content);
  return read_ldif_file(file.path(), [](Entry&&) {});
}

} // namespace

TEST_CASE("snapshot markers: a whole snapshot reads with its collection time", "[ldif][markers]")
{
  const auto info = read(header() + k_record_a + k_record_b + "# kerbready-end: 2 objects\n");
  REQUIRE(info);
  CHECK(info->records == 2);
  CHECK(info->markers.header_line == 1);
  REQUIRE(info->markers.collected_at);
  CHECK(*info->markers.collected_at == *util::parse_iso8601("2026-11-01T00:00:00Z"));
  CHECK(info->markers.end_count == 2U);
}

TEST_CASE("snapshot markers: the writer's header and end marker read back", "[ldif][markers]")
{
  const auto collected = *util::parse_iso8601("2031-01-01T12:30:00Z");
  const auto info = read(snapshot_header(collected) + "version: 1\n\n" + k_record_a + snapshot_end(1));
  REQUIRE(info);
  CHECK(info->markers.collected_at == collected);
}

TEST_CASE("snapshot markers: a file cut at a record boundary is refused", "[ldif][markers]")
{
  const auto cut = read(header() + k_record_a);
  REQUIRE_FALSE(cut);
  CHECK(cut.error().find(".ldif: no end marker after the last of 1 records: the file was cut short") !=
        std::string::npos);
  CHECK(cut.error().find('\n') == std::string::npos);
}

TEST_CASE("snapshot markers: a count that disagrees names the end marker's line", "[ldif][markers]")
{
  const auto missing = read(header() + k_record_a + "# kerbready-end: 2 objects\n");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().find(".ldif:8: the end marker counts 2 objects but the file holds 1") != std::string::npos);
}

TEST_CASE("snapshot markers: records after the end marker, or a second header, are refused", "[ldif][markers]")
{
  const auto joined = read(header() + k_record_a + "# kerbready-end: 1 objects\n" + k_record_b);
  REQUIRE_FALSE(joined);
  CHECK(joined.error().find("record after the end marker of line 8") != std::string::npos);

  const auto second_header = read(header() + k_record_a + header() + k_record_b + "# kerbready-end: 2 objects\n");
  REQUIRE_FALSE(second_header);
  CHECK(second_header.error().find("snapshot header after the first record") != std::string::npos);
}

TEST_CASE("snapshot markers: a bad header or end marker is an error, not ignored", "[ldif][markers]")
{
  CHECK_FALSE(read("# kerbready-snapshot: 2 collected=2026-11-01T00:00:00Z\n" + k_record_a));
  CHECK_FALSE(read(header("2026-13-01T00:00:00Z") + k_record_a + "# kerbready-end: 1 objects\n"));
  CHECK_FALSE(read(header("yesterday") + k_record_a + "# kerbready-end: 1 objects\n"));
  CHECK_FALSE(read(header() + k_record_a + "# kerbready-end: many objects\n"));
}

TEST_CASE("snapshot markers: a plain LDIF is read but not verifiable", "[ldif][markers]")
{
  const TempFile plain(k_record_a + k_record_b);
  const TempFile whole(header() + k_record_b + "# kerbready-end: 1 objects\n");
  const auto only_plain = load_snapshot_files({plain.path()});
  REQUIRE(only_plain);
  CHECK(only_plain->unverifiable_inputs == std::vector<std::string>{plain.path()});
  CHECK_FALSE(only_plain->collected_at);

  const TempFile a(header("2026-10-01T00:00:00Z") + k_record_a + "# kerbready-end: 1 objects\n");
  const auto both = load_snapshot_files({a.path(), whole.path()});
  REQUIRE(both);
  CHECK(both->unverifiable_inputs.empty());
  CHECK(both->collected_at == util::parse_iso8601("2026-11-01T00:00:00Z")); // the latest
}

TEST_CASE("snapshot records that hold only a DN, an empty DN or a DN that is not UTF-8 make it partial",
          "[entries][markers]")
{
  SnapshotBuilder b;
  Entry dn_only;
  dn_only.dn = "CN=x,CN=Users,DC=corp,DC=example,DC=com";
  dn_only.origin = "t.ldif:3";
  b.add(dn_only);
  Entry empty;
  empty.origin = "t.ldif:7";
  empty.add_value("objectClass", "top");
  b.add(empty);
  Entry bad_utf8;
  bad_utf8.dn = "CN=\xff\xfe,CN=Users,DC=corp,DC=example,DC=com";
  bad_utf8.origin = "t.ldif:11";
  bad_utf8.add_value("objectClass", "user");
  b.add(bad_utf8);
  const auto s = std::move(b).finish();
  CHECK(s.accounts.empty());
  CHECK(s.objects_read == 0);
  REQUIRE(s.diagnostics.size() == 3);
  CHECK(s.diagnostics[0].where == "t.ldif:3");
  CHECK(s.diagnostics[0].message.find("holds only its DN") != std::string::npos);
  CHECK(s.diagnostics[1].message.find("empty DN") != std::string::npos);
  CHECK(s.diagnostics[2].message.find("not valid UTF-8") != std::string::npos);
}

TEST_CASE("parse_iso8601 reads what format_iso8601 writes and nothing else", "[util]")
{
  for (const std::int64_t t : {0LL, 1767225600LL, 1924992000LL, 4102444799LL}) {
    CHECK(util::parse_iso8601(util::format_iso8601(t)) == t);
  }
  CHECK_FALSE(util::parse_iso8601("2026-11-01T00:00:00+01:00"));
  CHECK_FALSE(util::parse_iso8601("2026-11-01 00:00:00Z"));
  CHECK_FALSE(util::parse_iso8601("2026-11-01T00:00:00.5Z"));
  CHECK_FALSE(util::parse_iso8601("2026-02-3xT00:00:00Z"));
}
