#!/usr/bin/env bash
# kerbready's AD Explorer reader against an independent reading of a real snapshot: the Python
# reader written from the format notes (adexplorer_reference.py) reads detectionlab.dat again, its
# output must equal the committed reference, and the unit test compares what kerbready read (objects
# per partition, users, computers, groups, every SPN, the domain SID) with it.
# Usage: adexplorer_agreement.sh SOURCE_DIR UNITTEST
set -eu
src="$1"
unittest="$2"
data="$src/tests/data/adexplorer"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$data" && sha256sum -c --quiet detectionlab.dat.sha256)
python3 "$src/tests/input/adexplorer_reference.py" "$data/detectionlab.dat" >"$tmp/reference.json"
if ! cmp -s "$tmp/reference.json" "$data/detectionlab.reference.json"; then
  echo "the reference reader's output differs from the committed detectionlab.reference.json"
  diff "$data/detectionlab.reference.json" "$tmp/reference.json" | head -20
  exit 1
fi
KR_ADX_REFERENCE="$tmp/reference.json" "$unittest" "adexplorer: detectionlab.dat agrees with the independent reader"
