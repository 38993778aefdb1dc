// Self-test of `make check-windows`: Swift on Windows rejects each marked line, so the stand-in must too.
// On Linux (LP64) the first three would compile if the stand-in imported Wine's headers as they are.
#if os(Windows)
import WinSDK

func integers(_ pointer: ULONG_PTR, _ time: time_t) {
    let registryType: Int32 = REG_SZ  // expect-error: cannot convert value of type 'UInt32' to specified type 'Int32'
    let address: UInt = pointer  // expect-error: to specified type 'UInt'
    let seconds: Int = time  // expect-error: to specified type 'Int'
    let wait: Int32 = INFINITE  // expect-error: to specified type 'Int32'
    let error: DWORD = ERROR_SUCCESS  // expect-error: cannot convert value of type 'Int32' to specified type 'DWORD'
    _ = (registryType, address, seconds, wait, error)
}
#else
#error("check-windows must evaluate os(Windows) as true")
#endif
