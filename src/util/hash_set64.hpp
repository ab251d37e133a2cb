#pragma once

// A set of 64-bit hashes with open addressing (linear probing) in one flat array.
//
// Why not std::unordered_set<std::uint64_t>: that allocates one node per element and follows a
// pointer per lookup. Loading a million-object snapshot inserts one DN hash per object, and the
// node-based set's allocations and cache misses were ~10% of the whole scan (perf, 1M objects).
// Here an insert touches one or two adjacent slots of a single array.

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace kerbready::util {

class HashSet64
{
public:
  // Insert `value`; return true when it was not in the set yet.
  bool insert(std::uint64_t value)
  {
    // 0 marks an empty slot, so the value 0 is tracked apart.
    if (value == 0) {
      const bool inserted = !m_has_zero;
      m_has_zero = true;
      return inserted;
    }
    // Keep the load factor at most 1/2: probe sequences stay short.
    if ((m_size + 1) * 2 > m_slots.size()) {
      grow();
    }
    if (place(m_slots, value)) {
      ++m_size;
      return true;
    }
    return false;
  }

  [[nodiscard]] std::size_t size() const { return m_size + (m_has_zero ? 1 : 0); }

  [[nodiscard]] bool contains(std::uint64_t value) const
  {
    if (value == 0) {
      return m_has_zero;
    }
    if (m_slots.empty()) {
      return false;
    }
    return m_slots[slot_of(m_slots, value)] == value;
  }

  // Call `visit(value)` for every value, in no particular order.
  template <typename Visit> void for_each(Visit visit) const
  {
    if (m_has_zero) {
      visit(std::uint64_t{0});
    }
    for (const auto value : m_slots) {
      if (value != 0) {
        visit(value);
      }
    }
  }

private:
  // Put `value` (not 0) into `slots` (size a power of two); false when it is already there.
  static bool place(std::vector<std::uint64_t>& slots, std::uint64_t value)
  {
    const auto i = slot_of(slots, value);
    if (slots[i] == value) {
      return false;
    }
    slots[i] = value;
    return true;
  }

  // Return the slot of `slots` (not empty, size a power of two) holding `value`, or the empty slot
  // where it would go.
  static std::size_t slot_of(const std::vector<std::uint64_t>& slots, std::uint64_t value)
  {
    const std::size_t mask = slots.size() - 1;
    // The values are FNV-1a hashes: mix the high bits in so that the low bits index well.
    auto i = static_cast<std::size_t>(value ^ (value >> 32)) & mask;
    while (slots[i] != 0 && slots[i] != value) {
      i = (i + 1) & mask;
    }
    return i;
  }

  void grow()
  {
    std::vector<std::uint64_t> bigger(m_slots.empty() ? 1024 : m_slots.size() * 2, 0);
    for (const auto value : m_slots) {
      if (value != 0) {
        place(bigger, value);
      }
    }
    m_slots = std::move(bigger);
  }

  std::vector<std::uint64_t> m_slots; // 0 = empty
  std::size_t m_size = 0;             // non-zero values stored
  bool m_has_zero = false;
};

} // namespace kerbready::util
