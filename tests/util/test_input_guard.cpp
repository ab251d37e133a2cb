#include "src/util/error.hpp"
#include "src/util/input_guard.hpp"
#include "src/util/secret.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

using namespace kerbready;

TEST_CASE("util::find_excess_nesting counts brackets outside strings and comments", "[util]")
{
  using util::NestingSyntax;
  CHECK_FALSE(util::find_excess_nesting("", NestingSyntax::json));
  CHECK_FALSE(util::find_excess_nesting(std::string(64, '[') + std::string(64, ']'), NestingSyntax::json));
  CHECK(util::find_excess_nesting(std::string(65, '['), NestingSyntax::json) == 1);
  CHECK(util::find_excess_nesting("{\n\"a\":\n" + std::string(70, '{'), NestingSyntax::json) == 3);
  CHECK(util::find_excess_nesting("[[[", NestingSyntax::json, 2) == 1);
  // Brackets inside strings do not count; an escaped quote does not end the string.
  CHECK_FALSE(util::find_excess_nesting("[\"[[[\\\"[[[\"]", NestingSyntax::json, 1));
  CHECK(util::find_excess_nesting("[\"\\\\\"[", NestingSyntax::json, 1) == 1);
  // TOML: literal strings, multi-line strings and comments do not count; they do in JSON.
  CHECK_FALSE(util::find_excess_nesting("a = '[[[' # [[[\nb = \"\"\"\n[[[\n\"\"\"\n", NestingSyntax::toml, 0));
  CHECK(util::find_excess_nesting("a = 1 # x\n[[b]]\n", NestingSyntax::toml, 1) == 2);
  CHECK(util::find_excess_nesting("# [[", NestingSyntax::json, 1) == 1);
  // A 100,000-deep document is refused without recursion.
  CHECK(util::find_excess_nesting(std::string(100000, '[') + std::string(100000, ']'), NestingSyntax::toml) == 1);
}

TEST_CASE("util::foreign_bom_problem names UTF-16 and UTF-32 byte-order marks", "[util]")
{
  CHECK_FALSE(util::foreign_bom_problem("[scan]"));
  CHECK_FALSE(util::foreign_bom_problem("\xEF\xBB\xBF[scan]"));
  CHECK(util::starts_with_utf8_bom("\xEF\xBB\xBF[scan]"));
  CHECK_FALSE(util::starts_with_utf8_bom("[scan]"));
  CHECK(util::foreign_bom_problem("\xFF\xFE[\0").value_or("").rfind("UTF-16 byte-order mark", 0) == 0);
  CHECK(util::foreign_bom_problem("\xFE\xFF\0[").value_or("").rfind("UTF-16 byte-order mark", 0) == 0);
  CHECK(util::foreign_bom_problem(std::string("\xFF\xFE\0\0", 4)).value_or("").rfind("UTF-32", 0) == 0);
}

TEST_CASE("util::regular_file_problem and require_output_path", "[util]")
{
  namespace fs = std::filesystem;
  const auto dir = fs::temp_directory_path() / "kerbready-test-input-guard";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const auto file = dir / "file.txt";
  std::ofstream(file) << "x";
  CHECK_FALSE(util::regular_file_problem(file));
  CHECK(util::regular_file_problem(dir) == "not a regular file (a directory)");
  CHECK(util::regular_file_problem(dir / "missing") == "no such file");
  CHECK_NOTHROW(util::require_regular_file(file, "--snapshot"));
  CHECK_NOTHROW(util::require_regular_file(dir / "missing", "--baseline")); // its reader reports it
  try {
    util::require_regular_file(dir, "--snapshot");
    FAIL("a directory was accepted");
  } catch (const Fatal& e) {
    CHECK(e.status() == ExitStatus::usage);
    CHECK_THAT(e.what(), Catch::StartsWith("--snapshot ") && Catch::EndsWith(": not a regular file (a directory)"));
  }
  CHECK_NOTHROW(util::require_output_path(file, "--json"));
  CHECK_NOTHROW(util::require_output_path(dir / "new.json", "--json"));
  CHECK_THROWS_AS(util::require_output_path(dir, "--json"), Fatal);
  fs::remove_all(dir);
}

TEST_CASE("util::secure_zero and take_environment_secret", "[util]")
{
  std::string secret = "hunter2-hunter2-hunter2-hunter2-long-enough-for-the-heap";
  const char* data = secret.data();
  const auto size = secret.size();
  util::secure_zero(secret);
  CHECK(secret.empty());
  CHECK(std::string(data, size) == std::string(size, '\0')); // same buffer: clear() keeps the capacity

  const char* name = "KERBREADY_TEST_SECRET";
#ifdef _WIN32
  REQUIRE(_putenv_s(name, "s3cret") == 0);
#else
  REQUIRE(setenv(name, "s3cret", 1) == 0);
#endif
  const char* in_environment = std::getenv(name);
  REQUIRE(in_environment != nullptr);
  const auto taken = util::take_environment_secret(name);
  CHECK(taken == std::string("s3cret"));
  const char* after = std::getenv(name);
  CHECK((after == nullptr || after[0] == '\0'));
  CHECK_FALSE(util::take_environment_secret("KERBREADY_TEST_SECRET_UNSET"));
}
