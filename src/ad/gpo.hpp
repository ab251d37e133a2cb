#pragma once

// Group Policy security templates (SYSVOL Policies/{GUID}/MACHINE/Microsoft/Windows NT/SecEdit/
// GptTmpl.inf): the [Registry Values] section, lines `path=type,value` (type 4 = REG_DWORD), as
// PingCastle reads them. The file is UTF-16LE with a BOM (or UTF-8); untrusted input: a damaged or
// truncated file is reported as problems (the scan is then incomplete), never a crash.

#include "src/model/check.hpp"
#include "src/model/snapshot.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kerbready {

// Registry paths of the NTLM and Kerberos policy values the GPO checks read.
namespace gpo_value {
inline constexpr std::string_view lm_compatibility_level =
  R"(MACHINE\System\CurrentControlSet\Control\Lsa\LmCompatibilityLevel)";
inline constexpr std::string_view restrict_sending_ntlm =
  R"(MACHINE\System\CurrentControlSet\Control\Lsa\MSV1_0\RestrictSendingNTLMTraffic)";
inline constexpr std::string_view restrict_receiving_ntlm =
  R"(MACHINE\System\CurrentControlSet\Control\Lsa\MSV1_0\RestrictReceivingNTLMTraffic)";
inline constexpr std::string_view audit_receiving_ntlm =
  R"(MACHINE\System\CurrentControlSet\Control\Lsa\MSV1_0\AuditReceivingNTLMTraffic)";
inline constexpr std::string_view ntlm_min_client_sec =
  R"(MACHINE\System\CurrentControlSet\Control\Lsa\MSV1_0\NTLMMinClientSec)";
inline constexpr std::string_view ntlm_min_server_sec =
  R"(MACHINE\System\CurrentControlSet\Control\Lsa\MSV1_0\NTLMMinServerSec)";
inline constexpr std::string_view restrict_ntlm_in_domain =
  R"(MACHINE\System\CurrentControlSet\Services\Netlogon\Parameters\RestrictNTLMInDomain)";
inline constexpr std::string_view audit_ntlm_in_domain =
  R"(MACHINE\System\CurrentControlSet\Services\Netlogon\Parameters\AuditNTLMInDomain)";
inline constexpr std::string_view kerberos_supported_etypes =
  R"(MACHINE\Software\Microsoft\Windows\CurrentVersion\Policies\System\Kerberos\Parameters\SupportedEncryptionTypes)";
inline constexpr std::string_view no_lm_hash = R"(MACHINE\System\CurrentControlSet\Control\Lsa\NoLMHash)";
inline constexpr std::string_view client_allowed_ntlm_servers =
  R"(MACHINE\System\CurrentControlSet\Control\Lsa\MSV1_0\ClientAllowedNTLMServers)";
inline constexpr std::string_view dc_allowed_ntlm_servers =
  R"(MACHINE\System\CurrentControlSet\Services\Netlogon\Parameters\DCAllowedNTLMServers)";
// Administrative Templates (MACHINE/Registry.pol): RPC endpoint mapper client authentication and
// restrictions for unauthenticated RPC clients (see checks/gpo_rpc_epm_auth.cpp).
inline constexpr std::string_view rpc_enable_auth_ep_resolution =
  R"(MACHINE\Software\Policies\Microsoft\Windows NT\Rpc\EnableAuthEpResolution)";
inline constexpr std::string_view rpc_restrict_remote_clients =
  R"(MACHINE\Software\Policies\Microsoft\Windows NT\Rpc\RestrictRemoteClients)";
// Administrative Templates "System\Kerberos\Use forest search order" (kerberos.admx, Kerberos client)
// and "System\KDC\Use forest search order" (kdc.admx): UseForestSearch (REG_DWORD, 1 enabled) and
// ForestSearchList (REG_SZ, forest FQDNs separated by ';'). Policy CSP Kerberos/AllowForestSearchOrder
// (learn.microsoft.com/windows/client-management/mdm/policy-csp-kerberos) maps the client one.
inline constexpr std::string_view kerberos_use_forest_search =
  R"(MACHINE\Software\Microsoft\Windows\CurrentVersion\Policies\System\Kerberos\Parameters\UseForestSearch)";
inline constexpr std::string_view kerberos_forest_search_list =
  R"(MACHINE\Software\Microsoft\Windows\CurrentVersion\Policies\System\Kerberos\Parameters\ForestSearchList)";
inline constexpr std::string_view kdc_use_forest_search =
  R"(MACHINE\Software\Microsoft\Windows\CurrentVersion\Policies\System\KDC\Parameters\UseForestSearch)";
inline constexpr std::string_view kdc_forest_search_list =
  R"(MACHINE\Software\Microsoft\Windows\CurrentVersion\Policies\System\KDC\Parameters\ForestSearchList)";
// Administrative Templates\Printers (MACHINE/Registry.pol): "Configure RPC connection settings"
// and "Configure RPC listener settings" (see checks/gpo_spooler_rpc_named_pipes.cpp).
inline constexpr std::string_view spooler_rpc_use_named_pipe_protocol =
  R"(MACHINE\Software\Policies\Microsoft\Windows NT\Printers\RPC\RpcUseNamedPipeProtocol)";
inline constexpr std::string_view spooler_rpc_protocols =
  R"(MACHINE\Software\Policies\Microsoft\Windows NT\Printers\RPC\RpcProtocols)";
inline constexpr std::string_view spooler_force_kerberos_for_rpc =
  R"(MACHINE\Software\Policies\Microsoft\Windows NT\Printers\RPC\ForceKerberosForRpc)";
inline constexpr std::string_view spooler_rpc_named_pipe_authentication =
  R"(MACHINE\Software\Policies\Microsoft\Windows NT\Printers\RPC\RpcNamedPipeAuthentication)";
// Windows 11 24H2 / Windows Server 2025 NTLM controls (see checks/gpo_ntlm_enhanced_logging_off.cpp,
// checks/gpo_ntlmv1_sso_block.cpp, checks/gpo_smb_ntlm_exceptions.cpp).
inline constexpr std::string_view ntlm_enhanced_logging =
  R"(MACHINE\Software\Microsoft\Windows\CurrentVersion\Policies\System\NTLM\Parameters\LogEnhancedAuditEvents)";
inline constexpr std::string_view netlogon_enhanced_domain_ntlm_logs =
  R"(MACHINE\Software\Policies\Microsoft\Netlogon\Parameters\EnableEnhancedDomainNtlmLogs)";
inline constexpr std::string_view block_ntlmv1_sso =
  R"(MACHINE\System\CurrentControlSet\Control\Lsa\MSV1_0\BlockNtlmv1SSO)";
inline constexpr std::string_view smb_client_block_ntlm =
  R"(MACHINE\Software\Policies\Microsoft\Windows\LanmanWorkstation\BlockNTLM)";
inline constexpr std::string_view smb_client_block_ntlm_exceptions =
  R"(MACHINE\Software\Policies\Microsoft\Windows\LanmanWorkstation\BlockNTLMServerExceptionList)";
} // namespace gpo_value

struct GptTmplFile
{
  std::vector<GpoRegistryValue> values; // the [Registry Values] entries that could be read
  std::vector<std::string> problems;    // why the file cannot be trusted whole; empty when sound
};

// Read GptTmpl.inf `bytes` (BOM-detected encoding): the [Registry Values] entries, and a problem
// for each sign that the file is not a whole security template: an empty file, an odd byte count
// in UTF-16, bytes that are neither UTF-16LE with a BOM nor UTF-8 text, control characters, a last
// line without a line end (cut short), a line that is neither a section header, a key=value line
// nor a quoted list, a [Registry Values] entry that is not PATH=TYPE,DATA, and no [Version]
// section with signature="$CHICAGO$" (or "$Windows NT$") and a Revision line: without the
// signature Windows does not apply the template either, and Windows writes [Version] last, so a
// template cut between lines lacks its Revision. Line problems name the line (1-based); at most three are listed.
[[nodiscard]] GptTmplFile read_gpttmpl(std::string_view bytes);

// Return read_gpttmpl(`bytes`).values.
[[nodiscard]] std::vector<GpoRegistryValue> parse_gpttmpl(std::string_view bytes);

// Return the value of `policy` at `path` (compared case-insensitively), or nullptr.
[[nodiscard]] const GpoRegistryValue* find_registry_value(const GpoPolicy& policy, std::string_view path);

// Return `value` as a DWORD (decimal or 0x-hex data of a type-4 value), or nullopt.
[[nodiscard]] std::optional<std::uint32_t> registry_dword(const GpoRegistryValue& value);

// Return the last component of `path` ("…\LmCompatibilityLevel" -> "LmCompatibilityLevel").
[[nodiscard]] std::string registry_value_name(std::string_view path);

// Return the file `value` of `policy` was read from (GptTmpl.inf or Registry.pol), relative to the
// SYSVOL copy.
[[nodiscard]] inline const std::string&
source_file(const GpoPolicy& policy, const GpoRegistryValue& value)
{
  return value.file.empty() ? policy.file : value.file;
}

// Return the entries of an NTLM server exception list (ClientAllowedNTLMServers,
// DCAllowedNTLMServers: REG_MULTI_SZ, comma-separated in GptTmpl.inf and as Registry.pol values are
// loaded), trimmed and unquoted, empty ones dropped.
[[nodiscard]] std::vector<std::string> ntlm_exception_entries(std::string_view data);

// Return whether exception-list `entry` names server `name` (case-insensitive). Microsoft Learn
// ("Network security: Restrict NTLM: Add remote server exceptions for NTLM authentication", "… Add
// server exceptions in this domain"): entries are the server names the applications use, one per
// line, and "a single asterisk (*) can be used anywhere in the string as a wildcard character"
// (`*.corp.example.com`, `web*`, `*`). A name is matched as written: a NetBIOS entry does not cover
// the FQDN, nor the reverse, since Windows compares the name the application asked for. An entry
// with more than one asterisk is outside the documented syntax and matches nothing.
[[nodiscard]] bool ntlm_exception_matches(std::string_view entry, std::string_view name);

// Return "Default Domain Policy {31B2F340-…}" for `policy`.
[[nodiscard]] std::string gpo_label(const GpoPolicy& policy);

// Return the GPO container of `policy` as an affected object (none when the snapshot does not
// hold the container: the GPO's domain is then unknown and the finding counts for every domain).
[[nodiscard]] std::vector<AffectedObject> gpo_affected(const GpoPolicy& policy);

// Return the canonical key of `policy` for finding ids: its lowercase GUID.
[[nodiscard]] std::string gpo_key(const GpoPolicy& policy);

} // namespace kerbready
