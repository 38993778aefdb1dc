import Foundation

public struct ProcessOutput: Sendable, Equatable {
    public var status: Int32
    public var standardOutput: String
    public var standardError: String

    public init(status: Int32, standardOutput: String, standardError: String = "") {
        self.status = status
        self.standardOutput = standardOutput
        self.standardError = standardError
    }
}

/// Runs a program and collects its output. Resolvers take one as a parameter, so tests answer with fixtures.
public protocol ProcessRunner: Sendable {
    func run(_ executable: String, _ arguments: [String]) throws -> ProcessOutput
    /// Runs with exactly `environment` (names and values) instead of xenv's own.
    func run(_ executable: String, _ arguments: [String], environment: [String: String]) throws -> ProcessOutput
}

extension ProcessRunner {
    /// Fakes that do not care about the environment answer as without one.
    public func run(_ executable: String, _ arguments: [String], environment: [String: String]) throws -> ProcessOutput {
        try run(executable, arguments)
    }
}

/// Runs real processes.
public struct LocalProcessRunner: ProcessRunner {
    public init() {}

    public func run(_ executable: String, _ arguments: [String]) throws -> ProcessOutput {
        try run(executable, arguments, environment: nil)
    }

    public func run(_ executable: String, _ arguments: [String], environment: [String: String]) throws -> ProcessOutput {
        try run(executable, arguments, environment: .some(environment))
    }

    private func run(_ executable: String, _ arguments: [String], environment: [String: String]?) throws -> ProcessOutput {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes to the end before waiting, so a chatty child cannot block on a full pipe.
        let errorData = LockedData()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errorData.set(error.fileHandleForReading.readDataToEndOfFile())
            group.leave()
        }
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return ProcessOutput(
            status: process.terminationStatus,
            standardOutput: String(decoding: outputData, as: UTF8.self),
            standardError: String(decoding: errorData.get(), as: UTF8.self))
    }
}

private final class LockedData: @unchecked Sendable {
    private var data = Data()
    private let lock = NSLock()
    func set(_ value: Data) { lock.withLock { data = value } }
    func get() -> Data { lock.withLock { data } }
}
