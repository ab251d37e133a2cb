#!/usr/bin/env bash
# kerbready.exe (the mingw-w64 build) under wine against the Linux build: the example domain gives
# the same findings and ids (the JSON reports compared without times and input paths), and so does
# the same snapshot with CRLF line endings, given by a Windows path (drive letter, backslashes, a
# folder name with spaces and non-ASCII letters); the console output is UTF-8 and free of control
# characters; an .evtx file is refused clearly when libevtx is not in the build. Run by CTest as
# windows.cli:
#   WINE=… WINE_PREFIX_DIR=… KERBREADY_EXE=kerbready.exe [KERBREADY=linux/kerbready] run_wine_tests.sh REPO
# Without KERBREADY the reference is the example's golden report (tests/golden/example-report.json).
set -u
repo=${1:?usage: run_wine_tests.sh REPO_ROOT}
exe=${KERBREADY_EXE:?set KERBREADY_EXE to kerbready.exe}
linux=${KERBREADY:-}
cd "$repo" || exit 2
. tests/cli/lib.sh     # py, work, ok, fail, expect_status, report_json_golden_form
. tests/windows/wine.sh # wine_run, wine_ready
wine_ready || { echo "FAIL - wine cannot start a program ($WINEPREFIX)"; exit 1; }
winpath() { "${wine%/*}/winepath" -w "$1" 2>/dev/null || echo "Z:${1//\//\\}"; }

# compare_reports NAME A.json B.json: the same report but for times and input paths.
compare_reports() {
  if "$py" - "$2" "$3" >"$work/compare.txt" 2>&1 <<'PY'; then ok "$1"; else fail "$1: $(head -c 600 "$work/compare.txt")"; fi
import json, sys
def load(path):
    d = json.load(open(path, encoding="utf-8"))
    for key in ("started_at", "duration_ms", "inputs"):
        d["scan"].pop(key, None)
    d["checks"] = [c for c in d["checks"] if not (c["status"] == "evaluated" and c["findings"] == 0)]
    return d
a, b = load(sys.argv[1]), load(sys.argv[2])
if a != b:
    ids_a = [f["id"] for f in a["findings"]]
    ids_b = [f["id"] for f in b["findings"]]
    print("findings", len(ids_a), "vs", len(ids_b), "; first ids differing:",
          [x for x in ids_a if x not in ids_b][:3], [x for x in ids_b if x not in ids_a][:3])
    for key in a:
        if a[key] != b.get(key):
            print("differs in", key)
    sys.exit(1)
print(len(a["findings"]), "findings alike")
PY
}

# --- the example domain, given as the issue writes it: relative paths with backslashes ---------
export SOURCE_DATE_EPOCH=1767225600
wine_run "$exe" scan --snapshot 'examples\corp.example.com.ldif' --sysvol 'examples\sysvol' --json "$(winpath "$work/win.json")" \
  >"$work/win.txt" 2>"$work/win.err"
expect_status "kerbready.exe scans the example domain (exit 1: its critical finding)" 1 $?
[ ! -s "$work/win.err" ] && ok "nothing on stderr" || fail "stderr: $(head -c 300 "$work/win.err")"
if [ -n "$linux" ]; then
  "$linux" scan --snapshot examples/corp.example.com.ldif --sysvol examples/sysvol --json "$work/linux.json" \
    >/dev/null 2>&1
  expect_status "the Linux build scans the example domain" 1 $?
  compare_reports "kerbready.exe gives the Linux build's findings and ids" "$work/win.json" "$work/linux.json"
fi
compare_reports "kerbready.exe gives the example's golden report" "$work/win.json" tests/golden/example-report.json

# --- CRLF line endings and a Windows path with a drive letter, spaces and parentheses ----------
# (ASCII names only: with the msvcrt-based mingw-w64 runtime, std::filesystem decodes narrow paths
# in the C locale, so a path with non-ASCII letters is not found; docs/windows.md.)
odd="$work/Audit Files (x86)"
mkdir -p "$odd"
sed 's/$/\r/' examples/corp.example.com.ldif >"$odd/corp crlf.ldif"
if LC_ALL=C grep -qc $'\r$' "$odd/corp crlf.ldif"; then ok "the CRLF copy has CRLF line endings"; else fail "no CRLF copy"; fi
cp -r examples/sysvol "$odd/sysvol"
wine_run "$exe" scan --snapshot "$(winpath "$odd/corp crlf.ldif")" --sysvol "$(winpath "$odd/sysvol")" \
  --json "$(winpath "$odd/crlf.json")" >/dev/null 2>"$work/crlf.err"
expect_status "a CRLF snapshot under a drive-letter path with spaces" 1 $?
compare_reports "the CRLF snapshot gives the same findings and ids" "$odd/crlf.json" "$work/win.json"
if "$py" -c 'import json,sys; i=json.load(open(sys.argv[1], encoding="utf-8"))["scan"]["inputs"]; sys.exit(0 if any(x.startswith(("Z:\\", "z:\\")) and "Audit Files (x86)\\corp crlf.ldif" in x for x in i) else 1)' "$odd/crlf.json"; then
  ok "the report names the input by its Windows path"
else
  fail "the report's input path is not the Windows path: $("$py" -c 'import json,sys; print(json.load(open(sys.argv[1]))["scan"]["inputs"])' "$odd/crlf.json")"
fi

# --- the console: UTF-8 names readable, control characters never -----------------------------
"$py" - "$work/names.ldif" <<'PY'
import base64, sys
def b64(s):
    return base64.b64encode(s.encode() if isinstance(s, str) else s).decode()
with open(sys.argv[1], "w", encoding="utf-8") as f:
    for cn, sam in (("Jürgen Ærø", "jürgen"), ("Zoë Łódź", "zoë")):
        f.write(f"dn:: {b64(f'CN={cn},CN=Users,DC=corp,DC=example,DC=com')}\n")
        f.write("objectClass: user\n")
        f.write(f"sAMAccountName:: {b64(sam)}\n")
        f.write(f"servicePrincipalName:: {b64('HTTP/bücher.corp.example.com')}\n")
        f.write(f"displayName:: {b64(b'evil' + bytes([27]) + b'[2J')}\n\n")
PY
wine_run "$exe" scan --snapshot "$(winpath "$work/names.ldif")" --color always --fail-on none >"$work/names.txt" 2>"$work/names.err"
expect_status "scan of non-ASCII names" 0 $?
if "$py" -c 'import sys; t=open(sys.argv[1], "rb").read().decode("utf-8"); sys.exit(0 if "bücher.corp.example.com" in t else 1)' "$work/names.txt"; then
  ok "the console output is UTF-8 and names HTTP/bücher.corp.example.com"
else
  fail "the console output is not UTF-8 or lacks the name: $(head -c 300 "$work/names.txt" | od -c | head -5)"
fi
# --color always: the report's own colours are SGR sequences; nothing else may start with ESC.
if LC_ALL=C grep -aq $'\x1b\[2J' "$work/names.txt"; then fail "a terminal escape from the directory reached the console"; else
  ok "no terminal escape from the directory on the console"; fi

# --- .evtx without libevtx: said clearly ------------------------------------------------------
printf 'ElfFile\0' >"$work/Security.evtx"
wine_run "$exe" events "$(winpath "$work/Security.evtx")" >/dev/null 2>"$work/evtx.err"
status=$?
if wine_run "$exe" --version 2>/dev/null | grep -q "libevtx: no"; then
  [ "$status" != 0 ] && grep -q "without libevtx" "$work/evtx.err" && ok ".evtx is refused with a clear message (exit $status)" ||
    fail ".evtx without libevtx: exit $status, $(head -c 300 "$work/evtx.err")"
else
  ok ".evtx: this build has libevtx"
fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
