#!/bin/sh
# Prepares a directory of LZX cabinets for the XENV_LZX_CABS test: copy real LZX cabinets
# into DIR (none can be made on Linux here), then run this to extract each with cabextract
# into NAME.cab.expected/, then: XENV_LZX_CABS=DIR swift test --filter LZXCabinetTests (from the repository root)
set -e
dir=${1:?usage: check_lzx.sh DIR}
for cab in "$dir"/*.cab; do
    rm -rf "$cab.expected"
    mkdir -p "$cab.expected"
    cabextract -q -d "$cab.expected" "$cab" || true
done
