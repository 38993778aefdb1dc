import Testing
import XenvShimCore
import XenvSystem

@Suite struct LinkerInvocationDropTests {
    @Test func dropsTheFlagInAnySpellingFromTheCommandLine() throws {
        var store = MemoryResponseFileStore()
        let invocation = try LinkerInvocation(
            rewriting: [
                "/NOLOGO", "/arm64hazardfree", "main.o", "-ARM64HAZARDFREE", "/Arm64HazardFree", "-arm64hazardfree",
            ],
            config: .arm64(), store: &store)
        #expect(invocation.arguments == ["/NOLOGO", "main.o"])
        #expect(invocation.temporaryFiles.isEmpty)
    }

    @Test func keepsArgumentsThatOnlyContainTheFlagsText() throws {
        // Input paths, a flag with a value and a bare file name are not the flag.
        let kept = [
            "/tmp/arm64hazardfree/x.obj", "/arm64hazardfree:x", "arm64hazardfree", "/arm64hazardfreeX",
            "--arm64hazardfree",
        ]
        var store = MemoryResponseFileStore()
        let invocation = try LinkerInvocation(rewriting: kept, config: .arm64(), store: &store)
        #expect(invocation.arguments == kept)
    }

    @Test func rewritesRustcsResponseFileWithoutTheTwoFlagTokens() throws {
        var store = MemoryResponseFileStore(files: ["/tmp/rsp/rustc2VmkOk/linker-arguments": try RustcFixture.bytes()])
        let invocation = try LinkerInvocation(
            rewriting: ["@/tmp/rsp/rustc2VmkOk/linker-arguments"], config: .arm64(), store: &store)

        #expect(invocation.arguments == ["@/tmp/rewritten-1"])
        #expect(invocation.temporaryFiles == ["/tmp/rewritten-1"])
        #expect(store.log.writes.map(\.near) == ["/tmp/rsp/rustc2VmkOk/linker-arguments"])
        let bytes = try #require(store.files["/tmp/rewritten-1"])
        #expect(Array(bytes.prefix(2)) == [0xFF, 0xFE], "UTF-16LE with BOM, as rustc wrote it")
        let rewritten = try #require(ResponseFile(bytes: bytes))
        #expect(rewritten.encoding == .utf16LittleEndian)
        // What lld-link reads from the copy: every original token, the merged /LIBPATH one included, minus
        // the two spellings of the flag.
        #expect(
            rewritten.arguments == RustcFixture.tokens.filter { $0 != "/arm64hazardfree" && $0 != "-ARM64HAZARDFREE" })
    }

    @Test func passesAResponseFileWithoutTheFlagOnUnchanged() throws {
        var store = MemoryResponseFileStore(arguments: [
            "/rsp/plain.rsp": ["/NOLOGO", "main.o", "/tmp/arm64hazardfree/x.obj"]
        ])
        let invocation = try LinkerInvocation(
            rewriting: ["/DEBUG", "@/rsp/plain.rsp"], config: .arm64(), store: &store)
        #expect(invocation.arguments == ["/DEBUG", "@/rsp/plain.rsp"])
        #expect(invocation.temporaryFiles.isEmpty)
        #expect(store.log.writes.isEmpty)
        #expect(store.log.reads == ["/rsp/plain.rsp"])
    }

    @Test func rewritesNestedResponseFilesAndPointsTheOuterCopyAtTheInnerCopy() throws {
        var store = MemoryResponseFileStore(arguments: [
            "/rsp/outer.rsp": ["/NOLOGO", "@/rsp/inner.rsp", "main.o"],
            "/rsp/inner.rsp": ["/arm64hazardfree", "kernel32.lib"],
        ])
        let invocation = try LinkerInvocation(rewriting: ["@/rsp/outer.rsp"], config: .arm64(), store: &store)

        #expect(invocation.arguments == ["@/tmp/rewritten-2"])
        #expect(invocation.temporaryFiles == ["/tmp/rewritten-1", "/tmp/rewritten-2"])
        #expect(store.arguments(of: "/tmp/rewritten-1") == ["kernel32.lib"])
        #expect(store.arguments(of: "/tmp/rewritten-2") == ["/NOLOGO", "@/tmp/rewritten-1", "main.o"])
        // The originals are left alone: rustc owns them.
        #expect(store.arguments(of: "/rsp/inner.rsp") == ["/arm64hazardfree", "kernel32.lib"])
    }

    @Test func leavesANestedResponseFileWithoutTheFlagAndItsParentUnchanged() throws {
        var store = MemoryResponseFileStore(arguments: [
            "/rsp/outer.rsp": ["@/rsp/inner.rsp"], "/rsp/inner.rsp": ["kernel32.lib"],
        ])
        let invocation = try LinkerInvocation(rewriting: ["@/rsp/outer.rsp"], config: .arm64(), store: &store)
        #expect(invocation.arguments == ["@/rsp/outer.rsp"])
        #expect(store.log.reads == ["/rsp/outer.rsp", "/rsp/inner.rsp"])
        #expect(store.log.writes.isEmpty)
    }

    @Test func keepsAMissingOrUndecodableResponseFileVerbatim() throws {
        // lld-link reports these itself; the shim must not hide the argument.
        var store = MemoryResponseFileStore(files: ["/rsp/bad.rsp": [0xFF, 0xFE, 0x61]])
        let invocation = try LinkerInvocation(
            rewriting: ["@/rsp/missing.rsp", "@/rsp/bad.rsp", "/arm64hazardfree"], config: .arm64(), store: &store)
        #expect(invocation.arguments == ["@/rsp/missing.rsp", "@/rsp/bad.rsp"])
        #expect(invocation.temporaryFiles.isEmpty)
    }

    @Test func stopsAtASelfReferencingResponseFile() throws {
        var store = MemoryResponseFileStore(arguments: ["/rsp/self.rsp": ["@/rsp/self.rsp", "/arm64hazardfree", "a.o"]])
        let invocation = try LinkerInvocation(rewriting: ["@/rsp/self.rsp"], config: .arm64(), store: &store)
        #expect(invocation.arguments == ["@/tmp/rewritten-1"])
        // The inner reference stays as it is, so lld-link reports the recursion as it would have.
        #expect(store.arguments(of: "/tmp/rewritten-1") == ["@/rsp/self.rsp", "a.o"])
        #expect(store.log.reads == ["/rsp/self.rsp"])
    }

    @Test func stopsAtMutuallyReferencingResponseFiles() throws {
        var store = MemoryResponseFileStore(arguments: [
            "/rsp/a.rsp": ["@/rsp/b.rsp", "a.o"], "/rsp/b.rsp": ["@/rsp/a.rsp", "-ARM64HAZARDFREE"],
        ])
        let invocation = try LinkerInvocation(rewriting: ["@/rsp/a.rsp"], config: .arm64(), store: &store)
        #expect(invocation.arguments == ["@/tmp/rewritten-2"])
        #expect(store.arguments(of: "/tmp/rewritten-1") == ["@/rsp/a.rsp"])
        #expect(store.arguments(of: "/tmp/rewritten-2") == ["@/tmp/rewritten-1", "a.o"])
        #expect(store.log.reads == ["/rsp/a.rsp", "/rsp/b.rsp"], "each file is read once")
    }

    @Test func readsNoResponseFileWhenNothingIsDropped() throws {
        var store = MemoryResponseFileStore(arguments: ["/rsp/a.rsp": ["/arm64hazardfree"]])
        let invocation = try LinkerInvocation(
            rewriting: ["@/rsp/a.rsp", "/arm64hazardfree"], config: .arm64(dropFlags: []), store: &store)
        #expect(invocation.arguments == ["@/rsp/a.rsp", "/arm64hazardfree"])
        #expect(store.log.reads.isEmpty)
    }
}

@Suite struct LinkerInvocationOrderTests {
    static let addFlags = ["/defaultlib:ucrt", "/nodefaultlib:libucrt"]

    @Test func putsFlavorLinkFirstForRustLLDThenTheAddedFlags() throws {
        var store = MemoryResponseFileStore()
        let invocation = try LinkerInvocation(
            rewriting: ["/NOLOGO", "main.o"], config: .arm64(kind: .rustLLD, addFlags: Self.addFlags), store: &store)
        #expect(
            invocation.arguments == [
                "-flavor", "link", "/defaultlib:ucrt", "/nodefaultlib:libucrt", "/NOLOGO", "main.o",
            ])
    }

    @Test func keepsAFlavorPairRustcAlreadySentInsteadOfAddingASecond() throws {
        var store = MemoryResponseFileStore()
        let invocation = try LinkerInvocation(
            rewriting: ["-flavor", "link", "/NOLOGO"], config: .arm64(kind: .rustLLD, addFlags: Self.addFlags),
            store: &store)
        #expect(invocation.arguments == ["-flavor", "link", "/defaultlib:ucrt", "/nodefaultlib:libucrt", "/NOLOGO"])
    }

    @Test func putsTheAddedFlagsFirstForLLDLinkWithoutAFlavor() throws {
        var store = MemoryResponseFileStore()
        let invocation = try LinkerInvocation(
            rewriting: ["/NOLOGO", "/arm64hazardfree", "main.o"],
            config: .arm64(kind: .lldLink, addFlags: Self.addFlags),
            store: &store)
        #expect(invocation.arguments == ["/defaultlib:ucrt", "/nodefaultlib:libucrt", "/NOLOGO", "main.o"])
    }
}
