/// A failed system call: what was tried, on which path, and the system's own words for why.
public struct SystemError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The call, e.g. `rename` or `CreateProcessW`.
    public var operation: String
    public var path: String
    /// `errno` on POSIX, `GetLastError()` on Windows.
    public var code: Int32
    /// `strerror` or `FormatMessageW` text.
    public var message: String

    public init(operation: String, path: String, code: Int32, message: String) {
        self.operation = operation
        self.path = path
        self.code = code
        self.message = message
    }

    /// The reason alone: callers name the file themselves.
    public var description: String { message }
}

/// How a process ended. Windows has only exit codes, 32 bits wide (`0xC0000005` for an access violation is
/// `.exited(Int32(bitPattern: 0xC0000005))`); POSIX also ends processes by signal.
public enum TerminationStatus: Equatable, Sendable {
    case exited(Int32)
    case signaled(Int32)

    /// The code a shell reports: the exit code, or 128 + the signal.
    public var code: Int32 {
        switch self {
        case .exited(let code): code
        case .signaled(let signal): 128 + signal
        }
    }
}

/// A finished process and what it wrote, when its output was captured.
public struct ProcessResult: Equatable, Sendable {
    public var status: TerminationStatus
    public var standardOutput: [UInt8]
    public var standardError: [UInt8]

    public init(status: TerminationStatus, standardOutput: [UInt8] = [], standardError: [UInt8] = []) {
        self.status = status
        self.standardOutput = standardOutput
        self.standardError = standardError
    }
}

/// A token for temporary names: the process id and 64 random bits, so concurrent writers (other processes,
/// or threads of this one) never pick the same name.
public func uniqueToken(processIdentifier: Int32) -> String {
    "\(processIdentifier).\(String(UInt64.random(in: .min ... .max), radix: 16))"
}
