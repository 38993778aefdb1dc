/// Starts programs. Resolvers take one as a parameter, so tests answer with fixtures.
public protocol ProcessRunner: Sendable {
    /// Runs `executable` with its output captured and no input; `environment` nil means the environment the
    /// runner was made with (this process's own).
    func run(
        _ executable: String, _ arguments: [String], environment: Environment?
    ) throws(SystemError) -> ProcessResult
    /// Runs `executable` with the standard streams passed through, for `xenv exec` and the shim. Ctrl-C
    /// reaches the program; this process waits for it and reports how it ended.
    func execute(
        _ executable: String, _ arguments: [String], environment: Environment
    ) throws(SystemError) -> TerminationStatus
}

extension ProcessRunner {
    public func run(_ executable: String, _ arguments: [String]) throws(SystemError) -> ProcessResult {
        try run(executable, arguments, environment: nil)
    }
}

#if !os(Windows)
/// Programs on Linux and macOS: `posix_spawn` with argv as given.
public struct PosixProcessRunner: ProcessRunner {
    let calls: PosixCalls
    let environment: Environment

    public init(calls: PosixCalls = PosixCalls(), environment: Environment) {
        self.calls = calls
        self.environment = environment
    }

    public func run(
        _ executable: String, _ arguments: [String], environment: Environment?
    ) throws(SystemError) -> ProcessResult {
        try calls.runProcess(
            executable, arguments: [executable] + arguments,
            environment: (environment ?? self.environment).posixEntries,
            captureOutput: true)
    }

    public func execute(
        _ executable: String, _ arguments: [String], environment: Environment
    ) throws(SystemError) -> TerminationStatus {
        try calls.runProcess(
            executable, arguments: [executable] + arguments, environment: environment.posixEntries, captureOutput: false
        ).status
    }
}
#endif  // !os(Windows)

/// Programs on a Windows host, real or simulated: the arguments become one command line by the C runtime's
/// quoting rules (empty arguments kept), the environment one block with each name once (so exactly one `Path`)
/// sorted as CreateProcess requires; the calls start the program. Exit codes keep all 32 bits.
public struct WindowsProcessRunner: ProcessRunner {
    let calls: any WindowsCalls
    let environment: Environment

    public init(calls: any WindowsCalls, environment: Environment) {
        self.calls = calls
        self.environment = environment
    }

    public func run(
        _ executable: String, _ arguments: [String], environment: Environment?
    ) throws(SystemError) -> ProcessResult {
        try start(executable, arguments, environment: environment ?? self.environment, captureOutput: true)
    }

    public func execute(
        _ executable: String, _ arguments: [String], environment: Environment
    ) throws(SystemError) -> TerminationStatus {
        try start(executable, arguments, environment: environment, captureOutput: false).status
    }

    func start(
        _ executable: String, _ arguments: [String], environment: Environment, captureOutput: Bool
    )
        throws(SystemError) -> ProcessResult
    {
        let lowered = executable.lowercased()
        if lowered.hasSuffix(".bat") || lowered.hasSuffix(".cmd") {
            // CreateProcess would run it through cmd.exe, which reads `%`, `^`, `&` and quotes by rules of its
            // own: the arguments would not arrive as given.
            throw SystemError(
                operation: "CreateProcessW", path: executable, code: 193,
                message: "it is a batch file, which Windows runs through cmd.exe with other quoting rules; run "
                    + "`cmd /d /c \(WindowsPath.lastComponent(executable)) ...` instead")
        }
        if ([executable] + arguments).contains(where: { $0.unicodeScalars.contains("\u{0}") }) {
            throw SystemError(
                operation: "CreateProcessW", path: executable, code: 87,
                message: "an argument holds a NUL character, which a Windows command line cannot carry")
        }
        // A copy keyed without regard to case, whatever the caller built.
        let windowsEnvironment =
            environment.caseInsensitiveNames
            ? environment : Environment(environment.values, caseInsensitiveNames: true)
        return try calls.runProcess(
            application: WindowsPath.canonical(executable),
            commandLine: WindowsCommandLine.commandLine(program: executable, arguments: arguments),
            environment: windowsEnvironment.windowsBlock, captureOutput: captureOutput)
    }
}
