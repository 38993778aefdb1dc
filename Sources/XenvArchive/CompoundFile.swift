// Compound File Binary format reader ([MS-CFB]), the container of MSI databases.
// Versions 3 (512-byte sectors) and 4 (4096-byte sectors).

public enum CompoundFileError: Error, Equatable, Sendable, CustomStringConvertible {
    case notACompoundFile(String)
    case corruptHeader(String)
    case badChain(stream: String, reason: String)
    case corruptDirectory(String)
    case noSuchStream(String)
    case sizeMismatch(stream: String, declared: UInt64, available: Int)

    public var description: String {
        switch self {
        case .notACompoundFile(let why): return "not a compound file: \(why)"
        case .corruptHeader(let why): return "compound file header is corrupt: \(why)"
        case .badChain(let s, let why): return "compound file sector chain of '\(s)' is broken: \(why)"
        case .corruptDirectory(let why): return "compound file directory is corrupt: \(why)"
        case .noSuchStream(let s): return "compound file has no stream '\(s)'"
        case .sizeMismatch(let s, let declared, let available):
            return "compound file stream '\(s)' declares \(declared) bytes but its sectors hold \(available)"
        }
    }
}

/// One directory entry ([MS-CFB] 2.6): a storage, a stream or the root.
public struct CompoundFileEntry: Sendable, Equatable {
    public enum Kind: UInt8, Sendable { case storage = 1, stream = 2, root = 5 }
    /// Path from the root, components joined with "/" (names are UTF-16 and may contain any
    /// character but "/", "\", ":" and "!", so "/" is unambiguous).
    public let path: String
    public let name: String
    public let kind: Kind
    public let size: UInt64
    let startSector: UInt32
}

public struct CompoundFile: Sendable {
    public let bytes: [UInt8]
    public let majorVersion: Int
    public let sectorSize: Int
    /// Every storage and stream reachable from the root, in tree order (parents first).
    public private(set) var entries: [CompoundFileEntry] = []

    private let fat: [UInt32]
    private var miniFAT: [UInt32] = []
    private var miniStream: [UInt8] = []
    private let miniCutoff: UInt64
    private var byPath: [String: Int] = [:]

    // Special sector numbers (2.1).
    static let maxRegular: UInt32 = 0xFFFF_FFFA
    static let endOfChain: UInt32 = 0xFFFF_FFFE
    static let freeSector: UInt32 = 0xFFFF_FFFF
    static let noStream: UInt32 = 0xFFFF_FFFF

    public init(_ bytes: [UInt8]) throws {
        self.bytes = bytes
        // Header (2.2).
        guard bytes.count >= 512 else {
            throw CompoundFileError.notACompoundFile("file is shorter than the 512-byte header")
        }
        guard bytes.le64(0) == 0xE11A_B1A1_E011_CFD0 else { throw CompoundFileError.notACompoundFile("bad signature") }
        majorVersion = Int(bytes.le16(26))
        guard bytes.le16(28) == 0xFFFE else { throw CompoundFileError.corruptHeader("byte order mark is not FFFE") }
        let sectorShift = Int(bytes.le16(30))
        switch (majorVersion, sectorShift) {
        case (3, 9), (4, 12): break
        default: throw CompoundFileError.corruptHeader("version \(majorVersion) with sector shift \(sectorShift)")
        }
        sectorSize = 1 << sectorShift
        guard bytes.le16(32) == 6 else { throw CompoundFileError.corruptHeader("mini sector shift is not 6") }
        let fatSectorCount = Int(bytes.le32(44))
        let firstDirectorySector = bytes.le32(48)
        miniCutoff = UInt64(bytes.le32(56))
        guard miniCutoff == 4096 else {
            throw CompoundFileError.corruptHeader("mini stream cutoff is \(miniCutoff), not 4096")
        }
        let firstMiniFATSector = bytes.le32(60)
        let miniFATSectorCount = Int(bytes.le32(64))
        let firstDIFATSector = bytes.le32(68)
        let difatSectorCount = Int(bytes.le32(72))

        // The file has at most this many sectors; no valid count or chain can exceed it.
        let sectorCount = (bytes.count + sectorSize - 1) / sectorSize - 1
        let perSector = sectorSize / 4
        guard fatSectorCount <= sectorCount, difatSectorCount <= sectorCount, miniFATSectorCount <= sectorCount else {
            throw CompoundFileError.corruptHeader("sector counts exceed the file's \(sectorCount) sectors")
        }

        // DIFAT (2.5): 109 FAT sector numbers in the header, then a chain of DIFAT sectors,
        // each holding perSector-1 numbers and the next DIFAT sector's number.
        var fatSectors: [UInt32] = []
        for i in 0..<109 where fatSectors.count < fatSectorCount {
            fatSectors.append(bytes.le32(76 + i * 4))
        }
        var difat = firstDIFATSector
        var difatSeen = Set<UInt32>()
        while fatSectors.count < fatSectorCount {
            guard difat <= Self.maxRegular, difatSeen.count < difatSectorCount, difatSeen.insert(difat).inserted else {
                throw CompoundFileError.corruptHeader(
                    "DIFAT chain ends, loops or is too long after \(fatSectors.count) of \(fatSectorCount) FAT sectors")
            }
            let offset = (Int(difat) + 1) << sectorShift
            guard bytes.contains(offset, sectorSize) else {
                throw CompoundFileError.corruptHeader("DIFAT sector \(difat) lies outside the file")
            }
            for i in 0..<(perSector - 1) where fatSectors.count < fatSectorCount {
                fatSectors.append(bytes.le32(offset + i * 4))
            }
            difat = bytes.le32(offset + (perSector - 1) * 4)
        }

        // FAT (2.3): the concatenation of the FAT sectors.
        var fat: [UInt32] = []
        fat.reserveCapacity(fatSectorCount * perSector)
        for s in fatSectors {
            let offset = (Int(s) + 1) << sectorShift
            guard s <= Self.maxRegular, bytes.contains(offset, sectorSize) else {
                throw CompoundFileError.corruptHeader("FAT sector \(s) lies outside the file")
            }
            bytes.withUnsafeBytes { raw in
                for i in 0..<perSector {
                    fat.append(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset + i * 4, as: UInt32.self)))
                }
            }
        }
        self.fat = fat

        // Directory (2.6): 128-byte entries in the directory chain.
        let directory = try readChain(start: firstDirectorySector, name: "directory")
        let directoryEntries = directory.count / 128
        guard directoryEntries > 0, directory[66] == 5 else {
            throw CompoundFileError.corruptDirectory("entry 0 is not the root storage")
        }

        // Mini FAT (2.4) and the mini stream, which the root entry's chain holds.
        if miniFATSectorCount > 0 {
            let miniFATBytes = try readChain(start: firstMiniFATSector, name: "mini FAT")
            miniFAT = stride(from: 0, to: miniFATBytes.count - 3, by: 4).map { miniFATBytes.le32($0) }
        }
        let rootStart = directory.le32(116)
        let rootSize = rootSizeFor(directory, at: 0)
        if rootSize > 0 {
            let chain = try readChain(start: rootStart, name: "Root Entry")
            guard UInt64(chain.count) >= rootSize else {
                throw CompoundFileError.sizeMismatch(stream: "Root Entry", declared: rootSize, available: chain.count)
            }
            miniStream = Array(chain[0..<Int(rootSize)])
        }

        try walkDirectory(directory, count: directoryEntries)
    }

    private func rootSizeFor(_ directory: [UInt8], at index: Int) -> UInt64 {
        let size = directory.le64(index * 128 + 120)
        // Version 3 files may leave garbage in the high 32 bits (2.6.3).
        return majorVersion == 3 ? size & 0xFFFF_FFFF : size
    }

    /// Walks the red-black trees of each storage's children as plain binary trees (2.6.4),
    /// refusing any entry reached twice (a cycle or a shared subtree).
    private mutating func walkDirectory(_ directory: [UInt8], count: Int) throws {
        var visited = [Bool](repeating: false, count: count)
        visited[0] = true
        // (storage child id, parent path)
        var pendingStorages: [(UInt32, String)] = [(directory.le32(76), "")]
        while let (childRoot, parentPath) = pendingStorages.popLast() {
            var stack: [UInt32] = [childRoot]
            while let id = stack.popLast() {
                if id == Self.noStream { continue }
                guard Int(id) < count else {
                    throw CompoundFileError.corruptDirectory("sibling or child id \(id) out of range")
                }
                guard !visited[Int(id)] else {
                    throw CompoundFileError.corruptDirectory("entry \(id) is reached twice (a cycle)")
                }
                visited[Int(id)] = true
                let e = Int(id) * 128
                let nameBytes = Int(directory.le16(e + 64))
                guard nameBytes >= 2, nameBytes <= 64, nameBytes % 2 == 0 else {
                    throw CompoundFileError.corruptDirectory("entry \(id) has a name length of \(nameBytes)")
                }
                let units = (0..<(nameBytes / 2 - 1)).map { directory.le16(e + $0 * 2) }
                let name = TextDecoding.utf16(units)
                let path = parentPath.isEmpty ? name : parentPath + "/" + name
                stack.append(directory.le32(e + 68))  // left sibling
                stack.append(directory.le32(e + 72))  // right sibling
                switch directory[e + 66] {
                case 1:
                    entries.append(CompoundFileEntry(path: path, name: name, kind: .storage, size: 0, startSector: 0))
                    pendingStorages.append((directory.le32(e + 76), path))
                case 2:
                    entries.append(
                        CompoundFileEntry(
                            path: path, name: name, kind: .stream,
                            size: rootSizeFor(directory, at: Int(id)), startSector: directory.le32(e + 116)))
                default:
                    throw CompoundFileError.corruptDirectory(
                        "entry \(id) ('\(name)') has object type \(directory[e + 66])")
                }
                byPath[path] = entries.count - 1
            }
        }
    }

    /// The names of the streams directly in the root storage.
    public var rootStreamNames: [String] {
        entries.filter { $0.kind == .stream && !$0.path.contains("/") }.map(\.name)
    }

    /// Reads a stream by path ("Name" or "Storage/Name"). Exact match first, then the
    /// case-insensitive match the spec uses for names (2.6.4, simple upper-casing).
    public func stream(named path: String) throws -> [UInt8] {
        var index = byPath[path]
        if index == nil {
            let upper = path.uppercased()
            index = entries.firstIndex { $0.path.uppercased() == upper }
        }
        guard let index, entries[index].kind == .stream else { throw CompoundFileError.noSuchStream(path) }
        return try read(entries[index])
    }

    public func read(_ entry: CompoundFileEntry) throws -> [UInt8] {
        if entry.size == 0 { return [] }
        if entry.size < miniCutoff {
            return try readMiniChain(start: entry.startSector, size: Int(entry.size), name: entry.path)
        }
        guard entry.size <= UInt64(bytes.count) else {
            throw CompoundFileError.sizeMismatch(stream: entry.path, declared: entry.size, available: bytes.count)
        }
        let data = try readChain(start: entry.startSector, name: entry.path, maxBytes: Int(entry.size))
        guard data.count >= Int(entry.size) else {
            throw CompoundFileError.sizeMismatch(stream: entry.path, declared: entry.size, available: data.count)
        }
        if data.count == Int(entry.size) { return data }
        var trimmed = data
        trimmed.removeLast(data.count - Int(entry.size))
        return trimmed
    }

    /// Follows a FAT chain, refusing chains that leave the file, use special values or
    /// visit a sector twice (a loop). Runs of consecutive sectors are copied in one go.
    private func readChain(start: UInt32, name: String, maxBytes: Int = Int.max) throws -> [UInt8] {
        var out: [UInt8] = []
        if maxBytes != Int.max { out.reserveCapacity(maxBytes) }
        var visited = [Bool](repeating: false, count: fat.count)
        var sector = start
        var runStart = -1, runEnd = -1  // byte range of the current run of adjacent sectors
        while sector != Self.endOfChain, out.count + (runEnd - runStart) < maxBytes {
            guard sector <= Self.maxRegular, Int(sector) < fat.count else {
                throw CompoundFileError.badChain(stream: name, reason: "sector \(hex8(sector)) is not a valid sector")
            }
            guard !visited[Int(sector)] else {
                throw CompoundFileError.badChain(stream: name, reason: "chain loops at sector \(sector)")
            }
            visited[Int(sector)] = true
            let offset = (Int(sector) + 1) * sectorSize
            guard offset < bytes.count else {
                throw CompoundFileError.badChain(stream: name, reason: "sector \(sector) lies outside the file")
            }
            // The last sector of the file may be short (some writers don't pad it).
            let end = min(offset + sectorSize, bytes.count)
            if offset == runEnd {
                runEnd = end
            } else {
                if runStart >= 0 { out.append(contentsOf: bytes[runStart..<runEnd]) }
                (runStart, runEnd) = (offset, end)
            }
            sector = fat[Int(sector)]
        }
        if runStart >= 0 { out.append(contentsOf: bytes[runStart..<runEnd]) }
        return out
    }

    private func readMiniChain(start: UInt32, size: Int, name: String) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(size)
        var visited = [Bool](repeating: false, count: miniFAT.count)
        var sector = start
        while out.count < size {
            guard sector <= Self.maxRegular, Int(sector) < miniFAT.count else {
                throw CompoundFileError.badChain(stream: name, reason: "mini sector \(hex8(sector)) is not valid")
            }
            guard !visited[Int(sector)] else {
                throw CompoundFileError.badChain(stream: name, reason: "mini chain loops at sector \(sector)")
            }
            visited[Int(sector)] = true
            let offset = Int(sector) * 64
            let take = min(64, size - out.count)
            guard offset + take <= miniStream.count else {
                throw CompoundFileError.badChain(
                    stream: name, reason: "mini sector \(sector) lies outside the mini stream")
            }
            out.append(contentsOf: miniStream[offset..<offset + take])
            sector = miniFAT[Int(sector)]
        }
        return out
    }
}
