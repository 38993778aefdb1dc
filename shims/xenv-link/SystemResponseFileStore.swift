import XenvShimCore
import XenvSystem

/// Writes rewritten @files next to the original (rustc's private temporary directory, which rustc removes even
/// if the shim is killed), else in the system's temporary directory, under names no concurrent link picks.
struct SystemResponseFileStore: ResponseFileStore {
    let calls: NativeCalls

    /// The path as the calls take it: on Windows the `\\?\` form, so long temporary paths work.
    private func callPath(_ path: String) -> String {
        PathStyle.native == .windows && WindowsPath.isAbsolute(path) ? WindowsPath.extendedLength(path) : path
    }

    func read(_ path: String) -> [UInt8]? { calls.read(callPath(path)) }

    func remove(_ path: String) { calls.remove(callPath(path)) }

    mutating func writeTemporary(_ bytes: [UInt8], near original: String) throws -> String {
        var lastError: SystemError?
        for directory in [PathStyle.native.parent(original), calls.temporaryDirectory()] {
            let path = PathStyle.native.join(
                directory, "xenv-link-\(uniqueToken(processIdentifier: calls.processIdentifier())).rsp")
            do {
                try calls.createNew(callPath(path), bytes, executable: false)
                return path
            } catch {
                lastError = error
            }
        }
        throw lastError!
    }
}
