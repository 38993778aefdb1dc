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
    public static func run(arguments: [String], context: () throws(XenvError) -> PlanningContext) -> CommandResult {
        do {
            let invocation = try Invocation(parsing: arguments)
            switch invocation.action {
            case .help: return CommandResult(standardOutput: Messages.help + "\n")
            case .version: return CommandResult(standardOutput: Messages.version + "\n")
            case .run(let command):
                let context = try context()
                let plan = try Planner.plan(invocation.request, in: context)
                let outcomes = try PlanApplier.apply(plan.files, to: context.fileSystem)
                var diagnostics = plan.warnings.map { "xenv: warning: \($0)\n" }.joined()
                if invocation.verbose {
                    diagnostics += plan.notes.map { "xenv: \($0)\n" }.joined()
                    diagnostics += outcomes.map { "xenv: \($0.outcome == .written ? "wrote" : "unchanged") \($0.path)\n" }.joined()
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
            return CommandResult(standardError: "xenv: error: \(error)\n", exitCode: error.exitCode)
        }
    }
}
