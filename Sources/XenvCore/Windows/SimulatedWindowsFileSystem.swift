import Foundation

/// A Windows host's file system laid out in a directory of this machine: `C:\X` is `<root>/C/X`, and every
/// component is matched without regard to case, as on NTFS. It is the `XENV_WINDOWS_ROOT` contract that lets
/// the Windows-host resolvers run, and be tested, on Linux and macOS.
public struct SimulatedWindowsFileSystem: FileSystem {
    public let root: String
    public let base: FileSystem
    /// Host paths already found, by Windows path. The resolvers ask about the same directories
    /// hundreds of times, and matching a component without regard to case costs a stat or a listing each
    /// time: this took one `xenv env` on the fixture runner from 1,441 stats to 491. Only paths that exist
    /// are kept.
    private let found = FoundPaths()

    public init(root: String, base: FileSystem) {
        self.root = root
        self.base = base
    }

    private final class FoundPaths: @unchecked Sendable {  // every access holds `lock`
        private let lock = NSLock()
        private var hostPaths: [String: String] = [:]

        subscript(key: String) -> String? {
            get { lock.withLock { hostPaths[key] } }
            set { lock.withLock { hostPaths[key] = newValue } }
        }
    }

    /// The drive and components of an absolute Windows path; nil for anything else.
    private func split(_ path: String) -> (drive: String, components: [String])? {
        let normalized = WindowsPath.normalized(path)
        guard WindowsPath.isAbsolute(normalized), let colon = normalized.firstIndex(of: ":") else { return nil }
        let drive = String(normalized[..<colon]).uppercased()
        let rest = normalized[normalized.index(after: colon)...]
        return (drive, rest.split(separator: "\\").map(String.init))
    }

    /// The host path of an existing Windows path, components matched without regard to case.
    public func hostPath(_ path: String) -> String? {
        guard let (drive, components) = split(path) else { return nil }
        var key = ""
        var current = root
        for component in [drive] + components {
            // Spelled as asked: a fixture may hold both `Bin` and `bin`, and the exact spelling wins.
            key += "\\" + component
            if let known = found[key] {
                current = known
                continue
            }
            guard let next = base.entry(in: current, matching: component) else { return nil }
            found[key] = next
            current = next
        }
        return current
    }

    /// The host path to create for `path`: existing components as they are spelled on disk, new ones as given.
    func hostPathForWriting(_ path: String) -> String? {
        guard let (drive, components) = split(path) else { return nil }
        var current = root
        var existing = true
        for component in [drive] + components {
            if existing, let found = base.entry(in: current, matching: component) {
                current = found
            } else {
                existing = false
                current = Path.join(current, component)
            }
        }
        return current
    }

    public func physicalPath(forWriting path: String) -> String? {
        hostPathForWriting(path).flatMap(base.physicalPath(forWriting:))
    }

    public func isFile(_ path: String) -> Bool { hostPath(path).map(base.isFile) ?? false }
    public func isDirectory(_ path: String) -> Bool { hostPath(path).map(base.isDirectory) ?? false }
    /// On Windows any existing file can be started; the extension decides how.
    public func isExecutableFile(_ path: String) -> Bool { isFile(path) }
    public func contentsOfDirectory(_ path: String) -> [String]? { hostPath(path).flatMap(base.contentsOfDirectory) }
    public func readFile(_ path: String) -> [UInt8]? { hostPath(path).flatMap(base.readFile) }

    public func writeFileAtomically(_ path: String, bytes: [UInt8], executable: Bool) throws {
        guard let host = hostPathForWriting(path) else {
            throw XenvError.invalidPath(what: "Windows path", path: path, reason: "it is not an absolute path such as C:\\dir")
        }
        try base.writeFileAtomically(host, bytes: bytes, executable: executable)
    }

    public func appendToFile(_ path: String, bytes: [UInt8]) throws {
        guard let host = hostPathForWriting(path) else {
            throw XenvError.invalidPath(what: "Windows path", path: path, reason: "it is not an absolute path such as C:\\dir")
        }
        try base.appendToFile(host, bytes: bytes)
    }
}
