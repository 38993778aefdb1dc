import XenvSystem

/// Everything a plan depends on that comes from outside: the machine and where xenv's own files are.
public struct PlanningContext: Sendable {
    public var host: Host
    public var environment: Environment
    /// The host's file system, in the host's path style: what the resolvers search, where the state directory
    /// and every file xenv writes live (on a simulated Windows host, the directories below its root).
    public var fileSystem: FileSystem
    /// The file system of the machine xenv really runs on, where its own executables are: the shim it installs
    /// and, on Windows, the runtime libraries beside it. The same as `fileSystem` but on a simulated host.
    public var installationFileSystem: FileSystem
    /// Starts the host's programs (on a simulated Windows host, those below its root).
    public var processRunner: ProcessRunner
    /// A Windows host's system calls, for its registry and native architecture; nil on Linux and macOS.
    public var windowsCalls: (any WindowsCalls)?
    /// A Windows host simulated with `XENV_WINDOWS_ROOT`: its shim is this machine's, so it cannot link.
    public var isSimulated: Bool
    public var workingDirectory: String
    /// The shim executable shipped next to xenv (on `installationFileSystem`), copied into the state directory.
    public var shimSource: String
    public var catalog: TargetCatalog
    /// This machine's own file calls, which can hard-link the shipped shim into the state directory (both
    /// have a place on this machine's disk); nil when files must be copied (trees in memory, tests).
    public var nativeFileCalls: (any FileCalls)?
    /// The Windows host's facts (architecture, known folders, SDK root), asked of its calls once; only
    /// meaningful on a Windows host.
    public let windowsHost: WindowsHost

    public init(
        host: Host, environment: Environment, fileSystem: FileSystem, installationFileSystem: FileSystem? = nil,
        processRunner: ProcessRunner, windowsCalls: (any WindowsCalls)? = nil, isSimulated: Bool = false,
        workingDirectory: String, shimSource: String, catalog: TargetCatalog, nativeFileCalls: (any FileCalls)? = nil
    ) {
        self.host = host
        self.environment = environment
        self.fileSystem = fileSystem
        self.installationFileSystem = installationFileSystem ?? fileSystem
        self.processRunner = processRunner
        self.windowsCalls = windowsCalls
        self.isSimulated = isSimulated
        self.workingDirectory = workingDirectory
        self.shimSource = shimSource
        self.catalog = catalog
        self.nativeFileCalls = nativeFileCalls
        windowsHost = WindowsHost(environment: environment, calls: windowsCalls)
    }

    /// Where programs are found on this host's PATH.
    var executables: ExecutableSearch {
        ExecutableSearch(fileSystem: fileSystem, environment: environment, workingDirectory: workingDirectory)
    }
}
