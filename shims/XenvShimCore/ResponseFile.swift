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
        let encoding = ResponseFileEncoding.detect(bytes)
        let text: String?
        switch encoding {
        case .utf16LittleEndian, .utf16BigEndian:
            let body = bytes.dropFirst(2)
            guard body.count % 2 == 0 else { return nil }
            var units: [UInt16] = []
            units.reserveCapacity(body.count / 2)
            var index = body.startIndex
            while index < body.endIndex {
                let first = UInt16(body[index]), second = UInt16(body[index + 1])
                units.append(encoding == .utf16LittleEndian ? first | second << 8 : first << 8 | second)
                index += 2
            }
            text = String(validating: units, as: UTF16.self)
        case .utf8WithBOM:
            text = String(validating: bytes.dropFirst(3), as: UTF8.self)
        case .utf8:
            text = String(validating: bytes, as: UTF8.self)
        }
        guard let text else { return nil }
        self.init(arguments: WindowsCommandLine.tokenize(text), encoding: encoding)
    }

    /// One quoted argument a line with `\n` line ends, as rustc lays them out, in the file's own encoding
    /// (big-endian UTF-16 is written little-endian, which lld-link reads the same way).
    public var bytes: [UInt8] {
        var text = ""
        for argument in arguments {
            text += WindowsCommandLine.quote(argument)
            text += "\n"
        }
        switch encoding {
        case .utf16LittleEndian, .utf16BigEndian:
            var bytes: [UInt8] = [0xFF, 0xFE]
            bytes.reserveCapacity(2 + text.utf8.count * 2)
            for unit in text.utf16 {
                bytes.append(UInt8(truncatingIfNeeded: unit))
                bytes.append(UInt8(truncatingIfNeeded: unit >> 8))
            }
            return bytes
        case .utf8WithBOM:
            return [0xEF, 0xBB, 0xBF] + Array(text.utf8)
        case .utf8:
            return Array(text.utf8)
        }
    }
}
