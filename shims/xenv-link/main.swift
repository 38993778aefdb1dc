// xenv-link: the linker compatibility shim that xenv installs as cargo's linker for a Windows MSVC target.
// It reads `xenv-link.conf` next to itself, applies the target's rules to its arguments and @files, and
// runs the real linker. It imports no Foundation: it runs once per link and must start fast.
import XenvShimCore

func fail(_ message: String) -> Never {
    SystemIO.writeError("xenv-link: \(message)\n")
    SystemIO.exit(1)
}

let configPath = ShimConfig.sidecarPath(forExecutable: SystemIO.executablePath())
guard let configBytes = SystemIO.readFile(configPath) else {
    fail("cannot read its config \(configPath); run `xenv setup` again to reinstall the shim")
}
let config: ShimConfig
do {
    config = try ShimConfig(parsing: String(decoding: configBytes, as: UTF8.self))
} catch {
    fail("\(configPath): \(error); run `xenv setup` again to rewrite it")
}

var store = SystemResponseFileStore()
let invocation: LinkerInvocation
do {
    invocation = try LinkerInvocation(
        rewriting: Array(CommandLine.arguments.dropFirst()), config: config, store: &store)
} catch {
    fail("cannot write a rewritten response file: \(error)")
}

var environment = SystemIO.environment()
environment.appendListEntries(config.libraryDirectories, to: "LIB", separator: ";")
for name in ["LINK", "_LINK_"] {
    if let value = environment[name], let filtered = LinkerInvocation.filterEnvironmentValue(value, config: config) {
        environment[name] = filtered
    }
}

let argv = [config.linker] + invocation.arguments
if invocation.temporaryFiles.isEmpty && SystemIO.canReplaceProcess {
    // Nothing to clean up afterwards: become the linker, so exit codes and signals pass through untouched.
    let error = SystemIO.replaceProcess(config.linker, argv, environment.entries)
    fail("cannot run the linker \(config.linker): \(SystemIO.describe(error)); run `xenv setup` again")
}
let status = SystemIO.spawnAndWait(config.linker, argv, environment.entries)
for file in invocation.temporaryFiles { SystemIO.removeFile(file) }
switch status {
case .exited(let code): SystemIO.exit(code)
case .signaled(let signal): SystemIO.exit(128 + signal)
case .failedToStart(let error):
    fail("cannot run the linker \(config.linker): \(SystemIO.describe(error)); run `xenv setup` again")
}
