// Self-test of `make check-windows`: Swift on Windows rejects this. GENERIC_WRITE is `(0x40000000L)` in the
// Windows SDK, a 32-bit long, so it imports as Int32, and an Int32 does not convert to DWORD (UInt32) by
// itself. If the stand-in compiles this file, it is wrong and the check fails loudly.
#if os(Windows)
import WinSDK

func openForWriting() {
    let x: DWORD = GENERIC_WRITE  // expect-error: cannot convert value of type 'Int32' to specified type 'DWORD'
    _ = x
}
#else
#error("check-windows must evaluate os(Windows) as true")
#endif
