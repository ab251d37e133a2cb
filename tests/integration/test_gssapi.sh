#!/usr/bin/env bash
# SASL/GSSAPI binds (ticket cache, keytab), paged collection, range retrieval, collect --out, and
# live findings equal to collect-then-snapshot findings.
. "$(dirname "$0")/lib.sh"

kr scan --server "$LAB_DC" --json "$T/live.json" --quiet
expect "gssapi from the kinit cache: scan finds high findings (exit 1)" 1
expect_json "gssapi: report source is ldap" "$T/live.json" 'd["scan"]["source"]' ldap
expect_json "gssapi: scan complete" "$T/live.json" 'd["scan"]["complete"]' True
expect_json "gssapi: sign+seal security layer" "$T/live.json" '"sign+seal" in d["scan"]["collection"]["security"]' True
expect_json "gssapi: every data set read (SYSVOL over SMB too)" "$T/live.json" 'sorted(d["scan"]["data_read"])' "['configuration', 'dns', 'domain', 'sysvol']"
expect_json "seeded duplicate SPN found live" "$T/live.json" \
  'sorted(f["subject"] for f in d["findings"] if f["check_id"]=="SPN-DUPLICATE")' \
  "['HTTP/web01.lab.example', 'MSSQLSvc/sql01.lab.example:1433']"
expect_json "seeded alias collision found live" "$T/live.json" \
  '"cifs/fs01.lab.example" in [f["subject"] for f in d["findings"] if f["check_id"]=="SPN-ALIAS-COLLISION"]' True
expect_json "seeded computers without HOST SPNs found live" "$T/live.json" \
  'sorted(f["subject"] for f in d["findings"] if f["check_id"]=="SPN-MISSING-HOST")' "['APP01\$', 'NOHOST01\$']"

kr collect --server "$LAB_DC" --out "$T/snap.ldif" --quiet
expect "collect --out writes a snapshot" 0
members=$(awk '/^dn: CN=biggroup,/{p=1} p&&/^member:/{n++} p&&/^$/{p=0} END{print n+0}' "$T/snap.ldif")
if [[ $members == "${SEED_BIGGROUP:-1600}" ]]; then pass "range retrieval: all ${members} members of biggroup collected"
else fail "range retrieval: biggroup members" "got $members"; fi
if grep -q '^dnsrecord:: ' "$T/snap.ldif" && grep -q '^objectsid:: ' "$T/snap.ldif"; then
  pass "collect writes binary values base64"
else fail "collect writes binary values base64" "no dnsrecord:: / objectsid:: lines"; fi
if grep -q '^trustpartner: partner.example' "$T/snap.ldif"; then pass "trustedDomain object collected"
else fail "trustedDomain object collected" "missing"; fi

# --parallel: the domain partition in disjoint slices and the DNS partitions beside it, over
# connections of their own (the default, 4) read the same objects and values as one search after
# the other; and the records come in the same order on every run.
kr collect --server "$LAB_DC" --out "$T/serial.ldif" --parallel 1 --quiet
expect "collect --parallel 1: one search after the other" 0
kr collect --server "$LAB_DC" --out "$T/parallel.ldif" --parallel 8 --quiet
expect "collect --parallel 8" 0
sorted_records() { # each record's lines sorted, the records sorted; comments (markers) dropped
  python3 -c 'import sys
records = open(sys.argv[1], encoding="utf-8", errors="replace").read().split("\n\n")
lines = lambda r: sorted(l for l in r.splitlines() if l and not l.startswith("#"))
print("\n".join(sorted("\x1f".join(lines(r)) for r in records if lines(r))))' "$1"
}
if [[ "$(sorted_records "$T/serial.ldif" | md5sum)" == "$(sorted_records "$T/parallel.ldif" | md5sum)" ]] \
  && [[ $(grep -c '^dn::\? ' "$T/parallel.ldif") -gt 100 ]]; then
  pass "collect --parallel 8 reads the same objects and values as --parallel 1 (sorted)"
else
  fail "collect --parallel 8 = --parallel 1 after sorting" \
    "$(diff <(sorted_records "$T/serial.ldif") <(sorted_records "$T/parallel.ldif") | head -c 400 | tr '\n' ' ')"
fi
kr collect --server "$LAB_DC" --out "$T/parallel2.ldif" --parallel 8 --quiet
if cmp -s <(grep -v "^#" "$T/parallel.ldif") <(grep -v "^#" "$T/parallel2.ldif"); then
  pass "collect --parallel 8 writes the records in the same order on every run"
else fail "collect --parallel 8 order is stable" "$(diff <(grep -v "^#" "$T/parallel.ldif") <(grep -v "^#" "$T/parallel2.ldif") | head -c 600 | tr "\n" " ")"; fi
kr scan --server "$LAB_DC" --parallel 1 --json "$T/live1.json" --quiet
expect "scan --parallel 1" 1
if [[ "$(finding_ids "$T/live.json")" == "$(finding_ids "$T/live1.json")" ]]; then
  pass "live findings with --parallel 1 equal those with the default"
else
  fail "live findings --parallel 1 = default" "$(diff <(finding_ids "$T/live.json") <(finding_ids "$T/live1.json") | tr '\n' ' ')"
fi

kr scan --snapshot "$T/snap.ldif" --json "$T/file.json" --quiet
expect "scan of the collected snapshot" 1
if [[ "$(finding_ids "$T/live.json")" == "$(finding_ids "$T/file.json")" && -n "$(finding_ids "$T/live.json")" ]]; then
  pass "live findings equal collect-then-snapshot findings"
else
  fail "live findings equal collect-then-snapshot findings" "$(diff <(finding_ids "$T/live.json") <(finding_ids "$T/file.json") | tr '\n' ' ')"
fi
expect_json "snapshot reads the same object count" "$T/file.json" 'd["scan"]["objects_read"]' \
  "$(jq_py "$T/live.json" 'd["scan"]["objects_read"]')"
# The collected file proves it is whole: a header with the collection time, an end marker counting
# its records; the scan says so and measures ages from the collection time.
if head -1 "$T/snap.ldif" | grep -q '^# kerbready-snapshot: 1 collected=20[0-9][0-9]-' \
  && [[ "$(grep '^# kerbready-end: ' "$T/snap.ldif" | awk '{print $3}')" == "$(grep -c '^dn::\? ' "$T/snap.ldif")" ]]; then
  pass "collect writes the snapshot header and an end marker that counts every record"
else fail "snapshot header and end marker" "$(head -1 "$T/snap.ldif") / $(grep '^# kerbready-end' "$T/snap.ldif")"; fi
expect_json "the collected snapshot is verifiably complete, ages from its collection time" "$T/file.json" \
  '(d["scan"]["completeness_verifiable"], d["scan"]["reference_time_source"])' "(True, 'snapshot')"
# Cut at a record boundary: refused, exit 3.
awk 'BEGIN{n=0} /^$/{n++} n<40' "$T/snap.ldif" >"$T/cut.ldif"
kr scan --snapshot "$T/cut.ldif" --json "$T/cut.json" --quiet
expect "a collected snapshot cut at a record boundary is refused" 3 "cut short"

# Keytab: a ticket obtained in-process, with no usable ticket cache at all.
samba-tool domain exportkeytab "$T/admin.keytab" --principal="Administrator@$LAB_REALM" > /dev/null 2>&1
KRB5CCNAME="FILE:$T/no-such-cache" kr scan --server "$LAB_DC" --keytab "$T/admin.keytab" \
  --principal "Administrator@$LAB_REALM" --json "$T/keytab.json" --quiet
expect "gssapi from a keytab (no ticket cache)" 1
expect_json "keytab bind is reported" "$T/keytab.json" '"keytab" in d["scan"]["collection"]["bind"]' True
if [[ ! -e $T/no-such-cache ]]; then pass "keytab ticket stays in memory (no cache file written)"
else fail "keytab ticket stays in memory" "a cache file appeared"; fi

KRB5CCNAME="FILE:$T/no-such-cache" kr scan --server "$LAB_DC" --quiet
expect "missing ticket cache: exit 3, says kinit" 3 "kinit"
one_line "missing ticket cache: one line"

# DC discovery.
kr scan --domain "$LAB_DOMAIN" --json "$T/srv.json" --quiet
expect "SRV discovery through the lab DNS (--domain)" 1
expect_json "SRV discovery found dc1" "$T/srv.json" '"dc1.lab.example" in d["scan"]["collection"]["dc"]' True
kr scan --auth gssapi --json "$T/realm.json" --quiet
expect "scan --auth gssapi without --server/--domain: the realm of the ticket cache" 1
kr collect --out "$T/realm.ldif" --quiet
expect "collect without --server/--domain: the realm of the ticket cache" 0
kr scan --quiet
expect "scan with neither --snapshot nor a live source: usage error" 2 "nothing to scan"
kr scan --domain "nosuchdomain.$LAB_DOMAIN" --quiet
expect "SRV lookup failure: exit 3" 3 "cannot find a domain controller"
one_line "SRV lookup failure: one line"
kr scan --server 127.0.0.1:9 --timeout 5 --quiet
expect "unreachable DC: exit 3" 3 "cannot reach"
one_line "unreachable DC: one line"

# --forest: the crossRefs name one domain here; it is read once, and the report says so.
kr scan --server "$LAB_DC" --forest --json "$T/forest.json" --quiet
expect "--forest on a one-domain forest" 1
expect_json "--forest is in the report" "$T/forest.json" '"1 domains" in d["scan"]["collection"]["forest"]' True
if [[ "$(finding_ids "$T/live.json")" == "$(finding_ids "$T/forest.json")" ]]; then pass "--forest reads the domain once (same findings)"
else fail "--forest reads the domain once" "finding ids differ"; fi
