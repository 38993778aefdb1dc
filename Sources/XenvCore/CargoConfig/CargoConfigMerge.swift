import XenvSystem

/// Puts xenv's `target.<triple>.linker` into a project's own cargo config as one block between marker comments,
/// and takes it out again. Pure text in, text out; the caller reads and writes the file.
///
/// Every byte outside the block is kept, so `remove(merge(x))` is `x` again. Where the block goes:
/// - into an existing `[target.<triple>]` table, right after its header, as a bare `linker = …` line (a second
///   header for the same table would be invalid TOML);
/// - else, when dotted keys already create the table (`target.<triple>.rustflags = …` at the top, or
///   `<triple>.rustflags = …` in `[target]`), right after the first of those, as a dotted key in the same table,
///   since a header after them would be invalid TOML too;
/// - else at the end, before any trailing blank lines, with its own header and a blank line before it.
/// A file without a final line break keeps having none, and inserted lines use the file's line endings.
public enum CargoConfigMerge {
    /// What `--force` puts in front of each line of a conflicting `linker` setting; `remove` takes it off again.
    static let forcePrefix = "# xenv --force: "

    static func beginMarker(_ triple: String) -> String {
        "# >>> xenv: \(triple) (managed by xenv setup; edits inside are lost) >>>"
    }

    static func endMarker(_ triple: String) -> String { "# <<< xenv: \(triple) <<<" }

    /// Returns `existing` with xenv's block for `triple` added or replaced; every byte outside the block is kept
    /// (except, with `force`, a conflicting `linker` setting, whose lines are commented out with `forcePrefix`
    /// so that `remove` can restore them). `file` only names the file in errors.
    public static func merge(
        _ existing: String, triple: String, linker: String, force: Bool, file: String
    ) throws(XenvError) -> String {
        var scan = TOMLLineScanner(existing)
        if let problem = scan.problem {
            throw cannotMerge(
                file, scan, problem.line, reason: "is not valid TOML (\(problem.reason))",
                remedy: "fix it (cargo rejects it too) and run xenv setup again")
        }
        var document = Document(scan)
        var blocks = try closedBlocks(in: scan, file: file)
        let ownLines = Set(blocks.filter { $0.triple == triple }.flatMap { $0.begin...$0.end })

        // Settings outside xenv's block that collide with it: a `linker` key line (which --force can comment out)
        // or a `linker` inside an inline table (which it cannot).
        let tablePath = ["target", triple]
        let linkerPath = tablePath + ["linker"]
        let outside = scan.definitions().filter {
            !$0.inArrayOfTables && !ownLines.contains(scan.entries[$0.entry].firstLine)
        }
        let conflicts = outside.filter { definition in
            definition.path.starts(with: linkerPath)
                && (!definition.nested || !scan.entries[definition.entry].path.starts(with: linkerPath))
        }
        if let first = conflicts.first {
            if let inline = force ? conflicts.first(where: \.nested) : first.nested ? first : nil {
                throw .cargoConfigInlineLinker(
                    file: file, line: inline.line + 1, text: trimmed(scan, inline.line), triple: triple,
                    tableHeader: "[target.\(TOMLText.key(triple))]")
            }
            if !force {
                throw .cargoConfigLinkerConflict(
                    file: file, line: first.line + 1, text: trimmed(scan, first.line), triple: triple)
            }
        }
        // Shapes no added line can extend: `target.<triple> = { … }` (or `target = { … }`), `[[target…]]`.
        let header = "[target.\(TOMLText.key(triple))]"
        if let inline = outside.first(where: { !$0.nested && tablePath.starts(with: $0.path) && $0.value.isInlineTable }
        ) {
            let name = inline.path.map(TOMLText.key).joined(separator: ".")
            throw cannotMerge(
                file, scan, inline.line, reason: "makes \(name) an inline table, which takes no more keys",
                remedy: "edit it by hand into a \(header) table")
        }
        if let array = scan.lines.first(where: {
            $0.kind == .arrayOfTables && ($0.table == ["target"] || $0.table.starts(with: tablePath))
        }) {
            throw cannotMerge(
                file, scan, array.index, reason: "declares an array of tables where cargo expects the table \(header)",
                remedy: "edit it by hand")
        }

        if !conflicts.isEmpty {
            for entry in Set(conflicts.map(\.entry)) {
                for line in scan.entries[entry].firstLine...scan.entries[entry].lastLine {
                    document.lines[line].content = Array(forcePrefix.utf8) + document.lines[line].content
                }
            }
            scan = TOMLLineScanner(bytes: document.bytes, hasByteOrderMark: document.byteOrderMark)
            blocks = try closedBlocks(in: scan, file: file)
        }

        let own = blocks.filter { $0.triple == triple }
        let placement = Placement(scan, triple: triple, excluding: ownLines)
        let body = placement.lines(triple: triple, linker: linker)

        // The block already stands where it belongs: replace what is between (and on) its markers.
        if own.count == 1, placement.fits(own[0], in: scan) {
            let block = own[0]
            var replacement = document.newLines([beginMarker(triple)] + body + [endMarker(triple)])
            replacement[replacement.count - 1].terminator = document.lines[block.end].terminator
            document.lines.replaceSubrange(block.begin...block.end, with: replacement)
            return document.text
        }

        for block in own.reversed() { document.strip(block) }
        scan = TOMLLineScanner(bytes: document.bytes, hasByteOrderMark: document.byteOrderMark)
        let fresh = Placement(scan, triple: triple, excluding: [])
        document.insert(
            fresh.lines(triple: triple, linker: linker), for: triple, at: fresh.insertionIndex(in: scan),
            separated: fresh.isAppend)
        return document.text
    }

    /// Takes out every xenv block (for any triple) and restores the lines that `--force` commented out: the
    /// inverse of `merge`. A block whose end marker is missing is left alone.
    public static func remove(_ existing: String, file: String) -> String {
        let scan = TOMLLineScanner(existing)
        var document = Document(scan)
        let prefix = Array(forcePrefix.utf8)
        for line in scan.lines where line.kind == .comment && document.lines[line.index].content.starts(with: prefix) {
            document.lines[line.index].content.removeFirst(prefix.count)
        }
        let blocks = (try? closedBlocks(in: scan, file: file, strict: false)) ?? []
        for block in blocks.reversed() { document.strip(block) }
        return document.text
    }

    // MARK: - Blocks

    struct Block: Equatable {
        let triple: String
        /// 0-based lines of the begin and end markers.
        let begin: Int
        let end: Int
        /// True for a block with its own table header (appended at the end), which has a blank line before it.
        let hasHeader: Bool
    }

    /// The blocks in order. With `strict`, a begin marker that no matching end marker closes is an error;
    /// without, it is skipped. A stray end marker is only a comment.
    static func closedBlocks(in scan: TOMLLineScanner, file: String, strict: Bool = true) throws(XenvError) -> [Block] {
        var blocks: [Block] = []
        var open: (triple: String, line: Int)?
        for line in scan.lines where line.kind == .comment {
            let text = trimmed(scan, line.index)
            if let triple = markedTriple(text, prefix: "# >>> xenv: ", suffix: ">>>") {
                if let unclosed = open, strict { throw unclosedBlock(file, scan, unclosed) }
                open = (triple, line.index)
            } else if let triple = markedTriple(text, prefix: "# <<< xenv: ", suffix: "<<<"), let opened = open {
                guard opened.triple == triple else {
                    if strict { throw unclosedBlock(file, scan, opened) }
                    open = nil
                    continue
                }
                let hasHeader = opened.line + 1 < line.index && scan.lines[opened.line + 1].kind == .table
                blocks.append(Block(triple: triple, begin: opened.line, end: line.index, hasHeader: hasHeader))
                open = nil
            }
        }
        if let unclosed = open, strict { throw unclosedBlock(file, scan, unclosed) }
        return blocks
    }

    /// The triple in `# >>> xenv: <triple> (…) >>>` or `# <<< xenv: <triple> <<<`.
    private static func markedTriple(_ text: String, prefix: String, suffix: String) -> String? {
        guard text.hasPrefix(prefix), text.hasSuffix(suffix), text.count >= prefix.count + suffix.count else {
            return nil
        }
        let inner = text.dropFirst(prefix.count).dropLast(suffix.count)
        let triple = inner.prefix { $0 != " " && $0 != "\t" }
        return triple.isEmpty ? nil : String(triple)
    }

    private static func unclosedBlock(
        _ file: String, _ scan: TOMLLineScanner, _ open: (triple: String, line: Int)
    ) -> XenvError {
        cannotMerge(
            file, scan, open.line,
            reason: "opens xenv's block for \(open.triple) but no `\(endMarker(open.triple))` line closes it",
            remedy: "delete the block by hand and run xenv setup again")
    }

    private static func cannotMerge(
        _ file: String, _ scan: TOMLLineScanner, _ line: Int, reason: String, remedy: String
    ) -> XenvError {
        .cargoConfigCannotMerge(file: file, line: line + 1, text: trimmed(scan, line), reason: reason, remedy: remedy)
    }

    private static func trimmed(_ scan: TOMLLineScanner, _ line: Int) -> String {
        let text = scan.text(ofLine: line).unicodeScalars
        let isSpace: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        guard let first = text.firstIndex(where: { !isSpace($0) }), let last = text.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(text[first...last])
    }
}

// MARK: - Where the block goes

private enum Placement {
    /// Right after the `[target.<triple>]` header on this line.
    case afterHeader(line: Int)
    /// Right after the key/value ending on `lastLine` that creates the table with dotted keys; the block's key
    /// starts with `prefix` (the path from that key's table to the triple's table).
    case afterDottedKey(lastLine: Int, prefix: [String])
    /// At the end, with its own header.
    case append

    init(_ scan: TOMLLineScanner, triple: String, excluding ignored: Set<Int>) {
        let tablePath = ["target", triple]
        if let header = scan.lines.first(where: {
            $0.kind == .table && $0.table == tablePath && !ignored.contains($0.index)
        }) {
            self = .afterHeader(line: header.index)
        } else if let entry = scan.entries.first(where: {
            !ignored.contains($0.firstLine) && !$0.inArrayOfTables
                && $0.table.count < tablePath.count && tablePath.starts(with: $0.table)
                && $0.path.count > tablePath.count && $0.path.starts(with: tablePath)
        }) {
            self = .afterDottedKey(lastLine: entry.lastLine, prefix: Array(tablePath.dropFirst(entry.table.count)))
        } else {
            self = .append
        }
    }

    var isAppend: Bool {
        if case .append = self { return true }
        return false
    }

    /// The block's lines between its markers.
    func lines(triple: String, linker: String) -> [String] {
        let value = " = \(TOMLText.string(linker))"
        switch self {
        case .afterHeader: return ["linker" + value]
        case .afterDottedKey(_, let prefix):
            return [(prefix + ["linker"]).map(TOMLText.key).joined(separator: ".") + value]
        case .append: return ["[target.\(TOMLText.key(triple))]", "linker" + value]
        }
    }

    /// Where a new block goes in a document that has none for the triple.
    func insertionIndex(in scan: TOMLLineScanner) -> Int {
        switch self {
        case .afterHeader(let line): return line + 1
        case .afterDottedKey(let lastLine, _): return lastLine + 1
        case .append: return (scan.lines.lastIndex { $0.kind != .blank } ?? -1) + 1
        }
    }

    /// Whether the existing `block` already stands where this placement puts it, written the same way.
    func fits(_ block: CargoConfigMerge.Block, in scan: TOMLLineScanner) -> Bool {
        let key: [String]
        switch self {
        case .append: return block.hasHeader
        case .afterHeader(let line):
            guard block.begin == line + 1 else { return false }
            key = ["linker"]
        case .afterDottedKey(let lastLine, let prefix):
            guard block.begin == lastLine + 1 else { return false }
            key = prefix + ["linker"]
        }
        guard !block.hasHeader, let entry = scan.lines[block.begin + 1].entry else { return false }
        return scan.entries[entry].key == key
    }
}

// MARK: - The document as lines of bytes

private struct Document {
    struct Line {
        var content: [UInt8]
        var terminator: [UInt8]
    }

    var byteOrderMark: Bool
    var lines: [Line]
    /// The line ending for new lines: CRLF when most lines end that way, else LF.
    let newline: [UInt8]

    init(_ scan: TOMLLineScanner) {
        byteOrderMark = scan.hasByteOrderMark
        lines = scan.lines.map {
            Line(content: Array(scan.bytes[$0.content]), terminator: Array(scan.bytes[$0.terminator]))
        }
        let crlf = lines.count { $0.terminator.count == 2 }
        let lf = lines.count { $0.terminator.count == 1 }
        newline = crlf > lf ? [0x0D, 0x0A] : [0x0A]
    }

    var bytes: [UInt8] { lines.flatMap { $0.content + $0.terminator } }

    var text: String {
        String(decoding: (byteOrderMark ? [0xEF, 0xBB, 0xBF] : []) + bytes, as: UTF8.self)
    }

    func newLines(_ texts: [String]) -> [Line] {
        texts.map { Line(content: Array($0.utf8), terminator: newline) }
    }

    /// Inserts a block at `index`; `separated` puts a blank line before it unless it starts the file. At the end
    /// of a file whose last line has no line break, that line gets one and the block's last line goes without.
    mutating func insert(_ body: [String], for triple: String, at index: Int, separated: Bool) {
        var block = newLines(
            (separated && index > 0 ? [""] : [])
                + [CargoConfigMerge.beginMarker(triple)] + body + [CargoConfigMerge.endMarker(triple)])
        if index == lines.count, index > 0, lines[index - 1].terminator.isEmpty {
            lines[index - 1].terminator = newline
            block[block.count - 1].terminator = []
        }
        lines.insert(contentsOf: block, at: index)
    }

    /// Takes a block out, with the blank line `insert` put before it and the line break it gave the line before.
    mutating func strip(_ block: CargoConfigMerge.Block) {
        var first = block.begin
        if block.hasHeader, first > 0, lines[first - 1].content.isEmpty { first -= 1 }
        let endedTheFile = block.end == lines.count - 1 && lines[block.end].terminator.isEmpty
        lines.removeSubrange(first...block.end)
        if endedTheFile, first > 0 { lines[first - 1].terminator = [] }
    }
}

extension TOMLLineScanner.Value {
    fileprivate var isInlineTable: Bool {
        if case .inlineTable = self { return true }
        return false
    }
}
