#pragma once

// Probe targets taken from a snapshot: the names clients use that the directory itself suggests.
//
// - spn-duplicate: SPNs held by more than one account, probed as written (the KDC's answer for
//   them confirms or not the SPN-DUPLICATE finding);
// - dns-cname: owner names of CNAME records (a client connecting to the alias asks for a ticket
//   for the alias, which usually has no SPN);
// - dns-a: owner names of A/AAAA records that are no computer's name (load-balancer and cluster
//   names, leftovers);
// - dfs: the servers of DFS namespace and link targets (msDFS-TargetListv2, remoteServerName),
//   except IP addresses (Windows does not ask the KDC for them; DFS-TARGET-ALIAS reports them);
// - spn-host: the hosts of every SPN, last, as the broad sweep.
// Each source contributes at most `per_source` names, in that order; names are unique
// (case-insensitive, first source wins). Pure: no I/O.
//
// The DNS and DFS decoding here is the minimum the probe needs (record type, owner name, target
// UNC servers); it is deliberately small and bounds-checked.

#include "src/model/snapshot.hpp"
#include "src/probe/probe.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kerbready::probe {

inline constexpr std::size_t k_default_targets_per_source = 25;

// Return the probe targets in `snapshot`, at most `per_source` from each source.
[[nodiscard]] std::vector<collect::ProbeTarget> targets_from_snapshot(const Snapshot& snapshot, std::size_t per_source);

} // namespace kerbready::probe
