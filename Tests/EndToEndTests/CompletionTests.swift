// The end-to-end tests start shells, cargo and linkers with posix_spawn: Linux and macOS only.
#if !os(Windows)
import Foundation
import Testing
import XenvCore
import XenvSystem

/// The completion scripts load in the real shells and complete commands, options and values.
struct CompletionTests {
    @Test func bashCompletesCommandsOptionsAndValues() throws {
        let result = try E2E.bash(
            #"""
            source <("$XENV" completions bash)
            ask() { COMP_WORDS=("$@"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); _xenv; echo "${COMPREPLY[*]}"; }
            ask xenv se
            ask xenv env --ta
            ask xenv env --target ar
            ask xenv setup --ci gi
            ask xenv help do
            """#, environment: ["XENV": E2E.xenv])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(
            result.standardOutput == "setup\n--target\narm64 arm64ec-pc-windows-msvc arm64ec\ngithub gitlab\ndoctor\n")
    }

    @Test func zshLoadsTheScript() throws {
        let zsh = try #require(E2E.onPath("zsh"), "zsh is not installed; .ci/run installs it")
        let result = try E2E.run(
            zsh,
            [
                "-c",
                #"autoload -U compinit && compinit -u -D; source <("$XENV" completions zsh); whence -w _xenv; print -r -- $_comps[xenv]"#,
            ],
            environment: ["XENV": E2E.xenv])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.hasPrefix("_xenv: function\n"))
        #expect(result.standardOutput.contains("_bash_complete"))
    }

    @Test func fishCompletesFromTheScript() throws {
        let fish = try #require(E2E.onPath("fish"), "fish is not installed; .ci/run installs it")
        let result = try E2E.run(
            fish,
            ["-c", #""$XENV" completions fish | source; complete -C 'xenv se'; complete -C 'xenv env --target arm'"#],
            environment: ["XENV": E2E.xenv])
        #expect(result.status == 0, "\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n").map { String($0.split(separator: "\t")[0]) }
        #expect(lines.contains("setup"))
        #expect(lines.contains("--target=arm64") || lines.contains("arm64"))
    }

    @Test func anUnknownShellIsAUsageError() throws {
        let result = try E2E.run(E2E.xenv, ["completions", "tcsh"])
        #expect(result.status == 64)
        #expect(
            result.standardError == "xenv: error: `xenv completions` takes one of bash, zsh, fish (see `xenv --help`)\n"
        )
    }
}
#endif
