import Foundation

/// The file system as resolvers and `apply` see it. Paths are absolute, `/`-separated strings. Everything
/// that detects or writes goes through this, so tests can hand in a tree built in memory.
public protocol FileSystem: Sendable {
    func isFile(_ path: String) -> Bool
    func isDirectory(_ path: String) -> Bool
    func isExecutableFile(_ path: String) -> Bool
    /// Entry names of a directory, sorted; nil when it is not a readable directory.
    func contentsOfDirectory(_ path: String) -> [String]?
    func readFile(_ path: String) -> [UInt8]?
    /// Replaces `path` with `bytes` in one step (a temporary file renamed over it), so readers never see a
    /// partial file. Creates missing parent directories.
    func writeFileAtomically(_ path: String, bytes: [UInt8], executable: Bool) throws
    /// Adds `bytes` at the end of `path` in one write, creating it if needed: for files that other programs
    /// own and read, such as `$GITHUB_ENV`.
    func appendToFile(_ path: String, bytes: [UInt8]) throws
    /// Where `path` is (or would be created) on this machine's own disk; nil for a tree that lives in memory.
    func physicalPath(forWriting path: String) -> String?
}

extension FileSystem {
    public func physicalPath(forWriting path: String) -> String? { nil }

    public func exists(_ path: String) -> Bool { isFile(path) || isDirectory(path) }

    /// The entry of `directory` named `name` without regard to letter case (real xwin splats and
    /// Windows trees mix `Lib` and `lib`); the exact spelling wins when both exist.
    public func entry(in directory: String, matching name: String) -> String? {
        if exists(Path.join(directory, name)) { return Path.join(directory, name) }
        let lowered = name.lowercased()
        return contentsOfDirectory(directory)?.first { $0.lowercased() == lowered }.map { Path.join(directory, $0) }
    }

    /// Follows `components` from `base`, each matched without regard to case.
    public func resolve(_ base: String, _ components: [String]) -> String? {
        var current = base
        for component in components {
            guard let next = entry(in: current, matching: component) else { return nil }
            current = next
        }
        return current
    }
}

/// `/`-separated path helpers; xenv's own paths on Linux and macOS hosts.
public enum Path {
    public static func join(_ base: String, _ rest: String...) -> String {
        rest.reduce(base) { path, component in
            if path.isEmpty { return component }
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
}

/// The machine's own file system.
public struct LocalFileSystem: FileSystem {
    public init() {}

    public func physicalPath(forWriting path: String) -> String? { path }

    #if !os(Windows)
    /// Whether two paths name one file (device and inode), as a hard link makes them.
    static func isSameFile(_ a: String, _ b: String) -> Bool {
        var first = stat(), second = stat()
        guard stat(a, &first) == 0, stat(b, &second) == 0 else { return false }
        return first.st_dev == second.st_dev && first.st_ino == second.st_ino
    }

    /// Makes `destination` a hard link to `source` in one atomic step; false when the file system cannot (a
    /// different device, say), and the caller copies instead.
    static func hardLink(_ source: String, to destination: String) -> Bool {
        let directory = Path.parent(destination)
        guard (try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)) != nil else {
            return false
        }
        let temporary = Path.join(directory, ".\(Path.lastComponent(destination)).\(ProcessInfo.processInfo.processIdentifier).link")
        unlink(temporary)
        guard link(source, temporary) == 0 else { return false }
        let renamed = rename(temporary, destination) == 0
        // When `destination` is already a link to the same file (a concurrent setup got there first), rename
        // succeeds and does nothing, leaving `temporary` behind: remove it in every case.
        unlink(temporary)
        return renamed
    }
    #endif  // !os(Windows)

    public func isFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    public func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    public func isExecutableFile(_ path: String) -> Bool {
        isFile(path) && FileManager.default.isExecutableFile(atPath: path)
    }

    public func contentsOfDirectory(_ path: String) -> [String]? {
        guard isDirectory(path) else { return nil }
        return (try? FileManager.default.contentsOfDirectory(atPath: path))?.sorted()
    }

    public func readFile(_ path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path).map { [UInt8]($0) }
    }

    public func writeFileAtomically(_ path: String, bytes: [UInt8], executable: Bool) throws {
        let directory = Path.parent(path)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let temporary = Path.join(directory, ".\(Path.lastComponent(path)).\(ProcessInfo.processInfo.processIdentifier).tmp")
        guard FileManager.default.createFile(
            atPath: temporary, contents: Data(bytes),
            attributes: [.posixPermissions: executable ? 0o755 : 0o644])
        else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary])
        }
        #if os(Windows)
        // rename() does not replace an existing file on Windows; ReplaceFile (behind replaceItemAt) does.
        do {
            if FileManager.default.fileExists(atPath: path) {
                _ = try FileManager.default.replaceItemAt(URL(fileURLWithPath: path), withItemAt: URL(fileURLWithPath: temporary))
            } else {
                try FileManager.default.moveItem(atPath: temporary, toPath: path)
            }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
        #else
        guard rename(temporary, path) == 0 else {
            let code = errno
            try? FileManager.default.removeItem(atPath: temporary)
            throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)
        }
        #endif  // os(Windows)
    }

    public func appendToFile(_ path: String, bytes: [UInt8]) throws {
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
            }
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(bytes))
    }
}

/// A tree held in memory: what the resolver tests build their fixtures in.
public final class InMemoryFileSystem: FileSystem, @unchecked Sendable {
    private enum Node {
        case file([UInt8], executable: Bool)
        case directory
    }

    private var nodes: [String: Node] = ["/": .directory]
    private let lock = NSLock()

    public init() {}

    /// Adds a file and its parent directories.
    public func addFile(_ path: String, _ contents: String = "", executable: Bool = false) {
        addFile(path, bytes: Array(contents.utf8), executable: executable)
    }

    public func addFile(_ path: String, bytes: [UInt8], executable: Bool = false) {
        lock.withLock {
            addParents(of: path)
            nodes[path] = .file(bytes, executable: executable)
        }
    }

    public func addDirectory(_ path: String) {
        lock.withLock {
            addParents(of: path)
            nodes[path] = .directory
        }
    }

    private func addParents(of path: String) {
        var parent = Path.parent(path)
        while parent != "/" && nodes[parent] == nil {
            nodes[parent] = .directory
            parent = Path.parent(parent)
        }
    }

    private func node(_ path: String) -> Node? { lock.withLock { nodes[path] } }

    public func isFile(_ path: String) -> Bool {
        if case .file = node(path) { return true }
        return false
    }

    public func isDirectory(_ path: String) -> Bool {
        if case .directory = node(path) { return true }
        return false
    }

    public func isExecutableFile(_ path: String) -> Bool {
        if case .file(_, let executable) = node(path) { return executable }
        return false
    }

    public func contentsOfDirectory(_ path: String) -> [String]? {
        guard isDirectory(path) else { return nil }
        let prefix = path.hasSuffix("/") ? path : path + "/"
        return lock.withLock {
            nodes.keys.filter { $0.hasPrefix(prefix) && $0 != prefix && !$0.dropFirst(prefix.count).contains("/") }
                .map { String($0.dropFirst(prefix.count)) }
                .sorted()
        }
    }

    public func readFile(_ path: String) -> [UInt8]? {
        if case .file(let bytes, _) = node(path) { return bytes }
        return nil
    }

    public func writeFileAtomically(_ path: String, bytes: [UInt8], executable: Bool) throws {
        addFile(path, bytes: bytes, executable: executable)
    }

    public func appendToFile(_ path: String, bytes: [UInt8]) throws {
        addFile(path, bytes: (readFile(path) ?? []) + bytes, executable: isExecutableFile(path))
    }
}
