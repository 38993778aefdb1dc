import XenvSystem
import XenvShimCore

/// The real linker: the one the shim runs, or MSVC's link.exe, which cargo runs directly.
public struct Linker: Equatable, Sendable {
    public enum Kind: String, Equatable, Sendable {
        case rustLLD = "rust-lld"
        case lldLink = "lld-link"
        /// MSVC's link.exe knows `/arm64hazardfree`: nothing to filter, so no shim.
        case msvcLink = "link.exe"

        init(_ kind: ShimConfig.LinkerKind) {
            switch kind {
            case .rustLLD: self = .rustLLD
            case .lldLink: self = .lldLink
            }
        }

        /// How the shim calls this linker; nil when it needs no shim.
        public var shimKind: ShimConfig.LinkerKind? {
            switch self {
            case .rustLLD: .rustLLD
            case .lldLink: .lldLink
            case .msvcLink: nil
            }
        }
    }

    public var path: String
    public var kind: Kind

    public init(path: String, kind: Kind) {
        self.path = path
        self.kind = kind
    }
}

/// The tools found for a target: the linker always, the C compiler and archiver when present.
public struct Tools: Equatable, Sendable {
    public var linker: Linker
    public var cCompiler: String?
    public var archiver: String?
}

/// `--linker`: which real linker the shim runs.
public enum LinkerChoice: Equatable, Sendable {
    /// lld-link on PATH, else rust-lld from the Rust toolchain.
    case automatic
    case rustLLD
    case lldLink
    case path(String)

    /// Parses `auto`, `rust-lld`, `lld-link` or a path (anything with a `/`, or a `\` as Windows paths have).
    public init(parsing value: String) throws(XenvError) {
        switch value {
        case "auto": self = .automatic
        case "rust-lld": self = .rustLLD
        case "lld-link": self = .lldLink
        default:
            guard value.contains("/") || value.contains("\\") else {
                throw .usage("--linker '\(value)' is not auto, rust-lld, lld-link or a path")
            }
            self = .path(value)
        }
    }
}

/// Finds clang-cl, lld-link, llvm-lib (also under versioned names such as `lld-link-18`) on PATH, and
/// rust-lld in the Rust toolchain. Every lookup goes through the host's `ExecutableSearch`.
public struct ToolResolver: Sendable {
    public var fileSystem: FileSystem
    public var environment: Environment
    public var host: Host
    public var processRunner: ProcessRunner
    public var workingDirectory: String

    public init(
        fileSystem: FileSystem, environment: Environment, host: Host, processRunner: ProcessRunner,
        workingDirectory: String
    ) {
        self.fileSystem = fileSystem
        self.environment = environment
        self.host = host
        self.processRunner = processRunner
        self.workingDirectory = workingDirectory
    }

    public init(context: PlanningContext) {
        self.init(
            fileSystem: context.fileSystem, environment: context.environment, host: context.host,
            processRunner: context.processRunner, workingDirectory: context.workingDirectory)
    }

    var executables: ExecutableSearch {
        ExecutableSearch(fileSystem: fileSystem, environment: environment, workingDirectory: workingDirectory)
    }

    public func resolve(linker choice: LinkerChoice, notes: inout [String], warnings: inout [String]) throws(XenvError)
        -> Tools
    {
        let linker = try resolveLinker(choice, notes: &notes)
        notes.append("linker: \(linker.path) (\(linker.kind.rawValue))")
        let compiler = findOnPath("clang-cl")
        if let compiler {
            notes.append("C compiler: \(compiler)")
        } else {
            warnings.append("no clang-cl on PATH: CC_*, CXX_*, CFLAGS_* and CXXFLAGS_* are left out; Rust-only builds still work")
        }
        let archiver = findOnPath("llvm-lib") ?? findOnPath("llvm-ar")
        if let archiver {
            notes.append("archiver: \(archiver)")
        } else {
            warnings.append("no llvm-lib or llvm-ar on PATH: AR_* is left out; crates that archive C code will fail")
        }
        return Tools(linker: linker, cCompiler: compiler, archiver: archiver)
    }

    func resolveLinker(_ choice: LinkerChoice, notes: inout [String]) throws(XenvError) -> Linker {
        switch choice {
        case .automatic:
            if let lldLink = findOnPath("lld-link") { return Linker(path: lldLink, kind: .lldLink) }
            notes.append("linker: no lld-link on PATH, trying rust-lld")
            if let rustLLD = findRustLLD(notes: &notes) { return Linker(path: rustLLD, kind: .rustLLD) }
            throw .linkerNotFound(requested: "auto", searched: "lld-link on PATH and \(rustLLDDescription)")
        case .lldLink:
            if let lldLink = findOnPath("lld-link") { return Linker(path: lldLink, kind: .lldLink) }
            throw .linkerNotFound(requested: "lld-link", searched: "lld-link and lld-link-<version> on PATH")
        case .rustLLD:
            if let rustLLD = findRustLLD(notes: &notes) { return Linker(path: rustLLD, kind: .rustLLD) }
            throw .linkerNotFound(requested: "rust-lld", searched: rustLLDDescription)
        case .path(let given):
            let path = host.pathStyle.absolute(given, relativeTo: workingDirectory)
            guard fileSystem.isExecutableFile(path) else {
                throw .linkerUnusable(path: given, reason: "it is not an executable file")
            }
            guard let kind = Self.linkerKind(forProgramName: host.pathStyle.lastComponent(path)) else {
                throw .linkerUnusable(
                    path: given, reason: "xenv calls only lld linkers; its name must be lld-link, rust-lld or lld")
            }
            return Linker(path: path, kind: Linker.Kind(kind))
        }
    }

    /// How to call a linker, from its file name as rustc infers it: `.exe` and a `-<digits>` suffix removed;
    /// `lld-link` is the link flavour by name; `rust-lld` and `lld` are generic drivers that need `-flavor link`.
    public static func linkerKind(forProgramName name: String) -> ShimConfig.LinkerKind? {
        // Without regard to case, as lld matches its flavour names (`LLD-LINK.EXE` is lld-link).
        var stem = name.lowercased()
        if stem.hasSuffix(".exe") { stem.removeLast(4) }
        if let dash = stem.lastIndex(of: "-"), !stem[stem.index(after: dash)...].isEmpty,
            stem[stem.index(after: dash)...].allSatisfy { $0.isASCII && $0.isNumber }
        {
            stem = String(stem[..<dash])
        }
        switch stem {
        case "lld-link": return .lldLink
        case "rust-lld", "lld": return .rustLLD
        default: return nil
        }
    }

    var rustLLDDescription: String {
        let style = host.pathStyle
        return "\(host.executableName("rust-lld")) in \(style.join("$(rustc --print sysroot)", "lib", "rustlib", host.rustTriple, "bin"))"
    }

    /// `rust-lld` from `rustc --print sysroot` (never `gcc-ld/`, whose wrappers add their own `-flavor`).
    func findRustLLD(notes: inout [String]) -> String? {
        guard let rustcPath = findRustc() else {
            notes.append("linker: no \(environment.nonEmpty(.rustc) ?? host.executableName("rustc")) on PATH to ask for its sysroot")
            return nil
        }
        guard let output = try? processRunner.run(rustcPath, ["--print", "sysroot"]), output.succeeded else {
            notes.append("linker: `\(rustcPath) --print sysroot` failed")
            return nil
        }
        // rustc's own host triple names the directory, and it can differ from the machine's: an x64 toolchain
        // emulated on an ARM64 machine keeps rust-lld in `x86_64-pc-windows-msvc\bin`. The machine's triple is
        // tried first; then every triple of the sysroot (only the host's has a `bin`, the others hold libraries).
        let style = host.pathStyle
        let rustlib = style.join(output.outputText, "lib", "rustlib")
        let triples = [host.rustTriple] + (fileSystem.contentsOfDirectory(rustlib) ?? []).filter { $0 != host.rustTriple }
        for triple in triples {
            let candidate = style.join(rustlib, triple, "bin", host.executableName("rust-lld"))
            if fileSystem.isExecutableFile(candidate) { return candidate }
        }
        notes.append("linker: no rust-lld in \(style.join(rustlib, "<triple>", "bin"))")
        return nil
    }

    /// rustc as cargo finds it: `$RUSTC` (a path, or a name on PATH), else `rustc` on PATH.
    func findRustc() -> String? {
        executables.find(environment.nonEmpty(.rustc) ?? "rustc")
    }

    /// Whether rustc has `triple`'s standard library (`rustc --print target-libdir` exists); nil when there is
    /// no rustc to ask.
    func hasRustStandardLibrary(for triple: String) -> Bool? {
        guard let rustc = findRustc(), let output = try? processRunner.run(rustc, ["--print", "target-libdir", "--target", triple]),
            output.succeeded
        else { return nil }
        return fileSystem.isDirectory(output.outputText)
    }

    /// The first `name` on PATH; when there is none, the highest versioned `name-<N>` found on PATH.
    public func findOnPath(_ name: String) -> String? {
        executables.findAllowingVersionSuffix(name)
    }
}
