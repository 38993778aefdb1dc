import XenvShimCore
import XenvSystem

/// Linux and macOS hosts: clang-cl, lld-link and llvm-lib on PATH (also under versioned names such as
/// `lld-link-18`), and rust-lld in the Rust toolchain.
struct ToolResolver {
    var fileSystem: FileSystem
    var host: Host
    var workingDirectory: String
    var executables: ExecutableSearch
    var rust: RustToolchain

    init(context: PlanningContext) {
        fileSystem = context.fileSystem
        host = context.host
        workingDirectory = context.workingDirectory
        executables = context.executables
        rust = RustToolchain(context: context)
    }

    func resolve(
        linker choice: LinkerChoice, notes: inout [String], warnings: inout [String]
    ) throws(XenvError) -> Tools {
        let linker = try resolveLinker(choice, notes: &notes)
        notes.append("linker: \(linker.path) (\(linker.kind.rawValue))")
        let compiler = findOnPath("clang-cl")
        if let compiler {
            notes.append("C compiler: \(compiler)")
        } else {
            warnings.append(
                "no clang-cl on PATH: CC_*, CXX_*, CFLAGS_* and CXXFLAGS_* are left out; Rust-only builds still work")
        }
        let archiver = findOnPath("llvm-lib") ?? findOnPath("llvm-ar")
        if let archiver {
            notes.append("archiver: \(archiver)")
        } else {
            warnings.append(
                "no llvm-lib or llvm-ar on PATH: AR_* and CMAKE_AR are left out; cc-rs and CMake cannot archive C code "
                    + "(install LLVM)")
        }
        return Tools(linker: linker, cCompiler: compiler, archiver: archiver)
    }

    func resolveLinker(_ choice: LinkerChoice, notes: inout [String]) throws(XenvError) -> Linker {
        switch choice {
        case .automatic:
            if let lldLink = findOnPath("lld-link") { return Linker(path: lldLink, kind: .lldLink) }
            notes.append("linker: no lld-link on PATH, trying rust-lld")
            if let rustLLD = rust.rustLLD(notes: &notes) { return Linker(path: rustLLD, kind: .rustLLD) }
            throw .linkerNotFound(requested: "auto", searched: "lld-link on PATH and \(rust.rustLLDDescription)")
        case .lldLink:
            if let lldLink = findOnPath("lld-link") { return Linker(path: lldLink, kind: .lldLink) }
            throw .linkerNotFound(requested: "lld-link", searched: "lld-link and lld-link-<version> on PATH")
        case .rustLLD:
            if let rustLLD = rust.rustLLD(notes: &notes) { return Linker(path: rustLLD, kind: .rustLLD) }
            throw .linkerNotFound(requested: "rust-lld", searched: rust.rustLLDDescription)
        case .path(let given):
            let path = host.pathStyle.absolute(given, relativeTo: workingDirectory)
            guard fileSystem.isExecutableFile(path) else {
                throw .linkerUnusable(path: given, reason: "it is not an executable file")
            }
            guard let kind = Linker.shimKind(forProgramName: host.pathStyle.lastComponent(path)) else {
                throw .linkerUnusable(
                    path: given, reason: "xenv calls only lld linkers; its name must be lld-link, rust-lld or lld")
            }
            return Linker(path: path, kind: Linker.Kind(kind))
        }
    }

    /// The first `name` on PATH; when there is none, the highest versioned `name-<N>` found on PATH.
    func findOnPath(_ name: String) -> String? {
        executables.findAllowingVersionSuffix(name)
    }
}
