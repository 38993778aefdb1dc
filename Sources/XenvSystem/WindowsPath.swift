/// Windows path algebra: parsing, joining, parents, temporary names, the form Win32 calls take. Pure Swift,
/// so the same code serves a real Windows host and the simulated one (`XENV_WINDOWS_ROOT`), and both are
/// tested on any machine. The rules follow Win32's own path handling (`GetFullPathNameW`): `/` and `\` are one
/// separator, `.` and `..` fold, trailing dots and spaces of a component are dropped.
public enum WindowsPath {
    /// What a path is anchored to.
    public enum Root: Equatable, Sendable {
        /// `C:\...`: a drive's root.
        case drive(Character)
        /// `\\server\share\...`.
        case unc(server: String, share: String)
        /// `\\?\...` or `\\.\...` with anything other than a drive or `UNC\` after it: used exactly as written.
        case device(String)
        /// `C:x`: relative to drive C's current directory.
        case driveRelative(Character)
        /// `\x`: the root of the current drive.
        case currentDrive
        /// `x\y`.
        case relative
    }

    /// A path split into its root and its components (separators removed, nothing folded yet).
    public struct Parsed: Equatable, Sendable {
        public var root: Root
        public var components: [String]
    }

    public static func parse(_ path: String) -> Parsed {
        var scalars = Substring(path)
        func isSeparator(_ character: Character) -> Bool { character == "\\" || character == "/" }
        func components(_ rest: Substring) -> [String] {
            rest.split(whereSeparator: isSeparator).map(String.init)
        }
        // `\\?\` and `\\.\` prefixes: Win32 passes what follows on without normalizing.
        if path.hasPrefix(#"\\?\"#) || path.hasPrefix(#"\\.\"#) {
            let rest = path.dropFirst(4)
            let parts = rest.split(separator: "\\", omittingEmptySubsequences: false)
            if let first = parts.first, first.count == 2, let letter = first.first, isDriveLetter(letter),
                first.last == ":"
            {
                return Parsed(root: .drive(Character(letter.uppercased())), components: components(rest.dropFirst(2)))
            }
            if parts.count >= 3, parts[0].uppercased() == "UNC" {
                return Parsed(
                    root: .unc(server: String(parts[1]), share: String(parts[2])),
                    components: parts.dropFirst(3).filter { !$0.isEmpty }.map(String.init))
            }
            return Parsed(
                root: .device(String(path.prefix(4)) + String(parts.first ?? "")),
                components: parts.dropFirst().filter { !$0.isEmpty }.map(String.init))
        }
        if let first = scalars.first, let second = scalars.dropFirst().first, isSeparator(first), isSeparator(second) {
            scalars = scalars.dropFirst(2)
            let parts = components(scalars)
            guard parts.count >= 2 else {
                return Parsed(root: .unc(server: parts.first ?? "", share: ""), components: [])
            }
            return Parsed(root: .unc(server: parts[0], share: parts[1]), components: Array(parts.dropFirst(2)))
        }
        if let letter = scalars.first, isDriveLetter(letter), scalars.dropFirst().first == ":" {
            let rest = scalars.dropFirst(2)
            let drive = Character(letter.uppercased())
            if let next = rest.first, isSeparator(next) {
                return Parsed(root: .drive(drive), components: components(rest))
            }
            return Parsed(root: .driveRelative(drive), components: components(rest))
        }
        if let first = scalars.first, isSeparator(first) {
            return Parsed(root: .currentDrive, components: components(scalars))
        }
        return Parsed(root: .relative, components: components(scalars))
    }

    static func isDriveLetter(_ character: Character) -> Bool {
        character.isASCII && character.isLetter
    }

    /// The text of a root, ending in `\` for absolute roots.
    static func rootText(_ root: Root) -> String {
        switch root {
        case .drive(let letter): "\(letter):\\"
        case .unc(let server, let share): share.isEmpty ? #"\\"# + server : #"\\"# + server + "\\" + share + "\\"
        case .device(let prefix): prefix + "\\"
        case .driveRelative(let letter): "\(letter):"
        case .currentDrive: "\\"
        case .relative: ""
        }
    }

    /// The path as Win32 normalizes it (`GetFullPathNameW`, as the .NET "File path formats on Windows" page
    /// describes it): one `\` between components, `.` and `..` folded (never above the root), a single trailing
    /// period dropped from each component, and the last component's trailing periods and spaces dropped unless the
    /// path ends in a separator (so `C:\dir \` keeps its space). `\\?\` paths are left exactly as written, as
    /// Win32 leaves them; `\\.\` device paths are normalized like any other.
    public static func canonical(_ path: String) -> String {
        if path.hasPrefix(#"\\?\"#) { return path }
        let parsed = parse(path)
        let endsInSeparator = path.last == "\\" || path.last == "/"
        var folded: [String] = []
        for (index, component) in parsed.components.enumerated() {
            switch component {
            case ".": continue
            case "..":
                if let last = folded.last, last != ".." {
                    folded.removeLast()
                } else if parsed.root == .relative || parsed.root.isDriveRelative {
                    folded.append("..")
                }
            default:
                var name = Substring(component)
                if index == parsed.components.count - 1 && !endsInSeparator {
                    while let last = name.last, last == "." || last == " " { name = name.dropLast() }
                } else if name.hasSuffix(".") && !name.hasSuffix("..") {
                    name = name.dropLast()
                }
                // A name of periods and spaces only (`...`) is a valid name that Win32 keeps.
                folded.append(name.isEmpty ? component : String(name))
            }
        }
        let text = rootText(parsed.root) + folded.joined(separator: "\\")
        return text.isEmpty ? "." : text
    }

    /// A drive-absolute, UNC or device path; `C:x` and `\x` depend on the process's current drive, so they are not.
    public static func isAbsolute(_ path: String) -> Bool {
        switch parse(path).root {
        case .drive, .unc, .device: true
        case .driveRelative, .currentDrive, .relative: false
        }
    }

    /// `path` made absolute against `directory` (itself absolute) and canonical: a relative path goes below it,
    /// `\x` onto its drive, `C:x` below it when it is on drive C and onto C's root otherwise.
    public static func absolute(_ path: String, relativeTo directory: String) -> String {
        let parsed = parse(path)
        let base = parse(directory)
        let rest = parsed.components.joined(separator: "\\")
        // The base rebuilt from its parts: a `\\?\` base (GetCurrentDirectoryW can return one) would otherwise
        // keep `..` literally, since Win32 normalizes nothing after that prefix.
        let baseText = rootText(base.root) + base.components.joined(separator: "\\")
        switch parsed.root {
        case .drive, .unc, .device: return canonical(path)
        case .relative: return canonical(join(baseText, rest))
        case .currentDrive: return canonical(rootText(base.root.absoluteRoot) + rest)
        case .driveRelative(let letter):
            if case .drive(let current) = base.root, current == letter { return canonical(join(baseText, rest)) }
            return canonical("\(letter):\\" + rest)
        }
    }

    /// The form Win32 file calls take: `\\?\C:\...` or `\\?\UNC\server\share\...`, which lifts the 260-character
    /// limit and turns off Win32's own normalization (done here already). Foundation does the same with
    /// `PATHCCH_ENSURE_IS_EXTENDED_LENGTH_PATH`. `path` must be absolute; device paths stay as they are.
    public static func extendedLength(_ path: String) -> String {
        let canonical = canonical(path)
        if canonical.hasPrefix(#"\\?\"#) || canonical.hasPrefix(#"\\.\"#) { return canonical }
        switch parse(canonical).root {
        case .drive: return #"\\?\"# + canonical
        case .unc: return #"\\?\UNC\"# + canonical.dropFirst(2)
        default: return canonical
        }
    }

    /// `C:\a` + `b`, `c` → `C:\a\b\c`; a trailing `\` on the base is not doubled.
    public static func join(_ base: String, _ components: String...) -> String {
        join(base, components)
    }

    /// An absolute component replaces what came before it, as it does for every path API.
    public static func join(_ base: String, _ components: [String]) -> String {
        components.reduce(normalized(base)) { path, component in
            let component = normalized(component)
            if path.isEmpty || isAbsolute(component) { return component }
            if component.isEmpty { return path }
            return path.hasSuffix("\\") ? path + component : path + "\\" + component
        }
    }

    /// Forward slashes turned into backslashes, which Windows accepts as one and the same. Nothing else
    /// changes: VsDevCmd's doubled `\\` must survive in the values xenv reproduces.
    public static func normalized(_ path: String) -> String {
        guard path.contains("/") else { return path }
        return String(path.map { $0 == "/" ? "\\" : $0 })
    }

    /// The directory that holds `path`; a root is its own parent, and a relative path of one component has `.`.
    public static func parent(_ path: String) -> String {
        let parsed = parse(path)
        guard !parsed.components.isEmpty else { return rootText(parsed.root).isEmpty ? "." : rootText(parsed.root) }
        let text = rootText(parsed.root) + parsed.components.dropLast().joined(separator: "\\")
        return text.isEmpty ? "." : text
    }

    public static func lastComponent(_ path: String) -> String {
        parse(path).components.last ?? path
    }

    /// A name for a temporary file beside `path`, unique to `token`: xenv writes it and renames it over `path`,
    /// and a crash leaves at worst a `.`-named file beside it. A `\\?\` path keeps its prefix.
    public static func temporarySibling(of path: String, token: String) -> String {
        let name = ".\(lastComponent(path)).\(token).tmp"
        if path.hasPrefix(#"\\?\"#), let separator = path.lastIndex(of: "\\") {
            return String(path[...separator]) + name
        }
        return join(parent(path), name)
    }

    /// The path with exactly one trailing `\`, the form VsDevCmd gives directory variables.
    public static func withTrailingSeparator(_ path: String) -> String {
        var path = normalized(path)
        while path.hasSuffix("\\") { path.removeLast() }
        return path + "\\"
    }

    /// The path without trailing separators (a drive root keeps its `\`, which `C:` without it would not name).
    public static func withoutTrailingSeparator(_ path: String) -> String {
        var path = normalized(path)
        while path.hasSuffix("\\") && path.count > 3 && !path.dropLast().hasSuffix(":") { path.removeLast() }
        return path
    }

    /// What makes two spellings of one directory equal on NTFS: case, `/` versus `\`, doubled and
    /// trailing separators.
    public static func comparisonKey(_ path: String) -> String {
        let parsed = parse(path)
        return (rootText(parsed.root) + parsed.components.joined(separator: "\\")).lowercased()
    }

    /// `entries` with later duplicates (by `comparisonKey`) and empty entries removed: the first one wins.
    public static func deduplicated(_ entries: [String]) -> [String] {
        var seen = Set<String>()
        return entries.filter { !$0.isEmpty && seen.insert(comparisonKey($0)).inserted }
    }

    /// The directories of a `PATH` value as Windows reads them: `;`-separated, an entry may be wrapped in
    /// double quotes (needed when it holds a `;`), empty entries skipped.
    public static func searchPath(_ value: String) -> [String] {
        var entries: [String] = []
        var current = ""
        var quoted = false
        for character in value {
            switch character {
            case "\"": quoted.toggle()
            case ";" where !quoted:
                if !current.isEmpty { entries.append(current) }
                current = ""
            default: current.append(character)
            }
        }
        if !current.isEmpty { entries.append(current) }
        return entries
    }
}

extension WindowsPath.Root {
    var isDriveRelative: Bool {
        if case .driveRelative = self { return true }
        return false
    }

    /// The root a `\x` path lands on when this is the current directory's root.
    var absoluteRoot: WindowsPath.Root {
        switch self {
        case .driveRelative(let letter): .drive(letter)
        default: self
        }
    }
}
