import XenvSystem

/// The Rust toolchain as cargo finds it: rustc (`$RUSTC`, else `rustc` on PATH), its sysroot's rust-lld, and
/// whether it has a target's standard library. The one place xenv asks rustc anything, on every host.
struct RustToolchain {
    var fileSystem: FileSystem
    var environment: Environment
    var host: Host
    var processRunner: ProcessRunner
    var executables: ExecutableSearch

    init(context: PlanningContext) {
        fileSystem = context.fileSystem
        environment = context.environment
        host = context.host
        processRunner = context.processRunner
        executables = context.executables
    }

    /// rustc as cargo finds it: `$RUSTC` (a path, or a name on PATH), else `rustc` on PATH.
    func rustc() -> String? {
        executables.find(environment.nonEmpty(.rustc) ?? "rustc")
    }

    /// Where rust-lld is looked for, for messages.
    var rustLLDDescription: String {
        let style = host.pathStyle
        return
            "\(host.executableName("rust-lld")) in "
            + "\(style.join("$(rustc --print sysroot)", "lib", "rustlib", host.rustTriple, "bin"))"
    }

    /// `rust-lld` from `rustc --print sysroot` (never `gcc-ld/`, whose wrappers add their own `-flavor`).
    func rustLLD(notes: inout [String]) -> String? {
        guard let rustcPath = rustc() else {
            notes.append(
                "linker: no \(environment.nonEmpty(.rustc) ?? host.executableName("rustc")) on PATH to ask for "
                    + "its sysroot"
            )
            return nil
        }
        guard let output = try? processRunner.run(rustcPath, ["--print", "sysroot"], environment: nil), output.succeeded
        else {
            notes.append("linker: `\(rustcPath) --print sysroot` failed")
            return nil
        }
        // rustc's own host triple names the directory, and it can differ from the machine's: an x64 toolchain
        // emulated on an ARM64 machine keeps rust-lld in `x86_64-pc-windows-msvc\bin`. The machine's triple is
        // tried first; then every triple of the sysroot (only the host's has a `bin`, the others hold libraries).
        let style = host.pathStyle
        let rustlib = style.join(output.outputText, "lib", "rustlib")
        let triples =
            [host.rustTriple] + (fileSystem.contentsOfDirectory(rustlib) ?? []).filter { $0 != host.rustTriple }
        for triple in triples {
            let candidate = style.join(rustlib, triple, "bin", host.executableName("rust-lld"))
            if fileSystem.isExecutableFile(candidate) { return candidate }
        }
        notes.append("linker: no rust-lld in \(style.join(rustlib, "<triple>", "bin"))")
        return nil
    }

    /// Whether rustc has `triple`'s standard library (`rustc --print target-libdir` exists); nil when there is
    /// no rustc to ask.
    func hasStandardLibrary(for triple: String) -> Bool? {
        guard let rustc = rustc(),
            let output = try? processRunner.run(
                rustc, ["--print", "target-libdir", "--target", triple], environment: nil),
            output.succeeded
        else { return nil }
        return fileSystem.isDirectory(output.outputText)
    }
}
