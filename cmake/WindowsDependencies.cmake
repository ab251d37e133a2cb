# Dependencies of the Windows build cross-compiled with mingw-w64 (cmake/mingw-w64.cmake).
#
# Every dependency but the network libraries is header-only: fmt (its compiled part built here), CLI11,
# nlohmann-json, tl-expected, toml11 and Catch2. The cross compiler gets the build machine's copies
# of exactly those header folders, linked one by one into <build>/host-headers, and never the
# host's include root as a whole (its C library headers would replace mingw-w64's). The live layer
# uses the platform's own LDAP client, SSPI and DNS (src/live/CMakeLists.txt, KR_LIVE_BACKEND);
# libevtx, libsmbclient, libresolv and OpenLDAP are not used.
set(_kr_host_headers ${PROJECT_BINARY_DIR}/host-headers)
file(MAKE_DIRECTORY ${_kr_host_headers})
foreach(entry fmt CLI nlohmann tl toml toml.hpp catch2)
  if(NOT EXISTS ${KR_HOST_HEADER_ROOT}/${entry})
    message(FATAL_ERROR "${KR_HOST_HEADER_ROOT}/${entry} is missing: install the build dependencies "
                        "(scripts/install-deps build) or set KR_HOST_HEADER_ROOT")
  endif()
  if(NOT EXISTS ${_kr_host_headers}/${entry})
    file(CREATE_LINK ${KR_HOST_HEADER_ROOT}/${entry} ${_kr_host_headers}/${entry} SYMBOLIC COPY_ON_ERROR)
  endif()
endforeach()

# Read "#define <PREFIX>MAJOR n" and friends from `header` into `out_var` as "major.minor.patch".
function(kr_header_version header major minor patch out_var)
  file(STRINGS ${header} lines REGEX "#define (${major}|${minor}|${patch})[ \t]+[0-9]+")
  set(parts "")
  foreach(name ${major} ${minor} ${patch})
    foreach(line ${lines})
      if(line MATCHES "#define ${name}[ \t]+([0-9]+)")
        list(APPEND parts ${CMAKE_MATCH_1})
        break()
      endif()
    endforeach()
  endforeach()
  list(JOIN parts "." version)
  set(${out_var} ${version} PARENT_SCOPE)
endfunction()

# An INTERFACE target `name` over the host header folder, as the package's own CMake files would give it.
function(kr_header_target name)
  add_library(${name} INTERFACE IMPORTED GLOBAL)
  set_target_properties(${name} PROPERTIES INTERFACE_SYSTEM_INCLUDE_DIRECTORIES ${_kr_host_headers}
                                           INTERFACE_INCLUDE_DIRECTORIES ${_kr_host_headers})
endfunction()

# fmt's compiled part once (cmake/windows/fmt_library.cpp) instead of header-only mode in every file.
add_library(kr_fmt STATIC ${CMAKE_CURRENT_LIST_DIR}/windows/fmt_library.cpp)
target_include_directories(kr_fmt SYSTEM PUBLIC ${_kr_host_headers})
target_compile_features(kr_fmt PUBLIC cxx_std_20)
set_target_properties(kr_fmt PROPERTIES UNITY_BUILD OFF)
add_library(fmt::fmt ALIAS kr_fmt)
file(STRINGS ${_kr_host_headers}/fmt/core.h _kr_fmt REGEX "#define FMT_VERSION [0-9]+")
string(REGEX REPLACE ".*FMT_VERSION ([0-9]+)" "\\1" _kr_fmt "${_kr_fmt}")
math(EXPR _kr_fmt_major "${_kr_fmt} / 10000")
math(EXPR _kr_fmt_minor "${_kr_fmt} / 100 % 100")
math(EXPR _kr_fmt_patch "${_kr_fmt} % 100")
set(fmt_VERSION ${_kr_fmt_major}.${_kr_fmt_minor}.${_kr_fmt_patch})
kr_header_target(CLI11::CLI11)
kr_header_version(${_kr_host_headers}/CLI/Version.hpp CLI11_VERSION_MAJOR CLI11_VERSION_MINOR CLI11_VERSION_PATCH
                  CLI11_VERSION)
kr_header_target(nlohmann_json::nlohmann_json)
kr_header_version(${_kr_host_headers}/nlohmann/detail/abi_macros.hpp NLOHMANN_JSON_VERSION_MAJOR NLOHMANN_JSON_VERSION_MINOR
                  NLOHMANN_JSON_VERSION_PATCH nlohmann_json_VERSION)
kr_header_target(tl::expected)
kr_header_target(toml11::toml11)
kr_header_target(Catch2::Catch2)

find_package(Threads REQUIRED)
set(EVTX_FOUND FALSE)
