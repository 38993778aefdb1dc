// The end-to-end tests start xenv with posix_spawn: Linux and macOS only.
#if !os(Windows)
import Foundation
import Testing
import XenvSystem
import XenvTestSupport

/// The built binary on today's runners (Tests/Fixtures/runners, written to disk under `XENV_WINDOWS_ROOT`): what
/// `xenv env` prints is the expected environment the core tests check, and `xenv inspect` names each instance's
/// real version.
@Suite struct RunnerBinaryTests {
    static func materialized(
        _ name: String, editing edit: (String) -> String = { $0 }
    ) throws -> (root: String, environment: [String: String]) {
        let fixture = try RunnerFixture.load(name, editing: edit)
        let root = Path.join(try E2E.temporaryDirectory("runner \(name)"), "root")
        try fixture.materialize(at: root)
        return (root, fixture.environment.merging(["XENV_WINDOWS_ROOT": root]) { $1 })
    }

    @Test(arguments: ["windows-2025", "windows-11-arm"])
    func envPrintsTheExpectedEnvironment(runner: String) throws {
        let (root, environment) = try Self.materialized(runner)
        let output = try E2E.run(
            E2E.xenv, ["env", "--target", "arm64", "--shell", "json"], environment: environment,
            inheritEnvironment: false,
            directory: root)
        #expect(output.status == 0, "\(output.standardError)")
        let printed = try #require(
            try JSONSerialization.jsonObject(with: Data(output.standardOutput.utf8)) as? [String: String])
        let expected = try RunnerFixture.text(of: RunnerFixture.directory + "/expected/\(runner).arm64.env")
            .split(separator: "\n").map { line -> (String, String) in
                let equals = line.firstIndex(of: "=")!
                return (String(line[..<equals]), String(line[line.index(after: equals)...]))
            }
        #expect(printed == Dictionary(uniqueKeysWithValues: expected))
    }

    /// A Windows machine without Visual Studio, where `xenv sysroot fetch` made a sysroot: setup installs the shim
    /// for LLVM's lld-link and env gives the sysroot's directories, all as Windows paths inside the root.
    @Test func withoutVisualStudioSetupAndEnvBuildFromTheFetchedSysroot() throws {
        let sysroot = #"C:\Users\runneradmin\AppData\Local\xenv\sysroot"#
        let (root, environment) = try Self.materialized("windows-2025") { text in
            RunnerFixture.leavingOut(["Microsoft Visual Studio", "${VS}", "${MSVC}"])(text) + #"""

                \#(sysroot)\crt\include\vcruntime.h
                \#(sysroot)\crt\lib\aarch64\{msvcrt.lib,vcruntime.lib}
                \#(sysroot)\sdk\include\ucrt\stdio.h
                \#(sysroot)\sdk\lib\um\aarch64\kernel32.lib
                \#(sysroot)\sdk\lib\ucrt\aarch64\ucrt.lib

                """#
        }
        func xenv(_ arguments: [String]) throws -> E2E.Output {
            try E2E.run(E2E.xenv, arguments, environment: environment, inheritEnvironment: false, directory: root)
        }
        let setup = try xenv(["setup", "--target", "arm64"])
        #expect(setup.status == 0, "\(setup.standardError)")
        let state = Path.join(root, "C/Users/runneradmin/AppData/Local/xenv/aarch64-pc-windows-msvc")
        #expect(FileManager.default.isExecutableFile(atPath: Path.join(state, "xenv-link.exe")))
        let config = try String(contentsOfFile: Path.join(state, "xenv-link.conf"), encoding: .utf8)
        #expect(config.contains(#"linker=C:\Program Files\LLVM\bin\lld-link.exe"#), "\(config)")

        let env = try xenv(["env", "--target", "arm64", "--shell", "json"])
        #expect(env.status == 0, "\(env.standardError)")
        let printed = try #require(
            try JSONSerialization.jsonObject(with: Data(env.standardOutput.utf8)) as? [String: String])
        #expect(
            printed["LIB"]
                == #"\#(sysroot)\crt\lib\aarch64;\#(sysroot)\sdk\lib\um\aarch64;\#(sysroot)\sdk\lib\ucrt\aarch64"#)
        #expect(printed["INCLUDE"] == #"\#(sysroot)\crt\include;\#(sysroot)\sdk\include\ucrt"#)
        #expect(
            printed["CARGO_TARGET_AARCH64_PC_WINDOWS_MSVC_LINKER"]
                == #"C:\Users\runneradmin\AppData\Local\xenv\aarch64-pc-windows-msvc\xenv-link.exe"#)
        #expect(printed["VSINSTALLDIR"] == nil)

        let inspect = try xenv(["inspect"])
        #expect(inspect.status == 0, "\(inspect.standardError)")
        #expect(
            inspect.standardOutput.contains("sysroots:\n  \(sysroot): xwin splat; serves aarch64-pc-windows-msvc\n"),
            "\(inspect.standardOutput)")
        #expect(inspect.standardOutput.contains(#"  lld-link C:\Program Files\LLVM\bin\lld-link.exe"#))
        #expect(inspect.standardOutput.contains("  aarch64-pc-windows-msvc: ready"), "\(inspect.standardOutput)")
    }

    @Test func inspectShowsTheInstancesOwnVersionAndItsPromptsVersions() throws {
        let (root, environment) = try Self.materialized("windows-2025")
        let text = try E2E.run(
            E2E.xenv, ["inspect"], environment: environment, inheritEnvironment: false, directory: root)
        #expect(text.status == 0, "\(text.standardError)")
        #expect(
            text.standardOutput.contains(
                #"""
                  Visual Studio Enterprise 2026 18.9.2 (release, instance record) at C:\Program Files\Microsoft Visual Studio\18\Enterprise
                    version 18.9.12112.369; its prompt's VisualStudioVersion 18.0, VSCMD_VER 18.9.2
                    components: ARM64 yes, ARM64EC yes, x86.x64 yes, LLVM yes

                """#))
        #expect(
            text.standardOutput.contains(
                "    toolset 14.51.36231 (default): libs arm64 arm64ec x86 x64; tools HostX64\\arm64 HostX64\\x86 HostX64\\x64 HostX86\\arm64 HostX86\\x86 HostX86\\x64"
            ))
        #expect(text.standardOutput.contains("  arm64ec-pc-windows-msvc: ready"))
        let json = try E2E.run(
            E2E.xenv, ["inspect", "--json"], environment: environment, inheritEnvironment: false, directory: root)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        let instance = try #require((object["visualStudio"] as? [[String: Any]])?.first)
        #expect(instance["version"] as? String == "18.9.12112.369")
        #expect(instance["visualStudioVersion"] as? String == "18.0")
        #expect(instance["vscmdVersion"] as? String == "18.9.2")
    }
}
#endif
