#pragma once

// A hash map from strings to `Value` in two flat arrays: the entries in insertion order, and an
// open-addressing slot table (linear probing, load factor at most 1/2) pointing into them.
//
// Why not std::unordered_map: the SPN and host-name indexes of a million-object forest hold over a
// million keys each, and the node-based map's per-entry allocation and pointer chasing (bucket ->
// node -> key) made building and probing them the largest single cost of a scan (perf, 1M
// objects: ~2 s of ~7 s CPU for the SPN index alone). The interface is the part of unordered_map
// the checks use: find/count/contains, end(), and iteration over (key, value) pairs, here in a
// stable order (first insertion). Entries are never erased; an insertion may move them.
//
// Keys are copied into large blocks owned by the map and held as views: a std::string per key
// cost its 32 bytes plus a heap block for any key past 15 bytes (SPNs, DNs and SIDs all are),
// about 30 bytes more per key than the key itself over the 5 million keys of a 1M-object scan.
// The map can be moved, not copied (the views point into its own blocks).

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kerbready::util {

template <typename Value> class FlatStringMap
{
public:
  using value_type = std::pair<std::string_view, Value>;

  FlatStringMap() = default;
  FlatStringMap(const FlatStringMap&) = delete;
  FlatStringMap& operator=(const FlatStringMap&) = delete;
  FlatStringMap(FlatStringMap&& other) noexcept { *this = std::move(other); }
  FlatStringMap& operator=(FlatStringMap&& other) noexcept
  {
    if (this != &other) {
      // The blocks move with their addresses, so the views stay valid; the emptied map starts over.
      m_entries = std::move(other.m_entries);
      m_slots = std::move(other.m_slots);
      m_blocks = std::move(other.m_blocks);
      m_current = std::exchange(other.m_current, nullptr);
      m_block_used = std::exchange(other.m_block_used, 0);
      other.m_entries.clear();
      other.m_slots.clear();
      other.m_blocks.clear();
    }
    return *this;
  }
  ~FlatStringMap() = default;
  using const_iterator = typename std::vector<value_type>::const_iterator;

  // Make room for `count` keys without rehashing.
  void reserve(std::size_t count)
  {
    m_entries.reserve(count);
    std::size_t slots = 1024;
    while (slots < count * 2) {
      slots *= 2;
    }
    if (slots > m_slots.size()) {
      m_slots.assign(slots, 0);
      for (std::size_t i = 0; i < m_entries.size(); ++i) {
        const auto hash = hash_of(m_entries[i].first);
        m_slots[slot_of(m_entries[i].first, hash)] = tag_of(hash) | (i + 1);
      }
    }
  }

  // Return the value of `key`, inserting a default-constructed one first when absent. Unlike
  // unordered_map, the next insertion may move the entries: do not keep the reference.
  Value& operator[](std::string_view key) { return insert(key, true); }

  // operator[], but an inserted key is not copied: the map keeps the view `key`, whose bytes must
  // outlive it and never change (a value in the snapshot the map indexes).
  Value& with_stable_key(std::string_view key) { return insert(key, false); }

  // Return the entry of `key`, or end().
  [[nodiscard]] const_iterator find(std::string_view key) const
  {
    if (m_slots.empty()) {
      return end();
    }
    const auto slot = slot_of(key, hash_of(key));
    if (m_slots[slot] == 0) {
      return end();
    }
    return m_entries.begin() + static_cast<std::ptrdiff_t>(index_of(m_slots[slot]));
  }

  // Call `visit(value)` on every value, in entry order, to change it in place.
  template <typename Visit> void for_each_value(Visit visit)
  {
    for (auto& entry : m_entries) {
      visit(entry.second);
    }
  }

  [[nodiscard]] std::size_t count(std::string_view key) const { return find(key) == end() ? 0 : 1; }
  [[nodiscard]] bool contains(std::string_view key) const { return find(key) != end(); }

  [[nodiscard]] const_iterator begin() const { return m_entries.begin(); }
  [[nodiscard]] const_iterator end() const { return m_entries.end(); }
  [[nodiscard]] std::size_t size() const { return m_entries.size(); }
  [[nodiscard]] bool empty() const { return m_entries.empty(); }

private:
  Value& insert(std::string_view key, bool copy_key)
  {
    if ((m_entries.size() + 1) * 2 > m_slots.size()) {
      reserve(std::max<std::size_t>(m_entries.size() * 2, 512));
    }
    const auto hash = hash_of(key);
    const auto slot = slot_of(key, hash);
    if (m_slots[slot] != 0) {
      return m_entries[index_of(m_slots[slot])].second;
    }
    m_entries.emplace_back(copy_key ? store(key) : key, Value{});
    m_slots[slot] = tag_of(hash) | m_entries.size();
    return m_entries.back().second;
  }

  // A slot is 0 when empty, else (high 32 bits of the key's hash) << 32 | (entry index + 1): most
  // mismatches are rejected on the hash bits without touching the entry.
  static constexpr std::uint64_t k_tag_mask = 0xFFFFFFFF00000000ULL;

  static std::uint64_t hash_of(std::string_view key) { return std::hash<std::string_view>{}(key); }
  static std::uint64_t tag_of(std::uint64_t hash) { return hash & k_tag_mask; }
  static std::size_t index_of(std::uint64_t slot) { return static_cast<std::size_t>(slot & ~k_tag_mask) - 1; }

  // Return the slot holding `key`, or the empty slot where it would go.
  [[nodiscard]] std::size_t slot_of(std::string_view key, std::uint64_t hash) const
  {
    const std::size_t mask = m_slots.size() - 1;
    auto i = static_cast<std::size_t>(hash) & mask;
    while (m_slots[i] != 0) {
      if ((m_slots[i] & k_tag_mask) == tag_of(hash) && m_entries[index_of(m_slots[i])].first == key) {
        return i;
      }
      i = (i + 1) & mask;
    }
    return i;
  }

  // Return a copy of `key` in the key blocks.
  std::string_view store(std::string_view key)
  {
    if (key.empty()) {
      return {};
    }
    char* copy = nullptr;
    if (key.size() > k_block / 4) {
      // A long key gets a block of its own, so the shared block is not cut short.
      m_blocks.emplace_back(new char[key.size()]);
      copy = m_blocks.back().get();
    } else {
      if (m_current == nullptr || key.size() > k_block - m_block_used) {
        m_blocks.emplace_back(new char[k_block]);
        m_current = m_blocks.back().get();
        m_block_used = 0;
      }
      copy = m_current + m_block_used;
      m_block_used += key.size();
    }
    std::copy(key.begin(), key.end(), copy);
    return {copy, key.size()};
  }

  static constexpr std::size_t k_block = std::size_t{256} * 1024;
  std::vector<value_type> m_entries;
  std::vector<std::uint64_t> m_slots;
  std::vector<std::unique_ptr<char[]>> m_blocks; // key bytes
  char* m_current = nullptr;                     // the shared block being filled, in m_blocks
  std::size_t m_block_used = 0;                  // bytes used of it
};

} // namespace kerbready::util
