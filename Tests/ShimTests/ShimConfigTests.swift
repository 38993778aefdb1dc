import Testing
import XenvShimCore
import XenvSystem

@Suite struct ShimConfigTests {
    static let config = ShimConfig(
        linker: "/opt/llvm 18/bin/lld-link", linkerKind: .rustLLD, dropFlags: ["/arm64hazardfree", "-x=y"],
        addFlags: ["/defaultlib:ucrt", "/nodefaultlib:libucrt"],
        libraryDirectories: ["/home/o'neil/xwin/crt/lib/aarch64", "/x/sdk/lib/um/aarch64"])

    @Test func rendersOneKeyValueALine() {
        #expect(
            Self.config.rendered == """
                # Written by xenv for its linker shim. `xenv setup` rewrites it; edits are lost.
                linker=/opt/llvm 18/bin/lld-link
                linker-kind=rust-lld
                drop=/arm64hazardfree
                drop=-x=y
                add=/defaultlib:ucrt
                add=/nodefaultlib:libucrt
                lib=/home/o'neil/xwin/crt/lib/aarch64
                lib=/x/sdk/lib/um/aarch64

                """)
    }

    @Test func parsesWhatItRenders() throws {
        #expect(try ShimConfig(parsing: Self.config.rendered) == Self.config)
        let minimal = ShimConfig(
            linker: "lld-link", linkerKind: .lldLink, dropFlags: [], addFlags: [], libraryDirectories: [])
        #expect(try ShimConfig(parsing: minimal.rendered) == minimal)
    }

    @Test func parsesCRLFLineEndsCommentsAndBlankLines() throws {
        let text = "# comment\r\n\r\nlinker=/l\r\nlinker-kind=lld-link\r\nlib=/a\r\n"
        #expect(
            try ShimConfig(parsing: text)
                == ShimConfig(
                    linker: "/l", linkerKind: .lldLink, dropFlags: [], addFlags: [], libraryDirectories: ["/a"]))
        // A file saved by a Windows editor: "\r\n" is one Swift Character, so it needs splitting on its own.
        #expect(Self.parseError("linker=/l\r\nbogus\r\n")?.description == "line 2 is not key=value: 'bogus'")
    }

    static func parseError(_ text: String) -> ShimConfig.ParseError? {
        do {
            _ = try ShimConfig(parsing: text)
            return nil
        } catch {
            return error
        }
    }

    @Test func reportsEachParseErrorWithItsLineNumber() {
        // Comment and blank lines count, so the number matches what an editor shows.
        #expect(Self.parseError("# c\n\nlinker=/l\nbogus")?.description == "line 4 is not key=value: 'bogus'")
        #expect(
            Self.parseError("linker=/l\nlinker-kind=lld-link\nflavor=link")?.description
                == "line 3 has an unknown key 'flavor'")
        #expect(
            Self.parseError("linker=/l\nlinker-kind=gnu")?.description
                == "line 2: linker-kind 'gnu' is not one of rust-lld, lld-link")
        #expect(Self.parseError("linker-kind=lld-link\n")?.description == "the key 'linker' is missing")
        #expect(Self.parseError("linker=/l\n")?.description == "the key 'linker-kind' is missing")
        #expect(Self.parseError("")?.description == "the key 'linker' is missing")
    }

    @Test func keysAreCaseSensitiveAndSpacesAreNotTrimmed() {
        #expect(Self.parseError("Linker=/l")?.description == "line 1 has an unknown key 'Linker'")
        #expect(Self.parseError("linker =/l")?.description == "line 1 has an unknown key 'linker '")
    }

    @Test func sidecarSitsNextToTheShimWithoutExe() {
        #expect(ShimConfig.sidecarPath(forExecutable: "/a/xenv-link") == "/a/xenv-link.conf")
        #expect(ShimConfig.sidecarPath(forExecutable: "C:/x/xenv-link.EXE") == "C:/x/xenv-link.conf")
        #expect(ShimConfig.sidecarPath(forExecutable: "/a/xenv-link.exe") == "/a/xenv-link.conf")
    }
}

@Suite struct EnvironmentFilterTests {
    @Test func removesTheDroppedFlagFromALINKValue() {
        #expect(LinkerInvocation.filterEnvironmentValue("/NOLOGO /arm64hazardfree", config: .arm64()) == "/NOLOGO")
        #expect(
            LinkerInvocation.filterEnvironmentValue(
                #"-ARM64HAZARDFREE "/LIBPATH:C:\dir with space\\" /DEBUG"#, config: .arm64())
                == #""/LIBPATH:C:\dir with space\\" /DEBUG"#)
        #expect(LinkerInvocation.filterEnvironmentValue("/Arm64HazardFree", config: .arm64()) == "")
    }

    @Test func leavesAValueWithoutTheFlagUntouched() {
        // nil tells the shim not to re-quote the user's value.
        #expect(LinkerInvocation.filterEnvironmentValue(#"/NOLOGO "/LIBPATH:a b""#, config: .arm64()) == nil)
        #expect(LinkerInvocation.filterEnvironmentValue("/arm64hazardfree:x", config: .arm64()) == nil)
        #expect(LinkerInvocation.filterEnvironmentValue("/arm64hazardfree", config: .arm64(dropFlags: [])) == nil)
    }
}
