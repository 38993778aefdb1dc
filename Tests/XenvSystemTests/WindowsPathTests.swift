import Testing

@testable import XenvSystem

@Suite struct WindowsPathTests {
    @Test func joinPutsExactlyOneBackslashBetweenComponents() {
        #expect(WindowsPath.join(#"C:\a"#, "b", "c.exe") == #"C:\a\b\c.exe"#)
        #expect(WindowsPath.join(#"C:\a\"#, "b") == #"C:\a\b"#)
        #expect(WindowsPath.join(#"C:\"#, "Windows") == #"C:\Windows"#)
        #expect(WindowsPath.join("C:/a", "b/c") == #"C:\a\b\c"#)
        #expect(WindowsPath.join("", "b") == "b")
        #expect(WindowsPath.join(#"C:\a"#) == #"C:\a"#)
    }

    @Test func normalizedTurnsForwardSlashesIntoBackslashesAndNothingElse() {
        #expect(WindowsPath.normalized("C:/Program Files/x") == #"C:\Program Files\x"#)
        #expect(WindowsPath.normalized(#"c:\A\\b\"#) == #"c:\A\\b\"#)
        #expect(WindowsPath.normalized("//server/share") == #"\\server\share"#)
    }

    @Test func isAbsoluteAcceptsDriveRootsAndUNCPathsOnly() {
        #expect(WindowsPath.isAbsolute(#"C:\"#))
        #expect(WindowsPath.isAbsolute(#"C:\Program Files"#))
        #expect(WindowsPath.isAbsolute("c:/"))
        #expect(WindowsPath.isAbsolute(#"\\server\share"#))
        #expect(WindowsPath.isAbsolute("//server/share"))
        #expect(!WindowsPath.isAbsolute("C:"))
        #expect(!WindowsPath.isAbsolute("C:relative"))
        #expect(!WindowsPath.isAbsolute(#"relative\dir"#))
        #expect(!WindowsPath.isAbsolute(#"\rooted-without-drive"#))
        #expect(!WindowsPath.isAbsolute(#"1:\x"#))
        #expect(!WindowsPath.isAbsolute(""))
    }

    @Test func absoluteJoinsARelativePathOntoTheDirectory() {
        #expect(WindowsPath.absolute("state", relativeTo: #"C:\work"#) == #"C:\work\state"#)
        #expect(WindowsPath.absolute("D:/out", relativeTo: #"C:\work"#) == #"D:\out"#)
    }

    @Test func parentDropsTheLastComponentAndKeepsTheDriveRoot() {
        #expect(WindowsPath.parent(#"C:\a\b"#) == #"C:\a"#)
        #expect(WindowsPath.parent(#"C:\a\b\"#) == #"C:\a"#)
        #expect(WindowsPath.parent("C:/a/b") == #"C:\a"#)
        #expect(WindowsPath.parent(#"C:\a"#) == #"C:\"#)
        #expect(WindowsPath.parent(#"C:\"#) == #"C:\"#)
        #expect(WindowsPath.parent(#"\\server\share\dir"#) == #"\\server\share\"#)
    }

    @Test func lastComponentIsTheFileName() {
        #expect(WindowsPath.lastComponent(#"C:\LLVM\bin\lld-link.exe"#) == "lld-link.exe")
        #expect(WindowsPath.lastComponent("C:/LLVM/bin/") == "bin")
    }

    @Test func withTrailingSeparatorLeavesExactlyOne() {
        #expect(WindowsPath.withTrailingSeparator(#"C:\VS"#) == #"C:\VS\"#)
        #expect(WindowsPath.withTrailingSeparator(#"C:\VS\\\"#) == #"C:\VS\"#)
        #expect(WindowsPath.withTrailingSeparator("C:/VS/") == #"C:\VS\"#)
        #expect(WindowsPath.withTrailingSeparator(#"C:\"#) == #"C:\"#)
    }

    @Test func withoutTrailingSeparatorRemovesAllButADriveRootsOwn() {
        #expect(WindowsPath.withoutTrailingSeparator(#"C:\VS\"#) == #"C:\VS"#)
        #expect(WindowsPath.withoutTrailingSeparator(#"C:\VS\\"#) == #"C:\VS"#)
        #expect(WindowsPath.withoutTrailingSeparator("C:/VS/") == #"C:\VS"#)
        #expect(WindowsPath.withoutTrailingSeparator(#"C:\VS"#) == #"C:\VS"#)
        #expect(WindowsPath.withoutTrailingSeparator(#"C:\"#) == #"C:\"#)
        #expect(WindowsPath.withoutTrailingSeparator(#"C:\\"#) == #"C:\"#)
    }

    @Test func comparisonKeyIgnoresCaseSlashesAndDoubledOrTrailingSeparators() {
        let key = WindowsPath.comparisonKey(#"C:\Program Files\Windows Kits\10\include"#)
        #expect(key == #"c:\program files\windows kits\10\include"#)
        #expect(WindowsPath.comparisonKey("c:/PROGRAM FILES/windows kits/10/Include/") == key)
        #expect(WindowsPath.comparisonKey(#"C:\Program Files\Windows Kits\10\\include\\"#) == key)
        #expect(WindowsPath.comparisonKey(#"C:\Program Files\Windows Kits\10\include\um"#) != key)
        // A UNC path keeps its leading pair, so it never equals a path on a drive.
        #expect(WindowsPath.comparisonKey(#"\\Server\Share\\dir\"#) == #"\\server\share\dir"#)
    }

    @Test func deduplicatedKeepsTheFirstSpellingAndDropsEmptyEntries() {
        #expect(
            WindowsPath.deduplicated([
                #"C:\Tools\"#, "", #"D:\bin"#, "c:/tools", #"C:\\TOOLS"#, #"d:\BIN\"#, "", #"C:\Tools\x"#,
            ])
                == [#"C:\Tools\"#, #"D:\bin"#, #"C:\Tools\x"#])
        #expect(WindowsPath.deduplicated(["", ""]) == [])
    }

    @Test func parseNamesTheRootOfEveryForm() {
        typealias P = WindowsPath.Parsed
        #expect(WindowsPath.parse(#"c:\a\b"#) == P(root: .drive("C"), components: ["a", "b"]))
        #expect(WindowsPath.parse("C:/a//b/") == P(root: .drive("C"), components: ["a", "b"]))
        #expect(WindowsPath.parse("C:a") == P(root: .driveRelative("C"), components: ["a"]))
        #expect(WindowsPath.parse(#"\a"#) == P(root: .currentDrive, components: ["a"]))
        #expect(WindowsPath.parse(#"a\b"#) == P(root: .relative, components: ["a", "b"]))
        #expect(WindowsPath.parse(#"\\srv\share\x"#) == P(root: .unc(server: "srv", share: "share"), components: ["x"]))
        #expect(WindowsPath.parse(#"\\?\D:\a\_temp"#) == P(root: .drive("D"), components: ["a", "_temp"]))
        #expect(
            WindowsPath.parse(#"\\?\UNC\srv\share\x"#)
                == P(root: .unc(server: "srv", share: "share"), components: ["x"]))
        #expect(WindowsPath.parse(#"\\.\pipe\name"#) == P(root: .device(#"\\.\pipe"#), components: ["name"]))
    }

    /// The rules of the .NET "File path formats on Windows" page, which GetFullPathNameW follows.
    @Test func canonicalFoldsDotsAndSeparatorsAsWin32Does() {
        #expect(
            WindowsPath.canonical(#"D:\a\_temp\.\xenv\..\xenv\\cargo-config.toml"#)
                == #"D:\a\_temp\xenv\cargo-config.toml"#)
        #expect(WindowsPath.canonical("c:/x/../../..") == #"C:\"#)
        #expect(WindowsPath.canonical(#"..\a\..\..\b"#) == #"..\..\b"#)
        #expect(WindowsPath.canonical(#"\\srv\share\a\..\b"#) == #"\\srv\share\b"#)
        // A single trailing period goes from every segment; trailing periods and spaces from the last one only,
        // and not when the path ends in a separator.
        #expect(WindowsPath.canonical(#"C:\dir.\file. "#) == #"C:\dir\file"#)
        #expect(WindowsPath.canonical(#"C:\a \b"#) == #"C:\a \b"#)
        #expect(WindowsPath.canonical(#"C:\x \"#) == #"C:\x "#)
        #expect(WindowsPath.canonical(#"C:\two..\x"#) == #"C:\two..\x"#)
        #expect(WindowsPath.canonical(#"C:\...\x"#) == #"C:\...\x"#)
        // Extended-length paths are used exactly as written; device paths are normalized.
        #expect(WindowsPath.canonical(#"\\?\C:\a\..\b."#) == #"\\?\C:\a\..\b."#)
        #expect(WindowsPath.canonical(#"\\.\pipe\a\..\b"#) == #"\\.\pipe\b"#)
    }

    @Test func edgesOfRootsAndJoins() {
        #expect(WindowsPath.canonical(#"\\server"#) == #"\\server"#)
        #expect(WindowsPath.withoutTrailingSeparator(#"\\?\C:\"#) == #"\\?\C:\"#)
        #expect(WindowsPath.comparisonKey(#"C:\"#) != WindowsPath.comparisonKey("C:"))
        #expect(WindowsPath.join(#"C:\a"#, #"D:\x"#, "y") == #"D:\x\y"#)
        // Against an extended-length base, `..` still folds.
        #expect(WindowsPath.absolute(#"..\x"#, relativeTo: #"\\?\C:\work\sub"#) == #"C:\work\x"#)
        #expect(
            WindowsPath.temporarySibling(of: #"\\?\C:\s\xenv-link.exe"#, token: "t")
                == #"\\?\C:\s\.xenv-link.exe.t.tmp"#)
    }

    @Test func absoluteResolvesEachRelativeForm() {
        let cwd = #"D:\a\work"#
        #expect(WindowsPath.absolute(#"out\state"#, relativeTo: cwd) == #"D:\a\work\out\state"#)
        #expect(WindowsPath.absolute(#"..\x"#, relativeTo: cwd) == #"D:\a\x"#)
        #expect(WindowsPath.absolute(#"\tools"#, relativeTo: cwd) == #"D:\tools"#)
        #expect(WindowsPath.absolute("D:sub", relativeTo: cwd) == #"D:\a\work\sub"#)
        #expect(WindowsPath.absolute("C:sub", relativeTo: cwd) == #"C:\sub"#)
        #expect(WindowsPath.absolute(#"\\srv\share\x"#, relativeTo: cwd) == #"\\srv\share\x"#)
    }

    @Test func extendedLengthIsTheFormWin32FileCallsGet() {
        #expect(WindowsPath.extendedLength(#"D:\a\_temp\xenv"#) == #"\\?\D:\a\_temp\xenv"#)
        #expect(WindowsPath.extendedLength("c:/a/./b/") == #"\\?\C:\a\b"#)
        #expect(WindowsPath.extendedLength(#"\\srv\share\dir"#) == #"\\?\UNC\srv\share\dir"#)
        #expect(WindowsPath.extendedLength(#"\\?\C:\x"#) == #"\\?\C:\x"#)
        let long = #"C:\"# + Array(repeating: String(repeating: "d", count: 50), count: 8).joined(separator: "\\")
        #expect(long.count > 260)
        #expect(WindowsPath.extendedLength(long) == #"\\?\"# + long)
    }

    /// Finding 1: the temporary file of `D:\a\_temp\...\cargo-config.toml` sits beside it, never in `.`.
    @Test func theTemporarySiblingOfABackslashPathIsInItsDirectory() {
        let path = #"D:\a\_temp\xenv\aarch64-pc-windows-msvc\cargo-config.toml"#
        #expect(
            WindowsPath.temporarySibling(of: path, token: "7.ab")
                == #"D:\a\_temp\xenv\aarch64-pc-windows-msvc\.cargo-config.toml.7.ab.tmp"#)
        #expect(PathStyle.windows.temporarySibling(of: #"C:\x.txt"#, token: "1") == #"C:\.x.txt.1.tmp"#)
        #expect(PathStyle.posix.temporarySibling(of: "/s/x.txt", token: "1") == "/s/.x.txt.1.tmp")
    }

    @Test func searchPathSplitsOnSemicolonsOutsideQuotes() {
        #expect(WindowsPath.searchPath(#"C:\a;;"C:\b;c";D:\d;"#) == [#"C:\a"#, #"C:\b;c"#, #"D:\d"#])
        #expect(WindowsPath.searchPath("") == [])
    }
}
