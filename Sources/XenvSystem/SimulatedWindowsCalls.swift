#if !os(Windows)
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
#endif

/// A Windows host's system calls, answered from a directory of this machine (`XENV_WINDOWS_ROOT`): `C:\X` is
/// `<root>/C/X`, every component matched without regard to case as on NTFS. It stands in for the calls only:
/// the Windows path algebra, atomic writes, PATH search, command-line quoting and environment blocks above it
/// are the code a real Windows host runs.
/// - Files: the host's own calls on the mapped path.
/// - Registry: `<root>/registry.reg`, a regedit export (see `RegistryFile`); no file means an empty registry.
/// - Processes: the command line is split back into arguments by the C runtime's rules and the environment
///   block decoded, then the mapped program runs on this machine (a fixture's `rustc.exe` can be a shell
///   script). A program that is not an executable file here fails to start, as a broken `.exe` would. A
///   POSIX signal becomes the Windows status a similar crash gives (SIGINT: `0xC000013A`,
///   STATUS_CONTROL_C_EXIT; SIGSEGV and SIGBUS: `0xC0000005`, STATUS_ACCESS_VIOLATION; others: 1).
/// - The native machine: `PROCESSOR_ARCHITECTURE` of the registry's system environment
///   (`HKLM\SYSTEM\CurrentControlSet\Control\Session Manager\Environment`), which is the machine's own
///   architecture whatever an emulated process sees; nil without it.
public struct SimulatedWindowsCalls: WindowsCalls {
    /// The directory that holds the drives, as the host calls name it.
    public let root: String
    /// The calls the simulation runs on: this machine's own, or a tree in memory (tests).
    let host: any FileCalls
    /// How `host` spells paths.
    let hostStyle: PathStyle
    /// Starts the host's programs; nil when the host can run none (a tree in memory).
    let starter: (any ProgramStarter)?
    let registry: RegistryFile?
    /// Host paths already found, by Windows path as asked: the resolvers ask about the same directories
    /// hundreds of times, and a case-insensitive match costs a listing. Only paths that exist are kept. Keyed
    /// by spelling, not folded case: a tree made on a case-sensitive disk may hold both `Bin` and `bin`, and the
    /// exact spelling wins.
    private let found = Locked<[String: String]>([:])

    public init(
        root: String, host: any FileCalls, hostStyle: PathStyle, starter: (any ProgramStarter)?
    )
        throws(RegistryFile.ParseError)
    {
        self.root = root
        self.host = host
        self.hostStyle = hostStyle
        self.starter = starter
        let registryPath = hostStyle.join(root, "registry.reg")
        registry = try host.read(registryPath).map { bytes throws(RegistryFile.ParseError) in
            try RegistryFile(parsing: bytes)
        }
    }

    /// A simulated host on this machine's own files and programs.
    public static func onThisMachine(
        root: String, native: NativeCalls
    ) throws(RegistryFile.ParseError)
        -> SimulatedWindowsCalls
    {
        try SimulatedWindowsCalls(
            root: root, host: native, hostStyle: .native, starter: NativeProgramStarter(calls: native))
    }

    /// The drive and components of an absolute Windows path (plain or `\\?\`); nil for anything else.
    private func split(_ path: String) -> [String]? {
        let parsed = WindowsPath.parse(path)
        guard case .drive(let letter) = parsed.root else { return nil }
        return [String(letter)] + parsed.components
    }

    /// The host path of an existing Windows path.
    public func hostPath(_ path: String) -> String? {
        guard let components = split(path) else { return nil }
        var key = ""
        var current = root
        for component in components {
            key += "\\" + component
            if let known = found.withLock({ $0[key] }) {
                current = known
                continue
            }
            guard let next = entry(in: current, matching: component) else { return nil }
            found.withLock { $0[key] = next }
            current = next
        }
        return current
    }

    /// The host path to create for `path`: existing components as they are spelled on disk, new ones as given.
    func hostPathForWriting(_ path: String) -> String? {
        guard let components = split(path) else { return nil }
        var current = root
        var existing = true
        for component in components {
            if existing, let next = entry(in: current, matching: component) {
                current = next
            } else {
                existing = false
                current = hostStyle.join(current, component)
            }
        }
        return current
    }

    /// The entry of `directory` named `name` without regard to case; the exact spelling wins when both exist.
    private func entry(in directory: String, matching name: String) -> String? {
        let exact = hostStyle.join(directory, name)
        if host.kind(exact) != nil { return exact }
        let folded = name.uppercased()
        return host.entries(directory)?.sorted().first { $0.uppercased() == folded }.map {
            hostStyle.join(directory, $0)
        }
    }

    static func notFound(_ operation: String, _ path: String) -> SystemError {
        SystemError(operation: operation, path: path, code: 3, message: "The system cannot find the path specified")
    }

    static func accessDenied(_ operation: String, _ path: String) -> SystemError {
        SystemError(operation: operation, path: path, code: 5, message: "Access is denied")
    }

    /// A host call's error as Win32 reports it, so the layers above tell the same cases apart on both hosts.
    static func win32(_ error: SystemError) -> SystemError {
        #if os(Windows)
        return error
        #else
        var error = error
        switch error.code {
        case ENOENT: (error.code, error.message) = (3, "The system cannot find the path specified")
        case EEXIST: (error.code, error.message) = (80, "The file exists")
        case EACCES, EPERM, EISDIR: (error.code, error.message) = (5, "Access is denied")
        case ENOTDIR: (error.code, error.message) = (267, "The directory name is invalid")
        case ENOSPC: (error.code, error.message) = (112, "There is not enough space on the disk")
        default: break
        }
        return error
        #endif
    }

    /// Runs a host call, its error as Win32 reports it.
    private func call(_ body: () throws(SystemError) -> Void) throws(SystemError) {
        do { try body() } catch { throw Self.win32(error) }
    }

    public func nativePath(_ path: String) -> String? { hostPathForWriting(path).flatMap(host.nativePath) }

    public func kind(_ path: String) -> FileKind? { hostPath(path).flatMap(host.kind) }
    public func isReadOnly(_ path: String) -> Bool { hostPath(path).map(host.isReadOnly) ?? false }
    public func entries(_ path: String) -> [String]? { hostPath(path).flatMap(host.entries) }
    public func read(_ path: String) -> [UInt8]? { hostPath(path).flatMap(host.read) }

    public func createNew(_ path: String, _ bytes: [UInt8], executable: Bool) throws(SystemError) {
        guard let target = hostPathForWriting(path) else { throw Self.notFound("CreateFileW", path) }
        try call { () throws(SystemError) in try host.createNew(target, bytes, executable: executable) }
    }

    public func rename(_ source: String, over destination: String) throws(SystemError) {
        guard let from = hostPath(source) else { throw Self.notFound("MoveFileExW", source) }
        guard let to = hostPathForWriting(destination) else { throw Self.notFound("MoveFileExW", destination) }
        // MoveFileExW does not replace a read-only file; POSIX rename would.
        if host.kind(to) != nil, host.isReadOnly(to) { throw Self.accessDenied("MoveFileExW", destination) }
        try call { () throws(SystemError) in try host.rename(from, over: to) }
    }

    public func append(_ path: String, _ bytes: [UInt8]) throws(SystemError) {
        guard let target = hostPathForWriting(path) else { throw Self.notFound("CreateFileW", path) }
        try call { () throws(SystemError) in try host.append(target, bytes) }
    }

    public func makeDirectory(_ path: String) throws(SystemError) {
        guard let target = hostPathForWriting(path) else { throw Self.notFound("CreateDirectoryW", path) }
        try call { () throws(SystemError) in try host.makeDirectory(target) }
    }

    /// DeleteFileW refuses a read-only file, and so does this.
    public func remove(_ path: String) {
        if let target = hostPath(path), !host.isReadOnly(target) { host.remove(target) }
    }

    public func hardLink(_ existing: String, at link: String) throws(SystemError) {
        guard let from = hostPath(existing) else { throw Self.notFound("CreateHardLinkW", existing) }
        guard let to = hostPathForWriting(link) else { throw Self.notFound("CreateHardLinkW", link) }
        try call { () throws(SystemError) in try host.hardLink(from, at: to) }
    }

    public func isSameFile(_ first: String, _ second: String) -> Bool {
        guard let a = hostPath(first), let b = hostPath(second) else { return false }
        return host.isSameFile(a, b)
    }

    public func size(_ path: String) -> Int? { hostPath(path).flatMap(host.size) }

    public func lock(_ path: String, wait: Bool) throws(SystemError) -> LockAttempt {
        guard let target = hostPathForWriting(path) else { throw Self.notFound("CreateFileW", path) }
        do { return try host.lock(target, wait: wait) } catch { throw Self.win32(error) }
    }

    /// The host's link, its target in the host's separators.
    public func symbolicLink(_ target: String, at link: String) throws(SystemError) {
        guard let to = hostPathForWriting(link) else { throw Self.notFound("CreateSymbolicLinkW", link) }
        let hostTarget = hostStyle == .posix ? target.replacingAll("\\", with: "/") : target
        try call { () throws(SystemError) in try host.symbolicLink(hostTarget, at: to) }
    }

    public func removeDirectory(_ path: String) {
        if let target = hostPath(path) { host.removeDirectory(target) }
    }

    public func runProcess(
        application: String, commandLine: String, environment: [UInt16], captureOutput: Bool
    )
        throws(SystemError) -> ProcessResult
    {
        guard let starter, let program = hostPath(application), case .file(executable: true)? = host.kind(program)
        else {
            throw SystemError(
                operation: "CreateProcessW", path: application, code: 2,
                message: "The system cannot find the file specified")
        }
        return try starter.start(
            program: program, commandLine: commandLine, environment: environment, captureOutput: captureOutput)
    }

    public func registryString(_ key: RegistryKey, value: String) -> String? {
        registry?.string(key, value: value)
    }

    public func nativeMachine() -> UInt16? {
        let environment = #"HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\Session Manager\Environment"#
        switch registry?.string(environment, "PROCESSOR_ARCHITECTURE")?.uppercased() {
        case "ARM64": return ImageFileMachine.arm64
        case "AMD64": return ImageFileMachine.amd64
        case "X86": return ImageFileMachine.i386
        default: return nil
        }
    }
}

/// Starts a program of the machine a simulated Windows host lives on, given what `CreateProcessW` is given.
public protocol ProgramStarter: Sendable {
    func start(
        program: String, commandLine: String, environment: [UInt16], captureOutput: Bool
    ) throws(SystemError)
        -> ProcessResult
}

/// This machine's programs. On Windows the call is passed on as it is; on POSIX the command line is split back
/// into arguments by the C runtime's rules and the environment block decoded, and a signal becomes the status a
/// similar Windows crash gives.
public struct NativeProgramStarter: ProgramStarter {
    let calls: NativeCalls

    public init(calls: NativeCalls) { self.calls = calls }

    public func start(
        program: String, commandLine: String, environment: [UInt16], captureOutput: Bool
    ) throws(SystemError)
        -> ProcessResult
    {
        #if os(Windows)
        return try calls.runProcess(
            application: program, commandLine: commandLine, environment: environment, captureOutput: captureOutput)
        #else
        let arguments = WindowsCommandLine.arguments(fromCommandLine: commandLine)
        let entries = Environment.parseWindowsBlock(environment).posixEntries
        var result = try calls.runProcess(
            program, arguments: arguments, environment: entries, captureOutput: captureOutput)
        if case .signaled(let signal) = result.status {
            let status: UInt32 =
                switch signal {
                case SIGINT: 0xC000_013A
                case SIGSEGV, SIGBUS: 0xC000_0005
                default: 1
                }
            result.status = .exited(Int32(bitPattern: status))
        }
        return result
        #endif
    }
}
