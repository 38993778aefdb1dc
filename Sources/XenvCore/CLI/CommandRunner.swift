import XenvFetch
import XenvSystem

/// What a command produced: the library never prints or exits, `main` does.
public struct CommandResult: Equatable, Sendable {
    public var standardOutput: String
    public var standardError: String
    public var exitCode: Int32

    public init(standardOutput: String = "", standardError: String = "", exitCode: Int32 = 0) {
        self.standardOutput = standardOutput
        self.standardError = standardError
        self.exitCode = exitCode
    }
}

/// The facts of the running process that a command needs besides its planning context.
public struct ProcessFacts {
    /// The process environment, read here to detect the CI system.
    public var environment: Environment
    /// The program that started xenv (its parent), for `--shell` detection; nil when unknown.
    public var parentProgram: String?
    /// Fresh `$GITHUB_ENV` delimiters.
    public var delimiter: GitHubActions.DelimiterSource
    /// The targets and shells the command line knows (the same catalog as the planning context's).
    public var tables: CommandLineTables
    /// Where progress goes while a long command runs (`sysroot fetch`): standard error, written at once.
    public var progress: @Sendable (String) -> Void
    /// Whether that is a terminal, where a line is redrawn in place; else one line a package (CI logs).
    public var progressIsTerminal: Bool

    public init(
        environment: Environment, parentProgram: String? = nil, delimiter: @escaping GitHubActions.DelimiterSource,
        tables: CommandLineTables, progress: @escaping @Sendable (String) -> Void = { _ in },
        progressIsTerminal: Bool = false
    ) {
        self.environment = environment
        self.parentProgram = parentProgram
        self.delimiter = delimiter
        self.tables = tables
        self.progress = progress
        self.progressIsTerminal = progressIsTerminal
    }
}

/// Runs a command line: parse, plan, decide the work (every command in `Commands/`), apply it, follow up.
/// Nothing is written before every part of the work is decided.
public enum CommandRunner {
    public static func run(
        arguments: [String], process: ProcessFacts, context: () throws(XenvError) -> PlanningContext
    ) -> CommandResult {
        var notes: [String] = []
        var verbose = false
        // Only setup talks to the CI: the output of env is eval'ed, and exec's belongs to its command.
        var ci: CISystem? = arguments.first == "setup" ? CISystem.detect(process.environment) : nil
        do {
            let invocation = try Invocation(parsing: arguments, shells: process.tables.shells)
            verbose = invocation.verbose
            switch invocation.action {
            case .help(let command):
                return CommandResult(
                    standardOutput: command.map { Help.text(for: $0, process.tables) } ?? Help.text(process.tables))
            case .version:
                return CommandResult(standardOutput: Help.version + "\n")
            case .completions(let shell):
                return CommandResult(standardOutput: CompletionScripts.script(for: shell, tables: process.tables))
            case .removeCargoConfig(let path):
                return try SetupCommand.removeCargoConfig(path, context: try context())
            case .run(let command):
                if command == .setup { ci = CISystem.choose(invocation.ci, environment: process.environment) }
                var input = CommandInput(
                    invocation: invocation, context: try context(), process: process, ci: command == .setup ? ci : nil)
                defer { notes = input.notes }
                let work = try command.implementation.work(&input)
                return try carryOut(work, input: input)
            }
        } catch {
            let explained = verbose ? notes.map { "xenv: \($0)\n" }.joined() : ""
            return CommandResult(
                standardOutput: ci?.errorLine("xenv: \(error)") ?? "",
                standardError: explained + "xenv: error: \(error)\n", exitCode: error.exitCode)
        }
    }

    /// Applies the work's effects, then runs its follow-up.
    private static func carryOut(_ work: CommandWork, input: CommandInput) throws(XenvError) -> CommandResult {
        let invocation = input.invocation, context = input.context
        let outcomes = try PlanApplier.apply(work.effects, in: context)
        var diagnostics = invocation.quiet ? "" : work.warnings.map { "xenv: warning: \($0)\n" }.joined()
        if invocation.verbose {
            diagnostics += input.notes.map { "xenv: \($0)\n" }.joined()
            diagnostics += outcomes.map { "xenv: \($0.outcome == .written ? "wrote" : "unchanged") \($0.path)\n" }
                .joined()
        }
        var output = work.output
        switch work.followUp {
        case .verify(let plan, let directory):
            let steps = EnvironmentVerifier(context: context, workDirectory: directory).verify(plan)
            let report = EnvironmentVerifier.report(steps)
            if let failure = EnvironmentVerifier.failure(steps) {
                return CommandResult(
                    standardOutput: output + report + (input.ci?.errorLine("xenv: \(failure)") ?? ""),
                    standardError: diagnostics + "xenv: error: \(failure)\n", exitCode: failure.exitCode)
            }
            if !invocation.quiet { output += report }
        case .execute(let program, let arguments, let environment):
            let status: TerminationStatus
            do {
                status = try context.processRunner.execute(program, arguments, environment: environment)
            } catch {
                throw .commandFailed(command: program, reason: "\(error)")
            }
            return CommandResult(standardError: diagnostics, exitCode: status.code)
        case .fetchSysroot(let request, let curl):
            guard let fileSystem = context.fileSystem as? SystemFileSystem else {
                throw .fetchFailed("sysroot fetch needs a file system on disk")
            }
            let report = FetchReport(
                write: input.process.progress, quiet: input.invocation.quiet, terminal: input.process.progressIsTerminal
            )
            let fetcher = SysrootFetcher(
                fileSystem: fileSystem, runner: context.processRunner, curl: curl, progress: report.event)
            let result: FetchResult
            do throws(FetchError) {
                result = try fetcher.fetch(request)
            } catch {
                report.finish()
                throw .fetchFailed(error.description)
            }
            report.finish()
            output += SysrootCommand.summary(result)
        case nil:
            break
        }
        // Quiet means only errors: env's output is what it exists for; setup and doctor say nothing on success.
        if invocation.quiet && invocation.action != .run(.env) { output = "" }
        return CommandResult(standardOutput: output, standardError: diagnostics)
    }
}
