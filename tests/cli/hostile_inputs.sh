#!/usr/bin/env bash
# Hostile inputs: nesting deep enough to exhaust a recursive parser's stack, FIFOs and devices in
# place of files (reading or writing them would block or never end), suppressions that match every
# finding, config syntax errors and byte-order marks, empty passwords, and damaged AD Explorer
# snapshots. Each must be refused with one line on stderr naming the file, a non-zero exit, and
# every earlier output file left byte-identical. Run by CTest as cli.hostile_inputs:
#   KERBREADY=path/to/kerbready hostile_inputs.sh REPO_ROOT
set -u
repo=${1:?usage: hostile_inputs.sh REPO_ROOT}
kr=${KERBREADY:?set KERBREADY to the kerbready binary}
cd "$repo" || exit 2
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh" # py, work, ok, fail, expect_status
example=examples/corp.example.com.ldif
export SOURCE_DATE_EPOCH=1767225600 # 2026-01-01T00:00:00Z
unset KERBREADY_PASSWORD


# Earlier outputs, with known content, that no refused run may change.
printf 'previous report\n' >"$work/kept.json.orig"
printf 'kerbready_last_success_timestamp_seconds 1\n' >"$work/kept.prom.orig"
reset_kept() { cp "$work/kept.json.orig" "$work/kept.json" && cp "$work/kept.prom.orig" "$work/kept.prom"; }
kept_args=(--json "$work/kept.json" --metrics "$work/kept.prom")

# refused NAME STATUS REGEX COMMAND...: COMMAND ends within 60 s with STATUS, writes one line on
# stderr matching REGEX (grep -E) and nothing on stdout, and the kept outputs are unchanged.
refused() {
  local name=$1 want=$2 regex=$3
  shift 3
  reset_kept
  timeout 60 "$@" </dev/null >"$work/out.txt" 2>"$work/err.txt"
  local status=$?
  local why=""
  [ "$status" = "$want" ] || why="exit $status, expected $want"
  [ -z "$why" ] && [ "$(wc -l <"$work/err.txt")" != 1 ] && why="$(wc -l <"$work/err.txt") lines on stderr"
  [ -z "$why" ] && ! grep -Eq -- "$regex" "$work/err.txt" && why="stderr does not match /$regex/"
  [ -z "$why" ] && [ -s "$work/out.txt" ] && why="output on stdout"
  [ -z "$why" ] && ! cmp -s "$work/kept.json" "$work/kept.json.orig" && why="the earlier --json file changed"
  [ -z "$why" ] && ! cmp -s "$work/kept.prom" "$work/kept.prom.orig" && why="the earlier --metrics file changed"
  if [ -z "$why" ]; then ok "$name: $(cat "$work/err.txt")"; else fail "$name: $why: $(head -c 300 "$work/err.txt")"; fi
}

deep() { # FILE PREFIX SUFFIX: PREFIX, 100,000 nested arrays, SUFFIX
  "$py" -c 'import sys; open(sys.argv[1], "w").write(sys.argv[2] + "[" * 100000 + "]" * 100000 + sys.argv[3])' "$@"
}

# --- 1. nesting ----------------------------------------------------------------------------
deep "$work/deep.toml" $'# rules\n[[suppression]]\ncheck = ' $'\n'
refused "100k-deep array in --suppressions" 2 "deep\.toml:3: .*nested deeper than 64" \
  "$kr" scan --snapshot "$example" --suppressions "$work/deep.toml" "${kept_args[@]}"
deep "$work/deep-config.toml" $'[scan]\nfail-on = ' $'\n'
refused "100k-deep array in --config" 2 "deep-config\.toml:2: .*nested deeper than 64" \
  "$kr" scan --snapshot "$example" --config "$work/deep-config.toml" "${kept_args[@]}"
deep "$work/deep.json" '{"findings": ' '}'
refused "100k-deep array in --baseline" 3 "deep\.json:1: JSON nested deeper than 64" \
  "$kr" scan --snapshot "$example" --baseline "$work/deep.json" "${kept_args[@]}"
refused "100k-deep array in --probe-results" 3 "deep\.json:1: .*nested deeper than 64" \
  "$kr" scan --snapshot "$example" --probe-results "$work/deep.json" "${kept_args[@]}"
refused "100k-deep array in a diff input" 3 "deep\.json:1: JSON nested deeper than 64" \
  "$kr" diff "$work/deep.json" "$work/deep.json"
deep "$work/deep-events.json" '{"Id": 4624, "x": ' $'}\n'
timeout 60 "$kr" events --format json "$work/deep-events.json" >"$work/out.txt" 2>"$work/err.txt"
status=$?
if [ "$status" -lt 128 ] && grep -q "deep-events.json.*nested deeper than 64" "$work/err.txt" \
  && [ "$(wc -l <"$work/err.txt")" = 1 ]; then ok "a 100k-deep event record is skipped (exit $status): $(cat "$work/err.txt")"
else fail "deep event record: exit $status: $(head -c 300 "$work/err.txt")"; fi
# 64 levels are still read: the limit is not off by one.
"$py" -c 'import sys; open(sys.argv[1], "w").write("[[suppression]]\ncheck = \"SPN-MALFORMED\"\nreason = \"r\"\nowner = \"o\"\nexpires = 2026-12-31\nx = " + "[" * 63 + "]" * 63 + "\n")' "$work/deep63.toml"
timeout 60 "$kr" scan --snapshot "$example" --suppressions "$work/deep63.toml" --fail-on none >/dev/null 2>"$work/err.txt"
grep -q 'deep63.toml:6: unknown key "x"' "$work/err.txt" && ok "64 levels reach the TOML parser" \
  || fail "64 levels: $(head -c 300 "$work/err.txt")"

# --- 2. FIFOs, directories and devices -----------------------------------------------------
mkfifo "$work/fifo"
printf '[[suppression]]\ncheck = "SPN-MALFORMED"\nreason = "r"\nowner = "o"\nexpires = 2026-12-31\n' >"$work/good.toml"
for option in --snapshot --events --suppressions --baseline --probe-results; do
  args=(--snapshot "$example")
  [ "$option" = --snapshot ] && args=()
  refused "FIFO as $option" 2 "error: $option .*fifo: not a regular file \(a FIFO\)" \
    "$kr" scan "${args[@]}" "$option" "$work/fifo" "${kept_args[@]}"
done
refused "FIFO as --config" 2 "error: --config .*fifo: not a regular file \(a FIFO\)" \
  "$kr" scan --config "$work/fifo" --snapshot "$example" "${kept_args[@]}"
refused "directory as --snapshot" 2 "error: --snapshot.*directory" \
  "$kr" scan --snapshot "$work" "${kept_args[@]}"
refused "/dev/zero as --snapshot" 2 "error: --snapshot /dev/zero: not a regular file \(a character device\)" \
  "$kr" scan --snapshot /dev/zero "${kept_args[@]}"
refused "FIFO as an event file" 2 "error: event file .*fifo: not a regular file \(a FIFO\)" \
  "$kr" events "$work/fifo"
refused "FIFO as a diff input" 2 "error: OLD report .*fifo: not a regular file \(a FIFO\)" \
  "$kr" diff "$work/fifo" "$work/kept.json"
for option in --json --metrics --html --tickets; do
  args=("${kept_args[@]}")
  [ "$option" = --json ] && args=(--metrics "$work/kept.prom")
  [ "$option" = --metrics ] && args=(--json "$work/kept.json")
  refused "FIFO as $option output" 2 "error: $option .*fifo: not a regular file \(a FIFO\): refusing to write" \
    "$kr" scan --snapshot "$example" --fail-on none "$option" "$work/fifo" "${args[@]}"
done
refused "FIFO as --output csv=" 2 "error: --output .*fifo: not a regular file \(a FIFO\)" \
  "$kr" scan --snapshot "$example" --fail-on none --output "csv=$work/fifo" "${kept_args[@]}"
refused "directory as --json output" 2 "error: --json .*: not a regular file \(a directory\)" \
  "$kr" scan --snapshot "$example" --fail-on none --json "$work" --metrics "$work/kept.prom"
# A FIFO inside the SYSVOL copy: the scan is incomplete and the diagnostic names the file.
for name in GptTmpl.inf Registry.pol; do
  rm -rf "$work/sysvol" && cp -r examples/sysvol "$work/sysvol"
  target=$(find "$work/sysvol" -name "$name" | sort | head -1)
  rm "$target" && mkfifo "$target"
  timeout 60 "$kr" scan --snapshot "$example" --sysvol "$work/sysvol" --fail-on none </dev/null >/dev/null 2>"$work/err.txt"
  status=$?
  if [ "$status" = 3 ] && grep -Fq "$target: not a regular file (a FIFO)" "$work/err.txt"; then
    ok "FIFO as SYSVOL $name: incomplete (exit 3), file named"
  else fail "FIFO as SYSVOL $name: exit $status: $(head -c 300 "$work/err.txt")"; fi
done

# --- 3. suppressions that match everything --------------------------------------------------
for pattern in '*' '**' '*?' '?*' '?**?'; do
  printf '# rule\n[[suppression]]\nsubject = "%s"\nreason = "r"\nowner = "o"\nexpires = 2026-12-31\n' "$pattern" \
    >"$work/all.toml"
  refused "subject \"$pattern\"" 2 "all\.toml:3: subject .* would suppress every finding" \
    "$kr" scan --snapshot "$example" --suppressions "$work/all.toml" "${kept_args[@]}"
done
printf '[[suppression]]\nid = "*"\nreason = "r"\nowner = "o"\nexpires = 2026-12-31\n' >"$work/all-id.toml"
refused "id \"*\"" 2 "all-id\.toml:2: id .* has a wildcard" \
  "$kr" scan --snapshot "$example" --suppressions "$work/all-id.toml" "${kept_args[@]}"
printf '[[suppression]]\nsubject = "?*.corp.example.com"\nreason = "r"\nowner = "o"\nexpires = 2026-12-31\n' >"$work/some.toml"
timeout 60 "$kr" scan --snapshot "$example" --suppressions "$work/some.toml" --fail-on none >/dev/null 2>&1
status=$?
[ "$status" = 0 ] && ok "a glob with literal text is still accepted" || fail "\"?*.corp.example.com\": exit $status"

# --- 4. config and suppressions syntax, byte-order marks --------------------------------------
printf '[scan]\nsnapshot = ["%s"]\nfail-on = "none\n' "$example" >"$work/syntax.toml"
refused "config syntax error" 2 "syntax\.toml:3: invalid TOML" "$kr" scan --config "$work/syntax.toml" "${kept_args[@]}"
printf '[scan]\nsnapshot = ["%s"]\n\nfail-onn = "none"\n' "$example" >"$work/typo.toml"
refused "misspelt config key" 2 "typo\.toml:4: unknown option 'fail-onn'" \
  "$kr" scan --config "$work/typo.toml" "${kept_args[@]}"
printf '\xef\xbb\xbf[scan]\nsnapshot = ["%s"]\nfail-on = "none"\n' "$example" >"$work/bom.toml"
timeout 60 "$kr" scan --config "$work/bom.toml" >/dev/null 2>"$work/err.txt"
status=$?
[ "$status" = 0 ] && ok "config with a UTF-8 byte-order mark is read" || fail "UTF-8 BOM config: exit $status: $(cat "$work/err.txt")"
printf '\xef\xbb\xbf' | cat - "$work/good.toml" >"$work/bom-supp.toml"
timeout 60 "$kr" scan --snapshot "$example" --suppressions "$work/bom-supp.toml" --fail-on none >/dev/null 2>&1
status=$?
[ "$status" = 0 ] && ok "suppressions with a UTF-8 byte-order mark are read" || fail "UTF-8 BOM suppressions: exit $status"
printf '\xff\xfe[\0s\0c\0a\0n\0]\0\n\0' >"$work/utf16.toml"
refused "UTF-16 config" 2 "utf16\.toml:1: UTF-16 byte-order mark" "$kr" scan --config "$work/utf16.toml" --snapshot "$example" "${kept_args[@]}"
refused "UTF-16 suppressions" 2 "utf16\.toml:1: UTF-16 byte-order mark" \
  "$kr" scan --snapshot "$example" --suppressions "$work/utf16.toml" "${kept_args[@]}"

# --- 5. empty passwords are refused before connecting (nothing listens on 127.0.0.1:9) -------
: >"$work/empty-password"
refused "empty --password-file" 2 "cannot read the password from .*empty-password|empty-password gives an empty password" \
  "$kr" scan --server 127.0.0.1:9 --auth simple --user u --timeout 2 --password-file "$work/empty-password" "${kept_args[@]}"
printf '\n' >"$work/blank-password"
refused "blank line in --password-file" 2 "--password-file .*blank-password gives an empty password" \
  "$kr" scan --server 127.0.0.1:9 --auth simple --user u --timeout 2 --password-file "$work/blank-password" "${kept_args[@]}"
refused "empty KERBREADY_PASSWORD" 2 "KERBREADY_PASSWORD gives an empty password" \
  env KERBREADY_PASSWORD= "$kr" scan --server 127.0.0.1:9 --auth simple --user u --timeout 2 "${kept_args[@]}"
refused "empty KERBREADY_PASSWORD (collect)" 2 "KERBREADY_PASSWORD gives an empty password" \
  env KERBREADY_PASSWORD= "$kr" collect --server 127.0.0.1:9 --auth simple --user u --timeout 2 --out "$work/kept.json"
# A password that is not empty gets as far as the connection: the refusal above is about the password.
timeout 60 env KERBREADY_PASSWORD=x "$kr" scan --server 127.0.0.1:9 --auth simple --user u --timeout 2 </dev/null \
  >/dev/null 2>"$work/err.txt"
status=$?
if [ "$status" != 0 ] && [ "$status" -lt 124 ] && ! grep -q "empty password" "$work/err.txt"; then
  ok "a non-empty password reaches the connection (exit $status)"
else fail "non-empty password: exit $status: $(head -c 300 "$work/err.txt")"; fi

# --- 6. damaged AD Explorer snapshots: one line naming the offset, exit 3, no report -----------
adx=tests/data/adexplorer/detectionlab.dat
head -c 2000000 "$adx" >"$work/cut.dat"
refused "AD Explorer snapshot cut short" 3 "cut\.dat: offset 1070 .*outside the file" \
  "$kr" scan --snapshot "$work/cut.dat" "${kept_args[@]}"
head -c 3000000 "$adx" >"$work/cut-table.dat"
refused "AD Explorer snapshot cut in its property table" 3 "cut-table\.dat: offset [0-9]+ .*(past the end|runs past)" \
  "$kr" scan --snapshot "$work/cut-table.dat" "${kept_args[@]}"
# patch FILE OFFSET UINT32: overwrite four bytes of a copy of the snapshot.
patch() { cp "$adx" "$1" && "$py" -c 'import struct,sys; f=open(sys.argv[1],"r+b"); f.seek(int(sys.argv[2])); f.write(struct.pack("<I", int(sys.argv[3])))' "$@"; }
patch "$work/count.dat" 1062 4294967295
refused "AD Explorer object count 2^32-1" 3 "count\.dat: offset 1062 .*object count 4294967295" \
  "$kr" scan --snapshot "$work/count.dat" "${kept_args[@]}"
patch "$work/first.dat" 1086 2147483647
refused "AD Explorer object overlapping the property table" 3 "first\.dat: offset 1086 .*runs past the property table" \
  "$kr" scan --snapshot "$work/first.dat" "${kept_args[@]}"
patch "$work/props.dat" 2774583 4294967295
refused "AD Explorer property count 2^32-1" 3 "props\.dat: offset 2774583 .*property count" \
  "$kr" scan --snapshot "$work/props.dat" "${kept_args[@]}"
cp "$work/count.dat" "$work/renamed.ldif"
refused "AD Explorer snapshot named .ldif" 3 "renamed\.ldif: offset 1062 " \
  "$kr" scan --snapshot "$work/renamed.ldif" "${kept_args[@]}"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
