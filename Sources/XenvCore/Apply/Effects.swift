import XenvSystem

/// A file xenv appends to, which another program owns and reads (`$GITHUB_ENV` and its kin).
public struct PlannedAppend: Equatable, Sendable {
    public var path: String
    public var bytes: [UInt8]
    /// Where the path came from, for errors: `$GITHUB_ENV`.
    public var origin: String

    public init(path: String, bytes: [UInt8], origin: String) {
        self.path = path
        self.bytes = bytes
        self.origin = origin
    }
}

/// Everything a command changes on disk, decided before the first change: the files it replaces (a plan's,
/// and a command's own such as `env.cmd` or a merged cargo config) and the files it appends to. Every one of
/// them is on the host's file system, `PlanningContext.fileSystem` (for a simulated Windows host, the tree
/// below its root); a `.copy` write reads its source from the machine xenv runs on,
/// `PlanningContext.installationFileSystem`. `PlanApplier` is the only code that carries them out.
public struct Effects: Equatable, Sendable {
    public var writes: [PlannedFile]
    public var appends: [PlannedAppend]

    public init(writes: [PlannedFile] = [], appends: [PlannedAppend] = []) {
        self.writes = writes
        self.appends = appends
    }
}
