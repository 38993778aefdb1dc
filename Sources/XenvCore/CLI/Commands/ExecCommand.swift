import XenvSystem

/// `xenv exec`: runs a command inside the environment, without a shell, and exits with its status.
enum ExecCommand: XenvCommand {
    static let usage = ["xenv exec  --target T [options] [-v] -- COMMAND [ARGUMENTS...]"]
    static let summary = """
        Run COMMAND with the environment applied, without a shell; exits with its exit code
        (128 + the signal on POSIX), e.g. xenv exec --target arm64 -- cargo nextest archive ...
        """

    static func work(_ input: inout CommandInput) throws(XenvError) -> CommandWork {
        let plan = try input.plan()
        let environment = input.context.environment.applying(plan.environment)
        let command = input.invocation.command
        return CommandWork(
            effects: Effects(writes: plan.files),
            followUp: .execute(
                program: try resolve(command[0], environment: environment, context: input.context),
                arguments: Array(command.dropFirst()), environment: environment),
            warnings: plan.warnings)
    }

    /// A command given by path, or found on the PATH it will run with (with PATHEXT on Windows).
    static func resolve(_ name: String, environment: Environment, context: PlanningContext) throws(XenvError) -> String
    {
        let search = ExecutableSearch(
            fileSystem: context.fileSystem, environment: environment, workingDirectory: context.workingDirectory)
        guard let path = search.find(name) else {
            throw .commandNotFound(
                name, searched: search.searchPath.joined(separator: context.host.pathStyle.listSeparator))
        }
        return path
    }
}
