#!/usr/bin/env bash
# By hand, not in CI: time `kerbready collect` against `ldapsearch -E pr=1000/noprompt` asking for
# the same partitions, filters and attributes (taken from src/live/plan/search_plan.hpp), both over
# SASL/GSSAPI with sign+seal, against a Samba AD DC holding at least 20,000 objects.
#
#   bench/collect_vs_ldapsearch.sh [KERBREADY_BINARY] [EXTRA_OBJECTS]
#
# Needs root and Debian's samba, samba-ad-dc, winbind, krb5-user, ldap-utils, ldb-tools. Builds the
# lab under /tmp (kept between runs in $BENCH_LAB, default /tmp/kerbready-bench-lab); the extra
# users are added offline with ldbadd batch mode (about 45 s per 20,000).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
kerbready=$(readlink -f "${1:-$root/build/kerbready}")
extra=${2:-20000}
lab=${BENCH_LAB:-/tmp/kerbready-bench-lab}
runs=${RUNS:-3}
lab_sh=$root/tests/integration/lab.sh

"$lab_sh" up "$lab"
"$lab_sh" seed "$lab"
have=$(cat "$lab/bulk.count" 2>/dev/null || echo 0)
if (( have < extra )); then
  echo "adding $(( extra - have )) users offline..."
  start=$(date +%s)
  "$lab_sh" bulk "$lab" $(( extra - have ))
  echo "added in $(( $(date +%s) - start )) s"
fi

# Partition bases, filters and attributes, from the search plan.
/usr/bin/python3 - "$root/src/live/plan/search_plan.hpp" > "$lab/plan.txt" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
body = text[text.index('k_search_plan{{'):]
for m in re.finditer(r'\{PlanPartition::(\w+), DataSet::\w+,(.*?)\}', body, re.S):
    # Adjacent literals concatenate; the comma separates the filter from the attribute list.
    fields, current = [], ''
    for token in re.findall(r'"(?:[^"\\]|\\.)*"|,', re.sub(r'//[^\n]*', '', m.group(2))):
        if token == ',':
            fields.append(current)
            current = ''
        else:
            current += token[1:-1]
    fields.append(current)
    print(m.group(1) + '\t' + fields[0] + '\t' + fields[1])
PY

"$lab_sh" exec "$lab" -- bash -s "$kerbready" "$lab" "$runs" <<'INNER'
set -euo pipefail
kerbready=$1 lab=$2 runs=$3
base=$LAB_BASE_DN
declare -A nc=([domain]=$base [configuration]="CN=Configuration,$base"
               [domain_dns]="DC=DomainDnsZones,$base" [forest_dns]="DC=ForestDnsZones,$base")
ldapsearch_all() {
  local partition filter attrs
  while IFS=$'\t' read -r partition filter attrs; do
    # shellcheck disable=SC2086
    ldapsearch -LLL -Q -Y GSSAPI -H "ldap://$LAB_DC" -E pr=1000/noprompt -b "${nc[$partition]}" "$filter" $attrs
  done < "$lab/plan.txt"
}
now() { date +%s.%N; }
median() { sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
k_times=() l_times=()
for ((i = 0; i < runs; i++)); do
  t0=$(now); "$kerbready" collect --server "$LAB_DC" --out "$lab/bench.ldif" --quiet; t1=$(now)
  ldapsearch_all > "$lab/bench-ldapsearch.ldif"; t2=$(now)
  k_times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.2f", b-a}')")
  l_times+=("$(awk -v a="$t1" -v b="$t2" 'BEGIN{printf "%.2f", b-a}')")
done
objects=$(grep -c '^dn: ' "$lab/bench.ldif")
lobjects=$(grep -c '^dn: ' "$lab/bench-ldapsearch.ldif")
k=$(printf '%s\n' "${k_times[@]}" | median)
l=$(printf '%s\n' "${l_times[@]}" | median)
echo "objects: kerbready collect $objects, ldapsearch $lobjects"
echo "kerbready collect: ${k_times[*]} s (median $k s, $(awk -v n="$objects" -v t="$k" 'BEGIN{printf "%.0f", n/t}') objects/s)"
echo "ldapsearch pr=1000: ${l_times[*]} s (median $l s)"
echo "ratio kerbready/ldapsearch: $(awk -v a="$k" -v b="$l" 'BEGIN{printf "%.2f", a/b}')"
INNER
echo "lab left running in $lab; stop it with: $lab_sh down $lab"
