/// The texts xenv shows a user, in one place.
public enum Messages {
    public static let version = "xenv 0.1.0"

    public static let help = #"""
        xenv: a cross-compilation environment for Windows MSVC targets (aarch64-pc-windows-msvc and others)

        Usage:
          xenv setup --target T [options] [-v]
          xenv env   --target T [options] [--shell sh|json] [-v]
          xenv --help | --version

        Commands:
          setup   Install the linker shim and write a cargo config for the target; print what was found.
                  Under GitHub Actions also hand the environment to later steps ($GITHUB_ENV, $GITHUB_PATH,
                  $GITHUB_STEP_SUMMARY).
          env     Install the shim if needed and print the environment, e.g. eval "$(xenv env --target arm64)".

        Options:
          --target T     Target triple or alias: arm64/aarch64, x64/amd64/x86_64, x86/i686, arm64ec.
          --linker L     auto, rust-lld, lld-link, or a path. auto: on Linux and macOS lld-link on PATH, else
                         rust-lld from rustc; on Windows rust-lld, else Visual Studio's lld-link, else link.exe.
          --out DIR      State directory. Default: $XENV_HOME, then $RUNNER_TEMP/xenv on GitHub Actions, then
                         ${XDG_CACHE_HOME:-~/.cache}/xenv (%LOCALAPPDATA%\xenv on Windows). One subdirectory a target.
          --shell S      env output: sh (export lines for bash, dash, zsh) or json. Default: sh.
          -v, --verbose  Explain each choice (every candidate, taken or passed over) on standard error.

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
          XENV_WINDOWS_ROOT=DIR simulates a Windows host whose drives are directories of DIR (C:\X is DIR/C/X).

        Exit status: 0 success, 1 failure, 64 usage error.
        """#
}
