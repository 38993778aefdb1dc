import Testing
import XenvSystem

@testable import XenvCore

@Suite struct WindowsStateDirectoryTests {
    static let everything = [
        "XENV_HOME": #"E:\xenv-home"#, "GITHUB_ACTIONS": "true", "RUNNER_TEMP": #"D:\a\_temp"#,
        "LOCALAPPDATA": #"C:\Users\me\AppData\Local"#,
    ]

    static func resolve(_ explicit: String?, _ values: [String: String]) -> String {
        let environment = Environment(values, caseInsensitiveNames: true)
        return try! StateDirectory.resolveWindows(
            explicit: explicit, environment: environment, windowsHost: WindowsHost(environment: environment),
            workingDirectory: #"C:\work"#)
    }

    @Test func takesEachSourceInPrecedenceOrder() {
        var environment = Self.everything
        #expect(Self.resolve(#"F:\out"#, environment) == #"F:\out"#)
        #expect(Self.resolve(nil, environment) == #"E:\xenv-home"#)
        environment["XENV_HOME"] = ""  // empty means unset
        #expect(Self.resolve(nil, environment) == #"D:\a\_temp\xenv"#)
        environment["GITHUB_ACTIONS"] = nil
        #expect(Self.resolve(nil, environment) == #"C:\Users\me\AppData\Local\xenv"#)
        environment["LOCALAPPDATA"] = nil
        #expect(Self.resolve(nil, environment) == #"C:\Users\Default\AppData\Local\xenv"#)
    }

    @Test func runnerTempCountsOnlyInsideGitHubActions() {
        let environment = [
            "GITHUB_ACTIONS": "false", "RUNNER_TEMP": #"D:\a\_temp"#, "LOCALAPPDATA": #"C:\Users\me\AppData\Local"#,
        ]
        #expect(Self.resolve(nil, environment) == #"C:\Users\me\AppData\Local\xenv"#)
    }

    @Test func outIsNormalizedAndMadeAbsoluteAgainstTheWorkingDirectory() {
        #expect(Self.resolve("F:/out/", [:]) == #"F:\out"#)
        #expect(Self.resolve(#"state\dir\"#, [:]) == #"C:\work\state\dir"#)
        #expect(Self.resolve(#"F:\"#, [:]) == #"F:\"#)
    }

    @Test func variableNamesMatchWithoutRegardToCase() {
        #expect(
            Self.resolve(nil, ["localappdata": #"C:\Users\me\AppData\Local"#]) == #"C:\Users\me\AppData\Local\xenv"#)
        #expect(Self.resolve(nil, ["Xenv_Home": #"E:\h"#]) == #"E:\h"#)
    }

    @Test func thePlanPutsTheTargetDirectoryInTheStateDirectory() throws {
        var environment = WindowsFixture.environment
        environment["GITHUB_ACTIONS"] = "true"
        environment["RUNNER_TEMP"] = #"D:\a\_temp"#
        let plan = try WindowsFixture.plan(in: WindowsFixture.context(environment: environment))
        #expect(plan.targetDirectory == #"D:\a\_temp\xenv\aarch64-pc-windows-msvc"#)
        #expect(plan.cargoConfigPath == #"D:\a\_temp\xenv\aarch64-pc-windows-msvc\cargo-config.toml"#)
        let out = try WindowsFixture.plan(
            PlanRequest(target: "x64", stateDirectory: "out"), in: WindowsFixture.context(environment: environment))
        #expect(out.targetDirectory == #"C:\work\out\x86_64-pc-windows-msvc"#)
    }
}
