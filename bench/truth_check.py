#!/usr/bin/env python3
"""truth_check.py - does a kerbready JSON report find every planted case of a benchmark snapshot?

    truth_check.py snap-1m.truth.json report.json [snap-1m.ldif]

The truth file is the side file gen_forest_snapshot.py writes. Each planted item is looked up by its
key value (an SPN, a DN, a DNS name or a DFS target) in the findings of the checks that should report
it; a DN may sit in a finding's affected objects, evidence, subject or summary (findings about stale
accounts are grouped, and the group lists them; a DNS name may appear as its dnsNode DN). Given the
snapshot too, a planted account that was not found but is disabled is counted apart: a disabled
account cannot authenticate, so nothing falls back because of it and kerbready does not report it.
Prints one line per kind of planted case and exits 1 when any other item was not found.
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


def needles(kind, item, key):
    """The lowercase, JSON-escaped strings any of which shows the item in a finding."""
    out = [key.strip()]
    for field in ('holder', 'host_holder', 'dn'):
        if isinstance(item.get(field), str) and item[field] != key:
            out.append(item[field])
    out += item.get('holders', [])
    name = key.strip().rstrip('.')
    if kind in ('cname_without_spn', 'cname_dangling', 'a_record_without_account_or_spn') and '.' in name:
        label, zone = name.split('.', 1)
        out.append(f'dc={label},dc={zone}')  # the dnsNode's DN
    if kind == 'cname_without_spn':
        # The alias's target computer: when it is stale, the finding is in its stale group.
        out.append('cn=' + item['target'].split('.', 1)[0] + ',')
    return [json.dumps(n.lower())[1:-1] for n in out]


def disabled_accounts(ldif, dns):
    """The DNs among `dns` whose userAccountControl in the LDIF has ACCOUNTDISABLE (0x2)."""
    wanted = {d.lower() for d in dns}
    found, current = set(), None
    with open(ldif, encoding='utf-8', errors='replace') as f:
        for line in f:
            if line.startswith('dn: '):
                current = line[4:].rstrip('\n').lower()
                current = current if current in wanted else None
            elif current and line.lower().startswith('useraccountcontrol: '):
                if int(line.split(':', 1)[1]) & 0x2:
                    found.add(current)
    return found


def main():
    truth = json.load(open(sys.argv[1]))
    report = json.load(open(sys.argv[2]))
    whole = json.dumps(report).lower()
    texts = [(f['check_id'], json.dumps(f).lower()) for f in report['findings']]
    # The report escapes backslashes in JSON: search for the JSON-escaped, lowercased key.
    missing = []
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
            options = needles(kind, item, key)
            if checks is None:
                ok = any(n in whole for n in options)
            else:
                ok = any(any(cid.startswith(c) for c in checks) and any(n in text for n in options)
                         for cid, text in texts)
            found += ok
            if not ok:
                missing.append((kind, key, item.get('dn')))
        print(f'{kind:40} {found}/{len(items)}')
    disabled = set()
    if len(sys.argv) > 3:
        disabled = disabled_accounts(sys.argv[3], [dn for _, _, dn in missing if dn])
    not_found = 0
    for kind, key, dn in missing:
        if dn and dn.lower() in disabled:
            print(f'  disabled account, not reported (cannot authenticate): {kind}: {key}')
        else:
            not_found += 1
            print(f'  NOT FOUND: {kind}: {key}')
    print('every planted case found' + (f' ({len(missing)} on disabled accounts)' if missing else '')
          if not_found == 0 else f'{not_found} planted case(s) not found')
    return 0 if not_found == 0 else 1


if __name__ == '__main__':
    sys.exit(main())
