#!/usr/bin/env bash
# Simple binds: only over TLS (LDAPS or StartTLS), certificates verified with the lab CA.
. "$(dirname "$0")/lib.sh"
PW=$(admin_password_file)
USER_UPN="Administrator@$LAB_DOMAIN"

kr scan --server "ldaps://$LAB_DC" --auth simple --user "$USER_UPN" --password-file "$PW" --ca-file "$LAB_CA" \
  --json "$T/ldaps.json" --quiet
expect "simple bind over LDAPS with --ca-file" 1
expect_json "LDAPS: security layer reported" "$T/ldaps.json" 'd["scan"]["collection"]["security"]' "TLS (LDAPS)"
expect_json "LDAPS: certificate verified" "$T/ldaps.json" 'd["scan"]["collection"]["tls"].startswith("verified")' True

LDAPTLS_CACERT="$LAB_CA" KERBREADY_PASSWORD="$LAB_ADMIN_PASS" kr scan --server "$LAB_DC" --auth simple \
  --user "$USER_UPN" --json "$T/starttls.json" --quiet
expect "simple bind over StartTLS, CA from LDAPTLS_CACERT, password from KERBREADY_PASSWORD" 1
expect_json "StartTLS: security layer reported" "$T/starttls.json" 'd["scan"]["collection"]["security"]' "TLS (StartTLS)"
if [[ "$(finding_ids "$T/ldaps.json")" == "$(finding_ids "$T/starttls.json")" ]]; then pass "LDAPS and StartTLS scans agree"
else fail "LDAPS and StartTLS scans agree" "finding ids differ"; fi

kr scan --server "$LAB_DC" --auth simple --user "$USER_UPN" --password-file "$PW" --tls none --quiet
expect "clear-text simple bind refused (exit 2)" 2 "clear text"
one_line "clear-text refusal: one line"

printf 'wrong-password\n' > "$T/wrong.pw"
kr scan --server "ldaps://$LAB_DC" --auth simple --user "$USER_UPN" --password-file "$T/wrong.pw" \
  --ca-file "$LAB_CA" --quiet
expect "wrong password: exit 3" 3 "rejected"
one_line "wrong password: one line"

kr scan --server "ldaps://$LAB_DC" --auth simple --user "$USER_UPN" --password-file "$PW" --quiet
expect "unknown CA: exit 3 with a TLS message" 3 "TLS"
one_line "unknown CA: one line"

kr scan --server "ldaps://$LAB_IP" --auth simple --user "$USER_UPN" --password-file "$PW" --ca-file "$LAB_CA" --quiet
expect "certificate name mismatch (address instead of name): exit 3" 3 "TLS"

kr scan --server "ldaps://$LAB_IP" --auth simple --user "$USER_UPN" --password-file "$PW" --tls-insecure \
  --json "$T/insecure.json" --quiet
expect "--tls-insecure connects despite the name mismatch" 1
expect_json "--tls-insecure is in the report" "$T/insecure.json" '"NOT verified" in d["scan"]["collection"]["tls"]' True

# GSSAPI over StartTLS: TLS protects the connection, no second SASL layer.
LDAPTLS_CACERT="$LAB_CA" kr scan --server "$LAB_DC" --tls starttls --json "$T/gss-tls.json" --quiet
expect "gssapi over StartTLS" 1
