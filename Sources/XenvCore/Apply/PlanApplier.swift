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
                #if !os(Windows)
                // A hard link installs the 7 MB shim without reading it, and a re-run sees it is the same file.
                if let from = sourceFileSystem.physicalPath(forWriting: source), let to = fileSystem.physicalPath(forWriting: file.path) {
                    if LocalFileSystem.isSameFile(from, to) {
                        outcomes.append((file.path, .unchanged))
                        continue
                    }
                    if LocalFileSystem.hardLink(from, to: to) {
                        outcomes.append((file.path, .written))
                        continue
                    }
                }
                #endif  // !os(Windows)
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
}
