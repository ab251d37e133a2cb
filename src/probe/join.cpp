#include "src/probe/join.hpp"

#include "src/ad/spn.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace kerbready::probe {

namespace {

using collect::ProbeOutcome;
using collect::ProbeResult;

std::string
strip_dots(std::string name)
{
  while (!name.empty() && name.back() == '.') {
    name.pop_back();
  }
  return name;
}

bool
has_space(std::string_view s)
{
  return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) <= 0x20; });
}

bool
host_shaped(std::string_view s)
{
  return !s.empty() && s.find('.') != std::string_view::npos && s.find_first_of("/\\$@:") == std::string_view::npos &&
         !has_space(s) && !is_ip_literal(s);
}

struct Keys
{
  std::set<std::string> spns;  // lowercase
  std::set<std::string> hosts; // lowercase, no trailing dot
};

Keys
keys_of(const Finding& f)
{
  Keys keys;
  if (f.subject.find('/') != std::string::npos && !has_space(f.subject) && parse_spn(f.subject)) {
    keys.spns.insert(util::to_lower(f.subject));
  } else if (host_shaped(f.subject)) {
    keys.hosts.insert(strip_dots(util::to_lower(f.subject)));
  }
  for (const auto& e : f.evidence) {
    if (e.name == "name without HOST/ SPN") {
      keys.hosts.insert(strip_dots(util::to_lower(e.value)));
    } else if (e.value.starts_with("\\\\")) {
      auto server = std::string_view(e.value).substr(2);
      server = server.substr(0, server.find('\\'));
      if (!server.empty() && !has_space(server)) {
        keys.hosts.insert(strip_dots(util::to_lower(server)));
      }
    }
  }
  return keys;
}

// The names the KDC looks a request up by: the SPN as asked, and through sPNMappings.
std::vector<std::string>
request_spns(const std::string& spn, const SpnMappings& mappings)
{
  std::vector<std::string> out{util::to_lower(spn)};
  const auto slash = spn.find('/');
  if (slash != std::string::npos) {
    if (const auto alias = mappings.alias_of(std::string_view(spn).substr(0, slash))) {
      out.push_back(*alias + util::to_lower(std::string_view(spn).substr(slash)));
    }
  }
  return out;
}

bool
confirms(ProbeOutcome outcome, FallbackCause cause)
{
  switch (outcome) {
  case ProbeOutcome::principal_unknown:
  case ProbeOutcome::not_unique:
    return cause == FallbackCause::spn || cause == FallbackCause::ip_or_alias || cause == FallbackCause::dfs;
  case ProbeOutcome::etype_not_supported:
    return cause == FallbackCause::weak_crypto;
  default:
    return false;
  }
}

bool
refused(ProbeOutcome outcome)
{
  return outcome == ProbeOutcome::principal_unknown || outcome == ProbeOutcome::not_unique ||
         outcome == ProbeOutcome::etype_not_supported;
}

bool
predicts_refusal(std::string_view check_id)
{
  const auto* check = find_check(check_id);
  return check != nullptr && check->kdc_confirms_refusal;
}

std::string
confirmed_text(const ProbeResult& r)
{
  return r.message.empty()
           ? fmt::format("{}: {}", r.request.spn, collect::name_of(r.outcome))
           : fmt::format("{}: {} ({})", r.request.spn, collect::name_of(r.outcome), util::sanitize(r.message, 200));
}

std::string
contradicted_text(const ProbeResult& r)
{
  return fmt::format("{}: ok, the KDC issued a ticket{}", r.request.spn,
                     r.ticket_etype.empty() ? std::string() : fmt::format(" ({})", r.ticket_etype));
}

void
add_evidence(Finding& f, const std::string& name, const std::vector<std::string>& values)
{
  for (std::size_t i = 0; i < values.size() && i < k_max_evidence_per_finding; ++i) {
    f.evidence.push_back(Evidence{name, values[i]});
  }
  if (values.size() > k_max_evidence_per_finding) {
    f.evidence.push_back(Evidence{name, fmt::format("… and {} more", values.size() - k_max_evidence_per_finding)});
  }
}

} // namespace

Report
join_probe(Report report, const Snapshot& snapshot, const std::vector<ProbeResult>& results)
{
  const auto mappings = SpnMappings::from(snapshot.configuration);
  struct Asked
  {
    std::vector<std::string> spns;
    std::string host;
  };
  std::vector<Asked> asked;
  asked.reserve(results.size());
  for (const auto& r : results) {
    asked.push_back({request_spns(r.request.spn, mappings), collect::spn_host(r.request.spn)});
  }
  std::vector<bool> matched(results.size(), false);
  std::size_t confirmed = 0;
  std::size_t contradicted = 0;
  for (auto& f : report.findings) {
    const auto keys = keys_of(f);
    if (keys.spns.empty() && keys.hosts.empty()) {
      continue;
    }
    std::vector<std::string> yes;
    std::vector<std::string> no;
    for (std::size_t i = 0; i < results.size(); ++i) {
      const auto& r = results[i];
      const bool spn_match = std::any_of(asked[i].spns.begin(), asked[i].spns.end(),
                                         [&](const std::string& s) { return keys.spns.count(s) != 0; });
      if (!spn_match && keys.hosts.count(asked[i].host) == 0) {
        continue;
      }
      if (confirms(r.outcome, f.cause)) {
        yes.push_back(confirmed_text(r));
        matched[i] = true;
      } else if (r.outcome == ProbeOutcome::ok && predicts_refusal(f.check_id)) {
        no.push_back(contradicted_text(r));
      }
    }
    add_evidence(f, "confirmed by the KDC", yes);
    add_evidence(f, "not confirmed by the KDC", no);
    if (!yes.empty()) {
      f.priority += k_confirmed_boost;
      ++confirmed;
    } else if (!no.empty()) {
      ++contradicted;
    }
  }
  std::size_t ok = 0;
  std::size_t refusals = 0;
  std::size_t unmatched = 0;
  for (std::size_t i = 0; i < results.size(); ++i) {
    ok += results[i].outcome == ProbeOutcome::ok ? 1 : 0;
    if (refused(results[i].outcome)) {
      ++refusals;
      unmatched += matched[i] ? 0 : 1;
    }
  }
  report.metadata.collection["probe"] =
    fmt::format("{} KDC answers ({} ok, {} refused, {} other); {} findings confirmed by the KDC, {} not confirmed; "
                "{} refusals match no finding",
                results.size(), ok, refusals, results.size() - ok - refusals, confirmed, contradicted, unmatched);
  return report;
}

} // namespace kerbready::probe
