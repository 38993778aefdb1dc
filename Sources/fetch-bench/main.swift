// `make bench` runs it on Linux and macOS, against msiextract and unzip there.
#if !os(Windows)
// Unpack+splat time of the fake CDN's payloads against `msiextract` + `unzip` on the same payloads, and the warm
// re-run, measured in one run so the ratios compare like with like.
//
//     python3 Tests/Fixtures/cdn/make_fake_cdn.py /tmp/cdn --scale 8
//     swift build -c release --product fetch-bench && .build/release/fetch-bench /tmp/cdn [rounds]
//
// Ours: `SysrootFetcher.fetch` with every payload already in the cache, all four arches (so it reads every
// payload msiextract and unzip read), timed by its own `timings.unpack`: reading and re-hashing the cached
// payloads (SHA-256), planning, decompressing, writing, case links and the rename into place. Theirs: msiextract
// on every MSI (its cabinets beside it) and unzip on every VSIX, one after the other, into a fresh directory.
import Foundation
import XenvFetch
import XenvSystem

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    print("usage: fetch-bench CDN_DIR [rounds]  (CDN_DIR from Tests/Fixtures/cdn/make_fake_cdn.py CDN_DIR --scale 8)")
    exit(64)
}
let cdn = URL(fileURLWithPath: arguments[1]).standardizedFileURL.path
let rounds = arguments.count > 2 ? Int(arguments[2]) ?? 5 : 5
let scripts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
    .appendingPathComponent("Tests/Fixtures/cdn").path
let work = NSTemporaryDirectory() + "xenv-fetch-bench-\(getpid())"
try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: work) }

func which(_ name: String) -> String {
    for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
    where FileManager.default.isExecutableFile(atPath: "\(directory)/\(name)") {
        return "\(directory)/\(name)"
    }
    print("fetch-bench: \(name) is not on PATH")
    exit(1)
}

// The loopback CDN, for the one cold run that fills the cache.
let portFile = work + "/port"
let server = Process()
server.executableURL = URL(fileURLWithPath: which("python3"))
server.arguments = [scripts + "/fake_cdn_server.py", cdn, "--port-file", portFile, "--lifetime", "600"]
try server.run()
defer { kill(server.processIdentifier, SIGKILL) }
var portText = ""
for _ in 0..<200 where portText.isEmpty {
    portText = (try? String(contentsOfFile: portFile, encoding: .utf8)) ?? ""
    usleep(25_000)
}
let port = portText

let environment = Environment(ProcessInfo.processInfo.environment)
let runner = PosixProcessRunner(environment: environment)
let fetcher = SysrootFetcher(fileSystem: SystemFileSystem.posix(), runner: runner, curl: which("curl"))
let cache = work + "/cache"
func request(_ out: String) -> SysrootFetchRequest {
    SysrootFetchRequest(
        licenseAccepted: true, arches: SysrootArch.allCases, manifest: .url("http://127.0.0.1:\(port)/channel"),
        outputDirectory: out, cacheDirectory: cache)
}
func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
func ms(_ d: Duration) -> Double { Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15 }

do {
    let cold = try fetcher.fetch(request(work + "/cold"))
    print(
        "cold fetch (download \(cold.downloadedBytes) bytes over loopback): total "
            + "\(String(format: "%.1f", ms(cold.timings.total))) ms"
    )
} catch {
    print("fetch-bench: \(error)")
    exit(1)
}

var ours: [Double] = [], theirs: [Double] = [], warm: [Double] = []
let payloads = try FileManager.default.contentsOfDirectory(atPath: cdn + "/payloads").sorted()
let msiextract = which("msiextract"), unzip = which("unzip")
for round in 0..<rounds {
    let out = work + "/out\(round)"
    let result = try fetcher.fetch(request(out))
    precondition(result.downloaded.isEmpty && !result.upToDate)
    ours.append(ms(result.timings.unpack))
    warm.append(ms(try fetcher.fetch(request(out)).timings.total))
    try? FileManager.default.removeItem(atPath: out)

    let theirsOut = work + "/theirs\(round)"
    try FileManager.default.createDirectory(atPath: theirsOut, withIntermediateDirectories: true)
    let clock = ContinuousClock()
    let start = clock.now
    for payload in payloads where payload.hasSuffix(".msi") {
        let r = try runner.run(msiextract, ["-C", theirsOut + "/" + payload, cdn + "/payloads/" + payload])
        precondition(
            r.status == .exited(0), "msiextract \(payload): \(String(decoding: r.standardError, as: UTF8.self))")
    }
    for payload in payloads where payload.hasSuffix(".vsix") {
        let r = try runner.run(unzip, ["-q", "-o", cdn + "/payloads/" + payload, "-d", theirsOut + "/" + payload])
        precondition(r.status == .exited(0), "unzip \(payload)")
    }
    theirs.append(ms(clock.now - start))
    try? FileManager.default.removeItem(atPath: theirsOut)
}
let bytes = payloads.reduce(0) {
    $0 + ((try? FileManager.default.attributesOfItem(atPath: cdn + "/payloads/" + $1)[.size] as? Int) ?? 0)
}
print("payloads: \(payloads.count) files, \(bytes) bytes; \(rounds) rounds, medians:")
print(String(format: "  xenv unpack+splat (incl. SHA-256 of cached payloads): %8.1f ms", median(ours)))
print(String(format: "  msiextract + unzip (extract only, no hashing):        %8.1f ms", median(theirs)))
print(String(format: "  ratio xenv / (msiextract + unzip):                    %8.2f", median(ours) / median(theirs)))
print(String(format: "  warm re-run (record matches, no network):             %8.2f ms", median(warm)))
#else
print("fetch-bench runs where msiextract and unzip do: Linux and macOS")
#endif
