#pragma once

// The join of Kerberos probe results to a scan: directory findings the KDC confirms.
//
// A finding is about SPNs (its subject, when it is an SPN) and host names (its "name without HOST/
// SPN" evidence, a subject that is a host name, the servers of UNC evidence). A probe result
// matches it when the SPN asked for is one of those SPNs (also through sPNMappings: cifs/x asks
// the KDC for host/x) or its host is one of those names. Then:
// - principal_unknown or not_unique confirms findings whose cause is spn, ip_or_alias or dfs, and
//   etype_not_supported confirms weak_crypto findings: evidence "confirmed by the KDC" and a
//   priority boost of k_confirmed_boost, once per finding;
// - ok, for findings of checks that predict a refusal (Check::kdc_confirms_refusal), is evidence "not confirmed by the
//   KDC" with no boost;
// - the other outcomes (no KDC, clock skew, no credentials) say nothing about the directory.
// Pure: no I/O.

#include "src/model/report.hpp"
#include "src/model/snapshot.hpp"
#include "src/probe/probe.hpp"

#include <array>
#include <string_view>

namespace kerbready::probe {

inline constexpr int k_confirmed_boost = 10;
inline constexpr std::size_t k_max_evidence_per_finding = 5; // per kind; then "… and N more"

// Return `report` with the findings `results` confirm (or contradict) marked (not sorted: finalize_report sorts once),
// and a "probe" line in its collection metadata. `snapshot` gives the sPNMappings.
[[nodiscard]] Report join_probe(Report report, const Snapshot& snapshot,
                                const std::vector<collect::ProbeResult>& results);

} // namespace kerbready::probe
