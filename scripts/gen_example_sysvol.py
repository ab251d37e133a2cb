#!/usr/bin/env python3
"""Generate examples/sysvol/: the SYSVOL Policies folder of the example domain corp.example.com.

One folder per GPO, named by its GUID, as copied from \\\\corp.example.com\\SYSVOL\\corp.example.com\\
Policies: GPT.INI, MACHINE/Microsoft/Windows NT/SecEdit/GptTmpl.inf (UTF-16LE with a BOM and CRLF,
as Windows writes it) and, for Administrative Templates, MACHINE/Registry.pol (MS-GPREG "PReg").
The groupPolicyContainer objects and the gPLink values that link them are in
examples/corp.example.com.ldif (scripts/gen_example.py). Deterministic: no clock, no randomness;
tests/cli/run_cli_tests.sh regenerates the folder and compares. Planted cases: examples/README.md.

Usage: gen_example_sysvol.py OUTPUT_DIR   (creates OUTPUT_DIR/Policies/...)
"""

import os
import struct
import sys

# GUIDs shared with scripts/gen_example.py (GPO_GUIDS there).
DDP = "{31B2F340-016D-11D2-945F-00C04FB984F9}"       # Default Domain Policy (root)
DDCP = "{6AC1786C-016F-11D2-945F-00C04FB984F9}"      # Default Domain Controllers Policy (DC OU)
LEGACY = "{8A0C8C5E-6F2B-4C1D-9E3A-2B7D1F4A5C61}"    # NTLM Legacy Compatibility (root)
SERVERS = "{C3E1D2A4-5B6F-4789-A1B2-C3D4E5F60718}"   # Member Server Baseline (OU=Servers,OU=Tier1)
PILOT = "{E7F80912-3A4B-4C5D-8E9F-0A1B2C3D4E5F}"     # NTLM Block Pilot (linked nowhere)

LSA = r"MACHINE\System\CurrentControlSet\Control\Lsa"
MSV = LSA + r"\MSV1_0"
NETLOGON = r"MACHINE\System\CurrentControlSet\Services\Netlogon\Parameters"
KERBEROS = r"MACHINE\Software\Microsoft\Windows\CurrentVersion\Policies\System\Kerberos\Parameters"
RPC = r"Software\Policies\Microsoft\Windows NT\Rpc"
KERBEROS_POL = r"Software\Microsoft\Windows\CurrentVersion\Policies\System\Kerberos\Parameters"
PRINTERS_RPC = r"Software\Policies\Microsoft\Windows NT\Printers\RPC"
LANMAN_WORKSTATION = r"Software\Policies\Microsoft\Windows\LanmanWorkstation"
NTLM_POLICY = r"Software\Microsoft\Windows\CurrentVersion\Policies\System\NTLM\Parameters"

SYSTEM_ACCESS = ["MinimumPasswordAge = 1", "MaximumPasswordAge = 42", "MinimumPasswordLength = 14",
                 "PasswordComplexity = 1", "PasswordHistorySize = 24", "LockoutBadCount = 10",
                 "RequireLogonToChangePassword = 0", "ForceLogoffWhenHourExpire = 0", "ClearTextPassword = 0"]
KERBEROS_POLICY = ["MaxTicketAge = 10", "MaxRenewAge = 7", "MaxServiceAge = 600", "MaxClockSkew = 5",
                   "TicketValidateClient = 1"]

TEMPLATES = {
    DDP: [("System Access", SYSTEM_ACCESS), ("Kerberos Policy", KERBEROS_POLICY)],
    DDCP: [("Registry Values", [
        NETLOGON + r"\AuditNTLMInDomain=4,7",
        # planted: DC exception list with an IP address entry
        NETLOGON + r"\DCAllowedNTLMServers=7,print01.corp.example.com,10.20.1.61",
        LSA + r"\RestrictAnonymous=4,0",
    ])],
    LEGACY: [("Registry Values", [
        # planted: LM/NTLMv1 allowed, LM hashes stored, weak NTLM session security, RC4-only Kerberos
        LSA + r"\LmCompatibilityLevel=4,2",
        LSA + r"\NoLMHash=4,0",
        MSV + r"\NTLMMinClientSec=4,0",
        MSV + r"\NTLMMinServerSec=4,537395200",
        KERBEROS + r"\SupportedEncryptionTypes=4,4",
        MSV + r"\RestrictSendingNTLMTraffic=4,1",
        # planted: NTLMv1-derived single sign-on in Audit mode (KB5066470)
        MSV + r"\BlockNtlmv1SSO=4,0",
        # planted: wildcard exception
        MSV + r"\ClientAllowedNTLMServers=7,app01.corp.example.com,*.legacy.corp.example.com",
    ])],
    SERVERS: [("Registry Values", [
        LSA + r"\LmCompatibilityLevel=4,5",
        MSV + r"\AuditReceivingNTLMTraffic=4,2",
    ])],
    PILOT: [("Registry Values", [
        MSV + r"\RestrictSendingNTLMTraffic=4,2",
        MSV + r"\RestrictReceivingNTLMTraffic=4,2",
    ])],
}

# Administrative Templates (Registry.pol), machine part: (key, value, data); an int is a REG_DWORD,
# a list of strings a REG_MULTI_SZ.
REGISTRY_POL = {
    # planted: the RPC endpoint-mapper policies of a hardening baseline; the print spooler over named
    # pipes; the SMB client blocking NTLM except to two servers; enhanced NTLM logging turned off;
    # and the Kerberos client's "Use forest search order" naming a forest no trust reaches
    # (GPO-FOREST-SEARCH-ORDER): a trust removed years ago.
    SERVERS: [(RPC, "EnableAuthEpResolution", 1), (RPC, "RestrictRemoteClients", 1),
              (PRINTERS_RPC, "RpcUseNamedPipeProtocol", 1),
              (LANMAN_WORKSTATION, "BlockNTLM", 1),
              (LANMAN_WORKSTATION, "BlockNTLMServerExceptionList", ["nas-old.corp.example.com", "10.20.1.51"]),
              (NTLM_POLICY, "LogEnhancedAuditEvents", 0),
              (KERBEROS_POL, "UseForestSearch", 1), (KERBEROS_POL, "ForestSearchList", "partner.example;retired.example")],
}

VERSIONS = {DDP: 3, DDCP: 2, LEGACY: 7, SERVERS: 4, PILOT: 1}


def gpttmpl(sections):
    lines = ["[Unicode]", "Unicode=yes"]
    for name, body in sections:
        lines.append(f"[{name}]")
        lines.extend(body)
    lines += ["[Version]", 'signature="$CHICAGO$"', "Revision=1"]
    return b"\xff\xfe" + ("\r\n".join(lines) + "\r\n").encode("utf-16-le")


def u16(text, nul=True):
    return text.encode("utf-16-le") + (b"\0\0" if nul else b"")


def registry_pol(entries):
    out = b"PReg" + struct.pack("<I", 1)
    for key, value, content in entries:
        # REG_DWORD (4) for a number, REG_SZ (1) for text, REG_MULTI_SZ (7) for a list of strings
        if isinstance(content, int):
            kind, data = 4, struct.pack("<I", content)
        elif isinstance(content, str):
            kind, data = 1, u16(content)
        else:
            kind, data = 7, b"".join(u16(item) for item in content) + b"\0\0"
        out += (u16("[", False) + u16(key) + u16(";", False) + u16(value) + u16(";", False) +
                struct.pack("<I", kind) + u16(";", False) + struct.pack("<I", len(data)) + u16(";", False) +
                data + u16("]", False))
    return out


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: gen_example_sysvol.py OUTPUT_DIR")
    root = os.path.join(sys.argv[1], "Policies")
    for guid, sections in TEMPLATES.items():
        folder = os.path.join(root, guid)
        write(os.path.join(folder, "GPT.INI"),
              f"[General]\r\nVersion={VERSIONS[guid]}\r\n".encode("ascii"))
        write(os.path.join(folder, "MACHINE", "Microsoft", "Windows NT", "SecEdit", "GptTmpl.inf"),
              gpttmpl(sections))
        if guid in REGISTRY_POL:
            write(os.path.join(folder, "MACHINE", "Registry.pol"), registry_pol(REGISTRY_POL[guid]))


if __name__ == "__main__":
    main()
