#!/usr/bin/env python3
"""An independent reading of a Sysinternals AD Explorer snapshot (.dat), for the agreement test.

Written from the public format notes (docs/snapshot-format.md, "AD Explorer snapshots"), not from
kerbready's reader: it finds the property table, walks the objects and reads only what the
comparison needs (DN, objectClass, servicePrincipalName, objectSid of the domain). Prints one JSON
document: the objects per partition, the DNs of users, computers and groups of the domain partition,
and every (account DN, SPN) pair, sorted.

Usage: adexplorer_reference.py SNAPSHOT.dat
"""

import json
import struct
import sys

HEADER_SIZE = 0x43E  # signature, marker, filetime, 2 x WCHAR[260], 6 x uint32
STRING_TYPES = {1, 2, 3, 4, 5, 12}  # ADSTYPE_DN_STRING .. NUMERIC_STRING, OBJECT_CLASS
OCTET_STRING = 8


def u32(data, offset):
    return struct.unpack_from("<I", data, offset)[0]


def i32(data, offset):
    return struct.unpack_from("<i", data, offset)[0]


def utf16z(data, offset):
    end = offset
    while data[end:end + 2] != b"\0\0":
        end += 2
    return data[offset:end].decode("utf-16-le")


def read_properties(data, offset):
    count = u32(data, offset)
    offset += 4
    properties = []
    for _ in range(count):
        name_len = u32(data, offset)
        name = data[offset + 4:offset + 4 + name_len].decode("utf-16-le").rstrip("\0")
        offset += 4 + name_len
        ads_type = u32(data, offset + 4)  # after an unknown int32
        offset += 8
        dn_len = u32(data, offset)
        offset += 4 + dn_len + 16 + 16 + 4  # DN, schemaIDGUID, attributeSecurityGUID, 4 bytes
        properties.append((name.lower(), ads_type))
    return properties


def values(data, properties, attribute_offset, index):
    ads_type = properties[index][1]
    count = u32(data, attribute_offset)
    if ads_type in STRING_TYPES:
        return [utf16z(data, attribute_offset + i32(data, attribute_offset + 4 + 4 * i)) for i in range(count)]
    if ads_type == OCTET_STRING:
        lengths = [u32(data, attribute_offset + 4 + 4 * i) for i in range(count)]
        at = attribute_offset + 4 + 4 * count
        out = []
        for length in lengths:
            out.append(data[at:at + length])
            at += length
        return out
    return None


def partition_of(dn):
    parts = [p.strip() for p in dn.lower().split(",")]
    if "cn=schema" in parts and "cn=configuration" in parts:
        return "schema"
    if "cn=configuration" in parts:
        return "configuration"
    if "dc=domaindnszones" in parts or "dc=forestdnszones" in parts:
        return "dns"
    return "domain"


def main():
    data = open(sys.argv[1], "rb").read()
    if data[:10] != b"win-ad-ob\0":
        sys.exit("not an AD Explorer snapshot")
    objects = u32(data, 1062)
    table = u32(data, 1070) | (u32(data, 1074) << 32)
    properties = read_properties(data, table)
    index = {name: i for i, (name, _) in enumerate(properties)}
    want = {index[n]: n for n in ("distinguishedname", "objectclass", "serviceprincipalname", "objectsid") if n in index}

    per_partition = {}
    users, computers, groups, spns = [], [], [], []
    domain_sid = None
    at = HEADER_SIZE
    for _ in range(objects):
        size, entries = u32(data, at), u32(data, at + 4)
        attributes = {}
        for k in range(entries):
            prop, offset = u32(data, at + 8 + 8 * k), i32(data, at + 12 + 8 * k)
            if prop in want:
                attributes[want[prop]] = values(data, properties, at + offset, prop)
        at += size
        dn = attributes.get("distinguishedname", [""])[0]
        classes = [c.lower() for c in attributes.get("objectclass", [])]
        partition = partition_of(dn)
        per_partition[partition] = per_partition.get(partition, 0) + 1
        if partition != "domain":
            continue
        if "computer" in classes:
            computers.append(dn)
        elif "user" in classes or "inetorgperson" in classes:
            users.append(dn)
        elif "group" in classes:
            groups.append(dn)
        elif "domaindns" in classes and "objectsid" in attributes:
            sid = attributes["objectsid"][0]
            subs = [u32(sid, 8 + 4 * i) for i in range(sid[1])]
            domain_sid = "S-%d-%d%s" % (sid[0], int.from_bytes(sid[2:8], "big"), "".join("-%d" % s for s in subs))
        if "computer" in classes or "user" in classes:
            for spn in attributes.get("serviceprincipalname", []):
                spns.append([dn, spn])

    json.dump({
        "objects": objects,
        "objects_per_partition": dict(sorted(per_partition.items())),
        "domain_sid": domain_sid,
        "users": sorted(users),
        "computers": sorted(computers),
        "groups": sorted(groups),
        "spns": sorted(spns),
    }, sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
