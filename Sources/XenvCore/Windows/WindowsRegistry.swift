#if os(Windows)
import WinSDK

/// `KitsRoot10` from `HKLM\SOFTWARE\Microsoft\Windows Kits\Installed Roots`, read in the 32-bit view first,
/// as winsdk.bat does; nil when the key or value is missing.
func registryKitsRoot10() -> String? {
    let key = #"SOFTWARE\Microsoft\Windows Kits\Installed Roots"#
    for view in [DWORD(KEY_WOW64_32KEY), DWORD(KEY_WOW64_64KEY)] {
        var size: DWORD = 0
        let flags = DWORD(RRF_RT_REG_SZ) | view
        guard RegGetValueW(HKEY_LOCAL_MACHINE, key.wide, "KitsRoot10".wide, flags, nil, nil, &size) == ERROR_SUCCESS,
            size > 0
        else { continue }
        var buffer = [WCHAR](repeating: 0, count: Int(size) / MemoryLayout<WCHAR>.size + 1)
        guard RegGetValueW(HKEY_LOCAL_MACHINE, key.wide, "KitsRoot10".wide, flags, nil, &buffer, &size) == ERROR_SUCCESS
        else { continue }
        return String(decodingCString: buffer, as: UTF16.self)
    }
    return nil
}

extension String {
    fileprivate var wide: [WCHAR] { Array(utf16) + [0] }
}
#else
/// Off Windows there is no registry; the default Kits root stands in.
func registryKitsRoot10() -> String? { nil }
#endif  // os(Windows)
