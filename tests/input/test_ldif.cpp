#include "src/input/ldif.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <sstream>

using namespace kerbready;
using namespace kerbready::collect;
using namespace std::string_literals;

namespace {

expected<std::vector<Entry>>
parse(const std::string& text)
{
  std::istringstream in(text);
  LdifReader reader(in, "t.ldif");
  std::vector<Entry> entries;
  while (true) {
    auto next = reader.next();
    if (!next) {
      return unexpected(next.error());
    }
    if (!next->has_value()) {
      return entries;
    }
    entries.push_back(std::move(**next));
  }
}

std::string
error_of(const std::string& text)
{
  auto result = parse(text);
  REQUIRE_FALSE(result);
  return result.error();
}

} // namespace

TEST_CASE("LDIF: ldapsearch -LLL output", "[ldif]")
{
  const std::string text = "# comment line\n"
                           "#  folded comment\n"
                           " continued\n"
                           "version: 1\n"
                           "\n"
                           "dn: CN=svc,OU=Service Accounts,DC=corp,DC=example,DC=com\n"
                           "objectClass: top\n"
                           "objectClass: user\n"
                           "servicePrincipalName: HTTP/web01.corp.exa\n"
                           " mple.com\n"
                           "objectSid:: AQUAAAAAAAUVAAAA\n"
                           "SAMAccountName: svc\r\n"
                           "member;range=0-1: CN=a\n"
                           "member;range=2-*: CN=b\n"
                           "\n"
                           "\n"
                           "dn:: Q049w6ksREM9eA==\n"
                           "description:\n";
  auto entries = parse(text);
  REQUIRE(entries);
  REQUIRE(entries->size() == 2);
  const auto& e = (*entries)[0];
  CHECK(e.dn == "CN=svc,OU=Service Accounts,DC=corp,DC=example,DC=com");
  CHECK(e.origin == "t.ldif:6");
  REQUIRE(e.find("objectclass") != nullptr);
  CHECK(e.find("objectclass")->size() == 2);
  CHECK(*e.first("serviceprincipalname") == "HTTP/web01.corp.example.com");
  CHECK(*e.first("samaccountname") == "svc");
  CHECK(e.first("objectsid")->size() == 12);
  REQUIRE(e.find("member") != nullptr);
  CHECK(*e.find("member") == std::vector<std::string>{"CN=a", "CN=b"});
  CHECK((*entries)[1].dn == "CN=\xC3\xA9,DC=x");
  CHECK(*(*entries)[1].first("description") == "");
}

TEST_CASE("LDIF: malformed input names file and line", "[ldif]")
{
  CHECK(error_of("dn: CN=a\nobjectSid:: not*base64\n") == "t.ldif:2: invalid base64 in value of 'objectSid'");
  CHECK(error_of("dn: CN=a\nobjectSid:: QUJD=\n").find("t.ldif:2: invalid base64") == 0);
  CHECK(error_of(" leading continuation\ndn: CN=a\n").find("t.ldif:1: continuation line") == 0);
  CHECK(error_of("dn: CN=a\n\n continued after blank\n").find("t.ldif:3: continuation line") == 0);
  CHECK(error_of("cn: a\nsn: b\n").find("t.ldif:1: record does not start with 'dn:'") == 0);
  CHECK(error_of("dn: CN=a\ncn: x\0y\n"s).find("t.ldif:2: NUL byte") == 0);
  CHECK(error_of("dn: CN=a\n\x89PNG garbage\n").find("t.ldif:2:") == 0);
  CHECK(error_of("dn: CN=a\nobjectClass: user\nservicePrinc").find("t.ldif:3: file ends in the middle of a line") == 0);
  CHECK(error_of("dn: CN=a\njpegPhoto:< file:///etc/passwd\n").find("t.ldif:2: URL value") == 0);
  CHECK(error_of("dn: CN=a\nchangetype: modify\n").find("t.ldif:2: change record") == 0);
  CHECK(error_of("dn: CN=a\ncn: x\n-\n").find("t.ldif:3: change record") == 0);
  CHECK(error_of("dn: CN=a\ndn: CN=b\n").find("t.ldif:2: second 'dn:'") == 0);
  CHECK(error_of("version: 2\n\ndn: CN=a\n").find("t.ldif:1: unsupported LDIF version") == 0);
}

TEST_CASE("LDIF: a value larger than the limit is refused", "[ldif]")
{
  std::string text = "dn: CN=a\ncn: x\ndescription: ";
  text.append(k_max_ldif_line + 10, 'a');
  text += "\n";
  CHECK(error_of(text).find("t.ldif:3:") == 0);

  // The same through folding: many continuation lines.
  std::string folded = "dn: CN=a\ndescription: a\n";
  const std::string chunk(1000, 'b');
  for (std::size_t i = 0; i < k_max_ldif_line / 1000 + 2; ++i) {
    folded += " " + chunk + "\n";
  }
  CHECK(error_of(folded).find("t.ldif:2: value longer than") == 0);
}

TEST_CASE("LDIF: writer and reader round-trip every byte", "[ldif]")
{
  Entry in;
  in.dn = "CN=Smith\\, John,OU=Staff,DC=x";
  in.add_value("objectSid", std::string("\x01\x05\x00\x00\x00\x00\x00\x05\x15\x00\x00\x00", 12));
  in.add_value("servicePrincipalName", "HTTP/web01\x1b[31m");
  in.add_value("description", " leading space");
  in.add_value("description", "trailing space ");
  in.add_value("description", ":colon");
  in.add_value("description", std::string(300, 'x'));
  in.add_value("displayName", "J\xC3\xBCrgen");
  std::ostringstream out;
  REQUIRE(write_ldif_entry(out, in));
  for (const auto& line : [&] {
         std::vector<std::string> lines;
         std::istringstream s(out.str());
         std::string l;
         while (std::getline(s, l)) {
           lines.push_back(l);
         }
         return lines;
       }()) {
    CHECK(line.size() <= 76);
  }
  auto back = parse(out.str());
  REQUIRE(back);
  REQUIRE(back->size() == 1);
  CHECK((*back)[0].dn == in.dn);
  for (const auto& attribute : in.attributes) {
    REQUIRE((*back)[0].find(attribute.name) != nullptr);
    CHECK(*(*back)[0].find(attribute.name) == attribute.values);
  }
}

TEST_CASE("LDIF: hostile values and DNs round-trip exactly, never as injected records", "[ldif]")
{
  Entry in;
  in.dn = "CN=evil\ndn: CN=Administrator,CN=Users,DC=x\nchangetype: delete\n\nCN=x";
  const std::vector<std::string> values = {"\ndn: CN=injected,DC=x\nobjectClass: user",
                                           "line\r\nsAMAccountName: admin",
                                           "-",
                                           "\n-\nchangetype: delete",
                                           std::string("nul\0byte", 8),
                                           "<file:///etc/passwd",
                                           ": not base64",
                                           "# not a comment",
                                           "   ",
                                           "",
                                           "cr at end\r",
                                           "\xE2\x80\xAE"
                                           "gpj.exe",
                                           "\xFF\xFE invalid UTF-8",
                                           std::string(200, '\n')};
  for (const auto& v : values) {
    in.add_value("description", v);
  }
  in.add_value("serviceprincipalname", "HTTP/a\nHTTP/b");
  in.add_value("1.2.840.113556.1.4.656", "oid-named attribute");
  in.add_value("ms-ds-supportedencryptiontypes", "24");
  std::ostringstream out;
  REQUIRE(write_ldif_entry(out, in));
  const auto text = out.str();
  CHECK(text.rfind("dn:: ", 0) == 0); // the DN with line breaks is base64
  CHECK(text.find("\ndn:") == std::string::npos);
  CHECK(text.find("changetype") == std::string::npos);
  auto back = parse(text);
  REQUIRE(back);
  REQUIRE(back->size() == 1);
  CHECK((*back)[0].dn == in.dn);
  REQUIRE((*back)[0].attributes.size() == in.attributes.size());
  for (std::size_t i = 0; i < in.attributes.size(); ++i) {
    CHECK((*back)[0].attributes[i].name == in.attributes[i].name);
    CHECK((*back)[0].attributes[i].values == in.attributes[i].values);
  }
}

TEST_CASE("LDIF: an attribute name a rogue server could inject with is refused, naming the entry", "[ldif]")
{
  const std::vector<std::string> bad_names = {"x\ndn: CN=injected,DC=x\nobjectclass",
                                              "description: injected\ndescription",
                                              "a:b",
                                              "a b",
                                              "",
                                              "\x1b[2Jname",
                                              "na\xC3\xAFve",
                                              "-leading",
                                              "1.2.",
                                              "1..2",
                                              "1.2a",
                                              "a;",
                                              ";binary",
                                              "a;;b",
                                              "usercertificate;binary", // reads back as "usercertificate"
                                              "Description",            // reads back lowercased
                                              "dn",
                                              "changetype",
                                              "control"};
  for (const auto& name : bad_names) {
    Entry in;
    in.dn = "CN=rogue\x1b]0;t\x07,DC=x";
    in.add_value("objectclass", "user");
    Attribute attribute;
    attribute.name = name;
    attribute.values = {"value"};
    in.attributes.push_back(attribute);
    std::ostringstream out;
    const auto written = write_ldif_entry(out, in);
    INFO(name);
    REQUIRE_FALSE(written);
    CHECK(out.str().empty()); // no partial record
    CHECK(written.error().find("CN=rogue\\x1b]0;t\\x07,DC=x") != std::string::npos);
    CHECK(written.error().find('\n') == std::string::npos);
    CHECK(written.error().find('\x1b') == std::string::npos);
  }
  // An attribute with no values, or the same attribute twice, would read back as another entry.
  Entry empty;
  empty.dn = "CN=x";
  empty.attributes.push_back(Attribute{"description", {}});
  std::ostringstream out;
  CHECK_FALSE(write_ldif_entry(out, empty));
  Entry twice;
  twice.dn = "CN=x";
  twice.attributes.push_back(Attribute{"description", {"a"}});
  twice.attributes.push_back(Attribute{"cn", {"x"}});
  twice.attributes.push_back(Attribute{"description", {"b"}});
  CHECK_FALSE(write_ldif_entry(out, twice));
  CHECK(out.str().empty());
}

TEST_CASE("LDIF: records and lines that cross the reader's block boundaries", "[ldif]")
{
  // Several MiB of records of varying sizes, CRLF and LF endings and folded values, so that the
  // reader's 1 MiB blocks end inside names, values, continuations and line endings.
  std::string text = "version: 1\n\n";
  std::vector<std::string> expected_values;
  std::vector<std::size_t> expected_lines;
  std::size_t line = 3;
  for (int i = 0; text.size() < 3u * 1024u * 1024u + 12345u; ++i) {
    const std::string eol = i % 3 == 0 ? "\r\n" : "\n";
    const std::string value(static_cast<std::size_t>(i % 997), static_cast<char>('a' + i % 26));
    expected_values.push_back(value + "|" + std::to_string(i));
    expected_lines.push_back(line);
    text += "dn: CN=e" + std::to_string(i) + ",DC=x" + eol;
    // The description is folded after its first 50 bytes (or not at all when shorter).
    const auto full = expected_values.back();
    text += "description: " + full.substr(0, 50) + eol;
    line += 2;
    for (std::size_t at = 50; at < full.size(); at += 70) {
      text += " " + full.substr(at, 70) + eol;
      ++line;
    }
    text += eol;
    ++line;
  }
  auto entries = parse(text);
  REQUIRE(entries);
  REQUIRE(entries->size() == expected_values.size());
  for (std::size_t i = 0; i < entries->size(); ++i) {
    const auto& e = (*entries)[i];
    REQUIRE(e.first("description") != nullptr);
    CHECK(*e.first("description") == expected_values[i]);
    CHECK(e.origin == "t.ldif:" + std::to_string(expected_lines[i]));
  }

  // An error after the first blocks still names the right line.
  auto broken = text + "dn: CN=last,DC=x\nno colon here\n";
  CHECK(error_of(broken) == "t.ldif:" + std::to_string(line + 1) + ": expected 'attribute: value', found no colon");
}

TEST_CASE("LDIF: a record with 100,000 distinct attributes keeps every attribute and value", "[ldif][limits]")
{
  constexpr std::size_t n = 100000;
  std::string text = "dn: CN=wide,DC=x\n";
  for (std::size_t i = 0; i < n; ++i) {
    text += "X-Attr-" + std::to_string(i) + ": v" + std::to_string(i) + "\n";
  }
  // Second values of early attributes, far from their first value and spelt in another case.
  for (std::size_t i = 0; i < n; i += 1000) {
    text += "x-ATTR-" + std::to_string(i) + ";range=1-*: w" + std::to_string(i) + "\n";
  }
  text += "\n";
  auto entries = parse(text);
  REQUIRE(entries);
  REQUIRE(entries->size() == 1);
  const auto& e = entries->front();
  CHECK(e.attributes.size() == n);
  CHECK(e.value_count() == n + n / 1000);
  for (std::size_t i = 0; i < n; ++i) {
    const auto* values = e.find("x-attr-" + std::to_string(i));
    REQUIRE(values != nullptr);
    CHECK(values->front() == "v" + std::to_string(i));
    CHECK(values->size() == (i % 1000 == 0 ? 2U : 1U));
  }
  CHECK(e.find("x-attr-" + std::to_string(n)) == nullptr);
  CHECK(e.find("X-Attr-1") == nullptr); // find() takes lowercase names
  CHECK((*e.find("x-attr-5000"))[1] == "w5000");
}

TEST_CASE("Entry::add_value groups values by name on both sides of the index threshold", "[ldif][limits]")
{
  for (const std::size_t count : {3, 16, 17, 40, 5000}) {
    Entry e;
    for (std::size_t round = 0; round < 3; ++round) {
      for (std::size_t i = 0; i < count; ++i) {
        const auto name = (round == 1 ? "A" : "a") + std::to_string(i) + (round == 2 ? ";range=0-1" : "");
        e.add_value(name, std::to_string(round));
      }
    }
    REQUIRE(e.attributes.size() == count);
    for (std::size_t i = 0; i < count; ++i) {
      CHECK(e.attributes[i].name == "a" + std::to_string(i));
      CHECK(e.attributes[i].values == std::vector<std::string>{"0", "1", "2"});
      CHECK(e.find("a" + std::to_string(i)) == &e.attributes[i].values);
    }
  }
}

TEST_CASE("LDIF: a record with more values than the limit is refused at the line that passes it", "[ldif][limits]")
{
  std::string text = "version: 1\n\ndn: CN=ok,DC=x\ncn: ok\n\ndn: CN=huge,DC=x\n";
  text.reserve(text.size() + (k_max_values_per_record + 2) * 5);
  for (std::size_t i = 0; i <= k_max_values_per_record; ++i) {
    text += "m: x\n";
  }
  text += "\n";
  // Record line 6; its values are lines 7 ...; value k_max + 1 is on line 7 + k_max.
  const auto expected_line = 7 + k_max_values_per_record;
  CHECK(error_of(text) == fmt::format("t.ldif:{}: record starting at line 6 has more than {} values (the limit per "
                                      "record)",
                                      expected_line, k_max_values_per_record));
}

TEST_CASE("LDIF: a record with more distinct attributes than the limit is refused", "[ldif][limits]")
{
  std::string text = "dn: CN=wide,DC=x\n";
  for (std::size_t i = 0; i <= k_max_attributes_per_record; ++i) {
    text += "a" + std::to_string(i) + ": v\n";
  }
  text += "\n";
  CHECK(error_of(text) == fmt::format("t.ldif:{}: record starting at line 1 has more than {} distinct attributes (the "
                                      "limit per record)",
                                      k_max_attributes_per_record + 2, k_max_attributes_per_record));

  // At the limit it is read.
  std::string at_limit = "dn: CN=wide,DC=x\n";
  for (std::size_t i = 0; i < k_max_attributes_per_record; ++i) {
    at_limit += "a" + std::to_string(i) + ": v\n";
  }
  auto entries = parse(at_limit + "\n");
  REQUIRE(entries);
  CHECK(entries->front().attributes.size() == k_max_attributes_per_record);
}
