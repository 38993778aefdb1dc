#!/usr/bin/env bash
# `make bench`: the shim's cost per link, as a ratio against calling lld-link directly in the same run.
# Part 1 - three ways to link the same ARM64 object:
#   direct   lld-link with the arguments it accepts (the baseline)
#   argv     the shim, with /arm64hazardfree among its arguments (it drops it and becomes lld-link)
#   @file    the shim, with the flag inside a UTF-16 @file like rustc's (it writes a copy, waits, cleans up)
# Part 2 - `xenv env` on the simulated Windows runner (Tests/Fixtures/windows-host), which replaces running
# vswhere and VsDevCmd.bat, against `xenv --version` (process start alone) as the baseline.
# Part 5 - against cargo-xwin (section 1), a large link (2), a huge @file (3), a large Windows install (4), and
# the binaries' sizes and start-up time (5).
set -euo pipefail
bin="${1:?usage: bench.sh BIN_DIR}"
root="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${XENV_BENCH_ROUNDS:-20}" per_round="${XENV_BENCH_PER_ROUND:-10}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

bash "$root/Tests/Fixtures/make-sysroot.sh" "$work/sysroot"
"$bin/xenv" setup --target arm64 --sysroot "$work/sysroot" --linker lld-link --out "$work/state" >/dev/null
shim="$work/state/aarch64-pc-windows-msvc/xenv-link"
lld_link="$(sed -n 's/^linker=//p' "$shim.conf")"
export LIB="$work/sysroot/crt/lib/aarch64;$work/sysroot/sdk/lib/um/aarch64;$work/sysroot/sdk/lib/ucrt/aarch64"

printf '__declspec(dllimport) void __stdcall ExitProcess(unsigned);\nvoid start(void) { ExitProcess(0); }\n' > "$work/start.c"
(cd "$work" && clang-cl --target=aarch64-pc-windows-msvc /Zl /c start.c /Fostart.obj >/dev/null)
common=(/entry:start /subsystem:console "$work/start.obj" kernel32.lib /defaultlib:ucrt /nodefaultlib:libucrt)
# A UTF-16LE @file with a BOM, one quoted argument a line, as rustc writes it.
{ printf '"%s"\n' /arm64hazardfree "/out:$work/rsp.exe" "${common[@]}"; } | iconv -f UTF-8 -t UTF-16LE > "$work/body"
{ printf '\xff\xfe'; cat "$work/body"; } > "$work/link.rsp"

now() { date +%s%N; }
declare -A total=([direct]=0 [argv]=0 [rsp]=0)
for ((round = 0; round < rounds; round++)); do
  start=$(now); for ((i = 0; i < per_round; i++)); do "$lld_link" "/out:$work/direct.exe" "${common[@]}"; done
  total[direct]=$((total[direct] + $(now) - start))
  start=$(now); for ((i = 0; i < per_round; i++)); do "$shim" /arm64hazardfree "/out:$work/argv.exe" "${common[@]}"; done
  total[argv]=$((total[argv] + $(now) - start))
  start=$(now); for ((i = 0; i < per_round; i++)); do "$shim" "@$work/link.rsp"; done
  total[rsp]=$((total[rsp] + $(now) - start))
done
runs=$((rounds * per_round))
for name in direct argv rsp; do
  [ -f "$work/$name.exe" ] || { echo "bench: the $name link produced nothing" >&2; exit 1; }
done
for leftover in "$work/state/aarch64-pc-windows-msvc"/xenv-link-*; do
  if [ -e "$leftover" ]; then echo "bench: temporary files left behind: $leftover" >&2; exit 1; fi
done
awk -v runs="$runs" -v d="${total[direct]}" -v a="${total[argv]}" -v r="${total[rsp]}" 'BEGIN {
  printf "links per case: %d (lld-link %s)\n", runs, "'"$("$lld_link" --version | head -1 | cut -d' ' -f1-2)"'"
  printf "%-34s %8.2f ms per link  (ratio 1.00, the baseline)\n", "direct lld-link", d / runs / 1e6
  printf "%-34s %8.2f ms per link  (ratio %.2f, +%.2f ms)\n", "shim, flag in argv (exec)", a / runs / 1e6, a / d, (a - d) / runs / 1e6
  printf "%-34s %8.2f ms per link  (ratio %.2f, +%.2f ms)\n", "shim, flag in UTF-16 @file (spawn)", r / runs / 1e6, r / d, (r - d) / runs / 1e6
}'

windows="$work/windows root"
cp -R "$root/Tests/Fixtures/windows-host" "$windows"
windows_env=(env -i "XENV_WINDOWS_ROOT=$windows" 'RUNNER_TEMP=D:\a\_temp' GITHUB_ACTIONS=true 'PATH=C:\Windows')
"${windows_env[@]}" "$bin/xenv" env --target arm64 >/dev/null
declare -A startup=([version]=0 [env]=0)
for ((round = 0; round < rounds; round++)); do
  start=$(now); for ((i = 0; i < per_round; i++)); do "${windows_env[@]}" "$bin/xenv" --version >/dev/null; done
  startup[version]=$((startup[version] + $(now) - start))
  start=$(now); for ((i = 0; i < per_round; i++)); do "${windows_env[@]}" "$bin/xenv" env --target arm64 >/dev/null; done
  startup[env]=$((startup[env] + $(now) - start))
done
awk -v runs="$runs" -v v="${startup[version]}" -v e="${startup[env]}" 'BEGIN {
  printf "%-34s %8.2f ms per run   (ratio 1.00, the baseline)\n", "xenv --version", v / runs / 1e6
  printf "%-34s %8.2f ms per run   (ratio %.2f)\n", "xenv env, simulated Windows runner", e / runs / 1e6, e / v
}'

# Part 5 - against cargo-xwin, a large link, a huge @file, a large Windows install. Medians of XENV_BENCH_RUNS.
runs="${XENV_BENCH_RUNS:-15}"
median_ms() { # command... : prints the median wall time in ms over $runs runs
  local times=() start
  for ((i = 0; i < runs; i++)); do start=$(now); "$@" >/dev/null 2>&1; times+=($(( $(now) - start ))); done
  printf '%s\n' "${times[@]}" | median_of_ns
}
median_of_ns() { sort -n | awk '{ a[NR] = $1 } END { printf "%.2f", a[int((NR + 1) / 2)] / 1e6 }'; }
# Medians of the commands in the arrays `baseline` and `candidate`, run alternately so that a change in the
# machine's load hits both alike: prints "BASELINE_MS CANDIDATE_MS".
paired_medians_ms() {
  local base_times=() cand_times=() start
  for ((i = 0; i < runs; i++)); do
    start=$(now); "${baseline[@]}" >/dev/null 2>&1; base_times+=($(( $(now) - start )))
    start=$(now); "${candidate[@]}" >/dev/null 2>&1; cand_times+=($(( $(now) - start )))
  done
  printf '%s %s\n' "$(printf '%s\n' "${base_times[@]}" | median_of_ns)" "$(printf '%s\n' "${cand_times[@]}" | median_of_ns)"
}
report() { awk -v name="$1" -v value="$2" -v base="$3" -v goal="$4" 'BEGIN { printf "%-44s %8.2f ms median  (ratio %.2f)  %s\n", name, value, value / base, goal }'; }

echo
echo "== 1. xenv env against cargo xwin env on the same sysroot"
if [ ! -x "$work/venv/bin/cargo-xwin" ]; then
  python3 -m venv "$work/venv" >/dev/null && "$work/venv/bin/pip" install -q cargo-xwin >/dev/null 2>&1 || echo "(cargo-xwin could not be installed from PyPI; skipped)"
fi
if [ -x "$work/venv/bin/cargo-xwin" ]; then
  mkdir -p "$work/xwin-cache/xwin" && cp -R "$work/sysroot/." "$work/xwin-cache/xwin/" && printf 'aarch64\n' > "$work/xwin-cache/xwin/DONE"
  baseline=("$work/venv/bin/cargo-xwin" xwin env --target aarch64-pc-windows-msvc)
  candidate=("$bin/xenv" env --target arm64 --shell sh --sysroot "$work/sysroot" --out "$work/state")
  read -r cxw xe < <(cd "$work" && XWIN_CACHE_DIR="$work/xwin-cache" XWIN_ARCH=aarch64 paired_medians_ms)
  report "cargo xwin env (baseline)" "$cxw" "$cxw" ""
  report "xenv env (validates the sysroot too)" "$xe" "$cxw" "goal: ratio <= 1.20"
fi

echo
echo "== 2. a link of 400 objects with debug info through the shim against lld-link directly"
# 30 functions and struct types an object, and a PDB: a link of 100+ ms, like a real crate's, so the shim's
# fixed cost per link is measured against a realistic job rather than a trivial one.
mkdir -p "$work/objects"
for ((i = 0; i < 400; i++)); do
  for ((j = 0; j < 30; j++)); do
    printf 'struct xenv_s%d_%d { int a[%d]; double b; };\n' "$i" "$j" "$((j + 1))"
    printf 'int xenv_f%d_%d(struct xenv_s%d_%d *s, int x) { return s->a[x %% %d] * %d + x; }\n' "$i" "$j" "$i" "$j" "$((j + 1))" "$j"
  done > "$work/objects/f$i.c"
done
printf '__declspec(dllimport) void __stdcall ExitProcess(unsigned);\nvoid start(void) { ExitProcess(0); }\n' > "$work/objects/start.c"
(cd "$work/objects" && printf '%s\n' ./*.c | xargs -P 2 -n 50 clang-cl --target=aarch64-pc-windows-msvc /Zl /Z7 /c >/dev/null)
objects=("$work"/objects/*.obj)
big=(/entry:start /subsystem:console /debug "${objects[@]}" kernel32.lib /defaultlib:ucrt /nodefaultlib:libucrt)
baseline=("$lld_link" "/out:$work/big-direct.exe" "${big[@]}")
candidate=("$shim" /arm64hazardfree "/out:$work/big-shim.exe" "${big[@]}")
read -r direct shimmed < <(paired_medians_ms)
report "lld-link, 400 objects, /debug (baseline)" "$direct" "$direct" ""
report "through the shim" "$shimmed" "$direct" "goal: ratio <= 1.05"

echo
echo "== 3. rewriting a UTF-16LE @file of 50,000 arguments that holds the flag"
printf '#!/bin/sh\nexit 0\n' > "$work/true-linker"; chmod +x "$work/true-linker"
mkdir -p "$work/rewrite"; cp "$shim" "$work/rewrite/xenv-link"
printf 'linker=%s\nlinker-kind=lld-link\ndrop=/arm64hazardfree\n' "$work/true-linker" > "$work/rewrite/xenv-link.conf"
{ printf '"/arm64hazardfree"\n'; for ((i = 0; i < 50000; i++)); do printf '"/LIBPATH:C:\\dir %d\\"\n' "$i"; done; } | iconv -f UTF-8 -t UTF-16LE > "$work/huge.body"
{ printf '\xff\xfe'; cat "$work/huge.body"; } > "$work/huge.rsp"
empty=$(median_ms "$work/true-linker")
rewrite=$(median_ms "$work/rewrite/xenv-link" "@$work/huge.rsp")
report "the linker alone (baseline)" "$empty" "$empty" ""
report "shim rewriting 50,000 arguments" "$rewrite" "$empty" "goal: under 50 ms"

echo
echo "== 4. xenv setup on a simulated Windows host with 3 VS instances, 5 toolsets, 5 SDKs"
large="$work/large windows"
cp -R "$root/Tests/Fixtures/windows-host" "$large"
community="$large/C/Program Files/Microsoft Visual Studio/2022/Community"
mkdir -p "$(dirname "$community")"
cp -R "$large/C/Program Files (x86)/Microsoft Visual Studio/2022/BuildTools" "$community"
cp -R "$community/VC/Tools/MSVC/14.44.35207" "$community/VC/Tools/MSVC/14.43.34808"
sed -e 's/2022\\\\BuildTools/2022\\\\Community/' -e 's/17\.14\.37216\.2/17.14.37216.3/g' \
  "$large/C/ProgramData/Microsoft/VisualStudio/Packages/_Instances/a1b2c3d4/state.json" > "$work/community.json"
mkdir -p "$large/C/ProgramData/Microsoft/VisualStudio/Packages/_Instances/c0ffee00"
mv "$work/community.json" "$large/C/ProgramData/Microsoft/VisualStudio/Packages/_Instances/c0ffee00/state.json"
kits="$large/C/Program Files (x86)/Windows Kits/10"
for v in 10.0.20348.0 10.0.22000.0; do cp -R "$kits/Include/10.0.22621.0" "$kits/Include/$v"; cp -R "$kits/Lib/10.0.22621.0" "$kits/Lib/$v"; done
large_env=(env -i "XENV_WINDOWS_ROOT=$large" 'RUNNER_TEMP=D:\a\_temp' 'PATH=C:\Windows')
"${large_env[@]}" "$bin/xenv" setup --target arm64 >/dev/null
baseline=("${large_env[@]}" "$bin/xenv" --version)
candidate=("${large_env[@]}" "$bin/xenv" setup --target arm64)
read -r version_ms setup_ms < <(paired_medians_ms)
report "xenv --version (process start, baseline)" "$version_ms" "$version_ms" ""
report "xenv setup, large simulated install" "$setup_ms" "$version_ms" "goal: under 20 ms"

echo
echo "== 5. binary sizes and start-up against cargo-xwin"
# xenv links FoundationEssentials only (no ICU data): goal 17 MB, 6.5 MB gzipped (1 MB = 1,000,000 bytes); it was
# 16 and 6 until part 10 added the archive readers and the fetch engine (0.8 MB), which replace a 9 MB cargo-xwin.
size_row() { # name file goal_bytes goal_gzip_bytes
  local bytes gzipped
  bytes=$(wc -c < "$2") gzipped=$(gzip -c "$2" | wc -c)
  awk -v name="$1" -v b="$bytes" -v g="$gzipped" -v gb="$3" -v gg="$4" 'BEGIN {
    verdict = gb == "" ? "" : (b <= gb && g <= gg ? "goal met" : "GOAL MISSED")
    goal = gb == "" ? "" : sprintf("(goal <= %g MB, <= %g MB gzipped) %s", gb / 1e6, gg / 1e6, verdict)
    printf "%-34s %6.2f MB  %6.2f MB gzipped  %s\n", name, b / 1e6, g / 1e6, goal
  }'
}
size_row "xenv" "$bin/xenv" 17000000 6500000
size_row "xenv-link (the shim)" "$bin/xenv-link" "" ""
if [ -x "$work/venv/bin/cargo-xwin" ]; then
  size_row "cargo-xwin (PyPI wheel)" "$work/venv/bin/cargo-xwin" "" ""
  baseline=("$work/venv/bin/cargo-xwin" --version)
  candidate=("$bin/xenv" --version)
  read -r cxw_start xenv_start < <(paired_medians_ms)
  report "cargo-xwin --version (baseline)" "$cxw_start" "$cxw_start" ""
  report "xenv --version (start-up)" "$xenv_start" "$cxw_start" ""
fi

echo
echo "== 6. xenv sysroot fetch: unpacking against msiextract + unzip, and a warm re-run"
# The fake CDN at 8 times its test size, in the real formats (Tests/Fixtures/cdn); on tmpfs when there is one,
# so both sides measure decompression and not this disk's file creation.
scratch="${XENV_BENCH_TMP:-$( [ -d /dev/shm ] && echo /dev/shm || echo "$work")}"
cdn="$(mktemp -d "$scratch/xenv-bench-cdn.XXXXXX")"
trap 'rm -rf "$work" "$cdn"' EXIT
python3 "$root/Tests/Fixtures/cdn/make_fake_cdn.py" "$cdn" --scale 8 >/dev/null
TMPDIR="$scratch" "$bin/fetch-bench" "$cdn" 5 | sed 's/^/  /'
# The warm re-run through the binary: the record says the sysroot is there, nothing is read from the network.
python3 "$root/Tests/Fixtures/cdn/fake_cdn_server.py" "$cdn" --port-file "$cdn/port" --lifetime 300 >/dev/null 2>&1 &
server=$!
for _ in $(seq 100); do [ -s "$cdn/port" ] && break; sleep 0.05; done
fetch=("$bin/xenv" sysroot fetch --accept-license --manifest "http://127.0.0.1:$(cat "$cdn/port")/channel" --out "$cdn/sysroot" --cache "$cdn/cache" -q)
"${fetch[@]}" >/dev/null
baseline=("$bin/xenv" --version)
candidate=("${fetch[@]}")
read -r version_ms warm_ms < <(paired_medians_ms)
kill "$server" 2>/dev/null || true
report "xenv --version (process start, baseline)" "$version_ms" "$version_ms" ""
report "xenv sysroot fetch, warm re-run" "$warm_ms" "$version_ms" "goal: under 100 ms"
