#!/usr/bin/env bash
# Builds the release binaries (xenv and xenv-link) and packs them as the GitHub Action downloads them:
#   dist/xenv-<version>-<os>-<arch>.tar.gz (linux, macos) or .zip (windows), both programs at the top level,
#   dist/<asset>.sha256 in sha256sum's format ("<hex>  <asset>").
# On Windows SwiftPM 6.3 cannot link the Swift runtime statically (it passes -static-stdlib on Linux and wasm
# only), so the archive also holds the runtime DLLs the two programs load, found by reading their import
# tables (the runtime-dlls tool) in the directory of the Swift runtime on PATH.
# Used by .github/workflows/release.yml; runs in bash on Linux, macOS and Windows (Git Bash).
#
# Usage: release-pack.sh VERSION OS ARCH    OS: windows, linux or macos; ARCH: x64 or arm64
set -euo pipefail
usage() { echo "usage: release-pack.sh VERSION windows|linux|macos x64|arm64" >&2; exit 64; }
[ $# -eq 3 ] || usage
version=$1 os=$2 arch=$3
version_pattern='^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.-]+)?$'
[[ "$version" =~ $version_pattern ]] || { echo "release-pack.sh: not a release version: $version" >&2; exit 64; }
case "$os" in windows | linux | macos) ;; *) usage ;; esac
case "$arch" in x64 | arm64) ;; *) usage ;; esac
cd "$(dirname "$0")/.."

flags=(-c release)
# macOS has the Swift runtime in the OS; Linux binaries carry it; Windows ones get its DLLs beside them.
if [ "$os" = linux ]; then flags+=(--static-swift-stdlib); fi
swift build "${flags[@]}" --product xenv
swift build "${flags[@]}" --product xenv-link
bin=$(swift build "${flags[@]}" --show-bin-path)
exe=
if [ "$os" = windows ]; then
  bin=$(cygpath -u "$bin")
  exe=.exe
fi

# The tag, the binary and the action's default version must agree.
reported=$("$bin/xenv$exe" --version | tr -d '\r')
if [ "$reported" != "xenv $version" ]; then
  echo "release-pack.sh: releasing $version, but xenv --version says: $reported" >&2
  exit 1
fi

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp "$bin/xenv$exe" "$bin/xenv-link$exe" "$stage/"
if [ "$os" = windows ]; then
  swift build "${flags[@]}" --product runtime-dlls
  runtime=
  IFS=: read -r -a path_entries <<<"$PATH"
  for directory in "${path_entries[@]}"; do
    if [ -f "$directory/swiftCore.dll" ]; then runtime=$directory; break; fi
  done
  [ -n "$runtime" ] || { echo "release-pack.sh: no swiftCore.dll on PATH: install Swift first" >&2; exit 1; }
  echo "==> runtime DLLs from $runtime"
  "$bin/runtime-dlls$exe" --from "$runtime" --into "$stage" "$stage/xenv$exe" "$stage/xenv-link$exe"
fi
mkdir -p dist
if [ "$os" = windows ]; then
  asset="xenv-$version-$os-$arch.zip"
  rm -f "dist/$asset"
  # shellcheck disable=SC2016 # $env:... is PowerShell's, expanded by pwsh
  XENV_STAGE=$(cygpath -w "$stage") XENV_ARCHIVE=$(cygpath -w "$PWD/dist/$asset") pwsh -NoLogo -NoProfile \
    -Command 'Compress-Archive -Path (Join-Path $env:XENV_STAGE "*") -DestinationPath $env:XENV_ARCHIVE'
else
  asset="xenv-$version-$os-$arch.tar.gz"
  tar -czf "dist/$asset" -C "$stage" "xenv" "xenv-link"
fi

cd dist
if command -v sha256sum >/dev/null 2>&1; then
  sha256sum "$asset" > "$asset.sha256"
else
  shasum -a 256 "$asset" > "$asset.sha256"
fi
cat "$asset.sha256"
