#!/usr/bin/env python3
"""gen_forest_snapshot.py - deterministic synthetic Active Directory snapshot, written exactly as
`ldapsearch -LLL -E pr=1000/noprompt` (OpenLDAP 2.5) writes it.

    gen_forest_snapshot.py -n 100000 -o data/snap-100k.ldif            # + data/snap-100k.truth.json
    gen_forest_snapshot.py -n 24000 --format samba-add --domain bench.example -o seed.ldif

Output (--format snapshot, the default) is the concatenation of four paged ldapsearch dumps of
one domain: the domain NC, CN=Configuration, DC=DomainDnsZones and DC=ForestDnsZones, fetching the
attributes in ATTRS (also in attrs.txt next to this file). What is exactly like ldapsearch 2.5.13:
  * lines folded at 78 columns (first line 78 chars, continuation lines ' ' + 77 chars), the
    algorithm of libldap's ldif_sput_wrap() with its default width (checked byte for byte against
    real ldapsearch output by roundtrip_check.py);
  * `attr:: base64` for every value that is not printable ASCII or starts with ' ', ':' or '<' or
    ends with ' ' (so binary objectSid/objectGUID/dnsRecord/securityIdentifier, UTF-8 names, DFS
    target lists, an SPN with a trailing space) -- the same rule for `dn:`;
  * search continuation references as `# refldap://...` comments, and one
    `# pagedresults: [estimate=N ]cookie=...` comment after every page of 1000 entries.
What is synthetic: the content (names, SIDs, GUIDs, times) and the attribute order inside an entry.

Content for N objects (total over all partitions = N): ~60% users (incl. service accounts and
admins), ~33% computers (workstations, servers with role SPNs, DCs with the full DC SPN set, gMSAs),
~2.5% groups (nested, a few with 5k-50k members, one cycle), built-in accounts and groups, OUs,
trustedDomain objects + trust accounts, DFS v1/v2 objects, the Configuration objects (crossRefs,
sPNMappings with the Windows default host alias list, sites/servers), and dnsNode objects with
valid MS-DNSP DNS_RPC_RECORD blobs (A, CNAME, NS, SOA, SRV; static and dynamic; a few tombstoned).

Planted problems are listed, with DNs and values, in the side file FILE.truth.json (--truth).
Same seed + same N + same options => byte-identical output.

--format samba-add writes an ldbadd-able LDIF (users, computers, groups, OUs, dnsNode) with only
attributes Samba lets a local ldbadd set, and without the planted items Samba refuses (duplicate
SPNs, alias collisions, malformed SPNs); used by bench-lab.sh to fill the bench DC.
"""
import argparse
import base64
import json
import os
import random
import struct
import sys
import time

WRAP = 78          # ldapsearch 2.5 default: lines are at most 78 columns

# The attributes a Kerberos/SPN auditor fetches (same list as attrs.txt; the live bench dumps these)
ATTRS = """objectClass objectGUID objectSid sAMAccountName userPrincipalName userAccountControl
servicePrincipalName dNSHostName msDS-AdditionalDnsHostName msDS-SupportedEncryptionTypes
operatingSystem pwdLastSet whenCreated lastLogonTimestamp adminCount primaryGroupID member memberOf
msDS-AllowedToDelegateTo trustPartner trustDirection trustType trustAttributes flatName
securityIdentifier dnsRecord dNSTombstoned sPNMappings msDS-Behavior-Version nCName dnsRoot
nETBIOSName dsHeuristics msDFS-TargetListv2 msDFS-LinkPathv2 remoteServerName pKT""".split()

# Windows default sPNMappings value (CN=Directory Service,CN=Windows NT,CN=Services,CN=Configuration)
SPN_MAPPINGS = ("host=alerter,appmgmt,cisvc,clipsrv,browser,dhcp,dnscache,replicator,eventlog,"
                "eventsystem,policyagent,oakley,dmserver,dns,mcsvc,fax,msiserver,ias,messenger,"
                "netlogon,netman,netdde,netddedsm,nmagent,plugplay,protectedstorage,rasman,"
                "rpclocator,rpc,rpcss,remoteaccess,rsvp,samss,scardsvr,scesrv,seclogon,scm,dcom,"
                "cifs,spooler,snmp,schedule,tapisrv,trksvr,trkwks,ups,time,wins,www,http,w3svc,"
                "iisadmin,msdtc")

FIRST = """James Mary John Patricia Robert Jennifer Michael Linda William Elizabeth David Barbara
Richard Susan Joseph Jessica Thomas Sarah Charles Karen Christopher Nancy Daniel Lisa Matthew Betty
Anthony Margaret Mark Sandra Donald Ashley Steven Kimberly Paul Emily Andrew Donna Joshua Michelle
Kenneth Dorothy Kevin Carol Brian Amanda George Melissa Edward Deborah Ronald Stephanie Timothy
Rebecca Jason Sharon Jeffrey Laura Ryan Cynthia Jacob Kathleen Gary Amy Nicholas Shirley Eric Angela
Jonathan Helen Stephen Anna Larry Brenda Justin Pamela Scott Nicole Brandon Emma Benjamin Samantha
Samuel Katherine Gregory Christine Frank Debra Alexander Rachel Raymond Catherine Patrick Carolyn
Jack Janet Dennis Ruth Jerry Maria Tyler Heather Aaron Diane Jose Virginia Adam Julie Henry Joyce
Nathan Victoria Douglas Olivia Zachary Kelly Peter Christina Kyle Lauren Walter Joan Ethan Evelyn
Jeremy Judith Harold Megan Keith Cheryl Christian Andrea Roger Hannah Noah Martha Gerald Jacqueline
Carl Frances Terry Gloria Sean Ann Austin Teresa Arthur Kathryn Lawrence Sara Jesse Janice Dylan
Jean Bryan Alice Joe Madison Jordan Doris Billy Abigail Bruce Julia Albert Judy Willie Grace Gabriel
Denise Logan Amber Alan Marilyn Juan Beverly Wayne Danielle Roy Theresa Ralph Sophia Randy Marie
Eugene Diana Vincent Brittany Russell Natalie Elijah Isabella Louis Charlotte Bobby Rose Philip
Alexis Johnny Kayla""".split()
FIRST_INTL = ["José", "Zoë", "Łukasz", "Søren", "Jürgen", "François", "Ångström", "Mañuel",
              "Chloé", "Björn", "Ægir", "Ольга"]
LAST = """Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez
Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez
Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green
Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz
Parker Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan
Cooper Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood
James Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo Sanders Patel Myers Long Ross Foster
Jimenez Powell Jenkins Perry Russell Sullivan Bell Coleman Butler Henderson Barnes Gonzales Fisher
Vasquez Simmons Romero Jordan Patterson Alexander Hamilton Graham Reynolds Griffin Wallace Moreno
West Cole Hayes Bryant Herrera Gibson Ellis Tran Medina Aguilar Stevens Murray Ford Castro Marshall
Owens Harrison Fernandez McDonald Woods Washington Kennedy Wells Vargas Henry Chen Freeman Webb
Tucker Guzman Burns Crawford Olson Simpson Porter Hunter Gordon Mendez Silva Shaw Snyder Mason Dixon
Munoz Hunt Hicks Holmes Palmer Wagner Black Robertson Boyd Rose Stone Salazar Fox Warren Mills Meyer
Rice Schmidt Garza Daniels Ferguson Nichols Stephens Soto Weaver Ryan Gardner Payne Grant Dunn
Kelley Spencer Hawkins Arnold Pierce Vazquez Hansen Peters Santos Hart Bradley Knight Elliott
Cunningham Duncan Armstrong Hudson Carroll Lane Riley Andrews Alvarado Ray Delgado Berry Perkins
Hoffman Johnston Matthews Pena Richards Contreras Willis Carpenter Lawrence Sandoval""".split()
LAST_INTL = ["Müller", "Søndergaard", "Łopatka", "Núñez", "Gonçalves", "Żółw", "Ødegård",
             "Håkansson", "Ibáñez", "Иванова"]
SITES = ["Paris", "London", "NewYork", "Tokyo", "Berlin", "Madrid", "Sydney", "Toronto", "Milan",
         "Mumbai", "Chicago", "Dallas"]
DEPTS = ["Finance", "HR", "Sales", "Marketing", "Engineering", "Legal", "IT", "Support", "Ops",
         "Research", "Procurement", "Facilities"]

EPOCH_2008 = 1199145600
EPOCH_2025 = 1748736000
FT_OFFSET = 11644473600


# ------------------------------------------------------------------ LDIF writing (libldap rules)
def _fold(head, s):
    """libldap ldif_sput_wrap(): write while col < WRAP, else '\\n ' and col = 1."""
    n = len(s)
    h = len(head)
    if h + n <= WRAP:
        return head + s + "\n"
    k = WRAP - h if h < WRAP else 0
    parts = [head + s[:k]]
    for i in range(k, n, WRAP - 1):
        parts.append(" " + s[i:i + WRAP - 1])
    return "\n".join(parts) + "\n"


def _safe_text(v):
    """True when ldapsearch prints v as text: printable ASCII, first char isgraph() and not ':'
    or '<', last char isgraph()."""
    return (v.isascii() and v.isprintable() and v[0] not in " :<" and v[-1] != " ")


def line(name, v):
    """One attribute value (str or bytes) in ldapsearch -LLL form."""
    if isinstance(v, str):
        if v and _safe_text(v):
            return _fold(name + ": ", v)
        b = v.encode("utf-8")
    else:
        b = v
        if b and b.isascii():
            s = b.decode("ascii")
            if _safe_text(s):
                return _fold(name + ": ", s)
    if not b:
        return name + ":\n"
    return _fold(name + ":: ", base64.b64encode(b).decode("ascii"))


def entry(dn, attrs):
    """attrs: list of (name, value-or-list). Returns the entry text incl. the blank line."""
    out = [line("dn", dn)]
    for name, vals in attrs:
        if vals is None:
            continue
        if isinstance(vals, (list, tuple)):
            for v in vals:
                out.append(line(name, v))
        else:
            out.append(line(name, vals))
    out.append("\n")
    return "".join(out)


# ------------------------------------------------------------------ binary AD values
def sid_bytes(sub, auth=5):
    return struct.pack("<BB", 1, len(sub)) + auth.to_bytes(6, "big") + struct.pack("<%dI" % len(sub), *sub)


def count_name(fqdn):
    """MS-DNSP DNS_COUNT_NAME: cchNameLength, cLabelCount, length-prefixed labels, 0."""
    labels = [l.encode("ascii") for l in fqdn.rstrip(".").split(".") if l]
    raw = b"".join(bytes([len(l)]) + l for l in labels) + b"\x00"
    return bytes([len(raw), len(labels)]) + raw


def dns_record(rtype, data, serial, ttl=3600, ts=0):
    """MS-DNSP 2.3.2.2 DnssrvRpcRecord: DataLength, Type, Version=5, Rank=0xF0 (zone), Flags=0,
    Serial, TtlSeconds (big-endian), Reserved, TimeStamp (hours since 1601; 0 = static)."""
    return (struct.pack("<HHBBHI", len(data), rtype, 5, 0xF0, 0, serial) + struct.pack(">I", ttl)
            + struct.pack("<II", 0, ts) + data)


def rec_a(ip, serial, ttl=3600, ts=0):
    return dns_record(1, bytes(int(x) for x in ip.split(".")), serial, ttl, ts)


def rec_cname(target, serial, ttl=3600):
    return dns_record(5, count_name(target), serial, ttl)


def rec_ns(target, serial):
    return dns_record(2, count_name(target), serial)


def rec_srv(prio, weight, port, target, serial, ttl=600):
    return dns_record(33, struct.pack(">HHH", prio, weight, port) + count_name(target), serial, ttl)


def rec_soa(serial, primary, admin):
    return dns_record(6, struct.pack(">IIIII", serial, 900, 600, 86400, 3600) + count_name(primary)
                      + count_name(admin), serial)


def rec_tombstone(filetime, serial):
    return dns_record(0, struct.pack("<Q", filetime), serial, 0)


def dfs_targets(targets):
    xml = '<?xml version="1.0"?>\r\n<targets>\r\n'
    for t in targets:
        xml += '\t<target state="2">%s</target>\r\n' % t
    xml += "</targets>\r\n"
    return xml.encode("utf-16")          # BOM + UTF-16LE, as Windows writes it


# ------------------------------------------------------------------ the generator
class Gen:
    def __init__(self, n, seed, domain, netbios, fmt):
        self.n = n
        self.rng = random.Random(seed)
        self.seed = seed
        self.domain = domain.lower()
        self.netbios = netbios
        self.fmt = fmt
        self.base = ",".join("DC=" + p for p in self.domain.split("."))
        self.cfg = "CN=Configuration," + self.base
        self.ddz = "DC=DomainDnsZones," + self.base
        self.fdz = "DC=ForestDnsZones," + self.base
        self.zone_dn = "DC=%s,CN=MicrosoftDNS,%s" % (self.domain, self.ddz)
        self.msdcs_dn = "DC=_msdcs.%s,CN=MicrosoftDNS,%s" % (self.domain, self.fdz)
        r = self.rng
        self.dsid = [21, r.randrange(10**8, 4 * 10**9), r.randrange(10**8, 4 * 10**9), r.randrange(10**8, 4 * 10**9)]
        self.next_rid = 1103
        self.truth = {"generator": "gen_snapshot.py", "seed": seed, "objects_requested": n,
                      "domain": self.domain, "base": self.base, "netbios": netbios,
                      "domain_sid": "S-1-5-" + "-".join(str(x) for x in self.dsid),
                      "format": fmt, "planted": {}, "controls": {}, "counts": {}}
        self.count = 0            # entries written
        self.counts = {}
        self.spn_values = 0
        self.serial = 1000
        self.out = None
        self.buf = []
        self.page_left = 1000
        self.part_total = 0
        self.part_done = 0
        self.cur_refs = []
        self.dn_of = {}
        self.dcs = []
        self.srv_ip = {}

    # ---- helpers
    def rid(self):
        self.next_rid += 1
        return self.next_rid - 1

    def sid(self, rid):
        return sid_bytes(self.dsid + [rid])

    def sid_str(self, rid):
        return "S-1-5-" + "-".join(str(x) for x in self.dsid + [rid])

    def guid(self):
        return self.rng.getrandbits(128).to_bytes(16, "little")

    def when(self, lo=EPOCH_2008, hi=EPOCH_2025):
        t = self.rng.randrange(lo, hi)
        return time.strftime("%Y%m%d%H%M%S.0Z", time.gmtime(t)), t

    def ft(self, t):
        return (t + FT_OFFSET) * 10**7 + self.rng.randrange(10**7)

    def plant(self, kind, item):
        self.truth["planted"].setdefault(kind, []).append(item)

    def control(self, kind, item):
        self.truth["controls"].setdefault(kind, []).append(item)

    def fqdn(self, host):
        return "%s.%s" % (host, self.domain)

    # ---- output
    def begin_partition(self, total):
        self.page_left = 1000
        self.part_total = total
        self.part_done = 0

    def end_partition(self, refs=()):
        if self.fmt == "snapshot" and self.part_done != self.part_total:
            print("gen_snapshot: internal: partition has %d entries, expected %d" % (self.part_done, self.part_total), file=sys.stderr)
        if self.fmt == "snapshot":
            if refs and self.part_done <= 1000:
                self._refs(refs)
            self.buf.append("# pagedresults: cookie=\n")
        self.flush()

    def _refs(self, refs):
        for r in refs:
            self.buf.append("# ref%s\n\n" % r)

    def put(self, dn, attrs, kind):
        self.buf.append(entry(dn, attrs))
        self.count += 1
        self.counts[kind] = self.counts.get(kind, 0) + 1
        if self.fmt == "snapshot":
            self.part_done += 1
            self.page_left -= 1
            if self.page_left == 0 and self.part_done < self.part_total:
                if self.part_done == 1000 and self.cur_refs:
                    self._refs(self.cur_refs)
                self.buf.append("# pagedresults: estimate=%d cookie=MQA=\n" % (self.part_total - self.part_done))
                self.page_left = 1000
        if len(self.buf) > 4000:
            self.flush()

    def flush(self):
        if self.buf:
            self.out.write("".join(self.buf))
            self.buf = []

    # ---- model
    def plan(self):
        n, r = self.n, self.rng
        self.n_dc = max(2, min(40, n // 50000))
        self.n_svc = max(90, n // 300)
        self.n_admin = max(12, n // 5000)
        self.n_gmsa = max(6, n // 2000)
        self.n_users = max(200, int(n * 0.60)) - self.n_svc - self.n_admin
        n_comp = max(100, int(n * 0.33))
        self.n_srv = max(40, n_comp // 9)
        self.n_ws = n_comp - self.n_srv - self.n_dc - self.n_gmsa
        self.n_groups = max(60, int(n * 0.025))
        self.sites = SITES[:max(3, min(len(SITES), n // 20000))]
        self.spn_users = max(10, self.n_users // 200)      # regular users with SPNs (0.5%)

    def build_people(self):
        """Users: DNs, sAMAccountNames, and group memberships (needed before any group is written)."""
        r = self.rng
        self.user_dn = []
        self.user_sam = []
        self.user_site = []
        taken = {}
        cn_taken = set()
        for i in range(self.n_users):
            if r.random() < 0.01:
                fn = r.choice(FIRST_INTL)
                ln = r.choice(LAST_INTL) if r.random() < 0.5 else r.choice(LAST)
            else:
                fn, ln = r.choice(FIRST), r.choice(LAST)
            site = self.sites[i % len(self.sites)]
            base_sam = (_ascii(fn) + "." + _ascii(ln)).lower()[:17]
            k = taken.get(base_sam, 0) + 1
            taken[base_sam] = k
            sam = base_sam if k == 1 else "%s%d" % (base_sam[:20 - len(str(k))], k)
            # the London OU uses "Last, First" CNs (escaped comma), like many real directories
            cn = ("%s\\, %s" % (ln, fn)) if site == "London" else ("%s %s" % (fn, ln))
            if (cn, site) in cn_taken:
                cn = "%s %d" % (cn, k)
                while (cn, site) in cn_taken:
                    cn += "x"
            cn_taken.add((cn, site))
            self.user_dn.append("CN=%s,OU=Users,OU=%s,OU=Sites,%s" % (cn, site, self.base))
            self.user_sam.append(sam)
            self.user_site.append(site)
        # groups: a few big ones (5k-50k members), the rest small department/project groups
        nu = self.n_users
        big_sizes = [50000, 20000, 5000, 40000, 30000, 15000, 10000, 8000, 6000, 5000]
        n_big = max(3, min(10, self.n // 100000))
        self.groups = []                 # dicts: cn, dn, members (user idx), child groups, parents
        for j in range(n_big):
            size = min(big_sizes[j], nu)
            cn = "GRP-All-Staff-%02d" % (j + 1)
            self.groups.append({"cn": cn, "members": sorted(r.sample(range(nu), size)), "kids": [], "big": True})
        n_small = self.n_groups - n_big
        for j in range(n_small):
            cn = "GRP-%s-%s-%05d" % (DEPTS[j % len(DEPTS)], self.sites[(j // len(DEPTS)) % len(self.sites)], j + 1)
            self.groups.append({"cn": cn, "members": [], "kids": [], "big": False})
        for g in self.groups:
            g["dn"] = "CN=%s,OU=Groups,%s" % (g["cn"], self.base)
        first_small = n_big
        self.user_groups = [[] for _ in range(nu)]
        for j, g in enumerate(self.groups[:n_big]):
            for u in g["members"]:
                self.user_groups[u].append(j)
        for u in range(nu):
            k = r.choice((1, 1, 2, 2, 2, 3, 3, 4))
            for _ in range(k):
                j = r.randrange(first_small, len(self.groups))
                if j not in self.user_groups[u]:
                    self.user_groups[u].append(j)
                    self.groups[j]["members"].append(u)
        # nesting: ~10% of small groups inside an earlier group (acyclic) ...
        for j in range(first_small + 1, len(self.groups)):
            if r.random() < 0.10:
                p = r.randrange(first_small, j)
                self.groups[p]["kids"].append(j)
        # ... big groups nested: All-Staff-02 and -03 inside -01
        for j in range(1, n_big):
            if j < 3:
                self.groups[0]["kids"].append(j)
        # ... plus one deliberate 3-cycle (AD allows it; an auditor must not loop)
        c = [len(self.groups) - 3, len(self.groups) - 2, len(self.groups) - 1]
        for a, b in ((c[0], c[1]), (c[1], c[2]), (c[2], c[0])):
            self.groups[a]["kids"].append(b)
        self.plant("nesting_cycle", {"groups": [self.groups[x]["dn"] for x in c],
                                     "note": "member chain A->B->C->A; closure must terminate"})
        self.group_parents = [[] for _ in self.groups]
        for p, g in enumerate(self.groups):
            for k in g["kids"]:
                self.group_parents[k].append(p)

    # ---- writing, partition by partition
    def write(self, path):
        self.plan()
        self.build_people()
        tmp = path + ".tmp"
        with open(tmp, "w", encoding="utf-8", newline="\n") as f:
            self.out = f
            self.domain_nc()
            if self.fmt == "snapshot":
                self.config_nc()
            self.dns_partitions()
            self.flush()
        os.replace(tmp, path)
        self.truth["counts"] = dict(sorted(self.counts.items()))
        self.truth["counts"]["entries_total"] = self.count
        self.truth["counts"]["servicePrincipalName_values"] = self.spn_values
        self.truth["counts"]["bytes"] = os.path.getsize(path)
        return self.truth

    # ---------------------------------------------------------------- domain NC
    def domain_nc(self):
        r, B, D = self.rng, self.base, self.domain
        snap = self.fmt == "snapshot"
        # sizes known up front so the paged-result comments carry the right estimates
        ous = self.ou_list()
        builtin_groups, wk_groups = self.builtin_lists()
        self.n_trusts = 6
        n_dfs = 6
        total = (1 + len(ous) + 6 + len(builtin_groups) + len(wk_groups) + 3 + self.n_admin
                 + self.n_users + self.n_svc + self.n_dc + self.n_srv + self.n_ws + self.n_gmsa
                 + len(self.groups) + 2 * self.n_trusts + n_dfs)
        self.begin_partition(total)
        self.cur_refs = ["ldap://%s/%s" % (D, self.cfg), "ldap://%s/%s" % (D, self.ddz),
                         "ldap://%s/%s" % (D, self.fdz)]
        self.dns_nodes = []      # (name, [records], extra) queued for the DNS partition
        self.protected_members = []
        self.da_members = []
        if snap:
            w, t = self.when(EPOCH_2008, EPOCH_2008 + 86400)
            self.put(B, [("objectClass", ["top", "domain", "domainDNS"]), ("whenCreated", w),
                         ("objectGUID", self.guid()), ("objectSid", sid_bytes(self.dsid)),
                         ("msDS-Behavior-Version", "7")], "domain")
            self.dom_created = t
            for cn in ("Users", "Computers", "System", "Builtin", "Managed Service Accounts", "ForeignSecurityPrincipals"):
                dn = ("CN=%s,%s" % (cn, B))
                oc = ["top", "builtinDomain"] if cn == "Builtin" else ["top", "container"]
                self.put(dn, [("objectClass", oc), ("whenCreated", w), ("objectGUID", self.guid())]
                         + ([("objectSid", sid_bytes([32]))] if cn == "Builtin" else []), "container")
        else:
            self.dom_created = EPOCH_2008
        for dn in ous:
            if snap or "OU=Domain Controllers" not in dn:
                self.put(dn, [("objectClass", ["top", "organizationalUnit"])]
                         + ([("whenCreated", self.when()[0]), ("objectGUID", self.guid())] if snap else []), "ou")
        self.decide_plants()
        if snap:
            self.wellknown_accounts()
        self.admin_accounts()
        self.regular_users()
        self.service_accounts()
        self.domain_controllers()
        self.servers()
        self.workstations()
        self.gmsas()
        if snap:
            self.builtin_and_wellknown_groups(builtin_groups, wk_groups)
        self.write_groups()
        if snap:
            self.trusts()
            self.dfs()
        self.end_partition(self.cur_refs)

    def ou_list(self):
        B = self.base
        l = ["OU=Sites," + B]
        for s in self.sites:
            l += ["OU=%s,OU=Sites,%s" % (s, B), "OU=Users,OU=%s,OU=Sites,%s" % (s, B),
                  "OU=Workstations,OU=%s,OU=Sites,%s" % (s, B)]
        l += ["OU=Tier0," + B, "OU=Admins,OU=Tier0," + B, "OU=Tier1," + B, "OU=Servers,OU=Tier1," + B,
              "OU=Service Accounts,OU=Tier1," + B, "OU=Groups," + B, "OU=Domain Controllers," + B]
        return l

    def builtin_lists(self):
        bg = [("Administrators", 544), ("Users", 545), ("Guests", 546), ("Account Operators", 548),
              ("Server Operators", 549), ("Print Operators", 550), ("Backup Operators", 551),
              ("Replicator", 552), ("Remote Desktop Users", 555)]
        wk = [("Domain Admins", 512), ("Domain Users", 513), ("Domain Guests", 514),
              ("Domain Computers", 515), ("Domain Controllers", 516), ("Cert Publishers", 517),
              ("Schema Admins", 518), ("Enterprise Admins", 519), ("Group Policy Creator Owners", 520),
              ("Read-only Domain Controllers", 521), ("Protected Users", 525), ("Key Admins", 526),
              ("Enterprise Key Admins", 527), ("Allowed RODC Password Replication Group", 571),
              ("Denied RODC Password Replication Group", 572), ("DnsAdmins", 1101),
              ("DnsUpdateProxy", 1102), ("GRP-Tier0-Admins", None)]
        return bg, wk

    def decide_plants(self):
        """Pick, up front, which streamed objects carry planted problems (each pick is used once)."""
        r, n = self.rng, self.n
        snap = self.fmt == "snapshot"
        k = max(6, n // 25000)
        self.srv_names = []
        roles = ["APP", "WEB", "SQL", "FS", "APP", "WEB", "APP", "EXCH", "PRN", "CA"]
        for i in range(self.n_srv):
            site = self.sites[i % len(self.sites)]
            role = roles[i % len(roles)]
            self.srv_names.append("%s-%s%05d" % (site[:3].upper(), role, i + 1))
        by_role = lambda role: [i for i, s in enumerate(self.srv_names) if "-" + role in s]
        sql, web, app = by_role("SQL"), by_role("WEB"), by_role("APP")
        self.sql_idx, self.web_idx, self.app_idx = sql, web, app
        pools = {"web": list(web), "app": list(app), "ws": list(range(self.n_ws)),
                 "user": list(range(0, self.n_users, max(1, self.n_users // 5000)))}
        for v in pools.values():
            r.shuffle(v)

        def pick(pool):
            return pools[pool].pop()
        self.extra_spn = {}          # ("srv"|"ws"|"svc"|"user"|"gmsa", idx) -> [spn,...]
        self.set_enc = {}            # same key -> msDS-SupportedEncryptionTypes value
        self.set_uac = {}
        self.no_host_spn = set()
        self.addl_names = {}
        self.svc_spec = {}           # svc idx -> (kind, [SPNs]); unique by construction
        self.in_protected = set()    # keys in Protected Users
        self.web_aliases = []
        # service accounts: SQL instances on the SQL servers that do not run as LocalSystem (odd
        # index; the even ones hold MSSQLSvc themselves), app pools on CNAME aliases, custom apps
        n_svc = self.n_svc
        self.sql_self = set(sql[0::2])                  # SQL Server as LocalSystem: SPN on the computer
        sql_odd = sql[1::2] or sql                      # SQL Server under a service account
        for s in range(n_svc):
            kind, m = s % 3, s // 3
            if kind == 0:
                host = self.fqdn(self.srv_names[sql_odd[m % len(sql_odd)]])
                port = 1433 if m < len(sql_odd) else 50000 + m
                self.svc_spec[s] = ("sql", ["MSSQLSvc/%s:%d" % (host, port)] + (["MSSQLSvc/%s" % host] if port == 1433 else []))
            elif kind == 1:
                alias = "intranet-%04d" % s
                tgt = self.fqdn(self.srv_names[web[m % len(web)]])
                self.web_aliases.append((alias, tgt))
                self.svc_spec[s] = ("web", ["HTTP/%s" % self.fqdn(alias), "HTTP/%s" % alias])
            else:
                host = self.fqdn(self.srv_names[app[m % len(app)]])
                self.svc_spec[s] = ("app", ["CustomSvc/%s:%d" % (host, 8000 + s)])
        for alias, tgt in self.web_aliases[:5]:
            self.control("cname_with_spn", {"alias": self.fqdn(alias), "target": tgt,
                                            "note": "CNAME whose HTTP SPN exists on a service account: no finding"})
        svc_pool = list(range(15, n_svc))
        r.shuffle(svc_pool)
        take_svc = svc_pool.pop
        # 1) literal duplicate SPNs (Samba refuses them: snapshot format only)
        for j in range(k if snap else 0):
            t = j % 6
            s = take_svc()
            if t == 0:      # service account vs the computer itself holding HTTP/<fqdn> explicitly
                w = pick("web")
                spn = "HTTP/%s" % self.fqdn(self.srv_names[w])
                self.extra_spn.setdefault(("svc", s), []).append(spn)
                self.extra_spn.setdefault(("srv", w), []).append(spn)
                self.plant("spn_duplicate", {"spn": spn, "values": [spn], "holders": [("svc", s), ("srv", w)], "variant": "user+computer"})
            elif t == 1:    # two SQL service accounts registered for the same instance
                s2 = take_svc()
                spn = "MSSQLSvc/sqlclu-dup%d.%s:1433" % (j, self.domain)
                self.extra_spn.setdefault(("svc", s), []).append(spn)
                self.extra_spn.setdefault(("svc", s2), []).append(spn)
                self.plant("spn_duplicate", {"spn": spn, "values": [spn], "holders": [("svc", s), ("svc", s2)], "variant": "user+user"})
            elif t == 2:    # same SPN, different case
                spn = "HTTP/portal-dup%d.%s" % (j, self.domain)
                v2 = "http/" + spn[5:].upper()
                u = pick("user")
                self.extra_spn.setdefault(("svc", s), []).append(spn)
                self.extra_spn.setdefault(("user", u), []).append(v2)
                self.plant("spn_duplicate", {"spn": spn, "values": [spn, v2], "holders": [("svc", s), ("user", u)], "variant": "case-insensitive"})
            elif t == 3:    # cloned workstation: two computers with the same HOST/<fqdn>
                a, b = pick("ws"), pick("ws")
                spn = "HOST/%s" % self.fqdn(self.ws_name(a))
                self.extra_spn.setdefault(("ws", b), []).append(spn)
                self.plant("spn_duplicate", {"spn": spn, "values": [spn], "holders": [("ws", a), ("ws", b)], "variant": "computer+computer (clone)"})
            elif t == 4:    # gMSA vs user
                g = j % self.n_gmsa
                spn = "HTTP/gmsa-dup%d.%s" % (j, self.domain)
                self.extra_spn.setdefault(("gmsa", g), []).append(spn)
                self.extra_spn.setdefault(("svc", s), []).append(spn)
                self.plant("spn_duplicate", {"spn": spn, "values": [spn], "holders": [("gmsa", g), ("svc", s)], "variant": "gMSA+user"})
            else:           # three holders
                s2, s3 = take_svc(), take_svc()
                spn = "CustomSvc/triple-dup%d.%s:9000" % (j, self.domain)
                for h in (s, s2, s3):
                    self.extra_spn.setdefault(("svc", h), []).append(spn)
                self.plant("spn_duplicate", {"spn": spn, "values": [spn], "holders": [("svc", s), ("svc", s2), ("svc", s3)], "variant": "three holders"})
        # 2) HOST-alias collisions: the service class maps to host through sPNMappings, and the
        #    name's HOST/ SPN is on another account (Samba refuses them too: snapshot only)
        for j in range(max(4, n // 50000) if snap else 0):
            a, t = pick("app"), j % 4
            if t == 0:
                b = pick("app")
                spn = "cifs/%s" % self.fqdn(self.srv_names[a])
                self.extra_spn.setdefault(("srv", b), []).append(spn)
                sev, holder = "high (other computer)", ("srv", b)
            elif t == 1:
                b = pick("app")
                spn = "www/%s" % self.srv_names[a]
                self.extra_spn.setdefault(("srv", b), []).append(spn)
                sev, holder = "high (other computer, short name)", ("srv", b)
            elif t == 2:
                s = take_svc()
                spn = "HTTP/%s" % self.fqdn(self.srv_names[a])
                self.extra_spn.setdefault(("svc", s), []).append(spn)
                sev, holder = "info (user service account: app-pool pattern)", ("svc", s)
            else:
                g = (j + 1) % self.n_gmsa
                spn = "w3svc/%s" % self.fqdn(self.srv_names[a])
                self.extra_spn.setdefault(("gmsa", g), []).append(spn)
                sev, holder = "info (gMSA)", ("gmsa", g)
            self.plant("spn_alias_collision", {"spn": spn, "host_holder": ("srv", a), "holder": holder, "expected": sev})
        # 3) DNS names with no SPN: CNAME aliases and load-balancer VIP A records
        self.cname_nospn, self.vip_nospn = [], []
        for j in range(max(5, n // 20000)):
            w = pick("web")
            self.cname_nospn.append(("portal-%03d" % j, self.fqdn(self.srv_names[w])))
            self.vip_nospn.append(("lb-web-%03d" % j, "10.250.%d.%d" % (j // 250, j % 250 + 1)))
        self.cname_dangling = [("filesrv-alias-%02d" % j, self.fqdn("fs-old-%02d" % j)) for j in range(3)]
        # 4) weak crypto: RC4-only / DES-only
        for j in range(max(4, n // 25000)):
            self.set_enc[("srv", pick("app"))] = 4
            self.set_enc[("svc", take_svc())] = 4
            self.set_enc[("ws", pick("ws"))] = 4
            self.set_enc[("user", pick("user"))] = 4
        self.set_enc[("ws", pick("ws"))] = 3          # DES only (DES_CBC_CRC|DES_CBC_MD5)
        for j in range(max(2, n // 100000)):
            self.set_uac[("user", pick("user"))] = 512 | 0x200000      # USE_DES_KEY_ONLY
        # 5) SPNs by IP, malformed SPNs, dangling SPN hosts
        ips = [("svc", take_svc(), "HTTP/10.20.30.40"), ("svc", take_svc(), "MSSQLSvc/10.20.30.41:1433"),
               ("svc", take_svc(), "HTTP/fe80::1")]
        for kind, i, v in ips:
            self.extra_spn.setdefault((kind, i), []).append(v)
        self.plant_ref("spn_ip_address", ips)
        if snap:
            mal = [("svc", take_svc(), "MSSQLSvc/sql-bad.%s:1433 " % self.domain),   # trailing space -> base64
                   ("svc", take_svc(), "HTTP/web-bad.%s:80a" % self.domain),
                   ("svc", take_svc(), "HTTP//web-bad2"),
                   ("svc", take_svc(), "HTTP")]
            for kind, i, v in mal:
                self.extra_spn.setdefault((kind, i), []).append(v)
            self.plant_ref("spn_malformed", mal)
        dang = [("svc", take_svc(), "HTTP/decom-app-%02d.%s" % (j, self.domain)) for j in range(3)]
        for kind, i, v in dang:
            self.extra_spn.setdefault((kind, i), []).append(v)
        self.plant_ref("spn_dangling_host", dang)
        # 6) computers without HOST SPNs, alternate names without HOST SPNs (and controls with)
        for j in range(max(3, n // 50000)):
            self.no_host_spn.add(pick("app"))
        for j in range(max(2, n // 100000)):
            a = pick("app")
            self.addl_names[a] = (["%s-alt.%s" % (self.srv_names[a].lower(), self.domain)], False)
            c = pick("app")
            self.addl_names[c] = (["%s-new.%s" % (self.srv_names[c].lower(), self.domain)], True)
        # 7) Protected Users: a service account with SPN and a computer inside it
        self.in_protected.add(("svc", take_svc()))
        self.in_protected.add(("srv", pick("app")))

    def plant_ref(self, kind, items):
        for k, i, v in items:
            self.plant(kind, {"spn": v, "holder": (k, i)})

    def spread_user(self, j):
        return (j * 7919 + 13) % self.n_users

    def ws_name(self, i):
        return "%s-WS%06d" % (self.sites[i % len(self.sites)][:3].upper(), i + 1)

    # ---- account writers
    def acct_attrs(self, oc, when, uac, sam, rid, pgid, extra_pre=(), extra=(), t=None):
        """Common attribute order (roughly what AD returns)."""
        snap = self.fmt == "snapshot"
        if not snap:
            return [("objectClass", oc[-1]), ("sAMAccountName", sam), ("userAccountControl", str(uac))] + list(extra)
        if t is None:
            t = self.dom_created
        a = [("objectClass", oc), ("whenCreated", when)] + list(extra_pre) + [
            ("userAccountControl", str(uac)), ("objectGUID", self.guid()),
            ("pwdLastSet", str(self.ft(self.rng.randrange(t, EPOCH_2025 + 86400 * 120))) if self.rng.random() > 0.02 else "0"),
            ("primaryGroupID", str(pgid)), ("objectSid", self.sid(rid)), ("sAMAccountName", sam)]
        return a + list(extra)

    def key_dn(self, key):
        return self.dn_of[key]

    def wellknown_accounts(self):
        B = self.base
        uo = ["top", "person", "organizationalPerson", "user"]
        w = self.when(EPOCH_2008, EPOCH_2008 + 86400)[0]
        adm = "CN=Administrator,CN=Users," + B
        self.put(adm, self.acct_attrs(uo, w, 66048, "Administrator", 500, 513, extra=[
            ("adminCount", "1"), ("memberOf", ["CN=Group Policy Creator Owners,CN=Users," + B,
                                              "CN=Domain Admins,CN=Users," + B, "CN=Enterprise Admins,CN=Users," + B,
                                              "CN=Schema Admins,CN=Users," + B, "CN=Administrators,CN=Builtin," + B])]), "user")
        self.da_members.append(adm)
        self.plant("privileged_outside_protected_users", {"dn": adm, "via": "Domain Admins (direct)"})
        self.put("CN=Guest,CN=Users," + B, self.acct_attrs(uo, w, 66082, "Guest", 501, 514, extra=[
            ("memberOf", "CN=Guests,CN=Builtin," + B)]), "user")
        krb = "CN=krbtgt,CN=Users," + B
        a = self.acct_attrs(uo, w, 514, "krbtgt", 502, 513, extra=[
            ("adminCount", "1"), ("servicePrincipalName", "kadmin/changepw"),
            ("msDS-SupportedEncryptionTypes", None),
            ("memberOf", "CN=Denied RODC Password Replication Group,CN=Users," + B)])
        a = [(k, (str(self.ft(1341100800)) if k == "pwdLastSet" else v)) for k, v in a]   # 2012-07-01
        self.put(krb, a, "user")
        self.spn_values += 1
        self.plant("krbtgt_password_old", {"dn": krb, "pwdLastSet": "2012-07-01"})

    def admin_accounts(self):
        B, r = self.base, self.rng
        uo = ["top", "person", "organizationalPerson", "user"]
        self.admin_dn = []
        for i in range(self.n_admin):
            fn, ln = FIRST[(i * 7) % len(FIRST)], LAST[(i * 13) % len(LAST)]
            sam = "adm-%s%s%d" % (fn.lower()[:5], ln.lower()[:6], i)
            dn = "CN=%s,OU=Admins,OU=Tier0,%s" % (sam, B)
            self.admin_dn.append(dn)
            via_tier0 = i % 3 == 2
            groups = ["CN=GRP-Tier0-Admins,CN=Users," + B] if via_tier0 else ["CN=Domain Admins,CN=Users," + B]
            protected = i % 2 == 0
            if protected:
                groups.append("CN=Protected Users,CN=Users," + B)
                self.protected_members.append(dn)
            else:
                self.plant("privileged_outside_protected_users", {"dn": dn, "via": "Domain Admins (nested via GRP-Tier0-Admins)" if via_tier0 else "Domain Admins (direct)"})
            if not via_tier0:
                self.da_members.append(dn)
            w, t = self.when()
            extra = [("userPrincipalName", "%s@%s" % (sam, self.domain)), ("adminCount", "1"),
                     ("msDS-SupportedEncryptionTypes", "24"), ("memberOf", groups),
                     ("lastLogonTimestamp", str(self.ft(r.randrange(EPOCH_2025 - 86400 * 30, EPOCH_2025))))]
            if self.fmt != "snapshot":
                extra = [("userPrincipalName", "%s@%s" % (sam, self.domain)), ("msDS-SupportedEncryptionTypes", "24")]
            self.put(dn, self.acct_attrs(uo, w, 512 if i % 5 else 66048, sam, self.rid(), 513, extra=extra, t=t), "user_admin")

    def regular_users(self):
        B, r, D = self.base, self.rng, self.domain
        snap = self.fmt == "snapshot"
        uo = ["top", "person", "organizationalPerson", "user"]
        uacs = [512] * 70 + [66048] * 12 + [514] * 8 + [66050] * 4 + [544] * 2 + [4194816] + [590336]
        encs = ["24"] * 11 + ["28"] * 5 + ["16"] * 2 + ["31"]
        spn_every = max(1, self.n_users // self.spn_users)
        grp_dn = [g["dn"] for g in self.groups]
        pu = "CN=Protected Users,CN=Users," + B
        n_pu_users = min(2000, self.n_users // 40) if self.n >= 50000 else 0
        pu_every = (self.n_users // n_pu_users) if n_pu_users else 0
        self.pu_regular = []
        for i in range(self.n_users):
            dn, sam = self.user_dn[i], self.user_sam[i]
            self.dn_of[("user", i)] = dn
            key = ("user", i)
            uac = self.set_uac.get(key) or r.choice(uacs)
            w, t = self.when()
            spns = []
            if i % spn_every == spn_every // 2:
                spns.append("HTTP/%s-legacy.%s" % (sam.replace(".", "-"), D))
            if key in self.extra_spn:
                spns += self.extra_spn[key]
            enc = self.set_enc.get(key)
            if enc is None and r.random() < 0.10:
                enc = r.choice(encs)
            mo = [grp_dn[g] for g in self.user_groups[i]]
            if pu_every and i % pu_every == 1:
                mo.append(pu)
                self.pu_regular.append(dn)
            if not snap:
                self.put(dn, [("objectClass", "user"), ("sAMAccountName", sam), ("userAccountControl", str(uac | 32)),
                              ("userPrincipalName", "%s@%s" % (sam, D)), ("servicePrincipalName", spns or None),
                              ("msDS-SupportedEncryptionTypes", None if enc is None else str(enc))], "user")
                self.spn_values += len(spns)
                continue
            a = [("objectClass", uo), ("whenCreated", w), ("memberOf", mo), ("userAccountControl", str(uac)),
                 ("objectGUID", self.guid()),
                 ("pwdLastSet", str(self.ft(r.randrange(t, EPOCH_2025 + 86400 * 120))) if r.random() > 0.02 else "0"),
                 ("primaryGroupID", "513"), ("objectSid", self.sid(self.rid())), ("sAMAccountName", sam),
                 ("userPrincipalName", "%s@%s" % (sam, D))]
            if spns:
                a.append(("servicePrincipalName", spns))
                self.spn_values += len(spns)
            if enc is not None:
                a.append(("msDS-SupportedEncryptionTypes", str(enc)))
            if uac & 2 == 0:
                a.append(("lastLogonTimestamp", str(self.ft(r.randrange(EPOCH_2025 - 86400 * 60, EPOCH_2025)))))
            self.put(dn, a, "user")
            if enc == 4:
                self.plant("rc4_only", {"dn": dn, "kind": "user", "msDS-SupportedEncryptionTypes": 4})
            if uac & 0x200000:
                self.plant("des_only", {"dn": dn, "kind": "user", "userAccountControl": uac})
            if any(ord(c) > 127 for c in dn):
                if len(self.truth["controls"].get("non_ascii_dn", [])) < 5:
                    self.control("non_ascii_dn", {"dn": dn, "note": "written as dn:: base64 (UTF-8)"})

    def service_accounts(self):
        B, r, D = self.base, self.rng, self.domain
        snap = self.fmt == "snapshot"
        uo = ["top", "person", "organizationalPerson", "user"]
        pu = "CN=Protected Users,CN=Users," + B
        for s in range(self.n_svc):
            kind, spns = self.svc_spec[s]
            sam = "svc-%s-%04d" % (kind, s)
            dn = "CN=%s,OU=Service Accounts,OU=Tier1,%s" % (sam, B)
            key = ("svc", s)
            self.dn_of[key] = dn
            spns = list(spns) + self.extra_spn.get(key, [])
            enc = self.set_enc.get(key)
            if enc is None and s % 5 < 2:
                enc = 24
            w, t = self.when()
            mo = [pu] if key in self.in_protected else []
            if key in self.in_protected:
                self.protected_members.append(dn)
                self.plant("service_account_in_protected_users", {"dn": dn, "spn": spns[0]})
            if not snap:
                if any(v.endswith(" ") or "//" in v or "/" not in v for v in spns):
                    spns = [v for v in spns if not (v.endswith(" ") or "//" in v or "/" not in v)]
                self.put(dn, [("objectClass", "user"), ("sAMAccountName", sam), ("userAccountControl", str(66048 | 32)),
                              ("servicePrincipalName", spns), ("msDS-SupportedEncryptionTypes", None if enc is None else str(enc))], "user_service")
                self.spn_values += len(spns)
                continue
            a = [("objectClass", uo), ("whenCreated", w), ("memberOf", mo or None), ("userAccountControl", "66048"),
                 ("objectGUID", self.guid()), ("pwdLastSet", str(self.ft(r.randrange(t, EPOCH_2025)))),
                 ("primaryGroupID", "513"), ("objectSid", self.sid(self.rid())), ("sAMAccountName", sam),
                 ("userPrincipalName", "%s@%s" % (sam, D)), ("servicePrincipalName", spns)]
            if enc is not None:
                a.append(("msDS-SupportedEncryptionTypes", str(enc)))
            if s % 40 == 17:
                a.append(("msDS-AllowedToDelegateTo", ["cifs/%s" % self.fqdn(self.srv_names[self.app_idx[0]]), "cifs/%s" % self.srv_names[self.app_idx[0]]]))
            a.append(("lastLogonTimestamp", str(self.ft(r.randrange(EPOCH_2025 - 86400 * 20, EPOCH_2025)))))
            self.spn_values += len(spns)
            self.put(dn, a, "user_service")
            if enc == 4:
                self.plant("rc4_only", {"dn": dn, "kind": "service account", "msDS-SupportedEncryptionTypes": 4})

    def computer(self, key, name, ou_dn, uac, pgid, os_name, spns, enc, extra=(), oc=None):
        r, D = self.rng, self.domain
        snap = self.fmt == "snapshot"
        dn = "CN=%s,%s" % (name, ou_dn)
        self.dn_of[key] = dn
        spns = spns + self.extra_spn.get(key, [])
        if key in self.set_enc:
            enc = self.set_enc[key]
        fq = self.fqdn(name)
        if not snap:
            a = [("objectClass", (oc or ["computer"])[-1]), ("sAMAccountName", name + "$"), ("userAccountControl", str(uac)),
                 ("dNSHostName", fq), ("servicePrincipalName", spns or None),
                 ("msDS-SupportedEncryptionTypes", None if enc is None else str(enc))]
            a += [(k, v) for k, v in extra if k in ("msDS-AdditionalDnsHostName",)]
            self.put(dn, a, key[0])
            self.spn_values += len(spns)
            return dn
        w, t = self.when()
        a = [("objectClass", oc or ["top", "person", "organizationalPerson", "user", "computer"]),
             ("whenCreated", w), ("userAccountControl", str(uac)), ("objectGUID", self.guid()),
             ("pwdLastSet", str(self.ft(r.randrange(max(t, EPOCH_2025 - 86400 * 40), EPOCH_2025)))),
             ("primaryGroupID", str(pgid)), ("objectSid", self.sid(self.rid())), ("sAMAccountName", name + "$"),
             ("operatingSystem", os_name), ("dNSHostName", fq)] + list(extra)
        if spns:
            a.append(("servicePrincipalName", spns))
            self.spn_values += len(spns)
        if enc is not None:
            a.append(("msDS-SupportedEncryptionTypes", str(enc)))
        if uac & 2 == 0:
            a.append(("lastLogonTimestamp", str(self.ft(r.randrange(EPOCH_2025 - 86400 * 14, EPOCH_2025)))))
        self.put(dn, a, key[0])
        if enc == 4:
            self.plant("rc4_only", {"dn": dn, "kind": "computer", "msDS-SupportedEncryptionTypes": 4})
        elif enc == 3:
            self.plant("des_only", {"dn": dn, "kind": "computer", "msDS-SupportedEncryptionTypes": 3})
        return dn

    @staticmethod
    def default_spns(name, fq, termsrv=True, wsman=False):
        s = []
        if wsman:
            s += ["WSMAN/" + name, "WSMAN/" + fq]
        if termsrv:
            s += ["TERMSRV/" + name, "TERMSRV/" + fq]
        return s + ["RestrictedKrbHost/" + name, "HOST/" + name, "RestrictedKrbHost/" + fq, "HOST/" + fq]

    def domain_controllers(self):
        B, D, r = self.base, self.domain, self.rng
        self.dcs = []
        for i in range(self.n_dc):
            name = "DC%02d" % (i + 1)
            fq = self.fqdn(name)
            ntds = "%08x-%04x-%04x-%04x-%012x" % (r.getrandbits(32), r.getrandbits(16), r.getrandbits(16), r.getrandbits(16), r.getrandbits(48))
            nb = self.netbios
            spns = ["Dfsr-12F9A27C-BF97-4787-9364-D31B6C55EB04/" + fq, "ldap/%s/ForestDnsZones.%s" % (fq, D),
                    "ldap/%s/DomainDnsZones.%s" % (fq, D), "DNS/" + fq, "GC/%s/%s" % (fq, D),
                    "RestrictedKrbHost/" + fq, "RestrictedKrbHost/" + name, "RPC/%s._msdcs.%s" % (ntds, D),
                    "HOST/%s/%s" % (name, nb), "HOST/%s/%s" % (fq, nb), "HOST/" + name, "HOST/" + fq,
                    "HOST/%s/%s" % (fq, D), "E3514235-4B06-11D1-AB04-00C04FC2DCD2/%s/%s" % (ntds, D),
                    "ldap/%s/%s" % (name, nb), "ldap/%s._msdcs.%s" % (ntds, D), "ldap/%s/%s" % (fq, nb),
                    "ldap/" + name, "ldap/" + fq, "ldap/%s/%s" % (fq, D), "WSMAN/" + name, "WSMAN/" + fq,
                    "TERMSRV/" + name, "TERMSRV/" + fq]
            if self.fmt != "snapshot":
                spns = []        # Samba writes its own DC SPNs; bench DCs are the real one
                continue
            self.computer(("dc", i), name, "OU=Domain Controllers," + B, 532480, 516,
                          "Windows Server 2022 Datacenter", spns, 28,
                          extra=[("memberOf", "CN=Pre-Windows 2000 Compatible Access,CN=Builtin," + B)] if False else [])
            self.dcs.append((name, fq, ntds, "10.0.%d.%d" % (i // 200, i % 200 + 10)))
            self.dns_nodes.append((name, [rec_a(self.dcs[-1][3], self.ser())], None))

    def ser(self):
        self.serial += 1
        return self.serial

    def servers(self):
        B, r = self.base, self.rng
        ou = "OU=Servers,OU=Tier1," + B
        oses = (["Windows Server 2019 Standard"] * 5 + ["Windows Server 2022 Standard"] * 4 +
                ["Windows Server 2016 Standard"] * 3 + ["Windows Server 2012 R2 Standard"] * 2 +
                ["Windows Server 2008 R2 Enterprise"])
        pu = "CN=Protected Users,CN=Users," + B
        for i, name in enumerate(self.srv_names):
            key = ("srv", i)
            fq = self.fqdn(name)
            osn = r.choice(oses)
            if i in self.no_host_spn:
                spns = ["TERMSRV/" + name, "TERMSRV/" + fq]
            else:
                spns = self.default_spns(name, fq, termsrv=True, wsman="2008" not in osn)
            if i in self.sql_self:
                spns = ["MSSQLSvc/%s:1433" % fq, "MSSQLSvc/%s" % fq] + spns
            if "-EXCH" in name:
                spns = ["exchangeMDB/" + name, "exchangeMDB/" + fq, "exchangeRFR/" + name, "exchangeRFR/" + fq,
                        "exchangeAB/" + name, "exchangeAB/" + fq, "SMTP/" + name, "SMTP/" + fq,
                        "SmtpSvc/" + name, "SmtpSvc/" + fq] + spns
            extra = []
            if i in self.addl_names:
                names, with_spn = self.addl_names[i]
                extra.append(("msDS-AdditionalDnsHostName", names))
                for nm in names:
                    short = nm.split(".")[0].upper()
                    if with_spn:
                        spns += ["HOST/" + nm, "HOST/" + short, "RestrictedKrbHost/" + nm, "RestrictedKrbHost/" + short]
                if not with_spn:
                    self.plant("additional_dns_name_without_host_spn", {"holder": key, "names": names})
                else:
                    self.control("additional_dns_name_with_host_spn", {"holder": key, "names": names})
            if key in self.in_protected and self.fmt == "snapshot":
                extra.append(("memberOf", pu))
                self.protected_members.append("CN=%s,%s" % (name, ou))
                self.plant("computer_in_protected_users", {"holder": key})
            enc = None if "2008" in osn else 28
            uac = 4096
            if i % 97 == 50:
                uac = 528384        # TRUSTED_FOR_DELEGATION (unconstrained)
            self.computer(key, name, ou, uac, 515, osn, spns, enc, extra=extra)
            if i in self.no_host_spn:
                self.plant("computer_without_host_spn", {"holder": key, "dNSHostName": fq})
            ip = "10.1.%d.%d" % (i // 250, i % 250 + 1)
            self.dns_nodes.append((name, [rec_a(ip, self.ser())], None))
            self.srv_ip[i] = ip

    def workstations(self):
        B, r = self.base, self.rng
        oses = ["Windows 10 Enterprise"] * 6 + ["Windows 11 Enterprise"] * 5 + ["Windows 10 Pro"]
        legacy_every = 97
        dyn_every = max(1, self.n_ws // max(1, int(self.n * 0.01)))   # dynamic A records for ~1% of N
        for i in range(self.n_ws):
            key = ("ws", i)
            name = self.ws_name(i)
            site = self.sites[i % len(self.sites)]
            fq = self.fqdn(name)
            legacy = i % legacy_every == 13
            osn = "Windows 7 Professional" if legacy else oses[i % len(oses)]
            enc = None if legacy else 28
            spns = self.default_spns(name, fq, termsrv=(i % 5 < 2), wsman=(i % 5 == 0))
            uac = 4098 if i % 25 == 7 else 4096
            self.computer(key, name, "OU=Workstations,OU=%s,OU=Sites,%s" % (site, B), uac, 515, osn, spns, enc)
            if i % dyn_every == 0:
                ts = 3700000 + r.randrange(20000)      # hours since 1601 (~2023)
                self.dns_nodes.append((name, [rec_a("10.%d.%d.%d" % (16 + i % 16, (i // 250) % 250, i % 250 + 1), self.ser(), 1200, ts)], None))

    def gmsas(self):
        B = self.base
        oc = ["top", "person", "organizationalPerson", "user", "computer", "msDS-GroupManagedServiceAccount"]
        for g in range(self.n_gmsa):
            name = "gmsa-web%03d" % g
            alias = "app-gmsa-%03d" % g
            tgt = self.fqdn(self.srv_names[self.web_idx[g % len(self.web_idx)]])
            spns = ["HTTP/" + self.fqdn(alias), "HTTP/" + alias]
            self.web_aliases.append((alias, tgt))
            if self.fmt != "snapshot":
                continue          # Samba 4.17 needs a KDS root key for gMSAs; not on the bench DC
            self.computer(("gmsa", g), name, "CN=Managed Service Accounts," + B, 4096, 515, None, spns, 28, oc=oc)

    def builtin_and_wellknown_groups(self, bg, wk):
        B = self.base
        pu = "CN=Protected Users,CN=Users," + B
        for cn, rid in bg:
            dn = "CN=%s,CN=Builtin,%s" % (cn, B)
            members = []
            if cn == "Administrators":
                members = ["CN=Domain Admins,CN=Users," + B, "CN=Enterprise Admins,CN=Users," + B, "CN=Administrator,CN=Users," + B]
            if cn == "Backup Operators" and self.admin_dn:
                members = [self.admin_dn[1]]
            self.put(dn, [("objectClass", ["top", "group"]), ("member", members or None), ("whenCreated", self.when(EPOCH_2008, EPOCH_2008 + 86400)[0]),
                          ("objectGUID", self.guid()), ("objectSid", sid_bytes([32, rid])), ("sAMAccountName", cn), ("adminCount", "1" if rid in (544, 548, 549, 550, 551, 552) else None)], "group_builtin")
        for cn, rid in wk:
            dn = "CN=%s,CN=Users,%s" % (cn, B)
            members, mo = [], []
            if cn == "Domain Admins":
                members = self.da_members + ["CN=GRP-Tier0-Admins,CN=Users," + B]
                mo = ["CN=Administrators,CN=Builtin," + B]
            elif cn == "GRP-Tier0-Admins":
                members = [d for k, d in enumerate(self.admin_dn) if k % 3 == 2]
                mo = ["CN=Domain Admins,CN=Users," + B]
            elif cn == "Enterprise Admins" or cn == "Schema Admins":
                members = ["CN=Administrator,CN=Users," + B]
            elif cn == "Protected Users":
                members = self.protected_members + self.pu_regular
                if len(members) > 1500:
                    self.control("big_protected_users", {"dn": dn, "members": len(members), "note": "more than 1500 members (ranged retrieval on Windows)"})
            r_ = rid if rid is not None else self.rid()
            self.put(dn, [("objectClass", ["top", "group"]), ("member", members or None), ("memberOf", mo or None),
                          ("whenCreated", self.when(EPOCH_2008, EPOCH_2008 + 86400)[0]), ("objectGUID", self.guid()),
                          ("objectSid", self.sid(r_)), ("sAMAccountName", cn),
                          ("adminCount", "1" if cn in ("Domain Admins", "Enterprise Admins", "Schema Admins", "GRP-Tier0-Admins", "Domain Controllers", "Read-only Domain Controllers", "Key Admins", "Enterprise Key Admins") else None)], "group_wellknown")

    def write_groups(self):
        snap = self.fmt == "snapshot"
        grp_dn = [g["dn"] for g in self.groups]
        truncated = len(self.groups) // 2 if snap else -1   # one group written the way ldapsearch sees Windows AD
        if not snap:
            # ldbadd needs member targets to exist: nested groups have higher indexes than their
            # parents, so write in reverse order and leave out the planted cycle
            cyc = set(range(len(self.groups) - 3, len(self.groups)))
            for j in range(len(self.groups) - 1, -1, -1):
                g = self.groups[j]
                members = [self.user_dn[u] for u in g["members"]] + [grp_dn[k] for k in g["kids"] if not (j in cyc and k in cyc)]
                self.put(g["dn"], [("objectClass", "group"), ("sAMAccountName", g["cn"]), ("member", members or None)], "group")
            return
        for j, g in enumerate(self.groups):
            members = [self.user_dn[u] for u in g["members"]] + [grp_dn[k] for k in g["kids"]]
            mattr = "member"
            if j == truncated:
                extra_m = [self.user_dn[(u * 31 + 7) % self.n_users] for u in range(1600)]
                members = list(dict.fromkeys(members + extra_m))[:1500]
                mattr = "member;range=0-1499"
                self.plant("truncated_ranged_group", {"dn": g["dn"], "note": "only member;range=0-1499 present (ldapsearch does not follow ranges on Windows AD): membership is incomplete and must be reported as such"})
            a = [("objectClass", ["top", "group"]), (mattr, members or None),
                 ("memberOf", [grp_dn[p] for p in self.group_parents[j]] or None),
                 ("whenCreated", self.when()[0]), ("objectGUID", self.guid()), ("objectSid", self.sid(self.rid())),
                 ("sAMAccountName", g["cn"])]
            self.put(g["dn"], a, "group")
            if g["big"]:
                self.control("big_group", {"dn": g["dn"], "direct_members": len(members)})

    def trusts(self):
        B = self.base
        r = self.rng
        # (partner, flat, type, direction, attributes, enctypes, planted-as)
        T = [("partner.example", "PARTNER", 2, 3, 4, None, "external trust without AES (RC4 default)"),
             ("emea.corp-forest.example", "EMEA", 2, 3, 8, 24, None),
             ("MITREALM.EXAMPLE.ORG", "MITREALM.EXAMPLE.ORG", 3, 2, 1, None, "MIT realm trust"),
             ("LEGACYNT", "LEGACYNT", 1, 3, 0, None, "downlevel (NT4-style) trust"),
             ("acquired.example", "ACQUIRED", 2, 3, 0x48, 24, "forest trust treated as external"),
             ("child.%s" % self.domain, "CHILD", 2, 3, 0x20, 24, None)]
        for partner, flat, ttype, tdir, tattr, enc, planted in T:
            dn = "CN=%s,CN=System,%s" % (partner, B)
            sub = [21, r.randrange(10**8, 4 * 10**9), r.randrange(10**8, 4 * 10**9), r.randrange(10**8, 4 * 10**9)]
            a = [("objectClass", ["top", "leaf", "trustedDomain"]), ("whenCreated", self.when()[0]),
                 ("objectGUID", self.guid()), ("securityIdentifier", sid_bytes(sub) if ttype != 3 else None),
                 ("trustDirection", str(tdir)), ("trustPartner", partner), ("trustType", str(ttype)),
                 ("trustAttributes", str(tattr)), ("flatName", flat),
                 ("msDS-SupportedEncryptionTypes", None if enc is None else str(enc))]
            self.put(dn, a, "trustedDomain")
            (self.plant if planted else self.control)("trust", {"dn": dn, "trustPartner": partner, "trustType": ttype, "trustDirection": tdir, "trustAttributes": tattr, "msDS-SupportedEncryptionTypes": enc, "note": planted or "AES-capable, no finding expected"})
            sam = flat[:15].upper() + "$"
            adn = "CN=%s,CN=Users,%s" % (sam, B)
            self.put(adn, self.acct_attrs(["top", "person", "organizationalPerson", "user"], self.when()[0], 2080, sam, self.rid(), 513,
                                          extra=[("msDS-SupportedEncryptionTypes", None if enc is None else str(enc))]), "user_trust_account")

    def dfs(self):
        B, D = self.base, self.domain
        base = "CN=Dfs-Configuration,CN=System," + B
        fs = self.fqdn(self.srv_names[[i for i, s in enumerate(self.srv_names) if "-FS" in s][0]])
        portal = self.fqdn(self.cname_nospn[0][0])
        objs = [
            ("CN=Dfs-Configuration,CN=System," + B, [("objectClass", ["top", "dfsConfiguration"])]),
            ("CN=public," + base, [("objectClass", ["top", "msDFS-NamespaceAnchor"])]),
            ("CN=public,CN=public," + base, [("objectClass", ["top", "msDFS-Namespacev2"]),
                                             ("msDFS-TargetListv2", dfs_targets(["\\\\%s\\public" % fs, "\\\\10.1.0.77\\public"]))]),
            ("CN=apps,CN=public,CN=public," + base, [("objectClass", ["top", "msDFS-Linkv2"]), ("msDFS-LinkPathv2", "/apps"),
                                                     ("msDFS-TargetListv2", dfs_targets(["\\\\%s\\apps" % portal, "\\\\nas01.partner.example\\apps"]))]),
            ("CN=oldroot," + base, [("objectClass", ["top", "fTDfs"]), ("remoteServerName", ["\\\\fs-old-00\\oldroot", "*"]),
                                    ("pKT", b"\x01\x00\x00\x00" + b"\x00" * 12)]),
            ("CN=scripts,CN=public,CN=public," + base, [("objectClass", ["top", "msDFS-Linkv2"]), ("msDFS-LinkPathv2", "/scripts"),
                                                        ("msDFS-TargetListv2", dfs_targets(["\\\\%s\\scripts" % fs]))]),
        ]
        for dn, a in objs:
            self.put(dn, a[:1] + [("whenCreated", self.when()[0]), ("objectGUID", self.guid())] + a[1:], "dfs")
        self.plant("dfs_target_ip", {"dn": "CN=public,CN=public," + base, "target": "\\\\10.1.0.77\\public"})
        self.plant("dfs_target_alias_without_spn", {"dn": "CN=apps,CN=public,CN=public," + base, "target": "\\\\%s\\apps" % portal})
        self.plant("dfs_target_foreign_host", {"dn": "CN=apps,CN=public,CN=public," + base, "target": "\\\\nas01.partner.example\\apps"})
        self.plant("dfs_v1_root_dangling", {"dn": "CN=oldroot," + base, "target": "\\\\fs-old-00\\oldroot"})

    # ---------------------------------------------------------------- Configuration NC
    def config_nc(self):
        C, B, D = self.cfg, self.base, self.domain
        objs = [(C, [("objectClass", ["top", "configuration"])])]
        objs.append(("CN=Partitions," + C, [("objectClass", ["top", "crossRefContainer"]), ("msDS-Behavior-Version", "7")]))
        r = self.rng
        gname = lambda: "%08x-%04x-%04x-%04x-%012x" % (r.getrandbits(32), r.getrandbits(16), r.getrandbits(16), r.getrandbits(16), r.getrandbits(48))
        for cn, nc, root in ((self.netbios, B, D), ("Enterprise Configuration", C, D), ("Enterprise Schema", "CN=Schema," + C, D),
                             (gname(), self.ddz, "DomainDnsZones." + D), (gname(), self.fdz, "ForestDnsZones." + D)):
            a = [("objectClass", ["top", "crossRef"]), ("nCName", nc), ("dnsRoot", root)]
            if nc == B:
                a.append(("nETBIOSName", self.netbios))
            objs.append(("CN=%s,CN=Partitions,%s" % (cn, C), a))
        objs.append(("CN=Services," + C, [("objectClass", ["top", "container"])]))
        objs.append(("CN=Windows NT,CN=Services," + C, [("objectClass", ["top", "container"])]))
        objs.append(("CN=Directory Service,CN=Windows NT,CN=Services," + C,
                     [("objectClass", ["top", "nTDSService"]), ("sPNMappings", SPN_MAPPINGS)]))
        objs.append(("CN=Sites," + C, [("objectClass", ["top", "sitesContainer"])]))
        for si, s in enumerate(self.sites):
            sdn = "CN=%s,CN=Sites,%s" % (s, C)
            objs.append((sdn, [("objectClass", ["top", "site"])]))
            objs.append(("CN=Servers," + sdn, [("objectClass", ["top", "serversContainer"])]))
            for name, fq, ntds, ip in self.dcs[si::len(self.sites)]:
                srv = "CN=%s,CN=Servers,%s" % (name, sdn)
                objs.append((srv, [("objectClass", ["top", "server"]), ("dNSHostName", fq)]))
                objs.append(("CN=NTDS Settings," + srv, [("objectClass", ["top", "applicationSettings", "nTDSDSA"])]))
        self.begin_partition(len(objs))
        self.cur_refs = []
        for dn, a in objs:
            self.put(dn, a[:1] + [("whenCreated", self.when(EPOCH_2008, EPOCH_2008 + 86400)[0]), ("objectGUID", self.guid())] + a[1:], "config")
        self.end_partition()

    # ---------------------------------------------------------------- DNS partitions
    def dns_partitions(self):
        D, snap = self.domain, self.fmt == "snapshot"
        zdn = self.zone_dn
        nodes = []
        pdc = self.dcs[0][1] if getattr(self, "dcs", None) else self.fqdn("dc01")
        if snap:
            nodes.append(("@", [rec_soa(self.ser(), pdc, "hostmaster." + D)] + [rec_ns(fq, self.ser()) for _, fq, _, _ in self.dcs[:4]]
                          + [rec_a(ip, self.ser(), 600) for _, _, _, ip in self.dcs[:4]], None))
            for svc in ("_ldap._tcp", "_kerberos._tcp", "_kerberos._udp", "_kpasswd._tcp", "_gc._tcp"):
                port = {"_ldap._tcp": 389, "_gc._tcp": 3268, "_kpasswd._tcp": 464}.get(svc, 88)
                nodes.append((svc, [rec_srv(0, 100, port, fq, self.ser()) for _, fq, _, _ in self.dcs[:4]], None))
        nodes += self.dns_nodes
        for alias, tgt in self.web_aliases:
            nodes.append((alias, [rec_cname(tgt, self.ser())], None))
        for alias, tgt in self.cname_nospn:
            nodes.append((alias, [rec_cname(tgt, self.ser())], None))
            self.plant("cname_without_spn", {"alias": self.fqdn(alias), "target": tgt, "dn": "DC=%s,%s" % (alias, zdn)})
        for alias, tgt in self.cname_dangling:
            nodes.append((alias, [rec_cname(tgt, self.ser())], None))
            self.plant("cname_dangling", {"alias": self.fqdn(alias), "target": tgt})
        for name, ip in self.vip_nospn:
            nodes.append((name, [rec_a(ip, self.ser()), rec_a(ip.rsplit(".", 1)[0] + ".2" if not ip.endswith(".2") else ip.rsplit(".", 1)[0] + ".3", self.ser())], None))
            self.plant("a_record_without_account_or_spn", {"name": self.fqdn(name), "ip": ip})
        if snap:      # a few tombstoned nodes (deleted records kept 7 days): must be ignored
            for i in range(3):
                nodes.append(("stale-host-%02d" % i, [rec_tombstone(self.ft(EPOCH_2025 - 86400 * (i + 1)), self.ser())], "tomb"))
                self.control("tombstoned_dns_node", {"dn": "DC=stale-host-%02d,%s" % (i, zdn), "note": "dNSTombstoned TRUE: must be ignored"})
        # fill up to N with more dynamic workstation A records (and more tombstoned nodes)
        n_fdz = 3 + 2 + 2 * len(self.dcs[:8])
        fixed = self.count + 3 + len(nodes) + 3 + n_fdz
        filler = max(0, self.n - fixed) if snap else max(0, int(self.n * 0.035) - len(nodes))
        k = 0
        for i in range(filler):
            if i % 500 == 250 and snap:
                ft = self.ft(EPOCH_2025 - 86400 * 3)
                nodes.append(("stale-ws-%06d" % i, [rec_tombstone(ft, self.ser())], "tomb"))
                k += 1
            else:
                ts = 3700000 + self.rng.randrange(20000)
                nodes.append(("host-%06d" % i, [rec_a("172.%d.%d.%d" % (16 + (i >> 16) % 16, (i >> 8) & 255, i & 255 or 1), self.ser(), 1200, ts)], None))
        if snap:
            ddz_objs = [(self.ddz, ["top", "domain", "domainDNS"]), ("CN=MicrosoftDNS," + self.ddz, ["top", "container"]),
                        (zdn, ["top", "dnsZone"])]
            self.begin_partition(len(ddz_objs) + len(nodes) + filler + 3)
            self.cur_refs = []
            for dn, oc in ddz_objs:
                self.put(dn, [("objectClass", oc), ("whenCreated", self.when(EPOCH_2008, EPOCH_2008 + 86400)[0]), ("objectGUID", self.guid())], "dns_container")
        for name, recs, flag in nodes:
            dn = "DC=%s,%s" % (name, zdn)
            if snap:
                a = [("objectClass", ["top", "dnsNode"]), ("whenCreated", self.when()[0]), ("objectGUID", self.guid()),
                     ("dnsRecord", recs)]
                if flag == "tomb":
                    a.append(("dNSTombstoned", "TRUE"))
                self.put(dn, a, "dnsNode")
            else:
                self.put(dn, [("objectClass", "dnsNode"), ("dnsRecord", recs)], "dnsNode")
        if snap:
            for dn in ("DC=_msdcs,%s" % zdn, "DC=DomainDnsZones,%s" % zdn, "DC=ForestDnsZones,%s" % zdn):
                self.put(dn, [("objectClass", ["top", "dnsNode"]), ("whenCreated", self.when()[0]), ("objectGUID", self.guid()),
                              ("dnsRecord", [rec_ns(self.dcs[0][1], self.ser())] if "_msdcs" in dn else [rec_a(ip, self.ser(), 600) for _, _, _, ip in self.dcs[:2]])], "dnsNode")
            self.end_partition()
            # ForestDnsZones: the _msdcs zone with the DSA GUID CNAMEs and gc A records
            fobjs = [(self.fdz, ["top", "domain", "domainDNS"]), ("CN=MicrosoftDNS," + self.fdz, ["top", "container"]),
                     (self.msdcs_dn, ["top", "dnsZone"])]
            fnodes = [("@", [rec_soa(self.ser(), pdc, "hostmaster." + D), rec_ns(pdc, self.ser())])]
            fnodes.append(("gc", [rec_a(ip, self.ser(), 600) for _, _, _, ip in self.dcs[:8]]))
            for name, fq, ntds, ip in self.dcs[:8]:
                fnodes.append((ntds, [rec_cname(fq, self.ser())]))
                fnodes.append(("_ldap._tcp.%s.domains" % ntds[:8], [rec_srv(0, 100, 389, fq, self.ser())]))
            self.begin_partition(len(fobjs) + len(fnodes))
            for dn, oc in fobjs:
                self.put(dn, [("objectClass", oc), ("whenCreated", self.when(EPOCH_2008, EPOCH_2008 + 86400)[0]), ("objectGUID", self.guid())], "dns_container")
            for name, recs in fnodes:
                self.put("DC=%s,%s" % (name, self.msdcs_dn), [("objectClass", ["top", "dnsNode"]), ("whenCreated", self.when()[0]),
                                                             ("objectGUID", self.guid()), ("dnsRecord", recs)], "dnsNode")
            self.end_partition()
        self.flush()

    # ---------------------------------------------------------------- truth file
    def finish_truth(self):
        """Replace (kind, idx) holder keys by DNs."""
        def fix(x):
            if isinstance(x, tuple) and len(x) == 2 and isinstance(x[1], int) and x[0] in ("svc", "srv", "ws", "user", "gmsa", "dc"):
                return self.dn_of.get(x, "%s#%d (not written in this format)" % x)
            if isinstance(x, list):
                return [fix(y) for y in x]
            if isinstance(x, dict):
                return {k: fix(v) for k, v in x.items()}
            return x
        self.truth["planted"] = fix(self.truth["planted"])
        self.truth["controls"] = fix(self.truth["controls"])
        self.truth["planted_counts"] = {k: len(v) for k, v in self.truth["planted"].items()}
        return self.truth


def _ascii(s):
    import unicodedata
    t = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode("ascii")
    return t or "x"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", "--objects", type=int, required=True, help="total number of objects (all partitions)")
    ap.add_argument("-s", "--seed", type=int, default=4540, help="random seed (default 4540)")
    ap.add_argument("-o", "--output", required=True, help="LDIF file to write (atomically)")
    ap.add_argument("--truth", help="planted-problem JSON (default: OUTPUT with .truth.json)")
    ap.add_argument("--domain", default="corp.example")
    ap.add_argument("--netbios", default=None)
    ap.add_argument("--format", choices=("snapshot", "samba-add"), default="snapshot")
    a = ap.parse_args()
    if a.objects < 2000:
        ap.error("-n must be at least 2000")
    nb = a.netbios or a.domain.split(".")[0].upper()[:15]
    t0 = time.time()
    g = Gen(a.objects, a.seed, a.domain, nb, a.format)
    g.write(a.output)
    truth = g.finish_truth()
    truth["generation_seconds"] = round(time.time() - t0, 2)
    tpath = a.truth or (a.output[:-5] if a.output.endswith(".ldif") else a.output) + ".truth.json"
    with open(tpath + ".tmp", "w") as f:
        json.dump(truth, f, indent=1, ensure_ascii=False)
        f.write("\n")
    os.replace(tpath + ".tmp", tpath)
    c = truth["counts"]
    print("wrote %s: %d entries, %d SPN values, %d bytes in %.1f s; truth: %s" % (
        a.output, c["entries_total"], c["servicePrincipalName_values"], c["bytes"], truth["generation_seconds"], tpath), file=sys.stderr)


if __name__ == "__main__":
    main()
