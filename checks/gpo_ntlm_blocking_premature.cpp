// GPO-NTLM-BLOCKING-PREMATURE: a GPO policy in force blocks NTLM — RestrictSendingNTLMTraffic = 2
// (deny outgoing), RestrictReceivingNTLMTraffic >= 1 (deny incoming) or, for the Domain
// Controllers OU, RestrictNTLMInDomain != 0 — while findings of other checks at high or above, the
// NTLM fallback causes, remain in the same domain.
//
// Every remaining cause is then an outage rather than a fallback: the client that would have used
// NTLM fails instead. `find_blocking` finds where blocking is in force; `relate` (a relate_findings
// check: the runner calls it with every finding of the scan) keeps the finding only when other
// high or critical findings remain where the blocking bites, adding their ids as evidence. High.
// "Where it bites" follows what each value restricts (Microsoft Learn, "Network security: Restrict
// NTLM: Incoming NTLM traffic" / "Outgoing NTLM traffic to remote servers" / "NTLM authentication
// in this domain"): incoming blocking evaluated per scope fails only the servers in that scope, so
// only findings about objects in it count; outgoing blocking fails its clients against any server,
// and RestrictNTLMInDomain fails the whole domain, so every finding of the domain counts.
//
// Not reported: blocking with no high finding left; audit-only values (1 for outgoing); blocking
// GPOs that are not linked (GPO-UNLINKED). Without GPO links every GPO counts (said in the text).
// Not yet evaluated: exception lists (ClientAllowedNTLMServers, DCAllowedNTLMServers); a cause
// they cover still counts.

#include "src/ad/gpo.hpp"
#include "src/ad/gpo_links.hpp"
#include "src/model/check.hpp"
#include "src/util/ad.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace kerbready::checks {
namespace {

bool
blocks(std::string_view path, std::uint32_t v)
{
  if (path == gpo_value::restrict_sending_ntlm) {
    return v == 2;
  }
  if (path == gpo_value::restrict_receiving_ntlm) {
    return v >= 1;
  }
  return v != 0; // RestrictNTLMInDomain
}

std::vector<Finding>
find_blocking(const Snapshot& snapshot)
{
  std::vector<Finding> findings;
  for (const auto path :
       {gpo_value::restrict_sending_ntlm, gpo_value::restrict_receiving_ntlm, gpo_value::restrict_ntlm_in_domain}) {
    for (const auto& in_force : values_in_force(snapshot, path)) {
      if (path == gpo_value::restrict_ntlm_in_domain && in_force.links_evaluated &&
          in_force.scope.kind != ScopeKind::domain_controllers) {
        continue; // read by DCs only
      }
      const auto v = registry_dword(*in_force.value);
      if (!v || !blocks(path, *v)) {
        continue;
      }
      const auto name = registry_value_name(path);
      Finding f;
      f.key = fmt::format("{}|{}", in_force.key, util::to_lower(name));
      f.subject = fmt::format("{} = {} for {}", name, *v, in_force.scope.label);
      f.summary = fmt::format("NTLM is blocked ({} = {}) for {} while NTLM fallback causes remain{}", name, *v,
                              in_force.scope.label,
                              in_force.links_evaluated ? std::string() : fmt::format(" ({})", k_links_not_evaluated));
      if (in_force.links_evaluated) {
        f.affected.push_back(AffectedObject{in_force.scope.dn, {}, in_force.scope.domain});
      } else {
        f.affected = gpo_affected(*in_force.policy);
      }
      f.evidence.push_back(
        Evidence{fmt::format("{} in {}", in_force.value->path, source_file(*in_force.policy, *in_force.value)),
                 in_force.value->data});
      f.evidence.push_back(Evidence{"winning GPO", in_force.source});
      findings.push_back(std::move(f));
    }
  }
  return findings;
}

// Return the normalised scope DN of a finding about incoming blocking evaluated per scope (key
// "<members|dcs|ou>|<dn>|restrictreceivingntlmtraffic"), else empty.
std::string
receiving_scope_dn(std::string_view key)
{
  constexpr std::string_view suffix = "|restrictreceivingntlmtraffic";
  if (key.size() <= suffix.size() || key.substr(key.size() - suffix.size()) != suffix) {
    return {};
  }
  const auto rest = key.substr(0, key.size() - suffix.size());
  const auto bar = rest.find('|');
  if (bar == std::string_view::npos) {
    return {};
  }
  const auto kind = rest.substr(0, bar);
  return kind == "members" || kind == "dcs" || kind == "ou" ? std::string(rest.substr(bar + 1)) : std::string();
}

// Return whether normalised DN `dn` is `scope` or lies below it.
bool
is_under(const std::string& dn, const std::string& scope)
{
  return dn == scope ||
         (dn.size() > scope.size() + 1 && dn.compare(dn.size() - scope.size(), scope.size(), scope) == 0 &&
          dn[dn.size() - scope.size() - 1] == ',');
}

constexpr std::string_view k_id = "GPO-NTLM-BLOCKING-PREMATURE";

// Keep each finding (NTLM blocked by the policy in force) only when findings of other checks at
// high or above affect the same domain (for incoming blocking evaluated per scope: objects in that
// scope), and list their ids as evidence.
void
relate(std::vector<Finding>& findings)
{
  constexpr std::size_t k_max_listed = 20;
  std::vector<bool> drop(findings.size(), false);
  for (std::size_t i = 0; i < findings.size(); ++i) {
    auto& f = findings[i];
    if (f.check_id != k_id) {
      continue;
    }
    // Incoming blocking (RestrictReceivingNTLMTraffic) fails only the servers in its scope: only
    // findings about objects there remain causes. Outgoing blocking and RestrictNTLMInDomain fail
    // clients talking to anything in the domain: every finding of the domain counts.
    const auto receiving_scope = receiving_scope_dn(f.key);
    std::vector<std::string> causes;
    for (const auto& other : findings) {
      if (other.check_id == k_id || other.severity > Severity::high) {
        continue;
      }
      const bool related =
        receiving_scope.empty()
          ? f.affected.empty() || std::any_of(f.affected.begin(), f.affected.end(),
                                              [&](const AffectedObject& a) {
                                                return a.domain.empty() || names_domain(other, a.domain).value_or(true);
                                              })
          : std::any_of(other.affected.begin(), other.affected.end(), [&](const AffectedObject& a) {
              return !a.dn.empty() && is_under(util::normalize_dn(a.dn), receiving_scope);
            });
      if (related) {
        causes.push_back(fmt::format("{} ({})", other.id, other.check_id));
      }
    }
    if (causes.empty()) {
      drop[i] = true;
      continue;
    }
    for (std::size_t c = 0; c < causes.size() && c < k_max_listed; ++c) {
      f.evidence.push_back(Evidence{"fallback cause remaining", causes[c]});
    }
    if (causes.size() > k_max_listed) {
      f.evidence.push_back(Evidence{"fallback causes remaining", fmt::format("{} more", causes.size() - k_max_listed)});
    }
    f.summary += fmt::format(": {} finding(s) at high or above", causes.size());
  }
  std::size_t next = 0;
  for (std::size_t i = 0; i < findings.size(); ++i) {
    if (!drop[i]) {
      if (next != i) {
        findings[next] = std::move(findings[i]);
      }
      ++next;
    }
  }
  findings.resize(next);
}

// The directory attributes behind the snapshot fields this check reads, directly or through
// src/ad helpers (Check::reads).
constexpr AttributeRead k_reads[] = {
  {DirectoryObject::domain, "gPLink"},
  {DirectoryObject::domain, "gPOptions"},
  {DirectoryObject::organizational_unit, "gPLink"},
  {DirectoryObject::organizational_unit, "gPOptions"},
  {DirectoryObject::gpo, "displayName"},
  {DirectoryObject::gpo, "flags"},
  {DirectoryObject::site, "gPLink"},
};

const CheckRegistrar k_registrar{{
  .id = "GPO-NTLM-BLOCKING-PREMATURE",
  .title = "NTLM blocking is in force while fallback causes remain",
  .severity = Severity::high,
  .cause = FallbackCause::app_config,
  .description = "A GPO in force blocks NTLM (RestrictSendingNTLMTraffic=2, RestrictReceivingNTLMTraffic>=1, or "
                 "RestrictNTLMInDomain on DCs) while other findings at high or above remain in the domain: each of "
                 "them is an authentication failure, not a fallback. Evidence lists the remaining finding ids.",
  .remediation =
    "Switch the blocking setting back to audit (RestrictSendingNTLMTraffic=1, AuditReceivingNTLMTraffic=2, "
    "AuditNTLMInDomain=7) until the listed findings are fixed or covered by exceptions, or scope it to "
    "the OUs whose NTLM dependencies are gone.",
  .needs = DataSet::domain | DataSet::sysvol,
  .find = find_blocking,
  .kind = CheckKind::relate_findings,
  .relate = relate,
  .reads = k_reads,
}};

} // namespace
} // namespace kerbready::checks
