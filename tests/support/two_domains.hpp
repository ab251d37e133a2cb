#pragma once

// A forest of two domains, each as its own DC reads it (the way most admins scan), for the tests of
// what was read (src/ad/scope.hpp): the forest root corp.example.com, whose zone delegates
// child.corp.example.com (an NS record and a glue A record for the child's DC), and the child
// domain child.corp.example.com, whose DC holds the usual SPNs under the forest root's _msdcs zone.
// merged() of the two is the forest-wide scan.

#include "tests/support/dns_records.hpp"
#include "tests/support/snapshot_builder.hpp"

#include <string>

namespace kerbready::test {

inline const std::string k_parent = "corp.example.com";
inline const std::string k_child = "child.corp.example.com";
// The child DC's GUID name in the forest root's _msdcs zone.
inline const std::string k_child_dc_guid_name = "0f1e2d3c-aaaa-bbbb-cccc-123456789abc._msdcs.corp.example.com";

// The crossRefs of both domains (the Configuration partition is the same from either DC).
inline void
add_forest_configuration(SnapshotBuilder& b)
{
  b.cross_ref(k_parent, k_parent);
  b.cross_ref(k_child, k_parent);
}

// The forest root read alone: its DC and its zone, which delegates the child zone.
inline SnapshotBuilder
parent_domain(bool with_configuration = true)
{
  SnapshotBuilder b(k_parent);
  b.domain_controller("DC1");
  if (with_configuration) {
    add_forest_configuration(b);
  }
  auto& s = b.snapshot();
  add_dns_node(s, "@", k_parent, {ns_record("dc1.corp.example.com")});
  add_dns_node(s, "dc1", k_parent, {a_record(10, 0, 0, 1, 3700000)});
  add_dns_node(s, "child", k_parent, {ns_record("dc2.child.corp.example.com")});
  add_dns_node(s, "dc2.child", k_parent, {a_record(10, 0, 1, 1)}); // glue: static, no computer in this domain
  return b;
}

// The child domain read alone: its DC (with its _msdcs GUID SPNs) and its own zone.
inline SnapshotBuilder
child_domain(bool with_configuration = true)
{
  SnapshotBuilder b(k_child);
  b.snapshot().domains.back().netbios_name = "CHILD";
  auto& dc = b.domain_controller("DC2");
  dc.service_principal_names.push_back("ldap/" + k_child_dc_guid_name);
  dc.service_principal_names.push_back("RPC/" + k_child_dc_guid_name);
  dc.service_principal_names.push_back("ldap/dc2.child.corp.example.com/child.corp.example.com");
  dc.service_principal_names.push_back("GC/dc2.child.corp.example.com/corp.example.com");
  if (with_configuration) {
    add_forest_configuration(b);
  }
  auto& s = b.snapshot();
  add_dns_node(s, "@", k_child, {ns_record("dc2.child.corp.example.com")});
  add_dns_node(s, "dc2", k_child, {a_record(10, 0, 1, 1, 3700000)});
  return b;
}

} // namespace kerbready::test
