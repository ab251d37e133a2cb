#include "src/util/interned_list.hpp"

#include "src/util/flat_string_map.hpp"

#include <array>
#include <cstdint>
#include <functional>
#include <mutex>

namespace kerbready::util {

namespace {

// Shards, each with its own lock, so that threads reading parts of one file side by side seldom wait.
struct Pool
{
  struct Shard
  {
    std::mutex mutex;
    FlatStringMap<char> values; // the keys are the interned bytes (their views never move)
  };
  std::array<Shard, 16> shards;
};

} // namespace

std::string_view
intern(std::string_view value)
{
  if (value.empty()) {
    return {};
  }
  // Never destroyed: views of it may be read until the very end (a snapshot kept until exit).
  static auto* const pool = new Pool; // NOLINT(cppcoreguidelines-owning-memory)
  // The shard from the hash's top bits: the map inside places keys by its low bits.
  const std::uint64_t hash = std::hash<std::string_view>{}(value);
  auto& shard = pool->shards[(hash * 0x9E3779B97F4A7C15ULL) >> 60];
  const std::lock_guard lock(shard.mutex);
  (void)shard.values[value];
  return shard.values.find(value)->first;
}

} // namespace kerbready::util
