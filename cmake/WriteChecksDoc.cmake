# Writes docs/checks.md from the registry: `cmake --build build --target checks-doc`.
#   cmake -DKERBREADY=path/to/kerbready -DOUTPUT=docs/checks.md -P WriteChecksDoc.cmake
execute_process(COMMAND ${KERBREADY} list-checks --format markdown OUTPUT_FILE ${OUTPUT} RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "${KERBREADY} list-checks --format markdown failed: ${status}")
endif()
