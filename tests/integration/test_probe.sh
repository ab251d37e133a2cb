#!/usr/bin/env bash
# kerbready probe against the lab's KDC (Samba 4.17, Heimdal-based): an existing SPN, a missing one,
# names reached through sPNMappings, a CNAME alias, the offline-seeded duplicates, the RC4-only
# computer, targets taken from a snapshot, the join into scan (--probe-results and live --probe),
# and a dead KDC. Every request goes to the lab KDC on 127.0.0.0/8 and is bounded (--max-requests).
. "$(dirname "$0")/lib.sh"
d=$LAB_DOMAIN

# result FILE SPN KEY: the KEY of the result for SPN in a probe JSON document.
result() { jq_py "$1" "next((r.get('$3') for r in d['results'] if r['spn'].lower() == '$2'.lower()), 'absent')"; }
expect_result() {
  local got
  got=$(result "$2" "$3" "$4" 2>&1)
  if [[ $got == "$5" ]]; then pass "$1"; else fail "$1" "$3 $4 = '$got', expected '$5'"; fi
}

cache_before=$(sha256sum < "${KRB5CCNAME#FILE:}")
kr probe --target "HOST/fs01.$d" --target "cifs/web01.$d" --target "cifs/legacy01.$d" --target "HTTP/gone02.$d" \
  --target "HTTP/web01.$d" --target "MSSQLSvc/sql01.$d:1433" --target "cifs/fileshare.$d" --target "cifs/nohost01.$d" \
  --max-requests 20 --rate 20 --json "$T/probe.json" --format text
expect "probe: answers that predict NTLM fallback exit 1" 1
expect_json "probe: one result per target" "$T/probe.json" 'len(d["results"])' 8
expect_json "probe: client is the ticket cache's principal" "$T/probe.json" 'd["client"]' "Administrator@$LAB_REALM"
expect_result "existing SPN HOST/fs01: ok" "$T/probe.json" "HOST/fs01.$d" outcome ok
expect_result "existing SPN HOST/fs01: AES session key" "$T/probe.json" "HOST/fs01.$d" session_etype aes256-cts-hmac-sha1-96
# Computers seeded without msDS-SupportedEncryptionTypes get RC4 service tickets from Samba (the
# Windows default for an unset attribute), so only the session key tells the RC4-only one apart.
expect_result "existing SPN HOST/fs01: ticket etype reported" "$T/probe.json" "HOST/fs01.$d" ticket_etype rc4-hmac
expect_result "cifs/web01 (only HOST/web01 held): ok through sPNMappings" "$T/probe.json" "cifs/web01.$d" outcome ok
expect_result "RC4-only LEGACY01\$: ok" "$T/probe.json" "cifs/legacy01.$d" outcome ok
expect_result "RC4-only LEGACY01\$: RC4 ticket" "$T/probe.json" "cifs/legacy01.$d" ticket_etype rc4-hmac
expect_result "RC4-only LEGACY01\$: RC4 session key" "$T/probe.json" "cifs/legacy01.$d" session_etype rc4-hmac
expect_result "missing SPN: principal_unknown" "$T/probe.json" "HTTP/gone02.$d" outcome principal_unknown
expect_result "missing SPN: KDC_ERR_S_PRINCIPAL_UNKNOWN" "$T/probe.json" "HTTP/gone02.$d" code -1765328377
# Samba's KDC answers a duplicate SPN exactly like a missing one (not KDC_ERR_PRINCIPAL_NOT_UNIQUE).
expect_result "duplicate HTTP/web01: the KDC answers principal_unknown" "$T/probe.json" "HTTP/web01.$d" outcome \
  principal_unknown
expect_result "duplicate HTTP/web01: same code as a missing SPN" "$T/probe.json" "HTTP/web01.$d" code -1765328377
expect_result "duplicate MSSQLSvc/sql01:1433: principal_unknown" "$T/probe.json" "MSSQLSvc/sql01.$d:1433" outcome \
  principal_unknown
expect_result "CNAME alias fileshare (no SPN for the alias): principal_unknown" "$T/probe.json" "cifs/fileshare.$d" \
  outcome principal_unknown
# NOHOST01$ holds no SPN at all, yet Samba's KDC issues cifs/<its dNSHostName>.
expect_result "NOHOST01\$ (no SPN): Samba still issues a ticket" "$T/probe.json" "cifs/nohost01.$d" outcome ok
expect_result "results carry their source" "$T/probe.json" "cifs/web01.$d" source target
if grep -q "principal_unknown *HTTP/web01.$d .*\[target\]" "$T/out"; then pass "probe text: outcome, SPN and source"
else fail "probe text: outcome, SPN and source" "$(head -c 400 "$T/out" | tr '\n' '|')"; fi
if [[ "$(sha256sum < "${KRB5CCNAME#FILE:}")" == "$cache_before" ]]; then pass "probe leaves the ticket cache unchanged"
else fail "probe leaves the ticket cache unchanged" "the cache file changed"; fi

kr probe --target "a.$d" --target "b.$d" --target "c.$d" --max-requests 3 --rate 20 --format json
expect "probe --max-requests 3" 1
printf '%s' "$(cat "$T/out")" > "$T/bounded.json"
expect_json "probe --max-requests: exactly 3 requests" "$T/bounded.json" 'len(d["results"])' 3

# Targets from a snapshot.
kr collect --server "$LAB_DC" --out "$T/snap.ldif" --quiet
expect "collect a snapshot for the probe" 0
kr probe --snapshot "$T/snap.ldif" --max-requests 60 --rate 25 --json "$T/snapprobe.json"
expect "probe --snapshot" 1
expect_json "snapshot targets: bounded by --max-requests" "$T/snapprobe.json" 'len(d["results"]) <= 60' True
expect_json "snapshot targets: every source present" "$T/snapprobe.json" \
  'sorted(set(r["source"] for r in d["results"]))' "['dfs', 'dns-a', 'dns-cname', 'spn-duplicate', 'spn-host']"
expect_json "snapshot targets: the duplicates, probed as written" "$T/snapprobe.json" \
  'sorted(r["spn"] for r in d["results"] if r["source"] == "spn-duplicate")' \
  "['HTTP/web01.lab.example', 'MSSQLSvc/sql01.lab.example:1433']"
expect_json "snapshot targets: CNAME owner names" "$T/snapprobe.json" \
  'sorted(set(r["target"] for r in d["results"] if r["source"] == "dns-cname"))' \
  "['fileshare.lab.example', 'filesrv-alias.lab.example', 'sqlalias.lab.example']"
expect_json "snapshot targets: A record with no computer" "$T/snapprobe.json" \
  'sorted(set(r["target"] for r in d["results"] if r["source"] == "dns-a"))' "['ghost01.lab.example']"
expect_json "snapshot targets: DFS target servers (not the IP target)" "$T/snapprobe.json" \
  'sorted(set(r["target"] for r in d["results"] if r["source"] == "dfs"))' \
  "['dc1.lab.example', 'filesrv-alias', 'fs-old', 'fs-old.lab.example']"
expect_result "snapshot targets: cifs/ghost01 principal_unknown" "$T/snapprobe.json" "cifs/ghost01.$d" outcome \
  principal_unknown
expect_result "snapshot targets: cifs/dc1 (DFS root target) ok" "$T/snapprobe.json" "cifs/dc1.$d" outcome ok
if grep -q "principal_unknown *HTTP/web01.$d .*2 holders in the snapshot.*\[spn-duplicate\]" "$T/out"; then
  pass "probe text: a refused duplicate shows its 2 holders in the snapshot"
else fail "probe text: duplicate holders" "$(grep -a "HTTP/web01" "$T/out" | head -2 | tr '\n' '|')"; fi

# The join: scan --probe-results.
kr scan --snapshot "$T/snap.ldif" --probe-results "$T/probe.json" --json "$T/joined.json" --quiet
expect "scan --probe-results" 1
kdc_evidence() { # FILE CHECK SUBJECT NAME
  jq_py "$1" "sorted(e['value'] for f in d['findings'] if f['check_id'] == '$2' and f['subject'] == '$3' for e in f['evidence'] if e['name'] == '$4')"
}
got=$(kdc_evidence "$T/joined.json" SPN-DUPLICATE "HTTP/web01.$d" "confirmed by the KDC")
if [[ $got == *"HTTP/web01.$d: principal_unknown"* ]]; then pass "join: SPN-DUPLICATE HTTP/web01 confirmed by the KDC"
else fail "join: SPN-DUPLICATE HTTP/web01 confirmed" "$got"; fi
got=$(kdc_evidence "$T/joined.json" SPN-DUPLICATE "MSSQLSvc/sql01.$d:1433" "confirmed by the KDC")
if [[ $got == *"principal_unknown"* ]]; then pass "join: SPN-DUPLICATE MSSQLSvc/sql01:1433 confirmed"
else fail "join: SPN-DUPLICATE MSSQLSvc confirmed" "$got"; fi
got=$(kdc_evidence "$T/joined.json" SPN-MISSING-HOST 'APP01$' "confirmed by the KDC")
if [[ $got == *"cifs/fileshare.$d: principal_unknown"* ]]; then pass "join: SPN-MISSING-HOST APP01\$ confirmed (fileshare)"
else fail "join: SPN-MISSING-HOST APP01\$ confirmed" "$got"; fi
got=$(kdc_evidence "$T/joined.json" SPN-MISSING-HOST 'NOHOST01$' "not confirmed by the KDC")
if [[ $got == *"cifs/nohost01.$d: ok"* ]]; then pass "join: SPN-MISSING-HOST NOHOST01\$ not confirmed (Samba issued a ticket)"
else fail "join: SPN-MISSING-HOST NOHOST01\$ not confirmed" "$got"; fi
kr scan --snapshot "$T/snap.ldif" --json "$T/plain.json" --quiet
expect_json "join: +10 priority for a confirmed finding" "$T/joined.json" \
  "[f['priority'] for f in d['findings'] if f['check_id'] == 'SPN-DUPLICATE' and f['subject'] == 'HTTP/web01.$d'][0] - $(jq_py "$T/plain.json" "[f['priority'] for f in d['findings'] if f['check_id'] == 'SPN-DUPLICATE' and f['subject'] == 'HTTP/web01.$d'][0]")" 10
expect_json "join: the report says what was joined" "$T/joined.json" '"findings confirmed by the KDC" in d["scan"]["collection"]["probe"]' True
if [[ "$(finding_ids "$T/joined.json")" == "$(finding_ids "$T/plain.json")" ]]; then pass "join: same findings, only marked"
else fail "join: same findings" "$(diff <(finding_ids "$T/plain.json") <(finding_ids "$T/joined.json") | tr '\n' ' ')"; fi
printf '{"findings": []}' > "$T/not-probe.json"
kr scan --snapshot "$T/snap.ldif" --probe-results "$T/not-probe.json" --quiet
expect "scan --probe-results with a file that is no probe output: exit 3" 3 "not a kerbready probe result"
one_line "scan --probe-results with a bad file: one line"
kr scan --snapshot "$T/snap.ldif" --probe --probe-results "$T/probe.json" --quiet
expect "scan --probe with --probe-results: usage error" 2

# Live: scan --probe asks the lab KDC for the scanned directory's names.
kr scan --server "$LAB_DC" --probe --probe-max-requests 12 --json "$T/live-probe.json" --quiet
expect "scan --probe (live)" 1
expect_json "scan --probe: complete" "$T/live-probe.json" 'd["scan"]["complete"]' True
expect_json "scan --probe: 12 KDC answers" "$T/live-probe.json" 'd["scan"]["collection"]["probe"].startswith("12 KDC answers")' True
got=$(kdc_evidence "$T/live-probe.json" SPN-DUPLICATE "HTTP/web01.$d" "confirmed by the KDC")
if [[ $got == *"principal_unknown"* ]]; then pass "scan --probe: SPN-DUPLICATE confirmed live"
else fail "scan --probe: SPN-DUPLICATE confirmed live" "$got"; fi

# A dead KDC: the lab's krb5.conf pointing at a port where nothing listens (still the lab address).
sed "s/kdc = $LAB_IP\$/kdc = $LAB_IP:9/" "$KRB5_CONFIG" > "$T/dead-krb5.conf"
if grep -q "kdc = $LAB_IP:9" "$T/dead-krb5.conf"; then pass "dead-KDC configuration written"
else fail "dead-KDC configuration written" "no kdc line replaced"; fi
cp "$T/probe.json" "$T/kept.json"
# ldap/dc1 is in the ticket cache already (lab.sh up binds with GSSAPI): it must not pass for an answer.
KRB5_CONFIG=$T/dead-krb5.conf kr probe --target "ldap/dc1.$d" --target "cifs/fs01.$d" --target "cifs/web01.$d" \
  --json "$T/kept.json"
expect "probe, KDC down: exit 3" 3 "KDC unreachable for realm $LAB_REALM"
one_line "probe, KDC down: one line"
if [[ ! -s $T/out ]]; then pass "probe, KDC down: nothing on stdout"; else fail "probe, KDC down: nothing on stdout" "$(head -c 200 "$T/out")"; fi
if cmp -s "$T/probe.json" "$T/kept.json"; then pass "probe, KDC down: previous --json file unchanged"
else fail "probe, KDC down: previous --json file unchanged" "it changed"; fi
KRB5_CONFIG=$T/dead-krb5.conf kr scan --snapshot "$T/snap.ldif" --probe --json "$T/dead-scan.json" --quiet
expect "scan --probe, KDC down: the scan is incomplete, exit 3" 3 "KDC unreachable"
expect_json "scan --probe, KDC down: the report says why" "$T/dead-scan.json" \
  '"KDC unreachable" in d["diagnostics"][0]["message"]' True
KRB5CCNAME="FILE:$T/no-such-cache" kr probe --target "cifs/fs01.$d"
expect "probe without credentials: exit 3, says kinit" 3 "kinit"
one_line "probe without credentials: one line"
