#!/usr/bin/env bash
# `make check-windows` (also a step of `make lint`): type-checks every `#if os(Windows)` branch of the package's
# Swift sources on Linux, against a stand-in WinSDK module made from Wine's Win32 headers (Debian libwine-dev).
# The work is in scripts/check-windows.py; its temporary files live in .build/check-windows.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
wine="${XENV_WINE_INCLUDE:-/usr/include/wine/wine}"
if [ ! -f "$wine/windows/windows.h" ]; then
  echo "check-windows: Wine's Win32 headers are not in $wine (apt-get install libwine-dev)" >&2
  exit 1
fi
exec python3 "$root/scripts/check-windows.py" "$@"
