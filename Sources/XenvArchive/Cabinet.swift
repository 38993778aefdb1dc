// Microsoft Cabinet reader ([MS-CAB]): CFHEADER, CFFOLDER, CFFILE, CFDATA, with no
// compression, MSZIP ([MS-MCI]) and LZX ([MS-PATCH] as used by cabinets). Quantum is refused.
// A folder is one compressed stream: it is decompressed in one pass and files are slices of it.

public enum CabinetError: Error, Equatable, Sendable, CustomStringConvertible {
    case notACabinet(String)
    case corruptHeader(String)
    case unsupportedCompression(folder: Int, type: UInt16)
    case checksumMismatch(folder: Int, block: Int, expected: UInt32, actual: UInt32)
    case corruptBlock(folder: Int, block: Int, reason: String)
    case corruptData(folder: Int, block: Int, InflateError)
    case corruptLZX(folder: Int, LZXError)
    case spansCabinets(file: String)
    case outOfBounds(file: String, reason: String)
    case unsafeName(file: String, reason: String)
    case tooLarge(folder: Int, size: Int, limit: Int)

    public var description: String {
        switch self {
        case .notACabinet(let why): return "not a cabinet: \(why)"
        case .corruptHeader(let why): return "cabinet header is corrupt: \(why)"
        case .unsupportedCompression(let f, let t):
            return
                "cabinet folder \(f) uses unsupported compression \(Cabinet.compressionName(t)) (type "
                + "\(hex8(UInt32(t))))"
        case .checksumMismatch(let f, let b, let e, let a):
            return "cabinet folder \(f) data block \(b) has checksum \(hex8(a)), expected \(hex8(e))"
        case .corruptBlock(let f, let b, let why): return "cabinet folder \(f) data block \(b): \(why)"
        case .corruptData(let f, let b, let e): return "cabinet folder \(f) data block \(b): \(e)"
        case .corruptLZX(let f, let e): return "cabinet folder \(f): \(e)"
        case .spansCabinets(let file):
            return "cabinet file '\(file)' continues in another cabinet (multi-cabinet sets are not supported)"
        case .outOfBounds(let file, let why): return "cabinet file '\(file)': \(why)"
        case .unsafeName(let file, let why): return "cabinet file '\(file)' has an unsafe name: \(why)"
        case .tooLarge(let f, let size, let limit):
            return "cabinet folder \(f) expands to \(size) bytes, over the limit of \(limit)"
        }
    }
}

public struct CabinetFolder: Sendable, Equatable {
    public let index: Int
    /// typeCompress (2.2): low 4 bits the method (0 none, 1 MSZIP, 2 Quantum, 3 LZX),
    /// bits 8-12 the LZX window size or Quantum parameters.
    public let compression: UInt16
    public let blockCount: Int
    /// Sum of the data blocks' uncompressed sizes.
    public let uncompressedSize: Int
    /// (offset of compressed bytes, compressed size, uncompressed size, checksum) per block.
    let blocks: [Block]

    struct Block: Sendable, Equatable {
        let dataOffset: Int
        let headerOffset: Int
        let compressedSize: Int
        let uncompressedSize: Int
        let checksum: UInt32
    }
}

public struct CabinetFile: Sendable, Equatable {
    /// The name as stored; CAB paths use '\' as the separator.
    public let name: String
    public let size: Int
    /// iFolder: a folder index, or 0xFFFD/0xFFFE/0xFFFF for files continued across cabinets.
    public let folderIndex: Int
    public let offsetInFolder: Int
    public let date: UInt16
    public let time: UInt16
    public let attributes: UInt16
    public var continuesAcrossCabinets: Bool { folderIndex >= 0xFFFD }
}

public struct Cabinet: Sendable {
    public let bytes: [UInt8]
    public let folders: [CabinetFolder]
    public let files: [CabinetFile]
    public let setID: UInt16
    /// iCabinet: position in a multi-cabinet set.
    public let indexInSet: UInt16
    /// szCabinetPrev/szDiskPrev and szCabinetNext/szDiskNext (2.1), when flagged.
    public let previousCabinet: (cabinet: String, disk: String)?
    public let nextCabinet: (cabinet: String, disk: String)?
    /// Application data reserved in the header (abReserve, 2.1).
    public let headerReserve: [UInt8]

    static let flagPrevCabinet: UInt16 = 0x0001
    static let flagNextCabinet: UInt16 = 0x0002
    static let flagReservePresent: UInt16 = 0x0004

    public init(_ bytes: [UInt8]) throws {
        self.bytes = bytes
        // CFHEADER (2.1).
        guard bytes.count >= 36 else { throw CabinetError.notACabinet("file is shorter than a cabinet header") }
        guard bytes.le32(0) == 0x4643_534D else { throw CabinetError.notACabinet("no MSCF signature") }
        let declaredSize = Int(bytes.le32(8))
        let filesOffset = Int(bytes.le32(16))
        let (minor, major) = (bytes[24], bytes[25])
        guard major == 1, minor == 3 else {
            throw CabinetError.corruptHeader("version \(major).\(minor), expected 1.3")
        }
        let folderCount = Int(bytes.le16(26))
        let fileCount = Int(bytes.le16(28))
        let flags = bytes.le16(30)
        setID = bytes.le16(32)
        indexInSet = bytes.le16(34)
        guard declaredSize <= bytes.count else {
            throw CabinetError.corruptHeader("cbCabinet is \(declaredSize) but the file has \(bytes.count) bytes")
        }
        var cursor = ByteCursor(bytes, offset: 36)
        var folderReserve = 0
        var dataReserve = 0
        var reserve: [UInt8] = []
        if flags & Self.flagReservePresent != 0 {
            guard let headerReserveSize = cursor.u16(), let fr = cursor.u8(), let dr = cursor.u8(),
                let r = cursor.take(Int(headerReserveSize))
            else { throw CabinetError.corruptHeader("reserve fields are cut off") }
            folderReserve = Int(fr)
            dataReserve = Int(dr)
            reserve = Array(r)
        }
        headerReserve = reserve
        func namePair(_ what: String) throws -> (String, String) {
            guard let cab = cursor.cString(), let disk = cursor.cString() else {
                throw CabinetError.corruptHeader("\(what) cabinet name is cut off")
            }
            return (Self.decodeName(cab, utf8: false), Self.decodeName(disk, utf8: false))
        }
        previousCabinet = flags & Self.flagPrevCabinet != 0 ? try namePair("previous") : nil
        nextCabinet = flags & Self.flagNextCabinet != 0 ? try namePair("next") : nil

        // CFFOLDER entries (2.2) follow, then each folder's chain of CFDATA blocks (2.4).
        var folders: [CabinetFolder] = []
        for index in 0..<folderCount {
            guard let dataStart = cursor.u32(), let blockCount = cursor.u16(), let compression = cursor.u16(),
                cursor.skip(folderReserve)
            else { throw CabinetError.corruptHeader("folder entry \(index) is cut off") }
            var blocks: [CabinetFolder.Block] = []
            var p = Int(dataStart)
            var total = 0
            for b in 0..<Int(blockCount) {
                guard bytes.contains(p, 8 + dataReserve) else {
                    throw CabinetError.corruptBlock(
                        folder: index, block: b, reason: "header at offset \(p) lies outside the file")
                }
                let compressed = Int(bytes.le16(p + 4))
                let uncompressed = Int(bytes.le16(p + 6))
                let data = p + 8 + dataReserve
                guard bytes.contains(data, compressed) else {
                    throw CabinetError.corruptBlock(
                        folder: index, block: b, reason: "\(compressed) bytes at offset \(data) lie outside the file")
                }
                guard uncompressed <= 32768 + 6144 else {
                    throw CabinetError.corruptBlock(
                        folder: index, block: b, reason: "declares \(uncompressed) uncompressed bytes")
                }
                blocks.append(
                    .init(
                        dataOffset: data, headerOffset: p, compressedSize: compressed,
                        uncompressedSize: uncompressed, checksum: bytes.le32(p)))
                total += uncompressed
                p = data + compressed
            }
            folders.append(
                CabinetFolder(
                    index: index, compression: compression, blockCount: Int(blockCount),
                    uncompressedSize: total, blocks: blocks))
        }
        self.folders = folders

        // CFFILE entries (2.3).
        var files: [CabinetFile] = []
        var fileCursor = ByteCursor(bytes, offset: filesOffset)
        for index in 0..<fileCount {
            guard let size = fileCursor.u32(), let offset = fileCursor.u32(), let folder = fileCursor.u16(),
                let date = fileCursor.u16(), let time = fileCursor.u16(), let attributes = fileCursor.u16(),
                let rawName = fileCursor.cString()
            else { throw CabinetError.corruptHeader("file entry \(index) is cut off") }
            let name = Self.decodeName(rawName, utf8: attributes & 0x80 != 0)
            let file = CabinetFile(
                name: name, size: Int(size), folderIndex: Int(folder), offsetInFolder: Int(offset),
                date: date, time: time, attributes: attributes)
            if !file.continuesAcrossCabinets {
                guard file.folderIndex < folders.count else {
                    throw CabinetError.outOfBounds(file: name, reason: "folder \(file.folderIndex) does not exist")
                }
                guard file.offsetInFolder + file.size <= folders[file.folderIndex].uncompressedSize else {
                    throw CabinetError.outOfBounds(
                        file: name,
                        reason:
                            "bytes \(file.offsetInFolder)..<\(file.offsetInFolder + file.size) lie past the end "
                            + "of folder \(file.folderIndex) (\(folders[file.folderIndex].uncompressedSize) bytes)"
                    )
                }
            }
            files.append(file)
        }
        self.files = files
    }

    /// _A_NAME_IS_UTF (0x80) marks UTF-8 names; otherwise the code page is unspecified, so
    /// UTF-8 is still tried first, then Windows-1252.
    static func decodeName(_ raw: ArraySlice<UInt8>, utf8: Bool) -> String {
        if utf8, let s = TextDecoding.utf8(raw) { return s }
        return TextDecoding.utf8(raw) ?? TextDecoding.cp1252(raw)
    }

    public static func compressionName(_ type: UInt16) -> String {
        switch type & 0x000F {
        case 0: return "none"
        case 1: return "MSZIP"
        case 2: return "Quantum"
        case 3: return "LZX:\((type >> 8) & 0x1F)"
        default: return "unknown"
        }
    }

    public func file(named name: String) -> CabinetFile? { files.first { $0.name == name } }

    /// The file's name as a relative '/'-separated path, refused if it could escape a directory.
    public static func safePath(_ file: CabinetFile) throws -> String {
        if file.name.hasPrefix("\\") || file.name.hasPrefix("/") {
            throw CabinetError.unsafeName(file: file.name, reason: "absolute path")
        }
        let path = file.name.replacingBackslashes()
        if let reason = unsafePathReason(path) { throw CabinetError.unsafeName(file: file.name, reason: reason) }
        return path
    }

    /// Extracts one file. Decompresses its folder only as far as the file's end.
    public func extract(_ file: CabinetFile, limit: Int) throws -> [UInt8] {
        guard !file.continuesAcrossCabinets else { throw CabinetError.spansCabinets(file: file.name) }
        guard file.size <= limit else {
            throw CabinetError.tooLarge(folder: file.folderIndex, size: file.size, limit: limit)
        }
        // The folder prefix decoded is bounded by the block sizes its headers declare.
        let data = try decompressFolder(file.folderIndex, upTo: file.offsetInFolder + file.size, limit: Int.max)
        return Array(data[file.offsetInFolder..<file.offsetInFolder + file.size])
    }

    /// Extracts every file of a folder in one pass: the folder is decompressed once and each
    /// file is a slice of the result.
    public func extractFolder(_ index: Int, limit: Int) throws -> [(file: CabinetFile, data: ArraySlice<UInt8>)] {
        let members = files.filter { $0.folderIndex == index }
        let data = try decompressFolder(index, limit: limit)
        return members.map { ($0, data[$0.offsetInFolder..<$0.offsetInFolder + $0.size]) }
    }

    /// Decompresses a folder once and hands each of its files to `body`, in folder order, as
    /// soon as the file's bytes are complete. For MSZIP and uncompressed folders the data
    /// goes through a window of about max(2 MB, largest file + 72 KB), so memory stays
    /// bounded and cache-warm however large the folder is; LZX folders are decoded whole.
    /// The buffer passed to `body` is only valid during the call.
    public func forEachFile(
        inFolder index: Int, limit: Int,
        _ body: (CabinetFile, UnsafeRawBufferPointer) throws -> Void
    ) throws {
        try forEachFile(inFolder: index, limit: limit, minimumWindow: 1 << 21, body)
    }

    /// `minimumWindow` is a parameter so tests can force the window to slide.
    func forEachFile(
        inFolder index: Int, limit: Int, minimumWindow: Int,
        _ body: (CabinetFile, UnsafeRawBufferPointer) throws -> Void
    ) throws {
        guard folders.indices.contains(index) else { throw CabinetError.corruptHeader("no folder \(index)") }
        let folder = folders[index]
        guard folder.uncompressedSize <= limit else {
            throw CabinetError.tooLarge(folder: index, size: folder.uncompressedSize, limit: limit)
        }
        let members = files.enumerated().filter { $0.element.folderIndex == index }
            .sorted { ($0.element.offsetInFolder, $0.offset) < ($1.element.offsetInFolder, $1.offset) }.map(\.element)
        let method = folder.compression & 0x000F
        if method == 3 {
            let data = try decompressLZX(folder, upTo: Int.max)
            try data.withUnsafeBytes { all in
                for file in members {
                    try body(
                        file,
                        UnsafeRawBufferPointer(rebasing: all[file.offsetInFolder..<file.offsetInFolder + file.size]))
                }
            }
            return
        }
        guard method == 0 || method == 1 else {
            throw CabinetError.unsupportedCompression(folder: index, type: folder.compression)
        }

        let history = 32768
        let maxBlock = 32768 + 6144
        let largest = members.map(\.size).max() ?? 0
        let capacity = max(minimumWindow, largest + history + maxBlock + Inflate.slack)
        let window = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: capacity)
        defer { window.deallocate() }
        var base = 0  // folder offset of window[0]
        var pos = 0  // window index of the next byte
        var next = 0  // first member not yet delivered
        try bytes.withUnsafeBytes { all in
            for (b, block) in folder.blocks.enumerated() {
                try verifyChecksum(block, folder: index, number: b)
                guard block.uncompressedSize > 0 else {
                    throw CabinetError.corruptBlock(folder: index, block: b, reason: "continues in the next cabinet")
                }
                if pos + block.uncompressedSize + Inflate.slack > capacity {
                    // Keep the deflate history and the undelivered file's bytes; drop the rest.
                    var keep = max(0, pos - history)
                    if next < members.count { keep = min(keep, max(0, members[next].offsetInFolder - base)) }
                    let kept = pos - keep
                    window.baseAddress!.update(from: window.baseAddress! + keep, count: kept)
                    base += keep
                    pos = kept
                }
                let input = UnsafeRawBufferPointer(
                    rebasing: all[block.dataOffset..<block.dataOffset + block.compressedSize])
                try decodeBlock(
                    input, method: method, into: window, at: pos, size: block.uncompressedSize, folder: index, number: b
                )
                pos += block.uncompressedSize
                while next < members.count, members[next].offsetInFolder + members[next].size <= base + pos {
                    let file = members[next]
                    let start = file.offsetInFolder - base
                    try body(file, UnsafeRawBufferPointer(start: window.baseAddress! + start, count: file.size))
                    next += 1
                }
            }
        }
        if next < members.count {
            throw CabinetError.outOfBounds(file: members[next].name, reason: "folder data ends before the file does")
        }
    }

    /// Decodes one CFDATA block of an uncompressed or MSZIP folder into `out[at...]`.
    private func decodeBlock(
        _ input: UnsafeRawBufferPointer, method: UInt16, into out: UnsafeMutableBufferPointer<UInt8>,
        at pos: Int, size: Int, folder: Int, number: Int
    ) throws {
        if method == 0 {
            guard input.count == size else {
                throw CabinetError.corruptBlock(folder: folder, block: number, reason: "stored block sizes differ")
            }
            if size > 0 {
                (out.baseAddress! + pos).update(
                    from: input.baseAddress!.assumingMemoryBound(to: UInt8.self), count: size)
            }
            return
        }
        // MSZIP ([MS-MCI] 2.1): "CK", then a deflate stream whose back-references may reach
        // into the previous block's output (up to 32 KB back).
        guard input.count >= 2, input[0] == 0x43, input[1] == 0x4B else {
            throw CabinetError.corruptBlock(
                folder: folder, block: number, reason: "MSZIP block does not start with 'CK'")
        }
        let written: Int
        do {
            written = try Inflate.decompress(
                UnsafeRawBufferPointer(rebasing: input[2...]), into: out, at: pos, maxOutput: size
            ).written
        } catch let e as InflateError {
            throw CabinetError.corruptData(folder: folder, block: number, e)
        }
        guard written == size else {
            throw CabinetError.corruptBlock(
                folder: folder, block: number, reason: "inflated to \(written) bytes, expected \(size)")
        }
    }

    /// Decompresses a whole folder (or its first `upTo` bytes, rounded up to a block).
    /// `limit` bounds the folder's declared uncompressed size.
    public func decompressFolder(_ index: Int, upTo wanted: Int = Int.max, limit: Int) throws -> [UInt8] {
        guard folders.indices.contains(index) else { throw CabinetError.corruptHeader("no folder \(index)") }
        let folder = folders[index]
        guard folder.uncompressedSize <= limit else {
            throw CabinetError.tooLarge(folder: index, size: folder.uncompressedSize, limit: limit)
        }
        // Only the blocks up to `wanted` are decoded, so only they need room.
        var total = 0
        for block in folder.blocks where total < wanted { total += block.uncompressedSize }
        let method = folder.compression & 0x000F
        if method == 3 {
            return try decompressLZX(folder, upTo: wanted)
        }
        guard method == 0 || method == 1 else {
            throw CabinetError.unsupportedCompression(folder: index, type: folder.compression)
        }
        return try bytes.withUnsafeBytes { all in
            var failure: Error?
            let result = [UInt8](unsafeUninitializedCapacity: total + Inflate.slack) { out, count in
                var pos = 0
                do {
                    for (b, block) in folder.blocks.enumerated() {
                        if pos >= wanted { break }
                        try verifyChecksum(block, folder: index, number: b)
                        guard block.uncompressedSize > 0 else {
                            throw CabinetError.corruptBlock(
                                folder: index, block: b, reason: "continues in the next cabinet")
                        }
                        let input = UnsafeRawBufferPointer(
                            rebasing: all[block.dataOffset..<block.dataOffset + block.compressedSize])
                        try decodeBlock(
                            input, method: method, into: out, at: pos, size: block.uncompressedSize, folder: index,
                            number: b)
                        pos += block.uncompressedSize
                    }
                } catch {
                    failure = error
                }
                count = failure == nil ? pos : 0
            }
            if let failure { throw failure }
            return result
        }
    }

    /// CFDATA.csum (2.4): zero means "not computed"; otherwise it must match.
    func verifyChecksum(_ block: CabinetFolder.Block, folder: Int, number: Int) throws {
        guard block.checksum != 0 else { return }
        let actual = bytes.withUnsafeBytes { all -> UInt32 in
            let data = cabChecksum(all.baseAddress! + block.dataOffset, block.compressedSize, seed: 0)
            // Then the cbData and cbUncomp fields.
            return cabChecksum(all.baseAddress! + block.headerOffset + 4, 4, seed: data)
        }
        guard actual == block.checksum else {
            throw CabinetError.checksumMismatch(folder: folder, block: number, expected: block.checksum, actual: actual)
        }
    }

    private func decompressLZX(_ folder: CabinetFolder, upTo wanted: Int) throws -> [UInt8] {
        let windowBits = Int((folder.compression >> 8) & 0x1F)
        for (b, block) in folder.blocks.enumerated() {
            try verifyChecksum(block, folder: folder.index, number: b)
            guard block.uncompressedSize > 0 else {
                throw CabinetError.corruptBlock(folder: folder.index, block: b, reason: "continues in the next cabinet")
            }
        }
        do {
            return try LZXDecoder.decompressCabinetFolder(
                bytes, blocks: folder.blocks.map { ($0.dataOffset, $0.compressedSize, $0.uncompressedSize) },
                windowBits: windowBits)
        } catch let e as LZXError {
            throw CabinetError.corruptLZX(folder: folder.index, e)
        }
    }
}

/// The cabinet checksum (MS-CAB 2.4, CFDATA.csum): XOR of little-endian 32-bit words; the
/// 1-3 trailing bytes are combined first-byte-highest.
func cabChecksum(_ p: UnsafeRawPointer, _ count: Int, seed: UInt32) -> UInt32 {
    var sum = seed
    var i = 0
    while i + 4 <= count {
        sum ^= UInt32(littleEndian: p.loadUnaligned(fromByteOffset: i, as: UInt32.self))
        i += 4
    }
    var tail: UInt32 = 0
    let b = p.assumingMemoryBound(to: UInt8.self)
    switch count & 3 {
    case 3: tail = UInt32(b[i]) << 16 | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2])
    case 2: tail = UInt32(b[i]) << 8 | UInt32(b[i + 1])
    case 1: tail = UInt32(b[i])
    default: break
    }
    return sum ^ tail
}

extension String {
    func replacingBackslashes() -> String {
        String(String.UnicodeScalarView(unicodeScalars.map { $0 == "\\" ? "/" : $0 }))
    }
}
