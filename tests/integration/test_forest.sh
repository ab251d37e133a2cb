#!/usr/bin/env bash
# --forest with more than one domain in the crossRefs: the other domains are read side by side with
# the first. A crossRef for a child domain that no DC serves (its SRV lookup fails) must make the
# scan incomplete, say which domain was not read, and still read the lab's own domain in full.
# Samba insists that a crossRef's nCName exists, so the child's names an existing OU: kerbready
# never gets that far, since no DC of the child domain can be located.
. "$(dirname "$0")/lib.sh"

child=childx.$LAB_DOMAIN
child_dn=OU=Bulk,$LAB_BASE_DN
cat > "$T/crossref.ldif" <<LDIF
dn: CN=CHILDX,CN=Partitions,CN=Configuration,$LAB_BASE_DN
changetype: add
objectClass: crossRef
nCName: $child_dn
dnsRoot: $child
nETBIOSName: CHILDX
systemFlags: 3
LDIF
if ! ldapmodify -Q -Y GSSAPI -H "ldap://$LAB_DC" -f "$T/crossref.ldif" > "$T/crossref.out" 2>&1; then
  fail "--forest: add a crossRef for a child domain" "$(tr '\n' ' ' < "$T/crossref.out" | head -c 300)"
  exit 0
fi
# Samba sets systemFlags to 0 on add and lets only the system change it: change it through the
# local sam.ldb (a system session, as samba-tool does; tdb locking makes that safe while the DC
# runs). FLAG_CR_NTDS_NC | FLAG_CR_NTDS_DOMAIN (3) marks a domain.
printf 'dn: CN=CHILDX,CN=Partitions,CN=Configuration,%s\nchangetype: modify\nreplace: systemFlags\nsystemFlags: 3\n-\n' \
  "$LAB_BASE_DN" > "$T/crossref-flags.ldif"
if ! ldbmodify -H "$LAB_DIR/private/sam.ldb" "$T/crossref-flags.ldif" > "$T/crossref.out" 2>&1; then
  fail "--forest: mark the crossRef as a domain" "$(tr '\n' ' ' < "$T/crossref.out" | head -c 300)"
fi
pass "--forest: crossRef for $child added"

# --no-sysvol: with this crossRef (a domain whose nCName is an OU) Samba's KDC answers new service
# ticket requests with "Invalid argument", so the cifs/ ticket for SYSVOL cannot be had; the LDAP
# ticket is already in the cache.
kr scan --server "$LAB_DC" --forest --no-sysvol --json "$T/forest2.json" --quiet
expect "--forest with an unreachable child domain: incomplete (exit 3)" 3
expect_json "--forest: the report says it is incomplete" "$T/forest2.json" 'd["scan"]["complete"]' False
expect_json "--forest: the missing domain is named in a diagnostic" "$T/forest2.json" \
  'any("domain '"$child"' not read" in x["message"] for x in d["diagnostics"])' True
expect_json "--forest: two domains in the crossRefs, read side by side" "$T/forest2.json" \
  'd["scan"]["collection"]["forest"].startswith("2 domains read through") and d["scan"]["collection"]["forest"].endswith("2 at a time")' True
expect_json "--forest: the lab domain itself was read in full" "$T/forest2.json" \
  'd["scan"]["objects_per_partition"].get("'"$LAB_BASE_DN"'", 0) > 1600' True
expect_json "--forest: an incomplete scan is never ready" "$T/forest2.json" \
  'all(v["readiness"] != "ready" for v in d["verdicts"])' True

# Leave the lab as it was for the tests that follow.
printf 'dn: CN=CHILDX,CN=Partitions,CN=Configuration,%s\nchangetype: delete\n' "$LAB_BASE_DN" > "$T/crossref-del.ldif"
if ldapmodify -Q -Y GSSAPI -H "ldap://$LAB_DC" -f "$T/crossref-del.ldif" > "$T/crossref.out" 2>&1; then
  pass "--forest: crossRef removed again"
else fail "--forest: crossRef removed again" "$(tr '\n' ' ' < "$T/crossref.out" | head -c 300)"; fi
