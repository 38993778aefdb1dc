import Foundation
import Testing

@testable import XenvArchive

@Suite struct CabinetTests {
    func expected() throws -> [String: (Int, String)] {
        var map: [String: (Int, String)] = [:]
        for row in try Fixture.rows("cab/expected.txt", fields: 3) { map[row[0]] = (Int(row[1])!, row[2]) }
        return map
    }

    /// Cabinets made by `gcab -c` (no compression) and `gcab -c -z` (MSZIP), with an empty
    /// file, a file of exactly 32 KB and files spanning many 32 KB blocks; names and sizes
    /// as `cabextract -l` lists them, contents as the originals.
    @Test(arguments: ["gcab-none.cab", "gcab-mszip.cab"])
    func gcab(name: String) throws {
        let cab = try Cabinet(try Fixture.bytes("cab/\(name)"))
        let want = try expected()
        #expect(cab.folders.count == 1)
        #expect(cab.folders[0].compression == (name.contains("mszip") ? 1 : 0))
        #expect(cab.folders[0].blockCount > 10)
        let listing = try Fixture.text("cab/\(name).cabextract-l.txt").split(separator: "\n").dropFirst(3).compactMap {
            line -> String? in
            let parts = line.split(separator: "|")
            return parts.count == 3 ? parts[2].trimmingCharacters(in: .whitespaces) : nil
        }
        #expect(Set(try cab.files.map { try Cabinet.safePath($0) }) == Set(listing))
        for (file, data) in try cab.extractFolder(0, limit: 1 << 24) {
            let path = try Cabinet.safePath(file)
            let (size, digest) = try #require(want[path])
            #expect(data.count == size)
            #expect(hexDigest(data) == digest, "\(path)")
            // Single-file extraction agrees with the one-pass folder extraction.
            #expect(try cab.extract(file, limit: 1 << 24) == Array(data))
        }
    }

    /// Wine's cabarc with `-s 24`: a 24-byte header reserve (CFHEADER cbCFHeader).
    @Test func headerReserve() throws {
        let cab = try Cabinet(try Fixture.bytes("cab/reserve.cab"))
        #expect(cab.headerReserve.count == 24)
        let want = try expected()
        for (file, data) in try cab.extractFolder(0, limit: 1 << 24) {
            let entry = try #require(want.first { $0.key.hasSuffix(file.name) }?.value)
            #expect(hexDigest(data) == entry.1, "\(file.name)")
        }
    }

    /// Wine's cabarc with `-d`: a two-cabinet set; the names of the neighbours are read and
    /// files continued across cabinets are refused by name.
    @Test func multiCabinetSet() throws {
        let first = try Cabinet(try Fixture.bytes("cab/set1.cab"))
        let second = try Cabinet(try Fixture.bytes("cab/set2.cab"))
        #expect(first.nextCabinet?.cabinet == "set2.cab")
        #expect(first.previousCabinet == nil)
        #expect(second.previousCabinet?.cabinet == "set1.cab")
        let continued = try #require(first.files.first { $0.continuesAcrossCabinets })
        #expect(
            expectError(CabinetError.self) { _ = try first.extract(continued, limit: 1 << 24) }
                == .spansCabinets(file: continued.name))
        // Files wholly inside the first cabinet still extract.
        let want = try expected()
        for file in first.files where !file.continuesAcrossCabinets && file.offsetInFolder + file.size <= 100_000 {
            let data = try first.extract(file, limit: 1 << 24)
            #expect(hexDigest(data) == want.first { $0.key.hasSuffix(file.name) }?.value.1)
        }
    }

    @Test func checksumAndCorruption() throws {
        let good = try Fixture.bytes("cab/gcab-mszip.cab")
        let cab = try Cabinet(good)
        let block = cab.folders[0].blocks[3]
        #expect(block.checksum != 0)
        // Damage one compressed byte: the checksum catches it.
        var damaged = good
        damaged[block.dataOffset + 10] ^= 0x40
        let e1 = expectError(CabinetError.self) { _ = try Cabinet(damaged).decompressFolder(0, limit: 1 << 24) }
        guard case .checksumMismatch(folder: 0, block: 3, _, _)? = e1 else {
            Issue.record("\(String(describing: e1))"); return
        }
        // With the checksum cleared, the damage reaches the MSZIP decoder: a clean error.
        damaged[block.headerOffset..<block.headerOffset + 4] = [0, 0, 0, 0]
        for i in 0..<40 { damaged[block.dataOffset + 2 + i] = 0xFF }
        #expect(expectError(CabinetError.self) { _ = try Cabinet(damaged).decompressFolder(0, limit: 1 << 24) } != nil)
        // Missing "CK".
        var noCK = good
        noCK[cab.folders[0].blocks[0].dataOffset] = 0x41
        noCK[cab.folders[0].blocks[0].headerOffset..<cab.folders[0].blocks[0].headerOffset + 4] = [0, 0, 0, 0]
        #expect(
            expectError(CabinetError.self) { _ = try Cabinet(noCK).decompressFolder(0, limit: 1 << 24) }
                == .corruptBlock(folder: 0, block: 0, reason: "MSZIP block does not start with 'CK'"))
        // Folder limit.
        #expect(
            expectError(CabinetError.self) { _ = try cab.decompressFolder(0, limit: 1000) }
                == .tooLarge(folder: 0, size: cab.folders[0].uncompressedSize, limit: 1000))
        // Truncated file: blocks past the end are refused at open.
        #expect(expectError(CabinetError.self) { _ = try Cabinet(Array(good[..<(good.count / 2)])) } != nil)
        // Unsupported compression is named.
        var quantum = good
        quantum[cab.folders[0].blocks[0].headerOffset - 2 - 0] = quantum[cab.folders[0].blocks[0].headerOffset - 2]
        let folderEntry = 36  // no reserve, no prev/next: CFFOLDER follows the header
        quantum[folderEntry + 6] = 0x02
        quantum[folderEntry + 7] = 0x00
        let e2 = expectError(CabinetError.self) { _ = try Cabinet(quantum).decompressFolder(0, limit: 1 << 24) }
        #expect(e2 == .unsupportedCompression(folder: 0, type: 2))
        #expect(e2?.description.contains("Quantum") == true)
    }

    @Test func checksumAlgorithm() {
        // Trailing bytes combine first-byte-highest.
        let bytes: [UInt8] = [1, 2, 3, 4, 5, 6, 7]
        let sum = bytes.withUnsafeBytes { cabChecksum($0.baseAddress!, 7, seed: 0) }
        #expect(sum == 0x0403_0201 ^ 0x0005_0607)
    }

    @Test func unsafeCabinetNames() throws {
        func file(_ n: String) -> CabinetFile {
            CabinetFile(name: n, size: 0, folderIndex: 0, offsetInFolder: 0, date: 0, time: 0, attributes: 0)
        }
        #expect(try Cabinet.safePath(file("dir\\x.txt")) == "dir/x.txt")
        for bad in ["..\\x", "\\x", "/x", "C:\\x", "a\\..\\..\\x"] {
            #expect(expectError(CabinetError.self) { _ = try Cabinet.safePath(file(bad)) } != nil, "\(bad)")
        }
    }
}

@Suite struct CabinetStreamingTests {
    /// The windowed one-pass API hands out the same bytes as whole-folder extraction, also
    /// when the window is small enough that it has to slide many times.
    @Test(arguments: ["gcab-none.cab", "gcab-mszip.cab", "reserve.cab"])
    func forEachFileMatchesExtractFolder(name: String) throws {
        let cab = try Cabinet(try Fixture.bytes("cab/\(name)"))
        var whole: [String: [UInt8]] = [:]
        for (file, data) in try cab.extractFolder(0, limit: 1 << 24) { whole[file.name] = Array(data) }
        for window in [0, 300_000, 1 << 21] {
            var seen: [String: [UInt8]] = [:]
            try cab.forEachFile(inFolder: 0, limit: 1 << 24, minimumWindow: window) { file, data in
                seen[file.name] = Array(data)
            }
            #expect(seen == whole, "window \(window)")
        }
    }
}

/// LZX: no tool here can write an LZX cabinet (gcab and Wine's cabarc/FCI only write MSZIP),
/// so these run only when XENV_LZX_CABS names a directory of real LZX cabinets, each with a
/// `NAME.expected` directory extracted by cabextract (see scripts/check-lzx.sh). Skipped, and reported as
/// skipped, otherwise: the decoder was checked against libmspack's LZX sample cabinets, which are not ours to
/// commit.
@Suite struct LZXCabinetTests {
    @Test(
        .enabled(
            if: ProcessInfo.processInfo.environment["XENV_LZX_CABS"] != nil,
            "needs XENV_LZX_CABS: real LZX cabinets, which no tool here can make"))
    func realLZXCabinetsMatchCabextract() throws {
        let dir = try #require(ProcessInfo.processInfo.environment["XENV_LZX_CABS"])
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".cab") }
        #expect(!names.isEmpty)
        for name in names {
            let cab = try Cabinet([UInt8](try Data(contentsOf: URL(fileURLWithPath: dir + "/" + name))))
            for folder in cab.folders.indices where cab.folders[folder].compression & 0xF == 3 {
                try cab.forEachFile(inFolder: folder, limit: 1 << 30) { file, data in
                    let expected = try Data(
                        contentsOf: URL(fileURLWithPath: "\(dir)/\(name).expected/\(try Cabinet.safePath(file))"))
                    #expect([UInt8](expected) == Array(data), "\(name): \(file.name)")
                }
            }
        }
    }

    @Test func lzxWindowOutOfRange() throws {
        let e = expectError(LZXError.self) {
            _ = try LZXDecoder.decompressCabinetFolder([], blocks: [], windowBits: 22)
        }
        #expect(e == .unsupportedWindow(22))
    }
}
