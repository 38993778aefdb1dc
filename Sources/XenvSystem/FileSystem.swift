/// The file system as resolvers and `apply` see it: absolute paths in the host's style (`pathStyle`).
/// Everything that detects or writes goes through this, so tests can hand in a tree built in memory.
public protocol FileSystem: Sendable {
    /// How paths on this file system are spelled: `/` on Linux and macOS, `C:\` on Windows (real or simulated).
    var pathStyle: PathStyle { get }
    func isFile(_ path: String) -> Bool
    func isDirectory(_ path: String) -> Bool
    /// A file that can be started: POSIX's execute permission; on Windows every file, its extension decides how.
    func isExecutableFile(_ path: String) -> Bool
    /// Entry names of a directory, sorted; nil when it is not a readable directory.
    func contentsOfDirectory(_ path: String) -> [String]?
    func readFile(_ path: String) -> [UInt8]?
    /// Creates `path` and its missing parents; an existing directory is no error.
    func createDirectories(_ path: String) throws(SystemError)
    /// Replaces `path` with `bytes` in one step (a temporary file renamed over it), so readers never see a
    /// partial file. Creates missing parent directories.
    func writeFileAtomically(_ path: String, bytes: [UInt8], executable: Bool) throws(SystemError)
    /// Adds `bytes` at the end of `path` in one write, creating it if needed: for files that other programs
    /// own and read, such as `$GITHUB_ENV`.
    func appendToFile(_ path: String, bytes: [UInt8]) throws(SystemError)
    /// Where `path` is (or would be created) in terms of this machine's own calls (`NativeCalls`); nil for a
    /// tree that lives in memory.
    func nativePath(_ path: String) -> String?
}

extension FileSystem {
    public func exists(_ path: String) -> Bool { isFile(path) || isDirectory(path) }

    /// The entry of `directory` named `name` without regard to letter case (real xwin splats and
    /// Windows trees mix `Lib` and `lib`); the exact spelling wins when both exist.
    public func entry(in directory: String, matching name: String) -> String? {
        let exact = pathStyle.join(directory, name)
        if exists(exact) { return exact }
        let lowered = name.lowercased()
        return contentsOfDirectory(directory)?.first { $0.lowercased() == lowered }.map {
            pathStyle.join(directory, $0)
        }
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

/// A file system reached through system calls: the machine's own (POSIX or Win32), or the simulated Windows
/// host's. The algorithms live here, once for every host: atomic replacement by a temporary sibling renamed
/// over the file, parents created first, the temporary file removed when the rename fails. On Windows each path
/// is handed to the calls in the `\\?\` form, so long paths work.
public struct SystemFileSystem: FileSystem {
    public let pathStyle: PathStyle
    public let calls: any FileCalls
    let processIdentifier: Int32

    public init(pathStyle: PathStyle, calls: any FileCalls, processIdentifier: Int32) {
        self.pathStyle = pathStyle
        self.calls = calls
        self.processIdentifier = processIdentifier
    }

    #if !os(Windows)
    /// This POSIX machine's own file system.
    public static func posix() -> SystemFileSystem {
        let calls = PosixCalls()
        return SystemFileSystem(pathStyle: .posix, calls: calls, processIdentifier: calls.processIdentifier())
    }
    #endif  // !os(Windows)

    /// The path as the calls take it.
    func callPath(_ path: String) -> String {
        pathStyle == .windows ? WindowsPath.extendedLength(path) : path
    }

    public func isFile(_ path: String) -> Bool {
        if case .file = calls.kind(callPath(path)) { return true }
        return false
    }

    public func isDirectory(_ path: String) -> Bool { calls.kind(callPath(path)) == .directory }

    public func isExecutableFile(_ path: String) -> Bool {
        switch calls.kind(callPath(path)) {
        case .file(let executable): pathStyle == .windows || executable
        case .directory, nil: false
        }
    }

    public func contentsOfDirectory(_ path: String) -> [String]? { calls.entries(callPath(path))?.sorted() }

    public func readFile(_ path: String) -> [UInt8]? { calls.read(callPath(path)) }

    public func createDirectories(_ path: String) throws(SystemError) {
        if isDirectory(path) { return }
        let parent = pathStyle.parent(path)
        if parent != path && parent != "." { try createDirectories(parent) }
        try calls.makeDirectory(callPath(path))
    }

    public func writeFileAtomically(_ path: String, bytes: [UInt8], executable: Bool) throws(SystemError) {
        try createDirectories(pathStyle.parent(path))
        let token = uniqueToken(processIdentifier: processIdentifier)
        let temporary = callPath(pathStyle.temporarySibling(of: path, token: token))
        try calls.createNew(temporary, bytes, executable: executable)
        do {
            try calls.rename(temporary, over: callPath(path))
        } catch  where pathStyle == .windows && Self.inUseErrors.contains(error.code) {
            do {
                try replaceInUse(path, with: temporary, token: token)
            } catch {
                calls.remove(temporary)
                throw error
            }
        } catch {
            calls.remove(temporary)
            throw error
        }
    }

    /// ERROR_ACCESS_DENIED and ERROR_SHARING_VIOLATION: what MoveFileExW answers when the file to replace is a
    /// running program (a shim a build is linking with, the DLLs beside it), is open without FILE_SHARE_DELETE,
    /// or is read-only.
    static let inUseErrors: Set<Int32> = [5, 32]

    /// Windows lets a file in use be renamed but not replaced: `path` moves aside to `.<name>.<token>.old`, the
    /// new file takes its name, and the old one is removed once nothing holds it (now, or by a later run that
    /// gets here, which also removes what earlier runs left).
    private func replaceInUse(_ path: String, with temporary: String, token: String) throws(SystemError) {
        let directory = pathStyle.parent(path), name = pathStyle.lastComponent(path)
        for entry in calls.entries(callPath(directory)) ?? []
        where entry.hasPrefix(".\(name).") && entry.hasSuffix(".old") {
            calls.remove(callPath(pathStyle.join(directory, entry)))
        }
        let aside = callPath(pathStyle.join(directory, ".\(name).\(token).old"))
        try calls.rename(callPath(path), over: aside)
        do {
            try calls.rename(temporary, over: callPath(path))
        } catch {
            try? calls.rename(aside, over: callPath(path))
            throw error
        }
        calls.remove(aside)
    }

    public func appendToFile(_ path: String, bytes: [UInt8]) throws(SystemError) {
        try calls.append(callPath(path), bytes)
    }

    public func nativePath(_ path: String) -> String? { calls.nativePath(callPath(path)) }

    // MARK: - Trees, for what is built in a staging directory and renamed into place (`xenv sysroot fetch`)

    /// A file's size in bytes; nil when it is not a file.
    public func fileSize(_ path: String) -> Int? { calls.size(callPath(path)) }

    /// Creates a file that does not exist yet, and its missing parents: for a directory no one else writes to.
    public func createFile(_ path: String, bytes: [UInt8], executable: Bool = false) throws(SystemError) {
        try createDirectories(pathStyle.parent(path))
        try calls.createNew(callPath(path), bytes, executable: executable)
    }

    /// Renames a file or a directory in one step. A directory cannot replace another: move that one aside first.
    public func move(_ source: String, to destination: String) throws(SystemError) {
        try calls.rename(callPath(source), over: callPath(destination))
    }

    public func removeFile(_ path: String) { calls.remove(callPath(path)) }

    /// Makes `link` a symbolic link to `target`, which is relative to the link's directory.
    /// See `FileCalls.lock`.
    public func lock(_ path: String, wait: Bool) throws(SystemError) -> LockAttempt {
        try calls.lock(callPath(path), wait: wait)
    }

    public func createSymbolicLink(_ target: String, at link: String) throws(SystemError) {
        try calls.symbolicLink(target, at: callPath(link))
    }

    /// Removes `path` and everything below it. Links are removed, never followed: each entry is first removed as
    /// a file (a POSIX link to a directory goes too), then as an empty directory (a Windows directory link goes
    /// too), and only a real directory is entered.
    public func removeTree(_ path: String) {
        let target = callPath(path)
        calls.remove(target)
        if calls.kind(target) == nil { return }
        calls.removeDirectory(target)
        guard calls.kind(target) == .directory else { return }
        for entry in calls.entries(target) ?? [] { removeTree(pathStyle.join(path, entry)) }
        calls.removeDirectory(target)
    }
}

/// A tree held in memory, `/`-separated: what the resolver tests build their fixtures in.
public final class InMemoryFileSystem: FileSystem, @unchecked Sendable {
    private enum Node {
        case file([UInt8], executable: Bool)
        case directory
    }

    private let nodes = Locked<[String: Node]>(["/": .directory])

    public init() {}

    public var pathStyle: PathStyle { .posix }

    /// Adds a file and its parent directories.
    public func addFile(_ path: String, _ contents: String = "", executable: Bool = false) {
        addFile(path, bytes: Array(contents.utf8), executable: executable)
    }

    public func addFile(_ path: String, bytes: [UInt8], executable: Bool = false) {
        nodes.withLock { nodes in
            Self.addParents(of: path, to: &nodes)
            nodes[path] = .file(bytes, executable: executable)
        }
    }

    public func addDirectory(_ path: String) {
        nodes.withLock { nodes in
            Self.addParents(of: path, to: &nodes)
            nodes[path] = .directory
        }
    }

    private static func addParents(of path: String, to nodes: inout [String: Node]) {
        var parent = Path.parent(path)
        while parent != "/" && nodes[parent] == nil {
            nodes[parent] = .directory
            parent = Path.parent(parent)
        }
    }

    private func node(_ path: String) -> Node? { nodes.withLock { $0[path] } }

    func removeNode(_ path: String) { nodes.withLock { _ = $0.removeValue(forKey: path) } }

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
        return nodes.withLock { nodes in
            nodes.keys.filter { $0.hasPrefix(prefix) && $0 != prefix && !$0.dropFirst(prefix.count).contains("/") }
                .map { String($0.dropFirst(prefix.count)) }
                .sorted()
        }
    }

    public func readFile(_ path: String) -> [UInt8]? {
        if case .file(let bytes, _) = node(path) { return bytes }
        return nil
    }

    public func createDirectories(_ path: String) throws(SystemError) {
        if case .file = node(path) {
            throw SystemError(operation: "mkdir", path: path, code: 17, message: "File exists")
        }
        addDirectory(path)
    }

    public func writeFileAtomically(_ path: String, bytes: [UInt8], executable: Bool) throws(SystemError) {
        addFile(path, bytes: bytes, executable: executable)
    }

    public func appendToFile(_ path: String, bytes: [UInt8]) throws(SystemError) {
        addFile(path, bytes: (readFile(path) ?? []) + bytes, executable: isExecutableFile(path))
    }

    public func nativePath(_ path: String) -> String? { nil }
}

/// A tree in memory answers the calls too, so a simulated Windows host can live in memory in tests.
extension InMemoryFileSystem: FileCalls {
    static func failure(_ operation: String, _ path: String, _ code: Int32, _ message: String) -> SystemError {
        SystemError(operation: operation, path: path, code: code, message: message)
    }

    public func kind(_ path: String) -> FileKind? {
        if isDirectory(path) { return .directory }
        return isFile(path) ? .file(executable: isExecutableFile(path)) : nil
    }

    public func isReadOnly(_ path: String) -> Bool { false }

    public func entries(_ path: String) -> [String]? { contentsOfDirectory(path) }
    public func read(_ path: String) -> [UInt8]? { readFile(path) }

    public func createNew(_ path: String, _ bytes: [UInt8], executable: Bool) throws(SystemError) {
        guard kind(path) == nil else { throw Self.failure("open", path, 17, "File exists") }
        guard isDirectory(Path.parent(path)) else { throw Self.failure("open", path, 2, "No such file or directory") }
        addFile(path, bytes: bytes, executable: executable)
    }

    public func rename(_ source: String, over destination: String) throws(SystemError) {
        guard case .file(let executable)? = kind(source), let bytes = readFile(source) else {
            throw Self.failure("rename", source, 2, "No such file or directory")
        }
        if isDirectory(destination) { throw Self.failure("rename", destination, 21, "Is a directory") }
        remove(source)
        addFile(destination, bytes: bytes, executable: executable)
    }

    public func append(_ path: String, _ bytes: [UInt8]) throws(SystemError) { try appendToFile(path, bytes: bytes) }

    public func makeDirectory(_ path: String) throws(SystemError) { try createDirectories(path) }

    public func remove(_ path: String) {
        guard isFile(path) else { return }
        removeNode(path)
    }

    public func hardLink(_ existing: String, at link: String) throws(SystemError) {
        throw Self.failure("link", link, 95, "Operation not supported")
    }

    public func isSameFile(_ first: String, _ second: String) -> Bool { false }

    public func size(_ path: String) -> Int? { isFile(path) ? readFile(path)?.count : nil }

    public func symbolicLink(_ target: String, at link: String) throws(SystemError) {
        throw Self.failure("symlink", link, 95, "Operation not supported")
    }

    public func removeDirectory(_ path: String) {
        guard isDirectory(path), contentsOfDirectory(path)?.isEmpty == true, path != "/" else { return }
        removeNode(path)
    }
}
