#if os(Windows)
import WinSDK

/// The system calls of Windows. File paths arrive in the `\\?\` form (`WindowsPath.extendedLength`), so
/// no call is limited to 260 characters and Win32 applies no normalization of its own. Only this file and
/// the few `#if os(Windows)` lines elsewhere differ from what the simulated host runs; `make check-windows`
/// type-checks them on Linux against Wine's headers.
public struct Win32Calls: WindowsCalls {
    public init() {}

    static func error(_ operation: String, _ path: String, _ code: DWORD = GetLastError()) -> SystemError {
        SystemError(operation: operation, path: path, code: Int32(bitPattern: code), message: message(for: code))
    }

    /// The system's text for an error code, without its trailing line break and period.
    static func message(for code: DWORD) -> String {
        var buffer = [WCHAR](repeating: 0, count: 512)
        let length = FormatMessageW(
            DWORD(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS), nil, code, 0, &buffer,
            DWORD(buffer.count), nil)
        var text = String(decoding: buffer[..<Int(length)], as: UTF16.self)
        while let last = text.last, last == "\r" || last == "\n" || last == "." || last == " " { text.removeLast() }
        return text.isEmpty ? "Windows error \(code)" : text
    }

    /// Calls `body` with `text` as a NUL-terminated UTF-16 string.
    static func wide<Result>(_ text: String, _ body: (UnsafePointer<WCHAR>) -> Result) -> Result {
        text.withCString(encodedAs: UTF16.self, body)
    }

    /// What the path itself is: a symbolic link is reported as what GetFileAttributesW says of the link.
    public func kind(_ path: String) -> FileKind? {
        let attributes = Self.wide(path) { GetFileAttributesW($0) }
        guard attributes != INVALID_FILE_ATTRIBUTES else { return nil }
        return attributes & DWORD(FILE_ATTRIBUTE_DIRECTORY) != 0 ? .directory : .file(executable: true)
    }

    public func isReadOnly(_ path: String) -> Bool {
        let attributes = Self.wide(path) { GetFileAttributesW($0) }
        return attributes != INVALID_FILE_ATTRIBUTES && attributes & DWORD(FILE_ATTRIBUTE_READONLY) != 0
    }

    public func entries(_ path: String) -> [String]? {
        var data = WIN32_FIND_DATAW()
        let handle = Self.wide(WindowsPath.join(path, "*")) { FindFirstFileW($0, &data) }
        guard let handle, handle != INVALID_HANDLE_VALUE else {
            // A drive's root has no `.` or `..`: empty, it has no first entry.
            return GetLastError() == DWORD(ERROR_FILE_NOT_FOUND) && kind(path) == .directory ? [] : nil
        }
        defer { FindClose(handle) }
        var names: [String] = []
        repeat {
            let name = withUnsafeBytes(of: data.cFileName) { raw in
                String(decodingCString: raw.bindMemory(to: WCHAR.self).baseAddress!, as: UTF16.self)
            }
            if name != "." && name != ".." { names.append(name) }
        } while FindNextFileW(handle, &data)
        return names
    }

    static func open(
        _ path: String, access: DWORD, share: DWORD, disposition: DWORD, flags: DWORD = DWORD(FILE_ATTRIBUTE_NORMAL),
        inheritable: Bool = false
    ) -> HANDLE? {
        var security = SECURITY_ATTRIBUTES(
            nLength: DWORD(MemoryLayout<SECURITY_ATTRIBUTES>.size), lpSecurityDescriptor: nil, bInheritHandle: true)
        let handle = wide(path) { name in
            inheritable
                ? CreateFileW(name, access, share, &security, disposition, flags, nil)
                : CreateFileW(name, access, share, nil, disposition, flags, nil)
        }
        guard let handle, handle != INVALID_HANDLE_VALUE else { return nil }
        return handle
    }

    static let shareAll = DWORD(FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE)

    public func read(_ path: String) -> [UInt8]? {
        guard
            let handle = Self.open(
                path, access: DWORD(GENERIC_READ), share: Self.shareAll, disposition: DWORD(OPEN_EXISTING))
        else { return nil }
        defer { CloseHandle(handle) }
        return Self.readAll(handle)
    }

    static func readAll(_ handle: HANDLE) -> [UInt8]? {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            var count: DWORD = 0
            let ok = chunk.withUnsafeMutableBytes { ReadFile(handle, $0.baseAddress, DWORD($0.count), &count, nil) }
            guard ok else { return nil }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[..<Int(count)])
        }
    }

    /// Writes all of `bytes`; the error code on failure.
    static func writeAll(_ handle: HANDLE, _ bytes: [UInt8]) -> DWORD? {
        var offset = 0
        while offset < bytes.count {
            var written: DWORD = 0
            let chunk = DWORD(min(bytes.count - offset, 1 << 30))
            let ok = bytes.withUnsafeBytes { WriteFile(handle, $0.baseAddress! + offset, chunk, &written, nil) }
            guard ok else { return GetLastError() }
            offset += Int(written)
        }
        return nil
    }

    public func createNew(_ path: String, _ bytes: [UInt8], executable: Bool) throws(SystemError) {
        guard let handle = Self.open(path, access: DWORD(GENERIC_WRITE), share: 0, disposition: DWORD(CREATE_NEW))
        else {
            throw Self.error("CreateFileW", path)
        }
        if let code = Self.writeAll(handle, bytes) {
            CloseHandle(handle)
            _ = Self.wide(path) { DeleteFileW($0) }
            throw Self.error("WriteFile", path, code)
        }
        CloseHandle(handle)
    }

    public func rename(_ source: String, over destination: String) throws(SystemError) {
        // rename() cannot replace a file on Windows; MoveFileExW can. WRITE_THROUGH matters only when the move is
        // a copy across volumes, which xenv's sibling temporary files never need; it costs nothing otherwise.
        let moved = Self.wide(source) { from in
            Self.wide(destination) { to in
                MoveFileExW(from, to, DWORD(MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH))
            }
        }
        guard moved else { throw Self.error("MoveFileExW", destination) }
    }

    public func append(_ path: String, _ bytes: [UInt8]) throws(SystemError) {
        // FILE_APPEND_DATA without FILE_WRITE_DATA: every write goes to the end, as O_APPEND.
        guard
            let handle = Self.open(
                path, access: DWORD(FILE_APPEND_DATA), share: DWORD(FILE_SHARE_READ | FILE_SHARE_WRITE),
                disposition: DWORD(OPEN_ALWAYS))
        else { throw Self.error("CreateFileW", path) }
        defer { CloseHandle(handle) }
        if let code = Self.writeAll(handle, bytes) { throw Self.error("WriteFile", path, code) }
    }

    public func makeDirectory(_ path: String) throws(SystemError) {
        guard Self.wide(path, { CreateDirectoryW($0, nil) }) else {
            let code = GetLastError()
            if code == DWORD(ERROR_ALREADY_EXISTS), kind(path) == .directory { return }
            throw Self.error("CreateDirectoryW", path, code)
        }
    }

    public func remove(_ path: String) {
        _ = Self.wide(path) { DeleteFileW($0) }
    }

    public func hardLink(_ existing: String, at link: String) throws(SystemError) {
        let linked = Self.wide(link) { new in Self.wide(existing) { old in CreateHardLinkW(new, old, nil) } }
        guard linked else { throw Self.error("CreateHardLinkW", link) }
    }

    /// LockFileEx on the first byte of a file every process may open (a region past the end is allowed). As its
    /// documentation says: without LOCKFILE_FAIL_IMMEDIATELY a synchronous handle waits, with it a held region
    /// fails with ERROR_LOCK_VIOLATION; closing the handle, or the process ending, unlocks.
    public func lock(_ path: String, wait: Bool) throws(SystemError) -> LockAttempt {
        guard
            let handle = Self.open(
                path, access: DWORD(GENERIC_READ) | DWORD(GENERIC_WRITE),
                share: DWORD(FILE_SHARE_READ) | DWORD(FILE_SHARE_WRITE) | DWORD(FILE_SHARE_DELETE),
                disposition: DWORD(OPEN_ALWAYS))
        else { throw Self.error("CreateFileW", path) }
        var overlapped = OVERLAPPED()
        let flags = DWORD(LOCKFILE_EXCLUSIVE_LOCK) | (wait ? 0 : DWORD(LOCKFILE_FAIL_IMMEDIATELY))
        guard LockFileEx(handle, flags, 0, 1, 0, &overlapped) else {
            let code = GetLastError()
            CloseHandle(handle)
            if code == DWORD(ERROR_LOCK_VIOLATION) { return .busy }
            throw Self.error("LockFileEx", path, code)
        }
        // A HANDLE is a pointer, which a Sendable closure may not hold: its bits travel instead.
        let bits = Int(bitPattern: handle)
        return .held(FileLock { _ = CloseHandle(HANDLE(bitPattern: bits)) })
    }

    public func size(_ path: String) -> Int? {
        var data = WIN32_FILE_ATTRIBUTE_DATA()
        guard Self.wide(path, { GetFileAttributesExW($0, GetFileExInfoStandard, &data) }),
            data.dwFileAttributes & DWORD(FILE_ATTRIBUTE_DIRECTORY) == 0
        else { return nil }
        return Int(data.nFileSizeHigh) << 32 | Int(data.nFileSizeLow)
    }

    /// Creating symbolic links needs Developer Mode or the privilege to create them
    /// (`SYMBOLIC_LINK_FLAG_ALLOW_UNPRIVILEGED_CREATE`); callers copy when this fails.
    public func symbolicLink(_ target: String, at link: String) throws(SystemError) {
        let created = Self.wide(link) { new in
            Self.wide(target.replacingAll("/", with: "\\")) { old in
                CreateSymbolicLinkW(new, old, Self.allowUnprivilegedCreate)
            }
        }
        guard created != 0 else { throw Self.error("CreateSymbolicLinkW", link) }
    }

    public func removeDirectory(_ path: String) {
        _ = Self.wide(path) { RemoveDirectoryW($0) }
    }

    /// `SYMBOLIC_LINK_FLAG_ALLOW_UNPRIVILEGED_CREATE` (winbase.h, SDK 10.0.14972 and later), which Wine's headers,
    /// the stand-in `make check-windows` type-checks against, lack.
    static let allowUnprivilegedCreate = DWORD(0x2)

    public func isSameFile(_ first: String, _ second: String) -> Bool {
        func identity(_ path: String) -> (UInt32, UInt32, UInt32)? {
            guard
                let handle = Self.open(
                    path, access: DWORD(FILE_READ_ATTRIBUTES), share: Self.shareAll, disposition: DWORD(OPEN_EXISTING),
                    flags: DWORD(FILE_FLAG_BACKUP_SEMANTICS))
            else { return nil }
            defer { CloseHandle(handle) }
            var information = BY_HANDLE_FILE_INFORMATION()
            guard GetFileInformationByHandle(handle, &information) else { return nil }
            return (information.dwVolumeSerialNumber, information.nFileIndexHigh, information.nFileIndexLow)
        }
        guard let a = identity(first), let b = identity(second) else { return false }
        return a == b
    }

    // MARK: - Processes

    /// Returns TRUE for Ctrl-C and Ctrl-Break while a program runs with the console passed through: the console
    /// delivers them to that program as well, and xenv waits for its exit code instead of dying first. Other
    /// events (closing the console, logging off) get the default handling. Unlike
    /// `SetConsoleCtrlHandler(nil, true)`, a handler routine is not inherited, so the program stays interruptible.
    static let passControlCToChild: PHANDLER_ROUTINE = { event in
        WindowsBool(event == DWORD(CTRL_C_EVENT) || event == DWORD(CTRL_BREAK_EVENT))
    }

    /// `PROC_THREAD_ATTRIBUTE_HANDLE_LIST`: a function-like macro in the SDK (`ProcThreadAttributeValue(2, FALSE,
    /// TRUE, FALSE)`), which Swift does not import.
    static let handleListAttribute = DWORD_PTR(0x0002_0002)

    public func runProcess(
        application: String, commandLine: String, environment: [UInt16], captureOutput: Bool
    )
        throws(SystemError) -> ProcessResult
    {
        // The three handles the child gets: inheritable copies of ours, or temporary files and NUL.
        var handles: [HANDLE?] = []
        defer { for case let handle? in handles { CloseHandle(handle) } }
        if captureOutput {
            guard
                let input = Self.open(
                    "NUL", access: DWORD(GENERIC_READ), share: Self.shareAll, disposition: DWORD(OPEN_EXISTING),
                    inheritable: true)
            else { throw Self.error("CreateFileW", "NUL") }
            handles.append(input)
            for stream in ["out", "err"] {
                let name = WindowsPath.join(
                    temporaryDirectory(), "xenv-\(uniqueToken(processIdentifier: processIdentifier()))-\(stream).tmp")
                // Deleted when the last handle closes, so nothing is left behind whatever happens.
                guard
                    let handle = Self.open(
                        name, access: DWORD(GENERIC_READ) | DWORD(GENERIC_WRITE), share: Self.shareAll,
                        disposition: DWORD(CREATE_NEW),
                        flags: DWORD(FILE_ATTRIBUTE_TEMPORARY) | DWORD(FILE_FLAG_DELETE_ON_CLOSE),
                        inheritable: true)
                else { throw Self.error("CreateFileW", name) }
                handles.append(handle)
            }
        } else {
            for stream in [STD_INPUT_HANDLE, STD_OUTPUT_HANDLE, STD_ERROR_HANDLE] {
                var copy: HANDLE? = nil
                if let own = GetStdHandle(stream), own != INVALID_HANDLE_VALUE,
                    DuplicateHandle(
                        GetCurrentProcess(), own, GetCurrentProcess(), &copy, 0, true, DWORD(DUPLICATE_SAME_ACCESS))
                {
                    handles.append(copy)
                } else {
                    handles.append(nil)  // no such stream (a GUI parent): the child gets none either
                }
            }
        }
        // Only these handles are inherited, not every inheritable handle of this process (another thread's
        // temporary files, say): an attribute list with PROC_THREAD_ATTRIBUTE_HANDLE_LIST.
        var inherited = handles.compactMap { $0 }
        var listSize: SIZE_T = 0
        _ = InitializeProcThreadAttributeList(nil, 1, 0, &listSize)
        let listMemory = UnsafeMutableRawPointer.allocate(byteCount: Int(listSize), alignment: 16)
        defer { listMemory.deallocate() }
        let attributes = LPPROC_THREAD_ATTRIBUTE_LIST(listMemory)
        guard InitializeProcThreadAttributeList(attributes, 1, 0, &listSize) else {
            throw Self.error("InitializeProcThreadAttributeList", application)
        }
        defer { DeleteProcThreadAttributeList(attributes) }
        let listed = inherited.withUnsafeMutableBufferPointer { buffer in
            UpdateProcThreadAttribute(
                attributes, 0, Self.handleListAttribute, buffer.baseAddress,
                SIZE_T(buffer.count * MemoryLayout<HANDLE>.size),
                nil, nil)
        }
        guard listed else { throw Self.error("UpdateProcThreadAttribute", application) }

        var startup = STARTUPINFOEXW()
        startup.StartupInfo.cb = DWORD(MemoryLayout<STARTUPINFOEXW>.size)
        startup.StartupInfo.dwFlags = DWORD(STARTF_USESTDHANDLES)
        startup.StartupInfo.hStdInput = handles[0]
        startup.StartupInfo.hStdOutput = handles[1]
        startup.StartupInfo.hStdError = handles[2]
        startup.lpAttributeList = attributes
        var information = PROCESS_INFORMATION()
        var commandLineUnits = Array(commandLine.utf16) + [0]
        var environmentUnits = environment

        // Ctrl-C goes to a program whose console is passed through; a captured probe (vswhere, rustc) is
        // interrupted with xenv, as on POSIX.
        if !captureOutput { SetConsoleCtrlHandler(Self.passControlCToChild, true) }
        defer { if !captureOutput { SetConsoleCtrlHandler(Self.passControlCToChild, false) } }
        let started = withUnsafeMutablePointer(to: &startup) { extended in
            extended.withMemoryRebound(to: STARTUPINFOW.self, capacity: 1) { startupInfo in
                Self.wide(application) { name in
                    CreateProcessW(
                        name, &commandLineUnits, nil, nil, true,
                        DWORD(CREATE_UNICODE_ENVIRONMENT) | DWORD(EXTENDED_STARTUPINFO_PRESENT), &environmentUnits, nil,
                        startupInfo, &information)
                }
            }
        }
        guard started else { throw Self.error("CreateProcessW", application) }
        defer {
            CloseHandle(information.hThread)
            CloseHandle(information.hProcess)
        }
        WaitForSingleObject(information.hProcess, INFINITE)
        var code: DWORD = 0
        guard GetExitCodeProcess(information.hProcess, &code) else {
            throw Self.error("GetExitCodeProcess", application)
        }
        let status = TerminationStatus.exited(Int32(bitPattern: code))
        guard captureOutput else { return ProcessResult(status: status) }
        var outputs: [[UInt8]] = []
        for case let handle? in handles[1...] {
            SetFilePointerEx(handle, LARGE_INTEGER(), nil, DWORD(FILE_BEGIN))
            outputs.append(Self.readAll(handle) ?? [])
        }
        return ProcessResult(status: status, standardOutput: outputs[0], standardError: outputs[1])
    }

    /// `%TMP%`, `%TEMP%` or the user's temporary directory, as GetTempPathW decides.
    public func temporaryDirectory() -> String {
        var buffer = [WCHAR](repeating: 0, count: Int(MAX_PATH) + 2)
        let length = GetTempPathW(DWORD(buffer.count), &buffer)
        return String(decoding: buffer[..<Int(length)], as: UTF16.self)
    }

    // MARK: - Registry and machine

    public func registryString(_ key: RegistryKey, value: String) -> String? {
        let hive = key.hive == .localMachine ? HKEY_LOCAL_MACHINE : HKEY_CURRENT_USER
        // The view is a flag of RegGetValueW's dwFlags, not the KEY_WOW64_* access bits of RegOpenKeyExW.
        let view = key.view == .registry32 ? DWORD(RRF_SUBKEY_WOW6432KEY) : DWORD(RRF_SUBKEY_WOW6464KEY)
        let flags = DWORD(RRF_RT_REG_SZ) | view
        return Self.wide(key.path) { subkey in
            Self.wide(value) { name -> String? in
                var size: DWORD = 0
                guard RegGetValueW(hive, subkey, name, flags, nil, nil, &size) == ERROR_SUCCESS, size > 0 else {
                    return nil
                }
                var buffer = [WCHAR](repeating: 0, count: Int(size) / MemoryLayout<WCHAR>.size + 1)
                guard RegGetValueW(hive, subkey, name, flags, nil, &buffer, &size) == ERROR_SUCCESS else { return nil }
                return String(decodingCString: buffer, as: UTF16.self)
            }
        }
    }

    /// `IsWow64Process2`'s signature, for a call through a pointer found at run time.
    typealias IsWow64Process2Function =
        @convention(c) (
            HANDLE?, UnsafeMutablePointer<USHORT>?, UnsafeMutablePointer<USHORT>?
        ) -> Int32

    public func nativeMachine() -> UInt16? {
        // IsWow64Process2 tells the native machine even to an x64 process emulated on ARM64, where
        // GetNativeSystemInfo and PROCESSOR_ARCHITECTURE answer AMD64. It came with Windows 10 1511: looked up at
        // run time, so xenv still loads where it is missing and falls back to GetNativeSystemInfo.
        var processMachine: USHORT = 0, nativeMachine: USHORT = 0
        if let kernel32 = Self.wide("kernel32.dll", { GetModuleHandleW($0) }),
            let address = GetProcAddress(kernel32, "IsWow64Process2")
        {
            let isWow64Process2 = unsafeBitCast(address, to: IsWow64Process2Function.self)
            if isWow64Process2(GetCurrentProcess(), &processMachine, &nativeMachine) != 0 { return nativeMachine }
        }
        var information = SYSTEM_INFO()
        GetNativeSystemInfo(&information)
        switch Int32(information.wProcessorArchitecture) {
        case PROCESSOR_ARCHITECTURE_ARM64: return ImageFileMachine.arm64
        case PROCESSOR_ARCHITECTURE_AMD64: return ImageFileMachine.amd64
        case PROCESSOR_ARCHITECTURE_INTEL: return ImageFileMachine.i386
        default: return nil
        }
    }

    // MARK: - This process

    public func executablePath() -> String? {
        var buffer = [WCHAR](repeating: 0, count: 32768)
        let length = Int(GetModuleFileNameW(nil, &buffer, DWORD(buffer.count)))
        guard length > 0, length < buffer.count else { return nil }
        return String(decoding: buffer[..<length], as: UTF16.self)
    }

    public func processEnvironment() -> Environment {
        guard let block = GetEnvironmentStringsW() else { return Environment([:], caseInsensitiveNames: true) }
        defer { FreeEnvironmentStringsW(block) }
        var length = 0
        while block[length] != 0 || block[length + 1] != 0 { length += 1 }
        return Environment.parseWindowsBlock(Array(UnsafeBufferPointer(start: block, count: length + 2)))
    }

    public func currentDirectory() -> String? {
        let length = GetCurrentDirectoryW(0, nil)
        guard length > 0 else { return nil }
        var buffer = [WCHAR](repeating: 0, count: Int(length))
        let written = GetCurrentDirectoryW(length, &buffer)
        return String(decoding: buffer[..<Int(written)], as: UTF16.self)
    }

    public func processIdentifier() -> Int32 { Int32(bitPattern: GetCurrentProcessId()) }

    /// Whether standard output (1) or error (2) is a console.
    public func isTerminal(_ descriptor: Int32) -> Bool {
        guard let handle = GetStdHandle(descriptor == 1 ? STD_OUTPUT_HANDLE : STD_ERROR_HANDLE),
            handle != INVALID_HANDLE_VALUE
        else { return false }
        var mode: DWORD = 0
        return GetConsoleMode(handle, &mode)
    }

    /// Writes UTF-8 to standard output (1) or error (2): as UTF-16 to a console, which would otherwise read the
    /// bytes in its code page, and as the bytes themselves to a file or pipe.
    public func write(_ descriptor: Int32, _ bytes: [UInt8]) {
        guard let handle = GetStdHandle(descriptor == 1 ? STD_OUTPUT_HANDLE : STD_ERROR_HANDLE),
            handle != INVALID_HANDLE_VALUE
        else { return }
        var mode: DWORD = 0
        if GetConsoleMode(handle, &mode) {
            let units = Array(String(decoding: bytes, as: UTF8.self).utf16)
            var offset = 0
            while offset < units.count {
                var written: DWORD = 0
                let ok = units.withUnsafeBufferPointer {
                    WriteConsoleW(handle, $0.baseAddress! + offset, DWORD(units.count - offset), &written, nil)
                }
                guard ok, written > 0 else { return }
                offset += Int(written)
            }
        } else {
            _ = Self.writeAll(handle, bytes)
        }
    }

    /// ExitProcess keeps all 32 bits, so a child's 0xC0000005 reaches xenv's parent unchanged.
    public func exit(_ code: Int32) -> Never { ExitProcess(UINT(bitPattern: code)) }
}
#endif  // os(Windows)
