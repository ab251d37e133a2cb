#!/usr/bin/env bash
# A scan of a real Sysinternals AD Explorer snapshot (tests/data/adexplorer/detectionlab.dat, the
# DetectionLab domain windomain.local): complete, judged as of the day the snapshot was taken, and
# with the findings that domain should give; the same file under an LDIF name reads the same; a
# snapshot without the Configuration partition reports the checks that need it as not evaluated
# (exit 3), never as clean. Run by CTest as cli.adexplorer:
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
evaluated = {c["id"] for c in r["checks"] if c["status"] == "evaluated"}
for needed in ("SPN-DUPLICATE", "SPN-MAPPING-UNDEFINED-SERVICE"):
    if needed in {c["id"] for c in r["checks"]} and needed not in evaluated:
        problems.append(f"{needed} was not evaluated")
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

# --- 3. no Configuration partition: those checks are not evaluated, the scan incomplete -------------
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
"$kr" scan --snapshot "$work/domain-only.dat" --fail-on none --json "$work/domain-only.json" --format json \
  >/dev/null 2>"$work/domain-only.err"
expect_status "snapshot without Configuration" 3 $?
"$py" - "$work/domain-only.json" <<'PY' && ok "without Configuration: its checks not evaluated, objects read" || fail "without Configuration"
import json, sys
r = json.load(open(sys.argv[1]))
missing = [c for c in r["checks"] if c["status"] == "not_evaluated" and "Configuration" in c.get("reason", "")]
ok = r["scan"]["objects_read"] == 2 and len(missing) > 0 and all(c["findings"] == 0 for c in missing)
if not ok:
    print(r["scan"]["objects_read"], [c["id"] for c in missing])
sys.exit(0 if ok else 1)
PY

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
