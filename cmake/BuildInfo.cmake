# What `kerbready --version` says about the build: the git commit of the source tree and the optional
# parts compiled in. The commit is read at configure time, and CMake configures again when HEAD moves,
# so a rebuild after a commit names the new one. A source tree that is not the top of a git work tree
# (a release tarball, even one unpacked inside another repository) says "unknown"; a distribution
# building from a tarball may name the commit with -DKR_GIT_COMMIT=<hash>.
#
# Script mode prints the commit of SOURCE_DIR (tests/cli/run_version_test.sh):
#   cmake -DSOURCE_DIR=<dir> -P cmake/BuildInfo.cmake

# Set `out_var` to the abbreviated commit of `source_dir`, or "unknown". `out_depends` receives the
# git files whose change means HEAD moved (empty without git).
function(kr_git_commit source_dir out_var out_depends)
  set(commit unknown)
  set(depends "")
  find_program(KR_GIT_EXECUTABLE git)
  if(KR_GIT_EXECUTABLE)
    execute_process(COMMAND ${KR_GIT_EXECUTABLE} -C ${source_dir} rev-parse --show-toplevel
                    OUTPUT_VARIABLE toplevel RESULT_VARIABLE toplevel_status ERROR_QUIET OUTPUT_STRIP_TRAILING_WHITESPACE)
    file(REAL_PATH "${source_dir}" source_real)
    if(toplevel_status EQUAL 0 AND EXISTS "${toplevel}")
      file(REAL_PATH "${toplevel}" toplevel_real)
    else()
      set(toplevel_real "")
    endif()
    if(toplevel_real STREQUAL source_real)
      execute_process(COMMAND ${KR_GIT_EXECUTABLE} -C ${source_dir} rev-parse --short=12 --verify -q HEAD
                      OUTPUT_VARIABLE head RESULT_VARIABLE head_status ERROR_QUIET OUTPUT_STRIP_TRAILING_WHITESPACE)
      if(head_status EQUAL 0 AND head MATCHES "^[0-9a-f]+$")
        set(commit ${head})
      endif()
      execute_process(COMMAND ${KR_GIT_EXECUTABLE} -C ${source_dir} rev-parse --symbolic-full-name HEAD
                      OUTPUT_VARIABLE ref ERROR_QUIET OUTPUT_STRIP_TRAILING_WHITESPACE)
      foreach(git_file HEAD ${ref} packed-refs)
        execute_process(COMMAND ${KR_GIT_EXECUTABLE} -C ${source_dir} rev-parse --git-path ${git_file}
                        OUTPUT_VARIABLE path ERROR_QUIET OUTPUT_STRIP_TRAILING_WHITESPACE)
        if(path)
          get_filename_component(path "${path}" ABSOLUTE BASE_DIR "${source_dir}")
          if(EXISTS "${path}")
            list(APPEND depends "${path}")
          endif()
        endif()
      endforeach()
    endif()
  endif()
  set(${out_var} ${commit} PARENT_SCOPE)
  set(${out_depends} "${depends}" PARENT_SCOPE)
endfunction()

if(CMAKE_SCRIPT_MODE_FILE)
  kr_git_commit("${SOURCE_DIR}" commit depends)
  message("${commit}")
  return()
endif()

set(KR_GIT_COMMIT "" CACHE STRING "The git commit kerbready --version names (default: read from the source tree)")
if(KR_GIT_COMMIT)
  if(NOT KR_GIT_COMMIT MATCHES "^[0-9A-Za-z._+-]+$")
    message(FATAL_ERROR "KR_GIT_COMMIT must be a commit hash or a version tag, not '${KR_GIT_COMMIT}'")
  endif()
  set(KR_BUILD_COMMIT ${KR_GIT_COMMIT})
else()
  kr_git_commit("${PROJECT_SOURCE_DIR}" KR_BUILD_COMMIT _kr_git_depends)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${_kr_git_depends})
endif()

# The optional parts: libevtx (cmake/Dependencies.cmake) and the SMB reader (libsmbclient, or the
# Windows redirector).
if(EVTX_FOUND)
  set(KR_BUILD_LIBEVTX "yes (libevtx ${EVTX_VERSION})")
else()
  set(KR_BUILD_LIBEVTX "no (.evtx files cannot be read; XML and JSON events can)")
endif()
if(WIN32)
  set(KR_BUILD_SMB_READER "yes (Windows UNC paths)")
elseif(SMBCLIENT_FOUND)
  set(KR_BUILD_SMB_READER "yes (libsmbclient ${SMBCLIENT_VERSION})")
else()
  set(KR_BUILD_SMB_READER "no")
endif()
configure_file(${PROJECT_SOURCE_DIR}/src/build_info.hpp.in ${PROJECT_BINARY_DIR}/generated/src/build_info.hpp @ONLY)
