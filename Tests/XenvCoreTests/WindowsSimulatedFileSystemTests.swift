import Foundation
import Testing
import XenvSystem

@testable import XenvCore

/// The simulated Windows host's file system: the shared Windows file system over the twin's calls.
@Suite struct WindowsSimulatedFileSystemTests {
    static func memoryTree() -> (InMemoryFileSystem, SimulatedWindowsCalls, SystemFileSystem) {
        let memory = InMemoryFileSystem()
        memory.addFile("/w/C/Program Files (x86)/Windows Kits/10/Lib/10.0.22621.0/um/arm64/kernel32.Lib", "LIB")
        memory.addFile("/w/C/Program Files/X/a.txt", "A")
        let calls = try! SimulatedWindowsCalls(root: "/w", host: memory, hostStyle: .posix, starter: nil)
        return (memory, calls, SystemFileSystem(pathStyle: .windows, calls: calls, processIdentifier: 1))
    }

    @Test func aDriveIsADirectoryOfTheRoot() {
        let (_, calls, windows) = Self.memoryTree()
        #expect(calls.hostPath(#"C:\Program Files\X\a.txt"#) == "/w/C/Program Files/X/a.txt")
        #expect(calls.hostPath(#"\\?\C:\Program Files\X\a.txt"#) == "/w/C/Program Files/X/a.txt")
        #expect(calls.hostPath(#"C:\"#) == "/w/C")
        #expect(windows.isFile(#"C:\Program Files\X\a.txt"#))
        #expect(windows.isDirectory(#"C:\Program Files\X"#))
        #expect(!windows.isFile(#"C:\Program Files\X"#))
        #expect(windows.readFile(#"C:\Program Files\X\a.txt"#) == Array("A".utf8))
        #expect(windows.contentsOfDirectory(#"C:\Program Files"#) == ["X"])
        // No drive D in the tree.
        #expect(calls.hostPath(#"D:\Program Files\X\a.txt"#) == nil)
    }

    @Test func componentsMatchWithoutRegardToCase() {
        let (_, calls, windows) = Self.memoryTree()
        #expect(windows.isDirectory(#"c:\program files (x86)"#))
        #expect(
            calls.hostPath(#"c:\PROGRAM FILES (X86)\windows kits\10\lib\10.0.22621.0\UM\ARM64\KERNEL32.LIB"#)
                == "/w/C/Program Files (x86)/Windows Kits/10/Lib/10.0.22621.0/um/arm64/kernel32.Lib")
        #expect(
            windows.contentsOfDirectory(#"c:\program files (x86)\windows kits\10\LIB\10.0.22621.0\um\Arm64"#) == [
                "kernel32.Lib"
            ])
    }

    @Test func doubledForwardAndDotSeparatorsAreFoldedAsWin32FoldsThem() {
        let (_, _, windows) = Self.memoryTree()
        #expect(windows.isDirectory(#"C:\Program Files (x86)\Windows Kits\10\\Lib\10.0.22621.0\\um\arm64"#))
        #expect(windows.isFile("C:/Program Files//X/a.txt"))
        #expect(windows.isFile(#"C:\Program Files\Y\..\X\.\a.txt"#))
        #expect(windows.isDirectory(#"C:\Program Files\X\"#))
    }

    @Test func onlyAbsoluteDrivePathsAreLookedUp() {
        let (_, calls, windows) = Self.memoryTree()
        #expect(calls.hostPath(#"Program Files\X\a.txt"#) == nil)
        #expect(calls.hostPath(#"\\server\share\a.txt"#) == nil)
        // A path of this machine is not a Windows path.
        #expect(calls.hostPath("/w/C/Program Files/X/a.txt") == nil)
        #expect(!windows.isFile("/w/C/Program Files/X/a.txt"))
    }

    @Test func anyExistingFileCountsAsExecutable() {
        let (_, _, windows) = Self.memoryTree()
        #expect(windows.isExecutableFile(#"C:\Program Files\X\a.txt"#))
        #expect(!windows.isExecutableFile(#"C:\Program Files\X"#))
        #expect(!windows.isExecutableFile(#"C:\Program Files\X\missing.exe"#))
    }

    @Test func writesCreateMissingDirectoriesAndKeepTheSpellingOnDisk() throws {
        let style = PathStyle.native
        let root = style.join(NSTemporaryDirectory(), "xenv-simulated-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(
            atPath: style.join(root, "C", "Program Files (x86)", "Microsoft Visual Studio"),
            withIntermediateDirectories: true)
        let windows = SystemFileSystem(
            pathStyle: .windows, calls: try SimulatedWindowsCalls.onThisMachine(root: root, native: NativeCalls()),
            processIdentifier: 1)

        try windows.writeFileAtomically(
            #"c:\PROGRAM FILES (X86)\microsoft visual studio\New Dir\\sub\file.txt"#, bytes: Array("x".utf8),
            executable: false)
        let written = style.join(
            root, "C", "Program Files (x86)", "Microsoft Visual Studio", "New Dir", "sub", "file.txt")
        #expect(FileManager.default.contents(atPath: written) == Data("x".utf8))
        // The existing directories were reused, not created again in another spelling.
        #expect(try FileManager.default.contentsOfDirectory(atPath: root) == ["C"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: style.join(root, "C")) == ["Program Files (x86)"])
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: style.join(root, "C", "Program Files (x86)")) == [
                "Microsoft Visual Studio"
            ])

        try windows.appendToFile(
            #"C:\Program Files (x86)\MICROSOFT VISUAL STUDIO\new dir\SUB\FILE.TXT"#, bytes: Array("y".utf8))
        #expect(FileManager.default.contents(atPath: written) == Data("xy".utf8))

        // A drive that does not exist yet is a new directory, its letter upper-case.
        try windows.writeFileAtomically(#"d:\a\_temp\xenv\f.conf"#, bytes: Array("d".utf8), executable: false)
        #expect(
            FileManager.default.contents(atPath: style.join(root, "D", "a", "_temp", "xenv", "f.conf"))
                == Data("d".utf8))
    }

    @Test func writingARelativePathFailsWithoutWritingAnything() {
        let (memory, _, windows) = Self.memoryTree()
        #expect(
            throws: SystemError(
                operation: "CreateDirectoryW", path: "state", code: 3,
                message: "The system cannot find the path specified")
        ) {
            try windows.writeFileAtomically(#"state\file.txt"#, bytes: [1], executable: false)
        }
        #expect(throws: SystemError.self) { try windows.appendToFile(#"state\file.txt"#, bytes: [1]) }
        #expect(memory.contentsOfDirectory("/w") == ["C"])
    }
}
