import XenvShimCore
import XenvSystem
import XenvTestSupport

/// A `ResponseFileStore` held in memory. Reads are logged in a shared box because `read` is non-mutating.
struct MemoryResponseFileStore: ResponseFileStore {
    final class Log {
        var reads: [String] = []
        /// `(near, path)` of every temporary file written, in order.
        var writes: [(near: String, path: String)] = []
    }

    var files: [String: [UInt8]] = [:]
    let log = Log()

    init(files: [String: [UInt8]] = [:]) { self.files = files }

    /// Files given as argument lists, written the way rustc writes them (UTF-16LE with BOM).
    init(arguments: [String: [String]]) {
        self.files = arguments.mapValues { ResponseFile(arguments: $0, encoding: .utf16LittleEndian).bytes }
    }

    func read(_ path: String) -> [UInt8]? {
        log.reads.append(path)
        return files[path]
    }

    mutating func writeTemporary(_ bytes: [UInt8], near original: String) throws -> String {
        let path = "/tmp/rewritten-\(log.writes.count + 1)"
        log.writes.append((original, path))
        files[path] = bytes
        return path
    }

    /// The arguments of a stored file, decoded the way lld-link reads it.
    func arguments(of path: String) -> [String]? {
        files[path].flatMap(ResponseFile.init(bytes:))?.arguments
    }
}

extension ShimConfig {
    /// The aarch64 rules as `toolchains/aarch64-pc-windows-msvc.json` states them.
    static func arm64(
        kind: LinkerKind = .lldLink, dropFlags: [String] = ["/arm64hazardfree"], addFlags: [String] = []
    )
        -> ShimConfig
    {
        ShimConfig(
            linker: "/usr/bin/lld-link", linkerKind: kind, dropFlags: dropFlags, addFlags: addFlags,
            libraryDirectories: [])
    }
}
