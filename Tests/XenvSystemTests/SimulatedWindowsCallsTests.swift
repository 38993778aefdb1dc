#if !os(Windows)
import Foundation
import Testing
@testable import XenvSystem

/// The POSIX twin of the Windows calls, on a real directory: NTFS-style lookups, the registry file, and
/// programs that really run, reached through the same command line and environment block as on Windows.
@Suite struct SimulatedWindowsCallsTests {
    /// A fresh root with `C/Tools/` in it, removed afterwards by the system's temporary-file cleanup.
    static func root() throws -> String {
        let root = NSTemporaryDirectory() + "xenv-twin-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: root + "/C/Tools", withIntermediateDirectories: true)
        return root
    }

    /// Written with O_CLOEXEC, so a program another test starts at the same moment cannot hold it open for
    /// writing (which makes running it fail with ETXTBSY).
    static func script(_ path: String, _ body: String) throws {
        try PosixCalls().createNew(path, Array(("#!/bin/sh\n" + body).utf8), executable: true)
    }

    @Test func pathsMatchWithoutRegardToCaseAndWritesStayBelowTheRoot() throws {
        let root = try Self.root()
        let calls = try SimulatedWindowsCalls.onThisMachine(root: root, native: NativeCalls())
        let fileSystem = SystemFileSystem(pathStyle: .windows, calls: calls, processIdentifier: 1)
        try fileSystem.writeFileAtomically(#"c:\tools\New Dir\f.txt"#, bytes: Array("x".utf8), executable: false)
        #expect(FileManager.default.contents(atPath: root + "/C/Tools/New Dir/f.txt") == Data("x".utf8))
        #expect(fileSystem.readFile(#"C:\TOOLS\new dir\F.TXT"#) == Array("x".utf8))
        // Appending creates the file, not its directory, as on Windows.
        #expect(throws: SystemError.self) {
            try fileSystem.appendToFile(#"D:\a\_temp\_runner_file_commands\set_env_1"#, bytes: Array("A=1\n".utf8))
        }
        try fileSystem.createDirectories(#"D:\a\_temp\_runner_file_commands"#)
        try fileSystem.appendToFile(#"D:\a\_temp\_runner_file_commands\set_env_1"#, bytes: Array("A=1\n".utf8))
        #expect(
            FileManager.default.contents(atPath: root + "/D/a/_temp/_runner_file_commands/set_env_1")
                == Data("A=1\n".utf8))
        #expect(fileSystem.nativePath(#"c:\tools\x"#) == root + "/C/Tools/x")
        // Only drive paths exist on the simulated host.
        #expect(!fileSystem.isDirectory(#"\\server\share"#))
    }

    /// MoveFileExW does not replace a read-only file, as it does not replace a running program: the shared layer
    /// moves it aside and puts the new file in its place; DeleteFileW refuses the read-only aside copy too.
    @Test func aFileWindowsWillNotReplaceIsMovedAside() throws {
        let root = try Self.root()
        let fileSystem = SystemFileSystem(
            pathStyle: .windows, calls: try SimulatedWindowsCalls.onThisMachine(root: root, native: NativeCalls()),
            processIdentifier: 7)
        try fileSystem.writeFileAtomically(#"C:\Tools\xenv-link.exe"#, bytes: Array("old".utf8), executable: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: root + "/C/Tools/xenv-link.exe")
        try fileSystem.writeFileAtomically(#"C:\Tools\xenv-link.exe"#, bytes: Array("new".utf8), executable: true)
        #expect(FileManager.default.contents(atPath: root + "/C/Tools/xenv-link.exe") == Data("new".utf8))
        let aside = try FileManager.default.contentsOfDirectory(atPath: root + "/C/Tools").filter {
            $0 != "xenv-link.exe"
        }
        #expect(aside.count == 1)
        #expect(aside.first?.hasPrefix(".xenv-link.exe.7.") == true && aside.first?.hasSuffix(".old") == true)
        // Once it can go (here: writable again), the next replacement that meets a held file removes it.
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: root + "/C/Tools/" + aside[0])
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: root + "/C/Tools/xenv-link.exe")
        try fileSystem.writeFileAtomically(#"C:\Tools\xenv-link.exe"#, bytes: Array("newer".utf8), executable: true)
        let left = try FileManager.default.contentsOfDirectory(atPath: root + "/C/Tools").filter {
            $0 != "xenv-link.exe"
        }
        #expect(left.count == 1 && left != aside)
    }

    @Test func theRegistryAndTheNativeMachineComeFromTheRootsExport() throws {
        let root = try Self.root()
        try """
        Windows Registry Editor Version 5.00

        [HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment]
        "PROCESSOR_ARCHITECTURE"="ARM64"

        [HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows Kits\\Installed Roots]
        "KitsRoot10"="E:\\\\Kits\\\\"

        """.write(toFile: root + "/registry.reg", atomically: true, encoding: .utf8)
        let calls = try SimulatedWindowsCalls.onThisMachine(root: root, native: NativeCalls())
        #expect(calls.nativeMachine() == ImageFileMachine.arm64)
        #expect(
            WindowsRegistry(calls: calls).string(#"SOFTWARE\Microsoft\Windows Kits\Installed Roots"#, "KitsRoot10")
                == #"E:\Kits\"#)
        try "not a registry".write(toFile: root + "/registry.reg", atomically: true, encoding: .utf8)
        #expect(throws: RegistryFile.ParseError.self) {
            try SimulatedWindowsCalls.onThisMachine(root: root, native: NativeCalls())
        }
    }

    /// Findings 3 and 4 through a real process: empty arguments arrive, the child sees one PATH, and a crash's
    /// status comes back as Windows reports it.
    @Test func programsRunWithTheArgumentsAndEnvironmentWindowsWouldGiveThem() throws {
        let root = try Self.root()
        try Self.script(
            root + "/C/Tools/show.exe",
            #"""
            for argument in "$@"; do printf '[%s]' "$argument"; done
            printf '\n'
            /usr/bin/env | /usr/bin/grep -i '^path=' | /usr/bin/sort
            exit 7
            """#)
        try Self.script(root + "/C/Tools/crash.exe", "kill -SEGV $$\n")
        try Self.script(root + "/C/Tools/interrupted.exe", "kill -INT $$\n")
        FileManager.default.createFile(atPath: root + "/C/Tools/broken.exe", contents: Data("MZ".utf8))
        let calls = try SimulatedWindowsCalls.onThisMachine(root: root, native: NativeCalls())
        var environment = Environment(["Path": #"C:\Windows"#], caseInsensitiveNames: true)
        environment["PATH"] = #"C:\Tools;C:\Windows"#
        let runner = WindowsProcessRunner(calls: calls, environment: environment)

        let result = try runner.run(#"c:\tools\SHOW.exe"#, ["", "a b", #"C:\dir\"#, #"q"x"#, ""])
        #expect(result.status == .exited(7))
        #expect(
            String(decoding: result.standardOutput, as: UTF8.self)
                == "[][a b][C:\\dir\\][q\"x][]\nPATH=C:\\Tools;C:\\Windows\n")
        #expect(try runner.run(#"C:\Tools\crash.exe"#, []).status == .exited(Int32(bitPattern: 0xC000_0005)))
        #expect(try runner.run(#"C:\Tools\interrupted.exe"#, []).status == .exited(Int32(bitPattern: 0xC000_013A)))
        #expect(throws: SystemError.self) { try runner.run(#"C:\Tools\broken.exe"#, []) }
        #expect(throws: SystemError.self) { try runner.run(#"C:\Tools\missing.exe"#, []) }
    }
}
#endif  // !os(Windows)
