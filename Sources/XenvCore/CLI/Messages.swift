/// The texts xenv shows a user, in one place.
public enum Messages {
    public static let version = "xenv 0.1.0"

    public static let help = """
        xenv: a cross-compilation environment for Windows MSVC targets (aarch64-pc-windows-msvc and others)

        Usage:
          xenv setup --target T [--sysroot DIR] [--linker L] [--out DIR] [-v]
          xenv env   --target T [--sysroot DIR] [--linker L] [--out DIR] [--shell sh|json] [-v]
          xenv --help | --version

        Commands:
          setup   Install the linker shim and write a cargo config for the target; print what was found.
          env     Install the shim if needed and print the environment, e.g. eval "$(xenv env --target arm64)".

        Options:
          --target T     Target triple or alias: arm64/aarch64, x64/amd64/x86_64, x86/i686, arm64ec.
          --sysroot DIR  An xwin splat (crt/ + sdk/, or --use-winsysroot-style). Default: $XENV_SYSROOT,
                         then cargo-xwin's cache, then ./.xwin-cache/splat.
          --linker L     auto (lld-link on PATH, else rust-lld from rustc), rust-lld, lld-link, or a path.
          --out DIR      State directory. Default: $XENV_HOME, then $RUNNER_TEMP/xenv on GitHub Actions,
                         then ${XDG_CACHE_HOME:-~/.cache}/xenv. One subdirectory a target.
          --shell S      env output: sh (export lines for bash, dash, zsh) or json. Default: sh.
          -v, --verbose  Explain each choice on standard error.

        Exit status: 0 success, 1 failure, 64 usage error.
        """
}
