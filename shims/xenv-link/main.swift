// xenv-link: the linker compatibility shim that xenv installs as cargo's linker for a Windows MSVC target.
// It reads `xenv-link.conf` next to itself, applies the target's rules to its arguments and @files, and
// runs the real linker. It imports no Foundation: it runs once per link and must start fast.
import XenvShimCore
import XenvSystem

let system = NativeCalls()

func fail(_ message: String) -> Never {
    system.write(2, Array("xenv-link: \(message)\n".utf8))
    system.exit(1)
}

let configPath = ShimConfig.sidecarPath(forExecutable: system.executablePath() ?? CommandLine.arguments[0])
guard let configBytes = system.read(configPath) else {
    fail("cannot read its config \(configPath); run `xenv setup` again to reinstall the shim")
}
let config: ShimConfig
do {
    config = try ShimConfig(parsing: String(decoding: configBytes, as: UTF8.self))
} catch {
    fail("\(configPath): \(error); run `xenv setup` again to rewrite it")
}

var store = SystemResponseFileStore(calls: system)
let invocation: LinkerInvocation
do {
    invocation = try LinkerInvocation(
        rewriting: Array(CommandLine.arguments.dropFirst()), config: config, store: &store)
} catch {
    fail("cannot write a rewritten response file: \(error)")
}

var environment = system.processEnvironment()
environment.appendListEntries(config.libraryDirectories, to: "LIB", separator: ";")
for name in ["LINK", "_LINK_"] {
    if let value = environment[name], let filtered = LinkerInvocation.filterEnvironmentValue(value, config: config) {
        environment[name] = filtered
    }
}

#if os(Windows)
// Windows cannot replace a process: the shim waits for the linker and passes its exit code on, all 32 bits.
let runner = WindowsProcessRunner(calls: system, environment: environment)
#else
if invocation.temporaryFiles.isEmpty {
    // Nothing to clean up afterwards: become the linker, so exit codes and signals pass through untouched.
    let error = system.replaceProcess(
        config.linker, arguments: [config.linker] + invocation.arguments, environment: environment.posixEntries)
    fail("cannot run the linker \(config.linker): \(error); run `xenv setup` again")
}
let runner = PosixProcessRunner(calls: system, environment: environment)
#endif  // os(Windows)
let status: TerminationStatus
do {
    status = try runner.execute(config.linker, invocation.arguments, environment: environment)
} catch {
    for file in invocation.temporaryFiles { store.remove(file) }
    fail("cannot run the linker \(config.linker): \(error); run `xenv setup` again")
}
for file in invocation.temporaryFiles { store.remove(file) }
system.exit(status.code)
