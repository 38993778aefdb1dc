import Foundation
import Testing
import XenvArchive
import XenvSystem
import XenvTestSupport

@testable import XenvFetch

/// The whole fetch with the real curl against the loopback fake CDN (Tests/Fixtures/cdn/fake_cdn_server.py) serving what
/// Tests/Fixtures/cdn/make_fake_cdn.py built with zip, wixl, msibuild, gcab, llvm-dlltool, clang and llvm-lib.
@Suite(.serialized)
struct EndToEndTests {
    @Test func fetchSplatsXwinsLayoutAndTheWarmRunIsANoOp() throws {
        let server = try FakeServer(root: try FakeCDN.pristine())
        let root = temporaryDirectory("e2e")
        let out = root + "/sysroot", cache = root + "/cache"
        let progress = ProgressLog()
        let result = try makeFetcher(progress: progress).fetch(request(server, out: out, cache: cache))
        #expect(result.crtVersion == "14.44.17.14")
        #expect(result.sdkVersion == "10.0.26100")
        #expect(!result.upToDate)
        #expect(result.reused.isEmpty)
        #expect(result.downloaded.contains("Installers\\Windows SDK Desktop Libs arm64-x86_en-us.msi"))
        #expect(result.downloaded.contains { $0.hasSuffix(".cab") })
        // Only the requested arches: no x86 libraries were downloaded.
        #expect(!result.downloaded.contains("Installers\\Windows SDK Desktop Libs x86-x86_en-us.msi"))
        #expect(!result.downloaded.contains("Microsoft.VC.14.44.17.14.CRT.x86.Desktop.base.vsix"))

        // CRT: headers, Desktop libraries, the Store package's top-level ones, xwin's SCREAMING links.
        for file in [
            "crt/include/vcruntime.h", "crt/include/CodeAnalysis/Warnings.h", "crt/lib/x86_64/msvcrt.lib",
            "crt/lib/aarch64/vcruntime.lib", "crt/lib/aarch64/oldnames.lib", "crt/lib/x86_64/libcmt.lib",
        ] {
            #expect(exists(out + "/" + file), "\(file)")
        }
        #expect(linkTarget(out + "/crt/lib/x86_64/MSVCRT.lib") == "msvcrt.lib")
        #expect(linkTarget(out + "/crt/lib/aarch64/OLDNAMES.lib") == "oldnames.lib")
        #expect(!exists(out + "/crt/lib/x86_64/msvcrtd.lib"), "debug libraries are left out")
        #expect(!exists(out + "/crt/lib/x86_64/msvcrt.pdb"))
        #expect(!exists(out + "/crt/lib/x86_64/store"), "the Store package's subdirectories are left out")
        #expect(!exists(out + "/crt/lib/x86"))

        // SDK: headers from every header MSI, per-arch and Store libraries, the UCRT.
        for file in [
            "sdk/include/um/Windows.h", "sdk/include/shared/basetsd.h", "sdk/include/winrt/wrl.h",
            "sdk/include/cppwinrt/winrt/base.h", "sdk/include/um/ksarm64.h", "sdk/include/um/ksamd64.inc",
            "sdk/include/ucrt/stdio.h", "sdk/lib/um/aarch64/kernel32.Lib", "sdk/lib/um/x86_64/ws2_32.lib",
            "sdk/lib/um/x86_64/AdvAPI32.Lib", "sdk/lib/ucrt/aarch64/ucrt.lib", "sdk/lib/ucrt/x86_64/libucrt.lib",
        ] {
            #expect(exists(out + "/" + file), "\(file)")
        }
        #expect(!exists(out + "/sdk/lib/ucrt/x86_64/ucrtd.lib"))
        #expect(!exists(out + "/sdk/bin") && !exists(out + "/sdk/include/ucrt/stand-in.cpp"))
        // Case links, as xwin makes them on a case-sensitive file system.
        #expect(linkTarget(out + "/sdk/lib/um/x86_64/kernel32.lib") == "kernel32.Lib")
        #expect(linkTarget(out + "/sdk/lib/um/x86_64/Kernel32.lib") == "kernel32.Lib")
        #expect(linkTarget(out + "/sdk/lib/um/x86_64/KERNEL32.lib") == "kernel32.Lib")
        #expect(linkTarget(out + "/sdk/lib/um/aarch64/advapi32.lib") == "AdvAPI32.Lib")
        #expect(linkTarget(out + "/sdk/lib/um/aarch64/Iphlpapi.lib") == "iphlpapi.lib")
        #expect(linkTarget(out + "/sdk/lib/um/aarch64/WS2_32.lib") == "ws2_32.lib")
        #expect(linkTarget(out + "/sdk/include/um/windows.h") == "Windows.h")
        #expect(linkTarget(out + "/sdk/include/um/winsock2.h") == "WinSock2.h")
        #expect(linkTarget(out + "/sdk/include/shared/WinDef.h") == "windef.h", "an #include spelling in Windows.h")
        #expect(linkTarget(out + "/sdk/include/shared/BaseTsd.h") == "basetsd.h")
        #expect(linkTarget(out + "/sdk/include/um/Mstcpip.h") == "mstcpip.h")
        #expect(linkTarget(out + "/sdk/include/winrt/WinString.h") == "winstring.h")
        #expect(linkTarget(out + "/sdk/include/um/GL") == "gl")
        #expect(linkTarget(out + "/sdk/include/10.0.26100") == ".")
        #expect(linkTarget(out + "/sdk/lib/10.0.26100") == ".")
        #expect(linkTarget(out + "/sdk/Lib") == "lib")

        // Real import libraries, byte for byte what msiextract finds in the same MSI and cabinet.
        let kernel32 = try #require(FileManager.default.contents(atPath: out + "/sdk/lib/um/aarch64/kernel32.Lib"))
        #expect(kernel32.starts(with: Array("!<arch>\n".utf8)))
        let extracted = temporaryDirectory("msiextract")
        let cdn = try FakeCDN.pristine()
        for cab in try FileManager.default.contentsOfDirectory(atPath: cdn + "/payloads") where cab.hasSuffix(".cab") {
            try FileManager.default.copyItem(atPath: cdn + "/payloads/" + cab, toPath: extracted + "/" + cab)
        }
        try FileManager.default.copyItem(
            atPath: cdn + "/payloads/Windows_SDK_for_Windows_Store_Apps_Libs-x86_en-us.msi",
            toPath: extracted + "/store.msi")
        try shell(["msiextract", "-C", extracted + "/x", extracted + "/store.msi"], at: extracted)
        #expect(
            FileManager.default.contents(
                atPath: extracted + "/x/Program Files/Windows Kits/10/Lib/10.0.26100.0/um/arm64/kernel32.Lib")
                == kernel32)

        // lld-link finds kernel32.lib (the lower-case link) and links an ARM64 PE against the splat.
        if let lldLink = which("lld-link"), let clang = which("clang") {
            let work = temporaryDirectory("link")
            try
                "__declspec(dllimport) void __stdcall ExitProcess(unsigned);\nvoid mainCRTStartup(void) { ExitProcess(0); }\n"
                .write(toFile: work + "/main.c", atomically: true, encoding: .utf8)
            try shell([clang, "--target=aarch64-pc-windows-msvc", "-c", "-o", work + "/main.obj", work + "/main.c"])
            try shell([
                lldLink, "/entry:mainCRTStartup", "/subsystem:console", "/libpath:" + out + "/sdk/lib/um/aarch64",
                "kernel32.lib", work + "/main.obj", "/out:" + work + "/main.exe",
            ])
            let pe = try #require(FileManager.default.contents(atPath: work + "/main.exe"))
            #expect(pe.starts(with: Array("MZ".utf8)))
            // IMAGE_FILE_MACHINE_ARM64 in the COFF header after "PE\0\0".
            let peOffset = Int(pe[0x3C]) | Int(pe[0x3D]) << 8
            #expect(pe[peOffset + 4] == 0x64 && pe[peOffset + 5] == 0xAA)
        }

        // The record, as `xenv inspect` reads it.
        let record = try #require(readSysrootRecord(at: out, fileSystem: SystemFileSystem.posix()))
        #expect(record.crtVersion == "14.44.17.14" && record.sdkVersion == "10.0.26100" && record.caseLinks)
        #expect(record.arches == [.x86_64, .aarch64])
        #expect(record.payloads.contains { $0.fileName.hasSuffix(".cab") })
        #expect(
            progress.events.withLock { $0 }.contains {
                if case .selected("14.44.17.14", "10.0.26100", let count, _) = $0 {
                    count == record.payloads.filter { !$0.fileName.hasSuffix(".cab") }.count
                } else {
                    false
                }
            })

        // A second run with the same request: a no-op, without the network, in milliseconds.
        let requestsBefore = server.requests.count
        let second = try makeFetcher().fetch(request(server, out: out, cache: cache))
        #expect(second.upToDate)
        #expect(second.timings.total < .milliseconds(100))
        #expect(server.requests.count == requestsBefore)

        // With --update the manifests are read again; the payloads are the same, so nothing else happens.
        var update = request(server, out: out, cache: cache)
        update.checkForUpdates = true
        let third = try makeFetcher().fetch(update)
        #expect(third.upToDate)
        #expect(!server.requests.dropFirst(requestsBefore).contains { $0.contains("/payloads/") })

        // Another arch set with the cache: everything reused, nothing downloaded again.
        let out2 = root + "/sysroot-x64"
        let fourth = try makeFetcher().fetch(request(server, out: out2, cache: cache, arches: [.x86_64]))
        #expect(fourth.downloaded.isEmpty)
        #expect(!fourth.reused.isEmpty)
        #expect(exists(out2 + "/sdk/lib/um/x86_64/kernel32.Lib") && !exists(out2 + "/sdk/lib/um/aarch64"))
    }

    @Test func droppedConnectionIsResumedWithARange() throws {
        let path = "/payloads/Microsoft.VC.14.44.17.14.CRT.x64.Desktop.base.vsix"
        let server = try FakeServer(root: try FakeCDN.pristine(), dropOnce: [path])
        let root = temporaryDirectory("drop")
        let progress = ProgressLog()
        let result = try makeFetcher(progress: progress).fetch(
            request(server, out: root + "/out", cache: root + "/cache"))
        #expect(result.downloaded.contains("Microsoft.VC.14.44.17.14.CRT.x64.Desktop.base.vsix"))
        let lines = server.requests.filter { $0.contains(path) }
        #expect(lines.count == 2)
        #expect(lines.first?.hasSuffix("dropped") == true)
        #expect(lines.last?.contains("bytes=") == true && lines.last?.hasSuffix("206") == true, "\(lines)")
        #expect(progress.events.withLock { $0 }.contains { if case .retrying = $0 { true } else { false } })
        #expect(exists(root + "/out/crt/lib/x86_64/msvcrt.lib"))
    }

    @Test func wrongSHA256IsRefusedAndNothingIsWritten() throws {
        let path = "/payloads/Windows_SDK_Desktop_Libs_arm64-x86_en-us.msi"
        let server = try FakeServer(root: try FakeCDN.pristine(), corrupt: [path])
        let root = temporaryDirectory("sha")
        let error = fetchError { () throws(FetchError) in
            _ = try makeFetcher().fetch(request(server, out: root + "/out", cache: root + "/cache"))
        }
        guard case .verification(let payload, let reason)? = error else {
            Issue.record("\(String(describing: error))"); return
        }
        #expect(payload.contains("Windows SDK Desktop Libs arm64-x86_en-us.msi"))
        #expect(reason.contains("SHA-256"))
        #expect(!exists(root + "/out"))
        // No staging or old directory; only the lock file stays, as lock files do.
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: root).filter { $0.hasPrefix(".out.") } == [".out.lock"])
        // Tried as often as the policy says, each time from the first byte.
        #expect(server.requests.filter { $0.contains(path) }.count == 3)
        #expect(error!.description.split(separator: "\n").count == 1)
    }

    @Test func readOnlyOutputDirectoryFailsBeforeAnyDownload() throws {
        let server = try FakeServer(root: try FakeCDN.pristine())
        let root = temporaryDirectory("ro")
        let parent = root + "/readonly"
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        // Root ignores permission bits: a read-only mount is what stops it.
        var mounted = false
        if getuid() == 0 {
            mounted = (try? shell(["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", parent])) != nil
        }
        if !mounted { chmod(parent, 0o555) }
        defer {
            if mounted { _ = try? shell(["umount", parent]) } else { chmod(parent, 0o755) }
        }
        try #require(mounted || getuid() != 0, "needs a read-only mount (root) or a non-root user")
        let error = fetchError { () throws(FetchError) in
            _ = try makeFetcher().fetch(request(server, out: parent + "/sysroot", cache: root + "/cache"))
        }
        guard case .fileSystem(let path, let reason)? = error else {
            Issue.record("\(String(describing: error))"); return
        }
        #expect(path == parent + "/sysroot")
        #expect(reason.contains("choose another --out"))
        #expect(server.requests.isEmpty)
    }

    /// `--out` naming a file is no sysroot to replace: it is refused and kept, before any download.
    @Test func anOutputThatIsAFileIsRefusedAndKept() throws {
        let server = try FakeServer(root: try FakeCDN.pristine())
        let root = temporaryDirectory("out-file")
        try Data("my notes\n".utf8).write(to: URL(fileURLWithPath: root + "/notes.txt"))
        let error = fetchError { () throws(FetchError) in
            _ = try makeFetcher().fetch(request(server, out: root + "/notes.txt", cache: root + "/cache"))
        }
        guard case .fileSystem(let path, let reason)? = error else {
            Issue.record("\(String(describing: error))"); return
        }
        #expect(path == root + "/notes.txt")
        #expect(reason.contains("is not a directory"), "\(reason)")
        #expect(FileManager.default.contents(atPath: root + "/notes.txt") == Data("my notes\n".utf8))
        #expect(server.requests.isEmpty)
    }

    /// A second fetch into the same output waits for the first one's lock (held here by the test), then runs.
    @Test func aFetchWaitsWhileAnotherHoldsTheOutputsLock() throws {
        let server = try FakeServer(root: try FakeCDN.pristine())
        let root = temporaryDirectory("locked")
        let files = SystemFileSystem.posix()
        guard case .held(let held) = try files.lock(root + "/.out.lock", wait: false) else {
            Issue.record("the test could not take the lock"); return
        }
        let progress = ProgressLog()
        let result = Locked<Result<FetchResult, FetchError>?>(nil)
        let fetchRequest = request(server, out: root + "/out", cache: root + "/cache")
        let worker = Thread {
            let outcome = Result { () throws(FetchError) in try makeFetcher(progress: progress).fetch(fetchRequest) }
            result.withLock { $0 = outcome }
        }
        worker.start()
        func waiting() -> Bool {
            progress.events.withLock { $0 }.contains {
                if case .waiting(root + "/.out.lock") = $0 { true } else { false }
            }
        }
        for _ in 0..<400 where !waiting() { usleep(10_000) }
        #expect(waiting(), "the fetch said it waits for the lock")
        #expect(result.withLock { $0 } == nil, "nothing finished while the lock was held")
        #expect(server.requests.isEmpty, "nothing was downloaded while the lock was held")
        held.release()
        for _ in 0..<3000 where result.withLock({ $0 }) == nil { usleep(10_000) }
        let outcome = try #require(result.withLock { $0 })
        #expect(throws: Never.self) { try outcome.get() }
        #expect(exists(root + "/out/crt/lib/x86_64/msvcrt.lib"))
    }

    /// A loopback http URL that redirects to plain http elsewhere: what curl fetched is thrown away.
    @Test func aRedirectToPlainHTTPOffLoopbackIsThrownAway() throws {
        let root = temporaryDirectory("redirect")
        // A curl that "followed" a redirect to a documentation address over http.
        let curl = root + "/curl"
        try Data(
            """
            #!/bin/sh
            while [ $# -gt 0 ]; do [ "$1" = --output ] && out=$2; shift; done
            printf '{}' > "$out"
            printf '200 http://203.0.113.7/channel'

            """.utf8
        ).write(to: URL(fileURLWithPath: curl))
        chmod(curl, 0o755)
        let fetcher = SysrootFetcher(
            fileSystem: SystemFileSystem.posix(),
            runner: PosixProcessRunner(environment: Environment(ProcessInfo.processInfo.environment)), curl: curl,
            progress: { _ in })
        let error = fetchError { () throws(FetchError) in
            _ = try fetcher.fetch(
                SysrootFetchRequest(
                    licenseAccepted: true, arches: [.aarch64], manifest: .url("http://127.0.0.1:9/channel"),
                    outputDirectory: root + "/out", cacheDirectory: root + "/cache"))
        }
        #expect(
            error?.description.contains("it redirected to http://203.0.113.7/channel over plain http") == true,
            "\(String(describing: error))")
        #expect(!exists(root + "/out"))
    }

    @Test func withoutTheLicenseNothingIsDownloaded() throws {
        let server = try FakeServer(root: try FakeCDN.pristine())
        let root = temporaryDirectory("license")
        var unaccepted = request(server, out: root + "/out", cache: root + "/cache")
        unaccepted.licenseAccepted = false
        let error = fetchError { () throws(FetchError) in _ = try makeFetcher().fetch(unaccepted) }
        #expect(error == .licenseNotAccepted(licenseURL: SysrootFetcher.licenseURL))
        #expect(error?.description.contains("--accept-license") == true)
        #expect(server.requests.isEmpty)
    }

    @Test func interruptedRunResumesItsPartialDownload() throws {
        let cdn = try FakeCDN.pristine()
        let server = try FakeServer(root: cdn)
        let root = temporaryDirectory("resume")
        let cache = root + "/cache"
        // What a killed run leaves: half a payload and a staging directory.
        let manifest = try PackageManifest.parse(
            Array(try Data(contentsOf: URL(fileURLWithPath: cdn + "/VisualStudio.vsman"))), source: "vsman")
        let ucrt = try #require(manifest.byId[Selection.ucrtPackageId]?.payloads.first)
        let bytes = try Data(
            contentsOf: URL(
                fileURLWithPath: cdn + "/payloads/Universal_CRT_Headers_Libraries_and_Sources-x86_en-us.msi"))
        try FileManager.default.createDirectory(atPath: cache + "/payloads", withIntermediateDirectories: true)
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: cache + "/payloads/\(ucrt.sha256).partial"))
        try FileManager.default.createDirectory(
            atPath: root + "/.out.staging-1.2/crt", withIntermediateDirectories: true)
        _ = try makeFetcher().fetch(request(server, out: root + "/out", cache: cache))
        let lines = server.requests.filter { $0.contains("Universal_CRT") }
        #expect(
            lines == [
                "GET /payloads/Universal_CRT_Headers_Libraries_and_Sources-x86_en-us.msi bytes=\(bytes.count / 2)- 206"
            ])
        #expect(!exists(root + "/.out.staging-1.2"))
        #expect(exists(root + "/out/sdk/lib/ucrt/x86_64/ucrt.lib"))
    }

    /// Archives that try to escape, lie or explode: each refused with the payload named, nothing written.
    @Test(arguments: [
        ("zip-dotdot", "CRT.Headers.base.vsix", "'..' component"),
        ("zip-absolute", "CRT.Headers.base.vsix", "absolute path"),
        ("zip-bomb", "CRT.Headers.base.vsix", "decompression bomb"),
        ("zip-duplicate", "CRT.Headers.base.vsix", "twice"),
        ("zip64-huge", "CRT.Headers.base.vsix", "local header disagrees with the central directory"),
        ("msi-dotdot", "Windows SDK Desktop Libs x64-x86_en-us.msi", "'..' component"),
        ("msi-lying-size", "Windows SDK Desktop Libs x64-x86_en-us.msi", "the MSI's File table says 12345"),
        ("cab-truncated", ".cab", "cabinet"),
    ])
    func hostileArchivesAreRefused(kind: String, payload: String, reason: String) throws {
        let server = try FakeServer(root: try FakeCDN.copy(hostile: kind))
        let root = temporaryDirectory("hostile-\(kind)")
        let error = fetchError { () throws(FetchError) in
            _ = try makeFetcher().fetch(request(server, out: root + "/out", cache: root + "/cache"))
        }
        guard case .archive(let named, let why)? = error else {
            Issue.record("\(kind): \(String(describing: error))"); return
        }
        #expect(named.contains(payload), "\(kind): \(named)")
        #expect(why.contains(reason), "\(kind): \(why)")
        #expect(error!.description.split(separator: "\n").count == 1)
        #expect(!exists(root + "/out"))
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: root)) == ["cache", ".out.lock"])
        #expect(!exists(root + "/evil.h") && !exists("/evil.h"))
    }
}
