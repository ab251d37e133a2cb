#!/usr/bin/env bash
# A scan is complete only when its evidence was read whole: an undecodable dnsRecord value, a
# damaged GptTmpl.inf or Registry.pol, and a truncated or damaged event file each make the run
# incomplete (exit 3, one line on stderr naming what is missing, reports marked incomplete) instead
# of silently dropping findings. Run by CTest as cli.evidence:
#   KERBREADY=path/to/kerbready run_evidence_tests.sh REPO_ROOT
set -u
repo=${1:?usage: run_evidence_tests.sh REPO_ROOT}
kr=${KERBREADY:?set KERBREADY to the kerbready binary}
cd "$repo" || exit 2
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh" # py, work, ok, fail, expect_status
example=examples/corp.example.com.ldif
sysvol=examples/sysvol
events=tests/data/events
export SOURCE_DATE_EPOCH=1767225600 # 2026-01-01T00:00:00Z


# incomplete NAME PATTERN REPORT-KIND CMD...: the run exits 3 with exactly one stderr line matching
# PATTERN (grep -E); REPORT-KIND "scan" or "events" checks $work/out.json says so.
incomplete() {
  local name=$1 pattern=$2 kind=$3
  shift 3
  rm -f "$work/out.json"
  "$@" >"$work/stdout" 2>"$work/stderr"
  local status=$? lines
  lines=$(wc -l <"$work/stderr")
  if [ "$status" != 3 ]; then
    fail "$name: expected exit 3, got $status; stderr: $(head -c 300 "$work/stderr")"
  elif [ "$lines" != 1 ]; then
    fail "$name: expected one stderr line, got $lines: $(head -c 600 "$work/stderr")"
  elif ! grep -Eq -- "$pattern" "$work/stderr"; then
    fail "$name: stderr does not match '$pattern': $(head -c 300 "$work/stderr")"
  elif [ "$kind" = scan ] && ! "$py" -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["scan"]["complete"] is False and d["diagnostics"], d["scan"]' "$work/out.json" 2>/dev/null; then
    fail "$name: the JSON report is not marked incomplete"
  elif [ "$kind" = events ] && ! "$py" -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["totals"]["partial"] is True and any(i["partial"] for i in d["inputs"]), d["inputs"]' "$work/out.json" 2>/dev/null; then
    fail "$name: the JSON events summary is not marked partial"
  else
    ok "$name"
  fi
}

scan() { "$kr" scan --fail-on none --color never --json "$work/out.json" "$@"; }

# --- the untouched example is complete -------------------------------------------------------
scan --snapshot "$example" --sysvol "$sysvol" >/dev/null 2>"$work/stderr"
status=$?
if [ "$status" = 0 ] && [ ! -s "$work/stderr" ] && grep -q '"complete": true' "$work/out.json"; then
  ok "the example domain and its SYSVOL copy are complete"
else fail "example: exit $status, stderr $(head -c 300 "$work/stderr")"; fi

# --- 1. an undecodable dnsRecord value -------------------------------------------------------
# Cut the first dnsRecord of the CNAME node "files" to 6 bytes: its DNS findings would vanish.
"$py" - "$example" "$work/dns.ldif" <<'PY'
import base64, sys
blocks = open(sys.argv[1]).read().split("\n\n")
for i, b in enumerate(blocks):
    lines = b.replace("\n ", "").split("\n")
    if lines[0].startswith("dn: DC=files,DC=corp.example.com,"):
        out = []
        for line in lines:
            if line.startswith("dnsRecord:: "):
                value = base64.b64decode(line[12:])[:6]
                line = "dnsRecord:: " + base64.b64encode(value).decode()
            out.append(line)
        blocks[i] = "\n".join(out)
        break
else:
    sys.exit("no DC=files node")
open(sys.argv[2], "w").write("\n\n".join(blocks))
PY
incomplete "a cut dnsRecord value: incomplete, naming the DNS node" \
  'scan incomplete.*DNS node files\.corp\.example\.com: dnsRecord value 1 of 1 cannot be decoded' scan \
  scan --snapshot "$work/dns.ldif"

# --- 2. damaged GptTmpl.inf and Registry.pol -------------------------------------------------
ddcp='{6AC1786C-016F-11D2-945F-00C04FB984F9}'
legacy='{8A0C8C5E-6F2B-4C1D-9E3A-2B7D1F4A5C61}'
servers='{C3E1D2A4-5B6F-4789-A1B2-C3D4E5F60718}'
tmpl="MACHINE/Microsoft/Windows NT/SecEdit/GptTmpl.inf"
re() { printf '%s' "$1" | sed 's/[{}.]/\\&/g'; } # a literal for grep -E
legacy_re=$(re "$legacy/$tmpl")
servers_re=$(re "$servers/MACHINE/Registry.pol")
damaged_sysvol() { # NAME: a fresh copy in $work/NAME
  rm -rf "$work/$1"
  cp -r "$sysvol" "$work/$1"
}
damaged_sysvol empty
: >"$work/empty/Policies/$legacy/$tmpl"
incomplete "an empty GptTmpl.inf" "scan incomplete.*$legacy_re: empty file" scan \
  scan --snapshot "$example" --sysvol "$work/empty"

damaged_sysvol garbage
printf 'MZ\x03\x00\x00\x00binary junk\r\n' >"$work/garbage/Policies/$legacy/$tmpl"
incomplete "a binary GptTmpl.inf" "scan incomplete.*$legacy_re: binary content" scan \
  scan --snapshot "$example" --sysvol "$work/garbage"

damaged_sysvol noversion
{ printf '\xff\xfe'; printf '[Unicode]\r\nUnicode=yes\r\n[Registry Values]\r\nMACHINE\\System\\CurrentControlSet\\Control\\Lsa\\LmCompatibilityLevel=4,2\r\n' \
  | iconv -f UTF-8 -t UTF-16LE; } >"$work/noversion/Policies/$legacy/$tmpl"
incomplete "a GptTmpl.inf without its [Version] signature" "scan incomplete.*$legacy_re: no \[Version\] section" \
  scan scan --snapshot "$example" --sysvol "$work/noversion"

damaged_sysvol lines
{ printf '\xff\xfe'; printf '[Unicode]\r\nUnicode=yes\r\nthis is not an ini line\r\n[Version]\r\nsignature="$CHICAGO$"\r\nRevision=1\r\n' \
  | iconv -f UTF-8 -t UTF-16LE; } >"$work/lines/Policies/$legacy/$tmpl"
incomplete "a GptTmpl.inf with a non-INI line" "scan incomplete.*$legacy_re: line 3: not a key=value line" scan \
  scan --snapshot "$example" --sysvol "$work/lines"

size=$(stat -c %s "$sysvol/Policies/$legacy/$tmpl")
for cut in 1 $((size / 2)) $((size / 2 + 1)) $((size - 2)) $((size - 1)); do
  damaged_sysvol cut
  head -c "$cut" "$sysvol/Policies/$legacy/$tmpl" >"$work/cut/Policies/$legacy/$tmpl"
  incomplete "a GptTmpl.inf cut to $cut of $size bytes" "scan incomplete.*$legacy_re: " scan \
    scan --snapshot "$example" --sysvol "$work/cut"
done

damaged_sysvol pol
size=$(stat -c %s "$sysvol/Policies/$servers/MACHINE/Registry.pol")
head -c $((size - 5)) "$sysvol/Policies/$servers/MACHINE/Registry.pol" >"$work/pol/Policies/$servers/MACHINE/Registry.pol"
incomplete "a Registry.pol cut short" "scan incomplete.*$servers_re: malformed entry at offset" scan \
  scan --snapshot "$example" --sysvol "$work/pol"
printf 'PReg' >"$work/pol/Policies/$servers/MACHINE/Registry.pol"
incomplete "a Registry.pol with only its signature" "scan incomplete.*Registry.pol: not a Registry.pol file" scan \
  scan --snapshot "$example" --sysvol "$work/pol"

# --- 3. truncated and damaged event files ----------------------------------------------------
ev() { "$kr" events --color never --json "$work/out.json" "$@"; }
"$kr" events --color never "$events/sample.evtx" >/dev/null 2>"$work/stderr"
status=$?
[ "$status" = 0 ] && [ ! -s "$work/stderr" ] && ok "a whole .evtx: exit 0, nothing on stderr" \
  || fail "a whole .evtx: exit $status, stderr $(head -c 300 "$work/stderr")"
for cut in $((4096 + 65536 + 3000)) $((4096 + 65536)) $((4096 + 20000)); do
  head -c "$cut" "$events/sample.evtx" >"$work/cut.evtx"
  incomplete "events: .evtx cut at $cut bytes" 'events incomplete.*events file .*cut\.evtx: damaged from cut\.evtx:' \
    events ev "$work/cut.evtx"
done
head -c $((4096 + 65536 + 3000)) "$events/sample.evtx" >"$work/cut.evtx"
incomplete "events: the text summary says which file is partial, from which record on" \
  'cut\.evtx: damaged from cut\.evtx:record 1023 on \(truncated' events ev "$work/cut.evtx"
grep -q "^PARTIAL: *events file .*cut.evtx: damaged from cut.evtx:record 1023 on" "$work/stdout" \
  && ok "events: PARTIAL line in the text summary" || fail "events: no PARTIAL line: $(head -c 600 "$work/stdout")"
for f in remote_pwd_reset_4776_4624 scheduled_task_target_4624_ntlm_4776; do
  head -c $((4096 + 5000)) "tests/data/evtx/$f.evtx" >"$work/$f.evtx"
  incomplete "events: real $f.evtx cut mid-chunk" "events incomplete.*$f\.evtx: damaged from $f\.evtx:" events \
    ev "$work/$f.evtx"
done
size=$(stat -c %s "$events/sample.xml")
head -c $((size - 200)) "$events/sample.xml" >"$work/cut.xml"
incomplete "events: XML cut inside an event names file and offset" \
  'events incomplete.*cut\.xml: damaged from cut\.xml:offset [0-9]+ on' events ev "$work/cut.xml"
size=$(stat -c %s "$events/sample.jsonl")
head -c $((size - 40)) "$events/sample.jsonl" >"$work/cut.jsonl"
incomplete "events: JSON lines cut inside a record names file and line" \
  'events incomplete.*cut\.jsonl: damaged from cut\.jsonl:line [0-9]+ on' events ev "$work/cut.jsonl"

incomplete "scan --events with a cut .evtx: incomplete, naming the file" \
  'scan incomplete.*events file .*cut\.evtx: damaged from cut\.evtx:record 1023 on' scan \
  scan --snapshot "$events/corp.ldif" --events "$work/cut.evtx"
"$py" -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert any("cut.evtx" in x["message"] and "partial" in x["message"] for x in d["diagnostics"]), d["diagnostics"]
' "$work/out.json" && ok "scan --events: the diagnostic is in the report" || fail "scan --events: no diagnostic"

# A file kerbready cannot read at all fails before any report: an existing --json stays as it was.
printf '{"previous": "report"}\n' >"$work/keep.json"
cp "$work/keep.json" "$work/keep.orig"
head -c 100 "$events/sample.evtx" >"$work/header.evtx"
"$kr" scan --snapshot "$events/corp.ldif" --events "$work/header.evtx" --json "$work/keep.json" >/dev/null \
  2>"$work/stderr"
status=$?
if [ "$status" = 3 ] && [ "$(wc -l <"$work/stderr")" = 1 ] && grep -q "header\.evtx" "$work/stderr" \
  && cmp -s "$work/keep.json" "$work/keep.orig"; then
  ok "an unreadable .evtx: exit 3, one line naming it, the earlier --json untouched"
else fail "an unreadable .evtx: exit $status, stderr $(head -c 300 "$work/stderr")"; fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
