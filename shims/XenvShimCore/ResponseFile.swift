import XenvSystem

/// The text encodings lld-link accepts in an @response file, detected from the byte-order mark.
public enum ResponseFileEncoding: Equatable, Sendable {
    /// What rustc writes for MSVC targets on every host: BOM `FF FE`.
    case utf16LittleEndian
    case utf16BigEndian
    case utf8WithBOM
    /// No BOM: lld-link takes the bytes as they are.
    case utf8

    public static func detect(_ bytes: [UInt8]) -> ResponseFileEncoding {
        if bytes.count >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE { return .utf16LittleEndian }
        if bytes.count >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF { return .utf16BigEndian }
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { return .utf8WithBOM }
        return .utf8
    }
}

/// An @response file's arguments and the encoding they came in.
public struct ResponseFile: Equatable, Sendable {
    public var arguments: [String]
    public var encoding: ResponseFileEncoding

    public init(arguments: [String], encoding: ResponseFileEncoding) {
        self.arguments = arguments
        self.encoding = encoding
    }

    /// Decodes and tokenizes `bytes`; nil when they are not valid text in the detected encoding, in which
    /// case the file is best left for the linker to report.
    public init?(bytes: [UInt8]) {
        guard let file = ResponseFileText(bytes: bytes) else { return nil }
        self.init(arguments: file.tokens.strings, encoding: file.encoding)
    }

    /// One quoted argument a line with `\n` line ends, as rustc lays them out, in the file's own encoding
    /// (big-endian UTF-16 is written little-endian, which lld-link reads the same way).
    public var bytes: [UInt8] {
        var text: [UInt8] = []
        for argument in arguments {
            WindowsCommandLine.appendQuoted(argument, to: &text)
            text.append(UInt8(ascii: "\n"))
        }
        return ResponseFileText.encode(text, as: encoding)
    }
}

/// An @file decoded for editing in place: its text as UTF-8 and its arguments with the spans they came from.
/// The shim cuts dropped arguments out of the text instead of re-quoting every other one, so the copy keeps
/// rustc's bytes (and its quoting) and rewriting 50,000 arguments costs little more than reading them.
struct ResponseFileText {
    let encoding: ResponseFileEncoding
    /// The decoded text, without a BOM.
    let text: [UInt8]
    let tokens: WindowsCommandLine.Tokens

    init?(bytes: [UInt8]) {
        encoding = ResponseFileEncoding.detect(bytes)
        switch encoding {
        case .utf16LittleEndian, .utf16BigEndian:
            guard
                let decoded = UnicodeTranscoding.utf8(
                    fromUTF16: bytes.dropFirst(2), littleEndian: encoding == .utf16LittleEndian)
            else { return nil }
            text = decoded
        case .utf8WithBOM, .utf8:
            let body = bytes.dropFirst(encoding == .utf8WithBOM ? 3 : 0)
            guard UnicodeTranscoding.isValidUTF8(body) else { return nil }
            text = Array(body)
        }
        tokens = WindowsCommandLine.Tokens(utf8: text)
    }

    /// The file with the argument at each index removed (a nil replacement) or replaced by one argument,
    /// and every other byte as it was, in the encoding it was read in. `edits` are in index order.
    func bytes(applying edits: [(index: Int, replacement: String?)]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(text.count + 64)
        var copied = 0
        for edit in edits {
            let source = tokens.ranges[edit.index].source
            output.append(contentsOf: text[copied..<source.lowerBound])
            if let replacement = edit.replacement { WindowsCommandLine.appendQuoted(replacement, to: &output) }
            copied = source.upperBound
        }
        output.append(contentsOf: text[copied...])
        return Self.encode(output, as: encoding)
    }

    /// UTF-8 `text` in `encoding`, with its BOM (big-endian UTF-16 is written little-endian).
    static func encode(_ text: [UInt8], as encoding: ResponseFileEncoding) -> [UInt8] {
        switch encoding {
        case .utf16LittleEndian, .utf16BigEndian:
            return UnicodeTranscoding.utf16LittleEndian(fromUTF8: text, after: [0xFF, 0xFE])
        case .utf8WithBOM:
            return [0xEF, 0xBB, 0xBF] + text
        case .utf8:
            return text
        }
    }
}
