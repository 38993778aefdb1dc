import Testing
import XenvShimCore
import XenvSystem
import XenvTestSupport

/// The shim decodes @files with its own UTF-16 and UTF-8 loops (for speed); they must accept and reject exactly
/// what the standard library's validating decoders do, and give the same text.
@Suite struct DecodingPropertyTests {
    /// UTF-16 units weighted towards the ones decoders get wrong: surrogates alone, in order, and reversed.
    static let unitPool: [UInt16] = [
        0x0041, 0x0020, 0x0022, 0x005C, 0x000A, 0x00E9, 0x07FF, 0x0800, 0x6F22, 0xFFFD, 0xFFFF,
        0xD800, 0xDBFF, 0xDC00, 0xDFFF, 0xD83D, 0xDE42,
    ]
    /// UTF-8 bytes weighted towards the edges of well-formedness: overlong leads, surrogate and out-of-range
    /// second bytes, continuation bytes, and leads that are never valid.
    static let bytePool: [UInt8] = [
        0x41, 0x20, 0x22, 0x5C, 0x0A, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF,
        0xE0, 0xE1, 0xED, 0xEE, 0xEF, 0xF0, 0xF3, 0xF4, 0xF5, 0xFF,
    ]

    static func expectedArguments(_ text: String?) -> [String]? { text.map(WindowsCommandLine.tokenize) }

    @Test(arguments: [true, false])
    func utf16FilesDecodeLikeTheStandardLibrary(littleEndian: Bool) {
        var generator = SplitMix64(seed: littleEndian ? 0x16_1E : 0x16_BE)
        var accepted = 0, rejected = 0
        for _ in 0..<5000 {
            let units = (0..<Int.random(in: 0...12, using: &generator)).map { _ in
                Self.unitPool.randomElement(using: &generator)!
            }
            var bytes: [UInt8] = littleEndian ? [0xFF, 0xFE] : [0xFE, 0xFF]
            for unit in units {
                let (low, high) = (UInt8(truncatingIfNeeded: unit), UInt8(truncatingIfNeeded: unit >> 8))
                bytes += littleEndian ? [low, high] : [high, low]
            }
            let expected = Self.expectedArguments(String(validating: units, as: UTF16.self))
            let decoded = ResponseFile(bytes: bytes)?.arguments
            #expect(decoded == expected, "units \(units.map { String($0, radix: 16) })")
            if decoded != expected { return }
            if expected == nil { rejected += 1 } else { accepted += 1 }
        }
        // Both outcomes must be common, or the pool has stopped testing one of them.
        #expect(accepted > 500 && rejected > 500, "accepted \(accepted), rejected \(rejected)")
    }

    @Test func utf8FilesDecodeLikeTheStandardLibrary() {
        var generator = SplitMix64(seed: 0x0008)
        var accepted = 0, rejected = 0
        for _ in 0..<20000 {
            let bytes = (0..<Int.random(in: 0...6, using: &generator)).map { _ in
                Self.bytePool.randomElement(using: &generator)!
            }
            // A leading BOM would change the encoding the file is read in; those are covered elsewhere.
            if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF])
                || bytes.starts(with: [0xEF, 0xBB, 0xBF])
            {
                continue
            }
            let expected = Self.expectedArguments(String(validating: bytes, as: UTF8.self))
            let decoded = ResponseFile(bytes: bytes)?.arguments
            #expect(decoded == expected, "bytes \(bytes.map { String($0, radix: 16) })")
            if decoded != expected { return }
            if expected == nil { rejected += 1 } else { accepted += 1 }
        }
        #expect(accepted > 1000 && rejected > 1000, "accepted \(accepted), rejected \(rejected)")
    }

    @Test func everyScalarRangeSurvivesAUTF16RoundTrip() {
        // One scalar from each UTF-8 length and each side of the surrogate gap, quoted and unquoted.
        let arguments = [
            "A", "é", "\u{07FF}", "\u{0800}", "\u{D7FF}", "\u{E000}", "\u{FFFF}", "\u{10000}", "🙂",
            "\u{10FFFF}", "a b\u{10FFFF}\\", "漢\"字",
        ]
        let file = ResponseFile(arguments: arguments, encoding: .utf16LittleEndian)
        #expect(Array(file.bytes.prefix(2)) == [0xFF, 0xFE])
        // The bytes must be exactly what the standard library's UTF-16 gives for the same text.
        let text = arguments.map(WindowsCommandLine.quote).map { $0 + "\n" }.joined()
        #expect(
            Array(file.bytes.dropFirst(2)) == text.utf16.flatMap { [UInt8(truncatingIfNeeded: $0), UInt8($0 >> 8)] })
        #expect(ResponseFile(bytes: file.bytes)?.arguments == arguments)
    }
}
