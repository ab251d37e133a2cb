# Installation layout (GNUInstallDirs) and the Debian package (cpack -G DEB); for Windows, a zip
# (cmake/WindowsPackaging.cmake).
if(WIN32)
  include(${CMAKE_CURRENT_LIST_DIR}/WindowsPackaging.cmake)
  return()
endif()
include(GNUInstallDirs)

install(TARGETS kerbready RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# The man page, compressed as Debian policy wants when gzip is there.
find_program(KR_GZIP gzip)
if(KR_GZIP)
  add_custom_command(OUTPUT ${PROJECT_BINARY_DIR}/kerbready.1.gz
                     COMMAND ${KR_GZIP} -9 -n -c ${PROJECT_SOURCE_DIR}/docs/kerbready.1 > ${PROJECT_BINARY_DIR}/kerbready.1.gz
                     DEPENDS ${PROJECT_SOURCE_DIR}/docs/kerbready.1 VERBATIM)
  add_custom_target(kr_man ALL DEPENDS ${PROJECT_BINARY_DIR}/kerbready.1.gz)
  install(FILES ${PROJECT_BINARY_DIR}/kerbready.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
else()
  install(FILES docs/kerbready.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
endif()

# Debian's doc files: the licence (machine-readable, DEP-5) and the changelog, gzipped without a
# timestamp. Version 0.1.0 has no Debian revision, so the package is native: changelog.gz.
install(FILES packaging/copyright DESTINATION ${CMAKE_INSTALL_DOCDIR})
if(KR_GZIP)
  add_custom_command(OUTPUT ${PROJECT_BINARY_DIR}/changelog.gz
                     COMMAND ${KR_GZIP} -9 -n -c ${PROJECT_SOURCE_DIR}/packaging/changelog > ${PROJECT_BINARY_DIR}/changelog.gz
                     DEPENDS ${PROJECT_SOURCE_DIR}/packaging/changelog VERBATIM)
  add_custom_target(kr_changelog ALL DEPENDS ${PROJECT_BINARY_DIR}/changelog.gz)
  install(FILES ${PROJECT_BINARY_DIR}/changelog.gz DESTINATION ${CMAKE_INSTALL_DOCDIR})
else()
  install(FILES packaging/changelog DESTINATION ${CMAKE_INSTALL_DOCDIR})
endif()

install(FILES packaging/kerbready.bash-completion DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        RENAME kerbready)
install(FILES README.md docs/report.schema.json docs/diff.schema.json docs/ticketing.md docs/suppressions.md
              docs/checks.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES examples/systemd/kerbready.service examples/systemd/kerbready.timer examples/systemd/kerbready.toml
              examples/systemd/suppressions.toml examples/systemd/README.md
        DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples/systemd)
install(FILES examples/corp.example.com.ldif examples/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)
install(DIRECTORY examples/sysvol DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)

set(CPACK_PACKAGE_NAME kerbready)
set(CPACK_PACKAGE_VENDOR "kerbready")
set(CPACK_PACKAGE_CONTACT "kerbready developers <dev@kerbready.invalid>")
# lintian wants description lines of at most 80 characters (tests/cli/run_packaging_test.sh runs it).
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "find what makes Windows fall back from Kerberos to NTLM")
set(CPACK_PACKAGE_DESCRIPTION
    "kerbready reads an Active Directory domain and reports, with evidence, what\n"
    "still makes Windows clients fall back from Kerberos to NTLM, prioritised,\n"
    "with stable finding ids for ticketing. It writes HTML, Markdown, CSV, JSON\n"
    "and Prometheus outputs, and keeps baselines and suppressions.")
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Shared-library dependencies (libc6, libstdc++6, libfmt9, libldap-2.5-0, libsasl2-2, libgssapi-krb5-2…)
# come from dpkg-shlibdeps. What it cannot see is listed here: Cyrus SASL loads its GSSAPI mechanism as
# a plugin at run time, so a Kerberos bind needs libsasl2-modules-gssapi-mit.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libsasl2-modules-gssapi-mit")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "krb5-user")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "prometheus-node-exporter, jq")
set(CPACK_STRIP_FILES ON)
include(CPack)
