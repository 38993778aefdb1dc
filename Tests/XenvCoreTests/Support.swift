import Foundation
import Testing
import XenvSystem

@testable import XenvCore

/// The error a throwing call produced, or nil when it returned: lets a test compare `description` exactly.
/// (Closures in `#expect` infer untyped throws, so this takes any error and insists on an `XenvError`.)
func thrownError<T>(_ body: () throws -> T, sourceLocation: SourceLocation = #_sourceLocation) -> XenvError? {
    do {
        _ = try body()
        return nil
    } catch let error as XenvError {
        return error
    } catch {
        Issue.record("threw \(type(of: error)), not XenvError: \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

let linuxHost = Host(os: .linux, arch: .x86_64)

/// What a program printed, as a fake runner answers.
func output(_ text: String, status: Int32 = 0, error: String = "") -> ProcessResult {
    ProcessResult(status: .exited(status), standardOutput: Array(text.utf8), standardError: Array(error.utf8))
}

/// Answers `run` from a table keyed by the full command line; anything else is a failure to start, as for a
/// missing program. `execute` is never expected.
struct FakeProcessRunner: ProcessRunner {
    var answers: [String: ProcessResult] = [:]

    func run(
        _ executable: String, _ arguments: [String], environment: Environment?
    ) throws(SystemError) -> ProcessResult {
        let command = ([executable] + arguments).joined(separator: " ")
        guard let answer = answers[command] else {
            throw SystemError(operation: "spawn", path: executable, code: 2, message: "no answer for \(command)")
        }
        return answer
    }

    func execute(
        _ executable: String, _ arguments: [String], environment: Environment
    ) throws(SystemError) -> TerminationStatus {
        throw SystemError(operation: "spawn", path: executable, code: 2, message: "a fake runner executes nothing")
    }
}

/// An `InMemoryFileSystem` that records every write and can be told to fail them.
final class RecordingFileSystem: FileSystem, @unchecked Sendable {
    static let diskFull = SystemError(operation: "write", path: "", code: 28, message: "disk full")

    let base: InMemoryFileSystem
    private let lock = NSLock()
    private var _writes: [String] = []
    private let failWrites: Bool

    init(_ base: InMemoryFileSystem, failWrites: Bool = false) {
        self.base = base
        self.failWrites = failWrites
    }

    var writes: [String] { lock.withLock { _writes } }

    var pathStyle: PathStyle { base.pathStyle }
    func nativePath(_ path: String) -> String? { nil }
    func createDirectories(_ path: String) throws(SystemError) { try base.createDirectories(path) }
    func isFile(_ path: String) -> Bool { base.isFile(path) }
    func isDirectory(_ path: String) -> Bool { base.isDirectory(path) }
    func isExecutableFile(_ path: String) -> Bool { base.isExecutableFile(path) }
    func contentsOfDirectory(_ path: String) -> [String]? { base.contentsOfDirectory(path) }
    func readFile(_ path: String) -> [UInt8]? { base.readFile(path) }

    func writeFileAtomically(_ path: String, bytes: [UInt8], executable: Bool) throws(SystemError) {
        lock.withLock { _writes.append(path) }
        if failWrites { throw Self.diskFull }
        try base.writeFileAtomically(path, bytes: bytes, executable: executable)
    }

    func appendToFile(_ path: String, bytes: [UInt8]) throws(SystemError) {
        lock.withLock { _writes.append(path) }
        if failWrites { throw Self.diskFull }
        try base.appendToFile(path, bytes: bytes)
    }
}

extension InMemoryFileSystem {
    /// An xwin splat for one architecture directory name: the four libraries a link needs, and the
    /// header directories listed in `includes`.
    func addSplat(
        at root: String, arch: String = "aarch64",
        includes: [String] = ["crt/include", "sdk/include/ucrt", "sdk/include/um", "sdk/include/shared"],
        leavingOut missing: Set<String> = []
    ) {
        let libraries = [
            "crt/lib/\(arch)/msvcrt.lib", "crt/lib/\(arch)/vcruntime.lib", "sdk/lib/um/\(arch)/kernel32.lib",
            "sdk/lib/ucrt/\(arch)/ucrt.lib",
        ]
        for library in libraries {
            // A left-out library still leaves its directory, so the error names that one directory.
            if missing.contains(Path.lastComponent(library)) {
                addDirectory(Path.parent(Path.join(root, library)))
            } else {
                addFile(Path.join(root, library), "!<arch>\n")
            }
        }
        for include in includes { addDirectory(Path.join(root, include)) }
    }

    /// A `--use-winsysroot-style` splat with one MSVC toolset and one SDK version.
    func addWinsysroot(at root: String, msvc: String, sdk: String, arch: String = "arm64") {
        addFile(Path.join(root, "VC/Tools/MSVC/\(msvc)/lib/\(arch)/msvcrt.lib"))
        addFile(Path.join(root, "VC/Tools/MSVC/\(msvc)/lib/\(arch)/vcruntime.lib"))
        addDirectory(Path.join(root, "VC/Tools/MSVC/\(msvc)/include"))
        addFile(Path.join(root, "Windows Kits/10/Lib/\(sdk)/um/\(arch)/kernel32.lib"))
        addFile(Path.join(root, "Windows Kits/10/Lib/\(sdk)/ucrt/\(arch)/ucrt.lib"))
        for include in ["ucrt", "um", "shared"] {
            addDirectory(Path.join(root, "Windows Kits/10/Include/\(sdk)/\(include)"))
        }
    }

    func addExecutables(_ paths: String...) {
        for path in paths { addFile(path, "#!/bin/sh\n", executable: true) }
    }
}

enum Catalog {
    static let embedded: TargetCatalog = try! TargetCatalog.embedded()

    static func descriptor(_ name: String) -> TargetDescriptor { try! embedded.descriptor(named: name) }
}

/// A machine built in memory: an arm64 splat at /xw, LLVM tools on PATH, the shim next to xenv.
struct Machine {
    var fileSystem = InMemoryFileSystem()
    var environment: [String: String] = ["PATH": "/llvm/bin:/usr/bin", "HOME": "/home/u"]
    var processRunner = FakeProcessRunner()
    var shimSource = "/opt/xenv/bin/xenv-link"

    static func standard() -> Machine {
        let machine = Machine()
        machine.fileSystem.addSplat(at: "/xw")
        machine.fileSystem.addExecutables("/llvm/bin/clang-cl", "/llvm/bin/lld-link", "/llvm/bin/llvm-lib")
        machine.fileSystem.addFile("/opt/xenv/bin/xenv-link", "SHIM", executable: true)
        return machine
    }

    func context(fileSystem: FileSystem? = nil) -> PlanningContext {
        PlanningContext(
            host: linuxHost, environment: Environment(environment), fileSystem: fileSystem ?? self.fileSystem,
            processRunner: processRunner, workingDirectory: "/work", shimSource: shimSource, catalog: Catalog.embedded)
    }
}

/// A simulated Windows host on a tree in memory: `C:\X` is `<root>/C/X`.
func simulatedWindows(_ memory: InMemoryFileSystem, root: String = "/w") -> SystemFileSystem {
    SystemFileSystem(
        pathStyle: .windows,
        calls: try! SimulatedWindowsCalls(root: root, host: memory, hostStyle: .posix, starter: nil),
        processIdentifier: 1)
}

/// This machine's own file system.
let nativeFileSystem = SystemFileSystem(
    pathStyle: .native, calls: NativeCalls(), processIdentifier: NativeCalls().processIdentifier())

extension CommandRunner {
    /// The library's entry point with a test's process: no parent program, the embedded targets and shells, and
    /// `$GITHUB_ENV` delimiters that count (`EOF1`, `EOF2`...) unless a test gives its own.
    static func run(
        arguments: [String], environment: Environment = Environment([:]),
        delimiter: GitHubActions.DelimiterSource? = nil,
        tables: CommandLineTables = CommandLineTables(catalog: Catalog.embedded),
        context: () throws(XenvError) -> PlanningContext
    ) -> CommandResult {
        run(
            arguments: arguments,
            process: ProcessFacts(
                environment: environment, delimiter: delimiter ?? CountingDelimiter().next, tables: tables),
            context: context)
    }
}
