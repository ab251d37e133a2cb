#!/usr/bin/env bash
# Regenerate the python3-evtx reference of the real logs and compare kerbready's reader with it
# (the committed *.reference.jsonl are the same output; this proves they still are). Skips (77)
# when python3-evtx is not installed. Usage: evtx_agreement_live.sh SOURCE_DIR UNITTEST
set -eu
src="$1"
unittest="$2"
py=/usr/bin/python3
if ! "$py" -c 'import Evtx.Evtx' 2>/dev/null; then
  echo "python3-evtx not installed: skipped"
  exit 77
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
for f in "$src"/tests/data/evtx/*.evtx; do
  "$py" "$src/tests/events/evtx_reference.py" "$f" >"$tmp/$(basename "${f%.evtx}").reference.jsonl"
  cmp -s "$tmp/$(basename "${f%.evtx}").reference.jsonl" "${f%.evtx}.reference.jsonl" \
    || echo "note: $(basename "$f"): python3-evtx output differs from the committed reference"
done
KR_EVTX_REFERENCE_DIR="$tmp" "$unittest" "events: .evtx reader agrees with python3-evtx on real logs"
