#include "src/live/sysvol_live.hpp"

#include "src/live/plan/endpoint.hpp"
#include "src/live/smb_reader.hpp"
#include "src/util/ad.hpp"
#include "src/util/secret.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

namespace kerbready::collect {

namespace {

bool
has_class(const Entry& entry, std::string_view name)
{
  const auto* classes = entry.find("objectclass");
  return classes != nullptr &&
         std::any_of(classes->begin(), classes->end(), [&](const std::string& c) { return util::iequals(c, name); });
}

// A DNS name or GUID folder that is safe as one path component of an SMB URL.
bool
safe_component(std::string_view s)
{
  return !s.empty() && s != "." && s != ".." && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
           c == '_' || c == '{' || c == '}';
  });
}

// Return "SYSVOL/<domain>/Policies/{GUID}" for `target`: from gPCFileSysPath
// (\\<server>\SYSVOL\<domain>\Policies\{GUID}; the server part is ignored, the DC read is used)
// when it has that shape, else the standard location, with a problem saying so.
std::string
folder_path(const GpoTarget& target, std::vector<Diagnostic>& problems)
{
  std::vector<std::string_view> parts;
  std::string_view path = target.file_sys_path;
  while (!path.empty() && path.front() == '\\') {
    path.remove_prefix(1);
  }
  for (auto part : util::split(path, '\\')) {
    parts.push_back(part);
  }
  // The domain part must be the GPO's own domain: a path into another domain's folder is not this
  // GPO's (and the server part is never used: the DC read is).
  if (parts.size() == 5 && util::iequals(parts[1], "SYSVOL") && util::iequals(parts[2], target.domain) &&
      util::iequals(parts[3], "Policies") && util::iequals(parts[4], target.guid)) {
    return fmt::format("{}/{}/{}/{}", parts[1], parts[2], parts[3], parts[4]);
  }
  problems.push_back(
    Diagnostic{target.dn, fmt::format("GPO {}: gPCFileSysPath '{}' is not \\\\<DC>\\SYSVOL\\<domain>\\"
                                      "Policies\\{{GUID}}; its files were read from the standard place",
                                      util::sanitize(target.dn, 200), util::sanitize(target.file_sys_path, 200))});
  return fmt::format("SYSVOL/{}/Policies/{}", target.domain, target.guid);
}

std::string
host_of(const std::string& uri)
{
  auto endpoint = parse_endpoint(uri);
  return endpoint ? endpoint->host : uri;
}

// The DC of `domain` among `hosts`: the one whose name is <host>.<domain>, else the one whose name
// ends in the domain by the longest match (dc1.child.corp.example.com is the child's DC, not the
// forest root's), else the first.
const std::string&
dc_for(const std::vector<std::string>& hosts, const std::string& domain)
{
  const std::string* best = nullptr;
  std::size_t best_excess = std::string::npos;
  for (const auto& host : hosts) {
    if (!util::iends_with(host, "." + domain)) {
      continue;
    }
    const auto excess = static_cast<std::size_t>(std::count(host.begin(), host.end(), '.')) -
                        static_cast<std::size_t>(std::count(domain.begin(), domain.end(), '.'));
    if (excess < best_excess) {
      best = &host;
      best_excess = excess;
    }
  }
  return best != nullptr ? *best : hosts.front();
}

[[noreturn]] void
unreachable(const std::string& host, const std::string& what)
{
  throw Fatal(fmt::format("SYSVOL on {} could not be read over SMB: {}; check that TCP port 445 of the DC is reachable "
                          "with SMB 2 or later and that the account may read \\\\{}\\SYSVOL (Authenticated Users may "
                          "by default), or scan with --no-sysvol (GPO checks not evaluated) or --sysvol DIR (a copy)",
                          util::sanitize(host, 200), what, util::sanitize(host, 200)));
}

} // namespace

void
GpoTargets::add(const Entry& entry)
{
  if (!has_class(entry, "groupPolicyContainer")) {
    return;
  }
  GpoTarget t;
  t.dn = entry.dn;
  t.guid = util::to_upper(util::first_rdn_value(entry.dn));
  t.domain = util::to_lower(util::domain_of_dn(entry.dn));
  if (const auto* path = entry.first("gpcfilesyspath")) {
    t.file_sys_path = *path;
  }
  if (t.guid.size() == 38 && safe_component(t.guid) && safe_component(t.domain)) {
    m_targets.push_back(std::move(t));
  }
}

LiveSysvol
read_live_sysvol(const ConnectionOptions& connection, const CollectSummary& summary,
                 const std::vector<GpoTarget>& targets)
{
  LiveSysvol out;
  if (targets.empty() || summary.dcs.empty()) {
    return out;
  }
  const auto started = std::chrono::steady_clock::now();
  std::vector<std::string> hosts;
  for (std::size_t i = 0; i < summary.dcs.size(); ++i) {
    auto host = host_of(summary.dcs[i]);
    const bool address =
      host.find(':') != std::string::npos || host.find_first_not_of("0123456789.") == std::string::npos;
    // Kerberos needs the DC's name. The one the DC gave (its RootDSE dnsHostName) is taken only
    // when it lies in a domain whose GPOs are read: over a bind that does not authenticate the
    // server, a name the server chose must not pick the host kerbready authenticates to.
    if (address && i < summary.dc_dns_names.size() && safe_component(summary.dc_dns_names[i]) &&
        std::any_of(targets.begin(), targets.end(),
                    [&](const GpoTarget& t) { return util::iends_with(summary.dc_dns_names[i], "." + t.domain); })) {
      host = summary.dc_dns_names[i];
    }
    hosts.push_back(std::move(host));
  }
  SmbOptions base;
  base.timeout_seconds = connection.timeout_seconds;
  if (connection.auth == AuthMethod::simple) {
    if (connection.user.find('=') != std::string::npos) {
      throw Fatal("SYSVOL is read over SMB with Kerberos, which needs --user as user@domain or DOMAIN\\user, not a "
                  "DN; or scan with --no-sysvol (GPO checks not evaluated) or --sysvol DIR",
                  ExitStatus::usage);
    }
    base.user = connection.user;
    base.password = connection.password; // zeroed below, as are the per-DC copies
  } else {
    base.keytab = connection.keytab;
    base.principal = connection.principal;
  }
  // One reader per DC, each GPO from the DC of its domain.
  std::map<std::string, std::vector<const GpoTarget*>> by_host;
  for (const auto& target : targets) {
    by_host[dc_for(hosts, target.domain)].push_back(&target);
  }
  std::size_t files = 0;
  std::vector<std::string> sessions;
  struct ZeroPassword
  {
    std::string& password;
    ~ZeroPassword() { util::secure_zero(password); }
  } zero_base{base.password};
  for (const auto& [host, list] : by_host) {
    auto options = base;
    const ZeroPassword zero_options{options.password};
    options.server = host;
    auto reader = SmbReader::open(options);
    if (!reader) {
      unreachable(host, *reader.error().c_str() == '\0' ? "no SMB client" : reader.error());
    }
    // Only the session and the share decide that a DC's SYSVOL cannot be read; afterwards a file
    // that cannot be read is that file's problem (a security-filtered GPO, a file too large).
    if (const auto problem = (*reader)->connect("SYSVOL")) {
      unreachable(host, *problem);
    }
    out.origin = fmt::format("smb://{}", host);
    for (const auto* target : list) {
      const auto folder = folder_path(*target, out.problems);
      std::vector<SysvolFile> read;
      bool gpt_missing = false;
      for (const auto name : k_gpo_files) {
        const auto result = (*reader)->read(fmt::format("{}/{}", folder, name), k_max_sysvol_file_bytes);
        const auto relative = fmt::format("{}/{}", target->guid, name);
        switch (result.status) {
        case SmbStatus::ok:
          read.push_back(SysvolFile{relative, result.bytes});
          break;
        case SmbStatus::not_found:
          gpt_missing = gpt_missing || name == k_gpo_files[0];
          break;
        case SmbStatus::failed:
          out.problems.push_back(Diagnostic{fmt::format("smb://{}/{}/{}", host, folder, name),
                                            fmt::format("{}: cannot be read over SMB: {}", relative, result.message)});
          break;
        case SmbStatus::unreachable:
          unreachable(host, result.message);
        }
      }
      if (read.empty()) {
        continue; // no folder: attach_gpo_policies says so
      }
      if (gpt_missing) {
        out.problems.push_back(Diagnostic{
          fmt::format("smb://{}/{}", host, folder),
          fmt::format("{}/GPT.INI is missing: the GPO folder is damaged or still replicating", target->guid)});
      }
      out.folders.push_back(target->guid);
      files += read.size();
      for (auto& file : read) {
        out.files.push_back(std::move(file));
      }
    }
    sessions.push_back(fmt::format("smb://{}/SYSVOL ({})", host, (*reader)->describe()));
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  out.collection["sysvol"] = fmt::format("{} GPO folders, {} files read over SMB from {} in {:.1f} s",
                                         out.folders.size(), files, fmt::join(sessions, ", "), seconds);
  return out;
}

} // namespace kerbready::collect
