#!/usr/bin/env python3
"""Generate the "realistic estate" example: examples/estate/estate.ldif and estate-events.jsonl.

A fictitious forest, ad.northwind.example (NetBIOS NORTHWIND), with the mess a real forest has:
stale computers and users by the hundred, printers and appliance A records, Seamless SSO's
AZUREADSSOACC$, Entra Kerberos (krbtgt_AzureAD, AzureADKerberos$), Entra Connect's MSOL_ account,
an RODC with its krbtgt_NNNNN, a child domain whose DNS delegation has glue records, and SPNs for
hosts in a trusted forest (fabrikam.example). Beside it, 30 days of NTLM and Kerberos audit events
(NXLog-style JSON lines) in which a few hard-coded NTLM users dominate.

What the example proves (examples/estate/README.md, tests/cli/run_estate_test.sh): the noise stays
out of the fix-first list, and the hard-coded NTLM keeps the domain from being ready.

Deterministic (fixed seed, fixed dates, no clock): tests regenerate both files and compare them
byte for byte with the committed ones.

Usage: gen_estate.py OUTPUT_DIR
"""

import datetime
import json
import os
import random
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts"))
import adldif  # noqa: E402
from adldif import a_record, cname_record, ns_record  # noqa: E402

DOMAIN = "ad.northwind.example"
NETBIOS = "NORTHWIND"
BASE = "DC=ad,DC=northwind,DC=example"
CONFIG = "CN=Configuration," + BASE
TIER0_POLICY = f"CN=Tier0 Admins,CN=AuthN Policies,CN=AuthN Policy Configuration,CN=Services,{CONFIG}"
TIER1_POLICY = f"CN=Tier1 Services,CN=AuthN Policies,CN=AuthN Policy Configuration,CN=Services,{CONFIG}"
CHILD = "eu." + DOMAIN
CHILD_NETBIOS = "NWEU"
CHILD_BASE = "DC=eu," + BASE
TRUSTED_FOREST = "fabrikam.example"
ROOT_SID = (21, 1844674407, 3709551615, 42424242)
CHILD_SID = (21, 1844674407, 3709551615, 53535353)
DEFAULT_SPN_MAPPINGS = (
    "host=alerter,appmgmt,cisvc,clipsrv,browser,dhcp,dnscache,replicator,eventlog,eventsystem,"
    "policyagent,oakley,dmserver,dns,mcsvc,fax,msiserver,ias,messenger,netlogon,netman,netdde,"
    "netddedsm,nmagent,plugplay,protectedstorage,rasman,rpclocator,rpc,rpcss,remoteaccess,rsvp,"
    "samss,scardsvr,scesrv,seclogon,scm,dcom,cifs,spooler,snmp,schedule,tapisrv,trksvr,trkwks,ups,"
    "time,wins,www,http,w3svc,iisadmin,msdtc")

# When the estate was "collected"; every date is before it. Stale = no logon and no password change
# for 90 days before it (scan --stale-days), i.e. before 2026-08-03.
COLLECTED = datetime.datetime(2026, 11, 1, tzinfo=datetime.timezone.utc)
# The events cover the 30 days before collection.
EVENT_DAYS = 30

rng = random.Random(13013)
records = []


def sid_bytes(rid=None, sub=ROOT_SID):
    return adldif.sid_bytes(sub, rid)




def at(y, m, d, hour=9):
    return datetime.datetime(y, m, d, hour, 0, 0, tzinfo=datetime.timezone.utc)


def days_before(n, hour=9):
    return (COLLECTED - datetime.timedelta(days=n)).replace(hour=hour)


def filetime(dt):
    return str(int((dt.timestamp() + 11644473600) * 10_000_000))


def gentime(dt):
    return dt.strftime("%Y%m%d%H%M%S.0Z")


def add(dn, attrs, comment=None):
    records.append((dn, attrs, comment))












def security_descriptor(sids):
    """A self-relative security descriptor (MS-DTYP 2.4.6) whose DACL allows each of `sids` (bytes)."""
    aces = b""
    for sid in sids:
        body = struct.pack("<I", 0xF01FF) + sid
        aces += struct.pack("<BBH", 0, 0, 4 + len(body)) + body
    owner = adldif.sid_bytes((32,), 544)
    acl = struct.pack("<BBHHH", 4, 0, 8 + len(aces), len(sids), 0) + aces
    return struct.pack("<BBHIIII", 1, 0, 0x8004, 20, 0, 0, 20 + len(owner)) + owner + acl


class Domain:
    def __init__(self, dns, base, sid):
        self.dns, self.base, self.sid, self.next_rid = dns, base, sid, 1104

    def rid(self):
        self.next_rid += 1
        return self.next_rid


root = Domain(DOMAIN, BASE, ROOT_SID)
child = Domain(CHILD, CHILD_BASE, CHILD_SID)
computers = {}  # fqdn -> (sam, ip)


def computer(dom, name, ou, pwd, logon, spns=None, uac=4096, os_name="Windows 11 Enterprise", extra=None,
             default_spns=True, dns_host=True, ip=None, created=None, comment=None, primary=None):
    fqdn = f"{name.lower()}.{dom.dns}"
    dn = f"CN={name},{ou},{dom.base}"
    attrs = [("objectClass", c) for c in ("top", "person", "organizationalPerson", "user", "computer")]
    attrs += [("cn", name), ("sAMAccountName", name + "$"), ("objectSid", sid_bytes(dom.rid(), dom.sid)),
              ("userAccountControl", str(uac)), ("primaryGroupID", primary or ("516" if uac & 0x2000 else "515")),
              ("whenCreated", gentime(created or min(pwd, at(2019, 1, 7))))]
    if os_name:
        attrs.append(("operatingSystem", os_name))
    attrs.append(("pwdLastSet", filetime(pwd)))
    if logon:
        attrs.append(("lastLogonTimestamp", filetime(logon)))
    if dns_host:
        attrs.append(("dNSHostName", fqdn))
    all_spns = []
    if default_spns:
        all_spns += [f"HOST/{name}", f"HOST/{fqdn}", f"RestrictedKrbHost/{name}", f"RestrictedKrbHost/{fqdn}"]
        if os_name and "Server" in os_name:
            all_spns += [f"TERMSRV/{name}", f"TERMSRV/{fqdn}", f"WSMAN/{name}", f"WSMAN/{fqdn}"]
    all_spns += spns or []
    attrs += [("servicePrincipalName", s) for s in all_spns]
    attrs += extra or []
    add(dn, attrs, comment)
    computers[fqdn] = (name + "$", ip)
    return dn


def user(dom, sam, pwd, logon, ou="OU=Staff", spns=None, uac=512, extra=None, created=None, comment=None,
         rid_value=None, primary="513"):
    dn = f"CN={sam},{ou},{dom.base}"
    attrs = [("objectClass", c) for c in ("top", "person", "organizationalPerson", "user")]
    attrs += [("cn", sam), ("sAMAccountName", sam), ("userPrincipalName", f"{sam}@{dom.dns}"),
              ("objectSid", sid_bytes(rid_value or dom.rid(), dom.sid)), ("userAccountControl", str(uac)),
              ("primaryGroupID", primary), ("whenCreated", gentime(created or min(pwd, at(2018, 2, 1)))),
              ("pwdLastSet", filetime(pwd))]
    if logon:
        attrs.append(("lastLogonTimestamp", filetime(logon)))
    attrs += [("servicePrincipalName", s) for s in spns or []]
    attrs += extra or []
    add(dn, attrs, comment)
    return dn


def group(dom, name, rid_value=None, members=(), ou="CN=Users", created=at(2009, 4, 1), builtin=False):
    dn = f"CN={name},{'CN=Builtin' if builtin else ou},{dom.base}"
    sid = sid_bytes(rid_value, (32,)) if builtin else sid_bytes(rid_value or dom.rid(), dom.sid)
    add(dn, [("objectClass", "top"), ("objectClass", "group"), ("cn", name), ("sAMAccountName", name),
             ("objectSid", sid), ("groupType", "-2147483646"), ("whenCreated", gentime(created))] +
        [("member", m) for m in members])
    return dn


def ou(dom, path):
    add(f"{path},{dom.base}", [("objectClass", "top"), ("objectClass", "organizationalUnit"),
                               ("ou", path.split(",")[0][3:])])


def recent(max_days=20):
    return days_before(rng.randint(1, max_days), hour=rng.randint(6, 18))


def stale_logon():
    return at(rng.randint(2014, 2025), rng.randint(1, 12), rng.randint(1, 28))


def dc_spns(dom, name, netbios, ntds):
    fqdn = f"{name.lower()}.{dom.dns}"
    return [f"Dfsr-12F9A27C-BF97-4787-9364-D31B6C55EB04/{fqdn}", f"ldap/{fqdn}/ForestDnsZones.{DOMAIN}",
            f"ldap/{fqdn}/DomainDnsZones.{dom.dns}", f"DNS/{fqdn}", f"GC/{fqdn}/{DOMAIN}",
            f"HOST/{fqdn}/{netbios}", f"HOST/{fqdn}/{dom.dns}", f"HOST/{name}/{netbios}",
            f"E3514235-4B06-11D1-AB04-00C04FC2DCD2/{ntds}/{dom.dns}", f"ldap/{ntds}._msdcs.{DOMAIN}",
            f"ldap/{fqdn}/{netbios}", f"ldap/{name}/{netbios}", f"ldap/{fqdn}", f"ldap/{name}", f"ldap/{fqdn}/{dom.dns}"]


def ntds_guid():
    return "%08x-%04x-4%03x-a%03x-%012x" % (rng.getrandbits(32), rng.getrandbits(16), rng.getrandbits(12),
                                           rng.getrandbits(12), rng.getrandbits(48))


# --- the forest root: domain, configuration ------------------------------------------------------
# Born in 2009 at the 2003 level, raised to 2008+ in June 2013 (the RID-521 group's creation): every
# password set before then has no AES keys.
add(BASE, [("objectClass", "top"), ("objectClass", "domain"), ("objectClass", "domainDNS"), ("dc", "ad"),
           ("objectSid", sid_bytes(None)), ("msDS-Behavior-Version", "7"), ("whenCreated", gentime(at(2009, 4, 1)))])
add(f"CN=Partitions,{CONFIG}", [("objectClass", "top"), ("objectClass", "crossRefContainer"),
                                ("msDS-Behavior-Version", "7")])
add(f"CN={NETBIOS},CN=Partitions,{CONFIG}",
    [("objectClass", "top"), ("objectClass", "crossRef"), ("nCName", BASE), ("dnsRoot", DOMAIN),
     ("nETBIOSName", NETBIOS), ("systemFlags", "3")])
add(f"CN={CHILD_NETBIOS},CN=Partitions,{CONFIG}",
    [("objectClass", "top"), ("objectClass", "crossRef"), ("nCName", CHILD_BASE), ("dnsRoot", CHILD),
     ("nETBIOSName", CHILD_NETBIOS), ("systemFlags", "3")])
# Planted: dSHeuristics turns the SPN uniqueness check off again (21st character 2; the 10th and
# 20th hold their check digits), as a vendor's install guide once asked (SPN-UNIQUENESS-DISABLED).
add(f"CN=Directory Service,CN=Windows NT,CN=Services,{CONFIG}",
    [("objectClass", "top"), ("objectClass", "nTDSService"), ("sPNMappings", DEFAULT_SPN_MAPPINGS),
     ("dSHeuristics", "000000000100000000022")])
# Authentication policies: Tier 0 admins may sign in only from the DCs and admin workstations, and not
# by NTLM (enforced); Tier 1 service accounts are restricted too, but NTLM stays allowed.
add(f"CN=Tier0 Admins,CN=AuthN Policies,CN=AuthN Policy Configuration,CN=Services,{CONFIG}",
    [("objectClass", "top"), ("objectClass", "msDS-AuthNPolicy"), ("msDS-AuthNPolicyEnforced", "TRUE"),
     ("msDS-UserAllowedToAuthenticateFrom", security_descriptor([sid_bytes(516)])),
     ("msDS-UserAllowedNTLMNetworkAuthentication", "FALSE")],
     "planted: refuses the Tier 0 admins' NTLM network logons")
add(f"CN=Tier1 Services,CN=AuthN Policies,CN=AuthN Policy Configuration,CN=Services,{CONFIG}",
    [("objectClass", "top"), ("objectClass", "msDS-AuthNPolicy"), ("msDS-AuthNPolicyEnforced", "TRUE"),
     ("msDS-UserAllowedToAuthenticateFrom", security_descriptor([sid_bytes(515)])),
     ("msDS-UserAllowedNTLMNetworkAuthentication", "TRUE")])
for path in ("OU=Domain Controllers", "OU=Tier0", "OU=Admins,OU=Tier0", "OU=Tier1", "OU=Servers,OU=Tier1",
             "OU=Service Accounts,OU=Tier1", "OU=Workstations", "OU=Staff", "OU=Disabled Objects"):
    ou(root, path)

# --- domain controllers, the RODC and the krbtgt accounts -----------------------------------------
dcs = []
for name, ip in (("DC01", "10.10.0.10"), ("DC02", "10.10.0.11")):
    dcs.append(computer(root, name, "OU=Domain Controllers", recent(5), recent(1), spns=dc_spns(root, name, NETBIOS,
                        ntds_guid()), uac=532480, os_name="Windows Server 2022 Datacenter", ip=ip))
user(root, "krbtgt", days_before(170), None, ou="CN=Users", uac=514, spns=["kadmin/changepw"], rid_value=502)
rodc_krbtgt = user(root, "krbtgt_31807", at(2024, 2, 1), None, ou="CN=Users", uac=514, rid_value=1103,
                   comment="RODC krbtgt, not reset since 2024: KRBTGT-PASSWORD-AGE with the RODC's own procedure")
rodc_fqdn = f"branch-rodc01.{DOMAIN}"
computer(root, "BRANCH-RODC01", "OU=Domain Controllers", recent(10), recent(1), uac=83890176,
         os_name="Windows Server 2019 Standard", ip="10.40.0.5", primary="521",
         spns=[f"ldap/{rodc_fqdn}", f"ldap/BRANCH-RODC01", f"GC/{rodc_fqdn}/{DOMAIN}", f"DNS/{rodc_fqdn}"],
         extra=[("msDS-KrbTgtLink", rodc_krbtgt)], comment="the branch office's read-only DC")
user(root, "Administrator", days_before(40), recent(30), ou="CN=Users", uac=66048, rid_value=500,
     extra=[("adminCount", "1")])

# --- Microsoft Entra: Seamless SSO, Entra Kerberos, Entra Connect ---------------------------------
computer(root, "AZUREADSSOACC", "OU=Tier0", days_before(12), None, os_name=None, default_spns=False,
         dns_host=False, spns=["HTTP/autologon.microsoftazuread-sso.com", "HTTP/aadg.windows.net.nsatc.net"],
         extra=[("msDS-SupportedEncryptionTypes", "24")],
         comment="Seamless SSO, key rolled over 12 days ago, AES: nothing to fix, and no 'setspn -D' advice")
entra_krbtgt = user(root, "krbtgt_AzureAD", days_before(60), None, ou="CN=Users", uac=514,
                    comment="Entra Kerberos krbtgt: not the domain krbtgt")
computer(root, "AzureADKerberos", "OU=Domain Controllers", days_before(60), None, uac=83890176, os_name=None,
         default_spns=False, dns_host=False, primary="521", extra=[("msDS-KrbTgtLink", entra_krbtgt)],
         comment="Entra Kerberos server object: an RODC-like object no machine runs as")
msol = user(root, "MSOL_5f3a2b9c8d7e", days_before(300), recent(1), ou="CN=Users", uac=66048,
            extra=[("adminCount", "1")],
            comment="Entra Connect AD DS connector account; adminCount left from a setup in Domain Admins")

# --- admins (Tier 0) -----------------------------------------------------------------------------
admins = []
for sam in ("adm.hwagner", "adm.lmeyer", "adm.tkowalski"):
    admins.append(user(root, sam, days_before(rng.randint(20, 80)), recent(3), ou="OU=Admins,OU=Tier0",
                       extra=[("adminCount", "1"), ("msDS-AssignedAuthNPolicy", TIER0_POLICY)]))
group(root, "Domain Admins", 512, members=admins)
group(root, "Enterprise Admins", 519, members=[admins[0]])
group(root, "Protected Users", 525, members=[])
group(root, "Read-only Domain Controllers", 521, created=at(2013, 6, 15))

# --- member servers: live ones, a few planted live problems -------------------------------------
servers = []
for i in range(1, 121):
    name = f"SRV-APP{i:03}"
    ip = f"10.10.{10 + i // 200}.{i % 200 + 20}"
    computer(root, name, "OU=Servers,OU=Tier1", recent(25), recent(2), os_name="Windows Server 2022 Standard", ip=ip)
    servers.append(name)
computer(root, "ERP-APP01", "OU=Servers,OU=Tier1", recent(25), recent(1), os_name="Windows Server 2019 Standard",
         ip="10.10.5.10")
computer(root, "ERP-DB01", "OU=Servers,OU=Tier1", recent(25), recent(1), os_name="Windows Server 2019 Standard",
         ip="10.10.5.11")
computer(root, "FILESRV01", "OU=Servers,OU=Tier1", recent(25), recent(1), os_name="Windows Server 2022 Standard",
         ip="10.10.5.20", extra=[("msDS-AdditionalDnsHostName", f"files.{DOMAIN}")],
         comment="planted: alternate name files.ad.northwind.example has no HOST/ SPN")
computer(root, "FILESRV02", "OU=Servers,OU=Tier1", recent(25), recent(1), os_name="Windows Server 2022 Standard",
         ip="10.10.5.21")
computer(root, "MON01", "OU=Servers,OU=Tier1", recent(25), recent(1), os_name="Windows Server 2022 Standard",
         ip="10.10.5.30")
computer(root, "INTRA01", "OU=Servers,OU=Tier1", recent(25), recent(1), os_name="Windows Server 2022 Standard",
         ip="10.10.5.40")

# Stale servers: decommissioned without cleanup, passwords from before AES, RC4 only.
for i in range(1, 19):
    computer(root, f"OLD-SRV{i:02}", "OU=Servers,OU=Tier1", at(2012, rng.randint(1, 12), rng.randint(1, 28)),
             stale_logon(), os_name="Windows Server 2008 R2 Standard", extra=[("msDS-SupportedEncryptionTypes", "4")])

# --- service accounts -----------------------------------------------------------------------------
svc = "OU=Service Accounts,OU=Tier1"
user(root, "svc_sql_erp", days_before(200), recent(1), ou=svc, uac=66048,
     spns=[f"MSSQLSvc/erp-db01.{DOMAIN}:1433", f"MSSQLSvc/erp-db01.{DOMAIN}"],
     extra=[("msDS-AssignedAuthNPolicy", TIER1_POLICY)])
user(root, "svc_erp", days_before(400), recent(1), ou=svc, uac=66048)
user(root, "svc_monitor", days_before(150), recent(1), ou=svc, uac=66048)
user(root, "svc_scan2folder", days_before(900), recent(1), ou=svc, uac=66048)
user(root, "svc_intranet", days_before(100), recent(1), ou=svc, uac=66048, spns=[f"HTTP/intranet.{DOMAIN}"])
user(root, "svc_intranet_old", at(2019, 5, 2), recent(1), ou=svc, uac=66048, spns=[f"HTTP/intranet.{DOMAIN}"],
     comment="planted: duplicate SPN HTTP/intranet (the old app pool identity still holds it)")
user(root, "svc_backup", days_before(250), recent(1), ou=svc, uac=66048, spns=[f"BackupAgent/srv-app001.{DOMAIN}"],
     extra=[("msDS-SupportedEncryptionTypes", "4")], comment="planted: RC4-only service account")
user(root, "svc_legacy_hr", at(2011, 3, 14), recent(2), ou=svc, uac=66048, spns=[f"HTTP/hr.{DOMAIN}"],
     comment="planted: live service account whose password predates AES")
user(root, "svc_reporting", days_before(90), recent(1), ou=svc, uac=66048,
     spns=[f"HTTP/reports.{TRUSTED_FOREST}", f"MSSQLSvc/sqlrpt01.{TRUSTED_FOREST}:1433"],
     comment="SPNs for hosts in the trusted forest fabrikam.example")

# --- workstations: live, stale from before AES, stale since -------------------------------------
for i in range(1, 1001):
    computer(root, f"WS{i:05}", "OU=Workstations", recent(28), recent(10))
for i in range(1, 301):
    computer(root, f"WS-OLD{i:04}", "OU=Workstations", at(rng.randint(2011, 2012), rng.randint(1, 12), rng.randint(1, 28)),
             stale_logon() if i % 7 else None, os_name="Windows 7 Professional")
for i in range(1, 121):
    computer(root, f"WS-GONE{i:04}", "OU=Workstations", at(2021, rng.randint(1, 12), rng.randint(1, 28)),
             at(2022, rng.randint(1, 12), rng.randint(1, 28)), os_name="Windows 10 Enterprise")

# --- users: live, stale from before AES, stale since ----------------------------------------------
first = ["anna", "ben", "carla", "david", "eva", "felix", "greta", "hugo", "ines", "jonas", "klara", "lukas",
         "mia", "noah", "olga", "paul", "rosa", "stefan", "tina", "uwe"]
last = ["becker", "fischer", "hoffmann", "koch", "lang", "meyer", "neumann", "richter", "schmidt", "wolf"]
for i in range(700):
    user(root, f"{first[i % 20]}.{last[(i // 20) % 10]}{i // 200 or ''}", recent(80), recent(14))
for i in range(250):
    user(root, f"left.{first[i % 20]}{i:03}", at(rng.randint(2010, 2012), rng.randint(1, 12), rng.randint(1, 28)),
         stale_logon() if i % 5 else None, ou="OU=Staff")

# --- delegation ----------------------------------------------------------------------------------
# Added after every other object of the root domain, and without random draws, so that the RIDs and
# dates of the objects above stay what they were.
computer(root, "PORTAL01", "OU=Servers,OU=Tier1", days_before(20), days_before(1), uac=4096 | 0x1000000,
         os_name="Windows Server 2022 Standard",
         extra=[("msDS-AllowedToDelegateTo", f"MSSQLSvc/erp-db01.{DOMAIN}:1433"),
                ("msDS-AllowedToDelegateTo", f"HTTP/crm.{DOMAIN}")],
         comment="planted: protocol transition (accepts NTLM from its clients) and a delegation entry to the CRM "
                 "decommissioned in 2023, which no account holds")
portal_sid = sid_bytes(root.next_rid, root.sid)
computer(root, "REPORT01", "OU=Servers,OU=Tier1", days_before(20), days_before(1),
         os_name="Windows Server 2022 Standard",
         extra=[("msDS-AllowedToActOnBehalfOfOtherIdentity",
                 security_descriptor([portal_sid, sid_bytes(4711, root.sid)]))],
         comment="planted: resource-based delegation allows PORTAL01 and the SID of a front-end deleted in 2024")
# --- NPS for the staff Wi-Fi (PEAP-MS-CHAP v2), registered in RAS and IAS Servers (RID 553) -------
# Fixed dates, no DNS record: adding it must not shift the random draws or the zone of what follows.
nps = computer(root, "NPS01", "OU=Servers,OU=Tier1", days_before(30), days_before(1),
               os_name="Windows Server 2022 Standard",
               comment="planted: NPS (RADIUS) server; PEAP-MS-CHAP v2 is NTLM underneath (NPS-MSCHAPV2)")
group(root, "RAS and IAS Servers", 553, members=[nps])
# --- SQL Server: the BI server and its availability group listener; a short-name web SPN ---------
# Fixed dates (no rng) and placed after every other object of the root domain, so that adding them
# moved no other object's SID or dates.
computer(root, "BI-DB01", "OU=Servers,OU=Tier1", days_before(21), days_before(1),
         os_name="Windows Server 2022 Standard", ip="10.10.5.50")
computer(root, "BI-AG01", "OU=Servers,OU=Tier1", days_before(30), days_before(2), os_name=None, ip="10.10.5.51",
         spns=[f"MSSQLSvc/bi-ag01.{DOMAIN}:1433"],
         comment="planted: the listener's own object (no operatingSystem) holds its MSSQLSvc SPN (SPN-MSSQL-LISTENER)")
user(root, "svc_sql_bi", days_before(70), days_before(1), ou=svc, uac=66048,
     spns=[f"MSSQLSvc/bi-db01.{DOMAIN}:1433"])
user(root, "svc_sql_bi_2016", at(2016, 5, 3), at(2023, 8, 30), ou="OU=Disabled Objects", uac=66050,
     spns=[f"MSSQLSvc/bi-db01.{DOMAIN}"],
     comment="planted: the old SQL service account, disabled, still holds the named-pipe form (SPN-MSSQL-SPLIT)")
user(root, "svc_wiki", days_before(120), days_before(1), ou=svc, uac=66048, spns=["HTTP/INTRA01"],
     comment="planted: a web SPN with only the short host name (NAME-SINGLE-LABEL)")

# --- the child domain eu.ad.northwind.example ---------------------------------------------------
add(CHILD_BASE, [("objectClass", "top"), ("objectClass", "domain"), ("objectClass", "domainDNS"), ("dc", "eu"),
                 ("objectSid", sid_bytes(None, CHILD_SID)), ("msDS-Behavior-Version", "7"),
                 ("whenCreated", gentime(at(2016, 9, 1)))])
for path in ("OU=Domain Controllers", "OU=Workstations", "OU=Staff"):
    ou(child, path)
child_dcs = []
for name, ip in (("EUDC01", "10.60.0.10"), ("EUDC02", "10.60.0.11")):
    child_dcs.append(computer(child, name, "OU=Domain Controllers", recent(5), recent(1),
                              spns=dc_spns(child, name, CHILD_NETBIOS, ntds_guid()), uac=532480,
                              os_name="Windows Server 2022 Datacenter", ip=ip))
user(child, "krbtgt", days_before(120), None, ou="CN=Users", uac=514, spns=["kadmin/changepw"], rid_value=502)
group(child, "Protected Users", 525, created=at(2016, 9, 1))
group(child, "Read-only Domain Controllers", 521, created=at(2016, 9, 1))
group(child, "Domain Admins", 512, created=at(2016, 9, 1))
for i in range(1, 151):
    computer(child, f"EUWS{i:04}", "OU=Workstations", recent(28), recent(10))
for i in range(1, 41):
    computer(child, f"EUWS-OLD{i:03}", "OU=Workstations", at(2019, rng.randint(1, 12), rng.randint(1, 28)),
             at(2020, rng.randint(1, 12), rng.randint(1, 28)), os_name="Windows 10 Enterprise")
for i in range(120):
    user(child, f"eu.{first[i % 20]}{i:03}", recent(80), recent(14))

# --- the forest trust to fabrikam.example (AES, forest-transitive) --------------------------------
# Planted: its name-suffix routing (msDS-TrustForestTrustInfo, MS-ADTS 6.1.6.9.3) holds the UPN suffix
# fabrikam-apps.example that Fabrikam added after the trust was made, still LSA_TLN_DISABLED_NEW
# (TRUST-SUFFIX-ROUTING).


def forest_trust_info(records):
    """msDS-TrustForestTrustInfo: Version 1, RecordCount, records (all little-endian, unaligned)."""
    def record(rtype, flags, data):
        body = struct.pack("<IQB", flags, int(filetime(at(2018, 3, 1))), rtype) + data
        return struct.pack("<I", len(body)) + body

    def counted(text):
        return struct.pack("<I", len(text.encode())) + text.encode()

    out = b""
    for rtype, flags, *fields in records:
        if rtype == 2:
            sid = sid_bytes(None, fields[2])
            out += record(rtype, flags, struct.pack("<I", len(sid)) + sid + counted(fields[0]) + counted(fields[1]))
        else:
            out += record(rtype, flags, counted(fields[0]))
    return struct.pack("<II", 1, len(records)) + out


FABRIKAM_FTINFO = forest_trust_info([
    (0, 0, TRUSTED_FOREST),
    (0, 0x1, "fabrikam-apps.example"),  # LSA_TLN_DISABLED_NEW
    (2, 0, TRUSTED_FOREST, "FABRIKAM", (21, 111, 222, 333)),
])
add(f"CN={TRUSTED_FOREST},CN=System,{BASE}",
    [("objectClass", "top"), ("objectClass", "leaf"), ("objectClass", "trustedDomain"), ("cn", TRUSTED_FOREST),
     ("trustPartner", TRUSTED_FOREST), ("flatName", "FABRIKAM"), ("trustType", "2"), ("trustDirection", "3"),
     ("trustAttributes", "8"), ("msDS-SupportedEncryptionTypes", "24"),
     ("msDS-TrustForestTrustInfo", FABRIKAM_FTINFO),
     ("securityIdentifier", sid_bytes(None, (21, 111, 222, 333))), ("whenCreated", gentime(at(2018, 3, 1)))])

# --- DNS: the root zone, glue records for the child, printers and appliances ----------------------
ZONE = f"DC={DOMAIN},CN=MicrosoftDNS,DC=DomainDnsZones,{BASE}"
add(ZONE, [("objectClass", "top"), ("objectClass", "dnsZone"), ("dc", DOMAIN)])


def dns_node(zone_dn, name, recs, comment=None):
    add(f"DC={name},{zone_dn}", [("objectClass", "top"), ("objectClass", "dnsNode"), ("dc", name)] +
        [("dnsRecord", r) for r in recs], comment)


for fqdn, (sam, ip) in sorted(computers.items()):
    if ip and fqdn.endswith("." + DOMAIN) and not fqdn.endswith("." + CHILD):
        dns_node(ZONE, fqdn[: -len(DOMAIN) - 1], [a_record(ip)])
# The delegation of eu.ad.northwind.example: NS records and the glue A records of its DCs.
dns_node(ZONE, "eu", [ns_record(f"eudc01.{CHILD}"), ns_record(f"eudc02.{CHILD}")], "delegation of the child domain")
dns_node(ZONE, "eudc01.eu", [a_record("10.60.0.10")], "glue")
dns_node(ZONE, "eudc02.eu", [a_record("10.60.0.11")], "glue")
dns_node(ZONE, "intranet", [a_record("10.10.5.40")], "alias of INTRA01 (HTTP/intranet is held twice)")
dns_node(ZONE, "hr", [cname_record(f"intra01.{DOMAIN}")])
dns_node(ZONE, "erp", [cname_record(f"erp-app01.{DOMAIN}")], "planted: CNAME without an SPN")
dns_node(ZONE, "bi", [cname_record("bi-db01")], "planted: CNAME to a single-label name (NAME-SINGLE-LABEL)")
sites = ["ber", "muc", "ham", "fra", "cgn", "stu"]
for i in range(120):
    dns_node(ZONE, f"prn-{sites[i % 6]}-{i // 6 + 1:03}", [a_record(f"10.30.{i % 6}.{i // 6 + 10}")],
             "printer" if i == 0 else None)
for i in range(1, 41):
    dns_node(ZONE, f"ilo-srv-app{i:03}", [a_record(f"10.90.0.{i + 10}")], "iLO" if i == 1 else None)
for i in range(1, 31):
    dns_node(ZONE, f"idrac-{i:02}", [a_record(f"10.90.1.{i + 10}")])
for kind, n in (("ups", 12), ("nas", 6), ("cam", 24), ("pdu", 10)):
    for i in range(1, n + 1):
        dns_node(ZONE, f"{kind}-{i:02}", [a_record(f"10.91.{['ups', 'nas', 'cam', 'pdu'].index(kind)}.{i + 10}")])
CHILD_ZONE = f"DC={CHILD},CN=MicrosoftDNS,DC=DomainDnsZones,{CHILD_BASE}"
add(CHILD_ZONE, [("objectClass", "top"), ("objectClass", "dnsZone"), ("dc", CHILD)])
for fqdn, (sam, ip) in sorted(computers.items()):
    if ip and fqdn.endswith("." + CHILD):
        dns_node(CHILD_ZONE, fqdn[: -len(CHILD) - 1], [a_record(ip)])
for i in range(1, 21):
    dns_node(CHILD_ZONE, f"prn-par-{i:03}", [a_record(f"10.61.0.{i + 10}")])


# --- output ---------------------------------------------------------------------------------------




def write_ldif(path):
    with open(path, "w", newline="\n") as out:
        adldif.write_snapshot(out, COLLECTED.strftime("%Y-%m-%dT%H:%M:%SZ"),
                              ["kerbready example estate: ad.northwind.example (fictitious). Generated by",
                               "examples/estate/gen_estate.py; do not edit by hand. See examples/estate/README.md."],
                              records)


# --- events: 30 days, NXLog-style JSON lines ------------------------------------------------------
def write_events(path):
    events = []
    start = COLLECTED - datetime.timedelta(days=EVENT_DAYS)

    def when(day):
        return start + datetime.timedelta(days=day, seconds=rng.randint(6 * 3600, 20 * 3600))

    def ev(t, host, event_id, **data):
        record = {"EventTime": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "Hostname": host, "EventID": event_id}
        record.update(data)
        events.append((t, host, event_id, record))

    live_users = [f"{first[i % 20]}.{last[(i // 20) % 10]}" for i in range(200)]
    for day in range(EVENT_DAYS):
        # Kerberos: service tickets issued by the DCs (a sample: 100 a day).
        for _ in range(100):
            target = f"srv-app{rng.randint(1, 120):03}"
            ev(when(day), f"dc0{rng.randint(1, 2)}.{DOMAIN}", 4769, TargetUserName=f"{rng.choice(live_users)}@{DOMAIN.upper()}",
               ServiceName=f"SRV-APP{target[-3:]}$", Status="0x0", TicketEncryptionType="0x12",
               IpAddress=f"::ffff:10.20.{rng.randint(0, 9)}.{rng.randint(10, 250)}")
        # Hard-coded NTLM 1: the ERP application server logs on to its database with NTLM (the
        # vendor's connection string forces it); MSSQLSvc/erp-db01 exists, so the directory explains nothing.
        for _ in range(18):
            ev(when(day), f"erp-db01.{DOMAIN}", 4624, TargetUserName="svc_erp", TargetDomainName=NETBIOS,
               LogonType="3", AuthenticationPackageName="NTLM", LmPackageName="NTLM V2", WorkstationName="ERP-APP01",
               IpAddress="10.10.5.10", ProcessName="-")
        # Hard-coded NTLM 2: the monitoring agent authenticates to the application servers with NTLM.
        for _ in range(12):
            ev(when(day), f"mon01.{DOMAIN}", 8001, TargetName=f"HOST/srv-app{rng.randint(1, 8):03}.{DOMAIN}",
               UserName="svc_monitor", DomainName=NETBIOS, ProcessName="C:\\Program Files\\Monitor\\agent.exe")
        # Hard-coded NTLM 3: the copiers' scan-to-folder (SMB with NTLM, no Kerberos in their firmware).
        for _ in range(7):
            ev(when(day), f"filesrv02.{DOMAIN}", 4624, TargetUserName="svc_scan2folder", TargetDomainName=NETBIOS,
               LogonType="3", AuthenticationPackageName="NTLM", LmPackageName="NTLM V2",
               WorkstationName=f"KM-C458-{rng.randint(1, 6)}", IpAddress=f"10.30.{rng.randint(0, 5)}.200",
               ProcessName="-")
        # NTLM the directory explains: the duplicate HTTP/intranet, and files (no HOST/ SPN).
        for _ in range(3):
            ev(when(day), f"ws{rng.randint(1, 1000):05}.{DOMAIN}", 8001, TargetName=f"HTTP/intranet.{DOMAIN}",
               UserName=rng.choice(live_users), DomainName=NETBIOS, ProcessName="C:\\Program Files\\Edge\\msedge.exe")
        for _ in range(2):
            ev(when(day), f"ws{rng.randint(1, 1000):05}.{DOMAIN}", 8001, TargetName=f"cifs/files.{DOMAIN}",
               UserName=rng.choice(live_users), DomainName=NETBIOS, ProcessName="System")
    # Planted event evidence (fixed, no draws from rng, so the events above stay as they were):
    planted = datetime.timedelta(hours=10)
    for day in range(EVENT_DAYS):
        t = start + datetime.timedelta(days=day) + planted
        # The KDC still issues RC4 tickets for svc_backup (RC4 only): evidence on its ENC-RC4-ONLY finding.
        ev(t, f"dc01.{DOMAIN}", 4769, TargetUserName=f"{live_users[day]}@{DOMAIN.upper()}", ServiceName="svc_backup",
           Status="0x0", TicketEncryptionType="0x17", SessionKeyEncryptionType="0x12",
           ClientAdvertizedEncryptionTypes="AES256-CTS-HMAC-SHA1-96 AES128-CTS-HMAC-SHA1-96 RC4-HMAC",
           ServiceAvailableKeys="RC4", IpAddress=f"::ffff:10.20.{day % 10}.{20 + day}")
    for day in (27, 28, 29):
        # svc_legacy_hr has no AES keys (password from 2011): the KDC refuses its RC4 tickets (KB5073381).
        t = start + datetime.timedelta(days=day, hours=11)
        ev(t, f"dc02.{DOMAIN}", 204, SourceName="Microsoft-Windows-Kerberos-Key-Distribution-Center",
           Channel="System", ServiceName="svc_legacy_hr", ServiceAvailableKeys="RC4", ClientAddress="10.20.3.44",
           ClientAdvertizedEncryptionTypes="AES256-CTS-HMAC-SHA1-96 RC4-HMAC", Cipher="RC4")
    for day in (3, 10, 17, 24, 26):
        # The VPN client of WS00417 derives NTLMv1 credentials for single sign-on (MS-CHAPv2):
        # audited, then refused once BlockNtlmv1SSO was set (KB5066470).
        t = start + datetime.timedelta(days=day, hours=8)
        ev(t, f"ws00417.{DOMAIN}", 4025 if day == 26 else 4024, SourceName="Microsoft-Windows-NTLM",
           Channel="Microsoft-Windows-NTLM/Operational", UserName="anna.berg", DomainName=NETBIOS,
           ProcessName="C:\\Windows\\System32\\rasman.exe", NtlmVersion="NTLMv1")
    for day in (5, 6, 12, 19):
        # WS00777 sits in a subnet without a route to the KDCs' port 88: NTLM to the DC, no Kerberos at all.
        t = start + datetime.timedelta(days=day, hours=9)
        ev(t, f"dc01.{DOMAIN}", 4624, TargetUserName="ben.keller", TargetDomainName=NETBIOS, LogonType="3",
           AuthenticationPackageName="NTLM", LmPackageName="NTLM V2", WorkstationName="WS00777",
           IpAddress="10.20.99.77", ProcessName="-")
    for day in (8, 22):
        # A local administrator on SRV-APP005 and a share reached by IP address.
        t = start + datetime.timedelta(days=day, hours=14)
        ev(t, f"srv-app005.{DOMAIN}", 4624, TargetUserName="localadmin", TargetDomainName="SRV-APP005",
           LogonType="3", AuthenticationPackageName="NTLM", LmPackageName="NTLM V2", WorkstationName="WS00101",
           IpAddress="10.20.1.101", ProcessName="-")
        ev(t, f"ws00233.{DOMAIN}", 8001, TargetName="cifs/10.10.7.50", UserName="carla.hoffmann", DomainName=NETBIOS,
           ProcessName="C:\\Windows\\explorer.exe")
    events.sort(key=lambda e: (e[0], e[1], e[2]))
    with open(path, "w", newline="\n") as out:
        for number, (_, _, _, record) in enumerate(events, 1):
            record["RecordNumber"] = number
            out.write(json.dumps(record, sort_keys=True, separators=(",", ":")) + "\n")


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: gen_estate.py OUTPUT_DIR")
    os.makedirs(sys.argv[1], exist_ok=True)
    write_ldif(os.path.join(sys.argv[1], "estate.ldif"))
    write_events(os.path.join(sys.argv[1], "estate-events.jsonl"))


if __name__ == "__main__":
    main()
