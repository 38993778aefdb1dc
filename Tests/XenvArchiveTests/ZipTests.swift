import Testing

@testable import XenvArchive

@Suite struct ZipTests {
    func expected() throws -> [String: (Int, String)] {
        var map: [String: (Int, String)] = [:]
        // Lines are "path size sha256"; paths may contain spaces, so split from the right.
        for line in try Fixture.text("zip/expected.txt").split(separator: "\n") {
            let parts = line.split(separator: " ")
            let path = parts.dropLast(2).joined(separator: " ")
            map[path] = (Int(parts[parts.count - 2])!, String(parts[parts.count - 1]))
        }
        return map
    }

    /// Archives made by Info-ZIP `zip -r` (deflate, and -0 stored): every file matches the
    /// original, directories are listed, names (incl. non-ASCII) match `unzip -Z1`.
    @Test(arguments: ["zip/infozip-deflate.zip", "zip/infozip-stored.zip"])
    func infoZip(path: String) throws {
        let zip = try ZipArchive(try Fixture.bytes(path))
        let want = try expected()
        let listing = try Fixture.text("zip/infozip-deflate.unzip-Z1.txt").split(separator: "\n").map(String.init)
        #expect(Set(zip.entries.map(\.name)) == Set(listing))
        #expect(zip.entries.contains { $0.name == "tree/emptydir/" && $0.isDirectory })
        var files = 0
        for entry in zip.entries where !entry.isDirectory {
            let data = try zip.extract(entry, limit: 1 << 24)
            let (size, digest) = try #require(want[entry.name], "\(entry.name)")
            #expect(data.count == size)
            #expect(hexDigest(data) == digest, "\(entry.name)")
            if path.hasSuffix("stored.zip") { #expect(entry.method == 0) }
            files += 1
        }
        #expect(files == want.count)
        #expect(zip.entries.contains { $0.name == "tree/\u{fc}n\u{ef}c\u{f6}d\u{e9}/\u{540d}\u{524d}.txt" })
    }

    /// Python's zipfile: stored + deflated + directory + UTF-8-flagged name; ZIP64 records
    /// (force_zip64); data descriptors (written to an unseekable stream).
    @Test func pythonArchives() throws {
        let mixed = try ZipArchive(try Fixture.bytes("zip/python-mixed.zip"))
        #expect(mixed.entries.map(\.name) == ["stored.bin", "deflated.txt", "dir/", "caf\u{e9}.txt"])
        #expect(try mixed.extract(mixed.entries[0], limit: 10_000) == prng(seed: 1, count: 5000))
        #expect(try mixed.extract(mixed.entries[3], limit: 100) == Array("utf-8 flagged\n".utf8))
        #expect(mixed.entries[3].flags & 0x800 != 0)

        let zip64 = try ZipArchive(try Fixture.bytes("zip/python-zip64.zip"))
        #expect(zip64.entries.count == 3)
        #expect(try zip64.extract(zip64.entries[1], limit: 10_000) == prng(seed: 21, count: 7000))
        #expect(try zip64.extract(zip64.entries[2], limit: 0) == [])

        let streamed = try ZipArchive(try Fixture.bytes("zip/python-descriptor.zip"))
        #expect(streamed.entries.allSatisfy { $0.flags & 0x8 != 0 })
        #expect(try streamed.extract(streamed.entries[1], limit: 10_000) == prng(seed: 31, count: 3000))
    }

    @Test func unsupportedMethodIsNamed() throws {
        let zip = try ZipArchive(try Fixture.bytes("zip/python-bzip2.zip"))
        let e = expectError(ZipError.self) { _ = try zip.extract(zip.entries[0], limit: 1 << 20) }
        #expect(e == .unsupportedMethod(entry: "b.txt", method: 12))
        #expect(e?.description.contains("bzip2") == true)
    }

    @Test(arguments: [
        ("dotdot", "a/../../evil.txt"), ("absolute", "/etc/evil"), ("drive", "C:\\evil.txt"),
        ("unc", "\\\\server\\share\\evil.txt"), ("backslash", "dir\\evil.txt"),
    ])
    func hostileNames(tag: String, name: String) throws {
        let e = expectError(ZipError.self) { _ = try ZipArchive(try Fixture.bytes("zip/hostile-\(tag).zip")) }
        guard case .unsafeName(let entry, _)? = e else { Issue.record("got \(String(describing: e))"); return }
        #expect(entry == name)
        #expect(e!.description.contains(name))
    }

    /// Corruptions made by patching a real archive.
    @Test func corruptedArchives() throws {
        let good = try Fixture.bytes("zip/infozip-deflate.zip")
        let zip = try ZipArchive(good)
        let entry = try #require(zip.entry(named: "tree/text.h"))
        let central = try #require(centralHeaderOffset(good, name: "tree/text.h"))

        // CRC mismatch: flip a bit of the CRC in both headers so they still agree.
        var badCRC = good
        badCRC[central + 16] ^= 1
        badCRC[Int(entry.localHeaderOffset) + 14] ^= 1
        let crcArchive = try ZipArchive(badCRC)
        let e1 = expectError(ZipError.self) {
            _ = try crcArchive.extract(crcArchive.entry(named: "tree/text.h")!, limit: 1 << 20)
        }
        guard case .crcMismatch(entry: "tree/text.h", _, _)? = e1 else {
            Issue.record("\(String(describing: e1))"); return
        }

        // Central and local headers disagree on the method.
        var badMethod = good
        badMethod[Int(entry.localHeaderOffset) + 8] = 0
        #expect(
            expectError(ZipError.self) { _ = try ZipArchive(badMethod) }
                == .headerMismatch(entry: "tree/text.h", field: "method"))

        // Local header offset outside the file.
        var badOffset = good
        badOffset[central + 42..<central + 46] = [0xF0, 0xFF, 0xFF, 0x7F]
        if case .outOfBounds(entry: "tree/text.h", _)? = expectError(ZipError.self, { _ = try ZipArchive(badOffset) }) {
        } else {
            Issue.record("expected outOfBounds")
        }

        // Compressed size running past the end of the file (both headers agree).
        var badSize = good
        for base in [central + 20, Int(entry.localHeaderOffset) + 18] {
            badSize[base..<base + 4] = [0x00, 0x00, 0x00, 0x40]
        }
        if case .outOfBounds(entry: "tree/text.h", _)? = expectError(ZipError.self, { _ = try ZipArchive(badSize) }) {
        } else {
            Issue.record("expected outOfBounds for the size")
        }

        // Uncompressed size that lies (smaller than the data expands to).
        var lying = good
        for base in [central + 24, Int(entry.localHeaderOffset) + 22] {
            lying[base..<base + 4] = [0x10, 0x00, 0x00, 0x00]
        }
        let lyingZip = try ZipArchive(lying)
        if case .sizeMismatch(entry: "tree/text.h", _, _)? = expectError(
            ZipError.self, { _ = try lyingZip.extract(lyingZip.entry(named: "tree/text.h")!, limit: 1 << 20) })
        {
        } else {
            Issue.record("expected sizeMismatch")
        }

        // Limit.
        #expect(
            expectError(ZipError.self) { _ = try zip.extract(entry, limit: 100) }
                == .tooLarge(entry: "tree/text.h", size: 120000, limit: 100))

        // Deflate data damaged.
        var damaged = good
        for i in 0..<64 { damaged[entry.dataOffset + 100 + i] = 0xFF }
        let damagedZip = try ZipArchive(damaged)
        let e2 = expectError(ZipError.self) {
            _ = try damagedZip.extract(damagedZip.entry(named: "tree/text.h")!, limit: 1 << 20)
        }
        #expect(e2 != nil)
        #expect(e2?.description.contains("tree/text.h") == true)

        // Truncated archives and garbage.
        #expect(expectError(ZipError.self) { _ = try ZipArchive(Array(good[..<(good.count / 2)])) } != nil)
        #expect(
            expectError(ZipError.self) { _ = try ZipArchive(prng(seed: 3, count: 5000)) }
                == .notAZip("no end of central directory record"))
    }

    func centralHeaderOffset(_ bytes: [UInt8], name: String) -> Int? {
        let n = Array(name.utf8)
        for p in 0..<(bytes.count - 46) where bytes[p] == 0x50 && bytes.le32(p) == 0x0201_4b50 {
            if Int(bytes.le16(p + 28)) == n.count, Array(bytes[p + 46..<p + 46 + n.count]) == n { return p }
        }
        return nil
    }

    @Test func nameSafety() {
        #expect(unsafePathReason("a/b/c.txt") == nil)
        #expect(unsafePathReason("a/..b/c") == nil)
        #expect(unsafePathReason("..") != nil)
        #expect(unsafePathReason("a/..") != nil)
        #expect(unsafePathReason("c:x") != nil)
        #expect(unsafePathReason("") != nil)
    }
}
