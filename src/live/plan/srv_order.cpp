#include "src/live/plan/srv_order.hpp"

#include <algorithm>

namespace kerbready::collect {

std::vector<SrvRecord>
order_srv_records(std::vector<SrvRecord> records, std::mt19937& rng)
{
  records.erase(std::remove_if(records.begin(), records.end(),
                               [](const SrvRecord& r) { return r.target.empty() || r.target == "."; }),
                records.end());
  std::stable_sort(records.begin(), records.end(),
                   [](const SrvRecord& a, const SrvRecord& b) { return a.priority < b.priority; });
  std::vector<SrvRecord> ordered;
  ordered.reserve(records.size());
  auto begin = records.begin();
  while (begin != records.end()) {
    auto end = std::find_if(begin, records.end(), [&](const SrvRecord& r) { return r.priority != begin->priority; });
    std::vector<SrvRecord> group(begin, end);
    // RFC 2782: zero-weight records first, then repeatedly pick one with probability proportional
    // to its weight (zero-weight records keep a small chance when all remaining weights are zero).
    std::stable_sort(group.begin(), group.end(),
                     [](const SrvRecord& a, const SrvRecord& b) { return (a.weight == 0) && (b.weight != 0); });
    while (!group.empty()) {
      std::uint32_t total = 0;
      for (const auto& r : group) {
        total += r.weight;
      }
      std::size_t pick = 0;
      if (total > 0) {
        std::uniform_int_distribution<std::uint32_t> dist(0, total);
        const auto threshold = dist(rng);
        std::uint32_t running = 0;
        for (std::size_t i = 0; i < group.size(); ++i) {
          running += group[i].weight;
          if (running >= threshold) {
            pick = i;
            break;
          }
        }
      }
      ordered.push_back(group[pick]);
      group.erase(group.begin() + static_cast<std::ptrdiff_t>(pick));
    }
    begin = end;
  }
  return ordered;
}

} // namespace kerbready::collect
