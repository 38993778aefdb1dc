// The end-to-end tests start shells, cargo and linkers with posix_spawn: Linux and macOS only.
#if !os(Windows)
import Foundation
import Testing
import XenvCore
import XenvSystem

/// `xenv env` evaluated by every shell installed here, with a sysroot and a state directory whose paths hold
/// spaces, `'`, `"`, `$`, a backquote, `\`, `%`, `!`, `(x86)`, a line break and non-ASCII letters: each shell
/// must end up with exactly the values `--shell json` reports. (pwsh, cmd and nu cannot be installed here;
/// their output is checked against golden text in ShellRendererTests.)
@Suite(.serialized)
struct ShellTests {
    static let awkwardName = "it's \"q\" $HOME `x` \\ 100% !(x86) ü\nline two"

    /// A sysroot and a state directory under the awkward name, made once.
    static let setup: Result<(sysroot: String, state: String), any Error> = Result {
        let base = Path.join(try E2E.temporaryDirectory("shells"), awkwardName)
        let sysroot = Path.join(base, "sysroot")
        let made = try E2E.run("/bin/bash", [Path.join(E2E.packageRoot, "Tests/Fixtures/make-sysroot.sh"), sysroot])
        guard made.status == 0 else { throw SetupFailure(message: "make-sysroot.sh failed: \(made.standardError)") }
        return (sysroot, Path.join(base, "state"))
    }

    func jsonEnvironment(_ sysroot: String, _ state: String) throws -> [String: String] {
        let result = try E2E.run(
            E2E.xenv, ["env", "--target", "arm64", "--sysroot", sysroot, "--out", state, "--shell", "json"])
        #expect(result.status == 0, "\(result.standardError)")
        return try #require(
            try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: String])
    }

    /// Runs `script` in `shell` with XENV, SYSROOT, STATE and DUMP set, then reads the NUL-separated `env -0` dump.
    func exported(by shell: String, _ script: String, sysroot: String, state: String) throws -> [String: String] {
        let shellPath = try #require(
            ["/bin", "/usr/bin"].map { "\($0)/\(shell)" }.first { FileManager.default.isExecutableFile(atPath: $0) },
            "\(shell) is not installed; .ci/run installs it")
        let dump = Path.join(try E2E.temporaryDirectory("dump-\(shell)"), "env")
        let result = try E2E.run(
            shellPath, ["-c", script],
            environment: ["XENV": E2E.xenv, "SYSROOT": sysroot, "STATE": state, "DUMP": dump])
        #expect(result.status == 0, "\(shell): \(result.standardError)")
        var seen: [String: String] = [:]
        for entry in (E2E.read(dump) ?? "").split(separator: "\0") {
            guard let equals = entry.firstIndex(of: "=") else { continue }
            seen[String(entry[..<equals])] = String(entry[entry.index(after: equals)...])
        }
        return seen
    }

    @Test(arguments: [
        (
            "bash", "sh",
            #"eval "$("$XENV" env --target arm64 --sysroot "$SYSROOT" --out "$STATE" --shell bash)" && env -0 > "$DUMP""#
        ),
        (
            "dash", "sh",
            #"eval "$("$XENV" env --target arm64 --sysroot "$SYSROOT" --out "$STATE" --shell dash)" && env -0 > "$DUMP""#
        ),
        (
            "zsh", "sh",
            #"eval "$("$XENV" env --target arm64 --sysroot "$SYSROOT" --out "$STATE" --shell zsh)" && env -0 > "$DUMP""#
        ),
        (
            "fish", "fish",
            #""$XENV" env --target arm64 --sysroot "$SYSROOT" --out "$STATE" --shell fish | source; and env -0 > "$DUMP""#
        ),
        // Without --shell, xenv reads the shell from its parent process.
        (
            "bash", "detected",
            #"eval "$("$XENV" env --target arm64 --sysroot "$SYSROOT" --out "$STATE")" && env -0 > "$DUMP""#
        ),
        (
            "fish", "detected",
            #""$XENV" env --target arm64 --sysroot "$SYSROOT" --out "$STATE" | source; and env -0 > "$DUMP""#
        ),
    ])
    func evalGivesTheShellExactlyTheReportedValues(shell: String, format: String, script: String) throws {
        let (sysroot, state) = try Self.setup.get()
        let expected = try jsonEnvironment(sysroot, state)
        #expect(expected["INCLUDE"]?.contains(Self.awkwardName) == true)
        let seen = try exported(by: shell, script, sysroot: sysroot, state: state)
        #expect(!expected.isEmpty)
        for (name, value) in expected {
            #expect(seen[name] == value, "\(shell) (\(format)): \(name)")
        }
        #expect(seen["RUSTFLAGS"] == nil)
    }

    @Test func dotenvAndNushellOutputParseBackToTheSameValues() throws {
        let (sysroot, state) = try Self.setup.get()
        let expected = try jsonEnvironment(sysroot, state)
        let nu = try E2E.run(
            E2E.xenv, ["env", "--target", "arm64", "--sysroot", sysroot, "--out", state, "--shell", "nu"])
        #expect(try JSONSerialization.jsonObject(with: Data(nu.standardOutput.utf8)) as? [String: String] == expected)
        // python-dotenv is what many tools use to read .env files; bash reads the same double-quoted escapes.
        let dotenv = try E2E.run(
            E2E.xenv, ["env", "--target", "arm64", "--sysroot", sysroot, "--out", state, "--shell", "dotenv"])
        #expect(dotenv.status == 0)
        let lines = dotenv.standardOutput.split(separator: "\n").count
        #expect(lines == expected.count, "one line a variable: line breaks in values are escaped")
    }
}
#endif
