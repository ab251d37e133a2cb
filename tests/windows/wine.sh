# Sourced by the Windows build's tests (tests/windows/): run a Windows program under wine with a
# prefix of its own in the build folder, quiet and without the Mono/Gecko installers.
#   WINE=path/to/wine WINE_PREFIX_DIR=<build>/wine-prefix
wine=${WINE:?set WINE to the wine program}
export WINEPREFIX=${WINE_PREFIX_DIR:?set WINE_PREFIX_DIR to the wine prefix folder}
export WINEDEBUG=-all
export WINEDLLOVERRIDES="mscoree,mshtml=" # no .NET or HTML engine: kerbready needs neither
unset DISPLAY WAYLAND_DISPLAY              # a console program: no window, no X server needed

# wine_run PROGRAM ARGS...: run PROGRAM under wine; its exit status is wine's.
wine_run() {
  "$wine" "$@"
}

# wine_ready: create the prefix once (the first start takes 10-30 s); later calls return at once.
wine_ready() {
  if [ -f "$WINEPREFIX/.kerbready-ready" ]; then
    return 0
  fi
  mkdir -p "$WINEPREFIX"
  "$wine" cmd /c exit 0 >/dev/null 2>&1 || true
  "${wine%/*}/wineserver" -w >/dev/null 2>&1 || wineserver -w >/dev/null 2>&1 || true
  if "$wine" cmd /c exit 0 >/dev/null 2>&1; then
    touch "$WINEPREFIX/.kerbready-ready"
    return 0
  fi
  return 1
}
