import Testing

@testable import XenvArchive

/// Rows of an `msiinfo export` IDT file (3 header lines, tab-separated, CRLF).
func idtRows(_ path: String) throws -> [[String]] {
    let lines = try Fixture.text(path).split(separator: "\r\n", omittingEmptySubsequences: true)
    return lines.dropFirst(3).map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
}

@Suite struct MSITests {
    @Test func streamNameCoding() {
        for (name, table) in [
            ("_StringPool", true), ("File", true), ("embedded.cab", false), ("A.b_c9", true), ("x y", false),
        ] {
            let encoded = MSIStreamName.encode(name, isTable: table)
            #expect(MSIStreamName.decode(encoded) == (name, table))
        }
        // "_Tables" packs pairs: '_' (63) 'T' (29) -> 0x3800 + 63 + 29 * 64.
        #expect(MSIStreamName.encode("_T", isTable: false).unicodeScalars.first!.value == 0x3800 + 63 + 29 * 64)
        #expect(MSIStreamName.encode("a", isTable: true).unicodeScalars.map(\.value) == [0x4840, 0x4800 + 36])
    }

    /// MSIs made by wixl (then edited with msibuild to add short|long and target:source
    /// names), checked against `msiinfo export` of the same tables.
    @Test(arguments: ["embedded", "external"])
    func tablesMatchMsiinfo(name: String) throws {
        let db = try MSIDatabase(try Fixture.bytes("msi/\(name).msi"))
        #expect(db.stringWidth == 2)
        for t in ["File", "Component", "Directory", "Media", "Property", "_Validation"] where t != "_Validation" {
            #expect(db.tableNames.contains(t), "\(t)")
        }
        let files = try db.files()
        let fileIDT = try idtRows("msi/\(name).File.idt")
        #expect(files.count == fileIDT.count)
        for (row, want) in zip(files.sorted { $0.file < $1.file }, fileIDT.sorted { $0[0] < $1[0] }) {
            #expect(
                [row.file, row.component, row.fileName, String(row.fileSize), String(row.sequence)]
                    == [want[0], want[1], want[2], want[3], want[7]])
        }
        let dirIDT = try idtRows("msi/\(name).Directory.idt")
        let dirs = try db.directories()
        #expect(Set(dirs.map { [$0.directory, $0.parent ?? "", $0.defaultDir] }) == Set(dirIDT))
        let compIDT = try idtRows("msi/\(name).Component.idt")
        #expect(Set(try db.components().map { [$0.component, $0.directory] }) == Set(compIDT.map { [$0[0], $0[2]] }))
        let mediaIDT = try idtRows("msi/\(name).Media.idt")
        #expect(
            try db.media().map { [String($0.diskId), String($0.lastSequence), $0.cabinet ?? ""] }
                == mediaIDT.map { [$0[0], $0[1], $0[3]] })

        // Column types as msiinfo reports them in _Columns.
        for want in try idtRows("msi/\(name)._Columns.idt")
        where ["File", "Media", "Directory", "Component"].contains(want[0]) {
            let cols = try db.columns(of: want[0])
            let col = try #require(cols.first { $0.name == want[2] })
            #expect(col.number == Int(want[1]))
            #expect(col.type == Int(want[3]), "\(want[0]).\(want[2])")
        }
    }

    /// Paths as `msiextract --list` prints them. One deliberate difference: for a
    /// `target:source` DefaultDir we use the target's long name ("Include"); msiextract
    /// keeps the whole text after the first '|'.
    @Test(arguments: ["embedded", "external"])
    func pathsMatchMsiextract(name: String) throws {
        let db = try MSIDatabase(try Fixture.bytes("msi/\(name).msi"))
        let listed = try Fixture.text("msi/\(name).msiextract-list.txt").split(separator: "\n").map {
            $0.replacingOccurrences(of: "Include:SRCINC|SourceInclude", with: "Include")
        }
        let locations = try db.fileLocations()
        #expect(Set(locations.map(\.path)) == Set(listed))
        #expect(
            locations.allSatisfy { $0.cabinetName == "\(name).cab" && $0.isEmbeddedCabinet == (name == "embedded") })
        #expect(
            locations.contains { $0.path == "Program Files/Windows Kits/10/Include/10.0.22621.0/um/file 0 of um.h" })
    }

    /// Full extraction: MSI -> Media -> cabinet (embedded stream, or the external cabinet
    /// made by gcab) -> files by File key, compared with what msiextract wrote.
    @Test(arguments: ["embedded", "external"])
    func extractionMatchesMsiextract(name: String) throws {
        let db = try MSIDatabase(try Fixture.bytes("msi/\(name).msi"))
        let locations = try db.fileLocations()
        let cabBytes = name == "embedded" ? try db.stream(named: "embedded.cab") : try Fixture.bytes("msi/external.cab")
        #expect(db.streamNames.contains("embedded.cab") == (name == "embedded"))
        let cab = try Cabinet(cabBytes)
        var byKey: [String: ArraySlice<UInt8>] = [:]
        for folder in cab.folders.indices {
            for (file, data) in try cab.extractFolder(folder, limit: 1 << 26) { byKey[file.name] = data }
        }
        var digests: [String: String] = [:]
        for line in try Fixture.text("msi/embedded.msiextract-sha256.txt").split(separator: "\n") {
            let digest = line.prefix(64)
            digests[
                String(line.dropFirst(65)).replacingOccurrences(of: "Include:SRCINC|SourceInclude", with: "Include")] =
                String(digest)
        }
        #expect(digests.count == locations.count)
        for loc in locations {
            let data = try #require(byKey[loc.file.file], "\(loc.file.file)")
            #expect(data.count == loc.file.fileSize)
            #expect(hexDigest(data) == digests[loc.path], "\(loc.path)")
        }
    }

    /// msibuild imported 70000 strings (so string references are 3 bytes wide) and a
    /// 70000-character string (the two-entry long-string form of _StringPool).
    @Test func largeStringPool() throws {
        let db = try MSIDatabase(try Fixture.bytes("msi/many.msi"))
        #expect(db.stringWidth == 3)
        let many = try db.table("Many")
        #expect(many.rows.count == 70000)
        let key = try many.columnIndex("Key"), value = try many.columnIndex("Value")
        let row = try #require(many.rows.first { $0[key] == .string("k69999") })
        #expect(row[value] == .string("value number 69999"))
        let long = try db.table("Long")
        #expect(long.rows.count == 1)
        #expect(long.rows[0][try long.columnIndex("Text")] == .string(String(repeating: "L", count: 70000)))
        // The usual tables still decode with 3-byte references.
        #expect(try db.files().count == 48)
    }

    @Test func missingThings() throws {
        let db = try MSIDatabase(try Fixture.bytes("msi/embedded.msi"))
        #expect(expectError(MSIError.self) { _ = try db.table("NoSuchTable") } == .noSuchTable("NoSuchTable"))
        #expect(expectError(MSIError.self) { _ = try db.stream(named: "nope.cab") } == .missingStream("nope.cab"))
        #expect(
            expectError(MSIError.self) { _ = try MSIDatabase(prng(seed: 1, count: 4096)) }
                == .container(.notACompoundFile("bad signature")))
    }
}
