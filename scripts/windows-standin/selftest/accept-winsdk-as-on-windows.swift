// Self-test of `make check-windows`: Swift on Windows accepts all of this (Swift 6, x86_64 and arm64), so the
// stand-in must too. `same(A.self, B.self)` compiles only when A and B are one type: no conversion applies to
// metatypes, so it pins the exact imported type (a function type included; in Swift 6 a reference to a global
// function is @Sendable).
#if os(Windows)
import WinSDK

func same<T>(_: T.Type, _: T.Type) {}

// The examples.
func examples(_ h: HANDLE) {
    let access = DWORD(GENERIC_WRITE)
    let ok: Bool = CloseHandle(h)
    _ = (access, ok)
}

// Integer and pointer typedefs (LLP64: long and DWORD are 32 bits, __int64 and the _PTR types 64).
func typedefs() {
    same(DWORD.self, UInt32.self)
    same(UINT.self, UInt32.self)
    same(ULONG.self, UInt32.self)
    same(LONG.self, Int32.self)
    same(INT.self, Int32.self)
    same(WCHAR.self, UInt16.self)
    same(WORD.self, UInt16.self)
    same(USHORT.self, UInt16.self)
    same(BYTE.self, UInt8.self)
    same(BOOLEAN.self, UInt8.self)
    same(HRESULT.self, Int32.self)
    same(LSTATUS.self, Int32.self)
    same(REGSAM.self, UInt32.self)
    same(LONGLONG.self, Int64.self)
    same(ULONGLONG.self, UInt64.self)
    same(DWORD64.self, UInt64.self)
    same(ULONG_PTR.self, UInt64.self)
    same(DWORD_PTR.self, UInt64.self)
    same(SIZE_T.self, UInt64.self)
    same(LPARAM.self, Int64.self)
    same(WPARAM.self, UInt64.self)
    same(time_t.self, Int64.self)
    same(HANDLE.self, UnsafeMutableRawPointer.self)
    same(LPCWSTR.self, UnsafePointer<WCHAR>.self)
    same(LPWSTR.self, UnsafeMutablePointer<WCHAR>.self)
    same(HKEY.self, UnsafeMutablePointer<HKEY__>.self)
    same(PHKEY.self, UnsafeMutablePointer<HKEY?>.self)
    same(HMODULE.self, UnsafeMutablePointer<HINSTANCE__>.self)
}

// Functions: BOOL is Bool in parameters and results; pointers are implicitly unwrapped optionals.
func functions() {
    same(type(of: CreateFileW), (@Sendable (LPCWSTR?, DWORD, DWORD, LPSECURITY_ATTRIBUTES?, DWORD, DWORD, HANDLE?) -> HANDLE?).self)
    same(type(of: CreateProcessW), (@Sendable (LPCWSTR?, LPWSTR?, LPSECURITY_ATTRIBUTES?, LPSECURITY_ATTRIBUTES?, Bool, DWORD,
        LPVOID?, LPCWSTR?, LPSTARTUPINFOW?, LPPROCESS_INFORMATION?) -> Bool).self)
    same(type(of: WaitForSingleObject), (@Sendable (HANDLE?, DWORD) -> DWORD).self)
    same(type(of: GetExitCodeProcess), (@Sendable (HANDLE?, LPDWORD?) -> Bool).self)
    same(type(of: MoveFileExW), (@Sendable (LPCWSTR?, LPCWSTR?, DWORD) -> Bool).self)
    same(type(of: RegGetValueW), (@Sendable (HKEY?, LPCWSTR?, LPCWSTR?, DWORD, LPDWORD?, PVOID?, LPDWORD?) -> LSTATUS).self)
    same(type(of: RegOpenKeyExW), (@Sendable (HKEY?, LPCWSTR?, DWORD, REGSAM, PHKEY?) -> LSTATUS).self)
    same(type(of: RegCloseKey), (@Sendable (HKEY?) -> LSTATUS).self)
    same(type(of: SetConsoleCtrlHandler), (@Sendable (PHANDLER_ROUTINE?, Bool) -> Bool).self)
    same(PHANDLER_ROUTINE.self, (@convention(c) (DWORD) -> WindowsBool).self)
    same(type(of: GetModuleFileNameW), (@Sendable (HMODULE?, LPWSTR?, DWORD) -> DWORD).self)
    same(type(of: GetEnvironmentStringsW), (@Sendable () -> UnsafeMutablePointer<WCHAR>?).self)
    same(type(of: FreeEnvironmentStringsW), (@Sendable (UnsafeMutablePointer<WCHAR>?) -> Bool).self)
    same(type(of: IsWow64Process), (@Sendable (HANDLE?, PBOOL?) -> Bool).self)
    same(PBOOL.self, UnsafeMutablePointer<WindowsBool>.self)
    same(type(of: IsWow64Process2), (@Sendable (HANDLE?, UnsafeMutablePointer<USHORT>?, UnsafeMutablePointer<USHORT>?) -> Bool).self)
    same(type(of: GetNativeSystemInfo), (@Sendable (LPSYSTEM_INFO?) -> Void).self)
    same(type(of: GetCurrentProcess), (@Sendable () -> HANDLE?).self)
    same(type(of: CreateJobObjectW), (@Sendable (LPSECURITY_ATTRIBUTES?, LPCWSTR?) -> HANDLE?).self)
    same(type(of: AssignProcessToJobObject), (@Sendable (HANDLE?, HANDLE?) -> Bool).self)
    same(type(of: ResumeThread), (@Sendable (HANDLE?) -> DWORD).self)
    same(type(of: GetTempFileNameW), (@Sendable (LPCWSTR?, LPCWSTR?, UINT, LPWSTR?) -> UINT).self)
    same(type(of: GetTempPathW), (@Sendable (DWORD, LPWSTR?) -> DWORD).self)
    same(type(of: GetFileAttributesExW), (@Sendable (LPCWSTR?, GET_FILEEX_INFO_LEVELS, LPVOID?) -> Bool).self)
    same(type(of: GetFileAttributesW), (@Sendable (LPCWSTR?) -> DWORD).self)
    same(type(of: FindFirstFileW), (@Sendable (LPCWSTR?, LPWIN32_FIND_DATAW?) -> HANDLE?).self)
    same(type(of: FindNextFileW), (@Sendable (HANDLE?, LPWIN32_FIND_DATAW?) -> Bool).self)
    same(type(of: FindClose), (@Sendable (HANDLE?) -> Bool).self)
    same(type(of: GetFullPathNameW), (@Sendable (LPCWSTR?, DWORD, LPWSTR?, UnsafeMutablePointer<LPWSTR?>?) -> DWORD).self)
    same(type(of: CreateDirectoryW), (@Sendable (LPCWSTR?, LPSECURITY_ATTRIBUTES?) -> Bool).self)
    same(type(of: DeleteFileW), (@Sendable (LPCWSTR?) -> Bool).self)
    same(type(of: WriteFile), (@Sendable (HANDLE?, LPCVOID?, DWORD, LPDWORD?, LPOVERLAPPED?) -> Bool).self)
    same(type(of: ReadFile), (@Sendable (HANDLE?, LPVOID?, DWORD, LPDWORD?, LPOVERLAPPED?) -> Bool).self)
    same(type(of: CloseHandle), (@Sendable (HANDLE?) -> Bool).self)
    same(type(of: GetStdHandle), (@Sendable (DWORD) -> HANDLE?).self)
    same(type(of: GetLastError), (@Sendable () -> DWORD).self)
    same(type(of: SetLastError), (@Sendable (DWORD) -> Void).self)
    same(type(of: MultiByteToWideChar), (@Sendable (UINT, DWORD, LPCCH?, Int32, LPWSTR?, Int32) -> Int32).self)
    same(type(of: WideCharToMultiByte), (@Sendable (UINT, DWORD, LPCWCH?, Int32, LPSTR?, Int32, LPCCH?, LPBOOL?) -> Int32).self)
    same(type(of: GetConsoleOutputCP), (@Sendable () -> UINT).self)
    same(type(of: ExitProcess), (@Sendable (UINT) -> Never).self)
    same(type(of: GetEnvironmentVariableW), (@Sendable (LPCWSTR?, LPWSTR?, DWORD) -> DWORD).self)
    same(type(of: SetEnvironmentVariableW), (@Sendable (LPCWSTR?, LPCWSTR?) -> Bool).self)
    same(type(of: GetCurrentDirectoryW), (@Sendable (DWORD, LPWSTR?) -> DWORD).self)
}

// FormatMessageW's last parameter is a va_list pointer, which differs here; nil works on both.
func formatMessage(_ error: DWORD) -> String {
    var buffer = [WCHAR](repeating: 0, count: 512)
    let length = FormatMessageW(
        DWORD(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS), nil, error, 0, &buffer, DWORD(buffer.count), nil)
    return String(decoding: buffer[..<Int(length)], as: UTF16.self)
}

// Struct fields keep WindowsBool; anonymous unions are flattened.
func fields() {
    same(type(of: SECURITY_ATTRIBUTES().bInheritHandle), WindowsBool.self)
    same(type(of: STARTUPINFOW().cb), DWORD.self)
    same(type(of: STARTUPINFOW().hStdError), HANDLE?.self)
    same(type(of: PROCESS_INFORMATION().hProcess), HANDLE?.self)
    same(type(of: SYSTEM_INFO().wProcessorArchitecture), WORD.self)
    same(type(of: WIN32_FILE_ATTRIBUTE_DATA().dwFileAttributes), DWORD.self)
    same(type(of: FILETIME().dwLowDateTime), DWORD.self)
}

// Constants: an L literal is a 32-bit long (Int32, or UInt32 when it does not fit), an unsuffixed one an int.
func constants() {
    same(type(of: GENERIC_WRITE), Int32.self)
    same(type(of: GENERIC_READ), UInt32.self)
    same(type(of: FILE_SHARE_READ), Int32.self)
    same(type(of: OPEN_EXISTING), Int32.self)
    same(type(of: CREATE_ALWAYS), Int32.self)
    same(type(of: FILE_ATTRIBUTE_NORMAL), Int32.self)
    same(type(of: FILE_ATTRIBUTE_DIRECTORY), Int32.self)
    same(type(of: CREATE_UNICODE_ENVIRONMENT), Int32.self)
    same(type(of: CREATE_SUSPENDED), Int32.self)
    same(type(of: MOVEFILE_REPLACE_EXISTING), Int32.self)
    same(type(of: ERROR_SUCCESS), Int32.self)
    same(type(of: ERROR_NOT_SUPPORTED), Int32.self)
    same(type(of: ERROR_INSUFFICIENT_BUFFER), Int32.self)
    same(type(of: ERROR_FILE_NOT_FOUND), Int32.self)
    same(type(of: WAIT_TIMEOUT), Int32.self)
    same(type(of: STILL_ACTIVE), DWORD.self)
    same(type(of: MAX_PATH), Int32.self)
    same(type(of: CP_UTF8), Int32.self)
    same(type(of: KEY_WOW64_32KEY), Int32.self)
    same(type(of: KEY_WOW64_64KEY), Int32.self)
    same(type(of: RRF_RT_REG_SZ), Int32.self)
    same(type(of: REG_SZ), UInt32.self)
    same(type(of: REG_DWORD), UInt32.self)
    same(type(of: WS_POPUP), UInt32.self)
    same(type(of: IMAGE_FILE_MACHINE_AMD64), Int32.self)
    same(type(of: PROCESSOR_ARCHITECTURE_ARM64), Int32.self)
    same(type(of: SRCCOPY), DWORD.self)
    same(type(of: ANSI_CHARSET), Int32.self)
}

// The overlay's declarations.
func overlay() {
    same(type(of: HKEY_LOCAL_MACHINE), HKEY.self)
    same(type(of: HKEY_CURRENT_USER), HKEY.self)
    same(type(of: INVALID_HANDLE_VALUE), HANDLE.self)
    same(type(of: STD_INPUT_HANDLE), DWORD.self)
    same(type(of: STD_ERROR_HANDLE), DWORD.self)
    same(type(of: INFINITE), DWORD.self)
    same(type(of: WAIT_OBJECT_0), DWORD.self)
    same(type(of: INVALID_FILE_ATTRIBUTES), DWORD.self)
    same(type(of: HANDLE_FLAG_INHERIT), DWORD.self)
    same(type(of: STARTF_USESTDHANDLES), DWORD.self)
    same(type(of: CW_USEDEFAULT), Int32.self)
    same(type(of: WS_OVERLAPPEDWINDOW), UINT.self)
    same(type(of: WC_BUTTONW), [WCHAR].self)
    same(type(of: FILETIME(from: 0).time_t), time_t.self)
}

// BOOL as WindowsBool: bridged in calls, kept in fields, pointers and C callbacks.
func booleans(_ h: HANDLE, _ application: LPCWSTR, _ commandLine: LPWSTR) {
    var startup = STARTUPINFOW()
    startup.cb = DWORD(MemoryLayout<STARTUPINFOW>.size)
    var process = PROCESS_INFORMATION()
    guard CreateProcessW(application, commandLine, nil, nil, true, DWORD(CREATE_UNICODE_ENVIRONMENT), nil, nil,
                         &startup, &process)
    else { return }
    var attributes = SECURITY_ATTRIBUTES()
    attributes.bInheritHandle = true
    attributes.bInheritHandle = WindowsBool(false)
    let inherit: Bool = attributes.bInheritHandle.boolValue
    var wow: WindowsBool = false
    if IsWow64Process(GetCurrentProcess(), &wow), wow == true, inherit { print("\(wow)") }
    _ = SetConsoleCtrlHandler({ _ in true }, true)
    _ = SetConsoleCtrlHandler(nil, false)
    if WaitForSingleObject(process.hProcess, INFINITE) == WAIT_OBJECT_0 { _ = CloseHandle(process.hProcess) }
    var code: DWORD = 0
    if GetExitCodeProcess(h, &code), code == STILL_ACTIVE {}
    var key: HKEY?
    if RegOpenKeyExW(HKEY_LOCAL_MACHINE, nil, 0, REGSAM(KEY_QUERY_VALUE | KEY_WOW64_32KEY), &key) == ERROR_SUCCESS {
        var type: DWORD = 0
        if RegQueryValueExW(key, nil, nil, &type, nil, nil) == ERROR_SUCCESS, type == REG_SZ {}
        _ = RegCloseKey(key)
    }
}
#else
#error("check-windows must evaluate os(Windows) as true")
#endif
