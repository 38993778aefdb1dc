// Stand-in for Swift's WinSDK overlay (swiftlang/swift stdlib/public/Windows/WinSDK.swift) for
// `make check-windows`: the Swift module WinSDK over the stand-in Clang module WinSDK made from Wine's headers.
// It declares what the real overlay declares, with the same types and values, written anew. Declarations here
// shadow the Clang module's macros of the same names, as the real overlay's do. Compiled into .build only.
@_exported import ucrt
@_exported import WinSDK  // the Clang module (WinSDK.h)

// Not re-exported: only for `WindowsBool`; see Darwin.swift.
import Darwin

/// The C `BOOL`. Bridged to `Bool` in function parameters and results, kept in struct fields and pointers.
public typealias WindowsBool = Darwin.WindowsBool

@_transparent
public func _convertBoolToWindowsBool(_ value: Bool) -> WindowsBool { WindowsBool(value) }

@_transparent
public func _convertWindowsBoolToBool(_ value: WindowsBool) -> Bool { value.boolValue }

// WinBase.h
public var HANDLE_FLAG_INHERIT: DWORD { 0x1 }
public var STARTF_USESTDHANDLES: DWORD { 0x100 }
public var INFINITE: DWORD { DWORD.max }
public var WAIT_OBJECT_0: DWORD { 0 }
public var STD_INPUT_HANDLE: DWORD { DWORD(bitPattern: -10) }
public var STD_OUTPUT_HANDLE: DWORD { DWORD(bitPattern: -11) }
public var STD_ERROR_HANDLE: DWORD { DWORD(bitPattern: -12) }

// handleapi.h
public var INVALID_HANDLE_VALUE: HANDLE { HANDLE(bitPattern: -1)! }

// fileapi.h
public var INVALID_FILE_ATTRIBUTES: DWORD { DWORD.max }

// shellapi.h
public var FOF_NO_UI: FILEOP_FLAGS {
    FILEOP_FLAGS(FOF_SILENT | FOF_NOCONFIRMATION | FOF_NOERRORUI | FOF_NOCONFIRMMKDIR)
}

// winioctl.h
public var FSCTL_SET_REPARSE_POINT: DWORD { 0x0009_00A4 }
public var FSCTL_GET_REPARSE_POINT: DWORD { 0x0009_00A8 }
public var FSCTL_DELETE_REPARSE_POINT: DWORD { 0x0009_00AC }

// WinSock2.h
public var INVALID_SOCKET: SOCKET { SOCKET.max }
public var FIONBIO: Int32 { Int32(bitPattern: 0x8004_667E) }

// WinUser.h
public var CW_USEDEFAULT: Int32 { Int32.min }
public var WS_OVERLAPPEDWINDOW: UINT {
    UINT(bitPattern: WS_OVERLAPPED | WS_CAPTION | WS_SYSMENU | WS_THICKFRAME | WS_MINIMIZEBOX | WS_MAXIMIZEBOX)
}
public var WS_POPUPWINDOW: UINT { UINT(WS_POPUP) | UINT(bitPattern: WS_BORDER | WS_SYSMENU) }

// CommCtrl.h: class names, without a terminating NUL, as the overlay has them.
public let WC_BUTTONW = [WCHAR]("Button".utf16)
public let WC_COMBOBOXW = [WCHAR]("ComboBox".utf16)
public let WC_EDITW = [WCHAR]("Edit".utf16)
public let WC_HEADERW = [WCHAR]("SysHeader32".utf16)
public let WC_LISTBOXW = [WCHAR]("ListBox".utf16)
public let WC_LISTVIEWW = [WCHAR]("SysListView32".utf16)
public let WC_SCROLLBARW = [WCHAR]("ScrollBar".utf16)
public let WC_STATICW = [WCHAR]("Static".utf16)
public let WC_TABCONTROLW = [WCHAR]("SysTabControl32".utf16)
public let WC_TREEVIEWW = [WCHAR]("SysTreeView32".utf16)
public let ANIMATE_CLASSW = [WCHAR]("SysAnimate32".utf16)
public let HOTKEY_CLASSW = [WCHAR]("msctls_hotkey32".utf16)
public let PROGRESS_CLASSW = [WCHAR]("msctls_progress32".utf16)
public let STATUSCLASSNAMEW = [WCHAR]("msctls_statusbar32".utf16)
public let TOOLBARW_CLASSW = [WCHAR]("ToolbarWindow32".utf16)
public let TRACKBAR_CLASSW = [WCHAR]("msctls_trackbar32".utf16)
public let UPDOWN_CLASSW = [WCHAR]("msctls_updown32".utf16)

// Richedit.h
public let MSFTEDIT_CLASS = [WCHAR]("RICHEDIT50W".utf16)

// consoleapi.h
public var PROC_THREAD_ATTRIBUTE_PSEUDOCONSOLE: DWORD_PTR { 0x0002_0016 }

// windef.h
public var DPI_AWARENESS_CONTEXT_UNAWARE: DPI_AWARENESS_CONTEXT { DPI_AWARENESS_CONTEXT(bitPattern: -1)! }
public var DPI_AWARENESS_CONTEXT_SYSTEM_AWARE: DPI_AWARENESS_CONTEXT { DPI_AWARENESS_CONTEXT(bitPattern: -2)! }
public var DPI_AWARENESS_CONTEXT_PER_MONITOR_AWARE: DPI_AWARENESS_CONTEXT { DPI_AWARENESS_CONTEXT(bitPattern: -3)! }
public var DPI_AWARENESS_CONTEXT_PER_MONITOR_AWARE_V2: DPI_AWARENESS_CONTEXT { DPI_AWARENESS_CONTEXT(bitPattern: -4)! }
public var DPI_AWARENESS_CONTEXT_UNAWARE_GDISCALED: DPI_AWARENESS_CONTEXT { DPI_AWARENESS_CONTEXT(bitPattern: -5)! }

// winreg.h: the predefined keys, zero-extended from 32 bits as the overlay writes them.
public var HKEY_CLASSES_ROOT: HKEY { HKEY(bitPattern: UInt(0x8000_0000))! }
public var HKEY_CURRENT_USER: HKEY { HKEY(bitPattern: UInt(0x8000_0001))! }
public var HKEY_LOCAL_MACHINE: HKEY { HKEY(bitPattern: UInt(0x8000_0002))! }
public var HKEY_USERS: HKEY { HKEY(bitPattern: UInt(0x8000_0003))! }
public var HKEY_PERFORMANCE_DATA: HKEY { HKEY(bitPattern: UInt(0x8000_0004))! }
public var HKEY_CURRENT_CONFIG: HKEY { HKEY(bitPattern: UInt(0x8000_0005))! }
public var HKEY_DYN_DATA: HKEY { HKEY(bitPattern: UInt(0x8000_0006))! }
public var HKEY_CURRENT_USER_LOCAL_SETTINGS: HKEY { HKEY(bitPattern: UInt(0x8000_0007))! }
public var HKEY_PERFORMANCE_TEXT: HKEY { HKEY(bitPattern: UInt(0x8000_0050))! }
public var HKEY_PERFORMANCE_NLSTEXT: HKEY { HKEY(bitPattern: UInt(0x8000_0060))! }

// A FILETIME (100 ns ticks since 1601) to and from a `time_t` (seconds since 1970), as the overlay converts.
extension FILETIME {
    public var time_t: time_t {
        let ticks = Int64(dwHighDateTime) << 32 | Int64(dwLowDateTime)
        return (ticks - 116_444_736_000_000_000) / 10_000_000
    }

    public init(from time: time_t) {
        let ticks = time * 10_000_000 + 116_444_736_000_000_000
        self.init(dwLowDateTime: DWORD(truncatingIfNeeded: ticks), dwHighDateTime: DWORD(truncatingIfNeeded: ticks >> 32))
    }
}
