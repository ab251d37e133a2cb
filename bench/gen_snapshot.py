#!/usr/bin/env python3
"""Generate a synthetic AD snapshot of any size for benchmarks (not for tests).

Shapes follow a real enterprise domain: ~60% users, ~30% computers with the Windows default SPN
sets, service accounts with SPNs, gMSAs, groups (one of tens of thousands of members, nested), and a
DNS zone with A and CNAME records. Planted at known places, so the bench can check they are found:
  - PLANTED_DUPLICATES duplicate SPNs   HTTP/dup-<i>.bench.example.com on svcdup-<i>a and svcdup-<i>b
  - PLANTED_COLLISIONS alias collisions cifs/ws<i>.bench.example.com on another computer
Usage: gen_snapshot.py OBJECTS OUTPUT
"""

import base64
import struct
import sys

DOMAIN = "bench.example.com"
BASE = "DC=bench,DC=example,DC=com"
PLANTED_DUPLICATES = 50
PLANTED_COLLISIONS = 50


def sid(rid=None):
    subs = [21, 1, 2, 3] + ([rid] if rid is not None else [])
    raw = struct.pack("<BB", 1, len(subs)) + (5).to_bytes(6, "big") + b"".join(struct.pack("<I", s) for s in subs)
    return base64.b64encode(raw).decode()


def a_record(ip):
    data = bytes(int(x) for x in ip.split("."))
    raw = struct.pack("<HHBBHI", 4, 1, 5, 0xF0, 0, 1) + struct.pack(">I", 3600) + struct.pack("<II", 0, 0) + data
    return base64.b64encode(raw).decode()


def cname_record(target):
    labels = target.split(".")
    name = b"".join(bytes([len(l)]) + l.encode() for l in labels) + b"\x00"
    data = bytes([len(name), len(labels)]) + name
    raw = struct.pack("<HHBBHI", len(data), 5, 5, 0xF0, 0, 1) + struct.pack(">I", 3600) + \
        struct.pack("<II", 0, 0) + data
    return base64.b64encode(raw).decode()


def main():
    total = int(sys.argv[1])
    out = open(sys.argv[2], "w")
    w = out.write
    n_computers = total * 30 // 100
    n_svc = max(PLANTED_DUPLICATES * 2 + 10, total // 100)
    n_gmsa = max(5, total // 1000)
    n_groups = max(10, total // 200)
    n_dns = total * 5 // 100
    n_users = total - n_computers - n_svc - n_gmsa - n_groups - n_dns - 3
    rid = 1000
    w(f"version: 1\n\ndn: {BASE}\nobjectClass: domainDNS\nobjectSid:: {sid()}\n"
      "msDS-Behavior-Version: 7\n\n")
    w(f"dn: CN=Directory Service,CN=Windows NT,CN=Services,CN=Configuration,{BASE}\n"
      "objectClass: nTDSService\nsPNMappings: host=cifs,http,rpcss,www,w3svc,spooler,schedule\n\n")
    w(f"dn: CN=BENCH,CN=Partitions,CN=Configuration,{BASE}\nobjectClass: crossRef\n"
      f"nCName: {BASE}\ndnsRoot: {DOMAIN}\nnETBIOSName: BENCH\n\n")
    user_dns = []
    for i in range(n_users):
        rid += 1
        dn = f"CN=user{i},OU=Users,OU=Staff,{BASE}"
        user_dns.append(dn)
        w(f"dn: {dn}\nobjectClass: top\nobjectClass: person\nobjectClass: organizationalPerson\n"
          f"objectClass: user\nsAMAccountName: user{i}\nobjectSid:: {sid(rid)}\nuserAccountControl: 512\n"
          f"primaryGroupID: 513\npwdLastSet: 133700000000000000\nwhenCreated: 20200101000000.0Z\n\n")
    for i in range(n_computers):
        rid += 1
        name = f"WS{i}"
        fqdn = f"ws{i}.{DOMAIN}"
        extra = ""
        if PLANTED_COLLISIONS <= i < 2 * PLANTED_COLLISIONS:
            extra = f"servicePrincipalName: cifs/ws{i - PLANTED_COLLISIONS}.{DOMAIN}\n"
        w(f"dn: CN={name},OU=Computers,OU=Staff,{BASE}\nobjectClass: top\nobjectClass: person\n"
          f"objectClass: organizationalPerson\nobjectClass: user\nobjectClass: computer\n"
          f"sAMAccountName: {name}$\nobjectSid:: {sid(rid)}\nuserAccountControl: 4096\nprimaryGroupID: 515\n"
          f"dNSHostName: {fqdn}\nservicePrincipalName: HOST/{name}\nservicePrincipalName: HOST/{fqdn}\n"
          f"servicePrincipalName: RestrictedKrbHost/{name}\nservicePrincipalName: RestrictedKrbHost/{fqdn}\n"
          f"{extra}pwdLastSet: 133700000000000000\nwhenCreated: 20200101000000.0Z\n\n")
    for i in range(n_svc):
        rid += 1
        if i < 2 * PLANTED_DUPLICATES:
            sam = f"svcdup-{i // 2}{'ab'[i % 2]}"
            spn = f"HTTP/dup-{i // 2}.{DOMAIN}"
        else:
            sam = f"svc{i}"
            spn = f"MSSQLSvc/ws{i % max(1, n_computers)}.{DOMAIN}:1433"
        w(f"dn: CN={sam},OU=Service Accounts,{BASE}\nobjectClass: top\nobjectClass: user\n"
          f"sAMAccountName: {sam}\nobjectSid:: {sid(rid)}\nuserAccountControl: 66048\n"
          f"servicePrincipalName: {spn}\npwdLastSet: 133700000000000000\n\n")
    for i in range(n_gmsa):
        rid += 1
        w(f"dn: CN=gmsa{i},CN=Managed Service Accounts,{BASE}\nobjectClass: top\nobjectClass: user\n"
          f"objectClass: computer\nobjectClass: msDS-GroupManagedServiceAccount\nsAMAccountName: gmsa{i}$\n"
          f"objectSid:: {sid(rid)}\nuserAccountControl: 4096\nmsDS-SupportedEncryptionTypes: 24\n"
          f"servicePrincipalName: HTTP/app{i}.{DOMAIN}\n\n")
    for g in range(n_groups):
        rid += 1
        w(f"dn: CN=group{g},OU=Groups,{BASE}\nobjectClass: top\nobjectClass: group\nsAMAccountName: group{g}\n"
          f"objectSid:: {sid(rid)}\ngroupType: -2147483646\n")
        if g == 0:
            members = user_dns[: min(len(user_dns), 50000)]  # one huge group
        elif g < 20:
            members = [f"CN=group{g - 1},OU=Groups,{BASE}"] + user_dns[g * 100: g * 100 + 100]  # nesting
        else:
            members = user_dns[(g * 37) % max(1, len(user_dns) - 50):][:50]
        for m in members:
            w(f"member: {m}\n")
        w("\n")
    zone = f"DC={DOMAIN},CN=MicrosoftDNS,DC=DomainDnsZones,{BASE}"
    w(f"dn: {zone}\nobjectClass: dnsZone\n\n")
    for i in range(n_dns):
        if i % 10 == 0:
            rec = cname_record(f"ws{i % max(1, n_computers)}.{DOMAIN}")
            name = f"alias{i}"
        else:
            rec = a_record(f"10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}")
            name = f"ws{i}"
        w(f"dn: DC={name},{zone}\nobjectClass: dnsNode\ndc: {name}\ndnsRecord:: {rec}\n\n")
    out.close()


if __name__ == "__main__":
    main()
