// Self-test of `make check-windows`: Swift on Windows accepts all of this, so the stand-in must too.
#if os(Windows)
import WinSDK

func closeIt(_ h: HANDLE) {
    let access = DWORD(GENERIC_WRITE)
    let ok: Bool = CloseHandle(h)
    _ = (access, ok)
}
#else
#error("check-windows must evaluate os(Windows) as true")
#endif
