#!/usr/bin/env bash
# A throwaway Samba AD DC on a loopback address, for kerbready's integration tests and benchmarks.
#
#   lab.sh up DIR        provision (first time) and start the DC; prints nothing on success
#   lab.sh seed DIR      add the test data (SPNs, duplicates, SQL Server SPNs, DNS, DFS, trusts, Protected Users, big group,
#                        NTLM policy in SYSVOL)
#   lab.sh bulk DIR N    add N plain users offline (ldbadd batch mode; for benchmarks)
#   lab.sh down DIR      stop the DC by PID (and the samba-dcerpcd it may have spawned)
#   lab.sh kill DIR      SIGKILL the DC's whole process group (simulates a crash)
#   lab.sh exec DIR -- CMD...   run CMD in the lab's mount namespace with env.sh sourced
#
# The DC and every client run in a private mount namespace whose /etc/hosts, /etc/resolv.conf and
# /run/samba come from DIR, so names resolve through the lab DC only and nothing leaves 127.0.0.0/8
# (Samba's DNS forwarder is 127.0.0.1, where nothing listens). Needs root, unshare, and Debian's
# samba, samba-ad-dc, winbind, krb5-user, ldap-utils, ldb-tools. The DC binds one address
# 127.0.0.X (X picked free, or LAB_IP); it is stopped by PID only, never by process name.
set -euo pipefail

# The domain and the DC's host name: lab.example and dc1, unless LAB_DOMAIN_NAME and LAB_HOST_NAME
# say otherwise when the lab is first brought up (a second lab, for tests of several domains). A lab
# remembers them in DIR/lab.names.
DOMAIN=lab.example
HOST=dc1
REALM=LAB.EXAMPLE
NETBIOS=LAB
BASE_DN=DC=lab,DC=example
load_names() {
  if [[ -f $DIR/lab.names ]]; then
    read -r DOMAIN HOST < "$DIR/lab.names"
  else
    DOMAIN=${LAB_DOMAIN_NAME:-lab.example}
    HOST=${LAB_HOST_NAME:-dc1}
  fi
  REALM=${DOMAIN^^}
  NETBIOS=${DOMAIN%%.*}
  NETBIOS=${NETBIOS^^}
  BASE_DN=DC=${DOMAIN//./,DC=}
}
readonly ADMIN_PASS='Passw0rd!Lab'
readonly MODEL=${LAB_MODEL:-single}

die() { echo "lab.sh: $*" >&2; exit 1; }
log() { [[ -n ${LAB_VERBOSE:-} ]] && echo "lab.sh: $*" >&2 || true; }

lab_dir() {
  [[ -n ${1:-} ]] || die "missing DIR"
  mkdir -p "$1"
  (cd "$1" && pwd)
}

lab_ip() { cat "$DIR/lab.ip"; }

# A 127.0.0.X with nothing listening on :389 (other labs may run beside this one).
pick_ip() {
  if [[ -n ${LAB_IP:-} ]]; then echo "$LAB_IP"; return; fi
  local used start x
  used=$(ss -Hltn 2>/dev/null | awk '{print $4}')
  start=$(( (RANDOM % 200) + 20 ))
  for ((i = 0; i < 200; i++)); do
    x=$(( (start + i - 20) % 200 + 20 ))
    if ! grep -q "^127\.0\.0\.$x:" <<<"$used"; then echo "127.0.0.$x"; return; fi
  done
  die "no free 127.0.0.X address"
}

write_client_files() {
  local ip; ip=$(lab_ip)
  mkdir -p "$DIR/etc" "$DIR/run" "$DIR/bin" "$DIR/log"
  printf '127.0.0.1 localhost\n%s %s.%s %s\n' "$ip" "$HOST" "$DOMAIN" "$HOST" > "$DIR/etc/hosts"
  printf 'nameserver %s\n' "$ip" > "$DIR/etc/resolv.conf"
  cat > "$DIR/etc/krb5.conf" <<EOF
[libdefaults]
  default_realm = $REALM
  dns_lookup_kdc = false
  dns_lookup_realm = false
  rdns = false
  dns_canonicalize_hostname = false
[realms]
  $REALM = {
    kdc = $ip
    admin_server = $ip
  }
[domain_realm]
  .$DOMAIN = $REALM
  $DOMAIN = $REALM
EOF
  # No TLS_CACERT here: the tests pass the lab CA explicitly (--ca-file, LDAPTLS_CACERT).
  printf 'URI ldap://%s.%s\nBASE %s\nSASL_NOCANON on\n' "$HOST" "$DOMAIN" "$BASE_DN" > "$DIR/etc/ldap.conf"
  cat > "$DIR/env.sh" <<EOF
export LAB_DIR='$DIR'
export LAB_IP='$ip'
export LAB_REALM='$REALM'
export LAB_DOMAIN='$DOMAIN'
export LAB_BASE_DN='$BASE_DN'
export LAB_ADMIN_PASS='$ADMIN_PASS'
export LAB_DC='$HOST.$DOMAIN'
export LAB_CA='$DIR/private/tls/ca.pem'
export LAB_SYSVOL='$DIR/state/sysvol/$DOMAIN/Policies'
export KRB5_CONFIG='$DIR/etc/krb5.conf'
export KRB5CCNAME='FILE:$DIR/krb5cc_admin'
export LDAPCONF='$DIR/etc/ldap.conf'
export SMB_CONF_PATH='$DIR/etc/smb.conf'
export RESOLV_CONF='$DIR/etc/resolv.conf'
EOF
  cat > "$DIR/bin/nsrun" <<EOF
#!/bin/sh
# Run a command in a private mount namespace that sees this lab's hosts, resolv.conf and /run/samba.
mkdir -p /run/samba
exec unshare -m --propagation private sh -c '
  mount --bind "\$0/etc/hosts" /etc/hosts &&
  mount --bind "\$0/etc/resolv.conf" /etc/resolv.conf &&
  mount --bind "\$0/run" /run/samba &&
  shift && exec "\$@"' '$DIR' x "\$@"
EOF
  chmod +x "$DIR/bin/nsrun"
}

provision() {
  local ip; ip=$(lab_ip)
  log "provisioning $REALM on $ip in $DIR"
  mkdir -p "$DIR/etc" "$DIR/ntp_signd" "$DIR/log"
  chmod 750 "$DIR/ntp_signd"
  printf '[global]\n' > "$DIR/etc/provision-base.conf"
  "$DIR/bin/nsrun" samba-tool domain provision -s "$DIR/etc/provision-base.conf" --targetdir="$DIR" \
    --realm=$REALM --domain=$NETBIOS --server-role=dc --dns-backend=SAMBA_INTERNAL \
    --adminpass="$ADMIN_PASS" --host-name="$HOST" --host-ip="$ip" \
    --option="interfaces=$ip/8" --option="bind interfaces only=yes" \
    --option="dns forwarder=127.0.0.1" --option="disable netbios=yes" \
    --option="ntp signd socket directory=$DIR/ntp_signd" --option="log file=$DIR/log/log.%m" \
    > "$DIR/log/provision.out" 2>&1 || { tail -20 "$DIR/log/provision.out" >&2; die "provision failed"; }
  # Not settable through provision --option (silently dropped); lets the tests show that kerbready
  # itself refuses clear-text simple binds.
  sed -i '/^\[global\]/a\	ldap server require strong auth = no' "$DIR/etc/smb.conf"
  "$DIR/bin/nsrun" samba-tool domain passwordsettings set --max-pwd-age=0 -H "$DIR/private/sam.ldb" \
    -s "$DIR/etc/smb.conf" > /dev/null
  "$DIR/bin/nsrun" samba-tool user setexpiry Administrator --noexpiry -H "$DIR/private/sam.ldb" \
    -s "$DIR/etc/smb.conf" > /dev/null
  touch "$DIR/provisioned"
}

running_pid() {
  local pid
  [[ -f $DIR/run/samba.pid ]] || return 1
  pid=$(tr -dc '0-9' < "$DIR/run/samba.pid")
  [[ -n $pid && -d /proc/$pid ]] || return 1
  echo "$pid"
}

wait_ldap() {
  local ip; ip=$(lab_ip)
  for ((i = 0; i < 240; i++)); do
    if LDAPCONF=/dev/null ldapsearch -x -H "ldap://$ip" -s base -b '' dnsHostName > /dev/null 2>&1; then
      return 0
    fi
    if [[ -f $DIR/samba.launcher.pid && ! -d /proc/$(cat "$DIR/samba.launcher.pid") ]]; then
      break
    fi
    sleep 0.25
  done
  tail -20 "$DIR/log/samba.out" >&2 || true
  die "the DC did not answer LDAP on $ip within 60 s"
}

start() {
  if running_pid > /dev/null; then return 0; fi
  rm -f "$DIR/run/samba.pid"
  (
    cd "$DIR"
    exec env SMB_CONF_PATH="$DIR/etc/smb.conf" RESOLV_CONF="$DIR/etc/resolv.conf" \
      KRB5_CONFIG="$DIR/etc/krb5.conf" setsid "$DIR/bin/nsrun" \
      samba -s "$DIR/etc/smb.conf" --foreground --no-process-group --debug-stdout -M "$MODEL" \
      >> "$DIR/log/samba.out" 2>&1 < /dev/null
  ) &
  echo $! > "$DIR/samba.launcher.pid"
  wait_ldap
}

cmd_up() {
  DIR=$(lab_dir "${1:-}")
  if [[ ! -f $DIR/provisioned ]]; then
    (
      # Choose the address and provision under a lock, so parallel labs never pick the same one.
      exec 9> /tmp/kerbready-lab.lock
      flock 9
      pick_ip > "$DIR/lab.ip"
      echo "$DOMAIN $HOST" > "$DIR/lab.names"
      write_client_files
      provision
      start
    )
  else
    write_client_files
    start
  fi
  # The KDC can lag behind LDAP for a moment after a start: wait until a GSSAPI bind works.
  "$DIR/bin/nsrun" sh -c ". '$DIR/env.sh' && echo '$ADMIN_PASS' | kinit Administrator@$REALM > /dev/null" \
    || die "kinit Administrator failed"
  for ((i = 0; i < 120; i++)); do
    if in_ns ldapsearch -Q -Y GSSAPI -H "ldap://$HOST.$DOMAIN" -s base -b '' dnsHostName > /dev/null 2>&1; then
      return 0
    fi
    sleep 0.25
  done
  die "GSSAPI binds to the lab DC still fail after 30 s"
}

# PIDs of processes started for this lab's smb.conf that outlive the root (samba-dcerpcd, rpcd_*).
stragglers() {
  local conf="--configfile=$DIR/etc/smb.conf" pid
  for pid in /proc/[0-9]*; do
    pid=${pid#/proc/}
    if tr '\0' '\n' 2> /dev/null < "/proc/$pid/cmdline" | grep -qxF -- "$conf"; then echo "$pid"; fi
  done
}

cmd_down() {
  DIR=$(lab_dir "${1:-}")
  local pid
  if pid=$(running_pid); then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do [[ -d /proc/$pid ]] || break; sleep 0.1; done
    if [[ -d /proc/$pid ]]; then kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true; fi
  fi
  for pid in $(stragglers); do kill -TERM "$pid" 2>/dev/null || true; done
  rm -f "$DIR/run/samba.pid"
}

cmd_kill() {
  DIR=$(lab_dir "${1:-}")
  local pid
  pid=$(running_pid) || die "the DC is not running"
  kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid"
  for ((i = 0; i < 50; i++)); do [[ -d /proc/$pid ]] || break; sleep 0.1; done
}

in_ns() { "$DIR/bin/nsrun" env SMB_CONF_PATH="$DIR/etc/smb.conf" KRB5_CONFIG="$DIR/etc/krb5.conf" \
  KRB5CCNAME="FILE:$DIR/krb5cc_admin" LDAPCONF="$DIR/etc/ldap.conf" "$@"; }

b64_password() { printf '"%s"' "$1" | iconv -f UTF-8 -t UTF-16LE | base64 -w0; }

# UTF-16LE with a byte-order mark, base64: how msDFS-TargetListv2 stores its XML.
utf16_b64() { { printf '\xff\xfe'; printf '%s' "$1" | iconv -f UTF-8 -t UTF-16LE; } | base64 -w0; }
guid_b64() { head -c 16 /dev/urandom | base64 -w0; }

# GptTmpl.inf as Windows writes it: UTF-16LE with a byte-order mark and CRLF line ends.
write_gpttmpl() {
  local folder=$1 values=$2 dir
  dir="$folder/MACHINE/Microsoft/Windows NT/SecEdit"
  mkdir -p "$dir"
  { printf '\xff\xfe'
    printf '[Unicode]\nUnicode=yes\n[Registry Values]\n%s\n[Version]\nsignature="$CHICAGO$"\nRevision=1\n' "$values" \
      | sed 's/$/\r/' | iconv -f UTF-8 -t UTF-16LE; } > "$dir/GptTmpl.inf"
}

# NTLM policy in the lab's real SYSVOL: the Default Domain Policy allows NTLMv1 (LmCompatibilityLevel
# 2) and asks nothing of NTLM client sessions (NTLMMinClientSec 0); the Default Domain Controllers
# Policy sets the recommended values (the control).
seed_sysvol() {
  local policies lsa='MACHINE\System\CurrentControlSet\Control\Lsa'
  policies=$(sysvol_policies) || die "no Policies folder under $DIR/state/sysvol"
  write_gpttmpl "$policies/{31B2F340-016D-11D2-945F-00C04FB984F9}" \
    "$lsa\LmCompatibilityLevel=4,2"$'\n'"$lsa\MSV1_0\NTLMMinClientSec=4,0"
  write_gpttmpl "$policies/$(cd "$policies" && ls -d '{6AC1786C-016F-11D2-945F-00C04'?'B984F9}')" \
    "$lsa\LmCompatibilityLevel=4,5"$'\n'"$lsa\MSV1_0\NTLMMinClientSec=4,537395200"$'\n'"$lsa\MSV1_0\NTLMMinServerSec=4,537395200"
}

# The Policies folder of the lab's SYSVOL (Samba provisions it under DIR/state/sysvol/<domain>).
sysvol_policies() {
  local p
  p=$(find "$DIR/state/sysvol" -mindepth 2 -maxdepth 2 -type d -iname Policies | head -1)
  [[ -n $p ]] && echo "$p"
}

# Domain-based DFS (MS-DFSNM): a v2 namespace "public" rooted on the DC, a link whose targets are an
# old server's FQDN, a short CNAME alias and an IP address, and a v1 (fTDfs) root on a short name.
seed_dfs() {
  local dfs=CN=Dfs-Configuration,CN=System,$BASE_DN ns_guid
  ns_guid=$(guid_b64)
  local xml='<?xml version="1.0"?><targets><target state="2">\\dc1.'"$DOMAIN"'\public</target></targets>'
  local link_xml='<?xml version="1.0"?><targets><target state="2">\\fs-old.'"$DOMAIN"'\share</target><target state="2">\\filesrv-alias\share</target><target state="2">\\127.0.0.60\share</target></targets>'
  cat > "$DIR/seed-dfs.ldif" <<EOF
dn: CN=public,$dfs
changetype: add
objectClass: msDFS-NamespaceAnchor
msDFS-SchemaMajorVersion: 2

dn: CN=public,CN=public,$dfs
changetype: add
objectClass: msDFS-Namespacev2
msDFS-SchemaMajorVersion: 2
msDFS-SchemaMinorVersion: 0
msDFS-NamespaceIdentityGUIDv2:: $ns_guid
msDFS-GenerationGUIDv2:: $(guid_b64)
msDFS-LastModifiedv2: 20240101000000.0Z
msDFS-Ttlv2: 300
msDFS-Propertiesv2: State=1
msDFS-TargetListv2:: $(utf16_b64 "$xml")

dn: CN=legacy-apps,CN=public,CN=public,$dfs
changetype: add
objectClass: msDFS-Linkv2
msDFS-LinkPathv2: /legacy-apps
msDFS-LinkIdentityGUIDv2:: $(guid_b64)
msDFS-NamespaceIdentityGUIDv2:: $ns_guid
msDFS-GenerationGUIDv2:: $(guid_b64)
msDFS-LastModifiedv2: 20240101000000.0Z
msDFS-Ttlv2: 300
msDFS-Propertiesv2: State=1
msDFS-TargetListv2:: $(utf16_b64 "$link_xml")

dn: CN=oldroot,$dfs
changetype: add
objectClass: fTDfs
remoteServerName: \\\\fs-old\\oldroot
remoteServerName: *
pKTGuid:: $(guid_b64)
pKT:: $(guid_b64)
EOF
  in_ns ldapmodify -Q -Y GSSAPI -H "ldap://dc1.$DOMAIN" -f "$DIR/seed-dfs.ldif" >> "$DIR/log/seed.out" 2>&1 \
    || { tail -5 "$DIR/log/seed.out" >&2; die "DFS seeding failed"; }
}

# Resource-based delegation on RES01: its descriptor allows FRONT01, a RID of this domain that no
# object holds, and a SID of the trusted domain partner.example (seeded offline below). The SIDs are
# only known once the domain and FRONT01 exist, so the binary descriptor is built here, online; Samba
# lets only the system write the attribute, so it is applied offline (cmd_seed).
seed_rbcd() {
  local domain_sid front_sid
  domain_sid=$(in_ns ldapsearch -Q -Y GSSAPI -H "ldap://dc1.$DOMAIN" -o ldif-wrap=no -LLL -b "$BASE_DN" -s base objectSid \
    | sed -n 's/^objectSid:: //p')
  front_sid=$(in_ns ldapsearch -Q -Y GSSAPI -H "ldap://dc1.$DOMAIN" -o ldif-wrap=no -LLL \
    -b "CN=FRONT01,CN=Computers,$BASE_DN" -s base objectSid | sed -n 's/^objectSid:: //p')
  [[ -n $domain_sid && -n $front_sid ]] || die "seed_rbcd: cannot read the SIDs"
  /usr/bin/python3 - "$domain_sid" "$front_sid" "CN=RES01,CN=Computers,$BASE_DN" > "$DIR/seed-rbcd.ldif" <<'PY' \
    || die "seed_rbcd: cannot build the descriptor"
import base64, struct, sys
domain, front = (base64.b64decode(v) for v in sys.argv[1:3])
gone = bytes([1, domain[1] + 1]) + domain[2:] + struct.pack("<I", 4711)
partner = bytes([1, 5]) + (5).to_bytes(6, "big") + struct.pack("<5I", 21, 1111111111, 2222222222, 3333333333, 1105)
aces = b""
for s in (front, gone, partner):
    body = struct.pack("<I", 0xF01FF) + s
    aces += struct.pack("<BBH", 0, 0, 4 + len(body)) + body
owner = bytes([1, 2]) + (5).to_bytes(6, "big") + struct.pack("<2I", 32, 544)
acl = struct.pack("<BBHHH", 4, 0, 8 + len(aces), 3, 0) + aces
sd = struct.pack("<BBHIIII", 1, 0, 0x8004, 20, 0, 0, 20 + len(owner)) + owner + acl
print(f"dn: {sys.argv[3]}\nchangetype: modify\nreplace: msDS-AllowedToActOnBehalfOfOtherIdentity")
print("msDS-AllowedToActOnBehalfOfOtherIdentity:: " + base64.b64encode(sd).decode() + "\n-")
PY
}

cmd_seed() {
  DIR=$(lab_dir "${1:-}")
  [[ -f $DIR/seeded ]] && return 0
  local ip pw u b
  ip=$(lab_ip)
  pw=$(b64_password 'Passw0rd!Svc1')
  u=CN=Users,$BASE_DN
  b=CN=Computers,$BASE_DN
  # Online, over GSSAPI (sealed, so unicodePwd is accepted): accounts, SPNs, group members.
  cat > "$DIR/seed-online.ldif" <<EOF
dn: CN=svc_web,$u
changetype: add
objectClass: user
sAMAccountName: svc_web
userPrincipalName: svc_web@$DOMAIN
unicodePwd:: $pw
userAccountControl: 66048
servicePrincipalName: HTTP/web01-svcseed.$DOMAIN

dn: CN=svc_sql,$u
changetype: add
objectClass: user
sAMAccountName: svc_sql
unicodePwd:: $pw
userAccountControl: 66048
servicePrincipalName: MSSQLSvc/sql01.$DOMAIN:1433

dn: CN=svc_orphan,$u
changetype: add
objectClass: user
sAMAccountName: svc_orphan
unicodePwd:: $pw
userAccountControl: 66048
servicePrincipalName: HTTP/gone01.$DOMAIN

dn: CN=svc_prot,$u
changetype: add
objectClass: user
sAMAccountName: svc_prot
unicodePwd:: $pw
userAccountControl: 66048
servicePrincipalName: HTTP/app01-svcseed.$DOMAIN

dn: CN=alice,$u
changetype: add
objectClass: user
sAMAccountName: alice
unicodePwd:: $pw
userAccountControl: 66048

dn: CN=WEB01,$b
changetype: add
objectClass: computer
sAMAccountName: WEB01\$
userAccountControl: 4096
unicodePwd:: $pw
dNSHostName: web01.$DOMAIN
servicePrincipalName: HOST/web01.$DOMAIN
servicePrincipalName: HOST/WEB01
servicePrincipalName: HTTP/web01-dupseed.$DOMAIN

dn: CN=SQL01,$b
changetype: add
objectClass: computer
sAMAccountName: SQL01\$
userAccountControl: 4096
unicodePwd:: $pw
dNSHostName: sql01.$DOMAIN
operatingSystem: Windows Server 2019 Standard
servicePrincipalName: HOST/sql01.$DOMAIN
servicePrincipalName: HOST/SQL01
servicePrincipalName: MSSQLSvc/sql01-dupseed.$DOMAIN:1433

dn: CN=svc_sql_old,$u
changetype: add
objectClass: user
sAMAccountName: svc_sql_old
unicodePwd:: $pw
userAccountControl: 66050
servicePrincipalName: MSSQLSvc/sql01.$DOMAIN

dn: CN=AGL01,$b
changetype: add
objectClass: computer
sAMAccountName: AGL01\$
userAccountControl: 4096
unicodePwd:: $pw
dNSHostName: agl01.$DOMAIN
servicePrincipalName: HOST/agl01.$DOMAIN
servicePrincipalName: HOST/AGL01
servicePrincipalName: MSSQLSvc/agl01.$DOMAIN:1433

dn: CN=svc_report,$u
changetype: add
objectClass: user
sAMAccountName: svc_report
unicodePwd:: $pw
userAccountControl: 66048
servicePrincipalName: MSSQLSvc/WEB01:1433

dn: CN=FS01,$b
changetype: add
objectClass: computer
sAMAccountName: FS01\$
userAccountControl: 4096
unicodePwd:: $pw
dNSHostName: fs01.$DOMAIN
servicePrincipalName: HOST/fs01.$DOMAIN
servicePrincipalName: HOST/FS01

dn: CN=FS02,$b
changetype: add
objectClass: computer
sAMAccountName: FS02\$
userAccountControl: 4096
unicodePwd:: $pw
dNSHostName: fs02.$DOMAIN
servicePrincipalName: HOST/fs02.$DOMAIN
servicePrincipalName: HOST/FS02
servicePrincipalName: cifs/fs01-aliasseed.$DOMAIN

dn: CN=NOHOST01,$b
changetype: add
objectClass: computer
sAMAccountName: NOHOST01\$
userAccountControl: 4096
unicodePwd:: $pw
dNSHostName: nohost01.$DOMAIN

dn: CN=APP01,$b
changetype: add
objectClass: computer
sAMAccountName: APP01\$
userAccountControl: 4096
unicodePwd:: $pw
dNSHostName: app01.$DOMAIN
msDS-AdditionalDnsHostName: fileshare.$DOMAIN
servicePrincipalName: HOST/app01.$DOMAIN
servicePrincipalName: HOST/APP01

dn: CN=LEGACY01,$b
changetype: add
objectClass: computer
sAMAccountName: LEGACY01\$
userAccountControl: 4096
unicodePwd:: $pw
dNSHostName: legacy01.$DOMAIN
servicePrincipalName: HOST/legacy01.$DOMAIN
servicePrincipalName: HOST/LEGACY01
msDS-SupportedEncryptionTypes: 4

dn: CN=PROT01,$b
changetype: add
objectClass: computer
sAMAccountName: PROT01\$
userAccountControl: 4096
unicodePwd:: $pw
dNSHostName: prot01.$DOMAIN
servicePrincipalName: HOST/prot01.$DOMAIN
servicePrincipalName: HOST/PROT01
msDS-SupportedEncryptionTypes: 24

dn: CN=CLEAN01,$b
changetype: add
objectClass: computer
sAMAccountName: CLEAN01\$
userAccountControl: 4096
unicodePwd:: $pw
dNSHostName: clean01.$DOMAIN
servicePrincipalName: HOST/clean01.$DOMAIN
servicePrincipalName: HOST/CLEAN01
msDS-SupportedEncryptionTypes: 24

dn: CN=FRONT01,$b
changetype: add
objectClass: computer
sAMAccountName: FRONT01\$
userAccountControl: 16781312
unicodePwd:: $pw
dNSHostName: front01.$DOMAIN
servicePrincipalName: HOST/front01.$DOMAIN
servicePrincipalName: HOST/FRONT01
msDS-AllowedToDelegateTo: HOST/web01.$DOMAIN
msDS-AllowedToDelegateTo: cifs/app01.$DOMAIN
msDS-AllowedToDelegateTo: cifs/gone02.$DOMAIN

dn: CN=RES01,$b
changetype: add
objectClass: computer
sAMAccountName: RES01\$
userAccountControl: 4096
unicodePwd:: $pw
dNSHostName: res01.$DOMAIN
servicePrincipalName: HOST/res01.$DOMAIN
servicePrincipalName: HOST/RES01

dn: CN=NPS01,$b
changetype: add
objectClass: computer
sAMAccountName: NPS01\$
userAccountControl: 4096
unicodePwd:: $pw
dNSHostName: nps01.$DOMAIN
servicePrincipalName: HOST/nps01.$DOMAIN
servicePrincipalName: HOST/NPS01
msDS-SupportedEncryptionTypes: 24

dn: CN=DC1,OU=Domain Controllers,$BASE_DN
changetype: modify
add: servicePrincipalName
servicePrincipalName: ldap/$ip
-

dn: CN=RAS and IAS Servers,$u
changetype: modify
add: member
member: CN=NPS01,$b
-

dn: CN=Protected Users,$u
changetype: modify
add: member
member: CN=svc_prot,$u
member: CN=PROT01,$b
-

dn: CN=Domain Admins,$u
changetype: modify
add: member
member: CN=alice,$u
-

dn: CN=alice,$u
changetype: modify
replace: userAccountControl
userAccountControl: 2163200
-

# An authentication policy (Windows creates these containers; Samba 4.17 holds the classes of the
# 2012 R2 schema, not the NTLM allowances of 2016's, which then read as FALSE): alice may sign in
# only from Enterprise Domain Controllers, enforced.
dn: CN=AuthN Policy Configuration,CN=Services,CN=Configuration,$BASE_DN
changetype: add
objectClass: container

dn: CN=AuthN Policies,CN=AuthN Policy Configuration,CN=Services,CN=Configuration,$BASE_DN
changetype: add
objectClass: msDS-AuthNPolicies

dn: CN=Tier0,CN=AuthN Policies,CN=AuthN Policy Configuration,CN=Services,CN=Configuration,$BASE_DN
changetype: add
objectClass: msDS-AuthNPolicy
msDS-AuthNPolicyEnforced: TRUE
msDS-UserAllowedToAuthenticateFrom: O:SYG:SYD:(XA;OICI;CR;;;WD;(Member_of_any {SID(ED)}))

dn: CN=alice,$u
changetype: modify
replace: msDS-AssignedAuthNPolicy
msDS-AssignedAuthNPolicy: CN=Tier0,CN=AuthN Policies,CN=AuthN Policy Configuration,CN=Services,CN=Configuration,$BASE_DN
-
EOF
  in_ns ldapmodify -Q -Y GSSAPI -H "ldap://dc1.$DOMAIN" -f "$DIR/seed-online.ldif" > "$DIR/log/seed.out" 2>&1 \
    || { tail -5 "$DIR/log/seed.out" >&2; die "online seeding failed"; }
  in_ns samba-tool dns add "dc1.$DOMAIN" "$DOMAIN" fileshare CNAME "web01.$DOMAIN" \
    -U "Administrator%$ADMIN_PASS" >> "$DIR/log/seed.out" 2>&1 || die "dns add fileshare failed"
  in_ns samba-tool dns add "dc1.$DOMAIN" "$DOMAIN" ghost01 A 127.0.0.50 \
    -U "Administrator%$ADMIN_PASS" >> "$DIR/log/seed.out" 2>&1 || die "dns add ghost01 failed"
  in_ns samba-tool dns add "dc1.$DOMAIN" "$DOMAIN" web01 A 127.0.0.51 \
    -U "Administrator%$ADMIN_PASS" >> "$DIR/log/seed.out" 2>&1 || die "dns add web01 failed"
  in_ns samba-tool dns add "dc1.$DOMAIN" "$DOMAIN" filesrv-alias CNAME "fs-old.$DOMAIN" \
    -U "Administrator%$ADMIN_PASS" >> "$DIR/log/seed.out" 2>&1 || die "dns add filesrv-alias failed"
  in_ns samba-tool dns add "dc1.$DOMAIN" "$DOMAIN" sqlalias CNAME sql01 \
    -U "Administrator%$ADMIN_PASS" >> "$DIR/log/seed.out" 2>&1 || die "dns add sqlalias failed"
  seed_rbcd
  seed_dfs
  seed_sysvol

  # Offline, with the DC stopped: what Samba refuses online.
  cmd_down "$DIR"
  # A trust object (refused over LDAP) and a group of more than 1500 members, through sam.ldb with
  # Samba's modules, in one batch.
  {
    printf 'dn: CN=%s,CN=System,%s\nobjectClass: trustedDomain\ncn: %s\ntrustPartner: %s\nflatName: PARTNER\n' \
      partner.example "$BASE_DN" partner.example partner.example
    printf 'securityIdentifier: S-1-5-21-1111111111-2222222222-3333333333\ntrustType: 2\ntrustDirection: 3\ntrustAttributes: 4\n\n'
    # An MIT Kerberos realm trust (trustType 3), and a forest trust with TREAT_AS_EXTERNAL (0x8|0x40)
    # whose keys include AES (the control for TRUST-NO-AES). The realm trust needs a SID here: without
    # one, Samba's winbindd exits at start ("add_trusted_domain: Got null SID") and takes the DC down.
    printf 'dn: CN=MITREALM.EXAMPLE,CN=System,%s\nobjectClass: trustedDomain\ncn: MITREALM.EXAMPLE\n' "$BASE_DN"
    printf 'trustPartner: MITREALM.EXAMPLE\nflatName: MITREALM\nsecurityIdentifier: S-1-5-21-1777777777-1888888888-1999999999\n'
    printf 'trustType: 3\ntrustDirection: 3\ntrustAttributes: 0\n\n'
    printf 'dn: CN=forest.example,CN=System,%s\nobjectClass: trustedDomain\ncn: forest.example\n' "$BASE_DN"
    printf 'trustPartner: forest.example\nflatName: FOREST\nsecurityIdentifier: S-1-5-21-1444444444-1555555555-1666666666\n'
    printf 'trustType: 2\ntrustDirection: 3\ntrustAttributes: 72\nmsDS-SupportedEncryptionTypes: 24\n'
    # Its name-suffix routing (msDS-TrustForestTrustInfo, MS-ADTS 6.1.6.9.3): top-level name
    # forest.example, top-level name forest-apps.example with LSA_TLN_DISABLED_NEW (a suffix added
    # after the trust was made), and the domain record of forest.example (FOREST, its SID).
    printf 'msDS-TrustForestTrustInfo:: %s%s%s\n\n' \
      AQAAAAMAAAAfAAAAAAAAAACANQzR39YBAA4AAABmb3Jlc3QuZXhhbXBsZSQAAAABAAAAAIA1DNHf1gEAEwAAAGZvcmVzdC1h \
      cHBzLmV4YW1wbGVFAAAAAAAAAACANQzR39YBAhgAAAABBAAAAAAABRUAAAAceRhW4+S3XKpQV2MOAAAAZm9yZXN0LmV4YW1w \
      bGUGAAAARk9SRVNU
    printf 'dn: OU=Bulk,%s\nobjectClass: organizationalUnit\n\n' "$BASE_DN"
    for ((i = 1; i <= ${SEED_BIGGROUP:-1600}; i++)); do
      printf 'dn: CN=member%04d,OU=Bulk,%s\nobjectClass: user\nsAMAccountName: member%04d\n\n' "$i" "$BASE_DN" "$i"
    done
    printf 'dn: CN=biggroup,OU=Bulk,%s\nobjectClass: group\nsAMAccountName: biggroup\n' "$BASE_DN"
    for ((i = 1; i <= ${SEED_BIGGROUP:-1600}; i++)); do
      printf 'member: CN=member%04d,OU=Bulk,%s\n' "$i" "$BASE_DN"
    done
    printf '\n'
  } > "$DIR/seed-offline.ldif"
  in_ns ldbadd -o batch_mode -H "$DIR/private/sam.ldb" "$DIR/seed-offline.ldif" > "$DIR/log/seed-offline.out" 2>&1 \
    || { tail -5 "$DIR/log/seed-offline.out" >&2; die "offline ldbadd failed"; }
  # ldbadd stops at the first record it cannot parse and still exits 0: check that it read them all.
  cat "$DIR/log/seed-offline.out" >> "$DIR/log/seed.out"
  grep -q "^Added $(grep -c '^dn: ' "$DIR/seed-offline.ldif") records successfully" "$DIR/log/seed-offline.out" \
    || { tail -5 "$DIR/log/seed-offline.out" >&2; die "offline ldbadd did not add every record"; }
  in_ns ldbmodify -H "$DIR/private/sam.ldb" "$DIR/seed-rbcd.ldif" >> "$DIR/log/seed.out" 2>&1 \
    || { tail -5 "$DIR/log/seed.out" >&2; die "offline ldbmodify of RES01's delegation failed"; }
  # Literal duplicate SPNs and alias collisions (Samba refuses both online, even for admins): swap
  # the placeholders in the partition file itself, where no Samba module runs. The placeholders
  # leave replication metadata for servicePrincipalName, so dbcheck stays clean.
  cat > "$DIR/seed-dup.ldif" <<EOF
dn: CN=svc_web,$u
changetype: modify
delete: servicePrincipalName
servicePrincipalName: HTTP/web01-svcseed.$DOMAIN
-
add: servicePrincipalName
servicePrincipalName: HTTP/web01.$DOMAIN
-

dn: CN=svc_prot,$u
changetype: modify
delete: servicePrincipalName
servicePrincipalName: HTTP/app01-svcseed.$DOMAIN
-
add: servicePrincipalName
servicePrincipalName: HTTP/app01.$DOMAIN
-

dn: CN=WEB01,$b
changetype: modify
delete: servicePrincipalName
servicePrincipalName: HTTP/web01-dupseed.$DOMAIN
-
add: servicePrincipalName
servicePrincipalName: HTTP/web01.$DOMAIN
-

dn: CN=SQL01,$b
changetype: modify
delete: servicePrincipalName
servicePrincipalName: MSSQLSvc/sql01-dupseed.$DOMAIN:1433
-
add: servicePrincipalName
servicePrincipalName: MSSQLSvc/sql01.$DOMAIN:1433
-

dn: CN=FS02,$b
changetype: modify
delete: servicePrincipalName
servicePrincipalName: cifs/fs01-aliasseed.$DOMAIN
-
add: servicePrincipalName
servicePrincipalName: cifs/fs01.$DOMAIN
-
EOF
  in_ns ldbmodify -H "tdb://$DIR/private/sam.ldb.d/${BASE_DN^^}.ldb" "$DIR/seed-dup.ldif" >> "$DIR/log/seed.out" 2>&1 \
    || { tail -5 "$DIR/log/seed.out" >&2; die "offline ldbmodify failed"; }
  start
  touch "$DIR/seeded"
}

# N extra users (with one SPN each, on hosts that exist nowhere) for benchmarks, offline.
cmd_bulk() {
  DIR=$(lab_dir "${1:-}")
  local n=${2:?count}
  local start_index
  start_index=$(( $(cat "$DIR/bulk.count" 2>/dev/null || echo 0) + 1 ))
  cmd_down "$DIR"
  {
    [[ $start_index == 1 ]] && printf 'dn: OU=Bench,%s\nobjectClass: organizationalUnit\n\n' "$BASE_DN"
    for ((i = start_index; i < start_index + n; i++)); do
      printf 'dn: CN=bench%06d,OU=Bench,%s\nobjectClass: user\nsAMAccountName: bench%06d\nservicePrincipalName: HTTP/bench%06d.%s\n\n' \
        "$i" "$BASE_DN" "$i" "$i" "$DOMAIN"
    done
  } > "$DIR/bulk.ldif"
  in_ns ldbadd -o batch_mode -H "$DIR/private/sam.ldb" "$DIR/bulk.ldif" > "$DIR/log/bulk.out" 2>&1 \
    || { tail -5 "$DIR/log/bulk.out" >&2; die "bulk ldbadd failed"; }
  echo $(( start_index + n - 1 )) > "$DIR/bulk.count"
  rm -f "$DIR/bulk.ldif"
  start
}

cmd_exec() {
  DIR=$(lab_dir "${1:-}")
  shift
  [[ ${1:-} == -- ]] && shift
  exec "$DIR/bin/nsrun" bash -c '. "$0/env.sh" && exec "$@"' "$DIR" "$@"
}

if [[ -n ${2:-} && ${1:-} != exec ]]; then
  DIR=$(lab_dir "$2")
  load_names
fi
case ${1:-} in
  up) cmd_up "${2:-}" ;;
  seed) cmd_seed "${2:-}" ;;
  bulk) cmd_bulk "${2:-}" "${3:-}" ;;
  down) cmd_down "${2:-}" ;;
  kill) cmd_kill "${2:-}" ;;
  exec) shift; cmd_exec "$@" ;;
  *) die "usage: lab.sh up|seed|bulk|down|kill|exec DIR [...]" ;;
esac
