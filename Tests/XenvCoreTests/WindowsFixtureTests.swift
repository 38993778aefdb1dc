import Foundation
import Testing
import XenvSystem

@testable import XenvCore

/// Tests/Fixtures/windows-host: a simulated x64 GitHub runner (see its README.md). Tests read it in place and
/// never write to it; a test that needs a changed tree works on a `FixtureCopy`.
enum WindowsFixture {
    static let root: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures").appendingPathComponent("windows-host").path

    /// The fixture's system calls: its files on this machine's disk (tests only read them), no programs.
    static var calls: SimulatedWindowsCalls {
        try! SimulatedWindowsCalls(root: root, host: NativeCalls(), hostStyle: .native, starter: nil)
    }

    static var fileSystem: SystemFileSystem {
        SystemFileSystem(pathStyle: .windows, calls: calls, processIdentifier: 1)
    }

    /// Where the shim ships on the machine xenv runs on (an in-memory host file system).
    static let shimSource = "/opt/xenv/bin/xenv-link"

    /// The machine xenv runs on: only the shim next to xenv.
    static func hostFileSystem() -> InMemoryFileSystem {
        let host = InMemoryFileSystem()
        host.addFile(shimSource, "SHIM", executable: true)
        return host
    }

    /// A fresh x64 runner's variables, `Path` spelled as Windows spells it.
    static let environment: [String: String] = [
        "PROCESSOR_ARCHITECTURE": "AMD64",
        "Path": #"C:\Windows\system32;C:\Windows"#,
        "LOCALAPPDATA": #"C:\Users\me\AppData\Local"#,
    ]

    /// A simulated Windows host's planning context, as `XENV_WINDOWS_ROOT` gives one; `processRunner` nil means
    /// the host's own, which starts the fixture's programs (there are none that run).
    static func context(
        fileSystem: SystemFileSystem = WindowsFixture.fileSystem,
        environment: [String: String] = WindowsFixture.environment,
        installationFileSystem: FileSystem = WindowsFixture.hostFileSystem(), processRunner: ProcessRunner? = nil,
        catalog: TargetCatalog = Catalog.embedded
    ) -> PlanningContext {
        let environment = Environment(environment, caseInsensitiveNames: true)
        let calls = fileSystem.calls as! any WindowsCalls
        return PlanningContext(
            host: WindowsHost(environment: environment, calls: calls).host, environment: environment,
            fileSystem: fileSystem,
            installationFileSystem: installationFileSystem,
            processRunner: processRunner ?? WindowsProcessRunner(calls: calls, environment: environment),
            windowsCalls: calls,
            isSimulated: true, workingDirectory: #"C:\work"#, shimSource: shimSource, catalog: catalog)
    }

    static func plan(
        _ request: PlanRequest = PlanRequest(target: "arm64"), in context: PlanningContext = WindowsFixture.context()
    ) throws(XenvError) -> Plan {
        var notes: [String] = []
        return try Planner.plan(request, in: context, notes: &notes)
    }

    static func plan(
        _ request: PlanRequest = PlanRequest(target: "arm64"), in context: PlanningContext = WindowsFixture.context(),
        notes: inout [String]
    ) throws(XenvError) -> Plan {
        try Planner.plan(request, in: context, notes: &notes)
    }

    /// The value of one variable of a plan.
    static func value(_ name: String, in plan: Plan) -> String? {
        plan.environment.first { $0.name == name }?.value
    }
}

/// A private copy of the fixture, held in memory (at `/w`), to take files out of or add files to: copying on
/// disk costs up to a few hundred milliseconds a copy on a busy machine; this costs well under one.
struct FixtureCopy {
    struct Missing: Error, CustomStringConvertible {
        var path: String
        var description: String { "no \(path) in the fixture" }
    }

    /// Every file of the fixture: its path below the fixture's root, and its bytes. Read once.
    static let files: [(path: String, bytes: [UInt8])] = {
        let root = WindowsFixture.root
        let enumerator = FileManager.default.enumerator(atPath: root)
        var files: [(String, [UInt8])] = []
        while let found = enumerator?.nextObject() as? String {
            // `/`-separated below the copy's root, whatever this host's separator.
            let relative = found.replacingOccurrences(of: "\\", with: "/")
            let path = PathStyle.native.join(root, found)
            if let bytes = FileManager.default.contents(atPath: path) { files.append((relative, [UInt8](bytes))) }
        }
        return files.sorted { $0.0 < $1.0 }
    }()

    let memory = InMemoryFileSystem()

    /// - Parameter removing: Windows paths of files or directories of the fixture to leave out.
    init(removing: [String] = []) throws {
        let removed = try removing.map { windowsPath in
            guard let host = WindowsFixture.calls.hostPath(windowsPath), host.hasPrefix(WindowsFixture.root) else {
                throw Missing(path: windowsPath)
            }
            return String(host.dropFirst(WindowsFixture.root.count + 1)).replacingOccurrences(of: "\\", with: "/")
        }
        for file in Self.files where !removed.contains(where: { file.path == $0 || file.path.hasPrefix($0 + "/") }) {
            memory.addFile(Path.join("/w", file.path), bytes: file.bytes)
        }
    }

    var calls: SimulatedWindowsCalls { calls(starter: nil) }

    /// The copy's calls; `starter` answers for the programs it starts (none start without one).
    func calls(starter: (any ProgramStarter)?) -> SimulatedWindowsCalls {
        try! SimulatedWindowsCalls(root: "/w", host: memory, hostStyle: .posix, starter: starter)
    }

    var fileSystem: SystemFileSystem { fileSystem(starter: nil) }

    func fileSystem(starter: (any ProgramStarter)?) -> SystemFileSystem {
        SystemFileSystem(pathStyle: .windows, calls: calls(starter: starter), processIdentifier: 1)
    }

    /// Adds a program (an executable file in the copy) that a starter can be asked to run.
    func addProgram(_ windowsPath: String) {
        let parsed = WindowsPath.parse(windowsPath)
        guard case .drive(let drive) = parsed.root else { return }
        memory.addFile(
            "/w/" + ([String(drive)] + parsed.components).joined(separator: "/"), "program", executable: true)
    }

    /// Writes a file, named by its Windows path.
    func write(_ windowsPath: String, _ text: String) throws {
        try fileSystem.writeFileAtomically(windowsPath, bytes: Array(text.utf8), executable: false)
    }

    func read(_ windowsPath: String) -> String? {
        fileSystem.readFile(windowsPath).map { String(decoding: $0, as: UTF8.self) }
    }
}

/// Windows paths of the fixture, for building copies (expected values are spelled out in the tests).
enum FixturePath {
    static let buildTools = #"C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools"#
    static let enterprise2019 = #"C:\Program Files\Microsoft Visual Studio\2019\Enterprise"#
    static let instances = #"C:\ProgramData\Microsoft\VisualStudio\Packages\_Instances"#
    static let buildToolsRecord = instances + #"\a1b2c3d4\state.json"#
    static let enterpriseRecord = instances + #"\5e6f7a8b\state.json"#
    static let defaultToolsetFile = buildTools + #"\VC\Auxiliary\Build\Microsoft.VCToolsVersion.default.txt"#
}

/// Records every program started, and answers from a table keyed by the full command line; anything else
/// fails to start.
final class RecordingProcessRunner: ProcessRunner, @unchecked Sendable {
    private let recorded = Locked<[[String]]>([])
    let answers: [String: ProcessResult]

    init(answers: [String: ProcessResult] = [:]) {
        self.answers = answers
    }

    var calls: [[String]] { recorded.withLock { $0 } }

    func run(
        _ executable: String, _ arguments: [String], environment: Environment?
    ) throws(SystemError) -> ProcessResult {
        recorded.withLock { $0.append([executable] + arguments) }
        return try FakeProcessRunner(answers: answers).run(executable, arguments)
    }

    func execute(
        _ executable: String, _ arguments: [String], environment: Environment
    ) throws(SystemError) -> TerminationStatus {
        recorded.withLock { $0.append([executable] + arguments) }
        return .exited(0)
    }
}

/// `EOF1`, `EOF2`, ...: predictable `$GITHUB_ENV` delimiters.
final class CountingDelimiter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    func next() -> String {
        lock.withLock {
            count += 1
            return "EOF\(count)"
        }
    }
}

@Suite struct WindowsFixtureTests {
    @Test func theFixtureIsWhereTheTestsLookForIt() {
        #expect(FileManager.default.fileExists(atPath: Path.join(WindowsFixture.root, "README.md")))
        #expect(WindowsFixture.fileSystem.isFile(FixturePath.buildToolsRecord))
        #expect(WindowsFixture.fileSystem.isFile(FixturePath.defaultToolsetFile))
    }

    @Test func aCopyHoldsTheWholeFixtureChangedOnlyAsAsked() throws {
        #expect(FixtureCopy.files.count == 105)
        let whole = try FixtureCopy()
        #expect(
            whole.memory.readFile("/w/C/ProgramData/Microsoft/VisualStudio/Packages/_Instances/a1b2c3d4/state.json")
                == WindowsFixture.fileSystem.readFile(FixturePath.buildToolsRecord))

        let copy = try FixtureCopy(removing: [
            FixturePath.defaultToolsetFile, #"c:\program files\microsoft visual studio\2019"#,
        ])
        try copy.write(#"C:\added\file.txt"#, "new")
        #expect(!copy.fileSystem.isFile(FixturePath.defaultToolsetFile))
        #expect(
            copy.fileSystem.isFile(
                FixturePath.buildTools + #"\VC\Auxiliary\Build\Microsoft.VCRedistVersion.default.txt"#))
        #expect(!copy.fileSystem.exists(FixturePath.enterprise2019))
        #expect(copy.read(#"C:\added\file.txt"#) == "new")
        #expect(WindowsFixture.fileSystem.isFile(FixturePath.defaultToolsetFile))
        #expect(WindowsFixture.fileSystem.isDirectory(FixturePath.enterprise2019))
        #expect(!WindowsFixture.fileSystem.exists(#"C:\added"#))
        #expect(throws: FixtureCopy.Missing.self) { try FixtureCopy(removing: [#"C:\not\there"#]) }
    }
}

/// Records what a simulated host's calls hand over to start a program, and ends it with a chosen status.
final class RecordingStarter: ProgramStarter, @unchecked Sendable {
    struct Start: Equatable {
        var program: String
        var commandLine: String
        var environment: [String]
        var captureOutput: Bool
    }

    private let recorded = Locked<[Start]>([])
    let exitCode: UInt32

    init(exitCode: UInt32) { self.exitCode = exitCode }

    var starts: [Start] { recorded.withLock { $0 } }

    func start(
        program: String, commandLine: String, environment: [UInt16], captureOutput: Bool
    ) throws(SystemError) -> ProcessResult {
        let entries = environment.split(separator: 0).map { String(decoding: $0, as: UTF16.self) }
        recorded.withLock {
            $0.append(
                Start(program: program, commandLine: commandLine, environment: entries, captureOutput: captureOutput))
        }
        return ProcessResult(status: .exited(Int32(bitPattern: exitCode)))
    }
}
