import Foundation
import Testing

@testable import XenvSystem

/// The shared layers of a Windows host (atomic writes, PATH search, process launches) over calls that record
/// what reaches them: the code a Windows runner runs, down to the system calls.
@Suite struct WindowsFileSystemTests {
    static func fileSystem(_ calls: some WindowsCalls) -> SystemFileSystem {
        SystemFileSystem(pathStyle: .windows, calls: calls, processIdentifier: 42)
    }

    /// Finding 1: a write to `D:\a\_temp\...` goes through a temporary file beside it, and the calls see only
    /// extended-length paths.
    @Test func anAtomicWriteCreatesParentsAndRenamesATemporarySiblingOverTheFile() throws {
        let calls = RecordingWindowsCalls()
        let fileSystem = Self.fileSystem(calls)
        let path = #"D:\a\_temp\xenv\aarch64-pc-windows-msvc\cargo-config.toml"#
        try fileSystem.writeFileAtomically(path, bytes: Array("one".utf8), executable: false)
        #expect(calls.memory.readFile("/D/a/_temp/xenv/aarch64-pc-windows-msvc/cargo-config.toml") == Array("one".utf8))
        // Replacing an existing file (finding 2: no FileManager.replaceItemAt).
        try fileSystem.writeFileAtomically(path, bytes: Array("two".utf8), executable: false)
        #expect(fileSystem.readFile(path) == Array("two".utf8))
        #expect(calls.memory.contentsOfDirectory("/D/a/_temp/xenv/aarch64-pc-windows-msvc") == ["cargo-config.toml"])
        #expect(calls.memory.contentsOfDirectory("/") == ["D"])
    }

    @Test func aFailedRenameLeavesNoTemporaryFile() throws {
        let calls = RecordingWindowsCalls()
        let fileSystem = Self.fileSystem(calls)
        // A directory where the file should go: the rename fails.
        calls.memory.addDirectory("/C/state/cargo-config.toml")
        #expect(throws: SystemError.self) {
            try fileSystem.writeFileAtomically(#"C:\state\cargo-config.toml"#, bytes: [1], executable: false)
        }
        #expect(calls.memory.contentsOfDirectory("/C/state") == ["cargo-config.toml"])
    }

    /// A file Windows will not replace (a running shim, a read-only file) moves aside and the new one takes its
    /// place; the aside copy goes once nothing holds it.
    @Test func aFileThatCannotBeReplacedMovesAside() throws {
        final class Busy: RecordingWindowsCalls, @unchecked Sendable {
            let busy = Locked<Set<String>>([])
            /// A busy file can be renamed, not replaced; it stays busy under its new name.
            override func rename(_ source: String, over destination: String) throws(SystemError) {
                let (from, to) = (memoryPath(source)!, memoryPath(destination)!)
                if kind(destination) != nil, busy.withLock({ $0.contains(to) }) {
                    throw SystemError(operation: "MoveFileExW", path: destination, code: 32, message: "in use")
                }
                try super.rename(source, over: destination)
                busy.withLock { if $0.remove(from) != nil { $0.insert(to) } }
            }
            override func remove(_ path: String) {
                if !busy.withLock({ $0.contains(memoryPath(path)!) }) { super.remove(path) }
            }
        }
        let calls = Busy()
        let fileSystem = Self.fileSystem(calls)
        let shim = #"D:\state\xenv-link.exe"#
        try fileSystem.writeFileAtomically(shim, bytes: [1], executable: true)
        calls.busy.withLock { $0.insert("/D/state/xenv-link.exe") }
        try fileSystem.writeFileAtomically(shim, bytes: [2], executable: true)
        #expect(fileSystem.readFile(shim) == [2])
        let entries = try #require(calls.memory.contentsOfDirectory("/D/state"))
        #expect(entries.count == 2)
        #expect(entries.contains("xenv-link.exe"))
        #expect(entries.contains { $0.hasPrefix(".xenv-link.exe.42.") && $0.hasSuffix(".old") })
    }

    @Test func longPathsReachTheCallsInTheirExtendedForm() throws {
        final class Seen: RecordingWindowsCalls, @unchecked Sendable {
            let paths = Locked<[String]>([])
            override func kind(_ path: String) -> FileKind? {
                paths.withLock { $0.append(path) }
                return super.kind(path)
            }
        }
        let calls = Seen()
        let deep =
            #"C:\"# + Array(repeating: "directory-name-of-forty-characters-long", count: 8).joined(separator: #"\"#)
        try Self.fileSystem(calls).writeFileAtomically(deep + #"\f.txt"#, bytes: [1], executable: false)
        #expect(Self.fileSystem(calls).isFile(deep + #"\f.txt"#))
        #expect(calls.paths.withLock { $0 }.allSatisfy { $0.hasPrefix(#"\\?\C:\"#) })
    }
}

@Suite struct ExecutableSearchTests {
    /// Windows files go into memory below `/w` (`C:\x` is `/w/C/x`), looked up without regard to case by the twin.
    static func search(
        _ memory: InMemoryFileSystem, _ variables: [String: String], windows: Bool = true
    ) -> ExecutableSearch {
        let fileSystem: FileSystem
        if windows {
            let tree = InMemoryFileSystem()
            for path in memory.allFiles { tree.addFile("/w" + path, bytes: memory.readFile(path) ?? []) }
            let calls = try! SimulatedWindowsCalls(root: "/w", host: tree, hostStyle: .posix, starter: nil)
            fileSystem = SystemFileSystem(pathStyle: .windows, calls: calls, processIdentifier: 1)
        } else {
            fileSystem = memory
        }
        return ExecutableSearch(
            fileSystem: fileSystem, environment: Environment(variables, caseInsensitiveNames: windows),
            workingDirectory: windows ? #"C:\work"# : "/work")
    }

    /// Finding 7: `rustc` is found as `rustc.exe` through PATHEXT, in `Path` spelled as Windows spells it.
    @Test func windowsTriesEachPathDirectoryWithEachPathExtension() {
        let memory = InMemoryFileSystem()
        memory.addFile("/C/Users/me/.cargo/bin/rustc.exe")
        memory.addFile("/C/tools/npm.cmd")
        memory.addFile("/C/tools/npm")
        memory.addFile("/C/work/bin/local.EXE")
        let search = Self.search(memory, ["Path": #"C:\Windows;"C:\Users\me\.cargo\bin";C:\tools;bin"#])
        #expect(search.find("rustc") == #"C:\Users\me\.cargo\bin\rustc.exe"#)
        #expect(search.find("RUSTC.EXE") == #"C:\Users\me\.cargo\bin\RUSTC.EXE"#)
        // A name without an extension is not run as it is: PATHEXT decides.
        #expect(search.find("npm") == #"C:\tools\npm.cmd"#)
        #expect(search.find("local") == #"C:\work\bin\local.exe"#)
        #expect(search.find("cargo") == nil)
        #expect(search.find(#"C:\Users\me\.cargo\bin\rustc"#) == #"C:\Users\me\.cargo\bin\rustc.exe"#)
        #expect(search.find(#".\bin\local.exe"#) == #"C:\work\bin\local.exe"#)
        #expect(search.searchPath == [#"C:\Windows"#, #"C:\Users\me\.cargo\bin"#, #"C:\tools"#, #"C:\work\bin"#])
    }

    /// Only what CreateProcess can start counts: a script association is passed by, and a path without an
    /// extension is tried with PATHEXT's.
    @Test func filesCreateProcessCannotStartArePassedBy() {
        let memory = InMemoryFileSystem()
        memory.addFile("/C/a/rustc.py")
        memory.addFile("/C/b/rustc.exe")
        memory.addFile("/C/work/tool")
        memory.addFile("/C/work/tool.exe")
        let search = Self.search(memory, ["PATH": #"C:\a;C:\b"#, "PATHEXT": ".PY;.COM;.EXE;.BAT;.CMD;.VBS"])
        #expect(search.find("rustc") == #"C:\b\rustc.exe"#)
        #expect(search.find(#".\tool"#) == #"C:\work\tool.exe"#)
    }

    @Test func pathextDecidesTheOrder() {
        let memory = InMemoryFileSystem()
        memory.addFile("/C/t/x.cmd")
        memory.addFile("/C/t/x.exe")
        #expect(Self.search(memory, ["PATH": #"C:\t"#, "PATHEXT": ".CMD;.EXE"]).find("x") == #"C:\t\x.cmd"#)
        #expect(Self.search(memory, ["PATH": #"C:\t"#]).find("x") == #"C:\t\x.exe"#)
    }

    @Test func posixNeedsTheExecuteBitAndTakesTheHighestVersionedName() {
        let memory = InMemoryFileSystem()
        memory.addFile("/a/lld-link", "not executable")
        memory.addFile("/b/lld-link-14", executable: true)
        memory.addFile("/b/lld-link-9", executable: true)
        memory.addFile("/b/clang-cl", executable: true)
        let search = Self.search(memory, ["PATH": "/a:/b"], windows: false)
        #expect(search.find("lld-link") == nil)
        #expect(search.findAllowingVersionSuffix("lld-link") == "/b/lld-link-14")
        #expect(search.find("clang-cl") == "/b/clang-cl")
        #expect(search.find("/b/clang-cl") == "/b/clang-cl")
        // A relative path is taken from the working directory, /work here.
        #expect(search.find("b/clang-cl") == nil)
    }
}

@Suite struct WindowsProcessRunnerTests {
    /// Findings 3 and 4: every argument arrives (empty ones too), the block has one PATH and is sorted, and
    /// the exit code keeps all 32 bits.
    @Test func aLaunchQuotesEveryArgumentAndPassesOneSortedEnvironment() throws {
        let calls = RecordingWindowsCalls()
        calls.exitCode = 0xC000_0005
        var environment = Environment(
            ["Path": #"C:\Windows"#, "SystemRoot": #"C:\Windows"#], caseInsensitiveNames: true)
        environment["PATH"] = #"C:\tools;C:\Windows"#
        let runner = WindowsProcessRunner(calls: calls, environment: environment)
        let status = try runner.execute(#"C:\tools\cargo.exe"#, ["nextest", "", "a b"], environment: environment)
        #expect(status == .exited(Int32(bitPattern: 0xC000_0005)))
        #expect(status.code == -1_073_741_819)
        let launch = try #require(calls.launches.first)
        #expect(launch.application == #"C:\tools\cargo.exe"#)
        #expect(launch.commandLine == #""C:\tools\cargo.exe" nextest "" "a b""#)
        #expect(!launch.captureOutput)
        let entries = launch.environment.split(separator: 0).map { String(decoding: $0, as: UTF16.self) }
        #expect(entries == [#"PATH=C:\tools;C:\Windows"#, #"SystemRoot=C:\Windows"#])
    }

    @Test func batchFilesAndNULCharactersAreRefusedBeforeWindowsSeesThem() {
        let calls = RecordingWindowsCalls()
        let runner = WindowsProcessRunner(calls: calls, environment: Environment([:], caseInsensitiveNames: true))
        #expect(
            throws: SystemError(
                operation: "CreateProcessW", path: #"C:\t\npm.CMD"#, code: 193,
                message:
                    "it is a batch file, which Windows runs through cmd.exe with other quoting rules; run `cmd /d /c npm.CMD ...` instead"
            )
        ) {
            try runner.run(#"C:\t\npm.CMD"#, ["ci"])
        }
        #expect(throws: SystemError.self) { try runner.run(#"C:\t\x.exe"#, ["a\u{0}b"]) }
        #expect(calls.launches.isEmpty)
    }

    @Test func anEnvironmentBuiltWithoutCaseFoldingStillReachesWindowsWithOnePath() throws {
        let calls = RecordingWindowsCalls()
        let runner = WindowsProcessRunner(calls: calls, environment: Environment([:]))
        _ = try runner.run(#"C:\x.exe"#, [], environment: Environment(["Path": "a", "PATH": "b"]))
        let entries = try #require(calls.launches.first).environment.split(separator: 0).map {
            String(decoding: $0, as: UTF16.self)
        }
        #expect(entries == ["PATH=b"])
        #expect(calls.launches.first?.captureOutput == true)
    }
}

extension InMemoryFileSystem {
    /// Every file's path (tests copy trees with it).
    var allFiles: [String] {
        var files: [String] = []
        var directories = ["/"]
        while let directory = directories.popLast() {
            for entry in contentsOfDirectory(directory) ?? [] {
                let path = Path.join(directory, entry)
                if isDirectory(path) { directories.append(path) } else { files.append(path) }
            }
        }
        return files
    }
}
