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

    @Test func cmdSwitchesToUTF8ForTheValuesAndEscapesWhatAQuoteLeavesOutsideQuotes() throws {
        let assignments = [
            EnvironmentAssignment("LIB", #"C:\Users\Jürgen\a b\lib;C:\100%\x & y (x86) ^"#),
            EnvironmentAssignment("Q", #"a"b&c|d<e>f^g"h&i""#),
            EnvironmentAssignment("PATH", #"C:\bin;C:\Windows"#),
        ]
        let text = try CmdRenderer().render(assignments)
        #expect(
            text
                == [
                    "@echo off",
                    "rem Written by xenv; `call` this file to set the environment. It is UTF-8, and cmd reads a batch file",
                    "rem in the console's code page: the values are read in code page 65001, then the caller's comes back.",
                    #"set "XENV_CODE_PAGE=""#,
                    #"for /f "tokens=2 delims=:." %%c in ('"%SystemRoot%\System32\chcp.com"') do set /a "XENV_CODE_PAGE=%%c" >nul 2>&1"#,
                    #"if "%XENV_CODE_PAGE%"=="0" set "XENV_CODE_PAGE=""#,
                    #""%SystemRoot%\System32\chcp.com" 65001 >nul 2>&1"#,
                    #"set "LIB=C:\Users\Jürgen\a b\lib;C:\100%%\x & y (x86) ^""#,
                    #"set "Q=a"b^&c^|d^<e^>f^^g"h&i"""#,
                    #"set "PATH=C:\bin;C:\Windows""#,
                    #"if defined XENV_CODE_PAGE "%SystemRoot%\System32\chcp.com" %XENV_CODE_PAGE% >nul 2>&1"#,
                    #"set "XENV_CODE_PAGE=""#,
                    "exit /b 0",
                ].joined(separator: "\r\n") + "\r\n")
        #expect(!text.contains("!!"), "no delayed-expansion guard without a `!` in a value")
        #expect(
            thrownError { try CmdRenderer().render(Self.assignments) }?.description
                == "cannot write A for cmd: cmd.exe variables cannot hold a line break; use another --shell (json, sh, pwsh)"
        )
    }

    /// Wine's cmd ignores chcp for batch files, so the non-ASCII case is checked here, byte for byte: the file is
    /// ASCII up to the switch to 65001, `ü` is UTF-8 (C3 BC), and the caller's code page comes back after it.
    @Test func cmdWritesANonASCIIValueAsUTF8BetweenTheCodePageSwitches() throws {
        let value = "C:\\Users\\J\u{FC}rgen\\AppData\\Local\\xenv"
        let bytes = Array(try CmdRenderer().render([EnvironmentAssignment("XENV_HOME", value)]).utf8)
        func offset(_ needle: String) -> Int? {
            let pattern = Array(needle.utf8)
            return bytes.indices.first { bytes[$0...].starts(with: pattern) }
        }
        let switchTo65001 = try #require(offset("chcp.com\" 65001 >nul 2>&1\r\n"))
        let line = try #require(offset("set \"XENV_HOME="))
        let restore = try #require(
            offset("if defined XENV_CODE_PAGE \"%SystemRoot%\\System32\\chcp.com\" %XENV_CODE_PAGE%"))
        #expect(switchTo65001 < line && line < restore)
        #expect(
            Array(bytes[line..<restore])
                == Array("set \"XENV_HOME=C:\\Users\\J".utf8) + [0xC3, 0xBC]
                + Array("rgen\\AppData\\Local\\xenv\"\r\n".utf8))
        #expect(bytes[..<line].allSatisfy { $0 < 0x80 }, "only ASCII before the switch")
        #expect(bytes[restore...].allSatisfy { $0 < 0x80 }, "only ASCII after the switch back")
        #expect(bytes.filter { $0 >= 0x80 } == [0xC3, 0xBC])
    }

    /// cmd reads code units, not grapheme clusters: a combining mark after `%`, `"` or `!` must not hide them.
    @Test func cmdEscapesByScalarsSoCombiningMarksHideNothing() throws {
        let text = try CmdRenderer().render([
            EnvironmentAssignment("P", "50%\u{301}"), EnvironmentAssignment("Q", "a\"\u{301}&b"),
            EnvironmentAssignment("B", "C:\\hi!\u{301}"),
        ])
        #expect(text.contains("set \"P=50%%\u{301}\"\r\n"))
        #expect(text.contains("set \"Q=a\"\u{301}^&b\"\r\n"))
        #expect(text.contains("if \"!!\"==\"\""), "the delayed-expansion guard for a `!` with a mark")
        #expect(
            thrownError { try CmdRenderer().render([EnvironmentAssignment("R", "a\r\u{301}b")]) }?.description
                .contains("cannot hold a line break") == true)
    }

    /// cmd.exe reads at most 8191 characters a line: a longer `set` line would stop the file halfway.
    @Test func cmdRefusesALineLongerThanCmdReads() throws {
        let fits = String(repeating: "x", count: 8191 - #"set "PATH=""#.count)
        #expect(try CmdRenderer().render([EnvironmentAssignment("PATH", fits)]).contains(fits))
        #expect(
            thrownError { try CmdRenderer().render([EnvironmentAssignment("PATH", fits + "%")]) }?.description
                == "cannot write PATH for cmd: its line would be 8193 characters, and cmd.exe reads at most 8191; "
                + "use another --shell (json, sh, pwsh)")
    }

    @Test func cmdRefusesDelayedExpansionOnlyWhenAValueHoldsABang() throws {
        let text = try CmdRenderer().render([EnvironmentAssignment("A", "C:\\hi!")])
        #expect(
            text.contains(
                "\r\nif \"!!\"==\"\" (echo xenv: this file needs delayed expansion off "
                    + "^(setlocal DisableDelayedExpansion^) 1>&2& exit /b 1)\r\nset \"XENV_CODE_PAGE=\"\r\n"))
        #expect(text.contains("set \"A=C:\\hi!\"\r\n"))
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
