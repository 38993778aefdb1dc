#!/usr/bin/env python3
"""`make check-windows`: type-check every `#if os(Windows)` branch of the package on Linux.

There is no Windows machine and no Swift SDK for Windows here, so this compiles a copy of every non-test,
non-plugin target of the package as Windows would see it, against stand-in modules made from Wine's Win32
headers (Debian libwine-dev):

  1. The stand-in (cached in .build/check-windows/standin, rebuilt when its inputs change):
     - Clang modules `WinSDK` (scripts/windows-standin/WinSDK.h over Wine's include/windows) and `ucrt` (Wine's
       include/msvcrt), from a copy of Wine's headers in which the C library headers live under `ucrt/`, so
       that the Linux C library (Glibc, which Foundation imports here) never resolves to Wine's, and the reverse;
       a clang run checks that no Linux header gets in;
     - Swift modules `WinSDK` (the overlay), `CRT` and `Darwin` (the home of `WindowsBool`), from
       scripts/windows-standin/*.swift.
     STANDIN_CORRECTIONS below lists every place where the stand-in departs from Wine's headers, and why
     (`--explain` prints it); .build/check-windows/standin/corrections.txt lists every macro and type changed.
  2. A self-test that fails loudly if the stand-in accepts what Swift on Windows rejects, or the reverse
     (scripts/windows-standin/selftest/*.swift, run through the same steps as the package's sources).
  3. A copy of every source with the platform conditions of its `#if`/`#elseif` lines evaluated for Windows
     (`os(Windows)`, `canImport(WinSDK)`, `canImport(ucrt)`, `canImport(CRT)` true; other `os()`,
     `canImport(Glibc|Musl|Darwin|...)`, `targetEnvironment()` false; `arch(x86_64)` true, and a second pass
     with `arch(arm64)` true for the targets whose sources test `arch()`), line for line, so that errors point
     at the real file and line.
  4. Every target, in dependency order, type-checked as one module (`swiftc -emit-module -wmo`, which also runs
     the mandatory SIL diagnostics) in the package's language mode, with SWIFT_PACKAGE and DEBUG defined as in
     a debug build. Targets, their sources and dependencies come from `swift package dump-package`; sources
     that a build-tool plugin generates come from `swift build --target T`.

Errors are printed with the repository's paths and lines; the exit status is 1 then. Success prints one line.
"""

import argparse
import concurrent.futures
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STANDIN_SOURCES = ROOT / "scripts" / "windows-standin"
SELFTEST_DIR = STANDIN_SOURCES / "selftest"
WORK = ROOT / ".build" / "check-windows"
DEFAULT_WINE_INCLUDE = Path("/usr/include/wine/wine")

# Modules that exist on Windows (the stand-in provides them) and modules that do not.
WINDOWS_MODULES = {"WinSDK", "ucrt", "CRT"}
NOT_WINDOWS_MODULES = {
    "Glibc", "SwiftGlibc", "Musl", "Darwin", "Android", "Bionic", "WASILibc", "wasi_pthread", "ObjectiveC",
    "AppKit", "UIKit", "Cocoa", "os",
}
ARCHES = {"x86_64": {"x86_64"}, "arm64": {"arm64", "aarch64"}}

# Wine's msvcrt headers that the stand-in ucrt leaves out: POSIX headers that Wine adds and the UCRT lacks,
# and two that are MSVC's (vcruntime's), not the UCRT's: eh.h is C++ only, and intrin.h would bring in clang's
# x86 intrinsics and, through them, the Linux C library. Also corecrt_io.h, which no Wine header includes and
# which clashes with Wine's io.h (the public header, which declares the same functions).
NOT_UCRT_HEADERS = {"dirent.h", "unistd.h", "sys/unistd.h", "eh.h", "intrin.h", "corecrt_io.h"}

# Every place where the stand-in departs from Wine's headers, and why (also printed by --explain).
STANDIN_CORRECTIONS = """\
Where the stand-in departs from Wine's headers (Wine 8, libwine-dev), to import as Swift on Windows does:
  - BOOL: Wine's windef.h has `typedef int BOOL, *PBOOL, *LPBOOL;`. Swift on Windows imports BOOL as
    WinSDK.WindowsBool and bridges it to Bool in function parameters and results; its ClangImporter does that
    only for a Windows target. The stand-in's windef.h says `typedef Boolean *PBOOL, *LPBOOL;` and
    `#define BOOL Boolean`, with `typedef unsigned char Boolean;`: the one typedef the Linux ClangImporter maps
    to a Swift struct with the same bridging (Darwin.DarwinBoolean, which the stand-in module Darwin defines as
    a name of WindowsBool). So functions take and return Bool, struct fields, BOOL pointers and C callback
    types use WindowsBool, and the name BOOL is not a Swift type, as on Windows. (In C the stand-in's BOOL is
    one byte wide, not four: struct sizes differ, which a type check does not see.)
  - L-suffixed integer literals: the Windows SDK is LLP64 (long is 32 bits), so `0x40000000L` is a long and
    imports as Int32, `0x80000000L` as UInt32. On Linux (LP64) an L literal is 64 bits and would import as
    Int. Wine writes most such constants without the suffix (GENERIC_WRITE is `0x40000000`: int, Int32, as on
    Windows); where a Wine #define has an L (or UL) literal, the stand-in drops the L, which gives the Windows
    type. The corrected macros are listed in .build/check-windows/standin/corrections.txt.
  - __MSABI_LONG(x): Wine writes about 2,200 constants (WS_POPUP, most of winuser.rh, winnt.h's access
    rights, ...) as `__MSABI_LONG(0x80000000)`, which is `x` on LP64 and `x ## l` elsewhere, where the SDK writes
    `0x80000000L`. Swift imports no macro whose body calls a function-like macro, so those constants would be
    missing; the stand-in writes them as plain `0x80000000`: the type the SDK's L literal has on Windows.
  - __int64: Wine defines it as `long` on 64-bit Linux, so INT64, LONGLONG, ULONG_PTR, SIZE_T, DWORD_PTR,
    LPARAM, WPARAM and time_t would import as Int or UInt; MSVC's __int64 is `long long`, which Swift on Windows
    imports as Int64/UInt64. The stand-in predefines `__int64` as `long long`, as Wine's basetsd.h suggests.
  - Calling conventions: Wine declares WINAPI as __attribute__((ms_abi)) on x86_64; the stand-in predefines
    `ms_abi` as `__unused__`, so functions and C callback types import as plain C ones, as on Windows.
  - va_list: Wine's headers use __builtin_ms_va_list (and __builtin_ms_va_start, ...) on x86_64, which clang
    refuses in functions that are no longer ms_abi; the stand-in predefines them as the plain builtins, so a
    va_list parameter imports as CVaListPointer, as on Windows. (A `va_list *`, FormatMessageW's last
    parameter, imports differently from Windows; passing nil works on both.)
  - M_PI and the other math constants: Wine's math.h defines them unless __STRICT_ANSI__, the UCRT's only with
    _USE_MATH_DEFINES (which Swift on Windows does not define for `import ucrt`; CRT declares M_PI itself).
    The stand-in's math.h follows the UCRT.
  - Constants the SDK types differently: scripts/windows-standin/sdk-constant-types.txt lists the 108 macros
    (REG_SZ and the other REG_ value types, SRCCOPY, the charsets, ...) whose Swift type differs between Wine 8
    and the Windows 10 SDK; the stand-in redefines each with Wine's value and the SDK's type.
  - C types that the Linux C library defines too (struct tm, timeval, sockaddr, in_addr, fenv_t, ...; found by
    comparing the two, listed in corrections.txt): Foundation brings Glibc into the same compilation here, and
    Clang rejects two different definitions of one C struct. The stand-in renames its own in C (`__winsdk_tm`)
    and API notes give them back their names in Swift. In a file that imports Foundation as well, such a name
    (and any C library function both declare, such as strlen or errno) is ambiguous here though not on Windows:
    the check says so next to the error; qualifying the name with its Windows module (ucrt.tm, CRT.errno)
    works in both places.
  - ucrt leaves out Wine's dirent.h, unistd.h and sys/unistd.h (POSIX headers the UCRT does not have), eh.h
    and intrin.h (MSVC's, not the UCRT's) and corecrt_io.h (unused by Wine and clashing with its io.h).
  - The overlay's values (HKEY_*, INVALID_HANDLE_VALUE, STD_*_HANDLE, INFINITE, ...) shadow Wine's macros.
"""


class CheckError(Exception):
    """A problem that stops the check (not a compiler error in the package)."""


def log(message):
    print(f"check-windows: {message}", file=sys.stderr, flush=True)


def run(command, cwd=ROOT, verbose=False):
    if verbose:
        log("$ " + " ".join(str(part) for part in command))
    completed = subprocess.run(
        [str(part) for part in command], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        errors="replace")
    return completed.returncode, completed.stdout


# ---------------------------------------------------------------------------------------------------------
# The stand-in


class Toolchain:
    def __init__(self, swift):
        found = shutil.which(swift)
        if not found:
            raise CheckError(f"no `{swift}` on PATH (the Makefile's SWIFT)")
        self.swift = found
        directory = Path(found).resolve().parent
        self.swiftc = str(directory / "swiftc") if (directory / "swiftc").exists() else shutil.which("swiftc")
        self.clang = str(directory / "clang") if (directory / "clang").exists() else None
        if not self.swiftc:
            raise CheckError("no swiftc next to swift nor on PATH")
        status, output = run([self.swiftc, "--version"])
        if status != 0:
            raise CheckError(f"`swiftc --version` failed:\n{output}")
        self.version = output.strip()


class Standin:
    """Builds (or reuses) the stand-in modules and knows the flags that find them."""

    def __init__(self, toolchain, wine, verbose):
        self.toolchain = toolchain
        self.wine = wine
        self.verbose = verbose
        self.directory = WORK / "standin"
        self.include = self.directory / "include"
        self.modules = self.directory / "modules"
        self.module_cache = WORK / "module-cache"

    def clang_flags(self):
        return [
            "-I", self.include, "-I", self.include / "winsdk",
            "-Dms_abi=__unused__", "-D__int64=long long",
            "-D__builtin_ms_va_list=__builtin_va_list", "-D__builtin_ms_va_start=__builtin_va_start",
            "-D__builtin_ms_va_end=__builtin_va_end", "-D__builtin_ms_va_copy=__builtin_va_copy",
        ]

    def swift_flags(self):
        flags = ["-I", self.modules, "-module-cache-path", self.module_cache]
        for flag in self.clang_flags():
            flags += ["-Xcc", flag]
        return flags

    def key(self):
        digest = hashlib.sha256()
        digest.update(self.toolchain.version.encode())
        digest.update(Path(__file__).read_bytes())
        for path in sorted(STANDIN_SOURCES.iterdir()):
            if path.is_file():
                digest.update(path.name.encode() + b"\0" + path.read_bytes())
        for sub in ("windows", "msvcrt"):
            for path, stat in sorted(walk(self.wine / sub)):
                digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
        return digest.hexdigest()

    def ensure(self):
        for sub in ("windows", "msvcrt"):
            if not (self.wine / sub / ("windows.h" if sub == "windows" else "stdio.h")).is_file():
                raise CheckError(
                    f"Wine's Win32 headers are not at {self.wine}/{sub} (apt-get install libwine-dev, or set "
                    f"XENV_WINE_INCLUDE to the directory that holds windows/ and msvcrt/)")
        key = self.key()
        stamp = self.directory / "stamp"
        if stamp.is_file() and stamp.read_text() == key:
            return False
        log("building the WinSDK stand-in from Wine's headers (once; cached in .build/check-windows/standin)")
        started = time.monotonic()
        shutil.rmtree(self.directory, ignore_errors=True)
        shutil.rmtree(self.module_cache, ignore_errors=True)
        self.modules.mkdir(parents=True)
        corrections = self.make_headers()
        if not self.toolchain.clang:
            raise CheckError("no clang next to swift: the stand-in needs it to check Wine's headers")
        corrections, renamed = self.rename_clashing_tags()
        corrections += self.correct_constant_types()
        (self.directory / "corrections.txt").write_text(
            corrections + "".join(f"renamed in C: {name} -> __winsdk_{name}\n" for name in renamed))
        self.probe()
        self.compile_module("Darwin", STANDIN_SOURCES / "Darwin.swift")
        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            jobs = [
                pool.submit(self.compile_module, "CRT", STANDIN_SOURCES / "CRT.swift"),
                pool.submit(self.compile_module, "WinSDK", STANDIN_SOURCES / "WinSDK.swift"),
            ]
            for job in jobs:
                job.result()
        stamp.write_text(key)
        log(f"stand-in ready in {time.monotonic() - started:.1f} s")
        return True

    def make_headers(self, tags=(), typedefs=()):
        """The view of Wine's headers: include/winsdk (Wine's include/windows) and include/ucrt (its msvcrt),
        where every include of a C library header names it under ucrt/, plus the module map. `tags` and
        `typedefs` are the C names to rename (see rename_clashing_tags)."""
        shutil.rmtree(self.include, ignore_errors=True)
        self.include.mkdir(parents=True)
        windows, msvcrt = self.wine / "windows", self.wine / "msvcrt"
        ucrt_headers = sorted(
            str(path.relative_to(msvcrt)) for path in msvcrt.rglob("*.h")
            if str(path.relative_to(msvcrt)) not in NOT_UCRT_HEADERS)
        ucrt_names = set(ucrt_headers)
        include_line = re.compile(r'^(\s*#\s*include\s*)([<"])([^>"]+)([>"])', re.M)
        tag_use = re.compile(r"\b(struct|union|enum)(\s+(?:WS\s*\(\s*)?)(" + "|".join(tags) + r")\b") if tags else None
        typedef_use = re.compile(r"\b(" + "|".join(typedefs) + r")\b") if typedefs else None

        def rename(text):
            if tag_use:
                text = tag_use.sub(lambda m: f"{m.group(1)}{m.group(2)}__winsdk_{m.group(3)}", text)
            if typedef_use:
                text = typedef_use.sub(lambda m: f"__winsdk_{m.group(1)}", text)
            return text

        def rewrite_includes(text):
            def replace(match):
                name = match.group(3).strip()
                if name in ucrt_names:
                    return f"{match.group(1)}<ucrt/{name}>"
                if name in NOT_UCRT_HEADERS:
                    return f"{match.group(1)}<ucrt-lacks-this/{name}>"
                return match.group(0)
            return include_line.sub(replace, text)

        corrected = []
        winsdk = self.include / "winsdk"
        winsdk.mkdir()
        for entry in sorted(windows.iterdir()):
            target = winsdk / entry.name
            if not (entry.is_file() and entry.suffix in (".h", ".rh", ".inl")):
                target.symlink_to(entry)
                continue
            patched = rewrite_includes(entry.read_text(encoding="latin-1"))
            patched, macros = drop_long_suffixes(patched)
            corrected += [f"{entry.name}: {macro} (L suffix)" for macro in macros]
            patched, macros = drop_msabi_long(patched)
            corrected += [f"{entry.name}: {macro} (__MSABI_LONG)" for macro in macros]
            if entry.name == "windef.h":
                patched = patch_bool(patched)
            target.write_text(rename(patched), encoding="latin-1")
        ucrt = self.include / "ucrt"
        for name in ucrt_headers:
            target = ucrt / name
            target.parent.mkdir(parents=True, exist_ok=True)
            patched, macros = drop_long_suffixes(rewrite_includes((msvcrt / name).read_text(encoding="latin-1")))
            corrected += [f"msvcrt/{name}: {macro} (L suffix)" for macro in macros]
            if name == "math.h":
                patched = patch_math_defines(patched)
            target.write_text(rename(patched), encoding="latin-1")
        shutil.copyfile(STANDIN_SOURCES / "WinSDK.h", self.include / "WinSDK.h")
        notes = ["Tags:"] + [f"- Name: __winsdk_{name}\n  SwiftName: {name}" for name in tags]
        notes += ["Typedefs:"] + [f"- Name: __winsdk_{name}\n  SwiftName: {name}" for name in typedefs]
        for module in ("ucrt", "WinSDK"):
            (self.include / f"{module}.apinotes").write_text(f"Name: {module}\n" + "\n".join(notes) + "\n")

        lines = [
            "// Generated by scripts/check-windows.py: the stand-in Clang modules for `make check-windows`.",
            "module ucrt [system] {",
        ]
        for name in ucrt_headers:
            submodule = re.sub(r"\W", "_", name[:-2])
            lines.append(f'  module {submodule} {{ header "ucrt/{name}" export * }}')
        lines += ["  export *", "}", "", "module WinSDK [system] {", '  header "WinSDK.h"', "  export *", "}", ""]
        (self.include / "module.modulemap").write_text("\n".join(lines))
        return "".join(line + "\n" for line in corrected)

    def probe(self, ast=False):
        """Parses every header of the stand-in with clang; returns the AST dump's top-level lines if asked.
        Fails if they do not parse, or if any header they include is not Wine's or the stand-in's."""
        probe = self.directory / "probe.c"
        probe.write_text(
            '#include "WinSDK.h"\n' + "".join(
                f"#include <ucrt/{path.relative_to(self.include / 'ucrt')}>\n"
                for path in sorted((self.include / "ucrt").rglob("*.h"))))
        command = [self.toolchain.clang, "-fsyntax-only", "-H", "-w", "-x", "c"] + self.clang_flags() + [probe]
        if ast:
            command[1:1] = ["-Xclang", "-ast-dump"]
        if self.verbose:
            log("$ " + " ".join(str(part) for part in command))
        completed = subprocess.run([str(part) for part in command], cwd=self.directory, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True, errors="replace")
        errors = [line for line in completed.stderr.splitlines() if ": error:" in line or ": fatal error:" in line]
        if completed.returncode != 0 or errors:
            raise CheckError("Wine's headers do not parse as the stand-in:\n"
                             + "\n".join(errors[:30] or [completed.stderr]))
        allowed = [str(self.wine.resolve()), str(self.include.resolve())]
        strangers = set()
        for line in completed.stderr.splitlines():
            match = re.match(r"^\.+ (.+)$", line)
            if match:
                path = os.path.realpath(os.path.join(self.directory, match.group(1)))
                if not any(path.startswith(prefix + os.sep) for prefix in allowed):
                    strangers.add(path)
        if strangers:
            raise CheckError(
                "the stand-in's headers include files that are not Wine's (would mix in the Linux C library):\n  "
                + "\n  ".join(sorted(strangers)))
        return [line for line in completed.stdout.splitlines() if line[:2] in ("|-", "`-")] if ast else None

    def rename_clashing_tags(self):
        """C structs, unions and enums that both the stand-in and the Linux C library define (struct tm,
        timeval, sockaddr, fenv_t, ...): Foundation brings in Glibc here, and Clang refuses two different
        definitions of one C type in one compilation. The stand-in's are renamed in C (`struct __winsdk_tm`;
        a typedef of an anonymous struct such as fenv_t as a whole word) and keep their names in Swift (API
        notes: SwiftName). Rewrites the headers; returns the names."""
        our_tags, our_typedefs = c_type_names(self.probe(ast=True))
        command = [self.toolchain.clang, "-fsyntax-only", "-w", "-x", "c", "-Xclang", "-ast-dump",
                   "-I", self.glibc_include(), "-"]
        completed = subprocess.run([str(part) for part in command], input="#include <SwiftGlibc.h>\n",
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, errors="replace")
        if completed.returncode != 0:
            raise CheckError(f"cannot parse the Linux C library's headers:\n{completed.stderr[-3000:]}")
        their_tags, their_typedefs = c_type_names(
            [line for line in completed.stdout.splitlines() if line[:2] in ("|-", "`-")])
        theirs = their_tags | their_typedefs
        tags = sorted(our_tags & theirs)
        typedefs = sorted((our_typedefs - our_tags) & theirs)
        corrections = self.make_headers(tags, typedefs)
        return corrections, tags + typedefs

    def correct_constant_types(self):
        """Redefines the constants that scripts/windows-standin/sdk-constant-types.txt lists with Wine's value and
        the Windows SDK's type. Returns the lines for corrections.txt."""
        wanted = {}
        for line in (STANDIN_SOURCES / "sdk-constant-types.txt").read_text().splitlines():
            if line.strip() and not line.startswith("#"):
                name, swift_type = line.split()
                wanted[name] = swift_type
        completed = subprocess.run(
            [str(part) for part in [self.toolchain.clang, "-dM", "-E", "-w", "-x", "c"] + self.clang_flags()
             + [self.include / "WinSDK.h"]],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, errors="replace")
        macros = {}
        for line in completed.stdout.splitlines():
            match = re.match(r"#define (\w+) ?(.*)$", line)
            if match:
                macros[match.group(1)] = match.group(2)
        literals = {}
        for name, swift_type in wanted.items():
            value = evaluate_c_constant(name, macros)
            if value is None:
                raise CheckError(
                    f"{name} (scripts/windows-standin/sdk-constant-types.txt) is no longer a constant that Wine's "
                    "headers define: update that file")
            literals[name] = typed_literal(value, swift_type)
        pattern = re.compile(r"^(\s*#\s*define\s+)(" + "|".join(map(re.escape, literals)) + r")(\s.*)?$", re.M)
        found = set()
        for path in sorted(self.include.rglob("*")):
            if path.is_symlink() or not path.is_file() or path.suffix not in (".h", ".rh", ".inl"):
                continue
            text = path.read_text(encoding="latin-1")
            if not pattern.search(text):
                continue

            def replace(match):
                if (match.group(3) or "").rstrip().endswith("\\"):
                    raise CheckError(f"{match.group(2)} is a multi-line macro in {path}: correct it by hand")
                found.add(match.group(2))
                return f"{match.group(1)}{match.group(2)} {literals[match.group(2)]} /* check-windows: SDK type */"
            path.write_text(pattern.sub(replace, text), encoding="latin-1")
        missing = sorted(set(literals) - found)
        if missing:
            raise CheckError("cannot find the #define of " + ", ".join(missing) + " in the stand-in's headers")
        return "".join(f"{name}: {wanted[name]} as in the SDK ({literals[name]})\n" for name in sorted(literals))

    def glibc_include(self):
        resource = subprocess.run([self.toolchain.swiftc, "-print-target-info"], stdout=subprocess.PIPE,
                                  text=True).stdout
        paths = json.loads(resource).get("paths", {})
        directory = Path(paths.get("runtimeResourcePath", Path(self.toolchain.swiftc).parent.parent / "lib/swift"))
        for candidate in sorted(directory.glob("linux/*/SwiftGlibc.h")):
            return candidate.parent
        raise CheckError(f"no SwiftGlibc.h under {directory}/linux")

    def compile_module(self, name, source):
        command = [
            self.toolchain.swiftc, "-emit-module", "-parse-as-library", "-module-name", name,
            "-emit-module-path", self.modules / f"{name}.swiftmodule", "-swift-version", "6",
            "-diagnostic-style", "llvm", source,
        ] + self.swift_flags()
        status, output = run(command, verbose=self.verbose)
        if status != 0:
            raise CheckError(f"the stand-in module {name} does not compile:\n{output}")


def c_type_names(lines):
    """The structs, unions and enums defined in a clang AST dump's top-level lines: their tags, and the typedef
    names of anonymous ones (`typedef struct {...} fenv_t;`)."""
    tags, typedefs = set(), set()
    for line in lines:
        match = re.match(r"^[|`]-(?:RecordDecl|EnumDecl) .*? (?:struct|union|enum) (\w+) definition\s*$", line)
        if match:
            tags.add(match.group(1))
            continue
        match = re.match(r"^[|`]-EnumDecl .*? (\w+)\s*$", line)
        if match:
            tags.add(match.group(1))
            continue
        match = re.match(r"^[|`]-TypedefDecl .*? (\w+) '(?:struct|union|enum) (\w+)'", line)
        if match and match.group(1) == match.group(2):
            typedefs.add(match.group(1))
    return tags, typedefs - tags


def evaluate_c_constant(name, macros, depth=0):
    """The value of an object-like macro made of integer literals, casts, other such macros and the operators
    | & ^ + - ~ << >>; None for anything else."""
    if depth > 30 or name not in macros:
        return None
    expression = macros[name]
    # Casts: a parenthesized type name followed by an operand.
    expression = re.sub(r"\(\s*(?:unsigned|signed|const|struct)?\s*[A-Za-z_]\w*\s*\**\s*\)(?=\s*[-~(\w])", " ", expression)
    tokens = re.findall(r"0[xX][0-9A-Fa-f]+\w*|\d+\w*|[A-Za-z_]\w*|<<|>>|[-+~|&^()]|\S", expression)
    python = []
    for token in tokens:
        if re.match(r"\d", token):
            digits = re.match(r"(0[xX][0-9A-Fa-f]+|\d+)([uUlL]*)$", token)
            if not digits:
                return None
            text = digits.group(1)
            python.append(str(int(text, 16) if text[:2].lower() == "0x" else int(text, 8) if text.startswith("0")
                              and len(text) > 1 else int(text)))
        elif re.match(r"[A-Za-z_]", token):
            value = evaluate_c_constant(token, macros, depth + 1)
            if value is None:
                return None
            python.append(f"({value})")
        elif token in ("<<", ">>", "-", "+", "~", "|", "&", "^", "(", ")"):
            python.append(token)
        else:
            return None
    try:
        return int(eval(" ".join(python), {"__builtins__": {}}, {}))  # digits and operators only
    except Exception:
        return None


def typed_literal(value, swift_type):
    """A C expression of `value` that Swift imports with `swift_type`, on the stand-in's LP64 target."""
    if swift_type == "Int32":
        return str(value) if value >= 0 else f"({value})"
    if swift_type == "UInt32":
        return f"{value % 2**32}u"
    if swift_type == "Int64":
        return f"{value}ll" if value >= 0 else f"({value}ll)"
    if swift_type == "UInt64":
        return f"{value % 2**64}ull"
    if swift_type == "UInt16":
        return f"((WORD){value % 2**16})"
    if swift_type == "UInt8":
        return f"((BYTE){value % 2**8})"
    raise CheckError(f"sdk-constant-types.txt: unsupported type {swift_type}")


def walk(directory):
    for dirpath, dirnames, filenames in os.walk(directory):
        dirnames.sort()
        for name in filenames:
            path = os.path.join(dirpath, name)
            yield path, os.lstat(path)


MSABI_LONG = re.compile(r"__MSABI_LONG\(\s*([^()]*?)\s*\)")


def drop_msabi_long(text):
    """Replaces Wine's `__MSABI_LONG(x)` by `x` outside its own definition; returns the text and the names of the
    macros changed. See STANDIN_CORRECTIONS."""
    lines = text.split("\n")
    changed = []
    for index, line in enumerate(lines):
        if "__MSABI_LONG(" not in line or re.match(r"^\s*#\s*(define|undef)\s+__MSABI_LONG\b", line):
            continue
        lines[index] = MSABI_LONG.sub(lambda m: m.group(1), line)
        match = DEFINE.match(line)
        changed.append(match.group(1) if match else f"line {index + 1}")
    return "\n".join(lines), changed


LONG_LITERAL = re.compile(r"(?<![\w.])(0[xX][0-9A-Fa-f]+|[0-9]+)(?:([uU])[lL]|[lL]([uU]?))(?![\w.])")
DEFINE = re.compile(r"^\s*#\s*define\s+(\w+)")


def drop_long_suffixes(text):
    """Drops the L of integer literals in #define lines (and their continuation lines); returns the text and the
    names of the macros changed. See STANDIN_CORRECTIONS."""
    lines = text.split("\n")
    changed = []
    in_define = None
    for index, line in enumerate(lines):
        match = DEFINE.match(line)
        if match:
            in_define = match.group(1)
        if in_define:
            code, comment = split_c_comment(line)
            fixed = LONG_LITERAL.sub(lambda m: m.group(1) + (m.group(2) or m.group(3) or ""), code)
            if fixed != code:
                lines[index] = fixed + comment
                if in_define not in changed:
                    changed.append(in_define)
            if not line.rstrip().endswith("\\"):
                in_define = None
    return "\n".join(lines), changed


def split_c_comment(line):
    positions = [p for p in (line.find("/*"), line.find("//")) if p >= 0]
    cut = min(positions) if positions else len(line)
    return line[:cut], line[cut:]


def patch_bool(text):
    original = re.compile(r"^typedef\s+int\s+BOOL\s*,\s*\*\s*PBOOL\s*,\s*\*\s*LPBOOL\s*;", re.M)
    if len(original.findall(text)) != 1:
        raise CheckError(
            "Wine's windef.h no longer has `typedef int BOOL, *PBOOL, *LPBOOL;`: update patch_bool() in "
            "scripts/check-windows.py")
    replacement = (
        "/* check-windows stand-in: BOOL as Swift on Windows imports it (see scripts/check-windows.py) */\n"
        "typedef unsigned char Boolean;\n"
        "typedef Boolean *PBOOL, *LPBOOL;\n"
        "#define BOOL Boolean")
    return original.sub(lambda _: replacement, text)


def patch_math_defines(text):
    guard = re.compile(r"^#if !defined\(__STRICT_ANSI__\).*defined\(_USE_MATH_DEFINES\)\s*$", re.M)
    if len(guard.findall(text)) != 1:
        raise CheckError("Wine's math.h no longer guards M_PI as expected: update patch_math_defines() in "
                         "scripts/check-windows.py")
    return guard.sub("#if defined(_USE_MATH_DEFINES) /* check-windows: as the UCRT's math.h */", text)


# ---------------------------------------------------------------------------------------------------------
# Evaluating the platform conditions for Windows

DIRECTIVE = re.compile(r"^\s*#\s*(if|elseif)\b")
ATOM = re.compile(r"\b(os|arch|canImport|targetEnvironment)\s*\(\s*([^()]*?)\s*\)")


class Transformed:
    def __init__(self, text, windows_branches, uses_arch):
        self.text = text
        self.windows_branches = windows_branches
        self.uses_arch = uses_arch


def evaluate_for_windows(text, arch):
    """The source with the platform atoms of its #if/#elseif conditions replaced by true or false as on
    Windows on `arch`; every line stays where it was."""
    lines = text.split("\n")
    state = ScanState()
    windows_branches = False
    uses_arch = False
    continuing = False
    for index, line in enumerate(lines):
        if state.in_code() and (continuing or DIRECTIVE.match(line)):
            code, comment = split_swift_comment(line)

            def replace(match):
                nonlocal windows_branches, uses_arch
                kind, argument = match.group(1), match.group(2)
                name = argument.split(",")[0].strip()
                if kind == "os":
                    if name == "Windows":
                        windows_branches = True
                    return "true" if name == "Windows" else "false"
                if kind == "arch":
                    uses_arch = True
                    return "true" if name in ARCHES[arch] else "false"
                if kind == "targetEnvironment":
                    return "false"
                if name in WINDOWS_MODULES:
                    windows_branches = True
                    return "true"
                if name in NOT_WINDOWS_MODULES:
                    return "false"
                return match.group(0)

            fixed = ATOM.sub(replace, code)
            lines[index] = fixed + comment
            stripped = code.strip()
            continuing = code.count("(") > code.count(")") or stripped.endswith(("&&", "||", "!"))
        else:
            continuing = False
        state.scan(line)
    return Transformed("\n".join(lines), windows_branches, uses_arch)


def split_swift_comment(line):
    cut = line.find("//")
    block = line.find("/*")
    if block >= 0 and (cut < 0 or block < cut):
        cut = block
    return (line, "") if cut < 0 else (line[:cut], line[cut:])


class ScanState:
    """Just enough of Swift's lexer to tell code lines from lines inside block comments and multi-line string
    literals, where `#if` is text."""

    def __init__(self):
        self.comment_depth = 0
        self.string_close = None

    def in_code(self):
        return self.comment_depth == 0 and self.string_close is None

    def scan(self, line):
        i = 0
        n = len(line)
        while i < n:
            if self.comment_depth:
                if line.startswith("/*", i):
                    self.comment_depth += 1
                    i += 2
                elif line.startswith("*/", i):
                    self.comment_depth -= 1
                    i += 2
                else:
                    i += 1
            elif self.string_close:
                end = line.find(self.string_close, i)
                if end < 0:
                    return
                i = end + len(self.string_close)
                self.string_close = None
            elif line.startswith("//", i):
                return
            elif line.startswith("/*", i):
                self.comment_depth = 1
                i += 2
            else:
                match = re.compile(r'(#*)"""').match(line, i)
                if match:
                    self.string_close = '"""' + match.group(1)
                    i = match.end()
                    continue
                match = re.compile(r'(#*)"').match(line, i)
                if match:
                    hashes = match.group(1)
                    i = match.end()
                    while i < n:
                        if not hashes and line[i] == "\\":
                            i += 2
                        elif line.startswith('"' + hashes, i):
                            i += 1 + len(hashes)
                            break
                        else:
                            i += 1
                    continue
                i += 1


# ---------------------------------------------------------------------------------------------------------
# The package


class Target:
    def __init__(self, name, kind, directory, files, dependencies, settings, plugins=False):
        self.name = name
        self.kind = kind  # "regular" or "executable"
        self.directory = directory  # relative to ROOT
        self.files = files  # Paths relative to ROOT (or absolute, for generated sources)
        self.dependencies = dependencies
        self.settings = settings
        self.plugins = plugins  # sources generated by build-tool plugins are added later


def condition_applies(condition):
    if not condition:
        return True
    platforms = condition.get("platformNames")
    if platforms and "windows" not in platforms:
        return False
    config = condition.get("config")
    return not config or config == "debug"


def language_mode(package):
    versions = package.get("swiftLanguageVersions") or package.get("swiftLanguageModes")
    if versions:
        numbers = []
        for version in versions:
            text = json.dumps(version)
            match = re.search(r"(\d+(?:\.\d+)?)", text)
            if match:
                numbers.append(match.group(1))
        if numbers:
            return max(numbers, key=lambda v: [int(p) for p in v.split(".")])
    tools = package.get("toolsVersion", {}).get("_version", "5.0")
    return "6" if int(tools.split(".")[0]) >= 6 else "5"


def discover(toolchain, verbose):
    status, output = run([toolchain.swift, "package", "--package-path", ROOT, "dump-package"], verbose=verbose)
    start = output.find("{")
    if status != 0 or start < 0:
        raise CheckError(f"`swift package dump-package` failed:\n{output}")
    package = json.loads(output[start:])
    by_name = {target["name"]: target for target in package["targets"]}
    mode = language_mode(package)

    def dependency_names(target):
        names = []
        for dependency in target.get("dependencies", []):
            kind, value = next(iter(dependency.items()))
            condition = value[-1] if isinstance(value[-1], dict) or value[-1] is None else None
            if not condition_applies(condition):
                continue
            if kind in ("byName", "target") and value[0] in by_name:
                names.append(value[0])
            else:
                raise CheckError(
                    f"target {target['name']} depends on {value[0]} from another package; "
                    "scripts/check-windows.py does not check packages with dependencies yet")
        return names

    # Tools that only plugins use (toolchain-embedder) run on the build machine: not checked.
    plugin_tools = set()
    pending = [name for target in package["targets"] if target["type"] == "plugin"
               for name in dependency_names(target)]
    while pending:
        name = pending.pop()
        if name not in plugin_tools:
            plugin_tools.add(name)
            pending += dependency_names(by_name[name])
    roots = [t["name"] for t in package["targets"]
             if t["type"] in ("regular", "executable") and t["name"] not in plugin_tools]
    wanted = set()
    pending = list(roots)
    while pending:
        name = pending.pop()
        if name not in wanted:
            wanted.add(name)
            pending += dependency_names(by_name[name])

    targets = {}
    skipped = []
    for raw in package["targets"]:
        name = raw["name"]
        if name not in wanted:
            skipped.append(f"{name} ({'test' if raw['type'] == 'test' else raw['type'] if raw['type'] != 'executable' else 'build tool'})")
            continue
        if raw["type"] not in ("regular", "executable"):
            raise CheckError(f"target {name} is a {raw['type']} target, which scripts/check-windows.py cannot check")
        directory = target_directory(raw)
        files = source_files(raw, directory)
        settings = {"mode": mode, "defines": [], "flags": []}
        for setting in raw.get("settings", []):
            if setting.get("tool") != "swift" or not condition_applies(setting.get("condition")):
                continue
            kind, value = next(iter(setting["kind"].items()))
            argument = value.get("_0") if isinstance(value, dict) else value
            if kind == "define":
                settings["defines"].append(argument)
            elif kind == "enableUpcomingFeature":
                settings["flags"] += ["-enable-upcoming-feature", argument]
            elif kind == "enableExperimentalFeature":
                settings["flags"] += ["-enable-experimental-feature", argument]
            elif kind in ("swiftLanguageMode", "swiftLanguageVersion"):
                match = re.search(r"(\d+(?:\.\d+)?)", json.dumps(argument))
                if match:
                    settings["mode"] = match.group(1)
            elif kind == "unsafeFlags":
                settings["flags"] += list(argument)
            else:
                log(f"note: {name}: swift setting {kind} is not applied by the check")
        targets[name] = Target(
            name, raw["type"], directory, files, dependency_names(raw), settings, bool(raw.get("pluginUsages")))
    return targets, skipped


def target_directory(raw):
    if raw.get("path"):
        return Path(raw["path"])
    for parent in ("Sources", "Source", "src", "srcs"):
        if (ROOT / parent / raw["name"]).is_dir():
            return Path(parent) / raw["name"]
    raise CheckError(f"cannot find the directory of target {raw['name']}")


def source_files(raw, directory):
    base = ROOT / directory
    roots = [base / entry for entry in raw.get("sources") or []] or [base]
    excluded = [base / entry for entry in raw.get("exclude", [])]
    files = []
    for root in roots:
        candidates = [root] if root.is_file() else sorted(root.rglob("*.swift"))
        for path in candidates:
            relative = path.relative_to(base)
            if any(part.startswith(".") for part in relative.parts):
                continue
            if any(path == other or other in path.parents for other in excluded):
                continue
            if path.suffix == ".swift":
                files.append(path.relative_to(ROOT))
    return files


def add_plugin_sources(toolchain, targets, verbose):
    """Sources that build-tool plugins generate: `swift build --target T` (a no-op when they are current), then
    the Swift files under .build/plugins/outputs/<package>/<T>/."""
    identity = ROOT.name.lower()
    for target in targets.values():
        if not target.plugins:
            continue
        status, output = run([toolchain.swift, "build", "--package-path", ROOT, "--target", target.name],
                             verbose=verbose)
        if status != 0:
            raise CheckError(f"`swift build --target {target.name}` (to run its plugins) failed:\n{output}")
        outputs = ROOT / ".build" / "plugins" / "outputs"
        directory = outputs / identity / target.name
        if not directory.is_dir():
            candidates = sorted(outputs.glob(f"*/{target.name}"), key=lambda p: p.stat().st_mtime)
            if not candidates:
                raise CheckError(f"no plugin outputs for {target.name} under {outputs}")
            directory = candidates[-1]
        generated = sorted(directory.rglob("*.swift"))
        target.files += [path.relative_to(ROOT) for path in generated]


# ---------------------------------------------------------------------------------------------------------
# Compiling


class Job:
    def __init__(self, variant, target, sources, deps):
        self.variant = variant
        self.target = target
        self.sources = sources  # {transformed absolute path: original path relative to ROOT}
        self.deps = deps
        self.status = None
        self.output = ""
        self.seconds = 0.0


class Checker:
    def __init__(self, toolchain, standin, verbose):
        self.toolchain = toolchain
        self.standin = standin
        self.verbose = verbose

    def command(self, target, module_dirs, sources, emit_to):
        command = [self.toolchain.swiftc]
        if emit_to and target.kind == "regular":
            command += ["-emit-module", "-emit-module-path", emit_to / f"{target.name}.swiftmodule", "-wmo"]
        else:
            command += ["-typecheck"]
        if not any(Path(path).name == "main.swift" for path in sources):
            command.append("-parse-as-library")
        command += [
            "-module-name", target.name.replace("-", "_"), "-package-name", ROOT.name.lower(),
            "-swift-version", target.settings["mode"],
            "-Onone", "-D", "SWIFT_PACKAGE", "-D", "DEBUG", "-diagnostic-style", "llvm", "-suppress-warnings",
        ]
        for define in target.settings["defines"]:
            command += ["-D", define]
        command += target.settings["flags"]
        for directory in module_dirs:
            command += ["-I", directory]
        command += self.standin.swift_flags()
        command += sorted(str(path) for path in sources)
        return command

    def compile(self, job, module_dirs, emit_to):
        started = time.monotonic()
        emit_to.mkdir(parents=True, exist_ok=True)
        job.status, output = run(self.command(job.target, module_dirs, job.sources, emit_to), verbose=self.verbose)
        job.output = map_paths(output, job.sources)
        job.seconds = time.monotonic() - started
        if job.status != 0 and job.target.kind == "regular":
            # Emit the module despite its errors so that its dependents are still checked.
            fallback = self.command(job.target, module_dirs, job.sources, emit_to)
            fallback[1:1] = ["-Xfrontend", "-experimental-allow-module-with-compiler-errors"]
            run(fallback, verbose=self.verbose)


def map_paths(output, sources):
    """Compiler output with the transformed copies' paths replaced by the repository's."""
    for transformed, original in sorted(sources.items(), key=lambda item: -len(str(item[0]))):
        output = output.replace(str(transformed), str(original))
    return output


GLIBC_CLASH_NOTE = (
    "check-windows: note: this ambiguity exists only here: Foundation brings in Linux's C library (Glibc) beside\n"
    "  the stand-in's ucrt and WinSDK; on Windows there is one declaration. Qualify the name with its Windows\n"
    "  module (ucrt.tm, WinSDK.timeval, CRT.errno), which builds on Windows as well.")


def error_blocks(output):
    """Each error of the compiler output with its notes and source excerpt."""
    lines = output.rstrip().split("\n") if output.strip() else []
    starts = [index for index, line in enumerate(lines)
              if re.match(r"^\S.*?:\d+:\d+: error: |^<unknown>:0: error: |^error: ", line)]
    return ["\n".join(lines[start:end]) for start, end in zip(starts, starts[1:] + [len(lines)])]


def annotate(output):
    """The compiler output with a note after each error that only the stand-in causes (a C name that both Glibc
    and ucrt/WinSDK declare); returns it, the number of errors, and the number of such errors."""
    lines = output.rstrip().split("\n") if output.strip() else []
    starts = [index for index, line in enumerate(lines)
              if re.match(r"^\S.*?:\d+:\d+: error: |^<unknown>:0: error: |^error: ", line)]
    ends = starts[1:] + [len(lines)]
    noted = set()
    for start, end in zip(starts, ends):
        block = "\n".join(lines[start:end])
        if re.search(r"module '(Swift)?Glibc'", block) and re.search(r"module '(ucrt|WinSDK|CRT)\b", block):
            noted.add(end - 1)
    result = []
    for index, line in enumerate(lines):
        result.append(line)
        if index in noted:
            result.append(GLIBC_CLASH_NOTE)
    return "\n".join(result), len(starts), len(noted)


def write_transformed(target, arch, source_root):
    """Writes the Windows view of the target's sources; returns {copy: original}, and the Transformed of each."""
    sources = {}
    details = {}
    for relative in target.files:
        original = ROOT / relative
        text = original.read_text(encoding="utf-8")
        transformed = evaluate_for_windows(text, arch)
        copy = source_root / arch / target.name / relative
        copy.parent.mkdir(parents=True, exist_ok=True)
        if not copy.exists() or copy.read_text(encoding="utf-8") != transformed.text:
            copy.write_text(transformed.text, encoding="utf-8")
        sources[copy] = relative
        details[relative] = transformed
    return sources, details


def order_targets(targets):
    ordered = []
    visiting = set()

    def visit(name):
        if name in ordered:
            return
        if name in visiting:
            raise CheckError(f"dependency cycle through {name}")
        visiting.add(name)
        for dependency in targets[name].dependencies:
            visit(dependency)
        visiting.discard(name)
        ordered.append(name)

    for name in sorted(targets):
        visit(name)
    return ordered


# ---------------------------------------------------------------------------------------------------------
# Self-test

EXPECT = re.compile(r"//\s*expect-error:\s*(.+?)\s*$")
DIAGNOSTIC = re.compile(r"^(.+?):(\d+):(\d+): (error|warning|note): (.*)$")


def self_test(checker, toolchain):
    """Compiles every fixture in scripts/windows-standin/selftest through the same steps as the package.
    A fixture's `// expect-error: TEXT` lines must each get an error containing TEXT on that line, and no
    other error may occur. Returns a list of failure messages."""
    failures = []
    fixtures = sorted(SELFTEST_DIR.glob("*.swift"))
    if not fixtures:
        return [f"no self-test fixtures in {SELFTEST_DIR.relative_to(ROOT)}"]
    root = WORK / "selftest"

    def one(fixture):
        relative = fixture.relative_to(ROOT)
        text = fixture.read_text(encoding="utf-8")
        transformed = evaluate_for_windows(text, "x86_64")
        copy = root / fixture.name
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_text(transformed.text, encoding="utf-8")
        target = Target(fixture.stem.replace("-", "_"), "executable", relative.parent, [relative], [],
                        {"mode": "6", "defines": [], "flags": []})
        command = checker.command(target, [], {copy: relative}, None)
        status, output = run(command, verbose=checker.verbose)
        output = map_paths(output, {copy: relative})
        expected = {}
        for number, line in enumerate(text.split("\n"), start=1):
            match = EXPECT.search(line)
            if match:
                expected[number] = match.group(1)
        errors = []
        for line in output.splitlines():
            match = DIAGNOSTIC.match(line)
            if match and match.group(4) == "error":
                errors.append((match.group(1), int(match.group(2)), match.group(5)))
        problems = []
        if not transformed.windows_branches:
            problems.append(f"{relative}: has no #if os(Windows) branch")
        for number, wanted in expected.items():
            if not any(path == str(relative) and line == number and wanted in message
                       for path, line, message in errors):
                source = text.split("\n")[number - 1].split("//")[0].strip()
                problems.append(
                    f"{relative}:{number}: the stand-in ACCEPTS `{source}`, which Swift on Windows rejects "
                    f"(expected an error containing: {wanted})")
        unexpected = [(p, l, m) for p, l, m in errors if not (p == str(relative) and l in expected)]
        if unexpected or (status != 0 and not errors):
            problems.append(
                f"{relative}: the stand-in REJECTS code that Swift on Windows accepts:\n" + indent(output.rstrip()))
        if status == 0 and expected:
            problems.append(f"{relative}: compiled although it must not")
        return problems

    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        for problems in pool.map(one, fixtures):
            failures += problems
    return failures


def indent(text):
    return "\n".join("    " + line for line in text.split("\n"))


# ---------------------------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--verbose", action="store_true", help="print every command")
    parser.add_argument("--explain", action="store_true", help="print how the stand-in departs from Wine's headers")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    arguments = parser.parse_args()
    if arguments.explain:
        print(STANDIN_CORRECTIONS, end="")
        return 0
    started = time.monotonic()
    try:
        toolchain = Toolchain(os.environ.get("SWIFT", "swift"))
        wine = Path(os.environ.get("XENV_WINE_INCLUDE", DEFAULT_WINE_INCLUDE))
        standin = Standin(toolchain, wine, arguments.verbose)
        standin.ensure()
        checker = Checker(toolchain, standin, arguments.verbose)

        with concurrent.futures.ThreadPoolExecutor(1) as background:
            selftest = background.submit(self_test, checker, toolchain)
            targets, skipped = discover(toolchain, arguments.verbose)
            add_plugin_sources(toolchain, targets, arguments.verbose)
            failures = selftest.result()
        if failures:
            print("check-windows: SELF-TEST FAILED: the WinSDK stand-in does not behave as Swift on Windows; no "
                  "result of this check can be trusted until it does.", file=sys.stderr)
            for failure in failures:
                print(indent(failure), file=sys.stderr)
            return 1

        ordered = order_targets(targets)
        source_root = WORK / "src"
        jobs = []
        windows_files = set()
        arch_targets = set()
        for name in ordered:
            sources, details = write_transformed(targets[name], "x86_64", source_root)
            windows_files |= {path for path, info in details.items() if info.windows_branches}
            if any(info.uses_arch for info in details.values()):
                arch_targets.add(name)
            jobs.append(Job("x86_64", targets[name], sources, [("x86_64", d) for d in targets[name].dependencies]))
        # arm64: the targets whose sources test arch(), and whatever depends on them.
        arm64 = set()
        for name in ordered:
            if name in arch_targets or any(d in arm64 for d in targets[name].dependencies):
                arm64.add(name)
        for name in ordered:
            if name in arm64:
                sources, _ = write_transformed(targets[name], "arm64", source_root)
                deps = [("arm64" if d in arm64 else "x86_64", d) for d in targets[name].dependencies]
                jobs.append(Job("arm64", targets[name], sources, deps))

        modules = WORK / "modules"

        def work(job):
            own = modules / job.variant
            dirs = [own] if job.variant == "x86_64" else [own, modules / "x86_64"]
            checker.compile(job, dirs, own)

        done = {}
        pending = list(jobs)
        with concurrent.futures.ThreadPoolExecutor(max(1, arguments.jobs)) as pool:
            running = {}
            while pending or running:
                for job in [j for j in pending if all(d in done for d in j.deps)]:
                    pending.remove(job)
                    running[pool.submit(work, job)] = job
                finished, _ = concurrent.futures.wait(running, return_when=concurrent.futures.FIRST_COMPLETED)
                for future in finished:
                    job = running.pop(future)
                    future.result()
                    done[(job.variant, job.target.name)] = job

        # An arm64 pass reports only the errors that the x86_64 pass of the same target did not.
        for job in jobs:
            if job.variant != "x86_64" and job.status != 0:
                base = done[("x86_64", job.target.name)]
                seen = set(error_blocks(base.output)) if base.status != 0 else set()
                fresh = [block for block in error_blocks(job.output) if block not in seen]
                if not fresh and error_blocks(job.output):
                    job.status = 0
                else:
                    job.output = "\n".join(fresh) if fresh else job.output
        failed = [job for job in jobs if job.status != 0]
        elapsed = time.monotonic() - started
        if arguments.verbose:
            log("not checked: " + ", ".join(skipped))
            for job in jobs:
                log(f"{job.target.name} ({job.variant}): {job.seconds:.1f} s")
        if failed:
            count = clashes = 0
            for job in failed:
                heading = (f"{job.target.name}: errors as Windows would see it" if job.variant == "x86_64"
                           else f"{job.target.name}: more errors as Windows on arm64 would see it (arch(arm64) true)")
                text, errors, artifacts = annotate(job.output)
                count += max(errors, 1)
                clashes += artifacts
                print(f"check-windows: {heading}:", file=sys.stderr)
                print(text, file=sys.stderr)
            artifacts = f", {clashes} of them Glibc/ucrt name clashes of the stand-in" if clashes else ""
            print(f"check-windows: FAILED: {count} error(s){artifacts} in {len(failed)} of {len(jobs)} target "
                  f"checks ({elapsed:.1f} s)", file=sys.stderr)
            return 1
        variants = f", {len(arm64)} again with arch(arm64)" if arm64 else ""
        print(f"check-windows: {len(targets)} targets type-checked as on Windows{variants}; "
              f"{len(windows_files)} files with Windows branches; self-test passed; {elapsed:.1f} s")
        return 0
    except CheckError as error:
        print(f"check-windows: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
