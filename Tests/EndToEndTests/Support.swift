import Foundation
import Testing
import XenvCore

/// Runs the built binaries and real tools for the end-to-end tests.
enum E2E {
    struct Output {
        var status: Int32
        var signaled: Bool
        var standardOutput: String
        var standardError: String
    }

    /// The package root, found from this file's path.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    /// Where SwiftPM put the binaries: next to the test bundle.
    static let binDirectory: String = {
        var candidate = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        for _ in 0..<4 {
            candidate.deleteLastPathComponent()
            if FileManager.default.isExecutableFile(atPath: candidate.appendingPathComponent("xenv").path) {
                return candidate.path
            }
        }
        return Path.join(packageRoot, ".build/debug")
    }()

    static var xenv: String { Path.join(binDirectory, "xenv") }
    static var shim: String { Path.join(binDirectory, "xenv-link") }

    /// A PATH for the child processes: the test's own, which has swift's lld-link and clang-cl, plus cargo's bin.
    static let basePath: String = {
        var entries = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        let cargoBin = Path.join(ProcessInfo.processInfo.environment["HOME"] ?? "/root", ".cargo/bin")
        if !entries.contains(cargoBin) { entries.append(cargoBin) }
        return entries.joined(separator: ":")
    }()

    /// The PATH entries without any directory that holds lld-link or clang-cl: a machine with only rustup.
    static let rustOnlyPath: String = basePath.split(separator: ":").map(String.init).filter { directory in
        !["lld-link", "clang-cl"].contains { FileManager.default.fileExists(atPath: Path.join(directory, $0)) }
    }.joined(separator: ":")

    static func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:],
        inheritEnvironment: Bool = true, directory: String? = nil, input: String? = nil
    ) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = inheritEnvironment ? ProcessInfo.processInfo.environment : [:]
        if !environment.keys.contains(where: { $0.uppercased() == "PATH" }) { env["PATH"] = basePath }
        for (key, value) in environment { env[key] = value }
        process.environment = env
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let output = Pipe(), error = Pipe(), stdin = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let errorBox = Box()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errorBox.data = error.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, signaled: process.terminationReason == .uncaughtSignal,
            standardOutput: String(decoding: outputData, as: UTF8.self),
            standardError: String(decoding: errorBox.data, as: UTF8.self))
    }

    /// Runs a bash script with `set -euo pipefail`.
    static func bash(_ script: String, environment: [String: String] = [:], directory: String? = nil) throws -> Output {
        try run("/bin/bash", ["-c", "set -euo pipefail\n" + script], environment: environment, directory: directory)
    }

    /// One directory for everything this test process makes, removed when the process exits.
    static let runDirectory: String = {
        let directory = Path.join(NSTemporaryDirectory(), "xenv-e2e-\(ProcessInfo.processInfo.processIdentifier)")
        atexit { try? FileManager.default.removeItem(atPath: E2E.runDirectory) }
        return directory
    }()

    /// A new empty directory whose path holds a space, as real home directories on Windows and macOS do.
    static func temporaryDirectory(_ name: String) throws -> String {
        let base = Path.join(runDirectory, "xenv e2e \(name) \(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        return base
    }

    static func write(_ path: String, _ text: String, executable: Bool = false) throws {
        try FileManager.default.createDirectory(atPath: Path.parent(path), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        if executable { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path) }
    }

    static func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    static func peMachine(_ path: String) -> UInt16? {
        FileManager.default.contents(atPath: path).flatMap { PEImage(bytes: [UInt8]($0))?.machine }
    }

    /// `'value'` for bash.
    static func quoted(_ value: String) -> String { PosixShellRenderer.quote(value) }
}

final class Box: @unchecked Sendable {
    var data = Data()
}

/// The sysroot the tests link against, generated once per test run by the demo's own script.
/// Its path holds a space and a quote on purpose.
struct GeneratedSysroot: Sendable {
    let root: String

    static let shared: Result<GeneratedSysroot, any Error> = Result {
        let base = try E2E.temporaryDirectory("sysroot")
        let root = Path.join(base, "xwin's splat")
        let made = try E2E.run(
            "/bin/bash", [Path.join(E2E.packageRoot, "Tests/Fixtures/make-sysroot.sh"), root])
        guard made.status == 0 else {
            throw SetupFailure(message: "make-sysroot.sh failed: \(made.standardError)")
        }
        return GeneratedSysroot(root: root)
    }

    static func get() throws -> GeneratedSysroot { try shared.get() }
}

struct SetupFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
