// Readiness verdicts and the small per-finding helpers the reporters share.

#include "reports/reporter.hpp"
#include "src/util/ad.hpp"

#include <fmt/format.h>

#include <map>

namespace kerbready::reports {

std::string
finding_domain(const Report& report, const Finding& finding)
{
  for (const auto& a : finding.affected) {
    if (!a.domain.empty()) {
      return a.domain;
    }
  }
  return report.metadata.forest_root;
}

const Check*
report_check(const Report& report, std::string_view id)
{
  for (const auto& r : report.checks) {
    if (r.check != nullptr && r.check->id == id) {
      return r.check;
    }
  }
  return find_check(id);
}

std::string
finding_title(const Report& report, const Finding& finding)
{
  const auto* check = report_check(report, finding.check_id);
  return check != nullptr ? std::string(check->title) : finding.check_id;
}

namespace {

// What an event id says, where kerbready expects it to be logged.
std::string_view
event_role(std::uint32_t id)
{
  if (id == 4776) {
    return " (DC)";
  }
  if (id == 4624) {
    return " (member)";
  }
  if (id >= 8001 && id <= 8006) {
    return " (NTLM audit)";
  }
  if (id == 4024 || id == 4025) {
    return " (NTLMv1 SSO)";
  }
  if (id >= 4020 && id <= 4033) {
    return " (NTLM reason)";
  }
  if (id >= 201 && id <= 209) {
    return " (KDC RC4)";
  }
  if (id == 4768 || id == 4769) {
    return " (KDC)";
  }
  return "";
}

} // namespace

std::string
describe_evidence(const Report& report, const kerbready::DomainVerdict& v)
{
  std::vector<std::string> kinds;
  for (const auto& kind : v.evidence) {
    kinds.push_back(kind == "kdc_probe" ? std::string("kdc probe") : kind);
  }
  std::string out = kinds.empty() ? std::string("none") : fmt::format("{}", fmt::join(kinds, ", "));
  const auto& t = report.traffic;
  if (!t.present) {
    return out + "; no audit events";
  }
  std::vector<std::string> ids;
  for (const auto& [id, n] : t.event_ids) {
    ids.push_back(fmt::format("{}{} x{}", id, event_role(id), n));
  }
  std::vector<std::string> hosts;
  for (const auto& [host, n] : t.hosts) {
    hosts.push_back(host);
  }
  if (t.host_count > hosts.size()) {
    hosts.push_back(fmt::format("and {} more", t.host_count - hosts.size()));
  }
  out += fmt::format("; events over {} day(s){} from {} computer(s){}{}; NTLM {}, Kerberos {}; event ids: {}", t.days,
                     t.first_seen == 0 ? std::string()
                                       : fmt::format(" ({} to {})", util::format_iso8601(t.first_seen),
                                                     util::format_iso8601(t.last_seen)),
                     t.host_count, hosts.empty() ? "" : ": ", fmt::join(hosts, ", "), t.ntlm, t.kerberos,
                     ids.empty() ? std::string("none") : fmt::format("{}", fmt::join(ids, ", ")));
  return out;
}

std::string_view
display_verdict(const kerbready::DomainVerdict& v)
{
  if (v.readiness == Readiness::ready_with_caveats) {
    return v.medium_findings > 0 ? "at_risk" : "ready";
  }
  if (v.readiness == Readiness::ready_no_traffic_evidence) {
    return "no_traffic_evidence";
  }
  return name_of(v.readiness);
}

std::string_view
verdict_label(const kerbready::DomainVerdict& v)
{
  const auto shown = display_verdict(v);
  if (shown == "ready") {
    return "READY";
  }
  if (shown == "at_risk") {
    return "AT RISK";
  }
  if (shown == "not_ready") {
    return "NOT READY";
  }
  if (shown == "no_traffic_evidence") {
    return "DIRECTORY READY: NO TRAFFIC EVIDENCE";
  }
  return "UNKNOWN";
}

} // namespace kerbready::reports
