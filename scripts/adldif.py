"""Encoders shared by the example generators (scripts/gen_example.py, examples/estate/gen_estate.py):
SIDs, DNS records as AD stores them in dnsRecord, and LDIF records in the form `kerbready collect`
writes (header, folded lines, base64 where needed, end marker; docs/snapshot-format.md).

Standard library only; deterministic: nothing here reads the clock or a random source.
"""

import base64
import struct


def sid_bytes(sub, rid=None):
    """Binary SID S-1-5-<sub...>[-rid] (MS-DTYP 2.4.22)."""
    subs = list(sub) + ([rid] if rid is not None else [])
    return struct.pack("<BB", 1, len(subs)) + (5).to_bytes(6, "big") + b"".join(struct.pack("<I", s) for s in subs)


def dns_name(name):
    """DNS_COUNT_NAME (MS-DNSP 2.2.2.2.2): total length, label count, labels, terminator."""
    labels = [l for l in name.rstrip(".").split(".") if l]
    raw = b"".join(bytes([len(l)]) + l.encode() for l in labels) + b"\x00"
    return bytes([len(raw), len(labels)]) + raw


def dns_record(rtype, data, ttl=3600):
    """DNS_RPC_RECORD (MS-DNSP 2.3.2.2); the TTL is big-endian, everything else little-endian; a zero
    timestamp is a static record."""
    return struct.pack("<HHBBHI", len(data), rtype, 5, 0xF0, 0, 1) + struct.pack(">I", ttl) + \
        struct.pack("<II", 0, 0) + data


def a_record(ip):
    return dns_record(1, bytes(int(x) for x in ip.split(".")))


def ns_record(target):
    return dns_record(2, dns_name(target))


def cname_record(target):
    return dns_record(5, dns_name(target))


def ldif_value(name, value):
    """One `name: value` line, base64 (`name:: …`) when the value is binary or not safe as text."""
    if isinstance(value, bytes):
        return f"{name}:: {base64.b64encode(value).decode()}"
    safe = value and value[0] not in " :<" and value[-1] != " " and all(0x20 <= ord(c) < 0x7f for c in value)
    if value == "" or safe:
        return f"{name}: {value}"
    return f"{name}:: {base64.b64encode(value.encode()).decode()}"


def fold(line):
    """Fold an LDIF line at 76 columns (RFC 2849)."""
    out = [line[:76]]
    rest = line[76:]
    while rest:
        out.append(" " + rest[:75])
        rest = rest[75:]
    return "\n".join(out)


def write_snapshot(out, collected, comment_lines, records):
    """Write `records` ([(dn, [(name, value)], comment)]) as a kerbready snapshot collected at
    `collected` (YYYY-MM-DDTHH:MM:SSZ), with `comment_lines` after the header."""
    out.write(f"# kerbready-snapshot: 1 collected={collected}\n")
    for line in comment_lines:
        out.write(f"# {line}\n")
    out.write("version: 1\n\n")
    for dn, attrs, comment in records:
        if comment:
            out.write(f"# {comment}\n")
        out.write(fold(ldif_value("dn", dn)) + "\n")
        for name, value in attrs:
            out.write(fold(ldif_value(name, value)) + "\n")
        out.write("\n")
    out.write(f"# kerbready-end: {len(records)} objects\n")
