import Testing
@testable import XenvCore

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
        #expect(WindowsPath.parent(#"\\server\share\dir"#) == #"\\server\share"#)
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
            WindowsPath.deduplicated([#"C:\Tools\"#, "", #"D:\bin"#, "c:/tools", #"C:\\TOOLS"#, #"d:\BIN\"#, "", #"C:\Tools\x"#])
                == [#"C:\Tools\"#, #"D:\bin"#, #"C:\Tools\x"#])
        #expect(WindowsPath.deduplicated(["", ""]) == [])
    }
}
