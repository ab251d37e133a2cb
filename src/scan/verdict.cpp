#include "src/scan/verdict.hpp"

#include "src/util/ad.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <set>
#include <string_view>
#include <unordered_map>

namespace kerbready {

namespace {

// Return the host a finding's subject names (an SPN's host, or the subject itself when it looks
// like a DNS name), or empty.
std::string
subject_host(std::string_view subject)
{
  auto host = subject;
  if (const auto slash = host.find('/'); slash != std::string_view::npos) {
    host = host.substr(slash + 1);
    host = host.substr(0, host.find_first_of(":/"));
  }
  if (host.find('.') == std::string_view::npos || host.find(' ') != std::string_view::npos) {
    return {};
  }
  return std::string(host);
}

// Return whether finding `f` counts against `domain` in the verdict: one of its objects is in that
// domain; or none names a domain and its subject is a host in it; or neither tells and `domain` is
// the forest root (a finding about no domain's object is forest-wide configuration: trusts,
// sPNMappings, the configuration partition), or every domain when the forest root was not scanned.
bool
counts_against(const Finding& f, const std::string& domain, const std::set<std::string>& domains,
               const std::string& forest_root)
{
  if (const auto named = names_domain(f, domain)) {
    return *named;
  }
  const auto by_subject = util::domain_of_host(subject_host(f.subject), domains);
  if (!by_subject.empty()) {
    return by_subject == domain;
  }
  if (domains.count(forest_root) != 0) {
    return domain == forest_root;
  }
  return true;
}

// Return the `n` largest of `counts`, most first (ties by name).
std::vector<std::pair<std::string, std::uint64_t>>
largest(const std::map<std::string, std::uint64_t>& counts, std::size_t n)
{
  std::vector<std::pair<std::string, std::uint64_t>> out(counts.begin(), counts.end());
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  if (out.size() > n) {
    out.resize(n);
  }
  return out;
}

std::string
describe_sources(const std::vector<std::pair<std::string, std::uint64_t>>& sources)
{
  std::vector<std::string> parts;
  parts.reserve(sources.size());
  for (const auto& [name, n] : sources) {
    parts.push_back(fmt::format("{} (x{})", name, n));
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

// Return the ids of the fixes to do first among `ranked` (most urgent first): in priority order,
// at most k_top_fixes_per_check findings of one check until every check had its turn, then the
// rest in priority order.
std::vector<std::string>
top_fixes(const std::vector<const Finding*>& ranked)
{
  std::vector<std::string> out;
  std::vector<bool> taken(ranked.size(), false);
  std::unordered_map<std::string_view, std::size_t> per_check;
  for (std::size_t i = 0; i < ranked.size() && out.size() < k_top_fixes; ++i) {
    if (++per_check[ranked[i]->check_id] <= k_top_fixes_per_check) {
      out.push_back(ranked[i]->id);
      taken[i] = true;
    }
  }
  for (std::size_t i = 0; i < ranked.size() && out.size() < k_top_fixes; ++i) {
    if (!taken[i]) {
      out.push_back(ranked[i]->id);
    }
  }
  // The second pass appended in priority order after the first: restore one priority order.
  std::unordered_map<std::string_view, std::size_t> rank;
  for (std::size_t i = 0; i < ranked.size(); ++i) {
    rank.emplace(ranked[i]->id, i);
  }
  std::sort(out.begin(), out.end(), [&](const std::string& a, const std::string& b) { return rank[a] < rank[b]; });
  return out;
}

// Return what the KDC's RC4 events (KDCSVC 201-209, KB5073381) say about the accounts of `domain`
// (those of no known domain count for every domain), as a clause to append to the reason, or "".
std::string
kdc_rc4_note(const TrafficEvidence& traffic, const std::string& domain)
{
  std::vector<std::string> refused;
  std::vector<std::string> audited;
  for (const auto& a : traffic.kdc_rc4) {
    if (!a.domain.empty() && a.domain != domain) {
      continue;
    }
    (a.refused ? refused : audited).push_back(a.account);
  }
  if (refused.empty() && audited.empty()) {
    return {};
  }
  constexpr std::size_t k_named = 3;
  const auto names = [&](const std::vector<std::string>& list) {
    std::vector<std::string> shown(list.begin(),
                                   list.begin() + static_cast<std::ptrdiff_t>(std::min(list.size(), k_named)));
    return fmt::format("{}{}", fmt::join(shown, ", "), list.size() > k_named ? ", ..." : "");
  };
  std::string text = "; KDC RC4 events (KB5073381):";
  if (!refused.empty()) {
    text += fmt::format(" RC4 tickets already refused for {} account(s) ({})", refused.size(), names(refused));
  }
  if (!audited.empty()) {
    text += fmt::format("{} {} account(s) that break once RC4 is disabled by default ({})", refused.empty() ? "" : ";",
                        audited.size(), names(audited));
  }
  return text;
}

// Return the sentences saying which audit evidence cannot exist for `domain`: per check declaring
// silenced_evidence, the scopes where it found that evidence turned off, or that it was not evaluated.
std::vector<std::string>
evidence_gaps(const Report& report, const std::string& domain, const std::set<std::string>& domains,
              const std::string& forest_root)
{
  std::vector<std::string> gaps;
  for (const auto& r : report.checks) {
    if (r.check->silenced_evidence.empty()) {
      continue;
    }
    if (r.status != CheckStatus::evaluated) {
      gaps.push_back(fmt::format("whether {} can exist is unknown: {} could not be evaluated",
                                 r.check->silenced_evidence, r.check->id));
      continue;
    }
    std::vector<std::string> where;
    for (const auto& f : report.findings) {
      if (f.check_id == r.check->id && counts_against(f, domain, domains, forest_root)) {
        where.push_back(util::sanitize(f.subject, 200));
      }
    }
    if (!where.empty()) {
      gaps.push_back(fmt::format("{} cannot exist where a GPO turns them off ({}: {})", r.check->silenced_evidence,
                                 r.check->id, fmt::join(where, "; ")));
    }
  }
  return gaps;
}

} // namespace

void
relate_findings(Report& report)
{
  for (auto& r : report.checks) {
    if (r.check->kind != CheckKind::relate_findings || r.status != CheckStatus::evaluated) {
      continue;
    }
    r.check->relate(report.findings);
    r.findings = static_cast<std::size_t>(std::count_if(report.findings.begin(), report.findings.end(),
                                                        [&](const Finding& f) { return f.check_id == r.check->id; }));
  }
}

std::vector<DomainVerdict>
compute_verdicts(const Report& report)
{
  std::set<std::string> domains;
  for (const auto& d : report.metadata.domains) {
    if (!d.empty()) {
      domains.insert(util::to_lower(d));
    }
  }
  if (domains.empty() && !report.metadata.forest_root.empty()) {
    domains.insert(util::to_lower(report.metadata.forest_root));
  }
  std::vector<std::string> not_evaluated;
  for (const auto& r : report.checks) {
    if (r.status != CheckStatus::evaluated) {
      not_evaluated.emplace_back(r.check->id);
    }
  }
  // Most urgent first, whatever order the joins (events, probe) left the findings in.
  std::vector<const Finding*> ranked;
  ranked.reserve(report.findings.size());
  for (const auto& f : report.findings) {
    if (f.severity != Severity::info && !report.triage.is_suppressed(f.id)) {
      ranked.push_back(&f);
    }
  }
  std::stable_sort(ranked.begin(), ranked.end(), [](const Finding* a, const Finding* b) {
    if (a->priority != b->priority) {
      return a->priority > b->priority;
    }
    return a->severity < b->severity;
  });

  std::vector<std::string> evidence;
  if ((report.metadata.data_sets & static_cast<unsigned>(DataSet::domain)) != 0) {
    evidence.emplace_back("directory");
  }
  if ((report.metadata.data_sets & static_cast<unsigned>(DataSet::sysvol)) != 0) {
    evidence.emplace_back("sysvol");
  }
  const auto& traffic = report.traffic;
  if (traffic.present) {
    evidence.emplace_back("events");
  }
  if (report.probed) {
    evidence.emplace_back("kdc_probe");
  }
  const auto forest_root = util::to_lower(report.metadata.forest_root);
  const auto& policy = report.policy;
  const std::uint64_t authentications = traffic.ntlm + traffic.kerberos;

  std::vector<DomainVerdict> verdicts;
  for (const auto& domain : domains) {
    DomainVerdict v;
    v.domain = domain;
    v.not_evaluated = not_evaluated;
    v.evidence = evidence;
    std::set<FallbackCause> causes;
    std::set<std::string> checks;
    std::vector<const Finding*> mine;
    for (const auto* f : ranked) {
      if (!counts_against(*f, domain, domains, forest_root)) {
        continue;
      }
      mine.push_back(f);
      if (f->severity <= Severity::high) {
        ++v.blocking_findings;
        causes.insert(f->cause);
        checks.insert(f->check_id);
        v.prerequisites.push_back(f->id);
      } else {
        ++v.caveat_findings;
        v.medium_findings += f->severity == Severity::medium ? 1 : 0;
      }
    }
    v.top_fixes = top_fixes(mine);
    v.blocking_causes.assign(causes.begin(), causes.end());
    v.blocking_checks.assign(checks.begin(), checks.end());
    std::vector<std::string> cause_names;
    for (const auto cause : v.blocking_causes) {
      cause_names.emplace_back(name_of(cause));
    }

    // NTLM no finding explains: that of targets in this domain, and that of targets whose domain
    // cannot be told (no target name, short names, IP addresses), which could be anyone's.
    std::map<std::string, std::uint64_t> accounts;
    std::map<std::string, std::uint64_t> clients;
    std::map<std::string, std::uint64_t> targets;
    std::map<std::string, std::uint64_t> reasons;
    for (const auto& u : traffic.unexplained) {
      if (!u.domain.empty() && u.domain != domain) {
        continue;
      }
      v.unexplained_ntlm += u.count;
      targets[u.target] += u.count;
      for (const auto& [name, n] : u.accounts) {
        accounts[name] += n;
      }
      for (const auto& [name, n] : u.clients) {
        clients[name] += n;
      }
      for (const auto& [name, n] : u.reasons) {
        reasons[name] += n;
      }
    }
    v.top_accounts = largest(accounts, k_top_sources);
    v.top_clients = largest(clients, k_top_sources);
    v.top_targets = largest(targets, k_top_sources);
    v.top_reasons = largest(reasons, k_top_sources);
    const auto days = std::max<std::uint64_t>(traffic.days, 1);
    v.unexplained_share =
      authentications == 0 ? 0.0 : static_cast<double>(v.unexplained_ntlm) / static_cast<double>(authentications);
    v.unexplained_blocks = traffic.present && (v.unexplained_ntlm > policy.unexplained_ntlm_max_per_day * days ||
                                               v.unexplained_share > policy.unexplained_ntlm_max_share);
    std::string unexplained_text;
    if (v.unexplained_blocks) {
      unexplained_text = fmt::format(
        "{} NTLM events no finding explains ({:.1f}% of {} authentication events over {} day(s); tolerated: "
        "{} a day and {:.1f}%); top targets: {}",
        v.unexplained_ntlm, 100.0 * v.unexplained_share, authentications, days, policy.unexplained_ntlm_max_per_day,
        100.0 * policy.unexplained_ntlm_max_share, describe_sources(v.top_targets));
      if (!v.top_accounts.empty()) {
        unexplained_text += fmt::format("; accounts: {}", describe_sources(v.top_accounts));
      }
      if (!v.top_clients.empty()) {
        unexplained_text += fmt::format("; clients: {}", describe_sources(v.top_clients));
      }
      if (!v.top_reasons.empty()) {
        unexplained_text += fmt::format("; reasons: {}", describe_sources(v.top_reasons));
      }
    }

    if (v.blocking_findings > 0) {
      v.readiness = Readiness::not_ready;
      v.reason = fmt::format("{} finding(s) at high or above; blocking causes: {}", v.blocking_findings,
                             fmt::join(cause_names, ", "));
      if (v.unexplained_blocks) {
        v.reason += "; and " + unexplained_text;
      }
    } else if (v.unexplained_blocks) {
      v.readiness = Readiness::not_ready;
      v.reason = unexplained_text;
    } else if (!not_evaluated.empty()) {
      v.readiness = Readiness::unknown;
      v.reason = fmt::format("no blocking finding in what was read, but {} check(s) could not be evaluated: {}",
                             not_evaluated.size(), fmt::join(not_evaluated, ", "));
    } else if (report.checks_subset) {
      v.readiness = Readiness::unknown;
      v.reason = "no blocking finding, but only the checks named with --check were run";
    } else if (!report.diagnostics.empty()) {
      v.readiness = Readiness::unknown;
      v.reason =
        fmt::format("no blocking finding, but the snapshot is partial ({} diagnostics)", report.diagnostics.size());
    } else if (!traffic.present || traffic.days < policy.min_event_days) {
      v.readiness = Readiness::ready_no_traffic_evidence;
      v.reason = fmt::format(
        "directory ready: no traffic evidence ({}); nothing in the directory blocks, but only audit events "
        "show what still uses NTLM{}",
        traffic.present ? fmt::format("events cover {} day(s), {} needed", traffic.days, policy.min_event_days)
                        : std::string("no audit events were given"),
        v.caveat_findings > 0 ? fmt::format("; {} medium/low finding(s) to review", v.caveat_findings) : std::string());
    } else if (v.caveat_findings > 0) {
      v.readiness = Readiness::ready_with_caveats;
      v.reason = fmt::format("no finding at high or above and NTLM no finding explains within the tolerance "
                             "over {} days of events; {} medium/low finding(s) to review",
                             traffic.days, v.caveat_findings);
    } else {
      v.readiness = Readiness::ready;
      v.reason = fmt::format("every check was evaluated, nothing above info affects this domain and NTLM no "
                             "finding explains stays within the tolerance over {} days of events",
                             traffic.days);
    }
    v.reason += kdc_rc4_note(traffic, domain);
    v.evidence_gaps = evidence_gaps(report, domain, domains, forest_root);
    if (!v.evidence_gaps.empty()) {
      v.reason += fmt::format("; {}", fmt::join(v.evidence_gaps, "; "));
    }
    verdicts.push_back(std::move(v));
  }
  return verdicts;
}

} // namespace kerbready
