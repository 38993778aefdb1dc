/// The sidecar file that `xenv setup` writes next to the installed shim (`xenv-link.conf`): which linker
/// to run and the target's rules. One `key=value` a line, keys may repeat, `#` starts a comment line; in
/// values `%`, CR and LF are written `%25`, `%0D` and `%0A`, so any path fits on its line.
/// xenv renders it and the shim parses it with this one type, so the two cannot drift apart.
public struct ShimConfig: Equatable, Sendable {
    /// How the real linker wants to be called.
    public enum LinkerKind: String, Sendable, CaseIterable {
        /// The multi-flavour lld driver from the Rust toolchain: needs `-flavor link` as its first arguments.
        case rustLLD = "rust-lld"
        /// LLVM's `lld-link` (or a versioned name such as `lld-link-18`): the link flavour by name.
        case lldLink = "lld-link"
    }

    public var linker: String
    public var linkerKind: LinkerKind
    /// Flags removed from the arguments and @files, matched without case and with either `/` or `-`.
    public var dropFlags: [String]
    /// Flags put right after `-flavor link` (or first, for lld-link).
    public var addFlags: [String]
    /// Library directories appended to the linker's `LIB`, so a link works without `eval "$(xenv env)"`.
    public var libraryDirectories: [String]

    public init(
        linker: String, linkerKind: LinkerKind, dropFlags: [String], addFlags: [String],
        libraryDirectories: [String]
    ) {
        self.linker = linker
        self.linkerKind = linkerKind
        self.dropFlags = dropFlags
        self.addFlags = addFlags
        self.libraryDirectories = libraryDirectories
    }

    public enum ParseError: Error, Equatable, CustomStringConvertible {
        case malformedLine(number: Int, text: String)
        case unknownKey(number: Int, key: String)
        case invalidLinkerKind(number: Int, value: String)
        case missingKey(String)

        public var description: String {
            switch self {
            case .malformedLine(let number, let text): "line \(number) is not key=value: '\(text)'"
            case .unknownKey(let number, let key): "line \(number) has an unknown key '\(key)'"
            case .invalidLinkerKind(let number, let value):
                "line \(number): linker-kind '\(value)' is not one of "
                    + LinkerKind.allCases.map(\.rawValue).joined(separator: ", ")
            case .missingKey(let key): "the key '\(key)' is missing"
            }
        }
    }

    public init(parsing text: String) throws(ParseError) {
        var linker: String?
        var kind: LinkerKind?
        var drop: [String] = [], add: [String] = [], libs: [String] = []
        var number = 0
        // "\r\n" is one Character in Swift, so splitting on "\n" alone would never end a CRLF line.
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            number += 1
            let line = line.hasSuffix("\r") ? line.dropLast() : line[...]
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let equals = line.firstIndex(of: "=") else {
                throw .malformedLine(number: number, text: String(line))
            }
            let key = String(line[..<equals]), value = Self.unescape(line[line.index(after: equals)...])
            switch key {
            case "linker": linker = value
            case "linker-kind":
                guard let parsed = LinkerKind(rawValue: value) else {
                    throw .invalidLinkerKind(number: number, value: value)
                }
                kind = parsed
            case "drop": drop.append(value)
            case "add": add.append(value)
            case "lib": libs.append(value)
            default: throw .unknownKey(number: number, key: key)
            }
        }
        guard let linker else { throw .missingKey("linker") }
        guard let kind else { throw .missingKey("linker-kind") }
        self.init(linker: linker, linkerKind: kind, dropFlags: drop, addFlags: add, libraryDirectories: libs)
    }

    /// The file's text, one `key=value` a line; values are percent-escaped (`%`, CR, LF), so any value reads back.
    public var rendered: String {
        var text = "# Written by xenv for its linker shim. `xenv setup` rewrites it; edits are lost.\n"
        text += "linker=\(Self.escape(linker))\n"
        text += "linker-kind=\(linkerKind.rawValue)\n"
        for flag in dropFlags { text += "drop=\(Self.escape(flag))\n" }
        for flag in addFlags { text += "add=\(Self.escape(flag))\n" }
        for directory in libraryDirectories { text += "lib=\(Self.escape(directory))\n" }
        return text
    }

    static func escape(_ value: String) -> String {
        var escaped = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "%": escaped += "%25"
            case "\n": escaped += "%0A"
            case "\r": escaped += "%0D"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    static func unescape(_ value: Substring) -> String {
        guard value.contains("%") else { return String(value) }
        let scalars = Array(value.unicodeScalars)
        var result = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            if scalars[index] == "%", index + 2 < scalars.count {
                let code = String(String.UnicodeScalarView(scalars[index + 1...index + 2]))
                let decoded: Unicode.Scalar? = code == "25" ? "%" : code == "0A" ? "\n" : code == "0D" ? "\r" : nil
                if let decoded {
                    result.append(decoded)
                    index += 3
                    continue
                }
            }
            result.append(scalars[index])
            index += 1
        }
        return String(result)
    }

    /// The file name of the sidecar for a shim executable: `xenv-link` or `xenv-link.exe` → `xenv-link.conf`.
    public static func sidecarPath(forExecutable path: String) -> String {
        var base = path
        if base.lowercased().hasSuffix(".exe") { base.removeLast(4) }
        return base + ".conf"
    }
}
