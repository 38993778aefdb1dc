#!/usr/bin/env python3
"""Checks the `run:` scripts of GitHub Actions files (scripts/lint.sh runs it with the lint venv's Python).

For every step of a composite action (`runs.steps`) or of a workflow's jobs (`jobs.*.steps`):
- no `run:` script may contain a `${{ ... }}` expression: values reach scripts through `env:`;
- a script that runs in bash is given to `shellcheck -s bash -`.

A step's shell is its own `shell:`, else the job's, else the workflow's `defaults.run.shell`, else the runner's
default (bash, except pwsh on a `windows-*` runner). Steps whose shell cannot be told (a default shell on a
runner chosen by an expression) count as an error: give them an explicit `shell:`.

Usage: check-run-blocks.py FILE...   Exit status 0 when every script passes, 1 otherwise.
"""
import subprocess
import sys

from ruamel.yaml import YAML


def default_shell(runs_on):
    """The runner's default shell for `run:`, or None when the runner is chosen by an expression."""
    labels = runs_on if isinstance(runs_on, list) else [runs_on]
    labels = [str(label) for label in labels]
    if any("${{" in label for label in labels):
        return None
    return "pwsh" if any(label.lower().startswith("windows") for label in labels) else "bash"


def run_shell(mapping):
    defaults = (mapping or {}).get("defaults") or {}
    return (defaults.get("run") or {}).get("shell")


def steps_of(document):
    """(where, step, shell) for every step, with the shell the step runs in (None: unknown)."""
    if "runs" in document:  # an action: composite steps must name their shell
        for index, step in enumerate((document.get("runs") or {}).get("steps") or []):
            yield f"runs.steps[{index}]", step, step.get("shell")
        return
    workflow_shell = run_shell(document)
    for job_name, job in (document.get("jobs") or {}).items():
        job_shell = run_shell(job) or workflow_shell
        fallback = job_shell or default_shell(job.get("runs-on", ""))
        for index, step in enumerate(job.get("steps") or []):
            yield f"jobs.{job_name}.steps[{index}]", step, step.get("shell") or fallback


def main(paths):
    yaml = YAML(typ="safe")
    failures = 0
    checked = 0
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            document = yaml.load(handle) or {}
        for where, step, shell in steps_of(document):
            script = step.get("run")
            if script is None:
                continue
            name = step.get("name") or step.get("id") or ""
            label = f"{path}: {where}" + (f" ({name})" if name else "")
            if "${{" in str(script):
                print(f"{label}: a `${{{{ }}}}` expression in a run: script; pass the value through env:")
                failures += 1
            if shell is None:
                print(f"{label}: the step's shell depends on an expression; give it an explicit shell:")
                failures += 1
                continue
            if shell.split()[0] not in ("bash", "sh"):
                continue
            result = subprocess.run(
                ["shellcheck", "--shell=bash", "--format=gcc", "-"],
                input=str(script), text=True, capture_output=True, check=False,
            )
            checked += 1
            if result.returncode != 0:
                failures += 1
                for line in (result.stdout + result.stderr).splitlines():
                    # "-:LINE:COL: level: message": name the script and the line within it.
                    print(f"{label}: line {line[2:] if line.startswith('-:') else line}")
    print(f"run: scripts: {checked} checked with shellcheck, {failures} with findings")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
