#!/usr/bin/env python3
"""Generate examples/corp.example.com.ldif: a fictitious but realistic AD forest snapshot.

The output is deterministic (fixed seed, fixed dates), so the committed file and the golden report
built from it stay byte-stable; tests/cli/run_cli_tests.sh regenerates it and compares. The planted
misconfigurations are listed in examples/README.md; every one is marked "# planted:" below.

Usage: gen_example.py [OUTPUT]   (default: stdout)
"""

import random
import sys
import uuid

import adldif
from adldif import a_record, cname_record

DOMAIN = "corp.example.com"
NETBIOS = "CORP"
BASE = "DC=corp,DC=example,DC=com"
CONFIG = "CN=Configuration," + BASE
DOMAIN_SID = (21, 3623811015, 3361044348, 30300820)
DEFAULT_SPN_MAPPINGS = (
    "host=alerter,appmgmt,cisvc,clipsrv,browser,dhcp,dnscache,replicator,eventlog,eventsystem,"
    "policyagent,oakley,dmserver,dns,mcsvc,fax,msiserver,ias,messenger,netlogon,netman,netdde,"
    "netddedsm,nmagent,plugplay,protectedstorage,rasman,rpclocator,rpc,rpcss,remoteaccess,rsvp,"
    "samss,scardsvr,scesrv,seclogon,scm,dcom,cifs,spooler,snmp,schedule,tapisrv,trksvr,trkwks,ups,"
    "time,wins,www,http,w3svc,iisadmin,msdtc")

# When the example was "collected": every planted date is before it, and ages are measured from it.
COLLECTED = "2026-11-01T00:00:00Z"

rng = random.Random(20241122)
records = []


def sid_bytes(rid=None, sub=DOMAIN_SID):
    return adldif.sid_bytes(sub, rid)




def filetime(year, month, day):
    import datetime
    dt = datetime.datetime(year, month, day, 9, 0, 0, tzinfo=datetime.timezone.utc)
    return int((dt.timestamp() + 11644473600) * 10_000_000)


def gentime(year, month, day):
    return f"{year:04}{month:02}{day:02}090000.0Z"


def det_guid():
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def add(dn, attrs, comment=None):
    records.append((dn, attrs, comment))










next_rid = [1103]


def rid():
    next_rid[0] += 1
    return next_rid[0]


accounts = {}  # sam -> dn
computers = []  # (name, dn, ip)


def computer(name, ou, spns=None, uac=4096, os_name="Windows Server 2022 Standard", extra=None,
             default_spns=True, dns_host=True, ip=None, comment=None):
    fqdn = f"{name.lower()}.{DOMAIN}"
    dn = f"CN={name},{ou},{BASE}"
    attrs = [("objectClass", "top"), ("objectClass", "person"), ("objectClass", "organizationalPerson"),
             ("objectClass", "user"), ("objectClass", "computer"), ("cn", name),
             ("sAMAccountName", name + "$"), ("objectSid", sid_bytes(rid())),
             ("userAccountControl", str(uac)), ("primaryGroupID", "516" if uac & 0x2000 else "515"),
             ("operatingSystem", os_name), ("whenCreated", gentime(2019, 3, 4)),
             ("pwdLastSet", str(filetime(2026, 10, rng.randint(1, 28))))]
    if dns_host:
        attrs.append(("dNSHostName", fqdn))
    all_spns = []
    if default_spns:
        all_spns += [f"HOST/{name}", f"HOST/{fqdn}", f"RestrictedKrbHost/{name}",
                     f"RestrictedKrbHost/{fqdn}"]
        if "Server" in os_name:
            all_spns += [f"TERMSRV/{name}", f"TERMSRV/{fqdn}", f"WSMAN/{name}", f"WSMAN/{fqdn}"]
    all_spns += spns or []
    attrs += [("servicePrincipalName", s) for s in all_spns]
    attrs += extra or []
    add(dn, attrs, comment)
    accounts[name + "$"] = dn
    computers.append((name, dn, ip))
    return dn


def user(sam, ou="CN=Users", spns=None, uac=66048, extra=None, pwd=(2026, 9, 1), display=None,
         created=(2020, 5, 11), comment=None):
    dn = f"CN={display or sam},{ou},{BASE}"
    attrs = [("objectClass", "top"), ("objectClass", "person"), ("objectClass", "organizationalPerson"),
             ("objectClass", "user"), ("cn", display or sam), ("sAMAccountName", sam),
             ("userPrincipalName", f"{sam}@{DOMAIN}"), ("objectSid", sid_bytes(rid_of.get(sam) or rid())),
             ("userAccountControl", str(uac)), ("primaryGroupID", "513"),
             ("whenCreated", gentime(*created)), ("pwdLastSet", str(filetime(*pwd)))]
    attrs += [("servicePrincipalName", s) for s in spns or []]
    attrs += extra or []
    add(dn, attrs, comment)
    accounts[sam] = dn
    return dn


rid_of = {"Administrator": 500, "krbtgt": 502}
groups = {}


def group(name, rid_value=None, ou="CN=Users", members=(), gtype=-2147483646, extra=None, builtin=False):
    dn = f"CN={name},{'CN=Builtin' if builtin else ou},{BASE}"
    sid = sid_bytes(rid_value, (32,)) if builtin else sid_bytes(rid_value or rid())
    attrs = [("objectClass", "top"), ("objectClass", "group"), ("cn", name), ("sAMAccountName", name),
             ("objectSid", sid), ("groupType", str(gtype)), ("whenCreated", gentime(2019, 3, 1))]
    attrs += [("member", m) for m in members]
    attrs += extra or []
    add(dn, attrs)
    groups[name] = dn
    return dn


# --- Group Policy: GUIDs shared with scripts/gen_example_sysvol.py (examples/sysvol/) -------------
GPO_GUIDS = {
    "Default Domain Policy": "{31B2F340-016D-11D2-945F-00C04FB984F9}",
    "Default Domain Controllers Policy": "{6AC1786C-016F-11D2-945F-00C04FB984F9}",
    "NTLM Legacy Compatibility": "{8A0C8C5E-6F2B-4C1D-9E3A-2B7D1F4A5C61}",
    "Member Server Baseline": "{C3E1D2A4-5B6F-4789-A1B2-C3D4E5F60718}",
    "NTLM Block Pilot": "{E7F80912-3A4B-4C5D-8E9F-0A1B2C3D4E5F}",
}


def gplink(*names):
    """gPLink value linking `names` (link order 1 = the last one); a name ending in '!' is enforced."""
    out = ""
    for name in names:
        guid = GPO_GUIDS[name.rstrip("!")]
        out += f"[LDAP://cn={guid},cn=policies,cn=system,{BASE};{2 if name.endswith('!') else 0}]"
    return out


# --- Domain and configuration -------------------------------------------------------------------
# planted: the root links NTLM Legacy Compatibility (link order 2) and Default Domain Policy (1)
add(BASE, [("objectClass", "top"), ("objectClass", "domain"), ("objectClass", "domainDNS"),
           ("gPLink", gplink("NTLM Legacy Compatibility", "Default Domain Policy")),
           ("dc", "corp"), ("objectSid", sid_bytes(None)), ("msDS-Behavior-Version", "7"),
           ("whenCreated", gentime(2019, 3, 1))])
add(f"CN=Partitions,{CONFIG}", [("objectClass", "top"), ("objectClass", "crossRefContainer"),
                                ("msDS-Behavior-Version", "7")])
add(f"CN={NETBIOS},CN=Partitions,{CONFIG}",
    [("objectClass", "top"), ("objectClass", "crossRef"), ("nCName", BASE), ("dnsRoot", DOMAIN),
     ("nETBIOSName", NETBIOS), ("systemFlags", "3")])
add(f"CN=Directory Service,CN=Windows NT,CN=Services,{CONFIG}",
    [("objectClass", "top"), ("objectClass", "nTDSService"), ("sPNMappings", DEFAULT_SPN_MAPPINGS)])

# --- Domain controllers (the full Windows DC SPN set) --------------------------------------------
for dc_name, ip in (("DC01", "10.20.0.10"), ("DC02", "10.20.0.11")):
    fqdn = f"{dc_name.lower()}.{DOMAIN}"
    ntds = det_guid()
    dc_spns = [
        f"Dfsr-12F9A27C-BF97-4787-9364-D31B6C55EB04/{fqdn}",
        f"ldap/{fqdn}/ForestDnsZones.{DOMAIN}", f"ldap/{fqdn}/DomainDnsZones.{DOMAIN}",
        f"DNS/{fqdn}", f"GC/{fqdn}/{DOMAIN}", f"RPC/{ntds}._msdcs.{DOMAIN}",
        f"HOST/{dc_name}/{NETBIOS}", f"HOST/{fqdn}/{NETBIOS}", f"HOST/{fqdn}/{DOMAIN}",
        f"E3514235-4B06-11D1-AB04-00C04FC2DCD2/{ntds}/{DOMAIN}", f"ldap/{dc_name}/{NETBIOS}",
        f"ldap/{ntds}._msdcs.{DOMAIN}", f"ldap/{fqdn}/{NETBIOS}", f"ldap/{dc_name}", f"ldap/{fqdn}",
        f"ldap/{fqdn}/{DOMAIN}"]
    computer(dc_name, "OU=Domain Controllers", spns=dc_spns, uac=532480,
             os_name="Windows Server 2022 Datacenter", ip=ip)

user("krbtgt", spns=["kadmin/changepw"], uac=514, pwd=(2019, 3, 1), created=(2019, 3, 1))
user("Administrator", uac=66048, extra=[("adminCount", "1")], created=(2019, 3, 1))

# --- Member servers ------------------------------------------------------------------------------
SERVERS = "OU=Servers,OU=Tier1"
computer("FS01", SERVERS, ip="10.20.1.11")
# planted: SPN-ALIAS-COLLISION (high) - FS02 took over fs01's share name after a migration.
computer("FS02", SERVERS, spns=[f"cifs/fs01.{DOMAIN}", "cifs/fs01"], ip="10.20.1.12",
         comment="planted: SPN-ALIAS-COLLISION (high)")
computer("WEB01", SERVERS, ip="10.20.1.21")
computer("WEB02", SERVERS, ip="10.20.1.22")
computer("WEB03", SERVERS, ip="10.20.1.23")
# planted: SPN-DUPLICATE - MSSQLSvc registered on both the computer and the service account.
computer("SQL01", SERVERS, spns=[f"MSSQLSvc/sql01.{DOMAIN}:1433", f"MSSQLSvc/sql01.{DOMAIN}"],
         ip="10.20.1.31", comment="planted: SPN-DUPLICATE with svc_sql")
computer("SQL02", SERVERS, ip="10.20.1.32")
# planted: SPN-MISSING-HOST - alternate name without HOST/ SPN.
computer("APP01", SERVERS, ip="10.20.1.41",
         extra=[("msDS-AdditionalDnsHostName", f"fileshare.{DOMAIN}"),
                ("msDS-AdditionalDnsHostName", f"app01-old.{DOMAIN}")],
         spns=[f"HOST/app01-old.{DOMAIN}"], comment="planted: SPN-MISSING-HOST (fileshare)")
# planted: SPN-MISSING-HOST and RC4-only - an old appliance joined by hand, no SPNs at all.
computer("LEGACY01", SERVERS, default_spns=False, os_name="Windows Server 2008 R2 Standard",
         ip="10.20.1.51", extra=[("msDS-SupportedEncryptionTypes", "4")],
         comment="planted: SPN-MISSING-HOST (no SPNs), RC4-only")
# planted: SPN-IP-ADDRESS on a print server reached by IP.
computer("PRINT01", SERVERS, spns=["HOST/10.20.1.61"], ip="10.20.1.61",
         comment="planted: SPN-IP-ADDRESS")
for i in range(1, 31):
    computer(f"SRV{i:03}", SERVERS, ip=f"10.20.2.{i}")
# A disabled, never-joined pre-staged computer: no finding expected.
computer("STAGED01", SERVERS, default_spns=False, dns_host=False, uac=4098)

# --- Workstations --------------------------------------------------------------------------------
for i in range(1, 161):
    computer(f"WS{i:04}", "OU=Workstations,OU=Tier2", os_name="Windows 11 Enterprise",
             ip=f"10.30.{i // 200}.{i % 200 + 10}")

# --- People --------------------------------------------------------------------------------------
FIRST = ["anna", "ben", "carla", "david", "emma", "felix", "gina", "hugo", "iris", "jonas", "karin",
         "lars", "maria", "nils", "olga", "paul", "rita", "sven", "tina", "uwe"]
LAST = ["meyer", "schulz", "novak", "berg", "lund", "costa", "silva", "weber", "fischer", "wagner",
        "keller", "roth", "brandt", "vogel", "frank"]
people = []
for first in FIRST:
    for last in LAST[:12]:
        sam = f"{first}.{last}"
        people.append(user(sam, ou="OU=Staff,OU=Tier2", display=f"{first.title()} {last.title()}"))

# planted: a DES-only legacy user (USE_DES_KEY_ONLY) and an old password predating AES keys.
user("old.mainframe", ou="OU=Staff,OU=Tier2", uac=66048 | 0x200000, pwd=(2009, 6, 1),
     created=(2009, 6, 1), comment="planted: USE_DES_KEY_ONLY")

# --- Administrators ------------------------------------------------------------------------------
ADMINS = "OU=Admins,OU=Tier0"
adm_jsmith = user("adm.jsmith", ou=ADMINS, extra=[("adminCount", "1")],
                  comment="planted: Domain Admin outside Protected Users")
adm_mkeller = user("adm.mkeller", ou=ADMINS, uac=66048 | 0x100000, extra=[("adminCount", "1")])
adm_tvogel = user("adm.tvogel", ou=ADMINS, uac=66048 | 0x100000, extra=[("adminCount", "1")])

# --- Service accounts ----------------------------------------------------------------------------
SVC = "OU=Service Accounts,OU=Tier1"
# planted: SPN-ALIAS-COLLISION (info) - IIS app pool identity with an explicit HTTP/ SPN.
svc_web = user("svc_web", ou=SVC, spns=[f"HTTP/web01.{DOMAIN}", "HTTP/web01"],
               comment="planted: SPN-ALIAS-COLLISION (info)")
# planted: SPN-DUPLICATE with SQL01$.
svc_sql = user("svc_sql", ou=SVC, spns=[f"MSSQLSvc/sql01.{DOMAIN}:1433", f"MSSQLSvc/SQL01.{DOMAIN.upper()}"],
               comment="planted: SPN-DUPLICATE with SQL01$")
# planted: SPN-DUPLICATE - a load-balanced intranet name on two accounts.
user("svc_intranet", ou=SVC, spns=[f"HTTP/intranet.{DOMAIN}", "HTTP/intranet"])
user("svc_intranet_old", ou=SVC, spns=[f"http/INTRANET.{DOMAIN}"], uac=66048,
     comment="planted: SPN-DUPLICATE (intranet)")
# planted: SPN-DUPLICATE (critical) - a monitoring account holding a DC's HOST/ SPN.
user("svc_monitor", ou=SVC, spns=[f"HOST/dc02.{DOMAIN}"], comment="planted: SPN-DUPLICATE with DC02$")
# planted: SPN-DANGLING-HOST - the server was decommissioned; and a typo (web0l).
user("svc_orphan", ou=SVC, spns=[f"HTTP/gone01.{DOMAIN}", f"HTTP/web0l.{DOMAIN}"],
     comment="planted: SPN-DANGLING-HOST x2")
# planted: SPN-IP-ADDRESS - an application reached by IP.
user("svc_app", ou=SVC, spns=["HTTP/10.20.30.40", f"HTTP/portal.{DOMAIN}"],
     comment="planted: SPN-IP-ADDRESS")
# planted: SPN-MALFORMED - a space and an empty port typed by hand.
user("svc_report", ou=SVC, spns=[f"HTTP/reports .{DOMAIN}", f"MSSQLSvc/sql02.{DOMAIN}:"],
     comment="planted: SPN-MALFORMED x2")
# A correct named-instance SQL SPN: no finding.
user("svc_sql2", ou=SVC, spns=[f"MSSQLSvc/sql02.{DOMAIN}:1433", f"MSSQLSvc/sql02.{DOMAIN}:REPORTING"],
     extra=[("msDS-SupportedEncryptionTypes", "24")])
svc_backup = user("svc_backup", ou=SVC, extra=[("adminCount", "1")])
# A gMSA running the portal web farm.
add(f"CN=gmsa_portal,CN=Managed Service Accounts,{BASE}",
    [("objectClass", "top"), ("objectClass", "person"), ("objectClass", "organizationalPerson"),
     ("objectClass", "user"), ("objectClass", "computer"),
     ("objectClass", "msDS-GroupManagedServiceAccount"), ("cn", "gmsa_portal"),
     ("sAMAccountName", "gmsa_portal$"), ("objectSid", sid_bytes(rid())),
     ("userAccountControl", "4096"), ("msDS-SupportedEncryptionTypes", "28"),
     ("servicePrincipalName", f"HTTP/apps.{DOMAIN}"), ("whenCreated", gentime(2022, 2, 2)),
     ("pwdLastSet", str(filetime(2026, 10, 20)))])

# planted: PU-NO-AES-MEMBER - an admin put in Protected Users who has no AES keys: migrated from
# an older domain with its password (ADMT copies the NT hash only) and never changed since, so
# Protected Users refuses its RC4 pre-authentication (MS-KILE 3.3.5.6). Its attribute says RC4
# only too (ENC-RC4-ONLY).
adm_rc4 = user("adm.rkeller", ou=ADMINS, extra=[("msDS-SupportedEncryptionTypes", "4")],
               pwd=(2018, 11, 15), created=(2019, 3, 4),
               comment="planted: Protected Users member without AES keys (password from before the domain)")

# --- Groups (nested) -----------------------------------------------------------------------------
tier0 = group("Tier0 Operators", ou=ADMINS, members=[adm_tvogel])
group("Domain Admins", 512, members=[accounts["Administrator"], adm_jsmith, tier0],
      extra=[("adminCount", "1")])
group("Enterprise Admins", 519, members=[accounts["Administrator"]], gtype=-2147483640,
      extra=[("adminCount", "1")])
group("Schema Admins", 518, members=[], gtype=-2147483640)
group("Domain Controllers", 516)
group("Domain Users", 513)
group("Domain Computers", 515)
# RID 521 (Read-only Domain Controllers): its whenCreated is when the domain could make AES keys.
group("Read-only Domain Controllers", 521)
# planted: a service account inside Protected Users; adm.mkeller correctly inside.
group("Protected Users", 525, members=[adm_mkeller, svc_sql, adm_rc4])
group("Administrators", 544, members=[groups["Domain Admins"], groups["Enterprise Admins"],
                                     accounts["Administrator"]], gtype=-2147483643, builtin=True,
      extra=[("adminCount", "1")])
group("Backup Operators", 551, members=[svc_backup], gtype=-2147483643, builtin=True)
group("DnsAdmins", members=[], gtype=-2147483644)
group("Web Developers", ou="OU=Groups,OU=Tier2", members=people[:25])
group("Finance", ou="OU=Groups,OU=Tier2", members=people[25:60])
group("All Staff", ou="OU=Groups,OU=Tier2", members=[groups["Web Developers"], groups["Finance"]] + people[60:])

# --- Trusts --------------------------------------------------------------------------------------
add(f"CN=partner.example,CN=System,{BASE}",
    [("objectClass", "top"), ("objectClass", "leaf"), ("objectClass", "trustedDomain"),
     ("cn", "partner.example"), ("trustPartner", "partner.example"), ("flatName", "PARTNER"),
     ("securityIdentifier", sid_bytes(None, (21, 1111111111, 2222222222, 3333333333))),
     ("trustType", "2"), ("trustDirection", "3"), ("trustAttributes", "4"),
     ("whenCreated", gentime(2021, 8, 9))], "planted: external trust, no AES")
add(f"CN=OLDNT,CN=System,{BASE}",
    [("objectClass", "top"), ("objectClass", "leaf"), ("objectClass", "trustedDomain"),
     ("cn", "OLDNT"), ("trustPartner", "OLDNT"), ("flatName", "OLDNT"),
     ("securityIdentifier", sid_bytes(None, (21, 444444444, 555555555, 666666666))),
     ("trustType", "1"), ("trustDirection", "2"), ("trustAttributes", "0"),
     ("whenCreated", gentime(2015, 1, 1))], "planted: downlevel (NT4) trust")



def trust(partner, flat, ttype, direction, attributes, enc=None, sid=None, comment=None):
    attrs = [("objectClass", "top"), ("objectClass", "leaf"), ("objectClass", "trustedDomain"),
             ("cn", partner), ("trustPartner", partner), ("flatName", flat)]
    if sid:
        attrs.append(("securityIdentifier", sid_bytes(None, sid)))
    attrs += [("trustType", str(ttype)), ("trustDirection", str(direction)),
              ("trustAttributes", str(attributes)), ("whenCreated", gentime(2022, 4, 4))]
    if enc is not None:
        attrs.append(("msDS-SupportedEncryptionTypes", str(enc)))
    add(f"CN={partner},CN=System,{BASE}", attrs, comment)


trust("MITREALM.CORP.EXAMPLE", "MITREALM", 3, 3, 0, comment="planted: MIT realm trust without AES")
trust("fabrikam.example", "FABRIKAM", 2, 3, 0x48, enc=24, sid=(21, 777000001, 777000002, 777000003),
      comment="planted: forest trust with TREAT_AS_EXTERNAL")
trust("vendor.example", "VENDOR", 2, 2, 0, enc=24, sid=(21, 777100001, 777100002, 777100003),
      comment="planted: outbound external trust without SID filtering")
trust("contoso.example", "CONTOSO", 2, 3, 0x18, enc=24, sid=(21, 777200001, 777200002, 777200003),
      comment="planted: forest trust with selective authentication")
trust("tailspin.example", "TAILSPIN", 2, 3, 0x808, enc=24, sid=(21, 777300001, 777300002, 777300003),
      comment="planted: forest trust with TGT delegation enabled")
trust("gone.example", "GONE", 2, 0, 0x8, enc=24, sid=(21, 777400001, 777400002, 777400003),
      comment="planted: disabled trust left behind")

# --- DNS (DomainDnsZones) ------------------------------------------------------------------------
ZONE = f"DC={DOMAIN},CN=MicrosoftDNS,DC=DomainDnsZones,{BASE}"
add(ZONE, [("objectClass", "top"), ("objectClass", "dnsZone"), ("dc", DOMAIN)])


def dns_node(name, recs, comment=None):
    add(f"DC={name},{ZONE}", [("objectClass", "top"), ("objectClass", "dnsNode"), ("dc", name)] +
        [("dnsRecord", r) for r in recs], comment)


for name, dn, ip in computers:
    if ip:
        dns_node(name.lower(), [a_record(ip)])
dns_node("fileshare", [cname_record(f"app01.{DOMAIN}")], "planted: CNAME to app01 (no HOST/ SPN)")
dns_node("intranet", [a_record("10.20.9.10")])
dns_node("portal", [a_record("10.20.9.20")], "planted: VIP A record, SPN on svc_app")
dns_node("apps", [a_record("10.20.9.30")])
dns_node("lb-erp", [a_record("10.20.9.40")], "planted: VIP A record with no computer and no SPN")
dns_node("files", [cname_record(f"fs01.{DOMAIN}")])
dns_node("old-share", [cname_record(f"fs-old.{DOMAIN}")], "planted: CNAME to a missing name")

# --- DFS (domain-based v2 namespace) -------------------------------------------------------------
DFS = f"CN=Dfs-Configuration,CN=System,{BASE}"
add(DFS, [("objectClass", "top"), ("objectClass", "dfsConfiguration")])


def targets(*uncs):
    xml = "<?xml version=\"1.0\"?><targets xmlns=\"http://schemas.microsoft.com/dfs/2007/03\">" + \
        "".join(f"<target state=\"2\">{u}</target>" for u in uncs) + "</targets>"
    return b"\xff\xfe" + xml.encode("utf-16-le")


add(f"CN=public,{DFS}", [("objectClass", "top"), ("objectClass", "msDFS-NamespaceAnchor"),
                         ("msDFS-SchemaMajorVersion", "2")])
add(f"CN=public,CN=public,{DFS}",
    [("objectClass", "top"), ("objectClass", "msDFS-Namespacev2"), ("msDFS-SchemaMajorVersion", "2"),
     ("msDFS-SchemaMinorVersion", "0"), ("msDFS-NamespaceIdentityGUIDv2", det_guid().bytes_le),
     ("msDFS-Ttlv2", "300"), ("msDFS-Propertiesv2", "State=1"),
     ("msDFS-TargetListv2", targets(f"\\\\fs01.{DOMAIN}\\public", f"\\\\fs02.{DOMAIN}\\public",
                                    f"\\\\nas-old.{DOMAIN}\\public"))],
    "planted: DFS-ROOT-SERVER-MISSING (nas-old has no computer account)")
add(f"CN=legacy-apps,CN=public,CN=public,{DFS}",
    [("objectClass", "top"), ("objectClass", "msDFS-Linkv2"), ("msDFS-LinkPathv2", "/legacy-apps"),
     ("msDFS-LinkIdentityGUIDv2", det_guid().bytes_le),
     ("msDFS-TargetListv2", targets("\\\\10.20.1.51\\apps", "\\\\legacy01\\apps"))],
    "planted: DFS targets by IP and by short name")

# --- A child domain still at functional level 2012 (msDS-Behavior-Version 5) ----------------------
CHILD = "emea." + DOMAIN
CHILD_BASE = "DC=emea," + BASE
CHILD_SID = (21, 1000000001, 1000000002, 1000000003)
add(CHILD_BASE, [("objectClass", "top"), ("objectClass", "domain"), ("objectClass", "domainDNS"),
                 ("dc", "emea"), ("objectSid", sid_bytes(None, CHILD_SID)), ("msDS-Behavior-Version", "5"),
                 ("whenCreated", gentime(2014, 2, 3))],
    "planted: PU-FUNCTIONAL-LEVEL (2012) and PU-GROUP-MISSING in a child domain")
add(f"CN=EMEA,CN=Partitions,{CONFIG}",
    [("objectClass", "top"), ("objectClass", "crossRef"), ("nCName", CHILD_BASE), ("dnsRoot", CHILD),
     ("nETBIOSName", "EMEA"), ("systemFlags", "3")])
add(f"CN=EMEADC01,OU=Domain Controllers,{CHILD_BASE}",
    [("objectClass", "top"), ("objectClass", "person"), ("objectClass", "organizationalPerson"),
     ("objectClass", "user"), ("objectClass", "computer"), ("cn", "EMEADC01"),
     ("sAMAccountName", "EMEADC01$"), ("objectSid", sid_bytes(1000, CHILD_SID)),
     ("userAccountControl", "532480"), ("primaryGroupID", "516"),
     ("operatingSystem", "Windows Server 2012 R2 Standard"), ("dNSHostName", f"emeadc01.{CHILD}"),
     ("whenCreated", gentime(2014, 2, 3)), ("pwdLastSet", str(filetime(2026, 10, 30))),
     ("msDS-SupportedEncryptionTypes", "28")] +
    [("servicePrincipalName", f"{c}/{h}") for c in ("HOST", "ldap", "GC", "RestrictedKrbHost")
     for h in ("EMEADC01", f"emeadc01.{CHILD}")])
add(f"CN=krbtgt,CN=Users,{CHILD_BASE}",
    [("objectClass", "top"), ("objectClass", "person"), ("objectClass", "organizationalPerson"),
     ("objectClass", "user"), ("cn", "krbtgt"), ("sAMAccountName", "krbtgt"),
     ("objectSid", sid_bytes(502, CHILD_SID)), ("userAccountControl", "514"),
     ("servicePrincipalName", "kadmin/changepw"), ("whenCreated", gentime(2014, 2, 3)),
     ("pwdLastSet", str(filetime(2026, 6, 1)))])
add(f"CN=svc_emea_portal,CN=Users,{CHILD_BASE}",
    [("objectClass", "top"), ("objectClass", "person"), ("objectClass", "organizationalPerson"),
     ("objectClass", "user"), ("cn", "svc_emea_portal"), ("sAMAccountName", "svc_emea_portal"),
     ("objectSid", sid_bytes(1105, CHILD_SID)), ("userAccountControl", "66048"),
     ("servicePrincipalName", f"HTTP/portal.{DOMAIN}"), ("msDS-SupportedEncryptionTypes", "24"),
     ("whenCreated", gentime(2023, 5, 5)), ("pwdLastSet", str(filetime(2026, 8, 8)))],
    "planted: SPN-DUPLICATE across domains (svc_app in corp holds the same SPN)")


# --- Group Policy containers and the OUs that link them (SYSVOL side: examples/sysvol/) -----------
for name, guid in GPO_GUIDS.items():
    add(f"CN={guid},CN=Policies,CN=System,{BASE}",
        [("objectClass", "top"), ("objectClass", "container"), ("objectClass", "groupPolicyContainer"),
         ("cn", guid), ("displayName", name), ("flags", "0"), ("versionNumber", "1"),
         ("gPCFileSysPath", f"\\\\{DOMAIN}\\SysVol\\{DOMAIN}\\Policies\\{guid}")],
        "planted: linked nowhere (GPO-UNLINKED)" if name == "NTLM Block Pilot" else None)
add(f"OU=Domain Controllers,{BASE}",
    [("objectClass", "top"), ("objectClass", "organizationalUnit"), ("ou", "Domain Controllers"),
     ("gPLink", gplink("Default Domain Controllers Policy"))])
add(f"OU=Tier1,{BASE}", [("objectClass", "top"), ("objectClass", "organizationalUnit"), ("ou", "Tier1")])
add(f"OU=Servers,OU=Tier1,{BASE}",
    [("objectClass", "top"), ("objectClass", "organizationalUnit"), ("ou", "Servers"),
     ("gPLink", gplink("Member Server Baseline"))], "planted: RPC endpoint-mapper authentication (Registry.pol)")






def main():
    out = open(sys.argv[1], "w", newline="\n") if len(sys.argv) > 1 else sys.stdout
    # The header and end marker `kerbready collect` writes (docs/snapshot-format.md): the example
    # was "collected" on COLLECTED, so its report does not change with the day it is scanned.
    adldif.write_snapshot(out, COLLECTED, ["kerbready example domain: corp.example.com (fictitious). Generated by",
                                           "scripts/gen_example.py; do not edit by hand. Planted cases: examples/README.md."],
                          records)
    if out is not sys.stdout:
        out.close()


if __name__ == "__main__":
    main()
