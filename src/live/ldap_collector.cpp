#include "src/live/ldap_collector.hpp"

#include "src/live/dc_locator.hpp"
#include "src/live/plan/search_plan.hpp"
#include "src/util/ad.hpp"
#include "src/util/parallel.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <optional>

namespace kerbready::collect {

namespace {

using Clock = std::chrono::steady_clock;

// Domains of a forest read at the same time as the first one (scan/collect --forest).
constexpr std::size_t k_parallel_domains = 4;

// One line on stderr, rewritten in place at most four times a second.
class Progress
{
public:
  explicit Progress(bool enabled) : m_enabled(enabled) {}
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;
  ~Progress() { clear(); }

  void start(std::string label)
  {
    m_label = std::move(label);
    m_count = 0;
    m_started = Clock::now();
    m_last = m_started - std::chrono::seconds(1);
    tick(0);
  }

  void tick(std::uint64_t count)
  {
    m_count = count;
    if (!m_enabled) {
      return;
    }
    const auto now = Clock::now();
    if (now - m_last < std::chrono::milliseconds(250)) {
      return;
    }
    m_last = now;
    const double seconds = std::chrono::duration<double>(now - m_started).count();
    const auto rate = seconds > 0.5 ? static_cast<std::uint64_t>(static_cast<double>(count) / seconds) : 0;
    auto line = fmt::format("kerbready: reading {}: {} objects", util::sanitize(m_label, 80), count);
    if (rate > 0) {
      line += fmt::format(", {}/s", rate);
    }
    // Progress is best effort: a failed write to stderr must not stop the collection.
    (void)std::fprintf(stderr, "\r%-100.100s", line.c_str());
    (void)std::fflush(stderr);
    m_shown = true;
  }

  void clear()
  {
    if (m_shown) {
      (void)std::fprintf(stderr, "\r%-100s\r", "");
      (void)std::fflush(stderr);
      m_shown = false;
    }
  }

private:
  bool m_enabled;
  bool m_shown = false;
  std::string m_label;
  std::uint64_t m_count = 0;
  Clock::time_point m_started;
  Clock::time_point m_last;
};

// An attribute whose values came back as one range ("member;range=0-1499"): more must be fetched.
struct PendingRange
{
  std::string attribute; // base name as the server spelt it, e.g. "member"
  long next_low = 0;
};

// Note the attributes of `read` that came back as a partial range; return its entry.
Entry
take_entry(ReadEntry& read, std::vector<PendingRange>& pending)
{
  for (const auto& name : read.ranged_names) {
    if (auto low = next_range_low(name)) {
      std::string_view raw(name);
      pending.push_back(PendingRange{std::string(raw.substr(0, raw.find(';'))), *low});
    }
  }
  return std::move(read.entry);
}

class Reader
{
public:
  Reader(const CollectOptions& options, const EntrySink& sink, CollectSummary& summary, Progress& progress)
      : m_options(options), m_sink(sink), m_summary(summary), m_progress(progress)
  {
  }

  // Read `base` with one planned search. Returns false (and records a problem) when the partition
  // could not be read completely; throws Fatal when the connection is unusable.
  // `slice`, when not empty, narrows the plan's filter to a disjoint part of the partition.
  bool read_partition(LdapConnection& session, const std::string& base, const PlannedSearch& plan,
                      std::string_view slice = {})
  {
    const auto uri = session.endpoint().uri();
    const auto& attributes = plan.attributes; // exactly the plan's list
    const std::string filter = slice.empty() ? std::string(plan.filter) : fmt::format("(&{}{})", plan.filter, slice);
    std::string cookie;
    std::uint64_t count = 0;
    bool first_page = true;
    m_progress.start(fmt::format("{} from {}", base, session.endpoint().host));

    while (true) {
      auto page = session.search_page(base, filter, attributes, m_options.page_size, cookie);
      if (!page) {
        if (page.error().status == LdapStatus::timeout) {
          throw Fatal(fmt::format("the DC at {} did not answer within {} s while reading {} (after {} objects); "
                                  "retry, or raise --timeout",
                                  uri, session.timeout_seconds(), base, count));
        }
        connection_lost(session, base, count, page.error());
      }
      std::vector<Entry> entries;
      std::vector<std::vector<PendingRange>> page_ranges(page->entries.size());
      entries.reserve(page->entries.size());
      for (std::size_t i = 0; i < page->entries.size(); ++i) {
        entries.push_back(take_entry(page->entries[i], page_ranges[i]));
      }
      // Range retrieval for the page's entries, between two page requests (no search is open).
      for (std::size_t i = 0; i < entries.size(); ++i) {
        for (const auto& pending : page_ranges[i]) {
          follow_range(session, entries[i], pending);
        }
      }
      for (auto& entry : entries) {
        m_sink(entry);
        ++count;
        ++m_summary.entries;
      }
      m_progress.tick(count);

      if (page->status != LdapStatus::success) {
        const auto& detail = page->detail;
        switch (page->status) {
        case LdapStatus::limit_exceeded:
          problem(uri, fmt::format("{} was read only partly ({} objects): the DC stopped the search with '{}'; "
                                   "raise the DC's query policy limits or --timeout",
                                   base, count, detail));
          return false;
        case LdapStatus::no_access:
          problem(uri, fmt::format("{} could not be read: {}; bind as an account that may read it", base, detail));
          return false;
        case LdapStatus::paging_refused:
          if (!first_page) {
            throw Fatal(fmt::format("the DC at {} lost the paged search of {} after {} objects ({}); its paging "
                                    "cookie expired or the DC restarted: retry the scan",
                                    uri, base, count, detail));
          }
          break;
        case LdapStatus::connection_lost:
        case LdapStatus::timeout:
          connection_lost(session, base, count, LdapError{page->status, detail});
        default:
          break;
        }
        problem(uri, fmt::format("{} could not be read: {}", base, detail));
        return false;
      }
      if (!page->has_page_control) {
        throw Fatal(fmt::format("the DC at {} answered the paged search of {} without a paging cookie (after {} "
                                "objects); the result may be short: retry, or report the DC's behaviour",
                                uri, base, count));
      }
      cookie = std::move(page->cookie);
      first_page = false;
      if (cookie.empty()) {
        break;
      }
    }
    m_summary.entries_per_partition[base] += count;
    return true;
  }

private:
  [[noreturn]] void connection_lost(const LdapConnection& session, const std::string& base, std::uint64_t count,
                                    const LdapError& error)
  {
    throw Fatal(fmt::format("lost the connection to the DC at {} while reading {} after {} objects: {}; check that "
                            "the DC is up and retry",
                            session.endpoint().uri(), base, count, error.text));
  }

  void problem(const std::string& where, std::string message)
  {
    m_summary.problems.push_back(Diagnostic{where, std::move(message)});
  }

  // Fetch the remaining values of a ranged attribute with base searches on the entry.
  void follow_range(LdapConnection& session, Entry& entry, PendingRange pending)
  {
    // Bounded (range_stop_reason): a DC that answers the same range forever, or an attribute with
    // more values than an entry may hold, makes the scan incomplete instead of looping or filling
    // memory.
    const auto base_name = attribute_base_name(pending.attribute);
    for (std::size_t queries = 0;; ++queries) {
      const auto requested = fmt::format("{};range={}-*", pending.attribute, pending.next_low);
      auto read = session.read_entry(entry.dn, {requested});
      if (!read) {
        if (read.error().status == LdapStatus::connection_lost || read.error().status == LdapStatus::timeout) {
          connection_lost(session, entry.dn, 0, read.error());
        }
        problem(session.endpoint().uri(),
                fmt::format("{}: values of {} from {} on could not be read: {}", util::sanitize(entry.dn, 200),
                            pending.attribute, pending.next_low, read.error().text));
        return;
      }
      std::optional<long> next;
      // The values keep the range they came with ("member;range=1500-*"), so that the entry knows
      // its last range ended in '*' (Entry::truncated_ranges); values sent without a range are all
      // the rest.
      auto raw_name = fmt::format("{};range={}-*", base_name, pending.next_low);
      for (const auto& name : read->ranged_names) {
        if (attribute_base_name(name) == base_name) {
          next = next_range_low(name);
          raw_name = name;
        }
      }
      bool found = false;
      for (auto& attribute : read->entry.attributes) {
        if (attribute.name == base_name) {
          found = true;
          for (auto& value : attribute.values) {
            entry.add_value(raw_name, std::move(value));
          }
        }
      }
      if (!found || !next) {
        return;
      }
      if (auto reason = range_stop_reason(pending.next_low, *next, queries + 1, entry.value_count())) {
        problem(session.endpoint().uri(),
                fmt::format("{}: values of {} from {} on were not read: {}", util::sanitize(entry.dn, 200),
                            util::sanitize(pending.attribute, 80), *next, *reason));
        return;
      }
      pending.next_low = *next;
    }
  }

  const CollectOptions& m_options;
  const EntrySink& m_sink;
  CollectSummary& m_summary;
  Progress& m_progress;
};

const PlannedSearch&
plan_for(PlanPartition partition)
{
  for (const auto& plan : search_plan()) {
    if (plan.partition == partition) {
      return plan;
    }
  }
  throw Fatal("internal error: no search planned for a partition");
}

bool
has_naming_context(const RootDse& root, const std::string& dn)
{
  for (const auto& nc : root.naming_contexts) {
    if (util::iequals(nc, dn)) {
      return true;
    }
  }
  return false;
}

// Open a session to the first DC of `domain` that answers.
std::unique_ptr<LdapConnection>
open_domain(const std::string& domain, const CollectOptions& options)
{
  auto dcs = find_domain_controllers(domain);
  if (!dcs) {
    throw Fatal(dcs.error());
  }
  std::vector<std::string> failures;
  for (const auto& dc : *dcs) {
    Endpoint endpoint;
    endpoint.host = dc.target;
    endpoint.port = dc.port;
    auto session = open_connection(endpoint, options.connection);
    if (session) {
      return std::move(*session);
    }
    if (!session.error().unreachable) {
      throw Fatal(session.error().message);
    }
    failures.push_back(session.error().message);
  }
  if (failures.size() == 1) {
    throw Fatal(failures.front());
  }
  throw Fatal(fmt::format("none of the {} DCs of {} answered; first: {}", failures.size(), domain, failures.front()));
}

std::unique_ptr<LdapConnection>
open_first(const CollectOptions& options)
{
  if (!options.server.empty()) {
    auto endpoint = parse_endpoint(options.server);
    if (!endpoint) {
      throw Fatal(endpoint.error(), ExitStatus::usage);
    }
    auto session = open_connection(*endpoint, options.connection);
    if (!session) {
      throw Fatal(session.error().message);
    }
    return std::move(*session);
  }
  std::string domain = options.domain;
  if (domain.empty()) {
    if (options.connection.auth != AuthMethod::gssapi) {
      throw Fatal("name the DC with --server or the domain with --domain", ExitStatus::usage);
    }
    auto found = default_domain(options.connection);
    if (!found) {
      throw Fatal(found.error(), options.connection.keytab.empty() ? ExitStatus::incomplete : ExitStatus::usage);
    }
    domain = *found;
  }
  return open_domain(domain, options);
}

struct DomainRef
{
  std::string nc;
  std::string dns_root;
};

// Entries of searches that run side by side reach the sink one at a time and in the order the
// searches are listed, whatever order they finish in: the first unfinished search streams, the
// others are held until every search before them finished. A scan's snapshot, and so its report,
// is then the same for any number of connections.
class OrderedSink
{
public:
  OrderedSink(std::size_t searches, const EntrySink& sink, Progress& progress)
      : m_sink(sink), m_progress(progress), m_held(searches), m_done(searches, false)
  {
  }

  void add(std::size_t search, const Entry& entry)
  {
    const std::lock_guard lock(m_mutex);
    if (search == m_next) {
      m_sink(entry);
    } else {
      m_held[search].push_back(entry);
    }
    m_progress.tick(++m_count);
  }

  void finish(std::size_t search)
  {
    const std::lock_guard lock(m_mutex);
    m_done[search] = true;
    while (m_next < m_done.size() && m_done[m_next]) {
      ++m_next;
      if (m_next < m_held.size()) {
        for (const auto& entry : m_held[m_next]) {
          m_sink(entry);
        }
        std::vector<Entry>().swap(m_held[m_next]);
      }
    }
  }

private:
  const EntrySink& m_sink;
  Progress& m_progress;
  std::mutex m_mutex;
  std::vector<std::vector<Entry>> m_held;
  std::vector<bool> m_done;
  std::size_t m_next = 0;
  std::uint64_t m_count = 0;
};

} // namespace

CollectSummary
collect_directory(const CollectOptions& options, const EntrySink& sink)
{
  CollectSummary summary;
  Progress progress(options.progress);
  auto session = open_first(options);
  const auto root = session->root_dse();
  summary.dcs.push_back(session->endpoint().uri());
  summary.dc_dns_names.push_back(root.dns_host_name);
  summary.collection["dc"] = fmt::format("{} ({})", session->endpoint().uri(),
                                         root.dns_host_name.empty() ? "no dnsHostName" : root.dns_host_name);
  summary.collection["bind"] = session->bind_description();
  summary.collection["security"] = session->security_layer();
  summary.collection["tls"] = session->tls_verification();
  summary.collection["levels"] = fmt::format("domain {}, forest {}, DC {}", root.domain_functionality,
                                             root.forest_functionality, root.domain_controller_functionality);

  // Domain references from the crossRefs, for --forest.
  std::vector<DomainRef> domains;
  const EntrySink config_sink = [&](const Entry& entry) {
    const auto* classes = entry.find("objectclass");
    bool cross_ref = false;
    if (classes != nullptr) {
      for (const auto& c : *classes) {
        cross_ref = cross_ref || util::iequals(c, "crossRef");
      }
    }
    const auto* flags = entry.first("systemflags");
    const auto flag_value = flags != nullptr ? util::parse_int(*flags) : std::nullopt;
    if (cross_ref && flag_value && (*flag_value & 2) != 0 && entry.first("ncname") != nullptr &&
        entry.first("dnsroot") != nullptr) {
      domains.push_back(DomainRef{*entry.first("ncname"), *entry.first("dnsroot")});
    }
    sink(entry);
  };

  unsigned failed = 0;
  const auto read_with = [&](LdapConnection& s, const std::string& base, PlanPartition partition,
                             const EntrySink& target, CollectSummary& into, unsigned& failed_into, Progress& shown) {
    Reader reader(options, target, into, shown);
    const auto& plan = plan_for(partition);
    const auto before = into.entries_per_partition[base];
    if (reader.read_partition(s, base, plan)) {
      into.partitions.push_back(
        PartitionRead{s.endpoint().uri(), base, partition, into.entries_per_partition[base] - before});
      into.data_sets |= static_cast<unsigned>(plan.data_set);
    } else {
      failed_into |= static_cast<unsigned>(plan.data_set);
    }
  };

  if (!root.configuration_naming_context.empty()) {
    read_with(*session, root.configuration_naming_context, PlanPartition::configuration, config_sink, summary, failed,
              progress);
  } else {
    summary.problems.push_back(Diagnostic{session->endpoint().uri(), "the RootDSE names no Configuration partition"});
  }

  // With --forest, the other domains are read side by side with this one, each through a DC and a
  // session of its own, at most k_parallel_domains at a time. Entries reach the sink one at a time;
  // DC location and binding take turns (the resolver and SASL set-up are not thread-safe on every
  // platform), the reads, where the time goes, overlap.
  std::vector<DomainRef> others;
  if (options.forest) {
    for (const auto& domain : domains) {
      if (!util::iequals(util::normalize_dn(domain.nc), util::normalize_dn(root.default_naming_context))) {
        others.push_back(domain);
      }
    }
  }
  std::mutex sink_mutex;
  const EntrySink locked_sink = [&](const Entry& entry) {
    const std::lock_guard lock(sink_mutex);
    sink(entry);
  };
  const EntrySink& target = others.empty() ? sink : locked_sink;
  struct OtherRead
  {
    CollectSummary summary;
    unsigned failed = 0;
  };
  std::vector<OtherRead> other_reads(others.size());
  std::mutex open_mutex;
  const auto read_other = [&](std::size_t i) {
    const auto& domain = others[i];
    auto& r = other_reads[i];
    std::unique_ptr<LdapConnection> other;
    try {
      const std::lock_guard lock(open_mutex);
      other = open_domain(util::to_lower(domain.dns_root), options);
    } catch (const Fatal& e) {
      r.summary.problems.push_back(
        Diagnostic{domain.dns_root, fmt::format("domain {} not read: {}", domain.dns_root, e.what())});
      r.failed |= static_cast<unsigned>(DataSet::domain);
      return;
    }
    r.summary.dcs.push_back(other->endpoint().uri());
    r.summary.dc_dns_names.push_back(other->root_dse().dns_host_name);
    Progress quiet(false); // one progress line for the whole run: the first domain's
    read_with(*other, domain.nc, PlanPartition::domain, locked_sink, r.summary, r.failed, quiet);
    const auto other_dns = "DC=DomainDnsZones," + domain.nc;
    if (has_naming_context(other->root_dse(), other_dns)) {
      read_with(*other, other_dns, PlanPartition::domain_dns, locked_sink, r.summary, r.failed, quiet);
    }
  };
  // This domain's partitions: the domain partition in slices, then the DNS partitions. With more
  // than one connection they are read side by side over connections of their own to the same DC
  // (the DC reads one search while kerbready parses another); one connection reads them in turn.
  struct OwnSearch
  {
    std::string base;
    PlanPartition partition;
    std::string slice; // domain_slices() in search_plan.hpp
    CollectSummary summary;
    unsigned failed = 0;
  };
  std::vector<OwnSearch> own;
  const unsigned connections = std::max(options.connections, 1u);
  for (auto& slice : domain_slices(root.highest_committed_usn, connections)) {
    own.push_back(OwnSearch{root.default_naming_context, PlanPartition::domain, std::move(slice), {}, 0});
  }
  if (const auto domain_dns = "DC=DomainDnsZones," + root.default_naming_context;
      has_naming_context(root, domain_dns)) {
    own.push_back(OwnSearch{domain_dns, PlanPartition::domain_dns, {}, {}, 0});
  }
  const auto forest_root =
    root.root_domain_naming_context.empty() ? root.default_naming_context : root.root_domain_naming_context;
  if (const auto forest_dns = "DC=ForestDnsZones," + forest_root; has_naming_context(root, forest_dns)) {
    own.push_back(OwnSearch{forest_dns, PlanPartition::forest_dns, {}, {}, 0});
  }
  const auto read_own = [&] {
    if (connections == 1) {
      for (auto& search : own) {
        read_with(*session, search.base, search.partition, target, summary, failed, progress);
      }
      return;
    }
    // One session per search at most; the first is the session already open. Sessions are opened
    // one after the other (SASL set-up is not thread-safe everywhere), before any search starts.
    std::vector<std::unique_ptr<LdapConnection>> sessions;
    {
      const std::lock_guard lock(open_mutex);
      for (std::size_t i = 1; i < std::min<std::size_t>(connections, own.size()); ++i) {
        auto extra = open_connection(session->endpoint(), options.connection);
        if (!extra) {
          throw Fatal(extra.error().message);
        }
        sessions.push_back(std::move(*extra));
      }
    }
    std::mutex pool_mutex;
    std::vector<LdapConnection*> idle{session.get()};
    for (auto& extra : sessions) {
      idle.push_back(extra.get());
    }
    progress.start(fmt::format("{} from {} over {} connections", root.default_naming_context, session->endpoint().host,
                               idle.size()));
    OrderedSink ordered(own.size(), target, progress);
    const auto read_one = [&](std::size_t i) {
      LdapConnection* s = nullptr;
      {
        const std::lock_guard lock(pool_mutex);
        s = idle.back();
        idle.pop_back();
      }
      auto& search = own[i];
      Progress quiet(false);
      const EntrySink to_ordered = [&](const Entry& entry) { ordered.add(i, entry); };
      Reader reader(options, to_ordered, search.summary, quiet);
      const auto& plan = plan_for(search.partition);
      if (reader.read_partition(*s, search.base, plan, search.slice)) {
        search.summary.partitions.push_back(
          PartitionRead{s->endpoint().uri(), search.base, search.partition, search.summary.entries});
        search.summary.data_sets |= static_cast<unsigned>(plan.data_set);
      } else {
        search.failed |= static_cast<unsigned>(plan.data_set);
      }
      ordered.finish(i);
      const std::lock_guard lock(pool_mutex);
      idle.push_back(s);
    };
    util::parallel_for(own.size(), idle.size(), read_one);
    // Merge in the order listed; the slices of one partition become one read of it.
    for (auto& search : own) {
      auto& r = search.summary;
      summary.problems.insert(summary.problems.end(), r.problems.begin(), r.problems.end());
      summary.entries += r.entries;
      for (const auto& [nc, n] : r.entries_per_partition) {
        summary.entries_per_partition[nc] += n;
      }
      for (const auto& read : r.partitions) {
        const auto same =
          std::find_if(summary.partitions.begin(), summary.partitions.end(), [&](const PartitionRead& p) {
            return p.partition == read.partition && p.naming_context == read.naming_context && p.server == read.server;
          });
        if (same == summary.partitions.end()) {
          summary.partitions.push_back(read);
        } else {
          same->objects += read.objects;
        }
      }
      summary.data_sets |= r.data_sets;
      failed |= search.failed;
    }
    summary.collection["connections"] =
      fmt::format("{} to {} at once ({} searches)", idle.size(), session->endpoint().uri(), own.size());
  };
  util::run_parallel(others.size(), k_parallel_domains, read_other, read_own);

  if (options.forest) {
    for (auto& r : other_reads) {
      summary.dcs.insert(summary.dcs.end(), r.summary.dcs.begin(), r.summary.dcs.end());
      summary.dc_dns_names.insert(summary.dc_dns_names.end(), r.summary.dc_dns_names.begin(),
                                  r.summary.dc_dns_names.end());
      summary.problems.insert(summary.problems.end(), r.summary.problems.begin(), r.summary.problems.end());
      summary.entries += r.summary.entries;
      for (const auto& [nc, n] : r.summary.entries_per_partition) {
        summary.entries_per_partition[nc] += n;
      }
      summary.data_sets |= r.summary.data_sets;
      summary.partitions.insert(summary.partitions.end(), r.summary.partitions.begin(), r.summary.partitions.end());
      failed |= r.failed;
    }
    const auto at_once = std::min(others.size(), k_parallel_domains) + 1;
    summary.collection["forest"] =
      fmt::format("{} domains read through {}{}", domains.size(), fmt::join(summary.dcs, ", "),
                  at_once > 1 ? fmt::format(", {} at a time", at_once) : "");
  }
  // A search that succeeded with nothing where something must be is a collection problem too.
  for (auto& problem : empty_partition_problems(summary.partitions)) {
    summary.problems.push_back(std::move(problem.diagnostic));
    failed |= static_cast<unsigned>(problem.data_set);
  }
  // A data set counts as read only when every partition of it was read completely.
  summary.data_sets &= ~failed;
  return summary;
}

} // namespace kerbready::collect
