#!/usr/bin/env bash
# The systemd example (examples/systemd/) offline: the units pass systemd-analyze verify, and the
# service's ExecStart, with its config file pointed at a scratch directory and at a snapshot instead
# of a live DC, runs three "nights": the first has no baseline, the second brings a regression (exit
# 1, a new ticket), the third nothing new (exit 0) and the archive keeps the newest reports only.
# Run by CTest as cli.nightly:  KERBREADY=path/to/kerbready run_nightly_test.sh REPO_ROOT
set -u
repo=${1:?usage: run_nightly_test.sh REPO_ROOT}
kr=${KERBREADY:?set KERBREADY to the kerbready binary}
cd "$repo" || exit 2
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh" # py, work, ok, fail, expect_status
units=examples/systemd


mkdir -p "$work/units" "$work/etc" "$work/state" "$work/textfile"
sed "s|/usr/bin/kerbready|$kr|" "$units/kerbready.service" >"$work/units/kerbready.service"
cp "$units/kerbready.timer" "$work/units/"
if command -v systemd-analyze >/dev/null; then
  if systemd-analyze verify --man=no "$work/units/kerbready.service" "$work/units/kerbready.timer" >"$work/verify.out" 2>&1 \
    && [ ! -s "$work/verify.out" ]; then ok "systemd-analyze verify: service and timer are clean"; else
    fail "systemd-analyze verify: $(head -5 "$work/verify.out")"; fi
else
  echo "note: systemd-analyze not installed; unit files not verified"
fi

# The config as shipped, with its paths moved into the scratch directory and a snapshot instead of
# the live domain (tests/integration/test_nightly.sh runs it live against the Samba lab DC).
sed -e "s|/var/lib/kerbready|$work/state|g" -e "s|/var/lib/prometheus/node-exporter|$work/textfile|g" \
  -e "s|/etc/kerbready|$work/etc|g" -e "s|^keep = 30|keep = 2|" \
  -e "s|^# snapshot = .*|snapshot = [\"$work/domain.ldif\"]|" -e "/^domain = /d" -e "/^keytab = /d" \
  "$units/kerbready.toml" >"$work/etc/kerbready.toml"
cp "$units/suppressions.toml" "$work/etc/"
grep -q "^snapshot = " "$work/etc/kerbready.toml" && ok "config prepared" || fail "config has no snapshot line"

# ExecStart of the unit, with the config path of the scratch directory; Environment= too.
exec_start=$(sed -n 's/^ExecStart=//p' "$work/units/kerbready.service" | sed "s|/etc/kerbready|$work/etc|g")
eval "export $(sed -n 's/^Environment=//p' "$units/kerbready.service")"
night() { # day-number expected-exit
  SOURCE_DATE_EPOCH=$((1767225600 + 86400 * $1)) bash -c "$exec_start" >"$work/night$1.out" 2>"$work/night$1.err"
  local status=$?
  if [ "$status" = "$2" ]; then ok "night $1: ExecStart exits $status"; else
    fail "night $1: expected exit $2, got $status: $(head -c 300 "$work/night$1.err")"; fi
}

cp examples/corp.example.com.ldif "$work/domain.ldif"
night 1 0
for f in latest.json kerbready.html tickets.jsonl reports/kerbready-20260102T000000Z.json; do
  [ -s "$work/state/$f" ] || fail "night 1 did not write $f"
done
grep -q '^kerbready_last_success_timestamp_seconds 1767312000$' "$work/textfile/kerbready.prom" \
  && ok "night 1: report, HTML, tickets, archive and metrics written" || fail "night 1 metrics"

# Each night's snapshot is a new collection: records are added before its end marker, which then
# counts them (docs/snapshot-format.md).
add_records() {
  grep -v '^# kerbready-end:' "$work/domain.ldif" >"$work/domain.tmp"
  cat >>"$work/domain.tmp"
  printf '# kerbready-end: %s objects\n' "$(grep -c '^dn::\? ' "$work/domain.tmp")" >>"$work/domain.tmp"
  mv "$work/domain.tmp" "$work/domain.ldif"
}

# Night 2: someone registers an SPN that another account already holds.
add_records <<'LDIF'

dn: CN=svc_new,OU=Service Accounts,OU=Tier1,DC=corp,DC=example,DC=com
objectClass: user
sAMAccountName: svc_new
objectSid:: AQUAAAAAAAUVAAAAx/f+13x3VciUWs4BDycAAA==
servicePrincipalName: HTTP/apps.corp.example.com
LDIF
night 2 1
"$py" - "$work/state" <<'PY' && ok "night 2: the regression is new in JSON, tickets and metrics" || fail "night 2 content"
import json, pathlib, sys
d = pathlib.Path(sys.argv[1])
report = json.load(open(d / "latest.json"))
new = [f for f in report["findings"] if f.get("change") == "new"]
assert report["baseline"]["new"] == len(new) >= 1, report["baseline"]
assert any(f["check_id"] == "SPN-DUPLICATE" and f["severity"] in ("critical", "high") for f in new)
tickets = [json.loads(l) for l in open(d / "tickets.jsonl")]
assert {t["dedup_key"] for t in tickets if "new" in t["labels"]} == {f["id"] for f in new}
metrics = open(d.parent / "textfile" / "kerbready.prom").read()
assert f'kerbready_findings_changed{{change="new"}} {len(new)}' in metrics
PY

night 3 0
ls "$work/state/reports" >"$work/archive.txt"
if [ "$(tr '\n' ' ' <"$work/archive.txt")" = "kerbready-20260103T000000Z.json kerbready-20260104T000000Z.json " ]; then
  ok "night 3: nothing new; the archive keeps the newest 2 reports"; else fail "archive: $(cat "$work/archive.txt")"; fi
grep -q '"new": 0' "$work/state/latest.json" && ok "night 3: baseline is night 2" || fail "night 3 baseline"
# The HTML report draws the archive (nights 1 and 2, read before night 3 is archived) and night 3.
points=$(grep -o '<g class="point" data-started="[^"]*"' "$work/state/kerbready.html" | sed 's/.*data-started="//; s/"$//' | tr '\n' ' ')
[ "$points" = "2026-01-02T00:00:00Z 2026-01-03T00:00:00Z 2026-01-04T00:00:00Z " ] \
  && ok "night 3: the HTML burn-down shows nights 1-3 from the archive" || fail "night 3 HTML history: '$points'"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
