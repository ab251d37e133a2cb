# What a unity build (-DCMAKE_UNITY_BUILD=ON; the Windows build of the suite uses one to stay cheap)
# compiles on its own. A unity build batches a target's sources into one translation unit, where
# anonymous namespaces no longer keep two files' helpers apart: a file that defines at file scope a
# name another file of the same target already defines (a `k_zone` constant, a `Reader` class, a
# `find()` helper) is left out of the batches and compiled alone. The names are found here, at
# configure time, from the lines that start in column 0 (clang-format puts every namespace-scope
# declaration there), so a new file needs no entry anywhere. checks/ is never batched: every check
# has its own `k_registrar` and `k_reads`.
if(NOT CMAKE_UNITY_BUILD)
  return()
endif()
set_target_properties(kr_checks PROPERTIES UNITY_BUILD OFF)
# gcc takes a batched .cpp for a header and warns of a type in its anonymous namespace used by a
# class of the library (-Wsubobject-linkage), which is right in a .cpp compiled alone.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  target_compile_options(kr_warnings INTERFACE -Wno-subobject-linkage)
endif()

# Mark the sources of `target` that would clash in one batch as SKIP_UNITY_BUILD_INCLUSION.
function(kr_unity_isolate target)
  get_target_property(dir ${target} SOURCE_DIR)
  get_target_property(sources ${target} SOURCES)
  set(seen "")
  foreach(source ${sources})
    if(NOT source MATCHES "\\.cpp$")
      continue()
    endif()
    if(NOT IS_ABSOLUTE ${source})
      set(source ${dir}/${source})
    endif()
    # One list element per line: brackets and semicolons would merge elements of a CMake list.
    file(READ ${source} text)
    string(REGEX REPLACE "[][;]" " " text "${text}")
    string(REPLACE "\n" ";" lines "${text}")
    list(FILTER lines INCLUDE REGEX "^[A-Za-z_]")
    set(names "")
    foreach(line ${lines})
      if(line MATCHES "^(static |inline )*(constexpr|const) [^=(]*[ *&]([A-Za-z_][A-Za-z0-9_]*) *(=|\\{)")
        list(APPEND names ${CMAKE_MATCH_3})
      elseif(line MATCHES "^(class|struct|enum class|enum|union) ([A-Za-z_][A-Za-z0-9_]*)")
        list(APPEND names ${CMAKE_MATCH_2})
      elseif(line MATCHES "^using ([A-Za-z_][A-Za-z0-9_]*) =")
        list(APPEND names ${CMAKE_MATCH_1})
      elseif(line MATCHES "^([A-Za-z_][A-Za-z0-9_]*)\\(")
        set(name ${CMAKE_MATCH_1})
        if(NOT name MATCHES "^(TEST_CASE|SCENARIO|TEMPLATE_TEST_CASE|main)$")
          list(APPEND names ${name})
        endif()
      endif()
    endforeach()
    list(REMOVE_DUPLICATES names)
    set(clash FALSE)
    foreach(name ${names})
      if(name IN_LIST seen)
        set(clash TRUE)
        break()
      endif()
    endforeach()
    if(clash)
      set_source_files_properties(${source} DIRECTORY ${dir} PROPERTIES SKIP_UNITY_BUILD_INCLUSION ON)
    else()
      list(APPEND seen ${names})
    endif()
  endforeach()
endfunction()

foreach(target kr_util kr_model kr_ad kr_input kr_live_plan kr_probe kr_events kr_triage kr_scan kr_live kr_cli
               kr_reports unittest)
  if(TARGET ${target})
    kr_unity_isolate(${target})
  endif()
endforeach()
