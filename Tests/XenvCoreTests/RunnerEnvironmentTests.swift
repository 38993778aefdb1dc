import Foundation
import Testing
import XenvSystem
import XenvTestSupport

@testable import XenvCore

/// What xenv picks on today's GitHub runners (Tests/Fixtures/runners), value for value, and how that compares
/// with prompts captured on real machines.
@Suite struct RunnerEnvironmentTests {
    static let cases: [(runner: String, target: String)] = SimulatedRunner.names.flatMap { runner in
        ["arm64", "x64", "x86"].map { (runner, $0) }
    }

    /// Every variable of the default pick, in order, against `expected/<runner>.<target>.env`. With
    /// XENV_RECORD_EXPECTED=1 the file is written instead and the test fails, so a recording is always reviewed.
    @Test(arguments: cases)
    func theDefaultPickSetsExactlyTheExpectedVariables(runner: String, target: String) throws {
        let plan = try SimulatedRunner(runner).plan(PlanRequest(target: target))
        let actual = plan.environment.map { "\($0.name)=\($0.value)\n" }.joined()
        let file = RunnerFixture.directory + "/expected/\(runner).\(target).env"
        if ProcessInfo.processInfo.environment["XENV_RECORD_EXPECTED"] == "1" {
            try FileManager.default.createDirectory(
                atPath: RunnerFixture.directory + "/expected", withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: URL(fileURLWithPath: file))
            Issue.record("recorded \(file): review it, then run again without XENV_RECORD_EXPECTED")
            return
        }
        let expected = try RunnerFixture.text(of: file).split(separator: "\n").map(String.init)
        let lines = actual.split(separator: "\n").map(String.init)
        // Line by line, so a failure names the variable that differs.
        for (index, line) in lines.enumerated() where index >= expected.count || expected[index] != line {
            Issue.record(
                "\(runner) \(target): line \(index + 1) is\n\(line)\nexpected\n\(index < expected.count ? expected[index] : "(end)")"
            )
            break
        }
        #expect(lines.count == expected.count)
    }

    /// The facts the expected files hold, spelled out per runner so a review can check them against the images.
    @Test func eachRunnerGetsItsDefaultToolsetSDKAndPrompt() throws {
        struct Pick {
            var runner, target, toolset, host, sdk, visualStudioVersion, vscmd, netfx: String
            var prompt: String
            var preferred: String?
        }
        let picks = [
            Pick(
                runner: "windows-2025", target: "arm64", toolset: "14.51.36231", host: #"HostX64\arm64"#,
                sdk: "10.0.26100.0",
                visualStudioVersion: "18.0", vscmd: "18.9.2", netfx: "4.8.1", prompt: "Cross", preferred: "x64"),
            Pick(
                runner: "windows-2025", target: "x64", toolset: "14.51.36231", host: #"HostX64\x64"#,
                sdk: "10.0.26100.0",
                visualStudioVersion: "18.0", vscmd: "18.9.2", netfx: "4.8.1", prompt: "Native", preferred: nil),
            Pick(
                runner: "windows-2025", target: "x86", toolset: "14.51.36231", host: #"HostX64\x86"#,
                sdk: "10.0.26100.0",
                visualStudioVersion: "18.0", vscmd: "18.9.2", netfx: "4.8.1", prompt: "Cross", preferred: "x64"),
            Pick(
                runner: "windows-2022", target: "arm64", toolset: "14.44.35207", host: #"HostX64\arm64"#,
                sdk: "10.0.26100.0",
                visualStudioVersion: "17.0", vscmd: "17.14.29", netfx: "4.8", prompt: "Cross", preferred: "x64"),
            Pick(
                runner: "windows-2022", target: "x64", toolset: "14.44.35207", host: #"HostX64\x64"#,
                sdk: "10.0.26100.0",
                visualStudioVersion: "17.0", vscmd: "17.14.29", netfx: "4.8", prompt: "Native", preferred: nil),
            Pick(
                runner: "windows-2022", target: "x86", toolset: "14.44.35207", host: #"HostX64\x86"#,
                sdk: "10.0.26100.0",
                visualStudioVersion: "17.0", vscmd: "17.14.29", netfx: "4.8", prompt: "Cross", preferred: "x64"),
            // An ARM64 host: native ARM64 tools, so x64 and x86 are cross prompts without PreferredToolArchitecture.
            Pick(
                runner: "windows-11-arm", target: "arm64", toolset: "14.44.35207", host: #"HostARM64\arm64"#,
                sdk: "10.0.26100.0",
                visualStudioVersion: "17.0", vscmd: "17.14.25", netfx: "4.8", prompt: "Native", preferred: nil),
            Pick(
                runner: "windows-11-arm", target: "x64", toolset: "14.44.35207", host: #"HostARM64\x64"#,
                sdk: "10.0.26100.0",
                visualStudioVersion: "17.0", vscmd: "17.14.25", netfx: "4.8", prompt: "Cross", preferred: nil),
            Pick(
                runner: "windows-11-arm", target: "x86", toolset: "14.44.35207", host: #"HostARM64\x86"#,
                sdk: "10.0.26100.0",
                visualStudioVersion: "17.0", vscmd: "17.14.25", netfx: "4.8", prompt: "Cross", preferred: nil),
        ]
        for pick in picks {
            let plan = try SimulatedRunner(pick.runner).plan(PlanRequest(target: pick.target))
            let label = "\(pick.runner) \(pick.target)"
            #expect(plan.toolsetVersion == pick.toolset, "\(label)")
            #expect(
                plan.pathPrepend.first?.hasSuffix(#"\MSVC\"# + pick.toolset + #"\bin\"# + pick.host) == true, "\(label)"
            )
            #expect(plan.value("WindowsSDKVersion") == pick.sdk + "\\", "\(label)")
            #expect(plan.value("UCRTVersion") == pick.sdk, "\(label)")
            #expect(plan.value("VisualStudioVersion") == pick.visualStudioVersion, "\(label)")
            #expect(plan.value("VSCMD_VER") == pick.vscmd, "\(label)")
            #expect(
                plan.value("NETFXSDKDir") == #"C:\Program Files (x86)\Windows Kits\NETFXSDK\"# + pick.netfx + "\\",
                "\(label)")
            #expect(plan.value("CommandPromptType") == pick.prompt, "\(label)")
            #expect(plan.value("PreferredToolArchitecture") == pick.preferred, "\(label)")
            #expect(plan.value("Platform") == plan.target.vsArch, "\(label)")
            #expect(plan.value("VSCMD_ARG_TGT_ARCH") == plan.target.vsArch, "\(label)")
            // A cross prompt lists the host's own tools second (vcvars.bat: Host<H>\<T>, then Host<H>\<h>).
            let hostDirectory = String(pick.host.split(separator: "\\")[0])
            let hostTools = hostDirectory + "\\" + (hostDirectory == "HostARM64" ? "arm64" : "x64")
            if pick.prompt == "Cross" {
                #expect(plan.pathPrepend[1].hasSuffix(#"\bin\"# + hostTools), "\(label)")
            } else {
                #expect(
                    !plan.pathPrepend.contains { $0.hasSuffix(#"\bin\"# + hostTools) && $0 != plan.pathPrepend[0] },
                    "\(label)")
            }
        }
    }

    // MARK: - Prompts captured on real machines

    /// The names a plan has beyond a prompt's: cargo's and cc-rs's, and PATH (compared as prefix and suffix).
    static func promptVariables(_ plan: Plan) -> [String: String] {
        let own = ["CARGO_TARGET_", "CC_", "CXX_", "AR_", "CMAKE_TOOLCHAIN_FILE_"]
        return Dictionary(
            uniqueKeysWithValues: plan.environment
                .filter { variable in variable.name != "PATH" && !own.contains { variable.name.hasPrefix($0) } }
                .map { ($0.name, $0.value) })
    }

    @Test func theVS2022EnterpriseX64PromptCapturedOnARunnerIsWindows2022sVariableForVariable() throws {
        // The capture's instance was 17.14.19; the fixture's is 17.14.29. Nothing else differs.
        let runner = try SimulatedRunner("windows-2022") { $0.replacingOccurrences(of: "17.14.29+", with: "17.14.19+") }
        let plan = try runner.plan(PlanRequest(target: "x64"))
        let captured = try CapturedPrompt("vs2022-enterprise-x64.env")
        var variables = Self.promptVariables(plan)
        // Not logged: it holds the machine's PATH, which the capture's prefix and suffix exclude.
        #expect(variables.removeValue(forKey: "__VSCMD_PREINIT_PATH") == runner.fixture.environment["Path"])
        for (name, value) in captured.variables where !name.hasPrefix("Path") {
            #expect(variables[name] == value, "\(name)")
        }
        // Nothing the prompt sets is missing, nothing it does not set is added.
        #expect(Set(variables.keys) == Set(captured.variables.map(\.name).filter { !$0.hasPrefix("Path") }))
        #expect(plan.pathPrepend == captured.list("Path (prefix)"))
        #expect(plan.pathAppend == captured.list("Path (suffix)"))
    }

    @Test func windows2025X64MatchesEveryVariableCapturedOnThatImage() throws {
        let plan = try SimulatedRunner("windows-2025").plan(PlanRequest(target: "x64"))
        let captured = try CapturedPrompt("windows-2025-x64.env")
        #expect(captured.variables.count == 12)
        for (name, value) in captured.variables where name != "(where cl)" {
            #expect(plan.value(name) == value, "\(name)")
        }
        #expect(plan.value("CC_x86_64_pc_windows_msvc") == captured["(where cl)"])
        #expect(WindowsPath.join(plan.pathPrepend[0], "cl.exe") == captured["(where cl)"])
    }

    @Test func anARM64MachinesX64ToARM64PromptMatchesTheOneCapturedThere() throws {
        // The captured machine: Community, x64 host tools only, none of the optional SDKs and IDE parts.
        let left = ["HostARM64", "NETFX", "FSharp", "CodeCoverage", "HTML Help", "VSSDK"]
        let community = try SimulatedRunner("windows-11-arm") {
            SimulatedRunner.leavingOut(left)($0).replacingOccurrences(of: "Enterprise", with: "Community")
        }
        let plan = try community.plan(PlanRequest(target: "arm64"))
        let captured = try CapturedPrompt("windows-11-arm-x64_arm64.env")
        #expect(plan.value("VSCMD_ARG_HOST_ARCH") == "x64")
        #expect(plan.value("LIB") == captured["LIB"])
        // Bazel's starting PATH (`;C:\windows\system32`) sits between what the prompt prepends and appends.
        let path = captured.list("PATH")
        let start = try #require(path.firstIndex(of: ""))
        #expect(plan.pathPrepend == Array(path[..<start]))
        #expect(plan.pathAppend == Array(path[(start + 2)...]))
    }
}
