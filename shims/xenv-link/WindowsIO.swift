#if os(Windows)
import WinSDK
import XenvShimCore

/// The few system calls the shim needs, on Windows: no `exec`, so the shim always starts the linker,
/// waits, cleans up and exits with the linker's code. No test on this machine runs this file.
enum SystemIO {
    static let canReplaceProcess = false

    static func writeError(_ text: String) {
        let bytes = Array(text.utf8)
        var written: DWORD = 0
        _ = bytes.withUnsafeBytes { WriteFile(GetStdHandle(STD_ERROR_HANDLE), $0.baseAddress, DWORD($0.count), &written, nil) }
    }

    static func exit(_ code: Int32) -> Never { ExitProcess(UINT(bitPattern: code)) }

    static func describe(_ error: Int32) -> String { "Windows error \(error)" }

    static func executablePath() -> String {
        var buffer = [WCHAR](repeating: 0, count: 32768)
        let length = Int(GetModuleFileNameW(nil, &buffer, DWORD(buffer.count)))
        return String(decoding: buffer[..<length], as: UTF16.self)
    }

    static func readFile(_ path: String) -> [UInt8]? {
        let handle = path.withCString(encodedAs: UTF16.self) {
            CreateFileW($0, GENERIC_READ, DWORD(FILE_SHARE_READ), nil, DWORD(OPEN_EXISTING), DWORD(FILE_ATTRIBUTE_NORMAL), nil)
        }
        guard let handle, handle != INVALID_HANDLE_VALUE else { return nil }
        defer { CloseHandle(handle) }
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

    static func writeFile(_ path: String, _ bytes: [UInt8]) -> Bool {
        let handle = path.withCString(encodedAs: UTF16.self) {
            CreateFileW($0, GENERIC_WRITE, 0, nil, DWORD(CREATE_ALWAYS), DWORD(FILE_ATTRIBUTE_NORMAL), nil)
        }
        guard let handle, handle != INVALID_HANDLE_VALUE else { return false }
        defer { CloseHandle(handle) }
        var written: DWORD = 0
        return bytes.withUnsafeBytes { WriteFile(handle, $0.baseAddress, DWORD($0.count), &written, nil) }
            && Int(written) == bytes.count
    }

    static func removeFile(_ path: String) {
        _ = path.withCString(encodedAs: UTF16.self) { DeleteFileW($0) }
    }

    /// The process environment block, `NAME=value` entries in their order.
    static func environment() -> EnvironmentBlock {
        guard let block = GetEnvironmentStringsW() else { return EnvironmentBlock(entries: []) }
        defer { FreeEnvironmentStringsW(block) }
        var entries: [String] = []
        var cursor = block
        while cursor.pointee != 0 {
            var length = 0
            while cursor[length] != 0 { length += 1 }
            entries.append(String(decoding: UnsafeBufferPointer(start: cursor, count: length), as: UTF16.self))
            cursor += length + 1
        }
        return EnvironmentBlock(entries: entries)
    }

    static func replaceProcess(_ path: String, _ arguments: [String], _ environment: [String]) -> Int32 {
        Int32(ERROR_NOT_SUPPORTED)
    }

    /// Starts the linker with a command line quoted by the MSVC argv rules, inherited standard handles and
    /// the given environment, and waits for it. Ctrl-C is left to the linker, as rustup's proxies do.
    static func spawnAndWait(_ path: String, _ arguments: [String], _ environment: [String]) -> LinkerStatus {
        _ = SetConsoleCtrlHandler(nil, true)
        // argv[0] follows simpler rules (no backslash escapes): quote it whole; paths hold no `"`.
        let commandLine = (["\"\(arguments[0])\""] + arguments.dropFirst().map(WindowsCommandLine.quote))
            .joined(separator: " ")
        var commandLineUnits = Array(commandLine.utf16) + [0]
        var environmentUnits = environment.flatMap { Array($0.utf16) + [0] } + [0]
        var startup = STARTUPINFOW()
        startup.cb = DWORD(MemoryLayout<STARTUPINFOW>.size)
        var process = PROCESS_INFORMATION()
        let started = path.withCString(encodedAs: UTF16.self) { application in
            CreateProcessW(
                application, &commandLineUnits, nil, nil, true, DWORD(CREATE_UNICODE_ENVIRONMENT), &environmentUnits,
                nil, &startup, &process)
        }
        guard started else { return .failedToStart(Int32(bitPattern: GetLastError())) }
        defer {
            CloseHandle(process.hThread)
            CloseHandle(process.hProcess)
        }
        WaitForSingleObject(process.hProcess, INFINITE)
        var code: DWORD = 0
        guard GetExitCodeProcess(process.hProcess, &code) else { return .failedToStart(Int32(bitPattern: GetLastError())) }
        return .exited(Int32(bitPattern: code))
    }
}

/// Writes rewritten @files next to the original (rustc's temporary directory), else in `%TEMP%`, under
/// names `GetTempFileNameW` makes unique, so concurrent links stay apart.
struct SystemResponseFileStore: ResponseFileStore {
    func read(_ path: String) -> [UInt8]? { SystemIO.readFile(path) }

    mutating func writeTemporary(_ bytes: [UInt8], near original: String) throws -> String {
        let separator = original.lastIndex { $0 == "\\" || $0 == "/" }
        var temporaryDirectory = [WCHAR](repeating: 0, count: Int(MAX_PATH) + 1)
        let length = Int(GetTempPathW(DWORD(temporaryDirectory.count), &temporaryDirectory))
        let candidates = [separator.map { String(original[..<$0]) } ?? ".", String(decoding: temporaryDirectory[..<length], as: UTF16.self)]
        for directory in candidates {
            var name = [WCHAR](repeating: 0, count: Int(MAX_PATH) + 1)
            let created = directory.withCString(encodedAs: UTF16.self) { directory in
                "xel".withCString(encodedAs: UTF16.self) { prefix in GetTempFileNameW(directory, prefix, 0, &name) }
            }
            guard created != 0 else { continue }
            let path = String(decodingCString: name, as: UTF16.self)
            if SystemIO.writeFile(path, bytes) { return path }
            SystemIO.removeFile(path)
        }
        throw SystemError(code: Int32(bitPattern: GetLastError()))
    }
}

struct SystemError: Error, CustomStringConvertible {
    var code: Int32
    var description: String { "Windows error \(code)" }
}
#endif  // os(Windows)
