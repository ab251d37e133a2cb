# The Windows zip (`cpack -G ZIP` in the mingw-w64 build, or `cmake --build build-mingw --target
# package`): kerbready.exe, the man page as HTML, the README and documentation, and the examples
# (the example domain, its SYSVOL copy and the scheduled-run files), all at the top of
# kerbready-<version>-win64/. tests/windows/run_zip_test.sh checks what it holds.
install(TARGETS kerbready RUNTIME DESTINATION .)

# The man page as HTML, rendered on the build machine by groff (Debian groff); without groff the
# roff source goes in instead.
find_program(KR_GROFF groff)
if(KR_GROFF)
  add_custom_command(OUTPUT ${PROJECT_BINARY_DIR}/kerbready.1.html
                     COMMAND ${KR_GROFF} -mandoc -Thtml ${PROJECT_SOURCE_DIR}/docs/kerbready.1 > ${PROJECT_BINARY_DIR}/kerbready.1.html
                     DEPENDS ${PROJECT_SOURCE_DIR}/docs/kerbready.1 VERBATIM)
  add_custom_target(kr_man_html ALL DEPENDS ${PROJECT_BINARY_DIR}/kerbready.1.html)
  install(FILES ${PROJECT_BINARY_DIR}/kerbready.1.html DESTINATION docs)
else()
  install(FILES docs/kerbready.1 DESTINATION docs)
endif()
install(FILES README.md LICENSE DESTINATION .)
install(FILES docs/windows.md docs/checks.md docs/report.schema.json docs/diff.schema.json docs/ticketing.md
              docs/suppressions.md DESTINATION docs)
install(FILES examples/corp.example.com.ldif examples/README.md DESTINATION examples)
install(DIRECTORY examples/sysvol DESTINATION examples)
install(FILES examples/systemd/kerbready.toml examples/systemd/suppressions.toml DESTINATION examples/config)

set(CPACK_PACKAGE_NAME kerbready)
set(CPACK_PACKAGE_VENDOR "kerbready")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "find what makes Windows fall back from Kerberos to NTLM")
set(CPACK_GENERATOR ZIP)
set(CPACK_SYSTEM_NAME win64)
set(CPACK_STRIP_FILES ON)
include(CPack)
