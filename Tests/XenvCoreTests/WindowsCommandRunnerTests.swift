import Foundation
import Testing
import XenvSystem

@testable import XenvCore

/// `xenv setup` and `xenv env` on a simulated Windows runner: the plan's files and the GitHub files, Windows
/// paths as the runner names them, all go into a copy of the fixture.
@Suite struct WindowsCommandRunnerTests {
    struct Runner {
        let copy: FixtureCopy
        let host: InMemoryFileSystem
        static let commands = #"D:\a\_temp\_runner_file_commands"#

        init() throws {
            copy = try FixtureCopy()
            host = WindowsFixture.hostFileSystem()
            // The runner creates the files before the step runs.
            for name in ["env", "path", "summary", "output"] { try copy.write(Self.file(name), "") }
        }

        static func file(_ name: String) -> String { commands + #"\"# + name + "_9f2c" }

        func values(githubActions: Bool) -> [String: String] {
            var values = WindowsFixture.environment
            values["RUNNER_TEMP"] = #"D:\a\_temp"#
            values["GITHUB_ENV"] = Self.file("env")
            values["GITHUB_PATH"] = Self.file("path")
            values["GITHUB_STEP_SUMMARY"] = Self.file("summary")
            values["GITHUB_OUTPUT"] = Self.file("output")
            if githubActions { values["GITHUB_ACTIONS"] = "true" }
            return values
        }

        func run(_ arguments: [String], githubActions: Bool = true) -> CommandResult {
            let values = values(githubActions: githubActions)
            let delimiters = CountingDelimiter()
            return CommandRunner.run(
                arguments: arguments, environment: Environment(values, caseInsensitiveNames: true),
                delimiter: delimiters.next
            ) {
                WindowsFixture.context(fileSystem: copy.fileSystem, environment: values, installationFileSystem: host)
            }
        }

        func read(_ name: String) -> String? { copy.read(Self.file(name)) }

        /// What `setup` is expected to append, from the same plan.
        func expectedFiles() throws -> GitHubActions.Files {
            let context = WindowsFixture.context(
                fileSystem: copy.fileSystem, environment: values(githubActions: true), installationFileSystem: host)
            let delimiters = CountingDelimiter()
            return try GitHubActions.files(for: WindowsFixture.plan(in: context), delimiter: delimiters.next)
        }
    }

    @Test func setupAppendsToTheFilesTheRunnerNamed() throws {
        let runner = try Runner()
        try runner.copy.write(Runner.file("env"), "EARLIER=1\n")
        let expected = try runner.expectedFiles()

        let first = runner.run(["setup", "--target", "arm64"])
        #expect(first.exitCode == 0, "\(first.standardError)")
        #expect(first.standardError == "")
        // How each choice was made goes into a collapsed group of the step's log.
        #expect(first.standardOutput.hasPrefix("::group::xenv: how each choice was made\nhost: windows-x86_64\n"))
        #expect(first.standardOutput.contains("\n::endgroup::\nxenv: aarch64-pc-windows-msvc from windows-x86_64\n"))
        #expect(!first.standardOutput.contains("::error::"))
        #expect(runner.read("env") == "EARLIER=1\n" + expected.environment)
        #expect(
            runner.read("env")?.hasPrefix(
                "EARLIER=1\nCARGO_TARGET_AARCH64_PC_WINDOWS_MSVC_LINKER<<EOF1\nD:\\a\\_temp\\xenv\\aarch64-pc-windows-msvc\\xenv-link.exe\nEOF1\n"
            )
                == true)
        #expect(runner.read("path") == expected.path)
        #expect(
            runner.read("path")?.hasSuffix(
                "\nC:\\Program Files (x86)\\Microsoft Visual Studio\\2022\\BuildTools\\VC\\Tools\\MSVC\\14.38.33130\\bin\\HostX64\\arm64\n"
            )
                == true)
        #expect(runner.read("summary") == expected.summary)
        // The action's outputs, read back as the runner reads $GITHUB_OUTPUT.
        #expect(runner.read("output") == expected.outputs)
        let outputs = try WindowsGitHubActionsTests.parseEnvironmentFile(runner.read("output") ?? "")
        #expect(
            outputs.map(\.name) == [
                "target", "linker", "real-linker", "linker-kind", "state-dir", "cargo-config", "cmake-toolchain",
                "vs-path", "toolset", "sdk",
            ])
        #expect(
            outputs.map(\.value) == [
                "aarch64-pc-windows-msvc", #"D:\a\_temp\xenv\aarch64-pc-windows-msvc\xenv-link.exe"#,
                #"C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools\VC\Tools\Llvm\x64\bin\lld-link.exe"#,
                "lld-link",
                #"D:\a\_temp\xenv\aarch64-pc-windows-msvc"#,
                #"D:\a\_temp\xenv\aarch64-pc-windows-msvc\cargo-config.toml"#,
                #"D:\a\_temp\xenv\aarch64-pc-windows-msvc-toolchain.cmake"#,
                #"C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools"#, "14.38.33130", "10.0.22621.0",
            ])
        #expect(
            runner.read("summary")?.hasPrefix(
                "### xenv: aarch64-pc-windows-msvc\n\n| | |\n|---|---|\n| Visual Studio | ") == true)
        // The plan's files went into the simulated host.
        #expect(runner.copy.fileSystem.isFile(#"D:\a\_temp\xenv\aarch64-pc-windows-msvc\xenv-link.exe"#))

        let second = runner.run(["setup", "--target", "arm64"])
        #expect(second.exitCode == 0)
        #expect(runner.read("env") == "EARLIER=1\n" + expected.environment + expected.environment)
        #expect(runner.read("path") == expected.path + expected.path)
        #expect(runner.read("summary") == expected.summary + expected.summary)
    }

    @Test func envWritesNoGitHubFiles() throws {
        let runner = try Runner()
        let result = runner.run(["env", "--target", "arm64"])
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(
            result.standardOutput.hasPrefix(
                "export CARGO_TARGET_AARCH64_PC_WINDOWS_MSVC_LINKER='D:\\a\\_temp\\xenv\\aarch64-pc-windows-msvc\\xenv-link.exe'\n"
            ))
        for name in ["env", "path", "summary"] { #expect(runner.read(name) == "", "\(name)") }
    }

    @Test func outsideGitHubActionsSetupWritesNoGitHubFiles() throws {
        let runner = try Runner()
        let result = runner.run(["setup", "--target", "arm64"], githubActions: false)
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(!result.standardOutput.contains("::"))
        for name in ["env", "path", "summary"] { #expect(runner.read(name) == "", "\(name)") }
        // Not on GitHub Actions, RUNNER_TEMP does not count: the state goes to LOCALAPPDATA.
        #expect(runner.copy.fileSystem.isFile(#"C:\Users\me\AppData\Local\xenv\aarch64-pc-windows-msvc\xenv-link.exe"#))
    }

    @Test func aFailureIsAnErrorAnnotationAndOneErrorLine() throws {
        let runner = try Runner()
        let result = runner.run(["setup", "--target", "arm64", "--sdk", "10.0.19041.0"])
        let message =
            #"no Windows SDK matching --sdk 10.0.19041.0 in C:\Program Files (x86)\Windows Kits\10\ has the arm64 libraries for aarch64-pc-windows-msvc (10.0.19041.0: no Lib\10.0.19041.0\um\arm64\kernel32.lib); install the SDK option OptionId.DesktopCPParm64 ("Windows SDK for Desktop C++ arm64 Apps"), or add Microsoft.VisualStudio.Component.Windows11SDK.26100 with the Visual Studio Installer"#
        #expect(
            result
                == CommandResult(
                    standardOutput: "::error::xenv: \(message)\n", standardError: "xenv: error: \(message)\n",
                    exitCode: 1))
        for name in ["env", "path", "summary"] { #expect(runner.read(name) == "", "\(name)") }
        #expect(!runner.copy.fileSystem.exists(#"D:\a\_temp\xenv"#))
    }

    /// Findings 3 and 4 at the command's level: `xenv exec` hands Windows one command line with every argument
    /// (empty ones too), one sorted environment block with one PATH, and returns the program's 32-bit status.
    @Test func execStartsTheProgramWithOnePathAndReturnsItsWholeExitCode() throws {
        let copy = try FixtureCopy()
        copy.addProgram(#"C:\Users\me\.cargo\bin\cargo.exe"#)
        let starter = RecordingStarter(exitCode: 0xC000_0005)
        let fileSystem = copy.fileSystem(starter: starter)
        var values = WindowsFixture.environment
        values["Path"] = #"C:\Users\me\.cargo\bin;C:\Windows"#
        let result = CommandRunner.run(
            arguments: [
                "exec", "--target", "arm64", "--", "cargo", "nextest", "archive", "", "--archive-file",
                #"C:\a b\x.tar.zst"#,
            ],
            environment: Environment(values, caseInsensitiveNames: true)
        ) { WindowsFixture.context(fileSystem: fileSystem, environment: values) }
        #expect(result.exitCode == Int32(bitPattern: 0xC000_0005), "\(result.standardError)")
        let start = try #require(starter.starts.first)
        #expect(start.program == "/w/C/Users/me/.cargo/bin/cargo.exe")
        #expect(
            start.commandLine
                == #""C:\Users\me\.cargo\bin\cargo.exe" nextest archive "" --archive-file "C:\a b\x.tar.zst""#)
        #expect(!start.captureOutput)
        let paths = start.environment.filter { $0.uppercased().hasPrefix("PATH=") }
        #expect(paths.count == 1)
        #expect(
            paths.first?.hasPrefix(
                #"PATH=C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools\VC\Tools\MSVC\14.38.33130\bin\HostX64\arm64;"#
            ) == true)
        #expect(paths.first?.hasSuffix(#";C:\Users\me\.cargo\bin;C:\Windows"#) == true)
        let names = start.environment.map { String($0.prefix { $0 != "=" }) }
        #expect(names == names.sorted { $0.uppercased() < $1.uppercased() })
    }

    /// The runner names its files with absolute Windows paths; anything else is refused by name before a write.
    @Test func aGitHubFileThatIsNoAbsolutePathIsRefusedBeforeAnyWrite() throws {
        let runner = try Runner()
        var values = runner.values(githubActions: true)
        values["GITHUB_PATH"] = #"relative\path_file"#
        let result = CommandRunner.run(
            arguments: ["setup", "--target", "arm64"], environment: Environment(values, caseInsensitiveNames: true)
        ) {
            WindowsFixture.context(
                fileSystem: runner.copy.fileSystem, environment: values, installationFileSystem: runner.host)
        }
        let message =
            #"$GITHUB_PATH 'relative\path_file' cannot be used: it is not an absolute path of this host (such as D:\a\_temp\...)"#
        #expect(
            result
                == CommandResult(
                    standardOutput: "::error::xenv: \(message)\n", standardError: "xenv: error: \(message)\n",
                    exitCode: 1))
        #expect(!runner.copy.fileSystem.exists(#"D:\a\_temp\xenv"#))
        #expect(runner.read("env") == "")
    }

    @Test func aFailureOutsideGitHubActionsPrintsNoAnnotation() throws {
        let runner = try Runner()
        let result = runner.run(["setup", "--target", "arm64", "--toolset", "14.29"], githubActions: false)
        #expect(result.exitCode == 1)
        #expect(result.standardOutput == "")
        #expect(result.standardError.hasPrefix("xenv: error: no MSVC toolset matching --toolset 14.29 in "))
    }
}
