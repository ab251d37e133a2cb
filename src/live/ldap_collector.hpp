#pragma once

// A live read of the directory: find a DC, bind (ldap_connection.hpp), then run the search plan
// (search_plan.hpp) with paged results and range retrieval, and hand every entry to a sink. The
// scan command feeds the sink to a SnapshotBuilder, the collect command to an LDIF writer.

#include "src/input/entry.hpp"
#include "src/live/ldap_connection.hpp"
#include "src/live/plan/partition_counts.hpp"
#include "src/model/snapshot.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace kerbready::collect {

// LDAP connections to one DC read at once, unless told (--parallel).
inline constexpr unsigned k_default_connections = 4;

struct CollectOptions
{
  ConnectionOptions connection;
  std::string server;  // HOST[:PORT] or URI; empty: locate a DC of `domain`
  std::string domain;  // DNS domain; empty with no server: the realm of the ticket cache
  bool forest = false; // read every domain of the forest, each through a DC of its own
  int page_size = 1000;
  bool progress = false; // progress lines on stderr
  // LDAP connections to the DC read at once: the domain partition is read as disjoint slices and
  // the DNS partitions beside it, each over its own connection (1: one search after the other).
  unsigned connections = k_default_connections;
};

struct CollectSummary
{
  std::vector<std::string> dcs;                  // URIs of the DCs read
  std::vector<std::string> dc_dns_names;         // their RootDSE dnsHostName, in the same order ("" unknown)
  std::map<std::string, std::string> collection; // for ScanMetadata::collection
  unsigned data_sets = 0;                        // DataSet bits read completely
  std::vector<Diagnostic> problems;              // what could not be read (the scan is partial)
  std::uint64_t entries = 0;
  std::map<std::string, std::uint64_t> entries_per_partition; // naming context DN -> entries
  std::vector<PartitionRead> partitions;                      // each search that finished, with its count
};

using EntrySink = std::function<void(const Entry&)>;

// Read the directory. Connection failures (no DC reachable, bind refused, TLS verification failed,
// the DC gone mid-search, paging state lost) throw Fatal with one line and ExitStatus::incomplete;
// a partition that could not be read completely (no access, a server-side limit), or that returned
// no object although it must hold some (empty_partition_problems()), is a problem in the summary
// and the data set is not marked read.
[[nodiscard]] CollectSummary collect_directory(const CollectOptions& options, const EntrySink& sink);

} // namespace kerbready::collect
