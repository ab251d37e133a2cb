#!/usr/bin/env bash
# The realistic estate (examples/estate/): its generator reproduces the committed files, and its
# golden report proves that the noise of a real forest (stale objects, printers and appliances,
# Entra's special accounts, glue records, SPNs of a trusted forest) stays out of the fix-first list
# while the hard-coded NTLM in its events keeps the domain from being ready. Run by CTest as
# cli.estate:
#   KERBREADY=path/to/kerbready run_estate_test.sh REPO_ROOT
# UPDATE_GOLDEN=1 rewrites tests/golden/estate-report.txt (review the diff before committing).
set -u
repo=${1:?usage: run_estate_test.sh REPO_ROOT}
kr=${KERBREADY:?set KERBREADY to the kerbready binary}
cd "$repo" || exit 2
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh" # py, work, ok, fail, expect_status
estate=examples/estate/estate.ldif
events=examples/estate/estate-events.jsonl
golden=tests/golden/estate-report.txt

# --- the generator is deterministic and the committed files are its output -------------------
if "$py" examples/estate/gen_estate.py "$work/regen" && cmp -s "$work/regen/estate.ldif" "$estate" &&
  cmp -s "$work/regen/estate-events.jsonl" "$events"; then
  ok "examples/estate/gen_estate.py reproduces the committed estate and events"
else
  fail "examples/estate/ is not what examples/estate/gen_estate.py generates"
fi
for f in "$estate" "$events"; do
  size=$(wc -c <"$f")
  if [ "$size" -lt 2200000 ]; then ok "$f stays small ($size bytes)"; else fail "$f is $size bytes"; fi
done

# --- the golden report ------------------------------------------------------------------------
scan() { SOURCE_DATE_EPOCH=1767225600 "$kr" scan --snapshot "$estate" --events "$events" --color never --fail-on none "$@"; }
scan >"$work/report.txt" 2>"$work/err.txt"
expect_status "estate scan" 0 $?
[ ! -s "$work/err.txt" ] && ok "nothing on stderr" || fail "stderr: $(head -c 300 "$work/err.txt")"
# How many checks are registered is not the estate's business (lib.sh: report_text_golden_form).
scan --format json >"$work/counts.json"
report_text_golden_form "$work/report.txt" "$work/counts.json" >"$work/report.golden.txt" \
  || fail "estate: the text report does not count the checks its JSON lists"
if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
  cp "$work/report.golden.txt" "$golden"
fi
if diff -u "$golden" "$work/report.golden.txt" >"$work/diff.txt"; then
  ok "golden text report of the estate"
else
  fail "golden estate report differs (UPDATE_GOLDEN=1 to accept):"; head -40 "$work/diff.txt"
fi
# The report of a saved snapshot does not depend on the day or the time zone.
if dated_runs_possible "$kr"; then
  for when in "2026-06-01 00:00:00" "2099-12-31 23:59:59"; do
    for zone in Pacific/Kiritimati America/Adak; do
      TZ=$zone faketime -f "@$when" "$kr" scan --snapshot "$estate" --events "$events" --color never --fail-on none \
        >"$work/dated.txt" 2>/dev/null
      if cmp -s "$work/report.txt" "$work/dated.txt"; then ok "same estate report on $when $zone"; else
        fail "estate report changes on $when $zone: $(diff "$work/report.txt" "$work/dated.txt" | head -5)"
      fi
    done
  done
fi

# --- what the golden proves, asserted on the JSON so a regenerated golden cannot hide a regression
scan --format json >"$work/report.json"
"$py" - "$work/report.json" <<'PY' >"$work/asserts.txt" 2>&1
import json, sys
r = json.load(open(sys.argv[1]))
by_id = {f["id"]: f for f in r["findings"]}
root = next(v for v in r["verdicts"] if v["domain"] == "ad.northwind.example")
problems = []
if root["readiness"] != "not_ready":
    problems.append(f"root verdict is {root['readiness']}")
u = root.get("unexplained_ntlm", {})
if not u.get("blocks"):
    problems.append("the hard-coded NTLM does not block")
named = json.dumps(u)
for name in ("erp-db01.ad.northwind.example", "svc_erp", "svc_monitor", "svc_scan2folder"):
    if name not in named:
        problems.append(f"{name} is not named among the unexplained NTLM sources")
top = [by_id[t["id"]] for t in root["top_fixes"]]
if len(top) != 10:
    problems.append(f"{len(top)} top fixes")
noise_subjects = ("WS-OLD", "WS-GONE", "OLD-SRV", "left.", "prn-", "ilo-", "idrac-", "AZUREADSSOACC",
                  "krbtgt_AzureAD", "AzureADKerberos", "MSOL_", "fabrikam.example", "eudc0")
for f in top:
    blob = json.dumps(f)
    if f["severity"] == "info" or any(n in blob for n in noise_subjects):
        problems.append(f"noise in the top ten: {f['check_id']} {f['subject']}")
stale = [f for f in r["findings"] if " stale " in f" {f['subject']}"]
if not stale or any(f["severity"] != "info" for f in stale):
    problems.append("stale objects are not grouped at info")
zones = [f for f in r["findings"] if f["check_id"] == "DNS-VIP-NO-SPN" and "unreferenced" in f["subject"]]
if len(zones) != 2:
    problems.append(f"{len(zones)} grouped DNS zones")
print("\n".join(problems))
sys.exit(1 if problems else 0)
PY
if [ $? = 0 ]; then ok "estate: not_ready on the hard-coded NTLM, no noise in the top ten, noise grouped"; else
  fail "estate: $(cat "$work/asserts.txt")"
fi

# --- --stale-days: 0 turns the grouping off (the noise floods the fix-first list), also from --config
top_fix_subjects() { "$py" -c 'import json,sys; r=json.load(open(sys.argv[1])); print("\n".join(f["subject"] for f in r["verdicts"][0]["top_fixes"]))' "$1"; }
scan --stale-days 0 --format json >"$work/nostale.json"
if top_fix_subjects "$work/nostale.json" | grep -q '^OLD-SRV'; then
  ok "--stale-days 0: stale servers are back in the top ten"
else
  fail "--stale-days 0 did not turn the grouping off"
fi
printf '[scan]\nstale-days = 0\n' >"$work/kerbready.toml"
scan --config "$work/kerbready.toml" --format json >"$work/config.json"
if cmp -s "$work/nostale.json" "$work/config.json"; then ok "stale-days from --config"; else
  fail "stale-days from --config differs from --stale-days 0"; fi
"$kr" scan --snapshot "$estate" --stale-days -1 >/dev/null 2>&1
expect_status "--stale-days -1 is a usage error" 2 $?

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
