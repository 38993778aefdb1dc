import Foundation
import Testing
import XenvCore

/// `eval "$(xenv env ...)"` in every POSIX shell people use, with a state directory whose path holds a
/// quote, a dollar sign, a backtick and spaces: each shell must end up with exactly the values `--shell json` reports.
struct ShellTests {
    static let awkwardState = "it's $HOME `x` \\ dir"

    /// The variables xenv reports as JSON.
    func jsonEnvironment(sysroot: String, state: String) throws -> [String: String] {
        let result = try E2E.run(E2E.xenv, ["env", "--target", "arm64", "--sysroot", sysroot, "--out", state, "--shell", "json"])
        #expect(result.status == 0, "\(result.standardError)")
        let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8))
        return try #require(object as? [String: String])
    }

    @Test(arguments: ["bash", "dash", "zsh"])
    func evalGivesTheShellExactlyTheReportedValues(shell: String) throws {
        let shellPath = try #require(
            ["/bin", "/usr/bin"].map { "\($0)/\(shell)" }.first { FileManager.default.isExecutableFile(atPath: $0) },
            "\(shell) is not installed; .ci/run installs it")
        let sysroot = try GeneratedSysroot.get().root
        let base = try E2E.temporaryDirectory("shell-\(shell)")
        let state = Path.join(base, Self.awkwardState)
        let expected = try jsonEnvironment(sysroot: sysroot, state: state)
        #expect(expected["CARGO_TARGET_AARCH64_PC_WINDOWS_MSVC_LINKER"] == Path.join(state, "aarch64-pc-windows-msvc/xenv-link"))

        let exports = try E2E.run(E2E.xenv, ["env", "--target", "arm64", "--sysroot", sysroot, "--out", state])
        let script = Path.join(base, "exports.sh")
        try E2E.write(script, exports.standardOutput)
        let dump = Path.join(base, "env-dump")
        // `env -0` prints what the shell exports, NUL-separated, whatever the values hold.
        let result = try E2E.run(
            shellPath, ["-c", #"eval "$(cat "$SCRIPT")" && env -0 > "$DUMP""#],
            environment: ["SCRIPT": script, "DUMP": dump])
        #expect(result.status == 0, "\(result.standardError)")
        var seen: [String: String] = [:]
        for entry in (E2E.read(dump) ?? "").split(separator: "\0") {
            guard let equals = entry.firstIndex(of: "=") else { continue }
            seen[String(entry[..<equals])] = String(entry[entry.index(after: equals)...])
        }
        for (name, value) in expected {
            #expect(seen[name] == value, "\(shell): \(name)")
        }
        #expect(seen["RUSTFLAGS"] == nil)
    }
}
