#!/usr/bin/env bash
# Judge only what was read (issue 13): two lab domains, lab.example and child.lab.example (a second
# Samba AD DC, provisioned here: Samba cannot host a real child domain, so it is a forest of its
# own), and in the parent's zone a delegation of the child zone (NS record and glue A record for
# the child's DC). Each domain scanned alone says nothing above info about the other's names; both
# snapshots scanned together judge every name, and the dangling names planted in each are found.
# The second DC is stopped by PID at the end and the parent's additions are removed again.
. "$(dirname "$0")/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
d=$LAB_DOMAIN
child=child.$d
cdc=cdc1.$child
cdir=$T/child
guid_name=0f1e2d3c-aaaa-bbbb-cccc-123456789abc._msdcs.$d
admin=(-U "Administrator%$LAB_ADMIN_PASS")

parent_modify() { ldapmodify -Q -Y GSSAPI -H "ldap://$LAB_DC" >> "$T/parent.out" 2>&1; }
cleanup() {
  "$here/lab.sh" down "$cdir" > /dev/null 2>&1
  samba-tool dns delete "$LAB_DC" "$d" cdc1.child A "${cip:-0.0.0.0}" "${admin[@]}" > /dev/null 2>&1
  samba-tool dns delete "$LAB_DC" "$d" child NS "$cdc" "${admin[@]}" > /dev/null 2>&1
  printf 'dn: CN=svc_orphan,CN=Users,%s\nchangetype: modify\ndelete: servicePrincipalName\nservicePrincipalName: HTTP/app.%s\n-\n' \
    "$LAB_BASE_DN" "$child" | parent_modify
}
trap cleanup EXIT

# The second DC, in its own namespace; the first lab's environment must not leak into it.
if ! env -u LAB_IP -u LAB_DIR -u KRB5_CONFIG -u KRB5CCNAME -u LDAPCONF -u SMB_CONF_PATH -u RESOLV_CONF \
  LAB_DOMAIN_NAME="$child" LAB_HOST_NAME=cdc1 "$here/lab.sh" up "$cdir" > "$T/child-up.out" 2>&1; then
  fail "scope: a second DC for $child" "$(tail -5 "$T/child-up.out" | tr '\n' ' ')"
  exit 0
fi
cip=$(cat "$cdir/lab.ip")
pass "scope: a second DC for $child on $cip"

# The child: a service account with a dangling SPN of its own and one for a parent name, and its
# DC's GUID SPNs under the parent's _msdcs zone (as a child DC of lab.example would have).
cat > "$T/child-seed.ldif" <<LDIF
dn: CN=svc_child,CN=Users,DC=child,$LAB_BASE_DN
changetype: add
objectClass: user
sAMAccountName: svc_child
userAccountControl: 66082
servicePrincipalName: HTTP/gone.$child
servicePrincipalName: HTTP/nothere.$d

dn: CN=CDC1,OU=Domain Controllers,DC=child,$LAB_BASE_DN
changetype: modify
add: servicePrincipalName
servicePrincipalName: ldap/$guid_name
servicePrincipalName: RPC/$guid_name
-
LDIF
if "$here/lab.sh" exec "$cdir" -- sh -c 'ldapmodify -Q -Y GSSAPI -H "ldap://$LAB_DC" -f "$0"' "$T/child-seed.ldif" \
  > "$T/child-seed.out" 2>&1; then
  pass "scope: child seeded"
else fail "scope: child seeded" "$(tail -3 "$T/child-seed.out" | tr '\n' ' ')"; fi

# The parent: the delegation of the child zone, and an SPN for a host in the child domain.
: > "$T/parent.out"
samba-tool dns add "$LAB_DC" "$d" child NS "$cdc" "${admin[@]}" >> "$T/parent.out" 2>&1 &&
  samba-tool dns add "$LAB_DC" "$d" cdc1.child A "$cip" "${admin[@]}" >> "$T/parent.out" 2>&1 &&
  printf 'dn: CN=svc_orphan,CN=Users,%s\nchangetype: modify\nadd: servicePrincipalName\nservicePrincipalName: HTTP/app.%s\n-\n' \
    "$LAB_BASE_DN" "$child" | parent_modify
if [[ $? == 0 ]]; then pass "scope: parent's delegation of $child and SPN added"; else
  fail "scope: parent's delegation of $child and SPN added" "$(tail -3 "$T/parent.out" | tr '\n' ' ')"
fi

kr collect --server "$LAB_DC" --out "$T/parent.ldif" --quiet
expect "scope: collect the parent" 0
"$here/lab.sh" exec "$cdir" -- sh -c '"$0" collect --server "$LAB_DC" --out "$1" --quiet' "$KERBREADY" "$T/child.ldif" \
  > "$T/out" 2> "$T/err"
RC=$?
expect "scope: collect the child" 0

kr scan --snapshot "$T/parent.ldif" --json "$T/parent.json" --fail-on none --quiet
expect "scope: scan the parent alone" 0
kr scan --snapshot "$T/child.ldif" --json "$T/child.json" --fail-on none --quiet
expect "scope: scan the child alone" 0
kr scan --snapshot "$T/parent.ldif" --snapshot "$T/child.ldif" --json "$T/both.json" --fail-on none --quiet
expect "scope: scan both snapshots together" 0

# above_info NAME...: check/subject of the findings above info, of the checks that judge host
# names, that mention one of the names.
checks='("SPN-DANGLING-HOST", "SPN-MISSING-HOST", "DNS-VIP-NO-SPN", "DNS-CNAME-NO-SPN", "DFS-TARGET-ALIAS", "DFS-ROOT-SERVER-MISSING")'
above_info() {
  local names
  names=$(printf '"%s",' "$@")
  printf 'sorted((f["check_id"], f["subject"]) for f in d["findings"] if f["check_id"] in %s and f["severity"] != "info" and any(n in json.dumps(f).lower() for n in [%s]))' "$checks" "$names"
}
# outside CHECK: the names CHECK lists as outside what was read.
outside() { printf 'sorted(e["name"] for f in d["findings"] if f["check_id"]=="%s" and "outside what was read" in f["subject"] for e in f["evidence"])' "$1"; }
# dangling SPN: severity of SPN-DANGLING-HOST's finding about SPN ("absent" when none).
dangling() { printf 'next((f["severity"] for f in d["findings"] if f["check_id"]=="SPN-DANGLING-HOST" and f["subject"]=="%s"), "absent")' "$1"; }

P=$T/parent.json
expect_json "scope: the parent alone says nothing above info about the child's names" "$P" \
  "$(above_info ".$child")" "[]"
expect_json "scope: the parent alone lists the child's names as outside what was read" "$P" \
  "($(outside SPN-DANGLING-HOST), $(outside DNS-VIP-NO-SPN))" "(['app.$child'], ['$cdc'])"
expect_json "scope: the parent alone still finds its own dangling SPN" "$P" "$(dangling "HTTP/gone01.$d")" "high"

C=$T/child.json
expect_json "scope: the child alone says nothing above info about the parent's names" "$C" \
  "$(above_info "nothere.$d" "_msdcs.$d")" "[]"
expect_json "scope: the child alone lists the parent's names as outside what was read" "$C" \
  "$(outside SPN-DANGLING-HOST)" "['$guid_name', 'nothere.$d']"
expect_json "scope: the child alone still finds its own dangling SPN" "$C" "$(dangling "HTTP/gone.$child")" "high"

B=$T/both.json
expect_json "scope: together, the planted dangling names of both domains are found" "$B" \
  "[$(dangling "HTTP/gone01.$d"), $(dangling "HTTP/app.$child"), $(dangling "HTTP/gone.$child"), $(dangling "HTTP/nothere.$d")]" \
  "['high', 'high', 'high', 'high']"
expect_json "scope: together, nothing is outside what was read, the glue record is no VIP, the GUID SPNs not dangling" "$B" \
  "($(outside SPN-DANGLING-HOST), $(outside DNS-VIP-NO-SPN), $(above_info "$cdc" "$guid_name"))" "([], [], [])"
