#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#elseif os(Windows)
import Foundation
#endif

/// Runs a command with standard input, output and error passed through, for `xenv exec`.
public protocol CommandExecutor: Sendable {
    /// The command's exit code; 128 + the signal number when a signal ended it (POSIX).
    func execute(_ executable: String, _ arguments: [String], environment: [String: String]) throws(XenvError) -> Int32
}

/// Starts real processes.
public struct LocalCommandExecutor: CommandExecutor {
    public init() {}

    #if os(Windows)
    public func execute(_ executable: String, _ arguments: [String], environment: [String: String]) throws(XenvError) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        do {
            try process.run()
        } catch {
            throw .commandFailed(command: executable, reason: "\(error)")
        }
        process.waitUntilExit()
        return process.terminationStatus
    }
    #else
    public func execute(_ executable: String, _ arguments: [String], environment: [String: String]) throws(XenvError) -> Int32 {
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid = pid_t()
        let error = posix_spawn(&pid, executable, nil, nil, argv, envp)
        guard error == 0 else {
            throw .commandFailed(command: executable, reason: String(cString: strerror(error)))
        }
        // The terminal sends Ctrl-C to the whole foreground group: the command handles it, xenv waits.
        let previous = signal(SIGINT, SIG_IGN)
        defer { signal(SIGINT, previous) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { throw .commandFailed(command: executable, reason: String(cString: strerror(errno))) }
        }
        let terminatingSignal = status & 0x7F
        return terminatingSignal == 0 ? (status >> 8) & 0xFF : 128 + terminatingSignal
    }
    #endif  // os(Windows)
}
