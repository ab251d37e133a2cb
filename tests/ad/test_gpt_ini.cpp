#include "src/ad/gpt_ini.hpp"
#include "tests/support/dfs_blobs.hpp"

#include <catch2/catch.hpp>

using namespace kerbready;

TEST_CASE("gpt.ini: the version, as Windows and Samba write it", "[gpo][gpt_ini]")
{
  CHECK(read_gpt_ini("[General]\r\nVersion=65537\r\ndisplayName=New Group Policy Object\r\n").version == 65537u);
  const auto samba = read_gpt_ini("[General]\r\nVersion=0"); // no final line end
  CHECK(samba.version == 0u);
  CHECK(samba.problems.empty());
  CHECK(read_gpt_ini(std::string("\xFF\xFE", 2) + test::utf16le("[General]\r\nVersion=7\r\n")).version == 7u);
  CHECK(read_gpt_ini("[general]\nversion = 3\n").version == 3u);
}

TEST_CASE("gpt.ini: damaged files are problems, never a version", "[gpo][gpt_ini]")
{
  CHECK(read_gpt_ini("").problems.size() == 1);
  CHECK_FALSE(read_gpt_ini("[General]\r\nVersion=abc\r\n").version);
  CHECK_FALSE(read_gpt_ini("[General]\r\nVersion=abc\r\n").problems.empty());
  CHECK_FALSE(read_gpt_ini("[General]\r\nVersion=-1\r\n").version);
  CHECK_FALSE(read_gpt_ini("[General]\r\nVersion=4294967296\r\n").version);
  CHECK(read_gpt_ini("[Other]\r\nVersion=1\r\n").problems == std::vector<std::string>{"no [General] section"});
  CHECK(read_gpt_ini("[General]\r\n").problems == std::vector<std::string>{"[General] has no Version line"});
  CHECK_FALSE(read_gpt_ini(std::string("[General]\r\nVersion=1\x01\r\n", 22)).problems.empty());
}
