import Foundation
import Testing
import XenvSystem

@testable import XenvCore

@Suite struct WindowsProcessContextTests {
    static let executableDirectory = PathStyle.native.join(NSTemporaryDirectory(), "opt", "xenv", "bin")

    static func context(
        _ values: [String: String], workingDirectory: String = NSTemporaryDirectory()
    ) throws(XenvError)
        -> PlanningContext
    {
        try PlanningContext.forProcess(
            environment: values, executableDirectory: executableDirectory, workingDirectory: workingDirectory,
            native: NativeCalls(), catalog: Catalog.embedded)
    }

    /// A fresh directory on this machine's disk with the drives given, removed by the system's cleanup.
    static func root(_ drives: String...) throws -> String {
        let root = PathStyle.native.join(NSTemporaryDirectory(), "xenv-root-\(UUID().uuidString)")
        for drive in drives {
            try FileManager.default.createDirectory(
                atPath: PathStyle.native.join(root, drive), withIntermediateDirectories: true)
        }
        return root
    }

    @Test func windowsRootMakesASimulatedWindowsHostOnTheTwinsCalls() throws {
        let context = try Self.context([
            "XENV_WINDOWS_ROOT": WindowsFixture.root, "PROCESSOR_ARCHITECTURE": "AMD64", "Path": #"C:\Windows"#,
        ])
        #expect(context.host == Host(os: .windows, arch: .x86_64))
        #expect(context.isSimulated)
        #expect(
            context.shimSource
                == PathStyle.native.join(Self.executableDirectory, Host.current.executableName("xenv-link")))
        #expect(context.workingDirectory == #"C:\"#)
        let fileSystem = try #require(context.fileSystem as? SystemFileSystem)
        #expect(fileSystem.pathStyle == .windows)
        let calls = try #require(fileSystem.calls as? SimulatedWindowsCalls)
        #expect(calls.root == WindowsFixture.root)
        #expect(context.windowsCalls is SimulatedWindowsCalls)
        #expect(context.processRunner is WindowsProcessRunner)
        #expect(context.fileSystem.isFile(FixturePath.buildToolsRecord))
        #expect(context.installationFileSystem.pathStyle == .native)
        // Names compare as on Windows.
        #expect(context.environment.caseInsensitiveNames)
        #expect(context.environment[.path] == #"C:\Windows"#)
        #expect(context.executables.searchPath == [#"C:\Windows"#])
    }

    @Test func withoutARegistryTheArchitectureComesFromW6432BeforeProcessorArchitecture() throws {
        let root = try Self.root("C")
        #expect(
            try Self.context([
                "XENV_WINDOWS_ROOT": root, "PROCESSOR_ARCHITECTURE": "x86", "PROCESSOR_ARCHITEW6432": "ARM64",
            ]).host == Host(os: .windows, arch: .arm64))
        #expect(
            try Self.context([
                "XENV_WINDOWS_ROOT": root, "PROCESSOR_ARCHITECTURE": "ARM64", "PROCESSOR_ARCHITEW6432": "AMD64",
            ]).host == Host(os: .windows, arch: .x86_64))
        #expect(
            try Self.context(["XENV_WINDOWS_ROOT": root, "processor_architecture": "arm64"]).host
                == Host(os: .windows, arch: .arm64))
        #expect(
            try Self.context(["XENV_WINDOWS_ROOT": root, "PROCESSOR_ARCHITEW6432": ""]).host
                == Host(os: .windows, arch: .x86_64))
    }

    /// Finding 8: an x64 xenv emulated on an ARM64 machine sees PROCESSOR_ARCHITECTURE=AMD64; the OS (here the
    /// registry's system environment, which the twin answers IsWow64Process2 from) knows better.
    @Test func theNativeMachineWinsOverWhatAnEmulatedProcessSees() throws {
        let root = try Self.root("C")
        try #"""
        Windows Registry Editor Version 5.00

        [HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\Session Manager\Environment]
        "PROCESSOR_ARCHITECTURE"="ARM64"

        [HKEY_LOCAL_MACHINE\SOFTWARE\WOW6432Node\Microsoft\Windows Kits\Installed Roots]
        "KitsRoot10"="E:\\Windows Kits\\10"

        """#.write(toFile: PathStyle.native.join(root, "registry.reg"), atomically: true, encoding: .utf8)
        let context = try Self.context(["XENV_WINDOWS_ROOT": root, "PROCESSOR_ARCHITECTURE": "AMD64"])
        #expect(context.host == Host(os: .windows, arch: .arm64))
        // The SDK root comes from the registry too (winsdk.bat's KitsRoot10), with its trailing backslash.
        #expect(context.windowsHost.kitsRoot == #"E:\Windows Kits\10\"#)
    }

    @Test func aBrokenRegistryExportIsAnErrorNamingIt() throws {
        let root = try Self.root("C")
        let file = PathStyle.native.join(root, "registry.reg")
        try "REGEDIT5\n".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(
            thrownError { try Self.context(["XENV_WINDOWS_ROOT": root]) }?.description
                == "XENV_WINDOWS_ROOT registry '\(file)' cannot be used: line 1: not a registry export: the first line must be 'Windows Registry Editor Version 5.00'; export it with `reg export` or remove it"
        )
    }

    @Test func aRelativeRootIsTakenFromTheWorkingDirectory() throws {
        let root = try Self.root("C")
        let parent = PathStyle.native.parent(root)
        let name = PathStyle.native.lastComponent(root)
        let context = try Self.context(["XENV_WINDOWS_ROOT": name + "/./"], workingDirectory: parent)
        #expect(((context.fileSystem as? SystemFileSystem)?.calls as? SimulatedWindowsCalls)?.root == root)
        #expect(context.workingDirectory == #"C:\"#)
    }

    @Test func aWorkingDirectoryInsideTheRootIsItsWindowsPath() throws {
        let root = try Self.root("C/work")
        let context = try Self.context(
            ["XENV_WINDOWS_ROOT": root], workingDirectory: PathStyle.native.join(root, "C", "work"))
        #expect(context.workingDirectory == #"C:\work"#)
    }

    @Test func aRootThatIsNoDirectoryIsAnInvalidPath() {
        let missing = PathStyle.native.join(NSTemporaryDirectory(), "nonexistent", "windows root")
        #expect(
            thrownError { try Self.context(["XENV_WINDOWS_ROOT": missing]) }?.description
                == "XENV_WINDOWS_ROOT '\(missing)' cannot be used: it is not a directory; make one with a C/ directory in it"
        )
    }

    @Test func anEmptyRootMeansThisMachine() throws {
        let context = try Self.context(["XENV_WINDOWS_ROOT": "", "PATH": "/usr/bin"])
        #expect(context.host.os == Host.current.os)
        #expect(!context.isSimulated)
        #expect(context.fileSystem.pathStyle == .native)
        #expect((context.windowsCalls != nil) == (Host.current.os == .windows))
        #expect(context.workingDirectory == NSTemporaryDirectory())
    }

    @Test func theWorkingDirectoryIsItsWindowsPathInsideTheRootAndCElsewhere() {
        let style = PathStyle.native
        let base = style == .windows ? #"E:\w"# : "/w"
        func windows(_ components: String..., root: String = base) -> String {
            PlanningContext.simulatedWorkingDirectory(
                style.join(base, components.joined(separator: style == .windows ? "\\" : "/")), root: root)
        }
        #expect(windows("C", "work") == #"C:\work"#)
        #expect(windows("c", "work", "my project") == #"C:\work\my project"#)
        #expect(windows("D", "a", "_temp") == #"D:\a\_temp"#)
        #expect(windows("C") == #"C:\"#)
        #expect(windows("C", "work", root: base + (style == .windows ? "\\" : "/")) == #"C:\work"#)
        // Outside the root, or not below a drive letter.
        #expect(PlanningContext.simulatedWorkingDirectory(base, root: base) == #"C:\"#)
        #expect(windows("CD", "work") == #"C:\"#)
        #expect(PlanningContext.simulatedWorkingDirectory(style.join(base + "x", "C"), root: base) == #"C:\"#)
    }
}

extension WindowsProcessContextTests {
    @Test func verifyingNeedsARealHost() {
        // The simulated host's shim is this machine's program, which cannot run the Windows linker.
        let result = CommandRunner.run(arguments: ["doctor", "--target", "arm64"]) { WindowsFixture.context() }
        #expect(result.exitCode == 64)
        #expect(
            result.standardError
                == "xenv: error: --verify and doctor run the linker, which a simulated Windows host cannot (see `xenv --help`)\n"
        )
    }
}
