// Self-test of `make check-windows`: Swift on Windows rejects each marked line, so the stand-in must too.
// BOOL is WindowsBool in struct fields (only function parameters and results bridge it to Bool), and the
// name BOOL is not a Swift type at all.
#if os(Windows)
import WinSDK

func booleans(_ h: HANDLE) {
    let inherit: Bool = SECURITY_ATTRIBUTES().bInheritHandle  // expect-error: to specified type 'Bool'
    let closed: Int32 = CloseHandle(h)  // expect-error: cannot convert value of type 'Bool' to specified type 'Int32'
    let flag: BOOL = 1  // expect-error: cannot find type 'BOOL' in scope
    var wow = false
    _ = IsWow64Process(h, &wow)  // expect-error: cannot convert value of type 'UnsafeMutablePointer<Bool>'
    _ = (inherit, closed, flag)
}
#else
#error("check-windows must evaluate os(Windows) as true")
#endif
