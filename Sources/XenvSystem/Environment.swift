/// A process environment as a value. With `caseInsensitiveNames` (Windows), names compare without regard to
/// case, as Windows compares them: `Path` and `PATH` are one variable, and the value holds one of them only.
/// Setting a name replaces whatever spelling was there, so a child never receives two PATH variables.
public struct Environment: Sendable, Equatable {
    /// Every variable, by its spelling.
    public private(set) var values: [String: String]
    public let caseInsensitiveNames: Bool
    /// Windows only: each upper-cased name's spelling in `values`.
    private var spellings: [String: String] = [:]

    /// With `caseInsensitiveNames`, names that differ only in case collapse to one: the spelling that sorts
    /// first keeps its value, a deterministic choice (a real Windows environment never holds both).
    public init(_ values: [String: String], caseInsensitiveNames: Bool = false) {
        self.caseInsensitiveNames = caseInsensitiveNames
        guard caseInsensitiveNames else {
            self.values = values
            return
        }
        self.values = [:]
        for name in values.keys.sorted() {
            let key = Self.foldedName(name)
            guard spellings[key] == nil else { continue }
            spellings[key] = name
            self.values[name] = values[name]
        }
    }

    /// Parses `NAME=value` entries, as `environ` and Windows' environment block hold them. A Windows entry may
    /// start with `=` (`=C:=C:\work`, the current directory of drive C): its name runs to the second `=`.
    public init(entries: [String], caseInsensitiveNames: Bool) {
        var values: [String: String] = [:]
        for entry in entries {
            let searchStart = entry.hasPrefix("=") ? entry.index(after: entry.startIndex) : entry.startIndex
            guard let equals = entry[searchStart...].firstIndex(of: "=") else { continue }
            let name = String(entry[..<equals])
            if values[name] == nil { values[name] = String(entry[entry.index(after: equals)...]) }
        }
        self.init(values, caseInsensitiveNames: caseInsensitiveNames)
    }

    /// The name as Windows compares it: each UTF-16 unit upper-cased on its own (RtlUpcaseUnicodeChar's simple
    /// mapping), so `straße` and `STRASSE` stay two names, as on Windows; the block is sorted by the same key.
    static func foldedName(_ name: String) -> String { String(decoding: foldedUnits(name), as: UTF16.self) }

    static func foldedUnits(_ name: String) -> [UInt16] {
        name.utf16.map { unit in
            if unit >= 0x61 && unit <= 0x7A { return unit - 0x20 }
            guard unit >= 0x80, let scalar = Unicode.Scalar(unit) else { return unit }
            // One scalar to one scalar in the BMP, or nothing: that is the simple mapping.
            let upper = scalar.properties.uppercaseMapping.unicodeScalars
            guard upper.count == 1, let mapped = upper.first, mapped.value <= 0xFFFF else { return unit }
            return UInt16(mapped.value)
        }
    }

    public subscript(name: String) -> String? {
        get {
            if let value = values[name] { return value }
            guard caseInsensitiveNames, let spelling = spellings[Self.foldedName(name)] else { return nil }
            return values[spelling]
        }
        set {
            if caseInsensitiveNames {
                let key = Self.foldedName(name)
                if let spelling = spellings[key] { values[spelling] = nil }
                spellings[key] = newValue == nil ? nil : name
            }
            values[name] = newValue
        }
    }

    /// Appends the entries that `name`'s `separator`-separated list does not hold yet, keeping what is there
    /// first: the user's own entries win.
    public mutating func appendListEntries(_ additions: [String], to name: String, separator: Character) {
        guard !additions.isEmpty else { return }
        var list = self[name].map { $0.split(separator: separator).map(String.init) } ?? []
        for addition in additions where !list.contains(addition) { list.append(addition) }
        self[name] = list.joined(separator: String(separator))
    }

    /// `NAME=value` entries sorted by name, for `execve` and `posix_spawn`.
    public var posixEntries: [String] {
        values.keys.sorted().map { "\($0)=\(values[$0]!)" }
    }

    /// The block `CreateProcessW` takes with `CREATE_UNICODE_ENVIRONMENT`: UTF-16 `NAME=value` strings, each
    /// ending in NUL, sorted by name without regard to case in code-unit order (as the CreateProcess
    /// documentation asks: "sorted alphabetically by name, case-insensitive, Unicode order, without regard to
    /// locale"), and a final NUL.
    public var windowsBlock: [UInt16] {
        let names = values.keys.map { (name: $0, key: Self.foldedUnits($0)) }
            .sorted { $0.key == $1.key ? $0.name < $1.name : $0.key.lexicographicallyPrecedes($1.key) }
        var block: [UInt16] = []
        for name in names {
            block.append(contentsOf: name.name.utf16)
            block.append(0x3D)  // "="
            block.append(contentsOf: values[name.name]!.utf16)
            block.append(0)
        }
        // An empty block still needs its two terminating NULs.
        if block.isEmpty { block.append(0) }
        block.append(0)
        return block
    }

    /// Reads a block as `windowsBlock` writes it (and as `GetEnvironmentStringsW` returns it).
    public static func parseWindowsBlock(_ block: [UInt16]) -> Environment {
        var entries: [String] = []
        var start = 0
        for index in block.indices where block[index] == 0 {
            if index == start { break }
            entries.append(String(decoding: block[start..<index], as: UTF16.self))
            start = index + 1
        }
        return Environment(entries: entries, caseInsensitiveNames: true)
    }
}
