import XenvArchive
import XenvSystem

/// The fetch's file operations, on XenvSystem's `SystemFileSystem` (so on every host, simulated Windows
/// included, they go through the same system-call layer as xenv's other files): thousands of small writes into a
/// staging directory that is renamed into place as a whole, so each write need not be atomic by itself. Paths
/// are in the host's style; archive paths (`crt/lib/x64/...`) join onto them component by component.
struct FetchFiles: Sendable {
    let fileSystem: SystemFileSystem

    var style: PathStyle { fileSystem.pathStyle }

    static func failure(_ path: String, _ what: String, _ error: SystemError? = nil) -> FetchError {
        .fileSystem(path: path, reason: error.map { "\(what): \($0.message)" } ?? what)
    }

    /// `base` with a `/`-separated relative path appended.
    func join(_ base: String, _ relative: String) -> String {
        // By Unicode scalars, as SplatLayout checked the path: a `/` with a combining mark is still a separator.
        relative.unicodeScalars.split(separator: "/").reduce(base) {
            style.join($0, String(String.UnicodeScalarView($1)))
        }
    }

    func parent(_ path: String) -> String { style.parent(path) }

    func exists(_ path: String) -> Bool { fileSystem.exists(path) }

    func isDirectory(_ path: String) -> Bool { fileSystem.isDirectory(path) }

    func fileSize(_ path: String) -> Int? { fileSystem.fileSize(path) }

    func read(_ path: String) throws(FetchError) -> [UInt8] {
        guard let bytes = fileSystem.readFile(path) else { throw Self.failure(path, "cannot read") }
        return bytes
    }

    /// SHA-256 and length of a file.
    func sha256(_ path: String) throws(FetchError) -> (hex: String, size: Int) {
        let bytes = try read(path)
        return (SHA256.hex(SHA256.digest(bytes)), bytes.count)
    }

    /// Creates `path` (which must not exist) with `bytes`.
    func write(_ path: String, _ bytes: UnsafeRawBufferPointer) throws(FetchError) {
        do {
            try fileSystem.createFile(path, bytes: Array(bytes))
        } catch {
            throw Self.failure(path, "cannot write", error)
        }
    }

    func write(_ path: String, _ bytes: [UInt8]) throws(FetchError) {
        do { try fileSystem.createFile(path, bytes: bytes) } catch { throw Self.failure(path, "cannot write", error) }
    }

    func makeDirectory(_ path: String) throws(FetchError) {
        do { try fileSystem.createDirectories(path) } catch {
            throw Self.failure(path, "cannot create directory", error)
        }
    }

    /// A symbolic link `link` -> `target` (relative to the link's directory); an existing entry is kept.
    func symlink(_ target: String, at link: String) throws(FetchError) {
        if exists(link) { return }
        do { try fileSystem.createSymbolicLink(target, at: link) } catch {
            throw Self.failure(link, "cannot create link", error)
        }
    }

    func rename(_ source: String, to destination: String) throws(FetchError) {
        do { try fileSystem.move(source, to: destination) } catch {
            throw Self.failure(destination, "cannot rename \(source) to it", error)
        }
    }

    func remove(_ path: String) { fileSystem.removeFile(path) }

    /// True when the directory tells `BIG` from `big`; xwin makes its case links only then (src/ctx.rs).
    func isCaseSensitive(_ directory: String) throws(FetchError) -> Bool {
        let probe = style.join(directory, "CASE.xenv")
        remove(probe)
        try write(probe, [])
        defer { remove(probe) }
        return !exists(style.join(directory, "case.xenv"))
    }

    func entries(_ path: String) -> [String] { fileSystem.contentsOfDirectory(path) ?? [] }

    /// Removes a file or a whole tree; links are removed, not followed.
    func removeTree(_ path: String) { fileSystem.removeTree(path) }

    func readIfPresent(_ path: String) -> [UInt8]? {
        guard fileSize(path) != nil else { return nil }
        return try? read(path)
    }
}
