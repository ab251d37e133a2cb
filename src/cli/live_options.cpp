#include "src/cli/live_options.hpp"

#include "src/cli/commands.hpp"
#include "src/util/input_guard.hpp"
#include "src/util/secret.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <fstream>
#include <optional>
#include <utility>

namespace kerbready::cli {

namespace {

constexpr const char* k_group = "Live directory (instead of --snapshot)";
constexpr const char* k_live_option_names[] = {
  "--server", "--domain",        "--forest",  "--auth",         "--tls",     "--keytab",   "--principal",
  "--user",   "--password-file", "--ca-file", "--tls-insecure", "--timeout", "--page-size"};

constexpr const char* k_password_variable = "KERBREADY_PASSWORD";

// Zeroes a string holding a secret when it goes out of scope, however the scope is left.
class ZeroOnExit
{
public:
  explicit ZeroOnExit(std::string& secret) : m_secret(secret) {}
  ZeroOnExit(const ZeroOnExit&) = delete;
  ZeroOnExit& operator=(const ZeroOnExit&) = delete;
  ~ZeroOnExit() { util::secure_zero(m_secret); }

private:
  std::string& m_secret;
};

// An empty password makes an LDAP simple bind an unauthenticated bind (RFC 4513 5.1.2), which
// "succeeds" and reads nothing: refuse it before connecting.
void
refuse_empty(const std::string& password, const std::string& source)
{
  if (password.empty()) {
    throw Fatal(
      fmt::format("{} gives an empty password: refusing (an empty simple bind is an unauthenticated bind)", source),
      ExitStatus::usage);
  }
}

// `from_environment` is KERBREADY_PASSWORD, already taken out of the environment.
std::string
read_password(const LiveOptions& options, const std::optional<std::string>& from_environment)
{
  if (!options.password_file.empty()) {
    util::require_regular_file(options.password_file, "--password-file");
    std::ifstream in(options.password_file, std::ios::binary);
    std::string password;
    if (!in || !std::getline(in, password)) {
      throw Fatal(fmt::format("cannot read the password from {} (empty file?)", options.password_file),
                  ExitStatus::usage);
    }
    if (!password.empty() && password.back() == '\r') {
      password.back() = '\0';
      password.pop_back();
    }
    refuse_empty(password, fmt::format("--password-file {}", options.password_file));
    return password;
  }
  if (from_environment) {
    refuse_empty(*from_environment, k_password_variable);
    return *from_environment;
  }
  auto prompted = read_password_from_terminal(fmt::format("Password for {}: ", util::sanitize(options.user, 100)));
  if (!prompted) {
    throw Fatal("--auth simple needs a password: --password-file FILE, the KERBREADY_PASSWORD environment variable, "
                "or a terminal to prompt on",
                ExitStatus::usage);
  }
  ZeroOnExit zero_prompted(*prompted);
  refuse_empty(*prompted, "the password prompt");
  return *prompted;
}

} // namespace

void
add_live_options(CLI::App& sub, LiveOptions& options)
{
  sub.add_option("--server", options.server, "DC to read: HOST[:PORT], ldap://HOST or ldaps://HOST")->group(k_group);
  sub.add_option("--domain", options.domain, "Find a DC of this DNS domain (SRV _ldap._tcp.dc._msdcs.DOMAIN)")
    ->group(k_group);
  sub.add_flag("--forest", options.forest, "Read every domain of the forest, each through a DC of its own")
    ->group(k_group);
  sub
    .add_option("--auth", options.auth, "Bind method: gssapi (Kerberos ticket cache or --keytab) or simple (TLS only)")
    ->check(CLI::IsMember({"gssapi", "simple"}))
    ->capture_default_str()
    ->group(k_group);
  sub
    .add_option("--tls", options.tls,
                "auto: LDAPS for ldaps:// or port 636, StartTLS for simple binds; or ldaps, starttls, none")
    ->check(CLI::IsMember({"auto", "ldaps", "starttls", "none"}))
    ->capture_default_str()
    ->group(k_group);
  sub.add_option("--keytab", options.keytab, "GSSAPI: get a ticket from this keytab (kept in memory)")
    ->check(CLI::ExistingFile)
    ->group(k_group);
  sub.add_option("--principal", options.principal, "GSSAPI with --keytab: client principal (default: first in keytab)")
    ->group(k_group);
  sub.add_option("--user", options.user, "Simple bind: DN, user@domain or DOMAIN\\user")->group(k_group);
  sub
    .add_option("--password-file", options.password_file,
                "Simple bind: read the password from the first line of FILE (else KERBREADY_PASSWORD, else a prompt)")
    ->check(CLI::ExistingFile)
    ->group(k_group);
  sub
    .add_option(
      "--ca-file", options.ca_file,
      "TLS: trust the CA certificates in this PEM file (instead of TLS_CACERT from ldap.conf / the system CAs)")
    ->check(CLI::ExistingFile)
    ->group(k_group);
  sub.add_flag("--tls-insecure", options.tls_insecure, "TLS: do not verify the DC's certificate (the report says so)")
    ->group(k_group);
  sub.add_option("--timeout", options.timeout, "Seconds allowed for connecting and for each LDAP operation")
    ->check(CLI::Range(1, 3600))
    ->capture_default_str()
    ->group(k_group);
  sub.add_option("--page-size", options.page_size, "Objects per page of the paged search")
    ->check(CLI::Range(1, 100000))
    ->capture_default_str()
    ->group(k_group);
  sub.add_flag("--quiet", options.quiet, "No progress on stderr")->group(k_group);
  sub
    .add_option("--parallel", options.parallel,
                "Work side by side: live, read the partitions and slices of the domain over this many LDAP "
                "connections at once (0: 4); scan, also read a large snapshot file in parts and run the checks on "
                "this many threads (0: one per core, at most 8). The result is the same for any number")
    ->check(CLI::Range(0U, 64U))
    ->capture_default_str();
}

bool
live_option_given(const CLI::App& sub)
{
  for (const char* name : k_live_option_names) {
    if (sub.count(name) > 0) {
      return true;
    }
  }
  return false;
}

collect::CollectSummary
run_live_collection(const LiveOptions& options, const collect::EntrySink& sink, const AfterCollection& after)
{
  // Out of the environment at once (child processes, /proc/PID/environ), whatever --auth says.
  auto from_environment = util::take_environment_secret(k_password_variable);
  std::string unused;
  ZeroOnExit zero_environment(from_environment ? *from_environment : unused);
  if (from_environment || options.auth == "simple" || !options.keytab.empty()) {
    util::disable_core_dumps(); // before any secret is read: no core file may hold it
  }
  if (!options.server.empty() && !options.domain.empty()) {
    throw Fatal("--server and --domain both name the DC to read: give one", ExitStatus::usage);
  }
  collect::CollectOptions collect_options;
  collect_options.server = options.server;
  collect_options.domain = options.domain;
  collect_options.forest = options.forest;
  collect_options.page_size = options.page_size;
  collect_options.connections = options.parallel == 0 ? collect::k_default_connections : options.parallel;
  collect_options.progress = !options.quiet && stderr_is_terminal();
  auto& c = collect_options.connection;
  c.timeout_seconds = options.timeout;
  c.ca_file = options.ca_file;
  c.tls_insecure = options.tls_insecure;
  c.tls = options.tls == "ldaps"      ? collect::TlsMode::ldaps
          : options.tls == "starttls" ? collect::TlsMode::starttls
          : options.tls == "none"     ? collect::TlsMode::none
                                      : collect::TlsMode::automatic;
  if (options.auth == "simple") {
    c.auth = collect::AuthMethod::simple;
    if (!options.keytab.empty() || !options.principal.empty()) {
      throw Fatal("--keytab and --principal are for --auth gssapi", ExitStatus::usage);
    }
    if (options.user.empty()) {
      throw Fatal("--auth simple needs --user (a DN, user@domain or DOMAIN\\user)", ExitStatus::usage);
    }
    // "auto" means StartTLS, or LDAPS for an ldaps:// address, for simple binds.
    if (options.tls == "none") {
      throw Fatal("refusing a simple bind without TLS: the password would cross the network in clear text; use "
                  "ldaps://, --tls starttls (the default for simple binds), or --auth gssapi",
                  ExitStatus::usage);
    }
    c.user = options.user;
    c.password = read_password(options, from_environment);
  } else {
    if (!options.user.empty() || !options.password_file.empty()) {
      throw Fatal("--user and --password-file are for --auth simple; GSSAPI uses the ticket cache or --keytab",
                  ExitStatus::usage);
    }
    if (!options.principal.empty() && options.keytab.empty()) {
      throw Fatal("--principal needs --keytab (without a keytab the ticket cache decides who binds)",
                  ExitStatus::usage);
    }
    c.keytab = options.keytab;
    c.principal = options.principal;
  }
  for (const auto& [path, option] :
       {std::pair{&options.keytab, "--keytab"}, std::pair{&options.ca_file, "--ca-file"}}) {
    if (!path->empty()) {
      util::require_regular_file(*path, option); // the libraries that open them would block on a FIFO
    }
  }
  ZeroOnExit zero_password(c.password);
  auto summary = collect::collect_directory(collect_options, sink);
  if (after) {
    after(c, summary);
  }
  return summary;
}

} // namespace kerbready::cli
