/// Writes a plan's files. Each file is replaced in one atomic step, and only when its bytes differ, so a
/// re-run that changes nothing writes nothing.
public enum PlanApplier {
    public enum Outcome: Equatable, Sendable {
        case written
        case unchanged
    }

    /// Returns each file's path with what happened to it, in plan order.
    @discardableResult
    /// - Parameter sourceFileSystem: where `.copy(of:)` sources are read (the machine xenv runs on, which
    ///   differs from `fileSystem` for a simulated Windows host).
    public static func apply(_ files: [PlannedFile], to fileSystem: FileSystem, sourceFileSystem: FileSystem? = nil)
        throws(XenvError) -> [(path: String, outcome: Outcome)]
    {
        let sourceFileSystem = sourceFileSystem ?? fileSystem
        // Read every source first: a missing one fails the run before anything is written.
        var resolved: [(file: PlannedFile, bytes: [UInt8])] = []
        for file in files {
            switch file.contents {
            case .bytes(let bytes): resolved.append((file, bytes))
            case .copy(let source):
                guard let bytes = sourceFileSystem.readFile(source) else { throw .shimNotFound(lookedAt: source) }
                resolved.append((file, bytes))
            }
        }
        var outcomes: [(path: String, outcome: Outcome)] = []
        for (file, bytes) in resolved {
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
