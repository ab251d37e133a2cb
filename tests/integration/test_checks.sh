#!/usr/bin/env bash
# One seeded case per check family, end to end through a live GSSAPI scan with the lab's real SYSVOL:
# trusts (external, MIT realm, forest trust treated as external), DNS aliases (CNAME, VIP A record),
# SQL Server SPNs (left on a disabled account, on a listener object), single-label names,
# a v2 DFS link target written as an IP, Protected Users both ways, Kerberos encryption (RC4-only,
# DES), the NTLM policy of a GptTmpl.inf, and the readiness verdict. Each assertion names the object
# the finding is about; clean control objects must produce none. Seeds: lab.sh seed.
. "$(dirname "$0")/lib.sh"
d=$LAB_DOMAIN

kr scan --server "$LAB_DC" --sysvol "$LAB_SYSVOL" --format json --json "$T/checks.json" --output "text=$T/checks.txt"
expect "scan --sysvol of the lab: high findings (exit 1)" 1
cp "$T/out" "$T/stdout.json"
if /usr/bin/python3 -c 'import json, sys; a, b = (json.load(open(p)) for p in sys.argv[1:]); sys.exit(a != b)' \
  "$T/stdout.json" "$T/checks.json" 2> /dev/null; then
  pass "--format json on stdout equals the --json file"
else fail "--format json on stdout equals the --json file" "they differ"; fi
expect_json "--sysvol: scan complete, sysvol read" "$T/checks.json" \
  '(d["scan"]["complete"], "sysvol" in d["scan"]["data_read"], d["diagnostics"])' "(True, True, [])"

# subjects CHECK: sorted subjects of CHECK's findings; affected CHECK: sorted sAMAccountNames they affect.
subjects() { printf 'sorted(f["subject"] for f in d["findings"] if f["check_id"]=="%s")' "$1"; }
affected() { printf 'sorted(set(a["sam_account_name"] for f in d["findings"] if f["check_id"]=="%s" for a in f["affected"]))' "$1"; }
# finding_of CHECK SUBJECT FIELD: FIELD of the finding of CHECK about SUBJECT ("absent" when none).
finding_of() { printf 'next((f["%s"] for f in d["findings"] if f["check_id"]=="%s" and f["subject"]=="%s"), "absent")' "$3" "$1" "$2"; }
J=$T/checks.json

# Trusts (offline-seeded trustedDomain objects).
expect_json "TRUST-EXTERNAL: the external trust partner.example, high" "$J" \
  "($(subjects TRUST-EXTERNAL), $(finding_of TRUST-EXTERNAL partner.example severity))" "(['partner.example'], 'high')"
expect_json "TRUST-NO-AES: partner.example (unset) and the MIT realm, not the AES forest trust" "$J" \
  "$(subjects TRUST-NO-AES)" "['MITREALM.EXAMPLE', 'partner.example']"
expect_json "TRUST-MIT: the realm trust MITREALM.EXAMPLE" "$J" "$(subjects TRUST-MIT)" "['MITREALM.EXAMPLE']"
expect_json "TRUST-TREAT-AS-EXTERNAL: the forest trust forest.example" "$J" \
  "$(subjects TRUST-TREAT-AS-EXTERNAL)" "['forest.example']"
expect_json "trust findings name the trust object" "$J" "$(affected TRUST-EXTERNAL)" "['PARTNER']"
expect_json "TRUST-SUFFIX-ROUTING: forest.example routes forest-apps.example through a disabled name, low" "$J" \
  "($(subjects TRUST-SUFFIX-ROUTING), $(finding_of TRUST-SUFFIX-ROUTING forest.example severity), [e['value'] for f in d['findings'] if f['check_id']=='TRUST-SUFFIX-ROUTING' for e in f['evidence'] if e['name'].startswith('msDS-TrustForestTrustInfo')])" \
  "(['forest.example'], 'low', ['top-level name forest-apps.example is disabled (LSA_TLN_DISABLED_NEW)'])"

# DNS aliases: fileshare CNAME -> web01 (WEB01\$ holds no SPN for fileshare); ghost01 A record.
expect_json "DNS-CNAME-NO-SPN: fileshare.$d, served by WEB01\$" "$J" \
  "('fileshare.$d' in $(subjects DNS-CNAME-NO-SPN), next(sorted(a['sam_account_name'] for a in f['affected']) for f in d['findings'] if f['check_id']=='DNS-CNAME-NO-SPN' and f['subject']=='fileshare.$d'))" \
  "(True, ['WEB01\$'])"
# Nothing refers to ghost01 (no SPN, CNAME, DFS target): it is one name in the zone's group at info.
expect_json "DNS-VIP-NO-SPN: the A record ghost01.$d (no computer, no SPN) in the zone's group" "$J" \
  '[(f["severity"], [e["value"] for e in f["evidence"] if e["name"] == "unreferenced name"]) for f in d["findings"] if f["check_id"]=="DNS-VIP-NO-SPN"]' \
  "[('info', ['ghost01.$d'])]"

# DFS: the link /legacy-apps of \\lab.example\public lists \\127.0.0.60\share; the root target on
# the DC (which holds HOST/dc1) is the control.
expect_json "DFS-TARGET-ALIAS: the v2 link target written as an IP address" "$J" \
  "[f['summary'].count('an IP address') for f in d['findings'] if f['check_id']=='DFS-TARGET-ALIAS' and f['subject'].endswith(' -> ' + chr(92) * 2 + '127.0.0.60' + chr(92) + 'share')]" \
  "[1]"
expect_json "DFS-TARGET-ALIAS: the IP target's finding points at the msDFS-Linkv2 object" "$J" \
  "[a['dn'] for f in d['findings'] if f['check_id']=='DFS-TARGET-ALIAS' and '127.0.0.60' in f['subject'] for a in f['affected']]" \
  "['CN=legacy-apps,CN=public,CN=public,CN=Dfs-Configuration,CN=System,$LAB_BASE_DN']"
expect_json "DFS-TARGET-ALIAS: no finding for the root target on the DC" "$J" \
  "[f['subject'] for f in d['findings'] if f['check_id'].startswith('DFS-') and 'dc1' in f['subject'].lower()]" "[]"

# Delegation (lab.sh seed and seed_rbcd): FRONT01 uses protocol transition and may delegate to
# HOST/web01 (held), cifs/app01 (APP01 answers through the HOST alias, nobody else holds it) and
# cifs/gone02 (nobody). RES01's descriptor allows FRONT01, a RID of the domain that nobody holds, and
# a SID of the trusted partner.example, which cannot be resolved here.
expect_json "DELEG-KCD-TARGET: only the entry nobody holds" "$J" \
  "($(subjects DELEG-KCD-TARGET), $(finding_of DELEG-KCD-TARGET "FRONT01\$ -> cifs/gone02.$d" severity))" \
  "(['FRONT01\$ -> cifs/gone02.$d'], 'medium')"
expect_json "DELEG-PROTOCOL-TRANSITION: FRONT01\$ with its three delegation entries" "$J" \
  "($(subjects DELEG-PROTOCOL-TRANSITION), len($(finding_of DELEG-PROTOCOL-TRANSITION 'FRONT01$' evidence)))" \
  "(['FRONT01\$'], 4)"
expect_json "DELEG-RBCD-UNRESOLVED: the RID nobody holds (medium), partner.example's SID not judged (info)" "$J" \
  "sorted((f['severity'], f['subject'].startswith('RES01\$ <- S-1-5-21-') and f['subject'].endswith('-4711'), [e['name'] for e in f['evidence'] if f['severity'] == 'info']) for f in d['findings'] if f['check_id']=='DELEG-RBCD-UNRESOLVED')" \
  "[('info', False, ['S-1-5-21-1111111111-2222222222-3333333333-1105']), ('medium', True, [])]"
expect_json "delegation attributes decoded without diagnostics" "$J" 'd["diagnostics"]' "[]"
# The authentication policy Tier0 (Configuration partition) assigned to alice refuses her NTLM
# network logons; the lab's functional level (4) is below 2012 R2, so it is info.
expect_json "AUTHN-POLICY-NTLM-DENIED: alice through the policy Tier0, collected live" "$J" \
  "($(subjects AUTHN-POLICY-NTLM-DENIED), $(finding_of AUTHN-POLICY-NTLM-DENIED alice severity), 'functional level is 4' in $(finding_of AUTHN-POLICY-NTLM-DENIED alice summary))" \
  "(['alice'], 'info', True)"
# SQL Server SPNs: svc_sql_old (disabled) still holds MSSQLSvc/sql01 (the named-pipe form) while
# svc_sql holds MSSQLSvc/sql01:1433; the listener object AGL01$ (no operatingSystem, unlike SQL01$)
# holds its own MSSQLSvc SPN.
expect_json "SPN-MSSQL-SPLIT: the disabled svc_sql_old's SPN for sql01.$d" "$J" \
  "($(subjects SPN-MSSQL-SPLIT), $(finding_of SPN-MSSQL-SPLIT "sql01.$d (svc_sql_old)" severity))" \
  "(['sql01.$d (svc_sql_old)'], 'medium')"
expect_json "SPN-MSSQL-LISTENER: AGL01\$ holds MSSQLSvc/agl01, SQL01\$ (with an OS) is not reported" "$J" \
  "$(subjects SPN-MSSQL-LISTENER)" "['AGL01\$']"
# Single-label names: svc_report's MSSQLSvc/WEB01:1433 (no full-name form) and the CNAME sqlalias ->
# sql01; the DC's own short-name SPNs (HOST/DC1) and the uncovered short DFS target filesrv-alias
# (DFS-TARGET-ALIAS's) are not reported.
expect_json "NAME-SINGLE-LABEL: the short SPN host and the CNAME to a single label, low" "$J" \
  "($(subjects NAME-SINGLE-LABEL), sorted(set(f['severity'] for f in d['findings'] if f['check_id']=='NAME-SINGLE-LABEL')))" \
  "(['MSSQLSvc/WEB01:1433', 'sqlalias.$d'], ['low'])"
expect_json "DNS-CNAME-NO-SPN leaves sqlalias.$d to NAME-SINGLE-LABEL" "$J" \
  "'sqlalias.$d' in $(subjects DNS-CNAME-NO-SPN)" False

# Protected Users, both ways.
expect_json "PU-PRIVILEGED-OUTSIDE: alice (Domain Admins) outside Protected Users" "$J" \
  "'alice' in $(subjects PU-PRIVILEGED-OUTSIDE)" True
expect_json "PU-PRIVILEGED-OUTSIDE: members of Protected Users are not reported" "$J" \
  "[s for s in $(subjects PU-PRIVILEGED-OUTSIDE) if s in ('svc_prot', 'PROT01\$')]" "[]"
expect_json "PU-SERVICE-INSIDE: the SPN account svc_prot and the computer PROT01\$, high" "$J" \
  "($(subjects PU-SERVICE-INSIDE), $(finding_of PU-SERVICE-INSIDE 'PROT01$' severity))" "(['PROT01\$', 'svc_prot'], 'high')"

# NPS (RADIUS): NPS01$ is a member of "RAS and IAS Servers" (RID 553, matched by SID).
expect_json "NPS-MSCHAPV2: nps01.$d, a member of RAS and IAS Servers, medium" "$J" \
  "($(subjects NPS-MSCHAPV2), $(finding_of NPS-MSCHAPV2 "nps01.$d" severity), $(affected NPS-MSCHAPV2))" \
  "(['nps01.$d'], 'medium', ['NPS01\$'])"
expect_json "NPS-MSCHAPV2: the evidence names the group, the fix names EAP-TLS" "$J" \
  "[(any(e['name'].startswith('member of RAS and IAS Servers') for e in f['evidence']), 'EAP-TLS' in f['remediation']) for f in d['findings'] if f['check_id']=='NPS-MSCHAPV2']" \
  "[(True, True)]"

# Kerberos encryption.
expect_json "ENC-RC4-ONLY: LEGACY01\$ (msDS-SupportedEncryptionTypes 4)" "$J" \
  "($(subjects ENC-RC4-ONLY), $(affected ENC-RC4-ONLY))" "(['LEGACY01\$'], ['LEGACY01\$'])"
expect_json "ENC-DES: alice (USE_DES_KEY_ONLY)" "$J" "$(subjects ENC-DES)" "['alice']"
expect_json "ENC-DES evidence shows the UAC bit" "$J" \
  "any('USE_DES_KEY_ONLY' in e['value'] for f in d['findings'] if f['check_id']=='ENC-DES' for e in f['evidence'])" True

# NTLM policy from the lab's SYSVOL: the Default Domain Policy sets LmCompatibilityLevel 2 and
# NTLMMinClientSec 0; the Default Domain Controllers Policy sets 5 and 537395200 (the control).
# The live scan reads gPLink: the Default Domain Policy (domain root) is in force for members, the
# Default Domain Controllers Policy (OU=Domain Controllers) for the DCs, so only the members' scope
# is reported.
ddp='Default Domain Policy {31B2F340-016D-11D2-945F-00C04FB984F9}'
members="domain members of $d (except where OU GPOs override)"
expect_json "GPO-NTLM-LMCOMPAT: the members' scope only (Default Domain Policy, level 2)" "$J" \
  "($(subjects GPO-NTLM-LMCOMPAT), 'LmCompatibilityLevel 2' in $(finding_of GPO-NTLM-LMCOMPAT "LmCompatibilityLevel for $members" summary))" \
  "(['LmCompatibilityLevel for $members'], True)"
expect_json "GPO-NTLM-MIN-SEC: NTLMMinClientSec for the members' scope only" "$J" \
  "$(subjects GPO-NTLM-MIN-SEC)" "['NTLMMinClientSec for $members']"
expect_json "GPO findings name the scope, the file read and the winning GPO and link" "$J" \
  "sorted(set(a['dn'].lower() for f in d['findings'] if f['check_id'] in ('GPO-NTLM-LMCOMPAT','GPO-NTLM-MIN-SEC') for a in f['affected'])) + sorted(set(e['name'].split(' in ')[-1] for f in d['findings'] if f['check_id']=='GPO-NTLM-LMCOMPAT' for e in f['evidence'])) + [any(e['value'].lower().startswith(('GPO $ddp linked at $LAB_BASE_DN').lower()) for f in d['findings'] if f['check_id']=='GPO-NTLM-LMCOMPAT' for e in f['evidence'])]" \
  "['$(printf '%s' "$LAB_BASE_DN" | tr '[:upper:]' '[:lower:]')', 'winning GPO', '{31B2F340-016D-11D2-945F-00C04FB984F9}/MACHINE/Microsoft/Windows NT/SecEdit/GptTmpl.inf', True]"

# Controls: CLEAN01\$ (AES, HOST SPNs) and the AES forest trust produce nothing.
if ldapsearch -Q -Y GSSAPI -H "ldap://$LAB_DC" -b "CN=Computers,$LAB_BASE_DN" '(sAMAccountName=CLEAN01$)' \
  msDS-SupportedEncryptionTypes 2> /dev/null | grep -q '^msDS-SupportedEncryptionTypes: 24$'; then
  pass "control: CLEAN01\$ exists with AES only"
else fail "control: CLEAN01\$ exists with AES only" "not in the directory as seeded"; fi
expect_json "control: CLEAN01\$ (AES, HOST SPNs) has no finding" "$J" \
  "[f['check_id'] for f in d['findings'] if any(a['sam_account_name']=='CLEAN01\$' for a in f['affected']) or 'clean01' in f['subject'].lower()]" "[]"
expect_json "control: the forest trust is reported as TREAT_AS_EXTERNAL and for its disabled suffix only" "$J" \
  "sorted(f['check_id'] for f in d['findings'] if f['subject']=='forest.example')" "['TRUST-SUFFIX-ROUTING', 'TRUST-TREAT-AS-EXTERNAL']"

# The verdict.
blocking='["DFS-TARGET-ALIAS", "ENC-DES", "ENC-RC4-ONLY", "GPO-NTLM-LMCOMPAT", "PU-SERVICE-INSIDE", "TRUST-EXTERNAL"]'
expect_json "verdict for $d: not_ready" "$J" \
  "[(v['domain'], v['readiness']) for v in d['verdicts']]" "[('$d', 'not_ready')]"
expect_json "verdict lists the seeded blocking checks" "$J" \
  "[c for c in $blocking if c not in d['verdicts'][0]['blocking_checks']]" "[]"
expect_json "verdict: blocking checks are exactly the checks with high findings" "$J" \
  "sorted(set(f['check_id'] for f in d['findings'] if f['severity'] in ('high','critical'))) == sorted(d['verdicts'][0]['blocking_checks'])" True
expect_json "verdict: every check evaluated with --sysvol" "$J" "d['verdicts'][0]['not_evaluated']" "[]"
if grep -q "Verdict: *$d - NOT READY to block NTLM" "$T/checks.txt" \
  && grep -q "GPO-NTLM-LMCOMPAT  LmCompatibilityLevel for domain members of $d" "$T/checks.txt" && grep -q "TRUST-EXTERNAL  partner.example" "$T/checks.txt"; then
  pass "text report: NOT READY verdict and the seeded findings"
else fail "text report: NOT READY verdict and the seeded findings" "$(grep -a 'Verdict' "$T/checks.txt" | head -2 | tr '\n' '|')"; fi

# With --no-sysvol the GPO checks are not evaluated (never passed), and the scan exits as before
# (a live scan otherwise reads SYSVOL over SMB: test_sysvol.sh).
kr scan --server "$LAB_DC" --no-sysvol --json "$T/nosysvol.json" --quiet
expect "scan --no-sysvol: exit 1 as before" 1
# GPO checks present today; any GPO-* check added later must be not evaluated as well.
gpo='["GPO-KERBEROS-ETYPES", "GPO-NTLM-AUDIT-OFF", "GPO-NTLM-LMCOMPAT", "GPO-NTLM-MIN-SEC", "GPO-NTLM-RESTRICTIONS"]'
gpo_ids="sorted(c['id'] for c in d['checks'] if c['id'].startswith('GPO-'))"
expect_json "without --sysvol: every GPO check is not_evaluated, with the reason" "$T/nosysvol.json" \
  "([c['id'] for c in d['checks'] if c['id'].startswith('GPO-') and (c['status'] != 'not_evaluated' or '--sysvol' not in c.get('reason', ''))], [g for g in $gpo if g not in $gpo_ids])" \
  "([], [])"
expect_json "without --sysvol: no GPO finding" "$T/nosysvol.json" \
  "[f['id'] for f in d['findings'] if f['check_id'].startswith('GPO-')]" "[]"
expect_json "without --sysvol: the verdict names the GPO checks not evaluated" "$T/nosysvol.json" \
  "(d['verdicts'][0]['readiness'], sorted(d['verdicts'][0]['not_evaluated']) == $gpo_ids)" "('not_ready', True)"
expect_json "without --sysvol: the scan itself is complete" "$T/nosysvol.json" 'd["scan"]["complete"]' True

# dSHeuristics: the 21st character 2 turns SPN uniqueness off (SPN-UNIQUENESS-DISABLED, info); the
# control is the lab's default (no dSHeuristics: no finding in checks.json). Put back afterwards.
expect_json "SPN-UNIQUENESS-DISABLED: none with the default dSHeuristics" "$J" "$(subjects SPN-UNIQUENESS-DISABLED)" "[]"
ds_dn="CN=Directory Service,CN=Windows NT,CN=Services,CN=Configuration,$LAB_BASE_DN"
printf 'dn: %s\nchangetype: modify\nreplace: dSHeuristics\ndSHeuristics: 000000000100000000022\n' "$ds_dn" > "$T/dsh.ldif"
if ldapmodify -Q -Y GSSAPI -H "ldap://$LAB_DC" -f "$T/dsh.ldif" > "$T/dsh.out" 2>&1; then
  kr scan --server "$LAB_DC" --no-sysvol --json "$T/dsh.json" --quiet
  expect_json "SPN-UNIQUENESS-DISABLED: dSHeuristics 000000000100000000022 reported, info" "$T/dsh.json" \
    "[(f['severity'], f['affected'][0]['dn'] == '$ds_dn', 'SPN uniqueness' in f['summary']) for f in d['findings'] if f['check_id']=='SPN-UNIQUENESS-DISABLED']" \
    "[('info', True, True)]"
  printf 'dn: %s\nchangetype: modify\ndelete: dSHeuristics\n' "$ds_dn" > "$T/dsh-undo.ldif"
  if ldapmodify -Q -Y GSSAPI -H "ldap://$LAB_DC" -f "$T/dsh-undo.ldif" > "$T/dsh.out" 2>&1; then
    pass "dSHeuristics removed again"
  else fail "dSHeuristics removed again" "$(tr '\n' ' ' < "$T/dsh.out" | head -c 300)"; fi
else fail "SPN-UNIQUENESS-DISABLED: set dSHeuristics" "$(tr '\n' ' ' < "$T/dsh.out" | head -c 300)"; fi
