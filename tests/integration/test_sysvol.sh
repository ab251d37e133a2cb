#!/usr/bin/env bash
# SYSVOL read over SMB by a live scan (no --sysvol): one weak GPO per GPO check, linked to an OU,
# plus an unlinked one, seeded here through samba-tool gpo and files written into the GPO folders;
# then GSSAPI (ticket cache), keytab and simple bind over LDAPS all evaluate every GPO check and
# find each seeded case; collect-then-scan equals the live scan; a GPT.INI version that differs
# from versionNumber is the "replication is behind" diagnostic; SMB stopped while LDAP stays up
# is exit 3 with one line and the previous report unchanged. The GPOs are removed at the end.
. "$(dirname "$0")/lib.sh"
LAB_SH=$(dirname "$0")/lab.sh
d=$LAB_DOMAIN
ou="OU=KrServers,$LAB_BASE_DN"
admin=(-H "ldap://$LAB_DC" -U "Administrator%$LAB_ADMIN_PASS")

# --- seed ------------------------------------------------------------------------------------------
gpo_create() { samba-tool gpo create "$1" "${admin[@]}" 2>&1 | grep -o '{[0-9A-Fa-f-]*}' | head -1; }
printf 'dn: %s\nchangetype: add\nobjectClass: organizationalUnit\n' "$ou" \
  | ldapmodify -Q -Y GSSAPI -H "ldap://$LAB_DC" > "$T/seed.log" 2>&1
weak=$(gpo_create kr-weak-ntlm)
unlinked=$(gpo_create kr-unlinked-ntlm)
if [[ -z $weak || -z $unlinked ]]; then fail "seed: samba-tool gpo create" "$(tail -3 "$T/seed.log")"; exit 0; fi
samba-tool gpo setlink "$ou" "$weak" "${admin[@]}" >> "$T/seed.log" 2>&1 || fail "seed: gpo setlink" "$(tail -2 "$T/seed.log")"
cleanup() {
  samba-tool gpo dellink "$ou" "$weak" "${admin[@]}" > /dev/null 2>&1
  samba-tool gpo del "$weak" "${admin[@]}" > /dev/null 2>&1
  samba-tool gpo del "$unlinked" "${admin[@]}" > /dev/null 2>&1
  ldapdelete -Q -Y GSSAPI -H "ldap://$LAB_DC" "$ou" > /dev/null 2>&1
}
trap cleanup EXIT
folder() { find "$LAB_SYSVOL" -maxdepth 1 -iname "$1" | head -1; }
lsa='MACHINE\System\CurrentControlSet\Control\Lsa'
krb='MACHINE\Software\Microsoft\Windows\CurrentVersion\Policies\System\Kerberos\Parameters'
# Security template (UTF-16LE, BOM, CRLF), as lab.sh writes it.
gpttmpl() {
  local dir="$1/MACHINE/Microsoft/Windows NT/SecEdit"
  mkdir -p "$dir"
  { printf '\xff\xfe'
    printf '[Unicode]\nUnicode=yes\n[Registry Values]\n%s\n[Version]\nsignature="$CHICAGO$"\nRevision=1\n' "$2" \
      | sed 's/$/\r/' | iconv -f UTF-8 -t UTF-16LE; } > "$dir/GptTmpl.inf"
}
W=$(folder "$weak")
gpttmpl "$W" "$lsa\\LmCompatibilityLevel=4,1
$lsa\\NoLMHash=4,0
$lsa\\MSV1_0\\NTLMMinServerSec=4,0
$lsa\\MSV1_0\\RestrictSendingNTLMTraffic=4,2
$lsa\\MSV1_0\\ClientAllowedNTLMServers=7,*.$d
$krb\\SupportedEncryptionTypes=4,4
$lsa\\MSV1_0\\BlockNtlmv1SSO=4,1"
# Administrative Templates (MS-GPREG Registry.pol): EnableAuthEpResolution = 1, the print spooler
# over named pipes, the SMB client blocking NTLM except to two servers (REG_MULTI_SZ), the
# enhanced NTLM logging turned off, and the Kerberos client's "Use forest search order" listing
# gone.example, which no trust of the lab reaches.
/usr/bin/python3 - "$W/MACHINE/Registry.pol" "$d" <<'PY'
import struct, sys
def u(s): return (s + "\0").encode("utf-16-le")
def entry(key, value, kind, data):
    sep = ";".encode("utf-16-le")
    return "[".encode("utf-16-le") + u(key) + sep + u(value) + sep + struct.pack("<I", kind) + sep \
        + struct.pack("<I", len(data)) + sep + data + "]".encode("utf-16-le")
def dword(key, value, n): return entry(key, value, 4, struct.pack("<I", n))
lanman = r"Software\Policies\Microsoft\Windows\LanmanWorkstation"
kerberos = r"Software\Microsoft\Windows\CurrentVersion\Policies\System\Kerberos\Parameters"
body = dword(r"Software\Policies\Microsoft\Windows NT\Rpc", "EnableAuthEpResolution", 1) \
    + dword(r"Software\Policies\Microsoft\Windows NT\Printers\RPC", "RpcUseNamedPipeProtocol", 1) \
    + dword(lanman, "BlockNTLM", 1) \
    + entry(lanman, "BlockNTLMServerExceptionList", 7, u("nas-old." + sys.argv[2]) + u("127.0.0.61") + b"\0\0") \
    + dword(r"Software\Microsoft\Windows\CurrentVersion\Policies\System\NTLM\Parameters", "LogEnhancedAuditEvents", 0) \
    + dword(kerberos, "UseForestSearch", 1) \
    + entry(kerberos, "ForestSearchList", 1, u("forest.example;gone.example"))
open(sys.argv[1], "wb").write(b"PReg" + struct.pack("<I", 1) + body)
PY
# Group Policy Preferences registry items: the loopback-check workaround.
mkdir -p "$W/MACHINE/Preferences/Registry"
cat > "$W/MACHINE/Preferences/Registry/Registry.xml" <<XML
<?xml version="1.0" encoding="utf-8"?>
<RegistrySettings clsid="{A3CCFC41-DFDB-43a5-8D26-0FE8B954DA51}">
  <Registry clsid="{9CD4B2F4-923D-47f5-A062-E897DD1DAD50}" name="DisableLoopbackCheck" image="12" uid="{1}">
    <Properties action="U" displayDecimal="1" default="0" hive="HKEY_LOCAL_MACHINE" key="SYSTEM\CurrentControlSet\Control\Lsa" name="DisableLoopbackCheck" type="REG_DWORD" value="00000001"/>
  </Registry>
  <Registry clsid="{9CD4B2F4-923D-47f5-A062-E897DD1DAD50}" name="BackConnectionHostNames" image="7" uid="{2}">
    <Properties action="U" default="0" hive="HKEY_LOCAL_MACHINE" key="SYSTEM\CurrentControlSet\Control\Lsa\MSV1_0" name="BackConnectionHostNames" type="REG_MULTI_SZ" value="fileshare.$d web-alias.$d">
      <Values><Value>fileshare.$d</Value><Value>web-alias.$d</Value></Values>
    </Properties>
  </Registry>
</RegistrySettings>
XML
gpttmpl "$(folder "$unlinked")" "$lsa\\LmCompatibilityLevel=4,0"
chmod -R a+rX "$W" "$(folder "$unlinked")"

all_gpo_checks="sorted(c['id'] for c in d['checks'] if c['id'].startswith('GPO-'))"
# check_seeded NAME FILE: every GPO check evaluated, and each seeded case found.
check_seeded() {
  local name=$1 j=$2
  expect_json "$name: complete, sysvol read over SMB" "$j" \
    '(d["scan"]["complete"], "sysvol" in d["scan"]["data_read"], "SMB" in d["scan"]["collection"].get("sysvol", ""), d["diagnostics"])' \
    "(True, True, True, [])"
  expect_json "$name: every GPO check evaluated" "$j" \
    "[c['id'] for c in d['checks'] if c['id'].startswith('GPO-') and c['status'] == 'not_evaluated']" "[]"
  # Each GPO check has a finding from the seeded GPOs (the OU scope, or the unlinked GPO), except
  # GPO-NTLM-AUDIT-OFF, which the lab's domain root already triggers (nothing enables auditing).
  expect_json "$name: each GPO check finds its seeded case" "$j" \
    "[c for c in $all_gpo_checks if c != 'GPO-NTLM-AUDIT-OFF' and not any(f['check_id'] == c and ('KrServers' in f['subject'] or 'kr-unlinked' in f['subject'] or any('KrServers' in a['dn'] for a in f['affected'])) for f in d['findings'])]" \
    "[]"
  expect_json "$name: GPO-NTLM-AUDIT-OFF found" "$j" "any(f['check_id'] == 'GPO-NTLM-AUDIT-OFF' for f in d['findings'])" True
  expect_json "$name: the SMB client's NTLM exceptions are listed one by one" "$j" \
    "sorted(e['value'] for f in d['findings'] if f['check_id'] == 'GPO-SMB-NTLM-EXCEPTIONS' and 'KrServers' in f['subject'] for e in f['evidence'] if e['name'] == 'NTLM exception (SMB client)')" \
    "['127.0.0.61', 'nas-old.$d']"
  expect_json "$name: the verdict says the enhanced NTLM events cannot exist there" "$j" \
    "'4020-4033 (KB5064479) cannot exist' in d['verdicts'][0]['reason']" True
  expect_json "$name: the GPP items are read (Registry.xml evidence)" "$j" \
    "sorted(f['subject'].split(' ')[0] for f in d['findings'] if f['check_id'] == 'GPO-NTLM-ALIAS-WORKAROUND' and any('Registry.xml' in e['name'] for e in f['evidence']))" \
    "['BackConnectionHostNames', 'DisableLoopbackCheck']"
}

# --- GSSAPI from the ticket cache: no --sysvol ----------------------------------------------------
kr scan --server "$LAB_DC" --auth gssapi --json "$T/live.json" --output "text=$T/live.txt" --quiet
expect "live GSSAPI scan reads SYSVOL: findings (exit 1)" 1
check_seeded "gssapi" "$T/live.json"
n=$(jq_py "$T/live.json" "len(d['checks'])")
if grep -q "COMPLETE ($n of $n checks evaluated" "$T/live.txt"; then pass "text: $n of $n checks evaluated"
else fail "text: $n of $n checks evaluated" "$(grep -a 'Scan:' "$T/live.txt")"; fi

# The plain form, by the DC's short name: every check evaluated.
kr scan --server dc1 --auth gssapi --output "text=$T/short.txt" --quiet
expect "scan --server dc1 --auth gssapi (exit 1)" 1
if grep -q "COMPLETE ($n of $n checks evaluated" "$T/short.txt"; then pass "--server dc1: $n of $n checks evaluated"
else fail "--server dc1: $n of $n checks evaluated" "$(grep -a 'Scan:' "$T/short.txt")"; fi

# --- keytab, no ticket cache -------------------------------------------------------------------------
samba-tool domain exportkeytab "$T/admin.keytab" --principal="Administrator@$LAB_REALM" > /dev/null 2>&1
KRB5CCNAME="FILE:$T/no-such-cache" kr scan --server "$LAB_DC" --keytab "$T/admin.keytab" \
  --principal "Administrator@$LAB_REALM" --json "$T/keytab.json" --quiet
expect "keytab scan reads SYSVOL (exit 1)" 1
check_seeded "keytab" "$T/keytab.json"

# --- simple bind over LDAPS: the same user's password, Kerberos over SMB ----------------------------
KRB5CCNAME="FILE:$T/no-such-cache" kr scan --server "ldaps://$LAB_DC" --auth simple \
  --user "Administrator@$LAB_DOMAIN" --password-file "$(admin_password_file)" --ca-file "$LAB_CA" \
  --json "$T/simple.json" --quiet
expect "simple bind over LDAPS reads SYSVOL (exit 1)" 1
check_seeded "simple" "$T/simple.json"

# --- collect, then scan the snapshot: the same findings ---------------------------------------------
kr collect --server "$LAB_DC" --out "$T/lab.ldif" --quiet
expect "collect saves SYSVOL beside the LDIF" 0
if [[ -f $T/lab.ldif.sysvol/SHA256SUMS ]] && (cd "$T/lab.ldif.sysvol" && sha256sum -c --quiet SHA256SUMS); then
  pass "lab.ldif.sysvol/SHA256SUMS lists the saved files (sha256sum -c)"
else fail "lab.ldif.sysvol/SHA256SUMS lists the saved files" "$(ls "$T/lab.ldif.sysvol" 2>&1 | head -3)"; fi
kr scan --snapshot "$T/lab.ldif" --json "$T/snap.json" --quiet
expect "scan --snapshot uses the saved SYSVOL (exit 1)" 1
if [[ "$(finding_ids "$T/snap.json")" == "$(finding_ids "$T/live.json")" ]]; then
  pass "collect-then-scan: the same finding ids as the live scan"
else fail "collect-then-scan: the same finding ids as the live scan" \
  "$(diff <(finding_ids "$T/live.json") <(finding_ids "$T/snap.json") | head -5 | tr '\n' ' ')"; fi
expect_json "collect-then-scan: same evidence and summaries" "$T/snap.json" \
  "sorted((f['id'], f['summary'], str(f['evidence'])) for f in d['findings']) == sorted((f['id'], f['summary'], str(f['evidence'])) for f in __import__('json').load(open('$T/live.json'))['findings'])" True
printf 'x' >> "$T/lab.ldif.sysvol/$weak/GPT.INI"
kr scan --snapshot "$T/lab.ldif" --json "$T/snap.json" --quiet
expect "a saved SYSVOL file changed: exit 3, named" 3 "GPT.INI does not match its SHA-256"

# --- GPT.INI behind versionNumber: the diagnostic -----------------------------------------------------
cp "$W/GPT.INI" "$T/GPT.INI.saved"
printf '[General]\r\nVersion=65537\r\n' > "$W/GPT.INI"
kr scan --server "$LAB_DC" --json "$T/behind.json" --quiet
expect "GPT.INI version mismatch: scan incomplete (exit 3)" 3 "replication is behind"
expect_json "GPT.INI version mismatch: the diagnostic names the GPO" "$T/behind.json" \
  "[x['message'].split(':')[0] for x in d['diagnostics'] if 'SYSVOL replication is behind' in x['message']]" \
  "['GPO $weak (CN=$weak,CN=Policies,CN=System,$LAB_BASE_DN)']"
cp "$T/GPT.INI.saved" "$W/GPT.INI"

# --- --no-sysvol ----------------------------------------------------------------------------------------
kr scan --server "$LAB_DC" --no-sysvol --json "$T/nosysvol.json" --quiet
expect_json "--no-sysvol: GPO checks not evaluated, no SMB" "$T/nosysvol.json" \
  "(sorted(c['id'] for c in d['checks'] if c['status'] == 'not_evaluated') == $all_gpo_checks, 'sysvol' in d['scan']['collection'])" \
  "(True, False)"

# --- SMB stopped, LDAP up: exit 3, one line, the previous report untouched ---------------------------
before=$(sha256sum < "$T/live.json")
cp "$LAB_DIR/etc/smb.conf" "$T/smb.conf.saved"
sed -i '/^\[global\]/a\	server services = -s3fs' "$LAB_DIR/etc/smb.conf"
"$LAB_SH" down "$LAB_DIR" && "$LAB_SH" up "$LAB_DIR" > /dev/null 2>&1
kr scan --server "$LAB_DC" --json "$T/live.json" --quiet
expect "SMB stopped, LDAP up: exit 3" 3 "SYSVOL on $LAB_DC could not be read over SMB: Connection refused.*--no-sysvol"
one_line "SMB stopped: one error line"
if [[ "$(sha256sum < "$T/live.json")" == "$before" ]]; then pass "SMB stopped: previous report unchanged"
else fail "SMB stopped: previous report unchanged" "it changed"; fi
cp "$T/smb.conf.saved" "$LAB_DIR/etc/smb.conf"
"$LAB_SH" down "$LAB_DIR" && "$LAB_SH" up "$LAB_DIR" > /dev/null 2>&1
