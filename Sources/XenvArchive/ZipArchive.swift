// ZIP reader (PKWARE APPNOTE.TXT 6.3.x): end of central directory (4.3.16), ZIP64 end record
// and locator (4.3.14, 4.3.15), central directory headers (4.3.12), local headers (4.3.7).
// VSIX packages are ZIP files. Only methods 0 (stored) and 8 (deflate) are supported.

public enum ZipError: Error, Equatable, Sendable, CustomStringConvertible {
    case notAZip(String)
    case corruptDirectory(String)
    case unsafeName(entry: String, reason: String)
    case outOfBounds(entry: String, what: String)
    case headerMismatch(entry: String, field: String)
    case unsupportedMethod(entry: String, method: UInt16)
    case encrypted(entry: String)
    case tooLarge(entry: String, size: UInt64, limit: Int)
    case sizeMismatch(entry: String, expected: UInt64, actual: Int)
    case crcMismatch(entry: String, expected: UInt32, actual: UInt32)
    case corruptData(entry: String, InflateError)

    public var description: String {
        switch self {
        case .notAZip(let why): return "not a zip archive: \(why)"
        case .corruptDirectory(let why): return "zip central directory is corrupt: \(why)"
        case .unsafeName(let e, let why): return "zip entry '\(e)' has an unsafe name: \(why)"
        case .outOfBounds(let e, let what): return "zip entry '\(e)': \(what) lies outside the file"
        case .headerMismatch(let e, let field):
            return "zip entry '\(e)': local header disagrees with the central directory on \(field)"
        case .unsupportedMethod(let e, let m):
            return "zip entry '\(e)' uses unsupported compression method \(m) (\(ZipArchive.methodName(m)))"
        case .encrypted(let e): return "zip entry '\(e)' is encrypted"
        case .tooLarge(let e, let size, let limit):
            return "zip entry '\(e)' is \(size) bytes, over the limit of \(limit)"
        case .sizeMismatch(let e, let expected, let actual):
            return "zip entry '\(e)' decompressed to \(actual) bytes, expected \(expected)"
        case .crcMismatch(let e, let expected, let actual):
            return "zip entry '\(e)' has CRC-32 \(hex8(actual)), expected \(hex8(expected))"
        case .corruptData(let e, let err): return "zip entry '\(e)': \(err)"
        }
    }
}

func hex8(_ v: UInt32) -> String {
    let s = String(v, radix: 16)
    return String(repeating: "0", count: max(0, 8 - s.count)) + s
}

public struct ZipEntry: Sendable, Equatable {
    /// The entry name as stored, decoded (UTF-8 when flagged or valid, else code page 437).
    public let name: String
    public let method: UInt16
    public let flags: UInt16
    public let crc32: UInt32
    public let compressedSize: UInt64
    public let uncompressedSize: UInt64
    public let localHeaderOffset: UInt64
    /// Offset of the entry's (compressed) data in the archive.
    public let dataOffset: Int
    /// Names ending in `/` are directories (APPNOTE 4.3.8 / common practice).
    public var isDirectory: Bool { name.hasSuffix("/") }
}

public struct ZipArchive: Sendable {
    public let bytes: [UInt8]
    public let entries: [ZipEntry]

    private static let eocdSignature: UInt32 = 0x0605_4b50
    private static let zip64LocatorSignature: UInt32 = 0x0706_4b50
    private static let zip64EndSignature: UInt32 = 0x0606_4b50
    private static let centralSignature: UInt32 = 0x0201_4b50
    private static let localSignature: UInt32 = 0x0403_4b50

    public init(_ bytes: [UInt8]) throws {
        self.bytes = bytes
        let eocd = try Self.findEndOfCentralDirectory(bytes)
        var entryCount = UInt64(bytes.le16(eocd + 10))
        var cdSize = UInt64(bytes.le32(eocd + 12))
        var cdOffset = UInt64(bytes.le32(eocd + 16))

        // ZIP64: a locator right before the EOCD points at the ZIP64 end record (4.3.14-15).
        let locator = eocd - 20
        if locator >= 0, bytes.le32(locator) == Self.zip64LocatorSignature {
            let endOffset = bytes.le64(locator + 8)
            guard endOffset <= UInt64(Int.max), bytes.contains(Int(endOffset), 56),
                bytes.le32(Int(endOffset)) == Self.zip64EndSignature
            else { throw ZipError.notAZip("ZIP64 locator points to no ZIP64 end record") }
            let end = Int(endOffset)
            entryCount = bytes.le64(end + 32)
            cdSize = bytes.le64(end + 40)
            cdOffset = bytes.le64(end + 48)
        }
        guard cdOffset <= UInt64(bytes.count), cdSize <= UInt64(bytes.count) - cdOffset else {
            throw ZipError.corruptDirectory(
                "central directory (offset \(cdOffset), size \(cdSize)) lies outside the file")
        }
        // Each central header is at least 46 bytes: bounds the count before allocating.
        guard entryCount <= cdSize / 46 + 1 else {
            throw ZipError.corruptDirectory("\(entryCount) entries cannot fit in \(cdSize) bytes")
        }
        var entries: [ZipEntry] = []
        entries.reserveCapacity(Int(entryCount))
        var p = Int(cdOffset)
        let cdEnd = Int(cdOffset + cdSize)
        for index in 0..<Int(entryCount) {
            guard p + 46 <= cdEnd, bytes.le32(p) == Self.centralSignature else {
                throw ZipError.corruptDirectory("central header \(index) is missing or truncated")
            }
            entries.append(try Self.parseCentralHeader(bytes, at: p, end: cdEnd))
            p += 46 + Int(bytes.le16(p + 28)) + Int(bytes.le16(p + 30)) + Int(bytes.le16(p + 32))
        }
        self.entries = entries
    }

    public func entry(named name: String) -> ZipEntry? {
        entries.first { $0.name == name }
    }

    /// Decompresses one entry, checking its size and CRC-32. Entries larger than `limit`
    /// bytes (by their declared size, and by what their data actually expands to) are refused.
    public func extract(_ entry: ZipEntry, limit: Int) throws -> [UInt8] {
        guard entry.uncompressedSize <= UInt64(max(0, limit)) else {
            throw ZipError.tooLarge(entry: entry.name, size: entry.uncompressedSize, limit: limit)
        }
        let size = Int(entry.uncompressedSize)
        let compressed = Int(entry.compressedSize)
        let out: [UInt8]
        switch entry.method {
        case 0:
            guard compressed == size else {
                throw ZipError.sizeMismatch(entry: entry.name, expected: entry.uncompressedSize, actual: compressed)
            }
            out = Array(bytes[entry.dataOffset..<entry.dataOffset + size])
        case 8:
            out = try bytes.withUnsafeBytes { all in
                let input = UnsafeRawBufferPointer(rebasing: all[entry.dataOffset..<entry.dataOffset + compressed])
                var written = 0
                var failure: InflateError?
                // Decode straight into the result's storage; 16 spare bytes let copies overshoot.
                let result = [UInt8](unsafeUninitializedCapacity: size + Inflate.slack) { buf, count in
                    do {
                        written = try Inflate.decompress(input, into: buf, at: 0, maxOutput: size).written
                    } catch let e as InflateError {
                        failure = e
                    } catch {}
                    count = failure == nil ? written : 0
                }
                if let failure {
                    if case .outputLimitExceeded = failure {
                        throw ZipError.sizeMismatch(
                            entry: entry.name, expected: entry.uncompressedSize, actual: size + 1)
                    }
                    throw ZipError.corruptData(entry: entry.name, failure)
                }
                guard written == size else {
                    throw ZipError.sizeMismatch(entry: entry.name, expected: entry.uncompressedSize, actual: written)
                }
                return result
            }
        default:
            throw ZipError.unsupportedMethod(entry: entry.name, method: entry.method)
        }
        let crc = CRC32.checksum(out)
        guard crc == entry.crc32 else {
            throw ZipError.crcMismatch(entry: entry.name, expected: entry.crc32, actual: crc)
        }
        return out
    }

    static func methodName(_ m: UInt16) -> String {
        switch m {
        case 0: return "stored"
        case 1: return "shrink"
        case 6: return "implode"
        case 8: return "deflate"
        case 9: return "deflate64"
        case 12: return "bzip2"
        case 14: return "LZMA"
        case 93: return "zstd"
        case 95: return "xz"
        case 98: return "PPMd"
        case 99: return "AES-encrypted"
        default: return "unknown"
        }
    }

    // MARK: - Parsing

    /// The EOCD record is 22 bytes plus a comment of up to 65535 bytes at the end (4.3.16).
    private static func findEndOfCentralDirectory(_ bytes: [UInt8]) throws -> Int {
        guard bytes.count >= 22 else {
            throw ZipError.notAZip("file is shorter than an end of central directory record")
        }
        let lowest = max(0, bytes.count - 22 - 0xFFFF)
        var p = bytes.count - 22
        while p >= lowest {
            if bytes[p] == 0x50, bytes.le32(p) == eocdSignature, p + 22 + Int(bytes.le16(p + 20)) <= bytes.count {
                return p
            }
            p -= 1
        }
        throw ZipError.notAZip("no end of central directory record")
    }

    private static func parseCentralHeader(_ bytes: [UInt8], at p: Int, end: Int) throws -> ZipEntry {
        let flags = bytes.le16(p + 8)
        let method = bytes.le16(p + 10)
        let crc = bytes.le32(p + 16)
        var compressed = UInt64(bytes.le32(p + 20))
        var uncompressed = UInt64(bytes.le32(p + 24))
        let nameLength = Int(bytes.le16(p + 28))
        let extraLength = Int(bytes.le16(p + 30))
        let commentLength = Int(bytes.le16(p + 32))
        var localOffset = UInt64(bytes.le32(p + 42))
        guard p + 46 + nameLength + extraLength + commentLength <= end else {
            throw ZipError.corruptDirectory("central header at \(p) runs past the directory")
        }
        let rawName = bytes[p + 46..<p + 46 + nameLength]
        let extra = p + 46 + nameLength
        var unicodePath: String?

        // Extra fields (4.5): ZIP64 sizes (4.5.3) and Info-ZIP's Unicode path (4.6.9).
        var cursor = ByteCursor(bytes, offset: extra, end: extra + extraLength)
        while cursor.remaining >= 4 {
            let id = cursor.u16()!, size = Int(cursor.u16()!)
            guard var field = cursor.take(size).map({ ByteCursor(Array($0)) }) else { break }
            if id == 0x0001 {
                if uncompressed == 0xFFFF_FFFF { uncompressed = field.u64() ?? uncompressed }
                if compressed == 0xFFFF_FFFF { compressed = field.u64() ?? compressed }
                if localOffset == 0xFFFF_FFFF { localOffset = field.u64() ?? localOffset }
            } else if id == 0x7075, field.u8() == 1, let nameCRC = field.u32(),
                nameCRC == CRC32.checksum(Array(rawName)), let rest = field.take(field.remaining)
            {
                unicodePath = TextDecoding.utf8(rest)
            }
        }

        let name: String
        if flags & 0x0800 != 0, let utf8 = TextDecoding.utf8(rawName) {
            name = utf8
        } else if let unicodePath {
            name = unicodePath
        } else {
            // Without the UTF-8 flag the spec says CP437, but Unix zip tools store the
            // locale's bytes, which are UTF-8 in practice: prefer UTF-8 when it decodes.
            name = TextDecoding.utf8(rawName) ?? TextDecoding.cp437(rawName)
        }
        try validateName(name)
        if flags & 0x0001 != 0 { throw ZipError.encrypted(entry: name) }

        // The local header (4.3.7) must agree with the central directory.
        guard localOffset <= UInt64(bytes.count), bytes.contains(Int(localOffset), 30) else {
            throw ZipError.outOfBounds(entry: name, what: "local header at offset \(localOffset)")
        }
        let l = Int(localOffset)
        guard bytes.le32(l) == localSignature else { throw ZipError.headerMismatch(entry: name, field: "signature") }
        let localNameLength = Int(bytes.le16(l + 26))
        let localExtraLength = Int(bytes.le16(l + 28))
        guard bytes.contains(l + 30, localNameLength + localExtraLength) else {
            throw ZipError.outOfBounds(entry: name, what: "local header name")
        }
        guard bytes[l + 30..<l + 30 + localNameLength].elementsEqual(rawName) else {
            throw ZipError.headerMismatch(entry: name, field: "name")
        }
        guard bytes.le16(l + 8) == method else { throw ZipError.headerMismatch(entry: name, field: "method") }
        // With a data descriptor (flag bit 3) the local CRC and sizes are zero (4.4.4).
        if flags & 0x0008 == 0 {
            guard bytes.le32(l + 14) == crc else { throw ZipError.headerMismatch(entry: name, field: "CRC-32") }
            let lc = bytes.le32(l + 18), lu = bytes.le32(l + 22)
            if lc != 0xFFFF_FFFF, UInt64(lc) != compressed {
                throw ZipError.headerMismatch(entry: name, field: "compressed size")
            }
            if lu != 0xFFFF_FFFF, UInt64(lu) != uncompressed {
                throw ZipError.headerMismatch(entry: name, field: "uncompressed size")
            }
        }
        let dataOffset = l + 30 + localNameLength + localExtraLength
        guard compressed <= UInt64(bytes.count - dataOffset) else {
            throw ZipError.outOfBounds(entry: name, what: "\(compressed) bytes of data at offset \(dataOffset)")
        }
        guard uncompressed <= UInt64(Int.max / 2) else {
            throw ZipError.corruptDirectory("entry '\(name)' declares \(uncompressed) bytes")
        }
        return ZipEntry(
            name: name, method: method, flags: flags, crc32: crc, compressedSize: compressed,
            uncompressedSize: uncompressed, localHeaderOffset: localOffset, dataOffset: dataOffset)
    }

    /// Refuses names that could escape an extraction directory (APPNOTE 4.4.17: relative,
    /// forward slashes, no drive or device). Shared with the other readers' path checks.
    static func validateName(_ name: String) throws {
        if let reason = unsafePathReason(name) { throw ZipError.unsafeName(entry: name, reason: reason) }
    }
}

/// Why a relative archive path is unsafe to join to an output directory, or nil if it is safe.
func unsafePathReason(_ name: String) -> String? {
    if name.isEmpty { return "empty name" }
    if name.unicodeScalars.contains(where: { $0.value == 0 }) { return "contains NUL" }
    if name.contains("\\") { return "contains a backslash" }
    if name.hasPrefix("/") { return "absolute path" }
    let scalars = Array(name.unicodeScalars.prefix(2))
    if scalars.count == 2, scalars[1] == ":", scalars[0].isASCII, scalars[0].properties.isAlphabetic {
        return "drive-letter path"
    }
    for component in name.split(separator: "/", omittingEmptySubsequences: false) where component == ".." {
        return "'..' component"
    }
    return nil
}
