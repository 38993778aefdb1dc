import XenvSystem
/// Writes a plan's files. Each file is replaced in one atomic step, and only when its bytes differ, so a
/// re-run that changes nothing writes nothing.
public enum PlanApplier {
    public enum Outcome: Equatable, Sendable {
        case written
        case unchanged
    }

    /// Returns each file's path with what happened to it, in plan order.
    /// - Parameter sourceFileSystem: where `.copy(of:)` sources are read (the machine xenv runs on, which
    ///   differs from `fileSystem` for a simulated Windows host).
    @discardableResult
    public static func apply(_ files: [PlannedFile], to fileSystem: FileSystem, sourceFileSystem: FileSystem? = nil)
        throws(XenvError) -> [(path: String, outcome: Outcome)]
    {
        let sourceFileSystem = sourceFileSystem ?? fileSystem
        // Check every source first: a missing one fails the run before anything is written.
        for file in files {
            if case .copy(let source) = file.contents, !sourceFileSystem.isFile(source) { throw .shimNotFound(lookedAt: source) }
        }
        var outcomes: [(path: String, outcome: Outcome)] = []
        for file in files {
            let bytes: [UInt8]
            switch file.contents {
            case .bytes(let given): bytes = given
            case .copy(let source):
                // A hard link installs the 7 MB shim without reading it, and a re-run sees it is the same file.
                if let outcome = hardLink(source, from: sourceFileSystem, to: file.path, on: fileSystem) {
                    outcomes.append((file.path, outcome))
                    continue
                }
                guard let read = sourceFileSystem.readFile(source) else { throw .shimNotFound(lookedAt: source) }
                bytes = read
            }
            let current = fileSystem.readFile(file.path)
            if current == bytes && (!file.executable || fileSystem.isExecutableFile(file.path)) {
                outcomes.append((file.path, .unchanged))
                continue
            }
            do {
                try fileSystem.writeFileAtomically(file.path, bytes: bytes, executable: file.executable)
            } catch {
                throw .writeFailed(path: file.path, reason: "\(error)")
            }
            outcomes.append((file.path, .written))
        }
        return outcomes
    }

    /// Makes `path` a hard link to `source` when both are on this machine's disk and the file system allows
    /// (not across volumes, say): linked to a temporary name, then renamed over `path` in one step. Nil when
    /// that cannot be done, and the caller copies.
    static func hardLink(_ source: String, from sourceFileSystem: FileSystem, to path: String, on fileSystem: FileSystem)
        -> Outcome?
    {
        let native = NativeCalls()
        let token = uniqueToken(processIdentifier: native.processIdentifier())
        guard let from = sourceFileSystem.nativePath(source), let to = fileSystem.nativePath(path),
            let temporary = fileSystem.nativePath(fileSystem.pathStyle.temporarySibling(of: path, token: token))
        else { return nil }
        if native.isSameFile(from, to) { return .unchanged }
        guard (try? fileSystem.createDirectories(fileSystem.pathStyle.parent(path))) != nil else { return nil }
        guard (try? native.hardLink(from, at: temporary)) != nil else { return nil }
        let renamed = (try? native.rename(temporary, over: to)) != nil
        // When `path` is already a link to the same file (a concurrent setup got there first), rename succeeds
        // and does nothing, leaving the temporary name behind: remove it in every case.
        native.remove(temporary)
        return renamed ? .written : nil
    }
}
