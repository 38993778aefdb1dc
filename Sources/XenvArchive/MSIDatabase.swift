// Windows Installer database reader over a compound file.
//
// Layout (as implemented by Windows Installer and documented by Wine/msitools, there is no
// public spec): every table is a stream whose name is mangled into the 0x3800-0x4840 range
// and prefixed with U+4840; strings are interned in `_StringPool`/`_StringData`; `_Tables`
// lists the tables and `_Columns` their columns; table streams store rows column by column.

public enum MSIError: Error, Equatable, Sendable, CustomStringConvertible {
    case container(CompoundFileError)
    case missingStream(String)
    case corruptStringPool(String)
    case noSuchTable(String)
    case corruptTable(table: String, reason: String)
    case noSuchColumn(table: String, column: String)
    case badValue(table: String, row: Int, column: String, reason: String)

    public var description: String {
        switch self {
        case .container(let e): return "MSI container: \(e)"
        case .missingStream(let s): return "MSI database has no '\(s)' stream"
        case .corruptStringPool(let why): return "MSI string pool is corrupt: \(why)"
        case .noSuchTable(let t): return "MSI database has no table '\(t)'"
        case .corruptTable(let t, let why): return "MSI table '\(t)' is corrupt: \(why)"
        case .noSuchColumn(let t, let c): return "MSI table '\(t)' has no column '\(c)'"
        case .badValue(let t, let r, let c, let why): return "MSI table '\(t)' row \(r) column '\(c)': \(why)"
        }
    }
}

/// Mangled stream names: pairs of characters from a 64-character alphabet are packed into one
/// UTF-16 unit in 0x3800..<0x4800, single characters into 0x4800..<0x4840; U+4840 marks a table.
public enum MSIStreamName {
    static let tableMarker: UInt32 = 0x4840
    private static let alphabet: [Character] = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz._")

    /// Decodes a raw compound-file stream name. `isTable` is true for names with the U+4840 prefix.
    public static func decode(_ raw: String) -> (name: String, isTable: Bool) {
        var out = ""
        var isTable = false
        for (i, scalar) in raw.unicodeScalars.enumerated() {
            let v = scalar.value
            if i == 0 && v == tableMarker {
                isTable = true
            } else if v >= 0x3800 && v < 0x4800 {
                out.append(alphabet[Int((v - 0x3800) & 0x3F)])
                out.append(alphabet[Int(((v - 0x3800) >> 6) & 0x3F)])
            } else if v >= 0x4800 && v < 0x4840 {
                out.append(alphabet[Int(v - 0x4800)])
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return (out, isTable)
    }

    /// The inverse of `decode`, as Windows Installer writes names.
    public static func encode(_ name: String, isTable: Bool) -> String {
        func index(_ c: Unicode.Scalar) -> UInt32? {
            alphabet.firstIndex(of: Character(c)).map(UInt32.init)
        }
        var out = String.UnicodeScalarView()
        if isTable { out.append(Unicode.Scalar(tableMarker)!) }
        let scalars = Array(name.unicodeScalars)
        var i = 0
        while i < scalars.count {
            if let a = index(scalars[i]) {
                if i + 1 < scalars.count, let b = index(scalars[i + 1]) {
                    out.append(Unicode.Scalar(0x3800 + a + (b << 6))!)
                    i += 2
                    continue
                }
                out.append(Unicode.Scalar(0x4800 + a)!)
            } else {
                out.append(scalars[i])
            }
            i += 1
        }
        return String(out)
    }
}

public enum MSIValue: Sendable, Equatable, CustomStringConvertible {
    case null
    case int(Int)
    case string(String)
    /// A binary column: the data is in the stream named "Table.Key".
    case stream

    public var string: String? { if case .string(let s) = self { return s } else { return nil } }
    public var int: Int? { if case .int(let v) = self { return v } else { return nil } }
    public var description: String {
        switch self {
        case .null: return ""
        case .int(let v): return String(v)
        case .string(let s): return s
        case .stream: return "[stream]"
        }
    }
}

public struct MSIColumn: Sendable, Equatable {
    public let name: String
    public let number: Int
    /// The column type bits as stored in `_Columns` (low byte: size).
    public let type: Int

    public var isString: Bool { type & 0x0800 != 0 }
    public var isNullable: Bool { type & 0x1000 != 0 }
    public var isKey: Bool { type & 0x2000 != 0 }
    /// String columns with size 0 and no other flag than nullable hold streams (Wine's MSITYPE_IS_BINARY).
    public var isBinary: Bool { type & ~0x1000 == 0x0900 }

    func width(stringWidth: Int) -> Int? {
        if isBinary { return 2 }
        if isString { return stringWidth }
        switch type & 0xFF {
        case 0...2: return 2
        case 4: return 4
        default: return nil
        }
    }
}

public struct MSITable: Sendable {
    public let name: String
    public let columns: [MSIColumn]
    public let rows: [[MSIValue]]

    public func columnIndex(_ name: String) throws -> Int {
        guard let i = columns.firstIndex(where: { $0.name == name }) else {
            throw MSIError.noSuchColumn(table: self.name, column: name)
        }
        return i
    }

    func string(_ row: Int, _ column: Int, required: Bool = true) throws -> String? {
        switch rows[row][column] {
        case .string(let s): return s
        case .null where !required: return nil
        default:
            throw MSIError.badValue(table: name, row: row, column: columns[column].name, reason: "expected a string")
        }
    }

    func int(_ row: Int, _ column: Int, required: Bool = true) throws -> Int? {
        switch rows[row][column] {
        case .int(let v): return v
        case .null where !required: return nil
        default:
            throw MSIError.badValue(table: name, row: row, column: columns[column].name, reason: "expected an integer")
        }
    }
}

public struct MSIDatabase: Sendable {
    public let file: CompoundFile
    /// Code page of the string pool (0 = neutral, 1252, 65001 = UTF-8, ...).
    public let codePage: Int
    /// Width of string references in table streams: 2, or 3 for large string pools.
    public let stringWidth: Int
    public let tableNames: [String]
    /// Decoded names of the non-table streams (embedded cabinets, binaries, summary info).
    public let streamNames: [String]

    private let strings: [String]
    private let tableStreams: [String: CompoundFileEntry]
    private let otherStreams: [String: CompoundFileEntry]

    public init(_ bytes: [UInt8]) throws {
        do { try self.init(try CompoundFile(bytes)) } catch let e as CompoundFileError { throw MSIError.container(e) }
    }

    public init(_ file: CompoundFile) throws {
        self.file = file
        var tables: [String: CompoundFileEntry] = [:]
        var others: [String: CompoundFileEntry] = [:]
        var otherNames: [String] = []
        for entry in file.entries where entry.kind == .stream && !entry.path.contains("/") {
            let (name, isTable) = MSIStreamName.decode(entry.name)
            if isTable {
                tables[name] = entry
            } else {
                others[name] = entry
                otherNames.append(name)
            }
        }
        tableStreams = tables
        otherStreams = others
        streamNames = otherNames

        func read(_ name: String) throws -> [UInt8] {
            guard let e = tables[name] else { throw MSIError.missingStream(name) }
            do { return try file.read(e) } catch let e as CompoundFileError { throw MSIError.container(e) }
        }
        let pool = try read("_StringPool")
        let data = try read("_StringData")
        (codePage, stringWidth, strings) = try Self.loadStrings(pool: pool, data: data)

        // _Tables: one string column, the table names.
        let tablesStream = try read("_Tables")
        var names: [String] = []
        var p = 0
        while p + stringWidth <= tablesStream.count {
            let id = Self.readUInt(tablesStream, p, stringWidth)
            guard id > 0, id < strings.count else {
                throw MSIError.corruptTable(table: "_Tables", reason: "string id \(id) out of range")
            }
            names.append(strings[id])
            p += stringWidth
        }
        tableNames = names
    }

    /// _StringPool: a header (code page, bit 31 = 3-byte string references) then one
    /// (length, refcount) pair of UInt16 per string id from 1. A string over 64 KB uses two
    /// entries: (0, refcount) then (low 16 bits, high 16 bits) of its length. (0, 0) is an
    /// unused id. _StringData holds the strings back to back, in the code page.
    private static func loadStrings(pool: [UInt8], data: [UInt8]) throws -> (Int, Int, [String]) {
        guard pool.count >= 4 else { return (0, 2, [""]) }
        let header = pool.le32(0)
        let codePage = Int(header & 0x7FFF_FFFF)
        let width = header & 0x8000_0000 != 0 ? 3 : 2
        var strings: [String] = [""]  // id 0 is the null string
        var offset = 0
        var i = 1
        let entryCount = pool.count / 4
        while i < entryCount {
            let length16 = Int(pool.le16(i * 4))
            let refs = Int(pool.le16(i * 4 + 2))
            var length = length16
            if length16 == 0 && refs == 0 {
                strings.append("")
                i += 1
                continue
            }
            if length16 == 0 {
                guard i + 1 < entryCount else {
                    throw MSIError.corruptStringPool("long string entry \(strings.count) is cut off")
                }
                length = Int(pool.le16(i * 4 + 4)) | Int(pool.le16(i * 4 + 6)) << 16
                i += 2
            } else {
                i += 1
            }
            guard length <= data.count - offset else {
                throw MSIError.corruptStringPool(
                    "string \(strings.count) (\(length) bytes at \(offset)) runs past the \(data.count)-byte "
                        + "_StringData"
                )
            }
            strings.append(decodeString(data[offset..<offset + length], codePage: codePage))
            offset += length
        }
        return (codePage, width, strings)
    }

    static func decodeString(_ bytes: ArraySlice<UInt8>, codePage: Int) -> String {
        if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        switch codePage {
        case 65001: return String(decoding: bytes, as: UTF8.self)
        case 1252: return TextDecoding.cp1252(bytes)
        default:
            // Neutral (0) or another ANSI code page: UTF-8 when it decodes, else Windows-1252.
            return TextDecoding.utf8(bytes) ?? TextDecoding.cp1252(bytes)
        }
    }

    static func readUInt(_ b: [UInt8], _ p: Int, _ width: Int) -> Int {
        var v = 0
        for k in 0..<width { v |= Int(b[p + k]) << (8 * k) }
        return v
    }

    /// Column definitions of a table, from `_Columns` (Table, Number, Name, Type; the
    /// integers stored with a 0x8000 bias).
    public func columns(of table: String) throws -> [MSIColumn] {
        let columnsTable = try rawTable(
            "_Columns",
            columns: [
                MSIColumn(name: "Table", number: 1, type: 0x0D40),
                MSIColumn(name: "Number", number: 2, type: 0x0502),
                MSIColumn(name: "Name", number: 3, type: 0x0D40),
                MSIColumn(name: "Type", number: 4, type: 0x0502),
            ])
        var result: [MSIColumn] = []
        for (r, row) in columnsTable.rows.enumerated() where row[0].string == table {
            guard let number = row[1].int, let name = row[2].string, let type = row[3].int else {
                throw MSIError.badValue(table: "_Columns", row: r, column: "Number/Name/Type", reason: "null")
            }
            result.append(MSIColumn(name: name, number: number, type: type & 0xFFFF))
        }
        result.sort { $0.number < $1.number }
        guard !result.isEmpty else { throw MSIError.noSuchTable(table) }
        for (i, c) in result.enumerated() where c.number != i + 1 {
            throw MSIError.corruptTable(table: table, reason: "column numbers are not 1...\(result.count)")
        }
        return result
    }

    /// All rows of a table, decoded.
    public func table(_ name: String) throws -> MSITable {
        guard tableNames.contains(name) else { throw MSIError.noSuchTable(name) }
        return try rawTable(name, columns: try columns(of: name))
    }

    private func rawTable(_ name: String, columns: [MSIColumn]) throws -> MSITable {
        var widths: [Int] = []
        for c in columns {
            guard let w = c.width(stringWidth: stringWidth) else {
                throw MSIError.corruptTable(
                    table: name, reason: "column '\(c.name)' has unsupported type \(hex8(UInt32(c.type)))")
            }
            widths.append(w)
        }
        // A table without rows may have no stream at all.
        guard let entry = tableStreams[name] else { return MSITable(name: name, columns: columns, rows: []) }
        let data: [UInt8]
        do { data = try file.read(entry) } catch let e as CompoundFileError { throw MSIError.container(e) }
        let rowSize = widths.reduce(0, +)
        guard rowSize > 0, data.count % rowSize == 0 else {
            throw MSIError.corruptTable(
                table: name, reason: "\(data.count) bytes is not a whole number of \(rowSize)-byte rows")
        }
        let rowCount = data.count / rowSize
        var rows = [[MSIValue]](repeating: [], count: rowCount)
        for r in 0..<rowCount { rows[r].reserveCapacity(columns.count) }
        // Column-major: all values of column 1, then of column 2, ...
        var base = 0
        for (c, column) in columns.enumerated() {
            let w = widths[c]
            for r in 0..<rowCount {
                let raw = Self.readUInt(data, base + r * w, w)
                let value: MSIValue
                if raw == 0 {
                    value = .null
                } else if column.isBinary {
                    value = .stream
                } else if column.isString {
                    guard raw < strings.count else {
                        throw MSIError.badValue(
                            table: name, row: r, column: column.name, reason: "string id \(raw) out of range")
                    }
                    value = .string(strings[raw])
                } else if w == 2 {
                    value = .int(raw - 0x8000)
                } else {
                    value = .int(Int(Int32(bitPattern: UInt32(truncatingIfNeeded: raw) ^ 0x8000_0000)))
                }
                rows[r].append(value)
            }
            base += w * rowCount
        }
        return MSITable(name: name, columns: columns, rows: rows)
    }

    /// A non-table stream by its decoded name (an embedded cabinet is named by the Media
    /// table's Cabinet value without the leading '#').
    public func stream(named name: String) throws -> [UInt8] {
        guard let entry = otherStreams[name] else { throw MSIError.missingStream(name) }
        do { return try file.read(entry) } catch let e as CompoundFileError { throw MSIError.container(e) }
    }
}
