#!/usr/bin/env bash
# `make lint`: the static checks for what cannot run on this machine (the GitHub Action, the workflows and
# the example pipeline) and for every shell script in the repository.
#   zizmor:           security audit of action.yml, .github/workflows and examples/ (offline; fails on
#                     findings of medium severity or above), configured by .github/zizmor.yml
#   check-jsonschema: the workflows and the example against the GitHub workflow schema, action.yml against
#                     the GitHub action schema (both built into check-jsonschema)
#   ShellCheck:       every shell script, and every bash `run:` script of the YAML files
#                     (scripts/check-run-blocks.py, which also refuses `${{ }}` inside any `run:` script)
#   swift-format:     `swift format lint --strict` on every Swift file, with .swift-format (4 spaces, 120
#                     columns); the code of Sources/ and shims/ (string literals included) keeps to 120 columns
#   check-windows:    every `#if os(Windows)` branch of the Swift sources, type-checked against a stand-in WinSDK
#                     made from Wine's headers (scripts/check-windows.sh; needs libwine-dev)
# zizmor and check-jsonschema live in a venv at .build/lint-venv, made on first use.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

# Versions this repository's files were checked with; a newer zizmor may add audits.
ZIZMOR_VERSION="${ZIZMOR_VERSION:-1.32.0}"
CHECK_JSONSCHEMA_VERSION="${CHECK_JSONSCHEMA_VERSION:-0.39.0}"

venv="$root/.build/lint-venv"
if [ ! -x "$venv/bin/python" ]; then
  echo "==> creating $venv"
  python3 -m venv "$venv"
fi
if [ ! -x "$venv/bin/zizmor" ] || [ ! -x "$venv/bin/check-jsonschema" ]; then
  echo "==> installing zizmor $ZIZMOR_VERSION and check-jsonschema $CHECK_JSONSCHEMA_VERSION into $venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    "zizmor==$ZIZMOR_VERSION" "check-jsonschema==$CHECK_JSONSCHEMA_VERSION"
fi
command -v shellcheck >/dev/null 2>&1 || { echo "lint: shellcheck is not installed (apt-get install shellcheck)" >&2; exit 1; }

workflows=(.github/workflows/*.yml)
examples=(examples/*.yml)
status=0
step() { echo "==> $*"; }

step "zizmor $("$venv/bin/zizmor" --version | cut -d ' ' -f 2): action.yml ${workflows[*]} ${examples[*]}"
"$venv/bin/zizmor" --offline --no-progress --color never --min-severity medium --config .github/zizmor.yml \
  action.yml "${workflows[@]}" "${examples[@]}" || status=1

step "check-jsonschema $("$venv/bin/check-jsonschema" --version | sed 's/.*version //'): workflows and examples"
"$venv/bin/check-jsonschema" --builtin-schema vendor.github-workflows "${workflows[@]}" "${examples[@]}" || status=1
step "check-jsonschema: action.yml"
"$venv/bin/check-jsonschema" --builtin-schema vendor.github-actions action.yml || status=1

# Every shell script: *.sh, .ci/run, and any file whose first line names sh, bash, dash or ksh.
scripts=()
while IFS= read -r -d '' file; do
  file=${file#./}
  [ -f "$file" ] || continue
  case "$file" in
    *.sh | .ci/run) scripts+=("$file") ;;
    *) if head -n 1 "$file" 2>/dev/null | grep -qE '^#!.*[/ ](ba|da|k)?sh([[:space:]]|$)'; then scripts+=("$file"); fi ;;
  esac
done < <(if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git ls-files -z --cached --others --exclude-standard
else
  find . -path ./.build -prune -o -path './.build-*' -prune -o -path ./.git -prune -o -type f -print0
fi)
step "$(shellcheck --version | sed -n 's/^version: /shellcheck /p'): ${scripts[*]}"
shellcheck "${scripts[@]}" || status=1

step "shellcheck: bash run: scripts of action.yml, workflows and examples"
"$venv/bin/python" scripts/check-run-blocks.py action.yml "${workflows[@]}" "${examples[@]}" || status=1

swift_files=(Package.swift)
while IFS= read -r -d '' file; do swift_files+=("$file"); done < <(find Sources Tests shims -name '*.swift' -print0 | sort -z)
step "swift-format $(${SWIFT:-swift} format --version): ${#swift_files[@]} files"
${SWIFT:-swift} format lint --strict --parallel "${swift_files[@]}" || status=1
# swift-format cannot break a long string literal; the shipped code keeps to the limit anyway. Test data (long
# expected values) may exceed it.
long=$(find Sources shims -name '*.swift' -print0 | xargs -0 awk 'length > 120 { print FILENAME ":" FNR ": " length " columns" }')
if [ -n "$long" ]; then echo "$long" >&2; echo "lint: lines over 120 columns above" >&2; status=1; fi

step "check-windows: the Swift sources' Windows branches, against a WinSDK made from Wine's headers"
bash scripts/check-windows.sh || status=1

if [ "$status" -ne 0 ]; then
  echo "lint: FAILED (see above)" >&2
  exit 1
fi
echo "lint: every check passed"
