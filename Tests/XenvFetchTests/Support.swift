import Foundation
import Testing
import XenvSystem
import XenvTestSupport

@testable import XenvFetch

/// Progress events, collected across threads.
final class ProgressLog: @unchecked Sendable {
    let events = Locked<[FetchProgress]>([])
    var callback: @Sendable (FetchProgress) -> Void { { [events] event in events.withLock { $0.append(event) } } }
}

func makeFetcher(progress: ProgressLog = ProgressLog()) -> SysrootFetcher {
    let environment = Environment(ProcessInfo.processInfo.environment)
    return SysrootFetcher(
        fileSystem: SystemFileSystem.posix(), runner: PosixProcessRunner(environment: environment),
        curl: which("curl") ?? "/usr/bin/curl",
        progress: progress.callback)
}

func request(
    _ server: FakeServer, out: String, cache: String, arches: [SysrootArch] = [.x86_64, .aarch64]
) -> SysrootFetchRequest {
    SysrootFetchRequest(
        licenseAccepted: true, arches: arches, manifest: .url(server.channelURL), outputDirectory: out,
        cacheDirectory: cache,
        retry: RetryPolicy(attempts: 3, initialDelaySeconds: 0.05, connectTimeoutSeconds: 5))
}

func fetchError(_ body: () throws(FetchError) -> Void) -> FetchError? {
    do {
        try body()
        return nil
    } catch {
        return error
    }
}

func exists(_ path: String) -> Bool {
    var isDirectory: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
}

func linkTarget(_ path: String) -> String? { try? FileManager.default.destinationOfSymbolicLink(atPath: path) }
