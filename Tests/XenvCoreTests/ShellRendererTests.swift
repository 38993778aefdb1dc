import Testing
import XenvSystem

@testable import XenvCore

/// Every `--shell` format from one set of awkward values. pwsh, cmd and nu are not installed on the test
/// machine, so their output is checked against golden text; sh and fish also run for real in EndToEndTests.
struct ShellRendererTests {
    static let awkward = #"it's "q" $HOME `x` \ 100% !(x86) ü"# + "\nline two"
    static let assignments = [
        EnvironmentAssignment("A", Self.awkward),
        EnvironmentAssignment("PATH", #"/x y/bin:/z"#),
    ]

    @Test func shKeepsEveryByteInSingleQuotes() throws {
        #expect(
            try PosixShellRenderer().render(Self.assignments) == #"""
                export A='it'\''s "q" $HOME `x` \ 100% !(x86) ü
                line two'
                export PATH='/x y/bin:/z'

                """#)
    }

    @Test func gitBashGetsAnMSYSPathAndWindowsValuesElsewhere() throws {
        let assignments = [
            EnvironmentAssignment("LIB", #"C:\VS\lib\arm64;C:\Kits\lib"#),
            EnvironmentAssignment("PATH", #"C:\Program Files (x86)\VS\bin\HostX64\arm64;C:\Windows\;D:\a\_temp"#),
        ]
        #expect(
            try PosixShellRenderer().render(assignments, context: ShellContext(listSeparator: ";", msys: true)) == #"""
                export LIB='C:\VS\lib\arm64;C:\Kits\lib'
                export PATH='/c/Program Files (x86)/VS/bin/HostX64/arm64:/c/Windows:/d/a/_temp'

                """#)
        // Without MSYSTEM the Windows PATH stays as it is.
        #expect(
            try PosixShellRenderer().render(assignments, context: ShellContext(listSeparator: ";")).contains(
                #"export PATH='C:\Program"#))
    }

    @Test func fishEscapesOnlyBackslashAndQuoteAndSplitsPath() throws {
        #expect(
            try FishRenderer().render(Self.assignments) == #"""
                set -gx A 'it\'s "q" $HOME `x` \\ 100% !(x86) ü
                line two'
                set -gx PATH '/x y/bin' '/z'

                """#)
    }

    @Test func pwshDoublesStraightAndCurlySingleQuotes() throws {
        let assignments = Self.assignments + [EnvironmentAssignment("B", "\u{2018}a\u{2019} \u{201A}b\u{201B}")]
        #expect(
            try PowerShellRenderer().render(assignments) == #"""
                $env:A = 'it''s "q" $HOME `x` \ 100% !(x86) ü
                line two'
                $env:PATH = '/x y/bin:/z'
                $env:B = '‘‘a’’ ‚‚b‛‛'

                """#)
    }

    @Test func cmdDoublesPercentAndRefusesLineBreaks() throws {
        let assignments = [
            EnvironmentAssignment("LIB", #"C:\a b\lib;C:\100%\x & y"#),
            EnvironmentAssignment("PATH", #"C:\bin;C:\Windows"#),
        ]
        #expect(
            try CmdRenderer().render(assignments)
                == "@echo off\r\nrem Written by xenv; `call` this file to set the environment.\r\n"
                + #"set "LIB=C:\a b\lib;C:\100%%\x & y""# + "\r\n" + #"set "PATH=C:\bin;C:\Windows""# + "\r\n")
        #expect(
            thrownError { try CmdRenderer().render(Self.assignments) }?.description
                == "cannot write A for cmd: cmd.exe variables cannot hold a line break; use another --shell (json, sh, pwsh)"
        )
    }

    @Test func nuGetsARecordWithPathAsAList() throws {
        #expect(
            try NushellRenderer().render(Self.assignments) == #"""
                {
                  "A": "it's \"q\" $HOME `x` \\ 100% !(x86) ü\nline two",
                  "PATH": ["/x y/bin", "/z"]
                }

                """#)
    }

    @Test func dotenvEscapesQuotesBackslashesDollarsAndLineBreaks() throws {
        #expect(
            try DotenvRenderer().render(Self.assignments) == #"""
                A="it's \"q\" \$HOME `x` \\ 100% !(x86) ü\nline two"
                PATH="/x y/bin:/z"

                """#)
    }

    @Test(arguments: [
        ("bash", ShellFormat.sh), ("-zsh", .sh), ("dash", .sh), ("fish", .fish), ("/usr/bin/fish", .fish), ("nu", .nu),
        ("pwsh", .pwsh), ("pwsh.exe", .pwsh), ("powershell.exe", .pwsh), ("cmd.exe", .cmd), ("make", .sh),
    ])
    func detectsTheShellFromTheParentProgram(program: String, kind: ShellFormat) {
        #expect(ShellRegistry.standard.detect(parentProgram: program) == kind)
    }

    @Test func withoutAParentProgramItIsSh() {
        #expect(ShellRegistry.standard.detect(parentProgram: nil) == .sh)
    }

    @Test func everyShellNameIsAccepted() {
        for name in ShellRegistry.standard.acceptedNames {
            #expect(ShellRegistry.standard.format(named: name) != nil, "\(name)")
        }
        #expect(ShellRegistry.standard.format(named: "tcsh") == nil)
    }
}
