// Little-endian field access for the fixed-layout headers of ZIP, CFB, MSI and CAB.
//
// Headers are parsed from in-memory byte arrays. Callers check a whole header's range once
// with `contains(_:_:)`, then read its fields with the unchecked-looking (but still
// bounds-checked by Array) accessors below.

extension Array where Element == UInt8 {
    /// True when `[offset, offset + length)` lies inside the array, without overflowing.
    @inlinable
    func contains(_ offset: Int, _ length: Int) -> Bool {
        offset >= 0 && length >= 0 && offset <= count && length <= count - offset
    }

    @inlinable
    func le16(_ offset: Int) -> UInt16 {
        UInt16(self[offset]) | UInt16(self[offset + 1]) << 8
    }

    @inlinable
    func le32(_ offset: Int) -> UInt32 {
        UInt32(self[offset]) | UInt32(self[offset + 1]) << 8
            | UInt32(self[offset + 2]) << 16 | UInt32(self[offset + 3]) << 24
    }

    @inlinable
    func le64(_ offset: Int) -> UInt64 {
        UInt64(le32(offset)) | UInt64(le32(offset + 4)) << 32
    }
}

/// A forward-only cursor over a byte array, for variable-length records (CAB strings,
/// ZIP extra fields). Reads return nil past the end instead of trapping.
struct ByteCursor {
    let bytes: [UInt8]
    var offset: Int
    let end: Int

    init(_ bytes: [UInt8], offset: Int = 0, end: Int? = nil) {
        self.bytes = bytes
        self.offset = offset
        self.end = min(end ?? bytes.count, bytes.count)
    }

    var remaining: Int { max(0, end - offset) }

    mutating func u8() -> UInt8? {
        guard offset < end, offset >= 0 else { return nil }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func u16() -> UInt16? {
        guard remaining >= 2 else { return nil }
        defer { offset += 2 }
        return bytes.le16(offset)
    }

    mutating func u32() -> UInt32? {
        guard remaining >= 4 else { return nil }
        defer { offset += 4 }
        return bytes.le32(offset)
    }

    mutating func u64() -> UInt64? {
        guard remaining >= 8 else { return nil }
        defer { offset += 8 }
        return bytes.le64(offset)
    }

    mutating func skip(_ n: Int) -> Bool {
        guard n >= 0, n <= remaining else { return false }
        offset += n
        return true
    }

    mutating func take(_ n: Int) -> ArraySlice<UInt8>? {
        guard n >= 0, n <= remaining else { return nil }
        defer { offset += n }
        return bytes[offset..<offset + n]
    }

    /// Bytes up to (not including) the next NUL, which is consumed. Nil if there is no NUL
    /// before the end or the string is longer than `maxLength`.
    mutating func cString(maxLength: Int = 256) -> ArraySlice<UInt8>? {
        var i = offset
        while i < end, bytes[i] != 0 {
            i += 1
            if i - offset > maxLength { return nil }
        }
        guard i < end else { return nil }
        defer { offset = i + 1 }
        return bytes[offset..<i]
    }
}

/// Text decoding helpers shared by the readers.
enum TextDecoding {
    /// Decodes UTF-8, or nil when the bytes are not valid UTF-8.
    static func utf8<C: Collection>(_ bytes: C) -> String? where C.Element == UInt8 {
        var out = ""
        var decoder = UTF8()
        var it = bytes.makeIterator()
        loop: while true {
            switch decoder.decode(&it) {
            case .scalarValue(let s): out.unicodeScalars.append(s)
            case .emptyInput: break loop
            case .error: return nil
            }
        }
        return out
    }

    /// Code page 437 (the ZIP default for names without the UTF-8 flag), upper half.
    private static let cp437High: [UInt16] = [
        0x00C7, 0x00FC, 0x00E9, 0x00E2, 0x00E4, 0x00E0, 0x00E5, 0x00E7, 0x00EA, 0x00EB, 0x00E8, 0x00EF, 0x00EE, 0x00EC,
        0x00C4, 0x00C5,
        0x00C9, 0x00E6, 0x00C6, 0x00F4, 0x00F6, 0x00F2, 0x00FB, 0x00F9, 0x00FF, 0x00D6, 0x00DC, 0x00A2, 0x00A3, 0x00A5,
        0x20A7, 0x0192,
        0x00E1, 0x00ED, 0x00F3, 0x00FA, 0x00F1, 0x00D1, 0x00AA, 0x00BA, 0x00BF, 0x2310, 0x00AC, 0x00BD, 0x00BC, 0x00A1,
        0x00AB, 0x00BB,
        0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x2561, 0x2562, 0x2556, 0x2555, 0x2563, 0x2551, 0x2557, 0x255D, 0x255C,
        0x255B, 0x2510,
        0x2514, 0x2534, 0x252C, 0x251C, 0x2500, 0x253C, 0x255E, 0x255F, 0x255A, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550,
        0x256C, 0x2567,
        0x2568, 0x2564, 0x2565, 0x2559, 0x2558, 0x2552, 0x2553, 0x256B, 0x256A, 0x2518, 0x250C, 0x2588, 0x2584, 0x258C,
        0x2590, 0x2580,
        0x03B1, 0x00DF, 0x0393, 0x03C0, 0x03A3, 0x03C3, 0x00B5, 0x03C4, 0x03A6, 0x0398, 0x03A9, 0x03B4, 0x221E, 0x03C6,
        0x03B5, 0x2229,
        0x2261, 0x00B1, 0x2265, 0x2264, 0x2320, 0x2321, 0x00F7, 0x2248, 0x00B0, 0x2219, 0x00B7, 0x221A, 0x207F, 0x00B2,
        0x25A0, 0x00A0,
    ]

    static func cp437<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        var out = ""
        for b in bytes {
            let v = b < 0x80 ? UInt32(b) : UInt32(cp437High[Int(b) - 0x80])
            out.unicodeScalars.append(Unicode.Scalar(v)!)
        }
        return out
    }

    /// Windows-1252 (the usual MSI code page for en-us packages), 0x80...0x9F differ from Latin-1.
    private static let cp1252C1: [UInt16] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D,
        0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D,
        0x017E, 0x0178,
    ]

    static func cp1252<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        var out = ""
        for b in bytes {
            let v = (0x80..<0xA0).contains(b) ? UInt32(cp1252C1[Int(b) - 0x80]) : UInt32(b)
            out.unicodeScalars.append(Unicode.Scalar(v)!)
        }
        return out
    }

    /// UTF-16LE code units to a String; unpaired surrogates become U+FFFD.
    static func utf16(_ units: [UInt16]) -> String {
        var out = ""
        var decoder = UTF16()
        var it = units.makeIterator()
        loop: while true {
            switch decoder.decode(&it) {
            case .scalarValue(let s): out.unicodeScalars.append(s)
            case .emptyInput: break loop
            case .error: out.unicodeScalars.append("\u{FFFD}")
            }
        }
        return out
    }
}
