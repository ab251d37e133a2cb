// kerbready: tells an Active Directory team what still makes Windows fall back from Kerberos to
// NTLM. main() builds the command line, runs one sub-command and is the only place that catches.

#include "src/build_info.hpp"
#include "src/cli/commands.hpp"
#include "src/cli/config_file.hpp"
#include "src/util/error.hpp"
#include "src/version.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <iostream>

namespace {

// `kerbready --version`: the version, the commit built from, the optional parts compiled in.
std::string
version_text()
{
  return fmt::format("kerbready {}\ncommit: {}\nlibevtx: {}\nsmb reader: {}\n", kerbready::k_version,
                     kerbready::k_build_commit, kerbready::k_build_libevtx, kerbready::k_build_smb_reader);
}

} // namespace

// A function-try-block, so that a failure while setting up the command line (out of memory, a
// CLI11 ConstructionError) is reported like any other error instead of calling std::terminate.
int
main(int argc, char** argv)
try {
  using kerbready::ExitStatus;
  kerbready::cli::prepare_console();
  CLI::App app{"kerbready: find what makes Windows fall back from Kerberos to NTLM, and what to fix first"};
  app.set_version_flag("--version", version_text());
  app.require_subcommand(1);
  // One line per usage error, like every other error (CLI11's default adds a second line).
  app.failure_message([](const CLI::App* /*app*/, const CLI::Error& e) {
    return fmt::format("kerbready: error: {} (see kerbready --help)\n", e.what());
  });
  // CLI11's config support: a TOML file whose [scan] section holds scan's long option names.
  app.set_config("--config", "", "Read options from this TOML file ([scan] section; examples/systemd/kerbready.toml)")
    ->check(CLI::ExistingFile);
  app.allow_config_extras(CLI::config_extras_mode::error);    // a misspelt key is an error, not ignored
  app.config_formatter(kerbready::cli::make_config_reader()); // skips a UTF-8 byte-order mark
  ExitStatus status = ExitStatus::ok;
  kerbready::cli::set_scan_command(app, status);
  kerbready::cli::set_list_checks_command(app, status);
  kerbready::cli::set_collect_command(app, status);
  kerbready::cli::set_diff_command(app, status);
  kerbready::cli::set_events_command(app, status);
  kerbready::cli::set_probe_command(app, status);
  std::vector<std::string> config_files;
  try {
    // CLI11 would open a FIFO and block, and reports config syntax errors without file or line.
    config_files = kerbready::cli::check_config_files(argc, argv);
    // Not CLI11_PARSE: its error handling would bypass ours.
    app.parse(argc, argv);
  } catch (const CLI::CallForVersion&) {
    std::cout << version_text();
    return 0;
  } catch (const CLI::ConfigError& e) {
    std::cerr << "kerbready: error: " << kerbready::cli::describe_config_error(e.what(), config_files) << '\n';
    return static_cast<int>(ExitStatus::usage);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : static_cast<int>(ExitStatus::usage);
  } catch (const kerbready::Fatal& e) {
    std::cerr << "kerbready: error: " << e.what() << '\n';
    return static_cast<int>(e.status());
  } catch (const kerbready::ErrorBase& e) {
    std::cerr << "kerbready: error: " << e.what() << '\n';
    return static_cast<int>(ExitStatus::incomplete);
  } catch (const std::exception& e) {
    std::cerr << "kerbready: error: " << e.what() << '\n';
    return static_cast<int>(ExitStatus::incomplete);
  }
  return static_cast<int>(status);
} catch (const std::exception& e) {
  std::cerr << "kerbready: error: " << e.what() << '\n';
  return static_cast<int>(kerbready::ExitStatus::incomplete);
} catch (...) {
  std::cerr << "kerbready: error: unexpected exception\n";
  return static_cast<int>(kerbready::ExitStatus::incomplete);
}
