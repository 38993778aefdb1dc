import Foundation
import XenvCore

// The only place that touches the real process: arguments, environment, working directory, output, exit.
let arguments = Array(CommandLine.arguments.dropFirst())
let result = CommandRunner.run(arguments: arguments) { () throws(XenvError) -> PlanningContext in
    let executable = (Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0]))
        .resolvingSymlinksInPath()
    return PlanningContext(
        host: .current,
        environment: Environment(ProcessInfo.processInfo.environment, caseInsensitiveNames: Host.current.os == .windows),
        fileSystem: LocalFileSystem(),
        processRunner: LocalProcessRunner(),
        workingDirectory: FileManager.default.currentDirectoryPath,
        shimSource: executable.deletingLastPathComponent().appendingPathComponent("xenv-link").path,
        catalog: try TargetCatalog.embedded())
}
FileHandle.standardOutput.write(Data(result.standardOutput.utf8))
FileHandle.standardError.write(Data(result.standardError.utf8))
exit(result.exitCode)
