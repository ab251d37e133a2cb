#pragma once

// Reading files from a DC's SYSVOL share: the one interface behind which the SMB client library
// lives, as ldap_connection.hpp is for LDAP. On Linux and macOS it is libsmbclient (Samba); on
// Windows the same calls read the UNC path \\server\share\path directly. Only kr_live links
// it; checks and unit tests never see it.
//
// Authentication is Kerberos only, never NTLM: the ticket cache, a keytab (a ticket obtained into
// an in-memory cache), or a user name and password from which the library itself gets a Kerberos
// ticket. The session requires signing and encryption (SMB 3) and SMB 2.02 or later (SMB1 is
// refused). The library reads no host smb.conf: a minimal configuration of our own (name
// resolution by DNS only, no NetBIOS, port 445 only) is loaded instead, so no host setting can
// weaken the session or send broadcasts.

#include "src/util/error.hpp"

#include <memory>
#include <optional>
#include <string>

namespace kerbready::collect {

struct SmbOptions
{
  std::string server;    // DNS name of the DC (the Kerberos service is cifs/<server>)
  std::string keytab;    // get a ticket from this keytab (kept in memory)
  std::string principal; // with `keytab`; empty: the first principal in it
  std::string user;      // password logon: user@REALM or DOMAIN\user (Kerberos from the password)
  std::string password;
  int timeout_seconds = 120;
};

// What a read gave.
enum class SmbStatus {
  ok,
  not_found,   // the file or a folder on its path does not exist
  failed,      // this file could not be read (access denied, too large, another error); the session works
  unreachable, // the connection was lost (refused, timed out, reset)
};

struct SmbRead
{
  SmbStatus status = SmbStatus::ok;
  std::string bytes;   // with ok
  std::string message; // otherwise: one line saying what failed and what to try
};

class SmbReader
{
public:
  // Prepare a client for `options.server`; nothing is sent until the first read. Returns an error
  // when the library cannot be initialised or the keytab gives no ticket.
  [[nodiscard]] static expected<std::unique_ptr<SmbReader>> open(const SmbOptions& options);
  SmbReader(const SmbReader&) = delete;
  SmbReader& operator=(const SmbReader&) = delete;
  ~SmbReader();

  // Set up the session and connect to \\server\`share`: nothing when that works, else one line
  // saying what failed (connection refused or timed out, logon refused, SMB1 only, access denied
  // to the share). Call it before read(): only this decides that a DC's SYSVOL cannot be read.
  [[nodiscard]] std::optional<std::string> connect(const std::string& share);

  // Read \\server\`path` whole (`path` = "SYSVOL/corp.example.com/Policies/{GUID}/GPT.INI", with '/'
  // separators); files larger than `max_bytes` are refused (status failed, with the reason).
  [[nodiscard]] SmbRead read(const std::string& path, std::size_t max_bytes);

  // Return a description of the session for the report ("SMB 3, Kerberos (ticket cache), encrypted").
  [[nodiscard]] std::string describe() const;

  struct Impl; // the library's state (public only for its C callbacks)

private:
  explicit SmbReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

} // namespace kerbready::collect
