#!/usr/bin/env bash
# The README's first command (`make demo`): makes a demo sysroot, runs `xenv setup --target arm64` on it,
# builds a tiny Rust program for aarch64-pc-windows-msvc through the shim and prints the PE machine type.
# The sysroot's import libraries are generated from .def files with llvm-dlltool: no Microsoft files.
set -euo pipefail
bin="${1:?usage: demo.sh BIN_DIR}"
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/demo-out"
rm -rf "$out"
mkdir -p "$out"

echo "==> demo sysroot (generated import libraries, no Microsoft files): $out/sysroot"
bash "$root/Tests/Fixtures/make-sysroot.sh" "$out/sysroot"

echo "==> xenv setup --target arm64"
"$bin/xenv" setup --target arm64 --sysroot "$out/sysroot" --out "$out/state"

echo "==> cargo build --target aarch64-pc-windows-msvc (build script passes /arm64hazardfree)"
cp -R "$root/Tests/Fixtures/demo-crate" "$out/crate"
(
  eval "$("$bin/xenv" env --target arm64 --sysroot "$out/sysroot" --out "$out/state")"
  cd "$out/crate"
  RUSTC_BOOTSTRAP=1 cargo build --quiet --target aarch64-pc-windows-msvc
)

exe="$out/crate/target/aarch64-pc-windows-msvc/debug/xenv-demo.exe"
# The PE header: e_lfanew at 0x3C, then "PE\0\0", then the 16-bit machine field.
pe_offset=$(od -An -t u4 -j 60 -N 4 "$exe" | tr -d ' ')
signature=$(od -An -c -j "$pe_offset" -N 2 "$exe" | tr -d ' ')
machine=$(od -An -t x2 -j $((pe_offset + 4)) -N 2 "$exe" | tr -d ' ')
[ "$signature" = "PE" ] || { echo "demo: $exe is not a PE image" >&2; exit 1; }
case "$machine" in
  aa64) name="ARM64" ;;
  8664) name="x64" ;;
  *) name="unexpected" ;;
esac
echo "==> $exe"
echo "PE machine: 0x$(echo "$machine" | tr a-f A-F) ($name)"
[ "$machine" = "aa64" ] || exit 1
