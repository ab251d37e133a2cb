#pragma once

// An index from string keys to positions in a table the caller owns, that stores no keys.
//
// Each slot of one flat array holds (high 32 bits of the key's hash) << 32 | (position + 1). A
// lookup walks the slots of the hash and asks the caller whether the element at a candidate
// position has the key (`same(position)`); the hash bits reject nearly every other candidate first.
//
// Why: the key is nearly always a field of the element itself, already in memory (an account's DN
// or SID). A FlatStringMap copies it and pays for an entry array beside the slots, about 100 bytes
// per key; at a million accounts the group graph's DN and SID maps alone were 180 MiB (heaptrack,
// 1M objects). This costs 16 bytes per key at most (load factor at most 1/2). It does not grow:
// the caller knows how many elements it indexes and reserves for them first.
//
// The caller passes the hash of the key as it would compute it for the element (the same
// normalisation), so two elements with the same key have the same hash.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace kerbready::util {

class KeylessIndex
{
public:
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

  [[nodiscard]] static std::uint64_t hash(std::string_view key) { return std::hash<std::string_view>{}(key); }

  // Make room for `count` positions, all that will be inserted: the index keeps no keys and no
  // hashes, so it cannot grow. Call it once, before the first insert().
  void reserve(std::size_t count)
  {
    std::size_t slots = 1024;
    while (slots < count * 2) {
      slots *= 2;
    }
    m_slots.assign(slots, 0);
    m_capacity = count;
    m_size = 0;
  }

  // Return the position stored under `hash` for which `same(position)` is true, or npos.
  template <typename Same> [[nodiscard]] std::size_t find(std::uint64_t hash, Same same) const
  {
    if (m_slots.empty()) {
      return npos;
    }
    const std::size_t mask = m_slots.size() - 1;
    for (auto i = static_cast<std::size_t>(hash) & mask; m_slots[i] != 0; i = (i + 1) & mask) {
      if ((m_slots[i] & k_tag_mask) == (hash & k_tag_mask) && same(position_of(m_slots[i]))) {
        return position_of(m_slots[i]);
      }
    }
    return npos;
  }

  // Store `position` under `hash` unless a position for which `same(stored)` is true is there
  // already. Return the position now stored for the key: `position` or the earlier one. Throws
  // std::length_error past the count given to reserve().
  template <typename Same> std::size_t insert(std::uint64_t hash, std::size_t position, Same same)
  {
    if (m_slots.empty()) {
      throw std::length_error("KeylessIndex: insert() before reserve()");
    }
    const std::size_t mask = m_slots.size() - 1;
    auto i = static_cast<std::size_t>(hash) & mask;
    for (; m_slots[i] != 0; i = (i + 1) & mask) {
      if ((m_slots[i] & k_tag_mask) == (hash & k_tag_mask) && same(position_of(m_slots[i]))) {
        return position_of(m_slots[i]);
      }
    }
    if (m_size >= m_capacity) {
      throw std::length_error("KeylessIndex: more keys than reserved");
    }
    m_slots[i] = (hash & k_tag_mask) | (static_cast<std::uint64_t>(position) + 1);
    ++m_size;
    return position;
  }

  [[nodiscard]] std::size_t size() const { return m_size; }

private:
  static constexpr std::uint64_t k_tag_mask = 0xFFFFFFFF00000000ULL;

  static std::size_t position_of(std::uint64_t slot) { return static_cast<std::size_t>(slot & ~k_tag_mask) - 1; }

  std::vector<std::uint64_t> m_slots; // load factor at most 1/2, from reserve()
  std::size_t m_capacity = 0;
  std::size_t m_size = 0;
};

} // namespace kerbready::util
