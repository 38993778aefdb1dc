import XenvSystem

/// Reads a TOML document a line at a time, the way a line-wise edit needs it: for every line, what it is (blank,
/// comment, table header, the first line of a key/value or a later line of one), which table it belongs to and
/// which key it sets. It follows multi-line strings, arrays and inline tables across lines, so text inside them
/// that looks like a header, a key or a comment is never taken for one.
///
/// It is not a full TOML parser: it decodes keys and strings but keeps other values as their raw text, and it
/// does not reject duplicate keys or tables. What it cannot read is reported as `problem` (the first one); the
/// scan then goes on at the next line, so the lines after a problem are a best guess.
struct TOMLLineScanner: Sendable {
    enum Kind: Equatable, Sendable {
        case blank
        case comment
        /// `[a.b]`
        case table
        /// `[[a.b]]`
        case arrayOfTables
        /// The first line of `key = value`.
        case keyValue
        /// A later line of a value that spans lines: a multi-line string, array or inline table.
        case continuation
        /// The first line of something the scanner could not read (see `problem`).
        case invalid
    }

    indirect enum Value: Equatable, Sendable {
        /// Any of the four string forms, decoded.
        case string(String)
        case array
        case inlineTable([InlineKey])
        /// A number, boolean or date, as written.
        case other(String)
    }

    /// A key inside an inline table, relative to the table; `line` is the 0-based line it is written on.
    struct InlineKey: Equatable, Sendable {
        var key: [String]
        var line: Int
        var value: Value
    }

    struct Line: Sendable {
        /// 0-based; the line number people see is `index + 1`.
        let index: Int
        /// Byte offsets into `bytes` of the text, without the line ending.
        let content: Range<Int>
        /// Byte offsets of the line ending: `\n`, `\r\n`, or empty for a last line without one.
        let terminator: Range<Int>
        var kind: Kind = .blank
        /// The table the line belongs to (root is `[]`); a header line belongs to the table it opens.
        var table: [String] = []
        /// True when `table` is (inside) an element of an array of tables, so `table + key` names no unique value.
        var inArrayOfTables = false
        /// For a key/value line and its continuation lines: the full dotted path, `table + key`.
        var key: [String]? = nil
        /// For a key/value line and its continuation lines: the index into `entries`.
        var entry: Int? = nil

        var number: Int { index + 1 }
    }

    /// One `key = value`, which may span several lines.
    struct Entry: Sendable {
        let firstLine: Int
        let lastLine: Int
        let table: [String]
        let inArrayOfTables: Bool
        /// The key as written, relative to `table`.
        let key: [String]
        let value: Value

        var path: [String] { table + key }
    }

    /// A key set somewhere in the document, with its full path: an entry's own key, or one inside an inline table
    /// that an entry (or another inline table) holds.
    struct Definition: Equatable, Sendable {
        let path: [String]
        /// 0-based line the key is written on.
        let line: Int
        let entry: Int
        /// True for a key inside an inline table.
        let nested: Bool
        let inArrayOfTables: Bool
        let value: Value
    }

    struct Problem: Equatable, Sendable {
        /// 0-based.
        let line: Int
        let reason: String
    }

    /// The document without a leading UTF-8 byte order mark.
    let bytes: [UInt8]
    let hasByteOrderMark: Bool
    private(set) var lines: [Line] = []
    private(set) var entries: [Entry] = []
    private(set) var problem: Problem?

    init(_ text: String) {
        let all = Array(text.utf8)
        let bom = all.starts(with: [0xEF, 0xBB, 0xBF])
        self.init(bytes: bom ? Array(all.dropFirst(3)) : all, hasByteOrderMark: bom)
    }

    init(bytes: [UInt8], hasByteOrderMark: Bool = false) {
        self.bytes = bytes
        self.hasByteOrderMark = hasByteOrderMark
        splitLines()
        scan()
    }

    /// The text of a line without its line ending.
    func text(ofLine index: Int) -> String {
        String(decoding: bytes[lines[index].content], as: UTF8.self)
    }

    /// Every key the document sets, in order, including those inside inline tables.
    func definitions() -> [Definition] {
        var result: [Definition] = []
        func add(_ path: [String], line: Int, entry: Int, nested: Bool, inArray: Bool, value: Value) {
            result.append(
                Definition(path: path, line: line, entry: entry, nested: nested, inArrayOfTables: inArray, value: value)
            )
            if case .inlineTable(let keys) = value {
                for key in keys {
                    add(path + key.key, line: key.line, entry: entry, nested: true, inArray: inArray, value: key.value)
                }
            }
        }
        for (index, entry) in entries.enumerated() {
            add(
                entry.path, line: entry.firstLine, entry: index, nested: false, inArray: entry.inArrayOfTables,
                value: entry.value)
        }
        return result
    }

    // MARK: - Scanning

    private mutating func splitLines() {
        var start = 0
        for (offset, byte) in bytes.enumerated() where byte == .lineFeed {
            let end = offset > start && bytes[offset - 1] == .carriageReturn ? offset - 1 : offset
            lines.append(Line(index: lines.count, content: start..<end, terminator: end..<offset + 1))
            start = offset + 1
        }
        if start < bytes.count {
            lines.append(Line(index: lines.count, content: start..<bytes.count, terminator: bytes.count..<bytes.count))
        }
    }

    private mutating func scan() {
        var cursor = Cursor(bytes: bytes, lineStarts: lines.map(\.content.lowerBound))
        var table: [String] = []
        var inArrayOfTables = false
        var arraysOfTables: [[String]] = []

        while cursor.position < bytes.count {
            let index = cursor.line(at: cursor.position)
            lines[index].table = table
            lines[index].inArrayOfTables = inArrayOfTables
            cursor.skipSpaces()
            if cursor.atLineEnd {
                cursor.skipNewline()
                continue
            }
            do throws(Failure) {
                if cursor.byte() == .hash {
                    lines[index].kind = .comment
                    cursor.skipToLineEnd()
                } else if cursor.byte() == .leftBracket {
                    let isArray = cursor.byte(1) == .leftBracket
                    cursor.position += isArray ? 2 : 1
                    let path = try cursor.key()
                    guard cursor.byte() == .rightBracket, !isArray || cursor.byte(1) == .rightBracket else {
                        throw Failure(at: cursor.position, "expected '\(isArray ? "]]" : "]")' after the table name")
                    }
                    cursor.position += isArray ? 2 : 1
                    try cursor.endOfLine()
                    table = path
                    if isArray {
                        arraysOfTables.append(path)
                        inArrayOfTables = true
                    } else {
                        inArrayOfTables = arraysOfTables.contains { path.count > $0.count && path.starts(with: $0) }
                    }
                    lines[index].kind = isArray ? .arrayOfTables : .table
                    lines[index].table = table
                    lines[index].inArrayOfTables = inArrayOfTables
                } else {
                    let key = try cursor.key()
                    guard cursor.byte() == .equals else {
                        throw Failure(at: cursor.position, "expected '=' after the key")
                    }
                    cursor.position += 1
                    cursor.skipSpaces()
                    let value = try cursor.value()
                    let last = cursor.line(at: cursor.position)
                    try cursor.endOfLine()
                    entries.append(
                        Entry(
                            firstLine: index, lastLine: last, table: table, inArrayOfTables: inArrayOfTables, key: key,
                            value: value))
                    for line in index...last {
                        lines[line].kind = line == index ? .keyValue : .continuation
                        lines[line].table = table
                        lines[line].inArrayOfTables = inArrayOfTables
                        lines[line].key = table + key
                        lines[line].entry = entries.count - 1
                    }
                }
                cursor.skipNewline()
            } catch {
                if problem == nil { problem = Problem(line: cursor.line(at: error.position), reason: error.reason) }
                // Whatever the failed construct swallowed counts as part of it; go on at the next line.
                let last = cursor.line(at: cursor.position)
                for line in index...last {
                    lines[line].kind = line == index ? .invalid : .continuation
                    lines[line].table = table
                    lines[line].inArrayOfTables = inArrayOfTables
                }
                cursor.position = last + 1 < lines.count ? lines[last + 1].content.lowerBound : bytes.count
            }
        }
    }
}

// MARK: - The cursor

private struct Failure: Error {
    let position: Int
    let reason: String
    init(at position: Int, _ reason: String) {
        self.position = position
        self.reason = reason
    }
}

private struct Cursor {
    let bytes: [UInt8]
    let lineStarts: [Int]
    var position = 0

    func byte(_ offset: Int = 0) -> UInt8? {
        position + offset < bytes.count ? bytes[position + offset] : nil
    }

    /// The 0-based line that holds `offset` (its text or its line ending); the last line for the end of the text.
    func line(at offset: Int) -> Int {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return max(low, 0)
    }

    var atLineEnd: Bool {
        guard let byte = byte() else { return true }
        return byte == .lineFeed || (byte == .carriageReturn && self.byte(1) == .lineFeed)
    }

    mutating func skipSpaces() {
        while let byte = byte(), byte == .space || byte == .tab { position += 1 }
    }

    mutating func skipToLineEnd() {
        while !atLineEnd { position += 1 }
    }

    @discardableResult
    mutating func skipNewline() -> Bool {
        if byte() == .lineFeed {
            position += 1
            return true
        }
        if byte() == .carriageReturn && byte(1) == .lineFeed {
            position += 2
            return true
        }
        return false
    }

    /// Inside arrays and inline tables: spaces, comments and line breaks.
    mutating func skipSpacesCommentsAndNewlines() {
        while true {
            skipSpaces()
            if byte() == .hash { skipToLineEnd() }
            if !skipNewline() { return }
        }
    }

    /// After a header or a value: optional spaces and a comment, then the end of the line.
    mutating func endOfLine() throws(Failure) {
        skipSpaces()
        if byte() == .hash { skipToLineEnd() }
        guard atLineEnd else { throw Failure(at: position, "expected the end of the line") }
    }

    // MARK: Keys

    /// A dotted key, `a . "b.c" . 'd'`, with the spaces after it skipped.
    mutating func key() throws(Failure) -> [String] {
        var parts: [String] = []
        while true {
            skipSpaces()
            parts.append(try simpleKey())
            skipSpaces()
            guard byte() == .dot else { return parts }
            position += 1
        }
    }

    private mutating func simpleKey() throws(Failure) -> String {
        let start = position
        switch byte() {
        case .quote?:
            position += 1
            return try basicString(openedAt: start)
        case .apostrophe?:
            position += 1
            return try literalString(openedAt: start)
        case let byte? where byte.isBareKeyByte:
            while let byte = self.byte(), byte.isBareKeyByte { position += 1 }
            return String(decoding: bytes[start..<position], as: UTF8.self)
        default:
            throw Failure(at: start, "expected a key")
        }
    }

    // MARK: Values

    mutating func value() throws(Failure) -> TOMLLineScanner.Value {
        let start = position
        switch byte() {
        case .quote?:
            if byte(1) == .quote && byte(2) == .quote { return .string(try multiLineString(literal: false)) }
            position += 1
            return .string(try basicString(openedAt: start))
        case .apostrophe?:
            if byte(1) == .apostrophe && byte(2) == .apostrophe { return .string(try multiLineString(literal: true)) }
            position += 1
            return .string(try literalString(openedAt: start))
        case .leftBracket?:
            position += 1
            while true {
                skipSpacesCommentsAndNewlines()
                if byte() == .rightBracket {
                    position += 1
                    return .array
                }
                if byte() == nil { throw Failure(at: start, "the array that starts here is never closed") }
                _ = try value()
                skipSpacesCommentsAndNewlines()
                switch byte() {
                case .comma?: position += 1
                case .rightBracket?: continue
                case nil: throw Failure(at: start, "the array that starts here is never closed")
                default: throw Failure(at: position, "expected ',' or ']' in the array")
                }
            }
        case .leftBrace?:
            position += 1
            var keys: [TOMLLineScanner.InlineKey] = []
            while true {
                // TOML 1.1 lets an inline table span lines; 1.0 readers reject that, but nothing here depends on it.
                skipSpacesCommentsAndNewlines()
                if byte() == .rightBrace {
                    position += 1
                    return .inlineTable(keys)
                }
                if byte() == nil { throw Failure(at: start, "the inline table that starts here is never closed") }
                let keyLine = line(at: position)
                let key = try key()
                guard byte() == .equals else { throw Failure(at: position, "expected '=' after the key") }
                position += 1
                skipSpaces()
                keys.append(TOMLLineScanner.InlineKey(key: key, line: keyLine, value: try value()))
                skipSpacesCommentsAndNewlines()
                switch byte() {
                case .comma?: position += 1
                case .rightBrace?: continue
                case nil: throw Failure(at: start, "the inline table that starts here is never closed")
                default: throw Failure(at: position, "expected ',' or '}' in the inline table")
                }
            }
        default:
            return .other(try bareValue())
        }
    }

    /// A number, boolean, date or time: the raw text.
    private mutating func bareValue() throws(Failure) -> String {
        let start = position
        while let byte = byte(), byte.isBareValueByte { position += 1 }
        let first = String(decoding: bytes[start..<position], as: UTF8.self)
        // A date and a time may be separated by one space: `1979-05-27 07:32:00Z`.
        if first.utf8.count == 10, first.utf8.filter({ $0 == .minus }).count == 2, byte() == .space,
            let next = byte(1), next.isDigit
        {
            position += 1
            while let byte = byte(), byte.isBareValueByte { position += 1 }
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        guard let head = text.utf8.first,
            text == "true" || text == "false" || head.isDigit || head == .plus || head == .minus
                || text == "inf" || text == "nan"
        else {
            throw Failure(at: start, text.isEmpty ? "expected a value" : "expected a value; strings need quotes")
        }
        return text
    }

    /// A one-line basic string after its opening `"`.
    private mutating func basicString(openedAt start: Int) throws(Failure) -> String {
        var result: [UInt8] = []
        while true {
            guard let byte = byte(), !atLineEnd else {
                throw Failure(at: start, "the string that starts here is not closed on its line")
            }
            switch byte {
            case .quote:
                position += 1
                return String(decoding: result, as: UTF8.self)
            case .backslash:
                try escape(into: &result)
            default:
                result.append(byte)
                position += 1
            }
        }
    }

    /// A one-line literal string after its opening `'`.
    private mutating func literalString(openedAt start: Int) throws(Failure) -> String {
        let contentStart = position
        while true {
            guard let byte = byte(), !atLineEnd else {
                throw Failure(at: start, "the string that starts here is not closed on its line")
            }
            position += 1
            if byte == .apostrophe { return String(decoding: bytes[contentStart..<position - 1], as: UTF8.self) }
        }
    }

    /// `"""…"""` or `'''…'''`, at the opening delimiter. A line break right after the opening is dropped, and up to
    /// two quotes right before the closing delimiter belong to the string.
    private mutating func multiLineString(literal: Bool) throws(Failure) -> String {
        let start = position
        let delimiter: UInt8 = literal ? .apostrophe : .quote
        position += 3
        skipNewline()
        var result: [UInt8] = []
        while true {
            guard let byte = byte() else {
                throw Failure(at: start, "the multi-line string that starts here is never closed")
            }
            if byte == delimiter && self.byte(1) == delimiter && self.byte(2) == delimiter {
                var count = 3
                while self.byte(count) == delimiter { count += 1 }
                guard count <= 5 else {
                    throw Failure(at: position, "too many quotes at the end of a multi-line string")
                }
                result += Array(repeating: delimiter, count: count - 3)
                position += count
                return String(decoding: result, as: UTF8.self)
            }
            if byte == .backslash && !literal {
                // A backslash at the end of a line swallows the line break and the whitespace after it.
                var after = Cursor(bytes: bytes, lineStarts: lineStarts, position: position + 1)
                after.skipSpaces()
                if after.byte() != nil && after.atLineEnd {
                    position = after.position
                    while let next = self.byte(),
                        next == .space || next == .tab || next == .lineFeed || next == .carriageReturn
                    {
                        position += 1
                    }
                    continue
                }
                try escape(into: &result)
                continue
            }
            result.append(byte)
            position += 1
        }
    }

    /// An escape sequence at a backslash.
    private mutating func escape(into result: inout [UInt8]) throws(Failure) {
        let start = position
        guard let letter = byte(1) else { throw Failure(at: start, "a backslash ends the text") }
        position += 2
        switch letter {
        case UInt8(ascii: "b"): result.append(0x08)
        case UInt8(ascii: "t"): result.append(0x09)
        case UInt8(ascii: "n"): result.append(0x0A)
        case UInt8(ascii: "f"): result.append(0x0C)
        case UInt8(ascii: "r"): result.append(0x0D)
        case UInt8(ascii: "e"): result.append(0x1B)  // TOML 1.1
        case .quote, .backslash: result.append(letter)
        case UInt8(ascii: "x"), UInt8(ascii: "u"), UInt8(ascii: "U"):
            let digits = letter == UInt8(ascii: "x") ? 2 : letter == UInt8(ascii: "u") ? 4 : 8
            guard position + digits <= bytes.count,
                let value = UInt32(String(decoding: bytes[position..<position + digits], as: UTF8.self), radix: 16),
                let scalar = Unicode.Scalar(value)
            else { throw Failure(at: start, "invalid escape in a string") }
            position += digits
            result += Array(String(Character(scalar)).utf8)
        default:
            throw Failure(at: start, "invalid escape '\\\(Character(Unicode.Scalar(letter)))' in a string")
        }
    }
}

extension UInt8 {
    fileprivate static let tab = UInt8(ascii: "\t")
    fileprivate static let lineFeed = UInt8(ascii: "\n")
    fileprivate static let carriageReturn = UInt8(ascii: "\r")
    fileprivate static let space = UInt8(ascii: " ")
    fileprivate static let quote = UInt8(ascii: "\"")
    fileprivate static let hash = UInt8(ascii: "#")
    fileprivate static let apostrophe = UInt8(ascii: "'")
    fileprivate static let plus = UInt8(ascii: "+")
    fileprivate static let comma = UInt8(ascii: ",")
    fileprivate static let minus = UInt8(ascii: "-")
    fileprivate static let dot = UInt8(ascii: ".")
    fileprivate static let equals = UInt8(ascii: "=")
    fileprivate static let leftBracket = UInt8(ascii: "[")
    fileprivate static let backslash = UInt8(ascii: "\\")
    fileprivate static let rightBracket = UInt8(ascii: "]")
    fileprivate static let leftBrace = UInt8(ascii: "{")
    fileprivate static let rightBrace = UInt8(ascii: "}")

    fileprivate var isDigit: Bool { self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9") }

    fileprivate var isBareKeyByte: Bool {
        isDigit || (self >= UInt8(ascii: "a") && self <= UInt8(ascii: "z"))
            || (self >= UInt8(ascii: "A") && self <= UInt8(ascii: "Z"))
            || self == UInt8(ascii: "_") || self == .minus
    }

    /// What numbers, booleans, dates and times are made of.
    fileprivate var isBareValueByte: Bool {
        isBareKeyByte || self == .plus || self == .dot || self == UInt8(ascii: ":")
    }
}
