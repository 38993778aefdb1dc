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

    public init(
        environment: Environment = Environment([:]), parentProgram: String? = nil,
        delimiter: @escaping GitHubActions.DelimiterSource = GitHubActions.randomDelimiter
    ) {
        self.environment = environment
        self.parentProgram = parentProgram
        self.delimiter = delimiter
    }
}

/// Runs a parsed command against a planning context.
public enum CommandRunner {
    public static func run(
        arguments: [String], environment: Environment = Environment([:]),
        delimiter: @escaping GitHubActions.DelimiterSource = GitHubActions.randomDelimiter,
        context: () throws(XenvError) -> PlanningContext
    ) -> CommandResult {
        run(arguments: arguments, process: ProcessFacts(environment: environment, delimiter: delimiter), context: context)
    }

    public static func run(
        arguments: [String], process: ProcessFacts, context: () throws(XenvError) -> PlanningContext
    ) -> CommandResult {
        var notes: [String] = []
        var verbose = false
        // Only setup talks to the CI: the output of env is eval'ed, and exec's belongs to its command.
        var ci: CISystem? = arguments.first == "setup" ? CISystem.detect(process.environment) : nil
        do {
            let invocation = try Invocation(parsing: arguments)
            verbose = invocation.verbose
            if case .run(.setup) = invocation.action { ci = CISystem.choose(invocation.ci, environment: process.environment) }
            switch invocation.action {
            case .help(let command): return CommandResult(standardOutput: Messages.help(for: command))
            case .version: return CommandResult(standardOutput: Messages.version + "\n")
            case .completions(let shell):
                return CommandResult(standardOutput: CompletionScripts.script(for: shell, catalog: try context().catalog))
            case .removeCargoConfig(let path):
                let context = try context()
                return try removeCargoConfig(path, context: context)
            case .run(.inspect):
                let context = try context()
                let targets = invocation.request.target.isEmpty ? [] : [try context.catalog.descriptor(named: invocation.request.target)]
                let report = Inspector.inspect(invocation.request, targets: targets, in: context)
                return CommandResult(standardOutput: invocation.json ? InspectRenderer.json(report) : InspectRenderer.text(report))
            case .run(let command):
                let context = try context()
                return try run(command, invocation: invocation, context: context, process: process, ci: ci, notes: &notes)
            }
        } catch {
            let explained = verbose ? notes.map { "xenv: \($0)\n" }.joined() : ""
            return CommandResult(
                standardOutput: ci?.errorLine("xenv: \(error)") ?? "",
                standardError: explained + "xenv: error: \(error)\n", exitCode: error.exitCode)
        }
    }

    private static func run(
        _ command: Invocation.Command, invocation: Invocation, context: PlanningContext, process: ProcessFacts,
        ci: CISystem?, notes: inout [String]
    ) throws(XenvError) -> CommandResult {
        let plan = try Planner.plan(invocation.request, in: context, notes: &notes)
        let paths = HostPaths(context: context)
        let shellContext = ShellContext(
            listSeparator: context.host.os == .windows ? ";" : ":",
            msys: context.host.os == .windows && context.environment.nonEmpty(.msystem) != nil)
        let shell = invocation.shell ?? ShellKind.detect(parentProgram: process.parentProgram)

        // Everything that can fail is computed before the first write.
        var files = plan.files
        var output = ""
        var appends: [(path: String, text: String)] = []
        switch command {
        case .env:
            let rendered = try shell.renderer.render(plan.environment, context: shellContext)
            if shell == .cmd {
                let script = paths.join(plan.targetDirectory, "env.cmd")
                files.append(PlannedFile(path: script, contents: .bytes(Array(rendered.utf8))))
                output = "call \"\(script)\"\n"
            } else {
                output = rendered
            }
        case .setup:
            if let cargoConfig = invocation.cargoConfig {
                let path = try paths.absolute(cargoConfig, what: "--cargo-config")
                let existing = context.fileSystem.readFile(path).map { String(decoding: $0, as: UTF8.self) } ?? ""
                let merged = try CargoConfigMerge.merge(
                    existing, triple: plan.target.triple, linker: plan.shimPath ?? plan.tools.linker.path,
                    force: invocation.force, file: path)
                files.append(PlannedFile(path: path, contents: .bytes(Array(merged.utf8))))
            }
            switch ci {
            case .github:
                let github = try GitHubActions.files(for: plan, delimiter: process.delimiter)
                for (variable, text) in [
                    (EnvironmentVariable.githubEnv, github.environment), (.githubPath, github.path), (.githubOutput, github.outputs),
                    (.githubStepSummary, github.summary),
                ] {
                    guard let path = context.environment.nonEmpty(variable), !text.isEmpty else { continue }
                    appends.append((try paths.absoluteRequired(path, what: "$" + variable.rawValue), text))
                }
                output += "::group::xenv: how each choice was made\n" + notes.map { $0 + "\n" }.joined() + "::endgroup::\n"
            case .azure:
                output += AzurePipelines.commands(for: plan)
            case .gitlab:
                if let dotenv = invocation.dotenv {
                    files.append(PlannedFile(
                        path: try paths.absolute(dotenv, what: "--dotenv"), contents: .bytes(Array(try GitLabDotenv.render(plan).utf8))))
                }
            case nil:
                break
            }
            if invocation.printCMake {
                guard let toolchain = plan.cmakeToolchain else {
                    throw .usage("no CMake toolchain file: it needs clang-cl on a Linux or macOS host")
                }
                output += toolchain + "\n"
            } else {
                output += SetupSummary.render(plan, request: invocation.request)
            }
        case .doctor, .inspect, .exec:
            break
        }
        var execProgram: (path: String, environment: Environment)?
        if command == .exec {
            let environment = applied(plan.environment, to: context.environment)
            execProgram = (try resolveCommand(invocation.command[0], environment: environment, context: context), environment)
        }
        if invocation.verify && context.isSimulated {
            throw .usage("--verify and doctor run the linker, which a simulated Windows host cannot")
        }

        let outcomes = try PlanApplier.apply(files, to: context.fileSystem, sourceFileSystem: context.installationFileSystem)
        for append in appends {
            do {
                try context.fileSystem.appendToFile(append.path, bytes: Array(append.text.utf8))
            } catch {
                throw .writeFailed(path: append.path, reason: "\(error)")
            }
        }
        var diagnostics = invocation.quiet ? "" : plan.warnings.map { "xenv: warning: \($0)\n" }.joined()
        if invocation.verbose {
            diagnostics += notes.map { "xenv: \($0)\n" }.joined()
            diagnostics += outcomes.map { "xenv: \($0.outcome == .written ? "wrote" : "unchanged") \($0.path)\n" }.joined()
        }

        if invocation.verify {
            let steps = EnvironmentVerifier(context: context, workDirectory: paths.join(plan.targetDirectory, "verify")).verify(plan)
            let report = EnvironmentVerifier.report(steps)
            if let failure = EnvironmentVerifier.failure(steps) {
                return CommandResult(
                    standardOutput: output + report + (ci?.errorLine("xenv: \(failure)") ?? ""),
                    standardError: diagnostics + "xenv: error: \(failure)\n", exitCode: failure.exitCode)
            }
            if !invocation.quiet { output += report }
        }
        if invocation.quiet && command != .env {
            // Only errors: env's output is what it exists for; setup and doctor say nothing on success.
            output = ""
        }
        if let execProgram {
            let status: TerminationStatus
            do {
                status = try context.processRunner.execute(
                    execProgram.path, Array(invocation.command.dropFirst()), environment: execProgram.environment)
            } catch {
                throw .commandFailed(command: execProgram.path, reason: "\(error)")
            }
            return CommandResult(standardError: diagnostics, exitCode: status.code)
        }
        return CommandResult(standardOutput: output, standardError: diagnostics)
    }

    /// `environment` with the plan's variables set. On Windows a name replaces every spelling of it, so `PATH`
    /// replaces `Path` and a child gets one PATH.
    static func applied(_ assignments: [EnvironmentAssignment], to environment: Environment) -> Environment {
        var result = environment
        for assignment in assignments { result[assignment.name] = assignment.value }
        return result
    }

    /// A command given by path, or found on the PATH it will run with (with PATHEXT on Windows).
    static func resolveCommand(_ name: String, environment: Environment, context: PlanningContext) throws(XenvError) -> String {
        let search = ExecutableSearch(fileSystem: context.fileSystem, environment: environment, workingDirectory: context.workingDirectory)
        guard let path = search.find(name) else {
            throw .commandNotFound(name, searched: search.searchPath.joined(separator: context.host.pathStyle.listSeparator))
        }
        return path
    }

    private static func removeCargoConfig(_ path: String, context: PlanningContext) throws(XenvError) -> CommandResult {
        let path = try HostPaths(context: context).absolute(path, what: "--remove-cargo-config")
        guard let bytes = context.fileSystem.readFile(path) else {
            throw .invalidPath(what: "--remove-cargo-config", path: path, reason: "there is no such file")
        }
        let existing = String(decoding: bytes, as: UTF8.self)
        let removed = CargoConfigMerge.remove(existing, file: path)
        let outcomes = try PlanApplier.apply([PlannedFile(path: path, contents: .bytes(Array(removed.utf8)))], to: context.fileSystem)
        let what = outcomes.first?.outcome == .written ? "removed xenv's block from" : "no xenv block in"
        return CommandResult(standardOutput: "xenv: \(what) \(path)\n")
    }
}
