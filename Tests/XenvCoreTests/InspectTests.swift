import Foundation
import Testing
import XenvSystem

@testable import XenvCore

/// `xenv inspect` on the simulated Windows runner: every instance, toolset and SDK, and a verdict per target
/// that names what is missing and the command that fixes it.
struct InspectTests {
    @Test func reportsTheWindowsRunnerAndWhatEachTargetLacks() throws {
        let result = CommandRunner.run(arguments: ["inspect"]) { WindowsFixture.context() }
        #expect(result.exitCode == 0, "\(result.standardError)")
        let text = result.standardOutput
        for line in [
            "host: windows-x86_64",
            #"  Visual Studio Build Tools 2022 17.14.31 (April 2026) (release, instance record) at C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools"#,
            "    components: ARM64 yes, ARM64EC no, x86.x64 yes, LLVM yes",
            "    toolset 14.51.36014: no libraries; no host tools",
            #"    toolset 14.38.33130 (default): libs arm64 x64; tools HostX64\arm64 HostX64\x64"#,
            "    components: ARM64 no, ARM64EC no, x86.x64 yes, LLVM no",
            "  10.0.26100.0: libs x64",
            "  10.0.22621.0: libs arm64 x64",
            #"  link.exe C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools\VC\Tools\MSVC\14.38.33130\bin\HostX64\arm64\link.exe (MSVC 14.38.33130)"#,
            #"  lld-link C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools\VC\Tools\Llvm\x64\bin\lld-link.exe"#,
            "  aarch64-pc-windows-msvc: ready",
            "  x86_64-pc-windows-msvc: ready",
        ] {
            #expect(text.contains(line + "\n"), "\(line)")
        }
        #expect(
            text.contains(
                "  arm64ec-pc-windows-msvc: not ready: Visual Studio Build Tools 2022 17.14.31 (April 2026) at C:\\Program Files (x86)\\Microsoft Visual Studio\\2022\\BuildTools lacks the component Microsoft.VisualStudio.Component.VC.Tools.ARM64EC"
            ))
        #expect(text.contains("vs_installer.exe\" modify --installPath"))
    }

    @Test func jsonIsAVersionedDocumentWithTheSameFacts() throws {
        let result = CommandRunner.run(arguments: ["inspect", "--json", "--target", "arm64"]) {
            WindowsFixture.context()
        }
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(object["schema"] as? Int == 1)
        #expect((object["host"] as? [String: String]) == ["os": "windows", "arch": "x86_64"])
        let targets = try #require(object["targets"] as? [[String: Any]])
        #expect(targets.count == 1)
        #expect(targets[0]["triple"] as? String == "aarch64-pc-windows-msvc")
        #expect(targets[0]["ready"] as? Bool == true)
        let instances = try #require(object["visualStudio"] as? [[String: Any]])
        #expect(instances.count == 2)
        let sdks = try #require((object["windowsSDKs"] as? [String: Any])?["versions"] as? [[String: Any]])
        #expect(sdks.map { $0["version"] as? String } == ["10.0.26100.0", "10.0.22621.0", "10.0.19041.0"])
        // Keys in a fixed order: the same machine gives the same bytes.
        #expect(result.standardOutput.hasPrefix("{\n  \"schema\": 1,\n  \"host\": "))
        #expect(
            CommandRunner.run(arguments: ["inspect", "--json", "--target", "arm64"]) { WindowsFixture.context() }
                == result)
    }

    @Test func aMissingSDKOptionIsTheVerdict() throws {
        let copy = try FixtureCopy(removing: [#"C:\Program Files (x86)\Windows Kits\10\Lib\10.0.22621.0\um\arm64"#])
        let result = CommandRunner.run(arguments: ["inspect", "--target", "arm64"]) {
            WindowsFixture.context(fileSystem: copy.fileSystem)
        }
        #expect(
            result.standardOutput.contains(
                "  aarch64-pc-windows-msvc: not ready: no Windows SDK in C:\\Program Files (x86)\\Windows Kits\\10\\ has the arm64 libraries"
            ))
        #expect(result.standardOutput.contains("OptionId.DesktopCPParm64"))
    }
}
