#!/usr/bin/env python3
"""truth_check.py - does a kerbready JSON report find every planted case of a benchmark snapshot?

    truth_check.py snap-1m.truth.json report.json

The truth file is the side file gen_forest_snapshot.py writes. Each planted item is looked up by its
key value (an SPN, a DN, a DNS name or a DFS target) in the findings of the checks that should report
it; a DN may sit in a finding's affected objects, evidence, subject or summary (findings about stale
accounts are grouped, and the group lists them). Prints one line per kind of planted case and exits
1 when any item was not found.
"""
import json
import sys

# kind of planted case -> (field of the item holding the key value, check ids that may report it)
EXPECT = {
    'spn_duplicate': ('spn', ['SPN-DUPLICATE']),
    'spn_alias_collision': ('spn', ['SPN-ALIAS-COLLISION']),
    'spn_ip_address': ('spn', ['SPN-IP-ADDRESS']),
    'spn_malformed': ('spn', ['SPN-MALFORMED']),
    'spn_dangling_host': ('spn', ['SPN-DANGLING-HOST']),
    'privileged_outside_protected_users': ('dn', ['PU-PRIVILEGED-OUTSIDE']),
    'krbtgt_password_old': ('dn', ['KRBTGT-PASSWORD-AGE']),
    'rc4_only': ('dn', ['ENC-RC4-ONLY']),
    'des_only': ('dn', ['ENC-DES']),
    'service_account_in_protected_users': ('dn', ['PU-SERVICE-INSIDE']),
    'computer_without_host_spn': ('holder', ['SPN-MISSING-HOST']),
    'additional_dns_name_without_host_spn': ('holder', ['SPN-MISSING-HOST']),
    'computer_in_protected_users': ('holder', ['PU-COMPUTER-INSIDE', 'PU-SERVICE-INSIDE']),
    'truncated_ranged_group': ('dn', None),  # a diagnostic, not a finding: anywhere in the report
    'trust': ('trustPartner', ['TRUST-']),
    'dfs_target_ip': ('target', ['DFS-', 'NAME-']),
    'dfs_target_alias_without_spn': ('target', ['DFS-', 'NAME-']),
    'dfs_target_foreign_host': ('target', ['DFS-', 'NAME-', 'SCOPE-']),
    'dfs_v1_root_dangling': ('target', ['DFS-', 'NAME-']),
    'cname_without_spn': ('alias', ['DNS-CNAME-NO-SPN']),
    'cname_dangling': ('alias', ['DNS-']),
    'a_record_without_account_or_spn': ('name', ['DNS-VIP-NO-SPN']),
    'nesting_cycle': (None, None),  # the group closure must terminate: the report exists
}


def host_of_unc(value):
    r"""\\host\share -> host; other values unchanged."""
    if value.startswith('\\\\'):
        return value[2:].split('\\', 1)[0]
    return value


def main():
    truth = json.load(open(sys.argv[1]))
    report = json.load(open(sys.argv[2]))
    whole = json.dumps(report).lower()
    texts = [(f['check_id'], json.dumps(f).lower()) for f in report['findings']]
    # The report escapes backslashes in JSON: search for the JSON-escaped, lowercased key.
    missing = 0
    for kind, items in sorted(truth['planted'].items()):
        field, checks = EXPECT.get(kind, (None, None))
        found = 0
        for item in items:
            if field is None:
                found += 1
                continue
            key = item[field]
            if kind.startswith('dfs_'):
                key = host_of_unc(key)
            needle = json.dumps(key.strip().lower())[1:-1]
            if checks is None:
                ok = needle in whole
            else:
                ok = any(any(cid.startswith(c) for c in checks) and needle in text for cid, text in texts)
            found += ok
            if not ok:
                print(f'  not found: {kind}: {key}', file=sys.stderr)
        missing += len(items) - found
        print(f'{kind:40} {found}/{len(items)}')
    print('all planted cases found' if missing == 0 else f'{missing} planted case(s) not found')
    return 0 if missing == 0 else 1


if __name__ == '__main__':
    sys.exit(main())
