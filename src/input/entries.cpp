#include "src/input/entries.hpp"

#include "src/ad/dns_record.hpp"
#include "src/ad/forest_trust_info.hpp"
#include "src/ad/gpo_links.hpp"
#include "src/ad/security_descriptor.hpp"
#include "src/input/decoded_attributes.hpp"
#include "src/util/ad.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <set>

namespace kerbready::collect {

namespace {

// Attributes are named through the table of what the decoder reads (decoded_attributes.hpp).
using O = DirectoryObject;

enum class Partition { domain, configuration, schema, dns };

struct Placement
{
  Partition partition;
  std::string name; // e.g. "DC=corp,DC=example", "CN=Configuration,DC=corp,DC=example"
};

Placement
place(const expected<std::vector<util::Rdn>>& rdns)
{
  if (!rdns) {
    return {Partition::domain, std::string()};
  }
  // Walk from the root: DC=… components, then the first non-DC component decides.
  std::string suffix;
  auto join = [](const std::string& head, const util::Rdn& rdn) {
    // Plain concatenation, not fmt::format: this runs for every entry loaded.
    std::string part = rdn.type + '=' + rdn.value;
    return head.empty() ? part : part + ',' + head;
  };
  std::size_t i = rdns->size();
  while (i > 0 && util::iequals((*rdns)[i - 1].type, "dc")) {
    const auto& rdn = (*rdns)[i - 1];
    if (util::iequals(rdn.value, "DomainDnsZones") || util::iequals(rdn.value, "ForestDnsZones")) {
      return {Partition::dns, join(suffix, rdn)};
    }
    suffix = join(suffix, rdn);
    --i;
  }
  if (i > 0 && util::iequals((*rdns)[i - 1].type, "cn")) {
    const auto& rdn = (*rdns)[i - 1];
    if (util::iequals(rdn.value, "Configuration")) {
      if (i > 1 && util::iequals((*rdns)[i - 2].type, "cn") && util::iequals((*rdns)[i - 2].value, "Schema")) {
        return {Partition::schema, join(join(suffix, rdn), (*rdns)[i - 2])};
      }
      return {Partition::configuration, join(suffix, rdn)};
    }
  }
  return {Partition::domain, suffix};
}

bool
has_class(const std::vector<std::string>& classes, std::string_view lower_name)
{
  return std::find(classes.begin(), classes.end(), lower_name) != classes.end();
}

// The kind of object the decoder makes of an entry in `partition` with `classes` (lowercase), or
// nullopt when it keeps nothing of it. The first match wins, in this order.
std::optional<DirectoryObject>
classify(Partition partition, const std::vector<std::string>& classes)
{
  const bool domain_nc = partition == Partition::domain;
  if (partition == Partition::schema) {
    return std::nullopt;
  }
  if (domain_nc &&
      (has_class(classes, "msds-groupmanagedserviceaccount") || has_class(classes, "msds-managedserviceaccount") ||
       has_class(classes, "computer") || has_class(classes, "user") || has_class(classes, "inetorgperson"))) {
    return O::account;
  }
  if (domain_nc && has_class(classes, "group")) {
    return O::group;
  }
  if (domain_nc && has_class(classes, "domaindns")) {
    return O::domain;
  }
  if (has_class(classes, "trusteddomain")) {
    return O::trust;
  }
  if (has_class(classes, "dnsnode")) {
    return O::dns_node;
  }
  if (has_class(classes, "crossref")) {
    return O::cross_ref;
  }
  if (partition == Partition::configuration && has_class(classes, "site")) {
    return O::site;
  }
  if (partition == Partition::configuration && has_class(classes, "msds-authnpolicy")) {
    return O::authn_policy;
  }
  if (partition == Partition::configuration && has_class(classes, "msds-authnpolicysilo")) {
    return O::authn_policy_silo;
  }
  if (has_class(classes, "crossrefcontainer")) {
    return O::partitions;
  }
  if (has_class(classes, "ntdsservice")) {
    return O::directory_service;
  }
  if (has_class(classes, "ftdfs") || has_class(classes, "msdfs-namespacev2") || has_class(classes, "msdfs-linkv2") ||
      has_class(classes, "msdfs-namespaceanchor") || has_class(classes, "msdfs-deletedlinkv2")) {
    return O::dfs;
  }
  if (has_class(classes, "grouppolicycontainer")) {
    return O::gpo;
  }
  if (domain_nc && has_class(classes, "organizationalunit")) {
    return O::organizational_unit;
  }
  return std::nullopt;
}

std::vector<std::string>
lowercase_classes(const Entry& entry)
{
  std::vector<std::string> classes;
  if (const auto* oc = entry.find("objectclass")) {
    for (const auto& c : *oc) {
      classes.push_back(util::to_lower(c));
    }
  }
  return classes;
}

class Decoder
{
public:
  // `movable` is `entry` when its values may be moved out (see take()), or null.
  Decoder(const Entry& entry, Snapshot& snapshot, Entry* movable)
      : m_entry(entry), m_snapshot(snapshot), m_movable(movable)
  {
  }

  std::string text(std::string_view name) const
  {
    const auto* v = m_entry.first(name);
    return v == nullptr ? std::string() : *v;
  }

  const std::vector<std::string>* find(std::string_view name) const { return m_entry.find(name); }

  std::vector<std::string> all(std::string_view name) const
  {
    const auto* v = m_entry.find(name);
    return v == nullptr ? std::vector<std::string>() : *v;
  }

  // all(), but moving the values out of the entry when it was given up (add(Entry&&)): read each
  // attribute with take() at most once.
  std::vector<std::string> take(std::string_view name) const
  {
    if (m_movable == nullptr) {
      return all(name);
    }
    for (auto& attribute : m_movable->attributes) {
      if (attribute.name == name) {
        return std::move(attribute.values);
      }
    }
    return {};
  }

  std::optional<std::int64_t> integer(std::string_view name) const
  {
    const auto* v = m_entry.first(name);
    if (v == nullptr) {
      return std::nullopt;
    }
    auto parsed = util::parse_int(util::trim(*v));
    if (!parsed) {
      diagnose(fmt::format("{} is not an integer: '{}'", name, util::sanitize(*v, 40)));
    }
    return parsed;
  }

  std::optional<std::uint32_t> flags(std::string_view name) const
  {
    auto value = integer(name);
    if (!value) {
      return std::nullopt;
    }
    // AD stores 32-bit flag words as signed integers (0x80000000 reads as negative).
    if (*value < INT32_MIN || *value > static_cast<std::int64_t>(UINT32_MAX)) {
      diagnose(fmt::format("{} value {} does not fit 32 bits", name, *value));
      return std::nullopt;
    }
    return static_cast<std::uint32_t>(*value);
  }

  std::string sid(std::string_view name) const
  {
    const auto* v = m_entry.first(name);
    if (v == nullptr) {
      return {};
    }
    auto decoded = util::decode_sid(*v);
    if (!decoded) {
      diagnose(fmt::format("{}: {}", name, decoded.error()));
      return {};
    }
    return *decoded;
  }

  std::optional<std::int64_t> time(std::string_view name) const
  {
    const auto* v = m_entry.first(name);
    if (v == nullptr) {
      return std::nullopt;
    }
    auto parsed = util::parse_generalized_time(*v);
    if (!parsed) {
      diagnose(fmt::format("{} is not a GeneralizedTime: '{}'", name, util::sanitize(*v, 40)));
    }
    return parsed;
  }

  // An LDAP Boolean (RFC 4517 3.3.3: "TRUE" or "FALSE"); anything else is a diagnostic.
  std::optional<bool> boolean(std::string_view name) const
  {
    const auto* v = m_entry.first(name);
    if (v == nullptr) {
      return std::nullopt;
    }
    const auto value = util::trim(*v);
    if (util::iequals(value, "TRUE")) {
      return true;
    }
    if (util::iequals(value, "FALSE")) {
      return false;
    }
    diagnose(fmt::format("{} is not TRUE or FALSE: '{}'", name, util::sanitize(*v, 40)));
    return std::nullopt;
  }

  std::optional<std::int64_t> filetime(std::string_view name) const
  {
    auto value = integer(name);
    return value ? util::filetime_to_unix(*value) : std::nullopt;
  }

  void diagnose(std::string message) const
  {
    m_snapshot.diagnostics.push_back(
      Diagnostic{m_entry.origin.empty() ? util::sanitize(m_entry.dn, 200) : m_entry.origin,
                 fmt::format("{}: {}", util::sanitize(m_entry.dn, 200), message)});
  }

private:
  const Entry& m_entry;
  Snapshot& m_snapshot;
  Entry* m_movable;
};

RawObject
raw_object(const Entry& entry, std::vector<std::string> classes, std::string domain)
{
  RawObject object;
  object.dn = entry.dn;
  object.domain = std::move(domain);
  object.object_classes = std::move(classes);
  for (const auto& attribute : entry.attributes) {
    auto& values = object.attributes[attribute.name];
    values.insert(values.end(), attribute.values.begin(), attribute.values.end());
  }
  return object;
}

// Keep the gPLink/gPOptions of a domain or OU object, when it has either (src/ad/gpo_links.hpp).
// `gplink` and `gpoptions` are the decoder-table keys of the object's kind (decoded(kind, ...) at
// the call: clang 14 rejects the consteval call inside a template on the kind).
void
add_link_container(const Decoder& d, Snapshot& s, const std::string& dn, const std::string& domain,
                   std::string_view gplink, std::string_view gpoptions)
{
  const auto* link = d.find(gplink);
  auto options = d.integer(gpoptions);
  if (link == nullptr && !options) {
    return;
  }
  GpoLinkContainer c;
  c.dn = dn;
  c.domain = domain;
  if (link != nullptr) {
    c.has_gp_link = true;
    c.links = parse_gplink(d.text(gplink));
  }
  c.gp_options = options;
  s.gpo_link_containers.push_back(std::move(c));
}

} // namespace

void
SnapshotBuilder::add_diagnostic(std::string where, std::string message)
{
  m_snapshot.diagnostics.push_back(Diagnostic{std::move(where), std::move(message)});
}

void
SnapshotBuilder::add(const Entry& entry)
{
  add(entry, nullptr);
}

void
SnapshotBuilder::add(Entry&& entry)
{
  add(entry, &entry);
}

void
SnapshotBuilder::add(const Entry& entry, Entry* movable)
{
  auto& s = m_snapshot;
  const std::string& where = entry.origin.empty() ? entry.dn : entry.origin;
  // Records a directory never sends: each means the object was not read, so the snapshot is
  // partial rather than smaller.
  if (entry.dn.empty()) {
    add_diagnostic(util::sanitize(where, 200), "record with an empty DN: not a directory object (root DSE?), not read");
    return;
  }
  if (!util::is_valid_utf8(entry.dn)) {
    add_diagnostic(
      util::sanitize(where, 200),
      fmt::format("DN '{}' is not valid UTF-8: the object cannot be named, not read", util::sanitize(entry.dn, 200)));
    return;
  }
  if (entry.attributes.empty()) {
    add_diagnostic(util::sanitize(where, 200),
                   fmt::format("{} holds only its DN: its attributes were not read", util::sanitize(entry.dn, 200)));
    return;
  }
  // Parse the DN once: the duplicate key, the partition and the domain all come from it.
  const auto rdns = util::parse_dn(entry.dn);
  const auto normalized = rdns ? util::normalize_dn(*rdns) : util::to_lower(entry.dn);
  if (!m_seen_dns.insert(util::fnv1a64(normalized))) {
    add_diagnostic(entry.origin.empty() ? util::sanitize(entry.dn, 200) : entry.origin,
                   fmt::format("{} appears more than once; later copies ignored", util::sanitize(entry.dn, 200)));
    return;
  }
  for (const auto& range : entry.truncated_ranges()) {
    add_diagnostic(util::sanitize(where, 200),
                   fmt::format("{} holds only the values {} (ranged retrieval was not followed to the last range, "
                               "'*'): its values are incomplete",
                               util::sanitize(entry.dn, 200), util::sanitize(range, 80)));
  }
  ++s.objects_read;
  const auto placement = place(rdns);
  ++s.objects_per_partition[placement.name];
  switch (placement.partition) {
  case Partition::domain:
    s.data_sets |= static_cast<unsigned>(DataSet::domain);
    break;
  case Partition::configuration:
    s.data_sets |= static_cast<unsigned>(DataSet::configuration);
    break;
  case Partition::dns:
    s.data_sets |= static_cast<unsigned>(DataSet::dns);
    break;
  case Partition::schema:
    return;
  }

  auto classes = lowercase_classes(entry);
  const Decoder d(entry, s, movable);
  const auto domain = rdns ? util::domain_of_dn(*rdns) : std::string();

  const auto kind = classify(placement.partition, classes);
  if (!kind) {
    return;
  }
  if (*kind == O::account) {
    const bool is_gmsa = has_class(classes, "msds-groupmanagedserviceaccount");
    const bool is_msa = has_class(classes, "msds-managedserviceaccount");
    const bool is_computer = has_class(classes, "computer");
    Account a;
    a.dn = entry.dn;
    a.domain = domain;
    a.sam_account_name = d.text(decoded(O::account, "sAMAccountName"));
    a.sid = d.sid(decoded(O::account, "objectSid"));
    a.user_account_control = d.flags(decoded(O::account, "userAccountControl")).value_or(0);
    a.kind = is_gmsa       ? AccountKind::group_managed_service_account
             : is_msa      ? AccountKind::managed_service_account
             : is_computer ? AccountKind::computer
                           : AccountKind::user;
    if (a.kind == AccountKind::user && (a.user_account_control & uac::interdomain_trust_account) != 0) {
      a.kind = AccountKind::trust_account;
    }
    a.service_principal_names = d.take(decoded(O::account, "servicePrincipalName"));
    a.dns_host_name = d.text(decoded(O::account, "dNSHostName"));
    a.additional_dns_host_names = d.take(decoded(O::account, "msDS-AdditionalDnsHostName"));
    a.user_principal_name = d.text(decoded(O::account, "userPrincipalName"));
    a.supported_encryption_types = d.flags(decoded(O::account, "msDS-SupportedEncryptionTypes"));
    a.pwd_last_set = d.filetime(decoded(O::account, "pwdLastSet"));
    a.when_created = d.time(decoded(O::account, "whenCreated"));
    a.admin_count = d.integer(decoded(O::account, "adminCount"));
    a.primary_group_id = d.flags(decoded(O::account, "primaryGroupID"));
    a.member_of = d.take(decoded(O::account, "memberOf"));
    a.operating_system = d.text(decoded(O::account, "operatingSystem"));
    a.last_logon_timestamp = d.filetime(decoded(O::account, "lastLogonTimestamp"));
    a.allowed_to_delegate_to = d.take(decoded(O::account, "msDS-AllowedToDelegateTo"));
    // Decoded once, here: an undecodable descriptor would hide the delegation it grants, so it is a
    // diagnostic (the scan is partial), as for dnsRecord.
    if (const auto* sd = d.find(decoded(O::account, "msDS-AllowedToActOnBehalfOfOtherIdentity"));
        sd != nullptr && !sd->empty()) {
      if (auto grants = parse_dacl_grants(sd->front())) {
        a.rbcd_allowed_sids = std::move(grants->allowed);
      } else {
        d.diagnose(fmt::format("msDS-AllowedToActOnBehalfOfOtherIdentity cannot be decoded ({}); the "
                               "resource-based delegation it grants is left out",
                               grants.error()));
      }
    }
    a.assigned_authn_policy = d.text(decoded(O::account, "msDS-AssignedAuthNPolicy"));
    a.assigned_authn_policy_silo = d.text(decoded(O::account, "msDS-AssignedAuthNPolicySilo"));
    s.accounts.push_back(std::move(a));
    return;
  }
  if (*kind == O::group) {
    Group g;
    g.dn = entry.dn;
    g.domain = domain;
    g.sam_account_name = d.text(decoded(O::group, "sAMAccountName"));
    g.sid = d.sid(decoded(O::group, "objectSid"));
    g.members = d.take(decoded(O::group, "member"));
    g.group_type = d.integer(decoded(O::group, "groupType"));
    g.admin_count = d.integer(decoded(O::group, "adminCount"));
    g.when_created = d.time(decoded(O::group, "whenCreated"));
    s.groups.push_back(std::move(g));
    return;
  }
  if (*kind == O::domain) {
    Domain dom;
    dom.dn = entry.dn;
    dom.dns_name = domain;
    dom.sid = d.sid(decoded(O::domain, "objectSid"));
    dom.functional_level = d.integer(decoded(O::domain, "msDS-Behavior-Version"));
    dom.when_created = d.time(decoded(O::domain, "whenCreated"));
    add_link_container(d, s, entry.dn, domain, decoded(O::domain, "gPLink"), decoded(O::domain, "gPOptions"));
    s.domains.push_back(std::move(dom));
    return;
  }
  if (*kind == O::trust) {
    Trust t;
    t.dn = entry.dn;
    t.domain = domain;
    t.partner = d.text(decoded(O::trust, "trustPartner"));
    t.flat_name = d.text(decoded(O::trust, "flatName"));
    t.sid = d.sid(decoded(O::trust, "securityIdentifier"));
    t.trust_type = d.flags(decoded(O::trust, "trustType"));
    t.trust_direction = d.flags(decoded(O::trust, "trustDirection"));
    t.trust_attributes = d.flags(decoded(O::trust, "trustAttributes"));
    t.supported_encryption_types = d.flags(decoded(O::trust, "msDS-SupportedEncryptionTypes"));
    t.when_created = d.time(decoded(O::trust, "whenCreated"));
    // Decoded once, here: an undecodable routing table would read as "no suffixes routed", so it
    // is a diagnostic and leaves no records.
    if (const auto* info = d.find(decoded(O::trust, "msDS-TrustForestTrustInfo")); info != nullptr) {
      t.forest_trust_info_present = true;
      if (!info->empty()) {
        auto records = parse_forest_trust_info(info->front());
        if (records) {
          t.forest_trust_info = std::move(*records);
        } else {
          d.diagnose(fmt::format("msDS-TrustForestTrustInfo cannot be decoded ({}); the trust's name routing is "
                                 "not evaluated",
                                 records.error()));
        }
      }
    }
    s.trusts.push_back(std::move(t));
    return;
  }
  if (*kind == O::dns_node) {
    DnsNode node;
    node.dn = entry.dn;
    node.name = d.text(decoded(O::dns_node, "dc"));
    if (node.name.empty()) {
      node.name = util::first_rdn_value(entry.dn);
    }
    if (rdns && rdns->size() > 1) {
      node.zone = util::to_lower((*rdns)[1].value);
    }
    node.partition = placement.partition == Partition::dns ? util::first_rdn_value(placement.name) : "Domain";
    const auto values = d.take(decoded(O::dns_node, "dnsRecord"));
    const auto tomb = d.text(decoded(O::dns_node, "dNSTombstoned"));
    node.tombstoned = util::iequals(tomb, "TRUE");
    // Decoded once, here. An undecodable value would silently drop the node's names from the DNS
    // checks: it is a diagnostic. Well-formed values of types no check reads (SOA, MX) are dropped.
    node.records.reserve(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (auto defect = dns_record_defect(values[i])) {
        d.diagnose(fmt::format("DNS node {}: dnsRecord value {} of {} cannot be decoded ({}); it is left out",
                               util::sanitize(node_fqdn(node), 200), i + 1, values.size(), *defect));
      } else if (auto record = parse_dns_record(values[i])) {
        node.records.push_back(std::move(*record));
      }
    }
    s.dns_nodes.push_back(std::move(node));
    return;
  }
  if (*kind == O::cross_ref) {
    CrossRef ref;
    ref.dn = entry.dn;
    ref.nc_name = d.text(decoded(O::cross_ref, "nCName"));
    ref.dns_root = util::to_lower(d.text(decoded(O::cross_ref, "dnsRoot")));
    ref.netbios_name = d.text(decoded(O::cross_ref, "nETBIOSName"));
    ref.system_flags = d.integer(decoded(O::cross_ref, "systemFlags"));
    s.configuration.cross_refs.push_back(std::move(ref));
    return;
  }
  if (*kind == O::site) {
    s.configuration.sites_read = true;
    if (const auto* link = d.find(decoded(O::site, "gPLink")); link != nullptr) {
      GpoLinkContainer c;
      c.dn = entry.dn;
      c.has_gp_link = true;
      c.links = parse_gplink(d.text(decoded(O::site, "gPLink")));
      s.configuration.site_gpo_links.push_back(std::move(c));
    }
    return;
  }
  if (*kind == O::authn_policy) {
    AuthnPolicy p;
    p.dn = entry.dn;
    p.name = util::first_rdn_value(entry.dn);
    p.enforced = d.boolean(decoded(O::authn_policy, "msDS-AuthNPolicyEnforced"));
    p.user_allowed_ntlm_network = d.boolean(decoded(O::authn_policy, "msDS-UserAllowedNTLMNetworkAuthentication"));
    p.service_allowed_ntlm_network =
      d.boolean(decoded(O::authn_policy, "msDS-ServiceAllowedNTLMNetworkAuthentication"));
    p.user_allowed_to_authenticate_from =
      !d.text(decoded(O::authn_policy, "msDS-UserAllowedToAuthenticateFrom")).empty();
    p.service_allowed_to_authenticate_from =
      !d.text(decoded(O::authn_policy, "msDS-ServiceAllowedToAuthenticateFrom")).empty();
    s.configuration.authn_policies.push_back(std::move(p));
    return;
  }
  if (*kind == O::authn_policy_silo) {
    AuthnPolicySilo silo;
    silo.dn = entry.dn;
    silo.name = util::first_rdn_value(entry.dn);
    silo.enforced = d.boolean(decoded(O::authn_policy_silo, "msDS-AuthNPolicySiloEnforced"));
    silo.user_policy = d.text(decoded(O::authn_policy_silo, "msDS-UserAuthNPolicy"));
    silo.service_policy = d.text(decoded(O::authn_policy_silo, "msDS-ServiceAuthNPolicy"));
    silo.computer_policy = d.text(decoded(O::authn_policy_silo, "msDS-ComputerAuthNPolicy"));
    silo.members = d.take(decoded(O::authn_policy_silo, "msDS-AuthNPolicySiloMembers"));
    s.configuration.authn_policy_silos.push_back(std::move(silo));
    return;
  }
  if (*kind == O::partitions) {
    m_read_partitions = true;
    s.configuration.forest_functional_level = d.integer(decoded(O::partitions, "msDS-Behavior-Version"));
    PartitionsContainer p;
    p.dn = entry.dn;
    p.forest_root = domain;
    p.upn_suffixes = d.take(decoded(O::partitions, "uPNSuffixes"));
    p.spn_suffixes = d.take(decoded(O::partitions, "msDS-SPNSuffixes"));
    s.configuration.partitions.push_back(std::move(p));
    return;
  }
  if (*kind == O::directory_service) {
    m_read_directory_service = true;
    if (const auto* values = entry.find(decoded(O::directory_service, "sPNMappings"))) {
      s.configuration.spn_mappings_present = true;
      s.configuration.spn_mappings = *values;
    }
    s.configuration.ds_heuristics = d.text(decoded(O::directory_service, "dsHeuristics"));
    return;
  }
  if (*kind == O::dfs) {
    s.dfs_objects.push_back(raw_object(entry, std::move(classes), domain));
    return;
  }
  if (*kind == O::gpo) {
    s.gpos.push_back(raw_object(entry, std::move(classes), domain));
    return;
  }
  if (*kind == O::organizational_unit) {
    add_link_container(d, s, entry.dn, domain, decoded(O::organizational_unit, "gPLink"),
                       decoded(O::organizational_unit, "gPOptions"));
    return;
  }
}

bool
SnapshotBuilder::shares_objects_with(const SnapshotBuilder& other) const
{
  const bool mine_smaller = m_seen_dns.size() <= other.m_seen_dns.size();
  const auto& small = mine_smaller ? m_seen_dns : other.m_seen_dns;
  const auto& large = mine_smaller ? other.m_seen_dns : m_seen_dns;
  bool shared = false;
  small.for_each([&](std::uint64_t hash) { shared = shared || large.contains(hash); });
  return shared;
}

namespace {

// Move the elements of `from` to the end of `to`, whose capacity was reserved for them.
template <typename T>
void
append_moved(std::vector<T>& to, std::vector<T>&& from)
{
  if (to.empty() && from.capacity() >= to.capacity()) {
    to = std::move(from);
    return;
  }
  std::move(from.begin(), from.end(), std::back_inserter(to));
  from = {};
}

// Reserve room in `to` for what each of `builders` holds in the vector `member` picks.
template <typename T, typename Pick>
void
reserve_for(std::vector<T>& to, const std::vector<SnapshotBuilder>& builders, Pick member)
{
  std::size_t total = to.size();
  for (const auto& b : builders) {
    total += member(b).size();
  }
  to.reserve(total);
}

} // namespace

void
SnapshotBuilder::shrink_to_fit()
{
  m_snapshot.accounts.shrink_to_fit();
  m_snapshot.groups.shrink_to_fit();
  m_snapshot.dns_nodes.shrink_to_fit();
}

void
SnapshotBuilder::append(std::vector<SnapshotBuilder>&& later)
{
  // One reservation per vector, so each element moves once (a million accounts are 500 MB).
  reserve_for(
    m_snapshot.accounts, later, [](const SnapshotBuilder& b) -> auto& { return b.m_snapshot.accounts; });
  reserve_for(
    m_snapshot.groups, later, [](const SnapshotBuilder& b) -> auto& { return b.m_snapshot.groups; });
  reserve_for(
    m_snapshot.dns_nodes, later, [](const SnapshotBuilder& b) -> auto& { return b.m_snapshot.dns_nodes; });
  reserve_for(
    m_snapshot.diagnostics, later, [](const SnapshotBuilder& b) -> auto& { return b.m_snapshot.diagnostics; });
  for (auto& builder : later) {
    append_one(std::move(builder));
  }
  later.clear();
}

void
SnapshotBuilder::append_one(SnapshotBuilder&& later)
{
  auto& s = m_snapshot;
  auto& l = later.m_snapshot;
  // Every field SnapshotBuilder::add() writes (the others are set by the caller of finish()).
  append_moved(s.accounts, std::move(l.accounts));
  append_moved(s.groups, std::move(l.groups));
  append_moved(s.domains, std::move(l.domains));
  append_moved(s.trusts, std::move(l.trusts));
  append_moved(s.dns_nodes, std::move(l.dns_nodes));
  append_moved(s.dfs_objects, std::move(l.dfs_objects));
  append_moved(s.gpos, std::move(l.gpos));
  append_moved(s.gpo_link_containers, std::move(l.gpo_link_containers));
  append_moved(s.diagnostics, std::move(l.diagnostics));
  s.data_sets |= l.data_sets;
  s.objects_read += l.objects_read;
  for (const auto& [partition, count] : l.objects_per_partition) {
    s.objects_per_partition[partition] += count;
  }
  auto& c = s.configuration;
  auto& lc = l.configuration;
  append_moved(c.cross_refs, std::move(lc.cross_refs));
  append_moved(c.partitions, std::move(lc.partitions));
  append_moved(c.site_gpo_links, std::move(lc.site_gpo_links));
  append_moved(c.authn_policies, std::move(lc.authn_policies));
  append_moved(c.authn_policy_silos, std::move(lc.authn_policy_silos));
  c.sites_read = c.sites_read || lc.sites_read;
  if (later.m_read_directory_service) {
    m_read_directory_service = true;
    c.ds_heuristics = std::move(lc.ds_heuristics);
    if (lc.spn_mappings_present) {
      c.spn_mappings_present = true;
      c.spn_mappings = std::move(lc.spn_mappings);
    }
  }
  if (later.m_read_partitions) {
    m_read_partitions = true;
    c.forest_functional_level = lc.forest_functional_level;
  }
  later.m_seen_dns.for_each([&](std::uint64_t hash) { m_seen_dns.insert(hash); });
}

std::optional<DirectoryObject>
directory_object_of(const Entry& entry)
{
  return classify(place(util::parse_dn(entry.dn)).partition, lowercase_classes(entry));
}

Snapshot
SnapshotBuilder::finish() &&
{
  auto& s = m_snapshot;
  if (s.configuration.forest_root.empty()) {
    for (const auto& [name, count] : s.objects_per_partition) {
      if (util::istarts_with(name, "CN=Configuration,")) {
        s.configuration.forest_root = util::domain_of_dn(name);
      }
    }
  }
  // Domains that hold accounts but whose domain object was not read.
  std::set<std::string> known;
  for (const auto& dom : s.domains) {
    known.insert(dom.dns_name);
  }
  auto add_implied = [&](std::string_view name) {
    if (!name.empty() && known.emplace(name).second) {
      Domain dom;
      dom.dns_name = name;
      s.domains.push_back(std::move(dom));
    }
  };
  for (const auto& a : s.accounts) {
    add_implied(a.domain);
  }
  for (const auto& g : s.groups) {
    add_implied(g.domain);
  }
  for (auto& dom : s.domains) {
    for (const auto& ref : s.configuration.cross_refs) {
      // The Configuration and Schema crossRefs carry the forest root's dnsRoot too, without a
      // NetBIOS name: only the domain's own crossRef names it, in whatever order they come.
      if (!ref.dns_root.empty() && !ref.netbios_name.empty() && util::iequals(ref.dns_root, dom.dns_name)) {
        dom.netbios_name = ref.netbios_name;
      }
    }
  }
  std::sort(s.domains.begin(), s.domains.end(),
            [](const Domain& a, const Domain& b) { return a.dns_name < b.dns_name; });
  return std::move(m_snapshot);
}

} // namespace kerbready::collect
