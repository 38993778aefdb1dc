/// The system-call layer: the only code that differs between a real host and the simulated Windows host.
/// Everything above it (path algebra, atomic writes, PATH search, command-line quoting, environment blocks,
/// registry fallbacks) is shared, so tests of the simulated host run the code a Windows runner runs.
///
/// - `PosixCalls`: Linux and macOS.
/// - `Win32Calls`: Windows (compiled only there; `make check-windows` type-checks it here).
/// - `SimulatedWindowsCalls`: Windows semantics on a directory of this machine (`XENV_WINDOWS_ROOT`), built on
///   the host's own calls.

#if os(Windows)
/// The calls of the machine xenv runs on.
public typealias NativeCalls = Win32Calls
#else
/// The calls of the machine xenv runs on.
public typealias NativeCalls = PosixCalls
#endif

public enum FileKind: Equatable, Sendable {
    /// `executable`: POSIX's execute permission; on Windows every file counts, its extension decides how it starts.
    case file(executable: Bool)
    case directory
}

/// File calls on paths in the host's own form (for Win32, the `\\?\` form `WindowsPath.extendedLength` makes).
public protocol FileCalls: Sendable {
    /// What is at `path`; nil when nothing (or nothing readable) is there.
    func kind(_ path: String) -> FileKind?
    /// A file without write permission (POSIX mode bits, or Windows' READONLY attribute).
    func isReadOnly(_ path: String) -> Bool
    /// The names in a directory (no `.` or `..`), in no particular order; nil when it cannot be listed.
    func entries(_ path: String) -> [String]?
    func read(_ path: String) -> [UInt8]?
    /// Creates `path`, which must not exist yet, with `bytes`.
    func createNew(_ path: String, _ bytes: [UInt8], executable: Bool) throws(SystemError)
    /// Renames `source` to `destination` in one step, replacing a file already there.
    func rename(_ source: String, over destination: String) throws(SystemError)
    /// Adds `bytes` at the end of `path` in one write, creating it when missing.
    func append(_ path: String, _ bytes: [UInt8]) throws(SystemError)
    /// Creates one directory; an existing directory is no error.
    func makeDirectory(_ path: String) throws(SystemError)
    func remove(_ path: String)
    /// Makes `link` a new name for the file `existing`.
    func hardLink(_ existing: String, at link: String) throws(SystemError)
    /// Whether two paths name one file (as a hard link makes them).
    func isSameFile(_ first: String, _ second: String) -> Bool
    /// A file's size in bytes; nil when it is not a file.
    func size(_ path: String) -> Int?
    /// Makes `link` a symbolic link holding `target` (a path relative to the link's directory).
    func symbolicLink(_ target: String, at link: String) throws(SystemError)
    /// Removes an empty directory; nothing when it is not one.
    func removeDirectory(_ path: String)
    /// The target of the symbolic link at `path`; nil when `path` is not one (or the calls cannot tell).
    func symbolicLinkTarget(_ path: String) -> String?
    /// Where `path` is, or would be created, in the terms of the calls of the machine xenv runs on
    /// (`NativeCalls`): the path itself, or for the simulated host its place below the root.
    func nativePath(_ path: String) -> String?
    /// Locks the file `path` (created when missing) for this process alone: `flock` or `LockFileEx`, which the
    /// system drops when the process ends, however it ends. With `wait` false a lock held elsewhere is `.busy`.
    func lock(_ path: String, wait: Bool) throws(SystemError) -> LockAttempt
}

/// A held file lock; `release` gives it up (closing the file).
public struct FileLock: Sendable {
    public let release: @Sendable () -> Void

    public init(release: @escaping @Sendable () -> Void) { self.release = release }
}

public enum LockAttempt: Sendable {
    case held(FileLock)
    /// Another process holds it.
    case busy
    /// These calls cannot lock (an in-memory file system): go on without.
    case unsupported
}

extension FileCalls {
    public func nativePath(_ path: String) -> String? { path }

    /// Only POSIX reads links back; elsewhere a link is remade each time, which costs one rename.
    public func symbolicLinkTarget(_ path: String) -> String? { nil }

    public func lock(_ path: String, wait: Bool) throws(SystemError) -> LockAttempt { .unsupported }
}

/// A registry key in one of the two registry views a 64-bit Windows keeps.
public struct RegistryKey: Equatable, Sendable {
    public enum Hive: String, Sendable {
        case localMachine = "HKEY_LOCAL_MACHINE"
        case currentUser = "HKEY_CURRENT_USER"
    }

    public enum View: Sendable {
        /// What 32-bit programs see (`SOFTWARE\WOW6432Node` under HKLM); winsdk.bat tries it first.
        case registry32
        case registry64
    }

    public var hive: Hive
    /// Below the hive, without a leading `\`: `SOFTWARE\Microsoft\Windows Kits\Installed Roots`.
    public var path: String
    public var view: View

    public init(_ hive: Hive, _ path: String, view: View) {
        self.hive = hive
        self.path = path
        self.view = view
    }
}

/// The calls of a Windows host, real or simulated. Paths are Windows paths.
public protocol WindowsCalls: FileCalls {
    /// `CreateProcessW` with `application` and the already quoted `commandLine`, the given environment block
    /// (`Environment.windowsBlock`), standard handles inherited or, with `captureOutput`, standard output and
    /// error captured and standard input empty. Waits for the process; Ctrl-C reaches the process, and this
    /// process keeps waiting for it.
    func runProcess(
        application: String, commandLine: String, environment: [UInt16], captureOutput: Bool
    )
        throws(SystemError) -> ProcessResult
    /// A `REG_SZ` (or expanded `REG_EXPAND_SZ`) value; nil when the key or value is missing.
    func registryString(_ key: RegistryKey, value: String) -> String?
    /// The machine's own architecture as an `IMAGE_FILE_MACHINE_*` value, whatever this process is built for.
    func nativeMachine() -> UInt16?
}

/// `IMAGE_FILE_MACHINE_*` values.
public enum ImageFileMachine {
    public static let amd64: UInt16 = 0x8664
    public static let arm64: UInt16 = 0xAA64
    public static let i386: UInt16 = 0x014C
}
