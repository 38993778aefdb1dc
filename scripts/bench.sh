#!/usr/bin/env bash
# `make bench`: the shim's cost per link, as a ratio against calling lld-link directly in the same run.
# Part 1 - three ways to link the same ARM64 object:
#   direct   lld-link with the arguments it accepts (the baseline)
#   argv     the shim, with /arm64hazardfree among its arguments (it drops it and becomes lld-link)
#   @file    the shim, with the flag inside a UTF-16 @file like rustc's (it writes a copy, waits, cleans up)
# Part 2 - `xenv env` on the simulated Windows runner (Tests/Fixtures/windows-host), which replaces running
# vswhere and VsDevCmd.bat, against `xenv --version` (process start alone) as the baseline.
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
ls "$work/state/aarch64-pc-windows-msvc" | grep -q '^xenv-link-' && { echo "bench: temporary files left behind" >&2; exit 1; }
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
