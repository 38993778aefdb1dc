import Foundation
import XenvCore

// The only place that touches the real process: arguments, environment, working directory, output, exit.
let processEnvironment = ProcessInfo.processInfo.environment

/// The parent process's program name, for `--shell` detection; Linux tells it in /proc, elsewhere it stays unknown.
func parentProgram() -> String? {
    #if os(Linux)
    let comm = try? String(contentsOfFile: "/proc/\(getppid())/comm", encoding: .utf8)
    return comm?.trimmingCharacters(in: .whitespacesAndNewlines)
    #else
    return nil
    #endif
}

let result = CommandRunner.run(
    arguments: Array(CommandLine.arguments.dropFirst()),
    process: ProcessFacts(
        environment: Environment(processEnvironment, caseInsensitiveNames: Host.current.os == .windows),
        parentProgram: parentProgram())
) { () throws(XenvError) -> PlanningContext in
    let executable = (Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0]))
        .resolvingSymlinksInPath()
    return try PlanningContext.forProcess(
        environment: processEnvironment, executableDirectory: executable.deletingLastPathComponent().path,
        workingDirectory: FileManager.default.currentDirectoryPath, catalog: try TargetCatalog.embedded())
}
FileHandle.standardOutput.write(Data(result.standardOutput.utf8))
FileHandle.standardError.write(Data(result.standardError.utf8))
exit(result.exitCode)
