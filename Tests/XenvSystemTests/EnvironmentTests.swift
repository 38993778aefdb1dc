import Testing

@testable import XenvSystem

@Suite struct EnvironmentTests {
    @Test func posixNamesDifferByCase() {
        var environment = Environment(["Path": "/a", "PATH": "/b"])
        #expect(environment["PATH"] == "/b")
        #expect(environment["path"] == nil)
        environment["PATH"] = "/c"
        #expect(environment.posixEntries == ["PATH=/c", "Path=/a"])
    }

    /// Finding 4: setting PATH replaces the runner's `Path`, so a child never gets two.
    @Test func windowsNamesAreOneVariableWhateverTheirCase() {
        var environment = Environment(["Path": #"C:\Windows"#, "windir": #"C:\Windows"#], caseInsensitiveNames: true)
        #expect(environment["PATH"] == #"C:\Windows"#)
        environment["PATH"] = #"C:\tools;C:\Windows"#
        #expect(environment.values == ["PATH": #"C:\tools;C:\Windows"#, "windir": #"C:\Windows"#])
        environment["WINDIR"] = nil
        #expect(environment.values == ["PATH": #"C:\tools;C:\Windows"#])
        // A dictionary with both spellings keeps one, deterministically.
        #expect(Environment(["Path": "a", "PATH": "b"], caseInsensitiveNames: true).values == ["PATH": "b"])
    }

    /// Windows folds one UTF-16 unit at a time: `ß` has no single upper-case letter, so these are two names.
    @Test func namesFoldAsWindowsFoldsThemUnitByUnit() {
        let environment = Environment(["straße": "a", "STRASSE": "b", "ärger": "c"], caseInsensitiveNames: true)
        #expect(environment.values.count == 3)
        #expect(environment["STRAßE"] == "a")
        #expect(environment["ÄRGER"] == "c")
    }

    @Test func appendsListEntriesAfterTheUsersOwnWithoutDuplicates() {
        var environment = Environment(["PATH": "/bin", "LIB": "/user/lib;/shared", "LIBPATH": "/other"])
        environment.appendListEntries(["/shared", "/x/crt", "/x/crt"], to: "LIB", separator: ";")
        #expect(environment["LIB"] == "/user/lib;/shared;/x/crt")
        environment.appendListEntries(["/a"], to: "NEW", separator: ";")
        #expect(environment["NEW"] == "/a")
        environment.appendListEntries([], to: "EMPTY", separator: ";")
        #expect(environment["EMPTY"] == nil)
        var windows = Environment(["Lib": #"C:\user"#], caseInsensitiveNames: true)
        windows.appendListEntries([#"C:\crt"#], to: "LIB", separator: ";")
        #expect(windows.values == ["LIB": #"C:\user;C:\crt"#])
    }

    @Test func theBlockIsSortedWithoutRegardToCaseAndEndsInTwoNULs() {
        let environment = Environment(
            ["b": "2", "A": "1", "=C:": #"C:\work"#, "Path": "p", "_X": "u", "ä": "x"], caseInsensitiveNames: true)
        let block = environment.windowsBlock
        #expect(Array(block.suffix(2)) == [0, 0])
        let entries = block.split(separator: 0).map { String(decoding: $0, as: UTF16.self) }
        // `=` sorts before letters, `_` (0x5F) after the upper-cased letters, as an ordinal comparison orders them.
        #expect(entries == [#"=C:=C:\work"#, "A=1", "b=2", "Path=p", "_X=u", "ä=x"])
        #expect(Environment.parseWindowsBlock(block) == environment)
        #expect(Environment([:], caseInsensitiveNames: true).windowsBlock == [0, 0])
    }

    @Test func entriesSplitAtTheFirstEqualsSignAfterAnyLeadingOne() {
        let environment = Environment(entries: ["=C:=C:\\w", "A=b=c", "NOVALUE", "E="], caseInsensitiveNames: true)
        #expect(environment.values == ["=C:": "C:\\w", "A": "b=c", "E": ""])
    }
}

@Suite struct WindowsCommandLineBuildingTests {
    /// Finding 3: an empty argument arrives as an empty argument.
    @Test func theCommandLineKeepsEveryArgumentTheCRuntimeSplitsItBackInto() {
        let arguments = [
            "", "a b", #"C:\dir with space\"#, #"quote"inside"#, "tab\there", "ünï", #"\\server\share"#, "-C", "",
        ]
        let line = WindowsCommandLine.commandLine(program: #"C:\Program Files\Rust\cargo.exe"#, arguments: arguments)
        #expect(line.hasPrefix(#""C:\Program Files\Rust\cargo.exe" "" "a b" "#))
        #expect(
            WindowsCommandLine.arguments(fromCommandLine: line) == [#"C:\Program Files\Rust\cargo.exe"#] + arguments)
    }

    @Test func argvZeroHasNoEscapes() {
        #expect(WindowsCommandLine.arguments(fromCommandLine: #""C:\a\" b"#) == [#"C:\a\"#, "b"])
        #expect(WindowsCommandLine.arguments(fromCommandLine: #"C:\a\b.exe x"#) == [#"C:\a\b.exe"#, "x"])
        #expect(WindowsCommandLine.arguments(fromCommandLine: "prog") == ["prog"])
        // The quote toggles; what follows it still belongs to argv[0].
        #expect(WindowsCommandLine.arguments(fromCommandLine: #""C:\a b"x y"#) == [#"C:\a bx"#, "y"])
    }

    /// The C runtime's rules, not lld's: only spaces and tabs separate arguments.
    @Test func lineBreaksAreNoSeparatorsForTheCRuntime() {
        #expect(
            WindowsCommandLine.arguments(fromCommandLine: "prog a\nb\tc  \"d e\"f") == ["prog", "a\nb", "c", "d ef"])
        #expect(
            WindowsCommandLine.arguments(fromCommandLine: #"p "a""b" \\\"x \\\\"y z" "#) == [
                "p", #"a"b"#, #"\"x"#, #"\\y z"#,
            ])
    }
}
