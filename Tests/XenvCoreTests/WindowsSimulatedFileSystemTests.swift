import Foundation
import Testing
@testable import XenvCore

@Suite struct WindowsSimulatedFileSystemTests {
    static func memoryTree() -> (InMemoryFileSystem, SimulatedWindowsFileSystem) {
        let memory = InMemoryFileSystem()
        memory.addFile("/w/C/Program Files (x86)/Windows Kits/10/Lib/10.0.22621.0/um/arm64/kernel32.Lib", "LIB")
        memory.addFile("/w/C/Program Files/X/a.txt", "A")
        return (memory, SimulatedWindowsFileSystem(root: "/w", base: memory))
    }

    @Test func aDriveIsADirectoryOfTheRoot() {
        let (_, windows) = Self.memoryTree()
        #expect(windows.hostPath(#"C:\Program Files\X\a.txt"#) == "/w/C/Program Files/X/a.txt")
        #expect(windows.hostPath(#"C:\"#) == "/w/C")
        #expect(windows.isFile(#"C:\Program Files\X\a.txt"#))
        #expect(windows.isDirectory(#"C:\Program Files\X"#))
        #expect(!windows.isFile(#"C:\Program Files\X"#))
        #expect(windows.readFile(#"C:\Program Files\X\a.txt"#) == Array("A".utf8))
        #expect(windows.contentsOfDirectory(#"C:\Program Files"#) == ["X"])
        // No drive D in the tree.
        #expect(windows.hostPath(#"D:\Program Files\X\a.txt"#) == nil)
    }

    @Test func componentsMatchWithoutRegardToCase() {
        let (_, windows) = Self.memoryTree()
        #expect(windows.isDirectory(#"c:\program files (x86)"#))
        #expect(windows.hostPath(#"c:\PROGRAM FILES (X86)\windows kits\10\lib\10.0.22621.0\UM\ARM64\KERNEL32.LIB"#)
            == "/w/C/Program Files (x86)/Windows Kits/10/Lib/10.0.22621.0/um/arm64/kernel32.Lib")
        #expect(windows.contentsOfDirectory(#"c:\program files (x86)\windows kits\10\LIB\10.0.22621.0\um\Arm64"#) == ["kernel32.Lib"])
    }

    @Test func doubledAndForwardSeparatorsAreTolerated() {
        let (_, windows) = Self.memoryTree()
        #expect(windows.hostPath(#"C:\Program Files (x86)\Windows Kits\10\\Lib\10.0.22621.0\\um\arm64"#)
            == "/w/C/Program Files (x86)/Windows Kits/10/Lib/10.0.22621.0/um/arm64")
        #expect(windows.isFile("C:/Program Files//X/a.txt"))
        #expect(windows.isDirectory(#"C:\Program Files\X\"#))
    }

    @Test func onlyAbsoluteDrivePathsAreLookedUp() {
        let (_, windows) = Self.memoryTree()
        #expect(windows.hostPath(#"Program Files\X\a.txt"#) == nil)
        #expect(windows.hostPath(#"\\server\share\a.txt"#) == nil)
        // A path of this machine is not a Windows path.
        #expect(windows.hostPath("/w/C/Program Files/X/a.txt") == nil)
        #expect(!windows.isFile("/w/C/Program Files/X/a.txt"))
    }

    @Test func anyExistingFileCountsAsExecutable() {
        let (_, windows) = Self.memoryTree()
        #expect(windows.isExecutableFile(#"C:\Program Files\X\a.txt"#))
        #expect(!windows.isExecutableFile(#"C:\Program Files\X"#))
        #expect(!windows.isExecutableFile(#"C:\Program Files\X\missing.exe"#))
    }

    @Test func writesCreateMissingDirectoriesAndKeepTheSpellingOnDisk() throws {
        let root = Path.join(NSTemporaryDirectory(), "xenv-simulated-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(
            atPath: Path.join(root, "C/Program Files (x86)/Microsoft Visual Studio"), withIntermediateDirectories: true)
        let windows = SimulatedWindowsFileSystem(root: root, base: LocalFileSystem())

        try windows.writeFileAtomically(
            #"c:\PROGRAM FILES (X86)\microsoft visual studio\New Dir\\sub\file.txt"#, bytes: Array("x".utf8), executable: false)
        let written = Path.join(root, "C/Program Files (x86)/Microsoft Visual Studio/New Dir/sub/file.txt")
        #expect(FileManager.default.contents(atPath: written) == Data("x".utf8))
        // The existing directories were reused, not created again in another spelling.
        #expect(try FileManager.default.contentsOfDirectory(atPath: root) == ["C"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: Path.join(root, "C")) == ["Program Files (x86)"])
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: Path.join(root, "C/Program Files (x86)")) == ["Microsoft Visual Studio"])

        try windows.appendToFile(#"C:\Program Files (x86)\MICROSOFT VISUAL STUDIO\new dir\SUB\FILE.TXT"#, bytes: Array("y".utf8))
        #expect(FileManager.default.contents(atPath: written) == Data("xy".utf8))

        // A drive that does not exist yet is a new directory, its letter upper-case.
        try windows.writeFileAtomically(#"d:\a\_temp\xenv\f.conf"#, bytes: Array("d".utf8), executable: false)
        #expect(FileManager.default.contents(atPath: Path.join(root, "D/a/_temp/xenv/f.conf")) == Data("d".utf8))
    }

    @Test func writingARelativePathIsAnInvalidPath() {
        let (memory, windows) = Self.memoryTree()
        let expected = #"Windows path 'state\file.txt' cannot be used: it is not an absolute path such as C:\dir"#
        #expect(thrownError { try windows.writeFileAtomically(#"state\file.txt"#, bytes: [1], executable: false) }?.description == expected)
        #expect(thrownError { try windows.appendToFile(#"state\file.txt"#, bytes: [1]) }?.description == expected)
        #expect(memory.contentsOfDirectory("/w") == ["C"])
    }
}
