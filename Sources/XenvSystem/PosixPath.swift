/// `/`-separated path algebra: xenv's own paths on Linux and macOS hosts.
public enum Path {
    public static func join(_ base: String, _ rest: String...) -> String {
        join(base, rest)
    }

    public static func join(_ base: String, _ rest: [String]) -> String {
        rest.reduce(base) { path, component in
            if path.isEmpty { return component }
            if component.isEmpty { return path }
            return path.hasSuffix("/") ? path + component : path + "/" + component
        }
    }

    public static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    public static func lastComponent(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    public static func isAbsolute(_ path: String) -> Bool { path.hasPrefix("/") }

    /// `path` made absolute against `directory`, with `.` and `..` components folded.
    public static func absolute(_ path: String, relativeTo directory: String) -> String {
        let full = path.hasPrefix("/") ? path : join(directory, path)
        var parts: [Substring] = []
        for part in full.split(separator: "/") {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// A hidden name beside `path` for a file that is written and then renamed over it.
    public static func temporarySibling(of path: String, token: String) -> String {
        join(parent(path), ".\(lastComponent(path)).\(token).tmp")
    }
}

/// The path rules of a host: `/` on Linux and macOS, `\` and drive letters on Windows (real or simulated).
/// Code that builds paths for whatever host it runs against asks the host's style.
public enum PathStyle: Sendable, Equatable {
    case posix
    case windows

    public func join(_ base: String, _ rest: String...) -> String {
        self == .windows ? WindowsPath.join(base, rest) : Path.join(base, rest)
    }

    public func parent(_ path: String) -> String {
        self == .windows ? WindowsPath.parent(path) : Path.parent(path)
    }

    public func lastComponent(_ path: String) -> String {
        self == .windows ? WindowsPath.lastComponent(path) : Path.lastComponent(path)
    }

    public func isAbsolute(_ path: String) -> Bool {
        self == .windows ? WindowsPath.isAbsolute(path) : Path.isAbsolute(path)
    }

    public func absolute(_ path: String, relativeTo directory: String) -> String {
        self == .windows
            ? WindowsPath.absolute(path, relativeTo: directory) : Path.absolute(path, relativeTo: directory)
    }

    public func temporarySibling(of path: String, token: String) -> String {
        self == .windows
            ? WindowsPath.temporarySibling(of: path, token: token) : Path.temporarySibling(of: path, token: token)
    }

    /// What separates the entries of PATH, INCLUDE and LIB.
    public var listSeparator: String { self == .windows ? ";" : ":" }

    /// The entries of a PATH value.
    public func searchPath(_ value: String) -> [String] {
        self == .windows ? WindowsPath.searchPath(value) : value.split(separator: ":").map(String.init)
    }
}

extension PathStyle {
    /// The style of the machine xenv runs on.
    public static var native: PathStyle {
        #if os(Windows)
        .windows
        #else
        .posix
        #endif
    }
}
