import Testing
@testable import XenvCore

@Suite struct WindowsProcessContextTests {
    static func context(
        _ values: [String: String], workingDirectory: String = "/home/u/project", hostFileSystem: FileSystem = LocalFileSystem()
    ) throws(XenvError) -> PlanningContext {
        try PlanningContext.forProcess(
            environment: values, executableDirectory: "/opt/xenv/bin", workingDirectory: workingDirectory,
            hostFileSystem: hostFileSystem, processRunner: FakeProcessRunner(), catalog: Catalog.embedded)
    }

    @Test func windowsRootMakesASimulatedWindowsHostThatStartsNoPrograms() throws {
        let context = try Self.context([
            "XENV_WINDOWS_ROOT": WindowsFixture.root, "PROCESSOR_ARCHITECTURE": "AMD64", "Path": #"C:\Windows"#,
        ])
        #expect(context.host == Host(os: .windows, arch: .x86_64))
        #expect(!context.mayStartProcesses)
        #expect(context.registryKitsRoot == nil)
        #expect(context.shimSource == "/opt/xenv/bin/xenv-link")
        #expect(context.workingDirectory == #"C:\"#)
        let simulated = try #require(context.fileSystem as? SimulatedWindowsFileSystem)
        #expect(simulated.root == WindowsFixture.root)
        #expect(context.fileSystem.isFile(FixturePath.buildToolsRecord))
        #expect(context.hostFileSystem is LocalFileSystem)
        // Names compare as on Windows.
        #expect(context.environment.caseInsensitiveNames)
        #expect(context.environment[.path] == #"C:\Windows"#)
        #expect(context.environment.searchPath == [#"C:\Windows"#])
    }

    @Test func theArchitectureComesFromW6432BeforeProcessorArchitecture() throws {
        let root = WindowsFixture.root
        #expect(try Self.context([
            "XENV_WINDOWS_ROOT": root, "PROCESSOR_ARCHITECTURE": "x86", "PROCESSOR_ARCHITEW6432": "ARM64",
        ]).host == Host(os: .windows, arch: .arm64))
        #expect(try Self.context([
            "XENV_WINDOWS_ROOT": root, "PROCESSOR_ARCHITECTURE": "ARM64", "PROCESSOR_ARCHITEW6432": "AMD64",
        ]).host == Host(os: .windows, arch: .x86_64))
        #expect(try Self.context(["XENV_WINDOWS_ROOT": root, "processor_architecture": "arm64"]).host
            == Host(os: .windows, arch: .arm64))
        #expect(try Self.context(["XENV_WINDOWS_ROOT": root, "PROCESSOR_ARCHITEW6432": ""]).host == Host(os: .windows, arch: .x86_64))
    }

    @Test func aRelativeRootIsTakenFromTheWorkingDirectory() throws {
        let memory = InMemoryFileSystem()
        memory.addDirectory("/home/u/project/win/C/work")
        let context = try Self.context(["XENV_WINDOWS_ROOT": "win/./"], hostFileSystem: memory)
        #expect((context.fileSystem as? SimulatedWindowsFileSystem)?.root == "/home/u/project/win")
        #expect(context.workingDirectory == #"C:\"#)
    }

    @Test func aWorkingDirectoryInsideTheRootIsItsWindowsPath() throws {
        let memory = InMemoryFileSystem()
        memory.addDirectory("/sim/C/work")
        let context = try Self.context(["XENV_WINDOWS_ROOT": "/sim"], workingDirectory: "/sim/C/work", hostFileSystem: memory)
        #expect(context.workingDirectory == #"C:\work"#)
    }

    @Test func aRootThatIsNoDirectoryIsAnInvalidPath() {
        #expect(
            thrownError { try Self.context(["XENV_WINDOWS_ROOT": "/nonexistent/windows root"]) }?.description
                == "XENV_WINDOWS_ROOT '/nonexistent/windows root' cannot be used: it is not a directory; make one with a C/ directory in it")
        #expect(
            thrownError { try Self.context(["XENV_WINDOWS_ROOT": "missing"], workingDirectory: "/tmp/x") }?.description
                == "XENV_WINDOWS_ROOT '/tmp/x/missing' cannot be used: it is not a directory; make one with a C/ directory in it")
    }

    @Test func anEmptyRootMeansThisMachine() throws {
        let context = try Self.context(["XENV_WINDOWS_ROOT": "", "PATH": "/usr/bin"])
        #expect(context.host == .current)
        #expect(context.mayStartProcesses)
        #expect(!(context.fileSystem is SimulatedWindowsFileSystem))
        #expect(context.workingDirectory == "/home/u/project")
    }

    @Test func theWorkingDirectoryIsItsWindowsPathInsideTheRootAndCElsewhere() {
        func windows(_ directory: String, root: String = "/w") -> String {
            PlanningContext.simulatedWorkingDirectory(directory, root: root)
        }
        #expect(windows("/w/C/work") == #"C:\work"#)
        #expect(windows("/w/c/work/my project") == #"C:\work\my project"#)
        #expect(windows("/w/D/a/_temp") == #"D:\a\_temp"#)
        #expect(windows("/w/C") == #"C:\"#)
        #expect(windows("/w/C/work", root: "/w/") == #"C:\work"#)
        // Outside the root, or not below a drive letter.
        #expect(windows("/w") == #"C:\"#)
        #expect(windows("/elsewhere/C/work") == #"C:\"#)
        #expect(windows("/wx/C/work") == #"C:\"#)
        #expect(windows("/w/CD/work") == #"C:\"#)
    }
}

extension WindowsProcessContextTests {
    @Test func verifyingNeedsARealHost() {
        // A simulated Windows host starts no program, so nothing can be linked to prove the environment.
        let result = CommandRunner.run(arguments: ["doctor", "--target", "arm64"]) { WindowsFixture.context() }
        #expect(result.exitCode == 64)
        #expect(result.standardError == "xenv: error: --verify and doctor run the linker, which a simulated Windows host cannot (see `xenv --help`)\n")
    }
}
