#pragma once

// The join of audit events to a directory scan: what *does* fall back to NTLM, matched to what the
// directory says *can* make it fall back.
//
// - Every directory finding whose SPNs or host names match NTLM targets gains `observed` (N events
//   from M clients, first/last seen) and a priority boost that grows with the volume, so findings
//   with traffic rank first.
// - NTLM targets no finding explains become findings of pseudo-checks (ids EVT-*, listed in the
//   report's checks with status evaluated): a requested SPN or name nobody holds (missing SPN; an
//   unknown name is an alias), an SPN held twice, an IP target, cross-domain NTLM (8006/4030),
//   local-account logons (8002, local 4624), loopback/RPC endpoint mapper, NTLMv1/LM clients,
//   4769 etype failures, and finally traffic with no explanation at all (EVT-NTLM-UNEXPLAINED).
// Pure: no I/O. Finding ids are stable: make_finding_id(pseudo-check id, canonical key).

#include "src/events/summary.hpp"
#include "src/report.hpp"
#include "src/snapshot.hpp"

#include <span>

namespace kerbready::events {

inline constexpr std::size_t k_max_unexplained_findings = 50; // the rest is one aggregate finding

// Return the pseudo-checks the join may report under (for list-checks and report titles).
[[nodiscard]] std::span<const Check> event_checks();

// Return the priority boost for `count` observed events: 20 + 10 per power of ten, at most 90.
[[nodiscard]] int observed_boost(std::uint64_t count);

// Return `report` (from run_checks over `snapshot`) joined with `summary`.
[[nodiscard]] Report join_events(Report report, const Snapshot& snapshot, const EventSummary& summary);

} // namespace kerbready::events
