// Self-test of `make check-windows`: a Windows file may import Foundation (here the Linux one) with WinSDK,
// CRT and ucrt. The C types that both the Linux C library and the stand-in define (struct tm, timeval, ...)
// must not clash in C, and keep their names in Swift. Here (not on Windows) such a name is ambiguous in a file
// that also imports Foundation, so this file qualifies the C library's names with their Windows module, which
// is what the check's note advises; files without Foundation use them unqualified.
#if os(Windows)
import CRT
import Foundation
import WinSDK
import ucrt

func mixed(_ path: String) -> Bool {
    let url = URL(fileURLWithPath: path)
    let attributes = url.path.withCString(encodedAs: UTF16.self) { GetFileAttributesW($0) }
    var time = ucrt.tm()
    time.tm_year = 125
    var interval = WinSDK.timeval()
    interval.tv_sec = 1
    CRT.errno = 0
    let pi: Double = CRT.M_PI
    _ = (time, interval, pi)
    return attributes != INVALID_FILE_ATTRIBUTES && (attributes & DWORD(FILE_ATTRIBUTE_DIRECTORY)) != 0
}
#else
#error("check-windows must evaluate os(Windows) as true")
#endif
