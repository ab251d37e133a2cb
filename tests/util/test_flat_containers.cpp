// util::FlatStringMap, util::HashSet64, util::KeylessIndex, util::CompactString and the lists
// against the standard containers they replace, on enough keys to force several growths and many
// probe collisions.

#include "src/util/compact_optional.hpp"
#include "src/util/compact_string.hpp"
#include "src/util/flat_string_map.hpp"
#include "src/util/hash_set64.hpp"
#include "src/util/interned_list.hpp"
#include "src/util/keyless_index.hpp"
#include "src/util/ptr_list.hpp"
#include "src/util/string_list.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <limits>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

using namespace kerbready;

TEST_CASE("util::FlatStringMap behaves like a map", "[util]")
{
  util::FlatStringMap<int> flat;
  std::map<std::string, int> reference;
  std::vector<std::string> order; // first insertion order
  std::mt19937 random(42);
  for (int i = 0; i < 20000; ++i) {
    // Keys from a small range repeat often; some share long prefixes, some are empty.
    const auto n = random() % 6000;
    const std::string key = n == 0 ? std::string() : "host/ws" + std::to_string(n) + ".bench.example.com";
    if (reference.count(key) == 0) {
      order.push_back(key);
    }
    flat[key] += 1;
    reference[key] += 1;
  }
  REQUIRE(flat.size() == reference.size());
  for (const auto& [key, value] : reference) {
    const auto it = flat.find(key);
    REQUIRE(it != flat.end());
    CHECK(it->first == key);
    CHECK(it->second == value);
    CHECK(flat.count(key) == 1);
  }
  CHECK(flat.find("host/absent") == flat.end());
  CHECK_FALSE(flat.contains("HOST/WS1.BENCH.EXAMPLE.COM")); // keys are compared exactly
  // Iteration visits each key once, in first-insertion order.
  std::size_t i = 0;
  for (const auto& [key, value] : flat) {
    REQUIRE(i < order.size());
    CHECK(key == order[i]);
    ++i;
  }
  CHECK(i == order.size());
}

TEST_CASE("util::FlatStringMap keeps working after reserve", "[util]")
{
  util::FlatStringMap<std::string> flat;
  flat["a"] = "1";
  flat.reserve(100000); // rehashes the existing entry
  flat["b"] = "2";
  CHECK(flat.find("a")->second == "1");
  CHECK(flat.find("b")->second == "2");
  CHECK(flat.size() == 2);
  const util::FlatStringMap<int> empty;
  CHECK(empty.find("x") == empty.end());
  CHECK(empty.empty());
}

TEST_CASE("util::HashSet64 behaves like a set", "[util]")
{
  util::HashSet64 flat;
  std::set<std::uint64_t> reference;
  std::mt19937_64 random(7);
  for (int i = 0; i < 50000; ++i) {
    // Small values collide in the low bits; 0 is the empty-slot marker and must still work.
    const std::uint64_t value = i % 3 == 0 ? random() % 1000 : random();
    CHECK(flat.insert(value) == reference.insert(value).second);
  }
  CHECK(flat.insert(0) == reference.insert(0).second);
  CHECK_FALSE(flat.insert(0));
  CHECK(flat.size() == reference.size());
}

TEST_CASE("util::PtrList holds what a vector of the same pointers holds", "[util]")
{
  std::vector<int> targets(50);
  for (const std::size_t n : {0U, 1U, 2U, 3U, 50U}) {
    INFO(n);
    util::PtrList<const int> list;
    std::vector<const int*> reference;
    for (std::size_t i = 0; i < n; ++i) {
      list.push_back(&targets[i]);
      reference.push_back(&targets[i]);
    }
    CHECK(list.size() == reference.size());
    CHECK(list.empty() == reference.empty());
    CHECK(std::vector<const int*>(list.begin(), list.end()) == reference);
    if (n > 0) {
      CHECK(list.front() == reference.front());
      CHECK(list.back() == reference.back());
      CHECK(list[n / 2] == reference[n / 2]);
    }
    // Copies are deep and equal; a moved-from list is empty.
    const auto copy = list;
    CHECK(copy == list);
    if (n > 1) {
      auto changed = list;
      changed.push_back(&targets[0]);
      CHECK_FALSE(changed == list);
      CHECK(list.size() == n);
    }
    auto moved = std::move(list);
    CHECK(std::vector<const int*>(moved.begin(), moved.end()) == reference);
  }
}

TEST_CASE("util::StringList holds what a vector of the same strings holds", "[util]")
{
  std::mt19937 random(7);
  for (const std::size_t n : {0U, 1U, 2U, 17U, 3000U}) {
    INFO(n);
    std::vector<std::string> reference;
    util::StringList pushed;
    for (std::size_t i = 0; i < n; ++i) {
      // Empty values, one-byte values, DN-sized ones and an occasional long one; NUL bytes too.
      const std::size_t size = i % 7 == 0 ? 0 : i % 11 == 0 ? 5000 : random() % 90;
      std::string value(size, '\0');
      for (auto& c : value) {
        c = static_cast<char>(random() % 256);
      }
      reference.push_back(value);
      pushed.push_back(value);
    }
    const util::StringList assigned(reference);
    for (const util::StringList* list : std::array<const util::StringList*, 2>{&pushed, &assigned}) {
      CHECK(list->size() == reference.size());
      CHECK(list->empty() == reference.empty());
      CHECK(list->to_vector() == reference);
      std::size_t i = 0;
      for (const auto value : *list) {
        REQUIRE(i < reference.size());
        CHECK(value == reference[i]);
        ++i;
      }
      CHECK(i == reference.size());
      if (n > 0) {
        CHECK(list->front() == reference.front());
        CHECK(list->back() == reference.back());
        CHECK((*list)[n / 2] == reference[n / 2]);
        CHECK(std::find(list->begin(), list->end(), reference[n / 2]) != list->end());
      }
    }
    CHECK(pushed == assigned);
    auto copy = pushed;
    CHECK(copy == pushed);
    copy.push_back("CN=one more");
    CHECK_FALSE(copy == pushed);
    CHECK(copy.back() == "CN=one more");
    CHECK(pushed.size() == n);
    copy = {"CN=a", "", "CN=b"};
    CHECK(copy.to_vector() == std::vector<std::string>{"CN=a", "", "CN=b"});
    auto moved = std::move(copy);
    CHECK(moved.size() == 3);
    // Assigning a list its own values, or a part of them (ASan catches a read of a freed block).
    auto self = pushed;
    self.assign(self.begin(), self.end());
    CHECK(self == pushed);
    if (n > 1) {
      auto tail = pushed;
      auto second = tail.begin();
      ++second;
      tail.assign(second, tail.end());
      CHECK(tail.to_vector() == std::vector<std::string>(reference.begin() + 1, reference.end()));
    }
  }
}

TEST_CASE("util::HashSet64 contains and visits what was inserted", "[util]")
{
  std::mt19937_64 random(11);
  util::HashSet64 set;
  std::set<std::uint64_t> reference;
  CHECK_FALSE(set.contains(0));
  CHECK_FALSE(set.contains(42));
  for (int i = 0; i < 5000; ++i) {
    const auto value = i == 7 ? 0 : random() % 20000; // repeats, and 0 (kept apart)
    CHECK(set.insert(value) == reference.insert(value).second);
  }
  for (std::uint64_t value = 0; value < 20000; ++value) {
    CHECK(set.contains(value) == (reference.count(value) != 0));
  }
  std::set<std::uint64_t> visited;
  set.for_each([&](std::uint64_t value) { CHECK(visited.insert(value).second); });
  CHECK(visited == reference);
}

TEST_CASE("util::KeylessIndex finds the first element of each key, and only that", "[util]")
{
  // Elements with repeated keys (case differs: the key is the lower-case form), in a table the
  // caller owns, as the group graph keeps accounts by DN.
  std::vector<std::string> table;
  std::mt19937 random(7);
  for (int i = 0; i < 30000; ++i) {
    const auto n = random() % 9000;
    table.push_back((i % 3 == 0 ? "CN=User" : "cn=user") + std::to_string(n));
  }
  auto lower = [](std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text;
  };
  util::KeylessIndex index;
  index.reserve(table.size());
  std::map<std::string, std::size_t> reference; // lower-case key -> first position
  for (std::size_t i = 0; i < table.size(); ++i) {
    const auto key = lower(table[i]);
    const auto stored =
      index.insert(util::KeylessIndex::hash(key), i, [&](std::size_t j) { return lower(table[j]) == key; });
    const auto [it, inserted] = reference.emplace(key, i);
    REQUIRE(stored == it->second); // a repeat keeps the earlier position
  }
  REQUIRE(index.size() == reference.size());
  for (const auto& entry : reference) {
    const auto& key = entry.first; // not a structured binding: clang does not let a lambda capture one
    REQUIRE(index.find(util::KeylessIndex::hash(key), [&](std::size_t j) { return lower(table[j]) == key; }) ==
            entry.second);
  }
  // Absent keys, including one whose hash is forced equal to a present key's: `same` decides.
  REQUIRE(index.find(util::KeylessIndex::hash("cn=nobody"), [](std::size_t) { return true; }) ==
          util::KeylessIndex::npos);
  const auto present = reference.begin()->first;
  REQUIRE(index.find(util::KeylessIndex::hash(present), [](std::size_t) { return false; }) == util::KeylessIndex::npos);
  util::KeylessIndex empty;
  REQUIRE(empty.find(1, [](std::size_t) { return true; }) == util::KeylessIndex::npos);
  // It does not grow: one key past what was reserved is refused, not written over another.
  util::KeylessIndex small;
  small.reserve(2);
  REQUIRE(small.insert(1, 0, [](std::size_t) { return false; }) == 0);
  REQUIRE(small.insert(2, 1, [](std::size_t) { return false; }) == 1);
  REQUIRE(small.insert(1, 7, [](std::size_t) { return true; }) == 0); // an existing key is no insertion
  REQUIRE_THROWS_AS(small.insert(3, 2, [](std::size_t) { return false; }), std::length_error);
  REQUIRE_THROWS_AS(empty.insert(1, 0, [](std::size_t) { return false; }), std::length_error);
}

TEST_CASE("util::CompactString holds any value like std::string", "[util]")
{
  // Around the in-place limit (14 bytes), empty, embedded NULs and a long DN.
  const std::vector<std::string> values{"",
                                        "a",
                                        std::string(13, 'x'),
                                        std::string(14, 'y'),
                                        std::string(15, 'z'),
                                        std::string("nul\0inside", 10),
                                        std::string("long\0nul inside a heap value", 28),
                                        "CN=Some User,OU=Users,OU=Site 42,DC=child,DC=corp,DC=example"};
  for (const auto& value : values) {
    util::CompactString text(value);
    REQUIRE(text.size() == value.size());
    REQUIRE(text.empty() == value.empty());
    REQUIRE(std::string_view(text) == value);
    REQUIRE(text.str() == value);
    REQUIRE(text.c_str()[value.size()] == '\0');
    REQUIRE(fmt::format("[{}]", text) == "[" + value + "]");
    REQUIRE(std::hash<util::CompactString>{}(text) == std::hash<std::string_view>{}(value));

    auto copy = text;
    REQUIRE(copy == text);
    auto moved = std::move(copy);
    REQUIRE(moved == value);
    REQUIRE(copy.empty()); // NOLINT(bugprone-use-after-move): a moved-from value is empty, by design
    // Assigning every other value over it, then a part of itself.
    for (const auto& other : values) {
      moved = other;
      REQUIRE(moved == other);
    }
    moved = text;
    const std::size_t skip = value.empty() ? 0 : 1;
    moved = moved.substr(skip);
    REQUIRE(moved == value.substr(skip));
    moved = moved.view();
    REQUIRE(moved == value.substr(skip));
  }
  // Ordering is the bytes', as std::string's.
  std::vector<std::string> sorted(values.begin(), values.end());
  std::vector<util::CompactString> compact(values.begin(), values.end());
  std::sort(sorted.begin(), sorted.end());
  std::sort(compact.begin(), compact.end());
  REQUIRE(std::equal(sorted.begin(), sorted.end(), compact.begin(), compact.end(),
                     [](const std::string& a, const util::CompactString& b) { return b == a; }));
  // An empty view (null data) and clear(), in place and on the heap: no copy from a null pointer.
  util::CompactString cleared(std::string(40, 'h'));
  cleared = std::string_view();
  REQUIRE(cleared.empty());
  REQUIRE(*cleared.c_str() == '\0');
  cleared = "short";
  cleared.clear();
  REQUIRE(cleared.empty());
  REQUIRE(util::CompactString(std::string_view()).empty());
  REQUIRE(util::CompactString("DC=a") + ",DC=b" == "DC=a,DC=b");
  REQUIRE(util::CompactString("host/web01").find('/') == 4);
}

TEST_CASE("util::InternedList behaves like a vector of strings, sharing equal values", "[util]")
{
  std::vector<std::string> reference;
  util::InternedList list;
  REQUIRE(list.empty());
  REQUIRE(list.begin() == list.end());
  for (int i = 0; i < 1000; ++i) {
    const auto value = i % 7 == 0 ? std::string() : "CN=Group " + std::to_string(i % 13) + ",DC=corp,DC=example";
    list.push_back(value);
    reference.push_back(value);
    REQUIRE(list.size() == reference.size());
    REQUIRE(list.back() == reference.back());
  }
  REQUIRE(list.to_vector() == reference);
  REQUIRE(std::equal(list.begin(), list.end(), reference.begin(), reference.end()));
  // Equal values are one copy, wherever they come from (another list, another thread's intern()).
  util::InternedList other(reference);
  REQUIRE(other == list);
  REQUIRE(other[1].data() == list[1].data());
  REQUIRE(util::intern(std::string(reference[1])).data() == list[1].data());
  // Copies, self-assignment from its own values, and braced lists.
  auto copy = list;
  REQUIRE(copy == list);
  copy.assign(list.begin(), list.end());
  REQUIRE(copy == list);
  copy = {"a", "b"};
  REQUIRE(copy.to_vector() == std::vector<std::string>{"a", "b"});
  copy = std::vector<std::string>{};
  REQUIRE(copy.empty());
}

TEST_CASE("util::PackedOptional and util::BoxedOptional read as std::optional", "[util]")
{
  util::PackedOptional<std::int64_t> number;
  REQUIRE_FALSE(number);
  REQUIRE(number == std::nullopt);
  REQUIRE(number.value_or(5) == 5);
  number = std::numeric_limits<std::int64_t>::min(); // every value, the extremes too, is a value
  REQUIRE(number.has_value());
  REQUIRE(*number == std::numeric_limits<std::int64_t>::min());
  number = std::optional<std::int64_t>(42);
  REQUIRE(number == std::int64_t{42});
  REQUIRE(std::optional<std::int64_t>(number) == 42);
  number = std::optional<std::int64_t>();
  REQUIRE_FALSE(number.has_value());
  REQUIRE_THROWS_AS(number.value(), std::bad_optional_access);
  STATIC_REQUIRE(sizeof(util::PackedOptional<std::int64_t>) == 9);
  // Compared as std::optional is: empty equals empty, and other integer types by value.
  REQUIRE(number == std::optional<std::int64_t>());
  REQUIRE_FALSE(util::PackedOptional<std::int64_t>(1) == std::optional<std::int64_t>());
  const util::PackedOptional<std::uint32_t> flags(5U);
  REQUIRE(flags == 5);
  REQUIRE_FALSE(flags == std::int64_t{5} + (std::int64_t{1} << 32)); // not narrowed to 32 bits
  REQUIRE_FALSE(flags == -1);

  util::BoxedOptional<std::vector<std::string>> box;
  REQUIRE_FALSE(box);
  box = std::vector<std::string>{"S-1-5-21-1-2-3-1104"};
  auto copy = box;
  REQUIRE(copy == box);
  copy->push_back("S-1-1-0");
  REQUIRE(box->size() == 1); // a copy holds its own value
  REQUIRE((*copy)[1] == "S-1-1-0");
  box = std::nullopt;
  REQUIRE(box == std::nullopt);
}
