// Self-test of `make check-windows`: without Foundation, the C library's names need no module name.
#if os(Windows)
import CRT
import WinSDK

func library() -> Int {
    var time = tm()
    time.tm_mday = 1
    var interval = timeval()
    interval.tv_usec = 0
    errno = 0
    let length = strlen("xenv")
    let home = _wgetenv(Array("USERPROFILE".utf16) + [0])
    same(type(of: time.tm_mday), Int32.self)
    same(type(of: interval.tv_sec), LONG.self)
    _ = (home, M_PI)
    return length
}

func same<T>(_: T.Type, _: T.Type) {}
#else
#error("check-windows must evaluate os(Windows) as true")
#endif
