import XenvCore
import XenvSystem

#if canImport(Glibc)
import Glibc
#endif

// The only place that touches the real process: arguments, environment, working directory, output, exit.
let system = NativeCalls()
let processEnvironment = system.processEnvironment()

/// The parent process's program name, for `--shell` detection; Linux tells it in /proc, elsewhere it stays unknown.
func parentProgram() -> String? {
    #if os(Linux)
    return system.read("/proc/\(getppid())/comm").map { String(decoding: $0, as: UTF8.self).trimmingWhitespace }
    #else
    return nil
    #endif
}

let result: CommandResult
do {
    let catalog = try TargetCatalog.embedded()
    result = CommandRunner.run(
        arguments: Array(CommandLine.arguments.dropFirst()),
        process: ProcessFacts(
            environment: processEnvironment, parentProgram: parentProgram(), delimiter: GitHubActions.randomDelimiter,
            tables: CommandLineTables(catalog: catalog), progress: { system.write(2, Array($0.utf8)) },
            progressIsTerminal: system.isTerminal(2))
    ) { () throws(XenvError) -> PlanningContext in
        let executable = system.executablePath() ?? CommandLine.arguments[0]
        return try PlanningContext.forProcess(
            environment: processEnvironment.values, executableDirectory: PathStyle.native.parent(executable),
            workingDirectory: system.currentDirectory() ?? ".", native: system, catalog: catalog)
    }
} catch {
    result = CommandResult(standardError: "xenv: error: \(error)\n", exitCode: error.exitCode)
}
system.write(1, Array(result.standardOutput.utf8))
system.write(2, Array(result.standardError.utf8))
system.exit(result.exitCode)
