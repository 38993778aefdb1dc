// The end-to-end tests start shells, cargo and linkers with posix_spawn: Linux and macOS only.
#if !os(Windows)
import Foundation
import Testing
import XenvCore
import XenvSystem

/// The env.cmd that `xenv env --shell cmd` writes, run by Wine's cmd.exe with a sysroot and a state directory
/// whose paths hold every character cmd treats specially: each variable must arrive exactly as `--shell json`
/// reports it, and the caller's code page must come back.
///
/// ASCII only: Wine's cmd (8.0, Debian 12) reads batch files in the OEM code page whatever chcp says, so a
/// non-ASCII value arrives garbled there; ShellRendererTests checks those bytes instead.
@Suite(.serialized)
struct CmdWineTests {
    /// No `;` (it separates LIB and INCLUDE entries, which xenv refuses) and no line break (cmd cannot hold one).
    static let awkwardName = #"it's "q" $HOME `x` \ 100% %PATH% !(x86) & ^ | < > , = a"&b^"#

    struct Written {
        var expected: [String: String]
        var script: String
        var directory: String
        /// What `--shell cmd` said on standard error.
        var diagnostics: String
    }

    /// `xenv env --shell cmd` under the awkward name, env.cmd copied to a directory cmd can name (a Windows path
    /// cannot hold `"`), and the values `--shell json` reports.
    static let written: Result<Written, any Error> = Result {
        let base = Path.join(try E2E.temporaryDirectory("cmd"), awkwardName)
        let sysroot = Path.join(base, "sysroot")
        let state = Path.join(base, "state")
        let made = try E2E.run("/bin/bash", [Path.join(E2E.packageRoot, "Tests/Fixtures/make-sysroot.sh"), sysroot])
        guard made.status == 0 else { throw SetupFailure(message: "make-sysroot.sh failed: \(made.standardError)") }
        let arguments = ["env", "--target", "arm64", "--sysroot", sysroot, "--out", state, "--shell"]
        let cmd = try E2E.run(E2E.xenv, arguments + ["cmd"])
        let script = Path.join(state, "aarch64-pc-windows-msvc/env.cmd")
        guard cmd.status == 0, cmd.standardOutput == "call \"\(script)\"\n" else {
            throw SetupFailure(message: "xenv env --shell cmd: \(cmd.standardOutput)\(cmd.standardError)")
        }
        let json = try E2E.run(E2E.xenv, arguments + ["json"])
        guard let expected = try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: String]
        else {
            throw SetupFailure(message: "xenv env --shell json: \(json.standardError)")
        }
        let directory = try E2E.temporaryDirectory("cmd run")
        try E2E.write(
            Path.join(directory, "env.cmd"), bytes: [UInt8](try #require(FileManager.default.contents(atPath: script))))
        return Written(
            expected: expected, script: Path.join(directory, "env.cmd"), directory: directory,
            diagnostics: cmd.standardError)
    }

    /// `NAME=value` lines of cmd's `set`, CRLF-separated, ASCII.
    func variables(_ text: String) -> [String: String] {
        var seen: [String: String] = [:]
        for line in text.components(separatedBy: "\r\n") {
            guard let equals = line.dropFirst().firstIndex(of: "=") else { continue }
            seen[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return seen
    }

    @Test func everyValueArrivesExactlyAndTheCodePageComesBack() throws {
        let written = try Self.written.get()
        #expect(written.expected["INCLUDE"]?.contains(Self.awkwardName) == true)
        // The state directory holds `%` and `^`, which the printed `call` line cannot carry: hence the copy.
        #expect(
            written.diagnostics.contains("xenv: warning: the printed line may not load ")
                && written.diagnostics.contains("cmd expands % in it and `call` doubles ^"), "\(written.diagnostics)")
        let driver = Path.join(written.directory, "driver.cmd")
        let setOutput = Path.join(written.directory, "set.txt")
        let chcpOutput = Path.join(written.directory, "chcp.txt")
        let chcpBefore = Path.join(written.directory, "chcp-before.txt")
        let errorLevel = Path.join(written.directory, "errorlevel.txt")
        func quoted(_ path: String) -> String { "\"\(Wine.windowsPath(path))\"" }
        // The caller's code page is 850 (chcp-before.txt proves that Wine's console switches at all), and its error
        // level 7 before the call: env.cmd must leave 0.
        try E2E.write(
            driver,
            [
                "@chcp 850 >nul",
                "@>\(quoted(chcpBefore)) chcp",
                "@cmd /c exit 7",
                "@call \(quoted(written.script))",
                "@>\(quoted(errorLevel)) echo %errorlevel%",
                "@>\(quoted(chcpOutput)) chcp",
                "@>\(quoted(setOutput)) set",
            ].joined(separator: "\r\n") + "\r\n")
        // On a console, so that chcp reads and sets a code page.
        let run = try Wine.runOnConsole(["cmd", "/c", Wine.windowsPath(driver)])
        #expect(run.status == 0, "\(run.standardOutput)\(run.standardError)")

        let seen = variables(E2E.read(setOutput) ?? "")
        #expect(!written.expected.isEmpty)
        for (name, value) in written.expected {
            #expect(seen[name] == value, "\(name)")
        }
        #expect(seen["XENV_CODE_PAGE"] == nil, "the saved code page is not left behind")
        #expect(E2E.read(chcpBefore)?.contains(": 850") == true, "\(E2E.read(chcpBefore) ?? "no chcp output")")
        #expect(E2E.read(chcpOutput)?.contains(": 850") == true, "\(E2E.read(chcpOutput) ?? "no chcp output")")
        #expect(E2E.read(errorLevel) == "0\r\n", "\(E2E.read(errorLevel) ?? "no error level")")
        let text = try #require(E2E.read(written.script))
        #expect(text.contains("chcp.com\" 65001 >nul 2>&1\r\nset \"CARGO_TARGET_"))
    }

    /// A value holds `!`, which delayed expansion would eat: the file refuses to run instead.
    @Test func underDelayedExpansionTheFileRefusesToRun() throws {
        let written = try Self.written.get()
        let run = try Wine.run(["cmd", "/v:on", "/c", "call", Wine.windowsPath(written.script)])
        #expect(run.status == 1)
        #expect(run.standardError.contains("xenv: this file needs delayed expansion off"), "\(run.standardError)")
    }
}
#endif
