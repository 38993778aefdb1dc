import Foundation
import XenvSystem

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The fake Visual Studio package CDN of `xenv sysroot fetch`'s tests: Tests/Fixtures/cdn/make_fake_cdn.py builds it
// in the real formats with real tools, Tests/Fixtures/cdn/fake_cdn_server.py serves it on loopback.

/// The package's root, found from this file.
public let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

public func which(_ name: String) -> String? {
    for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
        let path = "\(directory)/\(name)"
        if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return nil
}

public func temporaryDirectory(_ label: String) -> String {
    let path = NSTemporaryDirectory() + "xenv-fetch-\(label)-\(UUID().uuidString.prefix(8))"
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

@discardableResult
public func shell(_ arguments: [String], at directory: String? = nil) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self)
    guard process.terminationStatus == 0 else {
        throw ShellError(description: "\(arguments.joined(separator: " ")) failed: \(text)")
    }
    return text
}

public struct ShellError: Error, CustomStringConvertible {
    public var description: String
}

/// The fake CDN, generated once per test run by Tests/Fixtures/cdn/make_fake_cdn.py; tests that change it take a copy.
public enum FakeCDN {
    private static let built = Locked<String?>(nil)

    public static func pristine() throws -> String {
        try built.withLock { value in
            if let value { return value }
            let directory = temporaryDirectory("cdn")
            try shell(["python3", packageRoot + "/Tests/Fixtures/cdn/make_fake_cdn.py", directory])
            value = directory
            return directory
        }
    }

    /// A copy of the CDN, optionally with one hostile payload.
    public static func copy(hostile: String? = nil) throws -> String {
        let copy = temporaryDirectory("cdn-copy")
        try FileManager.default.removeItem(atPath: copy)
        try FileManager.default.copyItem(atPath: try pristine(), toPath: copy)
        if let hostile {
            try shell(["python3", packageRoot + "/Tests/Fixtures/cdn/make_fake_cdn.py", copy, "--hostile", hostile])
        }
        return copy
    }
}

/// Tests/Fixtures/cdn/fake_cdn_server.py on a free loopback port, stopped when the value goes.
public final class FakeServer {
    let process = Process()
    public let port: Int
    public let log: String

    public init(root: String, dropOnce: [String] = [], corrupt: [String] = []) throws {
        let portFile = temporaryDirectory("port") + "/port"
        log = portFile + ".log"
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            [
                "python3", packageRoot + "/Tests/Fixtures/cdn/fake_cdn_server.py", root, "--port-file", portFile,
                "--log", log,
                "--lifetime", "600",
            ]
            + dropOnce.flatMap { ["--drop-once", $0] } + corrupt.flatMap { ["--corrupt", $0] }
        process.standardInput = FileHandle.nullDevice
        try process.run()
        var port: Int?
        for _ in 0..<200 {
            if let text = try? String(contentsOfFile: portFile, encoding: .utf8), let value = Int(text) {
                port = value
                break
            }
            usleep(25_000)
        }
        guard let port else { throw ShellError(description: "the fake CDN server did not start") }
        self.port = port
    }

    deinit {
        // SIGKILL: the test runner's threads may block SIGTERM, and a spawned child inherits that mask.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    public var base: String { "http://127.0.0.1:\(port)" }
    public var channelURL: String { base + "/channel" }

    public var requests: [String] {
        ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }
}
