#!/usr/bin/env bash
# The Windows zip (cmake/WindowsPackaging.cmake): built with cpack, it holds kerbready.exe, the man
# page as HTML, the README and the examples, and the kerbready.exe unpacked from it scans the
# example domain found beside it. Run by CTest as windows.zip:
#   WINE=… WINE_PREFIX_DIR=… run_zip_test.sh REPO BUILD_DIR
set -u
repo=${1:?usage: run_zip_test.sh REPO_ROOT BUILD_DIR}
build=${2:?usage: run_zip_test.sh REPO_ROOT BUILD_DIR}
cd "$repo" || exit 2
. tests/cli/lib.sh
. tests/windows/wine.sh
(cd "$build" && cpack -G ZIP -B "$work/pkg" >"$work/cpack.txt" 2>&1)
expect_status "cpack -G ZIP" 0 $?
zip=$(ls "$work"/pkg/kerbready-*-win64.zip 2>/dev/null | head -1)
[ -n "$zip" ] && ok "zip written: ${zip##*/}" || { fail "no zip: $(tail -5 "$work/cpack.txt")"; echo "$passed passed, $failed failed"; exit 1; }
"$py" - "$zip" "$work/unpacked" >"$work/zip.txt" 2>&1 <<'PY'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
names = z.namelist()
top = names[0].split("/")[0]
want = ["kerbready.exe", "README.md", "LICENSE", "docs/kerbready.1.html", "docs/windows.md", "docs/checks.md",
        "examples/corp.example.com.ldif", "examples/README.md", "examples/config/kerbready.toml"]
missing = [w for w in want if f"{top}/{w}" not in names]
if not any(n.startswith(f"{top}/examples/sysvol/Policies/") and n.endswith("GPT.INI") for n in names):
    missing.append("examples/sysvol/Policies/*/GPT.INI")
if missing:
    print("missing:", missing)
    sys.exit(1)
html = z.read(f"{top}/docs/kerbready.1.html").decode("utf-8", "replace")
if "<html" not in html.lower() or "kerbready" not in html:
    print("the man page is not HTML")
    sys.exit(1)
exe = z.read(f"{top}/kerbready.exe")
if exe[:2] != b"MZ":
    print("kerbready.exe is not a Windows executable")
    sys.exit(1)
z.extractall(sys.argv[2])
print(top)
PY
if [ $? = 0 ]; then ok "the zip holds kerbready.exe, the HTML man page, the README and the examples"; else fail "$(cat "$work/zip.txt")"; fi
top=$(tail -1 "$work/zip.txt")
if wine_ready && [ -d "$work/unpacked/$top" ]; then
  (cd "$work/unpacked/$top" && wine_run ./kerbready.exe scan --snapshot 'examples\corp.example.com.ldif' \
    --sysvol 'examples\sysvol' --fail-on none >"$work/scan.txt" 2>&1)
  expect_status "kerbready.exe from the zip scans the examples beside it" 0 $?
  grep -q "SPN-DUPLICATE" "$work/scan.txt" && ok "its report names SPN-DUPLICATE" || fail "no SPN-DUPLICATE: $(head -c 300 "$work/scan.txt")"
fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
