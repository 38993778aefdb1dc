import Testing
import XenvShimCore
import XenvSystem

/// @files that are empty, of odd byte length, without a BOM, with an unterminated quote, or nested 20 deep:
/// each gets a correct result and never a crash or a loop.
struct HostileResponseFileTests {
    static let config = ShimConfig(
        linker: "/usr/bin/lld-link", linkerKind: .lldLink, dropFlags: ["/arm64hazardfree"], addFlags: [],
        libraryDirectories: [])

    func invocation(_ arguments: [String], _ store: inout MemoryResponseFileStore) throws -> LinkerInvocation {
        try LinkerInvocation(rewriting: arguments, config: Self.config, store: &store)
    }

    @Test func anEmptyFileIsPassedOnAsItIs() throws {
        var store = MemoryResponseFileStore(files: ["/e.rsp": [], "/bom.rsp": [0xFF, 0xFE]])
        #expect(try invocation(["@/e.rsp", "@/bom.rsp"], &store).arguments == ["@/e.rsp", "@/bom.rsp"])
        #expect(store.log.writes.isEmpty)
    }

    @Test func anOddLengthUTF16FileIsLeftForTheLinkerToReport() throws {
        let bytes = ResponseFile(arguments: ["/arm64hazardfree"], encoding: .utf16LittleEndian).bytes + [0x41]
        var store = MemoryResponseFileStore(files: ["/odd.rsp": bytes])
        #expect(ResponseFile(bytes: bytes) == nil)
        #expect(try invocation(["@/odd.rsp"], &store).arguments == ["@/odd.rsp"])
    }

    @Test func invalidUTF8IsLeftForTheLinkerToReport() throws {
        var store = MemoryResponseFileStore(files: ["/bad.rsp": Array("/arm64hazardfree ".utf8) + [0xFF, 0xC0]])
        #expect(try invocation(["@/bad.rsp"], &store).arguments == ["@/bad.rsp"])
    }

    @Test func aFileWithoutABOMIsRewrittenAsUTF8() throws {
        var store = MemoryResponseFileStore(files: ["/plain.rsp": Array("/ARM64HAZARDFREE a.obj \"b c.obj\"\n".utf8)])
        let result = try invocation(["@/plain.rsp"], &store)
        let copy = try #require(result.temporaryFiles.first)
        #expect(store.files[copy].map(ResponseFileEncoding.detect) == .utf8)
        #expect(store.arguments(of: copy) == ["a.obj", "b c.obj"])
    }

    @Test func anUnterminatedQuoteRunsToTheEndAsLLDLinkReadsIt() throws {
        var store = MemoryResponseFileStore(files: ["/open.rsp": Array("/arm64hazardfree \"a b\nc".utf8)])
        let result = try invocation(["@/open.rsp"], &store)
        let copy = try #require(result.temporaryFiles.first)
        #expect(WindowsCommandLine.tokenize("\"a b\nc") == ["a b\nc"])
        #expect(store.arguments(of: copy) == ["a b\nc"])
    }

    @Test func twentyNestedFilesAreAllRewritten() throws {
        var files: [String: [String]] = ["/n20.rsp": ["/arm64hazardfree", "deep.obj"]]
        for depth in 1..<20 { files["/n\(depth).rsp"] = ["level\(depth).obj", "@/n\(depth + 1).rsp"] }
        var store = MemoryResponseFileStore(arguments: files)
        let result = try invocation(["@/n1.rsp"], &store)
        #expect(result.temporaryFiles.count == 20)
        // Follow the rewritten chain from the top: every level is there, the flag is not.
        var arguments: [String] = []
        var next = result.arguments.last
        while let argument = next, argument.hasPrefix("@") {
            let inner = try #require(store.arguments(of: String(argument.dropFirst())))
            arguments += inner.filter { !$0.hasPrefix("@") }
            next = inner.last { $0.hasPrefix("@") }
        }
        #expect(arguments == (1..<20).map { "level\($0).obj" } + ["deep.obj"])
    }

    @Test func aLoopOfFilesEndsWithTheLinkerReportingIt() throws {
        var store = MemoryResponseFileStore(arguments: [
            "/a.rsp": ["/arm64hazardfree", "@/b.rsp"], "/b.rsp": ["@/a.rsp"],
        ])
        let result = try invocation(["@/a.rsp"], &store)
        #expect(result.temporaryFiles.count == 1)
        #expect(store.arguments(of: result.temporaryFiles[0]) == ["@/b.rsp"])
    }
}
