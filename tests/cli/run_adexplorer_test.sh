#!/usr/bin/env bash
# A scan of a real Sysinternals AD Explorer snapshot (tests/data/adexplorer/detectionlab.dat, the
# DetectionLab domain windomain.local): complete, judged as of the day the snapshot was taken, and
# with the findings that domain should give; the same file under an LDIF name reads the same; a
# snapshot without the Configuration partition gives the report its LDIF twin gives (no check needs
# that partition: sPNMappings fall back to the Windows defaults and the report says so). Run by CTest as cli.adexplorer:
#   KERBREADY=path/to/kerbready run_adexplorer_test.sh REPO_ROOT
set -u
repo=${1:?usage: run_adexplorer_test.sh REPO_ROOT}
kr=${KERBREADY:?set KERBREADY to the kerbready binary}
cd "$repo" || exit 2
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh" # py, work, ok, fail, expect_status
adx=tests/data/adexplorer/detectionlab.dat
unset SOURCE_DATE_EPOCH

# --- 1. the DetectionLab snapshot: complete, and what that domain should show ----------------------
"$kr" scan --snapshot "$adx" --fail-on none --json "$work/dl.json" --format text >"$work/dl.txt" 2>"$work/dl.err"
expect_status "scan of detectionlab.dat" 0 $?
if "$py" - "$work/dl.json" <<'PY'; then ok "detectionlab.dat: counts, data sets and findings as expected"; else fail "detectionlab.dat report"; fi
import json, sys
r = json.load(open(sys.argv[1]))
s = r["scan"]
problems = []
def want(what, got, expected):
    if got != expected:
        problems.append(f"{what}: {got!r}, expected {expected!r}")
want("source", s["source"], "snapshot")
want("objects_read", s["objects_read"], 3848)
want("completeness_verifiable", s["completeness_verifiable"], True)
want("reference_time (the snapshot's own time)", s["reference_time"], "2021-11-30T21:48:42Z")
want("reference_time_source", s["reference_time_source"], "snapshot")
want("domains", s["domains"], ["windomain.local"])
want("forest_root", s["forest_root"], "windomain.local")
want("diagnostics", r["diagnostics"], [])
# Only the DNS partitions (not in this snapshot) and SYSVOL (not in any snapshot) are missing.
for c in r["checks"]:
    if c["status"] == "not_evaluated" and ("Configuration" in c.get("reason", "") or "domain naming" in c.get("reason", "")):
        problems.append(f"{c['id']} not evaluated: {c['reason']}")
not_evaluated = {c["id"] for c in r["checks"] if c["status"] == "not_evaluated"}
if not not_evaluated or not all(i.startswith(("DNS-", "GPO-")) for i in not_evaluated):
    problems.append(f"not evaluated: {sorted(not_evaluated)} (only the DNS and GPO checks should be)")
# DetectionLab promotes a Vagrant box: Administrator and vagrant keep passwords set before the
# domain existed (so no AES keys), both are Domain Admins outside Protected Users and delegable.
# Its three hosts' SPNs are unique and well formed, its one domain has no trusts.
found = sorted((f["check_id"], f["subject"]) for f in r["findings"])
want("findings", found, sorted((check, who) for who in ("Administrator", "vagrant")
                               for check in ("ENC-NO-AES-KEYS", "PU-PRIVILEGED-DELEGABLE", "PU-PRIVILEGED-OUTSIDE")))
for p in problems:
    print("  " + p)
sys.exit(1 if problems else 0)
PY
grep -q "3848 objects" "$work/dl.txt" && ok "text report reads 3848 objects" || fail "text report: $(grep -m1 Read: "$work/dl.txt")"

# --- 2. known by its signature, whatever its name ---------------------------------------------------
cp "$adx" "$work/windomain.ldif"
"$kr" scan --snapshot "$work/windomain.ldif" --fail-on none --json "$work/renamed.json" --format json >/dev/null 2>&1
expect_status "the same snapshot named .ldif" 0 $?
"$py" - "$work/dl.json" "$work/renamed.json" <<'PY' && ok "named .ldif: the same findings" || fail "named .ldif: findings differ"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
sys.exit(0 if [f["id"] for f in a["findings"]] == [f["id"] for f in b["findings"]] else 1)
PY

# --- 3. no Configuration partition: read as the same objects in LDIF are ------------------------
# A two-object snapshot written here from the format notes (docs/snapshot-format.md).
"$py" - "$work/domain-only.dat" <<'PY'
import struct, sys
def wide(s): return s.encode("utf-16-le")
def strings(values):
    out = struct.pack("<I", len(values)); at = 4 + 4 * len(values); data = b""
    for v in values:
        out += struct.pack("<I", at + len(data)); data += wide(v) + b"\0\0"
    return out + data
props = [("distinguishedName", 1), ("objectClass", 12), ("sAMAccountName", 3), ("servicePrincipalName", 3)]
objects = [
    {0: strings(["DC=corp,DC=example,DC=com"]), 1: strings(["top", "domain", "domainDNS"])},
    {0: strings(["CN=svc,CN=Users,DC=corp,DC=example,DC=com"]), 1: strings(["top", "user"]),
     2: strings(["svc"]), 3: strings(["HTTP/web.corp.example.com"])},
]
body = b""
for o in objects:
    head = 8 + 8 * len(o); table = b""; blocks = b""
    for index, block in o.items():
        table += struct.pack("<Ii", index, head + len(blocks)); blocks += block
    body += struct.pack("<II", head + len(blocks), len(o)) + table + blocks
header = b"win-ad-ob\0" + struct.pack("<IQ", 0x10001, 132827825226331628)
header += wide("").ljust(520, b"\0") + wide("dc.corp.example.com").ljust(520, b"\0")
header += struct.pack("<IIIIII", len(objects), 0, 0x43E + len(body), 0, 0, 0)
table = struct.pack("<I", len(props))
for name, t in props:
    n = wide(name) + b"\0\0"; dn = wide("CN=" + name + ",CN=Schema,CN=Configuration,DC=corp,DC=example,DC=com")
    table += struct.pack("<I", len(n)) + n + struct.pack("<iII", 0, t, len(dn)) + dn + b"\0" * 36
open(sys.argv[1], "wb").write(header + body + table + struct.pack("<II", 0, 0))
PY
"$kr" scan --snapshot "$work/domain-only.dat" --fail-on none --json "$work/domain-only.json" --format text \
  >"$work/domain-only.txt" 2>"$work/domain-only.err"
expect_status "snapshot without Configuration" 0 $?
# The same two objects as LDIF: the two routes must give the same report.
cat >"$work/domain-only.ldif" <<'LDIF'
dn: DC=corp,DC=example,DC=com
objectClass: top
objectClass: domain
objectClass: domainDNS

dn: CN=svc,CN=Users,DC=corp,DC=example,DC=com
objectClass: top
objectClass: user
sAMAccountName: svc
servicePrincipalName: HTTP/web.corp.example.com

LDIF
"$kr" scan --snapshot "$work/domain-only.ldif" --fail-on none --json "$work/domain-only-ldif.json" --format json \
  >/dev/null 2>&1
expect_status "the same objects as LDIF" 0 $?
"$py" - "$work/domain-only.json" "$work/domain-only-ldif.json" <<'PY' && ok "without Configuration: read as its LDIF twin" || fail "without Configuration"
import json, sys
adx, ldif = (json.load(open(p)) for p in sys.argv[1:3])
problems = []
if adx["scan"]["data_read"] != ["domain"]:
    problems.append(f"data_read {adx['scan']['data_read']}, expected only domain")
if adx["scan"]["spn_mappings_source"] != "windows_default":
    problems.append("sPNMappings should fall back to the Windows defaults")
for key in ("data_read", "objects_read", "objects_per_partition", "spn_mappings_source"):
    if adx["scan"][key] != ldif["scan"][key]:
        problems.append(f"{key}: {adx['scan'][key]} (AD Explorer) != {ldif['scan'][key]} (LDIF)")
statuses = lambda r: [(c["id"], c["status"], c["findings"]) for c in r["checks"]]
if statuses(adx) != statuses(ldif):
    problems.append("checks differ")
if [f["id"] for f in adx["findings"]] != [f["id"] for f in ldif["findings"]]:
    problems.append("findings differ")
for p in problems:
    print("  " + p)
sys.exit(1 if problems else 0)
PY
grep -q "sPNMappings not read (no Configuration partition)" "$work/domain-only.txt" \
  && ok "without Configuration: the report says sPNMappings were not read" || fail "no sPNMappings note"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
