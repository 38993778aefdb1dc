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

/// Runs a parsed command against a planning context.
public enum CommandRunner {
    /// - Parameters:
    ///   - environment: the process environment, read here only to tell whether this is a GitHub Actions job.
    ///   - delimiter: fresh `$GITHUB_ENV` delimiters.
    public static func run(
        arguments: [String], environment: Environment = Environment([:]),
        delimiter: @escaping GitHubActions.DelimiterSource = GitHubActions.randomDelimiter,
        context: () throws(XenvError) -> PlanningContext
    ) -> CommandResult {
        let inGitHubActions = environment[.githubActions] == "true"
        var notes: [String] = []
        var verbose = false
        do {
            let invocation = try Invocation(parsing: arguments)
            verbose = invocation.verbose
            switch invocation.action {
            case .help: return CommandResult(standardOutput: Messages.help + "\n")
            case .version: return CommandResult(standardOutput: Messages.version + "\n")
            case .run(let command):
                let context = try context()
                let plan = try Planner.plan(invocation.request, in: context, notes: &notes)
                // Everything that can fail before a write is done before the first one.
                let github = command == .setup && inGitHubActions
                    ? try GitHubActions.files(for: plan, delimiter: delimiter) : nil
                let outcomes = try PlanApplier.apply(plan.files, to: context.fileSystem, sourceFileSystem: context.hostFileSystem)
                var diagnostics = plan.warnings.map { "xenv: warning: \($0)\n" }.joined()
                if verbose {
                    diagnostics += notes.map { "xenv: \($0)\n" }.joined()
                    diagnostics += outcomes.map { "xenv: \($0.outcome == .written ? "wrote" : "unchanged") \($0.path)\n" }.joined()
                }
                if let github {
                    try appendGitHubFiles(github, environment: environment, fileSystem: context.hostFileSystem)
                }
                switch command {
                case .env:
                    return CommandResult(
                        standardOutput: invocation.shell.renderer.render(plan.environment), standardError: diagnostics)
                case .setup:
                    return CommandResult(standardOutput: SetupSummary.render(plan, request: invocation.request), standardError: diagnostics)
                }
            }
        } catch {
            let explained = verbose ? notes.map { "xenv: \($0)\n" }.joined() : ""
            return CommandResult(
                standardOutput: inGitHubActions ? GitHubActions.errorCommand("xenv: \(error)") : "",
                standardError: explained + "xenv: error: \(error)\n", exitCode: error.exitCode)
        }
    }

    /// Appends to the files the runner named; a missing name means the runner does not want that file.
    static func appendGitHubFiles(_ files: GitHubActions.Files, environment: Environment, fileSystem: FileSystem)
        throws(XenvError)
    {
        for (variable, text) in [
            (EnvironmentVariable.githubEnv, files.environment), (.githubPath, files.path), (.githubStepSummary, files.summary),
        ] {
            guard let path = environment.nonEmpty(variable), !text.isEmpty else { continue }
            do {
                try fileSystem.appendToFile(path, bytes: Array(text.utf8))
            } catch {
                throw .writeFailed(path: path, reason: "\(error)")
            }
        }
    }
}
