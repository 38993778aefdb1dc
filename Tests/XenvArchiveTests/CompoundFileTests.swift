import Testing

@testable import XenvArchive

@Suite struct CompoundFileTests {
    /// Layout facts of a wixl-made MSI (version 3, 512-byte sectors).
    @Test func wixlFileStructure() throws {
        let cf = try CompoundFile(try Fixture.bytes("msi/embedded.msi"))
        #expect(cf.majorVersion == 3)
        #expect(cf.sectorSize == 512)
        #expect(cf.rootStreamNames.contains("\u{5}SummaryInformation"))
        // Small streams live in the mini stream, the cabinet in regular sectors.
        let pool = try cf.stream(named: MSIStreamName.encode("_StringPool", isTable: true))
        #expect(pool.count < 4096 && pool.count > 4)
        #expect(
            try cf.stream(named: MSIStreamName.encode("embedded.cab", isTable: false)).prefix(4) == [
                0x4D, 0x53, 0x43, 0x46,
            ])
        #expect(expectError(CompoundFileError.self) { _ = try cf.stream(named: "missing") } == .noSuchStream("missing"))
    }

    /// Offsets of header fields and of the FAT, for patching.
    struct Layout {
        let bytes: [UInt8]
        var sectorSize: Int { 1 << Int(bytes.le16(30)) }
        func sectorOffset(_ s: UInt32) -> Int { (Int(s) + 1) * sectorSize }
        var firstFATSector: UInt32 { bytes.le32(76) }
        var firstDirectorySector: UInt32 { bytes.le32(48) }
        func fatEntryOffset(_ s: UInt32) -> Int { sectorOffset(firstFATSector) + Int(s) * 4 }
    }

    func set32(_ b: inout [UInt8], _ at: Int, _ v: UInt32) {
        for k in 0..<4 { b[at + k] = UInt8(truncatingIfNeeded: v >> (8 * UInt32(k))) }
    }

    @Test func hostileChainsAndSizes() throws {
        let good = try Fixture.bytes("msi/embedded.msi")
        let l = Layout(bytes: good)
        let cf = try CompoundFile(good)
        let cab = try #require(cf.entries.first { MSIStreamName.decode($0.name).name == "embedded.cab" })

        // The cabinet's chain loops back on itself.
        var loop = good
        set32(&loop, l.fatEntryOffset(cab.startSector + 2), cab.startSector)
        let e1 = expectError(CompoundFileError.self) { _ = try CompoundFile(loop).read(cab) }
        guard case .badChain(stream: let s1, reason: _)? = e1 else { Issue.record("\(String(describing: e1))"); return }
        #expect(MSIStreamName.decode(s1).name == "embedded.cab")

        // The chain jumps outside the file.
        var outside = good
        set32(&outside, l.fatEntryOffset(cab.startSector + 1), 0x00FF_FFF0)
        #expect(expectError(CompoundFileError.self) { _ = try CompoundFile(outside).read(cab) } != nil)

        // The chain ends early: the declared size lies.
        var short = good
        set32(&short, l.fatEntryOffset(cab.startSector + 1), CompoundFile.endOfChain)
        if case .sizeMismatch? = expectError(CompoundFileError.self, { _ = try CompoundFile(short).read(cab) }) {
        } else {
            Issue.record("expected sizeMismatch")
        }

        // The directory chain loops.
        var dirLoop = good
        set32(&dirLoop, l.fatEntryOffset(l.firstDirectorySector), l.firstDirectorySector)
        #expect(expectError(CompoundFileError.self) { _ = try CompoundFile(dirLoop) } != nil)

        // A directory entry's sibling points back at the root's child (a tree cycle).
        var treeCycle = good
        let dir = l.sectorOffset(l.firstDirectorySector)
        let rootChild = good.le32(dir + 76)
        let childEntry = dir + Int(rootChild) * 128
        set32(&treeCycle, childEntry + 68, rootChild)
        if case .corruptDirectory? = expectError(CompoundFileError.self, { _ = try CompoundFile(treeCycle) }) {
        } else {
            Issue.record("expected corruptDirectory")
        }

        // Header lies: more FAT sectors than the file holds; bad version/shift; garbage.
        var manyFAT = good
        set32(&manyFAT, 44, 0x0100_0000)
        #expect(expectError(CompoundFileError.self) { _ = try CompoundFile(manyFAT) } != nil)
        var badShift = good
        badShift[30] = 12
        #expect(
            expectError(CompoundFileError.self) { _ = try CompoundFile(badShift) }
                == .corruptHeader("version 3 with sector shift 12"))
        #expect(expectError(CompoundFileError.self) { _ = try CompoundFile(Array(good[..<600])) } != nil)
    }

    /// Random corruption anywhere in the first sectors: errors, never crashes or hangs.
    @Test func fuzzedHeadersNeverCrash() throws {
        let good = try Fixture.bytes("msi/external.msi")
        for seed in 0..<300 {
            var b = good
            let noise = prng(seed: seed + 777, count: 8)
            let at = Int(noise[0]) << 8 | Int(noise[1])
            for k in 0..<4 where at + k < b.count {
                b[at % b.count + k < b.count ? at % b.count + k : 0] = noise[2 + k]
            }
            if let db = try? MSIDatabase(b) { _ = try? db.fileLocations() }
        }
    }
}
