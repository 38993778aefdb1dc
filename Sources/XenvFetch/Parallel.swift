import Dispatch
import XenvSystem

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#elseif os(Windows)
import WinSDK
#endif

/// Runs `body` for every index in `0..<count` on at most `width` threads. The work is blocking (curl
/// processes, file writes), so each worker is a serial queue of its own: libdispatch backs such queues with the
/// overcommitting pool, which starts a thread for each rather than stopping at the number of cores. The first
/// error stops the handing out of new indices and is rethrown.
func forEachConcurrently(
    _ count: Int, width: Int, _ body: @escaping @Sendable (Int) throws(FetchError) -> Void
) throws(FetchError) {
    guard count > 0 else { return }
    let next = Locked(0)
    let firstError = Locked<FetchError?>(nil)
    let group = DispatchGroup()
    for worker in 0..<max(1, min(width, count)) {
        DispatchQueue(label: "xenv.fetch.worker\(worker)").async(group: group) {
            while true {
                let index: Int? = next.withLock { value in
                    guard value < count, firstError.withLock({ $0 == nil }) else { return nil }
                    defer { value += 1 }
                    return value
                }
                guard let index else { return }
                do throws(FetchError) {
                    try body(index)
                } catch {
                    firstError.withLock { if $0 == nil { $0 = error } }
                }
            }
        }
    }
    group.wait()
    if let error = firstError.withLock({ $0 }) { throw error }
}

/// Blocks this thread for `seconds` (the back-off between download attempts).
func pause(seconds: Double) {
    guard seconds > 0 else { return }
    #if os(Windows)
    Sleep(DWORD(seconds * 1000))
    #else
    var request = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - Double(Int(seconds))) * 1e9))
    var remaining = timespec()
    while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
    #endif
}
