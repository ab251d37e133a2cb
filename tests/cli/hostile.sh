#!/usr/bin/env bash
# Hostile directory content: SPNs with terminal escapes, invalid UTF-8, a 1 MB name and one account
# with 100,000 SPN values. Nothing may crash, the JSON must stay valid and the text safe.
#   KERBREADY=path/to/kerbready hostile.sh
set -u
kr=${KERBREADY:?set KERBREADY}
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh" # py, work, ok, fail, expect_status

"$py" - "$work/hostile.ldif" <<'PY'
import base64, sys
with open(sys.argv[1], "w") as f:
    f.write("dn: CN=evil,CN=Users,DC=corp,DC=example,DC=com\nobjectClass: user\nsAMAccountName: evil\n")
    for raw in (b"HTTP/web01\x1b]2;pwned\x07\x1b[2J", b"HTTP/\xff\xfe\xc3(bad-utf8", b"HTTP/x\xc2\x9b31m",
                b"HTTP/" + b"a" * (1024 * 1024) + b".corp.example.com"):
        f.write("servicePrincipalName:: " + base64.b64encode(raw).decode() + "\n")
    for i in range(100000):
        f.write(f"servicePrincipalName: HTTP/host{i}.corp.example.com\n")
    f.write("displayName:: " + base64.b64encode(b"\x1b[31m\xff").decode() + "\n\n")
    f.write("dn:: " + base64.b64encode("CN=\x1b[5mblink\xc3\xa9,CN=Users,DC=corp,DC=example,DC=com".encode()).decode() + "\n")
    f.write("objectClass: user\nservicePrincipalName: HTTP/web01.corp.example.com\n\n")
PY
"$kr" scan --snapshot "$work/hostile.ldif" --json "$work/r.json" --fail-on none >"$work/out.txt" 2>"$work/err.txt"
status=$?
[ "$status" = 0 ] && ok "scan of hostile content completes (exit 0)" || fail "exit $status: $(head -c 300 "$work/err.txt")"
if "$py" -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d["findings"]) > 100000, len(d["findings"])' "$work/r.json"; then
  ok "JSON stays valid with every finding"
else
  fail "JSON invalid or findings missing"
fi
if LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$work/out.txt"; then fail "control bytes reached the text report"; else
  ok "no control bytes in the text report"; fi
if LC_ALL=C grep -q $'\xc2\x9b' "$work/out.txt"; then fail "C1 CSI reached the text report"; else ok "no C1 controls"; fi
if [ "$(awk '{ if (length($0) > m) m = length($0) } END { print m }' "$work/out.txt")" -lt 2000 ]; then
  ok "the 1 MB name is cut in the text report"
else
  fail "a line of the text report is longer than 2000 bytes"
fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
