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
// Exceptions (Microsoft Learn, "Network security: Restrict NTLM: Add remote server exceptions for
// NTLM authentication" and "Network security: Restrict NTLM: Add server exceptions in this
// domain"): ClientAllowedNTLMServers lets the clients of a scope keep NTLM to the servers it
// names despite outgoing blocking; DCAllowedNTLMServers, read by DCs, does the same for
// RestrictNTLMInDomain. `find_blocking` records the list in force for the same scope (with links:
// the effective value at the scope's container; without: the list the blocking GPO itself sets);
// incoming blocking has no server exception list. A remaining cause whose server names (the SPN
// hosts, host names and DFS target servers the finding lists) all match an entry
// (ntlm_exception_matches: as written, one `*` wildcard anywhere) is covered: it is listed as
// covered, by which entry, and does not count. A cause that names no server (a client setting,
// a trust) is never covered. Names are compared as written, so a NetBIOS entry does not cover the
// FQDN a finding names.
//
// Not reported: blocking with no high finding left, or only covered ones; audit-only values (1 for
// outgoing); blocking GPOs that are not linked (GPO-UNLINKED). Without GPO links every GPO counts
// (said in the text).

#include "src/ad/gpo.hpp"
#include "src/ad/gpo_links.hpp"
#include "src/ad/spn.hpp"
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

// The evidence name under which a blocking finding carries one entry of the exception list in
// force for its scope: "NTLM server exception (ClientAllowedNTLMServers)".
constexpr std::string_view k_exception_evidence = "NTLM server exception (";

// Return the exception list that applies where `in_force` blocks NTLM: ClientAllowedNTLMServers
// for outgoing blocking, DCAllowedNTLMServers for RestrictNTLMInDomain, none for incoming blocking.
const GpoRegistryValue*
exception_list(const GpoLinkIndex& links, const ValueInForce& in_force, std::string_view blocking_path,
               std::string_view& list_path)
{
  if (blocking_path == gpo_value::restrict_sending_ntlm) {
    list_path = gpo_value::client_allowed_ntlm_servers;
  } else if (blocking_path == gpo_value::restrict_ntlm_in_domain) {
    list_path = gpo_value::dc_allowed_ntlm_servers;
  } else {
    return nullptr;
  }
  if (!in_force.links_evaluated) {
    return find_registry_value(*in_force.policy, list_path);
  }
  return effective_value(links.gpos_applying_to(in_force.scope.dn), list_path).value;
}

std::vector<Finding>
find_blocking(const Snapshot& snapshot)
{
  std::vector<Finding> findings;
  const GpoLinkIndex links(snapshot);
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
      std::string_view list_path;
      if (const auto* list = exception_list(links, in_force, path, list_path)) {
        for (const auto& entry : ntlm_exception_entries(list->data)) {
          f.evidence.push_back(Evidence{fmt::format("{}{})", k_exception_evidence, registry_value_name(list_path)),
                                        util::sanitize(entry, 200)});
        }
      }
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

// Return the lowercase server names finding `f` is about: the host of an SPN subject or SPN
// evidence, host-name evidence, and the server of a DFS target (\\server\share).
std::vector<std::string>
server_names(const Finding& f)
{
  std::vector<std::string> names;
  const auto add = [&](std::string_view host) {
    while (!host.empty() && host.back() == '.') {
      host.remove_suffix(1);
    }
    if (host.empty()) {
      return;
    }
    auto lower = util::to_lower(host);
    if (std::find(names.begin(), names.end(), lower) == names.end()) {
      names.push_back(std::move(lower));
    }
  };
  const auto add_spn = [&](std::string_view text) {
    if (const auto spn = parse_spn(text)) {
      add(spn->host);
    }
  };
  if (f.subject.find('/') != std::string::npos && f.subject.find("->") == std::string::npos) {
    add_spn(f.subject);
  }
  for (const auto& e : f.evidence) {
    if (util::istarts_with(e.name, "servicePrincipalName")) {
      add_spn(e.value);
    } else if (e.name == "dNSHostName" || e.name == "msDS-AdditionalDnsHostName" ||
               e.name == "name without HOST/ SPN" || e.name == "host") {
      add(e.value);
    } else if (util::istarts_with(e.name, "target of") && util::istarts_with(e.value, "\\\\")) {
      const std::string_view unc = std::string_view(e.value).substr(2);
      add(unc.substr(0, unc.find('\\')));
    }
  }
  return names;
}

struct Exception
{
  std::string list; // "ClientAllowedNTLMServers"
  std::string entry;
};

// Return how `cause` is covered by `exceptions` ("web.corp.example.com by '*.corp.example.com'
// (ClientAllowedNTLMServers)"), or empty when it is not: it names no server, or one of its server
// names matches no entry.
std::string
covered_by(const Finding& cause, const std::vector<Exception>& exceptions)
{
  const auto names = server_names(cause);
  if (names.empty() || exceptions.empty()) {
    return {};
  }
  std::vector<std::string> how;
  for (const auto& name : names) {
    const auto hit = std::find_if(exceptions.begin(), exceptions.end(),
                                  [&](const Exception& e) { return ntlm_exception_matches(e.entry, name); });
    if (hit == exceptions.end()) {
      return {};
    }
    how.push_back(fmt::format("{} by '{}' ({})", util::sanitize(name, 200), hit->entry, hit->list));
  }
  return fmt::format("{}", fmt::join(how, ", "));
}

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
    std::vector<Exception> exceptions;
    for (const auto& e : f.evidence) {
      if (e.name.starts_with(k_exception_evidence) && e.name.back() == ')') {
        exceptions.push_back(Exception{
          e.name.substr(k_exception_evidence.size(), e.name.size() - k_exception_evidence.size() - 1), e.value});
      }
    }
    std::vector<std::string> causes;
    std::vector<std::string> covered;
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
      if (!related) {
        continue;
      }
      if (auto how = covered_by(other, exceptions); !how.empty()) {
        covered.push_back(fmt::format("{} ({}): {}", other.id, other.check_id, how));
      } else {
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
    for (std::size_t c = 0; c < covered.size() && c < k_max_listed; ++c) {
      f.evidence.push_back(Evidence{"fallback cause covered by an NTLM exception", covered[c]});
    }
    if (covered.size() > k_max_listed) {
      f.evidence.push_back(
        Evidence{"fallback causes covered by NTLM exceptions", fmt::format("{} more", covered.size() - k_max_listed)});
    }
    f.summary += fmt::format(": {} finding(s) at high or above", causes.size());
    if (!covered.empty()) {
      f.summary += fmt::format(" ({} more covered by NTLM server exceptions)", covered.size());
    }
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

const CheckRegistrar k_registrar{{
  .id = "GPO-NTLM-BLOCKING-PREMATURE",
  .title = "NTLM blocking is in force while fallback causes remain",
  .severity = Severity::high,
  .cause = FallbackCause::app_config,
  .description = "A GPO in force blocks NTLM (RestrictSendingNTLMTraffic=2, RestrictReceivingNTLMTraffic>=1, or "
                 "RestrictNTLMInDomain on DCs) while other findings at high or above remain in the domain: each of "
                 "them is an authentication failure, not a fallback. A finding whose server names are all covered "
                 "by the NTLM server exception list in force for the same scope (ClientAllowedNTLMServers for "
                 "outgoing blocking, DCAllowedNTLMServers for RestrictNTLMInDomain) does not count. Evidence lists "
                 "the remaining finding ids and the covered ones with the exception that covers them.",
  .remediation =
    "Switch the blocking setting back to audit (RestrictSendingNTLMTraffic=1, AuditReceivingNTLMTraffic=2, "
    "AuditNTLMInDomain=7) until the listed findings are fixed or covered by exceptions "
    "(ClientAllowedNTLMServers, DCAllowedNTLMServers: the exact server names clients use), or scope it to "
    "the OUs whose NTLM dependencies are gone.",
  .needs = DataSet::domain | DataSet::sysvol,
  .find = find_blocking,
  .kind = CheckKind::relate_findings,
  .relate = relate,
  .reads = k_value_in_force_reads,
}};

} // namespace
} // namespace kerbready::checks
