import Testing
import XenvShimCore
import XenvSystem
import XenvTestSupport

/// Whatever the shim writes back into a rewritten @file must tokenize to exactly the arguments it meant.
@Suite struct RoundTripPropertyTests {
    /// Pieces an argument is built from: the characters quoting has to get right, and runs of backslashes
    /// (before a quote, or trailing, which is where naive quoting breaks).
    static let alphabet: [String] = [
        " ", "\t", "\n", "\r", "\"", "\\", "\\\\", "\\\"", "\"\"", "a", "Z", "0", "/", ":", ";", "=", "@", "-", ".",
        "é", "漢", "🙂", "%",
    ]

    static func randomArgument(using generator: inout SplitMix64) -> String {
        var argument = ""
        for _ in 0..<Int.random(in: 0...8, using: &generator) {
            argument += alphabet.randomElement(using: &generator)!
        }
        // A quarter of the arguments end in backslashes, as rustc's `/LIBPATH:C:\dir\` does.
        if Int.random(in: 0..<4, using: &generator) == 0 {
            argument += String(repeating: "\\", count: Int.random(in: 1...3, using: &generator))
        }
        return argument
    }

    static func randomArgumentLists(count: Int, seed: UInt64) -> [[String]] {
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            (0..<Int.random(in: 0...6, using: &generator)).map { _ in randomArgument(using: &generator) }
        }
    }

    @Test func generatorIsDeterministicAndCoversTheHardCases() {
        let lists = Self.randomArgumentLists(count: 2000, seed: 0x5EED)
        #expect(lists == Self.randomArgumentLists(count: 2000, seed: 0x5EED))
        let arguments = lists.flatMap { $0 }
        // Guards against a generator change that would quietly stop exercising these.
        #expect(arguments.contains(""))
        #expect(arguments.contains { $0.hasSuffix("\\") && $0.contains(" ") })
        #expect(arguments.contains { $0.contains("\\\"") })
        #expect(arguments.contains { $0.contains("🙂") && $0.contains("\t") })
    }

    @Test func quotedArgumentsOneALineTokenizeBackUnchanged() {
        for arguments in Self.randomArgumentLists(count: 2000, seed: 0x5EED) {
            let text = arguments.map(WindowsCommandLine.quote).joined(separator: "\n")
            let tokens = WindowsCommandLine.tokenize(text)
            #expect(tokens == arguments, "\(String(reflecting: text))")
            if tokens != arguments { return }
        }
    }

    @Test(arguments: [ResponseFileEncoding.utf8, .utf8WithBOM, .utf16LittleEndian])
    func responseFilesRoundTripThroughTheirBytes(_ encoding: ResponseFileEncoding) {
        for arguments in Self.randomArgumentLists(count: 2000, seed: 0xF11E) {
            let file = ResponseFile(arguments: arguments, encoding: encoding)
            #expect(ResponseFile(bytes: file.bytes) == file)
            if ResponseFile(bytes: file.bytes) != file { return }
        }
    }

    @Test func bigEndianResponseFilesKeepTheirArgumentsWhenWrittenLittleEndian() {
        for arguments in Self.randomArgumentLists(count: 2000, seed: 0xBE) {
            let decoded = ResponseFile(bytes: ResponseFile(arguments: arguments, encoding: .utf16BigEndian).bytes)
            #expect(decoded?.arguments == arguments)
            #expect(decoded?.encoding == .utf16LittleEndian)
            if decoded?.arguments != arguments { return }
        }
    }

    /// Any text, not only what rustc writes: the shim cuts the flag out of it in place, and lld-link must read
    /// exactly the other arguments from the copy, however they were quoted.
    @Test(arguments: [ResponseFileEncoding.utf8, .utf8WithBOM, .utf16LittleEndian, .utf16BigEndian])
    func cuttingTheFlagOutOfAnyTextLeavesEveryOtherArgument(_ encoding: ResponseFileEncoding) throws {
        var generator = SplitMix64(seed: 0xC07)
        let pieces =
            Self.alphabet + ["/arm64hazardfree", "-ARM64HazardFree", "\"/arm64hazardfree\"", " /arm64hazardfree "]
        var rewrites = 0
        for _ in 0..<2000 {
            var text = ""
            for _ in 0..<Int.random(in: 0...12, using: &generator) { text += pieces.randomElement(using: &generator)! }
            let original = ResponseFile(bytes: Self.encoded(text, encoding))
            var store = MemoryResponseFileStore(files: ["/in.rsp": Self.encoded(text, encoding)])
            let invocation = try LinkerInvocation(rewriting: ["@/in.rsp"], config: .arm64(), store: &store)
            let expected = original?.arguments.filter {
                $0.lowercased().dropFirst() != "arm64hazardfree" || !"/-".contains($0.first!)
            }
            let read = invocation.temporaryFiles.first.map { store.arguments(of: $0) } ?? original?.arguments
            #expect(read == expected, "\(String(reflecting: text)) in \(encoding)")
            if read != expected { return }
            rewrites += invocation.temporaryFiles.count
        }
        #expect(rewrites > 300, "the flag was cut \(rewrites) times")
    }

    static func encoded(_ text: String, _ encoding: ResponseFileEncoding) -> [UInt8] {
        switch encoding {
        case .utf8: Array(text.utf8)
        case .utf8WithBOM: [0xEF, 0xBB, 0xBF] + Array(text.utf8)
        case .utf16LittleEndian: [0xFF, 0xFE] + text.utf16.flatMap { [UInt8(truncatingIfNeeded: $0), UInt8($0 >> 8)] }
        case .utf16BigEndian: [0xFE, 0xFF] + text.utf16.flatMap { [UInt8($0 >> 8), UInt8(truncatingIfNeeded: $0)] }
        }
    }
}
