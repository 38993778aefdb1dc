import XenvSystem

/// The texts xenv shows a user, in one place.
public enum Messages {
    public static let version = "xenv 0.1.0"

    /// All of the help, or one command's: its usage line, what it does, and the option entries of the main
    /// text that it accepts, so every option is documented once.
    public static func help(for command: Invocation.Command?) -> String {
        guard let command else { return help + "\n" }
        let lines = help.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let usage = lines.filter { $0.hasPrefix("  xenv \(command.rawValue) ") || $0 == "  xenv \(command.rawValue)" }
        var description: [String] = []
        if let start = lines.firstIndex(where: { $0.hasPrefix("  \(command.rawValue) ") }) {
            description.append(lines[start])
            description += lines[(start + 1)...].prefix { $0.hasPrefix("          ") && !$0.hasPrefix("          --") }
        }
        let accepted = Set(Invocation.valueOptions(for: command) + Invocation.flagOptions(for: command) + ["--verbose", "--quiet"])
        var options: [String] = []
        var including = false
        for line in lines {
            if line.hasPrefix("  -") {
                let names = line.split(separator: " ").prefix { $0.hasPrefix("-") }.map { $0.hasSuffix(",") ? String($0.dropLast()) : String($0) }
                including = names.contains { accepted.contains($0) }
            } else if !line.hasPrefix("      ") {
                including = false
            }
            if including { options.append(line) }
        }
        return (["Usage:"] + usage + ["", "Command:"] + description + ["", "Options:"] + options).joined(separator: "\n") + "\n"
    }

    public static let help = #"""
        xenv: a cross-compilation environment for Windows MSVC targets (aarch64-pc-windows-msvc and others)

        Usage:
          xenv setup --target T [options] [-v]
          xenv env   --target T [options] [--shell S] [-v]
          xenv exec  --target T [options] [-v] -- COMMAND [ARGUMENTS...]
          xenv doctor --target T [options] [-v]
          xenv inspect [--target T] [--json] [options]
          xenv setup --remove-cargo-config PATH
          xenv completions bash|zsh|fish
          xenv help [COMMAND] | --help | --version

        Commands:
          setup   Install the linker shim, write a cargo config and a CMake toolchain file for the target, and
                  print what was found. In CI it also hands the environment to later steps (see --ci).
          env     Install the shim if needed and print the environment for a shell, e.g.
                  eval "$(xenv env --target arm64)"  or  xenv env --target arm64 | source  (fish).
          exec    Run COMMAND with the environment applied, without a shell; exits with its exit code
                  (128 + the signal on POSIX), e.g. xenv exec --target arm64 -- cargo nextest archive ...
          inspect Show what this machine has for Windows MSVC targets (Visual Studio instances, toolsets,
                  SDKs, sysroots, linkers) and, for each target, ready or what is missing with the fix.
                  --json gives the same facts as a versioned document ("schema": 1).
          doctor  Prove the environment works: link a program for the target through the shim, compile and
                  link a C file, build Rust when rustc has the target's library; check each PE header.

        Options:
          --target T     Target triple or alias: arm64/aarch64, x64/amd64/x86_64, x86/i686, arm64ec (Windows
                         hosts only: xwin splats no ARM64EC C runtime).
          --linker L     auto, rust-lld, lld-link, or a path. auto: on Linux and macOS lld-link on PATH, else
                         rust-lld from rustc; on Windows rust-lld, else Visual Studio's lld-link, else link.exe.
          --out DIR      State directory. Default: $XENV_HOME, then $RUNNER_TEMP/xenv on GitHub Actions, then
                         ${XDG_CACHE_HOME:-~/.cache}/xenv (%LOCALAPPDATA%\xenv on Windows). One subdirectory a target.
          --shell S      env output: sh (also bash, zsh, dash), fish, pwsh, cmd (writes env.cmd to `call`), nu
                         (for `from json | load-env`), json or dotenv. Default: the shell that runs xenv, else sh.
          -v, --verbose  Explain each choice (every candidate, taken or passed over) on standard error.
          -q, --quiet    Print only errors (env still prints the environment).
          --json         inspect: the report as a versioned JSON document instead of text.

        setup only:
          --ci C         auto, github, azure, gitlab or none. auto: GITHUB_ACTIONS, TF_BUILD or GITLAB_CI.
                         github appends to $GITHUB_ENV, $GITHUB_PATH, $GITHUB_STEP_SUMMARY and $GITHUB_OUTPUT
                         (step outputs: target, linker, toolset, sdk...); azure prints ##vso commands; gitlab
                         writes the dotenv report named by --dotenv.
          --dotenv PATH  The GitLab dotenv report (artifacts:reports:dotenv) to write.
          --cargo-config PATH  Merge the linker into this cargo config (e.g. .cargo/config.toml) as one managed
                         block; every other byte stays. A linker already set there stops xenv unless --force.
          --force        With --cargo-config: comment out the config's own linker for the target.
          --remove-cargo-config PATH  Take xenv's blocks out of a cargo config again.
          --print-cmake  Print the CMake toolchain file's path instead of the summary.
          --verify       After setup, run doctor's checks; fail before the build if the environment is broken.

        Linux and macOS hosts:
          --sysroot DIR  An xwin splat (crt/ + sdk/, or --use-winsysroot-style). Default: $XENV_SYSROOT,
                         then cargo-xwin's cache, then ./.xwin-cache/splat.

        Windows hosts:
          --vs DIR       This Visual Studio installation. Default: an initialised developer prompt for the
                         target, then the newest instance with the target's component.
          --toolset V    MSVC toolset version or prefix (14.44, 14.44.35207). Default: the one named by
                         Microsoft.VCToolsVersion.default.txt, else the newest complete one.
          --sdk V        Windows SDK version (10.0.22621.0). Default: the newest with the target's libraries.
          --prerelease   Let prerelease Visual Studio instances compete with releases.
          --cc C         The C compiler cc-rs gets: cl (the toolset's cl.exe and lib.exe, the default) or clang-cl
                         (Visual Studio's clang-cl and llvm-lib).
          XENV_WINDOWS_ROOT=DIR simulates a Windows host whose drives are directories of DIR (C:\X is DIR/C/X).

        Exit status: 0 success, 1 failure (including a failed check), 64 usage error; exec: the command's.
        """#
}
