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

// Return the Type of a DNS_RPC_RECORD value (MS-DNSP 2.3.2.2), or nullopt when `bytes` is shorter
// than the 24-byte record header or its DataLength runs past the end.
[[nodiscard]] std::optional<std::uint16_t> dns_record_type(std::string_view bytes);

// Return the lowercase FQDN of `node` ("web01.corp.example.com"; "@" is the zone apex).
[[nodiscard]] std::string dns_node_fqdn(const DnsNode& node);

// Return the servers of the UNC paths in an msDFS-TargetListv2 value (UTF-16LE XML, with or
// without a byte-order mark) or a remoteServerName value ("\\server\share"), as written.
[[nodiscard]] std::vector<std::string> dfs_target_servers(std::string_view bytes);

} // namespace kerbready::probe
