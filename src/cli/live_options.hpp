#pragma once

// Connection options shared by `scan` (live mode) and `collect`: which DC, how to bind, TLS, and
// how to read. One init function adds them to both sub-commands.

#include "src/input/entry.hpp"
#include "src/live/ldap_collector.hpp"

#include <CLI/CLI.hpp>

#include <functional>
#include <string>

namespace kerbready::cli {

struct LiveOptions
{
  std::string server;
  std::string domain;
  bool forest = false;
  std::string auth = "gssapi";
  std::string tls = "auto";
  std::string keytab;
  std::string principal;
  std::string user;
  std::string password_file;
  std::string ca_file;
  bool tls_insecure = false;
  int timeout = 120;
  int page_size = 1000;
  unsigned parallel = 0; // --parallel: LDAP connections read at once (scan: also threads for the checks); 0: default
  bool quiet = false;
};

// Add the connection options to `sub`, in an option group of their own.
void add_live_options(CLI::App& sub, LiveOptions& options);

// Return whether any option that only makes sense for a live read was given on `sub`.
[[nodiscard]] bool live_option_given(const CLI::App& sub);

// Called once the directory was read, while the credentials are still at hand (the password is
// zeroed afterwards): reads SYSVOL with the same ones.
using AfterCollection = std::function<void(const collect::ConnectionOptions&, const collect::CollectSummary&)>;

// Resolve the password (for --auth simple), read the directory, call `after` (when given) and
// return the summary. Throws Fatal on usage errors (exit 2) and on failed connections (exit 3).
[[nodiscard]] collect::CollectSummary run_live_collection(const LiveOptions& options, const collect::EntrySink& sink,
                                                          const AfterCollection& after = {});

} // namespace kerbready::cli
