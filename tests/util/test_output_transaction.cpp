#include "src/util/atomic_file.hpp"
#include "src/util/error.hpp"
#include "src/util/output_transaction.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

using namespace kerbready;
namespace fs = std::filesystem;

namespace {

// A fresh directory under the system's temporary directory, removed at the end of the test.
class ScratchDir
{
public:
  ScratchDir()
  {
    std::random_device random;
    m_path = fs::temp_directory_path() / ("kr-output-transaction-" + std::to_string(random()));
    fs::create_directories(m_path);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  ~ScratchDir()
  {
    std::error_code ignored;
    fs::remove_all(m_path, ignored);
  }
  [[nodiscard]] const fs::path& path() const { return m_path; }

private:
  fs::path m_path;
};

std::string
read(const fs::path& path)
{
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void
write(const fs::path& path, const std::string& text)
{
  std::ofstream(path, std::ios::binary) << text;
}

// The names in `dir`, sorted.
std::vector<std::string>
listing(const fs::path& dir)
{
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

} // namespace

TEST_CASE("util::OutputTransaction: all files appear together on commit", "[util][outputs]")
{
  ScratchDir dir;
  write(dir.path() / "a.json", "old a");
  {
    util::OutputTransaction transaction;
    transaction.stage(dir.path() / "a.json") << "new a";
    transaction.stage(dir.path() / "b.html") << std::string(200000, 'b'); // more than one buffer
    // Nothing is visible before the commit.
    CHECK(read(dir.path() / "a.json") == "old a");
    CHECK_FALSE(fs::exists(dir.path() / "b.html"));
    transaction.commit_all();
  }
  CHECK(read(dir.path() / "a.json") == "new a");
  CHECK(read(dir.path() / "b.html") == std::string(200000, 'b'));
  CHECK(listing(dir.path()) == std::vector<std::string>{"a.json", "b.html"});
}

TEST_CASE("util::OutputTransaction: without commit, or when one write failed, nothing changes", "[util][outputs]")
{
  ScratchDir dir;
  write(dir.path() / "a.json", "old a");
  write(dir.path() / "b.md", "old b");
  SECTION("destroyed without commit")
  {
    util::OutputTransaction transaction;
    transaction.stage(dir.path() / "a.json") << "new a";
    transaction.stage(dir.path() / "b.md") << "new b";
  }
  SECTION("a write error on the second file")
  {
    util::OutputTransaction transaction;
    transaction.stage(dir.path() / "a.json") << "new a";
    auto& second = transaction.stage(dir.path() / "b.md");
    second << "new b";
    second.setstate(std::ios::badbit); // what a full disk does to the stream
    CHECK_THROWS_AS(transaction.commit_all(), Fatal);
  }
  SECTION("the first rename fails")
  {
    fs::create_directories(dir.path() / "sub");
    {
      util::OutputTransaction transaction;
      transaction.stage(dir.path() / "sub" / "c.csv") << "new c";
      transaction.stage(dir.path() / "a.json") << "new a";
      // A directory where the report should go: rename cannot replace it.
      fs::create_directories(dir.path() / "sub" / "c.csv" / "x");
      CHECK_THROWS_AS(transaction.commit_all(), Fatal);
    }
    CHECK(listing(dir.path() / "sub") == std::vector<std::string>{"c.csv"});
    fs::remove_all(dir.path() / "sub");
  }
  CHECK(read(dir.path() / "a.json") == "old a");
  CHECK(read(dir.path() / "b.md") == "old b");
  CHECK(listing(dir.path()) == std::vector<std::string>{"a.json", "b.md"});
}

TEST_CASE("util::OutputTransaction: a destination that cannot be created fails at stage()", "[util][outputs]")
{
  ScratchDir dir;
  write(dir.path() / "file", "x");
  util::OutputTransaction transaction;
  transaction.stage(dir.path() / "ok.json") << "fine";
  try {
    (void)transaction.stage(dir.path() / "file" / "r.html");
    FAIL("stage() under a regular file succeeded");
  } catch (const Fatal& e) {
    CHECK(std::string(e.what()).find("r.html") != std::string::npos);
  }
}

TEST_CASE("util::AtomicFile is a transaction of one file", "[util][outputs]")
{
  ScratchDir dir;
  write(dir.path() / "snap.ldif", "old");
  {
    util::AtomicFile file(dir.path() / "snap.ldif");
    file.stream() << "half";
  }
  CHECK(read(dir.path() / "snap.ldif") == "old");
  {
    util::AtomicFile file(dir.path() / "snap.ldif");
    file.stream() << "new";
    file.commit();
  }
  CHECK(read(dir.path() / "snap.ldif") == "new");
  CHECK(listing(dir.path()) == std::vector<std::string>{"snap.ldif"});
}
