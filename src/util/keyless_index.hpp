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
// 1M objects). This costs 16 bytes per key at most (load factor at most 1/2).
//
// The caller passes the hash of the key as it would compute it for the element (the same
// normalisation), so two elements with the same key have the same hash.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>
#include <utility>
#include <vector>

namespace kerbready::util {

class KeylessIndex
{
public:
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

  [[nodiscard]] static std::uint64_t hash(std::string_view key) { return std::hash<std::string_view>{}(key); }

  // Make room for `count` positions without growing.
  void reserve(std::size_t count)
  {
    std::size_t slots = 1024;
    while (slots < count * 2) {
      slots *= 2;
    }
    if (slots > m_slots.size()) {
      rehash(slots);
    }
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
  // already. Return the position now stored for the key: `position` or the earlier one.
  template <typename Same> std::size_t insert(std::uint64_t hash, std::size_t position, Same same)
  {
    if ((m_size + 1) * 2 > m_slots.size()) {
      rehash(std::max<std::size_t>(m_slots.size() * 2, 1024));
    }
    const std::size_t mask = m_slots.size() - 1;
    auto i = static_cast<std::size_t>(hash) & mask;
    for (; m_slots[i] != 0; i = (i + 1) & mask) {
      if ((m_slots[i] & k_tag_mask) == (hash & k_tag_mask) && same(position_of(m_slots[i]))) {
        return position_of(m_slots[i]);
      }
    }
    m_slots[i] = (hash & k_tag_mask) | (static_cast<std::uint64_t>(position) + 1);
    m_hashes_low.resize(std::max(m_hashes_low.size(), position + 1));
    m_hashes_low[position] = static_cast<std::uint32_t>(hash);
    ++m_size;
    return position;
  }

  [[nodiscard]] std::size_t size() const { return m_size; }

private:
  static constexpr std::uint64_t k_tag_mask = 0xFFFFFFFF00000000ULL;

  static std::size_t position_of(std::uint64_t slot) { return static_cast<std::size_t>(slot & ~k_tag_mask) - 1; }

  // Rebuild the slots at `count` (a power of two): a slot's home is its full hash, of which the
  // tag keeps the high half and m_hashes_low the low half.
  void rehash(std::size_t count)
  {
    std::vector<std::uint64_t> slots(count, 0);
    const std::size_t mask = count - 1;
    for (const auto slot : m_slots) {
      if (slot == 0) {
        continue;
      }
      const auto hash = (slot & k_tag_mask) | m_hashes_low[position_of(slot)];
      auto i = static_cast<std::size_t>(hash) & mask;
      while (slots[i] != 0) {
        i = (i + 1) & mask;
      }
      slots[i] = slot;
    }
    m_slots = std::move(slots);
  }

  std::vector<std::uint64_t> m_slots;
  std::vector<std::uint32_t> m_hashes_low; // by position: the low half of its key's hash, to rehash
  std::size_t m_size = 0;
};

} // namespace kerbready::util
