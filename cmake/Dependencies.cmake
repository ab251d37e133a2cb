# Every dependency is a Debian 12 package; see README.md for why each is here. The Windows build
# cross-compiled with mingw-w64 takes the header-only ones from the host's header folders instead
# (cmake/WindowsDependencies.cmake).
if(WIN32 AND CMAKE_CROSSCOMPILING)
  include(${CMAKE_CURRENT_LIST_DIR}/WindowsDependencies.cmake)
  return()
endif()
find_package(fmt 9 REQUIRED)
find_package(CLI11 2.1 CONFIG REQUIRED)
find_package(nlohmann_json 3.11 REQUIRED)
find_package(tl-expected 1.0 REQUIRED)
find_package(toml11 3.7 CONFIG REQUIRED)
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED) # --forest reads the domains of a forest side by side
# OpenLDAP, Cyrus SASL and MIT Kerberos ship no CMake packages, only pkg-config modules.
pkg_check_modules(LDAP REQUIRED IMPORTED_TARGET ldap lber libsasl2 krb5-gssapi krb5)
# libevtx (Debian libevtx-dev) reads .evtx files; optional, see src/events/CMakeLists.txt.
pkg_check_modules(EVTX IMPORTED_TARGET libevtx)
# libsmbclient (Samba) reads SYSVOL over SMB in live scans; on Windows the redirector reads UNC paths.
if(NOT WIN32)
  pkg_check_modules(SMBCLIENT REQUIRED IMPORTED_TARGET smbclient)
endif()
