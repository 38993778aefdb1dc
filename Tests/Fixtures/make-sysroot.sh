#!/usr/bin/env bash
# Builds a small xwin-style sysroot for one target: import libraries generated with llvm-dlltool from the
# .def files in sysroot/ and stub headers. No Microsoft file is involved; the libraries export only the
# symbols the demo and the tests use, which is enough for lld-link to resolve and write a real PE image.
#
# Usage: make-sysroot.sh OUTPUT_DIR [--target aarch64|x86_64] [--ms-arch-notation] [--winsysroot]
set -euo pipefail

out="" arch="aarch64" ms_notation=0 winsysroot=0
while [ $# -gt 0 ]; do
  case "$1" in
    --target) arch="$2"; shift 2 ;;
    --ms-arch-notation) ms_notation=1; shift ;;
    --winsysroot) winsysroot=1; shift ;;
    -*) echo "make-sysroot.sh: unknown option '$1'" >&2; exit 64 ;;
    *) out="$1"; shift ;;
  esac
done
[ -n "$out" ] || { echo "usage: make-sysroot.sh OUTPUT_DIR [--target aarch64|x86_64] [--ms-arch-notation] [--winsysroot]" >&2; exit 64; }

case "$arch" in
  aarch64) machine=arm64 ms_arch=arm64 ;;
  x86_64) machine=i386:x86-64 ms_arch=x64 ;;
  *) echo "make-sysroot.sh: --target must be aarch64 or x86_64, not '$arch'" >&2; exit 64 ;;
esac

dlltool=""
for candidate in llvm-dlltool llvm-dlltool-21 llvm-dlltool-20 llvm-dlltool-19 llvm-dlltool-18 llvm-dlltool-17 llvm-dlltool-16 llvm-dlltool-15 llvm-dlltool-14; do
  if command -v "$candidate" >/dev/null 2>&1; then dlltool="$candidate"; break; fi
done
[ -n "$dlltool" ] || { echo "make-sysroot.sh: llvm-dlltool not found; install it with: apt-get install llvm" >&2; exit 1; }

defs="$(cd "$(dirname "$0")/sysroot" && pwd)"
dir_arch="$arch"; [ "$ms_notation" = 1 ] && dir_arch="$ms_arch"

if [ "$winsysroot" = 1 ]; then
  dir_arch="$ms_arch"
  crt_lib="$out/VC/Tools/MSVC/14.44.35207/lib/$dir_arch"
  crt_include="$out/VC/Tools/MSVC/14.44.35207/include"
  um_lib="$out/Windows Kits/10/Lib/10.0.26100.0/um/$dir_arch"
  ucrt_lib="$out/Windows Kits/10/Lib/10.0.26100.0/ucrt/$dir_arch"
  sdk_include="$out/Windows Kits/10/Include/10.0.26100.0"
else
  crt_lib="$out/crt/lib/$dir_arch"
  crt_include="$out/crt/include"
  um_lib="$out/sdk/lib/um/$dir_arch"
  ucrt_lib="$out/sdk/lib/ucrt/$dir_arch"
  sdk_include="$out/sdk/include"
fi
mkdir -p "$crt_lib" "$crt_include" "$um_lib" "$ucrt_lib" "$sdk_include/ucrt" "$sdk_include/um" "$sdk_include/shared"

# llvm-dlltool fails on some output paths (a line break in them): generate in a plain temporary directory.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for def in msvcrt vcruntime oldnames ucrt kernel32; do
  "$dlltool" -m "$machine" -d "$defs/$def.def" -l "$work/$def.lib"
done
mv "$work/msvcrt.lib" "$work/vcruntime.lib" "$work/oldnames.lib" "$crt_lib/"
mv "$work/ucrt.lib" "$ucrt_lib/"
# Real splats mix cases (kernel32.Lib) and add lower-case links, as xwin does; the resolver must cope.
mv "$work/kernel32.lib" "$um_lib/kernel32.Lib"
ln -sf kernel32.Lib "$um_lib/kernel32.lib"
cp "$defs/xenv_demo.h" "$crt_include/xenv_demo.h"
cp "$defs/xenv_sdk.h" "$sdk_include/um/xenv_sdk.h"
