// Stand-in for Swift's CRT module on Windows (the Swift overlay of the `ucrt` Clang module, built from
// swiftlang/swift stdlib/public/Platform/ucrt.swift and Platform.swift) for `make check-windows`. It re-exports
// the stand-in `ucrt` (Wine's msvcrt headers) and declares a few of the real overlay's additions, written anew:
// the math constants and `errno`. The rest of Platform.swift (POSIXErrorCode, stdin/stdout/stderr, the
// signal handlers, tgmath) is not here: Windows code that uses them fails this check although it would build.
@_exported import ucrt

public let M_PI = Double.pi
public let M_PI_2 = Double.pi / 2
public let M_PI_4 = Double.pi / 4
public let M_SQRT2 = 2.0.squareRoot()
public let M_SQRT1_2 = 0.5.squareRoot()

/// The calling thread's C `errno`, which ucrt keeps behind `_errno()`.
public var errno: Int32 {
    get { _errno().pointee }
    set { _errno().pointee = newValue }
}
