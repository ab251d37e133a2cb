#!/usr/bin/env python3
"""Generate sample Windows audit events for kerbready's event readers and join.

One scenario (every event id kerbready reads: 4624, 4768, 4769, 4776, 4001-4006, 8001-8006,
4020-4033) written in every input format:

  sample.xml    `wevtutil qe <log> /f:xml` (a sequence of <Event>, no root element)
  sample.jsonl  Winlogbeat / ECS JSON lines (winlog.event_id, winlog.event_data)
  sample.json   `Get-WinEvent | ConvertTo-Json` (PowerShell 5.1: one array, /Date(ms)/ times,
                positional Properties in template order)
  sample.evtx   a binary Windows XML Event Log (file header, 64 KiB chunks, records in binary XML
                without templates), with valid CRC32 checksums; libevtx/evtxexport read it

The directory it describes is tests/support/snapshot_builder.hpp's corp.example.com (see the
comments in scenario()). Usage:

  gen_events.py OUTDIR                  write the four sample files
  gen_events.py --large N [--seed S]    write N Winlogbeat JSON lines to stdout (benchmarks)

Standard library only; output is deterministic.
"""

import datetime
import json
import os
import random
import struct
import sys
import zlib
from xml.sax.saxutils import escape, quoteattr

SECURITY = ("Microsoft-Windows-Security-Auditing", "{54849625-5478-4994-A5BA-3E3B0328C30D}", "Security")
NTLM = ("Microsoft-Windows-NTLM", "{AC43300D-5FCC-4800-8E99-1BD3F85F0320}", "Microsoft-Windows-NTLM/Operational")

# Template order of EventData, as in src/events/json_reader.cpp (Get-WinEvent's Properties are positional).
TEMPLATES = {
    4624: ["SubjectUserSid", "SubjectUserName", "SubjectDomainName", "SubjectLogonId", "TargetUserSid",
           "TargetUserName", "TargetDomainName", "TargetLogonId", "LogonType", "LogonProcessName",
           "AuthenticationPackageName", "WorkstationName", "LogonGuid", "TransmittedServices", "LmPackageName",
           "KeyLength", "ProcessId", "ProcessName", "IpAddress", "IpPort", "ImpersonationLevel",
           "RestrictedAdminMode", "TargetOutboundUserName", "TargetOutboundDomainName", "VirtualAccount",
           "TargetLinkedLogonId", "ElevatedToken"],
    4776: ["PackageName", "TargetUserName", "Workstation", "Status"],
    4768: ["TargetUserName", "TargetDomainName", "TargetSid", "ServiceName", "ServiceSid", "TicketOptions", "Status",
           "TicketEncryptionType", "PreAuthType", "IpAddress", "IpPort", "CertIssuerName", "CertSerialNumber",
           "CertThumbprint"],
    4769: ["TargetUserName", "TargetDomainName", "ServiceName", "ServiceSid", "TicketOptions", "TicketEncryptionType",
           "IpAddress", "IpPort", "Status", "LogonGuid", "TransmittedServices"],
}
NTLM_CLIENT = ["TargetName", "UserName", "DomainName", "CallerPID", "ProcessName", "ClientLUID", "ClientUserName",
               "ClientDomainName", "MechanismOID"]
NTLM_SERVER = ["CallerPID", "ProcessName", "ClientLUID", "ClientUserName", "ClientDomainName", "MechanismOID"]
NTLM_DOMAIN = ["UserName", "DomainName", "Workstation", "CallerPID", "ProcessName", "LogonType", "InProc",
               "MechanismOID"]
NTLM_DC = ["SChannelName", "UserName", "DomainName", "WorkstationName", "SChannelType"]
for base in (4000, 8000):
    TEMPLATES[base + 1] = NTLM_CLIENT
    TEMPLATES[base + 2] = NTLM_SERVER
    TEMPLATES[base + 3] = NTLM_DOMAIN
    TEMPLATES[base + 4] = NTLM_DC
    TEMPLATES[base + 5] = NTLM_DOMAIN
    TEMPLATES[base + 6] = NTLM_DC
# 4020-4033 have no published template: the generator (and kerbready) use these names.
ENHANCED = ["TargetName", "UserName", "DomainName", "ProcessName", "WorkstationName", "ClientIpAddress", "ReasonId",
            "NtlmVersion"]

# 4769 since the January 2025 update (Microsoft Learn's 4769 page): the older template plus the fields
# that say which etypes and keys took part; src/events/json_reader.cpp names Get-WinEvent's positions so.
KERBEROS_4769_EXT = TEMPLATES[4769] + ["RequestTicketHash", "ResponseTicketHash", "AccountSupportedEncryptionTypes",
                                       "AccountAvailableKeys", "ServiceSupportedEncryptionTypes",
                                       "ServiceAvailableKeys", "DCSupportedEncryptionTypes", "DCAvailableKeys",
                                       "ClientAdvertizedEncryptionTypes", "SessionKeyEncryptionType"]
# KDCSVC 201-209 (System log, KB5073381): the KB shows only the rendered message; these names are
# our reading of its labels (unverified against a recorded log; docs/events.md).
KDC = ("Microsoft-Windows-Kerberos-Key-Distribution-Center", "{3FD9DA1A-5A54-46C5-9A26-9BD7C0685056}", "System")
KDCSVC = ["AccountName", "AccountDomain", "AccountSupportedEncryptionTypes", "AccountAvailableKeys", "ServiceName",
          "ServiceDomain", "ServiceSupportedEncryptionTypes", "ServiceAvailableKeys", "DCSupportedEncryptionTypes",
          "DCAvailableKeys", "DefaultDomainSupportedEncTypes", "ClientAddress", "ClientPort",
          "ClientAdvertizedEncryptionTypes", "Cipher"]

START = datetime.datetime(2024, 3, 4, 8, 0, 0, tzinfo=datetime.timezone.utc)
NEGOTIATE_OID = "1.3.6.1.4.1.311.2.2.10"


def logon_4624(t, computer, user, domain, workstation, ip, package="NTLM", lm="NTLM V2", logon_type="3"):
    return dict(id=4624, t=t, computer=computer, source=SECURITY, data=dict(
        SubjectUserSid="S-1-0-0", SubjectUserName="-", SubjectDomainName="-", SubjectLogonId="0x0",
        TargetUserSid="S-1-5-21-1000-2000-3000-1105", TargetUserName=user, TargetDomainName=domain,
        TargetLogonId="0x3e7a1", LogonType=logon_type,
        LogonProcessName="NtLmSsp " if package == "NTLM" else "Kerberos", AuthenticationPackageName=package,
        WorkstationName=workstation, LogonGuid="{00000000-0000-0000-0000-000000000000}", TransmittedServices="-",
        LmPackageName=lm if package == "NTLM" else "-", KeyLength="128" if package == "NTLM" else "0",
        ProcessId="0x0", ProcessName="-", IpAddress=ip, IpPort="49712", ImpersonationLevel="%%1833",
        RestrictedAdminMode="-", TargetOutboundUserName="-", TargetOutboundDomainName="-", VirtualAccount="%%1843",
        TargetLinkedLogonId="0x0", ElevatedToken="%%1842"))


def ntlm(eid, t, computer, **fields):
    names = TEMPLATES.get(eid, ENHANCED)
    defaults = dict(CallerPID="4", ClientLUID="0x3e7", MechanismOID=NEGOTIATE_OID, InProc="false", LogonType="3",
                    SChannelType="2")
    data = {n: str(fields.get(n, defaults.get(n, "-"))) for n in names}
    return dict(id=eid, t=t, computer=computer, source=NTLM, data=data)


def kerberos(eid, t, user, service, status="0x0", etype="0x12", ip="::ffff:10.0.0.21"):
    data = dict(TargetUserName=user, TargetDomainName="CORP.EXAMPLE.COM", TargetSid="S-1-5-21-1000-2000-3000-1105",
                ServiceName=service, ServiceSid="S-1-5-21-1000-2000-3000-502", TicketOptions="0x40810010",
                Status=status, TicketEncryptionType=etype, PreAuthType="2", IpAddress=ip, IpPort="50123",
                CertIssuerName="", CertSerialNumber="", CertThumbprint="",
                LogonGuid="{6f0a2b4e-0000-0000-0000-000000000000}", TransmittedServices="-")
    return dict(id=eid, t=t, computer="dc1.corp.example.com", source=SECURITY,
                data={n: data[n] for n in TEMPLATES[eid]})


def scenario():
    """The sample: a directory (corp.example.com) where WEB01's HTTP SPN is also on svc_web (a duplicate),
    'files' is a DNS alias of FILES01 without SPNs, a server is reached by IP, a forest trust to fabrikam
    is used with NTLM, and a few clients still send NTLMv1/LM."""
    h = lambda n: START + datetime.timedelta(minutes=7 * n) + datetime.timedelta(hours=20 * (n % 2))
    ev = []
    # Security log, member servers
    ev.append(logon_4624(h(0), "files01.corp.example.com", "alice", "CORP", "WS01", "10.0.0.21"))
    ev.append(logon_4624(h(1), "app01.corp.example.com", "bob", "CORP", "OLDPC", "10.0.0.31", lm="NTLM V1"))
    ev.append(logon_4624(h(2), "app01.corp.example.com", "legacy", "CORP", "LEGACY", "10.0.0.32", lm="LM"))
    ev.append(logon_4624(h(3), "files01.corp.example.com", "carol", "CORP", "-", "10.0.0.22", package="Kerberos"))
    ev.append(logon_4624(h(4), "app01.corp.example.com", "localadmin", "APP01", "WS09", "10.0.0.29"))
    ev.append(logon_4624(h(5), "app01.corp.example.com", "svc_batch", "CORP", "APP01", "127.0.0.1"))
    # Security log, DC
    ev.append(dict(id=4776, t=h(6), computer="dc1.corp.example.com", source=SECURITY, data=dict(
        PackageName="MICROSOFT_AUTHENTICATION_PACKAGE_V1_0", TargetUserName="carol", Workstation="WS03",
        Status="0x0")))
    ev.append(dict(id=4776, t=h(7), computer="dc1.corp.example.com", source=SECURITY, data=dict(
        PackageName="MICROSOFT_AUTHENTICATION_PACKAGE_V1_0", TargetUserName="mallory", Workstation="KIOSK7",
        Status="0xc000006a")))
    ev.append(kerberos(4768, h(8), "carol", "krbtgt"))
    ev.append(kerberos(4769, h(9), "carol@CORP.EXAMPLE.COM", "FILES01$"))
    ev.append(kerberos(4769, h(10), "alice@CORP.EXAMPLE.COM", "cifs/files.corp.example.com", status="0x7",
                       etype="0xffffffff"))
    ev.append(kerberos(4769, h(11), "dave@CORP.EXAMPLE.COM", "svc_legacy", status="0xe", etype="0xffffffff"))
    # NTLM/Operational: audit (8001-8006) and blocked (4001-4006)
    ev.append(ntlm(8001, h(12), "ws01.corp.example.com", TargetName="cifs/files.corp.example.com", UserName="alice",
                   DomainName="CORP", ProcessName="C:\\Windows\\explorer.exe"))
    ev.append(ntlm(8001, h(13), "ws01.corp.example.com", TargetName="HTTP/web01.corp.example.com", UserName="alice",
                   DomainName="CORP", ProcessName="C:\\Program Files\\App\\app.exe"))
    ev.append(ntlm(8001, h(14), "ws04.corp.example.com", TargetName="cifs/10.0.0.50", UserName="erin",
                   DomainName="CORP", ProcessName="C:\\Windows\\System32\\svchost.exe"))
    ev.append(ntlm(8001, h(15), "app01.corp.example.com", TargetName="RPCSS/app01.corp.example.com",
                   UserName="APP01$", DomainName="CORP", ProcessName="C:\\Windows\\System32\\svchost.exe"))
    ev.append(ntlm(8002, h(16), "app01.corp.example.com", ClientUserName="localadmin", ClientDomainName="APP01",
                   ProcessName="C:\\Windows\\System32\\lsass.exe"))
    ev.append(ntlm(8003, h(17), "files01.corp.example.com", UserName="alice", DomainName="CORP", Workstation="WS01",
                   ProcessName="System"))
    ev.append(ntlm(8004, h(18), "dc1.corp.example.com", SChannelName="FILES01", UserName="alice", DomainName="CORP",
                   WorkstationName="WS01"))
    ev.append(ntlm(8005, h(19), "dc1.corp.example.com", UserName="dave", DomainName="CORP", Workstation="WS05",
                   ProcessName="C:\\Windows\\System32\\lsass.exe"))
    ev.append(ntlm(8006, h(20), "dc1.corp.example.com", SChannelName="FILES01", UserName="frank",
                   DomainName="FABRIKAM", WorkstationName="FAB-WS1"))
    ev.append(ntlm(4001, h(21), "ws07.corp.example.com", TargetName="cifs/nas.corp.example.com", UserName="gina",
                   DomainName="CORP", ProcessName="C:\\Windows\\explorer.exe"))
    ev.append(ntlm(4002, h(22), "app01.corp.example.com", ClientUserName="localadmin", ClientDomainName="APP01",
                   ProcessName="C:\\Windows\\System32\\lsass.exe"))
    ev.append(ntlm(4003, h(23), "files01.corp.example.com", UserName="gina", DomainName="CORP", Workstation="WS07",
                   ProcessName="System"))
    ev.append(ntlm(4004, h(24), "dc1.corp.example.com", SChannelName="FILES01", UserName="gina", DomainName="CORP",
                   WorkstationName="WS07"))
    ev.append(ntlm(4005, h(25), "dc1.corp.example.com", UserName="gina", DomainName="CORP", Workstation="WS07",
                   ProcessName="C:\\Windows\\System32\\lsass.exe"))
    ev.append(ntlm(4006, h(26), "dc1.corp.example.com", SChannelName="FILES01", UserName="frank",
                   DomainName="FABRIKAM", WorkstationName="FAB-WS1"))
    # NTLM/Operational enhanced auditing (4020-4033) with the reason NTLM was chosen
    enhanced = [
        (4020, "ws06.corp.example.com", dict(TargetName="HOST/app02.corp.example.com", ReasonId="6")),
        (4021, "ws06.corp.example.com", dict(TargetName="cifs/10.0.0.60", ReasonId="7")),
        (4022, "files01.corp.example.com", dict(TargetName="cifs/files01.corp.example.com", ReasonId="1",
                                                WorkstationName="WS08", ClientIpAddress="10.0.0.28")),
        (4023, "app01.corp.example.com", dict(TargetName="HOST/localhost", ReasonId="10",
                                              WorkstationName="APP01", ClientIpAddress="::1")),
        (4024, "ws10.corp.example.com", dict(TargetName="cifs/files01.corp.example.com", ReasonId="0")),
        (4025, "ws10.corp.example.com", dict(TargetName="cifs/files01.corp.example.com", ReasonId="0")),
        (4026, "ws06.corp.example.com", dict(TargetName="HOST/app02.corp.example.com", ReasonId="5")),
        (4027, "ws06.corp.example.com", dict(TargetName="HOST/app02.corp.example.com", ReasonId="5")),
        (4028, "files01.corp.example.com", dict(TargetName="cifs/files01.corp.example.com", ReasonId="9",
                                                WorkstationName="WS08", ClientIpAddress="10.0.0.28")),
        (4029, "files01.corp.example.com", dict(TargetName="cifs/files01.corp.example.com", ReasonId="9",
                                                WorkstationName="WS08", ClientIpAddress="10.0.0.28")),
        (4030, "dc1.corp.example.com", dict(TargetName="cifs/files01.corp.example.com", ReasonId="0",
                                            DomainName="FABRIKAM", UserName="frank", WorkstationName="FAB-WS1")),
        (4031, "dc1.corp.example.com", dict(TargetName="cifs/files01.corp.example.com", ReasonId="0",
                                            DomainName="FABRIKAM", UserName="frank", WorkstationName="FAB-WS1")),
        (4032, "dc1.corp.example.com", dict(TargetName="HTTP/web01.corp.example.com", ReasonId="8",
                                            WorkstationName="WS02", NtlmVersion="NTLMv1")),
        (4033, "dc1.corp.example.com", dict(TargetName="HTTP/web01.corp.example.com", ReasonId="8",
                                            WorkstationName="WS02", NtlmVersion="NTLMv2")),
    ]
    for i, (eid, computer, fields) in enumerate(enhanced):
        fields.setdefault("UserName", "henry")
        fields.setdefault("DomainName", "CORP")
        fields.setdefault("ProcessName", "C:\\Windows\\System32\\svchost.exe")
        fields.setdefault("NtlmVersion", "NTLMv2")
        ev.append(ntlm(eid, h(27 + i), computer, **fields))
    for i, e in enumerate(ev):
        e["record"] = 1000 + i
    return ev


def kerberos_ext(t, user, service, etype, session, advertized, keys, ip):
    data = dict(TargetUserName=user, TargetDomainName="CORP.EXAMPLE.COM", ServiceName=service,
                ServiceSid="S-1-5-21-1000-2000-3000-1200", TicketOptions="0x40810000", TicketEncryptionType=etype,
                IpAddress=ip, IpPort="50200", Status="0x0", LogonGuid="{6f0a2b4e-0000-0000-0000-000000000001}",
                TransmittedServices="-", RequestTicketHash="-", ResponseTicketHash="-",
                AccountSupportedEncryptionTypes="0x27", AccountAvailableKeys="AES-SHA1, RC4",
                ServiceSupportedEncryptionTypes="-", ServiceAvailableKeys=keys, DCSupportedEncryptionTypes="0x1C",
                DCAvailableKeys="AES-SHA1, RC4", ClientAdvertizedEncryptionTypes=advertized,
                SessionKeyEncryptionType=session)
    return dict(id=4769, t=t, computer="dc1.corp.example.com", source=SECURITY,
                data={n: data[n] for n in KERBEROS_4769_EXT})


def kdcsvc(eid, t, service, client_ip="10.0.0.42", cipher="RC4", keys="RC4", advertized="RC4-HMAC-NT"):
    data = dict(AccountName="dave", AccountDomain="CORP.EXAMPLE.COM", AccountSupportedEncryptionTypes="-",
                AccountAvailableKeys="AES-SHA1, RC4", ServiceName=service, ServiceDomain="CORP.EXAMPLE.COM",
                ServiceSupportedEncryptionTypes="-", ServiceAvailableKeys=keys, DCSupportedEncryptionTypes="0x1C",
                DCAvailableKeys="AES-SHA1, RC4", DefaultDomainSupportedEncTypes="-", ClientAddress=client_ip,
                ClientPort="50300", ClientAdvertizedEncryptionTypes=advertized, Cipher=cipher)
    return dict(id=eid, t=t, computer="dc1.corp.example.com", source=KDC, data={n: data[n] for n in KDCSVC})


def evidence_scenario():
    """The evidence sample, for the same corp.example.com plus the accounts test_event_evidence.cpp adds:
    RC4 service tickets for svc_sql (4769 with the January 2025 fields), KDCSVC audit (201) and
    enforcement (203, 209) events for service accounts and a 205 for the DC, NTLMv1-derived single
    sign-on (4024 audit, 4025 refused), and NTLM to the DC from WS20, which shows no Kerberos, beside
    WS21, which does, and WS22, whose NTLM gives reason 9 (no line of sight to a DC)."""
    h = lambda n: START + datetime.timedelta(days=1, minutes=11 * n)
    ev = [
        kerberos_ext(h(0), "carol@CORP.EXAMPLE.COM", "svc_sql", "0x17", "0x17", "0x17", "RC4", "::ffff:10.0.0.41"),
        kerberos_ext(h(1), "alice@CORP.EXAMPLE.COM", "FILES01$", "0x12", "0x12", "0x12 0x11 0x17",
                     "AES-SHA1, RC4", "::ffff:10.0.0.21"),
        kdcsvc(201, h(2), "svc_old"),
        kdcsvc(203, h(3), "svc_gone", client_ip="10.0.0.43"),
        kdcsvc(209, h(4), "svc_gone", client_ip="10.0.0.44", advertized="AES256-CTS-HMAC-SHA1-96"),
        kdcsvc(205, h(5), "-"),
        ntlm(4024, h(6), "ws11.corp.example.com", TargetName="-", UserName="ian", DomainName="CORP",
             ProcessName="C:\\Windows\\System32\\rasman.exe", ReasonId="0", NtlmVersion="NTLMv1"),
        ntlm(4025, h(7), "ws12.corp.example.com", TargetName="-", UserName="jane", DomainName="CORP",
             ProcessName="C:\\Windows\\System32\\rasman.exe", ReasonId="0", NtlmVersion="NTLMv1"),
        logon_4624(h(8), "dc1.corp.example.com", "kim", "CORP", "WS20", "10.0.0.20"),
        logon_4624(h(9), "dc1.corp.example.com", "alice", "CORP", "WS21", "10.0.0.21"),
        ntlm(4022, h(10), "files01.corp.example.com", TargetName="cifs/files01.corp.example.com", ReasonId="9",
             WorkstationName="WS22", ClientIpAddress="10.0.0.22", UserName="lee", DomainName="CORP",
             ProcessName="System", NtlmVersion="NTLMv2"),
    ]
    for i, e in enumerate(ev):
        e["record"] = 2000 + i
    return ev


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + "%07dZ" % (t.microsecond * 10)


def to_xml(e):
    provider, guid, channel = e["source"]
    data = "".join("<Data Name='%s'>%s</Data>" % (n, escape(v)) for n, v in e["data"].items())
    return ("<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='%s' "
            "Guid='%s'/><EventID>%d</EventID><Version>0</Version><Level>0</Level><Task>0</Task><Opcode>0</Opcode>"
            "<Keywords>0x8020000000000000</Keywords><TimeCreated SystemTime='%s'/><EventRecordID>%d</EventRecordID>"
            "<Correlation/><Execution ProcessID='4' ThreadID='8'/><Channel>%s</Channel><Computer>%s</Computer>"
            "<Security/></System><EventData>%s</EventData></Event>"
            % (provider, guid, e["id"], iso(e["t"]), e["record"], channel, e["computer"], data))


def to_winlogbeat(e):
    provider, guid, channel = e["source"]
    return {"@timestamp": e["t"].strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
            "event": {"code": str(e["id"]), "provider": provider, "kind": "event"},
            "host": {"name": e["computer"].split(".")[0]},
            "winlog": {"channel": channel, "computer_name": e["computer"], "event_id": str(e["id"]),
                       "provider_guid": guid, "provider_name": provider, "record_id": e["record"],
                       "event_data": e["data"], "api": "wineventlog", "keywords": ["Audit Success"]}}


def to_get_winevent(e):
    provider, guid, channel = e["source"]
    ms = int(e["t"].timestamp() * 1000)
    return {"Id": e["id"], "Version": 0, "Qualifiers": None, "Level": 0, "Task": 0, "Opcode": 0,
            "Keywords": -9214364837600034816, "RecordId": e["record"], "ProviderName": provider,
            "ProviderId": guid.strip("{}"), "LogName": channel, "ProcessId": 4, "ThreadId": 8,
            "MachineName": e["computer"], "UserId": None, "TimeCreated": "/Date(%d)/" % ms,
            "Message": "(message text not rendered in samples)",
            "Properties": [{"Value": v} for v in e["data"].values()]}


# ---- .evtx writer (binary XML without templates) ----------------------------------------------

def crc32(data):
    return zlib.crc32(data) & 0xFFFFFFFF


def filetime(t):
    return int((t - datetime.datetime(1601, 1, 1, tzinfo=datetime.timezone.utc)).total_seconds() * 10**7)


class BinXml:
    """Writes one record's binary XML; `base` is the chunk offset where the BinXML starts."""

    def __init__(self, base):
        self.base = base
        self.out = bytearray(b"\x0f\x01\x01\x00")  # fragment header

    def name_ref(self, name):
        # Name defined inline, right after the offset field (a reader follows the offset).
        here = self.base + len(self.out) + 4
        self.out += struct.pack("<I", here)
        h = 0
        for ch in name:
            h = (h * 65599 + ord(ch)) & 0xFFFFFFFF
        self.out += struct.pack("<IHH", 0, h & 0xFFFF, len(name)) + name.encode("utf-16-le") + b"\x00\x00"

    def value(self, text):
        encoded = text.encode("utf-16-le")
        self.out += b"\x05\x01" + struct.pack("<H", len(encoded) // 2) + encoded

    def substitution(self, index, value_type=0x01):
        self.out += b"\x0d" + struct.pack("<HB", index, value_type)

    def element(self, name, attributes=(), text=None, children=(), substitution=None):
        start = len(self.out)
        self.out += bytes([0x41 if attributes else 0x01]) + struct.pack("<H", 0xFFFF)
        size_at = len(self.out)
        self.out += b"\x00\x00\x00\x00"
        self.name_ref(name)
        if attributes:
            list_at = len(self.out)
            self.out += b"\x00\x00\x00\x00"
            for i, (attr, value) in enumerate(attributes):
                self.out += bytes([0x46 if i + 1 < len(attributes) else 0x06])
                self.name_ref(attr)
                self.value(value)
            struct.pack_into("<I", self.out, list_at, len(self.out) - list_at - 4)
        if text is None and not children and substitution is None:
            self.out += b"\x03"  # close empty element
        else:
            self.out += b"\x02"  # close start element
            if substitution is not None:
                self.substitution(substitution)
            elif text is not None and text != "":
                self.value(text)
            for child in children:
                child(self)
            self.out += b"\x04"  # end element
        struct.pack_into("<I", self.out, size_at, len(self.out) - size_at - 4)
        return start

    def finish(self):
        self.out += b"\x00"  # end of fragment
        return bytes(self.out)


def record_binxml(e, base):
    """The event as a plain binary XML fragment: elements, attributes and values written literally.
    Windows itself writes a template instance plus substitution values; libevtx reads both shapes
    (python-evtx only the templated one, so use evtxexport to inspect these files)."""
    return template_body(e, base)


def template_body(e, base):
    provider, guid, channel = e["source"]
    x = BinXml(base)
    el = lambda name, attributes=(), text=None, children=(), substitution=None: (
        lambda w: w.element(name, attributes, text, children, substitution))
    system = [
        el("Provider", [("Name", provider), ("Guid", guid)]),
        el("EventID", text=str(e["id"])),
        el("Version", text="0"), el("Level", text="0"), el("Task", text="0"), el("Opcode", text="0"),
        el("Keywords", text="0x8020000000000000"),
        el("TimeCreated", [("SystemTime", iso(e["t"]))]),
        el("EventRecordID", text=str(e["record"])),
        el("Correlation"),
        el("Execution", [("ProcessID", "4"), ("ThreadID", "8")]),
        el("Channel", text=channel),
        el("Computer", text=e["computer"]),
        el("Security"),
    ]
    data = [el("Data", [("Name", n)], text=v if v != "" else None) for n, v in e["data"].items()]
    x.element("Event", [("xmlns", "http://schemas.microsoft.com/win/2004/08/events/event")],
              children=[el("System", children=system), el("EventData", children=data)])
    return x.finish()


def write_evtx(path, events):
    chunks = []
    chunk = None

    def close(chunk):
        data, first, last, last_offset = chunk["data"], chunk["first"], chunk["last"], chunk["last_offset"]
        header = bytearray(512)
        header[0:8] = b"ElfChnk\x00"
        struct.pack_into("<QQQQIIII", header, 8, first, last, first, last, 128, last_offset, len(data), 0)
        body = bytes(data[512:])
        struct.pack_into("<I", header, 52, crc32(body))
        struct.pack_into("<I", header, 124, crc32(bytes(header[0:120]) + bytes(header[128:512])))
        data[0:512] = header
        return bytes(data) + b"\x00" * (65536 - len(data))

    for e in events:
        if chunk is None:
            chunk = dict(data=bytearray(512), first=e["record"], last=e["record"], last_offset=512)
        offset = len(chunk["data"])
        binxml = record_binxml(e, offset + 24)
        size = 24 + len(binxml) + 4
        if offset + size > 65536:
            chunks.append(close(chunk))
            chunk = dict(data=bytearray(512), first=e["record"], last=e["record"], last_offset=512)
            offset = 512
            binxml = record_binxml(e, offset + 24)
        chunk["data"] += b"\x2a\x2a\x00\x00" + struct.pack("<IQQ", size, e["record"], filetime(e["t"]))
        chunk["data"] += binxml + struct.pack("<I", size)
        chunk["last"] = e["record"]
        chunk["last_offset"] = offset
    if chunk is not None:
        chunks.append(close(chunk))
    header = bytearray(4096)
    header[0:8] = b"ElfFile\x00"
    next_record = (events[-1]["record"] + 1) if events else 1
    struct.pack_into("<QQQIHHHH", header, 8, 0, len(chunks) - 1, next_record, 128, 1, 3, 4096, len(chunks))
    struct.pack_into("<I", header, 124, crc32(bytes(header[0:120])))
    with open(path, "wb") as f:
        f.write(bytes(header))
        for c in chunks:
            f.write(c)


def write_samples(outdir):
    os.makedirs(outdir, exist_ok=True)
    for name, events in (("sample", scenario()), ("evidence", evidence_scenario())):
        with open(os.path.join(outdir, name + ".xml"), "w", encoding="utf-8", newline="\n") as f:
            for e in events:
                f.write(to_xml(e) + "\n")
        with open(os.path.join(outdir, name + ".jsonl"), "w", encoding="utf-8", newline="\n") as f:
            for e in events:
                f.write(json.dumps(to_winlogbeat(e), separators=(",", ":")) + "\n")
        with open(os.path.join(outdir, name + ".json"), "w", encoding="utf-8", newline="\n") as f:
            f.write(json.dumps([to_get_winevent(e) for e in events], indent=4).replace("/Date(", "\\/Date(")
                    .replace(")/", ")\\/") + "\n")
        write_evtx(os.path.join(outdir, name + ".evtx"), events)


def write_large(count, seed):
    """Winlogbeat lines with bounded cardinality: 2,000 clients, 500 targets, 300 accounts."""
    rng = random.Random(seed)
    out = sys.stdout
    t0 = START.timestamp()
    for i in range(count):
        t = datetime.datetime.fromtimestamp(t0 + i * 0.5, tz=datetime.timezone.utc)
        kind = rng.random()
        client = "ws%04d" % rng.randrange(2000)
        if kind < 0.45:
            e = ntlm(8001, t, client + ".corp.example.com", TargetName="cifs/srv%03d.corp.example.com" % rng.randrange(500),
                     UserName="user%03d" % rng.randrange(300), DomainName="CORP", ProcessName="explorer.exe")
        elif kind < 0.7:
            e = dict(id=4776, t=t, computer="dc1.corp.example.com", source=SECURITY, data=dict(
                PackageName="MICROSOFT_AUTHENTICATION_PACKAGE_V1_0", TargetUserName="user%03d" % rng.randrange(300),
                Workstation=client.upper(), Status="0x0"))
        elif kind < 0.8:
            e = logon_4624(t, "srv%03d.corp.example.com" % rng.randrange(500), "user%03d" % rng.randrange(300), "CORP",
                           client.upper(), "10.1.%d.%d" % (rng.randrange(8), rng.randrange(250)),
                           lm="NTLM V1" if rng.random() < 0.02 else "NTLM V2")
        else:
            e = kerberos(4769, t, "user%03d@CORP.EXAMPLE.COM" % rng.randrange(300), "SRV%03d$" % rng.randrange(500))
        e["record"] = i + 1
        out.write(json.dumps(to_winlogbeat(e), separators=(",", ":")) + "\n")


def main(argv):
    if len(argv) >= 2 and argv[0] == "--large":
        seed = int(argv[3]) if len(argv) >= 4 and argv[2] == "--seed" else 1
        write_large(int(argv[1]), seed)
        return 0
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    write_samples(argv[0])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
