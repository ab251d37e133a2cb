#pragma once

// The join of audit events to a directory scan: what *does* fall back to NTLM, matched to what the
// directory says *can* make it fall back.
//
// - Every directory finding whose SPNs or host names match NTLM targets gains `observed` (N events
//   from M clients, first/last seen) and a priority boost that grows with the volume, so findings
//   with traffic rank first. Findings from events alone weigh the privileged accounts in them.
// - Report::traffic records what the events cover and the NTLM no finding explains, for the
//   verdict (compute_verdicts).
// - NTLM targets no finding explains become findings of the events checks (CheckKind::events,
//   checks/evt_*.cpp; listed in the report's checks with status evaluated): a requested SPN or name nobody holds
//   (missing SPN; an unknown name is an alias), an SPN held twice, an IP target, cross-domain NTLM (8006/4030),
//   local-account logons (8002, local 4624), loopback/RPC endpoint mapper, NTLMv1/LM clients,
//   4769 etype failures, and finally traffic with no explanation at all (EVT-NTLM-UNEXPLAINED).
// Pure: no I/O. Finding ids are stable: make_finding_id(pseudo-check id, canonical key).

#include "src/events/summary.hpp"
#include "src/model/report.hpp"
#include "src/model/snapshot.hpp"

#include <span>

namespace kerbready::events {

inline constexpr std::size_t k_max_unexplained_findings = 50; // the rest is one aggregate finding

// Return the priority boost for `count` observed events: 20 + 40 per power of ten, at most
// k_max_observed_boost. Priority ranks by the NTLM a fix removes: one power of ten is worth 40,
// so a low finding (100) with ten million events (+300) ranks above a high finding (300) with no
// traffic, even one about Tier-0 accounts (+40), and a high finding with 10 events (360) above a
// medium one with 100 (300).
inline constexpr int k_max_observed_boost = 400;
[[nodiscard]] int observed_boost(std::uint64_t count);

// Return `report` (from run_checks over `snapshot`) joined with `summary`.
[[nodiscard]] Report join_events(Report report, const Snapshot& snapshot, const EventSummary& summary);

} // namespace kerbready::events
