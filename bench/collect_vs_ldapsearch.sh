#!/usr/bin/env bash
# By hand, not in CI: time `kerbready collect` against `ldapsearch -E pr=1000/noprompt` asking for
# the same partitions, filters and attributes (the filters from src/live/plan/search_plan.hpp, the
# attributes from what a first `kerbready collect` wrote, since the plan is built from the checks), both over
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
# Samba's own default process model for a DC (the test suite's lab runs "single" to save memory):
# one process serving every connection would make any client's concurrent searches queue up,
# which a Windows DC does not do. A lab already running keeps the model it was started with.
export LAB_MODEL=${LAB_MODEL:-prefork}

"$lab_sh" up "$lab"
"$lab_sh" seed "$lab"
have=$(cat "$lab/bulk.count" 2>/dev/null || echo 0)
if (( have < extra )); then
  echo "adding $(( extra - have )) users offline..."
  start=$(date +%s)
  "$lab_sh" bulk "$lab" $(( extra - have ))
  echo "added in $(( $(date +%s) - start )) s"
fi

"$lab_sh" exec "$lab" -- bash -s "$kerbready" "$lab" "$runs" "$root/src/live/plan/search_plan.hpp" <<'INNER'
set -euo pipefail
kerbready=$1 lab=$2 runs=$3 plan_header=$4
base=$LAB_BASE_DN
# Partition filters from the plan's header; per partition, the attributes a first collect wrote
# (the plan's attribute lists are built at run time from the checks' declarations; an attribute no
# object holds changes nothing in the answer). member is asked by range, as kerbready does.
"$kerbready" collect --server "$LAB_DC" --out "$lab/plan.ldif" --quiet
/usr/bin/python3 - "$plan_header" "$lab/plan.ldif" > "$lab/plan.txt" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
body = text[text.index('k_plan_partitions{{'):]
filters = {}
for m in re.finditer(r'\{PlanPartition::(\w+), DataSet::\w+,(.*?)\}', body, re.S):
    # Adjacent literals concatenate.
    filters[m.group(1)] = ''.join(t[1:-1] for t in re.findall(r'"(?:[^"\\]|\\.)*"', re.sub(r'//[^\n]*', '', m.group(2))))
attrs = {p: set() for p in filters}
partition = None
for line in open(sys.argv[2], encoding='utf-8', errors='replace'):
    line = line.rstrip('\n')
    if line.startswith('dn: ') or line.startswith('dn:: '):
        dn = line.lower()
        partition = ('domain_dns' if 'dc=domaindnszones,' in dn else 'forest_dns' if 'dc=forestdnszones,' in dn
                     else 'configuration' if 'cn=configuration,' in dn else 'domain')
    elif partition and line and not line.startswith((' ', '#')) and ':' in line:
        name = line.split(':', 1)[0]
        attrs[partition].add('member;range=0-1499' if name.lower() == 'member' else name)
for p, f in filters.items():
    print(p + '\t' + f + '\t' + ' '.join(['objectClass'] + sorted(a for a in attrs[p] if a.lower() != 'objectclass')))
PY
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
