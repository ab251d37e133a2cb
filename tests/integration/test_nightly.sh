#!/usr/bin/env bash
# The nightly run of examples/systemd/ against the lab DC: the unit's ExecStart and Environment=,
# with the shipped kerbready.toml (paths moved into $T, the lab's domain and an exported keytab),
# run twice like two nights: a live scan through SRV discovery with the keytab, every output
# written, the second night compared with the first.
. "$(dirname "$0")/lib.sh"

units=$(cd "$(dirname "$0")/../../examples/systemd" && pwd)
mkdir -p "$T/etc" "$T/state" "$T/textfile"
samba-tool domain exportkeytab "$T/etc/kerbready.keytab" --principal="Administrator@$LAB_REALM" > /dev/null 2>&1
sed -e "s|/var/lib/kerbready|$T/state|g" -e "s|/var/lib/prometheus/node-exporter|$T/textfile|g" \
  -e "s|/etc/kerbready|$T/etc|g" -e "s|^domain = .*|domain = \"$LAB_DOMAIN\"|" \
  -e "s|^# principal = .*|principal = \"Administrator@$LAB_REALM\"|" "$units/kerbready.toml" > "$T/etc/kerbready.toml"
cp "$units/suppressions.toml" "$T/etc/"
exec_start=$(sed -n 's/^ExecStart=//p' "$units/kerbready.service" | sed -e "s|/usr/bin/kerbready|$KERBREADY|" -e "s|/etc/kerbready|$T/etc|g")
environment=$(sed -n 's/^Environment=//p' "$units/kerbready.service")

night() {
  env "$environment" bash -c "$exec_start" > "$T/out" 2> "$T/err"
  RC=$?
}
night
expect "nightly unit, night 1: live scan with the keytab, no baseline yet" 0
expect_json "night 1: the report is a complete live scan" "$T/state/latest.json" \
  '(d["scan"]["source"], d["scan"]["complete"], "keytab" in d["scan"]["collection"]["bind"])' "('ldap', True, True)"
missing=""
for f in state/kerbready.html state/tickets.jsonl textfile/kerbready.prom; do [[ -s $T/$f ]] || missing="$missing $f"; done
[[ $(ls "$T/state/reports" | wc -l) == 1 ]] || missing="$missing state/reports/*"
if [[ -z $missing ]]; then pass "night 1: HTML, tickets, metrics and archive written"; else fail "night 1 outputs" "missing:$missing"; fi
sleep 1 # the archive name has one-second resolution
night
expect "nightly unit, night 2: nothing new, exit 0" 0
expect_json "night 2 compares with night 1" "$T/state/latest.json" \
  '(d["baseline"]["new"], d["baseline"]["resolved"], d["baseline"]["unchanged"] == len(d["findings"]) > 0)' "(0, 0, True)"
if grep -q '^kerbready_scan_complete 1$' "$T/textfile/kerbready.prom" && [[ $(ls "$T/state/reports" | wc -l) == 2 ]]; then
  pass "night 2: metrics complete, two archived reports"
else fail "night 2 metrics/archive" "$(ls "$T/state/reports" | tr '\n' ' ')"; fi
