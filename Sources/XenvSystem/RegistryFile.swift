/// A registry export in regedit's `.reg` format ("Windows Registry Editor Version 5.00", UTF-16LE with a byte
/// order mark as regedit writes it, or UTF-8): the simulated host's registry. Only string values are kept
/// (`"Name"="text"` and `@="text"`); other types (`dword:`, `hex...:`) are read past, as `RegGetValueW` with
/// `RRF_RT_REG_SZ` passes them over, except that a real registry would also return an expanded `REG_EXPAND_SZ`
/// (`hex(2):`), which this does not: the simulated registries need none. A 64-bit export holds the 32-bit view
/// under `SOFTWARE\WOW6432Node`.
public struct RegistryFile: Equatable, Sendable {
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public var line: Int
        public var reason: String
        public var description: String { "line \(line): \(reason)" }
    }

    /// Values by upper-cased key path (`HKEY_LOCAL_MACHINE\SOFTWARE\...`), then by upper-cased value name
    /// (`""` for a key's default value): registry names ignore case.
    private var keys: [String: [String: String]] = [:]

    public init(parsing bytes: [UInt8]) throws(ParseError) {
        let text: String
        if bytes.starts(with: [0xFF, 0xFE]) {
            let units = stride(from: 2, to: bytes.count - 1, by: 2).map {
                UInt16(bytes[$0]) | UInt16(bytes[$0 + 1]) << 8
            }
            text = String(decoding: units, as: UTF16.self)
        } else {
            text = String(
                decoding: bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes, as: UTF8.self)
        }
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            .map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }[...]
        guard let header = lines.popFirst(), header == "Windows Registry Editor Version 5.00" || header == "REGEDIT4"
        else {
            throw ParseError(
                line: 1, reason: "not a registry export: the first line must be 'Windows Registry Editor Version 5.00'")
        }
        var number = 1
        var key: String?
        while let line = lines.popFirst() {
            number += 1
            var logical = String(line)
            // A value continues on the next line after a trailing `\` (hex data); a comment does not.
            while logical.hasSuffix("\\"), !logical.drop(while: { $0 == " " || $0 == "\t" }).hasPrefix(";"),
                let next = lines.popFirst()
            {
                number += 1
                logical = String(logical.dropLast()) + next.drop { $0 == " " }
            }
            let trimmed = logical.drop { $0 == " " || $0 == "\t" }
            if trimmed.isEmpty || trimmed.hasPrefix(";") { continue }
            if trimmed.hasPrefix("[") {
                guard trimmed.hasSuffix("]") else {
                    throw ParseError(line: number, reason: "a key line must end in ']'")
                }
                let name = String(trimmed.dropFirst().dropLast())
                key = name.hasPrefix("-") ? nil : name.uppercased()
                if let key, keys[key] == nil { keys[key] = [:] }
                continue
            }
            guard let current = key else { throw ParseError(line: number, reason: "a value before any [key] line") }
            let (name, rest) = try Self.valueName(trimmed, line: number)
            guard rest.hasPrefix("=") else {
                throw ParseError(line: number, reason: "expected '=' after the value name")
            }
            let data = rest.dropFirst()
            if data.hasPrefix("\"") {
                keys[current]![name.uppercased()] = try Self.quoted(data, line: number).value
            }
        }
    }

    /// `"Name"` (with `\\` and `\"` escapes) or `@`, and what follows it.
    private static func valueName(_ text: Substring, line: Int) throws(ParseError) -> (String, Substring) {
        if text.hasPrefix("@") { return ("", text.dropFirst()) }
        guard text.hasPrefix("\"") else { throw ParseError(line: line, reason: "a value name must be quoted or '@'") }
        return try quoted(text, line: line)
    }

    /// The string of a `"..."` at the start of `text`, and the rest after its closing quote.
    private static func quoted(_ text: Substring, line: Int) throws(ParseError) -> (value: String, rest: Substring) {
        var value = ""
        var index = text.index(after: text.startIndex)
        while index < text.endIndex {
            let character = text[index]
            if character == "\"" { return (value, text[text.index(after: index)...]) }
            if character == "\\" {
                index = text.index(after: index)
                guard index < text.endIndex else { break }
            }
            value.append(text[index])
            index = text.index(after: index)
        }
        throw ParseError(line: line, reason: "a string without its closing quote")
    }

    /// A string value; `keyPath` starts with the hive's full name (`HKEY_LOCAL_MACHINE\...`).
    public func string(_ keyPath: String, _ name: String) -> String? {
        keys[keyPath.uppercased()]?[name.uppercased()]
    }

    /// What `RegGetValueW` answers for `key` in its view: HKLM's 32-bit view of `SOFTWARE\X` is the export's
    /// `SOFTWARE\WOW6432Node\X`; HKCU's software keys are shared by both views.
    public func string(_ key: RegistryKey, value: String) -> String? {
        var path = key.path
        let upper = path.uppercased()
        if key.view == .registry32, key.hive == .localMachine, upper.hasPrefix(#"SOFTWARE\"#),
            !upper.hasPrefix(#"SOFTWARE\WOW6432NODE\"#)
        {
            path = #"SOFTWARE\WOW6432Node\"# + path.dropFirst(#"SOFTWARE\"#.count)
        }
        return string(key.hive.rawValue + "\\" + path, value)
    }
}

/// Registry reads in the order winsdk.bat tries them: HKLM then HKCU, in the 32-bit view, then in the 64-bit
/// view; the first value found wins.
public struct WindowsRegistry: Sendable {
    public let calls: any WindowsCalls

    public init(calls: any WindowsCalls) { self.calls = calls }

    public static let searchOrder: [(RegistryKey.Hive, RegistryKey.View)] = [
        (.localMachine, .registry32), (.currentUser, .registry32), (.localMachine, .registry64),
        (.currentUser, .registry64),
    ]

    /// `value` of `path` (below `SOFTWARE\...` usually) from the first hive and view that has it.
    public func string(_ path: String, _ value: String) -> String? {
        for (hive, view) in Self.searchOrder {
            if let found = calls.registryString(RegistryKey(hive, path, view: view), value: value), !found.isEmpty {
                return found
            }
        }
        return nil
    }
}
