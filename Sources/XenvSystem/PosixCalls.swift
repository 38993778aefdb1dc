#if !os(Windows)
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The system calls of Linux and macOS.
public struct PosixCalls: FileCalls {
    public init() {}

    static func error(_ operation: String, _ path: String, _ code: Int32 = errno) -> SystemError {
        SystemError(operation: operation, path: path, code: code, message: String(cString: strerror(code)))
    }

    public func kind(_ path: String) -> FileKind? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        if (info.st_mode & S_IFMT) == S_IFDIR { return .directory }
        return .file(executable: access(path, X_OK) == 0)
    }

    public func isReadOnly(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & 0o222 == 0
    }

    public func entries(_ path: String) -> [String]? {
        guard let directory = opendir(path) else { return nil }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    public func read(_ path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        return Self.readAll(descriptor)
    }

    static func readAll(_ descriptor: Int32) -> [UInt8]? {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glue.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[..<count])
        }
    }

    /// Writes all of `bytes`, retrying short writes; the error number on failure.
    static func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) -> Int32? {
        bytes.withUnsafeBytes { buffer -> Int32? in
            var offset = 0
            while offset < buffer.count {
                let count = Glue.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += count
            }
            return nil
        }
    }

    public func createNew(_ path: String, _ bytes: [UInt8], executable: Bool) throws(SystemError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, executable ? 0o755 : 0o644)
        guard descriptor >= 0 else { throw Self.error("open", path) }
        if let code = Self.writeAll(descriptor, bytes) {
            close(descriptor)
            unlink(path)
            throw Self.error("write", path, code)
        }
        guard close(descriptor) == 0 else {
            let code = errno
            unlink(path)
            throw Self.error("close", path, code)
        }
    }

    public func rename(_ source: String, over destination: String) throws(SystemError) {
        guard Glue.rename(source, destination) == 0 else { throw Self.error("rename", destination) }
    }

    public func append(_ path: String, _ bytes: [UInt8]) throws(SystemError) {
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Self.error("open", path) }
        defer { close(descriptor) }
        if let code = Self.writeAll(descriptor, bytes) { throw Self.error("write", path, code) }
    }

    public func makeDirectory(_ path: String) throws(SystemError) {
        guard mkdir(path, 0o755) == 0 else {
            let code = errno
            if code == EEXIST, kind(path) == .directory { return }
            throw Self.error("mkdir", path, code)
        }
    }

    public func remove(_ path: String) { unlink(path) }

    public func hardLink(_ existing: String, at link: String) throws(SystemError) {
        guard Glue.link(existing, link) == 0 else { throw Self.error("link", link) }
    }

    public func size(_ path: String) -> Int? {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) != S_IFDIR else { return nil }
        return Int(info.st_size)
    }

    public func symbolicLink(_ target: String, at link: String) throws(SystemError) {
        guard Glue.symlink(target, link) == 0 else { throw Self.error("symlink", link) }
    }

    public func removeDirectory(_ path: String) { rmdir(path) }

    public func lock(_ path: String, wait: Bool) throws(SystemError) -> LockAttempt {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Self.error("open", path) }
        while flock(descriptor, LOCK_EX | (wait ? 0 : LOCK_NB)) != 0 {
            let code = errno
            if code == EINTR { continue }
            close(descriptor)
            if code == EWOULDBLOCK { return .busy }
            throw Self.error("flock", path, code)
        }
        return .held(FileLock { close(descriptor) })
    }

    public func isSameFile(_ first: String, _ second: String) -> Bool {
        var a = stat(), b = stat()
        guard stat(first, &a) == 0, stat(second, &b) == 0 else { return false }
        return a.st_dev == b.st_dev && a.st_ino == b.st_ino
    }

    public func symbolicLinkTarget(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count >= 0 else { return nil }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    // MARK: - Processes

    /// Starts `path` with `arguments` (argv, its first element included) and `environment` entries, and waits.
    /// The child gets a clean signal mask and default handlers whatever this process blocks or ignores. With
    /// `captureOutput`, standard output and error go to unlinked temporary files (read after the child exits,
    /// so no pipe can fill up) and standard input is /dev/null; otherwise all three are inherited, and this
    /// process ignores Ctrl-C (SIGINT, SIGQUIT) until the child ends: the terminal sends it to the child too.
    public func runProcess(
        _ path: String, arguments: [String], environment: [String], captureOutput: Bool
    )
        throws(SystemError) -> ProcessResult
    {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var captured: [Int32] = []
        defer { for descriptor in captured { close(descriptor) } }
        if captureOutput {
            for target: Int32 in [1, 2] {
                let descriptor = try unlinkedTemporaryFile()
                captured.append(descriptor)
                posix_spawn_file_actions_adddup2(&actions, descriptor, target)
            }
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        var attributes = Self.cleanSpawnAttributes()
        defer { posix_spawnattr_destroy(&attributes) }

        // Ignored before the spawn, so no Ctrl-C falls between it and the wait; the child gets the default
        // handlers back (POSIX_SPAWN_SETSIGDEF).
        let previous = captureOutput ? nil : (signal(SIGINT, SIG_IGN), signal(SIGQUIT, SIG_IGN))
        defer {
            if let previous {
                signal(SIGINT, previous.0)
                signal(SIGQUIT, previous.1)
            }
        }
        var pid = pid_t()
        let spawned = Self.withCStrings(arguments) { argv in
            Self.withCStrings(environment) { envp in posix_spawn(&pid, path, &actions, &attributes, argv, envp) }
        }
        guard spawned == 0 else { throw Self.error("posix_spawn", path, spawned) }
        let status = try Self.wait(pid, path)
        guard captureOutput else { return ProcessResult(status: status) }
        var outputs: [[UInt8]] = []
        for descriptor in captured {
            lseek(descriptor, 0, SEEK_SET)
            outputs.append(Self.readAll(descriptor) ?? [])
        }
        return ProcessResult(status: status, standardOutput: outputs[0], standardError: outputs[1])
    }

    /// Spawn attributes that give a child an empty signal mask and default handlers, whatever this process blocks
    /// or ignores (a blocked SIGCHLD, inherited, makes cmake wait forever for its children); with `newProcessGroup`
    /// the child leads a group of its own, as a shell's foreground job. The caller destroys them.
    public static func cleanSpawnAttributes(newProcessGroup: Bool = false) -> posix_spawnattr_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        var noSignals = sigset_t(), allSignals = sigset_t()
        sigemptyset(&noSignals)
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        var flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
        if newProcessGroup {
            posix_spawnattr_setpgroup(&attributes, 0)
            flags |= POSIX_SPAWN_SETPGROUP
        }
        posix_spawnattr_setflags(&attributes, Int16(flags))
        return attributes
    }

    static func wait(_ pid: pid_t, _ path: String) throws(SystemError) -> TerminationStatus {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { throw error("waitpid", path) }
        }
        // The <sys/wait.h> macros, which Swift does not import: low 7 bits = terminating signal, else exit code.
        let signal = status & 0x7F
        return signal == 0 ? .exited((status >> 8) & 0xFF) : .signaled(signal)
    }

    /// `$TMPDIR`, else `/tmp`.
    public func temporaryDirectory() -> String {
        getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
    }

    func unlinkedTemporaryFile() throws(SystemError) -> Int32 {
        // Opened close-on-exec in the same call (mkstemp cannot), so a program another thread starts meanwhile
        // does not inherit it; the random name makes O_EXCL's collision check a formality.
        let path = Path.join(temporaryDirectory(), "xenv-\(uniqueToken(processIdentifier: getpid()))")
        let descriptor = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw Self.error("open", path) }
        unlink(path)
        return descriptor
    }

    /// Replaces this process with `path`; returns only when `execve` fails, with its error.
    public func replaceProcess(_ path: String, arguments: [String], environment: [String]) -> SystemError {
        Self.withCStrings(arguments) { argv in
            Self.withCStrings(environment) { envp in _ = execve(path, argv, envp) }
        }
        return Self.error("execve", path)
    }

    static func withCStrings<Result>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> Result) -> Result
    {
        let pointers = strings.map { strdup($0) } + [nil]
        defer { for pointer in pointers { free(pointer) } }
        return body(pointers)
    }

    // MARK: - This process

    /// This executable's path, symbolic links resolved where the system tells it.
    public func executablePath() -> String? {
        #if os(Linux)
        var buffer = [CChar](repeating: 0, count: 4097)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { return nil }
        return String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        #elseif canImport(Darwin)
        var size: UInt32 = 4096
        var buffer = [CChar](repeating: 0, count: Int(size))
        guard _NSGetExecutablePath(&buffer, &size) == 0, let resolved = realpath(buffer, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
        #else
        return nil
        #endif
    }

    public func processEnvironment() -> Environment {
        #if canImport(Darwin)
        var pointer = _NSGetEnviron().pointee!
        #else
        var pointer = environ
        #endif
        var entries: [String] = []
        while let entry = pointer.pointee {
            entries.append(String(cString: entry))
            pointer += 1
        }
        return Environment(entries: entries, caseInsensitiveNames: false)
    }

    public func currentDirectory() -> String? {
        guard let path = getcwd(nil, 0) else { return nil }
        defer { free(path) }
        return String(cString: path)
    }

    public func processIdentifier() -> Int32 { getpid() }

    /// Writes to standard output (1) or standard error (2).
    public func write(_ descriptor: Int32, _ bytes: [UInt8]) {
        _ = Self.writeAll(descriptor, bytes)
    }

    /// Whether standard output (1) or error (2) is a terminal.
    public func isTerminal(_ descriptor: Int32) -> Bool { isatty(descriptor) == 1 }

    public func exit(_ code: Int32) -> Never { Glue.exit(code) }
}

/// The C library's functions whose names PosixCalls' own methods shadow.
enum Glue {
    #if canImport(Glibc)
    static let read = Glibc.read, write = Glibc.write, rename = Glibc.rename, link = Glibc.link, symlink = Glibc.symlink
    static func exit(_ code: Int32) -> Never { Glibc.exit(code) }
    #elseif canImport(Musl)
    static let read = Musl.read, write = Musl.write, rename = Musl.rename, link = Musl.link, symlink = Musl.symlink
    static func exit(_ code: Int32) -> Never { Musl.exit(code) }
    #elseif canImport(Darwin)
    static let read = Darwin.read, write = Darwin.write, rename = Darwin.rename, link = Darwin.link,
        symlink = Darwin.symlink
    static func exit(_ code: Int32) -> Never { Darwin.exit(code) }
    #endif
}
#endif  // !os(Windows)
