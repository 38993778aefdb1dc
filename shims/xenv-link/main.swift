// xenv-link: the linker compatibility shim that xenv installs as cargo's linker for a Windows MSVC target.
// It reads `xenv-link.conf` next to itself, applies the target's rules to its arguments and @files, and
// runs the real linker. It imports no Foundation: it runs once per link and must start fast.
import XenvShimCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

#if os(Windows)
// Windows hosts come with xenv part 2 (process creation with Windows quoting, no exec).
fatalError("xenv-link: Windows hosts are not supported yet")
#else

func fail(_ message: String) -> Never {
    let line = "xenv-link: \(message)\n"
    _ = line.withCString { write(2, $0, strlen($0)) }
    exit(1)
}

let configPath = ShimConfig.sidecarPath(forExecutable: PosixIO.executablePath())
guard let configBytes = PosixIO.readFile(configPath) else {
    fail("cannot read its config \(configPath); run `xenv setup` again to reinstall the shim")
}
let config: ShimConfig
do {
    config = try ShimConfig(parsing: String(decoding: configBytes, as: UTF8.self))
} catch {
    fail("\(configPath): \(error); run `xenv setup` again to rewrite it")
}

var store = PosixResponseFileStore()
let invocation: LinkerInvocation
do {
    invocation = try LinkerInvocation(
        rewriting: Array(CommandLine.arguments.dropFirst()), config: config, store: &store)
} catch {
    fail("cannot write a rewritten response file: \(error)")
}

var environment = PosixIO.environment()
environment.appendListEntries(config.libraryDirectories, to: "LIB", separator: ";")
for name in ["LINK", "_LINK_"] {
    if let value = environment[name], let filtered = LinkerInvocation.filterEnvironmentValue(value, config: config) {
        environment[name] = filtered
    }
}

let argv = [config.linker] + invocation.arguments
if invocation.temporaryFiles.isEmpty {
    // Nothing to clean up afterwards: become the linker, so exit codes and signals pass through untouched.
    PosixIO.exec(config.linker, argv, environment.entries)
    fail("cannot run the linker \(config.linker): \(String(cString: strerror(errno))); run `xenv setup` again")
}
let status = PosixIO.spawnAndWait(config.linker, argv, environment.entries)
for file in invocation.temporaryFiles { unlink(file) }
switch status {
case .exited(let code): exit(code)
case .signaled(let signal): exit(128 + signal)
case .failedToStart(let error):
    fail("cannot run the linker \(config.linker): \(String(cString: strerror(error))); run `xenv setup` again")
}
#endif  // os(Windows)
