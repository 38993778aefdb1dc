// The end-to-end tests start shells, cargo and linkers with posix_spawn: Linux and macOS only.
#if !os(Windows)
import Foundation
import Testing
import XenvCore
import XenvSystem

/// The Windows-host path through the built binary, on the simulated x64 runner of
/// Tests/Fixtures/windows-host (`XENV_WINDOWS_ROOT`): the VsDevCmd-equal environment, the shim and its
/// config, the cargo config and the GitHub Actions files, read back the way the runner reads them.
@Suite(.serialized)
struct WindowsHostTests {
    /// A private copy of the fixture tree (xenv writes its state directory into the simulated drives) and
    /// the files a GitHub runner would hand the step.
    struct Runner {
        let root: String
        /// Where the runner keeps the step's files: `D:\a\_temp\_runner_file_commands` in the simulated host.
        let github: String
        /// The directory xenv runs in, outside the root: nothing may appear in it.
        let workingDirectory: String

        init(_ name: String) throws {
            let base = try E2E.temporaryDirectory("windows \(name)")
            root = Path.join(base, "windows root")
            workingDirectory = Path.join(base, "working directory")
            try FileManager.default.copyItem(
                atPath: Path.join(E2E.packageRoot, "Tests/Fixtures/windows-host"), toPath: root)
            github = Path.join(root, "D/a/_temp/_runner_file_commands")
            try FileManager.default.createDirectory(atPath: github, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: workingDirectory, withIntermediateDirectories: true)
        }

        /// The Windows path the runner gives a step's file.
        static func windowsPath(_ name: String) -> String { #"D:\a\_temp\_runner_file_commands\"# + name }

        /// A step's environment: nothing of this Linux machine's, as on a fresh runner.
        func environment(githubActions: Bool = true) -> [String: String] {
            var environment = [
                "XENV_WINDOWS_ROOT": root, "PATH": #"C:\Windows\system32;C:\Windows"#, "RUNNER_TEMP": #"D:\a\_temp"#,
                "GITHUB_ENV": Self.windowsPath("env"), "GITHUB_PATH": Self.windowsPath("path"),
                "GITHUB_STEP_SUMMARY": Self.windowsPath("summary"),
            ]
            if githubActions { environment["GITHUB_ACTIONS"] = "true" }
            return environment
        }

        func xenv(_ arguments: [String], githubActions: Bool = true) throws -> E2E.Output {
            let output = try E2E.run(
                E2E.xenv, arguments, environment: environment(githubActions: githubActions), inheritEnvironment: false,
                directory: workingDirectory)
            #expect(
                try FileManager.default.contentsOfDirectory(atPath: workingDirectory) == [],
                "xenv wrote outside its root")
            return output
        }

        func read(_ name: String) -> String? { E2E.read(Path.join(github, name)) }

        /// `$GITHUB_ENV` as the runner parses it: `NAME<<DELIMITER` up to a line equal to the delimiter, else
        /// `NAME=value`; later entries win.
        func githubEnvironment() throws -> [String: String] {
            var result: [String: String] = [:]
            var lines = (read("env") ?? "").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)[
                ...]
            while let line = lines.popFirst(), !line.isEmpty {
                let heredoc = line.range(of: "<<"), equals = line.firstIndex(of: "=")
                if let heredoc, equals.map({ heredoc.lowerBound < $0 }) ?? true {
                    let name = String(line[..<heredoc.lowerBound]), delimiter = String(line[heredoc.upperBound...])
                    var value: [String] = []
                    while let next = lines.popFirst(), next != delimiter { value.append(next) }
                    result[name] = value.joined(separator: "\n")
                } else {
                    let equals = try #require(equals)
                    result[String(line[..<equals])] = String(line[line.index(after: equals)...])
                }
            }
            return result
        }

        /// `$GITHUB_PATH` as the runner applies it: it reverses the lines, so the last one written is first.
        func githubPathPrepend() -> [String] {
            (read("path") ?? "").split(separator: "\n").map(String.init).reversed()
        }
    }

    static let golden = #"""
        {
          "CARGO_TARGET_AARCH64_PC_WINDOWS_MSVC_LINKER": "D:\\a\\_temp\\xenv\\aarch64-pc-windows-msvc\\xenv-link.exe",
          "CC_aarch64_pc_windows_msvc": "C:\\Program Files (x86)\\Microsoft Visual Studio\\2022\\BuildTools\\VC\\Tools\\MSVC\\14.38.33130\\bin\\HostX64\\arm64\\cl.exe",
          "CXX_aarch64_pc_windows_msvc": "C:\\Program Files (x86)\\Microsoft Visual Studio\\2022\\BuildTools\\VC\\Tools\\MSVC\\14.38.33130\\bin\\HostX64\\arm64\\cl.exe",
          "AR_aarch64_pc_windows_msvc": "C:\\Program Files (x86)\\Microsoft Visual Studio\\2022\\BuildTools\\VC\\Tools\\MSVC\\14.38.33130\\bin\\HostX64\\arm64\\lib.exe",
          "CMAKE_TOOLCHAIN_FILE_aarch64_pc_windows_msvc": "D:\\a\\_temp\\xenv\\aarch64-pc-windows-msvc-toolchain.cmake",
          "VSINSTALLDIR": "C:\\Program Files (x86)\\Microsoft Visual Studio\\2022\\BuildTools\\",
          "VCINSTALLDIR": "C:\\Program Files (x86)\\Microsoft Visual Studio\\2022\\BuildTools\\VC\\",
          "VCIDEInstallDir": "C:\\Program Files (x86)\\Microsoft Visual Studio\\2022\\BuildTools\\Common7\\IDE\\VC\\",
          "VCToolsInstallDir": "C:\\Program Files (x86)\\Microsoft Visual Studio\\2022\\BuildTools\\VC\\Tools\\MSVC\\14.38.33130\\",
          "VCToolsVersion": "14.38.33130",
          "VCToolsRedistDir": "C:\\Program Files (x86)\\Microsoft Visual Studio\\2022\\BuildTools\\VC\\Redist\\MSVC\\14.38.33135\\",
          "VisualStudioVersion": "17.0",
          "VSCMD_VER": "17.14.31",
          "VS170COMNTOOLS": "C:\\Program Files (x86)\\Microsoft Visual Studio\\2022\\BuildTools\\Common7\\Tools\\",
          "DevEnvDir": "C:\\Program Files (x86)\\Microsoft Visual Studio\\2022\\BuildTools\\Common7\\IDE\\",
          "WindowsSdkDir": "C:\\Program Files (x86)\\Windows Kits\\10\\",
          "WindowsSDKVersion": "10.0.22621.0\\",
          "WindowsSDKLibVersion": "10.0.22621.0\\",
          "WindowsSdkBinPath": "C:\\Program Files (x86)\\Windows Kits\\10\\bin\\",
          "WindowsSdkVerBinPath": "C:\\Program Files (x86)\\Windows Kits\\10\\bin\\10.0.22621.0\\",
          "WindowsLibPath": "C:\\Program Files (x86)\\Windows Kits\\10\\UnionMetadata\\10.0.22621.0;C:\\Program Files (x86)\\Windows Kits\\10\\References\\10.0.22621.0",
          "UniversalCRTSdkDir": "C:\\Program Files (x86)\\Windows Kits\\10\\",
          "UCRTVersion": "10.0.22621.0",
          "Framework40Version": "v4.0",
          "FrameworkDir": "C:\\Windows\\Microsoft.NET\\Framework64\\",
          "FrameworkDir64": "C:\\Windows\\Microsoft.NET\\Framework64\\",
          "FrameworkVersion": "v4.0.30319",
          "FrameworkVersion64": "v4.0.30319",
          "__DOTNET_ADD_64BIT": "1",
          "__DOTNET_PREFERRED_BITNESS": "64",
          "VSCMD_ARG_TGT_ARCH": "arm64",
          "VSCMD_ARG_HOST_ARCH": "x64",
          "VSCMD_ARG_app_plat": "Desktop",
          "Platform": "arm64",
          "CommandPromptType": "Cross",
          "PreferredToolArchitecture": "x64",
          "__VSCMD_PREINIT_PATH": "C:\\Windows\\system32;C:\\Windows",
          "INCLUDE": "C:\\Program Files (x86)\\Microsoft Visual Studio\\2022\\BuildTools\\VC\\Tools\\MSVC\\14.38.33130\\include;C:\\Program Files (x86)\\Microsoft Visual Studio\\2022\\BuildTools\\VC\\Tools\\MSVC\\14.38.33130\\ATLMFC\\include;C:\\Program Files (x86)\\Microsoft Visual Studio\\2022\\BuildTools\\VC\\Auxiliary\\VS\\include;C:\\Program Files (x86)\\Windows Kits\\10\\include\\10.0.22621.0\\ucrt;C:\\Program Files (x86)\\Windows Kits\\10\\\\include\\10.0.22621.0\\\\um;C:\\Program Files (x86)\\Windows Kits\\10\\\\include\\10.0.22621.0\\\\shared;C:\\Program Files (x86)\\Windows Kits\\10\\\\include\\10.0.22621.0\\\\winrt;C:\\Program Files (x86)\\Windows Kits\\10\\\\include\\10.0.22621.0\\\\cppwinrt",
          "EXTERNAL_INCLUDE": "C:\\Program Files (x86)\\Microsoft Visual Studio\\2022\\BuildTools\\VC\\Tools\\MSVC\\14.38.33130\\include;C:\\Program Files (x86)\\Microsoft Visual Studio\\2022\\BuildTools\\VC\\Tools\\MSVC\\14.38.33130\\ATLMFC\\include;C:\\Program Files (x86)\\Microsoft Visual Studio\\2022\\BuildTools\\VC\\Auxiliary\\VS\\include;C:\\Program Files (x86)\\Windows Kits\\10\\include\\10.0.22621.0\\ucrt;C:\\Program Files (x86)\\Windows Kits\\10\\\\include\\10.0.22621.0\\\\um;C:\\Program Files (x86)\\Windows Kits\\10\\\\include\\10.0.22621.0\\\\shared;C:\\Program Files (x86)\\Windows Kits\\10\\\\include\\10.0.22621.0\\\\winrt;C:\\Program Files (x86)\\Windows Kits\\10\\\\include\\10.0.22621.0\\\\cppwinrt",
          "LIB": "C:\\Program Files (x86)\\Microsoft Visual Studio\\2022\\BuildTools\\VC\\Tools\\MSVC\\14.38.33130\\lib\\arm64;C:\\Program Files (x86)\\Windows Kits\\10\\lib\\10.0.22621.0\\ucrt\\arm64;C:\\Program Files (x86)\\Windows Kits\\10\\\\lib\\10.0.22621.0\\\\um\\arm64",
          "LIBPATH": "C:\\Program Files (x86)\\Microsoft Visual Studio\\2022\\BuildTools\\VC\\Tools\\MSVC\\14.38.33130\\lib\\arm64;C:\\Program Files (x86)\\Microsoft Visual Studio\\2022\\BuildTools\\VC\\Tools\\MSVC\\14.38.33130\\lib\\x86\\store\\references;C:\\Program Files (x86)\\Windows Kits\\10\\UnionMetadata\\10.0.22621.0;C:\\Program Files (x86)\\Windows Kits\\10\\References\\10.0.22621.0;C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319",
          "PATH": "C:\\Program Files (x86)\\Microsoft Visual Studio\\2022\\BuildTools\\VC\\Tools\\MSVC\\14.38.33130\\bin\\HostX64\\arm64;C:\\Program Files (x86)\\Microsoft Visual Studio\\2022\\BuildTools\\VC\\Tools\\MSVC\\14.38.33130\\bin\\HostX64\\x64;C:\\Program Files (x86)\\Microsoft Visual Studio\\2022\\BuildTools\\Common7\\IDE\\VC\\VCPackages;C:\\Program Files (x86)\\Microsoft Visual Studio\\2022\\BuildTools\\MSBuild\\Current\\bin\\Roslyn;C:\\Program Files (x86)\\Microsoft Visual Studio\\2022\\BuildTools\\VC\\Tools\\Llvm\\x64\\bin;C:\\Program Files (x86)\\Windows Kits\\10\\bin\\10.0.22621.0\\\\x64;C:\\Program Files (x86)\\Windows Kits\\10\\bin\\\\x64;C:\\Program Files (x86)\\Microsoft Visual Studio\\2022\\BuildTools\\\\MSBuild\\Current\\Bin\\amd64;C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319;C:\\Program Files (x86)\\Microsoft Visual Studio\\2022\\BuildTools\\Common7\\IDE\\;C:\\Program Files (x86)\\Microsoft Visual Studio\\2022\\BuildTools\\Common7\\Tools\\;C:\\Windows\\system32;C:\\Windows"
        }
        """#

    @Test func setupOnAnX64RunnerComputesTheVsDevCmdEnvironmentAndAgreesWithEnvJSON() throws {
        let runner = try Runner("golden")
        let setup = try runner.xenv(["setup", "--target", "arm64"])
        #expect(setup.status == 0, "\(setup.standardError)")

        let json = try runner.xenv(["env", "--target", "arm64", "--shell", "json"])
        #expect(json.status == 0, "\(json.standardError)")
        #expect(json.standardOutput == Self.golden + "\n")

        let reported = try #require(
            try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: String])
        var withoutPath = reported
        let path = try #require(reported["PATH"])
        withoutPath["PATH"] = nil
        #expect(try runner.githubEnvironment() == withoutPath)
        let prepend = runner.githubPathPrepend()
        #expect(prepend.first?.hasSuffix(#"\bin\HostX64\arm64"#) == true)
        #expect((prepend + [#"C:\Windows\system32"#, #"C:\Windows"#]).joined(separator: ";") == path)

        let summary = try #require(runner.read("summary"))
        #expect(summary.hasPrefix("### xenv: aarch64-pc-windows-msvc\n\n| | |\n|---|---|\n"))
        // Backslashes doubled: GitHub Markdown would read the `\_` of `D:\a\_temp` as an escape.
        for row in [
            "| MSVC toolset | 14.38.33130 (HostX64) |",
            #"| Windows SDK | 10.0.22621.0 in C:\\Program Files (x86)\\Windows Kits\\10\\ |"#,
            #"| shim | D:\\a\\_temp\\xenv\\aarch64-pc-windows-msvc\\xenv-link.exe |"#,
        ] {
            #expect(summary.contains(row + "\n"), "\(row)")
        }
    }

    @Test func setupInstallsTheShimWithItsConfigAndACargoConfigInTheSimulatedHost() throws {
        let runner = try Runner("files")
        #expect(try runner.xenv(["setup", "--target", "arm64"]).status == 0)
        let state = Path.join(runner.root, "D/a/_temp/xenv/aarch64-pc-windows-msvc")
        #expect(
            FileManager.default.contents(atPath: Path.join(state, "xenv-link.exe"))
                == FileManager.default.contents(atPath: E2E.shim))
        #expect(
            E2E.read(Path.join(state, "xenv-link.conf")) == #"""
                # Written by xenv for its linker shim. `xenv setup` rewrites it; edits are lost.
                linker=C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools\VC\Tools\Llvm\x64\bin\lld-link.exe
                linker-kind=lld-link
                drop=/arm64hazardfree
                add=/defaultlib:ucrt
                add=/nodefaultlib:libucrt
                lib=C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools\VC\Tools\MSVC\14.38.33130\lib\arm64
                lib=C:\Program Files (x86)\Windows Kits\10\lib\10.0.22621.0\ucrt\arm64
                lib=C:\Program Files (x86)\Windows Kits\10\\lib\10.0.22621.0\\um\arm64

                """#)
        #expect(
            E2E.read(Path.join(state, "cargo-config.toml")) == #"""
                # Written by xenv for aarch64-pc-windows-msvc; `xenv setup` rewrites it.
                # Use: cargo --config <this file> build --target aarch64-pc-windows-msvc

                [target.aarch64-pc-windows-msvc]
                linker = "D:\\a\\_temp\\xenv\\aarch64-pc-windows-msvc\\xenv-link.exe"

                """#)
    }

    @Test func aSecondSetupDoesNotGrowPathIncludeOrLib() throws {
        let runner = try Runner("twice")
        #expect(try runner.xenv(["setup", "--target", "arm64"]).status == 0)
        let first = try runner.githubEnvironment()
        var environment = runner.environment()
        // The next step sees what the first setup exported, PATH spelled the Windows way.
        for name in ["INCLUDE", "LIB", "LIBPATH", "VSINSTALLDIR", "VSCMD_ARG_TGT_ARCH"] {
            environment[name] = first[name]
        }
        environment["PATH"] = nil
        environment["Path"] = (runner.githubPathPrepend() + [#"C:\Windows\system32"#, #"C:\Windows"#]).joined(
            separator: ";")
        let again = try E2E.run(
            E2E.xenv, ["env", "--target", "arm64", "--shell", "json"], environment: environment,
            inheritEnvironment: false)
        let second = try #require(
            try JSONSerialization.jsonObject(with: Data(again.standardOutput.utf8)) as? [String: String])
        for name in ["INCLUDE", "LIB", "LIBPATH"] { #expect(second[name] == first[name], "\(name)") }
        #expect(second["PATH"] == environment["Path"])
    }

    @Test func outsideGitHubActionsNothingIsWrittenThere() throws {
        let runner = try Runner("no-ci")
        let result = try runner.xenv(["setup", "--target", "arm64"], githubActions: false)
        #expect(result.status == 0, "\(result.standardError)")
        for name in ["env", "path", "summary"] { #expect(runner.read(name) == nil, "\(name)") }
        #expect(!result.standardOutput.contains("::"))
    }

    @Test func visualStudioWithoutTheARM64ComponentFailsWithTheInstallCommand() throws {
        let runner = try Runner("no-arm64")
        let record = Path.join(
            runner.root, "C/ProgramData/Microsoft/VisualStudio/Packages/_Instances/a1b2c3d4/state.json")
        let text = try #require(E2E.read(record))
        try E2E.write(
            record,
            text.replacingOccurrences(
                of: "Microsoft.VisualStudio.Component.VC.Tools.ARM64",
                with: "Microsoft.VisualStudio.Component.VC.Tools.ARM64EC"))
        let result = try runner.xenv(["setup", "--target", "arm64"])
        let message =
            #"xenv: Visual Studio Build Tools 2022 17.14.31 (April 2026) at C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools lacks the component Microsoft.VisualStudio.Component.VC.Tools.ARM64 that aarch64-pc-windows-msvc needs; add it with `"C:\Program Files (x86)\Microsoft Visual Studio\Installer\vs_installer.exe" modify --installPath "C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools" --add Microsoft.VisualStudio.Component.VC.Tools.ARM64 --passive`"#
        #expect(result.status == 1)
        #expect(
            result.standardError == message.replacingOccurrences(
                of: "xenv: ", with: "xenv: error: ", options: .anchored) + "\n")
        #expect(result.standardOutput == "::error::\(message)\n")
        for name in ["env", "path", "summary"] { #expect(runner.read(name) == nil, "\(name)") }
        #expect(!FileManager.default.fileExists(atPath: Path.join(runner.root, "D/a/_temp/xenv")))
    }

    @Test func withoutARM64SDKLibrariesTheErrorNamesTheSDKOption() throws {
        let runner = try Runner("no-sdk")
        try FileManager.default.removeItem(
            atPath: Path.join(runner.root, "C/Program Files (x86)/Windows Kits/10/Lib/10.0.22621.0/um/arm64"))
        let result = try runner.xenv(["env", "--target", "arm64"], githubActions: false)
        #expect(result.status == 1)
        #expect(
            result.standardError
                == #"xenv: error: no Windows SDK in C:\Program Files (x86)\Windows Kits\10\ has the arm64 libraries for aarch64-pc-windows-msvc (10.0.26100.0: no Lib\10.0.26100.0\um\arm64\kernel32.lib; 10.0.22621.0: no Lib\10.0.22621.0\um\arm64\kernel32.lib; 10.0.19041.0: no Lib\10.0.19041.0\um\arm64\kernel32.lib); install the SDK option OptionId.DesktopCPParm64 ("Windows SDK for Desktop C++ arm64 Apps"), or add Microsoft.VisualStudio.Component.Windows11SDK.26100 with the Visual Studio Installer"#
                + "\n")
    }

    @Test func verboseListsEveryCandidateAndWhy() throws {
        let runner = try Runner("verbose")
        try FileManager.default.removeItem(
            atPath: Path.join(
                runner.root,
                "C/Program Files (x86)/Microsoft Visual Studio/2022/BuildTools/VC/Auxiliary/Build/Microsoft.VCToolsVersion.default.txt"
            ))
        let result = try runner.xenv(["env", "--target", "arm64", "-v"], githubActions: false)
        #expect(result.status == 0, "\(result.standardError)")
        for line in [
            "xenv: toolset: 14.51.36014 passed over: no lib\\arm64\\msvcrt.lib",
            "xenv: toolset: 14.44.35207 taken (HostX64)",
            #"xenv: Visual Studio: C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools (instance record, Visual Studio Build Tools 2022 17.14.31 (April 2026)) taken"#,
            #"xenv: Visual Studio: C:\Program Files\Microsoft Visual Studio\2019\Enterprise (instance record, Visual Studio Enterprise 2019 16.11.45) passed over: C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools ranks first"#,
            #"xenv: Windows SDK: 10.0.26100.0 passed over: no Lib\10.0.26100.0\um\arm64\kernel32.lib"#,
            "xenv: Windows SDK: 10.0.22621.0 taken",
        ] {
            #expect(result.standardError.contains(line + "\n"), "\(line)")
        }
    }
}
#endif
