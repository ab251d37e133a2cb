# Cross-compiling kerbready.exe for 64-bit Windows with Debian's mingw-w64 (g++-mingw-w64-x86-64-posix,
# the POSIX thread model that std::thread and std::mutex need):
#
#   cmake -S . -B build-mingw -G Ninja -DCMAKE_TOOLCHAIN_FILE=cmake/mingw-w64.cmake
#
# The result is one static executable (no libstdc++/libgcc/winpthread DLLs beside it). The
# header-only dependencies come from the build machine's own header folders, one folder each
# (cmake/WindowsDependencies.cmake), never from the host's include root as a whole, whose C library
# headers would break the build. wine, when found, runs the cross-built tests
# (CMAKE_CROSSCOMPILING_EMULATOR; tests/windows/).
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(KR_MINGW_TRIPLET x86_64-w64-mingw32 CACHE STRING "mingw-w64 target triplet")

find_program(KR_MINGW_CXX NAMES ${KR_MINGW_TRIPLET}-g++-posix ${KR_MINGW_TRIPLET}-g++ REQUIRED)
find_program(KR_MINGW_CC NAMES ${KR_MINGW_TRIPLET}-gcc-posix ${KR_MINGW_TRIPLET}-gcc)
find_program(KR_MINGW_WINDRES NAMES ${KR_MINGW_TRIPLET}-windres)
set(CMAKE_CXX_COMPILER ${KR_MINGW_CXX})
if(KR_MINGW_CC)
  set(CMAKE_C_COMPILER ${KR_MINGW_CC})
endif()
if(KR_MINGW_WINDRES)
  set(CMAKE_RC_COMPILER ${KR_MINGW_WINDRES})
endif()

# Libraries and headers of the target only; programs (python3, bash) from the build machine.
set(CMAKE_FIND_ROOT_PATH /usr/${KR_MINGW_TRIPLET})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# One self-contained .exe: the C++ runtime, libgcc and winpthread linked in.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static -static-libgcc -static-libstdc++")

# Where the header-only dependencies are found (cmake/WindowsDependencies.cmake).
set(KR_HOST_HEADER_ROOT /usr/include CACHE PATH "Folder holding the host's fmt, CLI, nlohmann, tl, toml and catch2 headers")

find_program(KR_WINE NAMES wine wine64 wine-stable PATHS /usr/lib/wine NO_CMAKE_FIND_ROOT_PATH)
if(KR_WINE)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${KR_WINE})
endif()

# ccache, when installed, for the cross compiler too (CCACHE_DISABLE=1 measures a cold build).
find_program(KR_CCACHE ccache NO_CMAKE_FIND_ROOT_PATH)
if(KR_CCACHE AND NOT DEFINED CMAKE_CXX_COMPILER_LAUNCHER)
  set(CMAKE_CXX_COMPILER_LAUNCHER ${KR_CCACHE})
endif()
