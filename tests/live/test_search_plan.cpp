// The live scan must request every attribute that entries.cpp decodes: otherwise a check would
// silently see "absent" on a live scan but not on a full LDIF export.

#include "src/live/plan/search_plan.hpp"
#include "src/util/text.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

namespace {

std::set<std::string>
requested_attributes()
{
  std::set<std::string> names;
  for (const auto& plan : kerbready::collect::k_search_plan) {
    for (auto name : kerbready::util::split(plan.attributes, ' ')) {
      if (!name.empty()) {
        names.insert(kerbready::util::to_lower(name.substr(0, name.find(';'))));
      }
    }
  }
  return names;
}

} // namespace

TEST_CASE("the search plan requests every attribute entries.cpp reads", "[collect][plan]")
{
  std::ifstream in(std::string(KR_SOURCE_DIR) + "/src/input/entries.cpp");
  REQUIRE(in);
  std::stringstream text;
  text << in.rdbuf();
  const std::string source = text.str();
  const std::regex read_call(
    R"re((?:d\.(?:text|all|integer|flags|sid|time|filetime)|entry\.(?:find|first))\("([A-Za-z0-9-]+)"\))re");
  const auto requested = requested_attributes();
  std::size_t seen = 0;
  for (std::sregex_iterator it(source.begin(), source.end(), read_call), end; it != end; ++it) {
    const auto name = (*it)[1].str();
    INFO("entries.cpp reads " << name);
    CHECK(requested.count(kerbready::util::to_lower(name)) == 1);
    ++seen;
  }
  CHECK(seen > 20); // the pattern still matches how entries.cpp reads attributes
}

TEST_CASE("the search plan reads every data set and asks for member by range", "[collect][plan]")
{
  unsigned sets = 0;
  for (const auto& plan : kerbready::collect::k_search_plan) {
    sets |= static_cast<unsigned>(plan.data_set);
    CHECK_FALSE(plan.filter.empty());
  }
  CHECK(sets == ((kerbready::DataSet::domain | kerbready::DataSet::configuration) |
                 static_cast<unsigned>(kerbready::DataSet::dns)));
  CHECK(requested_attributes().count("member") == 1);
}
